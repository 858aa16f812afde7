# د مالي مرستو پاڼې په پښتو. د دې فایل هر پیغام باید په en او fa-AF کې هم وي.

nav-grants = مالي مرستې
grants-title = مالي مرستې
grants-intro = د هرې مالي مرستې د بودیجې کرښې، او دا چې هرې کرښې تر اوسه له خپلې بودیجې څومره لګولي دي.
grants-none = تر اوسه هېڅ مالي مرسته نه ده ثبت شوې.
grants-new = نوې مالي مرسته
grant-code = کوډ
grant-code-hint = توري، عددونه، لنډه کرښه او ټکي، لکه US-CT-2026-01. وروسته نه بدلېږي.
grant-title = سرلیک
grant-donor = تمویلوونکی
grant-currency = اسعار
grant-starts-on = لومړۍ ورځ
grant-ends-on = وروستۍ ورځ
grant-period = موده
grant-budget = بودیجه
grant-lines = د بودیجې کرښې
grant-lines-hint = د هرې کرښې لپاره یو قطار ډک کړئ. تش قطارونه له پامه غورځول کېږي؛ هېڅ کرښه نه لرې کېږي.
grant-line-code = د کرښې کوډ
grant-line-name = د کرښې نوم
grant-line-amount = مبلغ
grant-line-row = کرښه { $row }
grant-spent-of = له { $budget } څخه { $spent } لګول شوي ({ $percent }٪)
grant-edit = سمون
grant-report = د تمویل راپور
grant-new-title = نوې مالي مرسته
grant-new-button = مالي مرسته جوړه کړئ
grant-edit-title = د { $code } مالي مرستې سمون
grant-edit-button = بدلونونه خوندي کړئ
grant-saved = مالي مرسته خوندي شوه.
grant-changed-meanwhile = کله چې دا پاڼه پرانیستې وه، بل چا دا مالي مرسته بدله کړه. هغه لکه څنګه چې اوس ده وګورئ، بیا هڅه وکړئ.
grant-code-taken = بله مالي مرسته همدا کوډ لري.
grant-charged-meanwhile = په دې منځ کې پر دې مالي مرسته یو لګښت چارج شو. بیا هڅه وکړئ.
funding-title = د تمویل راپور: { $code }
funding-intro = د هغو مرستو شمېرې چې د دې مالي مرستې لاندې وړاندې شوې دي. د خلکو لږې شمېرې پټېږي.
funding-from = له
funding-to = تر
funding-show = راپور وښیئ
funding-download = ښکته کول
funding-download-xlsx = د اکسل کاري کتاب (XLSX)
funding-download-csv = د جدول متن (CSV)
funding-download-pdf = د چاپ راپور (PDF)
funding-download-audited = هر ښکته کول د څارنې په کتاب کې ثبتېږي.

## Problems of a grant's form

problem-ends-before-start = وروستۍ ورځ له لومړۍ ورځې مخکې ده.
problem-appears-twice = بله بودیجه کرښه همدا کوډ لري.
problem-negative-budget = مبلغ منفي نه شي کېدای.
funding-donor-report = د یوه تمویلوونکي د مالي مرستو راپور
funding-donor-title = د یوه تمویلوونکي د مالي مرستو د تمویل راپور
funding-donor-intro = د یوه تمویلوونکي د ټولو مالي مرستو لاندې په دې موده کې د وړاندې شویو مرستو شمېرې. هر کس یوازې یو ځل شمېرل کېږي؛ د بېلابېلو پیسو اندازې هېڅکله سره نه جمع کېږي.
funding-donor = تمویلوونکی
funding-donor-choose = یو تمویلوونکی وټاکئ
