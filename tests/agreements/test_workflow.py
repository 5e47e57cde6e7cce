"""The workflow of an agreement's status (agreements/workflow.py): one table, one runner."""

import pytest

from agreements import workflow
from agreements.models import Agreement, CountyRoutine
from registry.models import StaffMembership
from registry.permissions import Policy
from tests.factories import AgreementFactory
from tests.staff_world import act, agreement_post_data, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def two_counties(world):
    """Strinda (Trøndelag, which approves first) and Meløy (Nordland, which publishes
    directly) in one agreement, Strinda's party row first: Trøndelag owns it."""
    CountyRoutine.objects.create(county=world.strinda.municipality.county, approval_required=True)
    agreement = AgreementFactory(
        title="To fylker",
        status=Agreement.Status.DRAFT,
        schools=[world.strinda, world.meloy_school],
        partners=[world.grytaga],
    )
    assert agreement.county == world.strinda.municipality.county
    return agreement


def test_save_and_publish_follows_the_owning_county_whatever_order_the_parties_are_typed(
    client, world, two_counties
):
    """The Meløy teacher lists Meløy first and presses "save and publish": the agreement
    still belongs to Trøndelag, so it goes to Trøndelag's approval, not to the public."""
    client.force_login(world.meloy_teacher)
    data = agreement_post_data(
        [world.meloy_school, world.strinda, world.grytaga],
        title="To fylker",
        version=str(two_counties.version),
        action="publish",
    )
    response = client.post(f"/ansatt/avtaler/{two_counties.pk}/endre/", data)
    assert response.status_code == 302
    two_counties.refresh_from_db()
    assert two_counties.county == world.strinda.municipality.county
    assert two_counties.status == Agreement.Status.SUBMITTED
    assert two_counties.submitted_by == world.meloy_teacher
    assert not two_counties.is_public()
    assert not Agreement.objects.public().filter(pk=two_counties.pk).exists()


def test_the_publish_button_sends_the_same_agreement_for_approval(client, world, two_counties):
    client.force_login(world.meloy_teacher)
    client.post(f"/ansatt/avtaler/{two_counties.pk}/publiser/", {"version": two_counties.version})
    two_counties.refresh_from_db()
    assert two_counties.status == Agreement.Status.SUBMITTED


def test_a_coordinator_of_the_owning_county_publishes_directly(world, two_counties):
    act(two_counties, "publish", world.coordinator_trondelag)
    assert two_counties.status == Agreement.Status.PUBLISHED


def test_each_transition_is_one_version_and_one_history_entry(world):
    agreement = world.agreement
    versions = [agreement.version]
    act(agreement, "publish", world.strinda_teacher)
    versions.append(agreement.version)
    act(agreement, "withdraw", world.strinda_teacher, reason="Bedriften la ned.")
    versions.append(agreement.version)
    act(agreement, "publish", world.strinda_teacher)
    versions.append(agreement.version)
    assert versions == [1, 2, 3, 4]
    statuses = list(agreement.history.order_by("history_date").values_list("status", flat=True))
    assert statuses[-3:] == ["published", "withdrawn", "published"]


@pytest.mark.parametrize(
    "status, action",
    [
        ("draft", "approve"),
        ("draft", "send_back"),
        ("draft", "withdraw"),
        ("published", "publish"),
        ("published", "approve"),
        ("submitted", "publish"),
        ("submitted", "withdraw"),
        ("withdrawn", "withdraw"),
        ("withdrawn", "approve"),
    ],
)
def test_a_transition_outside_the_table_is_refused_and_changes_nothing(world, status, action):
    agreement = world.agreement
    Agreement.objects.filter(pk=agreement.pk).update(status=status)
    agreement.refresh_from_db()
    with pytest.raises(workflow.WorkflowError):
        act(agreement, action, world.coordinator_trondelag, reason="Fordi.")
    agreement.refresh_from_db()
    assert (agreement.status, agreement.version) == (status, 1)


def test_a_stale_version_is_refused(world):
    agreement = world.agreement
    with pytest.raises(workflow.StaleVersion):
        workflow.perform(
            agreement,
            "publish",
            policy=Policy.for_user(world.strinda_teacher),
            version=agreement.version + 1,
        )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT


def test_withdrawing_and_returning_need_a_reason(world):
    act(world.agreement, "publish", world.strinda_teacher)
    with pytest.raises(workflow.WorkflowError, match="hvorfor"):
        act(world.agreement, "withdraw", world.strinda_teacher, reason="  ")


def test_the_sender_cannot_approve_and_another_school_cannot_publish(world):
    CountyRoutine.objects.create(county=world.strinda.municipality.county, approval_required=True)
    StaffMembership.objects.create(user=world.coordinator_trondelag, organisation=world.byasen)
    agreement = act(world.agreement, "publish", world.strinda_teacher)
    assert agreement.status == Agreement.Status.SUBMITTED
    Agreement.objects.filter(pk=agreement.pk).update(submitted_by=world.coordinator_trondelag)
    agreement.refresh_from_db()
    with pytest.raises(workflow.WorkflowError, match="en annen koordinator"):
        act(agreement, "approve", world.coordinator_trondelag)
    with pytest.raises(workflow.WorkflowError):
        act(world.agreement, "send_back", world.meloy_teacher, reason="Nei.")


def test_the_actions_a_page_shows_come_from_the_table(world):
    agreement = world.agreement
    strinda, meloy = Policy.for_user(world.strinda_teacher), Policy.for_user(world.meloy_teacher)
    coordinator = Policy.for_user(world.coordinator_trondelag)
    assert workflow.actions_for(agreement, strinda) == {"edit", "publish"}  # a draft: no renewal
    assert workflow.actions_for(agreement, meloy) == set()
    act(agreement, "publish", world.strinda_teacher)
    assert workflow.actions_for(agreement, strinda) == {"edit", "renew", "withdraw"}
    CountyRoutine.objects.create(county=world.strinda.municipality.county, approval_required=True)
    act(agreement, "withdraw", world.strinda_teacher, reason="Feil.")
    act(agreement, "publish", world.strinda_teacher)
    assert agreement.status == Agreement.Status.SUBMITTED
    assert workflow.actions_for(agreement, strinda) == {"edit"}
    assert workflow.actions_for(agreement, coordinator) == {"edit", "approve", "send_back"}


def test_a_change_awaiting_approval_is_reviewed_by_the_countys_other_coordinators(world):
    from agreements.models import PendingChange

    agreement = act(world.agreement, "publish", world.strinda_teacher)
    change = PendingChange.objects.create(
        agreement=agreement, proposed_by=world.strinda_teacher, based_on_version=agreement.version
    )
    coordinator = Policy.for_user(world.coordinator_trondelag)
    strinda = Policy.for_user(world.strinda_teacher)
    assert "review_change" in workflow.actions_for(agreement, coordinator, change)
    assert "review_change" not in workflow.actions_for(agreement, strinda, change)
    assert "review_change" not in workflow.actions_for(agreement, coordinator)
    PendingChange.objects.filter(pk=change.pk).update(proposed_by=world.coordinator_trondelag)
    change.refresh_from_db()
    assert "review_change" not in workflow.actions_for(agreement, coordinator, change)
