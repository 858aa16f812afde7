//! Dates in JSON as `YYYY-MM-DD`.

time::serde::format_description!(pub iso_date, Date, "[year]-[month]-[day]");
