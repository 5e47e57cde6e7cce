"""The one normalisation used for every search column and every search query."""

import unicodedata

from django.db import models


def normalise_search_text(*parts: str) -> str:
    """Lower-cased, NFC-normalised, with runs of white space folded to one space.

    Norwegian letters (æ, ø, å) are kept as they are: they are distinct letters, not accents.
    """
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(text.split())


class SearchableQuerySet(models.QuerySet):
    """For models with a `search_text` column kept by normalise_search_text.

    Every word of the query must occur in the column. One code path for SQLite and PostgreSQL:
    `contains` becomes LIKE '%word%', which a trigram GIN index serves on PostgreSQL.
    """

    def search(self, query: str):
        qs = self
        for word in normalise_search_text(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs
