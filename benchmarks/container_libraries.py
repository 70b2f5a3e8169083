"""Why lxml and pdfplumber: the candidate libraries measured side by side on the same files.

    python benchmarks/container_libraries.py

PDF (pdfplumber, pypdf, pypdfium2 — the last comes with pdfplumber): seconds and peak RSS to
extract the text of a dense 100-page PDF, each in a fresh process; whether the text comes out
in reading order when the content stream draws a page's lines bottom-up and each line's right
half first; and whether a ruled task table (six rows of the seed's) comes out as its rows. HTML (lxml, selectolax,
trafilatura): seconds and peak RSS to parse a GBK page with 50 MB of script and drop scripts,
and, for trafilatura, whether its article keeps the page's heading and leaves the site's
metadata out. Libraries that are not installed are reported as such.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import containers as c  # noqa: E402

PDF_TEXT = {
    "pdfplumber": "import pdfplumber\nwith pdfplumber.open(P) as pdf:\n"
                  "    out = []\n    for page in pdf.pages:\n"
                  "        out.append(page.extract_text()); page.close()\ntext = '\\n'.join(out)",
    "pypdf": "import pypdf\ntext = '\\n'.join(p.extract_text() for p in pypdf.PdfReader(P).pages)",
    "pypdfium2": "import pypdfium2 as pdfium\ndoc = pdfium.PdfDocument(P)\n"
                 "text = '\\n'.join(page.get_textpage().get_text_range() for page in doc)",
}
PDF_TABLE = {
    "pdfplumber": "import pdfplumber\nwith pdfplumber.open(P) as pdf:\n"
                  "    found = pdf.pages[0].extract_tables()\n"
                  "text = repr([[(c or '').replace(chr(10), '') for c in r] for r in found[0]]"
                  " if found else [])",
}
HTML_PARSE = {
    "lxml": "import lxml.html\nroot = lxml.html.document_fromstring(DATA.decode('gb18030'))\n"
            "[e.drop_tree() for e in root.xpath('//script|//style')]\ntext = root.text_content()",
    "selectolax": "from selectolax.lexbor import LexborHTMLParser\n"
                  "doc = LexborHTMLParser(DATA.decode('gb18030'))\n"
                  "doc.strip_tags(['script', 'style'])\ntext = doc.body.text()",
    "trafilatura": "import trafilatura\ntext = trafilatura.extract(DATA, include_tables=True) or ''",
}
# peak RSS from VmHWM: ru_maxrss would carry the parent's peak over the exec
TIMED = ("import re, sys, time\nP = sys.argv[1]\nDATA = open(P, 'rb').read()\n"
         "t = time.perf_counter()\n{body}\nhwm = re.search(r'VmHWM:\\s+(\\d+)', "
         "open('/proc/self/status').read()).group(1)\n"
         "print(f'{{time.perf_counter() - t:.2f}}', int(hwm) // 1024)\n"
         "open(sys.argv[2], 'w', encoding='utf-8').write(text)")


def run(body: str, path: Path, out: Path) -> tuple[str, str] | None:
    proc = subprocess.run([sys.executable, "-c", TIMED.format(body=body), str(path), str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return None if "ModuleNotFoundError" in last else ("error", last[:60])
    secs, rss = proc.stdout.split()
    return secs, rss


def reordered_pdf(path: Path, lines: list[str]) -> None:
    """Lines drawn bottom-up, the right half of each before its left half."""
    from fpdf import FPDF
    pdf = FPDF(format="A4")
    pdf.add_font("cjk", fname=str(c.cjk_font("".join(lines))))
    pdf.set_font("cjk", size=12)
    pdf.add_page()
    for i in reversed(range(len(lines))):
        half = len(lines[i]) // 2
        pdf.set_xy(20 + pdf.get_string_width(lines[i][:half]), 30 + 8 * i)
        pdf.cell(0, 8, lines[i][half:])
        pdf.set_xy(20, 30 + 8 * i)
        pdf.cell(0, 8, lines[i][:half])
    pdf.output(str(path))


def main() -> None:
    lines = [f"（{n}）推进第{n}项重点工作，完善配套政策，加强部门协作，确保各项措施落到实处。"
             for n in range(1, 100 * 14)]
    order = ["一、总体要求", "（一）完善园区配套设施", "牵头单位：市发展改革委", "配合单位：市财政局"]
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        c.write_pdf(d / "dense.pdf", lines, size=12)
        reordered_pdf(d / "order.pdf", order)
        rows = c.task_rows(c.seed_plan())[:6]
        c.write_pdf(d / "table.pdf", ["表格"], table=rows, page_numbers=None)
        (d / "page.html").write_bytes(c.html_page(c.seed_lines(), encoding="gbk",
                                                  script_bytes=50_000_000))
        print("PDF library   dense 100 pages: s   peak MB   reading order kept   ruled table")
        for name, body, dense in _installed(PDF_TEXT, d / "dense.pdf", d / "out.txt"):
            got = _text_of(body, d / "order.pdf", d / "order.txt").splitlines()
            ordered = "yes" if [x.strip() for x in got if x.strip()] == order else "no"
            table = "no table API"
            if name in PDF_TABLE:
                got_rows = ast.literal_eval(_text_of(PDF_TABLE[name], d / "table.pdf",
                                                         d / "table.txt") or "[]")
                table = f"{_cells_equal(got_rows, rows)}/{sum(map(len, rows))} cells"
            print(f"{name:<13} {dense[0]:>20}   {dense[1]:>7}   {ordered:>18}   {table}")
        print("\nHTML library  GBK page + 50 MB script: s   peak MB   article")
        for name, _body, got in _installed(HTML_PARSE, d / "page.html", d / "html.txt"):
            text = (d / "html.txt").read_text("utf-8")
            note = "whole page text (article found by diffkit.read.html)"
            if name == "trafilatura":
                note = (f"heading kept: {'yes' if c.seed_lines()[0] in text else 'no'}, "
                        f"info bar left out: {'yes' if '浏览次数' not in text else 'no'}")
            print(f"{name:<13} {got[0]:>26}   {got[1]:>7}   {note}")


def _installed(libraries: dict[str, str], path: Path, out: Path):
    """(name, code, (seconds, peak MB)) of each installed library; the others are named."""
    for name, body in libraries.items():
        got = run(body, path, out)
        if got is None:
            print(f"{name:<13} not installed")
        else:
            yield name, body, got


def _cells_equal(got: list[list[str]], want: list[list[str]]) -> int:
    """Cells equal to the truth's once wrapped lines are joined; the blank cells of a merged
    section row count as its value."""
    equal = 0
    for g, w in zip(got, want, strict=False):
        for k, (x, y) in enumerate(zip(g, w, strict=False)):
            equal += x == y or (k > 0 and not x and len(set(w)) == 1 and g[0] == y)
    return equal


def _text_of(body: str, path: Path, out: Path) -> str:
    run(body, path, out)
    return out.read_text("utf-8") if out.exists() else ""


if __name__ == "__main__":
    main()
