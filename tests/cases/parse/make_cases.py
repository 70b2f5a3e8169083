"""Construct the parser's golden inputs from the Sichuan seed (see README.md here).

    python tests/cases/parse/make_cases.py             # (re)write every input.txt
    python tests/cases/parse/make_cases.py --expected  # also write expected.json from the
                                                       # current parser: review the diff by eye!

Every input is derived from ``datasets/sichuan_2016/source.txt`` by a transformation below;
nothing here is taken from elsewhere.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from diffkit.normalize import to_traditional  # noqa: E402
from diffkit.read.headings import heading  # noqa: E402
from diffkit.report.render import text_width  # noqa: E402

SEED = (ROOT / "datasets/sichuan_2016/source.txt").read_text("utf-8")
LINES = SEED.splitlines()
HEADER, BODY = LINES[:10], LINES[10:]
CN = "一二三四五六七八九"
BIG5 = str.maketrans("啓爲着羣衆", "啟為著群眾")  # OpenCC forms that Big5 lacks → Taiwan forms
FULL = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "(),:;0123456789"})


def cn(n: int) -> str:
    """1 → 一, 12 → 十二, 31 → 三十一."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN[tens - 1] + "十")
    return head + (CN[ones - 1] if ones else "")


def tasks(body: list[str]) -> list[tuple[list[str], str, str]]:
    """The body as (lines before the task's agencies, lead line, participants line)."""
    out, pending = [], []
    i = 0
    while i < len(body):
        line = body[i]
        if line.startswith("牵头单位"):
            out.append((pending, line, body[i + 1]))
            pending = []
            i += 2
            continue
        pending.append(line)
        i += 1
    return out


def names(label_line: str) -> list[str]:
    return label_line.split(":", 1)[1].split("、")


def join(lines: list[str], nl: str = "\n") -> str:
    return nl.join(lines) + nl


# -- transformations ----------------------------------------------------------------------------
def fullwidth() -> str:
    return join(["\u3000\u3000" + ln.translate(FULL) for ln in LINES])


def blank_lines() -> str:
    return join([ln + ("  " if i % 3 == 0 else "") for i, ln in enumerate(LINES)], "\n\n")


def wrapped(width: int = 36, *, pages: bool = False) -> str:
    """A PDF copy: every line cut at ``width`` columns; with ``pages``, a page number line
    ``- N -`` after every 40 lines and the issuer as a running header on top of each page."""
    out = []
    for line in LINES:
        cut, used = [], 0
        for ch in line:
            if used + text_width(ch) > width:
                out.append("".join(cut))
                cut, used = [], 0
            cut.append(ch)
            used += text_width(ch)
        out.append("".join(cut))
    if pages:
        out = [x for i in range(0, len(out), 40)
               for x in ([HEADER[0]] if i else []) + out[i:i + 40] + [f"- {i // 40 + 1} -"]]
    return join(out)


def inline() -> str:
    """Agencies in brackets at the end of each paragraph, in three bracket styles."""
    out = list(HEADER)
    for n, (before, lead, part) in enumerate(tasks(BODY)):
        sep = "，" if n % 4 == 0 else "、"
        inner = f"牵头单位：{sep.join(names(lead))}；参与单位：{sep.join(names(part))}"
        bracket = ("（{}）", "〔{}〕", "[{}]")[n % 3].format(inner)
        out.extend(before[:-1] + [before[-1] + bracket])
    return join(out)


def responsible() -> str:
    """Only 责任单位: the lead first, marked X牵头 or X(牵头) when there are several; the
    document states the rule that the first unit listed leads (as real plans do)."""
    out = list(HEADER) + ["各项任务的责任单位中，排在第一位的为牵头单位。"]
    for n, (before, lead, part) in enumerate(tasks(BODY)):
        leads = names(lead)
        if len(leads) > 1:
            leads = [x + ("牵头" if n % 2 else "（牵头）") for x in leads]
        out.extend(before + ["责任单位：" + "、".join(leads + names(part))])
    return join(out)


