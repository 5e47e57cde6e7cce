"""Widgets of the site's forms that need more than Django's own."""

from django import forms

# The field template that draws a ChoiceList in its fieldset, with its label, help and errors
# (set as the form field's template_name, so `{{ field.as_field_group }}` uses it).
CHOICE_LIST_FIELD_TEMPLATE = "forms/choice_list_field.html"


class ChoiceList(forms.CheckboxSelectMultiple):
    """A long list of checkboxes for a phone: in groups (the choices' optgroups), in a box that
    scrolls, with the chosen ones summarised above it and a text box that narrows the list as
    you type (static/js/choice-list.js; without JavaScript the text box stays hidden and the
    whole list shows). The posted values are the checkboxes' values, as Django's own."""

    template_name = "forms/widgets/choice_list.html"
    option_template_name = "forms/widgets/choice_list_option.html"

    def __init__(self, attrs=None, *, search_label=""):
        super().__init__(attrs)
        self.search_label = search_label

    def id_for_label(self, id_, index=None):
        """The box of checkboxes itself, so that a link to the field (the error summary's)
        lands on the list; each checkbox keeps its own numbered id."""
        return id_ if index is None else super().id_for_label(id_, index)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["search_label"] = self.search_label
        widget["chosen"] = [
            f"{group} {option['label']}" if group else str(option["label"])
            for group, options, _index in widget["optgroups"]
            for option in options
            if option["selected"]
        ]
        widget["total"] = sum(len(options) for _group, options, _index in widget["optgroups"])
        return context
