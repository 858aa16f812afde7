# پناه به دری. هر پیام انگلیسی باید این‌جا هم باشد.

## صفحهٔ اصلی: کارهای در انتظار

dashboard-assistance-due = مساعدت‌های پلان‌شده که وقت‌شان رسیده
dashboard-no-assistance-due = در قضیه‌های شما هیچ مساعدت پلان‌شده‌ای وقتش نرسیده است.
dashboard-overdue = ارجاع‌های از موعد گذشته
dashboard-awaiting = ارجاع‌های دریافت‌شده در انتظار اقدام
dashboard-none-awaiting = هیچ ارجاع دریافت‌شده‌ای در انتظار اقدام نیست.
dashboard-all-cases-link = همه را ببینید

## قضیه‌ها

case-province = ولایت
case-province-hint = جایی که شخص شناسایی شد. شمارهٔ قضیه هم از آن گرفته می‌شود.
case-identified-by = شناسایی‌کننده
case-assigned-to = کارمند قضیه
case-assigned-to-colleague = کارمند قضیهٔ دیگر
case-unassigned = سپرده نشده
case-move-active = فعال کردن قضیه
case-move-closed = بستن قضیه
case-move-open = بازگشایی دوبارهٔ قضیه
case-assign-button = سپردن
case-no-moves = این‌جا چیزی برای تغییر دادن توسط شما نیست.
case-changed-meanwhile = در مدتی که این قضیه نزد شما باز بود، کسی آن را تغییر داد. آن را به شکل فعلی‌اش بررسی کنید و دوباره کوشش کنید.
case-move-not-allowed = این تغییر وضعیت فعلاً مجاز نیست.
cases-title = قضیه‌ها
search-heading = پیدا کردن قضیهٔ یک شخص
search-intro = یک یا چند مورد بنویسید: هر کدام باید دقیقاً مطابقت کند (نام به هر کدام از دو خط). هر جستجو و هر شخص پیداشده در دفتر بررسی ثبت می‌شود.
search-button = جستجو
search-results = قضیه‌های پیداشده
search-found = قضیه‌های پیداشده: { $count }
search-nothing-found = هیچ قضیه‌ای با این موارد مطابقت ندارد.
cases-list = فهرست قضیه‌ها
cases-none = هیچ قضیه‌ای با این فیلترها مطابقت ندارد.

## شخص

person-names = نام‌ها
person-given-name = نام
person-family-name = تخلص
person-fathers-name = نام پدر
person-other-script-given-name = نام به خط دوم
person-other-script-family-name = تخلص به خط دوم
person-other-script-hint = نام به حروف لاتین در کنار نام به خط عربی، یا برعکس. جستجو هر دو را پیدا می‌کند.
person-other-script-names = نام‌ها به خط دوم
person-sex = جنسیت
person-date-of-birth = تاریخ تولد
person-estimated-age = سن تخمینی
person-estimated-age-hint = وقتی تاریخ تولد معلوم نیست: سن شخص به سال در روز شناسایی.
person-age-group = گروه سنی
person-citizenship = تابعیت
person-phone = شمارهٔ تلفن
person-address = آدرس
person-document-number = شمارهٔ سند
countries-named = کشورهای منطقه
countries-other = کشورهای دیگر

## ثبت قضیه

register-title = ثبت قضیه
register-intro = شمارهٔ قضیه هنگام ثبت داده می‌شود. نام‌ها و شماره‌ها به شکل رمزگذاری‌شده نگهداری می‌شوند.
register-case = قضیه
register-person = شخص
register-trafficking = مشخصات قاچاق
register-button = ثبت قضیه
trafficking-exploitation-types = انواع بهره‌کشی
trafficking-means-of-control = شیوه‌های کنترول
trafficking-recruitment = شیوهٔ جذب
trafficking-relationship-to-recruiter = نسبت با جذب‌کننده
trafficking-countries-of-exploitation = کشورهای بهره‌کشی
trafficking-other-countries = کشورهای دیگر بهره‌کشی
trafficking-other-countries-hint = کُدهای دوحرفی، جدا شده با کامه، مانند QA, OM.
trafficking-cross-border = آیا از مرز عبور شده است؟

## دوسیهٔ قضیه

case-file-title = قضیه
case-file-contents = در این صفحه
case-file-person = شخص
case-file-identity-audited = هر بار باز کردن این صفحه در دفتر بررسی ثبت می‌شود.
case-file-status = وضعیت و کارمند قضیه
case-file-consents = رضایت‌ها
case-file-assistance = مساعدت‌ها
case-file-notes = یادداشت‌ها
case-file-referrals = ارجاع‌ها
case-file-returns = عودت‌ها
saved-case = قضیه ثبت شد.
saved-status = وضعیت قضیه تغییر کرد.
saved-assignee = قضیه سپرده شد.
saved-consent = رضایت ثبت شد.
saved-withdrawn = رضایت پس گرفته شد.
saved-assistance = مساعدت ثبت شد.
saved-service = وضعیت خدمت تغییر کرد.
saved-note = یادداشت ذخیره شد.
saved-referral = ارجاع فرستاده شد.

## رضایت‌ها

