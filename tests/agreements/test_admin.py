"""The Django admin's change form of an agreement: one change, one version, one history entry
whose snapshot shows the relations as saved."""

import pytest

from agreements.models import Agreement
from registry.models import User
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    CooperationTypeFactory,
    CountyFactory,
    MunicipalityFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db


def _admin_client(client):
    User.objects.create_superuser("admin", "admin@example.org", "a long admin password")
    response = client.post(
        "/admin/login/",
        {"username": "admin", "password": "a long admin password", "next": "/admin/"},
    )
    assert response.status_code == 302 and response.url == "/admin/"
    return client


def _post_data(response) -> dict:
    """What the browser would send back from the change form, unchanged: the agreement's
    fields and every inline row, with the inlines' management forms."""
    data = _form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_values(formset.management_form))
        for form in formset.forms:
            data.update(_form_values(form))
    return data


def _form_values(form) -> dict:
    values = {}
    for field in form:
        if field.field.disabled or field.name == "document":
            continue
        value = field.value()
        if isinstance(value, list | tuple):
            values[field.html_name] = [str(v) for v in value]
        elif value is True:
            values[field.html_name] = "on"
        elif value is not None and value is not False:
            values[field.html_name] = str(value)
    return values


def test_an_admin_edit_of_the_parties_is_one_history_entry_with_the_new_relations(client):
    nordland = CountyFactory(number="18", name="Nordland")
    trondelag = CountyFactory(number="50", name="Trøndelag")
    meloy = SchoolFactory(
        name="Meløy videregående skole",
        municipality=MunicipalityFactory(number="1837", name="Meløy", county=nordland),
    )
    strinda = SchoolFactory(
        name="Strinda videregående skole",
        municipality=MunicipalityFactory(number="5001", name="Trondheim", county=trondelag),
    )
    company = CompanyFactory(name="Grytåga settefisk AS")
    agreement = AgreementFactory(title="Akvakultur", schools=[meloy], partners=[company])
    assert agreement.county == nordland
    records_before = agreement.history.count()
    admin = _admin_client(client)

    url = f"/admin/agreements/agreement/{agreement.pk}/change/"
    data = _post_data(admin.get(url))
    # The school of the first party row becomes Strinda, in Trøndelag.
    school_row = next(
        k for k, v in data.items() if k.endswith("-organisation") and v == str(meloy.pk)
    )
    data[school_row] = str(strinda.pk)
    response = admin.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    agreement.refresh_from_db()
    assert agreement.county == trondelag
    assert agreement.history.count() == records_before + 1
    newest = agreement.history.order_by("-history_date", "-history_id").first()
    assert newest.county_id == trondelag.pk
    assert newest.snapshot["parties"] == [
        f"Strinda videregående skole ({strinda.orgnr}), skole",
        f"Grytåga settefisk AS ({company.orgnr}), bedrift",
    ]
    assert newest.snapshot == agreement.snapshot
    assert "strinda" in agreement.search_text
    assert newest.history_user.username == "admin"
    assert newest.version == agreement.version == 2
    assert agreement.updated_by.username == "admin"
    assert agreement.status == Agreement.Status.PUBLISHED


def test_an_agreement_added_in_the_admin_has_one_history_entry_with_its_parties(client):
    trondelag = CountyFactory(number="50", name="Trøndelag")
    strinda = SchoolFactory(
        name="Strinda videregående skole",
        municipality=MunicipalityFactory(number="5001", name="Trondheim", county=trondelag),
    )
    yff = CooperationTypeFactory()
    admin = _admin_client(client)

    data = _post_data(admin.get("/admin/agreements/agreement/add/"))
    data.update(
        {
            "title": "Helsefag",
            "valid_from": "2026-08-01",
            "valid_to": "2028-07-31",
            "cooperation_types": [str(yff.pk)],
            "parties-0-organisation": str(strinda.pk),
            "parties-0-role": "school",
        }
    )
    response = admin.post("/admin/agreements/agreement/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    agreement = Agreement.objects.get(title="Helsefag")
    assert agreement.county == trondelag
    assert agreement.created_by.username == "admin"
    (record,) = agreement.history.all()
    assert record.snapshot["parties"] == [f"Strinda videregående skole ({strinda.orgnr}), skole"]
    assert record.snapshot["cooperation_types"] == [yff.name_nb]
    assert record.version == 1
