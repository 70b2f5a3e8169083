"""Who carries a task: agency names and the role words around them, read without inventing.

Real plans name agencies in many ways (docs/real_forms.md): ``(A、B牵头,C配合)``, ``(A负责)``,
``(A、B按职责分工负责)``, a bare ``(A、B)``, labels such as ``牵头单位:`` or ``责任单位:``,
persons under ``分管省领导:``. This module reads one such phrase or labelled list (its *key*,
the folded twin of the text as written, position for position) into names with a role:

- ``lead``: marked 牵头 (牵头负责, 牵头督导 …);
- ``participants``: marked 配合, 参与, 参加, 协助, 协办, 协同; or a duty word (负责,
  按职责分工负责 …) after a lead in the same phrase;
- ``responsible``: a duty word with no lead, or no role word at all — the document does not say
  who leads, so neither do we;
- ``leaders``: persons (分管领导 …), never agencies.

A role word after the last name of a clause (``,`` ``;`` or the end follow it) applies to every
name of the clause back to the previous role word; inside a list (``、`` follows it) it applies
to its own name only. Deadlines (``2024年底前``, ``持续推进``), notes (``下同``, ``不再列出``)
and document rules (``排在第一位的为牵头单位``) are taken out of the names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..normalize import to_simplified

LEAD, PARTICIPANTS, RESPONSIBLE, LEADERS = "lead", "participants", "responsible", "leaders"
DUTY, DEADLINE, NOTE, RULE = "duty", "deadline", "note", "rule"

_LEAD_WORDS = ("牵头负责", "牵头督导", "牵头抓总", "牵头落实", "牵头推进", "牵头组织", "牵头")
_PART_WORDS = ("共同参与", "配合落实", "参与", "配合", "参加", "协助", "协办", "协同")
_DUTY_WORDS = ("按照职责分工负责", "按职责分工负责", "按职能分工负责", "按职责分工落实",
               "按职责负责", "分工负责", "分别负责", "共同负责", "具体负责", "负责")
_MARK = re.compile(
    r"(?:等)?\s*(?:[(\[]\s*(牵头)\s*[)\]]|(" + "|".join(_LEAD_WORDS) + ")|("
    + "|".join(_PART_WORDS) + ")|(" + "|".join(_DUTY_WORDS) + r"))$")
_DEADLINE = re.compile(
    r"^(?:于|在|力争|争取)?\s*(?:\d{4}\s*年|\d{1,2}\s*月底?前|年内|年底前|长期|持续|逐年|"
    r"常态化|全年|每年|[一二三四]季度)")
_NOTE = re.compile(r"下同|不再列出|不再做分工|不再分工|不再重复|以下同|同上")
RULE_TEXT = re.compile(
    r"(?:排|列)(?:在)?第一(?:位|个)?的?(?:单位|部门|责任单位)?(?:为|是)牵头(?:单位|部门)|"
    r"第一(?:责任)?(?:单位|部门)(?:为|是)牵头(?:单位|部门)|"
    r"(?:责任单位|有关单位)中?(?:排|列)(?:在)?(?:首位|第一位)的?(?:为|是)牵头(?:单位|部门)|"
    r"无牵头(?:单位|部门)的?,?\s*责任(?:单位|部门)即?为牵头(?:单位|部门)")
_SEPARATORS = "、,;"
_OPEN, _CLOSE = "([〔【", ")]〕】"
# an agency name ends like this (for bare bracketed lists and 和/及 joins)
_UNIT_END = re.compile(
    r"(?:局|委|厅|办|府|政府|部|部门|会|院|司|处|科|室|中心|行|署|集团|公司|队|所|站|团|社|联|"
    r"馆|校|海关|街道|乡镇|办事处|管委会|园区|开发区|单位|机构|分局|支队|大队|法院|检察院|"
    r"税务局|组|小组|班|专班)$")
_UNIT_START = re.compile(r"^(?:各|省|市|县|区|州|国家|国务院|中央|自治区|有关|相关|其他|全国|地方)")


@dataclass
class Reading:
    """Names by role, as written, and what else the phrase held."""

    lead: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # every agency name, in document order

    def merge(self, other: Reading) -> None:
        for name in ("lead", "participants", "responsible", "leaders", "deadline", "notes",
                     "rules", "names"):
            getattr(self, name).extend(getattr(other, name))

    @property
    def agencies(self) -> list[str]:
        return self.lead + self.participants + self.responsible


def is_rule(key: str) -> bool:
    """Does ``key`` state a document rule making the first listed unit the lead?"""
    return RULE_TEXT.search(key) is not None


def rule_kind(text: str) -> str:
    """``all`` for "where no lead is named, the responsible units lead", else ``first``."""
    return "all" if "无牵头" in to_simplified(text) else "first"


# -- splitting ------------------------------------------------------------------------------------
def units(key: str, start: int = 0, stop: int | None = None) -> list[tuple[int, int, str]]:
    """Spans of the pieces of a name list, each with the separator after it (``""`` at the end):
    split on 、，,；; outside brackets, and on 及/以及/和 where the text before ends a unit name
    (so 住房和城乡建设局 stays whole, 各有关部门和各市政府 does not)."""
    stop = len(key) if stop is None else stop
    cuts: list[tuple[int, int, str]] = []  # (cut start, cut stop, separator)
    depth = 0
    for i in range(start, stop):
        ch = key[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in _SEPARATORS:
            cuts.append((i, i + 1, ch))
        elif depth == 0 and ch in "及和" and _joins_units(key, start, i, stop):
            begin = i - 1 if ch == "及" and key[i - 1:i] == "以" else i
            cuts.append((begin, i + 1, "、"))
    out, begin = [], start
    for cut_start, cut_stop, sep in cuts:
        out.append((begin, cut_start, sep))
        begin = cut_stop
    out.append((begin, stop, ""))
    return [(s, e, sep) for s, e, sep in (_trim(key, s, e) + (sep,) for s, e, sep in out)
            if e > s]


def _trim(key: str, s: int, e: int) -> tuple[int, int]:
    while s < e and key[s].isspace():
        s += 1
    while e > s and (key[e - 1].isspace() or key[e - 1] in "。."):
        e -= 1
    return s, e


def _joins_units(key: str, start: int, at: int, stop: int) -> bool:
    before = key[start:at].removesuffix("以")
    after = key[at + 1:stop]
    return bool(before) and bool(after) and _UNIT_END.search(before) is not None and (
        _UNIT_START.match(after) is not None or _UNIT_END.search(after.split("、")[0]) is not None)


# -- reading ----------------------------------------------------------------------------------------
def mark_of(key: str) -> tuple[str | None, int]:
    """The role word ending a piece: (kind, where the name stops), or (None, len)."""
    m = _MARK.search(key)
    if not m or m.start() == 0 and not key[:m.start()]:
        return None, len(key)
    if m.group(1) or m.group(2):
        kind = LEAD
    elif m.group(3):
        kind = PARTICIPANTS
    else:
        kind = DUTY
    return kind, m.start()


def read(raw: str, key: str, *, persons: bool = False) -> Reading:
    """Read a phrase or list (``raw`` as written, ``key`` its folded twin)."""
    out = Reading()
    pending: list[str] = []  # names waiting for a role word
    for s, e, sep in units(key):
        piece_raw, piece_key = _glued(raw[s:e], key[s:e], out)
        if not piece_key:
            continue
        if _DEADLINE.match(piece_key):
            out.deadline.append(piece_raw)
            continue
        kind, cut = mark_of(piece_key)
        name_raw, name_key = _glued(piece_raw[:cut], piece_key[:cut], out)
        if is_rule(name_key) or (kind is None and _NOTE.search(name_key)):
            (out.rules if is_rule(name_key) else out.notes).append(piece_raw)
            continue
        if persons:
            out.leaders.append(piece_raw.strip())
            continue
        name = name_raw.strip()
        if kind is not None:
            name = _strip_etc(name, "")
        if kind is None:
            if name:
                pending.append(_strip_etc(name, sep))
                out.names.append(pending[-1])
            continue
        if name:
            out.names.append(name)
        group = ([name] if name else []) if sep == "、" else pending + ([name] if name else [])
        if sep != "、":
            pending = []
        _assign(out, kind, group)
    if pending:
        _assign(out, None, pending)
    if out.lead and out.responsible:  # 负责 before the lead was named: still a participant
        out.participants.extend(out.responsible)
        out.responsible.clear()
    return out


def _strip_etc(name: str, sep: str) -> str:
    """``…、丙局等`` at the end of a list, ``丙局等部门``: 等 (and a bare 部门/单位 after it)
    closes the list, it is not part of the name."""
    bare = re.sub(r"等(?:部门|单位)$", "", name)
    if bare != name and len(bare) >= 2:
        return bare
    return name[:-1].rstrip() if sep == "" and name.endswith("等") and len(name) > 2 else name


def _assign(out: Reading, kind: str | None, names: list[str]) -> None:
    if kind == LEAD:
        out.lead.extend(names)
    elif kind == PARTICIPANTS:
        out.participants.extend(names)
    elif out.lead:  # duty word, or no word at all, after a lead: participants
        out.participants.extend(names)
    else:
        out.responsible.extend(names)


def _glued(raw: str, key: str, out: Reading) -> tuple[str, str]:
    """Take a note or rule glued to a name in brackets (``市财政局(第一责任单位为牵头单位,下同)``)
    off it; a bracket that is part of the name (``各市(州)人民政府``) stays."""
    m = re.search(r"[(\[〔【]([^()\[\]〔〕【】]*)[)\]〕】]\s*$", key)
    if m and (is_rule(m.group(1)) or _NOTE.search(m.group(1))):
        inner = raw[m.start(1):m.end(1)]
        (out.rules if is_rule(m.group(1)) else out.notes).append(inner)
        return raw[:m.start()].rstrip(), key[:m.start()].rstrip()
    return raw, key


def collect(entries: list, read_names) -> tuple[Reading, dict[str, tuple[str, str]]]:
    """A task's agencies from its labelled lists and phrases (``[role, label as written,
    label key, value line]`` each) and the labels it used, by role."""
    out, labels = Reading(), {}
    for role, label_raw, label_key, value in entries:
        r = read_names(value, role == LEADERS)
        label = (label_raw, label_key)
        if role == LEAD:
            out.lead.extend(r.names)
        elif role == PARTICIPANTS:
            out.participants.extend(r.names)
        elif role == RESPONSIBLE and r.lead:  # 责任单位:甲、乙牵头、丙
            out.lead.extend(r.lead)
            out.participants.extend(n for n in r.names if n not in r.lead)
            labels.setdefault(LEAD, label)
            role = PARTICIPANTS if len(r.names) > len(r.lead) else None
        elif role == RESPONSIBLE:
            out.responsible.extend(r.names)
        elif role == LEADERS:
            out.leaders.extend(r.leaders)
        else:  # a phrase, in a bracket or under 部门分工
            out.lead.extend(r.lead)
            out.participants.extend(r.participants)
            out.responsible.extend(r.responsible)
            role = None
        out.deadline.extend(r.deadline)
        out.notes.extend(r.notes)
        out.rules.extend(r.rules)
        if role in (LEAD, PARTICIPANTS, RESPONSIBLE) and label[1]:
            labels.setdefault(role, label)
    if out.lead and out.responsible:  # 责任单位 beside 牵头单位: participants
        out.participants.extend(out.responsible)
        out.responsible.clear()
        if RESPONSIBLE in labels:
            labels.setdefault(PARTICIPANTS, labels.pop(RESPONSIBLE))
    return out, labels


def apply_rule(reading: Reading, rule: str) -> None:
    """Turn a responsible list into lead and participants as the document's rule says."""
    names = reading.responsible
    lead, rest = (names, []) if rule_kind(rule) == "all" else (names[:1], names[1:])
    reading.lead = list(lead)
    reading.participants = rest + reading.participants
    reading.responsible = []


