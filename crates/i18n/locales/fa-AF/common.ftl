# صفحه‌های پناه به دری (فارسی افغانستان). هر پیام انگلیسی باید این‌جا هم باشد.
# ماه‌ها به نام‌های رسمی افغانستان: حمل، ثور، جوزا … حوت.

app-name = پناه
skip-to-content = رفتن به محتوای صفحه
nav-label = فهرست اصلی
nav-dashboard = صفحهٔ اصلی
nav-password = تغییر رمز عبور
sign-out = خروج
language-switch-label = زبان

## ورود

sign-in-title = ورود
sign-in-intro = با حسابی که اداره‌تان برایتان داده است وارد شوید.
field-username = نام کاربری
field-password = رمز عبور
sign-in-button = ورود
sign-in-wrong = نام کاربری یا رمز عبور نادرست است.
sign-in-too-many = تلاش‌های ناموفق زیاد شده است. چند دقیقه صبر کنید و دوباره کوشش کنید.
sign-in-busy = سرور مصروف است. لحظه‌ای بعد دوباره کوشش کنید.

## رمز عبور

password-title = رمز عبور خود را تغییر دهید
password-required-notice = این رمز عبور یک‌بار مصرف است. پیش از ادامه، رمز عبور خودتان را انتخاب کنید.
password-hint = دست‌کم ۱۲ حرف. چند کلمهٔ نامرتبط به آسانی به یاد می‌ماند و به سختی حدس زده می‌شود.
field-current-password = رمز عبور فعلی
field-new-password = رمز عبور جدید
field-new-password-again = تکرار رمز عبور جدید
password-button = تغییر رمز عبور
password-changed-notice = رمز عبور شما تغییر کرد. از نشست‌های دیگر شما خارج شدید.
form-has-problems = بعضی پاسخ‌ها نیاز به اصلاح دارند. هر مشکل کنار خانهٔ مربوط نشان داده شده است.

## مشکل‌های خانه‌ها

problem-invalid = این مقدار پذیرفته نمی‌شود. آن را بررسی کنید و دوباره کوشش کنید.
problem-not-current-password = این رمز عبور فعلی شما نیست.
problem-password-too-short = رمز عبور باید دست‌کم ۱۲ حرف داشته باشد.
problem-password-too-long = رمز عبور باید حد اکثر ۱۲۸ حرف داشته باشد.
problem-password-common = این رمز عبور بسیار رایج است. رمزی انتخاب کنید که کسی حدس نزند.
problem-password-contains-username = رمز عبور نباید نام کاربری شما را در بر داشته باشد.
problem-password-unchanged = رمز عبور جدید باید با رمز فعلی فرق داشته باشد.
problem-passwords-differ = دو رمز عبور جدید یکسان نیستند. یک رمز را دو بار بنویسید.
problem-too-many-attempts = رمزهای نادرست زیاد وارد شده است. چند دقیقه صبر کنید و دوباره کوشش کنید.

## صفحهٔ اصلی

dashboard-title = صفحهٔ اصلی
dashboard-greeting = خوش آمدید، { $name }
dashboard-my-cases = قضیه‌های باز و فعال من
dashboard-no-cases = هیچ قضیهٔ باز یا فعالی به شما سپرده نشده است.
dashboard-more-cases = قضیه‌های بیشتری از آن‌چه این‌جا آمده به شما سپرده شده است.
dashboard-nothing-yet = فعلاً این‌جا کاری در انتظار شما نیست.
case-number = شمارهٔ قضیه
case-category = نوعیت
case-status = وضعیت
case-identified-on = تاریخ شناسایی
case-status-open = باز
case-status-active = فعال
case-status-closed = بسته

## صفحه‌های خطا

error-not-found-title = صفحه پیدا نشد
error-not-found-text = این صفحه وجود ندارد، یا شما اجازهٔ دیدن آن را ندارید.
error-forbidden-title = اجازه ندارید
error-forbidden-text = شما اجازهٔ این کار را ندارید. اگر از یکی از فورم‌های پناه آمده‌اید، برگردید، صفحه را دوباره باز کنید و دوباره کوشش کنید.
error-bad-request-title = درخواست فهمیده نشد
error-bad-request-text = سرور آن‌چه فرستاده شد را نفهمید. برگردید و دوباره کوشش کنید.
error-changed-title = در این میان تغییر کرده است
error-changed-text = از وقتی این را باز کردید کسی روی آن کاری کرده است، یا دیگر این کار ممکن نیست. آن را دوباره باز کنید تا ببینید در چه حال است، بعد دوباره کوشش کنید.
error-unavailable-title = پناه مصروف است
error-unavailable-text = پناه فعلاً نمی‌تواند پاسخ دهد. لحظه‌ای صبر کنید و دوباره کوشش کنید.
error-internal-title = مشکلی پیش آمد
error-internal-text = پناه نتوانست این صفحه را نشان دهد. اگر دوباره پیش آمد، این شمارهٔ خطا را به مدیر سیستم بدهید.
error-id-label = شمارهٔ خطا:
error-home-link = رفتن به صفحهٔ آغاز

## ماه‌های سال هجری شمسی

