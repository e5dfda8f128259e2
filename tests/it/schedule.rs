//! Schedules: occurrences checked against a naive day-by-day reading
//! (property tests), and hand-checked cases across 29 February, 31 December
//! and the fifth week of a month.

use std::collections::BTreeSet;

use communs::{Day, Days, Nth, Occurrence, Recurrence, Schedule, ScheduleError};
use proptest::prelude::*;
use proptest::sample::Index;
use time::macros::{date, time};
use time::{Date, Duration, Month, Time, Weekday};

use crate::strategy::{day, days, minute, nth, recurrence, window};

/// `default_cases` cases, unless `PROPTEST_CASES` says otherwise; no
/// regression files written next to the sources.
fn config(default_cases: u32) -> ProptestConfig {
    // One configuration for every property: PROPTEST_CASES raises the
    // cases, and failures persist under tests/proptest-regressions.
    crate::strategy::config(default_cases)
}

// ----- a naive reading, written independently of the library -----

/// The weekday of a [`Day`].
fn weekday(day: Day) -> Weekday {
    match day {
        Day::Monday => Weekday::Monday,
        Day::Tuesday => Weekday::Tuesday,
        Day::Wednesday => Weekday::Wednesday,
        Day::Thursday => Weekday::Thursday,
        Day::Friday => Weekday::Friday,
        Day::Saturday => Weekday::Saturday,
        Day::Sunday => Weekday::Sunday,
    }
}

/// Every date of `date`'s month that falls on `day`, in order, found by
/// walking the month day by day.
fn same_weekdays_of_month(date: Date, day: Weekday) -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = Date::from_calendar_date(date.year(), date.month(), 1).unwrap();
    while d.month() == date.month() {
        if d.weekday() == day {
            out.push(d);
        }
        match d.next_day() {
            Some(next) => d = next,
            None => break,
        }
    }
    out
}

/// Whether `date` is the `nth` `day` of its month.
fn is_nth(date: Date, nth: Nth, day: Day) -> bool {
    let all = same_weekdays_of_month(date, weekday(day));
    let target = match nth {
        Nth::First => all.first(),
        Nth::Second => all.get(1),
        Nth::Third => all.get(2),
        Nth::Fourth => all.get(3),
        Nth::Last => all.last(),
    };
    target == Some(&date)
}

/// Whether the recurrence falls on `date`, ignoring range and exceptions.
fn recurs(recurrence: &Recurrence, date: Date) -> bool {
    match recurrence {
        Recurrence::Weekly { days } => days.iter().any(|d| weekday(d) == date.weekday()),
        Recurrence::Monthly { nth, day } => is_nth(date, *nth, *day),
        _ => panic!("a recurrence this test does not know: {recurrence:?}"),
    }
}

/// Whether the schedule should meet on `date`, read naively.
fn should_meet(s: &Schedule, date: Date) -> bool {
    date >= s.first()
        && s.last().is_none_or(|l| date <= l)
        && !s.exceptions().contains(&date)
        && recurs(s.recurrence(), date)
}

/// Every date from `from` to `to`, both inclusive.
fn each_day(from: Date, to: Date) -> impl Iterator<Item = Date> {
    std::iter::successors(Some(from), move |d| d.next_day().filter(|n| *n <= to))
        .filter(move |d| *d <= to)
}

fn dates(s: &Schedule, from: Date, to: Date) -> Vec<Date> {
    s.occurrences(from, to).map(|o| o.date).collect()
}

// ----- property tests -----

/// A date from 1999 to about 2031.
fn any_date() -> impl Strategy<Value = Date> {
    (0..12_000i64).prop_map(|n| date!(1999 - 01 - 01) + Duration::days(n))
}

/// A schedule's parts, before exceptions: recurrence, window, first date,
/// optional last date (possibly before the first, to check that `until`
/// refuses it).
fn parts() -> impl Strategy<Value = (Recurrence, (Time, Time), Date, Option<i64>)> {
    (
        recurrence(),
        window(),
        any_date(),
        prop::option::weighted(0.6, -10..900i64),
    )
}

/// A query range around the schedule's first date (`to` sometimes before
/// `from`).
fn query() -> impl Strategy<Value = (i64, i64)> {
    (-400..900i64, -5..900i64)
}

