"""The staff page's form for a new API token."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.forms import DateInput

# A token lives a year by default, and at most two: a forgotten one ends by itself.
DEFAULT_DAYS, MAX_DAYS = 365, 730


class TokenForm(forms.Form):
    county = forms.ModelChoiceField(queryset=None, label=_("County"), empty_label=None)
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, such as the county's archive system."),
    )
    expires_on = forms.DateField(label=_("Valid until"), widget=DateInput)

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(
            days=DEFAULT_DAYS
        )

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value <= today:
            raise forms.ValidationError(_("Give a date after today."))
        if value > today + datetime.timedelta(days=MAX_DAYS):
            raise forms.ValidationError(_("A token is valid for at most two years."))
        return value

    def expires_at(self) -> datetime.datetime:
        """The end of the chosen day in Oslo."""
        day = self.cleaned_data["expires_on"] + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
