"""Follow-up rows for the tests: on an agreement, an annual plan, a meeting and an evaluation,
staff-only or marked public, the plan and the meeting with a PDF."""

import datetime

from django.core.files.base import ContentFile

from agreements.models import AnnualPlan, Evaluation, Meeting

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add_follow_up(agreement, *, public=False, user=None, tag=""):
    """(plan, meeting, evaluation) on the agreement, dated in its period."""
    day = agreement.valid_from + datetime.timedelta(days=10)
    year = day.year + agreement.annual_plans.count()  # one plan per school year
    plan = AnnualPlan(
        agreement=agreement,
        school_year=f"{year}–{year + 1}",
        text=f"Årsplan {tag}",
        is_public=public,
        created_by=user,
    )
    plan.document.save(f"arsplan{tag}.pdf", ContentFile(PDF), save=False)
    plan.save()
    meeting = Meeting(
        agreement=agreement,
        date=day,
        kind=Meeting.Kind.YEARLY,
        participants=f"Kari, Ola {tag}",
        minutes=f"Referat {tag}",
        is_public=public,
        created_by=user,
    )
    meeting.minutes_document.save(f"referat{tag}.pdf", ContentFile(PDF), save=False)
    meeting.save()
    evaluation = Evaluation.objects.create(
        agreement=agreement,
        date=day,
        achieved=f"Oppnådd {tag}",
        changes="Endringer",
        next_focus_areas="Fokus",
        is_public=public,
        created_by=user,
    )
    return plan, meeting, evaluation


def follow_up_keys(world) -> dict:
    """The permission matrix's keys: staff-only items on the draft, items marked public and a
    staff-only plan and meeting on the published agreement."""
    plan, meeting, evaluation = add_follow_up(world.draft)
    public_plan, public_meeting, _ = add_follow_up(world.published, public=True, tag="p")
    hidden_plan = AnnualPlan.objects.create(
        agreement=world.published, school_year="2040–2041", text="Intern", is_public=False
    )
    hidden_plan.document.save("intern.pdf", ContentFile(PDF))
    hidden_meeting = Meeting(
        agreement=world.published, date=public_meeting.date, kind=Meeting.Kind.OTHER
    )
    hidden_meeting.minutes_document.save("intern.pdf", ContentFile(PDF))
    return {
        "plan": plan.pk,
        "meeting": meeting.pk,
        "evaluation": evaluation.pk,
        "public_plan": public_plan.pk,
        "public_meeting": public_meeting.pk,
        "hidden_plan": hidden_plan.pk,
        "hidden_meeting": hidden_meeting.pk,
    }


def follow_up_state() -> dict:
    """What a refused request must leave as it was."""
    return {
        "plans": list(AnnualPlan.objects.order_by("pk").values_list("pk", "school_year", "text")),
        "meetings": list(Meeting.objects.order_by("pk").values_list("pk", "date", "minutes")),
        "evaluations": list(Evaluation.objects.order_by("pk").values_list("pk", "achieved")),
    }
