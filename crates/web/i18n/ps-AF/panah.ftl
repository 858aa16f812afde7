# د پناه پاڼې په پښتو. هر انګلیسي پیغام باید دلته هم وي.
# میاشتې د پښتو په لمریزو نومونو: وری، غویی، غبرګولی … کب.

app-name = پناه
skip-to-content = د پاڼې منځپانګې ته ورشئ
nav-label = اصلي لړلیک
nav-dashboard = لومړۍ پاڼه
nav-password = د پټنوم بدلول
sign-out = وتل
language-switch-label = ژبه

## ننوتل

sign-in-title = ننوتل
sign-in-intro = په هغه حساب ننوځئ چې ستاسو ادارې درکړی دی.
field-username = کارن نوم
field-password = پټنوم
sign-in-button = ننوتل
sign-in-wrong = کارن نوم یا پټنوم ناسم دی.
sign-in-too-many = ډېرې ناکامې هڅې شوې دي. څو دقیقې صبر وکړئ، بیا هڅه وکړئ.
sign-in-busy = سرور بوخت دی. یوه شېبه وروسته بیا هڅه وکړئ.

## پټنوم

password-title = خپل پټنوم بدل کړئ
password-required-notice = دا یو ځلی پټنوم دی. مخکې له دې چې دوام ورکړئ، خپل پټنوم وټاکئ.
password-hint = لږ تر لږه ۱۲ توري. څو بې اړیکې کلمې په اسانۍ یادېږي او په سختۍ اټکل کېږي.
field-current-password = اوسنی پټنوم
field-new-password = نوی پټنوم
field-new-password-again = نوی پټنوم بیا
password-button = پټنوم بدل کړئ
password-changed-notice = ستاسو پټنوم بدل شو. له نورو ناستو څخه ووتلئ.
form-has-problems = ځینې ځوابونه سمون ته اړتیا لري. هره ستونزه د خپل ځای تر څنګ ښودل شوې ده.

## د ځایونو ستونزې

problem-invalid = دا ارزښت نه منل کېږي. وې ګورئ او بیا هڅه وکړئ.
problem-not-current-password = دا ستاسو اوسنی پټنوم نه دی.
problem-password-too-short = پټنوم باید لږ تر لږه ۱۲ توري ولري.
problem-password-too-long = پټنوم باید تر ۱۲۸ تورو زیات نه وي.
problem-password-common = دا پټنوم ډېر عام دی. داسې یو وټاکئ چې هېڅوک یې اټکل نه کړي.
problem-password-contains-username = پټنوم باید ستاسو کارن نوم ونه لري.
problem-password-unchanged = نوی پټنوم باید له اوسني سره توپیر ولري.
problem-passwords-differ = دواړه نوي پټنومونه یو شان نه دي. یو پټنوم دوه ځله ولیکئ.
problem-too-many-attempts = ډېر ناسم پټنومونه ولیکل شول. څو دقیقې صبر وکړئ، بیا هڅه وکړئ.

## لومړۍ پاڼه

dashboard-title = لومړۍ پاڼه
dashboard-greeting = ښه راغلاست، { $name }
dashboard-my-cases = زما پرانیستې او فعالې قضیې
dashboard-no-cases = تاسو ته هېڅ پرانیستې یا فعاله قضیه نه ده سپارل شوې.
dashboard-more-cases = تاسو ته تر دې زیاتې قضیې سپارل شوې چې دلته ښودل شوې دي.
dashboard-nothing-yet = اوس مهال دلته ستاسو لپاره هېڅ کار نشته.
case-number = د قضیې شمېره
case-category = ډول
case-status = حالت
case-identified-on = د پېژندنې نېټه
case-status-open = پرانیستې
case-status-active = فعاله
case-status-closed = تړل شوې

## د تېروتنې پاڼې

