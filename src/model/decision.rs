//! Decisions: how an organisation decides, and the record of each decision.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::iso_date;
use crate::{Key, Lifecycle};

/// A fraction `num / den` with `0 < den` and `num <= den`: a vote's
/// threshold or quorum.
///
/// ```
/// use communs::Fraction;
///
/// let half = Fraction::new(1, 2)?;
/// assert!(half.reached(5, 10));  // 5 of 10 is half
/// assert!(!half.reached(4, 9));
/// assert!(Fraction::new(3, 2).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "FractionDoc")]
pub struct Fraction {
    num: u32,
    den: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FractionDoc {
    num: u32,
    den: u32,
}

impl TryFrom<FractionDoc> for Fraction {
    type Error = FractionError;
    fn try_from(d: FractionDoc) -> Result<Self, FractionError> {
        Fraction::new(d.num, d.den)
    }
}

/// A fraction that is not between 0 and 1, or has a zero denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{num}/{den} is not a fraction between 0 and 1")]
pub struct FractionError {
    /// The numerator.
    pub num: u32,
    /// The denominator.
    pub den: u32,
}

impl Fraction {
    /// A fraction.
    ///
    /// # Errors
    ///
    /// [`FractionError`] when `den` is zero or `num > den`.
    pub fn new(num: u32, den: u32) -> Result<Self, FractionError> {
        if den == 0 || num > den {
            return Err(FractionError { num, den });
        }
        Ok(Fraction { num, den })
    }

    /// The numerator.
    #[must_use]
    pub fn num(&self) -> u32 {
        self.num
    }

    /// The denominator.
    #[must_use]
    pub fn den(&self) -> u32 {
        self.den
    }

    /// Whether `part` out of `whole` reaches the fraction (`part / whole >=
    /// num / den`, exactly, in integers). Nothing out of nothing reaches only
    /// a zero fraction.
    #[must_use]
    pub fn reached(&self, part: u64, whole: u64) -> bool {
        if whole == 0 {
            return self.num == 0;
        }
        u128::from(part).saturating_mul(u128::from(self.den))
            >= u128::from(whole).saturating_mul(u128::from(self.num))
    }
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.num, self.den)
    }
}

/// How a decision is taken.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Process {
    /// A vote. Only members of the deciding organisation at the opening date
    /// vote. The threshold is a fraction of the votes expressed (for and
    /// against; abstentions are not expressed); the quorum a fraction of the
    /// members, counting every vote cast, abstentions included.
    Vote {
        /// The share of expressed votes needed to adopt.
        threshold: Fraction,
        /// The share of members who must take part.
        quorum: Fraction,
    },
    /// Consent: adopted unless a reasoned objection stands.
    Consent,
    /// Consensus: everyone agrees.
    Consensus,
    /// The advice process: someone decides after consulting those concerned.
    #[serde(rename_all = "kebab-case")]
    Advice {
        /// Who decides.
        decider: Key,
        /// Whom they consulted.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        consulted: Vec<Key>,
    },
    /// Transparency: published, questions and legitimate objections answered,
    /// no vote.
    Transparency,
    /// Delegated to a person, who needs a mandate to decide for the
    /// organisation (rule `unmandated-act`).
    #[serde(rename_all = "kebab-case")]
    Delegated {
        /// The delegate.
        to: Key,
    },
}

impl Process {
    /// The kind of process.
    #[must_use]
    pub fn kind(&self) -> crate::ProcessKind {
        match self {
            Process::Vote { .. } => crate::ProcessKind::Vote,
            Process::Consent => crate::ProcessKind::Consent,
            Process::Consensus => crate::ProcessKind::Consensus,
            Process::Advice { .. } => crate::ProcessKind::Advice,
            Process::Transparency => crate::ProcessKind::Transparency,
            Process::Delegated { .. } => crate::ProcessKind::Delegated,
        }
    }
}

/// Who can see a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Visibility {
    /// Anyone.
    Public,
    /// The members.
    Members,
    /// Those involved.
    Private,
}

