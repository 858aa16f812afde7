//! Small-cell suppression for the counts of people in donor-facing funding reports.
//!
//! # Model
//!
//! A report is made of *groups*. A group is one population (people assisted, returns,
//! referrals) with a *total* and several *breakdowns* of it (by sex, age group, province,
//! ...): every breakdown's cells are counts that sum to the group's total. Some groups print
//! their total and some do not, but a total is derivable from any breakdown shown in full, so
//! it is treated as published unless it is suppressed here.
//!
//! Each value becomes a [`Cell`]: a number, `"<5"` ([`Cell::Small`], for the threshold 5) or
//! `"x"` ([`Cell::Hidden`]).
//!
//! - **Primary suppression**: a count with `1 <= count < min` is `"<min"`, the total too.
//!   Zeros are always shown.
//! - **Secondary suppression**: a count of at least `min` becomes `"x"` when showing it would
//!   let someone work out a suppressed value. `"x"` is only ever put on counts of at least
//!   `min` and on a total of at least `min`.
//!
//! # Adversary model
//!
//! The adversary knows every shown value; that a `"<min"` value lies in `[1, min - 1]`; that
//! an `"x"` value, cell or total, lies in `[min, ∞)` (it would be `"<min"` otherwise); that
//! every breakdown of a group sums to the same total; and the total when it is shown. A
//! suppressed value is *recoverable* when these constraints leave it exactly one possible
//! value. The adversary is not assumed to know which cell the algorithm would pick.
//!
//! A group is judged on its own. Counts published outside it that repeat or difference its
//! values (a service's count of people equal to a suppressed total, the same report for
//! overlapping periods) are the report's concern: related counts belong in one group.
//!
//! # Algorithm
//!
//! Given a range for the total, one breakdown constrains its cells by a single sum over
//! intervals, so the possible values of a cell form an interval whose ends follow from the
//! other cells' bounds; with the total hidden, the possible totals are the intersection of
//! every breakdown's range of sums. [`suppress_group`] computes these intervals exactly and,
//! after primary suppression, hides one more value at a time until nothing is recoverable:
//!
//! 1. In the first breakdown with a recoverable value and a shown non-zero count, the
//!    smallest shown non-zero count becomes `"x"` (ties: the first).
//! 2. Otherwise, if the total is shown, it becomes `"x"`: a breakdown has a recoverable value
//!    and nothing left to hide, as in `6 = 1 + 5`.
//! 3. Otherwise the smallest shown non-zero count among the breakdowns whose range of sums
//!    bounds the total becomes `"x"` (a breakdown shown in full always does, so none stays
//!    whole), or failing that the smallest anywhere.
//!
//! The loop ends with nothing recoverable, or with every count of at least `min` and the
//! total hidden: the most suppressed labelling the rules allow.
//!
//! # Residual disclosure
//!
//! Some groups cannot be protected by any labelling these rules allow, because `"<min"`
//! and shown zeros are compulsory. With `min = 5`: a total of 4 with a breakdown `1, 1, 1, 1`
//! (four `"<5"` cells force a total of at least 4, a `"<5"` total at most 4); or a total of 8
//! with breakdowns `4, 4` and `1, 1, 1, 5` (the first sums to at most 8, the second to at
//! least 8). [`SuppressedGroup::protected`] is then `false`; the caller should withhold the
//! group's breakdowns rather than publish them.
//!
//! `protected` is `false` only when no allowed labelling could protect the group. Hiding a
//! shown value only adds possibilities, so whatever is recoverable in the most suppressed
//! labelling is recoverable in every other one as long as it stays suppressed there, and
//! `"<min"` values always do. In the most suppressed labelling, in turn, an `"x"` cell can
//! only be recoverable if the total is; the total then has an upper bound, which only a
//! breakdown without `"x"` gives, and it is recoverable only if that breakdown's `"<min"`
//! cells are all `min - 1`, and so recoverable themselves.
//!
//! The threshold is at least 3 because `"<2"` would publish the value 1 itself.

use std::fmt;

use serde::{Serialize, Serializer};

