//! Voluntary returns: the workflow that takes a person from the request to return to the
//! end of reintegration monitoring, the route of the journey, and the scores of the
//! monitoring visits after arrival.
//!
//! The workflow of DOMAIN.md is `requested → counselling → documents → fit_to_travel →
//! travel_booked → departed → arrived → reintegration → monitoring → completed`, with
//! `cancelled` from any step before `departed`. A return moves one step at a time and never
//! back, because each step records something that happened (documents obtained, a medical
//! clearance, a journey) and funding reports count returns by the status they reached.
//!
//! Everything here is pure: nothing reads the clock, and the dates of steps and visits
//! stay with the caller.

use std::fmt;

use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::enums::vocabulary;
use crate::{CaseId, ConsentId, Country, OrganizationId, Province, UserId};

/// The identifier of a voluntary return.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct ReturnId(pub Uuid);

impl fmt::Display for ReturnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

vocabulary! {
    /// Where a voluntary return is in its workflow, in the order the steps happen.
    ReturnStatus, ReturnStatusError, "a return status" {
        /// The person asked to return; nothing is arranged yet.
        Requested => "requested",
        /// The person is being counselled on what returning means for them.
        Counselling => "counselling",
        /// Travel documents are being obtained.
        Documents => "documents",
        /// The person has medical clearance to travel.
        FitToTravel => "fit_to_travel",
        /// The journey is booked.
        TravelBooked => "travel_booked",
        /// The person has left the origin.
        Departed => "departed",
        /// The person has reached the destination.
        Arrived => "arrived",
        /// Reintegration assistance is being given.
        Reintegration => "reintegration",
        /// Assistance is over and the return's sustainability is being monitored.
        Monitoring => "monitoring",
        /// Monitoring is over; final.
        Completed => "completed",
        /// The return was called off before departure; final.
        Cancelled => "cancelled",
    }
}

vocabulary! {
    /// Which way a voluntary return goes.
    ReturnDirection, ReturnDirectionError, "a return direction" {
        /// From a host country to a province of Afghanistan.
        ToAfghanistan => "to_afghanistan",
        /// From a province of Afghanistan to the person's country of origin.
        FromAfghanistan => "from_afghanistan",
    }
}

/// A return cannot move between these two statuses (409 `invalid_transition`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cannot move a return from {from} to {to}")]
pub struct ReturnTransitionError {
    /// The current status.
    pub from: ReturnStatus,
    /// The status asked for.
    pub to: ReturnStatus,
}

impl ReturnStatus {
    /// The return workflow: the status `to` if a return may move there from this status,
    /// or why it may not.
    ///
    /// A return moves only to the next step on the way to `completed` ([`Self::next`]), so
    /// no step's record is skipped and nothing that happened is undone; moving to the
    /// status it is already in is refused too, because it records nothing. It may be
    /// cancelled only before departure ([`Self::is_before_departure`]): once the person
    /// has left, the return has happened and what remains is to see them arrive and to
    /// monitor them. `completed` and `cancelled` are final.
    pub fn transition(self, to: ReturnStatus) -> Result<ReturnStatus, ReturnTransitionError> {
        let cancelling = to == ReturnStatus::Cancelled && self.is_before_departure();
        if cancelling || self.next() == Some(to) {
            Ok(to)
        } else {
            Err(ReturnTransitionError { from: self, to })
        }
    }

    /// The next step on the way to `completed`, or `None` from `completed` and
    /// `cancelled`. Cancelling is not a next step: it is the way out, see
    /// [`Self::transition`].
    pub const fn next(self) -> Option<ReturnStatus> {
        use ReturnStatus::*;
        match self {
            Requested => Some(Counselling),
            Counselling => Some(Documents),
            Documents => Some(FitToTravel),
            FitToTravel => Some(TravelBooked),
            TravelBooked => Some(Departed),
            Departed => Some(Arrived),
            Arrived => Some(Reintegration),
            Reintegration => Some(Monitoring),
            Monitoring => Some(Completed),
            Completed | Cancelled => None,
        }
    }

    /// Whether the person has not left yet: `requested` up to `travel_booked`. These are
    /// the statuses a return may be cancelled from, which is what happens when the
    /// person's `return` consent is withdrawn; after departure a withdrawn consent cannot
    /// undo the journey.
    pub const fn is_before_departure(self) -> bool {
        use ReturnStatus::*;
        matches!(
            self,
            Requested | Counselling | Documents | FitToTravel | TravelBooked
        )
    }

