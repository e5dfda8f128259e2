//! Diagnostics: the rule catalogue and the engine that runs it.
//!
//! A network may legitimately be incomplete — an institution in formation is
//! incomplete by nature — so what is not a hard invariant is a *finding*, not
//! a refusal. [`Network::validate`] runs every rule of the catalogue as of an
//! instant and returns a deterministic [`Report`].
//!
//! Each rule has a stable kebab-case name and a default [`Level`], which
//! callers override per rule with [`Options`], like lint levels.
//!
//! # The catalogue
//!
//! | Rule | Default | Fires when |
//! |---|---|---|
//! | `empty-membership` | note | an organisation has no members at the as-of date |
//! | `governance-not-posed` | note | an institution in formation has no established governance; its voice falls back to its carrier |
//! | `no-signatory` | warning | an organisation that carries others or commits to a contract not ended or terminated has nobody with a current mandate to sign for it (directly or through a carrier with legal scope) |
//! | `needs-carrier` | error | a collective (no legal personality) runs a planned, active or paused brique with defined money retributions, or commits to a legal contract not ended or terminated, and has no carrier at the date |
//! | `carrier-scope` | warning | a carried collective handles money (runs a brique under way whose retributions are defined or to be defined, or gives or receives money in a contract not ended or terminated) but none of its carriers at the date has `financial` scope |
//! | `blueprint-gap` | note | an institution in formation has no active brique of a kind its blueprint requires (a required governance body counts as the kind `governance-body`) |
//! | `retribution-undefined` | warning | an active or planned brique promises retributions whose modalities are to be defined |
//! | `orphan-brique` | warning | a brique that has not ended builds no institution, or is run by nobody at the date |
//! | `non-reciprocal` | error | in a contract not ended or terminated, the give-graph among committing parties is not strongly connected (someone only gives, only receives, or the parties split into circles that do not give to each other) |
//! | `single-party` | error | a contract not ended or terminated has fewer than two distinct committing parties |
//! | `legal-capacity` | error | a legal contract has a committing party without legal personality for which nobody signed as the mandated signatory of a carrier with legal scope |
//! | `supporting-commits` | error | a supporting signatory or non-signatory appears as giver in a clause |
//! | `contract-expired` | warning | a contract is active at the date but its term has ended |
//! | `unmandated-act` | error | a person is recorded as signing a contract for an organisation without a mandate covering the signature at its date (its own or its carrier's), or for another person |
//!
//! Rules read the network and never change it. Comparisons of a dated
//! relation with the as-of instant use the instant's calendar date in its own
//! offset.

mod brique;
mod carrying;
mod contract;
mod organisation;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};
use time::{Date, OffsetDateTime};

use crate::{Key, Network};

/// How serious a finding is. Ordered: `Note < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Worth knowing; nothing to fix.
    Note,
    /// Probably needs attention.
    Warning,
    /// Something is wrong.
    Error,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// What a rule sees: the network and the as-of instant.
pub(crate) struct Context<'n> {
    pub(crate) net: &'n Network,
    /// The as-of instant's calendar date, in its own offset.
    pub(crate) date: Date,
}

/// What a rule reports, before the engine gives it its rule and level.
pub(crate) struct Draft {
    pub(crate) keys: Vec<Key>,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

type Check = fn(&Context<'_>, &mut Vec<Draft>);

macro_rules! catalogue {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $level:ident, $check:path;)+) => {
        /// A rule of the catalogue, named by its stable kebab-case name.
        ///
        /// ```
        /// use communs::{Level, Rule};
        ///
        /// let rule: Rule = "governance-not-posed".parse()?;
        /// assert_eq!(rule, Rule::GovernanceNotPosed);
        /// assert_eq!(rule.default_level(), Level::Note);
        /// assert!("no-such-rule".parse::<Rule>().is_err());
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Rule {
            $($(#[$doc])* $variant,)+
        }

        impl Rule {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            /// The stable kebab-case name.
            #[must_use]
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)+ }
            }

            /// The level a finding of this rule has unless [`Options`] say otherwise.
            #[must_use]
            pub fn default_level(self) -> Level {
                match self { $(Rule::$variant => Level::$level,)+ }
            }

            fn check(self) -> Check {
                match self { $(Rule::$variant => $check,)+ }
            }
        }
    };
}