/// The smallest count of people a donor-facing report may show as a number.
///
/// Counts from 1 to one below the threshold are shown as `"<threshold"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
#[serde(try_from = "u64")]
pub struct Threshold(u64);

impl Threshold {
    /// The lowest threshold accepted: with 2, `"<2"` would publish the value 1.
    pub const LOWEST: u64 = 3;

    /// The default threshold: counts of 1–4 are shown as `"<5"`.
    pub const DEFAULT: Threshold = Threshold(5);

    /// A threshold of `min`, which must be at least [`Threshold::LOWEST`].
    pub fn new(min: u64) -> Result<Self, ThresholdError> {
        if min < Self::LOWEST {
            return Err(ThresholdError { given: min });
        }
        Ok(Self(min))
    }

    /// The threshold as a number.
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl Default for Threshold {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl TryFrom<u64> for Threshold {
    type Error = ThresholdError;

    fn try_from(min: u64) -> Result<Self, Self::Error> {
        Self::new(min)
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A suppression threshold below [`Threshold::LOWEST`] was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the suppression threshold must be at least {lowest}, not {given}", lowest = Threshold::LOWEST)]
pub struct ThresholdError {
    /// The threshold that was refused.
    pub given: u64,
}

/// A count of people as a donor may see it.
///
/// Serialised as a JSON number, as `"<5"` (with the actual threshold) or as `"x"`; its
/// [`Display`](fmt::Display) form is the same text, for CSV and XLSX exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// The count itself: zero, or at least the threshold.
    Count(u64),
    /// A count from 1 to one below the threshold (primary suppression).
    Small(Threshold),
    /// A count of at least the threshold, hidden so that no small count can be worked out
    /// (secondary suppression).
    Hidden,
}

impl Cell {
    fn is_suppressed(self) -> bool {
        !matches!(self, Cell::Count(_))
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Count(count) => count.fmt(f),
            Cell::Small(min) => write!(f, "<{min}"),
            Cell::Hidden => f.write_str("x"),
        }
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Count(count) => serializer.serialize_u64(*count),
            Cell::Small(_) | Cell::Hidden => serializer.collect_str(self),
        }
    }
}

/// A group after suppression: its total and its breakdowns, cell for cell in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressedGroup {
    /// The group's total. A group that does not print its total can ignore it: when it is
    /// `Hidden`, no breakdown is left whole to give it away.
    pub total: Cell,
    /// The breakdowns, in the order given.
    pub breakdowns: Vec<Vec<Cell>>,
    /// Whether no suppressed value is recoverable under the module's adversary model.
    /// `false` only when no labelling allowed by the rules could achieve it (see the module
    /// documentation); the caller should then withhold the breakdowns.
    pub protected: bool,
}

/// A breakdown's counts do not add up to the group's total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("breakdown {breakdown} sums to {sum}, not to the group total {total}")]
pub struct UnbalancedBreakdown {
    /// The position of the breakdown in the input, from 0.
    pub breakdown: usize,
    /// What its counts sum to.
    pub sum: u128,
    /// The group's total.
    pub total: u64,
}

/// Suppresses a count that is published on its own, with no breakdown that could give it
/// away (people per type of service, for example): primary suppression only.
pub fn suppress_count(count: u64, min: Threshold) -> Cell {
    if (1..min.0).contains(&count) {
        Cell::Small(min)
    } else {
        Cell::Count(count)
    }
}

/// Suppresses a group's total and breakdowns so that no count of 1 to `min - 1` people, and
/// no value hidden to protect one, can be worked out from what is shown.
///
/// Every breakdown must sum to `total`.
pub fn suppress_group<B: AsRef<[u64]>>(
    total: u64,
    breakdowns: &[B],
    min: Threshold,
) -> Result<SuppressedGroup, UnbalancedBreakdown> {
    for (index, breakdown) in breakdowns.iter().enumerate() {
        let sum: u128 = breakdown.as_ref().iter().map(|&c| u128::from(c)).sum();
        if sum != u128::from(total) {
            return Err(UnbalancedBreakdown {
                breakdown: index,
                sum,
                total,
            });
        }
    }
    let mut group = SuppressedGroup {
        total: suppress_count(total, min),
        breakdowns: breakdowns
            .iter()
            .map(|b| b.as_ref().iter().map(|&c| suppress_count(c, min)).collect())
            .collect(),
        protected: false,
    };
    loop {
        let exposure = Exposure::of(&group, min);
        if exposure.is_safe() {
            group.protected = true;
            return Ok(group);
        }
        if !group.hide_more(&exposure) {
            return Ok(group);
        }
    }
}

