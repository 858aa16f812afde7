# Panah in English: the referral pages' messages (the inbox and outbox of an office, a
# referral and what its receiver does with it). Every message here must exist in fa-AF
# and ps-AF too (a test checks it).

nav-referrals = Referrals

## The list

referrals-title = Referrals
referrals-boxes = Received and sent
referrals-inbox = Received
referrals-outbox = Sent
referrals-province = Province of the person
referrals-all = Referrals
referrals-others = Other referrals
referrals-none-found = No referral matches these filters.

## A referral

referral-from = From
referral-to-organization = To
referral-receiver-reference = Receiver's reference
referral-created-on = Made on
referral-updated-on = Last changed on
referral-consent-given-on = The person agreed to be referred on
referral-identity = Identity
referral-no-identity = The referral does not disclose the person's identity.
referral-actions = What you can do
referral-no-actions = There is nothing for you to do on this referral now.
referral-comment = Comment
referral-comment-hint = The other organisation reads it. Required to decline: give the reason.
referral-saved = Done. The referral is now: { $status }.
referral-changed-meanwhile = The referral changed while you had it open, and this action is no longer possible. Check it as it is now.
referral-forward-heading = Forward to a provincial office
referral-forward-to = Provincial office
referral-forward-button = Forward the referral
referral-reference-heading = Your office's reference
referral-reference-hint = Your own file number for this referral, such as a ministry register number. Leave empty to remove it.
referral-reference-button = Save the reference
referral-reference-saved = Saved. The referral now carries your reference.
referral-reference-changed-meanwhile = The referral changed while you had it open. Check it as it is now, then send your reference again.
referral-action-send = Send
referral-action-acknowledge = Acknowledge receipt
referral-action-accept = Accept
referral-action-decline = Decline
referral-action-complete = Mark completed
referral-action-withdraw = Withdraw
referral-action-forward = Forward
referral-new-link = Refer a newly identified person to IOM
referrals-saved-new = The referral is sent to IOM.

## Referring a newly identified person to IOM

referral-new-title = Refer a person to IOM
referral-new-intro = For a presumed victim your office has identified who has no IOM case yet. IOM receives what the referral discloses: anonymised, or the person's identity if they agreed to be referred. Names and numbers are stored encrypted.
referral-new-referral = The referral
referral-new-province = Province of identification
referral-new-consent = Consent and what IOM is shown
referral-new-disclosure-hint = The identity goes only if the person agreed to be referred: give the date they agreed below.
referral-new-consent-hint = Required to send the identity. A person under 18 never consents alone.
referral-new-consent-required = Give the date the person agreed to be referred, or send the referral anonymised.
referral-new-button = Send the referral to IOM
