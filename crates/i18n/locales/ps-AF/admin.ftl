# د څارونکي او د سیستم د مدیر پاڼې.

nav-audit = د څارنې کتاب
audit-title = د څارنې کتاب
audit-log = ثبتونه، تر ټولو نوي لومړی
audit-none = هېڅ ثبت له دې فلټرونو سره سمون نه لري.
audit-actor = ترسره کوونکی (کارن نوم)
audit-action = کړنه
audit-action-hint = یو کوډ لکه {"\u2066"}case.read{"\u2069"} یا {"\u2066"}auth.login{"\u2069"}.
audit-from = له (ورځ)
audit-to = تر (ورځ، همدا ورځ پکې شامله ده)
audit-seq = شمېره
audit-when = وخت
audit-target = سابقه
audit-outcome = پایله
audit-outcome-success = ترسره شو
audit-outcome-failure = ناکام شو
audit-outcome-denied = رد شو
audit-operator = د سرور چلوونکی { $name }
audit-system = سیستم
audit-verify-intro = د هشونو هغه لړۍ بیا محاسبه کړئ چې هر ثبت له مخکیني ثبت سره تړي: هر بدل شوی یا لرې شوی ثبت لړۍ ماتوي. پخپله دا څېړنه هم په کتاب کې ثبتېږي.
audit-verify-button = د لړۍ څېړنه
audit-verify-ok = لړۍ روغه ده: { $count } ثبتونه وڅېړل شول.
audit-verify-broken = لړۍ په { $seq } ثبت کې مات شوې ده: کتاب بدل شوی دی. سمدستي یې راپور ورکړئ.
audit-verify-broken-unknown = لړۍ ماته شوې ده: کتاب بدل شوی دی. سمدستي یې راپور ورکړئ.
problem-username-unreadable = دا کارن نوم نه دی: له ۳ تر ۶۴ پورې کوچني لاتین توري، عددونه، ټکي، لنډې کرښې یا لاندې کرښې.
