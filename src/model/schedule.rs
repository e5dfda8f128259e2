//! Schedules: when a recurring brique (a permanence, a coworking time) meets.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, Time, Weekday};

use super::set::{FlagSet, flag_enum};

flag_enum!(
    /// A day of the week, as written in documents (`tuesday`).
    Day {
        /// Monday.
        Monday = 0, "monday";
        /// Tuesday.
        Tuesday = 1, "tuesday";
        /// Wednesday.
        Wednesday = 2, "wednesday";
        /// Thursday.
        Thursday = 3, "thursday";
        /// Friday.
        Friday = 4, "friday";
        /// Saturday.
        Saturday = 5, "saturday";
        /// Sunday.
        Sunday = 6, "sunday";
    }
);

impl Day {
    /// The day of the week of `date`.
    #[must_use]
    pub fn of(date: Date) -> Day {
        Day::from(date.weekday())
    }
}

impl From<Weekday> for Day {
    fn from(w: Weekday) -> Self {
        match w {
            Weekday::Monday => Day::Monday,
            Weekday::Tuesday => Day::Tuesday,
            Weekday::Wednesday => Day::Wednesday,
            Weekday::Thursday => Day::Thursday,
            Weekday::Friday => Day::Friday,
            Weekday::Saturday => Day::Saturday,
            Weekday::Sunday => Day::Sunday,
        }
    }
}

impl From<Day> for Weekday {
    fn from(d: Day) -> Self {
        match d {
            Day::Monday => Weekday::Monday,
            Day::Tuesday => Weekday::Tuesday,
            Day::Wednesday => Weekday::Wednesday,
            Day::Thursday => Weekday::Thursday,
            Day::Friday => Weekday::Friday,
            Day::Saturday => Weekday::Saturday,
            Day::Sunday => Weekday::Sunday,
        }
    }
}

/// A set of days of the week.
pub type Days = FlagSet<Day>;

/// Which occurrence of a weekday in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nth {
    /// The first.
    First,
    /// The second.
    Second,
    /// The third.
    Third,
    /// The fourth.
    Fourth,
    /// The last (the fourth or the fifth).
    Last,
}

/// How a schedule repeats.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Recurrence {
    /// Every week, on each of the given days (at least one).
    Weekly {
        /// The days.
        days: Days,
    },
    /// Every month, on the n-th given weekday ("the first Tuesday").
    Monthly {
        /// Which one.
        nth: Nth,
        /// The weekday.
        day: Day,
    },
}

/// Why a schedule is malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScheduleError {
    /// The time window ends before it starts or is empty.
    #[error("the time window {}–{} is empty or ends before it starts", hm(*start), hm(*end))]
    EmptyWindow {
        /// Its start.
        start: Time,
        /// Its end.
        end: Time,
    },
    /// The date range ends before it starts.
    #[error("the schedule starts on {start} but ends on {end}")]
    EndsBeforeStart {
        /// The first date.
        start: Date,
        /// The last date.
        end: Date,
    },
    /// A weekly recurrence without any day.
    #[error("a weekly recurrence needs at least one day")]
    NoDay,
    /// A time of the window is not a whole minute (schedules are written
    /// `HH:MM`).
    #[error("{time} is not a whole minute")]
    NotWholeMinute {
        /// The time.
        time: Time,
    },
}

/// One meeting of a schedule: a date and a time window, in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Occurrence {
    /// The date.
    pub date: Date,
    /// When it starts.
    pub start: Time,
    /// When it ends.
    pub end: Time,
}

/// A recurrence with a time window, a first date, an optional last date and
/// exception dates — "weekly on Tuesdays 14:00–17:00 from 9 January 2018,
/// except 1 May".
///
/// Times are local wall-clock times of the place; dates and times carry no
/// offset. A schedule is well-formed by construction: its window is
/// non-empty, its range does not end before it starts, a weekly recurrence
/// has at least one day.
///
/// ```
/// use communs::{Day, Days, Recurrence, Schedule};
/// use time::macros::{date, time};
///
/// let tuesdays = Schedule::new(
///     Recurrence::Weekly { days: Days::of(&[Day::Tuesday]) },
///     time!(14:00),
///     time!(17:00),
///     date!(2018 - 01 - 09),
/// )?
/// .with_exception(date!(2018 - 01 - 16));
/// let dates: Vec<_> = tuesdays
///     .occurrences(date!(2018 - 01 - 01), date!(2018 - 01 - 31))
///     .map(|o| o.date)
///     .collect();
/// assert_eq!(dates, [date!(2018 - 01 - 09), date!(2018 - 01 - 23), date!(2018 - 01 - 30)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Schedule {
    recurrence: Recurrence,
    start_time: Time,
    end_time: Time,
    first: Date,
    last: Option<Date>,
    exceptions: BTreeSet<Date>,
}

