//! The funding report's CSV and XLSX exports: layout, quoting, CSV injection, and an XLSX
//! read back from its zip to check what a spreadsheet will see.

// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used)]

use panah_domain::{Cell, Grant, GrantId, OrganizationId, Threshold};
use panah_domain::{FundingFigures, ServiceFigures, SpendFigures};
use panah_reports::csv::to_csv;
use panah_reports::xlsx::to_xlsx;
use panah_reports::{
    Activities, ActivityBreakdown, Awareness, Breakdown, FundingReport, GrantRef, Participants,
    PeopleAssisted, Period, Proceedings, Referrals, Returns, Service, Spend, Subject, Total,
    Trainings, funding_report,
};
use panah_tests::xlsx::{Stored, Xlsx};
use time::OffsetDateTime;
use time::macros::date;
use uuid::Uuid;

const SMALL: Cell = Cell::Small(Threshold::DEFAULT);

fn breakdown(cells: &[(&str, Cell)]) -> Breakdown {
    Breakdown(cells.iter().map(|(k, c)| ((*k).to_owned(), *c)).collect())
}

/// A small report, built by hand so that these tests check the rendering and nothing of
/// the suppression that produced it.
fn report() -> FundingReport {
    FundingReport {
        grant: Some(GrantRef {
            id: Uuid::nil(),
            code: "US-CT-2026-01".into(),
            title: "Protection, return and reintegration".into(),
            donor: "The \"Example\" Fund".into(),
        }),
        donor: None,
        period: Period {
            from: date!(2026 - 01 - 01),
            to: date!(2026 - 06 - 30),
        },
        currency: Some("USD".into()),
        min_cell_size: 5,
        people_assisted: PeopleAssisted {
            total: Cell::Count(12),
            by_sex: breakdown(&[
                ("female", Cell::Hidden),
                ("male", SMALL),
                ("other", Cell::Count(0)),
                ("unknown", Cell::Count(0)),
            ]),
            by_age_group: breakdown(&[("18-20", Cell::Count(12))]),
            by_citizenship: breakdown(&[("AF", Cell::Count(12))]),
            by_province: breakdown(&[("AF-HER", Cell::Count(12))]),
            by_category: breakdown(&[("presumed_victim", Cell::Count(12))]),
        },
        services: vec![
            Service {
                service_type: "shelter".into(),
                count: Cell::Count(8),
                people: Cell::Count(6),
                cost_minor: 108_000,
                currency: "USD".into(),
            },
            Service {
                service_type: "medical".into(),
                count: SMALL,
                people: SMALL,
                cost_minor: 2_550,
                currency: "USD".into(),
            },
        ],
        returns: Returns {
            by_direction: breakdown(&[
                ("to_afghanistan", Cell::Count(5)),
                ("from_afghanistan", Cell::Count(0)),
            ]),
            by_status: breakdown(&[("completed", Cell::Count(5))]),
        },
        referrals: Referrals {
            by_purpose: breakdown(&[("investigation", SMALL)]),
            by_status: breakdown(&[("sent", SMALL)]),
        },
        trainings: Trainings {
            events: 3,
            participants: Participants {
                total: Cell::Count(41),
                by_sex: breakdown(&[("female", Cell::Count(12)), ("male", Cell::Count(29))]),
                by_organization_kind: breakdown(&[("moi_provincial", Cell::Count(41))]),
            },
        },
        awareness: Awareness {
            activities: 2,
            estimated_reach: 9_100,
            by_channel: ActivityBreakdown(vec![(
                "radio".into(),
                Activities {
                    activities: 2,
                    estimated_reach: 9_100,
                },
            )]),
            by_province: ActivityBreakdown(vec![(
                "AF-NAN".into(),
                Activities {
                    activities: 2,
                    estimated_reach: 9_100,
                },
            )]),
        },
        proceedings: Proceedings {
            total: SMALL,
            by_stage: breakdown(&[("trial", SMALL)]),
            by_outcome: breakdown(&[("none", SMALL)]),
        },
        spend: vec![
            Spend {
                grant_code: "US-CT-2026-01".into(),
                currency: "USD".into(),
                budget_line_code: "DA".into(),
                name: "Direct assistance".into(),
                budget_minor: 5_000_000,
                spent_minor: 108_000,
                remaining_minor: 4_892_000,
            },
            Spend {
                grant_code: "US-CT-2026-01".into(),
                currency: "USD".into(),
                budget_line_code: "RR".into(),
                name: "Return and reintegration".into(),
                budget_minor: 50_000,
                spent_minor: 100_000,
                remaining_minor: -50_000,
            },
        ],
        totals: vec![Total {
            currency: "USD".into(),
            budget_minor: 5_050_000,
            spent_minor: 208_000,
            remaining_minor: 4_842_000,
        }],
    }
}

