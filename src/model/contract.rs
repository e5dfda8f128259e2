//! Reciprocity contracts: who commits to give what to whom.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

use super::iso_date;
use crate::{Key, Lifecycle, Money, PeriodError};

/// Whether a contract binds in law or only morally.
///
/// Reciprocity agreements between commons and economic actors are often
/// *moral*: the parties commit in good faith, and a collective without legal
/// personality may commit on its own. A *legal* contract needs each
/// committing party to be a legal person, or to be signed for by its carrier
/// (rule `legal-capacity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nature {
    /// A moral commitment.
    Moral,
    /// A contract binding in law.
    Legal,
}

/// Where a contract stands: draft → proposed → signed → active → ended |
/// terminated. It may skip forward, never go back; ended and terminated are
/// final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContractStatus {
    /// Being written.
    Draft,
    /// Proposed to the parties.
    Proposed,
    /// Signed, not yet in force.
    Signed,
    /// In force.
    Active,
    /// Ended at its term.
    Ended,
    /// Ended early.
    Terminated,
}

impl ContractStatus {
    fn rank(self) -> u8 {
        match self {
            ContractStatus::Draft => 0,
            ContractStatus::Proposed => 1,
            ContractStatus::Signed => 2,
            ContractStatus::Active => 3,
            ContractStatus::Ended | ContractStatus::Terminated => 4,
        }
    }
}

impl crate::Status for ContractStatus {
    fn may_become(self, next: Self) -> bool {
        next.rank() > self.rank()
    }

    fn is_final(self) -> bool {
        self.rank() == 4
    }

    fn name(self) -> &'static str {
        match self {
            ContractStatus::Draft => "draft",
            ContractStatus::Proposed => "proposed",
            ContractStatus::Signed => "signed",
            ContractStatus::Active => "active",
            ContractStatus::Ended => "ended",
            ContractStatus::Terminated => "terminated",
        }
    }
}

impl fmt::Display for ContractStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(crate::Status::name(*self))
    }
}

/// How often a gift recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    /// Once.
    Once,
    /// Every week.
    Weekly,
    /// Every month.
    Monthly,
    /// Every quarter.
    Quarterly,
    /// Every year.
    Yearly,
}

/// What a clause gives.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Gift {
    /// Money.
    Money {
        /// The amount (non-negative).
        amount: Money,
        /// Once or recurring.
        frequency: Frequency,
    },
    /// Time, in hours.
    Time {
        /// The hours.
        hours: u32,
        /// Once or recurring.
        frequency: Frequency,
    },
    /// Goods or services in kind, described.
    InKind(String),
    /// Knowledge, described (training, documentation, advice).
    Knowledge(String),
    /// A usage right or licence, named (a room, a trademark, CC BY-SA 4.0).
    UsageRight(String),
}

impl Gift {
    /// Whether the gift is money.
    #[must_use]
    pub fn is_money(&self) -> bool {
        matches!(self, Gift::Money { .. })
    }
}

impl fmt::Display for Gift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gift::Money { amount, frequency } => write!(f, "{amount} ({frequency:?})"),
            Gift::Time { hours, frequency } => write!(f, "{hours} h of time ({frequency:?})"),
            Gift::InKind(d) => write!(f, "in kind: {d}"),
            Gift::Knowledge(d) => write!(f, "knowledge: {d}"),
            Gift::UsageRight(d) => write!(f, "usage right: {d}"),
        }
    }
}

/// Conditions or modalities of a clause: none, in words, or still **to be
/// defined** (a legitimate, incomplete state).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Terms {
    /// Nothing to say.
    #[default]
    None,
    /// In words.
    Text(String),
    /// Still to be defined.
    ToBeDefined,
}

/// One commitment of a contract: `giver` gives `gift` to `receiver`.
///
/// Both must be parties to the contract (`party-to`): checked when a change
/// or batch that touches the contract or its parties commits.
///
/// ```
/// use communs::{Clause, Gift, Key, Terms};
///
/// let clause = Clause::new(Key::new("brasserie")?, Key::new("assemblee")?, Gift::UsageRight("the back room on Thursdays".into()))
///     .with_modalities(Terms::ToBeDefined);
/// assert_eq!(clause.giver, "brasserie");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct Clause {
    /// Who gives.
    pub giver: Key,
    /// Who receives.
    pub receiver: Key,
    /// What.
    pub gift: Gift,
    /// On what conditions.
    #[serde(default, skip_serializing_if = "is_none_terms")]
    pub conditions: Terms,
    /// How.
    #[serde(default, skip_serializing_if = "is_none_terms")]
    pub modalities: Terms,
}

fn is_none_terms(t: &Terms) -> bool {
    *t == Terms::None
}

impl Clause {
    /// A clause without conditions or modalities.
    #[must_use]
    pub fn new(giver: Key, receiver: Key, gift: Gift) -> Self {
        Clause {
            giver,
            receiver,
            gift,
            conditions: Terms::None,
            modalities: Terms::None,
        }
    }

