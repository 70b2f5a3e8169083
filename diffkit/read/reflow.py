"""Text quirks undone before parsing: a whole plan on one line, and tables flattened to text.

- A plan copied as one long line (or a handful): the numbers that open sections and items
  (``一、`` ``（一）`` ``1.`` ``（1）`` ``①``), when they go on their style's sequence, agency labels
  (``牵头单位:`` …) and runs of two or more spaces start new lines. (Paragraphs without a number
  or label — a second task of an item after its agencies — cannot be told apart again.)
- A flattened task table, with a header of known column names (序号 / 重点任务 / 牵头单位 /
  配合单位 / 完成时限, the headers `diffkit import` knows, at least three with the task column):
  either the names on one line separated by spaces and each row on one line, or one name per
  line and then one cell per line. Its rows become tab-separated lines, which the parser reads
  as a task table (as `diffkit import` would).

`reflow` returns the text unchanged (the same object) when it holds neither.
"""

from __future__ import annotations

import re

from .columns import HEADER_FIELDS, header_key
from .headings import SECTION, heading, line_key

LONG_LINE = 300  # a line this long, in a text of few lines, may be a whole plan
FEW_LINES = 5
_MARKS = re.compile(r"(?<![一二三四五六七八九十])[一二三四五六七八九十]{1,3}、"
                    r"|\([一二三四五六七八九十]{1,3}\)|(?<![\d.])\d{1,2}[.、](?!\d)"
                    r"|\(\d{1,2}\)|[\u2460-\u2473]")  # on the line's key (half-width)
# in the header before the first number: after a sentence or the addressees' colon, and between
# a title's last word and the addressees or the preamble's first word
_HEAD_CUT = re.compile(r"(?<=[。：:])(?=.)|(?<=通知|意见|方案|规划|办法)(?=各|为|根据|按照|现将|近年来)"
                       r"|(?<=通知|意见)(?=[\u4e00-\u9fff]{1,5}[〔\[]\d{4})"
                       r"|(?<=日)(?=[(（][^)）]{1,4}[)）])|(?<=[)）])(?=各)")
_LABELS = re.compile(r"(?<=[^\s:])(?:牵头单位|牵头部门|参与单位|参与部门|配合单位|配合部门|协办单位|"
                     r"责任单位|责任部门|完成时限)\s*:")
_SPACES = re.compile(r"[ \u3000\u00a0]{2,}")
MAX_HEADER = 80  # a header line of column names is short …
MAX_NAME = 12  # … and so is one column name
_TEXT_COLUMN = re.compile(r"任务|内容|措施|事项|task|text|content|description", re.IGNORECASE)
_DEADLINE = re.compile(r"年|月|底|前|持续|长期|季度")
_NUMBER = re.compile(r"\d{1,4}[.、．]?")


def reflow(text: str) -> str:
    """``text`` with one-line plans cut into lines and flattened tables made tab rows."""
    lines = text.splitlines()
    changed = False
    if len([ln for ln in lines if ln.strip()]) <= FEW_LINES:
        cut = [piece for ln in lines for piece in _cut(ln)]
        changed = len(cut) != len(lines)
        lines = cut
    table = _flat_tables(lines)
    if table is not None:
        lines, changed = table, True
    return "\n".join(lines) + "\n" if changed else text


def _cut(line: str) -> list[str]:
    """A long line cut before each number that goes on its style's sequence (一、 after
    nothing or 一、, （二） after （一）, any style's first) and at runs of spaces."""
    if len(line) < LONG_LINE or "\t" in line:
        return [line]
    key = line_key(line)
    cuts, last = [0], {}
    for m in _MARKS.finditer(key):
        hd = heading(key[m.start():])
        if hd is None or hd.stop > m.end() + 1:
            continue
        if hd.value == 1 or hd.value == last.get(hd.rank, 0) + 1:
            last[hd.rank] = hd.value
            if m.start() > 0 and (m.start() - cuts[-1] > 1):
                cuts.append(m.start())
    cuts = sorted(set(cuts + [m.start() for m in _LABELS.finditer(key)])) + [len(line)]
    out = []
    for k, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False)):
        piece = _HEAD_CUT.sub("\n", line[a:b]) if k == 0 else line[a:b]  # the header
        out += [p.strip() for p in _SPACES.split(piece.replace("\n", "  ")) if p.strip()]
    return out


def header_fields(cells: list[str]) -> list[str] | None:
    """The fields of a row of column names, if every one is a known header and there are at
    least three with the task text."""
    fields = [HEADER_FIELDS.get(header_key(c)) for c in cells]
    if len(fields) < 3 or None in fields or "text" not in fields or \
            len(set(fields)) != len(fields):
        return None
    return fields  # type: ignore[return-value]