catalogue! {
    /// `empty-membership` (note): an organisation has no members at the as-of date.
    EmptyMembership = "empty-membership", Note, organisation::empty_membership;
    /// `governance-not-posed` (note): an institution in formation has no
    /// established governance; its voice falls back to its carrier.
    GovernanceNotPosed = "governance-not-posed", Note, organisation::governance_not_posed;
    /// `no-signatory` (warning): an organisation that carries others has
    /// nobody with a current mandate to sign for it.
    NoSignatory = "no-signatory", Warning, organisation::no_signatory;
    /// `needs-carrier` (error): a collective runs a brique with defined
    /// money retributions and has no carrier at the date.
    NeedsCarrier = "needs-carrier", Error, carrying::needs_carrier;
    /// `carrier-scope` (warning): a carried collective handles money but its
    /// carriers' scope lacks `financial`.
    CarrierScope = "carrier-scope", Warning, carrying::carrier_scope;
    /// `blueprint-gap` (note): an institution in formation lacks an active
    /// brique of a kind its blueprint requires.
    BlueprintGap = "blueprint-gap", Note, brique::blueprint_gap;
    /// `retribution-undefined` (warning): an active or planned brique
    /// promises retributions whose modalities are to be defined.
    RetributionUndefined = "retribution-undefined", Warning, brique::retribution_undefined;
    /// `orphan-brique` (warning): a brique that has not ended builds nothing
    /// or is run by nobody.
    OrphanBrique = "orphan-brique", Warning, brique::orphan_brique;
    /// `non-reciprocal` (error): the give-graph among a contract's committing
    /// parties is not strongly connected.
    NonReciprocal = "non-reciprocal", Error, contract::non_reciprocal;
    /// `single-party` (error): a contract has fewer than two distinct
    /// committing parties.
    SingleParty = "single-party", Error, contract::single_party;
    /// `legal-capacity` (error): a legal contract has a committing party
    /// without legal personality whose carrier does not sign for it.
    LegalCapacity = "legal-capacity", Error, contract::legal_capacity;
    /// `supporting-commits` (error): a supporting signatory or non-signatory
    /// appears as a giver in a clause.
    SupportingCommits = "supporting-commits", Error, contract::supporting_commits;
    /// `contract-expired` (warning): a contract is still active after its end date.
    ContractExpired = "contract-expired", Warning, contract::contract_expired;
    /// `unmandated-act` (error): a person is recorded as signing for an
    /// organisation without a mandate covering that act at that date.
    UnmandatedAct = "unmandated-act", Error, contract::unmandated_signatures;
}

/// A rule name that is not in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{name}` is not a rule of the catalogue")]
pub struct UnknownRule {
    /// The name given.
    pub name: String,
}

impl FromStr for Rule {
    type Err = UnknownRule;
    fn from_str(s: &str) -> Result<Self, UnknownRule> {
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.name() == s)
            .ok_or_else(|| UnknownRule { name: s.to_owned() })
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Per-rule level overrides, like lint levels: raise, lower or silence
/// (allow) any rule.
///
/// ```
/// use communs::{Level, Options, Rule};
///
/// let options = Options::new()
///     .allow(Rule::EmptyMembership)
///     .level(Rule::GovernanceNotPosed, Level::Warning);
/// assert_eq!(options.level_of(Rule::EmptyMembership), None);
/// assert_eq!(options.level_of(Rule::GovernanceNotPosed), Some(Level::Warning));
/// assert_eq!(options.level_of(Rule::NoSignatory), Some(Level::Warning));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    levels: BTreeMap<Rule, Option<Level>>,
}

impl Options {
    /// Every rule at its default level.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Silences `rule`: it is not run.
    #[must_use]
    pub fn allow(mut self, rule: Rule) -> Self {
        self.levels.insert(rule, None);
        self
    }

    /// Reports `rule` at `level`.
    #[must_use]
    pub fn level(mut self, rule: Rule, level: Level) -> Self {
        self.levels.insert(rule, Some(level));
        self
    }

