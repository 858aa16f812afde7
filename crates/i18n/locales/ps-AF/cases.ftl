# پناه په پښتو. هر انګلیسي پیغام باید دلته هم وي.

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
