"""The load benchmark's visitors (bench/load_mix.py) ask for real public pages, the popular
ones most, and its figures (bench/load_report.py) count what was measured."""

import argparse
import random
from collections import Counter

import pytest

from bench.generate import generate
from bench.load_mix import SHARES, Kind, build
from bench.load_report import Result, markdown_rows, report


def test_a_zipf_kind_draws_its_head_most_and_only_its_urls():
    urls = [f"/avtaler/{n}/" for n in range(100)]
    kind = Kind.zipf("agreement", urls, random.Random(1))
    rng = random.Random(2)
    drawn = Counter(kind.draw(rng) for _ in range(5000))
    assert set(drawn) <= set(urls)
    (head, times), *_ = drawn.most_common()
    assert head == kind.urls[0]
    assert 0.12 < times / 5000 < 0.28  # 1 / H(100) ≈ 0.19
    assert len(drawn) > 50  # and a long tail


def test_the_report_counts_repeats_and_errors():
    results = [
        Result("school", 0.100, None, repeat=False),
        Result("school", 0.300, None, repeat=True),
        Result("company", 0.200, "HTTP 500", repeat=False),
        Result("company", 0.400, "ReadTimeoutError", repeat=True),
    ]
    figures = report("cached", results, duration=2, out=lambda *args: None)
    assert figures["requests"] == 4
    assert figures["rate"] == 2
    assert figures["errors"] == 2
    assert figures["repeats"] == 50
    assert figures["p50"] == pytest.approx(250)
    assert figures["repeat p50"] == pytest.approx(350)
    args = argparse.Namespace(workers=3, threads=1, visitors=50, duration=120)
    header, _line, row = markdown_rows([figures], args).splitlines()
    assert header.count("|") == row.count("|")
    assert row.startswith("| cached | 3 | 50 | 120 | 4 | 2.0 | 250 |")


@pytest.mark.django_db
def test_every_kind_of_the_mix_is_a_public_page_that_answers(client):
    generate(scale=0.001, log=lambda *args: None)
    mix = build(seed=1)
    assert [kind.name for kind in mix.kinds] == list(SHARES)
    rng = random.Random(1)
    for kind in mix.kinds:
        assert kind.urls, kind.name
        for url in {kind.draw(rng) for _ in range(3)}:
            response = client.get(url)
            assert response.status_code == 200, (kind.name, url, response.status_code)
