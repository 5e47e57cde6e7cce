"""Grep, Udir's curriculum register (data.udir.no/kl06/v201906), JSON.

The file holds Grep's three lists as fetched from its REST interface, one under each key (a
file with only some of them is read too):

    {"utdanningsprogram": [...], "programomraader": [...], "laerefag": [...]}

Any other shape is refused whole (UnrecognisedFile), never read as 0 rows. Every record has
`kode`, `tittel` and `status`. A title is a list of {"spraak": language, "verdi": text}, the
language a code (nob, eng, default) or, in older exports, a URI ending in one
(http://psi.udir.no/kl06/nob, http://data.udir.no/kl06/eng; the oldest give it under
`noekkel`, as http://psi.oasis-open.org/iso/639/#nob). The status is a URI (or an object
with one) ending in status_publisert or status_utgaatt.

A programme area names its education programme in `utdanningsprogram-referanse` (or
`utdanningsprogram`): an object or a list of objects with `kode`; only when it names none is
the programme taken from the code's first two letters. Its level is `aarstrinn` or `trinn`,
whose `kode` holds vg1, vg2 or vg3 (the code's sixth character otherwise). A trade names the
Vg2 programme areas that lead to it (`programomraader` or `programomraader-som-leder-til`).

An expired (utgått) programme, area or trade is kept and marked inactive: agreements that
cover it keep it.
"""

import re

from orgs.importers.base import (
    RegisterImport,
    Rejected,
    Summary,
    checked_first,
    in_batches,
    json_items,
    json_outline,
    opened,
    other_object,
    upsert,
)
from orgs.models import EducationProgramme, ProgrammeArea, Trade

LEVELS = {"vg1": "VG1", "vg2": "VG2", "vg3": "VG3"}
LISTS = ("utdanningsprogram", "programomraader", "laerefag")
SHAPE = (
    "an object with Grep's lists under utdanningsprogram, programomraader and laerefag "
    "(records with kode, tittel and status)"
)


def last_part(value) -> str:
    """A code, or the code a Grep URI ends in: http://psi.udir.no/kl06/nob → nob,
    http://psi.oasis-open.org/iso/639/#eng → eng, …/status/status_utgaatt → status_utgaatt."""
    return re.split(r"[/#]", str(value or "").strip().rstrip("/#"))[-1]


def titles(record: dict) -> tuple[str, str]:
    """(bokmål, English) from Grep's list of {spraak, verdi} (or a {language: text} map)."""
    value = record.get("tittel") or []
    if isinstance(value, dict):
        pairs = [(k, v) for k, v in value.items() if isinstance(v, str)]
    elif isinstance(value, str):
        pairs = [("default", value)]
    else:
        pairs = [
            (t.get("spraak") or t.get("noekkel"), t.get("verdi"))
            for t in value
            if isinstance(t, dict)
        ]
    by_language = {last_part(language).lower(): str(text or "") for language, text in pairs}
    nb = by_language.get("nob") or by_language.get("default") or ""
    return " ".join(nb.split())[:200], " ".join((by_language.get("eng") or "").split())[:200]


def is_published(record: dict) -> bool:
    status = record.get("status")
    if isinstance(status, dict):
        status = status.get("uri") or status.get("kode") or status.get("url-data")
    status = last_part(status).lower()
    if "publisert" in status:
        return True
    if "utgaatt" in status or "utgått" in status:
        return False
    raise Rejected("unknown_status", status or "no status")


def codes(value) -> list[str]:
    """The codes of a reference or a list of them (objects with `kode`, or bare codes)."""
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("kode") or last_part(item.get("uri") or item.get("url-data"))
        if item and isinstance(item, str):
            found.append(last_part(item))
    return found


def programme_codes(record: dict, code: str) -> list[str]:
    """The codes of the education programme a programme area names; the code's first two
    letters only when it names none."""
    for key in ("utdanningsprogram-referanse", "utdanningsprogram"):
        if record.get(key):
            return codes(record[key])
    return [code[:2]]


def list_keys(path) -> set[str]:
    """Which of Grep's lists the file holds. Raises UnrecognisedFile for any other shape."""
    keys = set(json_outline(path, SHAPE, register="a Grep"))
    if not keys & set(LISTS):
        raise other_object("a Grep", sorted(keys), SHAPE)
    return keys


def checked_records(items, key: str):
    """The list's items, after checking that the first is a Grep record."""
    return checked_first(
        items,
        lambda first: isinstance(first, dict) and ("kode" in first or "tittel" in first),
        f"{key} does not hold Grep records; expected {SHAPE}",
    )