error-not-found-title = پاڼه ونه موندل شوه
error-not-found-text = دا پاڼه نشته، یا تاسو د لیدو اجازه نه لرئ.
error-forbidden-title = اجازه نشته
error-forbidden-text = تاسو د دې کار اجازه نه لرئ. که د پناه له کوم فورم څخه راغلي یاست، بېرته ولاړ شئ، پاڼه بیا پرانیزئ او بیا هڅه وکړئ.
error-bad-request-title = غوښتنه ونه پوهېدل شوه
error-bad-request-text = سرور پر هغه څه ونه پوهېد چې ولېږل شول. بېرته ولاړ شئ او بیا هڅه وکړئ.
error-unavailable-title = پناه بوخت دی
error-unavailable-text = پناه اوس ځواب نه شي ورکولای. یوه شېبه صبر وکړئ او بیا هڅه وکړئ.
error-internal-title = یوه ستونزه پېښه شوه
error-internal-text = پناه ونه شو کولای دا پاڼه وښيي. که بیا پېښه شوه، دا د تېروتنې شمېره خپل مدیر ته ورکړئ.
error-id-label = د تېروتنې شمېره:
error-home-link = لومړۍ پاڼې ته ورشئ

## د لمریز هجري کال میاشتې، په پښتو

solar-month-1 = وری
solar-month-2 = غویی
solar-month-3 = غبرګولی
solar-month-4 = چنګاښ
solar-month-5 = زمری
solar-month-6 = وږی
solar-month-7 = تله
solar-month-8 = لړم
solar-month-9 = لیندۍ
solar-month-10 = مرغومی
solar-month-11 = سلواغه
solar-month-12 = کب

## لړلیک

nav-cases = قضیې
nav-register = د قضیې ثبتول

## فورمونه

field-required = اړین
# هره بېلګه نېټه په یوه کیڼ‌ څخه ښي ته جلاکوونکي (U+2066 … U+2069) کې ده، چې برخې یې په ښي څخه کیڼ ته جمله کې سرچپه نه شي.
date-hint = کال-میاشت-ورځ، لمریز هجري ({"\u2066"}۱۴۰۵-۰۱-۱۵{"\u2069"}) یا میلادي ({"\u2066"}2026-04-04{"\u2069"}).
choose-one = وټاکئ…
not-recorded = نه دی ثبت شوی
not-applicable = اړوند نه دی
answer-yes = هو
answer-no = نه
answer-not-known = معلوم نه دی
answer-not-recorded = نه دی ثبت شوی
list-separator = {"، "}
list-more = تر دې زیات شته چې دلته ښودل شوي دي.
list-next-page = بله پاڼه
go-to-form = فورم ته ورشئ
recorded-by = د { $name } له خوا ثبت شوی
filter-any = ټول
filter-button = وښیه

## د ځایونو ستونزې

problem-choose-one = له انتخابونو څخه یو وټاکئ.
problem-required = د دې ځای ډکول اړین دي.
problem-too-long = دا متن ډېر اوږد دی.
problem-control-characters = په دې متن کې داسې توري دي چې نه خوندي کېږي. پرته له هغو یې بیا ولیکئ.
problem-date-unreadable = دا نېټه نه ده. کال-میاشت-ورځ ولیکئ، لکه {"\u2066"}۱۴۰۵-۰۱-۱۵{"\u2069"} یا {"\u2066"}2026-04-04{"\u2069"}.
problem-number-unreadable = یو بشپړ عدد ولیکئ، لکه ۱۷.
problem-amount-unreadable = دا مبلغ نه دی. په عددونو یې ولیکئ، لکه ۱۲۵۰٫۵۰.
problem-country-unreadable = د هېوادونو دوه توریز کوډونه په کامې سره جلا ولیکئ، لکه QA, OM.
problem-currency-required = د لګښت اسعار وټاکئ.
problem-currency-mismatch = د دې بودیجې کرښې مرسته په { $currency } ده: لګښت په { $currency } ولیکئ، یا بله کرښه وټاکئ.
problem-in-future = دا نېټه په راتلونکي کې ده.
problem-in-past = دا نېټه تېره شوې ده.
problem-unknown-organization = له لړلیک څخه یوه اداره وټاکئ.
problem-own-organization = له خپلې ادارې پرته بله اداره وټاکئ.
problem-donor-takes-no-referrals = تمویلوونکی ارجاع نه مني.
problem-ministry-refers-to-iom = وزارتونه خلک یوازې د کډوالۍ نړیوال سازمان ته راجع کوي.
problem-search-term-required = لږ تر لږه د لټون یو توکی ولیکئ.
problem-not-assignable = یو فعال د قضیې کارکوونکی وټاکئ.
problem-negative-amount = لګښت منفي نه شي کېدای.
problem-organization-kinds-required = لږ تر لږه د ادارې یو ډول په نښه کړئ چې شخص ورسره د خپل هویت په شریکولو موافق دی.
problem-organization-kinds-not-allowed = یوازې د معلوماتو د شریکولو رضایت د ادارو ډولونه نوموي: نښې لرې کړئ، یا د معلوماتو شریکول وټاکئ.
problem-minor-consents-alone = شخص په هغه ورځ تر ۱۸ کلونو کم و او یوازې رضایت نه شي ورکولای: هغه مور، پلار یا سرپرست چې رضایت یې ورکړ، یا د ماشوم د غوره ګټې پرېکړه ثبت کړئ.
problem-best-interests-for-adult = د ماشوم د غوره ګټې پرېکړه یوازې تر ۱۸ کلونو کم ماشوم ته ده.
problem-guardian-relation-required = ووایاست چې مور، پلار یا سرپرست له شخص سره څه اړیکه لري.
problem-guardian-relation-not-allowed = اړیکه یوازې هغه وخت لیکل کېږي چې مور، پلار یا سرپرست رضایت ورکړی وي: «اړوند نه دی» وټاکئ.
problem-unknown-budget-line = له لړلیک څخه د بودیجې یوه کرښه وټاکئ.
problem-cost-required-for-charge = د بودیجې پر کرښه د حسابولو لپاره لګښت ولیکئ.
problem-outside-grant-period = دا نېټه د مرستې له مودې بهر ده: نېټه وګورئ، یا د بودیجې بله کرښه وټاکئ.
problem-born-after-identification = د زېږون نېټه باید د پېژندنې له نېټې مخکې وي.
problem-age-out-of-range = اټکلي عمر باید د ۰ او ۱۲۰ ترمنځ وي.

