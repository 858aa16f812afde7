# پناه به دری: پیام‌های صفحه‌های عودت داوطلبانه. هر پیام انگلیسی باید این‌جا هم باشد.

## یک عودت

return-progress = روند عودت
return-step-done = انجام شد
return-was-cancelled = این عودت پیش از حرکت لغو شد.
return-moves = قدم بعدی
return-no-moves = فعلاً در این عودت قدمی برای شما نیست.
return-comment = نظر
return-changed-meanwhile = در مدتی که این عودت نزد شما باز بود تغییر کرد و این کار دیگر ممکن نیست. آن را به شکل فعلی‌اش بررسی کنید.
return-saved-status = عودت به قدم بعدی رفت.
return-saved-visit = بازدید نظارتی ثبت شد.
return-handover-link = بستهٔ تحویل برای طرف دریافت‌کننده (برای چاپ)
return-escort = همراه لازم است
return-cooperating = ادارهٔ همکار
return-move-counselling = آغاز مشوره‌دهی
return-move-documents = اسناد سفر گرفته شد
return-move-fit-to-travel = آمادهٔ سفر از نظر صحی
return-move-travel-booked = سفر رزرو شد
return-move-departed = شخص حرکت کرد
return-move-arrived = شخص رسید
return-move-reintegration = آغاز ادغام مجدد
return-move-monitoring = آغاز نظارت
return-move-completed = تکمیل عودت
return-move-cancelled = لغو عودت

## بازدیدهای نظارتی

return-visits = بازدیدهای نظارتی
return-visits-explained = هر نمره از ۰ (بدترین) تا ۱ (بهترین) است. پایداری میانگین هر سه نمره است.
return-visits-none = هیچ بازدید نظارتی ثبت نشده است.
visit-date = تاریخ بازدید
visit-economic = اقتصادی
visit-social = اجتماعی
visit-psychosocial = روانی-اجتماعی
visit-sustainability = پایداری
visit-notes = یادداشت‌ها
visit-score-hint = از ۰ تا ۱، مانند ۰٫۷۵.
visit-record-heading = ثبت بازدید نظارتی
visit-record-button = ثبت بازدید
problem-score-unreadable = عددی از ۰ تا ۱ بنویسید، مانند ۰٫۷۵.

## بستهٔ تحویل

handover-title = بستهٔ تحویل
handover-back = بازگشت به عودت
handover-print-hint = آن را با فرمان چاپ مرورگر خود چاپ کنید.
handover-generated = تهیه‌شده در
handover-audited = تهیهٔ آن در دفتر بررسی ثبت می‌شود.
handover-journey = سفر
handover-no-identity = شخص به شریک‌سازی هویت خود با طرف دریافت‌کننده رضایت نداده است: هویت در این بسته نیست.
handover-needs = نیازمندی‌ها برای سفر و رسیدن
handover-plan = پلان ادغام مجدد
handover-plan-none = هیچ مساعدت ادغام مجدد پلان نشده است.
