"""Checking one row of a sheet: by the agreement form's own rules (AgreementForm, and the
parties' PartyForm and BasePartyFormSet), the rights of registry.permissions.Policy for every
education party, and the match of an agreement imported before (its external reference).

What the sheet says is turned into what the form would be posted; the form's errors come back
next to the column they belong to. Nothing here saves anything (agreements.spreadsheet.importing
does, through agreements.workflow.save).
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from agreements.models import Agreement, CooperationType, ImportReference
from agreements.models.party import EDUCATION_ROLES, Role
from agreements.spreadsheet.columns import split_list
from agreements.spreadsheet.constraints import check_constraints
from agreements.spreadsheet.row_forms import (
    CHOICES,
    ImportAgreementForm,
    ImportPartyForm,
    ImportPartyFormSet,
    Organisations,
    SharedFields,
)
from orgs.choices import curriculum_choices
from orgs.models import ProgrammeArea, Trade

PUBLISH_WORDS = {"publisert", "published", "publiser", "publish"}
DRAFT_WORDS = {"", "utkast", "draft"}
# An exported agreement's status that the import leaves as it is (only the workflow changes it).
KEEP_WORDS = {"trukket", "withdrawn", "sendt til godkjenning", "awaiting approval"}
# An agreement exported from the registry, named by its number (agreements.spreadsheet.exporting).
REGISTRY_REFERENCE = re.compile(r"SAMREG-AVT-(\d{1,9})", re.IGNORECASE)
# The form's fields that are not columns of the sheet, as a new agreement's form posts them.
FORM_ONLY = {"yearly_meeting_due": "", "framework": "", "version": ""}
PARTY_PREFIX = "p"


def _fold(text) -> str:
    return " ".join(str(text).casefold().split())


class Vocabulary:
    """The cooperation types, programme areas and trades by every name a sheet may use."""

    def __init__(self):
        self.cooperation_types = {}
        for pk, slug, name_nb, name_en in CooperationType.objects.values_list(
            "pk", "slug", "name_nb", "name_en"
        ):
            for name in (slug, name_nb, name_en):
                if name:
                    self.cooperation_types[_fold(name)] = pk
        self.programme_areas = self._curriculum(ProgrammeArea)
        self.trades = self._curriculum(Trade)

    @staticmethod
    def _curriculum(model):
        names = {}
        for pk, code, title_nb, title_en in model.objects.values_list(
            "pk", "code", "title_nb", "title_en"
        ):
            for name in (title_en, title_nb, code):  # the code wins
                if name:
                    names[_fold(name)] = pk
        return names


class Existing:
    """The agreements a sheet's references name: imported before (ImportReference, by county),
    or exported from the registry (SAMREG-AVT-0000123, by number)."""

    def __init__(self, sheet_rows):
        references = {cells.get("reference", "") for _n, cells in sheet_rows} - {""}
        numbers = {
            int(m.group(1)) for r in references if (m := REGISTRY_REFERENCE.fullmatch(r.strip()))
        }
        # With what the form reads of an agreement it edits (its choices), not a query a row.
        agreements = Agreement.objects.prefetch_related("parties", *CHOICES).select_related(
            "import_reference"
        )
        self.by_reference = {
            (ref.county_id, ref.reference): ref.agreement
            for ref in ImportReference.objects.filter(reference__in=references).select_related(
                "agreement"
            )
        }
        self.agreements = {
            a.pk: a
            for a in agreements.filter(
                pk__in=[a.pk for a in self.by_reference.values()] + list(numbers)
            )
        }

    def find(self, reference: str, county_id):
        if match := REGISTRY_REFERENCE.fullmatch(reference.strip()):
            return self.agreements.get(int(match.group(1)))
        found = self.by_reference.get((county_id, reference))
        return self.agreements.get(found.pk) if found else None


@dataclass
class CheckedRow:
    number: int
    cells: dict
    errors: dict = field(default_factory=dict)  # column key → [message]
    form: object = None
    parties: object = None
    existing: object = None
    conflict: str = ""
    publish: bool = False

    def add(self, column: str, message) -> None:
        self.errors.setdefault(column, []).append(str(message))

    @property
    def action(self) -> str:
        if self.errors:
            return "error"
        if self.conflict:
            return "conflict"
        return "update" if self.existing is not None else "create"


class RowChecker:
    """Checks the rows of one sheet for one user (their Policy)."""

    def __init__(self, sheet_rows, *, policy, pdfs):
        self.policy, self.pdfs = policy, pdfs
        self.vocabulary = Vocabulary()
        self.organisations = Organisations(sheet_rows)
        self.existing = Existing(sheet_rows)
        self.seen_references = set()
        # The form's choice lists once for the sheet, not once a row (a cache round trip each).
        self.curriculum = curriculum_choices(key="pk", grouped=True)
        self.form_fields = ImportAgreementForm.sheet_fields()
        self.party_fields = SharedFields.of(ImportPartyForm)

    def check_rows(self, sheet_rows) -> list[CheckedRow]:
        """These rows checked; the model's check constraints of all their forms in one query."""
        rows = [self._check(number, cells) for number, cells in sheet_rows]
        check_constraints([row.form for row in rows])
        for row in rows:
            for name, messages in row.form.errors.items():
                for message in messages:
                    row.add("title" if name == "__all__" else name, message)
        return rows

    def _check(self, number: int, cells: dict) -> CheckedRow:
        """The row checked, but for its form's errors (after check_constraints)."""
        row = CheckedRow(number, cells)
        status = _fold(cells.get("status", ""))
        if status not in PUBLISH_WORDS | DRAFT_WORDS | KEEP_WORDS:
            row.add("status", _("Write “utkast” or “publisert”."))
        row.publish = status in PUBLISH_WORDS
        parties = self._parties(row)
        existing = self._existing(row, parties)
        if status in KEEP_WORDS and existing is None:
            row.add("status", _("A new agreement is imported as “utkast” or “publisert”."))
        form = ImportAgreementForm(
            self._form_data(row),
            self._files(row),
            instance=existing,
            curriculum=self.curriculum,
            fields=self.form_fields,
        )
        form.full_clean()
        row.form, row.parties = form, parties
        return row

    def _form_data(self, row):
        cells = row.cells
        data = {
            **FORM_ONLY,
            **{
                name: cells.get(name, "")
                for name in (
                    "title",
                    "purpose",
                    "valid_from",
                    "valid_to",
                    "signed_on",
                    "signed_place",
                    "contact_persons",
                )
            },
        }
        for name, known in (
            ("cooperation_types", self.vocabulary.cooperation_types),
            ("programme_areas", self.vocabulary.programme_areas),
            ("trades", self.vocabulary.trades),
        ):
            values = split_list(cells.get(name, ""))
            unknown = [v for v in values if _fold(v) not in known]
            if unknown:
                row.add(
                    name,
                    _("Not in the registry: %(names)s.")
                    % {"names": ", ".join(f"«{v}»" for v in unknown)},
                )
            data[name] = [known[_fold(v)] for v in values if _fold(v) in known]
        if row.existing is not None:
            data["yearly_meeting_due"] = row.existing.yearly_meeting_due
        return data

    def _files(self, row):
        name = row.cells.get("document", "")
        if not name:
            return {}
        kept = row.existing is not None and name == row.existing.document_name
        if kept and (self.pdfs is None or name not in self.pdfs):
            return {}  # the document it has, as exported
        if self.pdfs is None or name not in self.pdfs:
            row.add(
                "document",
                _("%(name)s is not in the ZIP file of signed PDFs.") % {"name": name}
                if self.pdfs is not None
                else _("Upload the ZIP file of signed PDFs that holds %(name)s.") % {"name": name},
            )
            return {}
        return {"document": self.pdfs.upload(name)}

    def _parties(self, row):
        texts = split_list(row.cells.get("parties", ""))
        data = {
            f"{PARTY_PREFIX}-TOTAL_FORMS": str(len(texts)),
            f"{PARTY_PREFIX}-INITIAL_FORMS": "0",
            **{f"{PARTY_PREFIX}-{i}-organisation": text for i, text in enumerate(texts)},
        }
        formset = ImportPartyFormSet(
            data,
            prefix=PARTY_PREFIX,
            policy=self.policy,
            form_kwargs={"organisations": self.organisations, "fields": self.party_fields},
        )
        if not formset.is_valid():
            for text, form in zip(texts, formset.forms, strict=True):
                for messages in form.errors.values():
                    for message in messages:
                        row.add("parties", f"{text}: {message}" if text not in message else message)
            for message in formset.non_form_errors():
                row.add("parties", message)
            if not any(form.errors for form in formset.forms):
                self._check_rights(row, [form.row for form in formset.forms if form.row])
            return formset
        self._check_rights(row, formset.parties)
        return formset

    def _check_rights(self, row, parties) -> None:
        """Every education party is one the user may register agreements for (their own
        school, or their county's), and a school is among them."""
        if not any(p.role == Role.SCHOOL for p in parties):
            row.add(
                "parties", _("No school among the parties. Add the school's organisation number.")
            )
        for party in parties:
            if party.role in EDUCATION_ROLES and not self.policy.may_act_for_organisation(
                party.organisation
            ):
                row.add(
                    "parties",
                    _(
                        "You may not import agreements for %(name)s: only for your own school, "
                        "or a coordinator for the schools of their county."
                    )
                    % {"name": party.organisation.name},
                )

    def _existing(self, row, parties):
        reference = row.cells.get("reference", "").strip()
        if not reference:
            return None
        if len(reference) > 100:
            row.add("reference", _("The reference is longer than 100 characters."))
            return None
        if reference in self.seen_references:
            row.add("reference", _("Another row of the sheet has the same reference."))
            return None
        self.seen_references.add(reference)
        if not parties.is_valid() or row.errors.get("parties"):
            return None
        responsible = parties.responsible
        county_id = responsible.municipality.county_id if responsible.municipality_id else None
        existing = self.existing.find(reference, county_id)
        if existing is None:
            if REGISTRY_REFERENCE.fullmatch(reference):
                row.add("reference", _("No agreement has number %(value)s.") % {"value": reference})
            return None
        if not self.policy.may_act_on(existing):
            row.add(
                "reference", _("Only staff of the organisations in this agreement may change it.")
            )
            return None
        expected = row.cells.get("version", "").strip()
        ref = getattr(existing, "import_reference", None)  # None: never imported
        if expected.isdigit():
            expected = int(expected)
        elif ref is not None:
            expected = ref.imported_version
        else:
            expected = existing.version
        if existing.version != expected:
            row.conflict = _(
                "The agreement was changed in the registry after the last import (version "
                "%(then)s, now %(now)s). The row was not imported; change it in the registry, "
                "or export it again."
            ) % {"then": expected, "now": existing.version}
        row.existing = existing
        return existing
