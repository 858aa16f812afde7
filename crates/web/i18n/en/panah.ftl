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

## Dashboard: what needs doing

dashboard-assistance-due = Planned assistance due
dashboard-no-assistance-due = No planned assistance is due on your cases.
dashboard-overdue = Overdue referrals
dashboard-awaiting = Referrals received, awaiting action
dashboard-none-awaiting = No referral received is waiting for action.
dashboard-all-cases-link = See them all

## Cases

case-province = Province
case-province-hint = Where the person was identified. It also numbers the case.
case-identified-by = Identified by
case-assigned-to = Caseworker
case-assigned-to-colleague = Another caseworker
case-unassigned = Not assigned
case-move-active = Make the case active
case-move-closed = Close the case
case-move-open = Reopen the case
case-assign-button = Assign
case-no-moves = There is nothing for you to change here.
case-changed-meanwhile = Someone changed this case while you had it open. Check it as it is now, then try again.
case-move-not-allowed = This change of status is not allowed now.
cases-title = Cases
search-heading = Find a person's case
search-intro = Type one or more terms: each must match exactly (a name in either script). Every search and every person found is recorded in the audit log.
search-button = Search
search-results = Cases found
search-found = Cases found: { $count }
search-nothing-found = No case matches these terms.
cases-list = Case list
cases-none = No case matches these filters.

## The person

person-names = Names
person-given-name = Given name
person-family-name = Family name
person-fathers-name = Father's name
person-other-script-given-name = Given name in a second script
person-other-script-family-name = Family name in a second script
person-other-script-hint = The name in Latin letters beside an Arabic-script name, or the reverse. A search finds either.
person-other-script-names = Names in a second script
person-sex = Sex
person-date-of-birth = Date of birth
person-estimated-age = Estimated age
person-estimated-age-hint = When the date of birth is not known: the age in years when the person was identified.
person-age-group = Age group
person-citizenship = Citizenship
person-phone = Phone
person-address = Address
person-document-number = Document number
countries-named = Countries of the region
countries-other = Other countries

## Registering a case

register-title = Register a case
register-intro = The case number is given when the case is registered. Names and numbers are stored encrypted.
register-case = The case
register-person = The person
register-trafficking = Trafficking profile
register-button = Register the case
trafficking-exploitation-types = Types of exploitation
trafficking-means-of-control = Means of control
trafficking-recruitment = Recruitment
trafficking-relationship-to-recruiter = Relationship to the recruiter
trafficking-countries-of-exploitation = Countries of exploitation
trafficking-other-countries = Other countries of exploitation
trafficking-other-countries-hint = Two-letter codes separated by commas, such as QA, OM.
trafficking-cross-border = Were borders crossed?

## The case file

case-file-title = Case
case-file-contents = On this page
case-file-person = Person
case-file-identity-audited = Every opening of this page is recorded in the audit log.
case-file-status = Status and caseworker
case-file-consents = Consents
case-file-assistance = Assistance
case-file-notes = Notes
case-file-referrals = Referrals
case-file-returns = Returns
saved-case = The case is registered.
saved-status = The case's status is changed.
saved-assignee = The case is assigned.
saved-consent = The consent is recorded.
saved-withdrawn = The consent is withdrawn.
saved-assistance = The assistance is logged.
saved-service = The service's status is changed.
saved-note = The note is saved.
saved-referral = The referral is sent.

## Consents

consents-none = No consent is recorded.
consent-kind = Consent to
consent-given-on = Given on
consent-given-by = Given by
consent-given-by-hint = A person under 18 never consents alone: a parent or guardian consents for them, or a best-interests decision is recorded for an unaccompanied child.
consent-given-by-guardian = Parent or guardian ({ $relation })
consent-guardian-relation = Relation of the parent or guardian
consent-guardian-relation-hint = Only when a parent or guardian gave the consent.
consent-method = How it was given
consent-interpreter = Interpreter
consent-interpreter-used = An interpreter helped
consent-organization-kinds = Share the identity with
consent-organization-kinds-hint = For a consent to data sharing only: the kinds of organisation that may receive the person's identity.
consent-shares-with = With:
consent-state = State
consent-valid = Valid
consent-withdrawn-on = Withdrawn on
consent-withdraw = Withdraw
consent-withdraw-explained = Withdrawing a consent stops at once what relies on it: referrals stop showing the person's identity, and returns not yet under way are cancelled.
consent-already-withdrawn = This consent was withdrawn before.
consent-record-heading = Record a consent
consent-record-button = Record the consent
consent-need = a valid “{ $kind }” consent
consent-need-sharing = a valid consent to share data with { $kinds }
consent-required = The person's identity goes only with their consent. Missing: { $needs }. Record the consent under “Consents” first, or refer anonymised.

## Assistance