    /// This clause with conditions.
    #[must_use]
    pub fn with_conditions(mut self, conditions: Terms) -> Self {
        self.conditions = conditions;
        self
    }

    /// This clause with modalities.
    #[must_use]
    pub fn with_modalities(mut self, modalities: Terms) -> Self {
        self.modalities = modalities;
        self
    }
}

/// The term of a contract: a start date and an optional end date (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, try_from = "TermDoc")]
pub struct Term {
    #[serde(with = "iso_date")]
    start: Date,
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    end: Option<Date>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct TermDoc {
    #[serde(with = "iso_date")]
    start: Date,
    #[serde(default, with = "iso_date::option")]
    end: Option<Date>,
}

impl TryFrom<TermDoc> for Term {
    type Error = PeriodError;
    fn try_from(d: TermDoc) -> Result<Self, PeriodError> {
        Term::new(d.start, d.end)
    }
}

impl Term {
    /// A term.
    ///
    /// # Errors
    ///
    /// [`PeriodError`] when `end` is before `start`.
    pub fn new(start: Date, end: Option<Date>) -> Result<Self, PeriodError> {
        match end {
            Some(until) if until < start => Err(PeriodError {
                since: start,
                until,
            }),
            _ => Ok(Term { start, end }),
        }
    }

    /// A term from `start`, without end.
    #[must_use]
    pub fn from(start: Date) -> Self {
        Term { start, end: None }
    }

    /// The first date.
    #[must_use]
    pub fn start(&self) -> Date {
        self.start
    }

    /// The last date, if any.
    #[must_use]
    pub fn end(&self) -> Option<Date> {
        self.end
    }
}

/// A reciprocity contract (*contrat de réciprocité*): commons and the actors
/// who benefit from them commit to give to each other.
///
/// Its parties are related with `party-to` ([`Party`]); its clauses say who
/// gives what to whom. See [`Network::reciprocity`](crate::Network::reciprocity).
///
/// ```
/// use communs::{Contract, ContractStatus, Lifecycle, Nature, Term};
/// use time::macros::date;
///
/// let c = Contract::new("Pacte de réciprocité", Nature::Moral, Term::from(date!(2018 - 01 - 01)),
///     Lifecycle::new(ContractStatus::Draft));
/// assert!(c.clauses.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct Contract {
    /// The title (non-empty).
    pub title: String,
    /// Moral or legal.
    pub nature: Nature,
    /// Start and optional end.
    pub term: Term,
    /// Its dated status history.
    pub lifecycle: Lifecycle<ContractStatus>,
    /// The commitments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clauses: Vec<Clause>,
}

impl Contract {
    /// A contract without clauses.
    #[must_use]
    pub fn new(
        title: impl Into<String>,
        nature: Nature,
        term: Term,
        lifecycle: Lifecycle<ContractStatus>,
    ) -> Self {
        Contract {
            title: title.into(),
            nature,
            term,
            lifecycle,
            clauses: Vec::new(),
        }
    }

    /// This contract with a clause added.
    #[must_use]
    pub fn with_clause(mut self, clause: Clause) -> Self {
        self.clauses.push(clause);
        self
    }

    /// Its status on `date`.
    #[must_use]
    pub fn status_at(&self, date: Date) -> ContractStatus {
        self.lifecycle.at(date)
    }
}

/// How a party takes part in a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Signs and commits: gives and receives.
    Committing,
    /// Signs in support, committing to nothing.
    Supporting,
    /// Takes part without signing.
    NonSignatory,
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mode::Committing => "committing signatory",
            Mode::Supporting => "supporting signatory",
            Mode::NonSignatory => "non-signatory",
        })
    }
}

/// `party-to`: a person or organisation takes part in a contract.
///
/// A person signs personally (no `signed_by`); an organisation is signed for
/// by a person (`signed_by`) who must hold a mandate to sign for it at the
/// signing date — its own, or its carrier's (rule `unmandated-act`).
///
/// ```
/// use communs::{Key, Mode, Party};
/// use time::macros::date;
///
/// let p = Party::new(Mode::Committing).signed(date!(2018 - 01 - 10), Some(Key::new("julien-lecaille")?));
/// assert_eq!(p.signed_on, Some(date!(2018 - 01 - 10)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub struct Party {
    /// How it takes part.
    pub mode: Mode,
    /// When it signed, if it did.
    pub signed_on: Option<Date>,
    /// The person who signed for it, if not itself.
    pub signed_by: Option<Key>,
}

impl Party {
    /// A party that has not signed.
    #[must_use]
    pub fn new(mode: Mode) -> Self {
        Party {
            mode,
            signed_on: None,
            signed_by: None,
        }
    }

    /// This party, signed on `date`, by `by` (for an organisation).
    #[must_use]
    pub fn signed(mut self, date: Date, by: Option<Key>) -> Self {
        self.signed_on = Some(date);
        self.signed_by = by;
        self
    }
}
