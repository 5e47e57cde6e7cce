"""What every form of the site shares: the date widget and the renderer of a field group."""

from django import forms
from django.forms.renderers import TemplatesSetting

from registry.widgets import TAGS_IN_PYTHON


class DateInput(forms.DateInput):
    """The browser's date picker; its value is always ISO (YYYY-MM-DD), whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class BoundField(forms.BoundField):
    """A field as the site's field templates (templates/forms/) draw it."""

    @property
    def shown_errors(self):
        """The errors its field group shows: none when the form was posted by its "add_rows"
        button (more party rows, without JavaScript), which only re-draws the form."""
        return self.form.error_class() if self.form.data.get("add_rows") else self.errors


class FormRenderer(TemplatesSetting):
    """Forms render with the site's templates, so that `{{ field.as_field_group }}` draws
    templates/forms/field.html: the label, the help text and the errors next to the field,
    linked to it for screen readers (settings.FORM_RENDERER). The widgets of one tag (an
    <input>, a <textarea>) are drawn in Python, as their Django templates draw them
    (registry.widgets.TAGS_IN_PYTHON)."""

    field_template_name = "forms/field.html"
    bound_field_class = BoundField

    def render(self, template_name, context, request=None):
        if draw := TAGS_IN_PYTHON.get(template_name):
            return draw(context["widget"])
        return super().render(template_name, context, request)
