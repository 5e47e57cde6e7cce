import os
import re

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Party
from agreements.models.agreement import agreement_date_bounds
from orgs.choices import curriculum_choices
from orgs.models import Organisation
from orgs.validators import is_valid_orgnr, normalise_orgnr
from registry.forms import DateInput
from registry.widgets import CHOICE_LIST_FIELD_TEMPLATE, ChoiceList

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
NINE_DIGITS_IN_PARENTHESES = re.compile(r"\((\d[\d ]{7,10}\d)\)\s*$")


class AgreementForm(forms.ModelForm):
    """The agreement's own fields. The parties are a formset beside it."""

    # The version the editor started from; a save from an older version is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        earliest, latest = agreement_date_bounds()
        for name in ("valid_from", "valid_to", "signed_on"):
            self.fields[name].input_formats = DATE_INPUT_FORMATS
            self.fields[name].widget.attrs.update(min=earliest.isoformat(), max=latest.isoformat())
        # Both lists from one query; the fields' querysets still validate what is posted.
        # Programme areas come grouped by level (Vg1, Vg2, Vg3), trades alphabetically.
        programme_areas, trades = curriculum_choices(key="pk", grouped=True)
        self.fields["programme_areas"].choices = programme_areas
        self.fields["trades"].choices = trades
        for name in ("programme_areas", "trades"):
            self.fields[name].template_name = CHOICE_LIST_FIELD_TEMPLATE
        self.fields["document"].widget.attrs["accept"] = "application/pdf,.pdf"

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if not document or not hasattr(document, "content_type"):
            return document  # nothing new uploaded
        limit = DOCUMENT_MAX_BYTES
        if document.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                code="too_large",
                params={"size": filesizeformat(document.size), "limit": filesizeformat(limit)},
            )
        if not looks_like_pdf(document):
            raise forms.ValidationError(
                _("The file is not a PDF. Upload the signed agreement as a PDF file."),
                code="not_pdf",
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


def looks_like_pdf(upload) -> bool:
    """A PDF by its content, whatever its name or declared type says.

    The header must be in the first kilobyte and the end-of-file marker in the last two.
    """
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(upload.size - 2048, 0))
    tail = upload.read()
    upload.seek(0)
    return b"%PDF-" in head and b"%%EOF" in tail


def role_for(organisation: Organisation) -> str:
    if organisation.is_school:
        return Party.Role.SCHOOL
    if organisation.kind == Organisation.Kind.COMPANY:
        return Party.Role.COMPANY
    return Party.Role.OTHER


class PartyForm(forms.Form):
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=300,
        help_text=_("Organisation number or name"),
        widget=forms.TextInput(
            attrs={"list": "organisation-suggestions", "autocomplete": "off", "class": "org-input"}
        ),
    )
    signatory = forms.CharField(label=_("Signatory"), required=False, max_length=200)

    def clean_organisation(self):
        text = self.cleaned_data["organisation"].strip()
        return resolve_organisation(text) if text else None


def resolve_organisation(text: str) -> Organisation:
    """The organisation a person typed: an organisation number, "Name (number)", or a name."""
    match = NINE_DIGITS_IN_PARENTHESES.search(text)
    candidate = normalise_orgnr(match.group(1) if match else text)
    if candidate.isdigit():
        if not is_valid_orgnr(candidate):
            raise forms.ValidationError(
                _("%(value)s is not a valid organisation number."),
                code="invalid_orgnr",
                params={"value": candidate},
            )
        try:
            return Organisation.objects.get(orgnr=candidate)
        except Organisation.DoesNotExist:
            raise forms.ValidationError(
                _("No organisation with number %(value)s is registered."),
                code="unknown_orgnr",
                params={"value": candidate},
            ) from None
    matches = list(Organisation.objects.active().search(text)[:6])
    exact = [o for o in matches if o.name.casefold() == text.casefold()]
    if len(exact) == 1 or len(matches) == 1:
        return (exact or matches)[0]
    if not matches:
        raise forms.ValidationError(
            _("No organisation matches “%(value)s”. Type its organisation number."),
            code="no_match",
            params={"value": text},
        )
    raise forms.ValidationError(
        _("Several organisations match “%(value)s”: %(names)s. Type the organisation number."),
        code="ambiguous",
        params={"value": text, "names": "; ".join(f"{o.name} ({o.orgnr})" for o in matches[:5])},
    )


class BasePartyFormSet(forms.BaseFormSet):
    def __init__(self, *args, policy=None, **kwargs):
        self.policy = policy
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        organisations = [
            form.cleaned_data["organisation"]
            for form in self.forms
            if form.cleaned_data.get("organisation")
        ]
        seen = set()
        for organisation in organisations:
            if organisation.pk in seen:
                raise forms.ValidationError(
                    _("%(name)s is listed twice."), params={"name": organisation.name}
                )
            seen.add(organisation.pk)
        schools = [o for o in organisations if o.is_school]
        if not schools:
            raise forms.ValidationError(_("Add at least one school as a party."), code="no_school")
        if len(schools) == len(organisations):
            raise forms.ValidationError(
                _("Add at least one company or other partner as a party."), code="no_partner"
            )
        if self.policy is not None and not any(self.policy.may_act_for_school(s) for s in schools):
            raise forms.ValidationError(
                _("At least one of the schools must be one you work at."), code="not_my_school"
            )

    @property
    def parties(self):
        """(organisation, role, signatory) for each filled row, after is_valid()."""
        return [
            (
                form.cleaned_data["organisation"],
                role_for(form.cleaned_data["organisation"]),
                form.cleaned_data.get("signatory", ""),
            )
            for form in self.forms
            if form.cleaned_data.get("organisation")
        ]


PartyFormSet = forms.formset_factory(
    PartyForm, formset=BasePartyFormSet, extra=0, max_num=100, validate_max=True
)
EMPTY_PARTY_ROWS = 4
