//! Periods: when a relation holds.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

/// A period of dates during which a relation holds, both ends **inclusive**.
///
/// A missing start means "since always", a missing end "until further
/// notice". [`Period::ALWAYS`] holds on every date. The start is never after
/// the end: the constructors refuse such a period, so every `Period` value is
/// well-formed (hard invariant 3).
///
/// Because both ends are inclusive, a hand-over between two carriers is
/// written with the first period ending the day before the second begins.
///
/// ```
/// use communs::Period;
/// use time::macros::date;
///
/// let p = Period::between(date!(2015 - 11 - 01), date!(2017 - 12 - 31))?;
/// assert!(p.contains(date!(2017 - 12 - 01)));
/// assert!(p.contains(date!(2017 - 12 - 31)));
/// assert!(!p.contains(date!(2018 - 01 - 01)));
/// assert!(Period::between(date!(2018 - 01 - 01), date!(2017 - 01 - 01)).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Period {
    since: Option<Date>,
    until: Option<Date>,
}

/// A period whose start is after its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("period starts on {since} but ends on {until}, before it starts")]
pub struct PeriodError {
    /// The requested start.
    pub since: Date,
    /// The requested end, earlier than the start.
    pub until: Date,
}

impl Period {
    /// The period that holds on every date.
    pub const ALWAYS: Period = Period {
        since: None,
        until: None,
    };

    /// A period from optional bounds.
    ///
    /// # Errors
    ///
    /// [`PeriodError`] when both bounds are given and `since` is after `until`.
    pub fn new(since: Option<Date>, until: Option<Date>) -> Result<Self, PeriodError> {
        match (since, until) {
            (Some(since), Some(until)) if since > until => Err(PeriodError { since, until }),
            _ => Ok(Period { since, until }),
        }
    }

    /// A period that begins on `since` and has no end.
    #[must_use]
    pub fn since(since: Date) -> Self {
        Period {
            since: Some(since),
            until: None,
        }
    }

    /// A period that has always held and ends on `until` (inclusive).
    #[must_use]
    pub fn until(until: Date) -> Self {
        Period {
            since: None,
            until: Some(until),
        }
    }

    /// A period from `since` to `until`, both inclusive.
    ///
    /// # Errors
    ///
    /// [`PeriodError`] when `since` is after `until`. A one-day period
    /// (`since == until`) is valid.
    pub fn between(since: Date, until: Date) -> Result<Self, PeriodError> {
        Self::new(Some(since), Some(until))
    }

    /// The first date of the period, if it has one.
    #[must_use]
    pub fn start(&self) -> Option<Date> {
        self.since
    }

    /// The last date of the period, if it has one.
    #[must_use]
    pub fn end(&self) -> Option<Date> {
        self.until
    }

    /// Whether the period holds on `date`.
    #[must_use]
    pub fn contains(&self, date: Date) -> bool {
        self.since.is_none_or(|s| s <= date) && self.until.is_none_or(|u| date <= u)
    }

    /// Whether the two periods share at least one date.
    ///
    /// ```
    /// use communs::Period;
    /// use time::macros::date;
    ///
    /// let old = Period::until(date!(2016 - 12 - 31));
    /// let new = Period::since(date!(2017 - 01 - 01));
    /// assert!(!old.overlaps(&new));
    /// assert!(Period::ALWAYS.overlaps(&new));
    /// ```
    #[must_use]
    pub fn overlaps(&self, other: &Period) -> bool {
        let starts_before_other_ends = match (self.since, other.until) {
            (Some(s), Some(u)) => s <= u,
            _ => true,
        };
        let other_starts_before_self_ends = match (other.since, self.until) {
            (Some(s), Some(u)) => s <= u,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_self_ends
    }
}

impl fmt::Debug for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.since, self.until) {
            (None, None) => f.write_str("always"),
            (Some(s), None) => write!(f, "since {s}"),
            (None, Some(u)) => write!(f, "until {u}"),
            (Some(s), Some(u)) => write!(f, "{s} to {u}"),
        }
    }
}

// The reference implementation of the document's date format: `iso_date`
// writes and reads what this module writes and reads, byte for byte and error
// for error, and hands it every date or string outside its fast path.
time::serde::format_description!(time_iso_date, Date, "[year]-[month]-[day]");

/// ISO 8601 dates (`2017-12-01`) in documents, as serde `with` modules.
///
/// Behaves exactly as `time::serde::format_description!(iso_date, Date,
/// "[year]-[month]-[day]")`: the same strings written, the same strings
/// accepted, the same errors. Years from 0 to 9999 are written and read by
/// hand; anything else (negative years, malformed input) goes through
/// `time`'s format machinery, so its output and its errors are `time`'s own.
pub(crate) mod iso_date {
    use std::fmt;

