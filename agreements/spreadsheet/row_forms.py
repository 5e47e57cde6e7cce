"""The forms a sheet's rows are checked by: the agreement form's own (AgreementForm, PartyForm,
BasePartyFormSet), with what the sheet has loaded once instead of once a row: the choices,
the organisations, and the fields themselves (SharedFields). Their model's check constraints
are asked for many rows in one query (agreements.spreadsheet.constraints)."""

import copy

from django import forms
from django.db.models import QuerySet

from agreements.spreadsheet.columns import split_list
from agreements.spreadsheet.constraints import DeferredConstraints
from agreements.staff.forms import AgreementForm
from agreements.staff.party_forms import BasePartyFormSet, PartyForm, resolve_organisation
from orgs.models import Organisation
from orgs.validators import normalise_orgnr

CHOICES = ("cooperation_types", "programme_areas", "trades")


class SharedFields(dict):
    """A form class's fields, deep-copied once for a sheet and handed to each row's form as
    they are, where a form deep-copies its class's fields (the most of a row's check). The
    rows' forms are validated, never shown, and what a form's __init__ sets on its fields
    (date formats, choices, widget attributes) is the same for every row."""

    @classmethod
    def of(cls, form_class):
        return cls(copy.deepcopy(form_class.base_fields))

    def __deepcopy__(self, memo):
        return dict(self)


class SheetForm:
    """A form whose fields are the sheet's SharedFields (`fields`)."""

    def __init__(self, *args, fields, **kwargs):
        self.base_fields = fields
        super().__init__(*args, **kwargs)


class Preloaded(forms.ModelMultipleChoiceField):
    """The form's own choice field, its posted values checked against the objects loaded once
    for the sheet (from the field's own queryset) instead of by a query a row."""

    @classmethod
    def of(cls, field, objects):
        preloaded = cls.__new__(cls)
        preloaded.__dict__.update(field.__dict__)
        preloaded.objects = objects
        return preloaded

    def clean(self, value):
        cleaned = super().clean(value)
        # None chosen: the field's queryset.none(), which costs a compiled query to read.
        return [] if isinstance(cleaned, QuerySet) else cleaned

    def _check_values(self, value):
        found = []
        for pk in value:
            try:
                found.append(self.objects[int(pk)])
            except (KeyError, TypeError, ValueError):
                message = self.error_messages["invalid_choice"]
                raise forms.ValidationError(
                    message, code="invalid_choice", params={"value": pk}
                ) from None
        return found


class Organisations:
    """Every organisation number of the sheet from one query; names through the form's own
    resolve_organisation, each name once."""

    def __init__(self, sheet_rows):
        numbers = {
            normalise_orgnr(text)
            for _number, cells in sheet_rows
            for text in split_list(cells.get("parties", ""))
        }
        self.by_orgnr = {
            o.orgnr: o
            for o in Organisation.objects.filter(
                orgnr__in=[n for n in numbers if n.isdigit()]
            ).select_related("municipality")
        }
        self.by_text = {}

    def resolve(self, text: str):
        number = normalise_orgnr(text)
        if number in self.by_orgnr:
            return self.by_orgnr[number]
        if text not in self.by_text:
            try:
                self.by_text[text] = resolve_organisation(text)
            except forms.ValidationError as error:
                self.by_text[text] = error
        found = self.by_text[text]
        if isinstance(found, forms.ValidationError):
            raise found
        return found


class ImportAgreementForm(SheetForm, DeferredConstraints, AgreementForm):
    """The agreement form, its model's check constraints asked for many rows in one query."""

    @classmethod
    def sheet_fields(cls) -> SharedFields:
        """The fields for a sheet, the choice fields checked against objects loaded once (from
        the fields' own querysets)."""
        fields = SharedFields.of(cls)
        for name in CHOICES:
            fields[name] = Preloaded.of(fields[name], fields[name].queryset.in_bulk())
        return fields


class ImportPartyForm(SheetForm, PartyForm):
    """The agreement form's party row, its organisation found through the sheet's cache."""

    def __init__(self, *args, organisations, **kwargs):
        self.organisations = organisations
        super().__init__(*args, **kwargs)

    def clean_organisation(self):
        text = self.cleaned_data["organisation"].strip()
        return self.organisations.resolve(text) if text else None


ImportPartyFormSet = forms.formset_factory(
    ImportPartyForm, formset=BasePartyFormSet, extra=0, max_num=100, validate_max=True
)
