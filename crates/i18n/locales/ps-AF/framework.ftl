# پناه په پښتو: د همکارۍ د چوکاټ نورې پاڼې — قضايي بهیرونه، روزنې او د پوهاوي فعالیتونه. د دې فایل هر پیغام باید په en او fa-AF کې هم وي.

nav-proceedings = قضايي بهیرونه
nav-trainings = روزنې
nav-awareness = پوهاوی

## قوانین

law-lkht-2008 = د اختطاف او انسان قاچاق پر وړاندې د مبارزې قانون (۱۳۸۷)
law-ctip-2017 = د انسان قاچاق او د کډوالو د قاچاق پر وړاندې د مبارزې قانون (۱۳۹۶)

## قضايي بهیرونه

proceedings-title = قضايي بهیرونه
proceedings-intro = هغه جنايي قضیې چې د پناه تر مرستې لاندې کسانو پسې راځي: د کوم قانون له مخې، چېرته او تر کوم پړاو. د هېڅ تورن نوم نه ثبتېږي، یوازې د تورنو شمېر.
proceedings-listed = بهیرونه
proceedings-none = هېڅ قضايي بهیر سمون نه لري.
proceeding-title = قضايي بهیر
proceeding-law = قانون
proceeding-articles = مادې
proceeding-article = { $number } ماده
proceeding-articles-of = د { $law } مادې
proceeding-articles-hint = د پورته ټاکل شوي قانون هغه مادې په نښه کړئ چې په تور کې راغلې دي.
proceeding-stage = پړاو
proceeding-outcome = پایله
proceeding-no-outcome = بې پایلې
proceeding-outcome-hint = د حکم لپاره د محکمې پایله اړینه ده. د تړلو پر مهال کولی شئ د قضیې ردول یا د استیناف پایله ثبت کړئ.
proceeding-reported-on = د راپور نېټه
proceeding-province = ولایت
proceeding-accused-count = د تورنو شمېر
proceeding-accused-count-hint = که معلوم وي، څو کسان تورن شوي دي. هېڅکله یې نومونه نه.
proceeding-testified = د قرباني شاهدي
proceeding-testified-yes = قرباني شاهدي ورکړه
proceeding-legal-aid = حقوقي مرسته
proceeding-legal-aid-yes = قرباني حقوقي مرسته درلوده
proceeding-opened-on = د پیل نېټه
proceeding-updated-on = وروستی بدلون
proceeding-case-file = د قضیې دوسیه
proceeding-moves = بل پړاو ته وړل
proceeding-no-moves = داسې پړاو نشته چې تاسو دا بهیر ورته یوسئ.
proceeding-comment = نظر
proceeding-history = تاریخچه
proceeding-saved-opened = بهیر د «راپور شوی» په پړاو کې پیل شو.
proceeding-saved-moved = وشو. بهیر اوس په دې پړاو کې دی: { $stage }.
proceeding-changed-meanwhile = چا دا بهیر بل پړاو ته یوړ کله چې تاسو دا پاڼه لوستله. اوسنی حالت یې دا دی.
proceeding-new-link = د یو قضايي بهیر پیلول
proceeding-new-title = د یو قضايي بهیر پیلول
proceeding-back-to-case = د قضیې دوسیې ته بېرته
proceeding-referral = هغه راجع کول چې بهیر یې پسې راځي
proceeding-no-referral = هېڅ
proceeding-referral-hint = د دې قضیې راجع کول د تحقیق یا عدلي تعقیب لپاره: هغه اداره چې ترلاسه کړی یې دی، بهیر هم تعقیبوي.
proceeding-open-button = بهیر پیلول
case-file-proceedings = قضايي بهیرونه
problem-article-of-another-law = دا ماده د بل قانون ده: نښه یې لرې کړئ، یا یې قانون وټاکئ.

## روزنې او د پوهاوي فعالیتونه

activity-province = ولایت
activity-cost = لګښت
activity-currency = د لګښت اسعار
activity-cost-heading = لګښت
activity-budget-line = د بودیجې هغه کرښه چې لګښت پرې شوی
activity-budget-line-hint = د یوې مالي مرستې کرښه د لګښت په اسعارو، چې موده یې دا نېټه ونیسي.
activity-changed-meanwhile = چا دا ثبت بدل کړ کله چې تاسو یې سمول. بیا یې پرانیزئ چې بدلونونه ووینئ.

trainings-title = روزنې
trainings-intro = د وزارت او همکارو ادارو د کارکوونکو ظرفیت لوړول: چا ګډون وکړ، د ادارې له مخې، ښځې او نارینه.
trainings-new = د یوې روزنې ثبتول
trainings-none = تر اوسه هېڅ روزنه نه ده ثبت شوې.
trainings-back = ټولې روزنې
training-page-title = روزنه
training-title = سرلیک
training-topic = موضوع
training-dates = نېټې
training-starts-on = لومړۍ ورځ
training-ends-on = وروستۍ ورځ
training-organizer = جوړوونکی
training-what = روزنه
training-participants = ګډونوال
training-participants-hint = د هرې ادارې لپاره یو قطار: څو ښځې او څو نارینه یې لېږلي. تش قطارونه له پامه غورځول کېږي.
training-participants-female = ښځې
training-participants-male = نارینه
training-participants-total = ټول
training-participant-row = { $row } قطار
training-participant-organization = اداره
training-participant-female = ښځې
training-participant-male = نارینه
training-no-participants = هېڅ ګډونوال نه دی ثبت شوی.
training-add-rows = قطارونه زیاتول
training-edit = د دې روزنې بدلول
training-new-title = د یوې روزنې ثبتول
training-new-button = روزنه ثبتول
training-edit-title = د «{ $title }» روزنې بدلول
training-edit-button = بدلونونه خوندي کول
training-saved = روزنه خوندي شوه.

awareness-title = د پوهاوي فعالیتونه
awareness-intro = له ولایتي ادارو سره پوهاوی: چېرته، کله، په کومه لاره او څو کسانو ته ورسېد.
awareness-new = د پوهاوي د یو فعالیت ثبتول
awareness-none = تر اوسه د پوهاوي هېڅ فعالیت نه دی ثبت شوی.
awareness-date = نېټه
awareness-channel = لاره
awareness-partner = همکاره ولایتي اداره
awareness-partner-hint = د فعالیت په ولایت کې د وزارت اداره، که یې ګډون کړی وي.
awareness-reach = د رسېدلو کسانو اټکلي شمېر
awareness-description = څه وشول
awareness-edit = بدلول
awareness-new-title = د پوهاوي د یو فعالیت ثبتول
awareness-new-button = فعالیت ثبتول
awareness-edit-title = د پوهاوي د فعالیت بدلول
awareness-edit-button = بدلونونه خوندي کول
awareness-saved = د پوهاوي فعالیت خوندي شو.
problem-outcome-required = د حکم لپاره د محکمې پایله اړینه ده: هغه وټاکئ.
problem-outcome-not-allowed = دا بدلون داسې پایله نه ثبتوي: بله پایله یا هېڅ وټاکئ.
problem-listed-twice = دا مخکې پورته راغلی دی: هر یو یوازې یو ځل ورکړئ.