/// The schedule built from its parts, exceptions chosen among its own
/// occurrences (so that they matter) and among arbitrary dates near it.
fn build(
    (recurrence, (start, end), first, last): (Recurrence, (Time, Time), Date, Option<i64>),
    picked: &[Index],
    arbitrary: &[i64],
) -> Result<Schedule, TestCaseError> {
    let mut s = Schedule::new(recurrence, start, end, first).expect("a well-formed schedule");
    if let Some(n) = last {
        let last = first + Duration::days(n);
        match s.clone().until(last) {
            Ok(bounded) => {
                prop_assert!(last >= first);
                s = bounded;
            }
            Err(e) => {
                prop_assert!(last < first);
                prop_assert_eq!(
                    e,
                    ScheduleError::EndsBeforeStart {
                        start: first,
                        end: last
                    }
                );
            }
        }
    }
    let own = dates(&s, first, first + Duration::days(900));
    let mut with = s;
    if !own.is_empty() {
        for i in picked {
            with = with.with_exception(*i.get(&own));
        }
    }
    for n in arbitrary {
        with = with.with_exception(first + Duration::days(*n));
    }
    Ok(with)
}

proptest! {
    #![proptest_config(config(256))]

    /// Every occurrence lies within the query range and the schedule's
    /// range, on a listed weekday (weekly) or the right n-th weekday of its
    /// month (monthly), strictly after the previous one, never on an
    /// exception, with the schedule's window; and every date of the range
    /// on which the schedule meets is returned.
    #[test]
    fn occurrences_are_exactly_the_meeting_days(
        parts in parts(),
        picked in prop::collection::vec(any::<Index>(), 0..4),
        arbitrary in prop::collection::vec(-30..900i64, 0..4),
        (from, len) in query(),
    ) {
        let s = build(parts, &picked, &arbitrary)?;
        let from = s.first() + Duration::days(from);
        let to = from + Duration::days(len);
        let found: Vec<Occurrence> = s.occurrences(from, to).collect();
        let (start, end) = s.window();
        for o in &found {
            prop_assert!(from <= o.date && o.date <= to, "{:?} outside {}..={}", o, from, to);
            prop_assert!(s.first() <= o.date, "{:?} before the first date of {}", o, s);
            prop_assert!(s.last().is_none_or(|l| o.date <= l), "{:?} after the last date of {}", o, s);
            prop_assert!(!s.exceptions().contains(&o.date), "{:?} is an exception of {}", o, s);
            prop_assert_eq!((o.start, o.end), (start, end));
            match s.recurrence() {
                Recurrence::Weekly { days } => prop_assert!(
                    days.iter().any(|d| weekday(d) == o.date.weekday()),
                    "{:?} is a {} but {} meets on {:?}", o, o.date.weekday(), s, days
                ),
                Recurrence::Monthly { nth, day } => prop_assert!(
                    is_nth(o.date, *nth, *day),
                    "{:?} is not the {:?} {} of its month", o, nth, day
                ),
                _ => {}
            }
            prop_assert!(s.meets_on(o.date));
        }
        for pair in found.windows(2) {
            prop_assert!(pair[0].date < pair[1].date, "{:?} then {:?}", pair[0], pair[1]);
        }
        // Completeness, day by day.
        let expected: Vec<Date> = each_day(from, to).filter(|d| should_meet(&s, *d)).collect();
        prop_assert_eq!(found.iter().map(|o| o.date).collect::<Vec<_>>(), expected);
        for d in each_day(from, to) {
            prop_assert_eq!(s.meets_on(d), should_meet(&s, d), "{} on {}", s, d);
        }
        // Total time.
        let each = end - start;
        prop_assert_eq!(
            s.hours_between(from, to),
            each * u32::try_from(found.len()).expect("a small count")
        );
    }

    /// Splitting a query range in two gives the same occurrences as asking
    /// for the whole range.
    #[test]
    fn occurrences_split_at_any_date(
        parts in parts(),
        (from, len) in (-100..400i64, 0..700i64),
        cut in 0..700i64,
    ) {
        let s = build(parts, &[], &[])?;
        let from = s.first() + Duration::days(from);
        let to = from + Duration::days(len);
        let mid = from + Duration::days(cut.min(len));
        let whole = dates(&s, from, to);
        let mut halves = dates(&s, from, mid);
        halves.extend(dates(&s, mid.next_day().expect("a date"), to));
        prop_assert_eq!(whole, halves);
    }

    /// Weekly schedules meet on every listed day once a week: over whole
    /// weeks inside an open-ended range without exceptions, each listed day
    /// occurs exactly once per week.
    #[test]
    fn weekly_meets_once_a_week_per_listed_day(
        days in days(),
        (start, end) in window(),
        first in any_date(),
        weeks in 1..60i64,
        offset in 0..30i64,
    ) {
        let s = Schedule::new(Recurrence::Weekly { days }, start, end, first).expect("valid");
        let from = first + Duration::days(offset);
        let to = from + Duration::days(7 * weeks - 1);
        let found = dates(&s, from, to);
        prop_assert_eq!(found.len(), days.len() * usize::try_from(weeks).expect("small"));
    }

    /// Monthly schedules meet at most once a month, and exactly once a month
    /// for the first to fourth and the last weekday.
    #[test]
    fn monthly_meets_once_a_month(
        nth in nth(),
        day in day(),
        first in any_date(),
        months in 1..40i32,
    ) {
        let s = Schedule::new(
            Recurrence::Monthly { nth, day },
            time!(18:30),
            time!(21:00),
            first,
        )
        .expect("valid");
        // Whole months after the first date.
        let month_start = |i: i32| -> Date {
            let m = i32::from(u8::from(first.month())) - 1 + i + 1;
            Date::from_calendar_date(
                first.year() + m.div_euclid(12),
                Month::try_from(u8::try_from(m.rem_euclid(12) + 1).expect("a month")).expect("a month"),
                1,
            )
            .expect("a date")
        };
        let from = month_start(0);
        let to = month_start(months).previous_day().expect("a date");
        let found = dates(&s, from, to);
        prop_assert_eq!(found.len(), usize::try_from(months).expect("small"));
        let by_month: BTreeSet<(i32, Month)> = found.iter().map(|d| (d.year(), d.month())).collect();
        prop_assert_eq!(by_month.len(), found.len());
    }

    /// Near the end of the calendar, asking for occurrences never panics
    /// and still returns only meeting days.
    #[test]
    fn the_end_of_the_calendar_is_safe(
        recurrence in recurrence(),
        back in 0..800i64,
        len in 0..800i64,
    ) {
        let first = Date::MAX - Duration::days(back);
        let s = Schedule::new(recurrence, time!(09:00), time!(10:00), first).expect("valid");
        let from = first - Duration::days(len);
        for d in dates(&s, from, Date::MAX) {
            prop_assert!(should_meet(&s, d));
        }
        prop_assert_eq!(dates(&s, Date::MAX, Date::MIN), Vec::<Date>::new());
        // And at the start of the calendar.
        let first = Date::MIN + Duration::days(back);
        let s = Schedule::new(s.recurrence().clone(), time!(09:00), time!(10:00), first).expect("valid");
        let to = first + Duration::days(len);
        let expected: Vec<Date> = each_day(Date::MIN, to).filter(|d| should_meet(&s, *d)).collect();
        prop_assert_eq!(dates(&s, Date::MIN, to), expected);
    }
}

