//! Applications (dossiers) to funding programmes.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::iso_date;
use crate::{Key, Lifecycle, Money, Tag};

/// Where an application stands: drafting → submitted → granted | refused |
/// withdrawn. It may be withdrawn while drafting; it never goes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApplicationStatus {
    /// Being put together.
    Drafting,
    /// Sent to the programme.
    Submitted,
    /// Funded.
    Granted,
    /// Turned down.
    Refused,
    /// Withdrawn by its filer.
    Withdrawn,
}

impl ApplicationStatus {
    fn rank(self) -> u8 {
        match self {
            ApplicationStatus::Drafting => 0,
            ApplicationStatus::Submitted => 1,
            ApplicationStatus::Granted
            | ApplicationStatus::Refused
            | ApplicationStatus::Withdrawn => 2,
        }
    }

    /// Whether the application still commits its filer: drafting, submitted
    /// or granted.
    #[must_use]
    pub fn is_live(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Drafting | ApplicationStatus::Submitted | ApplicationStatus::Granted
        )
    }
}

impl crate::Status for ApplicationStatus {
    fn may_become(self, next: Self) -> bool {
        next.rank() > self.rank()
            && !(self == ApplicationStatus::Drafting
                && matches!(
                    next,
                    ApplicationStatus::Granted | ApplicationStatus::Refused
                ))
    }

    fn is_final(self) -> bool {
        self.rank() == 2
    }

    fn name(self) -> &'static str {
        match self {
            ApplicationStatus::Drafting => "drafting",
            ApplicationStatus::Submitted => "submitted",
            ApplicationStatus::Granted => "granted",
            ApplicationStatus::Refused => "refused",
            ApplicationStatus::Withdrawn => "withdrawn",
        }
    }
}

impl fmt::Display for ApplicationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(crate::Status::name(*self))
    }
}

/// An application (*dossier*, *candidature*) to a funding programme.
///
/// It is filed by a legal person (`files`, the *porteur*), written by its
/// authors (`authors`), funds briques (`funds`) and may target a territory
/// (`targets`). Its burden is the money its filer is exposed to if it goes
/// ahead (ANIS: none).
///
/// ```
/// use communs::{Application, ApplicationStatus, Lifecycle};
/// use time::macros::date;
///
/// let dossier = Application::new(
///     "Permanence des communs à la MESS",
///     "Fabrique à entreprendre",
///     date!(2017 - 12 - 01),
///     Lifecycle::new(ApplicationStatus::Drafting),
/// );
/// assert!(dossier.burden.is_none()); // no burden: zero
/// ```
#[derive(Debug, Clone, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct Application {
    /// The title (non-empty).
    pub title: String,
    /// The funding programme.
    pub programme: String,
    /// The funding organisation, by key: a live organisation, or the retired
    /// key of a removed one (checked when the change commits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funder: Option<Key>,
    /// The last day to submit it (inclusive).
    #[serde(with = "iso_date")]
    pub deadline: Date,
    /// When it was submitted.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub submitted_at: Option<OffsetDateTime>,
    /// Its dated status history.
    pub lifecycle: Lifecycle<ApplicationStatus>,
    /// The amount requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_requested: Option<Money>,
    /// The money its filer is exposed to; `None` is none at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burden: Option<Money>,
    /// Purpose tags, checked against the filer's objectives.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub purpose: BTreeSet<Tag>,
}

impl PartialEq for Application {
    /// Equal when every field is, the submission instant in the same offset.
    fn eq(&self, other: &Self) -> bool {
        self.title == other.title
            && self.programme == other.programme
            && self.funder == other.funder
            && self.deadline == other.deadline
            && match (&self.submitted_at, &other.submitted_at) {
                (Some(a), Some(b)) => super::decision::same_instant(a, b),
                (None, None) => true,
                _ => false,
            }
            && self.lifecycle == other.lifecycle
            && self.amount_requested == other.amount_requested
            && self.burden == other.burden
            && self.purpose == other.purpose
    }
}

impl Application {
    /// The date it was submitted: the submission instant's date in its own
    /// offset, or else the date its lifecycle records it submitted.
    #[must_use]
    pub fn submission_date(&self) -> Option<time::Date> {
        self.submitted_at.map(|at| at.date()).or_else(|| {
            self.lifecycle
                .changes()
                .iter()
                .find(|(_, s)| *s == ApplicationStatus::Submitted)
                .map(|(d, _)| *d)
        })
    }

    /// An application without funder, submission, amounts or purpose.
    #[must_use]
    pub fn new(
        title: impl Into<String>,
        programme: impl Into<String>,
        deadline: Date,
        lifecycle: Lifecycle<ApplicationStatus>,
    ) -> Self {
        Application {
            title: title.into(),
            programme: programme.into(),
            funder: None,
            deadline,
            submitted_at: None,
            lifecycle,
            amount_requested: None,
            burden: None,
            purpose: BTreeSet::new(),
        }
    }

    /// This application with a funder.
    #[must_use]
    pub fn with_funder(mut self, funder: Key) -> Self {
        self.funder = Some(funder);
        self
    }

    /// This application, submitted at `at`.
    #[must_use]
    pub fn submitted(mut self, at: OffsetDateTime) -> Self {
        self.submitted_at = Some(at);
        self
    }

    /// This application with an amount requested.
    #[must_use]
    pub fn requesting(mut self, amount: Money) -> Self {
        self.amount_requested = Some(amount);
        self
    }

    /// This application with a burden on its filer.
    #[must_use]
    pub fn with_burden(mut self, burden: Money) -> Self {
        self.burden = Some(burden);
        self
    }

    /// This application with purpose tags.
    #[must_use]
    pub fn with_purpose(mut self, purpose: impl IntoIterator<Item = Tag>) -> Self {
        self.purpose = purpose.into_iter().collect();
        self
    }

    /// Its status on `date`.
    #[must_use]
    pub fn status_at(&self, date: Date) -> ApplicationStatus {
        self.lifecycle.at(date)
    }
}

/// `files`: an organisation files an application (the *porteur*), signed by
/// a person acting for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[non_exhaustive]
pub struct Filing {
    /// The person who signed the filing for the organisation, if recorded.
    pub signed_by: Option<Key>,
}

impl Filing {
    /// A filing, signed by `by` if given.
    #[must_use]
    pub fn new(signed_by: Option<Key>) -> Self {
        Filing { signed_by }
    }
}