solar-month-1 = حمل
solar-month-2 = ثور
solar-month-3 = جوزا
solar-month-4 = سرطان
solar-month-5 = اسد
solar-month-6 = سنبله
solar-month-7 = میزان
solar-month-8 = عقرب
solar-month-9 = قوس
solar-month-10 = جدی
solar-month-11 = دلو
solar-month-12 = حوت

## فهرست

nav-cases = قضیه‌ها
nav-register = ثبت قضیه

## فورم‌ها

field-required = ضروری
# هر تاریخ نمونه در یک جدای چپ‌به‌راست (U+2066 … U+2069) است، تا اجزای آن در جملهٔ راست‌به‌چپ وارونه نشوند.
date-hint = سال-ماه-روز، به هجری شمسی ({"\u2066"}۱۴۰۵-۰۱-۱۵{"\u2069"}) یا میلادی ({"\u2066"}2026-04-04{"\u2069"}).
choose-one = انتخاب کنید…
not-recorded = ثبت نشده
not-applicable = مربوط نیست
answer-yes = بلی
answer-no = نخیر
answer-not-known = معلوم نیست
answer-not-recorded = ثبت نشده
list-separator = {"، "}
list-more = موارد بیشتری از آن‌چه این‌جا آمده وجود دارد.
list-next-page = صفحهٔ بعدی
go-to-form = رفتن به فورم
recorded-by = ثبت شده توسط { $name }
filter-any = همه
filter-button = نمایش

## مشکل‌های خانه‌ها

problem-choose-one = یکی از گزینه‌ها را انتخاب کنید.
problem-required = پُر کردن این خانه ضروری است.
problem-too-long = این متن بسیار طولانی است.
problem-control-characters = این متن حروفی دارد که ذخیره نمی‌شوند. آن را بدون آن حروف دوباره بنویسید.
problem-date-unreadable = این تاریخ نیست. سال-ماه-روز بنویسید، مانند {"\u2066"}۱۴۰۵-۰۱-۱۵{"\u2069"} یا {"\u2066"}2026-04-04{"\u2069"}.
problem-number-unreadable = یک عدد کامل بنویسید، مانند ۱۷.
problem-amount-unreadable = این مبلغ نیست. آن را با رقم بنویسید، مانند ۱۲۵۰٫۵۰.
problem-country-unreadable = کُدهای دوحرفی کشورها را با کامه جدا بنویسید، مانند QA, OM.
problem-currency-required = واحد پول هزینه را انتخاب کنید.
problem-currency-mismatch = کمک مالی این ردیف بودجه به { $currency } است: هزینه را به { $currency } بنویسید، یا ردیف دیگری انتخاب کنید.
problem-in-future = این تاریخ در آینده است.
problem-in-past = این تاریخ گذشته است.
problem-unknown-organization = اداره‌ای را از فهرست انتخاب کنید.
problem-own-organization = اداره‌ای غیر از ادارهٔ خودتان انتخاب کنید.
problem-donor-takes-no-referrals = تمویل‌کننده ارجاع نمی‌پذیرد.
problem-ngo-takes-no-law-enforcement = سازمان غیردولتی ارجاع برای تحقیق یا تعقیب عدلی را نمی‌پذیرد: آن را به وزارت امور داخله یا یک وزارت همکار ارجاع دهید.
problem-ministry-refers-to-iom = وزارت‌ها اشخاص را تنها به سازمان بین‌المللی مهاجرت ارجاع می‌دهند.
problem-search-term-required = دست‌کم یکی از موارد جستجو را بنویسید.
problem-not-assignable = یک کارمند قضیهٔ فعال را انتخاب کنید.
problem-negative-amount = هزینه نمی‌تواند منفی باشد.
problem-organization-kinds-required = دست‌کم یک نوع اداره را که شخص با شریک‌سازی هویت خود با آن موافقت کرده است، نشانی کنید.
problem-organization-kinds-not-allowed = تنها رضایت به شریک‌سازی معلومات انواع ادارات را نام می‌برد: نشانی‌ها را بردارید، یا شریک‌سازی معلومات را انتخاب کنید.
problem-minor-consents-alone = شخص در آن روز کمتر از ۱۸ سال داشت و به تنهایی رضایت داده نمی‌تواند: پدر، مادر یا سرپرستی را که رضایت داد، یا تصمیم به نفع عالی طفل را ثبت کنید.
problem-best-interests-for-adult = تصمیم به نفع عالی طفل تنها برای طفل کمتر از ۱۸ سال است.
problem-guardian-relation-required = بگویید پدر، مادر یا سرپرست چه نسبتی با شخص دارد.
problem-guardian-relation-not-allowed = نسبت تنها زمانی نوشته می‌شود که پدر، مادر یا سرپرست رضایت داده باشد: «مربوط نیست» را انتخاب کنید.
problem-unknown-budget-line = ردیف بودجه‌ای را از فهرست انتخاب کنید.
problem-cost-required-for-charge = برای حساب کردن بر ردیف بودجه، هزینه را بنویسید.
problem-outside-grant-period = این تاریخ بیرون از دورهٔ کمک مالی است: تاریخ را بررسی کنید، یا ردیف بودجهٔ دیگری انتخاب کنید.
problem-born-after-identification = تاریخ تولد باید پیش از تاریخ شناسایی باشد.
problem-age-out-of-range = سن تخمینی باید میان ۰ و ۱۲۰ باشد.
