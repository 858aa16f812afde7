//! Referrals: requests from one organisation to another about a case, their workflow, who
//! may move them along, and the append-only timeline that records every move.
//!
//! The workflow of DOMAIN.md is `draft → sent → acknowledged → accepted | declined` (a
//! decline may come straight from `sent`), `accepted → completed`, and `withdrawn` when
//! the sender withdraws before completion; the Ministry's national office may `forward` a
//! referral it received to one of its provincial offices, which receives it as `sent`.
//! Only the sending organisation sends and withdraws; only the receiving organisation
//! acknowledges, accepts, declines, completes and forwards. A refused move is refused for the first
//! reason in this order: the caller's organisation is not a party (404), it is the wrong
//! party for the action (403), or the action is not allowed from the current status (409
//! `invalid_transition`).
//!
//! Everything here is pure: the time of an action is passed in by the caller.

use std::fmt;

use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::enums::vocabulary;
use crate::{
    AgeGroup, CaseCategory, CaseId, CaseNumber, Country, DisplayName, ExploitationType,
    OrganizationCode, OrganizationId, Province, Sex, UserId, Username,
};

/// The identifier of a referral.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct ReferralId(pub Uuid);

impl fmt::Display for ReferralId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

vocabulary! {
    /// Where a referral is in its workflow.
    ReferralStatus, ReferralStatusError, "a referral status" {
        /// Written by the sender, not yet sent.
        Draft => "draft",
        /// Sent to the receiving organisation, which has not yet reacted.
        Sent => "sent",
        /// The receiving organisation has seen it and is deciding.
        Acknowledged => "acknowledged",
        /// The receiving organisation has taken it on.
        Accepted => "accepted",
        /// The receiving organisation has refused it; final.
        Declined => "declined",
        /// The receiving organisation has done what was asked; final.
        Completed => "completed",
        /// The sender took it back before completion; final.
        Withdrawn => "withdrawn",
    }
}

vocabulary! {
    /// Something an organisation does to a referral; each action leads to one status.
    ReferralAction, ReferralActionError, "a referral action" {
        /// The sender sends a draft.
        Send => "send",
        /// The receiver confirms it has seen a sent referral.
        Acknowledge => "acknowledge",
        /// The receiver takes an acknowledged referral on.
        Accept => "accept",
        /// The receiver refuses a referral it has not taken on, giving a reason.
        Decline => "decline",
        /// The receiver reports an accepted referral done.
        Complete => "complete",
        /// The sender takes the referral back before it is completed.
        Withdraw => "withdraw",
        /// The receiving national office passes the referral to one of its offices, which
        /// receives it as sent.
        Forward => "forward",
    }
}

vocabulary! {
    /// What the sender asks the receiving organisation for.
    ReferralPurpose, ReferralPurposeError, "a referral purpose" {
        /// Assistance to the person (shelter, medical, ...).
        Assistance => "assistance",
        /// Protection of the person.
        Protection => "protection",
        /// A criminal investigation.
        Investigation => "investigation",
        /// Prosecution of the traffickers.
        Prosecution => "prosecution",
        /// Help with a voluntary return.
        ReturnFacilitation => "return_facilitation",
        /// Reintegration after a return.
        Reintegration => "reintegration",
        /// Anything else, explained in the referral's message.
        Other => "other",
    }
}

vocabulary! {
    /// How quickly the sender needs the receiver to act.
    Urgency, UrgencyError, "an urgency" {
        /// The usual pace.
        Normal => "normal",
        /// As soon as possible.
        Urgent => "urgent",
    }
}

vocabulary! {
    /// How much of the person the referral shows the receiving organisation.
    Disclosure, DisclosureError, "a disclosure" {
        /// Statistics-grade facts only, never the person's identity.
        Anonymised => "anonymised",
        /// The person's identity too; allowed only with a matching `data_sharing` consent.
        Identity => "identity",
    }
}

impl ReferralPurpose {
    /// Whether the receiver acts as law enforcement: an identity disclosed for this purpose
    /// also needs the person's `law_enforcement_contact` consent.
    pub const fn involves_law_enforcement(self) -> bool {
        matches!(
            self,
            ReferralPurpose::Investigation | ReferralPurpose::Prosecution
        )
    }
}

