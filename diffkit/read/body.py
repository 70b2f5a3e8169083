"""The body of a plan: numbered sections, items and tasks with their agencies and deadlines.

Levels follow the numbering styles the document uses, in the order of official documents
(一、 > (一) > 1. > (1) > ①): the highest style present makes sections, the next items, deeper
ones numbered tasks. A task is a paragraph up to its agency lines (or inline bracket); text
after them starts the next task, as in the Sichuan seed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..model import Item, Section, Task
from ..normalize import text_width
from . import headings as h
from . import roles

_TITLE_PUNCT = re.compile(r"[,;:]")
_Names = Callable[["Line", bool], roles.Reading]


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank input line: its number, its text as written (stripped) and its key."""

    no: int
    raw: str
    key: str


@dataclass(frozen=True)
class Note:
    """Something to warn about; ``unplaced`` lines are kept in ``plan.unplaced``."""

    line: int
    message: str
    text: str
    unplaced: bool = False


@dataclass
class _Task:
    path: tuple[int, ...]
    line: int
    parts: list[str] = field(default_factory=list)
    roles: list[list] = field(default_factory=list)  # [role, label raw, label key, value Line]
    deadline: str | None = None
    closed: bool = False
    on_lines: bool = False  # its agencies stand on lines of their own (not in a bracket)


@dataclass
class _Item:
    line: Line
    number: str
    value: int
    head: list[str]
    head_open: bool
    tasks: list[_Task] = field(default_factory=list)


@dataclass
class _Section:
    number: str | None
    title: list[str]
    title_open: bool
    items: list[_Item] = field(default_factory=list)
    leaders: tuple[str, ...] = ()  # persons named on the heading for all its tasks


