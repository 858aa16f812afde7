# The grant pages in English. Every message here must exist in fa-AF and ps-AF too (a
# test checks it).

nav-grants = Grants
grants-title = Grants
grants-intro = Each grant's budget lines, and what each has spent of its budget so far.
grants-none = No grant is recorded yet.
grants-new = New grant
grant-code = Code
grant-code-hint = Letters, digits, hyphens and dots, such as US-CT-2026-01. It cannot be changed later.
grant-title = Title
grant-donor = Donor
grant-currency = Currency
grant-starts-on = First day
grant-ends-on = Last day
grant-period = Period
grant-budget = Budget
grant-lines = Budget lines
grant-lines-hint = Fill in one row for each line. Rows left empty are ignored; a line is never removed.
grant-line-code = Line code
grant-line-name = Line name
grant-line-amount = Amount
grant-line-row = Line { $row }
grant-spent-of = { $spent } spent of { $budget } ({ $percent }%)
grant-edit = Edit
grant-report = Funding report
grant-new-title = New grant
grant-new-button = Create the grant
grant-edit-title = Edit grant { $code }
grant-edit-button = Save the changes
grant-saved = The grant is saved.
grant-changed-meanwhile = Someone changed this grant while you had the page open. Check it as it is now, then try again.
grant-code-taken = Another grant already has this code.
grant-charged-meanwhile = A cost was charged to this grant meanwhile. Try again.
funding-title = Funding report: { $code }
funding-intro = Figures of the assistance delivered under this grant. Small counts of people are suppressed.
funding-from = From
funding-to = To
funding-show = Show the report
funding-download = Download
funding-download-xlsx = Excel workbook (XLSX)
funding-download-csv = Spreadsheet text (CSV)
funding-download-pdf = Printable report (PDF)
funding-download-audited = Every download is recorded in the audit log.

## Problems of a grant's form

problem-ends-before-start = The last day is before the first.
problem-appears-twice = Another budget line has this code.
problem-negative-budget = The amount cannot be negative.
funding-donor-report = Report on a donor's grants
funding-donor-title = Funding report of a donor's grants
funding-donor-intro = Figures of the assistance delivered under every grant of one donor that runs during the period. People are counted once across the grants; amounts are never added across currencies.
funding-donor = Donor
funding-donor-choose = Choose a donor