def restart() -> str:
    """Items numbered (一), (二)… again in every section."""
    out, count = [], 0
    for line in LINES:
        hd = heading(line)
        if hd and hd.rank == 0:
            count = 0
        if hd and hd.rank == 1:
            count += 1
            line = f"({cn(count)})" + line[hd.end:]
        out.append(line)
    return join(out)


def nested() -> str:
    """The paragraphs of item (二) numbered 1. 2. 3., those of item (四) (1) (2)."""
    out = []
    item, para = None, 0
    for line in LINES:
        hd = heading(line)
        if hd and hd.rank == 1:
            item, para = hd.value, 1
            if item in (2, 4):
                title, text = line.split("。", 1)
                out.extend([title + "。", ("1." if item == 2 else "（1）") + text])
                continue
        elif item in (2, 4) and not line.startswith(("牵头", "参与")) and not hd:
            para += 1
            line = (f"{para}." if item == 2 else f"（{para}）") + line
        out.append(line)
    return join(out)


def deep() -> str:
    """Item (三十一) as 1. with (1) (2) beneath it and a ① list under (2)."""
    out = []
    for line in LINES:
        if line.startswith("(三十一)"):
            s = line.split("。")
            last = s[3].split(",", 1)[1].replace("在", "", 1).split("等方面")[0].split("、")
            out += [s[0] + "。", "1." + s[1] + "。", "(1)" + s[2] + "。",
                    "(2)" + s[3].split(",")[0] + ",在以下方面发挥积极作用:",
                    "①" + last[0] + ";", "②" + last[1] + ";", "③" + last[2] + "。"]
            continue
        out.append(line)
    return join(out)


def flat() -> str:
    """A bare list 1. 2. 3. of the first task of every item, agencies inline, no header."""
    out, n = [], 0
    for before, lead, part in tasks(BODY):
        first = before[-1]
        hd = heading(first)
        if not hd or hd.rank != 1:
            continue
        n += 1
        out.append(f"{n}、{first[hd.end:]}（{lead}；{part}）")
    return join(out)


def word_table() -> str:
    """The tasks as a table copied from Word: tab-separated cells under a header row, with
    the plan's title above it and a note below."""
    out = ["四川省深化泛珠三角区域合作重点工作分工方案", "序号\t重点任务\t牵头单位\t参与单位"]
    item, para = 0, 0
    for before, lead, part in tasks(BODY):
        text = "".join(before[-1:])
        hd = heading(text)
        if hd and hd.rank == 1:
            item, para, text = hd.value, 1, text.split("。", 1)[1]
        else:
            para += 1
        out.append(f"{item}.{para}\t{text}\t{lead.split(':', 1)[1]}\t{part.split(':', 1)[1]}")
    return join(out + ["注:表中所列单位按职责分工负责。"])


def opinion() -> str:
    """An 实施意见 layout: title line with its issuer, a fictional number (2099), addressees,
    preamble with an abbreviation; each item's sentences numbered 1. 2. …, each with the item's
    agencies as （责任单位：…；deadline）; section 九 without agencies."""
    out = ["四川省人民政府关于深化泛珠三角区域合作的实施意见", "川府发〔2099〕1号",
           "各市(州)人民政府,省政府各部门、各直属机构:",
           "为贯彻落实《国务院关于深化泛珠三角区域合作的指导意见》(国发〔2016〕18号,以下简称"
           "《指导意见》),现提出以下实施意见。"]
    n = 0
    for before, lead, part in tasks(BODY):
        for line in before[:-1]:
            out.append(line)
        first = before[-1]
        hd = heading(first)
        if hd and hd.rank == 1:
            title, text = first.split("。", 1)
            out.append(title + "。")
            n = 0
        else:
            text = first
        agencies = "、".join(names(lead) + names(part))
        for sentence in [x + "。" for x in text.split("。") if x]:
            n += 1
            out.append(f"{n}.{sentence}（责任单位：{agencies}；2018年底前完成）")
    cut = next(i for i, x in enumerate(out) if x.startswith("九、"))
    out[cut + 1:] = [re.sub(r"（责任单位：.*）$", "", x) for x in out[cut + 1:]]
    return join(out)