/// A position in a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    /// For.
    For,
    /// Against.
    Against,
    /// Abstains.
    Abstain,
}

/// What an intervention in a decision is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum InterventionKind {
    /// A question.
    Question,
    /// A (legitimate) objection, which must be resolved before a consent,
    /// consensus or transparency decision stands.
    Objection,
    /// A concern, short of an objection.
    Concern,
    /// Support.
    Support,
    /// A vote.
    Stance(Stance),
    /// An answer to the intervention with this id.
    AnswerTo(u32),
}

/// One intervention in a decision: a question, objection, concern, support,
/// vote, or answer — who, when, and whether it is resolved.
#[derive(Debug, Clone, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct Intervention {
    /// Its id, unique within the decision.
    pub id: u32,
    /// What it is.
    pub kind: InterventionKind,
    /// Who made it, by key.
    pub by: Key,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Whether it is resolved (an objection lifted or met, a question settled).
    #[serde(default)]
    pub resolved: bool,
}

/// Two instants are the same record when they name the same instant in the
/// same offset: the offset decides which calendar date the rules read.
pub(crate) fn same_instant(a: &OffsetDateTime, b: &OffsetDateTime) -> bool {
    a == b && a.offset() == b.offset()
}

impl PartialEq for Intervention {
    /// Equal when every field is, instants in the same offset.
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.kind == other.kind
            && self.by == other.by
            && same_instant(&self.at, &other.at)
            && self.resolved == other.resolved
    }
}

impl PartialEq for Decision {
    /// Equal when every field is, instants in the same offset.
    fn eq(&self, other: &Self) -> bool {
        self.title == other.title
            && self.process == other.process
            && same_instant(&self.opened_at, &other.opened_at)
            && same_instant(&self.closes_at, &other.closes_at)
            && self.visibility == other.visibility
            && self.audience == other.audience
            && self.interventions == other.interventions
            && self.outcome == other.outcome
            && self.review == other.review
    }
}

impl Intervention {
    /// An unresolved intervention.
    #[must_use]
    pub fn new(id: u32, kind: InterventionKind, by: Key, at: OffsetDateTime) -> Self {
        Intervention {
            id,
            kind,
            by,
            at,
            resolved: false,
        }
    }

    /// This intervention, resolved.
    #[must_use]
    pub fn resolved(mut self) -> Self {
        self.resolved = true;
        self
    }
}

/// The outcome of a decision: pending → adopted | rejected | withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Not decided yet.
    Pending,
    /// Adopted.
    Adopted,
    /// Rejected.
    Rejected,
    /// Withdrawn.
    Withdrawn,
}

impl crate::Status for Outcome {
    fn may_become(self, next: Self) -> bool {
        self == Outcome::Pending && next != Outcome::Pending
    }

    fn is_final(self) -> bool {
        self != Outcome::Pending
    }

    fn name(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Adopted => "adopted",
            Outcome::Rejected => "rejected",
            Outcome::Withdrawn => "withdrawn",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(crate::Status::name(*self))
    }
}

/// The record of a decision: its process, when it opens and closes (with
/// their offsets), who can see it, the interventions, and its outcome.
///
/// It is taken by an organisation (`decides`), opened by a person (`opens`)
/// and concerns nodes (`concerns`). It closes after it opens (hard
/// invariant 3), intervention ids are unique and answers answer existing
/// interventions.
///
/// ```
/// use communs::{Decision, Lifecycle, Outcome, Process, Visibility};
/// use time::macros::datetime;
///
/// let d = Decision::new(
///     "Economie des Communs : vers une permanence à la maison Stéphane Hessel",
///     Process::Transparency,
///     datetime!(2017-11-29 15:50 +01:00),
///     datetime!(2017-12-01 09:00 +01:00),
///     Lifecycle::new(Outcome::Pending),
/// )?
/// .public(350);
/// assert_eq!(d.visibility, Visibility::Public);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct Decision {
    /// The title (non-empty).
    pub title: String,
    /// How it is taken.
    pub process: Process,
    /// When it opened.
    #[serde(with = "time::serde::rfc3339")]
    pub opened_at: OffsetDateTime,
    /// When it closes.
    #[serde(with = "time::serde::rfc3339")]
    pub closes_at: OffsetDateTime,
    /// Who can see it.
    pub visibility: Visibility,
    /// How many people saw it, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<u32>,
    /// Questions, objections, votes, answers…
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interventions: Vec<Intervention>,
    /// Its outcome, dated.
    pub outcome: Lifecycle<Outcome>,
    /// When an adopted outcome should be reviewed.
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub review: Option<Date>,
}