assistance-none = No assistance is logged.
assistance-type = Service
assistance-status = Status
assistance-date = Date
assistance-provider = Provided by
assistance-cost = Cost
assistance-cost-hint = Leave it empty if there was no cost.
assistance-currency = Currency
assistance-budget-line = Budget line charged
assistance-budget-line-hint = Only the lines of grants running on that date, in the currency chosen.
assistance-no-budget-line = No budget line takes a cost of this date and currency.
assistance-not-charged = Not charged to a grant
assistance-refresh-lines = Show the budget lines for this date and currency
assistance-description = Description
assistance-log-heading = Log assistance
assistance-log-button = Log the assistance
assistance-mark-delivered = Mark delivered
assistance-mark-cancelled = Cancel
assistance-changed-meanwhile = Someone changed this service while you had the page open. Check it as it is now, then try again.
assistance-status-not-changed = The service's status could not be changed: it was cancelled meanwhile, or its charge to the budget line no longer holds.

## Notes

notes-none = No note is written yet.
notes-more = Older notes are not shown.
note-body = New note
note-button = Save the note

## Referrals

referrals-none = The case has not been referred.
referral-title = Referral
referral-purpose = Purpose
referral-party = Organisation
referral-person = Person
referral-status = Status
referral-due-date = Due date
referral-overdue = Overdue
referral-received-from = Received from { $organization }
referral-sent-to = Sent to { $organization }
referral-to = Refer to
referral-disclosure = What the receiver is shown
referral-disclosure-hint = The identity goes only under the person's consent to share data with that kind of organisation — and, for an investigation or a prosecution, their consent to contact with law enforcement.
referral-urgency = Urgency
referral-message = Message
referral-message-hint = For the receiver. Write only what they need to know.
referral-make-heading = Refer the case
referral-send-button = Send the referral
referral-timeline = Timeline
referral-timeline-empty = Nothing has happened yet.

## Returns

returns-none = No return is requested for this person.
return-title = Voluntary return
return-direction = Direction
return-origin = From
return-destination = To
return-status = Status
return-travel-date = Travel date
return-history = History
return-case = Case
return-case-link = Open the case file

## The domain's vocabularies

case-category-victim-of-trafficking = Victim of trafficking
case-category-presumed-victim = Presumed victim
case-category-vulnerable-migrant = Vulnerable migrant
sex-female = Female
sex-male = Male
sex-other = Other
sex-unknown = Not known
exploitation-forced-labour = Forced labour
exploitation-sexual-exploitation = Sexual exploitation
exploitation-forced-marriage = Forced marriage
exploitation-domestic-servitude = Domestic servitude
exploitation-forced-begging = Forced begging
exploitation-forced-criminality = Forced criminality
exploitation-child-recruitment = Recruitment of children by armed groups
exploitation-organ-removal = Removal of organs
exploitation-debt-bondage = Debt bondage
exploitation-other = Other
means-of-control-debt-bondage = Debt bondage
means-of-control-takes-earnings = Takes the person's earnings
means-of-control-threats = Threats to the person or their family
means-of-control-psychological-abuse = Psychological abuse
means-of-control-physical-abuse = Physical abuse
means-of-control-sexual-abuse = Sexual abuse
means-of-control-false-promises = False promises
means-of-control-psychoactive-substances = Psychoactive substances
means-of-control-restricts-movement = Restricts movement
means-of-control-withholds-documents = Withholds identity documents
means-of-control-withholds-necessities = Withholds necessities
means-of-control-excessive-working-hours = Excessive working hours
means-of-control-threat-of-authorities = Threat of denunciation to the authorities
means-of-control-other = Other
recruitment-job-offer = An offer of work
recruitment-marriage-offer = An offer of marriage
recruitment-education-offer = An offer of education
recruitment-travel-offer = An offer of travel or migration
recruitment-family-arrangement = Arranged by the family
recruitment-abduction = Abduction
recruitment-other = Other
recruitment-unknown = Not known
recruiter-relation-intimate-partner = Intimate partner
recruiter-relation-family-member = Family member
recruiter-relation-friend-or-acquaintance = Friend or acquaintance
recruiter-relation-employer-or-broker = Employer or broker
recruiter-relation-stranger = Stranger
recruiter-relation-other = Other
recruiter-relation-unknown = Not known
consent-kind-assistance = Assistance
consent-kind-data-sharing = Data sharing
consent-kind-return = Return
consent-kind-law-enforcement-contact = Contact with law enforcement
consent-giver-person = The person
consent-giver-parent-or-guardian = A parent or guardian
consent-giver-best-interests-decision = A best-interests decision (unaccompanied child)
guardian-relation-mother = Mother
guardian-relation-father = Father
guardian-relation-sibling = Brother or sister
guardian-relation-grandparent = Grandmother or grandfather
guardian-relation-uncle-or-aunt = Uncle or aunt
guardian-relation-other-relative = Another relative
guardian-relation-legal-guardian = Guardian appointed by a court or authority
consent-method-written = Written (signed or thumbprinted)
consent-method-verbal = Verbal
consent-method-recorded = Recorded (audio or video)
organization-kind-iom = IOM
organization-kind-moi-national = Ministry of Interior (national)
organization-kind-moi-provincial = Ministry of Interior provincial offices
organization-kind-partner-ministry = Partner ministries
organization-kind-foreign-state = Foreign states
organization-kind-donor = Donors
assistance-type-shelter = Shelter
assistance-type-medical = Medical care
assistance-type-psychosocial = Psychosocial support
assistance-type-legal-counselling = Legal counselling
assistance-type-legal-representation = Legal representation
assistance-type-food-and-items = Food and non-food items
assistance-type-cash = Cash assistance
assistance-type-education = Education
assistance-type-vocational-training = Vocational training
assistance-type-livelihood = Livelihood support
assistance-type-family-tracing = Family tracing
assistance-type-travel-documents = Travel documents
assistance-type-transport = Transport
assistance-type-reintegration-grant = Reintegration grant
assistance-type-other = Other
assistance-status-planned = Planned
assistance-status-delivered = Delivered
assistance-status-cancelled = Cancelled
referral-purpose-assistance = Assistance
referral-purpose-protection = Protection
referral-purpose-investigation = Investigation
referral-purpose-prosecution = Prosecution
referral-purpose-return-facilitation = Return facilitation
referral-purpose-reintegration = Reintegration
referral-purpose-other = Other
referral-status-draft = Draft
referral-status-sent = Sent
referral-status-acknowledged = Acknowledged
referral-status-accepted = Accepted
referral-status-declined = Declined
referral-status-completed = Completed
referral-status-withdrawn = Withdrawn
urgency-normal = Normal
urgency-urgent = Urgent
disclosure-anonymised = Anonymised: no name, no contact, no document
disclosure-identity = The person's identity
timeline-event-send = Sent
timeline-event-acknowledge = Acknowledged
timeline-event-accept = Accepted
timeline-event-decline = Declined
timeline-event-complete = Completed
timeline-event-withdraw = Withdrawn
timeline-event-forward = Forwarded to a provincial office
timeline-event-identity-removed = Identity removed: the consent was withdrawn
return-status-requested = Requested
return-status-counselling = Counselling
return-status-documents = Travel documents obtained
return-status-fit-to-travel = Fit to travel
return-status-travel-booked = Travel booked
return-status-departed = Departed
return-status-arrived = Arrived
return-status-reintegration = Reintegration
return-status-monitoring = Monitoring
return-status-completed = Completed
return-status-cancelled = Cancelled
return-direction-to-afghanistan = To Afghanistan
return-direction-from-afghanistan = From Afghanistan

