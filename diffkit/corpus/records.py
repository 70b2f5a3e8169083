"""Plans read and checked at the speed of parsing, for corpora: ``diffkit.plan/1`` JSON
decoded by `msgspec` straight into typed records (`PlanRecord` → `SectionRecord` →
`ItemRecord` → `TaskRecord`), with the schema's types, required keys and closed key sets
checked during decoding, then the few rules a type cannot say (no blank names, task ids
``item.paragraph``, unique ids, meta values, an ISO date) in one pass.

The records carry the attributes the corpus reads from a `Plan` (``id``, ``title``,
``meta``, ``abbreviations``, ``sections[].items[].tasks[]`` with ``id``, ``text``, ``lead``,
``participants``), so the scorer takes them as they are; no `Plan` object is built.

The fast check is stricter than `validate.validate_plan` (as `validate._plainly_valid` is): a plan
it refuses is read again the slow way (`json` and `Plan.from_dict`), which either accepts it
(and returns the `Plan`) or raises the same `DiffkitError` as ``diffkit validate``, with
every problem and its JSON path. So the answer for any input is the one `read_plan` gives;
only valid plans take the fast road. Measured (benchmarks/plan_check.py): about 1.1× the
time of ``json.loads`` for decoding and 1.4× with the rules, against 4.5× for ``json.loads``
and `validate_plan` and 8× with fastjsonschema.

This is the one module that imports msgspec.
"""

from __future__ import annotations

import json
import operator
import os
from collections.abc import Mapping, Sequence
from itertools import chain, starmap
from typing import Annotated, Any, Literal

import msgspec

from ..errors import DiffkitError, InputError
from ..model import Plan
from ..validate import FORMAT, _is_iso_date, _is_paragraph_id, _meta_ok

Text = Annotated[str, msgspec.Meta(min_length=1)]   # blank (whitespace only) checked after
_STRICT = {"forbid_unknown_fields": True, "frozen": True, "gc": False}


class Labels(msgspec.Struct, **_STRICT):
    lead: str | msgspec.UnsetType = msgspec.UNSET
    participants: str | msgspec.UnsetType = msgspec.UNSET
    responsible: str | msgspec.UnsetType = msgspec.UNSET


class TaskRecord(msgspec.Struct, **_STRICT):
    id: Text
    text: Text
    lead: tuple[Text, ...]
    participants: tuple[Text, ...]
    responsible: tuple[Text, ...] = ()
    leaders: tuple[Text, ...] = ()
    labels: Labels | msgspec.UnsetType = msgspec.UNSET
    deadline: str | msgspec.UnsetType = msgspec.UNSET


class ItemRecord(msgspec.Struct, **_STRICT):
    id: Text
    title: str
    tasks: tuple[TaskRecord, ...]
    number: str | msgspec.UnsetType = msgspec.UNSET


class SectionRecord(msgspec.Struct, **_STRICT):
    id: Text
    title: str
    items: tuple[ItemRecord, ...]
    number: str | msgspec.UnsetType = msgspec.UNSET
    kind: Literal["tasks", "principles"] | None = None  # `model.section_kind`


class UnplacedRecord(msgspec.Struct, **_STRICT):
    line: Annotated[int, msgspec.Meta(ge=1)]
    text: str


class PlanRecord(msgspec.Struct, **_STRICT):
    format: str
    id: Text
    sections: tuple[SectionRecord, ...]
    meta: dict[str, Any] = {}
    preamble: str | msgspec.UnsetType = msgspec.UNSET
    abbreviations: dict[str, Text] = {}
    unplaced: tuple[UnplacedRecord, ...] = ()   # lines the parser could not place (most
    #                                             parsed plans have some: docs/corpus.md)

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.id)


_DECODER = msgspec.json.Decoder(PlanRecord)
_BLANK = str.isspace   # on a non-empty string (the types say min_length 1): all blank


def decode_plan(data: bytes | str, *, file: str) -> PlanRecord | Plan:
    """One plan from JSON text: a `PlanRecord` when the fast check passes; otherwise the
    slow way's answer (a `Plan`, or its `DiffkitError` naming ``file``)."""
    try:
        record = _DECODER.decode(data.removeprefix(b"\xef\xbb\xbf") if isinstance(data, bytes)
                                 else data)   # a BOM, as the slow road's utf-8-sig reads it
    except (msgspec.DecodeError, RecursionError):
        return _slow(data, file)
    if not _plainly_consistent(record):
        return _slow(data, file)
    return record


def convert_plan(data: Mapping[str, Any]) -> PlanRecord | Plan:
    """One plan given as a mapping (JSON already decoded: a researcher's ``json.load``):
    its `fast_record` when the fast check passes; otherwise `compare.read_plan`'s answer
    (a `Plan`, or its `DiffkitError`)."""
    record = fast_record(data)
    if record is None:
        from ..compare import read_plan
        return read_plan(data, argument="plan")
    return record


def fast_record(data: Mapping[str, Any]) -> PlanRecord | None:
    """A plan mapping converted by msgspec into a `PlanRecord`, the schema's types checked
    on the way, then the rules a type cannot say: about 60 µs a simulated plan, against 800
    for ``Plan.from_dict``. None when the fast check refuses it, or ``data`` is not a
    plain dict (what ``json.load`` gives; a mapping of another kind is read as it behaves,
    the slow way)."""
    if type(data) is not dict:
        return None
    try:
        record = msgspec.convert(data, PlanRecord)
    except (msgspec.ValidationError, TypeError, RecursionError):
        return None
    return record if _all_lists(data) and _plainly_consistent(record) else None


