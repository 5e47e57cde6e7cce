"""The overviews' bar charts, tables of counts and lists of gaps, drawn in Python.

The county, country and municipality overviews show each set of numbers twice: as a bar chart
and as a table for screen readers. Through template includes a municipality's thirty schools,
twenty industries and their gaps took a third of the page's time in variable lookups; these
tags write the same markup with f-strings, every value escaped. They are the one place that
markup is written:

- `{% bar_chart chart caption %}`: the labels and numbers are HTML text, so they keep the
  body's size on a phone; each bar is a small SVG that stretches to the room left (its viewBox
  is the 0–300 of agreements.county.overview.bar_chart(), preserveAspectRatio="none"). The
  table beside it holds the same numbers for screen readers, so the bars are hidden from them.
- `{% counts_table rows caption first_column labels levels=… links=… empty_text=… %}`: on a
  narrow screen the table scrolls sideways in a region that takes the keyboard's focus and is
  named by the caption; the first column stays in view. `labels` are (column, heading) pairs;
  each row has `label` and `values`; with `levels` a row (a programme area) shows its level
  (Vg1, Vg2, Vg3) before its title; with `links` the label links to the row's own page.
- `{% gaps_list gaps empty_text %}`: the programme areas each school offers that no public
  agreement of the school covers, from (school, [programme areas]) pairs.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from registry.templatetags.cards import _e
from registry.templatetags.norwegian import thousands

register = template.Library()


@register.simple_tag
def bar_chart(chart, caption):
    if not chart or not chart.get("bars"):
        return ""
    rows = "".join(
        '<div class="chart__row">'
        f'<span class="chart__label">{_e(bar.label)}</span>'
        '<svg class="chart__track" viewBox="0 0 300 18" preserveAspectRatio="none"'
        ' focusable="false">'
        f'<rect x="0" y="0" width="{float(bar.width)!r}" height="18" class="chart__bar"></rect>'
        "</svg>"
        f'<span class="chart__value">{_e(bar.value)}</span>'
        "</div>"
        for bar in chart["bars"]
    )
    return mark_safe(
        '<figure class="chart"><div class="chart__bars" aria-hidden="true">'
        f"{rows}</div><figcaption>{_e(caption)}</figcaption></figure>"
    )


@register.simple_tag
def counts_table(rows, caption, first_column, labels, levels=False, links=False, empty_text=""):
    caption_id = f"{slugify(str(caption))}-caption"
    headings = "".join(f'<th scope="col" class="number">{_e(label)}</th>' for _c, label in labels)
    body = "".join(_row(row, levels, links) for row in rows) or (
        f'<tr><td colspan="{len(labels) + 1}">{_e(empty_text)}</td></tr>'
    )
    return mark_safe(
        f'<div class="table-scroll" role="region" aria-labelledby="{caption_id}" tabindex="0">'
        f'<table class="counts"><caption id="{caption_id}">{_e(caption)}</caption>'
        f'<thead><tr><th scope="col">{_e(first_column)}</th>{headings}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _row(row, levels: bool, links: bool) -> str:
    label = _e(row.label)
    if links:
        label = f'<a href="{_e(row.get_absolute_url())}">{label}</a>'
    if levels:
        label = f"{_e(row.get_level_display())} {label}"
    values = "".join(f'<td class="number">{_e(thousands(value))}</td>' for value in row.values)
    return f'<tr><th scope="row">{label}</th>{values}</tr>'


@register.simple_tag
def gaps_list(gaps, empty_text):
    if not gaps:
        return mark_safe(f'<p class="empty">{_e(empty_text)}</p>')
    items = "".join(
        f'<div><dt>{_e(school.name)}</dt><dd><ul class="inline-list">'
        + "".join(f"<li>{_e(area.get_level_display())} {_e(area.title)}</li>" for area in areas)
        + "</ul></dd></div>"
        for school, areas in gaps
    )
    return mark_safe(f'<dl class="facts">{items}</dl>')
