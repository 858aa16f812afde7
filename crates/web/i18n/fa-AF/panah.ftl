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
case-category-victim_of_trafficking = قربانی قاچاق انسان
case-category-presumed_victim = قربانی احتمالی
case-category-vulnerable_migrant = مهاجر آسیب‌پذیر
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
