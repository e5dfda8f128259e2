//! Lifecycles: dated status histories that only move forward.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

/// A status with a forward-only lifecycle.
pub trait Status: Copy + Eq + fmt::Debug + fmt::Display + 'static {
    /// Whether a thing in status `self` may move to `next`. Staying in the
    /// same status is not a move.
    fn may_become(self, next: Self) -> bool;

    /// Whether the status is final (nothing follows it).
    fn is_final(self) -> bool;

    /// The kebab-case name, as written in documents.
    fn name(self) -> &'static str;
}

/// Why a lifecycle step is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LifecycleError {
    /// The status cannot follow the previous one.
    #[error("status `{to}` cannot follow `{from}`")]
    Backwards {
        /// The previous status.
        from: &'static str,
        /// The refused status.
        to: &'static str,
    },
    /// The step is not dated after the previous one.
    #[error("a status change on {date} does not come after the previous one ({previous})")]
    OutOfOrder {
        /// The refused step's date.
        date: Date,
        /// The previous step's date.
        previous: Date,
    },
    /// A lifecycle without any status.
    #[error("a lifecycle needs at least one status")]
    Empty,
}

/// The dated history of a status: where it started, and each change since,
/// in strictly increasing date order, each allowed by [`Status::may_become`].
///
/// The first status may be undated ("since before the record"). The status
/// at a date is the last one whose date is on or before it; before the
/// first dated change it is the starting status.
///
/// ```
/// use communs::{BriqueStatus, Lifecycle};
/// use time::macros::date;
///
/// let life = Lifecycle::new(BriqueStatus::Planned)
///     .then(date!(2018 - 01 - 09), BriqueStatus::Active)?
///     .then(date!(2018 - 06 - 30), BriqueStatus::Ended)?;
/// assert_eq!(life.current(), BriqueStatus::Ended);
/// assert_eq!(life.at(date!(2018 - 03 - 01)), BriqueStatus::Active);
/// assert_eq!(life.at(date!(2017 - 12 - 01)), BriqueStatus::Planned);
/// // Going back is refused.
/// assert!(life.clone().then(date!(2018 - 07 - 01), BriqueStatus::Active).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Lifecycle<S> {
    start: S,
    changes: Vec<(Date, S)>,
}

impl<S: Status> Lifecycle<S> {
    /// A lifecycle starting in `status`.
    #[must_use]
    pub fn new(status: S) -> Self {
        Lifecycle {
            start: status,
            changes: Vec::new(),
        }
    }

    /// This lifecycle, moving to `status` on `date`.
    ///
    /// # Errors
    ///
    /// [`LifecycleError::Backwards`] when `status` may not follow the current
    /// one; [`LifecycleError::OutOfOrder`] when `date` is not after the last
    /// change.
    pub fn then(mut self, date: Date, status: S) -> Result<Self, LifecycleError> {
        self.push(date, status)?;
        Ok(self)
    }

    fn push(&mut self, date: Date, status: S) -> Result<(), LifecycleError> {
        let current = self.current();
        if !current.may_become(status) {
            return Err(LifecycleError::Backwards {
                from: current.name(),
                to: status.name(),
            });
        }
        if let Some((previous, _)) = self.changes.last()
            && date <= *previous
        {
            return Err(LifecycleError::OutOfOrder {
                date,
                previous: *previous,
            });
        }
        self.changes.push((date, status));
        Ok(())
    }

    /// The latest status.
    #[must_use]
    pub fn current(&self) -> S {
        self.changes.last().map_or(self.start, |(_, s)| *s)
    }

    /// The status on `date`.
    #[must_use]
    pub fn at(&self, date: Date) -> S {
        self.changes
            .iter()
            .take_while(|(d, _)| *d <= date)
            .last()
            .map_or(self.start, |(_, s)| *s)
    }

    /// The starting status.
    #[must_use]
    pub fn start(&self) -> S {
        self.start
    }

    /// The dated changes, in order.
    #[must_use]
    pub fn changes(&self) -> &[(Date, S)] {
        &self.changes
    }

    /// Whether `next` may replace this lifecycle in an update: its current
    /// status is this one's or follows it, and it does not rewrite the past
    /// (this lifecycle's history is a prefix of `next`'s).
    #[must_use]
    pub fn may_become(&self, next: &Lifecycle<S>) -> bool {
        next.start == self.start && next.changes.starts_with(&self.changes)
    }
}

/// The serde form of one lifecycle step.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct StepDoc<S> {
    status: S,
    #[serde(
        default,
        with = "super::iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    since: Option<Date>,
}

impl<S: Status + Serialize> Serialize for Lifecycle<S> {
    fn serialize<Z: serde::Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        let first = StepDoc {
            status: self.start,
            since: None,
        };
        let rest = self.changes.iter().map(|(d, s)| StepDoc {
            status: *s,
            since: Some(*d),
        });
        serializer.collect_seq(std::iter::once(first).chain(rest))
    }
}

impl<'de, S: Status + Deserialize<'de>> Deserialize<'de> for Lifecycle<S> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let steps = Vec::<StepDoc<S>>::deserialize(deserializer)?;
        let mut steps = steps.into_iter();
        let first = steps
            .next()
            .ok_or_else(|| D::Error::custom(LifecycleError::Empty))?;
        if first.since.is_some() {
            return Err(D::Error::custom(
                "the first status of a lifecycle is undated; date the changes that follow it",
            ));
        }
        let mut life = Lifecycle::new(first.status);
        for step in steps {
            let date = step.since.ok_or_else(|| {
                D::Error::custom("every status change after the first needs a `since` date")
            })?;
            life.push(date, step.status).map_err(D::Error::custom)?;
        }
        Ok(life)
    }
}
