//! Prosecution: the laws that apply to trafficking cases, and the legal proceedings that
//! follow a referral for investigation or prosecution.
//!
//! Laws are reference data, not code: a [`LawCode`] names whatever law the database holds
//! (`lkht_2008`, `ctip_2017`, and any added later), and a proceeding records the law and
//! the articles that applied when it was opened.
//!
//! A proceeding's stages follow DOMAIN.md: `reported → investigation → prosecution →
//! trial → verdict → appeal → closed`. [`ProceedingStage::transition`] is the one place
//! that says which moves exist and when an outcome goes with them. No accused person's
//! identity is ever part of a proceeding: only how many were accused.

use std::fmt;

use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::enums::vocabulary;
use crate::{CaseId, OrganizationId, Province, ReferralId, UserId};

/// The most characters of a law's code.
pub const MAX_LAW_CODE_CHARS: usize = 32;

/// The string given is not a law's code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a law code (lower-case letters, digits and underscores, at most 32)")]
pub struct LawCodeError;

/// A law's stable code, such as `lkht_2008`: lower-case ASCII letters, digits and single
/// underscores, starting with a letter. Which codes exist is data (the `laws` table).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct LawCode(String);

impl LawCode {
    /// The code as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for LawCode {
    type Err = LawCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let shaped = s.len() <= MAX_LAW_CODE_CHARS
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && !s.ends_with('_')
            && !s.contains("__")
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if shaped {
            Ok(LawCode(s.to_owned()))
        } else {
            Err(LawCodeError)
        }
    }
}

impl<'de> serde::Deserialize<'de> for LawCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

eserde::impl_edeserialize_compat!(LawCode);

impl fmt::Display for LawCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One article of a law.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawArticle {
    /// Its number as the law writes it (`"3"`, `"10a"`).
    pub number: String,
    /// Its short title.
    pub title: String,
}

/// A law under which trafficking cases are prosecuted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Law {
    /// Its code.
    pub code: LawCode,
    /// Its title in English.
    pub title: String,
    /// When it was enacted.
    pub enacted_on: Date,
    /// Its articles, in the law's order.
    pub articles: Vec<LawArticle>,
}

/// The identifier of a legal proceeding.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct ProceedingId(pub Uuid);

impl fmt::Display for ProceedingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

vocabulary! {
    /// Where a legal proceeding stands, in the order the stages happen.
    ProceedingStage, ProceedingStageError, "a proceeding stage" {
        /// The crime was reported to the police.
        Reported => "reported",
        /// The police investigate.
        Investigation => "investigation",
        /// The prosecutor prepares the charges.
        Prosecution => "prosecution",
        /// A court tries the accused.
        Trial => "trial",
        /// The court has decided.
        Verdict => "verdict",
        /// The verdict is appealed.
        Appeal => "appeal",
        /// Nothing more will happen; final.
        Closed => "closed",
    }
}

vocabulary! {
    /// How a proceeding ended in court, or that it was dismissed.
    ProceedingOutcome, ProceedingOutcomeError, "a proceeding outcome" {
        /// At least one accused was convicted.
        Conviction => "conviction",
        /// The accused were acquitted.
        Acquittal => "acquittal",
        /// The case was dismissed.
        Dismissed => "dismissed",
    }
}

/// Why a proceeding cannot make a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProceedingMoveError {
    /// The stages do not allow the move (409 `invalid_transition`).
    #[error("cannot move a proceeding from {from} to {to}")]
    Stage {
        /// The current stage.
        from: ProceedingStage,
        /// The stage asked for.
        to: ProceedingStage,
    },
    /// A verdict was recorded without its outcome (422 on `outcome`).
    #[error("a verdict needs an outcome")]
    OutcomeRequired,
    /// An outcome was given where the move records none, or one this move cannot have
    /// (422 on `outcome`).
    #[error("this move records no such outcome")]
    OutcomeNotAllowed,
}

