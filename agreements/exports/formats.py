"""How the archive index and the open data write their rows: CSV cells and JSON arrays."""

from collections.abc import Iterable, Iterator


def party_text(party: dict) -> str:
    """A party as "name (orgnr, role)", with its share of the cost when it has one."""
    cost = [party.get(key) for key in ("cost_amount", "cost_rule") if party.get(key)]
    return f"{party['name']} ({', '.join([party['orgnr'], party['role'], *cost])})"


def csv_cell(value):
    """One value as a CSV cell: a list as "a; b" (a party as "name (orgnr, role)"), None as
    an empty cell, anything else as it is."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(party_text(item) if isinstance(item, dict) else item for item in value)
    return value


def json_array(items: Iterable[str]) -> Iterator[str]:
    """A JSON array, one item (already JSON) a line, written piece by piece."""
    yield "[\n"
    first = True
    for item in items:
        yield item if first else ",\n" + item
        first = False
    yield "\n]\n"


def in_pieces(parts: Iterable[str], size: int = 200) -> Iterator[str]:
    """The parts joined `size` at a time: a streamed response writes a few hundred pieces, not
    one for each of ten thousand rows (each write costs the server a call)."""
    piece = []
    for part in parts:
        piece.append(part)
        if len(piece) == size:
            yield "".join(piece)
            piece = []
    if piece:
        yield "".join(piece)