    /// Whether monitoring visits may be recorded: from `arrived` on, that is while the
    /// return is `arrived`, in `reintegration` or in `monitoring`.
    ///
    /// A `completed` return accepts no more visits. Completing a return closes its
    /// sustainability record, and reports that counted it as completed must not see its
    /// scores change afterwards; a visit that is still due is recorded before completing.
    /// There is no way back from `completed` to reopen monitoring.
    pub const fn accepts_monitoring(self) -> bool {
        use ReturnStatus::*;
        matches!(self, Arrived | Reintegration | Monitoring)
    }

    /// Whether the return can no longer change: `completed` or `cancelled`.
    pub const fn is_final(self) -> bool {
        self.next().is_none()
    }
}

/// One end of a return's journey: a country and, in Afghanistan, the province.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// The country.
    pub country: Country,
    /// The province, given exactly when the country is Afghanistan; see [`check_route`].
    pub province: Option<Province>,
}

impl Place {
    /// A place in Afghanistan, which always has its province.
    pub const fn in_afghanistan(province: Province) -> Place {
        Place {
            country: Country::AFGHANISTAN,
            province: Some(province),
        }
    }

    /// A place outside Afghanistan, known by its country only. Nothing stops `country`
    /// from being Afghanistan here; [`check_route`] refuses such a place.
    pub const fn abroad(country: Country) -> Place {
        Place {
            country,
            province: None,
        }
    }
}

/// Which end of a return's journey a [`RouteError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteEnd {
    /// Where the person leaves from.
    Origin,
    /// Where the person goes.
    Destination,
}

/// What is wrong with one field of a return's route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteProblem {
    /// The country must be Afghanistan for this direction.
    MustBeAfghanistan,
    /// The country must not be Afghanistan for this direction.
    MustNotBeAfghanistan,
    /// The place is in Afghanistan, so its province must be given.
    ProvinceRequired,
    /// The place is outside Afghanistan, so it has no province.
    ProvinceNotAllowed,
}

/// One thing wrong with a return's route, naming the field to change (422
/// `validation_failed`, one entry per error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{} {}", self.field(), self.message())]
pub struct RouteError {
    /// The end of the journey.
    pub end: RouteEnd,
    /// What is wrong there.
    pub problem: RouteProblem,
}

impl RouteError {
    /// The field's path in a return's body, such as `origin.country` or
    /// `destination.province`.
    pub const fn field(&self) -> &'static str {
        use RouteEnd::{Destination, Origin};
        use RouteProblem::*;
        match (self.end, self.problem) {
            (Origin, MustBeAfghanistan | MustNotBeAfghanistan) => "origin.country",
            (Origin, ProvinceRequired | ProvinceNotAllowed) => "origin.province",
            (Destination, MustBeAfghanistan | MustNotBeAfghanistan) => "destination.country",
            (Destination, ProvinceRequired | ProvinceNotAllowed) => "destination.province",
        }
    }

    /// What is wrong with the field, for people, without the field's name. Country
    /// problems say which direction asks for them, because the direction is the other
    /// field the user may have meant to change.
    pub const fn message(&self) -> &'static str {
        use RouteEnd::{Destination, Origin};
        use RouteProblem::*;
        match (self.end, self.problem) {
            (Origin, MustBeAfghanistan) => "must be AF: a return from Afghanistan leaves from it",
            (Origin, MustNotBeAfghanistan) => {
                "must not be AF: a return to Afghanistan leaves from another country"
            }
            (Destination, MustBeAfghanistan) => "must be AF: a return to Afghanistan ends in it",
            (Destination, MustNotBeAfghanistan) => {
                "must not be AF: a return from Afghanistan ends in another country"
            }
            (_, ProvinceRequired) => "is required for a place in Afghanistan",
            (_, ProvinceNotAllowed) => "must be empty for a place outside Afghanistan",
        }
    }
}

