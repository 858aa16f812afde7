//! The printed report typesets in each language, with its words where a reader finds
//! them and its suppressed counts said, never printed as numbers.

use panah_domain::{Cell, Language, Threshold};
use panah_reports::{
    ActivityBreakdown, Awareness, Breakdown, FundingReport, GrantRef, Participants, PeopleAssisted,
    Period, Proceedings, Referrals, Returns, Service, Spend, Total, Trainings,
};
use time::macros::date;

fn report() -> FundingReport {
    let breakdown = |cells: &[(&str, Cell)]| {
        Breakdown(cells.iter().map(|(k, c)| ((*k).to_owned(), *c)).collect())
    };
    FundingReport {
        grant: Some(GrantRef {
            id: uuid::Uuid::nil(),
            code: "US-CT-2026-01".into(),
            title: "Protection and return".into(),
            donor: "Government of the United States of America".into(),
        }),
        donor: None,
        period: Period {
            from: date!(2026 - 01 - 01),
            to: date!(2026 - 06 - 30),
        },
        currency: Some("USD".into()),
        min_cell_size: 5,
        people_assisted: PeopleAssisted {
            total: Cell::Count(42),
            by_sex: breakdown(&[
                ("female", Cell::Count(30)),
                ("male", Cell::Count(9)),
                ("other", Cell::Small(Threshold::DEFAULT)),
                ("unknown", Cell::Hidden),
            ]),
            by_age_group: breakdown(&[("9-17", Cell::Count(12)), ("18-20", Cell::Count(30))]),
            by_citizenship: breakdown(&[]),
            by_province: breakdown(&[]),
            by_category: breakdown(&[]),
        },
        services: vec![Service {
            service_type: "shelter".into(),
            count: Cell::Count(17),
            people: Cell::Count(17),
            cost_minor: 120_000,
            currency: "USD".into(),
        }],
        returns: Returns {
            by_direction: breakdown(&[]),
            by_status: breakdown(&[]),
        },
        referrals: Referrals {
            by_purpose: breakdown(&[]),
            by_status: breakdown(&[]),
        },
        spend: vec![Spend {
            budget_line_code: "DA".into(),
            name: "Direct assistance".into(),
            budget_minor: 1_000_000,
            spent_minor: 400_000,
            remaining_minor: 600_000,
            currency: "USD".into(),
            grant_code: "US-CT-2026-01".into(),
        }],
        trainings: Trainings {
            events: 2,
            participants: Participants {
                total: Cell::Count(24),
                by_sex: breakdown(&[("female", Cell::Count(9)), ("male", Cell::Count(15))]),
                by_organization_kind: breakdown(&[("moi_provincial", Cell::Count(24))]),
            },
        },
        awareness: Awareness {
            activities: 0,
            estimated_reach: 0,
            by_channel: ActivityBreakdown(Vec::new()),
            by_province: ActivityBreakdown(Vec::new()),
        },
        proceedings: Proceedings {
            total: Cell::Small(Threshold::DEFAULT),
            by_stage: breakdown(&[("trial", Cell::Small(Threshold::DEFAULT))]),
            by_outcome: breakdown(&[("none", Cell::Small(Threshold::DEFAULT))]),
        },
        totals: vec![Total {
            currency: "USD".into(),
            budget_minor: 1_000_000,
            spent_minor: 400_000,
            remaining_minor: 600_000,
        }],
    }
}

#[test]
fn the_report_typesets_in_every_language() {
    for language in Language::ALL {
        let pdf = panah_pdf::funding_report_pdf(&report(), language).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{language}");
    }
}

#[test]
fn a_suppressed_count_is_said_in_words_and_has_no_bar() {
    let view = panah_pdf::view(&report(), Language::Dari);
    let by_sex = &view.people[0];
    let other = &by_sex.bars[2];
    assert_eq!(other.value, None);
    assert!(
        other.text.contains("کمتر از") && other.text.contains('۵'),
        "{}",
        other.text
    );
    let unknown = &by_sex.bars[3];
    assert_eq!((unknown.value, unknown.text.as_str()), (None, "پنهان‌شده"));
    assert_eq!(by_sex.bars[0].value, Some(30));
    assert_eq!(by_sex.bars[0].text, "۳۰");
    assert_eq!(by_sex.scale, 30);
    assert_eq!(view.spend[0].percent, 40);
}