impl SuppressedGroup {
    /// Hides one more value, following the steps in the module documentation. Returns
    /// `false` when every count and total of at least the threshold is already hidden.
    fn hide_more(&mut self, exposure: &Exposure) -> bool {
        let exposed = exposure
            .breakdowns
            .iter()
            .zip(&self.breakdowns)
            .position(|(found, cells)| found.recoverable && smallest_shown(cells).is_some());
        if let Some(b) = exposed {
            return self.hide_smallest(|index| index == b);
        }
        if let Cell::Count(total) = self.total
            && total > 0
        {
            self.total = Cell::Hidden;
            return true;
        }
        let binding = |b: usize| {
            let sums = exposure.breakdowns[b].sums;
            sums.lo == exposure.totals.lo || (sums.hi.is_some() && sums.hi == exposure.totals.hi)
        };
        self.hide_smallest(binding) || self.hide_smallest(|_| true)
    }

    /// Hides the smallest shown non-zero count among the breakdowns `eligible` accepts
    /// (ties: the first breakdown, then the first cell). Returns whether there was one.
    fn hide_smallest(&mut self, eligible: impl Fn(usize) -> bool) -> bool {
        let found = self
            .breakdowns
            .iter()
            .enumerate()
            .filter(|&(b, _)| eligible(b))
            .filter_map(|(b, cells)| smallest_shown(cells).map(|(i, count)| (count, b, i)))
            .min();
        match found {
            Some((_, b, i)) => {
                self.breakdowns[b][i] = Cell::Hidden;
                true
            }
            None => false,
        }
    }
}

/// The position and value of the smallest shown non-zero count (the first of equals).
fn smallest_shown(cells: &[Cell]) -> Option<(usize, u64)> {
    cells
        .iter()
        .enumerate()
        .filter_map(|(i, cell)| match cell {
            Cell::Count(count) if *count > 0 => Some((i, *count)),
            _ => None,
        })
        .min_by_key(|&(i, count)| (count, i))
}

/// The integers from `lo` to `hi` (unbounded when `hi` is `None`). Wide enough that sums
/// of many large bounds cannot overflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Range {
    lo: u128,
    hi: Option<u128>,
}

impl Range {
    /// What the adversary knows of a value from its label alone.
    fn of(cell: Cell, min: Threshold) -> Self {
        let min = u128::from(min.0);
        match cell {
            Cell::Count(count) => Range {
                lo: u128::from(count),
                hi: Some(u128::from(count)),
            },
            Cell::Small(_) => Range {
                lo: 1,
                hi: Some(min - 1),
            },
            Cell::Hidden => Range { lo: min, hi: None },
        }
    }

    /// The possible sums of values taken from each of `ranges`.
    fn sum(ranges: impl Iterator<Item = Range>) -> Self {
        ranges.fold(Range { lo: 0, hi: Some(0) }, |acc, r| Range {
            lo: acc.lo + r.lo,
            hi: acc.hi.zip(r.hi).map(|(a, b)| a + b),
        })
    }

    fn is_single(self) -> bool {
        self.hi == Some(self.lo)
    }
}

/// What the adversary can conclude about a labelled group.
#[derive(Debug)]
struct Exposure {
    /// The possible totals.
    totals: Range,
    /// Whether the total is suppressed yet has only one possible value.
    total_recoverable: bool,
    breakdowns: Vec<BreakdownExposure>,
}

