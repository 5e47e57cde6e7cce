"""Widgets of the site's forms that need more than Django's own."""

from html import escape

from django import forms
from django.utils.safestring import mark_safe

# The field template that draws a ChoiceList in its fieldset, with its label, help and errors
# (set as the form field's template_name, so `{{ field.as_field_group }}` uses it).
CHOICE_LIST_FIELD_TEMPLATE = "forms/choice_list_field.html"


def _escaped(value) -> str:
    """The text of django.utils.html.conditional_escape, without the wrapper that checks every
    call's arguments for lazy text (a fifth of the time of the tags below)."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def flat_attrs(attrs) -> str:
    """Attributes as Django's django/forms/widgets/attrs.html draws them: in their order, a
    True one by its name alone, a False one left out, the values escaped."""
    return "".join(
        f" {_escaped(name)}" if value is True else f' {_escaped(name)}="{_escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_tag(widget) -> str:
    """Django's django/forms/widgets/input.html for a widget's (or an option's) context."""
    value = widget["value"]
    value = "" if value is None else f' value="{_escaped(value)}"'
    return (
        f'<input type="{_escaped(widget["type"])}" '
        f'name="{_escaped(widget["name"])}"{value}{flat_attrs(widget["attrs"])}>'
    )


def option_tag(widget) -> str:
    """Django's django/forms/widgets/input_option.html (a checkbox or a radio button of a
    list, in its label when `wrap_label`)."""
    tag = input_tag(widget)
    if not widget.get("wrap_label"):
        return tag
    id_ = widget["attrs"].get("id")
    label_for = f' for="{_escaped(id_)}"' if id_ else ""
    return f"<label{label_for}>{tag}\n {_escaped(widget['label'])}</label>"


def textarea_tag(widget) -> str:
    """Django's django/forms/widgets/textarea.html."""
    value = _escaped(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_escaped(widget["name"])}"{flat_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


# Django's widget templates that draw one tag, and the functions that draw the same HTML in
# Python (registry.forms.FormRenderer): each template includes one or two more, which cost
# about 0.1 ms a field, 7 ms for the agreement form's 60 fields.
_WIDGETS = "django/forms/widgets/"
TAGS_IN_PYTHON = {
    **{
        f"{_WIDGETS}{name}.html": input_tag
        for name in (
            *("input", "text", "number", "email", "url", "password", "search", "tel"),
            *("hidden", "date", "datetime", "time", "checkbox", "file", "color"),
        )
    },
    **{
        f"{_WIDGETS}{name}.html": option_tag
        for name in ("input_option", "checkbox_option", "radio_option")
    },
    f"{_WIDGETS}textarea.html": textarea_tag,
}


class ChoiceList(forms.CheckboxSelectMultiple):
    """A long list of checkboxes for a phone: in groups (the choices' optgroups), in a box that
    scrolls, with the chosen ones summarised above it and a text box that narrows the list as
    you type (static/js/choice-list.js; without JavaScript the text box stays hidden and the
    whole list shows). The posted values are the checkboxes' values, as Django's own.

    The checkboxes are drawn in Python (`groups`): a template of their own, included once a
    checkbox, cost about 6 ms for the agreement form's 60 programme areas and trades."""

    template_name = "forms/widgets/choice_list.html"

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
        widget["groups"] = [
            (group, mark_safe("".join(self._option(option) for option in options)))
            for group, options, _index in widget["optgroups"]
        ]
        return context

    @staticmethod
    def _option(option) -> str:
        """A checkbox in its label; the text in a <span> that the script's narrowing reads."""
        id_ = option["attrs"].get("id")
        label_for = f' for="{_escaped(id_)}"' if id_ else ""
        return (
            f'<label class="checkbox choice-list__option"{label_for}>{input_tag(option)}\n'
            f" <span>{_escaped(option['label'])}</span></label>\n"
        )
