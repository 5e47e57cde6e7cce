"""Cursor pagination: each page is the rows after the last one of the page before, by a unique
stable key (the agreement's id, the organisation number, the Grep code). A row added or removed
meanwhile never shifts a page, as an offset would."""

import base64
import binascii

from ninja.errors import HttpError


def encode(value) -> str:
    return base64.urlsafe_b64encode(str(value).encode()).decode().rstrip("=")


def decode(cursor: str | None, integer: bool = False):
    if not cursor:
        return None
    try:
        value = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if "\x00" in value or not value:
            raise ValueError
        return int(value) if integer else value
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise HttpError(400, "Invalid cursor") from None


def page(request, queryset, key: str, cursor, limit: int, serialize, integer=False) -> dict:
    """A page of `limit` rows of `queryset` by `key`, after the cursor, serialised: by
    `serialize(row)`, or `serialize(rows)` when it is marked `many`."""
    after = decode(cursor, integer)
    rows = queryset.order_by(key)
    if after is not None:
        rows = rows.filter(**{f"{key}__gt": after})
    rows = list(rows[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode(getattr(rows[-1], key)) if more else None
    return {
        "items": serialize(rows)
        if getattr(serialize, "many", False)
        else list(map(serialize, rows)),
        "next_cursor": next_cursor,
        "next": next_url(request, next_cursor),
    }


def many(serialize):
    """Marks a serialiser of a whole page (rows → items), for page()."""
    serialize.many = True
    return serialize


def next_url(request, next_cursor) -> str | None:
    if next_cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = next_cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