## لومړۍ پاڼه: پاتې کارونه

dashboard-assistance-due = پلان شوې مرستې چې وخت یې رسېدلی
dashboard-no-assistance-due = ستاسو په قضیو کې د هېڅ پلان شوې مرستې وخت نه دی رسېدلی.
dashboard-overdue = هغه ارجاعات چې موده یې تېره شوې
dashboard-awaiting = ترلاسه شوي ارجاعات چې د اقدام په تمه دي
dashboard-none-awaiting = هېڅ ترلاسه شوی ارجاع د اقدام په تمه نه دی.
dashboard-all-cases-link = ټول یې وګورئ

## قضیې

case-province = ولایت
case-province-hint = هغه ځای چې شخص پکې وپېژندل شو. د قضیې شمېره هم ورڅخه اخیستل کېږي.
case-identified-by = پېژندونکې اداره
case-assigned-to = د قضیې کارکوونکی
case-assigned-to-colleague = بل د قضیې کارکوونکی
case-unassigned = نه ده سپارل شوې
case-move-active = قضیه فعاله کړئ
case-move-closed = قضیه وتړئ
case-move-open = قضیه بیا پرانیزئ
case-assign-button = سپارل
case-no-moves = دلته ستاسو لپاره د بدلولو څه نشته.
case-changed-meanwhile = کله چې دا قضیه تاسو پرانیستې وه، چا بدله کړه. په اوسني حالت یې وګورئ، بیا هڅه وکړئ.
case-move-not-allowed = د حالت دا بدلون اوس نه دی جواز.
cases-title = قضیې
search-heading = د یو شخص د قضیې موندل
search-intro = یو یا څو توکي ولیکئ: هر یو باید سم برابر وي (نوم په هر یو لیکدود). هر لټون او هر موندل شوی شخص د څارنې په کتاب کې ثبتېږي.
search-button = لټون
search-results = موندل شوې قضیې
search-found = موندل شوې قضیې: { $count }
search-nothing-found = هېڅ قضیه له دې توکو سره برابره نه ده.
cases-list = د قضیو لړلیک
cases-none = هېڅ قضیه له دې فلټرونو سره برابره نه ده.

## شخص

