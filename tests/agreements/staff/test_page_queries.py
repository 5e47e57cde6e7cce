"""The staff agreement page and its edit form in a fixed number of queries (at most ten, as the
bar of issue 16 asks), however many parties, relations, history entries, follow-up items,
renewals, local agreements and responsible staff the agreement has."""

import datetime

import pytest

from agreements.models import Agreement, CountyRoutine, Party
from agreements.models.follow_up import MeetingSchedule
from tests.agreements.county.test_pending_changes import edit
from tests.agreements.follow_up.items import add_follow_up
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    CooperationTypeFactory,
    ProgrammeAreaFactory,
    TradeFactory,
    UserFactory,
)
from tests.queries import page_queries
from tests.staff_world import act

pytestmark = pytest.mark.django_db

BAR = 10


def grow(agreement, n, tag):
    """n more of everything the agreement's page lists."""
    for i in range(n):
        company = CompanyFactory()
        Party.objects.create(agreement=agreement, organisation=company, role=Party.Role.COMPANY)
        agreement.cooperation_types.add(CooperationTypeFactory(slug=f"type-{tag}-{i}"))
        code = f"T{tag}{i:02}".ljust(10, "-")
        agreement.programme_areas.add(ProgrammeAreaFactory(code=code, title_nb=f"Område {code}"))
        agreement.trades.add(TradeFactory(code=code, title_nb=f"Fag {code}"))
        agreement.responsible_staff.add(UserFactory(first_name=f"Ansvarlig {tag}{i}"))
        AgreementFactory(renews=agreement, schools=[agreement.schools[0]], partners=[company])
        AgreementFactory(framework=agreement, partners=[company])
        add_follow_up(agreement, tag=f"{tag}{i}")
        agreement.title = f"{agreement.title}."
        agreement.save()  # one more history entry
    agreement.refresh_derived_fields()


def pages(agreement):
    return [f"/ansatt/avtaler/{agreement.pk}/", f"/ansatt/avtaler/{agreement.pk}/endre/"]


def counts(client, agreement):
    return [page_queries(client, url) for url in pages(agreement)]


def test_a_draft_s_pages_take_the_same_queries_for_more_rows(strinda_client, world):
    CountyRoutine.objects.create(county=world.agreement.county, approval_required=True)
    grow(world.agreement, 1, "a")
    few = counts(strinda_client, world.agreement)
    grow(world.agreement, 4, "b")
    assert counts(strinda_client, world.agreement) == few
    assert max(few) <= BAR, few


def test_a_published_agreement_with_a_yearly_meeting_takes_as_few(strinda_client, world):
    agreement = act(world.agreement, "publish", world.strinda_teacher)
    Agreement.objects.filter(pk=agreement.pk).update(
        yearly_meeting_due=MeetingSchedule.AUTUMN,
        valid_from=agreement.valid_from - datetime.timedelta(days=800),
    )
    agreement.refresh_from_db()
    grow(agreement, 1, "a")
    few = counts(strinda_client, agreement)
    grow(agreement, 3, "b")
    assert counts(strinda_client, agreement) == few
    assert max(few) <= BAR, few


def test_with_a_change_awaiting_approval_the_pages_take_the_same_queries_for_more_rows(
    client, world
):
    """The change's proposal is read too (its organisations, its relations together, its
    responsible party): a few more queries, as many for more rows."""
    CountyRoutine.objects.create(county=world.agreement.county, approval_required=True)
    grow(world.agreement, 1, "a")
    agreement = act(world.agreement, "publish", world.coordinator_trondelag)
    edit(client, world.strinda_teacher, agreement, title="Helsefag i Trondheim, ny periode")
    client.force_login(world.coordinator_trondelag)
    few = counts(client, agreement)
    html = client.get(pages(agreement)[0]).content.decode()
    assert "Helsefag i Trondheim, ny periode" in html  # the proposed change is shown
    grow(agreement, 3, "b")
    assert counts(client, agreement) == few


def test_the_page_lists_what_it_read_together_in_order(strinda_client, world):
    agreement = world.agreement
    grow(agreement, 3, "x")
    response = strinda_client.get(f"/ansatt/avtaler/{agreement.pk}/")
    context = response.context
    assert [u.first_name for u in context["responsible_staff"]] == [
        "Ansvarlig x0",
        "Ansvarlig x1",
        "Ansvarlig x2",
    ]
    assert context["renewals"] == list(Agreement.objects.filter(renews=agreement))
    shown = context["agreement"]
    for name in ("cooperation_types", "programme_areas", "trades"):
        assert list(getattr(shown, name).all()) == list(getattr(agreement, name).all()), name
    kinds = [entry.kind for entry in context["follow_up"].entries]
    assert sorted(kinds) == sorted(["plan", "meeting", "evaluation"] * 3)
    dates = [entry.date for entry in context["follow_up"].entries]
    assert dates == sorted(dates, reverse=True)
    html = response.content.decode()
    assert "Ansvarlig x0, Ansvarlig x1, Ansvarlig x2" in html
    assert "Referat x2" in html and "Oppnådd x0" in html and "Årsplan x1" in html


def test_the_publish_button_follows_the_county_s_routine(strinda_client, world):
    url = f"/ansatt/avtaler/{world.agreement.pk}/"
    assert "Send til godkjenning" not in strinda_client.get(url).content.decode()
    CountyRoutine.objects.create(county=world.agreement.county, approval_required=True)
    assert "Send til godkjenning" in strinda_client.get(url).content.decode()
    edit = strinda_client.get(f"/ansatt/avtaler/{world.agreement.pk}/endre/")
    assert edit.context["publishes_directly"] is False
