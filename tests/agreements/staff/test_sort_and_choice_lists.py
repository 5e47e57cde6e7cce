"""'Mine avtaler' shows its order and lets it be changed; the agreement form's programme areas
and trades are checkbox lists, grouped, that save as the multi-selects did."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, oslo_today
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    EducationProgrammeFactory,
    ProgrammeAreaFactory,
    TradeFactory,
)
from tests.staff_world import agreement_post_data

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


class TestSort:
    @pytest.fixture
    def agreements(self, world):
        today = oslo_today()
        made = {}
        for title, status, valid_to in [
            ("Bakeri", Agreement.Status.PUBLISHED, today + 50 * DAY),
            ("Akvakultur", Agreement.Status.WITHDRAWN, today + 900 * DAY),
            ("Cafe", Agreement.Status.SUBMITTED, today + 10 * DAY),
        ]:
            made[title] = AgreementFactory(
                title=title,
                status=status,
                schools=[world.strinda],
                partners=[CompanyFactory()],
                valid_from=today - 10 * DAY,
                valid_to=valid_to,
            )
        # "Helsefag i Trondheim" (the world's draft, valid 700 days) was changed last.
        world.agreement.save()
        return made

    def shown(self, client, **params):
        response = client.get("/ansatt/", params)
        assert response.status_code == 200
        return [a.title for a in response.context["page"].object_list]

    @pytest.mark.parametrize(
        "sort, expected",
        [
            ("endret", ["Helsefag i Trondheim", "Cafe", "Akvakultur", "Bakeri"]),
            ("tittel", ["Akvakultur", "Bakeri", "Cafe", "Helsefag i Trondheim"]),
            ("gyldig-til", ["Cafe", "Bakeri", "Helsefag i Trondheim", "Akvakultur"]),
            ("status", ["Helsefag i Trondheim", "Cafe", "Bakeri", "Akvakultur"]),
        ],
    )
    def test_each_order(self, strinda_client, agreements, sort, expected):
        assert self.shown(strinda_client, sorter=sort) == expected

    def test_last_changed_first_by_default_and_for_an_unknown_order(
        self, strinda_client, agreements
    ):
        default = self.shown(strinda_client)
        assert default == ["Helsefag i Trondheim", "Cafe", "Akvakultur", "Bakeri"]
        assert self.shown(strinda_client, sorter="tull") == default

    def test_the_current_order_is_shown_and_can_be_changed(self, strinda_client, agreements):
        html = strinda_client.get("/ansatt/", {"sorter": "tittel", "status": "published"})
        html = html.content.decode()
        form = html.split('<form class="sort-form"', 1)[1].split("</form>", 1)[0]
        assert '<label for="id_sorter">Sorter etter</label>' in form
        assert '<option value="tittel" selected>Tittel, A–Å</option>' in form
        assert "Gyldig til, tidligst først" in form and "Status, utkast først" in form
        # The other filters go along when the order changes, and the filters keep the order.
        assert '<input type="hidden" name="status" value="published">' in form
        filters = html.split('class="filters__form"', 1)[1].split("</form>", 1)[0]
        assert '<input type="hidden" name="sorter" value="tittel">' in filters
        assert 'id="id_sorter"' not in filters
        # The order is not counted as a filter.
        assert "(1 aktivt)" in html

    def test_the_order_is_kept_in_the_paging_links(self, strinda_client, agreements, settings):
        settings.PUBLIC_PAGE_SIZE = 2
        html = strinda_client.get("/ansatt/", {"sorter": "tittel"}).content.decode()
        assert 'href="?sorter=tittel&amp;side=2"' in html
        page2 = strinda_client.get("/ansatt/", {"sorter": "tittel", "side": "2"})
        assert [a.title for a in page2.context["page"].object_list] == [
            "Cafe",
            "Helsefag i Trondheim",
        ]

    def test_queries_do_not_depend_on_the_order(self, strinda_client, agreements):
        def count(**params):
            with CaptureQueriesContext(connection) as queries:
                assert strinda_client.get("/ansatt/", params).status_code == 200
            return len(queries)

        default = count()
        assert {count(sorter=sort) for sort in ("tittel", "gyldig-til", "status")} == {default}


class TestChoiceLists:
    @pytest.fixture
    def curriculum(self):
        programme = EducationProgrammeFactory()
        areas = {
            "vg1": ProgrammeAreaFactory(
                code="HSHSF1----",
                title_nb="Helse- og oppvekstfag",
                level="VG1",
                education_programme=programme,
            ),
            "vg2": ProgrammeAreaFactory(
                code="HSHEA2----",
                title_nb="Helsearbeiderfag",
                level="VG2",
                education_programme=programme,
            ),
            "vg2b": ProgrammeAreaFactory(
                code="HSBUA2----",
                title_nb="Barne- og ungdomsarbeiderfag",
                level="VG2",
                education_programme=programme,
            ),
        }
        trades = {
            "health": TradeFactory(code="HSHEA3----", title_nb="Helsearbeiderfaget"),
            "child": TradeFactory(code="HSBUA3----", title_nb="Barne- og ungdomsarbeiderfaget"),
        }
        return areas, trades

    def test_the_form_draws_grouped_checkboxes_not_a_multi_select(self, strinda_client, curriculum):
        areas, trades = curriculum
        html = strinda_client.get("/ansatt/avtaler/ny/").content.decode()
        assert '<select name="programme_areas"' not in html
        assert '<select name="trades"' not in html
        assert "Ctrl" not in html
        box = html.split('<div class="choice-list__box" id="id_programme_areas"', 1)[1]
        box = box.split('<p class="choice-list__nothing"', 1)[0]
        legends = re.findall(r"<legend>(.*?)</legend>", box)
        assert legends == ["Vg1", "Vg2"]
        vg2 = box.split("<legend>Vg2</legend>", 1)[1]
        # Within a level, alphabetical.
        assert vg2.index("Barne- og ungdomsarbeiderfag") < vg2.index("Helsearbeiderfag")
        assert f'<input type="checkbox" name="programme_areas" value="{areas["vg2"].pk}"' in vg2
        # The list is one fieldset named by its legend, described by its help text.
        field = html.split('<div class="field field--choice-list', 1)[1]
        assert '<fieldset aria-describedby="id_programme_areas_helptext">' in field
        assert "<legend>Programområder" in field
        # Trades: one list, alphabetical, with its own text box (shown by the script).
        trade_box = html.split('<div class="choice-list__box" id="id_trades"', 1)[1]
        trade_box = trade_box.split('<p class="choice-list__nothing"', 1)[0]
        assert "<legend>" not in trade_box
        assert trade_box.index("Barne- og") < trade_box.index("Helsearbeiderfaget")
        assert '<label for="id_trades_search">Finn et lærefag</label>' in html
        assert '<label for="id_programme_areas_search">Finn et programområde</label>' in html
        assert "Ingen valgt ennå." in html
        assert 'src="/static/js/choice-list.js"' in html

    def test_chosen_ones_are_ticked_and_summarised(self, strinda_client, world, curriculum):
        areas, trades = curriculum
        world.agreement.programme_areas.set([areas["vg2"], areas["vg1"]])
        world.agreement.trades.set([trades["health"]])
        html = strinda_client.get(f"/ansatt/avtaler/{world.agreement.pk}/endre/").content.decode()
        assert "Valgt: Vg1 Helse- og oppvekstfag, Vg2 Helsearbeiderfag" in html
        assert "Valgt: Helsearbeiderfaget" in html
        assert re.search(rf'value="{areas["vg2"].pk}"[^>]* checked', html)
        assert not re.search(rf'value="{areas["vg2b"].pk}"[^>]* checked', html)

    def test_the_checkboxes_save_as_before(self, strinda_client, world, curriculum):
        areas, trades = curriculum
        data = agreement_post_data(
            [world.strinda, world.grytaga],
            programme_areas=[areas["vg1"].pk, areas["vg2b"].pk],
            trades=[trades["child"].pk],
        )
        response = strinda_client.post("/ansatt/avtaler/ny/", data)
        assert response.status_code == 302
        agreement = Agreement.objects.get(title=data["title"])
        assert set(agreement.programme_areas.all()) == {areas["vg1"], areas["vg2b"]}
        assert list(agreement.trades.all()) == [trades["child"]]

    def test_an_error_links_to_the_list(self, strinda_client, world, curriculum):
        data = agreement_post_data([world.strinda, world.grytaga], programme_areas=["999999"])
        html = strinda_client.post("/ansatt/avtaler/ny/", data).content.decode()
        assert 'href="#id_programme_areas"' in html
        assert 'id="id_programme_areas_error"' in html
        field = html.split('<div class="field field--choice-list field--invalid">', 1)[1]
        assert (
            '<fieldset aria-describedby="id_programme_areas_helptext id_programme_areas_error">'
            in field
        )
