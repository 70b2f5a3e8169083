"""The column names of task tables: the headers diffkit knows (Chinese and English, as
researchers' spreadsheets, Word tables and `export_sheet` write them) and the field each
names. Kept apart from `.sheet` (which imports the parser) so that the parser, `.blocks` and
`.reflow` can read table headers without importing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import OptionError
from ..normalize import fold_name

EXPORT_HEADERS = {
    "section": "部分序号", "section_number": "部分编号", "section_title": "部分标题",
    "item": "条目序号", "item_number": "条目编号", "item_title": "条目标题",
    "task": "任务编号", "text": "重点任务", "lead": "牵头单位", "participants": "参与单位",
    "deadline": "完成时限", "lead_label": "牵头单位称谓", "participants_label": "参与单位称谓",
    "responsible": "责任单位", "leaders": "分管领导", "responsible_label": "责任单位称谓",
}
SYNONYMS = {
    "section": ("section id", "section"),
    "section_number": ("section number",),
    "section_title": ("类别", "领域", "板块", "方面", "section title"),
    "item": ("item id", "item"),
    "item_number": ("item number",),
    "item_title": ("工作事项", "事项", "item title", "heading"),
    "task": ("序号", "编号", "任务序号", "序列号", "no", "no.", "id", "task id", "number"),
    "text": ("任务", "工作任务", "主要任务", "主要内容", "任务内容", "具体任务", "工作内容",
             "目标任务", "重点工作", "预期目标",
             "具体措施", "工作措施", "text", "task", "task text", "content", "description"),
    "lead": ("牵头部门", "牵头", "主责单位", "lead", "lead agency", "lead agencies"),
    "participants": ("参与部门", "配合单位", "配合部门", "协办单位", "participants",
                     "participating agencies", "supporting agencies"),
    "responsible": ("责任单位", "责任部门", "责任主体", "responsible", "responsible agencies",
                    "agencies"),
    "deadline": ("时间节点", "完成时间", "时限", "时间要求", "完成期限", "deadline", "due"),
    "leaders": ("牵头领导", "责任领导", "分管省领导", "分管市领导", "分管县领导", "分管区领导",
                "牵头负责领导", "责任人", "leaders", "persons"),
    "lead_label": ("lead label",), "participants_label": ("participants label",),
    "responsible_label": ("responsible label",),
}


def header_key(header: str) -> str:
    """A header cell as compared with the known headers: folded, lower case, one space."""
    return re.sub(r"[\s:：*()（）]+", " ", fold_name(str(header))).strip().lower()


HEADER_FIELDS: dict[str, str] = {}
for _field, _names in SYNONYMS.items():
    for _name in (*_names, EXPORT_HEADERS.get(_field, _field)):
        HEADER_FIELDS.setdefault(header_key(_name), _field)


def column_map(pairs: Iterable[str], *, option: str = "--map") -> dict[str, str]:
    """``COLUMN=FIELD`` texts (``diffkit import --map``) as the ``columns`` mapping of
    `sheet.import_sheet`: the header as written → the field. The last ``=`` splits."""
    columns = {}
    for pair in pairs:
        column, sep, field = pair.rpartition("=")
        if not sep or not column.strip() or not field.strip():
            raise OptionError(f"{pair!r} is not COLUMN=FIELD", option=option)
        columns[column.strip()] = field.strip()
    return columns


__all__ = ["EXPORT_HEADERS", "SYNONYMS", "HEADER_FIELDS", "header_key", "column_map"]