class Body:
    """Finds the numbering levels of a document and builds its sections."""

    def __init__(self, lines: list[Line]) -> None:
        self.heads = {ln.no: hd for ln in lines
                      if not h.label_at_start(ln.key) and (hd := h.heading(ln.key))}
        self.ranks = sorted({hd.rank for hd in self.heads.values()})
        first = self.ranks[0] if self.ranks else None
        self.start = next((i for i, ln in enumerate(lines)
                           if (hd := self.heads.get(ln.no)) and hd.rank == first), len(lines))
        # a PDF's running page header repeats a line of the document's header (its issuer)
        self.running = {ln.key for ln in lines[:self.start]
                        if len(ln.key) >= 6 and not h.SENTENCE.search(ln.key)}
        self.notes: list[Note] = []
        self.abbreviations: dict[str, str] = {}
        self.wrap = _wrap_width(lines[self.start:])
        self.sections: list[_Section] = []
        self.item: _Item | None = None
        self.task: _Task | None = None
        self.path: tuple[int, ...] = ()  # numbers of the numbered paragraphs we are in
        self.depths: list[int] = []  # and their levels below the item
        self.label_open = False  # a wrapped agency line goes on in the next line
        self.rule: tuple[int, str] | None = None  # a rule (line, text) stated in the header

    def restart(self, lines: list[Line], start: int) -> int:
        """Begin the body at ``start`` (after a covering notice with numbered paragraphs)."""
        if start != self.start:
            self.start = start
            self.running = {ln.key for ln in lines[:start]
                            if len(ln.key) >= 6 and not h.SENTENCE.search(ln.key)}
        return start

    # -- reading lines --------------------------------------------------------------------------
    def build(self, lines: list[Line]) -> list[Section]:
        levels = self.ranks
        sec_rank, item_rank = (levels[0], levels[1]) if len(levels) > 1 else (None, levels[0])
        deeper = levels[2:] if len(levels) > 1 else levels[1:]
        for ln in lines:
            hd = self.heads.get(ln.no)
            if self.rule is None and (m := roles.RULE_TEXT.search(ln.key)):
                self.rule = (ln.no, ln.raw[m.start():m.end()])  # in force from here on
            was_open, self.label_open = self.label_open, False
            if h.is_chrome(ln.key) or ln.key in self.running:  # transparent for wrapped lines
                kind = "running page header" if ln.key in self.running else h.chrome_kind(ln.key)
                self._drop(ln, f"{kind} left out")
                self.label_open = was_open
            elif hd and hd.rank == sec_rank:
                self._section(ln, hd)
            elif hd and hd.rank == item_rank:
                self._item(ln, hd)
            elif hd and hd.rank in deeper and self.item is None and self.sections:
                self._item(ln, hd)  # a section numbering its tasks 1. 2. without (一) items
            elif hd and hd.rank in deeper:
                self._sub(ln, hd, deeper.index(hd.rank))
            elif h.label_at_start(ln.key):
                self._assign(ln, 0, len(ln.key), on_line=True)
            elif self.item is not None and _phrase_line(ln.key):
                self._assign(ln, 0, len(ln.key), on_line=True)  # 甲局牵头,乙局配合。
            elif (label := h.unknown_label(ln.key)) is not None and self.item is not None:
                self._drop(ln, f"unknown label {label}: its names were not read as agencies; "
                               "rename it to 牵头单位/参与单位/责任单位 if it assigns the task")
            elif was_open and self._names_go_on(ln):
                self._more_names(ln)
                self.label_open = self._wraps(ln)
            else:
                self._content(ln, 0)
        self.rules = _Rules(*self.rule) if self.rule else _Rules()
        return _finish(self.sections, self.notes, self.names, self.rules)

    def _drop(self, ln: Line, why: str) -> None:
        self.notes.append(Note(ln.no, why, ln.raw, True))

    def _section(self, ln: Line, hd: h.Heading) -> None:
        title = ln.raw[hd.end:].strip().rstrip("。")
        leaders: tuple[str, ...] = ()
        key = h.line_key(title)
        at = h.trailing_assignment(key)
        if at is not None and key[at] in "([〔【":
            segs = h.segments(key, at + 1, h.bracket_end(key, at) - 1)
            if segs and all(seg.role == h.LEADERS for seg in segs):
                leaders = tuple(n for seg in segs for n in self.names(
                    Line(ln.no, title[seg.start:seg.stop], key[seg.start:seg.stop]), True
                ).leaders)
                title = title[:at].rstrip()
        self.sections.append(_Section(ln.raw[hd.start:hd.stop], [title], self._wraps(ln),
                                      leaders=leaders))
        self.item = self.task = None
        self.path, self.depths = (), []

    def _item(self, ln: Line, hd: h.Heading) -> None:
        if not self.sections:
            self.sections.append(_Section(None, [""], False))
        sec = self.sections[-1]
        sec.title_open = False
        item = _Item(ln, ln.raw[hd.start:hd.stop], hd.value, [], True)
        sec.items.append(item)
        self.item, self.path, self.depths = item, (), []
        self.task = _Task((), ln.no)
        item.tasks.append(self.task)
        self._content(ln, hd.end, head=True)

    def _sub(self, ln: Line, hd: h.Heading, depth: int) -> None:
        if self.item is None:
            self._drop(ln, "numbered paragraph outside any item left out")
            return
        self.item.head_open = False
        self.depths = [d for d in self.depths if d < depth] + [depth]
        self.path = self.path[:len(self.depths) - 1] + (hd.value,)
        self.task = _Task(self.path, ln.no)
        self.item.tasks.append(self.task)
        self._content(ln, hd.end)

    def _content(self, ln: Line, start: int, *, head: bool = False) -> None:
        """Text from ``start``; each agency bracket closing a sentence (mid-paragraph too)
        and an assignment at its end are split off, the text after them a new task."""
        if self.item is None:  # a wrapped section title, or a line to keep in unplaced
            self._text(ln, ln.raw, head=False)
            return
        key, pos = ln.key, start
        for open_at, close in _agency_brackets(key, start):
            after = close
            while after < len(key) and key[after] in "。;. ":
                after += 1
            raw = (ln.raw[pos:open_at] + ln.raw[close:after]).strip()
            if raw or head:
                self._text(ln, raw, head=head)
            head = False
            self._assign(ln, open_at + 1, close - 1)
            pos = after
        if pos >= len(key) and pos > start:
            return
        at = h.trailing_assignment(key[pos:])
        stop = len(key) if at is None else pos + at
        close = h.bracket_end(key, stop) if at is not None else len(key)
        raw = (ln.raw[pos:stop] + (ln.raw[close:] if at is not None else "")).strip()
        if raw or head:
            self._text(ln, raw, head=head)
        if at is not None:
            inner = (stop + 1, close - 1) if key[stop] in "([〔【" else (stop, len(key))
            self._assign(ln, *inner)

    def _text(self, ln: Line, raw: str, *, head: bool) -> None:
        item = self.item
        if item is None:
            sec = self.sections[-1] if self.sections else None
            if sec and sec.title_open:
                sec.title[-1] += raw.rstrip("。")
                sec.title_open = self._wraps(ln)
            else:
                self._drop(ln, "text outside any numbered item left out")
            return
        if head:
            item.head.append(raw)
            item.head_open = self._wraps(ln) and "。" not in ln.key
            return
        if item.head_open:
            item.head_open = False
            if self._wrapped_head(item):
                item.head.append(raw)
                item.head_open = self._wraps(ln) and "。" not in ln.key
                return
        if self.task is None or self.task.closed:
            self.task = _Task(self.path, ln.no)
            item.tasks.append(self.task)
        self.task.parts.append(raw)
        for short, full in h.defined_abbreviations(ln.key, ln.raw):
            self.abbreviations.setdefault(short, full)

    def _wraps(self, ln: Line) -> bool:
        """Is this line cut at the page width, so that the next continues it?"""
        return self.wrap is not None and text_width(ln.key) >= self.wrap - 2

    def _wrapped_head(self, item: _Item) -> bool:
        joined = h.line_key("".join(item.head))
        return "。" not in joined and not _TITLE_PUNCT.search(joined)

    # -- agencies -------------------------------------------------------------------------------
    def _assign(self, ln: Line, start: int, stop: int, *, on_line: bool = False) -> None:
        task = self.task
        if self.item is None or task is None:
            self._drop(ln, "agency line outside any item left out")
            return
        self.item.head_open = False
        segs = h.segments(ln.key, start, stop)
        if not segs:  # "X牵头,Y配合"
            task.roles.append(["phrase", "", "", _part(ln, start, stop)])
        for seg in segs:
            label_raw = ln.raw[seg.label_start:seg.label_stop]
            label_key = ln.key[seg.label_start:seg.label_stop]
            if seg.role == h.DEADLINE:
                value = ln.raw[seg.start:seg.stop].strip().rstrip("。;；,， ")
                if value:
                    task.deadline = f"{task.deadline}；{value}" if task.deadline else value
            else:
                task.roles.append([seg.role, label_raw, label_key, _part(ln, seg.start, seg.stop)])
        task.closed = True
        task.on_lines = on_line
        self.label_open = stop == len(ln.key) and bool(task.roles) and self._wraps(ln)

    def _names_go_on(self, ln: Line) -> bool:
        """Does this line continue a wrapped agency list? Not if it reads as prose: a full
        stop, or a comma where the list itself does not separate names with commas."""
        value = self.task.roles[-1][3].key
        return "。" not in ln.key and ("," not in ln.key or "," in value)

    def _more_names(self, ln: Line) -> None:
        """The rest of an agency line that a PDF copy wrapped."""
        entry = self.task.roles[-1]
        value = entry[3]
        entry[3] = Line(value.no, value.raw + ln.raw, value.key + ln.key)

    def names(self, ln: Line, persons: bool = False) -> roles.Reading:
        """The names of an agency (or person) list or phrase, read with their role words;
        ``X(以下简称Y)`` stores X and records the abbreviation."""
        raw, key = ln.raw, ln.key
        for open_at, close, a, b in reversed(h.abbreviations(key)):
            full = raw[:open_at].rstrip()
            cut = max(full.rfind(sep) for sep in "、,;") + 1
            if full[cut:].strip():
                self.abbreviations.setdefault(raw[a:b], full[cut:].strip())
            raw, key = raw[:open_at] + raw[close:], key[:open_at] + key[close:]
        return roles.read(raw, key, persons=persons)