def level_of(record: dict, code: str) -> str:
    for key in ("trinn", "aarstrinn"):
        for value in codes(record.get(key)):
            for marker, level in LEVELS.items():
                if marker in value.lower():
                    return level
    level = f"VG{code[5]}" if len(code) > 5 else ""
    if level not in LEVELS.values():
        raise Rejected("unknown_level", code)
    return level


class GrepImport(RegisterImport):
    register = "grep"

    def run(self) -> Summary:
        from agreements.models import ProgrammeCoverage  # agreements' models import orgs'

        present = list_keys(self.path)
        try:
            # One streaming pass per list, in the order the rows refer to each other.
            for key, handle in zip(LISTS, (self.programmes, self.areas, self.trades), strict=True):
                if key not in present:
                    continue
                with opened(self.path, progress=self.progress, desc=f"Grep {key}") as stream:
                    items = checked_records(json_items(stream, f"{key}.item"), key)
                    in_batches(items, handle, self.batch_size)
        finally:
            # Written in bulk, past the signals (and kept if it stops halfway): which programme
            # each area leads to, and a trade's areas.
            ProgrammeCoverage.objects.refresh()
        return self.summary

    def _rows(self, records, read) -> dict:
        rows = {}
        for record in records:
            if not isinstance(record, dict):
                self.reject("", Rejected("not_a_record", str(record)[:100]))
                continue
            code = str(record.get("kode") or "").strip()
            try:
                if not code:
                    raise Rejected("missing_code")
                nb, en = titles(record)
                if not nb:
                    raise Rejected("missing_name")
                rows[code] = {"title_nb": nb, "title_en": en, **read(record, code, nb, en)}
            except Rejected as rejected:
                self.reject(code, rejected)
        return rows

    def programmes(self, records) -> None:
        rows = self._rows(records, lambda record, code, nb, en: {"active": is_published(record)})
        upsert(EducationProgramme, "code", rows, self.summary)

    def areas(self, records) -> None:
        programmes = dict(EducationProgramme.objects.values_list("code", "pk"))

        def read(record, code, nb, en):
            named = programme_codes(record, code)
            known = [programme for programme in named if programme in programmes]
            if not known:
                raise Rejected("unknown_education_programme", ", ".join(named) or "no code")
            return {
                "level": level_of(record, code),
                "education_programme_id": programmes[known[0]],
                "active": is_published(record),
                **ProgrammeArea.search_columns(code, nb, en),
            }

        upsert(ProgrammeArea, "code", self._rows(records, read), self.summary)

    def trades(self, records) -> None:
        leading = {}

        def read(record, code, nb, en):
            active = is_published(record)
            leading[code] = set(
                codes(record.get("programomraader") or record.get("programomraader-som-leder-til"))
            )
            return {
                "active": active,
                **Trade.search_columns(code, nb, en),
            }

        rows = self._rows(records, read)
        trades, unchanged = upsert(Trade, "code", rows, self.summary)
        self._link_areas({code: trades[code] for code in rows}, leading, unchanged)

    def _link_areas(self, trades: dict, leading: dict, unchanged: set) -> None:
        """Sets each trade's Vg2 areas, writing only the links that changed."""
        area_ids = dict(
            ProgrammeArea.objects.filter(
                code__in={a for areas in leading.values() for a in areas}
            ).values_list("code", "pk")
        )
        through = Trade.programme_areas.through
        current = {}
        for trade_id, area_id in through.objects.filter(
            trade_id__in=[t.pk for t in trades.values()]
        ).values_list("trade_id", "programmearea_id"):
            current.setdefault(trade_id, set()).add(area_id)
        add, remove = [], []
        relinked = 0
        for code, trade in trades.items():
            wanted = set()
            for area in leading[code]:
                if area in area_ids:
                    wanted.add(area_ids[area])
                else:
                    self.summary.notes["trade links to an unknown programme area"] += 1
            have = current.get(trade.pk, set())
            if wanted != have:
                add += [through(trade_id=trade.pk, programmearea_id=a) for a in wanted - have]
                remove += [(trade.pk, a) for a in have - wanted]
                relinked += code in unchanged
        through.objects.bulk_create(add)
        for trade_id, area_id in remove:
            through.objects.filter(trade_id=trade_id, programmearea_id=area_id).delete()
        # A trade whose fields were unchanged but whose links changed counts as updated.
        self.summary.updated += relinked
        self.summary.unchanged -= relinked
