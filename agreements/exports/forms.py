"""The filters a county coordinator picks for an archive export."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Agreement
from orgs.models import Organisation
from registry.forms import DateInput


class ExportFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Every status")), *Agreement.Status.choices],
    )
    valid_from = forms.DateField(
        label=gettext_lazy("In force on or after"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Agreements in force at some time in this period."),
    )
    valid_to = forms.DateField(
        label=gettext_lazy("In force on or before"), required=False, widget=DateInput()
    )
    school = forms.ModelChoiceField(
        label=gettext_lazy("School"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=gettext_lazy("Every school in the county"),
    )
    changed_since = forms.DateField(
        label=gettext_lazy("Changed since"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Only agreements created or changed on or after this date."),
    )
    changed_since_filed = forms.BooleanField(
        label=gettext_lazy("Changed since last filed"),
        required=False,
        help_text=gettext_lazy(
            "Only agreements whose current version has not been filed in the archive yet."
        ),
    )

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = Organisation.objects.filter(
            kind__in=Organisation.SCHOOL_KINDS, municipality__county=county
        ).order_by("name")

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end of the period cannot be before its start."))
        return data

    def as_filters(self) -> dict:
        """The cleaned filters as JSON for the ExportJob."""
        data = self.cleaned_data
        filters = {}
        if data.get("status"):
            filters["status"] = data["status"]
        for name in ("valid_from", "valid_to", "changed_since"):
            if data.get(name):
                filters[name] = data[name].isoformat()
        if data.get("school"):
            filters["school"] = data["school"].pk
        if data.get("changed_since_filed"):
            filters["changed_since_filed"] = True
        return filters