def _phrase_line(key: str) -> bool:
    """A line that is only a role phrase: units and role words (``甲局牵头,乙局、丙局配合。``)."""
    inner = key.strip().rstrip("。.")
    return roles.has_role_word(inner) and roles.looks_like_agencies(inner)


def _agency_brackets(key: str, start: int) -> list[tuple[int, int]]:
    """Brackets inside ``key[start:]`` that assign agencies and close a sentence which more
    text follows: ``…应用(区市场局、区政务中心)。优化…``. The last one is left to
    `headings.trailing_assignment`."""
    out = []
    for m in re.finditer(r"[(\[〔【]", key[start:]):
        open_at = start + m.start()
        if out and open_at < out[-1][1]:
            continue
        close = h.bracket_end(key, open_at)
        after = close
        while after < len(key) and key[after] in " ":
            after += 1
        if (after < len(key) and key[after] in "。;" and key[after + 1:].strip(" 。;")
                and h.agency_bracket(key[open_at + 1:close - 1])):
            out.append((open_at, close))
    return out


def _part(ln: Line, start: int, stop: int) -> Line:
    return Line(ln.no, ln.raw[start:stop], ln.key[start:stop])


def _wrap_width(lines: list[Line]) -> int | None:
    """The page width a PDF copy was wrapped at, when most long lines share it."""
    widths = [text_width(ln.key) for ln in lines]
    long = [w for w in widths if w >= 20]
    if len(long) < 5:
        return None
    counts = Counter(long)
    top = max(counts, key=lambda w: (sum(counts.get(w - d, 0) for d in range(3)), w))
    near = sum(counts.get(top - d, 0) for d in range(3))
    return top if near >= 0.5 * len(long) else None


