# صفحه‌های بررسی‌کننده و مدیر سیستم.

nav-audit = دفتر بررسی
audit-title = دفتر بررسی
audit-log = درج‌ها، تازه‌ترین در اول
audit-none = هیچ درجی با این فیلترها مطابقت ندارد.
audit-actor = انجام‌دهنده (نام کاربری)
audit-action = عمل
audit-action-hint = کدی مانند {"\u2066"}case.read{"\u2069"} یا {"\u2066"}auth.login{"\u2069"}.
audit-from = از (روز)
audit-to = تا (روز، شامل همان روز)
audit-seq = شماره
audit-when = زمان
audit-target = سابقه
audit-outcome = نتیجه
audit-outcome-success = انجام شد
audit-outcome-failure = ناکام شد
audit-outcome-denied = رد شد
audit-operator = گردانندهٔ سرور { $name }
audit-system = سیستم
audit-verify-intro = زنجیرهٔ هش‌ها را که هر درج را به درج پیش از آن وصل می‌کند دوباره محاسبه کنید: هر درجی که تغییر کرده یا حذف شده باشد، زنجیره را می‌شکند. خود این بررسی هم در دفتر ثبت می‌شود.
audit-verify-button = بررسی زنجیره
audit-verify-ok = زنجیره سالم است: { $count } درج بررسی شد.
audit-verify-broken = زنجیره در درج { $seq } شکسته است: دفتر تغییر داده شده است. فوراً گزارش دهید.
audit-verify-broken-unknown = زنجیره شکسته است: دفتر تغییر داده شده است. فوراً گزارش دهید.
problem-username-unreadable = این نام کاربری نیست: ۳ تا ۶۴ حرف لاتین کوچک، رقم، نقطه، خط تیره یا زیرخط.