def unread_in(text: str) -> bool:
    """Does a task's text still hold a bracket that reads as agencies?"""
    from .headings import line_key
    key = line_key(text)
    for m in re.finditer(r"[(\[〔【]([^()\[\]〔〕【】]{2,200})[)\]〕】]", key):
        inner = m.group(1)
        if has_role_word(inner) or looks_like_agencies(inner) or re.match(
                r"(?:牵头|责任|配合|参与)(?:单位|部门)", inner):
            return True
    return False


def looks_like_agencies(key: str) -> bool:
    """Is ``key`` (a bracket's inside) a bare list of agency names, e.g. ``区市场局、区政务中心``?
    Every piece must end like a unit's name and none may read as a sentence; a rule or note
    glued to a name (``甲局(排在第一位的为牵头单位,下同)``) is allowed."""
    key = _GLUED.sub("", key)
    if not key or len(key) > 200 or re.search(r"[。:!?《》“”\"]|以下简称|简称|含|包括|试行|\d{4}", key):
        return False
    pieces = [key[s:e] for s, e, _ in units(key)]
    return bool(pieces) and all(
        len(p) <= 30 and (_UNIT_END.search(mark_of(p)[0] and p[:mark_of(p)[1]] or p)
                          or _DEADLINE.match(p)) for p in pieces) and any(
        not _DEADLINE.match(p) for p in pieces)


_GLUED = re.compile(r"[(\[〔【][^()\[\]〔〕【】]*(?:" + RULE_TEXT.pattern + r"|" + _NOTE.pattern
                    + r")[^()\[\]〔〕【】]*[)\]〕】]")


def has_role_word(key: str) -> bool:
    """Does any piece of ``key`` end with a role word (牵头, 配合, 负责 …)?"""
    return any(mark_of(key[s:e])[0] is not None for s, e, _ in units(key))


__all__ = ["Reading", "read", "collect", "apply_rule", "unread_in", "units", "mark_of", "is_rule", "rule_kind", "looks_like_agencies",
           "has_role_word", "LEAD", "PARTICIPANTS", "RESPONSIBLE", "LEADERS", "RULE_TEXT"]