/// A decision that closes before it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a decision opened at {opened_at} cannot close at {closes_at}")]
pub struct ClosesBeforeOpening {
    /// When it opens.
    pub opened_at: OffsetDateTime,
    /// When it was to close.
    pub closes_at: OffsetDateTime,
}

impl Decision {
    /// A private decision without interventions or review date.
    ///
    /// # Errors
    ///
    /// [`ClosesBeforeOpening`] unless `closes_at` is after `opened_at`.
    pub fn new(
        title: impl Into<String>,
        process: Process,
        opened_at: OffsetDateTime,
        closes_at: OffsetDateTime,
        outcome: Lifecycle<Outcome>,
    ) -> Result<Self, ClosesBeforeOpening> {
        if closes_at <= opened_at {
            return Err(ClosesBeforeOpening {
                opened_at,
                closes_at,
            });
        }
        Ok(Decision {
            title: title.into(),
            process,
            opened_at,
            closes_at,
            visibility: Visibility::Private,
            audience: None,
            interventions: Vec::new(),
            outcome,
            review: None,
        })
    }

    /// This decision, public, seen by `audience` people.
    #[must_use]
    pub fn public(mut self, audience: u32) -> Self {
        self.visibility = Visibility::Public;
        self.audience = Some(audience);
        self
    }

    /// This decision with an intervention.
    #[must_use]
    pub fn with(mut self, intervention: Intervention) -> Self {
        self.interventions.push(intervention);
        self
    }

    /// This decision with a review date.
    #[must_use]
    pub fn reviewed_on(mut self, date: Date) -> Self {
        self.review = Some(date);
        self
    }

    /// Its outcome on `date`.
    #[must_use]
    pub fn outcome_at(&self, date: Date) -> Outcome {
        self.outcome.at(date)
    }

    /// The ids of the interventions some answer answers, sorted: whether
    /// one is answered is then a search, not a pass over every
    /// intervention.
    pub(crate) fn answered_ids(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = self
            .interventions
            .iter()
            .filter_map(|a| match a.kind {
                InterventionKind::AnswerTo(id) => Some(id),
                _ => None,
            })
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The questions nobody answered and nobody marked resolved.
    pub fn open_questions(&self) -> impl Iterator<Item = &Intervention> + '_ {
        let answered = self.answered_ids();
        self.interventions.iter().filter(move |i| {
            i.kind == InterventionKind::Question
                && !i.resolved
                && answered.binary_search(&i.id).is_err()
        })
    }

    /// The objections not resolved.
    pub fn unresolved_objections(&self) -> impl Iterator<Item = &Intervention> + '_ {
        self.interventions
            .iter()
            .filter(|i| i.kind == InterventionKind::Objection && !i.resolved)
    }

    /// Each voter's last stance, by voter key.
    #[must_use]
    pub fn stances(&self) -> std::collections::BTreeMap<&Key, Stance> {
        let mut votes: Vec<&Intervention> = self
            .interventions
            .iter()
            .filter(|i| matches!(i.kind, InterventionKind::Stance(_)))
            .collect();
        votes.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
        votes
            .into_iter()
            .filter_map(|i| match i.kind {
                InterventionKind::Stance(s) => Some((&i.by, s)),
                _ => None,
            })
            .collect()
    }
}