#[test]
fn the_csv_is_one_value_per_row_with_its_label_and_crlf_line_ends() {
    let expected = [
        "\u{feff}section,group,key,value,label",
        "report,grant,id,00000000-0000-0000-0000-000000000000,",
        "report,grant,code,US-CT-2026-01,",
        "report,grant,title,\"Protection, return and reintegration\",",
        "report,grant,donor,\"The \"\"Example\"\" Fund\",",
        "report,period,from,2026-01-01,",
        "report,period,to,2026-06-30,",
        "report,money,currency,USD,",
        "report,money,decimal_places,2,",
        "report,suppression,note,Counts of 1\u{2013}4 people are shown as <5; x marks a count \
         hidden so that a small one cannot be worked out.,",
        "people_assisted,total,all,12,",
        "people_assisted,by_sex,female,x,Female",
        "people_assisted,by_sex,male,<5,Male",
        "people_assisted,by_sex,other,0,Other",
        "people_assisted,by_sex,unknown,0,Unknown",
        "people_assisted,by_age_group,18-20,12,18 to 20 years",
        "people_assisted,by_citizenship,AF,12,Afghanistan",
        "people_assisted,by_province,AF-HER,12,Herat",
        "people_assisted,by_category,presumed_victim,12,Presumed victim",
        "services,shelter,count,8,Shelter",
        "services,shelter,people,6,Shelter",
        "services,shelter,cost,1080.00,Shelter",
        "services,medical,count,<5,Medical",
        "services,medical,people,<5,Medical",
        "services,medical,cost,25.50,Medical",
        "returns,by_direction,to_afghanistan,5,To Afghanistan",
        "returns,by_direction,from_afghanistan,0,From Afghanistan",
        "returns,by_status,completed,5,Completed",
        "referrals,by_purpose,investigation,<5,Investigation",
        "referrals,by_status,sent,<5,Sent",
        "trainings,events,all,3,",
        "trainings,participants_total,all,41,",
        "trainings,participants_by_sex,female,12,Female",
        "trainings,participants_by_sex,male,29,Male",
        "trainings,participants_by_organization_kind,moi_provincial,41,Ministry of Interior provincial offices",
        "awareness,activities,all,2,",
        "awareness,estimated_reach,all,9100,",
        "awareness,activities_by_channel,radio,2,Radio",
        "awareness,reach_by_channel,radio,9100,Radio",
        "awareness,activities_by_province,AF-NAN,2,Nangarhar",
        "awareness,reach_by_province,AF-NAN,9100,Nangarhar",
        "proceedings,total,all,<5,",
        "proceedings,by_stage,trial,<5,Trial",
        "proceedings,by_outcome,none,<5,No outcome yet",
        "spend,DA,name,Direct assistance,Direct assistance",
        "spend,DA,budget,50000.00,Direct assistance",
        "spend,DA,spent,1080.00,Direct assistance",
        "spend,DA,remaining,48920.00,Direct assistance",
        "spend,RR,name,Return and reintegration,Return and reintegration",
        "spend,RR,budget,500.00,Return and reintegration",
        "spend,RR,spent,1000.00,Return and reintegration",
        "spend,RR,remaining,-500.00,Return and reintegration",
        "totals,USD,budget,50500.00,",
        "totals,USD,spent,2080.00,",
        "totals,USD,remaining,48420.00,",
    ]
    .map(|line| format!("{line}\r\n"))
    .concat();
    assert_eq!(to_csv(&report()), expected);
}

#[test]
fn the_csv_starts_with_a_byte_order_mark_so_spreadsheets_read_dari_as_utf_8() {
    let mut report = report();
    report.grant.as_mut().unwrap().title = "حمایت و ادغام مجدد".into();
    let bytes = to_csv(&report).into_bytes();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "the UTF-8 encoding of U+FEFF");
    assert_eq!(&bytes[3..10], b"section");
    let records = parse_csv(std::str::from_utf8(&bytes).unwrap());
    assert_eq!(
        value(&records, "report", "grant", "title"),
        "حمایت و ادغام مجدد"
    );
}

