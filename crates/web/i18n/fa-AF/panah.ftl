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

## واژه‌نامهٔ سیستم

case-category-victim-of-trafficking = قربانی قاچاق انسان
case-category-presumed-victim = قربانی احتمالی
case-category-vulnerable-migrant = مهاجر آسیب‌پذیر
sex-female = زن
sex-male = مرد
sex-other = دیگر
sex-unknown = معلوم نیست
exploitation-forced-labour = کار اجباری
exploitation-sexual-exploitation = بهره‌کشی جنسی
exploitation-forced-marriage = ازدواج اجباری
exploitation-domestic-servitude = بردگی خانگی
exploitation-forced-begging = گدایی اجباری
exploitation-forced-criminality = وادار کردن به جرم
exploitation-child-recruitment = جذب اطفال توسط گروه‌های مسلح
exploitation-organ-removal = برداشتن اعضای بدن
exploitation-debt-bondage = بردگی به سبب قرض
exploitation-other = دیگر
means-of-control-debt-bondage = بردگی به سبب قرض
means-of-control-takes-earnings = گرفتن درآمد شخص
means-of-control-threats = تهدید شخص یا خانوادهٔ او
means-of-control-psychological-abuse = آزار روانی
means-of-control-physical-abuse = آزار جسمی
means-of-control-sexual-abuse = آزار جنسی
means-of-control-false-promises = وعده‌های دروغ
means-of-control-psychoactive-substances = مواد مخدر و روان‌گردان
means-of-control-restricts-movement = محدود کردن رفت‌وآمد
means-of-control-withholds-documents = نگه داشتن اسناد هویت
means-of-control-withholds-necessities = دریغ کردن نیازمندی‌های اساسی
means-of-control-excessive-working-hours = ساعات کاری بیش از حد
means-of-control-threat-of-authorities = تهدید به معرفی به مقامات
means-of-control-other = دیگر
recruitment-job-offer = پیشنهاد کار
recruitment-marriage-offer = پیشنهاد ازدواج
recruitment-education-offer = پیشنهاد تحصیل
recruitment-travel-offer = پیشنهاد سفر یا مهاجرت
recruitment-family-arrangement = به ترتیب خانواده
recruitment-abduction = اختطاف
recruitment-other = دیگر
recruitment-unknown = معلوم نیست
recruiter-relation-intimate-partner = همسر یا شریک زندگی
recruiter-relation-family-member = عضو خانواده
recruiter-relation-friend-or-acquaintance = دوست یا آشنا
recruiter-relation-employer-or-broker = کارفرما یا دلال
recruiter-relation-stranger = ناآشنا
recruiter-relation-other = دیگر
recruiter-relation-unknown = معلوم نیست
consent-kind-assistance = دریافت مساعدت
consent-kind-data-sharing = شریک‌سازی معلومات
consent-kind-return = عودت
consent-kind-law-enforcement-contact = تماس با نهادهای تنفیذ قانون
consent-giver-person = خود شخص
consent-giver-parent-or-guardian = پدر، مادر یا سرپرست
consent-giver-best-interests-decision = تصمیم به نفع عالی طفل (طفل بی‌سرپرست)
guardian-relation-mother = مادر
guardian-relation-father = پدر
guardian-relation-sibling = برادر یا خواهر
guardian-relation-grandparent = مادرکلان یا پدرکلان
guardian-relation-uncle-or-aunt = کاکا، ماما، عمه یا خاله
guardian-relation-other-relative = خویشاوند دیگر
guardian-relation-legal-guardian = سرپرست تعیین‌شده توسط محکمه یا مقامات
consent-method-written = کتبی (امضا یا شست)
consent-method-verbal = شفاهی
consent-method-recorded = ضبط‌شده (صدا یا ویدیو)
organization-kind-iom = سازمان بین‌المللی مهاجرت
organization-kind-moi-national = وزارت امور داخله (مرکز)
organization-kind-moi-provincial = دفاتر ولایتی وزارت امور داخله
organization-kind-partner-ministry = وزارت‌های همکار
organization-kind-foreign-state = دولت‌های خارجی
organization-kind-donor = تمویل‌کنندگان
assistance-type-shelter = سرپناه
assistance-type-medical = خدمات صحی
assistance-type-psychosocial = حمایت روانی-اجتماعی
assistance-type-legal-counselling = مشورهٔ حقوقی
assistance-type-legal-representation = وکالت حقوقی
assistance-type-food-and-items = مواد غذایی و غیرغذایی
assistance-type-cash = کمک نقدی
assistance-type-education = تعلیم و تحصیل
assistance-type-vocational-training = آموزش حرفه‌ای
assistance-type-livelihood = حمایت معیشتی
assistance-type-family-tracing = جستجوی خانواده
assistance-type-travel-documents = اسناد سفر
assistance-type-transport = ترانسپورت
assistance-type-reintegration-grant = کمک مالی ادغام مجدد
assistance-type-other = دیگر
assistance-status-planned = پلان‌شده
assistance-status-delivered = ارائه‌شده
assistance-status-cancelled = لغوشده
referral-purpose-assistance = مساعدت
referral-purpose-protection = حمایت و محافظت
referral-purpose-investigation = تحقیق
referral-purpose-prosecution = تعقیب عدلی
referral-purpose-return-facilitation = تسهیل عودت
referral-purpose-reintegration = ادغام مجدد
referral-purpose-other = دیگر
referral-status-draft = پیش‌نویس
referral-status-sent = فرستاده‌شده
referral-status-acknowledged = دریافت تأیید شده
referral-status-accepted = پذیرفته‌شده
referral-status-declined = ردشده
referral-status-completed = تکمیل‌شده
referral-status-withdrawn = پس گرفته‌شده
urgency-normal = عادی
urgency-urgent = فوری
disclosure-anonymised = بدون هویت: بدون نام، تماس و سند
disclosure-identity = هویت شخص
timeline-event-send = فرستاده شد
timeline-event-acknowledge = دریافت آن تأیید شد
timeline-event-accept = پذیرفته شد
timeline-event-decline = رد شد
timeline-event-complete = تکمیل شد
timeline-event-withdraw = پس گرفته شد
timeline-event-forward = به دفتر ولایتی فرستاده شد
timeline-event-identity-removed = هویت برداشته شد: رضایت پس گرفته شد
return-status-requested = درخواست‌شده
return-status-counselling = مشوره‌دهی
return-status-documents = اسناد سفر گرفته شد
return-status-fit-to-travel = آمادهٔ سفر از نظر صحی
return-status-travel-booked = سفر رزرو شد
return-status-departed = حرکت کرد
return-status-arrived = رسید
return-status-reintegration = ادغام مجدد
return-status-monitoring = نظارت
return-status-completed = تکمیل‌شده
return-status-cancelled = لغوشده
return-direction-to-afghanistan = به افغانستان
return-direction-from-afghanistan = از افغانستان

