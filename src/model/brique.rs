//! Briques: the building blocks that gradually make an institution work.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Lifecycle, Money, Schedule, Tag};

/// The kind of a *brique*, a building block that gradually makes an
/// institution in formation work.
///
/// The seed names coworking time, workshops on the economy of the commons,
/// work on reciprocity contracts, the creation of a financial-service
/// association, and a permanence (recurring drop-in hours). A blueprint
/// ([`Blueprint`](crate::Blueprint)) lists the kinds an institution needs.
///
/// ```
/// use communs::BriqueKind;
///
/// assert_eq!(BriqueKind::ReciprocityContracts.to_string(), "reciprocity-contracts");
/// let other = BriqueKind::Other("newsletter".parse()?);
/// assert_eq!(other.to_string(), "other:newsletter");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum BriqueKind {
    /// Shared coworking time.
    Coworking,
    /// Workshops (for instance on the economy of the commons).
    Workshop,
    /// Work on reciprocity contracts.
    ReciprocityContracts,
    /// A financial service (such as the association Financial Service for Commons).
    FinancialService,
    /// A permanence: recurring drop-in hours held at a place.
    Permanence,
    /// A body that gives the institution a way of deciding.
    GovernanceBody,
    /// Recurring meetings.
    Meeting,
    /// Any other kind, named by a tag.
    Other(Tag),
}

impl fmt::Display for BriqueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            BriqueKind::Coworking => "coworking",
            BriqueKind::Workshop => "workshop",
            BriqueKind::ReciprocityContracts => "reciprocity-contracts",
            BriqueKind::FinancialService => "financial-service",
            BriqueKind::Permanence => "permanence",
            BriqueKind::GovernanceBody => "governance-body",
            BriqueKind::Meeting => "meeting",
            BriqueKind::Other(tag) => return write!(f, "other:{tag}"),
        };
        f.write_str(name)
    }
}

/// Where a brique stands in its lifecycle:
/// proposed → planned → active ⇄ paused → ended.
///
/// A brique may skip forward (a proposal may start at once, or be dropped
/// and end); it never goes back, except between active and paused, and only
/// an active brique can move to paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BriqueStatus {
    /// Someone proposed it.
    Proposed,
    /// It is decided and being prepared.
    Planned,
    /// It runs.
    Active,
    /// It is suspended and may resume.
    Paused,
    /// It has stopped for good.
    Ended,
}

impl BriqueStatus {
    fn rank(self) -> u8 {
        match self {
            BriqueStatus::Proposed => 0,
            BriqueStatus::Planned => 1,
            BriqueStatus::Active | BriqueStatus::Paused => 2,
            BriqueStatus::Ended => 3,
        }
    }

    /// Whether the brique exists in practice: planned, active or paused.
    #[must_use]
    pub fn is_under_way(self) -> bool {
        matches!(
            self,
            BriqueStatus::Planned | BriqueStatus::Active | BriqueStatus::Paused
        )
    }
}

impl crate::Status for BriqueStatus {
    fn may_become(self, next: Self) -> bool {
        (next.rank() > self.rank() && next != BriqueStatus::Paused)
            || matches!(
                (self, next),
                (BriqueStatus::Active, BriqueStatus::Paused)
                    | (BriqueStatus::Paused, BriqueStatus::Active)
            )
    }

    fn is_final(self) -> bool {
        self == BriqueStatus::Ended
    }

    fn name(self) -> &'static str {
        match self {
            BriqueStatus::Proposed => "proposed",
            BriqueStatus::Planned => "planned",
            BriqueStatus::Active => "active",
            BriqueStatus::Paused => "paused",
            BriqueStatus::Ended => "ended",
        }
    }
}

impl fmt::Display for BriqueStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(crate::Status::name(*self))
    }
}

/// What a defined retribution is counted per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Per {
    /// Per session (per occurrence of the schedule).
    Session,
    /// Per hour of activity.
    Hour,
}

