"""Demo users for development: who the local Feide stand-in (registry.dev_oidc) lets you be.

Teachers and the student get their rights from the groups the provider reports, as with real
Feide. The county coordinator role is granted in the Django admin in real life; for the demo,
`load_demo_data` creates the coordinator's user, links it to the Feide subject and grants the
role, so logging in as that subject lands on that user.
"""

from dataclasses import dataclass

from django.db import transaction

STAFF = ["member", "employee", "faculty"]
STUDENT = ["member", "student"]


@dataclass(frozen=True)
class DemoUser:
    sub: str
    given_name: str
    family_name: str
    school: str  # the name in the demo data of the organisation they work at
    realm: str  # the Feide realm of the school owner
    affiliation: tuple[str, ...]
    coordinator_for: str = ""  # a county number

    @property
    def email(self) -> str:
        return f"{self.given_name}.{self.family_name}@{self.realm}".lower()


DEMO_USERS = [
    DemoUser(
        "laerer-meloy", "Kari", "Nordmann", "Meløy videregående skole", "nfk.no", tuple(STAFF)
    ),
    DemoUser(
        "laerer-strinda",
        "Ola",
        "Hansen",
        "Strinda videregående skole",
        "trondelagfylke.no",
        tuple(STAFF),
    ),
    DemoUser(
        "koordinator-trondelag",
        "Ingrid",
        "Berg",
        "Byåsen videregående skole",
        "trondelagfylke.no",
        ("member", "employee"),
        coordinator_for="50",
    ),
    # Staff of education organisations that are not schools: a county authority's education
    # office, a municipality's training office, a municipality as school owner, a university.
    DemoUser(
        "radgiver-telemark",
        "Silje",
        "Aasen",
        "Telemark fylkeskommune",
        "telemarkfylke.no",
        ("member", "employee"),
    ),
    DemoUser(
        "opplaering-trondheim",
        "Per",
        "Moen",
        "Trondheim kommune opplæringskontoret",
        "trondheim.kommune.no",
        ("member", "employee"),
    ),
    DemoUser(
        "skole-skien", "Hilde", "Lie", "Skien kommune", "skien.kommune.no", ("member", "employee")
    ),
    DemoUser(
        "ansatt-usn",
        "Magnus",
        "Eide",
        "Universitetet i Sørøst-Norge",
        "usn.no",
        ("member", "employee", "faculty"),
    ),
    DemoUser(
        "elev-strinda",
        "Emil",
        "Johansen",
        "Strinda videregående skole",
        "trondelagfylke.no",
        tuple(STUDENT),
    ),
]


def feide_org_groups(
    realm: str,
    owner_orgnr: str,
    unit_orgnrs: list[str],
    affiliation: list[str],
    names: dict[str, str] | None = None,
) -> list[dict]:
    """Groups as Feide's groups API reports an organisation and units the user belongs to."""
    owner = f"fc:org:{realm}"
    groups = [
        {
            "id": owner,
            "type": "fc:org",
            "displayName": (names or {}).get(owner_orgnr, realm),
            "membership": {
                "basic": "member",
                "affiliation": list(affiliation),
                "primaryAffiliation": affiliation[-1],
            },
            "norEduOrgNIN": f"NO{owner_orgnr}",
            "public": True,
        }
    ]
    for orgnr in unit_orgnrs:
        groups.append(
            {
                "id": f"{owner}:unit:NO{orgnr}",
                "type": "fc:org",
                "parent": owner,
                "displayName": (names or {}).get(orgnr, f"NO{orgnr}"),
                "membership": {"basic": "member", "primaryOrgUnit": True},
                "public": True,
            }
        )
    return groups


def demo_claims(user: DemoUser) -> dict:
    """The user's claims, groups included, with organisation numbers from the database."""
    from orgs.models import Organisation

    school = Organisation.objects.select_related("parent").filter(name=user.school).first()
    claims = {
        "name": f"{user.given_name} {user.family_name}",
        "given_name": user.given_name,
        "family_name": user.family_name,
        "email": user.email,
        "email_verified": True,
        "groups": [],
    }
    if school is not None:
        owner = school.parent or school
        claims["groups"] = feide_org_groups(
            user.realm,
            owner.orgnr,
            [school.orgnr],
            list(user.affiliation),
            names={owner.orgnr: owner.name, school.orgnr: school.name},
        )
    return claims


@transaction.atomic
def load_demo_users() -> int:
    """The demo coordinators: user, Feide link and role. Safe to run again; returns how many."""
    from allauth.socialaccount.models import SocialAccount

    from orgs.models import County
    from registry.models import CountyCoordinator, User

    count = 0
    for demo in DEMO_USERS:
        if not demo.coordinator_for:
            continue
        account = SocialAccount.objects.filter(provider="feide", uid=demo.sub).first()
        if account is None:
            user, _created = User.objects.get_or_create(
                username=demo.sub,
                defaults={
                    "first_name": demo.given_name,
                    "last_name": demo.family_name,
                    "email": demo.email,
                },
            )
            if user.has_usable_password():
                user.set_unusable_password()
                user.save(update_fields=["password"])
            account = SocialAccount.objects.create(provider="feide", uid=demo.sub, user=user)
        county = County.objects.get(number=demo.coordinator_for)
        CountyCoordinator.objects.get_or_create(user=account.user, county=county)
        count += 1
    return count