#[test]
fn csv_fields_with_commas_quotes_or_line_breaks_are_quoted_and_others_are_not() {
    let mut report = report();
    report.grant.as_mut().unwrap().title = "Line one\nline two, \"quoted\"".into();
    report.grant.as_mut().unwrap().donor = "Carriage\rreturn".into();
    report.spend[0].name = "plain".into();
    let csv = to_csv(&report);
    assert!(csv.contains("report,grant,title,\"Line one\nline two, \"\"quoted\"\"\",\r\n"));
    assert!(csv.contains("report,grant,donor,\"Carriage\rreturn\",\r\n"));
    assert!(csv.contains("\r\nspend,DA,name,plain,plain\r\n"));
    // Read back, every record has the five fields and the texts come back whole.
    let records = parse_csv(&csv);
    assert!(records.iter().all(|record| record.len() == 5));
    assert_eq!(
        value(&records, "report", "grant", "title"),
        report.grant.as_ref().unwrap().title
    );
    assert_eq!(
        value(&records, "report", "grant", "donor"),
        report.grant.as_ref().unwrap().donor
    );
}

#[test]
fn csv_text_that_a_spreadsheet_would_evaluate_is_neutralised_with_a_quote() {
    for payload in [
        "=HYPERLINK(\"http://example.com\",\"click\")",
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ] {
        let mut report = report();
        report.grant.as_mut().unwrap().title = payload.into();
        report.grant.as_mut().unwrap().donor = payload.into();
        report.grant.as_mut().unwrap().code = payload.into();
        report.services[0].service_type = payload.into();
        report.spend[0].budget_line_code = payload.into();
        report.spend[0].name = payload.into();
        let records = parse_csv(&to_csv(&report));
        let neutralised = format!("'{payload}");
        for key in ["title", "donor", "code"] {
            assert_eq!(
                value(&records, "report", "grant", key),
                neutralised,
                "{key}"
            );
        }
        assert_eq!(value(&records, "services", &neutralised, "count"), "8");
        assert_eq!(value(&records, "spend", &neutralised, "name"), neutralised);
        assert_eq!(
            label(&records, "spend", &neutralised, "budget"),
            neutralised
        );
        assert_eq!(value(&records, "spend", &neutralised, "budget"), "50000.00");
    }
}

#[test]
fn csv_text_that_only_contains_a_formula_character_later_is_left_alone() {
    let mut report = report();
    report.grant.as_mut().unwrap().title = "Safe = sound + well".into();
    let records = parse_csv(&to_csv(&report));
    assert_eq!(
        value(&records, "report", "grant", "title"),
        "Safe = sound + well"
    );
}

#[test]
fn a_negative_remaining_budget_is_a_number_not_neutralised_text() {
    let csv = to_csv(&report());
    assert!(csv.contains("\r\nspend,RR,remaining,-500.00,"));

    // In yen, minor units are yen: the same figures have no decimal places.
    let mut report = report();
    report.currency = Some("JPY".into());
    for service in &mut report.services {
        service.currency = "JPY".into();
    }
    for line in &mut report.spend {
        line.currency = "JPY".into();
    }
    let csv = to_csv(&report);
    assert!(csv.contains("\r\nreport,money,decimal_places,0,\r\n"));
    assert!(csv.contains("\r\nservices,shelter,cost,108000,"));
    assert!(csv.contains("\r\nspend,RR,remaining,-50000,"));
}

