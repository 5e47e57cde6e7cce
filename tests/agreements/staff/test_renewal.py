"""Renewing an agreement: the next period proposed, a new agreement linked to the old."""

import datetime

import pytest

from agreements import workflow
from agreements.models import Agreement
from tests.factories import AgreementFactory
from tests.staff_world import act, agreement_post_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class TestRenew:
    @pytest.fixture(autouse=True)
    def _published(self, world):
        """Only an agreement that has been in force is renewed."""
        act(world.agreement, "publish", world.strinda_teacher)

    def test_a_draft_is_not_renewed(self, strinda_client, world):
        draft = AgreementFactory(
            status=Agreement.Status.DRAFT, schools=[world.strinda], partners=[world.grytaga]
        )
        response = strinda_client.get(f"/ansatt/avtaler/{draft.pk}/forny/")
        assert response.status_code == 302
        html = strinda_client.get(f"/ansatt/avtaler/{draft.pk}/").content.decode()
        assert "/forny/" not in html

    def test_renewal_form_is_filled_in_for_the_next_period(self, strinda_client, world):
        agreement = world.agreement
        html = strinda_client.get(f"/ansatt/avtaler/{agreement.pk}/forny/").content.decode()
        next_day = agreement.valid_to + datetime.timedelta(days=1)
        assert f'value="{next_day.isoformat()}"' in html
        assert f"({world.training_office.orgnr})" in html
        assert f'value="{agreement.title}"' in html

    def test_renewal_carries_the_signatories_but_not_the_old_signing_date(
        self, strinda_client, world
    ):
        agreement = world.agreement
        agreement.parties.filter(organisation=world.strinda).update(signatory="Rektor Kari Berg")
        Agreement.objects.filter(pk=agreement.pk).update(
            signed_on=datetime.date(2026, 6, 1), signed_place="Trondheim"
        )
        html = strinda_client.get(f"/ansatt/avtaler/{agreement.pk}/forny/").content.decode()
        assert 'value="Rektor Kari Berg"' in html
        assert 'value="Trondheim"' in html
        assert 'value="2026-06-01"' not in html, "a renewal is signed anew"

    def test_renewal_is_a_new_agreement_linked_to_the_old(self, strinda_client, world):
        agreement = world.agreement
        data = agreement_post_data(
            [world.strinda, world.training_office],
            title=agreement.title,
            valid_from="2030-08-01",
            valid_to="2032-07-31",
        )
        response = strinda_client.post(f"/ansatt/avtaler/{agreement.pk}/forny/", data)
        assert response.status_code == 302
        renewal = Agreement.objects.get(renews=agreement)
        assert renewal.pk != agreement.pk
        assert str(renewal.valid_from) == "2030-08-01"
        html = strinda_client.get(f"/ansatt/avtaler/{agreement.pk}/").content.decode()
        assert f"/ansatt/avtaler/{renewal.pk}/" in html


@pytest.mark.parametrize(
    "old, proposed",
    [
        (("2022-08-01", "2024-07-31"), ("2024-08-01", "2026-07-31")),
        (("2025-01-01", "2025-12-31"), ("2026-01-01", "2026-12-31")),
        (("2023-08-15", "2024-06-20"), ("2024-06-21", "2025-06-20")),
        (("2020-03-01", "2024-02-29"), ("2024-03-01", "2028-02-29")),
    ],
)
def test_renewal_proposes_the_same_span_in_whole_school_years(old, proposed):
    start, end = (datetime.date.fromisoformat(d) for d in old)
    assert workflow.renewal_period(start, end) == tuple(
        datetime.date.fromisoformat(d) for d in proposed
    )


def test_a_renewal_whose_proposal_is_over_is_warned(strinda_client, world):
    Agreement.objects.filter(pk=world.agreement.pk).update(
        status=Agreement.Status.PUBLISHED,
        valid_from=datetime.date(2020, 8, 1),
        valid_to=datetime.date(2021, 7, 31),
    )
    html = strinda_client.get(f"/ansatt/avtaler/{world.agreement.pk}/forny/").content.decode()
    assert 'value="2021-08-01"' in html and 'value="2022-07-31"' in html
    assert "allerede over" in html