// ----- hand-checked cases -----

fn weekly(days: &[Day], first: Date) -> Schedule {
    Schedule::new(
        Recurrence::Weekly {
            days: Days::of(days),
        },
        time!(14:00),
        time!(17:00),
        first,
    )
    .unwrap()
}

fn monthly(nth: Nth, day: Day, first: Date) -> Schedule {
    Schedule::new(
        Recurrence::Monthly { nth, day },
        time!(18:30),
        time!(21:00),
        first,
    )
    .unwrap()
}

#[test]
fn weekly_across_29_february_in_a_leap_year() {
    let thursdays = weekly(&[Day::Thursday], date!(2024 - 01 - 01));
    assert_eq!(
        dates(&thursdays, date!(2024 - 02 - 20), date!(2024 - 03 - 10)),
        [
            date!(2024 - 02 - 22),
            date!(2024 - 02 - 29),
            date!(2024 - 03 - 07)
        ]
    );
    let every_day = weekly(
        &[
            Day::Monday,
            Day::Tuesday,
            Day::Wednesday,
            Day::Thursday,
            Day::Friday,
            Day::Saturday,
            Day::Sunday,
        ],
        date!(2024 - 01 - 01),
    );
    assert_eq!(
        dates(&every_day, date!(2024 - 02 - 28), date!(2024 - 03 - 01)),
        [
            date!(2024 - 02 - 28),
            date!(2024 - 02 - 29),
            date!(2024 - 03 - 01)
        ]
    );
    assert!(thursdays.meets_on(date!(2024 - 02 - 29)));
}

