"""The site's form renderer (registry.forms.FormRenderer) draws the widgets of one tag in Python
(registry.widgets.TAGS_IN_PYTHON), and a ChoiceList draws its checkboxes: the HTML must stay
that of the templates they replace, which a template of the project overriding one of Django's
would change."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from registry.forms import FormRenderer
from registry.widgets import TAGS_IN_PYTHON, ChoiceList

VALUES = [None, "", "Ås & <b>“quoted” 'x'</b>", 0, 1500, mark_safe("<i>safe</i>"), True, False]
ATTRS = {
    "id": "id_field",
    "required": True,
    "disabled": False,
    "class": 'a"b <c> & d',
    "aria-describedby": gettext_lazy("Organisation"),
    "maxlength": 300,
    "placeholder": None,
}
INPUTS = [
    forms.TextInput(attrs={"list": "suggestions", "autocomplete": "off"}),
    forms.TextInput(attrs={"type": "search"}),
    forms.NumberInput(),
    forms.EmailInput(),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.DateInput(),
    forms.DateTimeInput(),
    forms.TimeInput(),
    forms.CheckboxInput(),
    forms.FileInput(),
]
TEXTAREA = forms.Textarea(attrs={"rows": 2})


def contexts_of(widgets):
    return [w.get_context("name", value, dict(ATTRS)) for w in widgets for value in VALUES]


def option_contexts():
    """The options of a list of checkboxes and of radio buttons, in their labels or not."""
    contexts = []
    choices = [(1, "Skole & <b>barnehage</b>"), ("x", gettext_lazy("Role")), (3, 3)]
    for kind in (forms.CheckboxSelectMultiple, forms.RadioSelect):
        for _group, options, _index in kind(choices=choices).optgroups("n", [1, "x"], ATTRS):
            for option in options:
                contexts += [{"widget": {**option, "wrap_label": wrap}} for wrap in (False, True)]
    return contexts


def contexts_for(template):
    if template.endswith("option.html"):
        return option_contexts()
    if template.endswith("textarea.html"):
        return contexts_of([TEXTAREA])
    return contexts_of(INPUTS) + option_contexts()


@pytest.mark.parametrize("template", sorted(TAGS_IN_PYTHON))
def test_each_template_drawn_in_python_is_drawn_as_the_template_draws_it(template):
    """TemplatesSetting finds the project's templates before Django's."""
    for context in contexts_for(template):
        by_template = TemplatesSetting().render(template, context)
        assert FormRenderer().render(template, context) == by_template, context


@pytest.mark.parametrize("widget", [*INPUTS, TEXTAREA], ids=lambda widget: widget.template_name)
def test_a_widget_is_drawn_as_its_template_draws_it(widget):
    for value in VALUES:
        by_template = widget.render("name", value, dict(ATTRS), renderer=TemplatesSetting())
        assert widget.render("name", value, dict(ATTRS), renderer=FormRenderer()) == by_template


def test_a_template_not_drawn_in_python_is_rendered_by_its_template():
    widget = forms.Select(choices=[("a", "A"), ("b", "B")])
    html = widget.render("name", "b", {"id": "id_name"}, renderer=FormRenderer())
    assert html == widget.render("name", "b", {"id": "id_name"}, renderer=TemplatesSetting())
    assert '<option value="b" selected>B</option>' in html


class TestChoiceList:
    def render(self, value):
        widget = ChoiceList(search_label="Finn")
        widget.choices = [
            ("Vg1", [(1, "Bygg & <anlegg>"), (2, "Elektro")]),
            ("Vg2", [(3, "Tømrer")]),
        ]
        with translation.override("nb"):
            return widget.render("areas", value, {"id": "id_areas"}, renderer=FormRenderer())

    def test_each_checkbox_is_in_its_label_with_its_own_id(self):
        html = self.render([1, 3])
        assert (
            '<fieldset class="choice-list__group"><legend>Vg1</legend>\n'
            '      <label class="checkbox choice-list__option" for="id_areas_0_0">'
            '<input type="checkbox" name="areas" value="1" id="id_areas_0_0" checked>\n'
            " <span>Bygg &amp; &lt;anlegg&gt;</span></label>\n"
            '<label class="checkbox choice-list__option" for="id_areas_0_1">'
            '<input type="checkbox" name="areas" value="2" id="id_areas_0_1">\n'
            " <span>Elektro</span></label>\n\n"
            "    </fieldset>"
        ) in html
        assert (
            '<label class="checkbox choice-list__option" for="id_areas_1_0">'
            '<input type="checkbox" name="areas" value="3" id="id_areas_1_0" checked>\n'
            " <span>Tømrer</span></label>\n"
        ) in html
        assert "Valgt: Vg1 Bygg &amp; &lt;anlegg&gt;, Vg2 Tømrer" in html
        assert 'data-total="3"' in html

    def test_nothing_chosen_ticks_nothing(self):
        html = self.render([])
        assert " checked" not in html
        assert "Ingen valgt ennå." in html