person-names = نومونه
person-given-name = نوم
person-family-name = تخلص
person-fathers-name = د پلار نوم
person-other-script-given-name = نوم په دویم لیکدود
person-other-script-family-name = تخلص په دویم لیکدود
person-other-script-hint = نوم په لاتیني تورو د عربي لیکدود د نوم تر څنګ، یا برعکس. لټون دواړه پیدا کوي.
person-other-script-names = نومونه په دویم لیکدود
person-sex = جنسیت
person-date-of-birth = د زېږون نېټه
person-estimated-age = اټکلي عمر
person-estimated-age-hint = کله چې د زېږون نېټه معلومه نه وي: د پېژندنې په ورځ د شخص عمر په کلونو.
person-age-group = د عمر ډله
person-citizenship = تابعیت
person-phone = د تلیفون شمېره
person-address = پته
person-document-number = د سند شمېره
countries-named = د سیمې هېوادونه
countries-other = نور هېوادونه

## د قضیې ثبتول

register-title = د قضیې ثبتول
register-intro = د قضیې شمېره د ثبت پر مهال ورکول کېږي. نومونه او شمېرې کوډ شوې ساتل کېږي.
register-case = قضیه
register-person = شخص
register-trafficking = د قاچاق ځانګړنې
register-button = قضیه ثبت کړئ
trafficking-exploitation-types = د استثمار ډولونه
trafficking-means-of-control = د کنټرول لارې
trafficking-recruitment = د جذب لاره
trafficking-relationship-to-recruiter = له جذبوونکي سره اړیکه
trafficking-countries-of-exploitation = د استثمار هېوادونه
trafficking-other-countries = د استثمار نور هېوادونه
trafficking-other-countries-hint = دوه توریز کوډونه په کامې جلا، لکه QA, OM.
trafficking-cross-border = ایا له پولې تېر شوي دي؟

## د قضیې دوسیه

case-file-title = قضیه
case-file-contents = په دې پاڼه کې
case-file-person = شخص
case-file-identity-audited = د دې پاڼې هر ځل پرانیستل د څارنې په کتاب کې ثبتېږي.
case-file-status = حالت او د قضیې کارکوونکی
case-file-consents = رضایتونه
case-file-assistance = مرستې
case-file-notes = یادښتونه
case-file-referrals = ارجاعات
case-file-returns = بېرته ستنېدنې
saved-case = قضیه ثبت شوه.
saved-status = د قضیې حالت بدل شو.
saved-assignee = قضیه وسپارل شوه.
saved-consent = رضایت ثبت شو.
saved-withdrawn = رضایت بېرته واخیستل شو.
saved-assistance = مرسته ثبت شوه.
saved-service = د خدمت حالت بدل شو.
saved-note = یادښت خوندي شو.
saved-referral = ارجاع ولېږل شو.

## رضایتونه

consents-none = هېڅ رضایت نه دی ثبت شوی.
consent-kind = رضایت
consent-given-on = د رضایت نېټه
consent-given-by = رضایت ورکوونکی
consent-given-by-hint = تر ۱۸ کلونو کم شخص هېڅکله یوازې رضایت نه ورکوي: مور، پلار یا سرپرست یې پر ځای رضایت ورکوي، یا د بې سرپرسته ماشوم لپاره د غوره ګټې پرېکړه ثبتېږي.
consent-given-by-guardian = مور، پلار یا سرپرست ({ $relation })
consent-guardian-relation = د مور، پلار یا سرپرست اړیکه
consent-guardian-relation-hint = یوازې کله چې مور، پلار یا سرپرست رضایت ورکړی وي.
consent-method = د رضایت بڼه
consent-interpreter = ژباړن
consent-interpreter-used = ژباړن مرسته وکړه
consent-organization-kinds = د هویت شریکول له
consent-organization-kinds-hint = یوازې د معلوماتو د شریکولو رضایت لپاره: د ادارو هغه ډولونه چې د شخص هویت ترلاسه کولای شي.
consent-shares-with = له:
consent-state = حالت
consent-valid = معتبر
consent-withdrawn-on = بېرته اخیستل شوی په
consent-withdraw = بېرته اخیستل
consent-withdraw-explained = د رضایت بېرته اخیستل هر هغه څه سمدلاسه دروي چې پرې تکیه لري: ارجاعات نور د شخص هویت نه ښيي، او هغه بېرته ستنېدنې چې لا نه دي پیل شوې لغوه کېږي.
consent-already-withdrawn = دا رضایت مخکې بېرته اخیستل شوی دی.
consent-record-heading = د رضایت ثبتول
consent-record-button = رضایت ثبت کړئ
consent-need = د «{ $kind }» معتبر رضایت
consent-need-sharing = له { $kinds } سره د معلوماتو د شریکولو معتبر رضایت
consent-required = د شخص هویت یوازې د هغه په رضایت لېږل کېږي. کمښت: { $needs }. لومړی رضایت د «رضایتونه» برخه کې ثبت کړئ، یا پرته له هویته ارجاع ورکړئ.