#[test]
fn weekly_across_the_end_of_february_in_a_common_year() {
    let thursdays = weekly(&[Day::Thursday], date!(2023 - 01 - 01));
    assert_eq!(
        dates(&thursdays, date!(2023 - 02 - 20), date!(2023 - 03 - 10)),
        [
            date!(2023 - 02 - 23),
            date!(2023 - 03 - 02),
            date!(2023 - 03 - 09)
        ]
    );
    let every_day = weekly(
        &[
            Day::Monday,
            Day::Tuesday,
            Day::Wednesday,
            Day::Thursday,
            Day::Friday,
            Day::Saturday,
            Day::Sunday,
        ],
        date!(2023 - 01 - 01),
    );
    assert_eq!(
        dates(&every_day, date!(2023 - 02 - 27), date!(2023 - 03 - 02)),
        [
            date!(2023 - 02 - 27),
            date!(2023 - 02 - 28),
            date!(2023 - 03 - 01),
            date!(2023 - 03 - 02)
        ]
    );
    // 1900 is not a leap year, 2000 is.
    let wednesdays = weekly(&[Day::Wednesday], date!(1899 - 01 - 01));
    assert_eq!(
        dates(&wednesdays, date!(1900 - 02 - 26), date!(1900 - 03 - 08)),
        [date!(1900 - 02 - 28), date!(1900 - 03 - 07)]
    );
    let tuesdays = weekly(&[Day::Tuesday], date!(1999 - 01 - 01));
    assert_eq!(
        dates(&tuesdays, date!(2000 - 02 - 26), date!(2000 - 03 - 08)),
        [date!(2000 - 02 - 29), date!(2000 - 03 - 07)]
    );
}

#[test]
fn weekly_across_31_december() {
    let sundays_and_mondays = weekly(&[Day::Sunday, Day::Monday], date!(2017 - 12 - 01));
    assert_eq!(
        dates(
            &sundays_and_mondays,
            date!(2017 - 12 - 25),
            date!(2018 - 01 - 08)
        ),
        [
            date!(2017 - 12 - 25),
            date!(2017 - 12 - 31),
            date!(2018 - 01 - 01),
            date!(2018 - 01 - 07),
            date!(2018 - 01 - 08)
        ]
    );
    // A schedule that starts on 1 January and a query that starts in December.
    let tuesdays = weekly(&[Day::Tuesday], date!(2019 - 01 - 01));
    assert_eq!(
        dates(&tuesdays, date!(2018 - 12 - 20), date!(2019 - 01 - 10)),
        [date!(2019 - 01 - 01), date!(2019 - 01 - 08)]
    );
}

#[test]
fn monthly_last_thursday_in_february() {
    let last_thursday = monthly(Nth::Last, Day::Thursday, date!(2023 - 01 - 01));
    assert_eq!(
        dates(&last_thursday, date!(2024 - 01 - 01), date!(2024 - 03 - 31)),
        [
            date!(2024 - 01 - 25),
            date!(2024 - 02 - 29),
            date!(2024 - 03 - 28)
        ]
    );
    assert_eq!(
        dates(&last_thursday, date!(2023 - 01 - 01), date!(2023 - 03 - 31)),
        [
            date!(2023 - 01 - 26),
            date!(2023 - 02 - 23),
            date!(2023 - 03 - 30)
        ]
    );
}

#[test]
fn monthly_across_31_december() {
    let last_sunday = monthly(Nth::Last, Day::Sunday, date!(2017 - 01 - 01));
    assert_eq!(
        dates(&last_sunday, date!(2017 - 11 - 01), date!(2018 - 01 - 31)),
        [
            date!(2017 - 11 - 26),
            date!(2017 - 12 - 31),
            date!(2018 - 01 - 28)
        ]
    );
    let first_monday = monthly(Nth::First, Day::Monday, date!(2017 - 01 - 01));
    assert_eq!(
        dates(&first_monday, date!(2017 - 12 - 01), date!(2018 - 01 - 31)),
        [date!(2017 - 12 - 04), date!(2018 - 01 - 01)]
    );
}