consents-none = هیچ رضایتی ثبت نشده است.
consent-kind = رضایت به
consent-given-on = تاریخ رضایت
consent-given-by = رضایت‌دهنده
consent-given-by-hint = شخص کمتر از ۱۸ سال هرگز به تنهایی رضایت نمی‌دهد: پدر، مادر یا سرپرست به جای او رضایت می‌دهد، یا برای طفل بی‌سرپرست تصمیم به نفع عالی طفل ثبت می‌شود.
consent-given-by-guardian = پدر، مادر یا سرپرست ({ $relation })
consent-guardian-relation = نسبت پدر، مادر یا سرپرست
consent-guardian-relation-hint = تنها وقتی که پدر، مادر یا سرپرست رضایت داده باشد.
consent-method = شیوهٔ رضایت
consent-interpreter = ترجمان
consent-interpreter-used = ترجمان کمک کرد
consent-organization-kinds = شریک‌سازی هویت با
consent-organization-kinds-hint = تنها برای رضایت به شریک‌سازی معلومات: انواع اداراتی که می‌توانند هویت شخص را دریافت کنند.
consent-shares-with = با:
consent-state = حالت
consent-valid = معتبر
consent-withdrawn-on = پس گرفته شده در
consent-withdraw = پس گرفتن
consent-withdraw-explained = پس گرفتن رضایت هر آن‌چه را که به آن متکی است فوراً متوقف می‌کند: ارجاع‌ها دیگر هویت شخص را نشان نمی‌دهند و عودت‌هایی که هنوز آغاز نشده‌اند لغو می‌شوند.
consent-already-withdrawn = این رضایت پیش از این پس گرفته شده است.
consent-record-heading = ثبت رضایت
consent-record-button = ثبت رضایت
consent-need = رضایت معتبرِ «{ $kind }»
consent-need-sharing = رضایت معتبر به شریک‌سازی معلومات با { $kinds }
consent-required = هویت شخص تنها با رضایت خودش فرستاده می‌شود. کمبود: { $needs }. نخست رضایت را در بخش «رضایت‌ها» ثبت کنید، یا بدون هویت ارجاع دهید.

## مساعدت‌ها

assistance-none = هیچ مساعدتی ثبت نشده است.
assistance-type = نوع خدمت
assistance-status = وضعیت
assistance-date = تاریخ
assistance-provider = ارائه‌کننده
assistance-cost = هزینه
assistance-cost-hint = اگر هزینه‌ای نبود، خالی بگذارید.
assistance-currency = واحد پول
assistance-budget-line = ردیف بودجه
assistance-budget-line-hint = تنها ردیف‌های کمک‌های مالی که در آن تاریخ جاری‌اند، به واحد پول انتخاب‌شده.
assistance-no-budget-line = هیچ ردیف بودجه‌ای هزینه‌ای با این تاریخ و واحد پول را نمی‌پذیرد.
assistance-not-charged = بر هیچ کمک مالی حساب نشده
assistance-refresh-lines = نمایش ردیف‌های بودجه برای این تاریخ و واحد پول
assistance-description = شرح
assistance-log-heading = ثبت مساعدت
assistance-log-button = ثبت مساعدت
assistance-mark-delivered = ثبت ارائه
assistance-mark-cancelled = لغو کردن
assistance-changed-meanwhile = در مدتی که این صفحه نزد شما باز بود، کسی این خدمت را تغییر داد. آن را به شکل فعلی‌اش بررسی کنید و دوباره کوشش کنید.
assistance-status-not-changed = وضعیت خدمت تغییر داده نشد: در این میان لغو شده است، یا حساب آن بر ردیف بودجه دیگر معتبر نیست.

## یادداشت‌ها

notes-none = هنوز یادداشتی نوشته نشده است.
notes-more = یادداشت‌های قدیمی‌تر نشان داده نشده‌اند.
note-body = یادداشت تازه
note-button = ذخیرهٔ یادداشت

## ارجاع‌ها

referrals-none = این قضیه ارجاع نشده است.
referral-title = ارجاع
referral-purpose = هدف
referral-party = اداره
referral-person = شخص
referral-status = وضعیت
referral-due-date = مهلت
referral-overdue = از موعد گذشته
referral-received-from = دریافت‌شده از { $organization }
referral-sent-to = فرستاده‌شده به { $organization }
referral-to = ادارهٔ دریافت‌کننده
referral-disclosure = آن‌چه به دریافت‌کننده نشان داده می‌شود
referral-disclosure-hint = هویت تنها با رضایت شخص به شریک‌سازی معلومات با آن نوع اداره فرستاده می‌شود — و برای تحقیق یا تعقیب عدلی، با رضایت او به تماس با نهادهای تنفیذ قانون.
referral-urgency = فوریت
referral-message = پیام
referral-message-hint = برای دریافت‌کننده. تنها آن‌چه را که باید بداند بنویسید.
referral-make-heading = ارجاع قضیه
referral-send-button = فرستادن ارجاع
referral-timeline = روند
referral-timeline-empty = هنوز کاری انجام نشده است.

## عودت‌ها

returns-none = برای این شخص هیچ عودتی درخواست نشده است.
return-title = عودت داوطلبانه
return-direction = جهت
return-origin = از
return-destination = به
return-status = وضعیت
return-travel-date = تاریخ سفر
return-history = سابقه
return-case = قضیه
return-case-link = باز کردن دوسیهٔ قضیه
