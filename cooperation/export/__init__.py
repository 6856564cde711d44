"""Every file a user downloads, in one place, and the two sanitisers they all go through.

- `sanitise`: one rule for spreadsheet cells (CSV and XLSX: formula-like text neutralised, control characters
  removed, empty for missing) and one for markup text (DOCX, HTML, iCalendar), with `clip` for length limits.
- `table`: the table shown on a page as CSV for Excel, plain CSV, a workbook and an "about" text file.
- `dataset`: the whole dataset as a zip of its table files or one workbook (the Data page).
- `briefing`: the partner briefing as HTML and DOCX (the partner page).
- `ics`: the plan as an iCalendar file (the planning page).
"""