#[test]
fn the_fifth_week_belongs_to_last_not_to_fourth() {
    // February 2024 has five Thursdays (1, 8, 15, 22, 29); February 2023 four
    // (2, 9, 16, 23); March 2023 five (2, 9, 16, 23, 30).
    let fourth = monthly(Nth::Fourth, Day::Thursday, date!(2023 - 01 - 01));
    let last = monthly(Nth::Last, Day::Thursday, date!(2023 - 01 - 01));
    let (from, to) = (date!(2023 - 02 - 01), date!(2023 - 03 - 31));
    assert_eq!(
        dates(&fourth, from, to),
        [date!(2023 - 02 - 23), date!(2023 - 03 - 23)]
    );
    assert_eq!(
        dates(&last, from, to),
        [date!(2023 - 02 - 23), date!(2023 - 03 - 30)]
    );
    let (from, to) = (date!(2024 - 02 - 01), date!(2024 - 02 - 29));
    assert_eq!(dates(&fourth, from, to), [date!(2024 - 02 - 22)]);
    assert_eq!(dates(&last, from, to), [date!(2024 - 02 - 29)]);
    // Only Last ever meets on a 29th, 30th or 31st.
    let second = monthly(Nth::Second, Day::Friday, date!(2023 - 01 - 01));
    let third = monthly(Nth::Third, Day::Friday, date!(2023 - 01 - 01));
    let first = monthly(Nth::First, Day::Friday, date!(2023 - 01 - 01));
    for s in [&first, &second, &third, &fourth] {
        for d in dates(s, date!(2023 - 01 - 01), date!(2026 - 12 - 31)) {
            assert!(d.day() <= 28, "{s} meets on {d}");
        }
    }
    assert_eq!(
        dates(&first, date!(2023 - 09 - 01), date!(2023 - 09 - 30)),
        [date!(2023 - 09 - 01)]
    );
    assert_eq!(
        dates(&second, date!(2023 - 09 - 01), date!(2023 - 09 - 30)),
        [date!(2023 - 09 - 08)]
    );
    assert_eq!(
        dates(&third, date!(2023 - 09 - 01), date!(2023 - 09 - 30)),
        [date!(2023 - 09 - 15)]
    );
}

#[test]
fn exceptions_skip_their_dates_only() {
    // The seed's permanence: Tuesdays 14:00–17:00 from 9 January 2018.
    let s = weekly(&[Day::Tuesday], date!(2018 - 01 - 09))
        .with_exception(date!(2018 - 01 - 16))
        .with_exception(date!(2018 - 05 - 01))
        // Not a Tuesday: no effect.
        .with_exception(date!(2018 - 01 - 17))
        // Before the first date: no effect.
        .with_exception(date!(2018 - 01 - 02));
    assert_eq!(
        dates(&s, date!(2018 - 01 - 01), date!(2018 - 01 - 31)),
        [
            date!(2018 - 01 - 09),
            date!(2018 - 01 - 23),
            date!(2018 - 01 - 30)
        ]
    );
    assert_eq!(
        dates(&s, date!(2018 - 04 - 24), date!(2018 - 05 - 08)),
        [date!(2018 - 04 - 24), date!(2018 - 05 - 08)]
    );
    assert!(!s.meets_on(date!(2018 - 05 - 01)));
    assert!(!s.meets_on(date!(2018 - 01 - 02)));
    assert!(s.meets_on(date!(2018 - 05 - 08)));
    assert_eq!(s.exceptions().len(), 4);
    // The same exception twice is kept once.
    let twice = weekly(&[Day::Tuesday], date!(2018 - 01 - 09))
        .with_exception(date!(2018 - 01 - 16))
        .with_exception(date!(2018 - 01 - 16));
    assert_eq!(twice.exceptions().len(), 1);
}

