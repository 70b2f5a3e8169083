"""Reading: what researchers have → :class:`~diffkit.model.Plan`.

Enters: plan text (any encoding, Simplified or Traditional, web and PDF copies) and
researchers' tables (.xlsx, .csv). Leaves: a ``Plan`` (``diffkit.plan/1``), with what could not
be placed kept in ``Plan.unplaced`` and warned about.

- :mod:`.parse` — text → plan (``parse_text``, ``parse_file``, ``parse_result``, ``read_text``);
- :mod:`.headings` — heading and numbering patterns; :mod:`.body` — tasks and agency lines;
- :mod:`.sheet` — tables ⇄ plans (``import_sheet``, ``export_sheet``);
- :mod:`.untrusted` — checks on untrusted workbooks before openpyxl opens them.

Imports flow down only: read → model, normalize, files, errors. Nothing here is imported by
``diffkit compare`` unless an input is raw text.
"""
