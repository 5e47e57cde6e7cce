"""The agreement form's parties: one row per party (the organisation, its role, its signatory,
what it commits to, its share of the cost, whether it is the responsible party), and the rules
for the parties together: at least two, an education party among them, one responsible party
that is an education party, and one the user acts for."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models.derived import default_responsible
from agreements.models.party import EDUCATION_ROLES, PartyRow, Role, default_role, role_fits
from orgs.models import Organisation
from orgs.validators import is_valid_orgnr, normalise_orgnr
from registry.filters import OptionsSelect

NINE_DIGITS_IN_PARENTHESES = re.compile(r"\((\d[\d ]{7,10}\d)\)\s*$")
LARGEST_AMOUNT = Decimal("9999999999.99")  # Party.cost_amount: twelve digits, two of them øre
# "14 000", "14 000,50", "14.000,50", "kr 14000", "14000 kr", "14000.50"
AMOUNT_NOISE = re.compile(r"(?i)\s|\u00a0|\u202f|kr\.?|nok|,-$")


def parse_amount(text: str) -> Decimal | None:
    """An amount in kroner as people type it; None for nothing typed. ValidationError for
    text that is not an amount, a negative amount or one too large."""
    text = AMOUNT_NOISE.sub("", text or "")
    if not text:
        return None
    if "," in text:  # a decimal comma; points before it group thousands
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):  # 14.000 groups thousands
        text = text.replace(".", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise forms.ValidationError(
            _("Give the amount in kroner as a number, such as 14000 or 14 000,50."),
            code="not_a_number",
        )
    if amount < 0:
        raise forms.ValidationError(_("The amount cannot be negative."), code="negative")
    if amount > LARGEST_AMOUNT or amount != amount.quantize(Decimal("0.01")):
        raise forms.ValidationError(
            _("Give the amount in whole kroner and øre, at most 9 999 999 999,99."),
            code="out_of_range",
        )
    return amount


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
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("As in the register"))] + Role.choices,
        widget=OptionsSelect,  # its options drawn in Python, once a row
    )
    signatory = forms.CharField(label=_("Signatory"), required=False, max_length=200)
    commitment = forms.CharField(
        label=_("Commits to"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    cost_amount = forms.CharField(
        label=_("Cost share (kroner)"),
        required=False,
        max_length=40,
        help_text=_("An amount, such as 500 000"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    cost_rule = forms.CharField(
        label=_("Cost share rule"),
        required=False,
        max_length=200,
        help_text=_("Such as “14 000 kr + 1,50 kr per innbygger”"),
    )
    responsible = forms.BooleanField(label=_("Responsible party"), required=False)

    def clean_organisation(self):
        text = self.cleaned_data["organisation"].strip()
        return resolve_organisation(text) if text else None

    def clean_cost_amount(self):
        return parse_amount(self.cleaned_data["cost_amount"])

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        if organisation is None:
            typed = [cleaned.get(name) for name in (*PartyRow._fields[1:], "responsible")]
            if "organisation" not in self.errors and any(v not in (None, "", False) for v in typed):
                self.add_error(
                    "organisation",
                    forms.ValidationError(
                        _("Name the organisation of this row, or empty the row."),
                        code="no_organisation",
                    ),
                )
            return cleaned
        role = cleaned.get("role") or default_role(organisation)
        if not role_fits(organisation, role):
            self.add_error(
                "role",
                forms.ValidationError(
                    _("%(name)s is registered as %(kind)s and cannot be party as %(role)s."),
                    code="role_does_not_fit",
                    params={
                        "name": organisation.name,
                        "kind": organisation.get_kind_display(),
                        "role": Role(role).label,
                    },
                ),
            )
        cleaned["role"] = role
        return cleaned

    @property
    def row(self) -> PartyRow | None:
        data = self.cleaned_data
        if not data.get("organisation"):
            return None
        return PartyRow(
            data["organisation"],
            data["role"],
            data.get("signatory", ""),
            data.get("commitment", ""),
            data.get("cost_amount"),
            data.get("cost_rule", ""),
        )


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
            return Organisation.objects.select_related("municipality").get(orgnr=candidate)
        except Organisation.DoesNotExist:
            raise forms.ValidationError(
                _("No organisation with number %(value)s is registered."),
                code="unknown_orgnr",
                params={"value": candidate},
            ) from None
    matches = list(
        Organisation.objects.active().ranked_search(text).select_related("municipality")[:6]
    )
    exact = [o for o in matches if o.search_tier == 0]  # the name, as registry.text folds it
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
    def __init__(self, *args, policy=None, responsible=None, **kwargs):
        """`responsible`: the agreement's responsible party before the change (an edit or a
        renewal), kept when no row is ticked and it is still a party."""
        self.policy = policy
        self.current_responsible = responsible
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        filled = [form for form in self.forms if form.cleaned_data.get("organisation")]
        organisations = [form.cleaned_data["organisation"] for form in filled]
        seen = set()
        for organisation in organisations:
            if organisation.pk in seen:
                raise forms.ValidationError(
                    _("%(name)s is listed twice."), params={"name": organisation.name}
                )
            seen.add(organisation.pk)
        if len(organisations) < 2:
            raise forms.ValidationError(
                _("An agreement has at least two parties. Add the other party."), code="too_few"
            )
        if not any(form.cleaned_data["role"] in EDUCATION_ROLES for form in filled):
            raise forms.ValidationError(
                _(
                    "Add at least one school, school owner, training office or university or "
                    "college as a party."
                ),
                code="no_education_party",
            )
        self._check_responsible(filled)
        if self.policy is not None and not any(
            self.policy.may_act_for_organisation(o) for o in organisations
        ):
            raise forms.ValidationError(
                _("At least one of the parties must be an organisation you work at."),
                code="not_my_organisation",
            )

    def _check_responsible(self, filled) -> None:
        """At most one row is ticked as responsible, and that party is an education party."""
        ticked = [form for form in filled if form.cleaned_data.get("responsible")]
        for form in ticked[1:]:
            form.add_error(
                "responsible",
                forms.ValidationError(
                    _("Only one party is responsible for the agreement; untick the others."),
                    code="several_responsible",
                ),
            )
        for form in ticked[:1]:
            if form.cleaned_data["role"] not in EDUCATION_ROLES:
                form.add_error(
                    "responsible",
                    forms.ValidationError(
                        _(
                            "The responsible party is a school, a school owner, a training "
                            "office or a university or college."
                        ),
                        code="responsible_not_education",
                    ),
                )

    @property
    def parties(self) -> list[PartyRow]:
        """A PartyRow for each filled row, after is_valid()."""
        return [form.row for form in self.forms if form.row is not None]

    @property
    def responsible(self):
        """The responsible party's organisation, after is_valid(): the row ticked, else the
        one it was while it is still an education party, else the default (the first school,
        else the first education party)."""
        for form in self.forms:
            if form.row is not None and form.cleaned_data.get("responsible"):
                return form.row.organisation
        current = getattr(self.current_responsible, "pk", None)
        for row in self.parties:
            if row.organisation.pk == current and row.role in EDUCATION_ROLES:
                return row.organisation
        return default_responsible(self.parties)


PartyFormSet = forms.formset_factory(
    PartyForm, formset=BasePartyFormSet, extra=0, max_num=100, validate_max=True
)
EMPTY_PARTY_ROWS = 4
