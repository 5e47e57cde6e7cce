""" "Mine avtaler"'s table rows, drawn in Python (agreements/templatetags/staff_table.py), are
the markup the template loop with staff/_status.html and includes/validity.html drew, in every
state a row shows; and the page reads its rows by key (registry.pagination.paginate_by_key)."""

import datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agreements.models import Agreement, oslo_today
from tests.factories import AgreementFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
# The loop home.html had before the tag: what the tag must draw.
TEMPLATE_ROWS = """{% load i18n %}{% for agreement in agreements %}
          <tr>
            <td><a href="{% url 'staff:agreement_detail' agreement.pk %}">{{ agreement.title }}</a>{% if agreement.is_returned %}<p class="muted">{% translate "Comment from the county" %}: {{ agreement.review_comment|truncatechars:200 }}</p>{% endif %}</td>
            <td>{% include "staff/_status.html" %}</td>
            <td>{% include "includes/validity.html" %}</td>
            <td>{% for party in agreement.parties.all %}{{ party.organisation.name }}{% if not forloop.last %}, {% endif %}{% endfor %}</td>
          </tr>
        {% endfor %}"""  # noqa: E501


@pytest.fixture
def agreements(world):
    today = oslo_today()
    made = [
        AgreementFactory(
            title="Lærlinger <i>og</i> praksis",
            schools=[world.strinda],
            partners=[OrganisationFactory(name='Bedrift "B" & co'), OrganisationFactory()],
            valid_to=today + 30 * DAY,  # expires soon
        ),
        AgreementFactory(
            status=Agreement.Status.DRAFT,
            review_comment="Mangler <signatur>. " * 30,  # returned, the comment cut short
            schools=[world.strinda],
        ),
        AgreementFactory(
            status=Agreement.Status.SUBMITTED,
            valid_from=today + 10 * DAY,
            valid_to=today + 400 * DAY,  # upcoming
            schools=[world.strinda],
        ),
        AgreementFactory(
            valid_from=today - 400 * DAY, valid_to=today - DAY, schools=[world.strinda]
        ),  # expired
        AgreementFactory(status=Agreement.Status.WITHDRAWN, schools=[world.strinda]),
    ]
    return list(Agreement.objects.for_table().filter(pk__in=[a.pk for a in made]))


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_rows_are_the_templates_markup(agreements, language):
    with translation.override(language):
        drawn = Template("{% load staff_table %}{% staff_rows agreements %}").render(
            Context({"agreements": agreements})
        )
        expected = Template(TEMPLATE_ROWS).render(Context({"agreements": agreements}))
    assert drawn == expected
    for shown in ("&lt;i&gt;og&lt;/i&gt;", "&quot;B&quot; &amp; co", "&lt;signatur&gt;"):
        assert shown in drawn


PAGES = ["", "?side=1", "?side=2", "?side=3", "?side=99", "?side=0", "?side=-1", "?side=x"]


def test_the_page_read_by_key_is_the_page_of_the_list(strinda_client, world):
    """Each page parameter gives the page Django's Paginator.get_page gives (the nearest),
    with the count, in order; two pages' worth and a few."""
    for _ in range(43):
        AgreementFactory(schools=[world.strinda])
    every = list(
        Agreement.objects.for_organisations_or_counties([world.strinda.pk], [])
        .order_by("-updated_at", "-pk")
        .values_list("title", flat=True)
    )
    total = len(every)
    for page, first in [("", 0), ("?side=2", 20), ("?side=3", 40), ("?side=99", 40)]:
        for query in (page, page.replace("?", "?sorter=endret&") if page else ""):
            shown = strinda_client.get(f"/ansatt/{query}").context["page"]
            assert [a.title for a in shown.object_list] == every[first : first + 20]
            assert shown.paginator.count == total and shown.paginator.num_pages == 3
    for query, number in [("?side=0", 3), ("?side=-1", 3), ("?side=x", 1), ("?side=2.0", 1)]:
        assert strinda_client.get(f"/ansatt/{query}").context["page"].number == number


def test_a_page_past_the_last_of_an_empty_list_is_the_empty_first(strinda_client, world):
    for query in ("?status=withdrawn", "?status=withdrawn&side=4"):
        page = strinda_client.get(f"/ansatt/{query}").context["page"]
        assert (page.number, list(page.object_list), page.paginator.count) == (1, [], 0)


def test_the_list_s_queries_do_not_grow_with_its_length(strinda_client, world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert strinda_client.get("/ansatt/").status_code == 200
        return len(queries)

    AgreementFactory(schools=[world.strinda])
    few = count()
    for _ in range(30):
        AgreementFactory(schools=[world.strinda])
    assert count() == few
