//! Forms as the browser sends them: every field as typed (so that a refused form is shown
//! again exactly as it was filled in), read into the values a command is made of, with a
//! problem for each field that cannot be read.

use std::str::FromStr;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use panah_domain::solar_hijri::parse_either_calendar;
use panah_domain::{Currency, FieldProblem, Money};
use time::Date;

use crate::errors::ErrorPage;
use crate::numbers;

/// The fields of a form, in the order sent. A name may come several times: a group of
/// checkboxes sends its name once for each box ticked (which is why this is not a serde
/// struct: `serde_urlencoded` takes each name once).
#[derive(Debug, Clone, Default)]
pub(crate) struct Fields(Vec<(String, String)>);

impl Fields {
    /// The fields of a URL-encoded body.
    pub(crate) fn parse(body: &[u8]) -> Fields {
        Fields(form_urlencoded::parse(body).into_owned().collect())
    }

    /// A form filled in with `values` only, as a page first shows it.
    pub(crate) fn with(values: &[(&str, String)]) -> Fields {
        Fields(
            values
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.clone()))
                .collect(),
        )
    }

    /// The value of `name` as sent (the first, if sent several times), or `""`.
    pub(crate) fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(field, _)| field == name)
            .map_or("", |(_, value)| value)
    }

    /// Every value sent for `name`.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// Whether nothing was sent.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `name` was sent with `value` (a ticked box, a chosen option).
    pub(crate) fn has(&self, name: &str, value: &str) -> bool {
        self.0.iter().any(|(field, v)| field == name && v == value)
    }
}

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = ErrorPage;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let url_encoded = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
        if !url_encoded {
            return Err(ErrorPage::BadRequest);
        }
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|_| ErrorPage::BadRequest)?;
        Ok(Fields::parse(&body))
    }
}