def _flat_tables(lines: list[str]) -> list[str] | None:
    for i, line in enumerate(lines):
        text = line.strip()
        if not text or "\t" in text or len(text) > MAX_HEADER:
            continue
        if " " in text and _TEXT_COLUMN.search(text):
            cells = text.split()
            fields = header_fields(cells) if len(cells) >= 3 else None
            if not fields:
                continue
            rows, end = _spaced_rows(lines, i + 1, fields)
            names = cells
        elif len(text) <= MAX_NAME and _known(text):
            fields, rows, end = _vertical(lines, i)
            names = [lines[k].strip() for k in range(i, i + len(fields or []))]
        else:
            continue
        if fields and rows:
            out = ["\t".join(names)] + ["\t".join(r) for r in rows]
            rest = _flat_tables(lines[end:])
            return lines[:i] + out + (rest if rest is not None else lines[end:])
    return None


def _spaced_rows(lines: list[str], start: int, fields: list[str]) -> tuple[list[list[str]], int]:
    """Rows of a table whose cells are separated by spaces, from ``start``."""
    rows: list[list[str]] = []
    numbered = fields[0] == "task"
    k = start
    for k in range(start, len(lines)):
        line = lines[k].strip()
        if not line:
            continue
        hd = heading(line_key(line))
        if hd is not None and hd.rank == SECTION and " " not in line:
            rows.append([line] * len(fields))  # a section row across the table
            continue
        tokens = line.split()
        if numbered and not _NUMBER.fullmatch(tokens[0]):
            if len(tokens) == 1 and rows:  # the task text wrapped
                rows[-1][fields.index("text")] += line
                continue
            return rows, k
        rows.append(_assign(tokens, fields))
    return rows, len(lines)


def _assign(tokens: list[str], fields: list[str]) -> list[str]:
    """Tokens of a row to columns: the longest is the task text; columns before it take one
    token each; a last deadline column takes a last token that reads as a date; the rest go
    to the agency columns, extra names joined with 、 into the last of them."""
    t = fields.index("text")
    if len(tokens) <= t:
        return tokens + [""] * (len(fields) - len(tokens))
    text_at = max(range(t, len(tokens) - (len(fields) - t - 1) if len(tokens) >= len(fields)
                        else len(tokens)), key=lambda j: len(tokens[j]))
    cells = tokens[:t] + [" ".join(tokens[t:text_at + 1])]
    rest = tokens[text_at + 1:]
    right = fields[t + 1:]
    tail = [""] * len(right)
    if right and right[-1] == "deadline" and rest and _DEADLINE.search(rest[-1]):
        tail[-1] = rest.pop()
    slots = [j for j, f in enumerate(right) if f != "deadline" or not tail[j]]
    for j, token in zip(slots, rest, strict=False):
        tail[j] = token
    if len(rest) > len(slots) and slots:
        last = slots[-1]
        tail[last] = "、".join([tail[last]] + rest[len(slots):])
    return cells + tail


def _vertical(lines: list[str], start: int) -> tuple[list[str] | None, list[list[str]], int]:
    """A header of one column name per line, then one cell per line."""
    names: list[str] = []
    k = start
    while k < len(lines) and len(names) < 8 and _known(lines[k].strip()):
        names.append(lines[k].strip())
        k += 1
    fields = header_fields(names) if len(names) >= 3 else None
    if not fields:
        return None, [], start
    cells = [ln.strip() for ln in lines[k:]]
    rows: list[list[str]] = []
    n = len(fields)
    if fields[0] == "task":
        expect, row = 1, None
        for j, cell in enumerate(cells):
            if not cell:
                continue
            hd = heading(line_key(cell))
            if hd is not None and hd.rank == SECTION:  # a section row across the table
                rows.append([cell] * n)
                row = None
            elif _NUMBER.fullmatch(cell) and int(cell.rstrip(".、．")) == expect:
                row = [cell]
                rows.append(row)
                expect += 1
            elif row is None:
                return None, [], start
            elif len(row) < n:
                row.append(cell)
            elif len(cell) <= 20:  # one more name in the last cell
                row[-1] += "、" + cell
            else:
                end = k + j
                break
        else:
            end = len(lines)
        for row in rows:
            row += [""] * (n - len(row))
        return fields, rows, end
    for j in range(0, len(cells) - n + 1, n):
        rows.append(cells[j:j + n])
    return fields, rows, k + len(rows) * n


def _known(cell: str) -> bool:
    return header_key(cell) in HEADER_FIELDS
