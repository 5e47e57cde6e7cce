"""How text is searched: the one normalisation of every search column and every query, and the
one queryset that matches and ranks.

Both databases store and compare the same folded text (normalise_search_text), written in
Python by each model's one writer, so a search behaves the same on SQLite and PostgreSQL. Only
typo tolerance and ranking by similarity are PostgreSQL's (pg_trgm), see the README.

Folding: lower case, æ → ae, ø → o, å → a, accents dropped (é → e, č → c), punctuation to
spaces, so "Meloy" finds Meløy and "helse og oppvekst" finds "Helse- og oppvekstfag".
Abbreviations are written out on both sides ("vgs" → "videregaende skole"), so "Meløy vgs"
finds Meløy videregående skole and "Strinda videregående" finds a school registered as
"Strinda vgs". Digit groups that make nine digits are joined: "868 609 141" → "868609141".
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connections, models
from django.db.models import Case, Exists, IntegerField, Q, Value, When
from django.db.models.functions import Length, Round

LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "œ": "oe", "đ": "d", "ł": "l"})
# What people write short, and what it stands for (folded). A word of the text is replaced by
# its long form, in columns and queries alike.
ABBREVIATIONS = {
    "vgs": "videregaende skole",
    "vgskole": "videregaende skole",
    "avd": "avdeling",
    # Nynorsk names of schools, so "Austevoll vgs" finds Austevoll vidaregåande skule.
    "vidaregaande": "videregaende",
    "skule": "skole",
    "ungdomsskule": "ungdomsskole",
}
NOT_A_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
ORGNR_LENGTH = 9

# A query is cut to this many characters and words: enough for any name, and a bound on the SQL.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
# Shorter words ("as", "og", "i") do not narrow a search of longer ones: nearly every company
# name holds "as". A query of short words only matches names that start with it.
MIN_MATCH_WORD = 3
# Words this long may have one letter wrong (PostgreSQL): "Grytåja" finds Grytåga. A shorter
# word has too many neighbours one letter away: "rognan" would be compared with most names.
MIN_TYPO_WORD = 7
# A typo word is matched as any of at most this many stored words it may be meant as.
TYPO_ALTERNATIVES = 8


def _meant_as(stored_words, word: str) -> ArraySubquery:
    """The stored words `word` may be a typo of: word similarity at pg_trgm's threshold (0.6),
    by the words' trigram index; the closest first, at most TYPO_ALTERNATIVES."""
    closest = stored_words.filter(word__trigram_word_similar=word).order_by(
        TrigramSimilarity("word", word).desc(), "word"
    )
    return ArraySubquery(closest.values("word")[:TYPO_ALTERNATIVES])


def _fold_word(word: str) -> str:
    return ABBREVIATIONS.get(word, word)


def _join_number_groups(words: list[str]) -> list[str]:
    """ "868 609 141" → "868609141": consecutive digit groups that make an organisation number."""
    if sum(word.isdigit() for word in words) < 2:
        return words  # most names: nothing to join (an import folds a million of them)
    joined, i = [], 0
    while i < len(words):
        for end in range(min(len(words), i + 4), i + 1, -1):
            run = words[i:end]
            if all(w.isdigit() for w in run) and len("".join(run)) == ORGNR_LENGTH:
                joined.append("".join(run))
                i = end
                break
        else:
            joined.append(words[i])
            i += 1
    return joined


