"""Reading: what researchers have → :class:`~diffkit.model.Plan`.

Enters: plan text (any encoding, Simplified or Traditional, web and PDF copies, one-line
copies, flattened tables), saved web pages, Word .docx, PDF with a text layer, and researchers'
tables (.xlsx, .csv). Leaves: a ``Plan`` (``diffkit.plan/1``), with what could not
be placed kept in ``Plan.unplaced`` and warned about.

- :mod:`.source` — any file → plan text (``read_source``, ``parse_source``): :mod:`.sniff` tells
  the container by its bytes, :mod:`.html`, :mod:`.docx`, :mod:`.pdf` read it into paragraphs
  and tables (:mod:`.blocks`), :mod:`.reflow` undoes one-line plans and flattened tables;
- :mod:`.parse` — text → plan (``parse_text``, ``parse_file``, ``parse_result``, ``read_text``);
- :mod:`.headings` — heading and numbering patterns; :mod:`.body` — tasks and agency lines;
- :mod:`.sheet` — tables ⇄ plans (``import_sheet``, ``export_sheet``); :mod:`.columns` — the
  column headers tables are known by;
- :mod:`.untrusted` — checks on untrusted workbooks and .docx archives before they are opened.

Imports flow down only: read → model, normalize, files, errors. Nothing here is imported by
``diffkit compare`` unless an input is raw text; lxml, python-docx and pdfplumber only when a
file of their kind arrives.
"""