    use serde::de::{Error, IntoDeserializer};
    use serde::{Deserializer, Serialize, Serializer};
    use time::{Date, Month};

    /// What the visitors expect, as `time` words it.
    const EXPECTING: &str = "a(n) `Date` in the format \"[year]-[month]-[day]\"";
    const EXPECTING_OPTION: &str = "an `Option<Date>` in the format \"[year]-[month]-[day]\"";

    /// `date` written as `YYYY-MM-DD` when its year is in 0..=9999.
    pub(crate) fn format_fast(date: Date) -> Option<[u8; 10]> {
        let year = u16::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
        let (month, day) = (u8::from(date.month()), date.day());
        let digit = |n: u16| b'0'.saturating_add(u8::try_from(n % 10).unwrap_or(0));
        Some([
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(u16::from(month / 10)),
            digit(u16::from(month)),
            b'-',
            digit(u16::from(day / 10)),
            digit(u16::from(day)),
        ])
    }

    /// `s` read as `YYYY-MM-DD` with a year in 0..=9999, or `None` when it
    /// is anything else (which `time` then reads or refuses).
    pub(crate) fn parse_fast(s: &str) -> Option<Date> {
        let b: &[u8; 10] = s.as_bytes().try_into().ok()?;
        let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *b else {
            return None;
        };
        let num = |digits: &[u8]| -> Option<u16> {
            digits.iter().try_fold(0u16, |acc, d| {
                let d = d.checked_sub(b'0').filter(|d| *d <= 9)?;
                acc.checked_mul(10)?.checked_add(u16::from(d))
            })
        };
        let year = i32::from(num(&[y0, y1, y2, y3])?);
        let month = Month::try_from(u8::try_from(num(&[m0, m1])?).ok()?).ok()?;
        let day = u8::try_from(num(&[d0, d1])?).ok()?;
        Date::from_calendar_date(year, month, day).ok()
    }

    /// A date that serialises as its ISO string.
    pub(crate) struct Iso(pub(crate) Date);

    impl Serialize for Iso {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match format_fast(self.0) {
                Some(buf) => match std::str::from_utf8(&buf) {
                    Ok(s) => serializer.serialize_str(s),
                    Err(_) => super::time_iso_date::serialize(&self.0, serializer),
                },
                None => super::time_iso_date::serialize(&self.0, serializer),
            }
        }
    }

    /// Writes a date.
    pub(crate) fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        Iso(*date).serialize(serializer)
    }

    /// Reads a date.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Date, D::Error> {
        deserializer.deserialize_str(Visitor)
    }

    /// Reads a date string.
    pub(crate) struct Visitor;

    impl serde::de::Visitor<'_> for Visitor {
        type Value = Date;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(EXPECTING)
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<Date, E> {
            match parse_fast(value) {
                Some(date) => Ok(date),
                None => super::time_iso_date::deserialize(value.into_deserializer()),
            }
        }
    }

    /// Optional dates, `null` or absent meaning none.
    pub(crate) mod option {
        use std::fmt;

        use serde::{Deserializer, Serializer};
        use time::Date;

        use super::{EXPECTING_OPTION, Iso, Visitor};

        /// Writes an optional date.
        #[allow(clippy::ref_option)] // the signature serde's `with` calls
        pub(crate) fn serialize<S: Serializer>(
            option: &Option<Date>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match option {
                Some(date) => serializer.serialize_some(&Iso(*date)),
                None => serializer.serialize_none(),
            }
        }

        /// Reads an optional date.
        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<Date>, D::Error> {
            deserializer.deserialize_option(OptionVisitor)
        }

        struct OptionVisitor;

        impl<'de> serde::de::Visitor<'de> for OptionVisitor {
            type Value = Option<Date>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(EXPECTING_OPTION)
            }

            fn visit_some<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Option<Date>, D::Error> {
                deserializer.deserialize_str(Visitor).map(Some)
            }

            fn visit_none<E: serde::de::Error>(self) -> Result<Option<Date>, E> {
                Ok(None)
            }
        }
    }
}

/// The serde form of a period: two optional ISO 8601 dates, checked on the
/// way in.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct PeriodDoc {
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) since: Option<Date>,
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) until: Option<Date>,
}

impl From<Period> for PeriodDoc {
    fn from(p: Period) -> Self {
        PeriodDoc {
            since: p.since,
            until: p.until,
        }
    }
}