## مرستې

assistance-none = هېڅ مرسته نه ده ثبت شوې.
assistance-type = د خدمت ډول
assistance-status = حالت
assistance-date = نېټه
assistance-provider = وړاندې کوونکی
assistance-cost = لګښت
assistance-cost-hint = که لګښت نه و، تش یې پرېږدئ.
assistance-currency = اسعار
assistance-budget-line = د بودیجې کرښه
assistance-budget-line-hint = یوازې د هغو مرستو کرښې چې په هغه نېټه روانې دي، په ټاکل شوي اسعارو.
assistance-no-budget-line = د بودیجې هېڅ کرښه د دې نېټې او اسعارو لګښت نه مني.
assistance-not-charged = پر هېڅ مرسته نه دی حساب شوی
assistance-refresh-lines = د دې نېټې او اسعارو لپاره د بودیجې کرښې وښیه
assistance-description = تشریح
assistance-log-heading = د مرستې ثبتول
assistance-log-button = مرسته ثبت کړئ
assistance-mark-delivered = ورکړه ثبت کړئ
assistance-mark-cancelled = لغوه کول
assistance-changed-meanwhile = کله چې دا پاڼه تاسو پرانیستې وه، چا دا خدمت بدل کړ. په اوسني حالت یې وګورئ، بیا هڅه وکړئ.
assistance-status-not-changed = د خدمت حالت بدل نه شو: په دې منځ کې لغوه شوی، یا د بودیجې پر کرښه یې حساب نور معتبر نه دی.

## یادښتونه

notes-none = لا هېڅ یادښت نه دی لیکل شوی.
notes-more = زاړه یادښتونه نه دي ښودل شوي.
note-body = نوی یادښت
note-button = یادښت خوندي کړئ

## ارجاعات

referrals-none = دا قضیه نه ده راجع شوې.
referral-title = ارجاع
referral-purpose = موخه
referral-party = اداره
referral-person = شخص
referral-status = حالت
referral-due-date = وروستۍ نېټه
referral-overdue = موده تېره شوې
referral-received-from = له { $organization } څخه ترلاسه شوی
referral-sent-to = { $organization } ته لېږل شوی
referral-to = ترلاسه کوونکې اداره
referral-disclosure = هغه څه چې ترلاسه کوونکي ته ښودل کېږي
referral-disclosure-hint = هویت یوازې د شخص په رضایت لېږل کېږي چې له هغه ډول ادارې سره معلومات شریک شي — او د تحقیق یا عدلي تعقیب لپاره، د قانون پلي کوونکو ادارو سره د اړیکې په رضایت.
referral-urgency = بېړه
referral-message = پیغام
referral-message-hint = ترلاسه کوونکي ته. یوازې هغه څه ولیکئ چې باید پرې پوه شي.
referral-make-heading = د قضیې ارجاع
referral-send-button = ارجاع ولېږئ
referral-timeline = بهیر
referral-timeline-empty = لا څه نه دي شوي.

## بېرته ستنېدنې

returns-none = د دې شخص لپاره هېڅ بېرته ستنېدنه نه ده غوښتل شوې.
return-title = داوطلبانه بېرته ستنېدنه
return-direction = لوری
return-origin = له
return-destination = ته
return-status = حالت
return-travel-date = د سفر نېټه
return-history = مخینه
return-case = قضیه
return-case-link = د قضیې دوسیه پرانیزئ

## د سیسټم وییپانګه