    /// The level `rule` reports at, or `None` if it is allowed.
    #[must_use]
    pub fn level_of(&self, rule: Rule) -> Option<Level> {
        self.levels
            .get(&rule)
            .copied()
            .unwrap_or(Some(rule.default_level()))
    }
}

/// One finding of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// The rule that fired.
    pub rule: Rule,
    /// Its level, after [`Options`].
    pub level: Level,
    /// The keys involved, the main one first.
    pub keys: Vec<Key>,
    /// What is wrong or worth knowing, in plain words.
    pub message: String,
    /// What would address it, where useful.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.level, self.rule)?;
        for (i, k) in self.keys.iter().enumerate() {
            f.write_str(if i == 0 { " " } else { ", " })?;
            f.write_str(k.as_str())?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The findings of [`Network::validate`]: errors first, then warnings, then
/// notes; within a level by rule name, then keys. The same network and
/// instant always give the same report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    as_of: OffsetDateTime,
    findings: Vec<Finding>,
}

impl Report {
    /// The instant the rules were evaluated as of.
    #[must_use]
    pub fn as_of(&self) -> OffsetDateTime {
        self.as_of
    }

    /// Every finding, in report order.
    #[must_use]
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The findings of one rule.
    pub fn of_rule(&self, rule: Rule) -> impl Iterator<Item = &Finding> + '_ {
        self.findings.iter().filter(move |f| f.rule == rule)
    }

    /// Whether some finding of `rule` names exactly these keys.
    #[must_use]
    pub fn has(&self, rule: Rule, keys: &[&str]) -> bool {
        self.of_rule(rule)
            .any(|f| f.keys.iter().map(Key::as_str).eq(keys.iter().copied()))
    }

    /// The findings at `level`.
    pub fn at_level(&self, level: Level) -> impl Iterator<Item = &Finding> + '_ {
        self.findings.iter().filter(move |f| f.level == level)
    }

    /// Whether some finding is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.level == Level::Error)
    }

    /// Whether there is no finding at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    /// The number of findings.
    #[must_use]
    pub fn len(&self) -> usize {
        self.findings.len()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.findings {
            writeln!(f, "{finding}")?;
        }
        let count = |l| self.findings.iter().filter(|x| x.level == l).count();
        write!(
            f,
            "{} error(s), {} warning(s), {} note(s) as of {}",
            count(Level::Error),
            count(Level::Warning),
            count(Level::Note),
            self.as_of
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_else(|_| self.as_of.to_string())
        )
    }
}

impl Network {
    /// Runs every rule of the catalogue at its default level, as of `as_of`.
    ///
    /// ```
    /// # let net: communs::Network = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/anis.json")))?;
    /// use communs::Rule;
    /// use time::macros::datetime;
    ///
    /// let report = net.validate(datetime!(2017-12-01 12:00 +01:00));
    /// assert!(report.has(Rule::GovernanceNotPosed, &["chambre-des-communs", "anis"]));
    /// assert!(!report.has_errors());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn validate(&self, as_of: OffsetDateTime) -> Report {
        self.validate_with(as_of, &Options::new())
    }

    /// Runs the rules as of `as_of` with per-rule levels from `options`;
    /// allowed rules are not run.
    #[must_use]
    pub fn validate_with(&self, as_of: OffsetDateTime, options: &Options) -> Report {
        let ctx = Context {
            net: self,
            date: as_of.date(),
        };
        let mut findings = Vec::new();
        let mut drafts = Vec::new();
        for &rule in Rule::ALL {
            let Some(level) = options.level_of(rule) else {
                continue;
            };
            (rule.check())(&ctx, &mut drafts);
            findings.extend(drafts.drain(..).map(|d| Finding {
                rule,
                level,
                keys: d.keys,
                message: d.message,
                hint: d.hint,
            }));
        }
        findings.sort_by(|a, b| {
            b.level
                .cmp(&a.level)
                .then_with(|| a.rule.name().cmp(b.rule.name()))
                .then_with(|| a.keys.cmp(&b.keys))
                .then_with(|| a.message.cmp(&b.message))
        });
        Report { as_of, findings }
    }
}
