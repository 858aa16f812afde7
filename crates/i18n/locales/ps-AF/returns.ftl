# پناه په پښتو: د داوطلبانه بېرته ستنېدنې د پاڼو پیغامونه. هر انګلیسي پیغام باید دلته هم وي.

## یوه بېرته ستنېدنه

return-progress = د بېرته ستنېدنې پرمختګ
return-step-done = ترسره شو
return-was-cancelled = دا بېرته ستنېدنه له روانېدو مخکې لغوه شوه.
return-moves = بل ګام
return-no-moves = اوس په دې بېرته ستنېدنه کې ستاسو لپاره هېڅ ګام نشته.
return-comment = تبصره
return-changed-meanwhile = کله چې دا بېرته ستنېدنه تاسو پرانیستې وه، بدله شوه او دا کار نور شونی نه دی. په اوسني حالت یې وګورئ.
return-saved-status = بېرته ستنېدنه بل ګام ته ولاړه.
return-saved-visit = د څارنې لیدنه ثبت شوه.
return-handover-link = ترلاسه کوونکي لوري ته د سپارلو کڅوړه (د چاپ لپاره)
return-escort = ملګري ته اړتیا شته
return-cooperating = همکاره اداره
return-move-counselling = مشوره ورکول پیل کړئ
return-move-documents = د سفر اسناد واخیستل شول
return-move-fit-to-travel = روغتیايي پلوه د سفر وړ دی
return-move-travel-booked = سفر بوک شو
return-move-departed = شخص روان شو
return-move-arrived = شخص ورسېد
return-move-reintegration = بیا یوځای کېدل پیل کړئ
return-move-monitoring = څارنه پیل کړئ
return-move-completed = بېرته ستنېدنه بشپړه کړئ
return-move-cancelled = بېرته ستنېدنه لغوه کړئ

## د څارنې لیدنې

return-visits = د څارنې لیدنې
return-visits-explained = هره نمره له ۰ (تر ټولو خراب) څخه تر ۱ (تر ټولو ښه) پورې ده. دوام د درېواړو نمرو منځنۍ کچه ده.
return-visits-none = د څارنې هېڅ لیدنه نه ده ثبت شوې.
visit-date = د لیدنې نېټه
visit-economic = اقتصادي
visit-social = ټولنیز
visit-psychosocial = رواني-ټولنیز
visit-sustainability = دوام
visit-notes = یادښتونه
visit-score-hint = له ۰ څخه تر ۱ پورې، لکه ۰٫۷۵.
visit-record-heading = د څارنې لیدنه ثبت کړئ
visit-record-button = لیدنه ثبت کړئ
problem-score-unreadable = له ۰ څخه تر ۱ پورې یوه شمېره ولیکئ، لکه ۰٫۷۵.

## د سپارلو کڅوړه

handover-title = د سپارلو کڅوړه
handover-back = بېرته ستنېدنې ته ورګرځئ
handover-print-hint = د خپل براوزر د چاپ په امر یې چاپ کړئ.
handover-generated = د جوړېدو نېټه:
handover-audited = د دې جوړول د څارنې په کتاب کې ثبتېږي.
handover-journey = سفر
handover-no-identity = شخص له ترلاسه کوونکي لوري سره د خپل هویت شریکولو ته رضایت نه دی ورکړی: هویت په کڅوړه کې نشته.
handover-needs = د سفر او رسېدو اړتیاوې
handover-plan = د بیا یوځای کېدو پلان
handover-plan-none = د بیا یوځای کېدو هېڅ مرسته نه ده پلان شوې.