impl ReferralAction {
    /// The status a referral is in after this action succeeds. Every action leads to
    /// exactly one status, which is why the last action of a timeline tells its status.
    pub const fn target(self) -> ReferralStatus {
        match self {
            ReferralAction::Send => ReferralStatus::Sent,
            ReferralAction::Acknowledge => ReferralStatus::Acknowledged,
            ReferralAction::Accept => ReferralStatus::Accepted,
            ReferralAction::Decline => ReferralStatus::Declined,
            ReferralAction::Complete => ReferralStatus::Completed,
            ReferralAction::Withdraw => ReferralStatus::Withdrawn,
            ReferralAction::Forward => ReferralStatus::Sent,
        }
    }

    /// The party that may take this action: the sender sends and withdraws, the receiver
    /// does everything else.
    pub const fn taken_by(self) -> Party {
        match self {
            ReferralAction::Send | ReferralAction::Withdraw => Party::Sender,
            ReferralAction::Acknowledge
            | ReferralAction::Accept
            | ReferralAction::Decline
            | ReferralAction::Complete
            | ReferralAction::Forward => Party::Receiver,
        }
    }

    /// The statuses this action may be taken from.
    ///
    /// Accepting requires `acknowledged`, not merely `sent`: the acknowledgement is what
    /// tells the sender that someone at the receiving organisation has read the referral,
    /// so it is not skipped. Declining may come straight from `sent`: a receiver that
    /// cannot help at all should say so at once, with its reason. Forwarding is for a
    /// referral still waiting on its receiver. Withdrawing is allowed from every status
    /// before a final one, accepted included, because the sender may withdraw "before
    /// completion".
    pub const fn allowed_from(self) -> &'static [ReferralStatus] {
        use ReferralStatus::{Accepted, Acknowledged, Draft, Sent};
        match self {
            ReferralAction::Send => &[Draft],
            ReferralAction::Acknowledge => &[Sent],
            ReferralAction::Accept => &[Acknowledged],
            ReferralAction::Decline | ReferralAction::Forward => &[Sent, Acknowledged],
            ReferralAction::Complete => &[Accepted],
            ReferralAction::Withdraw => &[Draft, Sent, Acknowledged, Accepted],
        }
    }

    /// Whether the action must say why: a decline always carries its reason.
    pub const fn needs_reason(self) -> bool {
        matches!(self, ReferralAction::Decline)
    }
}

/// Which side of a referral the acting organisation is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// The organisation that made the referral.
    Sender,
    /// The organisation the referral is addressed to.
    Receiver,
    /// Any other organisation; to it the referral does not exist.
    Neither,
}

impl Party {
    /// The side of a caller who speaks for the sending organisation (`sends`) and/or the
    /// receiving one (`receives`), as the policy scope decided. A referral to one's own
    /// organisation is refused when it is created, so both are never true; were they, the
    /// caller would count as the sender.
    pub fn from_sides(sends: bool, receives: bool) -> Party {
        if sends {
            Party::Sender
        } else if receives {
            Party::Receiver
        } else {
            Party::Neither
        }
    }
}

/// Why a referral action was refused, in the order the checks are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionRefusal {
    /// The acting organisation is neither sender nor receiver, so it must not learn that
    /// the referral exists (404).
    #[error("no such referral")]
    NotVisible,
    /// The acting organisation is a party, but the other party takes this action (403).
    #[error("the other organisation of the referral takes this action")]
    WrongParty,
    /// The action is not allowed from the referral's current status (409
    /// `invalid_transition`).
    #[error("cannot {action} a referral that is {from}")]
    InvalidTransition {
        /// The current status.
        from: ReferralStatus,
        /// The action asked for.
        action: ReferralAction,
    },
}