case-category-victim-of-trafficking = د قاچاق قرباني
case-category-presumed-victim = احتمالي قرباني
case-category-vulnerable-migrant = زیانمن کډوال
sex-female = ښځه
sex-male = نارینه
sex-other = نور
sex-unknown = معلوم نه دی
exploitation-forced-labour = جبري کار
exploitation-sexual-exploitation = جنسي استثمار
exploitation-forced-marriage = جبري واده
exploitation-domestic-servitude = کورنۍ مریتوب
exploitation-forced-begging = جبري ګدايي
exploitation-forced-criminality = جرم ته اړ ایستل
exploitation-child-recruitment = د وسله والو ډلو له خوا د ماشومانو جذب
exploitation-organ-removal = د بدن د غړو ایستل
exploitation-debt-bondage = د پور له امله مریتوب
exploitation-other = نور
means-of-control-debt-bondage = د پور له امله مریتوب
means-of-control-takes-earnings = د شخص د عاید اخیستل
means-of-control-threats = شخص یا د هغه کورنۍ ته ګواښ
means-of-control-psychological-abuse = رواني ځورونه
means-of-control-physical-abuse = فزیکي ځورونه
means-of-control-sexual-abuse = جنسي ځورونه
means-of-control-false-promises = دروغجنې ژمنې
means-of-control-psychoactive-substances = نشه يي او رواني توکي
means-of-control-restricts-movement = د تګ راتګ محدودول
means-of-control-withholds-documents = د هویت د اسنادو ساتل
means-of-control-withholds-necessities = له اړتیاوو منع کول
means-of-control-excessive-working-hours = له حده زیات کاري ساعتونه
means-of-control-threat-of-authorities = چارواکو ته د ورپېژندلو ګواښ
means-of-control-other = نور
recruitment-job-offer = د کار وړاندیز
recruitment-marriage-offer = د واده وړاندیز
recruitment-education-offer = د زده کړې وړاندیز
recruitment-travel-offer = د سفر یا کډوالۍ وړاندیز
recruitment-family-arrangement = د کورنۍ په تنظیم
recruitment-abduction = تښتونه
recruitment-other = نور
recruitment-unknown = معلوم نه دی
recruiter-relation-intimate-partner = د ژوند ملګری
recruiter-relation-family-member = د کورنۍ غړی
recruiter-relation-friend-or-acquaintance = ملګری یا اشنا
recruiter-relation-employer-or-broker = کارګمارونکی یا دلال
recruiter-relation-stranger = ناآشنا
recruiter-relation-other = نور
recruiter-relation-unknown = معلوم نه دی
consent-kind-assistance = د مرستې ترلاسه کول
consent-kind-data-sharing = د معلوماتو شریکول
consent-kind-return = بېرته ستنېدنه
consent-kind-law-enforcement-contact = د قانون پلي کوونکو ادارو سره اړیکه
consent-giver-person = پخپله شخص
consent-giver-parent-or-guardian = مور، پلار یا سرپرست
consent-giver-best-interests-decision = د ماشوم د غوره ګټې پرېکړه (بې سرپرسته ماشوم)
guardian-relation-mother = مور
guardian-relation-father = پلار
guardian-relation-sibling = ورور یا خور
guardian-relation-grandparent = انا یا نیکه
guardian-relation-uncle-or-aunt = تره، ماما، عمه یا تروره
guardian-relation-other-relative = بل خپلوان
guardian-relation-legal-guardian = د محکمې یا چارواکو له خوا ټاکل شوی سرپرست
consent-method-written = لیکلی (لاسلیک یا ګوتې نښه)
consent-method-verbal = خولې
consent-method-recorded = ثبت شوی (غږ یا ویډیو)
organization-kind-iom = د کډوالۍ نړیوال سازمان
organization-kind-moi-national = د کورنیو چارو وزارت (مرکز)
organization-kind-moi-provincial = د کورنیو چارو وزارت ولایتي دفترونه
organization-kind-partner-ministry = همکار وزارتونه
organization-kind-foreign-state = بهرني دولتونه
organization-kind-donor = تمویلوونکي
assistance-type-shelter = سرپناه
assistance-type-medical = روغتیايي خدمات
assistance-type-psychosocial = رواني-ټولنیز ملاتړ
assistance-type-legal-counselling = حقوقي مشوره
assistance-type-legal-representation = حقوقي استازیتوب
assistance-type-food-and-items = خوراکي او نا خوراکي توکي
assistance-type-cash = نغدي مرسته
assistance-type-education = زده کړه
assistance-type-vocational-training = مسلکي روزنه
assistance-type-livelihood = د معیشت ملاتړ
assistance-type-family-tracing = د کورنۍ لټون
assistance-type-travel-documents = د سفر اسناد
assistance-type-transport = ټرانسپورټ
assistance-type-reintegration-grant = د بیا یوځای کېدو مالي مرسته
assistance-type-other = نور
assistance-status-planned = پلان شوې
assistance-status-delivered = ورکړل شوې
assistance-status-cancelled = لغوه شوې
referral-purpose-assistance = مرسته
referral-purpose-protection = ساتنه
referral-purpose-investigation = تحقیق
referral-purpose-prosecution = عدلي تعقیب
referral-purpose-return-facilitation = د بېرته ستنېدو اسانتیا
referral-purpose-reintegration = بیا یوځای کېدل
referral-purpose-other = نور
referral-status-draft = مسوده
referral-status-sent = لېږل شوی
referral-status-acknowledged = ترلاسه کېدل یې تایید شوی
referral-status-accepted = منل شوی
referral-status-declined = رد شوی
referral-status-completed = بشپړ شوی
referral-status-withdrawn = بېرته اخیستل شوی
urgency-normal = عادي
urgency-urgent = بېړنی
disclosure-anonymised = پرته له هویته: نه نوم، نه اړیکه، نه سند
disclosure-identity = د شخص هویت
timeline-event-send = ولېږل شو
timeline-event-acknowledge = ترلاسه کېدل یې تایید شو
timeline-event-accept = ومنل شو
timeline-event-decline = رد شو
timeline-event-complete = بشپړ شو
timeline-event-withdraw = بېرته واخیستل شو
timeline-event-forward = ولایتي دفتر ته ولېږل شو
timeline-event-identity-removed = هویت لرې شو: رضایت بېرته واخیستل شو
return-status-requested = غوښتل شوې
return-status-counselling = مشوره ورکول
return-status-documents = د سفر اسناد واخیستل شول
return-status-fit-to-travel = روغتیايي پلوه د سفر وړ
return-status-travel-booked = سفر بوک شو
return-status-departed = روان شو
return-status-arrived = ورسېد
return-status-reintegration = بیا یوځای کېدل
return-status-monitoring = څارنه
return-status-completed = بشپړ شوې
return-status-cancelled = لغوه شوې
return-direction-to-afghanistan = افغانستان ته
return-direction-from-afghanistan = له افغانستان څخه