#[test]
fn a_report_built_from_figures_exports_its_suppressed_cells() {
    let grant = Grant {
        id: GrantId(Uuid::nil()),
        code: "US-CT-2026-01".into(),
        title: "Protection".into(),
        donor_organization_id: OrganizationId(Uuid::nil()),
        currency: "USD".parse().unwrap(),
        starts_on: date!(2026 - 01 - 01),
        ends_on: date!(2026 - 12 - 31),
        budget_lines: Vec::new(),
        version: 1,
        created_at: OffsetDateTime::UNIX_EPOCH,
        updated_at: OffsetDateTime::UNIX_EPOCH,
    };
    let people = |pairs: &[(&str, i64)]| -> Vec<(Option<String>, i64)> {
        pairs
            .iter()
            .map(|(k, n)| (Some((*k).to_owned()), *n))
            .collect()
    };
    let figures = FundingFigures {
        people: 3,
        by_sex: people(&[("female", 3)]),
        by_age_group: people(&[("18-20", 3)]),
        by_citizenship: people(&[("AF", 3)]),
        by_province: people(&[("AF-HER", 3)]),
        by_category: people(&[("presumed_victim", 3)]),
        services: vec![ServiceFigures {
            assistance_type: "shelter".into(),
            count: 3,
            people: 3,
            cost_minor: 1,
            currency: "USD".into(),
        }],
        spend: vec![SpendFigures {
            grant_code: "US-CT-2026-01".into(),
            currency: "USD".into(),
            code: "DA".into(),
            name: "Direct assistance".into(),
            budget_minor: 100,
            spent_minor: 1,
        }],
        ..FundingFigures::default()
    };
    let subject = Subject::Grant {
        grant: &grant,
        donor: "Donor",
    };
    let report = funding_report(
        subject,
        date!(2026 - 01 - 01),
        date!(2026 - 03 - 31),
        &figures,
        Threshold::DEFAULT,
    )
    .unwrap();
    let records = parse_csv(&to_csv(&report));
    assert_eq!(value(&records, "people_assisted", "total", "all"), "<5");
    assert_eq!(value(&records, "people_assisted", "by_sex", "female"), "<5");
    assert_eq!(value(&records, "people_assisted", "by_sex", "male"), "0");
    assert_eq!(value(&records, "services", "shelter", "cost"), "0.01");
    assert_eq!(value(&records, "spend", "DA", "remaining"), "0.99");
    let sheets = Xlsx::open(to_xlsx(&report).unwrap());
    assert_eq!(sheets.cell("Summary", "B9"), Stored::Text("<5".into()));
}

#[test]
fn the_workbook_has_its_sheets_and_returns_referrals_trainings_and_proceedings() {
    let xlsx = Xlsx::open(to_xlsx(&report()).unwrap());
    assert_eq!(
        xlsx.sheets,
        [
            "Summary",
            "People",
            "Services",
            "Returns and referrals",
            "Trainings and awareness",
            "Proceedings",
            "Spend"
        ]
    );
    let sheet = "Trainings and awareness";
    assert_eq!(xlsx.cell(sheet, "B1"), Stored::Number("3".into()));
    assert_eq!(xlsx.cell(sheet, "B2"), Stored::Number("41".into()));
    assert_eq!(xlsx.cell(sheet, "A5"), Stored::Text("female".into()));
    assert_eq!(xlsx.cell(sheet, "B5"), Stored::Number("12".into()));
    assert_eq!(
        xlsx.cell(sheet, "A9"),
        Stored::Text("moi_provincial".into())
    );
    assert_eq!(
        xlsx.cell(sheet, "A11"),
        Stored::Text("Awareness activities".into())
    );
    assert_eq!(xlsx.cell(sheet, "B12"), Stored::Number("9100".into()));
    assert_eq!(xlsx.cell(sheet, "A15"), Stored::Text("radio".into()));
    assert_eq!(xlsx.cell(sheet, "C15"), Stored::Number("9100".into()));
    assert_eq!(xlsx.cell("Proceedings", "B1"), Stored::Text("<5".into()));
    assert_eq!(xlsx.cell("Proceedings", "A4"), Stored::Text("trial".into()));
    assert_eq!(xlsx.cell("Proceedings", "B4"), Stored::Text("<5".into()));
    assert_eq!(
        xlsx.cell("Returns and referrals", "A1"),
        Stored::Text("Return direction".into())
    );
    assert_eq!(
        xlsx.cell("Returns and referrals", "B2"),
        Stored::Number("5".into())
    );
}

