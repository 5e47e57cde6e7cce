"""What every form of the site shares: the date widget and the renderer of a field group."""

from django import forms
from django.forms.renderers import TemplatesSetting


class DateInput(forms.DateInput):
    """The browser's date picker; its value is always ISO (YYYY-MM-DD), whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class FormRenderer(TemplatesSetting):
    """Forms render with the site's templates, so that `{{ field.as_field_group }}` draws
    templates/forms/field.html: the label, the help text and the errors next to the field,
    linked to it for screen readers (settings.FORM_RENDERER)."""

    field_template_name = "forms/field.html"