#[derive(Debug)]
struct BreakdownExposure {
    /// The possible sums of the breakdown from its labels alone.
    sums: Range,
    /// Whether one of its suppressed cells has only one possible value.
    recoverable: bool,
}

impl Exposure {
    fn of(group: &SuppressedGroup, min: Threshold) -> Self {
        let ranges: Vec<Vec<Range>> = group
            .breakdowns
            .iter()
            .map(|cells| cells.iter().map(|&c| Range::of(c, min)).collect())
            .collect();
        let sums: Vec<Range> = ranges
            .iter()
            .map(|cells| Range::sum(cells.iter().copied()))
            .collect();
        // Breakdowns constrain one another only through the total: the possible totals are
        // the intersection of each breakdown's possible sums.
        let totals = sums
            .iter()
            .fold(Range::of(group.total, min), |acc, s| Range {
                lo: acc.lo.max(s.lo),
                hi: match (acc.hi, s.hi) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                },
            });
        let breakdowns = group
            .breakdowns
            .iter()
            .zip(&ranges)
            .zip(&sums)
            .map(|((cells, cell_ranges), &sums)| BreakdownExposure {
                sums,
                recoverable: cells.iter().enumerate().any(|(i, cell)| {
                    cell.is_suppressed() && possible_values(cell_ranges, i, totals).is_single()
                }),
            })
            .collect();
        Exposure {
            totals,
            total_recoverable: group.total.is_suppressed() && totals.is_single(),
            breakdowns,
        }
    }

    fn is_safe(&self) -> bool {
        !self.total_recoverable && !self.breakdowns.iter().any(|b| b.recoverable)
    }
}

