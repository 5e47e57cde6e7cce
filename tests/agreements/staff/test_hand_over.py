"""Nothing is lost when someone leaves: an agreement whose responsible staff have all left (or
not logged in for months), or that has a party out of business, is listed on the responsible
party's "Mine avtaler" and on the county's paged list (which the county's overview counts and
links to), and handed over in one step."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Agreement, oslo_today
from demo.users import STAFF, feide_org_groups
from registry.models import StaffMembership
from tests.factories import AgreementFactory, CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

HOME = "/ansatt/"
COUNTY_LIST = "/ansatt/fylke/50/oppfolging/"
NEEDING = "Avtaler som trenger oppfølging"


def responsible(agreement, *users, logged_in=None):
    """Makes `users` the agreement's responsible staff, last logged in at `logged_in`."""
    agreement.responsible_staff.set(users)
    for user in users:
        user.last_login = logged_in or timezone.now()
        user.save(update_fields=["last_login"])


def needing_section(html) -> str:
    return html.split(NEEDING, 1)[1].split("</section>", 1)[0] if NEEDING in html else ""


@pytest.fixture
def colleague(world):
    """Another teacher at Strinda, who carries the agreement on."""
    return UserFactory(username="colleague", first_name="Kari", schools=[world.strinda])


def test_an_agreement_is_listed_once_its_responsible_teacher_has_left_by_feide(
    client, feide, world, colleague
):
    from allauth.socialaccount.models import SocialAccount

    teacher = world.strinda_teacher
    SocialAccount.objects.create(user=teacher, provider="feide", uid="strinda-teacher")
    responsible(world.agreement, teacher)
    world.agreement.save_after_relations()  # a history entry naming the teacher
    client.force_login(colleague)
    assert world.agreement.title not in needing_section(client.get(HOME).content.decode())
    client.logout()

    # At their next login Feide places the teacher at Byåsen: the Strinda membership ends.
    groups = feide_org_groups("trondelagfylke.no", "974544466", [world.byasen.orgnr], STAFF)
    feide.set_user("strinda-teacher", groups=groups, name="Ola Hansen")
    feide.login(client, "strinda-teacher")
    assert not StaffMembership.objects.filter(user=teacher, organisation=world.strinda).exists()
    client.logout()

    client.force_login(colleague)
    section = needing_section(client.get(HOME).content.decode())
    assert world.agreement.title in section
    assert "Ikke lenger der: Ola Hansen" in section
    client.force_login(world.coordinator_trondelag)
    assert world.agreement.title in needing_section(client.get(COUNTY_LIST).content.decode())
    overview = client.get("/ansatt/fylke/50/oversikt/").content.decode()
    assert "1 avtale i fylket har ingen hos den ansvarlige parten" in needing_section(overview)
    assert f'href="{COUNTY_LIST}"' in needing_section(overview)

    # The colleague hands it over to themself in one step, from the list.
    client.force_login(colleague)
    response = client.post(
        f"/ansatt/avtaler/{world.agreement.pk}/ansvarlig/",
        {"version": world.agreement.version, "user": colleague.pk, "next": HOME},
    )
    assert response.status_code == 302 and response.url == HOME
    assert list(world.agreement.responsible_staff.all()) == [colleague]
    assert world.agreement.title not in needing_section(client.get(HOME).content.decode())
    history = client.get(f"/ansatt/avtaler/{world.agreement.pk}/").context["history"]
    (change,) = [c for c in history[0].changes if c.label == "Ansvarlige ansatte"]
    assert (change.old, change.new) == ("Strinda_Teacher", "Kari")  # named as they were then
    assert history[0].who == colleague


def test_responsible_staff_who_have_not_logged_in_for_months_count_as_gone(
    client, world, colleague, settings
):
    settings.RESPONSIBLE_STAFF_INACTIVE_MONTHS = 6
    long_ago = timezone.now() - datetime.timedelta(days=200)
    responsible(world.agreement, world.strinda_teacher, logged_in=long_ago)
    assert Agreement.objects.needing_responsible_person().filter(pk=world.agreement.pk).exists()
    client.force_login(colleague)
    assert world.agreement.title in needing_section(client.get(HOME).content.decode())
    settings.RESPONSIBLE_STAFF_INACTIVE_MONTHS = 12
    assert not Agreement.objects.needing_responsible_person().filter(pk=world.agreement.pk)


