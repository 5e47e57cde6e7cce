"""Rows as the API shows them (api/schemas.py), with links between the resources: absolute
URLs of the API and of the site's own pages."""

from urllib.parse import quote, urlencode

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation

from agreements.models import Agreement
from agreements.models.api_queries import expired_at
from orgs.models import Organisation

BASE = "/api/v1"


class Links:
    """Absolute URLs for one request; the site's pages in bokmål (the API has one URL). Each
    kind of page is reversed once a request, not once a row."""

    PLACEHOLDER = "0000000000"

    def __init__(self, request):
        self.request = request
        self.root = request.build_absolute_uri("/").rstrip("/")
        self._patterns = {}

    def api(self, path: str, **query) -> str:
        suffix = f"?{urlencode(query)}" if query else ""
        return f"{self.root}{BASE}{path}{suffix}"

    def site(self, name: str, arg) -> str:
        pattern = self._patterns.get(name)
        if pattern is None:
            with translation.override("nb"):
                pattern = reverse(name, args=[self.PLACEHOLDER])
            pattern = self._patterns[name] = self.root + pattern
        return pattern.replace(self.PLACEHOLDER, quote(str(arg)))


def county_ref(links, county):
    if county is None:
        return None
    return {
        "number": county.number,
        "name": county.name,
        "url": links.api(f"/counties/{county.number}"),
    }


def agreements(links, rows, today=None) -> list[dict]:
    """Public agreements from for_api(), their relations loaded for them all at once."""
    relations = Agreement.objects.api_relations([row.pk for row in rows])
    return [agreement(links, row, relations[row.pk], today) for row in rows]


def agreement(links, row, relations, today=None) -> dict:
    """A public agreement: `row` from for_api(), `relations` its api_relations()."""
    framework = row.framework if row.framework_id else None
    return {
        "id": row.pk,
        "url": links.api(f"/agreements/{row.pk}"),
        "html_url": links.site("agreement_detail", row.pk),
        "pdf_url": links.site("agreement_pdf", row.pk),
        "title": row.title,
        "purpose": row.purpose,
        "valid_from": row.valid_from,
        "valid_to": row.valid_to,
        "upcoming": row.is_upcoming(today),
        "county": county_ref(links, row.county),
        "cooperation_types": relations["cooperation_types"],
        "programme_areas": [
            {"code": code, "url": links.api(f"/programme-areas/{code}")}
            for code in relations["programme_areas"]
        ],
        "trades": [
            {"code": code, "url": links.api(f"/trades/{code}")} for code in relations["trades"]
        ],
        "parties": [
            {
                "orgnr": orgnr,
                "name": name,
                "role": role,
                "commitment": commitment,
                "url": links.api(f"/organisations/{orgnr}"),
            }
            for orgnr, name, role, commitment in relations["parties"]
        ],
        # Under the public rule: a framework that is not public is not named.
        "framework": framework.pk if framework and framework.is_public(today) else None,
        "updated_at": row.updated_at,
    }


def county_agreements(links, rows) -> list[dict]:
    """Agreements in any status, with the archival fields, for their county's token."""
    relations = Agreement.objects.api_relations([row.pk for row in rows])
    return [county_agreement(links, row, relations[row.pk]) for row in rows]


def county_agreement(links, row, relations) -> dict:
    return agreement(links, row, relations) | {
        "framework": row.framework_id,
        "status": row.status,
        "public": row.is_public(),
        "contact_persons": row.contact_persons,
        "signed_on": row.signed_on,
        "signed_place": row.signed_place,
        "has_signed_document": bool(row.document),
        "withdrawn_reason": row.withdrawn_reason,
        "review_comment": row.review_comment,
        "responsible_organisation": row.responsible_organisation.orgnr
        if row.responsible_organisation_id
        else None,
        "renews": row.renews_id,
        "version": row.version,
        "created_at": row.created_at,
    }