#[test]
fn ranges_are_inclusive_at_both_ends() {
    let s = weekly(&[Day::Tuesday], date!(2018 - 01 - 09))
        .until(date!(2018 - 01 - 30))
        .unwrap();
    // The query's ends, and the schedule's first and last dates, are included.
    assert_eq!(
        dates(&s, date!(2018 - 01 - 09), date!(2018 - 01 - 23)),
        [
            date!(2018 - 01 - 09),
            date!(2018 - 01 - 16),
            date!(2018 - 01 - 23)
        ]
    );
    assert_eq!(
        dates(&s, date!(2018 - 01 - 01), date!(2018 - 12 - 31)),
        [
            date!(2018 - 01 - 09),
            date!(2018 - 01 - 16),
            date!(2018 - 01 - 23),
            date!(2018 - 01 - 30)
        ]
    );
    // One day.
    assert_eq!(
        dates(&s, date!(2018 - 01 - 16), date!(2018 - 01 - 16)),
        [date!(2018 - 01 - 16)]
    );
    assert!(dates(&s, date!(2018 - 01 - 17), date!(2018 - 01 - 17)).is_empty());
    // A reversed range, a range before the first date, after the last.
    assert!(dates(&s, date!(2018 - 01 - 23), date!(2018 - 01 - 09)).is_empty());
    assert!(dates(&s, date!(2017 - 01 - 01), date!(2018 - 01 - 08)).is_empty());
    assert!(dates(&s, date!(2018 - 01 - 31), date!(2019 - 01 - 01)).is_empty());
    assert!(s.meets_on(date!(2018 - 01 - 30)));
    assert!(!s.meets_on(date!(2018 - 02 - 06)));
    assert!(!s.meets_on(date!(2018 - 01 - 02)));
    // A one-day schedule.
    let once = weekly(&[Day::Tuesday], date!(2018 - 01 - 09))
        .until(date!(2018 - 01 - 09))
        .unwrap();
    assert_eq!(dates(&once, Date::MIN, Date::MAX), [date!(2018 - 01 - 09)]);
}

#[test]
fn occurrences_carry_the_window() {
    let s = Schedule::new(
        Recurrence::Weekly {
            days: Days::of(&[Day::Tuesday]),
        },
        time!(14:30),
        time!(17:15),
        date!(2018 - 01 - 09),
    )
    .unwrap();
    let first = s
        .occurrences(date!(2018 - 01 - 01), date!(2018 - 01 - 31))
        .next();
    assert_eq!(
        first,
        Some(Occurrence {
            date: date!(2018 - 01 - 09),
            start: time!(14:30),
            end: time!(17:15)
        })
    );
    assert_eq!(s.window(), (time!(14:30), time!(17:15)));
}

#[test]
fn hours_between_adds_up_the_windows() {
    let s = weekly(&[Day::Tuesday], date!(2018 - 01 - 09)).with_exception(date!(2018 - 01 - 16));
    // 9, 23 and 30 January: three sessions of three hours.
    assert_eq!(
        s.hours_between(date!(2018 - 01 - 01), date!(2018 - 01 - 31)),
        Duration::hours(9)
    );
    let odd = Schedule::new(
        Recurrence::Weekly {
            days: Days::of(&[Day::Tuesday, Day::Thursday]),
        },
        time!(14:30),
        time!(17:15),
        date!(2018 - 01 - 09),
    )
    .unwrap();
    // 9, 11, 16, 18 January: four sessions of 2 h 45.
    assert_eq!(
        odd.hours_between(date!(2018 - 01 - 09), date!(2018 - 01 - 18)),
        Duration::minutes(4 * 165)
    );
    assert_eq!(
        odd.hours_between(date!(2018 - 01 - 18), date!(2018 - 01 - 09)),
        Duration::ZERO
    );
    assert_eq!(
        s.hours_between(date!(2017 - 01 - 01), date!(2017 - 12 - 31)),
        Duration::ZERO
    );
    // The longest window of a day: 00:00–23:59.
    let long = Schedule::new(
        Recurrence::Monthly {
            nth: Nth::First,
            day: Day::Monday,
        },
        minute(0),
        minute(24 * 60 - 1),
        date!(2018 - 01 - 01),
    )
    .unwrap();
    assert_eq!(
        long.hours_between(date!(2018 - 01 - 01), date!(2018 - 12 - 31)),
        Duration::minutes(12 * (24 * 60 - 1))
    );
}