# -- from the reading to the model ----------------------------------------------------------------
@dataclass
class _Rules:
    """A document rule (排在第一位的为牵头单位 …) in force from where it is stated."""

    line: int = 0  # where it is stated
    text: str | None = None
    used: str | None = None  # the rule applied at least once, for the plan's meta


def _finish(sections: list[_Section], notes: list[Note], names: _Names,
            rules: _Rules) -> list[Section]:
    values = [it.value for sec in sections for it in sec.items]
    restart = len(values) != len(set(values))
    used: dict[str, int] = {}
    out = []
    for si, sec in enumerate(sections, 1):
        items = []
        for it in sec.items:
            base = f"{si}.{it.value}" if restart else str(it.value)
            item_id = _unique(base, used, "_")
            if item_id != base:
                notes.append(Note(it.line.no, f"item number repeats; id {item_id!r} given",
                                  it.line.raw))
            items.append(_item(it, item_id, names, rules, notes, sec.leaders))
        out.append(Section(id=str(si), title="".join(sec.title), items=tuple(items),
                           number=sec.number))
    return out


def _subheading(t: _Task, text: str, after: list[_Task]) -> bool:
    """``1.加强组织领导`` over ``(1)…(2)…``: a short title without agencies whose next
    paragraph is numbered one level deeper is a heading, not a task."""
    return (bool(t.path) and not t.roles and t.deadline is None and 0 < len(text) <= 30
            and not h.SENTENCE.search(h.line_key(text)) and bool(after)
            and after[0].path[:len(t.path)] == t.path and len(after[0].path) > len(t.path))


def _share_group_lines(tasks: list[_Task]) -> None:
    """One agency line after numbered sub-tasks (1)…(4) carries them all: sub-tasks of the same
    depth without agencies of their own, back to their heading, get a copy."""
    waiting: list[_Task] = []
    for t in tasks:
        if not t.path:
            waiting = []
        elif t.roles:
            if t.on_lines:
                for w in waiting:
                    if len(w.path) == len(t.path):
                        w.roles = [list(r) for r in t.roles]
            waiting = []
        elif waiting and len(waiting[-1].path) != len(t.path):
            waiting = [t]
        else:
            waiting.append(t)


