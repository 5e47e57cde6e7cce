"""Site-wide behaviour: the default language, security headers, translation completeness (the
languages and their URLs: test_languages.py)."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_bokmal_is_the_default_language(client):
    response = client.get("/avtaler/")
    html = response.content.decode()
    assert '<html lang="nb">' in html
    assert "<h1>Avtaler</h1>" in html


def test_content_security_policy_allows_no_inline_script(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def _po_entries(text: str):
    """The entries of a .po file as dicts: msgid, msgid_plural, msgstr or msgstr[n], fuzzy."""
    for block in text.strip().split("\n\n"):
        entry, current = {}, None
        for line in block.splitlines():
            if line.startswith("#"):
                entry["fuzzy"] = entry.get("fuzzy") or "fuzzy" in line
                continue
            match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                entry[current] = match.group(2)
            elif line.startswith('"') and current:
                entry[current] += line[1:-1]
        if entry.get("msgid"):
            yield entry


def _unquote(po_string: str) -> str:
    return ast.literal_eval(f'"{po_string}"')


def test_bokmal_catalogue_is_complete_and_compiled():
    directory = Path(settings.BASE_DIR, "locale/nb/LC_MESSAGES")
    entries = list(_po_entries((directory / "django.po").read_text()))
    assert len(entries) > 100
    fuzzy = [e["msgid"] for e in entries if e.get("fuzzy")]
    untranslated = [
        e["msgid"] for e in entries if not all(v for k, v in e.items() if k.startswith("msgstr"))
    ]
    assert not fuzzy, fuzzy
    assert not untranslated, untranslated
    # The compiled catalogue says the same as the source: `make messages` was run.
    with open(directory / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        e["msgid"]
        for e in entries
        if "msgstr" in e
        and "msgctxt" not in e
        and compiled.gettext(_unquote(e["msgid"])) != _unquote(e["msgstr"])
    ]
    assert not stale, f"run make messages; out of date: {stale[:5]}"