impl Schedule {
    /// A schedule from `first` on, with no end and no exception.
    ///
    /// # Errors
    ///
    /// [`ScheduleError::EmptyWindow`] unless `start < end`;
    /// [`ScheduleError::NoDay`] for a weekly recurrence without days;
    /// [`ScheduleError::NotWholeMinute`] for a time with seconds.
    pub fn new(
        recurrence: Recurrence,
        start: Time,
        end: Time,
        first: Date,
    ) -> Result<Self, ScheduleError> {
        for time in [start, end] {
            if time.second() != 0 || time.nanosecond() != 0 {
                return Err(ScheduleError::NotWholeMinute { time });
            }
        }
        if start >= end {
            return Err(ScheduleError::EmptyWindow { start, end });
        }
        if let Recurrence::Weekly { days } = &recurrence
            && days.is_empty()
        {
            return Err(ScheduleError::NoDay);
        }
        Ok(Schedule {
            recurrence,
            start_time: start,
            end_time: end,
            first,
            last: None,
            exceptions: BTreeSet::new(),
        })
    }

    /// This schedule, ending on `last` (inclusive).
    ///
    /// # Errors
    ///
    /// [`ScheduleError::EndsBeforeStart`] when `last` is before the first date.
    pub fn until(mut self, last: Date) -> Result<Self, ScheduleError> {
        if last < self.first {
            return Err(ScheduleError::EndsBeforeStart {
                start: self.first,
                end: last,
            });
        }
        self.last = Some(last);
        Ok(self)
    }

    /// This schedule, skipping `date`.
    #[must_use]
    pub fn with_exception(mut self, date: Date) -> Self {
        self.exceptions.insert(date);
        self
    }

    /// How it repeats.
    #[must_use]
    pub fn recurrence(&self) -> &Recurrence {
        &self.recurrence
    }

    /// The time window: (start, end).
    #[must_use]
    pub fn window(&self) -> (Time, Time) {
        (self.start_time, self.end_time)
    }

    /// The first date of the range.
    #[must_use]
    pub fn first(&self) -> Date {
        self.first
    }

    /// The last date of the range, if any.
    #[must_use]
    pub fn last(&self) -> Option<Date> {
        self.last
    }

    /// The dates skipped.
    #[must_use]
    pub fn exceptions(&self) -> &BTreeSet<Date> {
        &self.exceptions
    }

    /// Whether the schedule meets on `date`.
    #[must_use]
    pub fn meets_on(&self, date: Date) -> bool {
        date >= self.first
            && self.last.is_none_or(|l| date <= l)
            && !self.exceptions.contains(&date)
            && self.recurs_on(date)
    }

    fn recurs_on(&self, date: Date) -> bool {
        match &self.recurrence {
            Recurrence::Weekly { days } => days.contains(Day::of(date)),
            Recurrence::Monthly { nth, day } => {
                nth_weekday(date.year(), date.month(), *nth, *day) == Some(date)
            }
        }
    }

    /// The occurrences between `from` and `to`, both inclusive, in order.
    ///
    /// The iterator walks the dates of the range once; it never panics, even
    /// at the ends of the calendar.
    pub fn occurrences(&self, from: Date, to: Date) -> impl Iterator<Item = Occurrence> + '_ {
        let start = from.max(self.first);
        let end = self.last.map_or(to, |l| l.min(to));
        let mut next = (start <= end).then_some(start);
        std::iter::from_fn(move || {
            loop {
                let date = next?;
                next = date.next_day().filter(|d| *d <= end);
                if self.meets_on(date) {
                    return Some(Occurrence {
                        date,
                        start: self.start_time,
                        end: self.end_time,
                    });
                }
            }
        })
    }

    /// The total meeting time between two dates (both inclusive).
    #[must_use]
    pub fn hours_between(&self, from: Date, to: Date) -> Duration {
        self.occurrences(from, to)
            .map(|o| o.start.duration_until(o.end))
            .fold(Duration::ZERO, Duration::saturating_add)
    }
}

/// The date of the n-th `day` of a month, if the month has one.
fn nth_weekday(year: i32, month: Month, nth: Nth, day: Day) -> Option<Date> {
    let weekday = Weekday::from(day);
    let first = Date::from_calendar_date(year, month, 1).ok()?;
    let offset = (0..7u8).find(|n| first.weekday().nth_next(*n) == weekday)?;
    let first_match = first.checked_add(Duration::days(i64::from(offset)))?;
    let weeks = match nth {
        Nth::First => 0,
        Nth::Second => 1,
        Nth::Third => 2,
        Nth::Fourth => 3,
        Nth::Last => {
            let fifth = first_match.checked_add(Duration::weeks(4));
            return match fifth.filter(|d| d.month() == month) {
                Some(d) => Some(d),
                None => first_match.checked_add(Duration::weeks(3)),
            };
        }
    };
    first_match
        .checked_add(Duration::weeks(weeks))
        .filter(|d| d.month() == month)
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.recurrence {
            Recurrence::Weekly { days } => write!(
                f,
                "weekly on {}",
                days.iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )?,
            Recurrence::Monthly { nth, day } => {
                let nth = match nth {
                    Nth::First => "first",
                    Nth::Second => "second",
                    Nth::Third => "third",
                    Nth::Fourth => "fourth",
                    Nth::Last => "last",
                };
                write!(f, "monthly on the {nth} {day}")?;
            }
        }
        let hm = |t: Time| format!("{:02}:{:02}", t.hour(), t.minute());
        write!(
            f,
            " {}–{} from {}",
            hm(self.start_time),
            hm(self.end_time),
            self.first
        )?;
        if let Some(last) = self.last {
            write!(f, " to {last}")?;
        }
        if !self.exceptions.is_empty() {
            write!(f, " ({} exception(s))", self.exceptions.len())?;
        }
        Ok(())
    }
}

