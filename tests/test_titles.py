"""Title line-breaking (text/titles.py): the pruned search of break positions."""

from __future__ import annotations


def test_feasible_breaks_are_the_filtered_combinations_in_order():
    """The pruned search tries exactly the combinations whose lines fit, in itertools' order."""
    import itertools
    import random

    from briefgen.text.titles import _feasible

    rng = random.Random(7)
    for _ in range(300):
        end = rng.randint(5, 30)
        positions = sorted(rng.sample(range(1, end), rng.randint(1, end - 1)))
        lo, hi = rng.randint(1, 4), rng.randint(4, 14)

        def fits(a, b):
            return lo <= b - a <= hi

        for n in (1, 2, 3):
            want = [c for c in itertools.combinations(positions, n)
                    if all(fits(a, b) for a, b in zip((0, *c), (*c, end)))]
            assert list(_feasible(positions, n, end, fits)) == want
