"""How the benchmark's rows are spread: over the country as people are, and in sizes as skewed
as in life (a few very large schools and companies, most small).

`Weighted` draws from items with weights in one bisect a draw, fast enough for a million
draws; `ranked` gives Zipf weights (the item of rank r weighs 1 / r**s), the shape of school
sizes, of how many agreements a company has, and of how many log messages it gets.
"""

import bisect
import itertools

from bench.population import inhabitants


def ranked(n: int, s: float) -> list[float]:
    return [1 / rank**s for rank in range(1, n + 1)]


class Weighted:
    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))
        if not self.items:
            raise ValueError("nothing to draw from")

    def __len__(self) -> int:
        return len(self.items)

    def draw(self, rng):
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def distinct(self, rng, k: int) -> list:
        """k different items (all of them when there are no more), likelier ones first."""
        k = min(k, len(self.items))
        chosen = []
        for _ in range(50 * k):
            item = self.draw(rng)
            if item not in chosen:
                chosen.append(item)
                if len(chosen) == k:
                    return chosen
        return chosen + [i for i in self.items if i not in chosen][: k - len(chosen)]


class Country:
    """The municipalities (pk, county pk, name, number) with how many live in each."""

    def __init__(self, municipalities):
        self.municipalities = sorted(municipalities, key=lambda m: -inhabitants(m[3]))
        self.people = Weighted(
            self.municipalities, (inhabitants(m[3]) for m in self.municipalities)
        )
        # Schools follow people less closely: a small place has its own lower-secondary school.
        self.pupils = Weighted(
            self.municipalities, (inhabitants(m[3]) ** 0.7 for m in self.municipalities)
        )
        self.counties = sorted({m[1] for m in self.municipalities})
        self.largest_in_county = {}  # county pk -> its most populous municipality
        for m in self.municipalities:
            self.largest_in_county.setdefault(m[1], m)

    def upper_secondary_places(self, n: int, rng) -> list:
        """Where the upper-secondary schools are, largest school first: the four largest in the
        four largest cities, then each county's largest school in its largest municipality (so
        every county has one), the rest where people live."""
        places = self.municipalities[:4] + [self.largest_in_county[c] for c in self.counties]
        places = places[:n]
        return places + [self.people.draw(rng) for _ in range(n - len(places))]

    def lower_secondary_places(self, n: int, rng) -> list:
        return [self.pupils.draw(rng) for _ in range(n)]
