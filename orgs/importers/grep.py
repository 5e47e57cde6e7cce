"""Grep, Udir's curriculum register (data.udir.no/kl06/v201906), JSON.

The file holds Grep's three lists as fetched from its REST interface, one under each key:

    {"utdanningsprogram": [...], "programomraader": [...], "laerefag": [...]}

Every record has `kode`, `tittel` (a list of {"spraak": "nob" | "eng" | "default", "verdi":
...}) and `status` (a URI ending in status_publisert or status_utgaatt). A programme area
names its education programme (`utdanningsprogram`, an object or a list with `kode`) and its
level (`trinn` or `aarstrinn`, whose `kode` holds vg1, vg2 or vg3; the code's sixth character
otherwise). A trade names the Vg2 programme areas that lead to it (`programomraader`).

An expired (utgått) programme, area or trade is kept and marked inactive: agreements that
cover it keep it.
"""

from orgs.importers.base import (
    RegisterImport,
    Rejected,
    Summary,
    in_batches,
    json_items,
    opened,
    upsert,
)
from orgs.models import EducationProgramme, ProgrammeArea, Trade

LEVELS = {"vg1": "VG1", "vg2": "VG2", "vg3": "VG3"}


def titles(record: dict) -> tuple[str, str]:
    """(bokmål, English) from Grep's list of {spraak, verdi} (or a {language: text} map)."""
    value = record.get("tittel") or []
    if isinstance(value, dict):
        by_language = {k: v for k, v in value.items() if isinstance(v, str)}
    elif isinstance(value, str):
        by_language = {"default": value}
    else:
        by_language = {
            str(t.get("spraak") or ""): str(t.get("verdi") or "")
            for t in value
            if isinstance(t, dict)
        }
    nb = by_language.get("nob") or by_language.get("default") or ""
    return " ".join(nb.split())[:200], " ".join((by_language.get("eng") or "").split())[:200]


def is_published(record: dict) -> bool:
    status = str(record.get("status") or "").rsplit("/", 1)[-1].lower()
    if "publisert" in status:
        return True
    if "utgaatt" in status or "utgått" in status:
        return False
    raise Rejected("unknown_status", status or "no status")


def codes(value) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [str(i.get("kode")) for i in items if isinstance(i, dict) and i.get("kode")]


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
        # Three streaming passes, in the order the rows refer to each other.
        for key, handle in (
            ("utdanningsprogram", self.programmes),
            ("programomraader", self.areas),
            ("laerefag", self.trades),
        ):
            with opened(self.path, progress=self.progress, desc=f"Grep {key}") as stream:
                in_batches(json_items(stream, f"{key}.item"), handle, self.batch_size)
        return self.summary

    def _rows(self, records, read) -> dict:
        rows = {}
        for record in records:
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
        rows = self._rows(records, lambda record, code, nb, en: {})
        upsert(EducationProgramme, "code", rows, self.summary)

    def areas(self, records) -> None:
        programmes = dict(EducationProgramme.objects.values_list("code", "pk"))

        def read(record, code, nb, en):
            programme = (codes(record.get("utdanningsprogram")) or [code[:2]])[0]
            if programme not in programmes:
                raise Rejected("unknown_education_programme", programme)
            return {
                "level": level_of(record, code),
                "education_programme_id": programmes[programme],
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
