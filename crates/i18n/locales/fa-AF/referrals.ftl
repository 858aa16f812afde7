# پناه به دری: پیام‌های صفحه‌های ارجاع. هر پیام انگلیسی باید این‌جا هم باشد.

nav-referrals = ارجاع‌ها

## فهرست

referrals-title = ارجاع‌ها
referrals-boxes = دریافت‌شده و فرستاده‌شده
referrals-inbox = دریافت‌شده
referrals-outbox = فرستاده‌شده
referrals-province = ولایت شخص
referrals-all = ارجاع‌ها
referrals-others = ارجاع‌های دیگر
referrals-none-found = هیچ ارجاعی با این فیلترها مطابقت ندارد.

## یک ارجاع

referral-from = از
referral-to-organization = به
referral-receiver-reference = شمارهٔ مرجع دریافت‌کننده
referral-created-on = تاریخ ایجاد
referral-updated-on = آخرین تغییر
referral-consent-given-on = تاریخ رضایت شخص به ارجاع
referral-identity = هویت
referral-no-identity = این ارجاع هویت شخص را نشان نمی‌دهد.
referral-actions = کارهایی که می‌توانید انجام دهید
referral-no-actions = فعلاً در این ارجاع کاری برای شما نیست.
referral-comment = نظر
referral-comment-hint = ادارهٔ دیگر آن را می‌خواند. برای رد کردن لازم است: دلیل را بنویسید.
referral-saved = انجام شد. وضعیت ارجاع اکنون: { $status }.
referral-changed-meanwhile = در مدتی که این ارجاع نزد شما باز بود تغییر کرد و این کار دیگر ممکن نیست. آن را به شکل فعلی‌اش بررسی کنید.
referral-forward-heading = فرستادن به دفتر ولایتی
referral-forward-to = دفتر ولایتی
referral-forward-button = فرستادن ارجاع
referral-reference-heading = شمارهٔ مرجع دفتر شما
referral-reference-hint = شمارهٔ دوسیهٔ خود شما برای این ارجاع، مانند شمارهٔ ثبت وزارت. برای حذف آن، خالی بگذارید.
referral-reference-button = ذخیرهٔ شمارهٔ مرجع
referral-reference-saved = ذخیره شد. این ارجاع اکنون شمارهٔ مرجع شما را دارد.
referral-reference-changed-meanwhile = در مدتی که این ارجاع نزد شما باز بود تغییر کرد. آن را به شکل فعلی‌اش بررسی کنید و سپس شمارهٔ مرجع را دوباره بفرستید.
referral-action-send = فرستادن
referral-action-acknowledge = تأیید دریافت
referral-action-accept = پذیرفتن
referral-action-decline = رد کردن
referral-action-complete = ثبت تکمیل
referral-action-withdraw = پس گرفتن
referral-action-forward = فرستادن به دفتر ولایتی
referral-new-link = ارجاع شخص تازه شناسایی‌شده به سازمان بین‌المللی مهاجرت
referrals-saved-new = ارجاع به سازمان بین‌المللی مهاجرت فرستاده شد.

## ارجاع شخص تازه شناسایی‌شده به سازمان بین‌المللی مهاجرت

referral-new-title = ارجاع یک شخص به سازمان بین‌المللی مهاجرت
referral-new-intro = برای قربانی احتمالی که ادارهٔ شما شناسایی کرده و هنوز نزد سازمان بین‌المللی مهاجرت قضیه ندارد. سازمان بین‌المللی مهاجرت تنها آن‌چه را می‌گیرد که ارجاع نشان می‌دهد: بدون هویت، یا هویت شخص اگر به ارجاع رضایت داده باشد. نام‌ها و شماره‌ها به شکل رمزگذاری‌شده نگهداری می‌شوند.
referral-new-referral = ارجاع
referral-new-province = ولایت شناسایی
referral-new-consent = رضایت و آن‌چه به سازمان بین‌المللی مهاجرت نشان داده می‌شود
referral-new-disclosure-hint = هویت تنها وقتی فرستاده می‌شود که شخص به ارجاع رضایت داده باشد: تاریخ رضایت را در پایین بنویسید.
referral-new-consent-hint = برای فرستادن هویت لازم است. شخص کمتر از ۱۸ سال هرگز به تنهایی رضایت نمی‌دهد.
referral-new-consent-required = تاریخی را که شخص به ارجاع رضایت داد بنویسید، یا ارجاع را بدون هویت بفرستید.
referral-new-button = فرستادن ارجاع به سازمان بین‌المللی مهاجرت