/// Checks that a return's origin and destination fit its direction, and returns every
/// problem found, origin first, country before province.
///
/// A return `to_afghanistan` starts outside Afghanistan and ends in a province of it; a
/// return `from_afghanistan` starts in a province of Afghanistan and ends in another
/// country. The origin's province is required for `from_afghanistan` just as the
/// destination's is for `to_afghanistan`: DOMAIN.md gives a place its province whenever
/// it is in Afghanistan, the province the person leaves from is known to the caseworker
/// arranging the journey, and provincial statistics need it either way.
///
/// Each field is judged against what the direction requires of its end, not against the
/// other field of the same place, so that every error names a field that must change: a
/// `from_afghanistan` origin of `IR` with a province is one error (the country), not two.
/// When the check passes, every place has a province exactly when it is in Afghanistan.
pub fn check_route(
    direction: ReturnDirection,
    origin: &Place,
    destination: &Place,
) -> Result<(), Vec<RouteError>> {
    let origin_in_afghanistan = direction == ReturnDirection::FromAfghanistan;
    let errors: Vec<RouteError> = check_end(RouteEnd::Origin, origin, origin_in_afghanistan)
        .chain(check_end(
            RouteEnd::Destination,
            destination,
            !origin_in_afghanistan,
        ))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The problems of one end of a route whose place must (or must not) be in Afghanistan.
fn check_end(
    end: RouteEnd,
    place: &Place,
    in_afghanistan: bool,
) -> impl Iterator<Item = RouteError> {
    let country = match (in_afghanistan, place.country == Country::AFGHANISTAN) {
        (true, false) => Some(RouteProblem::MustBeAfghanistan),
        (false, true) => Some(RouteProblem::MustNotBeAfghanistan),
        _ => None,
    };
    let province = match (in_afghanistan, place.province.is_some()) {
        (true, false) => Some(RouteProblem::ProvinceRequired),
        (false, true) => Some(RouteProblem::ProvinceNotAllowed),
        _ => None,
    };
    [country, province]
        .into_iter()
        .flatten()
        .map(move |problem| RouteError { end, problem })
}

/// The number given is not a monitoring score.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a score (expected a number from 0 to 1)")]
pub struct ScoreError;

/// A monitoring score from 0 (worst) to 1 (best), such as a returnee's economic situation
/// as judged on a visit. Always finite and within bounds; `-0.0` is kept as `0.0` so that
/// it is written as `0` everywhere. Serialised as a JSON number.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Score(f64);

eserde::impl_edeserialize_compat!(Score);

impl Score {
    /// Lowest score.
    pub const MIN: Score = Score(0.0);
    /// Highest score.
    pub const MAX: Score = Score(1.0);

    /// Takes a number from 0 to 1 inclusive. NaN and infinities are refused by the same
    /// range check, since neither lies within it.
    pub fn new(value: f64) -> Result<Score, ScoreError> {
        if (0.0..=1.0).contains(&value) {
            // Adding positive zero turns -0.0 into 0.0 and leaves every other value as is.
            Ok(Score(value + 0.0))
        } else {
            Err(ScoreError)
        }
    }

    /// The number.
    pub const fn value(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Score {
    type Error = ScoreError;

    fn try_from(value: f64) -> Result<Self, Self::Error> {
        Score::new(value)
    }
}

impl From<Score> for f64 {
    fn from(score: Score) -> f64 {
        score.0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The three scores of a monitoring visit.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonitoringScores {
    /// Income, work and housing.
    pub economic: Score,
    /// Relations with family and community.
    pub social: Score,
    /// Psychological well-being.
    pub psychosocial: Score,
}

impl MonitoringScores {
    /// The sustainability score: the mean of the three scores, from 0 to 1.
    ///
    /// The mean is exact, not rounded. Rounding to two decimals is a matter of display,
    /// and reports average sustainability over many returns: rounding each one first
    /// would shift those averages, and a stored rounded value could not be recomputed to
    /// the same number from its scores.
    pub fn sustainability(&self) -> f64 {
        (self.economic.0 + self.social.0 + self.psychosocial.0) / 3.0
    }
}

/// A voluntary return of a case's person.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnCase {
    /// Identifier.
    pub id: ReturnId,
    /// The case whose person returns.
    pub case_id: CaseId,
    /// To or from Afghanistan.
    pub direction: ReturnDirection,
    /// Where the workflow stands.
    pub status: ReturnStatus,
    /// Where the journey starts.
    pub origin: Place,
    /// Where it ends.
    pub destination: Place,
    /// The state organisation IOM cooperates with on this return.
    pub cooperating_organization_id: Option<OrganizationId>,
    /// Whether the person travels with an escort.
    pub escort_required: bool,
    /// The planned or actual travel date.
    pub travel_date: Option<Date>,
    /// Needs for the journey and the arrival (medical, family, safety); personal data.
    pub needs: Option<String>,
    /// The `return` consent the return relies on.
    pub consent_id: ConsentId,
    /// Who requested it.
    pub created_by: UserId,
    /// Optimistic-concurrency version.
    pub version: i64,
    /// When it was requested.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

vocabulary! {
    /// Why the system, not a person, moved a return.
    StepReason, StepReasonError, "a step reason" {
        /// The person withdrew their consent to return before departure.
        ConsentWithdrawn => "consent_withdrawn",
    }
}

/// One step of a return's history. Kept for every move, never changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnStep {
    /// The status before (`None` for the request itself).
    pub from: Option<ReturnStatus>,
    /// The status after.
    pub to: ReturnStatus,
    /// Who made the move (for a cancellation by consent withdrawal, who recorded it).
    pub actor: UserId,
    /// Why the system made it, if no person chose it.
    pub reason: Option<StepReason>,
    /// Why, in the actor's words.
    pub comment: Option<String>,
    /// When.
    pub at: OffsetDateTime,
}

/// The identifier of a monitoring visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct VisitId(pub Uuid);

/// A visit after arrival to see how the person's reintegration holds.
#[derive(Debug, Clone, PartialEq)]
pub struct MonitoringVisit {
    /// Identifier.
    pub id: VisitId,
    /// The return.
    pub return_id: ReturnId,
    /// When the visit took place.
    pub visited_on: Date,
    /// The scores.
    pub scores: MonitoringScores,
    /// What was seen; personal data.
    pub notes: Option<String>,
    /// Who recorded it.
    pub recorded_by: UserId,
    /// When it was recorded.
    pub created_at: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// The whole workflow, written out by hand from DOMAIN.md rather than derived from the
    /// implementation. One row per current status; one column per status asked for, in
    /// declaration order and named by its first three letters. `ok` is a move that is
    /// allowed, `-` one that is refused.
    const WORKFLOW: &str = "
                       req cou doc fit tra dep arr rei mon com can
        requested       -   ok  -   -   -   -   -   -   -   -   ok
        counselling     -   -   ok  -   -   -   -   -   -   -   ok
        documents       -   -   -   ok  -   -   -   -   -   -   ok
        fit_to_travel   -   -   -   -   ok  -   -   -   -   -   ok
        travel_booked   -   -   -   -   -   ok  -   -   -   -   ok
        departed        -   -   -   -   -   -   ok  -   -   -   -
        arrived         -   -   -   -   -   -   -   ok  -   -   -
        reintegration   -   -   -   -   -   -   -   -   ok  -   -
        monitoring      -   -   -   -   -   -   -   -   -   ok  -
        completed       -   -   -   -   -   -   -   -   -   -   -
        cancelled       -   -   -   -   -   -   -   -   -   -   -
    ";

    #[test]
    fn the_return_workflow_as_a_table() {
        let mut lines = WORKFLOW.lines().filter(|line| !line.trim().is_empty());
        let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
        assert_eq!(header.len(), ReturnStatus::ALL.len());
        for (abbreviation, column) in header.iter().zip(ReturnStatus::ALL) {
            assert!(column.as_str().starts_with(abbreviation), "{abbreviation}");
        }

        let mut seen = HashSet::new();
        for row in lines {
            let cells: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(cells.len(), 1 + ReturnStatus::ALL.len(), "{row}");
            let from: ReturnStatus = cells[0].parse().unwrap();
            for (to, cell) in ReturnStatus::ALL.iter().copied().zip(&cells[1..]) {
                assert!(seen.insert((from, to)), "twice: {row}");
                let expected = match *cell {
                    "ok" => Ok(to),
                    "-" => Err(ReturnTransitionError { from, to }),
                    other => panic!("unknown cell {other:?} in the table"),
                };
                assert_eq!(from.transition(to), expected, "{from} to {to}");
            }
        }
        assert_eq!(seen.len(), 121, "every status × status is in the table");
    }

    #[test]
    fn a_return_walks_from_requested_to_completed_one_step_at_a_time() {
        let mut status = ReturnStatus::Requested;
        let mut walked = vec![status];
        while let Some(next) = status.next() {
            status = status.transition(next).unwrap();
            walked.push(status);
        }
        assert_eq!(status, ReturnStatus::Completed);
        assert_eq!(walked, &ReturnStatus::ALL[..10], "every step but cancelled");
    }

    #[test]
    fn a_refused_move_reads_as_a_sentence() {
        let refusal = ReturnStatus::Documents
            .transition(ReturnStatus::Departed)
            .unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "cannot move a return from documents to departed"
        );
    }

    #[test]
    fn only_the_steps_up_to_travel_booked_are_before_departure() {
        use ReturnStatus::*;
        for status in ReturnStatus::ALL.iter().copied() {
            let expected = matches!(
                status,
                Requested | Counselling | Documents | FitToTravel | TravelBooked
            );
            assert_eq!(status.is_before_departure(), expected, "{status}");
            assert_eq!(status.transition(Cancelled).is_ok(), expected, "{status}");
        }
    }

    #[test]
    fn monitoring_visits_are_accepted_from_arrival_until_completion() {
        use ReturnStatus::*;
        for status in ReturnStatus::ALL.iter().copied() {
            let expected = matches!(status, Arrived | Reintegration | Monitoring);
            assert_eq!(status.accepts_monitoring(), expected, "{status}");
        }
    }

    #[test]
    fn completed_and_cancelled_are_final() {
        for status in ReturnStatus::ALL.iter().copied() {
            let expected = matches!(status, ReturnStatus::Completed | ReturnStatus::Cancelled);
            assert_eq!(status.is_final(), expected, "{status}");
        }
    }

    fn country(code: &str) -> Country {
        code.parse().unwrap()
    }

    fn error(end: RouteEnd, problem: RouteProblem) -> RouteError {
        RouteError { end, problem }
    }

    #[test]
    fn a_return_to_afghanistan_goes_from_abroad_to_a_province() {
        let from_iran = Place::abroad(country("IR"));
        let to_herat = Place::in_afghanistan(Province::Herat);
        assert_eq!(
            check_route(ReturnDirection::ToAfghanistan, &from_iran, &to_herat),
            Ok(())
        );
        assert_eq!(
            check_route(ReturnDirection::FromAfghanistan, &from_iran, &to_herat),
            Err(vec![
                error(RouteEnd::Origin, RouteProblem::MustBeAfghanistan),
                error(RouteEnd::Origin, RouteProblem::ProvinceRequired),
                error(RouteEnd::Destination, RouteProblem::MustNotBeAfghanistan),
                error(RouteEnd::Destination, RouteProblem::ProvinceNotAllowed),
            ])
        );
    }

    #[test]
    fn a_return_from_afghanistan_goes_from_a_province_to_abroad() {
        let from_kabul = Place::in_afghanistan(Province::Kabul);
        let to_pakistan = Place::abroad(country("PK"));
        assert_eq!(
            check_route(ReturnDirection::FromAfghanistan, &from_kabul, &to_pakistan),
            Ok(())
        );
        assert_eq!(
            check_route(ReturnDirection::ToAfghanistan, &from_kabul, &to_pakistan),
            Err(vec![
                error(RouteEnd::Origin, RouteProblem::MustNotBeAfghanistan),
                error(RouteEnd::Origin, RouteProblem::ProvinceNotAllowed),
                error(RouteEnd::Destination, RouteProblem::MustBeAfghanistan),
                error(RouteEnd::Destination, RouteProblem::ProvinceRequired),
            ])
        );
    }

    /// Every direction with every kind of origin and destination: in Afghanistan or not,
    /// with a province or not. A cell lists the errors expected, by field and problem;
    /// `ok` means the route is accepted.
    #[test]
    fn every_route_error_names_the_field_to_change() {
        use RouteEnd::{Destination, Origin};
        use RouteProblem::*;

        let af = |province: bool| Place {
            country: Country::AFGHANISTAN,
            province: province.then_some(Province::Balkh),
        };
        let tr = |province: bool| Place {
            country: country("TR"),
            province: province.then_some(Province::Balkh),
        };
        let to = ReturnDirection::ToAfghanistan;
        let from = ReturnDirection::FromAfghanistan;

        let cases: [(ReturnDirection, Place, Place, &[RouteError]); 9] = [
            (to, tr(false), af(true), &[]),
            (to, tr(true), af(true), &[error(Origin, ProvinceNotAllowed)]),
            (
                to,
                af(true),
                af(true),
                &[
                    error(Origin, MustNotBeAfghanistan),
                    error(Origin, ProvinceNotAllowed),
                ],
            ),
            (
                to,
                af(false),
                af(true),
                &[error(Origin, MustNotBeAfghanistan)],
            ),
            (
                to,
                af(false),
                tr(true),
                &[
                    error(Origin, MustNotBeAfghanistan),
                    error(Destination, MustBeAfghanistan),
                ],
            ),
            (
                to,
                tr(false),
                af(false),
                &[error(Destination, ProvinceRequired)],
            ),
            (from, af(true), tr(false), &[]),
            (
                from,
                af(false),
                tr(false),
                &[error(Origin, ProvinceRequired)],
            ),
            (
                from,
                tr(true),
                af(true),
                &[
                    error(Origin, MustBeAfghanistan),
                    error(Destination, MustNotBeAfghanistan),
                    error(Destination, ProvinceNotAllowed),
                ],
            ),
        ];
        for (direction, origin, destination, expected) in cases {
            let expected = if expected.is_empty() {
                Ok(())
            } else {
                Err(expected.to_vec())
            };
            assert_eq!(
                check_route(direction, &origin, &destination),
                expected,
                "{direction} {origin:?} {destination:?}"
            );
        }
    }

    #[test]
    fn an_accepted_route_has_a_province_exactly_where_it_is_in_afghanistan() {
        let places: Vec<Place> = [Country::AFGHANISTAN, country("IR")]
            .into_iter()
            .flat_map(|country| {
                [None, Some(Province::Kandahar)].map(|province| Place { country, province })
            })
            .collect();
        let coherent = |p: &Place| p.province.is_some() == (p.country == Country::AFGHANISTAN);
        let mut accepted = 0;
        for direction in ReturnDirection::ALL.iter().copied() {
            for origin in &places {
                for destination in &places {
                    if check_route(direction, origin, destination).is_ok() {
                        accepted += 1;
                        assert!(coherent(origin) && coherent(destination));
                        assert_ne!(origin.country, destination.country);
                    }
                }
            }
        }
        assert_eq!(accepted, 2, "one accepted route per direction");
    }

    #[test]
    fn route_errors_give_their_field_path_and_a_message() {
        use RouteEnd::{Destination, Origin};
        use RouteProblem::*;
        let expected = [
            (Origin, MustBeAfghanistan, "origin.country"),
            (Origin, MustNotBeAfghanistan, "origin.country"),
            (Origin, ProvinceRequired, "origin.province"),
            (Origin, ProvinceNotAllowed, "origin.province"),
            (Destination, MustBeAfghanistan, "destination.country"),
            (Destination, MustNotBeAfghanistan, "destination.country"),
            (Destination, ProvinceRequired, "destination.province"),
            (Destination, ProvinceNotAllowed, "destination.province"),
        ];
        for (end, problem, field) in expected {
            let e = error(end, problem);
            assert_eq!(e.field(), field);
            assert_eq!(e.to_string(), format!("{field} {}", e.message()));
        }
        assert_eq!(
            error(Destination, ProvinceRequired).to_string(),
            "destination.province is required for a place in Afghanistan"
        );
        assert_eq!(
            error(Origin, MustNotBeAfghanistan).to_string(),
            "origin.country must not be AF: a return to Afghanistan leaves from another country"
        );
    }

    #[test]
    fn a_place_is_json_as_country_and_province_codes() {
        let place = Place::in_afghanistan(Province::Nangarhar);
        let json = serde_json::to_string(&place).unwrap();
        assert_eq!(json, r#"{"country":"AF","province":"AF-NAN"}"#);
        assert_eq!(serde_json::from_str::<Place>(&json).unwrap(), place);
        let abroad: Place = serde_json::from_str(r#"{"country":"IR","province":null}"#).unwrap();
        assert_eq!(abroad, Place::abroad(country("IR")));
        assert!(serde_json::from_str::<Place>(r#"{"country":"AF","city":"Kabul"}"#).is_err());
    }

    #[test]
    fn scores_are_numbers_from_zero_to_one() {
        for good in [0.0, 0.25, 0.5, 1.0] {
            assert_eq!(Score::new(good).unwrap().value(), good);
        }
        assert_eq!(Score::new(0.0), Ok(Score::MIN));
        assert_eq!(Score::new(1.0), Ok(Score::MAX));
        for bad in [
            f64::NAN,
            -0.01,
            1.01,
            -f64::MIN_POSITIVE,
            1.0 + f64::EPSILON,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(Score::new(bad), Err(ScoreError), "{bad}");
        }
    }

    #[test]
    fn negative_zero_is_kept_as_zero() {
        let score = Score::new(-0.0).unwrap();
        assert!(score.value().is_sign_positive());
        assert_eq!(serde_json::to_string(&score).unwrap(), "0.0");
    }

    #[test]
    fn a_score_is_json_as_a_number() {
        let score = Score::new(0.75).unwrap();
        assert_eq!(serde_json::to_string(&score).unwrap(), "0.75");
        assert_eq!(serde_json::from_str::<Score>("0.75").unwrap(), score);
        assert_eq!(serde_json::from_str::<Score>("1").unwrap(), Score::MAX);
        assert_eq!(serde_json::from_str::<Score>("0").unwrap(), Score::MIN);
        for bad in ["1.5", "-0.1", "\"0.5\"", "null"] {
            assert!(serde_json::from_str::<Score>(bad).is_err(), "{bad}");
        }
    }

    fn scores(economic: f64, social: f64, psychosocial: f64) -> MonitoringScores {
        MonitoringScores {
            economic: Score::new(economic).unwrap(),
            social: Score::new(social).unwrap(),
            psychosocial: Score::new(psychosocial).unwrap(),
        }
    }

    #[test]
    fn sustainability_is_the_exact_mean_of_the_three_scores() {
        assert_eq!(scores(0.5, 1.0, 0.0).sustainability(), 0.5);
        assert_eq!(scores(0.0, 0.0, 0.0).sustainability(), 0.0);
        assert_eq!(scores(1.0, 1.0, 1.0).sustainability(), 1.0);
        assert_eq!(scores(0.25, 0.5, 0.75).sustainability(), 0.5);
        // Not rounded to two decimals: a third stays a third.
        assert_eq!(scores(1.0, 0.0, 0.0).sustainability(), 1.0 / 3.0);
        assert_eq!(scores(0.0, 1.0, 1.0).sustainability(), 2.0 / 3.0);
        assert_ne!(scores(1.0, 0.0, 0.0).sustainability(), 0.33);
        assert_ne!(scores(0.0, 1.0, 1.0).sustainability(), 0.67);
    }

    #[test]
    fn monitoring_scores_are_json_with_their_three_names() {
        let json = r#"{"economic":0.5,"social":1.0,"psychosocial":0.0}"#;
        let parsed: MonitoringScores = serde_json::from_str(json).unwrap();
        assert_eq!(parsed, scores(0.5, 1.0, 0.0));
        assert_eq!(serde_json::to_string(&parsed).unwrap(), json);
        assert!(
            serde_json::from_str::<MonitoringScores>(
                r#"{"economic":0.5,"social":1.2,"psychosocial":0.0}"#
            )
            .is_err()
        );
    }

    #[test]
    fn a_return_id_is_its_uuid_in_text_and_json() {
        let id = ReturnId(Uuid::from_u128(7));
        assert_eq!(id.to_string(), Uuid::from_u128(7).to_string());
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            format!("\"{}\"", Uuid::from_u128(7))
        );
    }

    #[test]
    fn vocabularies_round_trip_through_their_snake_case_names() {
        let statuses = [
            "requested",
            "counselling",
            "documents",
            "fit_to_travel",
            "travel_booked",
            "departed",
            "arrived",
            "reintegration",
            "monitoring",
            "completed",
            "cancelled",
        ];
        assert_eq!(ReturnStatus::ALL.len(), statuses.len());
        for (status, name) in ReturnStatus::ALL.iter().zip(statuses) {
            assert_eq!(status.as_str(), name);
            assert_eq!(name.parse::<ReturnStatus>(), Ok(*status));
            assert_eq!(
                serde_json::to_string(status).unwrap(),
                format!("\"{name}\"")
            );
        }
        let directions = ["to_afghanistan", "from_afghanistan"];
        assert_eq!(ReturnDirection::ALL.len(), directions.len());
        for (direction, name) in ReturnDirection::ALL.iter().zip(directions) {
            assert_eq!(direction.as_str(), name);
            assert_eq!(name.parse::<ReturnDirection>(), Ok(*direction));
            assert_eq!(
                serde_json::from_str::<ReturnDirection>(&format!("\"{name}\"")).unwrap(),
                *direction
            );
        }
        assert!("Departed".parse::<ReturnStatus>().is_err(), "case matters");
        assert!("to_af".parse::<ReturnDirection>().is_err());
    }
}
