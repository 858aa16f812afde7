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
error-changed-title = په دې منځ کې بدل شوی
error-changed-text = له هغه وخته چې تاسو دا پرانیست، چا پرې کار کړی، یا اوس دا کار نه کېږي. بیا یې پرانیزئ چې وګورئ په کوم حال کې دی، بیا هڅه وکړئ.
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
problem-ngo-takes-no-law-enforcement = نادولتي موسسه د تحقیق یا عدلي تعقیب لپاره ارجاع نه مني: دا د کورنیو چارو وزارت یا یوه همکار وزارت ته ارجاع کړئ.
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