def changes(links, rows, today) -> list[dict]:
    """What changed: each agreement as it is now (public), or its tombstone."""
    public = [row for row in rows if row.is_public(today)]
    relations = Agreement.objects.api_relations([row.pk for row in public])
    return [change(links, row, relations.get(row.pk), today) for row in rows]


def change(links, row, relations, today) -> dict:
    """A change since a moment: the agreement as it is now, or its tombstone."""
    if relations is not None:
        return {
            "id": row.pk,
            "change": "public",
            "reason": None,
            "removed_at": None,
            "agreement": agreement(links, row, relations, today),
        }
    withdrawn = row.status == Agreement.Status.WITHDRAWN
    return {
        "id": row.pk,
        "change": "removed",
        "reason": "withdrawn" if withdrawn else "expired",
        "removed_at": row.updated_at if withdrawn else expired_at(row.valid_to),
        "agreement": None,
    }


def organisations_for_api(queryset):
    """What the organisation's shape shows, in a fixed number of queries."""
    from orgs.models import Occupation, ProgrammeArea, Trade

    return (
        queryset.with_public_agreement_count()
        .select_related("municipality__county")
        .prefetch_related(
            Prefetch("programme_areas", ProgrammeArea.objects.only("code").order_by("code")),
            Prefetch("approved_trades", Trade.objects.only("code").order_by("code")),
            Prefetch("occupations", Occupation.objects.only("code").order_by("code")),
        )
    )


def organisation(links, row) -> dict:
    municipality = row.municipality
    return {
        "orgnr": row.orgnr,
        "url": links.api(f"/organisations/{row.orgnr}"),
        "html_url": links.site(
            "school_detail" if row.kind in Organisation.SCHOOL_KINDS else "company_detail",
            row.orgnr,
        ),
        "agreements_url": links.api("/agreements", organisasjon=row.orgnr),
        "name": row.name,
        "kind": row.kind,
        "school": row.kind in Organisation.SCHOOL_KINDS,
        "active": row.active,
        "municipality": municipality.number if municipality else None,
        "county": municipality.county.number if municipality else None,
        "website": row.website,
        "public_agreement_count": row.public_agreement_count,
        "programme_areas": [a.code for a in row.programme_areas.all()],
        "approved_trades": [t.code for t in row.approved_trades.all()],
        "occupations": [o.code for o in row.occupations.all()],
    }


def programme_area(links, row) -> dict:
    return {
        "code": row.code,
        "url": links.api(f"/programme-areas/{row.code}"),
        "html_url": links.site("programme_area_detail", row.code),
        "agreements_url": links.api("/agreements", programomrade=row.code),
        "title_nb": row.title_nb,
        "title_en": row.title_en,
        "level": row.level,
        "education_programme": row.education_programme.code,
        "active": row.active,
    }


def trade(links, row) -> dict:
    return {
        "code": row.code,
        "url": links.api(f"/trades/{row.code}"),
        "html_url": links.site("trade_detail", row.code),
        "agreements_url": links.api("/agreements", larefag=row.code),
        "title_nb": row.title_nb,
        "title_en": row.title_en,
        "active": row.active,
        "programme_areas": [a.code for a in row.programme_areas.all()],
    }


def county(links, row) -> dict:
    return {
        "number": row.number,
        "url": links.api(f"/counties/{row.number}"),
        "name": row.name,
        "municipalities_url": links.api("/municipalities", fylke=row.number),
        "agreements_url": links.api("/agreements", fylke=row.number),
    }


def municipality(links, row) -> dict:
    return {
        "number": row.number,
        "url": links.api(f"/municipalities/{row.number}"),
        "name": row.name,
        "county": row.county.number,
        "agreements_url": links.api("/agreements", kommune=row.number),
    }


def cooperation_type(links, row) -> dict:
    return {
        "slug": row.slug,
        "name_nb": row.name_nb,
        "name_en": row.name_en,
        "description": row.description,
        "agreements_url": links.api("/agreements", samarbeidsform=row.slug),
    }
