"""Chains: a plan B that implements a plan A and the guideline G both (a city implementing its
province's plan and the State Council's guideline). `implements` decides from the plans'
metadata whether B implements A; `follows` says which text a task of B follows most closely.
"""

from __future__ import annotations

import re

from ..model import Plan
from ..normalize import fold
from .similarity import ratio

LEVELS = ("national", "provincial", "municipal", "county")
FOLLOWS = ("guideline", "a", "local")


def implements(b: Plan, a: Plan) -> bool:
    """Whether plan ``b`` implements plan ``a``: its ``meta.implements`` cites A's document
    number, or A is a plan (not a guideline) of a higher level than B's (a province's plan
    and a city's)."""
    cited = {re.sub(r"\s", "", x) for x in b.meta.get("implements") or ()}
    number = re.sub(r"\s", "", str(a.meta.get("doc_number") or ""))
    if number and number in cited:
        return True
    la, lb = a.meta.get("level"), b.meta.get("level")
    return la in LEVELS[1:] and lb in LEVELS and LEVELS.index(la) < LEVELS.index(lb)


def follows(b_text: str, a_text: str | None, g_text: str | None) -> str:
    """What a text of B follows most closely: ``"guideline"`` when it is at least as close
    (`fuzz.ratio` of the folded texts) to the guideline's text as to A's — also when A kept
    the guideline's wording —, ``"a"`` when closer to A's rewording (or to A's own addition),
    ``"local"`` when there is neither (None for a side without a counterpart)."""
    if a_text is None and g_text is None:
        return "local"
    text = fold(b_text)
    to_g = ratio(text, fold(g_text)) if g_text is not None else -1.0
    to_a = ratio(text, fold(a_text)) if a_text is not None else -1.0
    return "guideline" if to_g >= to_a else "a"


__all__ = ["FOLLOWS", "LEVELS", "follows", "implements"]
