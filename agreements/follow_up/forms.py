"""The forms of an agreement's follow-up: an annual plan, a meeting, an evaluation.

An uploaded PDF is checked by the model field's validator (agreements.uploads, the same check
as the signed agreement's), so a file that is not a PDF or is too large is refused next to its
field. A meeting or an evaluation dated outside the agreement's period is saved, with a
warning (`period_warning`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import AnnualPlan, Evaluation, Meeting
from agreements.models.agreement import agreement_date_bounds
from agreements.models.follow_up import dated_outside_period, normalise_school_year
from agreements.staff.forms import DATE_INPUT_FORMATS
from registry.forms import DateInput

PDF_HELP = _("A PDF, at most 10 MB. Only staff can open it unless the item is marked public.")


class FollowUpForm(forms.ModelForm):
    """What the three forms share: the agreement they belong to, the date's formats and
    bounds, and the uploaded PDF (replaced by a new one, or removed)."""

    file_field = None  # the model's PDF field, if any
    remove_file = forms.BooleanField(label=_("Remove the uploaded PDF"), required=False)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.instance.agreement = agreement
        if "date" in self.fields:
            earliest, latest = agreement_date_bounds()
            self.fields["date"].input_formats = DATE_INPUT_FORMATS
            self.fields["date"].widget.attrs.update(
                min=earliest.isoformat(), max=latest.isoformat()
            )
        if self.file_field:
            self.fields[self.file_field].widget.attrs["accept"] = "application/pdf,.pdf"
            self.fields[self.file_field].help_text = PDF_HELP
        if not self.has_stored_file:
            del self.fields["remove_file"]
        elif self.file_field:  # the checkbox right after the file it removes
            names = [name for name in self.fields if name != "remove_file"]
            names.insert(names.index(self.file_field) + 1, "remove_file")
            self.order_fields(names)

    @property
    def has_stored_file(self) -> bool:
        return bool(
            self.file_field and self.instance.pk and getattr(self.instance, self.file_field)
        )

    @property
    def stored_file_name(self) -> str:
        return getattr(self.instance, f"{self.file_field}_name", "") if self.file_field else ""

    def has_file_after_save(self) -> bool:
        """A new upload, or the stored file kept."""
        if self.files.get(self.add_prefix(self.file_field)):
            return True
        return self.has_stored_file and not self.cleaned_data.get("remove_file")

    def _post_clean(self):
        super()._post_clean()
        new_upload = self.file_field and self.files.get(self.add_prefix(self.file_field))
        if self.cleaned_data.get("remove_file") and not new_upload:
            setattr(self.instance, self.file_field, "")

    def keep_chosen_file_error(self) -> None:
        """A browser does not keep a chosen file when the form comes back with errors."""
        name = self.file_field
        if name and self.files.get(self.add_prefix(name)) and name not in self.errors:
            self.add_error(
                name,
                forms.ValidationError(
                    _(
                        "Choose the file again: the form had errors, and a browser does not "
                        "keep a chosen file when the form is shown again."
                    ),
                    code="choose_again",
                ),
            )

    def period_warning(self) -> str:
        """After saving: the warning for a date outside the agreement's period, or ""."""
        date = getattr(self.instance, "date", None)
        if not dated_outside_period(self.agreement, date):
            return ""
        return _(
            "The date %(date)s is outside the agreement's period (%(start)s–%(end)s). It is "
            "saved; check that the date is right."
        ) % {
            "date": date.strftime("%d.%m.%Y"),
            "start": self.agreement.valid_from.strftime("%d.%m.%Y"),
            "end": self.agreement.valid_to.strftime("%d.%m.%Y"),
        }


class AnnualPlanForm(FollowUpForm):
    file_field = "document"

    class Meta:
        model = AnnualPlan
        fields = ["school_year", "text", "document", "is_public"]
        widgets = {
            "school_year": forms.TextInput(attrs={"placeholder": "2025–2026", "size": 10}),
            "text": forms.Textarea(attrs={"rows": 8}),
            "document": forms.FileInput,
        }
        help_texts = {
            "school_year": _("Such as 2025–2026."),
            "text": _("The plan for the school year: what is done, when, and by whom."),
        }

    def clean_school_year(self):
        school_year = normalise_school_year(self.cleaned_data["school_year"])
        others = AnnualPlan.objects.filter(agreement=self.agreement, school_year=school_year)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("The agreement already has an annual plan for %(year)s: change that one."),
                code="duplicate",
                params={"year": school_year},
            )
        return school_year

    def clean(self):
        cleaned = super().clean()
        if "document" in self.errors or "school_year" in self.errors:
            return cleaned
        if not cleaned.get("text", "").strip() and not self.has_file_after_save():
            self.add_error("text", _("Write the plan, or upload it as a PDF."))
        return cleaned


class MeetingForm(FollowUpForm):
    file_field = "minutes_document"

    class Meta:
        model = Meeting
        fields = ["date", "kind", "participants", "minutes", "minutes_document", "is_public"]
        widgets = {
            "date": DateInput,
            "participants": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "minutes_document": forms.FileInput,
        }
        help_texts = {
            "participants": _("Names and roles, or the parties that took part."),
            "minutes": _("What was reviewed and decided. Or upload the minutes as a PDF."),
        }


class EvaluationForm(FollowUpForm):
    TEXTS = ("achieved", "changes", "next_focus_areas")

    class Meta:
        model = Evaluation
        fields = ["date", "achieved", "changes", "next_focus_areas", "is_public"]
        widgets = {
            "date": DateInput,
            "achieved": forms.Textarea(attrs={"rows": 5}),
            "changes": forms.Textarea(attrs={"rows": 5}),
            "next_focus_areas": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name, "").strip() for name in self.TEXTS):
            self.add_error("achieved", _("Write what was reached, what changes or what is next."))
        return cleaned