def normalise_search_text(*parts: str) -> str:
    """The folded form of `parts`, for a search column or a query (see the module's docstring)."""
    text = " ".join(p for p in parts if p).replace("&", " og ")
    text = unicodedata.normalize("NFKC", text).casefold().translate(LETTERS)
    if not text.isascii():  # accents left after æ, ø, å: é → e, č → c
        decomposed = unicodedata.normalize("NFD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = NOT_A_LETTER_OR_DIGIT.sub(" ", text).split()
    return " ".join(_join_number_groups([_fold_word(w) for w in words]))


@dataclass(frozen=True)
class SearchQuery:
    """A query as typed, folded once."""

    text: str

    @classmethod
    def parse(cls, typed) -> "SearchQuery":
        if isinstance(typed, cls):
            return typed
        folded = normalise_search_text(str(typed or "")[:MAX_QUERY_LENGTH])
        return cls(" ".join(folded.split()[:MAX_QUERY_WORDS]))

    @property
    def words(self) -> list[str]:
        return self.text.split()

    @property
    def match_words(self) -> list[str]:
        """The words every result must hold; none when the query has only short words."""
        return [w for w in self.words if len(w) >= MIN_MATCH_WORD]

    @property
    def typo_words(self) -> list[str]:
        """The words that may have a letter wrong: long ones, not numbers."""
        return [w for w in self.match_words if len(w) >= MIN_TYPO_WORD and not w.isdigit()]

    def __bool__(self) -> bool:
        return bool(self.text)


class SearchableQuerySet(models.QuerySet):
    """For models with a `search_text` column (everything a search may match) and a
    `search_name` column (the folded name the ranking compares), both written by
    normalise_search_text.

    search() narrows; ranked_search() narrows and orders, best first. One code path for both
    databases except where the docstrings say.
    """

    def _on_postgresql(self) -> bool:
        return connections[self.db].vendor == "postgresql"

    def search(self, typed):
        """Every word of the query (of three letters or more) in the search column. On
        PostgreSQL, when that finds nothing, words of seven letters or more may have one letter
        wrong: "Grytåja" finds Grytåga; only the words found nowhere are forgiven a letter. The
        test costs one small query (of the words table, where the model has one); a query with
        no typo never pays for the slower similarity test."""
        return self._search(SearchQuery.parse(typed))[0]

    def _search(self, query: SearchQuery):
        """(the matches, whether they needed the typo fallback)."""
        if not query:
            return self.none(), False
        if not query.match_words:
            return self.filter(self._short_words_match(query)), False
        exact = self.filter(self._words_match(query))
        if not query.typo_words or not self._on_postgresql():
            return exact, False
        misspelt = self._misspelt_words(exact, query)
        if not misspelt:
            return exact, False
        return self.filter(self._words_match(query, typos=misspelt)), True

    def search_words(self):
        """The model's table of the words of its search column (orgs.models.SearchWord), for
        typo correction; None to compare a typo with each row's search column instead."""
        return None

    def _misspelt_words(self, exact, query: SearchQuery) -> dict[str, list[str] | None]:
        """The typo words forgiven a letter, in one query: those that no row holds, and only
        when the exact search finds nothing ("settefisk nord" with each word somewhere but
        not together has no typo; in "avd rognan", "avdeling" is in a fifth of the country
        and forgiving it a letter would compare each of those names). As {word: the words it
        may be meant as}, from the model's words table (search_words), or None, to be
        compared with each row.

        With a words table the exact search is not asked: a word that no stored word holds is
        in no row, so the exact search would find nothing, and a word that one holds is no
        typo. The words it may be meant as are looked up only for the words found nowhere."""
        words = query.typo_words
        stored = self.search_words()
        if stored is not None:
            meant = {
                f"meant_{i}": Case(
                    When(Exists(stored.filter(word__contains=word)), then=Value(None)),
                    default=_meant_as(stored, word),
                )
                for i, word in enumerate(words)
            }
            row = self.model._default_manager.annotate(**meant).values(*meant).first() or {}
            return {
                word: row[f"meant_{i}"]
                for i, word in enumerate(words)
                if row.get(f"meant_{i}") is not None
            }
        found = {"found_all": Exists(exact)}
        if len(query.match_words) > 1:
            for i, word in enumerate(words):
                found[f"found_{i}"] = Exists(self.filter(search_text__contains=word))
        row = self.model._default_manager.annotate(**found).values(*found).first()
        if row is None or row["found_all"]:
            return {}
        return {
            word: None
            for i, word in enumerate(words)
            if len(query.match_words) == 1 or not row[f"found_{i}"]
        }

    def _short_words_match(self, query: SearchQuery) -> Q:
        """A query of short words only ("as"): the names that start with it, by the name's
        prefix index; a model without a name column (agreements) matches a word of its search
        column that starts with it."""
        if any(f.name == "search_name" for f in self.model._meta.concrete_fields):
            return Q(search_name__startswith=query.text)
        return Q(search_text__startswith=query.text) | Q(search_text__contains=f" {query.text}")

    @staticmethod
    def _words_match(query: SearchQuery, typos=None) -> Q:
        """Every match word in the search column; those in `typos` ({word: the words it may be
        meant as, or None}, _misspelt_words), found nowhere as typed, with a letter wrong."""
        typos = typos or {}
        condition = Q()
        for word in query.match_words:
            if word not in typos:
                condition &= Q(search_text__contains=word)
            elif typos[word] is None:
                # word_similarity(word, search_text) >= pg_trgm.word_similarity_threshold
                # (0.6); the trigram GIN index serves it as it serves LIKE.
                condition &= Q(search_text__trigram_word_similar=word)
            else:
                meant = Q(pk__in=[])
                for alternative in typos[word]:
                    meant |= Q(search_text__contains=alternative)
                condition &= meant
        return condition

    def exact_match(self, query: SearchQuery) -> Q:
        """What counts as the very thing searched for; models add their codes or numbers."""
        return Q(search_name=query.text)

    def search_tiebreak(self) -> tuple:
        """(annotated queryset, order) among results the query ranks equal, before the
        shorter name and the model's own order; models add what a searcher looks for."""
        return self, ()

    def search_candidates(self, matches, query: SearchQuery, limit: int, groups=(), fuzzy=False):
        """At most about `limit` of `matches` per group (a Q each) for a ranking that only
        needs the best few: the first `limit` that come, and the first names that start with
        the query (tiers 0 and 1; none after the typo fallback, whose query no name holds),
        so a word in 30,000 names is ranked over a few thousand. On databases that cannot
        slice the parts of a UNION (SQLite), every match."""
        if not connections[self.db].features.supports_slicing_ordering_in_compound:
            return matches
        parts = []
        for group in groups or (Q(),):
            in_group = matches.filter(group).order_by().values("pk")
            parts.append(in_group[:limit])
            if not fuzzy:
                parts.append(
                    in_group.filter(search_name__startswith=query.text)[: max(limit // 4, 1)]
                )
        candidates = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        # matches.filter, not self.filter: the match test again leads PostgreSQL to look the
        # few candidates up by key instead of hashing them against every active row.
        return matches.filter(pk__in=candidates)

    def ranked_search(self, typed, candidates: int | None = None, groups=()):
        """The matches, best first (the one ranking of every search):

        0. the exact name (or number, or code);
        1. a name that starts with the query;
        2. every word of the query begins a word of the name, rather than sitting inside one
           ("fisk" in "settefisk");
        3. every word begins a word of the search column, which also holds the place and the
           number ("settefisk meløy" for Grytåga settefisk AS in Meløy);
        4. the rest; after the typo fallback (PostgreSQL: _misspelt_words, one small query
           before the search when the query has a long word), by trigram similarity.

        Then the model's tiebreak (search_tiebreak), the shorter name (closer to what was
        typed) and the model's order. With `candidates`, only over search_candidates (the
        front page's first few of each group); without, over every match. String tests only,
        so a word found in 20,000 names is ranked without computing a similarity for each.
        """
        query = SearchQuery.parse(typed)
        if not query:
            return self.none()
        results, fuzzy = self._search(query)
        if candidates:
            results = self.search_candidates(results, query, candidates, groups, fuzzy)
        in_name, in_text = Q(), Q()
        for word in query.match_words or query.words:
            in_name &= Q(search_name__startswith=word) | Q(search_name__contains=f" {word}")
            in_text &= Q(search_text__startswith=word) | Q(search_text__contains=f" {word}")
        results = results.annotate(
            search_tier=Case(
                When(self.exact_match(query), then=Value(0)),
                When(search_name__startswith=query.text, then=Value(1)),
                When(in_name, then=Value(2)),
                When(in_text, then=Value(3)),
                default=Value(4),
                output_field=IntegerField(),
            )
        )
        order = ["search_tier"]
        if fuzzy:
            # Rounded, so that names about as close to the query count as equals.
            results = results.annotate(
                search_similarity=Round(TrigramWordSimilarity(query.text, "search_name"), 1)
            )
            order.append("-search_similarity")
        results, tiebreak = results.search_tiebreak()
        return results.order_by(
            *order, *tiebreak, Length("search_name"), *self.model._meta.ordering, "pk"
        )
