# صفحه‌های کمک‌های مالی به دری. هر پیام این فایل باید در en و ps-AF نیز باشد.

nav-grants = کمک‌های مالی
grants-title = کمک‌های مالی
grants-intro = ردیف‌های بودجهٔ هر کمک مالی، و آنچه هر ردیف تا حال از بودجه‌اش مصرف کرده است.
grants-none = هنوز هیچ کمک مالی ثبت نشده است.
grants-new = کمک مالی نو
grant-code = کود
grant-code-hint = حروف، رقم‌ها، خط تیره و نقطه، مانند US-CT-2026-01. بعداً تغییر داده نمی‌شود.
grant-title = عنوان
grant-donor = تمویل‌کننده
grant-currency = واحد پول
grant-starts-on = روز نخست
grant-ends-on = روز آخر
grant-period = دوره
grant-budget = بودجه
grant-lines = ردیف‌های بودجه
grant-lines-hint = برای هر ردیف یک سطر را پر کنید. سطرهای خالی نادیده گرفته می‌شوند؛ هیچ ردیفی حذف نمی‌شود.
grant-line-code = کود ردیف
grant-line-name = نام ردیف
grant-line-amount = مبلغ
grant-line-row = ردیف { $row }
grant-spent-of = { $spent } از { $budget } مصرف شده ({ $percent }٪)
grant-edit = ویرایش
grant-report = گزارش تمویل
grant-new-title = کمک مالی نو
grant-new-button = ایجاد کمک مالی
grant-edit-title = ویرایش کمک مالی { $code }
grant-edit-button = ذخیرهٔ تغییرات
grant-saved = کمک مالی ذخیره شد.
grant-changed-meanwhile = وقتی این صفحه باز بود، کس دیگری این کمک مالی را تغییر داد. آن را چنان‌که اکنون است بررسی کنید، سپس دوباره کوشش کنید.
grant-code-taken = کمک مالی دیگری همین کود را دارد.
grant-charged-meanwhile = در این میان هزینه‌ای به این کمک مالی چارج شد. دوباره کوشش کنید.
funding-title = گزارش تمویل: { $code }
funding-intro = ارقام کمک‌هایی که زیر این کمک مالی ارائه شده‌اند. شمارهای کوچک افراد پنهان می‌شوند.
funding-from = از
funding-to = تا
funding-show = نمایش گزارش
funding-download = دانلود
funding-download-xlsx = کتاب کار اکسل (XLSX)
funding-download-csv = متن جدول (CSV)
funding-download-pdf = گزارش چاپی (PDF)
funding-download-audited = هر دانلود در دفتر بررسی ثبت می‌شود.

## Problems of a grant's form

problem-ends-before-start = روز آخر پیش از روز اول است.
problem-appears-twice = خط بودجهٔ دیگری همین کد را دارد.
problem-negative-budget = مبلغ نمی‌تواند منفی باشد.
funding-donor-report = گزارش کمک‌های مالی یک تمویل‌کننده
funding-donor-title = گزارش تمویل کمک‌های مالی یک تمویل‌کننده
funding-donor-intro = ارقام کمک‌های ارائه‌شده زیر همهٔ کمک‌های مالی یک تمویل‌کننده در این دوره. هر فرد تنها یک بار شمرده می‌شود؛ مبالغ واحدهای پولی گوناگون هرگز با هم جمع نمی‌شوند.
funding-donor = تمویل‌کننده
funding-donor-choose = یک تمویل‌کننده را برگزینید