#[test]
fn workbook_counts_and_amounts_are_numbers_and_suppressed_counts_are_text() {
    let xlsx = Xlsx::open(to_xlsx(&report()).unwrap());
    // Summary: the grant and the total.
    assert_eq!(
        xlsx.cell("Summary", "B3"),
        Stored::Text("US-CT-2026-01".into())
    );
    assert_eq!(xlsx.cell("Summary", "B9"), Stored::Number("12".into()));
    let note = xlsx.cell("Summary", "B11");
    assert_eq!(
        note,
        Stored::Text(
            "Counts of 1\u{2013}4 people are shown as <5; x marks a count hidden so that a \
             small one cannot be worked out."
                .into()
        )
    );
    // People: the total, then the table by sex.
    assert_eq!(xlsx.cell("People", "B1"), Stored::Number("12".into()));
    assert_eq!(xlsx.cell("People", "A3"), Stored::Text("Sex".into()));
    assert_eq!(xlsx.cell("People", "B4"), Stored::Text("x".into()));
    assert_eq!(xlsx.cell("People", "B5"), Stored::Text("<5".into()));
    assert_eq!(xlsx.cell("People", "B6"), Stored::Number("0".into()));
    // Services: counts as numbers or text, the cost in dollars.
    assert_eq!(
        xlsx.cell("Services", "D1"),
        Stored::Text("Cost (USD)".into())
    );
    assert_eq!(xlsx.cell("Services", "B2"), Stored::Number("8".into()));
    assert_eq!(xlsx.cell("Services", "D2"), Stored::Number("1080".into()));
    assert_eq!(xlsx.cell("Services", "B3"), Stored::Text("<5".into()));
    assert_eq!(xlsx.cell("Services", "D3"), Stored::Number("25.5".into()));
    // Spend: an overspent line's remaining budget is a negative number; then the total.
    assert_eq!(
        xlsx.cell("Spend", "C1"),
        Stored::Text("Budget (USD)".into())
    );
    assert_eq!(xlsx.cell("Spend", "C2"), Stored::Number("50000".into()));
    assert_eq!(xlsx.cell("Spend", "E3"), Stored::Number("-500".into()));
    assert_eq!(xlsx.cell("Spend", "A4"), Stored::Text("Total".into()));
    assert_eq!(xlsx.cell("Spend", "C4"), Stored::Number("50500".into()));
    assert_eq!(xlsx.cell("Spend", "E4"), Stored::Number("48420".into()));
}

#[test]
fn workbook_text_is_neutralised_like_the_csv() {
    let mut report = report();
    report.grant.as_mut().unwrap().title = "=HYPERLINK(\"http://example.com\",\"click\")".into();
    report.grant.as_mut().unwrap().donor = "@SUM(A1)".into();
    report.spend[1].name = "-1".into();
    let xlsx = Xlsx::open(to_xlsx(&report).unwrap());
    assert_eq!(
        xlsx.cell("Summary", "B4"),
        Stored::Text("'=HYPERLINK(\"http://example.com\",\"click\")".into())
    );
    assert_eq!(xlsx.cell("Summary", "B5"), Stored::Text("'@SUM(A1)".into()));
    assert_eq!(xlsx.cell("Spend", "B3"), Stored::Text("'-1".into()));
    assert!(!xlsx.xml("xl/sharedStrings.xml").contains("<t>=HYPERLINK"));
}

#[test]
fn the_spend_sheet_charts_spent_against_budget_per_line() {
    let xlsx = Xlsx::open(to_xlsx(&report()).unwrap());
    let chart = xlsx.xml("xl/charts/chart1.xml");
    assert!(chart.contains("<c:barChart>"), "{chart}");
    assert!(chart.contains("<c:f>Spend!$B$2:$B$3</c:f>"), "{chart}");
    assert!(chart.contains("<c:f>Spend!$C$2:$C$3</c:f>"), "{chart}");
    assert!(chart.contains("<c:f>Spend!$D$2:$D$3</c:f>"), "{chart}");
    // The chart is drawn on the Spend sheet (the seventh).
    let rels = xlsx.xml("xl/worksheets/_rels/sheet7.xml.rels");
    assert!(rels.contains("../drawings/drawing1.xml"), "{rels}");
}

#[test]
fn a_report_without_budget_lines_has_no_chart() {
    let mut report = report();
    report.spend.clear();
    let xlsx = Xlsx::open(to_xlsx(&report).unwrap());
    assert!(!xlsx.files.contains_key("xl/charts/chart1.xml"));
    assert_eq!(xlsx.cell("Spend", "A1"), Stored::Text("Code".into()));
}

// --- Reading the exports back ---

/// Parses RFC 4180 text, after its byte-order mark, into records.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "a bare CR outside quotes");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => {
                assert!(c != '\n' && c != '"', "{c:?} outside quotes");
                field.push(c);
            }
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record has no CRLF"
    );
    records
}

/// The value of the only record `section,group,key`.
fn value(records: &[Vec<String>], section: &str, group: &str, key: &str) -> String {
    let found: Vec<&Vec<String>> = records
        .iter()
        .filter(|r| r[0] == section && r[1] == group && r[2] == key)
        .collect();
    assert_eq!(found.len(), 1, "{section},{group},{key} in {records:?}");
    found[0][3].clone()
}

/// The label of the only record `section,group,key`.
fn label(records: &[Vec<String>], section: &str, group: &str, key: &str) -> String {
    let found: Vec<&Vec<String>> = records
        .iter()
        .filter(|r| r[0] == section && r[1] == group && r[2] == key)
        .collect();
    assert_eq!(found.len(), 1, "{section},{group},{key} in {records:?}");
    found[0][4].clone()
}