/// How contributions to a brique are remunerated (*rétribution contributive*).
///
/// "Ces permanences pourraient donner lieu à des rétributions financières,
/// selon des modalités restant à définir": **to be defined** is a legitimate
/// state, kept and reported (`retribution-undefined`), never refused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Retribution {
    /// No retribution.
    #[default]
    None,
    /// A defined amount, counted per session or per hour, and who pays it.
    #[serde(rename_all = "kebab-case")]
    Defined {
        /// The amount (non-negative).
        amount: Money,
        /// What it is counted per.
        per: Per,
        /// Who pays, in words (a programme, a funder, the runner).
        payer: String,
    },
    /// Retributions are promised, their modalities still to be defined.
    ToBeDefined,
}

impl Retribution {
    /// Whether money is promised or paid (defined with a non-zero amount, or
    /// to be defined).
    #[must_use]
    pub fn involves_money(&self) -> bool {
        match self {
            Retribution::None => false,
            Retribution::Defined { amount, .. } => amount.amount != 0,
            Retribution::ToBeDefined => true,
        }
    }
}

/// A *brique*: a building block that gradually makes an institution work —
/// coworking time, workshops, work on reciprocity contracts, a financial
/// service, a permanence.
///
/// A brique is run by organisations (`runs`), builds an institution
/// (`builds`) and may be hosted at a place (`hosted-at`).
///
/// ```
/// use communs::{Brique, BriqueKind, BriqueStatus, Day, Days, Lifecycle, Recurrence, Retribution, Schedule};
/// use time::macros::{date, time};
///
/// let permanence = Brique::new("Permanence des communs", BriqueKind::Permanence, Lifecycle::new(BriqueStatus::Planned))
///     .with_schedule(Schedule::new(
///         Recurrence::Weekly { days: Days::of(&[Day::Tuesday]) },
///         time!(14:00),
///         time!(17:00),
///         date!(2018 - 01 - 09),
///     )?)
///     .with_retribution(Retribution::ToBeDefined);
/// assert_eq!(permanence.status_at(date!(2017 - 12 - 01)), BriqueStatus::Planned);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct Brique {
    /// The display name (non-empty).
    pub name: String,
    /// Its kind.
    pub kind: BriqueKind,
    /// Its dated status history.
    pub lifecycle: Lifecycle<BriqueStatus>,
    /// When it meets, if it recurs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    /// How contributions are remunerated.
    #[serde(default, skip_serializing_if = "is_none_retribution")]
    pub retribution: Retribution,
    /// Purpose tags, checked against the objectives of its runners'
    /// carriers (`objectives-mismatch`).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub purpose: BTreeSet<Tag>,
}

fn is_none_retribution(r: &Retribution) -> bool {
    *r == Retribution::None
}

impl Brique {
    /// A brique without schedule, retribution or purpose.
    #[must_use]
    pub fn new(
        name: impl Into<String>,
        kind: BriqueKind,
        lifecycle: Lifecycle<BriqueStatus>,
    ) -> Self {
        Brique {
            name: name.into(),
            kind,
            lifecycle,
            schedule: None,
            retribution: Retribution::None,
            purpose: BTreeSet::new(),
        }
    }

    /// This brique with a schedule.
    #[must_use]
    pub fn with_schedule(mut self, schedule: Schedule) -> Self {
        self.schedule = Some(schedule);
        self
    }

    /// This brique with retribution terms.
    #[must_use]
    pub fn with_retribution(mut self, retribution: Retribution) -> Self {
        self.retribution = retribution;
        self
    }

    /// This brique with purpose tags.
    #[must_use]
    pub fn with_purpose(mut self, purpose: impl IntoIterator<Item = Tag>) -> Self {
        self.purpose = purpose.into_iter().collect();
        self
    }

    /// Its status on `date`.
    #[must_use]
    pub fn status_at(&self, date: time::Date) -> BriqueStatus {
        self.lifecycle.at(date)
    }
}