/// Reads the values of a form, collecting a problem for every field that cannot be read.
/// The app checks the rules afterwards; these are only what a typed text cannot be taken
/// for (a date that is no date, an option that is none of the form's).
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    fields: &'a Fields,
    problems: Vec<FieldProblem>,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(fields: &'a Fields) -> Reader<'a> {
        Reader {
            fields,
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, field: &str, code: &'static str, message: &str) {
        self.problems
            .push(FieldProblem::coded(field, code, message));
    }

    /// The text of `name`, if anything but spaces was typed. The app trims and checks it.
    pub(crate) fn text(&self, name: &str) -> Option<String> {
        let value = self.fields.get(name);
        (!value.trim().is_empty()).then(|| value.to_owned())
    }

    /// The option chosen for `name`, which must be chosen.
    pub(crate) fn choice<T: FromStr>(&mut self, name: &str) -> Option<T> {
        if self.fields.get(name).is_empty() {
            self.problem(name, "choose_one", "choose one");
            return None;
        }
        self.optional_choice(name)
    }

    /// The option chosen for `name`, if one was.
    pub(crate) fn optional_choice<T: FromStr>(&mut self, name: &str) -> Option<T> {
        let value = self.fields.get(name);
        if value.is_empty() {
            return None;
        }
        let parsed = value.parse().ok();
        if parsed.is_none() {
            self.problem(name, FieldProblem::INVALID, "is none of the options");
        }
        parsed
    }

    /// Every option ticked for `name`.
    pub(crate) fn choices<T: FromStr>(&mut self, name: &str) -> Vec<T> {
        let mut chosen = Vec::new();
        for value in self.fields.all(name) {
            match value.parse() {
                Ok(value) => chosen.push(value),
                Err(_) => self.problem(name, FieldProblem::INVALID, "is none of the options"),
            }
        }
        chosen
    }

    /// The date typed for `name`, which is required.
    pub(crate) fn date(&mut self, name: &str) -> Option<Date> {
        if self.fields.get(name).trim().is_empty() {
            self.problem(name, "required", "is required");
            return None;
        }
        self.optional_date(name)
    }

    /// The date typed for `name`, in either calendar, if one was.
    pub(crate) fn optional_date(&mut self, name: &str) -> Option<Date> {
        let value = self.fields.get(name).trim();
        if value.is_empty() {
            return None;
        }
        let date = parse_either_calendar(value);
        if date.is_none() {
            self.problem(name, "date_unreadable", "is no date");
        }
        date
    }

    /// The whole number typed for `name`, if one was, in any of the scripts' digits.
    pub(crate) fn optional_number<T: FromStr>(&mut self, name: &str) -> Option<T> {
        let value = numbers::ascii_digits(self.fields.get(name).trim());
        if value.is_empty() {
            return None;
        }
        let number = value.parse().ok();
        if number.is_none() {
            self.problem(name, "number_unreadable", "is no whole number");
        }
        number
    }

    /// The amount typed for `name` in minor units of `currency`, if one was.
    pub(crate) fn optional_amount(&mut self, name: &str, currency: Currency) -> Option<i64> {
        let value = self.fields.get(name).trim();
        if value.is_empty() {
            return None;
        }
        let amount = numbers::parse_amount(value, currency);
        if amount.is_none() {
            self.problem(name, "amount_unreadable", "is no amount");
        }
        amount
    }

    /// The cost typed in `amount` with the currency chosen in `currency`, if one was:
    /// an amount without its currency is refused beside the currency.
    pub(crate) fn optional_cost(&mut self, amount: &str, currency: &str) -> Option<Money> {
        let chosen = self.optional_choice::<Currency>(currency);
        match (self.text(amount), chosen) {
            (None, _) => None,
            (Some(_), None) => {
                if self.fields.get(currency).is_empty() {
                    self.problem(
                        currency,
                        "currency_required",
                        "say the currency of the cost",
                    );
                }
                None
            }
            (Some(_), Some(currency)) => {
                self.optional_amount(amount, currency)
                    .map(|amount_minor| Money {
                        amount_minor,
                        currency,
                    })
            }
        }
    }

    /// Whether the box `name` was ticked.
    pub(crate) fn ticked(&self, name: &str) -> bool {
        !self.fields.get(name).is_empty()
    }

    /// Adds a problem found while reading the form (one that no single reader above
    /// finds, such as a pair of fields that do not fit together).
    pub(crate) fn refuse(&mut self, problem: FieldProblem) {
        self.problems.push(problem);
    }

    /// Every problem found, or none.
    pub(crate) fn finish(self) -> Result<(), Vec<FieldProblem>> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(self.problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn a_name_sent_several_times_keeps_every_value() {
        let fields = Fields::parse(b"kind=a&kind=b&note=%D9%86%D8%A7%D9%85+x");
        assert_eq!(fields.all("kind"), ["a", "b"]);
        assert_eq!(fields.get("kind"), "a");
        assert_eq!(fields.get("note"), "نام x");
        assert!(fields.has("kind", "b"));
        assert_eq!(fields.get("absent"), "");
    }

    #[test]
    fn dates_are_read_in_either_calendar_and_each_unreadable_field_is_named() {
        let fields = Fields::parse(
            "on=1405-01-01&gregorian=2026-03-21&bad=tomorrow&age=%DB%B1%DB%B7".as_bytes(),
        );
        let mut reader = Reader::new(&fields);
        assert_eq!(reader.date("on"), Some(date!(2026 - 03 - 21)));
        assert_eq!(reader.date("gregorian"), Some(date!(2026 - 03 - 21)));
        assert_eq!(reader.optional_date("bad"), None);
        assert_eq!(reader.date("missing"), None);
        assert_eq!(reader.optional_number::<u8>("age"), Some(17));
        let problems = reader.finish().unwrap_err();
        let named: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.code))
            .collect();
        assert_eq!(named, [("bad", "date_unreadable"), ("missing", "required")]);
    }
}
