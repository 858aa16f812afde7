# Panah's pages in English. Every message here must exist in fa-AF and ps-AF too (a test
# checks it). Terms follow DOMAIN.md.

app-name = Panah
skip-to-content = Skip to the content
nav-label = Main menu
nav-dashboard = Dashboard
nav-password = Change password
sign-out = Sign out
language-switch-label = Language

## Sign-in

sign-in-title = Sign in
sign-in-intro = Sign in with the account your organisation gave you.
field-username = Username
field-password = Password
sign-in-button = Sign in
sign-in-wrong = The username or password is wrong.
sign-in-too-many = Too many failed attempts. Wait a few minutes, then try again.
sign-in-busy = The server is busy. Try again in a moment.

## Password

password-title = Change your password
password-required-notice = This is a one-time password. Choose your own password before you continue.
password-hint = At least 12 characters. A few unrelated words are easy to remember and hard to guess.
field-current-password = Current password
field-new-password = New password
field-new-password-again = New password again
password-button = Change password
password-changed-notice = Your password has been changed. Your other sessions have been signed out.
form-has-problems = Some answers need correcting. Each problem is shown next to its field.

## Problems with a field

problem-invalid = This value is not accepted. Check it and try again.
problem-not-current-password = This is not your current password.
problem-password-too-short = The password must have at least 12 characters.
problem-password-too-long = The password must have at most 128 characters.
problem-password-common = This password is too common. Choose one nobody would guess.
problem-password-contains-username = The password must not contain your username.
problem-password-unchanged = The new password must differ from the current one.
problem-passwords-differ = The two new passwords differ. Type the same password twice.
problem-too-many-attempts = Too many wrong passwords. Wait a few minutes, then try again.

## Dashboard

dashboard-title = Dashboard
dashboard-greeting = Welcome, { $name }
dashboard-my-cases = My open and active cases
dashboard-no-cases = No open or active case is assigned to you.
dashboard-more-cases = More cases are assigned to you than are listed here.
dashboard-nothing-yet = Nothing is waiting for you here.
case-number = Case number
case-category = Category
case-status = Status
case-identified-on = Identified on
case-status-open = Open
case-status-active = Active
case-status-closed = Closed

## Error pages

error-not-found-title = Page not found
error-not-found-text = This page does not exist, or you may not see it.
error-forbidden-title = Not allowed
error-forbidden-text = You may not do this. If you came from one of Panah's forms, go back, reload the page and try again.
error-bad-request-title = Request not understood
error-bad-request-text = The server could not understand what was sent. Go back and try again.
error-changed-title = Changed meanwhile
error-changed-text = Someone acted on this record since you opened it, or it no longer allows this. Open it again to see where it stands, then try again.
error-unavailable-title = Panah is busy
error-unavailable-text = Panah cannot answer right now. Wait a moment and try again.
error-internal-title = Something went wrong
error-internal-text = Panah could not show this page. If it happens again, give this error number to your administrator.
error-id-label = Error number:
error-home-link = Go to the start page

## Months of the Solar Hijri calendar, Hamal to Hut, as Afghanistan names them

solar-month-1 = Hamal
solar-month-2 = Sawr
solar-month-3 = Jawza
solar-month-4 = Saratan
solar-month-5 = Asad
solar-month-6 = Sunbula
solar-month-7 = Mizan
solar-month-8 = Aqrab
solar-month-9 = Qaws
solar-month-10 = Jadi
solar-month-11 = Dalw
solar-month-12 = Hut

## Navigation

nav-cases = Cases
nav-register = Register a case

## Forms

field-required = required
date-hint = Year-month-day, Solar Hijri (1405-01-15) or Gregorian (2026-04-04).
choose-one = Choose…
not-recorded = Not recorded
not-applicable = Not applicable
answer-yes = Yes
answer-no = No
answer-not-known = Not known
answer-not-recorded = Not recorded
list-separator = {", "}
list-more = There are more than are listed here.
list-next-page = Next page
go-to-form = Go to the form
recorded-by = recorded by { $name }
filter-any = Any
filter-button = Show

## Problems with a field

problem-choose-one = Choose one of the options.
problem-required = This field is required.
problem-too-long = This text is too long.
problem-control-characters = This text holds characters that cannot be stored. Type it again without them.
problem-date-unreadable = This is not a date. Type year-month-day, such as 1405-01-15 or 2026-04-04.
problem-number-unreadable = Type a whole number, such as 17.
problem-amount-unreadable = This is not an amount. Type it in digits, such as 1250.50.
problem-country-unreadable = Type two-letter country codes separated by commas, such as QA, OM.
problem-currency-required = Choose the currency of the cost.
problem-currency-mismatch = This budget line's grant is in { $currency }: give the cost in { $currency }, or choose another line.
problem-in-future = This date is in the future.
problem-in-past = This date has passed.
problem-unknown-organization = Choose an organisation from the list.
problem-own-organization = Choose an organisation other than your own.
problem-donor-takes-no-referrals = A donor does not take referrals.
problem-ngo-takes-no-law-enforcement = An NGO takes no referral for an investigation or a prosecution: refer it to the Ministry of Interior or a partner ministry.
problem-ministry-refers-to-iom = A ministry refers people to IOM only.
problem-search-term-required = Give at least one of the search terms.
problem-not-assignable = Choose an active caseworker.
problem-negative-amount = The cost cannot be negative.
problem-organization-kinds-required = Tick at least one kind of organisation the person agreed to share their identity with.
problem-organization-kinds-not-allowed = Only a consent to data sharing names kinds of organisation: untick them, or choose data sharing.
problem-minor-consents-alone = The person was under 18 on that day and cannot consent alone: record the parent or guardian who consented, or a best-interests decision.
problem-best-interests-for-adult = A best-interests decision is for a child under 18 only.
problem-guardian-relation-required = Say how the parent or guardian is related to the person.
problem-guardian-relation-not-allowed = A relation is given only when a parent or guardian consented: choose “Not applicable”.
problem-unknown-budget-line = Choose a budget line from the list.
problem-cost-required-for-charge = Give the cost to charge it to a budget line.
problem-outside-grant-period = This date is outside the grant's period: check the date, or choose another budget line.
problem-born-after-identification = The date of birth must be before the date of identification.
problem-age-out-of-range = The estimated age must be between 0 and 120.
