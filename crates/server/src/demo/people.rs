//! Synthetic people for the demo: names in Dari/Pashto script or in Latin transliteration,
//! ages, phones, addresses and documents. Nothing here is a real person.

use panah_domain::{Country, Person, Province, Sex};
use rand::RngExt;
use time::{Date, Duration, Month};

use super::names::{
    BD_FAMILY, BD_FEMALE, BD_MALE, FAMILY, FATHERS, FEMALE, IN_FAMILY, IN_FEMALE, IN_MALE,
    IR_FAMILY, IR_FEMALE, IR_MALE, MALE, Name, PK_FAMILY, PK_FEMALE, PK_MALE, PROVINCES,
};
use super::plan::{Rng, pick, weighted};

/// A country by its ISO code; the codes here are constants known to be valid.
pub(super) fn country(code: &str) -> Country {
    code.parse().unwrap_or(Country::AFGHANISTAN)
}

/// A province weighted as [`PROVINCES`] says.
pub(super) fn province(rng: &mut Rng) -> Province {
    let table: Vec<(Province, u32)> = PROVINCES.iter().map(|p| (p.0, p.1)).collect();
    weighted(rng, &table)
}

/// The main town of the province, in Latin letters and in Dari.
pub(super) fn town(province: Province) -> (&'static str, &'static str) {
    PROVINCES
        .iter()
        .find(|p| p.0 == province)
        .map_or(("Kabul", "کابل"), |p| (p.2, p.3))
}

/// Citizenship: mostly Afghan, some Pakistani, Iranian, Bangladeshi and Indian nationals
/// trafficked into or through Afghanistan.
pub(super) fn citizenship(rng: &mut Rng) -> Country {
    country(weighted(
        rng,
        &[("AF", 84), ("PK", 6), ("IR", 4), ("BD", 4), ("IN", 2)],
    ))
}

/// Sex: slightly more men and boys than women and girls, as in CTDC's Afghan records.
pub(super) fn sex(rng: &mut Rng) -> Sex {
    weighted(
        rng,
        &[
            (Sex::Male, 54),
            (Sex::Female, 44),
            (Sex::Unknown, 1),
            (Sex::Other, 1),
        ],
    )
}

/// Age at identification: about a quarter children of 9 to 17.
pub(super) fn age(rng: &mut Rng) -> u8 {
    let (low, high) = weighted(
        rng,
        &[
            ((4, 8), 3),
            ((9, 17), 25),
            ((18, 20), 10),
            ((21, 23), 10),
            ((24, 26), 10),
            ((27, 29), 9),
            ((30, 38), 18),
            ((39, 47), 10),
            ((48, 62), 5),
        ],
    );
    rng.random_range(low..=high)
}

/// The person's identity. Afghans and Iranians are written in Dari/Persian script about
/// half the time, as their documents are; everyone else in Latin letters.
pub(super) fn person(
    rng: &mut Rng,
    citizenship: Country,
    sex: Sex,
    age: u8,
    identified_on: Date,
    province: Province,
) -> Person {
    let female = sex == Sex::Female || (sex != Sex::Male && rng.random_bool(0.5));
    let (given_name, family_name, fathers_name, script) = match citizenship.code() {
        "AF" | "IR" => {
            let script = rng.random_bool(0.5);
            let iranian = citizenship.code() == "IR";
            let given = match (iranian, female) {
                (false, false) => pick(rng, MALE),
                (false, true) => pick(rng, FEMALE),
                (true, false) => pick(rng, IR_MALE),
                (true, true) => pick(rng, IR_FEMALE),
            };
            let family = pick(rng, if iranian { IR_FAMILY } else { FAMILY });
            let father = pick(rng, FATHERS);
            let write = |name: Name| if script { name.1 } else { name.0 };
            (
                write(given).to_owned(),
                rng.random_bool(0.85).then(|| write(family).to_owned()),
                rng.random_bool(0.8).then(|| write(father).to_owned()),
                script,
            )
        }
        code => {
            let (males, females, families) = match code {
                "PK" => (PK_MALE, PK_FEMALE, PK_FAMILY),
                "BD" => (BD_MALE, BD_FEMALE, BD_FAMILY),
                _ => (IN_MALE, IN_FEMALE, IN_FAMILY),
            };
            let given = pick(rng, if female { females } else { males });
            (
                given.to_owned(),
                rng.random_bool(0.9).then(|| pick(rng, families).to_owned()),
                rng.random_bool(0.5).then(|| pick(rng, males).to_owned()),
                false,
            )
        }
    };
    let date_of_birth = rng
        .random_bool(0.55)
        .then(|| birth_date(rng, age, identified_on));
    Person {
        given_name,
        family_name,
        fathers_name,
        other_script_given_name: None,
        other_script_family_name: None,
        sex,
        date_of_birth,
        estimated_age: date_of_birth.is_none().then_some(age),
        citizenship,
        phone: rng
            .random_bool(0.45)
            .then(|| phone(rng, citizenship.code())),
        address: rng
            .random_bool(0.55)
            .then(|| address(rng, province, script)),
        document_number: rng
            .random_bool(0.35)
            .then(|| document(rng, citizenship.code())),
    }
}

/// A date of birth making the person exactly `age` on `identified_on`.
fn birth_date(rng: &mut Rng, age: u8, identified_on: Date) -> Date {
    let month = Month::try_from(rng.random_range(1..=12u8)).unwrap_or(Month::January);
    let day = rng.random_range(1..=28u8);
    let mut year = identified_on.year() - i32::from(age);
    if (month as u8, day) >= (identified_on.month() as u8, identified_on.day()) {
        // The birthday of that year is still to come: born a year earlier.
        year -= 1;
    }
    Date::from_calendar_date(year, month, day).unwrap_or(identified_on - Duration::days(366))
}

fn digits(rng: &mut Rng, count: usize) -> String {
    (0..count)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

fn phone(rng: &mut Rng, citizenship: &str) -> String {
    match citizenship {
        "PK" => format!("+92 3{} {}", digits(rng, 2), digits(rng, 7)),
        "IR" if rng.random_bool(0.5) => format!("+98 91{} {}", digits(rng, 1), digits(rng, 7)),
        _ => format!(
            "+93 7{} {} {}",
            pick(rng, &["0", "2", "3", "7", "8", "9"]),
            digits(rng, 3),
            digits(rng, 4)
        ),
    }
}

fn address(rng: &mut Rng, province: Province, script: bool) -> String {
    let (latin, dari) = town(province);
    let district = rng.random_range(1..=16u8);
    if script {
        let eastern: String = district
            .to_string()
            .chars()
            .map(|c| char::from_u32(0x06F0 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
            .collect();
        format!("ناحیه {eastern}، شهر {dari}")
    } else {
        format!(
            "House {}, Street {}, District {district}, {latin}",
            rng.random_range(1..=120u8),
            rng.random_range(1..=30u8)
        )
    }
}

/// An electronic tazkira number for Afghans, a passport number for everyone else.
fn document(rng: &mut Rng, citizenship: &str) -> String {
    match citizenship {
        "AF" => format!(
            "{}-{}-{}",
            rng.random_range(1395..=1404u16),
            digits(rng, 4),
            digits(rng, 5)
        ),
        _ => {
            let letters: String = (0..2)
                .map(|_| char::from(b'A' + rng.random_range(0..26u8)))
                .collect();
            format!("{letters}{}", digits(rng, 7))
        }
    }
}
