"""A constructed revision of the seed plan for workbook tests (not an official document):
one task reworded, one removed, one split in two, one added whose text starts with "=",
lead and participant changes, a rename to a reform successor."""

from __future__ import annotations

import copy
from typing import Any

from diffkit.model import Plan

ADDED_TEXT = "=SUM(A1) 建立泛珠三角区域合作成效评估机制,定期开展第三方评估。"


def revised(seed: Plan) -> Plan:
    data: dict[str, Any] = copy.deepcopy(seed.to_dict())
    data["id"] = "constructed_revision"
    data["meta"] = dict(data["meta"], title="构造的修订版(测试用,非正式文件)", date="2019-06-30",
                        status="draft")
    tasks = {t["id"]: t for s in data["sections"] for i in s["items"] for t in i["tasks"]}
    tasks["1.1"]["text"] = tasks["1.1"]["text"].replace("贵州", "重庆、贵州").replace("同步", "一致")
    tasks["1.1"]["lead"] = ["省发展改革委", "商务厅"]
    tasks["4.1"]["lead"] = ["省市场监管局"]          # 省工商局 → its successor
    tasks["2.3"]["participants"] = ["各市(州)人民政府"]  # 省发展改革委 dropped
    item3 = data["sections"][0]["items"][2]
    assert item3["tasks"][0]["id"] == "3.1"
    item3["tasks"] = []                              # 3.1 removed
    data["sections"][0]["items"].pop(2)
    item7 = next(i for s in data["sections"] for i in s["items"] if i["id"] == "7")
    text = item7["tasks"][0]["text"]
    cut = text.index("。") + 1
    first, second = dict(item7["tasks"][0]), dict(item7["tasks"][0])
    first.update(id="7.1", text=text[:cut])
    second.update(id="7.2", text=text[cut:])
    item7["tasks"] = [first, second]                 # 7.1 split in two
    item5 = next(i for s in data["sections"] for i in s["items"] if i["id"] == "5")
    item5["tasks"].append({"id": "5.2", "text": ADDED_TEXT, "lead": ["@省发展改革委"],
                           "participants": ["+各市(州)人民政府"]})
    return Plan.from_dict(data)