def _item(it: _Item, item_id: str, names: _Names, rules: _Rules, notes: list[Note],
          leaders: tuple[str, ...] = ()) -> Item:
    title, lead_text = _split_title("".join(it.head))
    numbered = any(t.path for t in it.tasks)
    _share_group_lines(it.tasks)
    used: dict[str, int] = {}
    tasks, paragraph = [], 0
    for i, t in enumerate(it.tasks):
        text = ((lead_text if t is it.tasks[0] and not t.path else "") + "".join(t.parts)).strip()
        if not text and not t.roles and t.deadline is None and (len(it.tasks) > 1 or not title):
            continue  # an item's title over its paragraphs; a lone short item is a task
        if _subheading(t, text, it.tasks[i + 1:i + 2]):
            notes.append(Note(t.line, "sub-heading kept in unplaced (its numbered paragraphs "
                                      "are the tasks)", text, True))
            continue
        if not t.path:
            paragraph += 1
        suffix = ".".join(map(str, t.path)) if t.path else str(0 if numbered else paragraph)
        task_id = _unique(f"{item_id}.{suffix}", used, ".")
        task = _task(t, task_id, text or title or it.line.raw, names, rules, notes)
        if leaders and not task.leaders:
            task = replace(task, leaders=leaders)
        if not task.agencies and not task.leaders and roles.unread_in(task.text):
            notes.append(Note(t.line, "text holds what looks like agencies, but none were "
                                      "read; check the brackets or labels", task.text))
        tasks.append(task)
    return Item(id=item_id, title=title, tasks=tuple(tasks), number=it.number)


def _split_title(raw: str) -> tuple[str, str]:
    """``优化格局。建立…`` → (``优化格局``, ``建立…``); a first sentence that is long or has
    commas is text, not a title."""
    key = h.line_key(raw)
    at = key.find("。")
    first = key[:at] if at >= 0 else key
    if 0 < len(first.strip()) <= 40 and not _TITLE_PUNCT.search(first):
        return raw[:len(first)].strip(), raw[len(first) + 1:].strip() if at >= 0 else ""
    return "", raw.strip()


def _unique(base: str, used: dict[str, int], sep: str) -> str:
    """``base``, or ``base<sep>2``, ``base<sep>3``… when it is taken."""
    candidate = base
    while candidate in used:
        used[base] = n = used[base] + 1
        candidate = f"{base}{sep}{n}"
    used[candidate] = 1
    return candidate


def _task(t: _Task, task_id: str, text: str, read_names: _Names, rules: _Rules,
          notes: list[Note]) -> Task:
    reading, labels = roles.collect(t.roles, read_names)
    line = t.roles[0][3].no if t.roles else t.line
    for kind, found in (("note", reading.notes), ("document rule", reading.rules)):
        notes.extend(Note(line, f"{kind} in an agency list kept apart from the names", x, True)
                     for x in found)
    due = reading.deadline
    if due and t.deadline is None:
        t.deadline = "；".join(due)
    if reading.rules and rules.text is None:
        rules.line, rules.text = t.line, reading.rules[0]
    if rules.text and t.line >= rules.line and reading.responsible and not reading.lead:
        roles.apply_rule(reading, rules.text)
        rules.used = rules.used or rules.text
        if h.RESPONSIBLE in labels:
            labels.setdefault(h.LEAD, labels[h.RESPONSIBLE])
            if reading.participants:
                labels.setdefault(h.PARTICIPANTS, labels[h.RESPONSIBLE])
            del labels[h.RESPONSIBLE]
    kept = tuple((role, raw) for role, (raw, key) in sorted(labels.items())
                 if key != h.DEFAULT_LABELS[role])
    deadline = t.deadline
    if deadline is None and (span := h.inline_deadline(h.line_key(text))):
        deadline = text[span[0]:span[1]]
    return Task(id=task_id, text=text, lead=tuple(reading.lead),
                participants=tuple(reading.participants), labels=kept, deadline=deadline,
                responsible=tuple(reading.responsible), leaders=tuple(reading.leaders))