## ولایتونه

province-af-bds = بدخشان
province-af-bdg = بادغیس
province-af-bgl = بغلان
province-af-bal = بلخ
province-af-bam = بامیان
province-af-day = دایکنډي
province-af-fra = فراه
province-af-fyb = فاریاب
province-af-gha = غزني
province-af-gho = غور
province-af-hel = هلمند
province-af-her = هرات
province-af-jow = جوزجان
province-af-kab = کابل
province-af-kan = کندهار
province-af-kap = کاپیسا
province-af-kho = خوست
province-af-knr = کونړ
province-af-kdz = کندز
province-af-lag = لغمان
province-af-log = لوګر
province-af-nan = ننګرهار
province-af-nim = نیمروز
province-af-nur = نورستان
province-af-pka = پکتیکا
province-af-pia = پکتیا
province-af-pan = پنجشیر
province-af-par = پروان
province-af-sam = سمنګان
province-af-sar = سرپل
province-af-tak = تخار
province-af-uru = ارزګان
province-af-war = میدان وردګ
province-af-zab = زابل

## هېوادونه

country-af = افغانستان
country-ir = ایران
country-pk = پاکستان
country-tj = تاجکستان
country-uz = ازبکستان
country-tm = ترکمنستان
country-tr = ترکیه
country-ae = متحده عربي امارات
country-sa = سعودي عربستان
country-qa = قطر
country-kw = کویټ
country-om = عمان
country-bh = بحرین
country-iq = عراق
country-in = هند
country-ru = روسیه
country-kz = قزاقستان
country-gr = یونان
country-de = جرمني
country-gb = بریتانیا

## ادارې

org-iom-af = د کډوالۍ نړیوال سازمان، افغانستان
org-moi = د کورنیو چارو وزارت
org-moi-provincial = په { $province } کې د کورنیو چارو وزارت ولایتي دفتر
org-moj = د عدلیې وزارت
org-molsa = د کار او ټولنیزو چارو وزارت
org-mowa = د ښځو چارو وزارت
org-morr = د کډوالو او راستنېدونکو چارو وزارت
org-mofa = د بهرنیو چارو وزارت
org-donor-us = د امریکا متحده ایالاتو حکومت
org-donor-it = د ایټالیا حکومت
