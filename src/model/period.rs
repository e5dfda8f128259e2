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

time::serde::format_description!(pub(crate) iso_date, Date, "[year]-[month]-[day]");

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