fn hm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

time::serde::format_description!(hour_minute, Time, "[hour]:[minute]");

/// The serde form of a schedule.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct ScheduleDoc {
    recurrence: Recurrence,
    #[serde(with = "hour_minute")]
    from_time: Time,
    #[serde(with = "hour_minute")]
    to_time: Time,
    #[serde(with = "super::iso_date")]
    first: Date,
    #[serde(
        default,
        with = "super::iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    last: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    exceptions: Vec<IsoDate>,
}

#[derive(Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(transparent)]
struct IsoDate(#[serde(with = "super::iso_date")] Date);

impl Serialize for Schedule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ScheduleDoc {
            recurrence: self.recurrence.clone(),
            from_time: self.start_time,
            to_time: self.end_time,
            first: self.first,
            last: self.last,
            exceptions: self.exceptions.iter().map(|d| IsoDate(*d)).collect(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Schedule {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let doc = ScheduleDoc::deserialize(deserializer)?;
        let mut s = Schedule::new(doc.recurrence, doc.from_time, doc.to_time, doc.first)
            .map_err(serde::de::Error::custom)?;
        if let Some(last) = doc.last {
            s = s.until(last).map_err(serde::de::Error::custom)?;
        }
        for IsoDate(d) in doc.exceptions {
            if !s.exceptions.insert(d) {
                return Err(serde::de::Error::custom(format_args!(
                    "exception {d} is listed twice"
                )));
            }
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, time};

    #[test]
    fn nth_weekdays() {
        // February 2024 (leap year): Thursdays are 1, 8, 15, 22, 29.
        assert_eq!(
            nth_weekday(2024, Month::February, Nth::Last, Day::Thursday),
            Some(date!(2024 - 02 - 29))
        );
        assert_eq!(
            nth_weekday(2024, Month::February, Nth::First, Day::Thursday),
            Some(date!(2024 - 02 - 01))
        );
        // February 2023: Thursdays are 2, 9, 16, 23.
        assert_eq!(
            nth_weekday(2023, Month::February, Nth::Last, Day::Thursday),
            Some(date!(2023 - 02 - 23))
        );
        assert_eq!(
            nth_weekday(2023, Month::February, Nth::Fourth, Day::Thursday),
            Some(date!(2023 - 02 - 23))
        );
        // December 2017: the last Sunday is the 31st.
        assert_eq!(
            nth_weekday(2017, Month::December, Nth::Last, Day::Sunday),
            Some(date!(2017 - 12 - 31))
        );
    }

    #[test]
    fn refuses_malformed() {
        let weekly = Recurrence::Weekly {
            days: Days::of(&[Day::Monday]),
        };
        assert!(matches!(
            Schedule::new(
                weekly.clone(),
                time!(17:00),
                time!(14:00),
                date!(2018 - 01 - 01)
            ),
            Err(ScheduleError::EmptyWindow { .. })
        ));
        assert_eq!(
            Schedule::new(
                Recurrence::Weekly {
                    days: Days::empty()
                },
                time!(14:00),
                time!(17:00),
                date!(2018 - 01 - 01)
            ),
            Err(ScheduleError::NoDay)
        );
        let s = Schedule::new(weekly, time!(14:00), time!(17:00), date!(2018 - 01 - 01)).unwrap();
        assert!(matches!(
            s.until(date!(2017 - 12 - 31)),
            Err(ScheduleError::EndsBeforeStart { .. })
        ));
    }

    #[test]
    fn never_panics_at_the_end_of_the_calendar() {
        let s = Schedule::new(
            Recurrence::Weekly { days: Days::all() },
            time!(09:00),
            time!(10:00),
            Date::MIN,
        )
        .unwrap();
        assert_eq!(s.occurrences(Date::MAX, Date::MAX).count(), 1);
        assert_eq!(s.occurrences(Date::MAX, Date::MIN).count(), 0);
        let m = Schedule::new(
            Recurrence::Monthly {
                nth: Nth::Last,
                day: Day::Friday,
            },
            time!(09:00),
            time!(10:00),
            Date::MIN,
        )
        .unwrap();
        assert!(m.occurrences(date!(9999 - 12 - 01), Date::MAX).count() <= 1);
    }
}
