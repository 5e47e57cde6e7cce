"""What every register import shares: streaming readers, batched upserts, the rejects report.

An import reads its file as a stream (ijson over gzip, or the csv module), so memory stays
flat however large the file. Rows are validated one by one; a bad row goes to the rejects
report with a reason and the import goes on. Good rows are upserted in batches: one query
fetches the existing rows of a batch by key, new rows are inserted with bulk_create, changed
rows are written with bulk_update (only the changed fields), and unchanged rows are not
written at all, so their `updated_at` stays where it was.
"""

import collections
import contextlib
import csv
import datetime
import gzip
import io
import itertools
import os
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import ijson
from django.db import reset_queries, transaction
from django.utils import timezone
from tqdm import tqdm

BATCH_SIZE = 2000
GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"


# Reading


class ProgressFile(io.RawIOBase):
    """A binary file that moves a progress bar by the bytes read from disk."""

    def __init__(self, raw, bar):
        self.raw, self.bar = raw, bar

    def readable(self):
        return True

    def readinto(self, buffer):
        n = self.raw.readinto(buffer)
        if n:
            self.bar.update(n)
        return n

    def close(self):
        self.raw.close()
        super().close()


def open_input(path, bar=None):
    """The file as a binary stream, un-gzipped when it starts with gzip's magic bytes, past a
    UTF-8 byte order mark (which Windows tools write and the JSON parser refuses)."""
    raw = open(path, "rb")  # noqa: SIM115 (closed by the caller through the wrapper)
    gzipped = raw.read(2) == GZIP_MAGIC
    raw.seek(0)
    stream = io.BufferedReader(ProgressFile(raw, bar), 1 << 16) if bar is not None else raw
    if gzipped:
        stream = gzip.GzipFile(fileobj=stream, mode="rb")
    try:
        if stream.peek(3)[:3] == UTF8_BOM:
            stream.read(3)
    except (gzip.BadGzipFile, EOFError, zlib.error):
        pass  # read_head tells the user the file is a broken gzip file
    return stream


def json_items(stream, prefix: str = "item") -> Iterator[dict]:
    """The objects of a JSON array (or of the array at `prefix`), one at a time."""
    yield from ijson.items(stream, prefix, use_float=True)


def first_line(error: Exception) -> str:
    """An error's first line (ijson's parse errors draw an arrow on the next ones)."""
    return str(error).strip().splitlines()[0]


def json_outline(path, expected: str, *, register: str, arrays: bool = False) -> dict | None:
    """The top of a JSON file, to tell its shape by: None for an array (where `arrays` are
    read), else the object's top-level keys in the file's order, each with its value when that
    is a number or a string (None otherwise). Read as events, so memory stays flat.

    UnrecognisedFile naming `expected` for an empty file, one that is not JSON, or JSON that
    is neither ("not {register} file")."""
    if not read_head(path, 64).strip():
        raise UnrecognisedFile(f"an empty file; expected {expected}")
    with open_input(path) as stream:
        events = ijson.parse(stream, use_float=True)
        try:
            _prefix, event, _value = next(events, ("", None, None))
            if event == "start_array" and arrays:
                return None
            if event != "start_map":
                raise UnrecognisedFile(f"not {register} file: expected {expected}")
            top = {}
            for prefix, event, value in events:
                if prefix == "" and event == "map_key":
                    top[value] = None
                elif event in ("number", "string") and prefix in top:
                    top[prefix] = value
        except ijson.JSONError as error:
            raise UnrecognisedFile(f"not JSON ({first_line(error)}); expected {expected}") from None
    return top


def other_object(register: str, keys, expected: str) -> "UnrecognisedFile":
    """The refusal of a JSON object with none of the keys a register's files have."""
    found = ", ".join(list(keys)[:8]) or "no keys"
    return UnrecognisedFile(f"not {register} file (an object with {found}); expected {expected}")


def checked_first(items, is_record: Callable, refusal: str) -> Iterator:
    """The items, after checking the first with `is_record`: a file of something else is
    refused whole (UnrecognisedFile(refusal)) rather than rejected row by row."""
    items = iter(items)
    first = next(items, None)
    if first is None:
        return
    if not is_record(first):
        raise UnrecognisedFile(refusal)
    yield first
    yield from items


def read_head(path, size: int = 1 << 16) -> bytes:
    """The first bytes of the file's content (un-gzipped), without a UTF-8 byte order mark,
    to tell its shape by; UnrecognisedFile for a gzip file that cannot be read."""
    try:
        with open_input(path) as stream:
            head = stream.read(size)
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise UnrecognisedFile(f"a gzip file that cannot be read ({error})") from None
    return head


def csv_columns(head: bytes) -> list[str]:
    """The column names on the first line of a CSV file's head; [] when it is not CSV text."""
    try:
        line = head.split(b"\n", 1)[0].decode("utf-8")
        dialect = csv.Sniffer().sniff(line, delimiters=",;\t")
    except (UnicodeDecodeError, csv.Error):
        return []
    return [column.strip() for column in next(csv.reader([line], dialect), [])]


