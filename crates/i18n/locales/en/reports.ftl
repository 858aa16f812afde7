# The funding report in English, on its web page and in print. Every message here must
# exist in fa-AF and ps-AF too (a test checks it).

report-title = Funding report
report-grant = Grant
report-donor = Donor
report-period = Period
report-period-value = { $from } to { $to }
report-currency = Currency
report-suppression-note = To protect the people assisted, counts from 1 to { $below } are not shown, nor any count from which one of them could be worked out.
report-people-total = People assisted
report-people-by-sex = People assisted by sex
report-people-by-age-group = People assisted by age group
report-services = Services delivered by type
report-spend = Spend against budget
report-suppressed-small = fewer than { $threshold }
report-suppressed-hidden = withheld
report-age-unknown = Age not known
report-group = Group
report-count = Count
report-service-type = Service
report-services-count = Services
report-people = People
report-cost = Cost
report-line = Budget line
report-budget = Budget
report-spent = Spent
report-remaining = Remaining
report-spent-share = { $percent }% spent
report-page = Page
report-no-services = No service was delivered in this period.
report-chart-table = The figures of this chart