## ولایات

province-af-bds = بدخشان
province-af-bdg = بادغیس
province-af-bgl = بغلان
province-af-bal = بلخ
province-af-bam = بامیان
province-af-day = دایکندی
province-af-fra = فراه
province-af-fyb = فاریاب
province-af-gha = غزنی
province-af-gho = غور
province-af-hel = هلمند
province-af-her = هرات
province-af-jow = جوزجان
province-af-kab = کابل
province-af-kan = کندهار
province-af-kap = کاپیسا
province-af-kho = خوست
province-af-knr = کنر
province-af-kdz = کندز
province-af-lag = لغمان
province-af-log = لوگر
province-af-nan = ننگرهار
province-af-nim = نیمروز
province-af-nur = نورستان
province-af-pka = پکتیکا
province-af-pia = پکتیا
province-af-pan = پنجشیر
province-af-par = پروان
province-af-sam = سمنگان
province-af-sar = سرپل
province-af-tak = تخار
province-af-uru = ارزگان
province-af-war = میدان وردک
province-af-zab = زابل

## کشورها

country-af = افغانستان
country-ir = ایران
country-pk = پاکستان
country-tj = تاجیکستان
country-uz = ازبکستان
country-tm = ترکمنستان
country-tr = ترکیه
country-ae = امارات متحدهٔ عربی
country-sa = عربستان سعودی
country-qa = قطر
country-kw = کویت
country-om = عمان
country-bh = بحرین
country-iq = عراق
country-in = هند
country-ru = روسیه
country-kz = قزاقستان
country-gr = یونان
country-de = آلمان
country-gb = بریتانیا

## ادارات

org-iom-af = سازمان بین‌المللی مهاجرت، افغانستان
org-moi = وزارت امور داخله
org-moi-provincial = دفتر ولایتی وزارت امور داخله در { $province }
org-moj = وزارت عدلیه
org-molsa = وزارت کار و امور اجتماعی
org-mowa = وزارت امور زنان
org-morr = وزارت امور مهاجرین و عودت‌کنندگان
org-mofa = وزارت امور خارجه
org-donor-us = دولت ایالات متحدهٔ امریکا
org-donor-it = دولت ایتالیا
