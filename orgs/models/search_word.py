"""The words of the organisations' search column, so that a word typed with a letter wrong is
compared with the country's distinct words, not with 500,000 names (PostgreSQL; the typo
fallback of registry.text.SearchableQuerySet through OrganisationQuerySet.search_words).

A statement trigger (orgs/migrations/0013_search_words.py) adds the words of every search
column written, by save(), the register imports' bulk upserts or a renamed municipality: the
table has no writer of its own. Words of six letters or more are kept (a typo word of seven
with a letter left out), not numbers. Words are never removed: one left over from a renamed or
deleted organisation only makes a correction that matches nothing.
"""

from django.db import models


class SearchWord(models.Model):
    word = models.CharField(primary_key=True, max_length=255)

    class Meta:
        verbose_name = "search word"

    def __str__(self) -> str:
        return self.word