impl ReferralStatus {
    /// The referral workflow: the status after `party` takes `action` from this status, or
    /// why it may not. Visibility is checked before the party and the party before the
    /// status, so that an organisation outside the referral learns nothing about it and a
    /// party learns it acted on the wrong side before learning anything about the status.
    pub fn transition(
        self,
        action: ReferralAction,
        party: Party,
    ) -> Result<ReferralStatus, TransitionRefusal> {
        if party == Party::Neither {
            return Err(TransitionRefusal::NotVisible);
        }
        if party != action.taken_by() {
            return Err(TransitionRefusal::WrongParty);
        }
        if !action.allowed_from().contains(&self) {
            return Err(TransitionRefusal::InvalidTransition { from: self, action });
        }
        Ok(action.target())
    }

    /// Whether the referral can no longer change.
    pub fn is_final(self) -> bool {
        ReferralAction::ALL
            .iter()
            .all(|action| !action.allowed_from().contains(&self))
    }
}

/// Whether a referral is overdue: its due date has passed (`today` is after it) while the
/// receiving organisation still has to decide, that is while it is `sent` or
/// `acknowledged`. A referral is not overdue on its due date itself, and a referral
/// without a due date never is.
pub fn is_overdue(status: ReferralStatus, due_date: Option<Date>, today: Date) -> bool {
    let waiting_on_receiver = matches!(status, ReferralStatus::Sent | ReferralStatus::Acknowledged);
    waiting_on_receiver && due_date.is_some_and(|due| today > due)
}

vocabulary! {
    /// What a timeline entry records: one of the workflow's actions, or the removal of the
    /// person's identity from the referral because the consent it relied on was withdrawn.
    TimelineEvent, TimelineEventError, "a timeline event" {
        Send => "send",
        Acknowledge => "acknowledge",
        Accept => "accept",
        Decline => "decline",
        Complete => "complete",
        Withdraw => "withdraw",
        Forward => "forward",
        IdentityRemoved => "identity_removed",
    }
}

impl From<ReferralAction> for TimelineEvent {
    fn from(action: ReferralAction) -> TimelineEvent {
        match action {
            ReferralAction::Send => TimelineEvent::Send,
            ReferralAction::Acknowledge => TimelineEvent::Acknowledge,
            ReferralAction::Accept => TimelineEvent::Accept,
            ReferralAction::Decline => TimelineEvent::Decline,
            ReferralAction::Complete => TimelineEvent::Complete,
            ReferralAction::Withdraw => TimelineEvent::Withdraw,
            ReferralAction::Forward => TimelineEvent::Forward,
        }
    }
}

/// One entry of a referral's append-only timeline. The store only ever inserts entries,
/// in the same transaction as the change they record, so the history a receiver or an
/// auditor reads is the history that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    /// When it happened.
    pub at: OffsetDateTime,
    /// The user who acted.
    pub actor: UserId,
    /// Their username, so that a reader knows whom to ask.
    pub actor_username: Username,
    /// Their name.
    pub actor_display_name: DisplayName,
    /// The organisation the user acted for.
    pub organization: OrganizationId,
    /// Its code, such as `MOI-HER`.
    pub organization_code: OrganizationCode,
    /// What happened.
    pub event: TimelineEvent,
    /// For a forward: the office the referral went to, and its code.
    pub forwarded_to: Option<(OrganizationId, OrganizationCode)>,
    /// Why, in the actor's words.
    pub comment: Option<String>,
}

/// What a referral tells about its person without identifying them: all a receiver sees
/// of the person under `disclosure: anonymised`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralProfile {
    /// The IOM case number, once there is a case.
    pub case_number: Option<CaseNumber>,
    /// Category.
    pub category: CaseCategory,
    /// Sex.
    pub sex: Sex,
    /// Age group at identification, when known.
    pub age_group: Option<AgeGroup>,
    /// Citizenship.
    pub citizenship: Country,
    /// Province of the person when referred.
    pub province: Province,
    /// Types of exploitation.
    pub exploitation_types: Vec<ExploitationType>,
}

