"""Web pages → blocks: the article of a saved government page, without the site around it.

The charset comes from the BOM, then the ``<meta>`` charset (GB2312/GBK read as GB18030, their
superset), checked by decoding, then detection (`parse.decode_text`). lxml parses the page (the
only module that imports it; chosen by measurement, see docs/parser.md). Scripts, styles,
forms' controls, hidden elements and the site's furniture are dropped by structure: ``nav``,
``header``, ``footer`` and ``aside`` elements and elements whose class or id names navigation,
breadcrumbs, share bars, tools or footers. The article is found by going down from the body
into the child with most of the prose (text outside links) while nothing beside it is article
too (`_article`); the page's heading just before it is kept as the first line. Paragraphs come from block elements and ``<br>``; data tables become `Table` rows
(row and column spans repeated over the grid); layout tables are read as paragraphs.
"""

from __future__ import annotations

import codecs
import os
import re

from ..errors import InputError
from .blocks import Document, Note, Table
from .headings import is_chrome, line_key

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""",
                           re.IGNORECASE)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80":
              "gb18030", "big5": "big5hkscs", "iso-8859-1": "cp1252", "ascii": "utf-8"}
_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
         "canvas", "input", "select", "button", "textarea", "nav", "header", "footer", "aside",
         "head", "map", "audio", "video")
# class/id words of site furniture: any part (split on - _ space) equal to one of these, or
# containing one of the longer ones
_CHROME_PARTS = frozenset({"nav", "navbar", "menu", "crumb", "crumbs", "breadcrumb", "position",
                           "location", "weizhi", "share", "bdshare", "footer", "foot", "bottom",
                           "copyright", "tools", "toolbar", "print", "sidebar", "side", "related",
                           "xgwj", "xgxx", "links", "friendlink", "search", "login", "topbar",
                           "fontsize", "zihao", "skip", "ads", "advert", "banner", "pager"})
_CHROME_IN = ("breadcrumb", "bdshare", "share", "copyright", "footer", "navbar", "friendlink")
_BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
                    "dt", "dd", "section", "article", "main", "blockquote", "pre", "center",
                    "address", "figure", "figcaption", "form", "fieldset", "hr", "tr", "td",
                    "th", "caption", "table", "tbody", "thead", "tfoot", "body", "html",
                    "details", "summary", "legend"})
_WS = re.compile(r"[ \t\r\n\f\v]+")
_PROSE = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
MIN_PARAGRAPH = 2  # characters of prose that make a <p> or a table part of the article


def decode_html(data: bytes, path: str | os.PathLike, *, encoding: str | None = None) -> str:
    """The page's text: ``encoding`` if given, else the BOM, else the declared charset if the
    bytes decode with it, else UTF-8 or detection."""
    from .parse import decode_text

    if encoding:
        return decode_text(data, path, encoding=encoding)
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            return decode_text(data, path)
    m = _META_CHARSET.search(data[:8192])
    if m:
        name = m.group(1).decode("ascii").lower()
        try:
            return data.decode(_SUPERSETS.get(name, name))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: detect
    return decode_text(data, path)


def read_html(data: bytes, path: str | os.PathLike, *, encoding: str | None = None
              ) -> Document:
    """A web page's article as blocks (see the module doc)."""
    import lxml.html
    from lxml import etree

    text = decode_html(data, path, encoding=encoding)
    try:
        root = lxml.html.document_fromstring(
            text, parser=lxml.html.HTMLParser(remove_comments=True, remove_pis=True,
                                              huge_tree=True))
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"not a readable web page: {exc}", file=path,
                         fix="save the page again, or copy its text into a .txt file") from None
    title = _meta_title(root)
    dropped = _clean(root)
    body = root.find("body") if root.find("body") is not None else root
    box = _article(body)
    doc = Document("html")
    head = _heading_before(body, box)
    if head and head not in _text_of(box):
        doc.blocks.append(head)
    elif not head and title and title not in _text_of(box):
        doc.blocks.append(title)
    _walk(box, doc.blocks, [])
    if dropped:
        doc.notes.append(Note("page", f"{dropped} blocks of site navigation, share bars and "
                              "footers left out"))
    return doc


def read_mht(data: bytes, path: str | os.PathLike) -> Document:
    """A web page saved as one MIME file (.mht, or Word's single-file web page named .doc):
    its first HTML part, in the charset the part declares."""
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            body = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            return read_html(body, path, encoding=_SUPERSETS.get(charset or "", charset))
    raise InputError("a saved web archive (MIME) without an HTML part", file=path,
                     fix="open it in a browser and save the page as HTML")


def _meta_title(root) -> str:
    for name in ("ArticleTitle", "articletitle", "title"):
        found = root.xpath(f"//meta[@name='{name}']/@content")
        if found and found[0].strip():
            return _WS.sub(" ", found[0]).strip()
    return ""