def test_a_party_out_of_business_is_listed_with_the_reason(client, world, colleague):
    bankrupt = CompanyFactory(name="Konkurs AS", bankrupt=True)
    agreement = AgreementFactory(schools=[world.strinda], partners=[bankrupt])
    responsible(agreement, colleague)
    client.force_login(colleague)
    section = needing_section(client.get(HOME).content.decode())
    assert agreement.title in section and "Konkurs AS: konkurs" in section
    assert list(Agreement.objects.with_party_out_of_business()) == [agreement]


@pytest.mark.parametrize(
    ("register_facts", "shown"),
    [
        ({"deleted_on": datetime.date(2026, 3, 1)}, "slettet fra registeret (01.03.2026)"),
        ({"closed_on": datetime.date(2026, 4, 1)}, "nedlagt (01.04.2026)"),
        (
            {"being_wound_up": True, "being_wound_up_on": datetime.date(2026, 5, 2)},
            "under avvikling (02.05.2026)",
        ),
        ({"main_unit_ended": True}, "hovedenheten er opphørt"),
        (
            {"missing_from_register_on": datetime.date(2026, 6, 3)},
            "mangler i registeret (03.06.2026)",
        ),
    ],
)
def test_every_end_the_registers_report_lists_the_agreement(
    client, world, colleague, register_facts, shown
):
    """Organisation.END_FIELDS, whichever register brought the news (orgs/importers/)."""
    ended = CompanyFactory(name="Borte AS", active=False, **register_facts)
    agreement = AgreementFactory(schools=[world.strinda], partners=[ended])
    responsible(agreement, colleague)
    client.force_login(colleague)
    section = needing_section(client.get(HOME).content.decode())
    assert f"Borte AS: {shown}" in section
    assert list(Agreement.objects.with_party_out_of_business()) == [agreement]


def test_withdrawn_and_expired_agreements_need_nobody(world):
    today = oslo_today()
    withdrawn = AgreementFactory(status=Agreement.Status.WITHDRAWN, schools=[world.strinda])
    expired = AgreementFactory(
        schools=[world.strinda],
        valid_from=today - datetime.timedelta(days=400),
        valid_to=today - datetime.timedelta(days=1),
    )
    needing = Agreement.objects.needing_responsible_person(today)
    assert world.agreement in needing  # nobody is responsible for it
    assert withdrawn not in needing and expired not in needing


def test_a_hand_over_to_someone_at_another_organisation_is_refused(client, world, colleague):
    responsible(world.agreement, world.strinda_teacher)
    client.force_login(colleague)
    before = world.agreement.version
    response = client.post(
        f"/ansatt/avtaler/{world.agreement.pk}/ansvarlig/",
        {"version": world.agreement.version, "user": world.meloy_teacher.pk},
    )
    assert response.status_code == 400
    html = response.content.decode()
    error = html.split('id="id_user_error">', 1)[1].split("</p>", 1)[0]
    assert "Velg en person som jobber ved Strinda videregående skole" in error
    world.agreement.refresh_from_db()
    assert world.agreement.version == before
    assert list(world.agreement.responsible_staff.all()) == [world.strinda_teacher]


def test_staff_of_another_party_may_not_hand_it_over(client, world):
    client.force_login(world.training_office_staff)  # a party, not the responsible one
    url = f"/ansatt/avtaler/{world.agreement.pk}/ansvarlig/"
    assert client.get(url).status_code == 403
    response = client.post(url, {"version": 1, "user": world.training_office_staff.pk})
    assert response.status_code == 403
    assert not world.agreement.responsible_staff.exists()


def test_a_hand_over_from_a_stale_page_is_refused(client, world, colleague):
    client.force_login(colleague)
    response = client.post(
        f"/ansatt/avtaler/{world.agreement.pk}/ansvarlig/",
        {"version": world.agreement.version - 1, "user": colleague.pk},
    )
    assert response.status_code == 400
    assert "Noen endret avtalen" in response.content.decode()
    assert not world.agreement.responsible_staff.exists()