impl TryFrom<PeriodDoc> for Period {
    type Error = PeriodError;
    fn try_from(d: PeriodDoc) -> Result<Self, PeriodError> {
        Period::new(d.since, d.until)
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        PeriodDoc::from(*self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let doc = PeriodDoc::deserialize(deserializer)?;
        Period::try_from(doc).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn overlap_is_inclusive() {
        let a = Period::between(date!(2017 - 01 - 01), date!(2017 - 06 - 30)).unwrap();
        let b = Period::between(date!(2017 - 06 - 30), date!(2017 - 12 - 31)).unwrap();
        let c = Period::since(date!(2017 - 07 - 01));
        assert!(a.overlaps(&b) && b.overlaps(&a));
        assert!(!a.overlaps(&c) && !c.overlaps(&a));
        assert!(b.overlaps(&c));
        assert!(Period::ALWAYS.overlaps(&Period::ALWAYS));
        assert!(Period::until(date!(2017 - 01 - 01)).overlaps(&Period::ALWAYS));
    }

    /// Every date the fast path writes is what `time` writes, and every
    /// string either path reads gets the same answer from both.
    #[test]
    fn iso_dates_match_time() {
        let desc = time::macros::format_description!("[year]-[month]-[day]");
        let mut day = Date::MIN;
        let mut n = 0u32;
        while let Some(next) = day.next_day() {
            // Every day in a few windows, one day in 97 elsewhere.
            let y = day.year();
            if (-2..=2).contains(&y)
                || (1999..=2001).contains(&y)
                || y >= 9998
                || n.is_multiple_of(97)
            {
                let ours = serde_json::to_value(iso_date::Iso(day)).ok();
                let theirs = day.format(&desc).ok().map(serde_json::Value::String);
                assert!(ours.is_some());
                assert_eq!(ours, theirs, "{day}");
            }
            day = next;
            n = n.wrapping_add(1);
        }
        let mut inputs: Vec<String> = [
            "2017-12-01",
            "0000-01-01",
            "9999-12-31",
            "-0001-01-01",
            "+2017-12-01",
            "2017-02-29",
            "2016-02-29",
            "2017-13-01",
            "2017-00-01",
            "2017-01-00",
            "2017-01-32",
            "2017-1-01",
            "2017-01-1",
            "201-01-01",
            "20170-01-01",
            "2017/01/01",
            "2017-01-01 ",
            " 2017-01-01",
            "",
            "abcd-ef-gh",
            "２０１７-01-01",
            "2017-04-31",
            "1900-02-29",
            "2000-02-29",
            "0000-02-29",
            "9999-12-32",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for y in ["0000", "0400", "1900", "2017", "9999"] {
            for m in 0..=13 {
                for d in [0, 1, 28, 29, 30, 31, 32] {
                    inputs.push(format!("{y}-{m:02}-{d:02}"));
                }
            }
        }
        for input in inputs {
            let ours = iso_date::deserialize(serde_json::Value::String(input.clone()));
            let theirs = time_iso_date::deserialize(serde_json::Value::String(input.clone()));
            assert_eq!(
                ours.map_err(|e| e.to_string()),
                theirs.map_err(|e| e.to_string()),
                "{input:?}"
            );
            let fast = iso_date::parse_fast(&input);
            assert_eq!(
                fast,
                Date::parse(&input, &desc).ok().filter(|_| fast.is_some()),
                "{input:?}"
            );
        }
        for bad in [
            serde_json::json!(5),
            serde_json::json!(null),
            serde_json::json!(["2017-01-01"]),
        ] {
            assert_eq!(
                iso_date::deserialize(bad.clone()).map_err(|e| e.to_string()),
                time_iso_date::deserialize(bad.clone()).map_err(|e| e.to_string())
            );
            assert_eq!(
                iso_date::option::deserialize(bad.clone()).map_err(|e| e.to_string()),
                time_iso_date::option::deserialize(bad).map_err(|e| e.to_string())
            );
        }
        for opt in [
            None,
            Some(date!(2017 - 12 - 01)),
            Some(date!(-0005 - 03 - 04)),
        ] {
            let mut ours = Vec::new();
            let mut theirs = Vec::new();
            iso_date::option::serialize(&opt, &mut serde_json::Serializer::new(&mut ours)).unwrap();
            time_iso_date::option::serialize(&opt, &mut serde_json::Serializer::new(&mut theirs))
                .unwrap();
            assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn one_day() {
        let d = date!(2017 - 12 - 01);
        let p = Period::between(d, d).unwrap();
        assert!(p.contains(d));
        assert!(!p.contains(date!(2017 - 12 - 02)));
        assert_eq!(
            Period::between(date!(2017 - 12 - 02), d),
            Err(PeriodError {
                since: date!(2017 - 12 - 02),
                until: d
            })
        );
    }
}
