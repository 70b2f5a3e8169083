"""Container reading accuracy: the seed as text, web page, Word and PDF, and its task table in
each container and flattened to text.

    python benchmarks/container_accuracy.py          # the table below (about a minute)
    python benchmarks/container_accuracy.py --big    # plus a dense 500-page PDF: time, memory
    python benchmarks/container_accuracy.py --real-forms 100-219   # plus the real-forms set

Truth: datasets/sichuan_2016/plan.json (checked by hand) for the document variants; for the
table variants the rows built from it (tests/containers.task_rows: one row per task, the first
task of an item led by the item's title). The scorer compares tasks in document order — text
after folding (normalize.fold), lead and participant lists name by name (normalize.fold_name) —
and the header fields title, issuer, doc_number and date with the truth's meta; it never calls
the reader or the parser. "agrees" is the plan equal to the text reading of the same document
apart from meta.source_format: for the document variants the reading of source.txt, for the
table variants of the header lines and the rows as tab-separated text (a copy from Word).
Every file is written by tests/containers.py (constructed from the seed, which we may ship).

``--real-forms`` writes each document of benchmarks/real_forms.py (constructed sentences in the
forms of real plans: headers, numbering, agency phrases, Simplified and Traditional) as a web
page (UTF-8, and GBK where the text fits it), a .docx (numbers written, and Word's automatic
numbering where the written numbers follow Word's lists) and a PDF, one paragraph per line, and
counts the documents whose plan equals the plan of the same text read as text.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diffkit.normalize import fold, fold_name  # noqa: E402
from diffkit.read.parse import parse_file  # noqa: E402
from tests import containers as c  # noqa: E402

HEADER_FIELDS = ("title", "issuer", "doc_number", "date")


def truth_tasks(plan: dict) -> list[tuple[str, list[str], list[str]]]:
    return [(t["text"], t["lead"], t["participants"])
            for s in plan["sections"] for i in s["items"] for t in i["tasks"]]


def truth_rows(rows: list[list[str]]) -> list[tuple[str, list[str], list[str]]]:
    return [(r[1], r[2].split("、") if r[2] else [], r[3].split("、") if r[3] else [])
            for r in rows[1:] if len(set(r)) > 1]


def score(plan, truth: list, meta: dict) -> dict[str, object]:
    got = plan.tasks
    pairs = list(zip(got, truth, strict=False))
    return {
        "tasks": f"{len(got)}/{len(truth)}",
        "text": sum(fold(g.text) == fold(t) for g, (t, _, _) in pairs),
        "lead": sum([fold_name(x) for x in g.lead] == [fold_name(x) for x in lead]
                    for g, (_, lead, _) in pairs),
        "partic.": sum([fold_name(x) for x in g.participants] == [fold_name(x) for x in part]
                       for g, (_, _, part) in pairs),
        "header": f"{sum(plan.meta.get(f) == meta.get(f) for f in HEADER_FIELDS)}"
                  f"/{len(HEADER_FIELDS)}",
    }


def _same(plan, reference) -> bool:
    a = plan.to_dict()
    a.get("meta", {}).pop("source_format", None)
    b = reference.to_dict()
    a["id"] = b["id"]
    return a == b


def variants(d: Path) -> list[tuple[str, Path, str]]:
    """(name, file, truth kind) written into ``d``."""
    lines, truth = c.seed_lines(), c.seed_plan()
    rows = c.task_rows(truth)
    head = lines[:9]
    out = [("text", c.SEED / "source.txt", "doc")]
    (d / "utf8.html").write_bytes(c.html_page(lines))
    (d / "gbk.html").write_bytes(c.html_page(lines, encoding="gbk"))
    c.write_docx(d / "written.docx", lines)
    c.write_docx(d / "auto.docx", lines, auto_numbers=True)
    c.write_pdf(d / "seed.pdf", lines, centered=c.SEED_CENTERED, flush=c.SEED_FLUSH)
    (d / "oneline.txt").write_text("".join(lines), "utf-8")
    out += [("html utf-8", d / "utf8.html", "doc"), ("html gbk", d / "gbk.html", "doc"),
            ("docx numbers written", d / "written.docx", "doc"),
            ("docx auto numbering", d / "auto.docx", "doc"), ("pdf", d / "seed.pdf", "doc"),
            ("text on one line", d / "oneline.txt", "doc")]
    (d / "table.txt").write_text("\n".join(head + ["\t".join(r) for r in rows]), "utf-8")
    c.write_docx(d / "table.docx", head, table=rows)
    c.write_docx(d / "merged.docx", head, table=rows, vertical_merge=True)
    (d / "table.html").write_bytes(c.html_page(head, table=rows, encoding="gbk"))
    c.write_pdf(d / "table.pdf", head, centered=c.SEED_CENTERED, flush=c.SEED_FLUSH, table=rows)
    (d / "spaced.txt").write_text("\n".join(head + [" ".join(rows[0])] + [
        r[0] if len(set(r)) == 1 else "  ".join(r) for r in rows[1:]]), "utf-8")
    (d / "vertical.txt").write_text("\n".join(head + rows[0] + [
        x for r in rows[1:] for x in ([r[0]] if len(set(r)) == 1 else r)]), "utf-8")
    out += [("table: text with tabs", d / "table.txt", "table"),
            ("table: docx", d / "table.docx", "table"),
            ("table: docx merged cells", d / "merged.docx", "table"),
            ("table: html gbk", d / "table.html", "table"), ("table: pdf", d / "table.pdf", "table"),
            ("table: flattened, spaces", d / "spaced.txt", "table"),
            ("table: flattened, cell a line", d / "vertical.txt", "table")]
    return out


def main() -> None:
    truth = c.seed_plan()
    rows = c.task_rows(truth)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with tempfile.TemporaryDirectory() as tmp:
            made = variants(Path(tmp))
            reference = {"doc": parse_file(c.SEED / "source.txt", id="seed"),
                         "table": parse_file(Path(tmp) / "table.txt", id="seed")}
            table = []
            for name, path, kind in made:
                start = time.perf_counter()
                plan = parse_file(path, id="seed")
                seconds = time.perf_counter() - start
                want = truth_tasks(truth) if kind == "doc" else truth_rows(rows)
                table.append({"variant": name, **score(plan, want, truth.get("meta", {})),
                              "agrees": "yes" if _same(plan, reference[kind]) else "NO",
                              "seconds": f"{seconds:.2f}",
                              "format": plan.meta.get("source_format", "text")})
    heads = list(table[0])
    widths = [max(len(str(r[h])) for r in [dict(zip(heads, heads, strict=True)), *table])
              for h in heads]
    for r in [dict(zip(heads, heads, strict=True)), *table]:
        print("  ".join(str(r[h]).ljust(w) for h, w in zip(heads, widths, strict=True)))
    agree = sum(r["agrees"] == "yes" for r in table)
    print(f"\nagreement with the text reading: {agree}/{len(table)}")


def big_pdf(pages: int = 500) -> None:
    """A dense PDF (about 600 characters a page) read in a fresh process: time, peak RSS."""
    sentence = ("（{n}）推进第{n}项重点工作，完善配套政策，加强部门协作，细化任务清单和时间表，"
                "确保各项措施落到实处并按期完成年度目标任务。")
    lines = [sentence.format(n=n) for n in range(1, pages * 9)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.pdf"
        start = time.perf_counter()
        c.write_pdf(path, ["一、总体要求", *lines], page_numbers="dash")
        built = time.perf_counter() - start
        code = ("import re, sys, time, pdfplumber; "  # VmHWM: ru_maxrss keeps the parent's
                "from diffkit.read.source import read_source; "
                "n = len(pdfplumber.open(sys.argv[1]).pages); "
                "t = time.perf_counter(); s = read_source(sys.argv[1]); "
                "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()); "
                "print(n, f'{time.perf_counter() - t:.1f}', len(s.text), "
                "int(hwm.group(1)) // 1024)")
        out = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.split()
        size = path.stat().st_size
    print(f"\nPDF of {out[0]} pages, {size / 1e6:.1f} MB (built in {built:.0f} s): read in "
          f"{out[1]} s, {int(out[2]):,} characters, peak RSS {out[3]} MB")


def real_forms_agreement(seeds: range) -> None:
    """Per container: documents of the real-forms set whose plan equals their text's plan."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from real_forms import build

    writers = {
        "html utf-8": lambda p, ls: p.write_bytes(c.html_page(ls)),
        "html gbk": lambda p, ls: p.write_bytes(c.html_page(ls, encoding="gbk")),
        "docx": lambda p, ls: c.write_docx(p, ls),
        "docx auto": lambda p, ls: c.write_docx(p, ls, auto_numbers=True),
        "pdf": lambda p, ls: c.write_pdf(p, ls),
    }
    agree = dict.fromkeys(writers, 0)
    tried = dict.fromkeys(writers, 0)
    misses: dict[str, list[str]] = {k: [] for k in writers}
    with warnings.catch_warnings(), tempfile.TemporaryDirectory() as tmp:
        warnings.simplefilter("ignore")
        for path in build(seeds, Path(tmp)):
            text = path.read_text("utf-8")
            lines = [ln for ln in text.splitlines() if ln.strip()]
            want = _text_plan(path)
            for name, write in writers.items():
                target = path.with_name(f"{path.stem}-{name.replace(' ', '_')}"
                                        f"{'.html' if 'html' in name else '.' + name}")
                try:
                    write(target, lines)
                except (UnicodeEncodeError, c.NotRepresentable):
                    continue  # a Traditional character GBK lacks, numbers Word would not show
                tried[name] += 1
                got = _container_plan(target, path.stem)
                if got is not None and want is not None and _same(got, want):
                    agree[name] += 1
                elif want is not None:
                    misses[name].append(path.stem)
    print(f"\nreal forms ({seeds.start}-{seeds.stop - 1}): documents whose plan equals the "
          "text reading's")
    for name in writers:
        shown = ", ".join(misses[name][:8]) + (" …" if len(misses[name]) > 8 else "")
        print(f"  {name:<11} {agree[name]}/{tried[name]}" + (f"  (differ: {shown})" if shown
                                                               else ""))


def _text_plan(path: Path):
    try:
        return parse_file(path, id=path.stem)
    except Exception:  # noqa: BLE001 - a document the text parser refuses is left out
        return None


def _container_plan(path: Path, plan_id: str):
    try:
        return parse_file(path, id=plan_id)
    except Exception:  # noqa: BLE001 - counted as a difference
        return None


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", action="store_true")
    parser.add_argument("--real-forms", metavar="LO-HI")
    args = parser.parse_args()
    main()
    if args.big:
        big_pdf()
    if args.real_forms:
        lo, hi = (int(x) for x in args.real_forms.split("-"))
        real_forms_agreement(range(lo, hi + 1))
