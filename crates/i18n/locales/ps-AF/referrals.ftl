# پناه په پښتو: د ارجاع د پاڼو پیغامونه. هر انګلیسي پیغام باید دلته هم وي.

nav-referrals = ارجاعات

## لړلیک

referrals-title = ارجاعات
referrals-boxes = ترلاسه شوي او لېږل شوي
referrals-inbox = ترلاسه شوي
referrals-outbox = لېږل شوي
referrals-province = د شخص ولایت
referrals-all = ارجاعات
referrals-others = نور ارجاعات
referrals-none-found = هېڅ ارجاع له دې فلټرونو سره برابر نه دی.

## یو ارجاع

referral-from = له
referral-to-organization = ته
referral-receiver-reference = د ترلاسه کوونکي د مرجع شمېره
referral-created-on = د جوړېدو نېټه
referral-updated-on = وروستی بدلون
referral-consent-given-on = هغه نېټه چې شخص ارجاع ته رضایت ورکړ
referral-identity = هویت
referral-no-identity = دا ارجاع د شخص هویت نه ښيي.
referral-actions = هغه څه چې تاسو یې کولی شئ
referral-no-actions = اوس په دې ارجاع کې ستاسو لپاره هېڅ کار نشته.
referral-comment = تبصره
referral-comment-hint = بله اداره یې لولي. د ردولو لپاره اړین دی: لامل یې ولیکئ.
referral-saved = ترسره شو. د ارجاع حالت اوس: { $status }.
referral-changed-meanwhile = کله چې دا ارجاع تاسو پرانیستی و، بدل شو او دا کار نور شونی نه دی. په اوسني حالت یې وګورئ.
referral-forward-heading = ولایتي دفتر ته لېږل
referral-forward-to = ولایتي دفتر
referral-forward-button = ارجاع ولېږئ
referral-reference-heading = ستاسو د دفتر د مرجع شمېره
referral-reference-hint = د دې ارجاع لپاره ستاسو خپله د دوسیې شمېره، لکه د وزارت د ثبت شمېره. د لرې کولو لپاره یې تش پرېږدئ.
referral-reference-button = د مرجع شمېره خوندي کړئ
referral-reference-saved = خوندي شو. دا ارجاع اوس ستاسو د مرجع شمېره لري.
referral-reference-changed-meanwhile = کله چې دا ارجاع تاسو پرانیستی و، بدل شو. په اوسني حالت یې وګورئ، بیا د مرجع شمېره بیا ولېږئ.
referral-action-send = ولېږئ
referral-action-acknowledge = ترلاسه کېدل یې تایید کړئ
referral-action-accept = ومنئ
referral-action-decline = رد یې کړئ
referral-action-complete = بشپړ یې وښایئ
referral-action-withdraw = بېرته یې واخلئ
referral-action-forward = ولایتي دفتر ته یې ولېږئ
referral-new-link = یو نوی پېژندل شوی شخص د کډوالۍ نړیوال سازمان ته راجع کړئ
referrals-saved-new = ارجاع د کډوالۍ نړیوال سازمان ته ولېږل شو.

## د یو نوي پېژندل شوي شخص ارجاع د کډوالۍ نړیوال سازمان ته

referral-new-title = یو شخص د کډوالۍ نړیوال سازمان ته راجع کړئ
referral-new-intro = د هغه احتمالي قرباني لپاره چې ستاسو ادارې پېژندلی او لا د کډوالۍ نړیوال سازمان سره قضیه نه لري. د کډوالۍ نړیوال سازمان یوازې هغه څه ترلاسه کوي چې ارجاع یې ښيي: پرته له هویته، یا د شخص هویت که یې ارجاع ته رضایت ورکړی وي. نومونه او شمېرې کوډ شوې ساتل کېږي.
referral-new-referral = ارجاع
referral-new-province = د پېژندنې ولایت
referral-new-consent = رضایت او هغه څه چې د کډوالۍ نړیوال سازمان ته ښودل کېږي
referral-new-disclosure-hint = هویت یوازې هغه وخت لېږل کېږي چې شخص ارجاع ته رضایت ورکړی وي: د رضایت نېټه لاندې ولیکئ.
referral-new-consent-hint = د هویت لېږلو لپاره اړینه ده. له ۱۸ کلونو کم عمر لرونکی شخص هېڅکله یوازې رضایت نه ورکوي.
referral-new-consent-required = هغه نېټه ولیکئ چې شخص ارجاع ته رضایت ورکړ، یا ارجاع پرته له هویته ولېږئ.
referral-new-button = ارجاع د کډوالۍ نړیوال سازمان ته ولېږئ
