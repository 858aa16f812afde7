# The auditor's and the admin's pages.

nav-audit = Audit log
audit-title = Audit log
audit-log = Entries, newest first
audit-none = No entry matches these filters.
audit-actor = Who acted (username)
audit-action = Action
audit-action-hint = A code such as case.read or auth.login.
audit-from = From (day)
audit-to = To (day, included)
audit-seq = No.
audit-when = When
audit-target = Record
audit-outcome = Outcome
audit-outcome-success = Done
audit-outcome-failure = Failed
audit-outcome-denied = Refused
audit-operator = Operator { $name } at the server
audit-system = The system
audit-verify-intro = Recompute the chain of hashes that links every entry to the one before it: a changed or removed entry breaks it. The check is itself recorded in the log.
audit-verify-button = Verify the chain
audit-verify-ok = The chain is intact: { $count } entries checked.
audit-verify-broken = The chain is broken at entry { $seq }: the log has been changed. Report it at once.
audit-verify-broken-unknown = The chain is broken: the log has been changed. Report it at once.
problem-username-unreadable = This is not a username: 3 to 64 letters a to z, digits, dots, hyphens or underscores.