/// A referral as stored, without the person's identity or the timeline, which are read
/// separately and only for those who may see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    /// Identifier.
    pub id: ReferralId,
    /// The sending organisation.
    pub from_organization_id: OrganizationId,
    /// The receiving organisation.
    pub to_organization_id: OrganizationId,
    /// The IOM case: the one referred from, or the one opened on accepting a ministry's
    /// referral.
    pub case_id: Option<CaseId>,
    /// Whether the person came inline with the referral (a ministry's referral to IOM)
    /// rather than from an IOM case.
    pub inbound: bool,
    /// Status.
    pub status: ReferralStatus,
    /// Purpose.
    pub purpose: ReferralPurpose,
    /// What the receiver is shown now.
    pub disclosure: Disclosure,
    /// Urgency.
    pub urgency: Urgency,
    /// Date the sender wants a decision by.
    pub due_date: Option<Date>,
    /// The sender's message to the receiver.
    pub message: Option<String>,
    /// The person, without identity.
    pub profile: ReferralProfile,
    /// For an inbound referral: when the person agreed to be referred.
    pub consent_given_on: Option<Date>,
    /// The receiving organisation's own reference for it, such as a ministry's file
    /// number.
    pub receiver_reference: Option<String>,
    /// Who created it.
    pub created_by: UserId,
    /// Optimistic-concurrency version.
    pub version: i64,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use time::macros::date;

    use super::*;

    /// The whole workflow, written out by hand from DOMAIN.md rather than derived from the
    /// implementation. One row per status and party; one column per action, in the order
    /// send, acknowledge, accept, decline, complete, withdraw, forward. A cell is the status reached,
    /// or the refusal as its HTTP status: 404 not visible, 403 wrong party, 409 invalid
    /// transition.
    const WORKFLOW: &str = "
        draft        sender    sent  403           403       403       403        withdrawn  403
        draft        receiver  403   409           409       409       409        403        409
        draft        neither   404   404           404       404       404        404        404
        sent         sender    409   403           403       403       403        withdrawn  403
        sent         receiver  403   acknowledged  409       declined  409        403        sent
        sent         neither   404   404           404       404       404        404        404
        acknowledged sender    409   403           403       403       403        withdrawn  403
        acknowledged receiver  403   409           accepted  declined  409        403        sent
        acknowledged neither   404   404           404       404       404        404        404
        accepted     sender    409   403           403       403       403        withdrawn  403
        accepted     receiver  403   409           409       409       completed  403        409
        accepted     neither   404   404           404       404       404        404        404
        declined     sender    409   403           403       403       403        409        403
        declined     receiver  403   409           409       409       409        403        409
        declined     neither   404   404           404       404       404        404        404
        completed    sender    409   403           403       403       403        409        403
        completed    receiver  403   409           409       409       409        403        409
        completed    neither   404   404           404       404       404        404        404
        withdrawn    sender    409   403           403       403       403        409        403
        withdrawn    receiver  403   409           409       409       409        403        409
        withdrawn    neither   404   404           404       404       404        404        404
    ";

    const COLUMNS: [ReferralAction; 7] = [
        ReferralAction::Send,
        ReferralAction::Acknowledge,
        ReferralAction::Accept,
        ReferralAction::Decline,
        ReferralAction::Complete,
        ReferralAction::Withdraw,
        ReferralAction::Forward,
    ];

    fn party_named(name: &str) -> Party {
        match name {
            "sender" => Party::Sender,
            "receiver" => Party::Receiver,
            "neither" => Party::Neither,
            other => panic!("unknown party {other:?} in the table"),
        }
    }

    fn expected(
        cell: &str,
        from: ReferralStatus,
        action: ReferralAction,
    ) -> Result<ReferralStatus, TransitionRefusal> {
        match cell {
            "404" => Err(TransitionRefusal::NotVisible),
            "403" => Err(TransitionRefusal::WrongParty),
            "409" => Err(TransitionRefusal::InvalidTransition { from, action }),
            status => Ok(status.parse().unwrap()),
        }
    }

    #[test]
    fn the_referral_workflow_as_a_table() {
        let mut seen = HashSet::new();
        for row in WORKFLOW.lines().filter(|line| !line.trim().is_empty()) {
            let cells: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(cells.len(), 2 + COLUMNS.len(), "{row}");
            let from: ReferralStatus = cells[0].parse().unwrap();
            let party = party_named(cells[1]);
            for (action, cell) in COLUMNS.iter().copied().zip(&cells[2..]) {
                assert!(seen.insert((from, action, party)), "twice: {row}");
                assert_eq!(
                    from.transition(action, party),
                    expected(cell, from, action),
                    "{party:?} {action} from {from}"
                );
            }
        }
        assert_eq!(COLUMNS, ReferralAction::ALL, "the columns are every action");
        assert_eq!(
            seen.len(),
            ReferralStatus::ALL.len() * ReferralAction::ALL.len() * 3,
            "every status × action × party is in the table"
        );
    }

    #[test]
    fn declined_completed_and_withdrawn_are_final() {
        for status in ReferralStatus::ALL.iter().copied() {
            let expected = matches!(
                status,
                ReferralStatus::Declined | ReferralStatus::Completed | ReferralStatus::Withdrawn
            );
            assert_eq!(status.is_final(), expected, "{status}");
        }
    }

    #[test]
    fn the_sender_side_wins_and_no_side_is_neither() {
        assert_eq!(Party::from_sides(true, false), Party::Sender);
        assert_eq!(Party::from_sides(false, true), Party::Receiver);
        assert_eq!(Party::from_sides(true, true), Party::Sender);
        assert_eq!(Party::from_sides(false, false), Party::Neither);
    }

    #[test]
    fn every_action_is_a_timeline_event_of_the_same_name() {
        for action in ReferralAction::ALL.iter().copied() {
            assert_eq!(TimelineEvent::from(action).as_str(), action.as_str());
        }
        assert_eq!(TimelineEvent::ALL.len(), ReferralAction::ALL.len() + 1);
    }

    #[test]
    fn overdue_means_past_the_due_date_while_the_receiver_has_to_decide() {
        let due = date!(2026 - 03 - 10);
        let before = date!(2026 - 03 - 09);
        let after = date!(2026 - 03 - 11);
        for status in ReferralStatus::ALL.iter().copied() {
            let waiting = matches!(status, ReferralStatus::Sent | ReferralStatus::Acknowledged);
            assert_eq!(is_overdue(status, Some(due), after), waiting, "{status}");
            assert!(!is_overdue(status, Some(due), due), "{status} on the day");
            assert!(!is_overdue(status, Some(due), before), "{status} before");
            assert!(!is_overdue(status, None, after), "{status} without a date");
        }
        assert!(is_overdue(
            ReferralStatus::Sent,
            Some(date!(2025 - 12 - 31)),
            date!(2026 - 01 - 01)
        ));
    }

    /// Checks a vocabulary against its names written out by hand: each value has that
    /// name, parses back from it, and is that JSON string.
    fn round_trips<T>(all: &[T], names: &[&str])
    where
        T: Copy + PartialEq + fmt::Debug + fmt::Display + std::str::FromStr + serde::Serialize,
        T: for<'de> serde::Deserialize<'de>,
        <T as std::str::FromStr>::Err: fmt::Debug,
    {
        assert_eq!(all.len(), names.len());
        for (value, name) in all.iter().copied().zip(names) {
            assert_eq!(value.to_string(), *name);
            assert_eq!(name.parse::<T>().unwrap(), value);
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value);
        }
        assert!("Unknown".parse::<T>().is_err());
    }

    #[test]
    fn vocabularies_round_trip_through_their_snake_case_names() {
        round_trips(
            ReferralStatus::ALL,
            &[
                "draft",
                "sent",
                "acknowledged",
                "accepted",
                "declined",
                "completed",
                "withdrawn",
            ],
        );
        round_trips(
            ReferralAction::ALL,
            &[
                "send",
                "acknowledge",
                "accept",
                "decline",
                "complete",
                "withdraw",
                "forward",
            ],
        );
        round_trips(
            ReferralPurpose::ALL,
            &[
                "assistance",
                "protection",
                "investigation",
                "prosecution",
                "return_facilitation",
                "reintegration",
                "other",
            ],
        );
        round_trips(Urgency::ALL, &["normal", "urgent"]);
        round_trips(Disclosure::ALL, &["anonymised", "identity"]);
        assert!("Sent".parse::<ReferralStatus>().is_err(), "case matters");
    }
}
