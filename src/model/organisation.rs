//! Organisations: associations, cooperatives, companies, public bodies and collectives.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{BriqueKind, Money, Tag};

/// The legal form of an organisation.
///
/// Every form but [`Form::Collective`] is a legal person: it can sign, hold
/// money and file applications in its own name. A collective cannot; it
/// needs a *carrier* (a *pied de réseau*) to do so for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Form {
    /// An association (in France, *loi 1901*): a legal person with statutory objectives.
    Association,
    /// A cooperative.
    Cooperative,
    /// A company.
    Company,
    /// A public body (a city, a state agency).
    PublicBody,
    /// An informal group without legal personality.
    Collective,
}

impl Form {
    /// Whether an organisation of this form is a legal person.
    ///
    /// ```
    /// use communs::Form;
    ///
    /// assert!(Form::Association.is_legal_person());
    /// assert!(!Form::Collective.is_legal_person());
    /// ```
    #[must_use]
    pub fn is_legal_person(self) -> bool {
        !matches!(self, Form::Collective)
    }
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Form::Association => "association",
            Form::Cooperative => "cooperative",
            Form::Company => "company",
            Form::PublicBody => "public body",
            Form::Collective => "collective",
        })
    }
}

/// How an organisation usually takes its decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProcessKind {
    /// A vote, with a threshold and a quorum.
    Vote,
    /// Consent: adopted unless a reasoned objection stands.
    Consent,
    /// Consensus: everyone agrees.
    Consensus,
    /// The advice process: someone decides after consulting those concerned.
    Advice,
    /// Transparency: the proposal is published and legitimate questions and
    /// objections are answered, without a vote (ANIS's way in the seed).
    Transparency,
    /// Delegated to a person or body.
    Delegated,
}

/// Whether an established organisation's way of deciding is written in statutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Statutes {
    /// Formal, written statutes (an association's *statuts*).
    Formal,
    /// An informal but working way of deciding (a horizontal collective).
    Informal,
}

/// What an institution in formation needs before it works on its own.
///
/// The Chambre des communs has "a theoretical schema" that "does not work
/// yet": its blueprint lists the brique kinds it needs and whether it needs a
/// governance body of its own.
///
/// ```
/// use communs::{Blueprint, BriqueKind};
///
/// let schema = Blueprint::new([BriqueKind::Coworking, BriqueKind::Permanence])
///     .with_governance_body();
/// assert!(schema.needs_governance_body);
/// assert_eq!(schema.kinds.len(), 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct Blueprint {
    /// The brique kinds the institution needs.
    #[serde(default)]
    pub kinds: BTreeSet<BriqueKind>,
    /// Whether the institution needs a governance body of its own.
    #[serde(default)]
    pub needs_governance_body: bool,
}

impl Blueprint {
    /// A blueprint needing the given kinds and no governance body.
    #[must_use]
    pub fn new(kinds: impl IntoIterator<Item = BriqueKind>) -> Self {
        Blueprint {
            kinds: kinds.into_iter().collect(),
            needs_governance_body: false,
        }
    }

    /// This blueprint, also needing a governance body.
    #[must_use]
    pub fn with_governance_body(mut self) -> Self {
        self.needs_governance_body = true;
        self
    }
}

/// Whether an organisation has a way of deciding.
///
/// Governance decides who speaks for the organisation: an established
/// organisation speaks for itself (through the people it mandates); one in
/// formation has no voice of its own, and its voice falls back to its
/// administrative carrier (see [`Network::voice`](crate::Network::voice)).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Governance {
    /// The organisation has a way of deciding.
    #[serde(rename_all = "kebab-case")]
    Established {
        /// Whether it is written in formal statutes.
        statutes: Statutes,
        /// Its usual decision process.
        process: ProcessKind,
    },
    /// The organisation exists as a schema but has no way of deciding yet.
    #[serde(rename_all = "kebab-case")]
    InFormation {
        /// What it needs to work.
        blueprint: Blueprint,
    },
}

impl Governance {
    /// Whether the governance is established (posed).
    #[must_use]
    pub fn is_established(&self) -> bool {
        matches!(self, Governance::Established { .. })
    }
}

/// An organisation: an association, cooperative, company, public body or
/// collective.
///
/// ```
/// use communs::{Blueprint, BriqueKind, Currency, Form, Money, Organisation, ProcessKind, Statutes};
///
/// let anis = Organisation::new("ANIS", Form::Association)
///     .established(Statutes::Formal, ProcessKind::Transparency)
///     .with_objectives(["digital-solidarity".parse()?, "social-innovation".parse()?])
///     .with_burden_limit(Money::zero(Currency::EUR));
/// assert!(anis.is_legal_person());
///
/// let chambre = Organisation::new("Chambre des communs", Form::Collective)
///     .in_formation(Blueprint::new([BriqueKind::Coworking]));
/// assert!(!chambre.governance.is_established());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct Organisation {
    /// The display name (non-empty).
    pub name: String,
    /// The legal form.
    pub form: Form,
    /// Statutory objectives, as purpose tags.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub objectives: BTreeSet<Tag>,
    /// Whether it has a way of deciding.
    pub governance: Governance,
    /// The money this organisation accepts to be exposed to as a carrier
    /// (ANIS: zero). `None` means no stated limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burden_limit: Option<Money>,
}

impl Organisation {
    /// An organisation with established, informal governance deciding by
    /// consensus, no objectives and no burden limit; refine it with the
    /// builder methods.
    #[must_use]
    pub fn new(name: impl Into<String>, form: Form) -> Self {
        Organisation {
            name: name.into(),
            form,
            objectives: BTreeSet::new(),
            governance: Governance::Established {
                statutes: Statutes::Informal,
                process: ProcessKind::Consensus,
            },
            burden_limit: None,
        }
    }

    /// This organisation with established governance.
    #[must_use]
    pub fn established(mut self, statutes: Statutes, process: ProcessKind) -> Self {
        self.governance = Governance::Established { statutes, process };
        self
    }

    /// This organisation in formation, with its blueprint.
    #[must_use]
    pub fn in_formation(mut self, blueprint: Blueprint) -> Self {
        self.governance = Governance::InFormation { blueprint };
        self
    }

    /// This organisation with the given objectives.
    #[must_use]
    pub fn with_objectives(mut self, objectives: impl IntoIterator<Item = Tag>) -> Self {
        self.objectives = objectives.into_iter().collect();
        self
    }

    /// This organisation with a burden limit.
    #[must_use]
    pub fn with_burden_limit(mut self, limit: Money) -> Self {
        self.burden_limit = Some(limit);
        self
    }

    /// Whether it is a legal person (see [`Form::is_legal_person`]).
    #[must_use]
    pub fn is_legal_person(&self) -> bool {
        self.form.is_legal_person()
    }
}