#[test]
fn malformed_schedules_are_refused() {
    let tuesdays = || Recurrence::Weekly {
        days: Days::of(&[Day::Tuesday]),
    };
    assert_eq!(
        Schedule::new(
            tuesdays(),
            time!(17:00),
            time!(14:00),
            date!(2018 - 01 - 09)
        ),
        Err(ScheduleError::EmptyWindow {
            start: time!(17:00),
            end: time!(14:00)
        })
    );
    assert_eq!(
        Schedule::new(
            tuesdays(),
            time!(14:00),
            time!(14:00),
            date!(2018 - 01 - 09)
        ),
        Err(ScheduleError::EmptyWindow {
            start: time!(14:00),
            end: time!(14:00)
        })
    );
    assert_eq!(
        Schedule::new(
            Recurrence::Weekly {
                days: Days::empty()
            },
            time!(14:00),
            time!(17:00),
            date!(2018 - 01 - 09)
        ),
        Err(ScheduleError::NoDay)
    );
    let s = Schedule::new(
        tuesdays(),
        time!(14:00),
        time!(14:01),
        date!(2018 - 01 - 09),
    )
    .unwrap();
    assert_eq!(
        s.clone().until(date!(2018 - 01 - 08)),
        Err(ScheduleError::EndsBeforeStart {
            start: date!(2018 - 01 - 09),
            end: date!(2018 - 01 - 08)
        })
    );
    assert!(s.until(date!(2018 - 01 - 09)).is_ok());
    assert_eq!(
        ScheduleError::NoDay.to_string(),
        "a weekly recurrence needs at least one day"
    );
}

#[test]
fn schedules_read_in_plain_words_and_documents() {
    let s = weekly(&[Day::Tuesday, Day::Thursday], date!(2018 - 01 - 09))
        .until(date!(2018 - 06 - 26))
        .unwrap()
        .with_exception(date!(2018 - 05 - 01));
    assert_eq!(
        s.to_string(),
        "weekly on tuesday, thursday 14:00–17:00 from 2018-01-09 to 2018-06-26 (1 exception(s))"
    );
    assert_eq!(
        serde_json::to_value(&s).unwrap(),
        serde_json::json!({
            "recurrence": { "weekly": { "days": ["tuesday", "thursday"] } },
            "from-time": "14:00",
            "to-time": "17:00",
            "first": "2018-01-09",
            "last": "2018-06-26",
            "exceptions": ["2018-05-01"]
        })
    );
    let m = monthly(Nth::Last, Day::Thursday, date!(2015 - 11 - 05));
    assert_eq!(
        serde_json::to_value(&m).unwrap(),
        serde_json::json!({
            "recurrence": { "monthly": { "nth": "last", "day": "thursday" } },
            "from-time": "18:30",
            "to-time": "21:00",
            "first": "2015-11-05"
        })
    );
    for value in [&s, &m] {
        let text = serde_json::to_string(value).unwrap();
        assert_eq!(&serde_json::from_str::<Schedule>(&text).unwrap(), value);
    }
}

/// The document form writes times as `HH:MM`, but a schedule accepts any
/// time of day: a window with seconds must either be refused when built or
/// survive saving and loading.
#[test]

fn windows_with_seconds_survive_a_round_trip() {
    let tuesdays = || Recurrence::Weekly {
        days: Days::of(&[Day::Tuesday]),
    };
    for (start, end) in [
        (time!(14:00:10), time!(14:00:50)),
        (time!(14:00:30), time!(17:00)),
    ] {
        let Ok(s) = Schedule::new(tuesdays(), start, end, date!(2018 - 01 - 09)) else {
            // Refusing such a window when it is built is a fix too.
            continue;
        };
        let text = serde_json::to_string(&s).unwrap();
        let loaded: Result<Schedule, _> = serde_json::from_str(&text);
        assert_eq!(loaded.as_ref().ok(), Some(&s), "{text}: {loaded:?}");
        // And a network holding it saves to a document it can load.
        let mut n = communs::Network::new();
        n.apply(communs::Change::add(
            communs::Key::new("perm").unwrap(),
            communs::Brique::new(
                "Permanence",
                communs::BriqueKind::Permanence,
                communs::Lifecycle::new(communs::BriqueStatus::Planned),
            )
            .with_schedule(s),
        ))
        .unwrap();
        let saved = serde_json::to_string(&n).unwrap();
        let back: Result<communs::Network, _> = serde_json::from_str(&saved);
        assert_eq!(back.as_ref().ok(), Some(&n), "{saved}: {back:?}");
    }
}