impl ProceedingMoveError {
    /// Whether the refusal is about the outcome sent rather than the stages.
    pub const fn is_about_outcome(self) -> bool {
        !matches!(self, ProceedingMoveError::Stage { .. })
    }
}

impl ProceedingStage {
    /// The next stage on the way to `closed`, or `None` from `closed`.
    pub const fn next(self) -> Option<ProceedingStage> {
        use ProceedingStage::*;
        match self {
            Reported => Some(Investigation),
            Investigation => Some(Prosecution),
            Prosecution => Some(Trial),
            Trial => Some(Verdict),
            Verdict => Some(Appeal),
            Appeal => Some(Closed),
            Closed => None,
        }
    }

    /// Whether a proceeding may move from this stage to `to`, recording `outcome`.
    ///
    /// It moves one stage at a time, and may be closed from any stage: an investigation
    /// can be dropped, charges withdrawn, a verdict left unappealed. Moving to `verdict`
    /// (from `trial` only) needs the court's outcome; `appeal` comes only after a verdict.
    /// Closing before a verdict may record that the case was `dismissed`, and closing
    /// after an appeal may record the appeal's outcome, which replaces the verdict's;
    /// every other move records no outcome, so that the outcome a report counts is always
    /// the last court's.
    pub fn transition(
        self,
        to: ProceedingStage,
        outcome: Option<ProceedingOutcome>,
    ) -> Result<(), ProceedingMoveError> {
        use ProceedingStage::*;
        let closing = to == Closed && self != Closed;
        if !closing && self.next() != Some(to) {
            return Err(ProceedingMoveError::Stage { from: self, to });
        }
        match (self, to, outcome) {
            (_, Verdict, None) => Err(ProceedingMoveError::OutcomeRequired),
            (_, Verdict, Some(_)) | (_, _, None) => Ok(()),
            (Appeal, Closed, Some(_)) => Ok(()),
            (
                Reported | Investigation | Prosecution | Trial,
                Closed,
                Some(ProceedingOutcome::Dismissed),
            ) => Ok(()),
            _ => Err(ProceedingMoveError::OutcomeNotAllowed),
        }
    }
}

/// A criminal case that follows a trafficking case: no accused's identity, only their
/// number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalProceeding {
    /// Identifier.
    pub id: ProceedingId,
    /// The IOM case of the victim.
    pub case_id: CaseId,
    /// The referral for investigation or prosecution it follows, if any.
    pub referral_id: Option<ReferralId>,
    /// The law that applied.
    pub law: LawCode,
    /// The articles charged, numbers of that law.
    pub articles: Vec<String>,
    /// When the crime was reported.
    pub reported_on: Date,
    /// Where the proceeding runs.
    pub province: Province,
    /// Where it stands.
    pub stage: ProceedingStage,
    /// The last court's outcome, or that it was dismissed.
    pub outcome: Option<ProceedingOutcome>,
    /// How many people were accused.
    pub accused_count: Option<u32>,
    /// Whether the victim testified.
    pub victim_testified: bool,
    /// Whether the victim had legal aid.
    pub legal_aid: bool,
    /// Who opened it.
    pub created_by: UserId,
    /// Optimistic-concurrency version.
    pub version: i64,
    /// When it was opened.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

