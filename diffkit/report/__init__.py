"""Reports: a ``Comparison`` or ``Plan`` → what people read.

Enters: comparisons, plans, workloads. Leaves: terminal tables, JSON and CSV text
(:mod:`.render`, :mod:`.comparison`), HTML, pandas DataFrames (:mod:`.frame`), workbooks
(:mod:`.layout` and :mod:`.workbook` build their contents, :mod:`.excel` writes and reads them
with openpyxl) and plots (:mod:`.plot`, matplotlib).

pandas, openpyxl and matplotlib are imported only by the module that needs them, and only
when asked for, so ``diffkit compare`` stays fast.
"""