def csv_records(stream) -> Iterator[dict]:
    """CSV rows as nested dicts: the column `forretningsadresse.kommunenummer` becomes
    {"forretningsadresse": {"kommunenummer": ...}}. Empty cells are left out; "true" and
    "false" become booleans.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    sample = text.readline()
    dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    reader = csv.reader(itertools.chain([sample], text), dialect)
    header = [column.split(".") for column in next(reader)]
    for row in reader:
        record = {}
        for path, value in zip(header, row, strict=False):
            value = value.strip()
            if value == "":
                continue
            if value in ("true", "false"):
                value = value == "true"
            target = record
            for key in path[:-1]:
                target = target.setdefault(key, {})
            target[path[-1]] = value
        yield record


def progress_bar(path, *, enabled: bool, desc: str):
    """A bar over the bytes of the input file (the compressed bytes for a gzipped file)."""
    return tqdm(
        total=os.path.getsize(path),
        unit="B",
        unit_scale=True,
        desc=desc,
        disable=not enabled,
        leave=False,
    )


@contextlib.contextmanager
def opened(path, *, progress: bool, desc: str):
    """The input as a binary stream, with a progress bar when asked for."""
    with progress_bar(path, enabled=progress, desc=desc) as bar, open_input(path, bar) as stream:
        yield stream


# The outcome


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    notes: collections.Counter = field(default_factory=collections.Counter)

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    def line(self) -> str:
        return (
            f"{self.rows} rows: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.rejected} rejected"
        )


class RejectsReport:
    """Rejected rows with their reasons, written as CSV (identifier, reason, detail).

    The file is created at the first rejection; `by_reason` counts them.
    """

    def __init__(self, path):
        self.path = Path(path)
        self.by_reason = collections.Counter()
        self._file = None
        self._writer = None

    def reject(self, identifier, reason: str, detail: str = "") -> None:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "w", newline="", encoding="utf-8")  # noqa: SIM115
            self._writer = csv.writer(self._file)
            self._writer.writerow(["identifier", "reason", "detail"])
        self._writer.writerow([identifier or "", reason, detail])
        self.by_reason[reason] += 1

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def default_report_path(register: str) -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return Path(tempfile.gettempdir()) / f"registry-import-{register}-{stamp}-rejects.csv"


class UnrecognisedFile(Exception):
    """The file is none of the shapes the register's import reads; the message names them.
    The command exits non-zero with it, rather than reading "0 rows"."""


class MassDeactivation(Exception):
    """A full download would mark more units as gone from the register than an import may
    without being told to (a truncated or filtered file); nothing was marked."""


class Rejected(Exception):
    """Raised while reading a row: the row goes to the report with this reason."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason, self.detail = reason, detail


class RegisterImport:
    """One run over one file of a register. `run()` returns the Summary; rejects go to
    `report`. Each register's import sets `register` (its name in the report's file name)."""

    register = ""

    def __init__(self, path, report: RejectsReport, *, progress=False, batch_size=BATCH_SIZE):
        self.path, self.report = path, report
        self.progress, self.batch_size = progress, batch_size
        self.summary = Summary()

    def reject(self, identifier, rejected: Rejected) -> None:
        """Counts a rejected row and writes it to the report."""
        self.summary.rejected += 1
        self.report.reject(identifier, rejected.reason, rejected.detail)


# Writing


def upsert(
    model,
    key: str,
    rows: dict,
    summary: Summary,
    *,
    merge: Callable | None = None,
    load: tuple[str, ...] = (),
    batch_size: int = BATCH_SIZE,
) -> tuple[dict, set]:
    """Creates or updates `rows` ({key value: {field: value}}).

    Returns ({key: object}, the keys of the unchanged rows).

    One query reads the existing rows; new ones are inserted in one bulk_create, changed ones
    written in one bulk_update of the changed fields only (with `updated_at` moved, where the
    model has it); unchanged ones are not written. `merge(obj, values)` may adjust the values
    for an existing row (for instance keep a kind the register must not overwrite).
    """
    fields = {name for values in rows.values() for name in values}
    has_updated_at = any(f.name == "updated_at" for f in model._meta.concrete_fields)
    existing = {
        getattr(obj, key): obj
        for obj in model.objects.filter(**{f"{key}__in": list(rows)}).only(key, *fields, *load)
    }
    now = timezone.now()
    new, changed, changed_fields, unchanged = [], [], set(), set()
    for value, values in rows.items():
        obj = existing.get(value)
        if obj is None:
            obj = model(**{key: value}, **values)
            new.append(obj)
            existing[value] = obj
            continue
        if merge is not None:
            values = merge(obj, values)
        differ = [name for name, v in values.items() if getattr(obj, name) != v]
        if not differ:
            summary.unchanged += 1
            unchanged.add(value)
            continue
        for name in differ:
            setattr(obj, name, values[name])
        changed_fields.update(differ)
        if has_updated_at:
            obj.updated_at = now
        changed.append(obj)
    if new:
        model.objects.bulk_create(new, batch_size=batch_size)
        summary.created += len(new)
    if changed:
        if has_updated_at:
            changed_fields.add("updated_at")
        model.objects.bulk_update(changed, sorted(changed_fields), batch_size=500)
        summary.updated += len(changed)
    return existing, unchanged


def in_batches(records: Iterable, handle_batch: Callable, batch_size: int = BATCH_SIZE) -> None:
    """Calls handle_batch(tuple of records) for each batch, each in its own transaction.

    The query log is emptied after each batch: with DEBUG on it would otherwise keep the SQL
    of every bulk insert and memory would grow with the file.
    """
    for batch in itertools.batched(records, batch_size):
        with transaction.atomic():
            handle_batch(batch)
        reset_queries()


def parse_date(value) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise Rejected("bad_date", str(value)) from None