def test_a_new_agreement_names_the_one_who_registers_it(strinda_client, world):
    from tests.staff_world import agreement_post_data

    data = agreement_post_data([world.strinda, world.grytaga])
    assert strinda_client.post("/ansatt/avtaler/ny/", data).status_code == 302
    agreement = Agreement.objects.get(title=data["title"])
    assert list(agreement.responsible_staff.all()) == [world.strinda_teacher]
    page = strinda_client.get(f"/ansatt/avtaler/{agreement.pk}/").content.decode()
    assert "Ansvarlige ansatte" in page and "Strinda_Teacher" in page


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_lists_and_the_hand_over_page_take_the_same_queries_for_more_rows(
    client, world, colleague
):
    def add(n):
        for _ in range(n):
            agreement = AgreementFactory(
                schools=[world.strinda], partners=[CompanyFactory(being_wound_up=True)]
            )
            responsible(agreement, world.strinda_teacher)
            UserFactory(schools=[world.strinda])  # one more to choose from

    add(2)
    urls = [
        HOME,
        "/ansatt/fylke/50/oversikt/",
        COUNTY_LIST,
        f"/ansatt/avtaler/{world.agreement.pk}/ansvarlig/",
    ]
    client.force_login(world.coordinator_trondelag)
    StaffMembership.objects.create(user=world.coordinator_trondelag, organisation=world.strinda)
    few = [count(client, url) for url in urls]
    add(20)
    many = [count(client, url) for url in urls]
    assert many == few
    html = client.get(HOME).content.decode()
    assert needing_section(html).count(": under avvikling") == 22


def test_the_county_list_pages_them_soonest_to_expire_first_and_the_overview_counts_them(
    client, world, colleague
):
    today = oslo_today()
    wound_up = CompanyFactory(being_wound_up=True)
    for n in range(52):
        AgreementFactory(
            title=f"Avvikles {n:02}",
            valid_to=today + datetime.timedelta(days=100 - n),
            schools=[world.strinda],
            partners=[wound_up],
        )
    client.force_login(world.coordinator_trondelag)
    response = client.get(COUNTY_LIST)
    listed = [agreement.title for agreement in response.context["needing"]]
    # The soonest to expire first: the last made expire first; the first two are on page 2.
    assert listed == [f"Avvikles {n:02}" for n in range(51, 1, -1)]
    assert all(agreement.party_out_of_business for agreement in response.context["needing"])
    assert response.context["page"].paginator.count == 53
    assert "Avtaler som trenger oppfølging (53)" in response.content.decode()
    second = client.get(COUNTY_LIST, {"side": 2})
    # The two, and the world's own agreement, which nobody answers for and expires later.
    assert [a.title for a in second.context["needing"]] == [
        "Avvikles 01",
        "Avvikles 00",
        world.agreement.title,
    ]
    assert world.agreement.valid_to > today + datetime.timedelta(days=100)
    (own,) = [a for a in second.context["needing"] if a.pk == world.agreement.pk]
    assert own.lacks_responsible_person and not own.party_out_of_business
    overview = client.get("/ansatt/fylke/50/oversikt/")
    assert overview.context["needing_total"] == 53
    assert "53 avtaler i fylket har ingen" in overview.content.decode()

    # Handed over from page 2 to a colleague who is there, the coordinator is back on page 2,
    # and it is gone from the list.
    colleague.last_login = timezone.now()
    colleague.save(update_fields=["last_login"])
    response = client.post(
        f"/ansatt/avtaler/{world.agreement.pk}/ansvarlig/",
        {"version": world.agreement.version, "user": colleague.pk, "next": f"{COUNTY_LIST}?side=2"},
    )
    assert response.status_code == 302 and response.url == f"{COUNTY_LIST}?side=2"
    back = client.get(response.url)
    assert "er nå ansvarlig for «Helsefag i Trondheim»" in back.content.decode()
    assert [a.title for a in back.context["needing"]] == ["Avvikles 01", "Avvikles 00"]
    assert client.get("/ansatt/fylke/50/oversikt/").context["needing_total"] == 52


def test_the_county_list_says_so_when_nothing_needs_attention(client, world, colleague):
    responsible(world.agreement, colleague)
    client.force_login(world.coordinator_trondelag)
    response = client.get(COUNTY_LIST)
    assert list(response.context["needing"]) == []
    assert "Alle fylkets avtaler har noen som svarer for dem" in response.content.decode()
    overview = client.get("/ansatt/fylke/50/oversikt/")
    assert overview.context["needing_total"] == 0
    assert NEEDING not in overview.content.decode()
