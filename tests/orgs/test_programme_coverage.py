"""The programmes each agreement covers, kept as rows (agreements.models.ProgrammeCoverage) for
the front page's counts and the programme pages: every write that can change them shows at once
on both pages (publishing, withdrawing, an edit of the programme areas, the spreadsheet import,
a change of the reference data, the Grep import), and midnight in Oslo ends an agreement with
no write at all. The rows always equal what the rule (EducationProgrammeQuerySet._coverage)
gives for the agreements as they are."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core.files.base import ContentFile

from agreements.models import Agreement, ImportJob, ProgrammeCoverage
from agreements.spreadsheet.importing import preview_rows, run_import_job
from orgs.models import EducationProgramme
from orgs.models.reference import EducationProgrammeQuerySet
from registry.permissions import Policy
from tests.agreements.spreadsheet.sheets import agreement_row, xlsx
from tests.factories import (
    AgreementFactory,
    EducationProgrammeFactory,
    ProgrammeAreaFactory,
    TradeFactory,
)
from tests.register_samples import GREP, run
from tests.staff_world import act, agreement_post_data, build_world

pytestmark = pytest.mark.django_db

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


@pytest.fixture
def world():
    w = build_world()
    w.na = EducationProgrammeFactory(code="NA", title_nb="Naturbruk")
    w.hs = EducationProgrammeFactory(code="HS", title_nb="Helse- og oppvekstfag")
    w.aqua = ProgrammeAreaFactory(
        code="NAAKV2----", title_nb="Akvakultur", education_programme=w.na
    )
    w.health = ProgrammeAreaFactory(
        code="HSHEA2----", title_nb="Helsearbeiderfag", education_programme=w.hs
    )
    w.aqua_trade = TradeFactory(code="NAAKV3----", title_nb="Akvakulturfaget")
    w.aqua_trade.programme_areas.add(w.aqua)
    return w


def rows() -> set:
    return set(ProgrammeCoverage.objects.values_list("agreement_id", "programme_id"))


def by_the_rule() -> set:
    areas, trades = EducationProgrammeQuerySet._coverage()
    return {
        (pair["covered_agreement"], pair["covered_programme"])
        for pair in [*areas, *trades]
        if pair["covered_programme"] is not None
    }


def front_page(client) -> dict:
    """{programme title: its count} as the front page shows them."""
    html = client.get("/").content.decode()
    found = re.findall(
        r'count-link__title">([^<]+)</span> <span class="count-link__count">([\d\s]+) avtale', html
    )
    return {title: int(number) for title, number in found}


def programme_page(client, code) -> int:
    html = client.get(f"/utdanningsprogram/{code}/").content.decode()
    found = re.search(r"(\d+) offentlige? avtaler? (?:dekker|covers)", html)
    return int(found.group(1)) if found else 0


def shown(client) -> tuple:
    """Naturbruk's and Helse- og oppvekstfag's counts on the front page and on their pages."""
    counts = front_page(client)
    return (
        counts.get("Naturbruk"),
        programme_page(client, "NA"),
        counts.get("Helse- og oppvekstfag"),
        programme_page(client, "HS"),
    )


def test_publishing_and_withdrawing_show_at_once(client, world):
    agreement = world.agreement  # a draft
    agreement.programme_areas.set([world.aqua])
    assert shown(client) == (0, 0, 0, 0)
    act(agreement, "publish", world.strinda_teacher)
    assert agreement.is_public()
    assert shown(client) == (1, 1, 0, 0)
    act(agreement, "withdraw", world.strinda_teacher, reason="Bedriften la ned.")
    assert agreement.status == Agreement.Status.WITHDRAWN
    assert shown(client) == (0, 0, 0, 0)
    assert rows() == by_the_rule()


def test_an_edit_of_the_programme_areas_moves_the_count_at_once(client, world):
    staff = client.__class__()
    staff.force_login(world.strinda_teacher)
    agreement = AgreementFactory(
        title="Før endringen",
        schools=[world.strinda],
        partners=[world.grytaga],
        programme_areas=[world.aqua],
        trades=[world.aqua_trade],
    )
    assert shown(client) == (1, 1, 0, 0)
    data = agreement_post_data(
        [world.strinda, world.grytaga], title="Etter endringen", action="save"
    ) | {"version": agreement.version, "programme_areas": [world.health.pk], "trades": []}
    response = staff.post(f"/ansatt/avtaler/{agreement.pk}/endre/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert shown(client) == (0, 0, 1, 1)
    assert rows() == by_the_rule()


def test_an_area_and_a_trade_count_an_agreement_once(client, world):
    AgreementFactory(programme_areas=[world.aqua], trades=[world.aqua_trade])
    AgreementFactory(trades=[world.aqua_trade])
    assert shown(client) == (2, 2, 0, 0)


def test_the_spreadsheet_import_shows_at_once(client, world):
    assert shown(client) == (0, 0, 0, 0)
    sheet = [
        agreement_row(world.strinda, world.training_office, n, programme_areas="NAAKV2----")
        for n in range(3)
    ]
    user = world.coordinator_trondelag
    preview = preview_rows(xlsx(sheet), None, Policy.for_user(user))
    assert [entry["action"] for entry in preview] == ["create"] * 3, preview[0]["errors"]
    job = ImportJob(
        requested_by=user, sheet_name="avtaler.xlsx", preview=preview, state=ImportJob.State.QUEUED
    )
    job.sheet.save("avtaler.xlsx", ContentFile(xlsx(sheet).read()), save=False)
    job.save()
    run_import_job(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE, job.report
    assert shown(client) == (3, 3, 0, 0)
    assert rows() == by_the_rule()


def test_midnight_in_oslo_ends_an_agreement_on_both_pages(client, world):
    AgreementFactory(
        programme_areas=[world.health],
        valid_from=datetime.date(2025, 8, 1),
        valid_to=datetime.date(2027, 7, 31),
    )
    before = datetime.datetime(2027, 7, 31, 23, 59, tzinfo=OSLO)
    with time_machine.travel(before, tick=False):
        assert shown(client) == (0, 0, 1, 1)
    with time_machine.travel(before + datetime.timedelta(minutes=2), tick=False):
        assert shown(client) == (0, 0, 0, 0)


def test_a_change_of_the_reference_data_shows_at_once(client, world):
    AgreementFactory(trades=[world.aqua_trade])
    assert shown(client) == (1, 1, 0, 0)
    world.aqua_trade.programme_areas.add(world.health)  # the trade leads from both now
    assert shown(client) == (1, 1, 1, 1)
    world.aqua_trade.programme_areas.remove(world.aqua)
    assert shown(client) == (0, 0, 1, 1)
    world.health.education_programme = world.na  # the area moved to another programme
    world.health.save()
    assert shown(client) == (1, 1, 0, 0)
    assert rows() == by_the_rule()


def test_the_grep_import_keeps_the_rows(tmp_path):
    agreement = AgreementFactory()
    run("import_grep", GREP, report=tmp_path / "rejects.csv")
    agreement.programme_areas.set(
        EducationProgramme.objects.get(code="EL").programme_areas.all()[:1]
    )
    assert rows() == by_the_rule() and rows()
    # The import moves an area to another programme, as Grep may: written in bulk, the rows
    # follow all the same.
    EducationProgramme.objects.filter(code="EL").update(code="EL-old")
    run("import_grep", GREP, report=tmp_path / "again.csv")
    assert rows() == by_the_rule()
    assert {programme for _agreement, programme in rows()} == {
        EducationProgramme.objects.get(code="EL").pk
    }


def test_a_deleted_agreement_leaves_no_rows(world):
    agreement = AgreementFactory(programme_areas=[world.aqua])
    assert rows()
    agreement.delete()
    assert not rows()