CHROME_TOP = ["首页 > 政务公开 > 政府文件", "当前位置：首页 > 信息公开",
              "发布时间：2017-01-05 浏览次数：1234", "【字号：大 中 小】"]
CHROME_BOTTOM = ["【打印本页】 【关闭窗口】", "版权所有：四川省人民政府办公厅",
                 "网站标识码：5100000062 蜀ICP备05003828号"]


def web_copy() -> str:
    body = list(BODY)
    body.insert(body.index("三、推进重大基础设施一体化建设"), "分享到：微信 微博")
    return join(CHROME_TOP + HEADER + body + CHROME_BOTTOM)


def signature() -> str:
    header = list(HEADER)
    header[3] = "川办函〔2016〕212号"
    return join(header + BODY + ["四川省人民政府办公厅", "2016年12月30日"])


def deadlines() -> str:
    out = []
    for n, (before, lead, part) in enumerate(tasks(BODY)):
        if n % 5 == 0:
            out.extend(before + [lead, part, "完成时限：2017年底前"])
        elif n % 5 == 2:
            out.extend(before[:-1] + [before[-1] + "力争2018年6月底前完成。", lead, part])
        else:
            out.extend(before + [lead, part])
    return join(HEADER + [x for x in out])


CASES = {
    # name: (text, encoding, options)
    "utf8_bom": (SEED, "utf-8-sig", {}),
    "gb18030": (SEED, "gb18030", {}),
    "utf16": (SEED, "utf-16", {}),
    "utf16le_nobom": (SEED, "utf-16-le", {}),
    "crlf": (SEED.replace("\n", "\r\n"), "utf-8", {}),
    "cr": (SEED.replace("\n", "\r"), "utf-8", {}),
    "traditional": (to_traditional(SEED), "utf-8", {}),
    "traditional_big5": (to_traditional(SEED).translate(BIG5), "big5", {}),
    "traditional_simplified": (to_traditional(SEED), "utf-8", {"simplified": True}),
    "fullwidth": (fullwidth(), "utf-8", {}),
    "blank_lines": (blank_lines(), "utf-8", {}),
    "wrapped": (wrapped(pages=True), "utf-8", {}),
    "inline_brackets": (inline(), "utf-8", {}),
    "responsible_only": (responsible(), "utf-8", {}),
    "restart_numbering": (restart(), "utf-8", {}),
    "nested_numbering": (nested(), "utf-8", {}),
    "deep_nesting": (deep(), "utf-8", {}),
    "flat_list": (flat(), "utf-8", {}),
    "web_copy": (web_copy(), "utf-8", {}),
    "signature": (signature(), "utf-8", {}),
    "deadlines": (deadlines(), "utf-8", {}),
    "word_table": (word_table(), "utf-8", {}),
    "opinion_style": (opinion(), "utf-8", {}),
}


def main(expected: bool) -> None:
    for name, (text, encoding, options) in CASES.items():
        folder = HERE / name
        folder.mkdir(exist_ok=True)
        (folder / "input.txt").write_bytes(text.encode(encoding))
        opts = folder / "options.json"
        if options:
            opts.write_text(json.dumps(options) + "\n", "utf-8")
        elif opts.exists():
            opts.unlink()
        if expected:
            from diffkit.read.parse import parse_file
            plan = parse_file(folder / "input.txt", **options)
            (folder / "expected.json").write_text(plan.to_json(), "utf-8")
        print(name, encoding)


if __name__ == "__main__":
    main("--expected" in sys.argv)
