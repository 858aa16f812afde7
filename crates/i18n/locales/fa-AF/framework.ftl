# پناه به دری: صفحه‌های دیگر چارچوب همکاری — رسیدگی‌های قضایی، آموزش‌ها و فعالیت‌های آگاهی‌دهی. هر پیام انگلیسی باید این‌جا هم باشد.

nav-proceedings = رسیدگی‌های قضایی
nav-trainings = آموزش‌ها
nav-awareness = آگاهی‌دهی

## قانون‌ها

law-lkht-2008 = قانون مبارزه علیه اختطاف و قاچاق انسان (۱۳۸۷)
law-ctip-2017 = قانون مبارزه با جرایم قاچاق انسان و قاچاق مهاجرین (۱۳۹۶)

## رسیدگی‌های قضایی

proceedings-title = رسیدگی‌های قضایی
proceedings-intro = قضیه‌های جنایی که به دنبال وضعیت اشخاص تحت کمک پناه آمده‌اند: تحت کدام قانون، در کجا و تا کدام مرحله. نام هیچ متهمی ثبت نمی‌شود، تنها تعداد متهمان.
proceedings-listed = رسیدگی‌ها
proceedings-none = هیچ رسیدگی قضایی مطابقت ندارد.
proceeding-title = رسیدگی قضایی
proceeding-law = قانون
proceeding-articles = مواد
proceeding-article = مادهٔ { $number }
proceeding-articles-of = مواد { $law }
proceeding-articles-hint = موادی از قانون انتخاب‌شده را که در اتهام آمده‌اند نشانی کنید.
proceeding-stage = مرحله
proceeding-outcome = نتیجه
proceeding-no-outcome = بدون نتیجه
proceeding-outcome-hint = برای حکم، نتیجهٔ محکمه لازم است. هنگام بستن می‌توانید ردّ قضیه یا نتیجهٔ استیناف را ثبت کنید.
proceeding-reported-on = تاریخ گزارش
proceeding-province = ولایت
proceeding-accused-count = تعداد متهمان
proceeding-accused-count-hint = اگر معلوم است، چند نفر متهم شده‌اند. هرگز نام آن‌ها.
proceeding-testified = شهادت قربانی
proceeding-testified-yes = قربانی شهادت داد
proceeding-legal-aid = مساعدت حقوقی
proceeding-legal-aid-yes = قربانی مساعدت حقوقی داشت
proceeding-opened-on = تاریخ آغاز
proceeding-updated-on = آخرین تغییر
proceeding-case-file = دوسیهٔ قضیه
proceeding-moves = بردن به مرحلهٔ دیگر
proceeding-no-moves = مرحله‌ای نیست که شما بتوانید این رسیدگی را به آن ببرید.
proceeding-comment = نظر
proceeding-history = تاریخچه
proceeding-saved-opened = رسیدگی در مرحلهٔ «گزارش‌شده» آغاز شد.
proceeding-saved-moved = انجام شد. رسیدگی اکنون در این مرحله است: { $stage }.
proceeding-changed-meanwhile = کسی هنگامی که شما این صفحه را می‌خواندید، رسیدگی را به مرحلهٔ دیگری برد. وضعیت کنونی آن این است.
proceeding-new-link = آغاز یک رسیدگی قضایی
proceeding-new-title = آغاز یک رسیدگی قضایی
proceeding-back-to-case = بازگشت به دوسیهٔ قضیه
proceeding-referral = ارجاعی که رسیدگی به دنبال آن است
proceeding-no-referral = هیچ
proceeding-referral-hint = ارجاع این قضیه برای تحقیق یا تعقیب عدلی: اداره‌ای که آن را دریافت کرده نیز رسیدگی را دنبال می‌کند.
proceeding-open-button = آغاز رسیدگی
case-file-proceedings = رسیدگی‌های قضایی
problem-article-of-another-law = این ماده از قانون دیگری است: نشانی آن را بردارید یا قانون آن را انتخاب کنید.

## آموزش‌ها و فعالیت‌های آگاهی‌دهی

activity-province = ولایت
activity-cost = هزینه
activity-currency = واحد پول هزینه
activity-cost-heading = هزینه
activity-budget-line = سطر بودجهٔ مصرف‌شده
activity-budget-line-hint = سطری از یک کمک مالی به همان واحد پول هزینه که دورهٔ آن شامل این تاریخ باشد.
activity-changed-meanwhile = کسی هنگامی که شما آن را ویرایش می‌کردید، این ثبت را تغییر داد. آن را دوباره باز کنید تا تغییرات را ببینید.

trainings-title = آموزش‌ها
trainings-intro = ظرفیت‌سازی برای کارمندان وزارت و نهادهای همکار: چه کسانی اشتراک کردند، به تفکیک اداره، زن و مرد.
trainings-new = ثبت یک آموزش
trainings-none = هنوز هیچ آموزشی ثبت نشده است.
trainings-back = همهٔ آموزش‌ها
training-page-title = آموزش
training-title = عنوان
training-topic = موضوع
training-dates = تاریخ‌ها
training-starts-on = روز نخست
training-ends-on = روز آخر
training-organizer = برگزارکننده
training-what = آموزش
training-participants = اشتراک‌کنندگان
training-participants-hint = برای هر اداره یک سطر: چند زن و چند مرد فرستاده است. سطرهای خالی نادیده گرفته می‌شوند.
training-participants-female = زنان
training-participants-male = مردان
training-participants-total = مجموع
training-participant-row = سطر { $row }
training-participant-organization = اداره
training-participant-female = زنان
training-participant-male = مردان
training-no-participants = هیچ اشتراک‌کننده‌ای ثبت نشده است.
training-add-rows = افزودن سطر
training-edit = تغییر این آموزش
training-new-title = ثبت یک آموزش
training-new-button = ثبت آموزش
training-edit-title = تغییر آموزش «{ $title }»
training-edit-button = ذخیرهٔ تغییرات
training-saved = آموزش ذخیره شد.

awareness-title = فعالیت‌های آگاهی‌دهی
awareness-intro = آگاهی‌دهی همراه با ادارات ولایتی: در کجا، چه وقت، از چه راهی و به چند نفر رسید.
awareness-new = ثبت یک فعالیت آگاهی‌دهی
awareness-none = هنوز هیچ فعالیت آگاهی‌دهی ثبت نشده است.
awareness-date = تاریخ
awareness-channel = شیوه
awareness-partner = ادارهٔ ولایتی همکار
awareness-partner-hint = ادارهٔ وزارت در ولایت فعالیت، اگر در آن سهم داشت.
awareness-reach = تعداد تخمینی مخاطبان
awareness-description = چه کاری انجام شد
awareness-edit = تغییر
awareness-new-title = ثبت یک فعالیت آگاهی‌دهی
awareness-new-button = ثبت فعالیت
awareness-edit-title = تغییر فعالیت آگاهی‌دهی
awareness-edit-button = ذخیرهٔ تغییرات
awareness-saved = فعالیت آگاهی‌دهی ذخیره شد.
problem-outcome-required = برای حکم، نتیجهٔ محکمه لازم است: آن را انتخاب کنید.
problem-outcome-not-allowed = این حرکت چنین نتیجه‌ای را ثبت نمی‌کند: نتیجهٔ دیگری یا هیچ را انتخاب کنید.
problem-listed-twice = این مورد در بالا آمده است: هر کدام را تنها یک بار بدهید.