/// One entry of a proceeding's history. Kept for every move, never changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProceedingStep {
    /// The stage reached.
    pub stage: ProceedingStage,
    /// The outcome recorded with it.
    pub outcome: Option<ProceedingOutcome>,
    /// When.
    pub at: OffsetDateTime,
    /// The organisation of whoever made the move.
    pub by_organization: OrganizationId,
    /// Why, in the actor's words.
    pub comment: Option<String>,
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// Every stage × stage × outcome, written out by hand from DOMAIN.md and the issue
    /// rather than derived from the implementation. One row per current stage; one column
    /// per stage asked for, named by its first three letters. Each cell holds four
    /// answers, for no outcome, `conviction`, `acquittal` and `dismissed`: `o` allowed,
    /// `s` refused by the stages (409), `r` refused for want of an outcome, `n` refused
    /// because the move records no such outcome (both 422).
    const STAGES: &str = "
                     rep  inv  pro  tri  ver  app  clo
        reported     ssss onnn ssss ssss ssss ssss onno
        investigation ssss ssss onnn ssss ssss ssss onno
        prosecution  ssss ssss ssss onnn ssss ssss onno
        trial        ssss ssss ssss ssss rooo ssss onno
        verdict      ssss ssss ssss ssss ssss onnn onnn
        appeal       ssss ssss ssss ssss ssss ssss oooo
        closed       ssss ssss ssss ssss ssss ssss ssss
    ";

    #[test]
    fn the_stage_table_covers_every_move_and_outcome() {
        let outcomes = [
            None,
            Some(ProceedingOutcome::Conviction),
            Some(ProceedingOutcome::Acquittal),
            Some(ProceedingOutcome::Dismissed),
        ];
        let mut lines = STAGES.lines().filter(|line| !line.trim().is_empty());
        let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
        assert_eq!(header.len(), ProceedingStage::ALL.len());
        for (abbreviation, column) in header.iter().zip(ProceedingStage::ALL) {
            assert!(column.as_str().starts_with(abbreviation), "{abbreviation}");
        }
        let mut seen = HashSet::new();
        for row in lines {
            let cells: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(cells.len(), 1 + ProceedingStage::ALL.len(), "{row}");
            let from: ProceedingStage = cells[0].parse().unwrap();
            for (to, cell) in ProceedingStage::ALL.iter().copied().zip(&cells[1..]) {
                assert_eq!(cell.len(), outcomes.len(), "{row}");
                for (outcome, answer) in outcomes.iter().copied().zip(cell.chars()) {
                    assert!(seen.insert((from, to, outcome)), "twice: {row}");
                    let expected = match answer {
                        'o' => Ok(()),
                        's' => Err(ProceedingMoveError::Stage { from, to }),
                        'r' => Err(ProceedingMoveError::OutcomeRequired),
                        'n' => Err(ProceedingMoveError::OutcomeNotAllowed),
                        other => panic!("unknown answer {other:?} in the table"),
                    };
                    assert_eq!(
                        from.transition(to, outcome),
                        expected,
                        "{from} to {to} with {outcome:?}"
                    );
                }
            }
        }
        assert_eq!(seen.len(), 7 * 7 * 4, "every cell is in the table");
    }

    #[test]
    fn a_proceeding_walks_from_reported_to_closed_one_stage_at_a_time() {
        let mut stage = ProceedingStage::Reported;
        let mut walked = vec![stage];
        while let Some(next) = stage.next() {
            let outcome =
                (next == ProceedingStage::Verdict).then_some(ProceedingOutcome::Conviction);
            stage.transition(next, outcome).unwrap();
            stage = next;
            walked.push(stage);
        }
        assert_eq!(walked, ProceedingStage::ALL);
    }

    #[test]
    fn a_refused_move_reads_as_a_sentence() {
        let refusal = ProceedingStage::Reported
            .transition(ProceedingStage::Appeal, None)
            .unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "cannot move a proceeding from reported to appeal"
        );
        assert!(!refusal.is_about_outcome());
        assert!(ProceedingMoveError::OutcomeRequired.is_about_outcome());
    }

    #[test]
    fn law_codes_are_lower_snake_case() {
        for good in ["lkht_2008", "ctip_2017", "penal_code_2017"] {
            assert_eq!(good.parse::<LawCode>().unwrap().as_str(), good);
        }
        for bad in [
            "",
            "LKHT_2008",
            "2008_law",
            "lkht__2008",
            "lkht_",
            "lkht-2008",
            &"a".repeat(33),
        ] {
            assert_eq!(bad.parse::<LawCode>(), Err(LawCodeError), "{bad}");
        }
    }
}
