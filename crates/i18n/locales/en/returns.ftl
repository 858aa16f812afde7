# Panah in English: the voluntary return pages' messages (a return's steps, its
# monitoring visits and the handover packet). Every message here must exist in fa-AF and
# ps-AF too (a test checks it).

## A return

return-progress = Progress of the return
return-step-done = done
return-was-cancelled = This return was cancelled before departure.
return-moves = Next step
return-no-moves = There is no step for you to take on this return now.
return-comment = Comment
return-changed-meanwhile = The return changed while you had it open, and this is no longer possible. Check it as it is now.
return-saved-status = The return has moved on.
return-saved-visit = The monitoring visit is recorded.
return-handover-link = Handover packet for the receiving side (to print)
return-escort = Escort needed
return-cooperating = Cooperating organisation
return-move-counselling = Start counselling
return-move-documents = Travel documents obtained
return-move-fit-to-travel = Fit to travel
return-move-travel-booked = Travel booked
return-move-departed = The person has departed
return-move-arrived = The person has arrived
return-move-reintegration = Start reintegration
return-move-monitoring = Start monitoring
return-move-completed = Complete the return
return-move-cancelled = Cancel the return

## Monitoring visits

return-visits = Monitoring visits
return-visits-explained = Each score runs from 0 (worst) to 1 (best). Sustainability is the mean of the three.
return-visits-none = No monitoring visit is recorded.
visit-date = Date of the visit
visit-economic = Economic
visit-social = Social
visit-psychosocial = Psychosocial
visit-sustainability = Sustainability
visit-notes = Notes
visit-score-hint = From 0 to 1, such as 0.75.
visit-record-heading = Record a monitoring visit
visit-record-button = Record the visit
problem-score-unreadable = Type a number from 0 to 1, such as 0.75.

## The handover packet

handover-title = Handover packet
handover-back = Back to the return
handover-print-hint = Print it with your browser's print command.
handover-generated = Produced on
handover-audited = Producing it is recorded in the audit log.
handover-journey = The journey
handover-no-identity = The person has not consented to share their identity with the receiving side: it is not in the packet.
handover-needs = Needs for the journey and arrival
handover-plan = Reintegration plan
handover-plan-none = No reintegration assistance is planned.
