"""Several short lists in one query (registry/together.py): the same rows, in the same order,
as one query a list would give."""

import datetime

import pytest
from django.db.models import prefetch_related_objects

from agreements.models import Agreement, AnnualPlan, Evaluation, Meeting
from registry.models import User
from registry.together import Part, ReadTogether, read_together
from tests.factories import (
    AgreementFactory,
    CooperationTypeFactory,
    ProgrammeAreaFactory,
    TradeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreements():
    first, second, bare = AgreementFactory(), AgreementFactory(), AgreementFactory()
    for n, agreement in enumerate((first, second)):
        agreement.cooperation_types.add(
            CooperationTypeFactory(slug=f"b{n}", name_nb="B", order=1),
            CooperationTypeFactory(slug=f"a{n}", name_nb="A", order=2),
        )
        agreement.programme_areas.add(
            ProgrammeAreaFactory(code=f"ZZZ{n}2-----", title_nb="Å"),
            ProgrammeAreaFactory(code=f"AAA{n}2-----", title_nb="Ø"),
        )
        agreement.trades.add(TradeFactory(code=f"TRD{n}3-----", title_nb="Fag"))
        agreement.responsible_staff.add(
            UserFactory(first_name="Per"), UserFactory(first_name="Ada")
        )
    Agreement.objects.filter(pk=bare.pk).update(renews=first)
    bare.cooperation_types.clear()
    return first, second, bare


def test_the_lists_are_those_of_one_query_each(agreements, django_assert_num_queries):
    first, second, bare = agreements
    staff = ReadTogether(
        "responsible_staff", User.objects.order_by("first_name"), fields=("first_name",)
    )
    names = ("cooperation_types", "programme_areas", "trades", "renewals")
    with django_assert_num_queries(2):  # the agreements, and their lists
        read = list(
            Agreement.objects.filter(pk__in=[a.pk for a in agreements])
            .order_by("pk")
            .prefetch_related(*(ReadTogether(name) for name in names), staff)
        )
    with django_assert_num_queries(0):
        got = {
            a.pk: {name: list(getattr(a, name).all()) for name in (*names, "responsible_staff")}
            for a in read
        }
        # Only the columns asked for are read; the others are deferred.
        assert got[first.pk]["responsible_staff"][0].get_deferred_fields() >= {"username"}
    for agreement in agreements:
        expected = {name: list(getattr(agreement, name).all()) for name in names}
        expected["responsible_staff"] = list(agreement.responsible_staff.order_by("first_name"))
        assert got[agreement.pk] == expected
    # By their order, then name: the factory's YFF type (order 100) last.
    assert [t.name_nb for t in got[first.pk]["cooperation_types"]][:2] == ["B", "A"]
    assert got[first.pk]["renewals"] == [bare]
    assert got[bare.pk]["cooperation_types"] == []
    assert [u.first_name for u in got[second.pk]["responsible_staff"]] == ["Ada", "Per"]


def test_outside_such_a_queryset_it_is_a_plain_prefetch(agreements):
    first = Agreement.objects.get(pk=agreements[0].pk)
    prefetch_related_objects([first], ReadTogether("trades"), ReadTogether("programme_areas"))
    assert list(first.trades.all()) == list(agreements[0].trades.all())
    assert "programme_areas" in first._prefetched_objects_cache


def test_rows_of_different_models_keep_their_types_and_order(agreements):
    """A column only a later part has (the dates) keeps its type in the union."""
    agreement = agreements[0]
    day = datetime.date(2026, 3, 1)
    AnnualPlan.objects.create(agreement=agreement, school_year="2025–2026", text="Plan")
    for n in range(3):
        Meeting.objects.create(agreement=agreement, date=day + datetime.timedelta(days=n))
    Evaluation.objects.create(agreement=agreement, date=day, achieved="Mye")
    parts = {
        "plan": Part(AnnualPlan.objects.filter(agreement=agreement)),
        "meeting": Part(Meeting.objects.filter(agreement=agreement)),
        "evaluation": Part(Evaluation.objects.filter(agreement=agreement), fields=("date",)),
        "nothing": Part(Meeting.objects.none()),
    }
    found = read_together(parts)
    assert [m for _, m in found["meeting"]] == list(Meeting.objects.filter(agreement=agreement))
    assert [m.date for _, m in found["meeting"]] == [
        day + datetime.timedelta(days=n) for n in (2, 1, 0)
    ]
    (plan,) = [p for _, p in found["plan"]]
    assert (plan.school_year, plan.text, plan.date) == (
        "2025–2026",
        "Plan",
        datetime.date(2025, 8, 1),
    )
    (evaluation,) = [e for _, e in found["evaluation"]]
    assert evaluation.date == day and "achieved" in evaluation.get_deferred_fields()
    assert evaluation.achieved == "Mye"  # read when asked for
    assert found["nothing"] == []