_ARRAYS = ("lead", "participants", "responsible", "leaders")


def _all_lists(data: Mapping[str, Any]) -> bool:
    """Every array of a plan mapping that msgspec converted is a list, as the schema wants
    (msgspec also takes a tuple where a list is due; the schema refuses it)."""
    if not isinstance(data["sections"], list) or not isinstance(data.get("unplaced", []), list):
        return False
    for s in data["sections"]:
        if not isinstance(s["items"], list):
            return False
        for i in s["items"]:
            if not isinstance(i["tasks"], list):
                return False
            for t in i["tasks"]:
                for key in _ARRAYS:
                    if not isinstance(t.get(key, []), list):
                        return False
    return True


def _plainly_consistent(r: PlanRecord) -> bool:
    """The rules the types cannot say, True only when `validate_plan` finds nothing. The
    names and texts are gathered and checked for blanks at once, in one C loop."""
    if r.format != FORMAT or _BLANK(r.id) or not _meta_ok(r.meta):
        return False
    date = r.meta.get("date")
    if date is not None and not _is_iso_date(date):
        return False
    if any(map(_BLANK, r.abbreviations.values())):
        return False
    sections = [s.id for s in r.sections]
    items: list[str] = []
    tasks: list[str] = []
    strings: list[str] = []
    for s in r.sections:
        for i in s.items:
            iid = i.id
            items.append(iid)
            head, cut = iid + ".", len(iid) + 1  # usually ITEM.N: isdecimal is the \d
            for t in i.tasks:
                tid = t.id
                tasks.append(tid)
                if not (tid.startswith(head) and tid[cut:].isdecimal()) and \
                        not _is_paragraph_id(tid, iid):
                    return False
                strings.append(t.text)
                strings += t.lead
                if t.participants:
                    strings += t.participants
                if t.responsible:
                    strings += t.responsible
                if t.leaders:
                    strings += t.leaders
    return (not any(map(_BLANK, chain(strings, sections, items)))
            and len(set(sections)) == len(sections) and len(set(items)) == len(items)
            and len(set(tasks)) == len(tasks))


def _slow(data: bytes | str, file: str) -> Plan:
    """`read_plan`'s answer for text the fast check refused: a `Plan` or its error."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start})", file=file,
                         fix="plan JSON must be UTF-8") from None
    try:
        parsed = json.loads(text)
    except RecursionError:
        raise InputError("JSON nested too deeply to be a plan", file=file,
                         fix="give diffkit.plan/1 JSON") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})", file=file,
                         fix="fix the JSON syntax there, or --skip-invalid") from None
    return Plan.from_dict(parsed, file=file)


def pack(plans: Sequence[Plan]) -> tuple:
    """What a worker reads of each `Plan` (`unpack`), as nested tuples of strings: pickled
    several times faster than the `Plan` objects, and read back as records (a chunk of
    plans sent to a worker process). Equal texts, item titles and tuples of names become
    one object, which pickle writes once: plans read from files or parsed hold their own
    copies of the guideline's texts, and 500 such plans pickled into 10 MB, not 3.4, and
    took 2.6 times as long to unpickle (docs/corpus.md, twelfth round). A task's fields are
    read by one `attrgetter` (in C)."""
    one = {}.setdefault
    out = []
    for plan in plans:
        sections = []
        for s in plan.sections:
            items = [(i.id, one(i.title, i.title), tuple([
                (tid, one(text, text), one(lead, lead), one(part, part), resp, leaders)
                for tid, text, lead, part, resp, leaders in map(_PACKED_TASK, i.tasks)]))
                for i in s.items]
            sections.append((s.id, s.title, s.kind, tuple(items)))
        out.append((plan.id, dict(plan.meta), dict(plan.abbreviations), tuple(sections)))
    return tuple(out)


_PACKED_TASK = operator.attrgetter("id", "text", "lead", "participants", "responsible",
                                   "leaders")      # `TaskRecord`'s first fields, in order


def unpack(packed: tuple) -> PlanRecord:
    """The record of a `pack`ed plan (not checked again: the `Plan` was taken as it is)."""
    pid, meta, abbreviations, sections = packed
    return PlanRecord(FORMAT, pid, tuple([
        SectionRecord(sid, title, tuple([ItemRecord(iid, heading, tuple(starmap(TaskRecord, tasks)))
                                         for iid, heading, tasks in items]), kind=kind)
        for sid, title, kind, items in sections]), meta=meta, abbreviations=abbreviations)


def read_plan_file(path: str | os.PathLike) -> PlanRecord | Plan:
    """A plan file as `compare.read_plan` reads it (the same errors, ``plan FILE: …``), on
    the fast road when it is valid plan JSON."""
    from ..compare import read_plan
    from ..files import read_bytes

    where = os.fspath(path)
    try:
        data = read_bytes(path, what="plan JSON")
    except DiffkitError:
        return read_plan(path, argument="plan")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"{":
        return read_plan(where, argument="plan")  # raw text (parsed) or its clear error
    data = data.removeprefix(b"\xef\xbb\xbf")  # a BOM (Windows editors write one)
    try:
        record = _DECODER.decode(data)
    except (msgspec.DecodeError, RecursionError):
        return read_plan(where, argument="plan")  # the slow road says what is wrong
    return record if _plainly_consistent(record) else read_plan(where, argument="plan")


__all__ = ["PlanRecord", "SectionRecord", "ItemRecord", "TaskRecord", "convert_plan",
           "decode_plan", "fast_record", "pack", "read_plan_file", "unpack"]
