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
referral-action-send = فرستادن
referral-action-acknowledge = تأیید دریافت
referral-action-accept = پذیرفتن
referral-action-decline = رد کردن
referral-action-complete = ثبت تکمیل
referral-action-withdraw = پس گرفتن
referral-action-forward = فرستادن به دفتر ولایتی
referral-new-link = ارجاع شخص تازه شناسایی‌شده به سازمان بین‌المللی مهاجرت
referrals-saved-new = ارجاع به سازمان بین‌المللی مهاجرت فرستاده شد.