def _is_chrome(el) -> bool:
    if el.tag in ("header", "footer") and any(a.tag in ("article", "main")
                                              for a in el.iterancestors()):
        return False  # an article's own header holds its title
    if el.tag in _DROP or el.get("hidden") is not None or _HIDDEN.search(el.get("style", "")):
        return True
    words = f"{el.get('class', '')} {el.get('id', '')}".lower()
    if not words.strip():
        return False
    if any(w in words for w in _CHROME_IN):
        return True
    return any(part in _CHROME_PARTS for part in re.split(r"[\s\-_]+", words))


def _clean(root) -> int:
    """Drop furniture in place; the number of furniture blocks dropped (scripts excluded)."""
    count = 0
    for el in list(root.iter()):
        if not isinstance(el.tag, str):  # comments, entities
            continue
        if el.getparent() is not None and _is_chrome(el):
            if el.tag not in ("script", "style", "head", "noscript", "template"):
                count += 1
            el.drop_tree()
    return count


def _prose(el, cache: dict) -> int:
    """Characters of prose in ``el``, outside links."""
    n = 0 if el.tag == "a" else len(_PROSE.findall(el.text or ""))
    for child in el:
        if isinstance(child.tag, str):
            n += _prose(child, cache)
        n += len(_PROSE.findall(child.tail or ""))
    cache[el] = n
    return n


def _article(body):
    """The element holding the article: from the body down, into the child with the most
    prose (text outside links) while it holds at least half of it and nothing beside it is
    article too: a paragraph (``<p>`` of `MIN_PARAGRAPH` characters), a data table, or prose
    a quarter as long as the child's that is not site chrome (``发布时间…字号 大 中 小``)."""
    cache: dict = {}
    _prose(body, cache)
    box = body
    while True:
        children = [c for c in box if isinstance(c.tag, str)]
        best = max(children, key=lambda c: cache.get(c, 0), default=None)
        if best is None or best.tag == "a" or cache.get(best, 0) < 0.5 * cache.get(box, 0):
            return box
        if any(_is_article(c, cache, cache[best]) for c in children if c is not best):
            return box
        box = best


def _is_article(el, cache: dict, best: int) -> bool:
    if any(cache.get(p, 0) >= MIN_PARAGRAPH for p in el.iter("p", "table")):
        return True
    if cache.get(el, 0) < max(0.25 * best, 10):
        return False
    text = _WS.sub(" ", el.text_content()).strip()
    return not is_chrome(line_key(text))


def _heading_before(body, box) -> str:
    """The last h1–h3 (or title-classed element) before the article, outside it."""
    found = ""
    for el in body.iter():
        if el is box:
            return found
        if not isinstance(el.tag, str):
            continue
        cls = f"{el.get('class', '')} {el.get('id', '')}".lower()
        if el.tag in ("h1", "h2", "h3") or re.search(r"(^|[\s_-])(title|biaoti)", cls):
            text = _WS.sub(" ", el.text_content()).strip()
            if 4 <= len(text) <= 120 and el.find(".//a") is None:
                found = text
    return found


def _text_of(el) -> str:
    return _WS.sub("", el.text_content())


def _walk(el, out: list, line: list[str]) -> None:
    """Append ``el``'s paragraphs and tables to ``out``; ``line`` is the open line."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "table" and _is_data_table(el):
        _flush(out, line)
        out.append(Table(_grid(el)))
        return
    block = tag in _BLOCK
    if block:
        _flush(out, line)
    if tag == "br":
        _flush(out, line)
    elif tag == "pre":
        out.extend(x for x in el.text_content().split("\n"))
        return
    elif el.text and tag:
        line.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _walk(child, out, line)
        if child.tail:
            line.append(child.tail)
    if block:
        _flush(out, line)


def _flush(out: list, line: list[str]) -> None:
    text = _WS.sub(" ", "".join(line)).strip()
    line.clear()
    if text:
        out.append(text)


def _is_data_table(table) -> bool:
    if table.find(".//table") is not None:
        return False  # a layout table holding others
    rows = table.xpath("./tr|./*/tr")
    return len(rows) >= 2 and max(len(r.xpath("./td|./th")) for r in rows) >= 2


def _grid(table) -> list[list[str]]:
    """Cell texts on the table's grid; a cell spanning rows or columns repeated."""
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, col) → text of a rowspan from above
    for r, tr in enumerate(table.xpath("./tr|./*/tr")):
        row: list[str] = []
        for td in tr.xpath("./td|./th"):
            while (r, len(row)) in pending:
                row.append(pending.pop((r, len(row))))
            lines: list[str] = []
            _walk_cell(td, lines)
            text = "\n".join(lines)
            span_c, span_r = _span(td.get("colspan")), _span(td.get("rowspan"))
            for _ in range(span_c):
                for k in range(1, span_r):
                    pending[(r + k, len(row))] = text
                row.append(text)
        while (r, len(row)) in pending:
            row.append(pending.pop((r, len(row))))
        grid.append(row)
    return grid


def _walk_cell(td, lines: list[str]) -> None:
    out: list = []
    _walk(td, out, [])
    lines += [b for b in out if isinstance(b, str)]


def _span(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), 100)
    except ValueError:
        return 1
