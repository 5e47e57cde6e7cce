from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, LogMessage
from orgs.models import Organisation


class LogMessageForm(forms.ModelForm):
    """A message in an organisation's shared log. The author and the time are set by the view.

    The body is stripped, so a message of only white space is empty and refused; its length
    limit comes from the model field (4,000 characters).
    """

    class Meta:
        model = LogMessage
        fields = ["kind", "body", "agreement", "author_school"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        labels = {"author_school": _("On behalf of")}
        help_texts = {
            "body": _(
                "Seen by staff at every school, never by the public. At most 4,000 characters."
            ),
            "agreement": _("Optional: the agreement the message is about."),
        }
        error_messages = {
            "body": {"required": _("Write a message.")},
            "agreement": {
                "invalid_choice": _("That agreement is not one this organisation is party to.")
            },
        }

    def __init__(self, *args, organisation, school_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = Agreement.objects.for_organisation(
            organisation
        ).order_by("-valid_from")
        self.fields["agreement"].empty_label = _("No particular agreement")
        school_field = self.fields["author_school"]
        school_field.queryset = Organisation.objects.filter(pk__in=school_ids).order_by("name")
        school_field.empty_label = None
        school_field.required = len(school_ids) > 1
        if len(school_ids) <= 1:
            # One school, or none (a coordinator): nothing to choose.
            school_field.widget = forms.HiddenInput()
        self.only_school_id = next(iter(school_ids)) if len(school_ids) == 1 else None

    def clean_author_school(self):
        school = self.cleaned_data.get("author_school")
        if school is None and self.only_school_id:
            return self.fields["author_school"].queryset.get(pk=self.only_school_id)
        return school or self.instance.author_school
