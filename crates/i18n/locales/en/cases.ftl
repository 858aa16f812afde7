# Panah in English: the case pages' messages. Every message here must exist in fa-AF and ps-AF
# too (a test checks it).

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
