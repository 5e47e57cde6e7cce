"""Recording an agreement's follow-up on the staff pages: the forms, the timeline on the staff
page, the public page's share of it, the PDFs, bad input, the history and the query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import AnnualPlan, Evaluation, Meeting
from agreements.uploads import DOCUMENT_MAX_BYTES
from tests.agreements.follow_up.items import PDF, add_follow_up

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def base(agreement):
    return f"/ansatt/avtaler/{agreement.pk}/oppfolging/"


def in_period(agreement, days=20):
    return (agreement.valid_from + days * DAY).isoformat()


class TestRecording:
    def test_a_meeting_with_minutes_as_pdf(self, strinda_client, world, published):
        response = strinda_client.post(
            base(published) + "mote/ny/",
            {
                "date": in_period(published),
                "kind": "yearly",
                "participants": "Rektor, opplæringsleder",
                "minutes": "Resultatene ble gjennomgått.",
                "minutes_document": SimpleUploadedFile("Referat mai.pdf", PDF, "application/pdf"),
            },
        )
        assert response.status_code == 302
        assert response.url == f"/ansatt/avtaler/{published.pk}/#oppfolging"
        meeting = Meeting.objects.get()
        assert (meeting.agreement, meeting.created_by) == (published, world.strinda_teacher)
        assert meeting.minutes_document_name == "Referat mai.pdf"
        html = strinda_client.get(f"/ansatt/avtaler/{published.pk}/").content.decode()
        assert "Møtet er lagret." in html
        assert "Årlig samarbeidsmøte" in html and "Resultatene ble gjennomgått." in html
        assert "Bare for ansatte" in html
        url = f"{base(published)}mote/{meeting.pk}/referat/"
        assert url in html and f"{base(published)}mote/{meeting.pk}/endre/" in html
        download = strinda_client.get(url)
        assert download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content) == PDF
        assert 'filename="Referat mai.pdf"' in download["Content-Disposition"]

    def test_an_annual_plan_and_an_evaluation(self, strinda_client, published):
        response = strinda_client.post(
            base(published) + "arsplan/ny/",
            {"school_year": "2025/26", "text": "Hospitering i oktober.", "is_public": "on"},
        )
        assert response.status_code == 302
        plan = AnnualPlan.objects.get()
        assert (plan.school_year, plan.is_public) == ("2025–2026", True)
        response = strinda_client.post(
            base(published) + "evaluering/ny/",
            {
                "date": in_period(published, 40),
                "achieved": "Alle elever fikk plass.",
                "next_focus_areas": "Flere lærefag.",
            },
        )
        assert response.status_code == 302
        html = strinda_client.get(f"/ansatt/avtaler/{published.pk}/").content.decode()
        assert "Årsplan 2025–2026" in html and "Alle elever fikk plass." in html

    def test_the_timeline_is_newest_first(self, strinda_client, published):
        start = published.valid_from
        Meeting.objects.create(agreement=published, date=start + 10 * DAY, minutes="Første møte")
        Evaluation.objects.create(agreement=published, date=start + 90 * DAY, achieved="Evaluert")
        Meeting.objects.create(agreement=published, date=start + 200 * DAY, minutes="Siste møte")
        html = strinda_client.get(f"/ansatt/avtaler/{published.pk}/").content.decode()
        assert html.index("Siste møte") < html.index("Evaluert") < html.index("Første møte")

    def test_change_and_delete(self, strinda_client, world, published):
        plan, meeting, evaluation = add_follow_up(published)
        response = strinda_client.post(
            f"{base(published)}mote/{meeting.pk}/endre/",
            {"date": meeting.date.isoformat(), "kind": "evaluation", "remove_file": "on"},
        )
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.kind == Meeting.Kind.EVALUATION
        assert (meeting.minutes_document.name, meeting.minutes_document_name) == ("", "")
        assert meeting.updated_by == world.strinda_teacher
        response = strinda_client.post(f"{base(published)}evaluering/{evaluation.pk}/slett/")
        assert response.status_code == 302
        assert not Evaluation.objects.exists()
        assert "Evalueringen er slettet." in strinda_client.get(response.url).content.decode()

    def test_an_item_is_reached_only_through_its_own_agreement(self, strinda_client, world):
        other_plan, _, _ = add_follow_up(world.agreement)
        mine = base(world.agreement).replace(str(world.agreement.pk), "999999")
        assert strinda_client.get(f"{mine}arsplan/{other_plan.pk}/endre/").status_code == 404

    def test_the_history_keeps_each_change(self, strinda_client, world, published):
        strinda_client.post(
            base(published) + "mote/ny/", {"date": in_period(published), "kind": "yearly"}
        )
        meeting = Meeting.objects.get()
        strinda_client.post(
            f"{base(published)}mote/{meeting.pk}/endre/",
            {"date": in_period(published), "kind": "yearly", "minutes": "Rettet referat."},
        )
        strinda_client.post(f"{base(published)}mote/{meeting.pk}/slett/")
        records = Meeting.history.filter(id=meeting.pk).order_by("history_date")
        assert [r.history_type for r in records] == ["+", "~", "-"]
        assert [r.history_user for r in records] == [world.strinda_teacher] * 3
        assert records[1].minutes == "Rettet referat."

    def test_staff_of_another_school_read_it_but_cannot_change_it(self, client, world, published):
        add_follow_up(published)
        client.force_login(world.meloy_teacher)
        html = client.get(f"/ansatt/avtaler/{published.pk}/").content.decode()
        assert "Referat " in html
        assert "Registrer et møte" not in html and "/endre/" not in html.split("oppfolging", 1)[1]
        assert client.get(base(published) + "mote/ny/").status_code == 403


class TestThePublic:
    def test_sees_only_what_is_marked_public(self, client, published):
        hidden = add_follow_up(published, tag="intern")
        shown = add_follow_up(published, public=True, tag="åpen")
        html = client.get(f"/avtaler/{published.pk}/").content.decode()
        assert "Referat åpen" in html and "Oppnådd åpen" in html and "Årsplan åpen" in html
        assert "intern" not in html and "/ansatt/" not in html.split("oppfolging", 1)[1]
        plan, meeting = shown[0], shown[1]
        assert client.get(f"/avtaler/{published.pk}/arsplan/{plan.pk}/dokument/").status_code == 200
        assert client.get(f"/avtaler/{published.pk}/mote/{meeting.pk}/referat/").status_code == 200
        for url in (
            f"/avtaler/{published.pk}/arsplan/{hidden[0].pk}/dokument/",
            f"/avtaler/{published.pk}/mote/{hidden[1].pk}/referat/",
            # Staff URLs need a login.
            f"{base(published)}mote/{meeting.pk}/referat/",
        ):
            assert client.get(url).status_code in (302, 404), url
        assert client.get(f"{base(published)}mote/{meeting.pk}/referat/").status_code == 302

    def test_nothing_of_an_agreement_that_is_not_public(self, client, world):
        plan, meeting, _ = add_follow_up(world.agreement, public=True)  # a draft
        assert client.get(f"/avtaler/{world.agreement.pk}/").status_code == 404
        assert (
            client.get(f"/avtaler/{world.agreement.pk}/arsplan/{plan.pk}/dokument/").status_code
            == 404
        )
        assert (
            client.get(f"/avtaler/{world.agreement.pk}/mote/{meeting.pk}/referat/").status_code
            == 404
        )

    def test_no_section_without_public_follow_up(self, client, published):
        add_follow_up(published)
        html = client.get(f"/avtaler/{published.pk}/").content.decode()
        assert 'id="oppfolging"' not in html

    def test_html_is_shown_as_text(self, strinda_client, client, published):
        strinda_client.post(
            base(published) + "mote/ny/",
            {
                "date": in_period(published),
                "kind": "yearly",
                "participants": "<b>Kari</b>",
                "minutes": "<script>alert('x')</script>",
                "is_public": "on",
            },
        )
        for page in (strinda_client, client):
            url = "/ansatt/avtaler/{}/" if page is strinda_client else "/avtaler/{}/"
            html = page.get(url.format(published.pk)).content.decode()
            assert "<script>alert" not in html and "<b>Kari" not in html
            assert "&lt;script&gt;" in html


BAD_UPLOADS = [
    (b"<html>not a pdf</html>", "ikke en PDF"),
    (b"PK\x03\x04 a zip file renamed", "ikke en PDF"),
    (b"%PDF-1.7\n" + b"0" * DOCUMENT_MAX_BYTES + b"\n%%EOF", "grensen er 10,0"),
]


class TestBadInput:
    @pytest.mark.parametrize("content, message", BAD_UPLOADS, ids=["html", "zip", "too large"])
    def test_minutes_that_are_not_a_pdf_or_too_large(
        self, strinda_client, published, content, message
    ):
        response = strinda_client.post(
            base(published) + "mote/ny/",
            {
                "date": in_period(published),
                "kind": "yearly",
                "minutes_document": SimpleUploadedFile("referat.pdf", content, "application/pdf"),
            },
        )
        assert response.status_code == 400
        error = _field_error(response, "id_minutes_document")
        assert message in error
        assert not Meeting.objects.exists()

    @pytest.mark.parametrize("content, message", BAD_UPLOADS[:1] + BAD_UPLOADS[2:])
    def test_a_plan_that_is_not_a_pdf_or_too_large(
        self, strinda_client, published, content, message
    ):
        response = strinda_client.post(
            base(published) + "arsplan/ny/",
            {
                "school_year": "2025–2026",
                "document": SimpleUploadedFile("plan.pdf", content, "application/pdf"),
            },
        )
        assert response.status_code == 400
        assert message in _field_error(response, "id_document")
        assert not AnnualPlan.objects.exists()

    @pytest.mark.parametrize(
        "school_year, message",
        [
            ("2025", "to år etter hverandre"),
            ("2025–2027", "to år etter hverandre"),
            ("1066–1067", "to år etter hverandre"),
        ],
    )
    def test_a_school_year_that_is_not_one(self, strinda_client, published, school_year, message):
        response = strinda_client.post(
            base(published) + "arsplan/ny/", {"school_year": school_year, "text": "Plan"}
        )
        assert response.status_code == 400
        assert message in _field_error(response, "id_school_year")
        assert not AnnualPlan.objects.exists()

    def test_a_second_plan_for_the_same_school_year(self, strinda_client, published):
        AnnualPlan.objects.create(agreement=published, school_year="2025–2026", text="Første")
        response = strinda_client.post(
            base(published) + "arsplan/ny/", {"school_year": "2025-2026", "text": "Andre"}
        )
        assert response.status_code == 400
        assert "har allerede en årsplan for 2025–2026" in _field_error(response, "id_school_year")
        assert AnnualPlan.objects.count() == 1

    def test_a_plan_with_neither_text_nor_pdf(self, strinda_client, published):
        response = strinda_client.post(
            base(published) + "arsplan/ny/", {"school_year": "2025–2026", "text": "  "}
        )
        assert response.status_code == 400
        assert "Skriv planen, eller last den opp som PDF." in _field_error(response, "id_text")

    def test_an_empty_evaluation_and_a_meeting_without_a_date(self, strinda_client, published):
        response = strinda_client.post(
            base(published) + "evaluering/ny/", {"date": in_period(published)}
        )
        assert response.status_code == 400
        assert "Skriv hva som ble oppnådd" in _field_error(response, "id_achieved")
        response = strinda_client.post(base(published) + "mote/ny/", {"kind": "yearly"})
        assert response.status_code == 400
        assert _field_error(response, "id_date")
        assert not Evaluation.objects.exists() and not Meeting.objects.exists()

    def test_a_meeting_outside_the_period_is_saved_with_a_warning(self, strinda_client, published):
        day = published.valid_to + 3 * DAY
        response = strinda_client.post(
            base(published) + "mote/ny/", {"date": day.isoformat(), "kind": "yearly"}, follow=True
        )
        assert Meeting.objects.get().date == day
        html = response.content.decode()
        assert f"Datoen {day:%d.%m.%Y} er utenfor avtaleperioden" in html
        assert "Datert utenfor avtaleperioden." in html

    def test_a_meeting_in_the_period_gets_no_warning(self, strinda_client, published):
        response = strinda_client.post(
            base(published) + "mote/ny/",
            {"date": in_period(published), "kind": "yearly"},
            follow=True,
        )
        assert "utenfor avtaleperioden" not in response.content.decode()


def _field_error(response, field_id) -> str:
    """The error text shown next to the field (templates/forms/field.html)."""
    html = response.content.decode()
    marker = f'id="{field_id}_error">'
    assert marker in html, f"no error next to {field_id}"
    return html.split(marker, 1)[1].split("</p>", 1)[0]


class TestConstantQueries:
    def count(self, client, url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def test_the_pages_with_follow_up(self, strinda_client, client, published):
        published.yearly_meeting_due = "spring"
        published.save()
        plan, meeting, evaluation = add_follow_up(published, public=True, tag="0")
        staff_urls = [
            f"/ansatt/avtaler/{published.pk}/",
            base(published) + "mote/ny/",
            f"{base(published)}mote/{meeting.pk}/endre/",
            f"{base(published)}arsplan/{plan.pk}/endre/",
            f"{base(published)}evaluering/{evaluation.pk}/endre/",
        ]
        public_url = f"/avtaler/{published.pk}/"
        few = [self.count(strinda_client, url) for url in staff_urls]
        few_public = self.count(client, public_url)
        for n in range(1, 8):
            Meeting.objects.create(agreement=published, date=meeting.date, is_public=n % 2 == 0)
            Evaluation.objects.create(agreement=published, date=meeting.date, achieved=f"E{n}")
            AnnualPlan.objects.create(
                agreement=published, school_year=f"{2030 + n}–{2031 + n}", is_public=True
            )
        assert [self.count(strinda_client, url) for url in staff_urls] == few
        assert self.count(client, public_url) == few_public
