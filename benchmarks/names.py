"""Agency names for the accuracy benchmark, kept apart from diffkit's registry, and a small
normaliser of its own: the benchmark's truth and scorer must not grade diffkit with diffkit's
knowledge (`diffkit.agencies`) nor with its text folding (`diffkit.normalize.fold`).

``data/names.csv`` (written for the benchmark: region, the short form a plan writes, the full
official name, the successor after the 2018 institutional reform) gives the simulator full
names and successors (`ListNames` has the methods `diffkit.simulate.names.RegistryNames`
has) and gives the scorer the identity of written names (`ListNames.key`). OpenCC is used
here directly for Traditional characters (not through diffkit).
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
_DROP = re.compile(r"[\s\u3000]")


@functools.cache
def _t2s():
    import opencc  # the benchmark's own use, independent of diffkit.normalize

    return opencc.OpenCC("t2s")


def norm(name: str) -> str:
    """NFKC (full-width brackets to ASCII), Traditional to Simplified, no spaces."""
    return _DROP.sub("", _t2s().convert(unicodedata.normalize("NFKC", name)))


class ListNames:
    """Full names, successors and identities of agency names from ``data/names.csv``, for
    the plans of ``region`` (the key works for any region in the list)."""

    def __init__(self, region: str | None = None, path: Path = DATA / "names.csv") -> None:
        self.region = region
        with open(path, encoding="utf-8", newline="") as fh:
            self.rows = list(csv.DictReader(fh))
        self.index: dict[tuple[str, str], str] = {}
        for row in self.rows:
            reg = row["region"]
            for written in (row["short"], row["full"], row["successor"]):
                if written:
                    key = self._bare(norm(written), reg)
                    for form in self._forms(norm(written), reg):
                        self.index.setdefault((reg, form), key)
            self.index[(reg, norm(row["full"]))] = self._bare(norm(row["short"]), reg)

    @staticmethod
    def _bare(name: str, region: str) -> str:
        """Without the region's or 省's prefix: 四川省教育厅, 省教育厅 and 教育厅 are one."""
        for prefix in (region, "省"):
            if name.startswith(prefix) and len(name) > len(prefix) + 1:
                return name[len(prefix):]
        return name

    def _forms(self, name: str, region: str) -> set[str]:
        bare = self._bare(name, region)
        return {name, bare, "省" + bare, region + bare}

    def _row(self, name: str) -> dict | None:
        if self.region is None:
            return None
        key = self.index.get((self.region, norm(name)))
        return next((r for r in self.rows if r["region"] == self.region
                     and self._bare(norm(r["short"]), self.region) == key), None)

    # -- what the simulator asks -------------------------------------------------------------
    def atomic(self, name: str) -> bool:
        return "等" not in name and "、" not in name

    def full_name(self, name: str) -> str | None:
        row = self._row(name)
        return row["full"] if row and norm(row["full"]) != norm(name) else None

    def successors(self, name: str) -> list[str]:
        row = self._row(name)
        return [row["successor"]] if row and row["successor"] else []

    def key(self, name: str, plan) -> tuple[str, ...]:
        """The agencies a written name stands for: 'A等B成员单位' is A and B; each part by
        the list, else without its region prefix."""
        region = (plan.meta.get("region") if plan is not None else None) or self.region or ""
        text = norm(name)
        parts = text.split("等", 1) if text.endswith("成员单位") and "等" in text else [text]
        return tuple(self.index.get((region, p), self._bare(p, region)) for p in parts)
