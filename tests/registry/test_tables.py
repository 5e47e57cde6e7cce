"""The overviews' charts and tables (registry/templatetags/tables.py): the same numbers in the
chart and the table, every value shown as text."""

from types import SimpleNamespace

from agreements.county.overview import bar_chart as chart_of
from registry.templatetags.tables import bar_chart, counts_table, gaps_list

NNBSP = "\u202f"


class Area(SimpleNamespace):
    def get_level_display(self):
        return self.level

    def get_absolute_url(self):
        return f"/programomrader/{self.code}/"


def test_a_bar_per_row_its_width_to_scale_and_its_label_as_text():
    html = bar_chart(chart_of([("<b>Skole</b>", 10), ("Annen", 5)]), "Avtaler")
    assert html.count('class="chart__row"') == 2
    assert 'width="300.0"' in html and 'width="150.0"' in html
    assert "&lt;b&gt;Skole&lt;/b&gt;" in html and "<b>" not in html
    assert "<figcaption>Avtaler</figcaption>" in html


def test_no_bars_no_chart():
    assert bar_chart(chart_of([]), "Avtaler") == ""


def test_a_table_row_with_its_level_link_and_grouped_numbers():
    row = Area(label="Bygg <og> anlegg", values=[1234], level="Vg1", code="BA")
    html = counts_table([row], "Etter område", "Programområde", [("n", "Avtaler")], True, True)
    assert (
        '<th scope="row">Vg1 <a href="/programomrader/BA/">Bygg &lt;og&gt; anlegg</a></th>'
        f'<td class="number">1{NNBSP}234</td>'
    ) in html
    assert 'aria-labelledby="etter-omrade-caption"' in html
    assert '<caption id="etter-omrade-caption">Etter område</caption>' in html


def test_an_empty_table_says_so_across_every_column():
    html = counts_table([], "Tall", "Skole", [("a", "A"), ("b", "B")], empty_text="Ingen ennå")
    assert '<tr><td colspan="3">Ingen ennå</td></tr>' in html


def test_gaps_by_school_or_the_empty_text():
    school = SimpleNamespace(name="Meløy <vgs>")
    area = Area(title="Helse", level="Vg2", code="HS")
    html = gaps_list([(school, [area])], "Ingen hull")
    assert "<dt>Meløy &lt;vgs&gt;</dt>" in html and "<li>Vg2 Helse</li>" in html
    assert gaps_list([], "Ingen hull") == '<p class="empty">Ingen hull</p>'