## Provinces

province-af-bds = Badakhshan
province-af-bdg = Badghis
province-af-bgl = Baghlan
province-af-bal = Balkh
province-af-bam = Bamyan
province-af-day = Daykundi
province-af-fra = Farah
province-af-fyb = Faryab
province-af-gha = Ghazni
province-af-gho = Ghor
province-af-hel = Helmand
province-af-her = Herat
province-af-jow = Jowzjan
province-af-kab = Kabul
province-af-kan = Kandahar
province-af-kap = Kapisa
province-af-kho = Khost
province-af-knr = Kunar
province-af-kdz = Kunduz
province-af-lag = Laghman
province-af-log = Logar
province-af-nan = Nangarhar
province-af-nim = Nimroz
province-af-nur = Nuristan
province-af-pka = Paktika
province-af-pia = Paktia
province-af-pan = Panjshir
province-af-par = Parwan
province-af-sam = Samangan
province-af-sar = Sar-e Pul
province-af-tak = Takhar
province-af-uru = Uruzgan
province-af-war = Wardak
province-af-zab = Zabul

## Countries named in every language

country-af = Afghanistan
country-ir = Iran
country-pk = Pakistan
country-tj = Tajikistan
country-uz = Uzbekistan
country-tm = Turkmenistan
country-tr = Türkiye
country-ae = United Arab Emirates
country-sa = Saudi Arabia
country-qa = Qatar
country-kw = Kuwait
country-om = Oman
country-bh = Bahrain
country-iq = Iraq
country-in = India
country-ru = Russian Federation
country-kz = Kazakhstan
country-gr = Greece
country-de = Germany
country-gb = United Kingdom

## The organisations Panah starts with

org-iom-af = IOM Afghanistan
org-moi = Ministry of Interior
org-moi-provincial = Ministry of Interior, { $province } provincial office
org-moj = Ministry of Justice
org-molsa = Ministry of Labour and Social Affairs
org-mowa = Ministry of Women's Affairs
org-morr = Ministry of Refugees and Repatriation
org-mofa = Ministry of Foreign Affairs
org-donor-us = Government of the United States of America
org-donor-it = Government of Italy
