import os
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from agreements.models.agreement import agreement_date_bounds
from agreements.models.framework import framework_refusal
from agreements.staff.party_forms import (  # noqa: F401 (the parties' forms, imported from here)
    EMPTY_PARTY_ROWS,
    PartyFormSet,
    resolve_organisation,
)
from agreements.uploads import DOCUMENT_MAX_BYTES, check_pdf_upload  # noqa: F401 (the limit)
from orgs.choices import curriculum_choices
from registry.forms import DateInput
from registry.widgets import CHOICE_LIST_FIELD_TEMPLATE, ChoiceList

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
# An agreement named by its number: "123", "nr. 123", "SAMREG-AVT-0000123", or a label ending
# in "(nr. 123)".
AGREEMENT_NUMBER = re.compile(
    r"(?:^\s*(?:nr\.?\s*)?|SAMREG-AVT-|\(nr\.?\s*)(\d{1,9})\)?\s*$", re.IGNORECASE
)


def framework_label(agreement) -> str:
    """How a framework agreement is shown in its field; resolve_agreement reads it back."""
    return f"{agreement.title} (nr. {agreement.pk})"


def resolve_agreement(text: str):
    """The agreement a person typed: its number (123, SAMREG-AVT-0000123, "Title (nr. 123)"),
    or its title."""
    if match := AGREEMENT_NUMBER.search(text):
        agreement = Agreement.objects.filter(pk=int(match.group(1))).first()
        if agreement is None:
            raise forms.ValidationError(
                _("No agreement has number %(value)s."),
                code="unknown_agreement",
                params={"value": match.group(1)},
            )
        return agreement
    candidates = Agreement.objects.exclude(status=Agreement.Status.WITHDRAWN).order_by("pk")
    matches = list(candidates.filter(title__iexact=text)[:6]) or list(
        candidates.filter(title__icontains=text)[:6]
    )
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise forms.ValidationError(
            _("No agreement is called “%(value)s”. Type its number, as in nr. 123."),
            code="no_match",
            params={"value": text},
        )
    raise forms.ValidationError(
        _("Several agreements match “%(value)s”: %(names)s. Type the number of the one you mean."),
        code="ambiguous",
        params={"value": text, "names": "; ".join(framework_label(a) for a in matches[:5])},
    )


class AgreementForm(forms.ModelForm):
    """The agreement's own fields. The parties are a formset beside it."""

    # The version the editor started from; a save from an older version is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Typed, not chosen from a list of every agreement in the country (resolve_agreement).
    framework = forms.CharField(
        label=_("Framework agreement"),
        required=False,
        max_length=320,
        help_text=_(
            "Optional: the agreement this one is a local agreement under, such as a regional "
            "partnership. Its number (nr. 123) or its title."
        ),
    )

    class Meta:
        model = Agreement
        fields = [
            "title",
            "cooperation_types",
            "programme_areas",
            "trades",
            "valid_from",
            "valid_to",
            "purpose",
            "signed_on",
            "signed_place",
            "contact_persons",
            "yearly_meeting_due",
            "document",
        ]
        widgets = {
            "cooperation_types": forms.CheckboxSelectMultiple,
            # Checkboxes in a list that scrolls and narrows as you type (registry/widgets.py).
            "programme_areas": ChoiceList(search_label=_("Find a programme area")),
            "trades": ChoiceList(search_label=_("Find a trade")),
            "valid_from": DateInput,
            "valid_to": DateInput,
            "signed_on": DateInput,
            "purpose": forms.Textarea(attrs={"rows": 5}),
            "contact_persons": forms.Textarea(attrs={"rows": 3}),
            # A plain file input: the clearable one links to the storage path, which is private.
            "document": forms.FileInput,
        }
        help_texts = {
            "contact_persons": _("Names, phone numbers and e-mail. Only staff see these."),
            "document": _("The signed agreement as a PDF, at most 10 MB. Only staff can open it."),
            "programme_areas": _("Tick every programme area the agreement covers."),
            "trades": _("Tick every trade the agreement covers."),
            "yearly_meeting_due": _(
                "When the parties meet each year to review the cooperation. Staff are "
                "reminded when the meeting is due and no yearly meeting is recorded."
            ),
        }

    def __init__(self, *args, curriculum=None, **kwargs):
        """`curriculum`: curriculum_choices(key="pk", grouped=True) computed once by a caller
        that builds many forms (the spreadsheet import), instead of once a form."""
        super().__init__(*args, **kwargs)
        if not self.is_bound and "framework" not in self.initial and self.instance.framework_id:
            self.initial["framework"] = framework_label(self.instance.framework)
        earliest, latest = agreement_date_bounds()
        for name in ("valid_from", "valid_to", "signed_on"):
            self.fields[name].input_formats = DATE_INPUT_FORMATS
            self.fields[name].widget.attrs.update(min=earliest.isoformat(), max=latest.isoformat())
        # Both lists from one query; the fields' querysets still validate what is posted.
        # Programme areas come grouped by level (Vg1, Vg2, Vg3), trades alphabetically.
        programme_areas, trades = curriculum or curriculum_choices(key="pk", grouped=True)
        self.fields["programme_areas"].choices = programme_areas
        self.fields["trades"].choices = trades
        for name in ("programme_areas", "trades"):
            self.fields[name].template_name = CHOICE_LIST_FIELD_TEMPLATE
        self.fields["document"].widget.attrs["accept"] = "application/pdf,.pdf"

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if not document or not hasattr(document, "content_type"):
            return document  # nothing new uploaded
        check_pdf_upload(
            document, _("The file is not a PDF. Upload the signed agreement as a PDF file.")
        )
        self.instance.document_name = os.path.basename(document.name)[:255]
        return document

    def keep_chosen_file_error(self) -> None:
        """A browser cannot keep a chosen file when the form comes back with errors: say so
        next to the field, so the document is not lost without a word."""
        if self.files.get("document") and "document" not in self.errors:
            self.add_error(
                "document",
                forms.ValidationError(
                    _(
                        "Choose the file again: the form had errors, and a browser does not "
                        "keep a chosen file when the form is shown again."
                    ),
                    code="choose_again",
                ),
            )

    def clean_framework(self):
        text = self.cleaned_data["framework"].strip()
        framework = resolve_agreement(text) if text else None
        if refusal := framework_refusal(self.instance.pk, framework):
            raise forms.ValidationError(refusal, code="framework_cycle")
        self.instance.framework = framework
        return framework

    def clean(self):
        cleaned = super().clean()
        valid_from, valid_to = cleaned.get("valid_from"), cleaned.get("valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            self.add_error(
                "valid_to",
                _("The agreement cannot end before it starts (%(date)s).")
                % {"date": valid_from.strftime("%d.%m.%Y")},
            )
        return cleaned