/// The possible values of cell `i` of a breakdown whose sum lies in `totals`.
///
/// For a fixed total `t` they are `[max(lo_i, t - Σ hi_j), min(hi_i, t - Σ lo_j)]` over the
/// other cells `j`; both ends grow by at most one as `t` grows, so over a range of totals
/// they form the interval from the value at the lowest total to that at the highest.
fn possible_values(cells: &[Range], i: usize, totals: Range) -> Range {
    let others = Range::sum(
        cells
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, &r)| r),
    );
    let own = cells[i];
    Range {
        lo: match others.hi {
            Some(hi) => own.lo.max(totals.lo.saturating_sub(hi)),
            None => own.lo,
        },
        hi: match (own.hi, totals.hi.map(|t| t.saturating_sub(others.lo))) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min(m: u64) -> Threshold {
        Threshold::new(m).expect("a valid threshold")
    }

    fn small() -> Cell {
        Cell::Small(Threshold::DEFAULT)
    }

    fn suppress(total: u64, breakdowns: &[&[u64]]) -> SuppressedGroup {
        suppress_group(total, breakdowns, Threshold::DEFAULT).expect("balanced breakdowns")
    }

    use Cell::{Count, Hidden};

    #[test]
    fn the_api_example_hides_the_count_that_would_give_away_the_small_one() {
        let group = suppress(8, &[&[5, 3, 0, 0]]);
        assert_eq!(group.total, Count(8));
        assert_eq!(
            group.breakdowns,
            [vec![Hidden, small(), Count(0), Count(0)]]
        );
        assert!(group.protected);
    }

    #[test]
    fn a_breakdown_without_small_counts_is_unchanged() {
        let group = suppress(30, &[&[12, 0, 18], &[30]]);
        assert_eq!(group.total, Count(30));
        assert_eq!(
            group.breakdowns,
            [vec![Count(12), Count(0), Count(18)], vec![Count(30)]]
        );
        assert!(group.protected);
    }

    #[test]
    fn a_total_below_the_threshold_is_small_and_so_is_every_non_zero_cell() {
        let group = suppress(3, &[&[2, 1, 0], &[3, 0]]);
        assert_eq!(group.total, small());
        assert_eq!(
            group.breakdowns,
            [vec![small(), small(), Count(0)], vec![small(), Count(0)]]
        );
        assert!(group.protected);
    }

    #[test]
    fn two_small_counts_that_could_vary_need_no_secondary_suppression() {
        let group = suppress(20, &[&[2, 3, 15]]);
        assert_eq!(group.breakdowns, [vec![small(), small(), Count(15)]]);
    }

    #[test]
    fn of_equal_smallest_counts_the_first_is_hidden() {
        let group = suppress(16, &[&[7, 2, 7]]);
        assert_eq!(group.total, Count(16));
        assert_eq!(group.breakdowns, [vec![Hidden, small(), Count(7)]]);
        assert!(group.protected);
    }

    #[test]
    fn when_nothing_is_left_to_hide_the_total_is_hidden_and_no_breakdown_stays_whole() {
        // 6 = 1 + 5: with the 5 hidden the "<5" is still 6 - 5 = 1, so the total goes, and
        // then the second breakdown would give the total back unless one of its counts goes.
        let group = suppress(6, &[&[1, 5], &[0, 6]]);
        assert_eq!(group.total, Hidden);
        assert_eq!(
            group.breakdowns,
            [vec![small(), Hidden], vec![Count(0), Hidden]]
        );
        assert!(group.protected);
    }

    #[test]
    fn a_breakdown_of_ones_that_fills_a_small_total_cannot_be_protected() {
        let group = suppress(4, &[&[1, 1, 1, 1], &[4]]);
        assert_eq!(group.breakdowns[0], [small(); 4]);
        assert!(!group.protected);
    }

    #[test]
    fn breakdowns_whose_bounds_meet_cannot_be_protected() {
        let group = suppress(8, &[&[4, 4], &[1, 1, 1, 5]]);
        assert_eq!(group.breakdowns[1], [small(), small(), small(), Hidden]);
        assert!(!group.protected);
    }

    #[test]
    fn a_breakdown_that_does_not_add_up_is_refused() {
        let error = suppress_group(8, &[vec![5, 3], vec![5, 2]], Threshold::DEFAULT);
        assert_eq!(
            error,
            Err(UnbalancedBreakdown {
                breakdown: 1,
                sum: 7,
                total: 8
            })
        );
    }

    #[test]
    fn a_standalone_count_gets_primary_suppression_only() {
        let three = min(3);
        assert_eq!(suppress_count(0, three), Count(0));
        assert_eq!(suppress_count(2, three), Cell::Small(three));
        assert_eq!(suppress_count(3, three), Count(3));
    }

    #[test]
    fn a_threshold_below_three_is_refused() {
        assert_eq!(Threshold::new(2), Err(ThresholdError { given: 2 }));
        assert_eq!(Threshold::default().get(), 5);
        let parsed: Threshold = serde_json::from_str("10").expect("a threshold");
        assert_eq!(parsed.get(), 10);
        assert!(serde_json::from_str::<Threshold>("1").is_err());
    }

    #[test]
    fn cells_serialise_as_a_number_the_threshold_or_x() {
        let cells = [Count(12), small(), Hidden, Cell::Small(min(10))];
        let json = serde_json::to_string(&cells).expect("serialisable");
        assert_eq!(json, r#"[12,"<5","x","<10"]"#);
        assert_eq!(small().to_string(), "<5");
    }

    /// What an adversary can conclude, found by enumerating values rather than by the
    /// interval reasoning of the code under test. A set of values is a bit set over
    /// `0..=bound` (at most 63), with `bound` far above every true value. Leaving out larger
    /// values can only make the adversary look stronger, so the bound cannot hide a leak.
    mod adversary {
        use super::super::Cell;

        /// The bits of `set`, lowest first.
        fn members(mut set: u64) -> impl Iterator<Item = u32> {
            std::iter::from_fn(move || {
                let lowest = set.trailing_zeros();
                set &= set.checked_sub(1)?;
                Some(lowest)
            })
        }

        /// The values from `lo` to `hi`, with `hi` at most 63.
        fn span(lo: u64, hi: u64) -> u64 {
            (u64::MAX >> (63 - hi)) & (u64::MAX << lo)
        }

        /// The values a label allows.
        fn values(cell: Cell, min: u64, bound: u64) -> u64 {
            match cell {
                Cell::Count(v) => 1 << v,
                Cell::Small(_) => span(1, min - 1),
                Cell::Hidden => span(min, bound),
            }
        }

        /// Every sum reachable by choosing one value from each set.
        fn sums(sets: impl Iterator<Item = u64>, bound: u64) -> u64 {
            let reachable = sets.fold(1, |reachable, set| {
                members(set).fold(0, |acc, v| acc | reachable << v)
            });
            reachable & span(0, bound)
        }

        /// Whether every suppressed value keeps at least two possible values. Also checks
        /// that the true values stay possible, so that a broken adversary cannot pass.
        pub fn is_safe(
            input: (u64, &[&[u64]]),
            shown: (Cell, &[Vec<Cell>]),
            min: u64,
            bound: u64,
        ) -> bool {
            let sets: Vec<Vec<u64>> = shown
                .1
                .iter()
                .map(|cells| cells.iter().map(|&c| values(c, min, bound)).collect())
                .collect();
            // A total is possible if every breakdown can reach it.
            let totals = sets.iter().fold(values(shown.0, min, bound), |acc, cells| {
                acc & sums(cells.iter().copied(), bound)
            });
            assert!(
                totals >> input.0 & 1 == 1,
                "the true total must stay possible"
            );
            let mut safe = !shown.0.is_suppressed() || totals.count_ones() >= 2;
            for ((values, labels), sets) in input.1.iter().zip(shown.1).zip(&sets) {
                for (i, label) in labels.iter().enumerate() {
                    if !label.is_suppressed() {
                        continue;
                    }
                    // A value is possible if the other cells can make up the rest of some
                    // possible total.
                    let others = sums(
                        sets.iter()
                            .enumerate()
                            .filter(|&(j, _)| j != i)
                            .map(|(_, &s)| s),
                        bound,
                    );
                    let possible = members(sets[i])
                        .filter(|&v| totals >> v & others != 0)
                        .fold(0u64, |set, v| set | 1 << v);
                    assert!(
                        possible >> values[i] & 1 == 1,
                        "a true value must stay possible"
                    );
                    safe &= possible.count_ones() >= 2;
                }
            }
            safe
        }
    }

    /// Calls `each` with every way to split `total` into `parts` ordered counts.
    fn compositions(
        total: u64,
        parts: usize,
        prefix: &mut Vec<u64>,
        each: &mut impl FnMut(&[u64]),
    ) {
        if parts == 1 {
            prefix.push(total);
            each(prefix);
            prefix.pop();
            return;
        }
        for first in 0..=total {
            prefix.push(first);
            compositions(total - first, parts - 1, prefix, each);
            prefix.pop();
        }
    }

    /// Whether some labelling the rules allow (each count and total of at least `min` shown
    /// or hidden, everything else fixed) leaves nothing recoverable.
    fn some_labelling_is_safe(input: (u64, &[&[u64]]), min: u64, bound: u64) -> bool {
        let (total, breakdowns) = input;
        let threshold = Threshold(min);
        let mut choices: Vec<Option<(usize, usize)>> = breakdowns
            .iter()
            .enumerate()
            .flat_map(|(b, cells)| {
                let large = cells.iter().enumerate().filter(|&(_, &c)| c >= min);
                large.map(move |(i, _)| Some((b, i)))
            })
            .collect();
        if total >= min {
            choices.push(None);
        }
        (0..1u64 << choices.len()).any(|hidden| {
            let mut total_label = suppress_count(total, threshold);
            let mut labels: Vec<Vec<Cell>> = breakdowns
                .iter()
                .map(|cells| {
                    cells
                        .iter()
                        .map(|&c| suppress_count(c, threshold))
                        .collect()
                })
                .collect();
            for (bit, choice) in choices.iter().enumerate() {
                if hidden >> bit & 1 == 1 {
                    match choice {
                        Some((b, i)) => labels[*b][*i] = Hidden,
                        None => total_label = Hidden,
                    }
                }
            }
            adversary::is_safe(input, (total_label, &labels), min, bound)
        })
    }

    /// Suppresses every group of `breakdowns` breakdowns of 2 to `max_cells` cells each and a
    /// total up to `max_total`, and checks each against the adversary. Returns the number of
    /// groups and of those that no labelling could protect.
    fn check_every_group(
        min: u64,
        max_total: u64,
        breakdowns: usize,
        max_cells: usize,
    ) -> (usize, usize) {
        let threshold = Threshold(min);
        let bound = 3 * max_total;
        let (mut groups, mut unprotectable) = (0, 0);
        for total in 0..=max_total {
            let mut splits = Vec::new();
            for parts in 2..=max_cells {
                compositions(total, parts, &mut Vec::new(), &mut |s| {
                    splits.push(s.to_vec())
                });
            }
            let splits: Vec<&[u64]> = splits.iter().map(Vec::as_slice).collect();
            every_choice(&splits, breakdowns, &mut Vec::new(), &mut |chosen| {
                let input = (total, chosen);
                let group = suppress_group(total, chosen, threshold).expect("balanced");
                check_labels(input, &group, min);
                let shown = (group.total, group.breakdowns.as_slice());
                let safe = adversary::is_safe(input, shown, min, bound);
                assert_eq!(group.protected, safe, "{input:?} → {group:?}");
                if !safe {
                    let avoidable = some_labelling_is_safe(input, min, bound);
                    assert!(!avoidable, "{input:?} → {group:?}");
                    unprotectable += 1;
                }
                groups += 1;
            });
        }
        (groups, unprotectable)
    }

    /// Calls `each` with every sequence of `count` items of `items`, repeats allowed.
    fn every_choice<'a, T>(
        items: &[&'a T],
        count: usize,
        chosen: &mut Vec<&'a T>,
        each: &mut impl FnMut(&[&'a T]),
    ) where
        T: ?Sized,
    {
        if chosen.len() == count {
            return each(chosen);
        }
        for &item in items {
            chosen.push(item);
            every_choice(items, count, chosen, each);
            chosen.pop();
        }
    }

    /// The labels follow the rules: shown values are the true ones, zeros are shown, `"<min"`
    /// is exactly the counts from 1 to `min - 1` and `"x"` only hides counts of at least `min`.
    fn check_labels(input: (u64, &[&[u64]]), group: &SuppressedGroup, min: u64) {
        let cells = input.1.iter().zip(&group.breakdowns);
        let pairs = std::iter::once((input.0, group.total))
            .chain(cells.flat_map(|(v, c)| v.iter().copied().zip(c.iter().copied())));
        for (value, cell) in pairs {
            match cell {
                Count(shown) => assert!(shown == value && !(1..min).contains(&value)),
                Cell::Small(m) => assert!(m.get() == min && (1..min).contains(&value)),
                Hidden => assert!(value >= min),
            }
        }
    }

    // The exhaustive runs are separate tests so that they run in parallel. Threshold 3
    // reaches with small totals the shapes that need larger ones at 5 (two hidden counts in
    // a breakdown, a hidden total bounded from both sides); threshold 5 is the one reports
    // use; three breakdowns check that the reasoning across breakdowns holds beyond a pair.

    #[test]
    fn with_threshold_3_no_pair_of_breakdowns_leaks_a_value_that_could_be_protected() {
        let (groups, unprotectable) = check_every_group(3, 8, 2, 4);
        println!("threshold 3, 2 breakdowns: {groups} groups, {unprotectable} unprotectable");
    }

    #[test]
    fn with_threshold_5_no_pair_of_breakdowns_leaks_a_value_that_could_be_protected() {
        let (groups, unprotectable) = check_every_group(5, 8, 2, 4);
        println!("threshold 5, 2 breakdowns: {groups} groups, {unprotectable} unprotectable");
    }

    #[test]
    fn with_three_breakdowns_no_group_leaks_a_value_that_could_be_protected() {
        let (groups, unprotectable) = check_every_group(3, 6, 3, 3);
        println!("threshold 3, 3 breakdowns: {groups} groups, {unprotectable} unprotectable");
    }
}
