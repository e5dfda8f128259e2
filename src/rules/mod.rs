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
//! | `no-signatory` | warning | an organisation that carries others, files a live application or commits to a contract not ended or terminated has nobody with a current mandate to sign for it (directly or through a carrier with legal scope) |
//! | `needs-carrier` | error | a collective (no legal personality) runs a planned, active or paused brique with defined money retributions, commits to a legal contract not ended or terminated, or files a live application, and has no carrier at the date |
//! | `carrier-scope` | warning | a carried collective handles money (runs a brique under way whose retributions are defined or to be defined, gives or receives money in a contract not ended or terminated, or files a live application with a burden other than zero) but none of its carriers at the date has `financial` scope |
//! | `blueprint-gap` | note | an institution in formation has no active brique of a kind its blueprint requires (a required governance body counts as the kind `governance-body`) |
//! | `retribution-undefined` | warning | an active or planned brique promises retributions whose modalities are to be defined |
//! | `orphan-brique` | warning | a brique that has not ended builds no institution, or is run by nobody at the date |
//! | `non-reciprocal` | error | in a contract not ended or terminated, the give-graph among committing parties is not strongly connected (someone only gives, only receives, or the parties split into circles that do not give to each other) |
//! | `single-party` | error | a contract not ended or terminated has fewer than two distinct committing parties |
//! | `legal-capacity` | error | a legal contract not ended or terminated has a committing party without legal personality for which nobody signed as the mandated signatory of a carrier reached through carryings with legal scope (its carrier, or that carrier's, as [`Network::may_act`] climbs them), whatever mandates the collective itself gives |
//! | `supporting-commits` | error | a supporting signatory or non-signatory appears as giver in a clause of a contract not ended or terminated |
//! | `contract-expired` | warning | a contract is active at the date but its term has ended |
//! | `unmandated-act` | error | a person is recorded as signing a contract for an organisation (or for another person), filing an application for an organisation, or deciding as the delegate of a delegated decision, without a mandate covering that act at its date (its signing date, the submission date, the opening date; else the as-of date), as [`Network::may_act`] grants it: the organisation's own mandate or a carrier's for signing and filing, the mandate of whoever holds its voice for deciding |
//! | `filer-not-legal-person` | error | an application is filed by an organisation without legal personality |
//! | `objectives-mismatch` | warning | an application's purpose tags are not all among its filer's objectives, or a brique under way has purpose tags outside the objectives of a carrier of one of its runners |
//! | `carrier-burden` | error | the total burden of the live applications (drafting, submitted, granted) an organisation files exceeds its burden limit (per currency; a burden in another currency than the limit's exceeds it) |
//! | `deadline-missed` | error | an application was submitted after its deadline (the submission instant's date in its own offset, or else the date its lifecycle records it submitted), or is still drafting after it |
//! | `unauthored-application` | warning | an application has no authors |
//! | `territory-mismatch` | warning | an application targets a territory but a brique it funds is hosted at a place not located in any territory it targets |
//! | `decision-after-deadline` | warning | a decision concerning an application closes (its date in its own offset) after that application's deadline |
//! | `short-notice` | note | a decision concerning an application opened less than the notice ([`Options::short_notice`], default 7 days) before the end of the deadline day, in the opening instant's offset |
//! | `illegitimate-decider` | error | a decision concerns an organisation (directly, as the filer of a concerned application, the runner of a concerned brique or a committing party to a concerned contract) whose voice at the opening date is not among its deciders |
//! | `unresolved-objection` | error | a consent, consensus or transparency decision is adopted with an unresolved objection |
//! | `unanswered-question` | warning | a transparency decision has closed with a question neither answered nor marked resolved |
//! | `quorum-not-met` | error | a vote is adopted below its quorum or threshold ([`Network::tally`]) |
//! | `review-overdue` | note | an adopted outcome's review date has passed |
//!
//! Rules read the network and never change it. Comparisons of a dated
//! relation with the as-of instant use the instant's calendar date in its own
//! offset.

/// Formats as `format!` does, into a string with room for a typical
/// finding's message: `format!` starts from a guess of a few bytes and grows
/// the string two or three times, and a report holds a hundred thousand
/// messages.
macro_rules! text {
    ($($arg:tt)*) => {{
        let mut text = String::with_capacity($crate::rules::TEXT_CAPACITY);
        // Writing into a `String` never fails.
        let _ = std::fmt::Write::write_fmt(&mut text, format_args!($($arg)*));
        text
    }};
}

/// The room [`text!`] makes: most messages fit.
const TEXT_CAPACITY: usize = 128;

/// Writes `date` as its `Display` does (`2018-03-01`): by hand for a year
/// of four digits, the rules' dates, without the formatting machinery a
/// hundred thousand findings would go through; through `Display` for
/// any other year.
pub(crate) fn push_date(text: &mut String, date: Date) {
    let Ok(year) = u16::try_from(date.year()) else {
        let _ = fmt::Write::write_fmt(text, format_args!("{date}"));
        return;
    };
    if !(1000..=9999).contains(&year) {
        let _ = fmt::Write::write_fmt(text, format_args!("{date}"));
        return;
    }
    let digit = |n: u16, unit: u16| {
        let d = n
            .checked_div(unit)
            .unwrap_or(0)
            .checked_rem(10)
            .unwrap_or(0);
        char::from(b'0'.wrapping_add(u8::try_from(d).unwrap_or(0)))
    };
    for unit in [1000, 100, 10, 1] {
        text.push(digit(year, unit));
    }
    for part in [u16::from(u8::from(date.month())), u16::from(date.day())] {
        text.push('-');
        text.push(digit(part, 10));
        text.push(digit(part, 1));
    }
}

mod application;
mod brique;
mod carrying;
mod contract;
mod decision;
mod mandate;
mod organisation;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};
use time::{Date, Duration, OffsetDateTime};

use crate::network::{NodeIx, kind_slot};
use crate::{Key, Network, NodeKind};

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

/// What a rule sees: the network, the as-of instant and the options.
pub(crate) struct Context<'n> {
    pub(crate) net: &'n Network,
    /// The as-of instant.
    pub(crate) as_of: OffsetDateTime,
    /// The as-of instant's calendar date, in its own offset.
    pub(crate) date: Date,
    /// The notice below which `short-notice` fires.
    pub(crate) notice: Duration,
    /// Every node index, by kind (storage order), listed from the
    /// network's sets by kind so that each rule walks only the nodes it is
    /// about; people, most of the nodes and walked whole by no rule, are
    /// left out (see [`Context::of`]).
    by_kind: Vec<Vec<NodeIx>>,
    /// Every contract with its parties and its status at the date (live
    /// when not ended or terminated), gathered once by whichever rule asks
    /// first (`no-signatory` in the usual order) for the contract rules
    /// (`contract-expired` reads the status itself), `no-signatory`,
    /// `unmandated-act`, and the collectives' needs. A rule on another
    /// thread that asks meanwhile waits for it.
    contracts: std::sync::OnceLock<Contracts<'n>>,
    /// What collectives do that needs a legal person, gathered once for
    /// the two carrying rules.
    needs: std::sync::OnceLock<Vec<carrying::Need>>,
    /// Every brique with its status at the date, in storage order (by
    /// increasing index), gathered once for the rules that read every
    /// brique and for `blueprint-gap` and the collectives' needs, which
    /// find briques in it ([`Context::brique`]).
    briques: std::sync::OnceLock<Vec<(NodeIx, crate::BriqueAt<'n>)>>,
}

pub(crate) use crate::network::PartyAt;

/// A contract: its index, key, value and parties in the order their
/// relations were added (a rule sorts what it reports).
pub(crate) type ContractAt<'n> = (NodeIx, &'n Key, &'n crate::Contract, &'n [PartyAt]);

/// Every contract, with its status at the date.
type Contracts<'n> = Vec<(crate::ContractStatus, ContractAt<'n>)>;

impl<'n> Context<'n> {
    fn new(net: &'n Network, as_of: OffsetDateTime, notice: Duration) -> Self {
        // From the network's sets of nodes by kind: a pass over a bit a
        // node, each list counted first and allocated once at its size.
        let by_kind: Vec<Vec<NodeIx>> = NodeKind::ALL
            .iter()
            .map(|&kind| {
                if kind == NodeKind::Person {
                    return Vec::new();
                }
                let set = net.nodes_of_kind(kind);
                let mut list = Vec::with_capacity(set.count());
                list.extend(set.iter());
                list
            })
            .collect();
        Context {
            net,
            as_of,
            date: as_of.date(),
            notice,
            by_kind,
            contracts: std::sync::OnceLock::new(),
            needs: std::sync::OnceLock::new(),
            briques: std::sync::OnceLock::new(),
        }
    }

    /// Every contract with its parties, and whether it is live at the date.
    pub(crate) fn contracts(&self) -> impl Iterator<Item = (bool, ContractAt<'n>)> + '_ {
        use crate::Status;
        self.statuses()
            .map(|(status, contract)| (!status.is_final(), contract))
    }

    /// Every contract with its status at the date and its parties: the
    /// status folded once from the contract's lifecycle, a list on the heap.
    pub(crate) fn statuses(
        &self,
    ) -> impl Iterator<Item = (crate::ContractStatus, ContractAt<'n>)> + '_ {
        self.contracts
            .get_or_init(|| self.gather_contracts())
            .iter()
            .copied()
    }

    /// Gathers every contract with its parties, copied beside the graph
    /// ([`Network::party_copies`]): each contract's slot for its status,
    /// and its list of parties, whose keys and facts the copies hold, so
    /// that no party's relation or slot is read.
    fn gather_contracts(&self) -> Contracts<'n> {
        let net = self.net;
        self.listed(NodeKind::Contract)
            .iter()
            .filter_map(|&ix| {
                let slot = net.slot(ix)?;
                let contract = slot.node.as_contract()?;
                let status = contract.status_at(self.date);
                Some((status, (ix, &slot.key, contract, net.parties_of(ix))))
            })
            .collect()
    }

    /// The contracts not ended or terminated at the date, with their parties.
    pub(crate) fn live_contracts(&self) -> impl Iterator<Item = ContractAt<'n>> + '_ {
        self.contracts().filter(|(live, _)| *live).map(|(_, c)| c)
    }

    /// Every brique with its key and status at the date, in storage order
    /// (by increasing index, as the set of its kind lists them, so a
    /// brique is found by binary search, [`Context::brique`]):
    /// `orphan-brique`, `retribution-undefined`, `objectives-mismatch`,
    /// `blueprint-gap` and the collectives' needs read each brique's slot
    /// and fold its lifecycle once between them.
    pub(crate) fn briques(&self) -> &[(NodeIx, crate::BriqueAt<'n>)] {
        self.briques.get_or_init(|| {
            let net = self.net;
            self.by_kind
                .get(kind_slot(NodeKind::Brique))
                .into_iter()
                .flatten()
                .filter_map(|ix| Some((*ix, net.brique_at(*ix, self.date)?)))
                .collect()
        })
    }

    /// The brique at `ix` with its status at the date, from
    /// [`Context::briques`] (found by binary search: its lifecycle is not
    /// folded again), or read from the network if the list has none
    /// (which a list in index order never misses).
    pub(crate) fn brique(&self, ix: NodeIx) -> Option<crate::BriqueAt<'n>> {
        let briques = self.briques();
        match briques.binary_search_by_key(&ix, |(b, _)| *b) {
            Ok(at) => briques.get(at).map(|(_, b)| *b),
            Err(_) => self.net.brique_at(ix, self.date),
        }
    }

    /// What collectives do at the date that needs a legal person.
    pub(crate) fn needs(&self) -> &[carrying::Need] {
        self.needs.get_or_init(|| carrying::needs(self))
    }

    /// The nodes of one kind, in storage order, without reading their
    /// keys; empty for people, who are not listed (see [`Context::of`]).
    pub(crate) fn listed(&self, kind: NodeKind) -> &[NodeIx] {
        self.by_kind.get(kind_slot(kind)).map_or(&[], Vec::as_slice)
    }

    /// The nodes of one kind and their keys, in storage order, as two
    /// lists: the indices for the batched reads, the keys for findings.
    pub(crate) fn nodes_of(&self, kind: NodeKind) -> (Vec<NodeIx>, Vec<&'n Key>) {
        self.of(kind).unzip()
    }

    /// The nodes of one kind, with their keys, in storage order. People
    /// are not listed: asked for, they are found by a pass over the kinds.
    pub(crate) fn of(&self, kind: NodeKind) -> impl Iterator<Item = (NodeIx, &'n Key)> + '_ {
        let net = self.net;
        let people = kind == NodeKind::Person;
        let listed = (!people).then(|| {
            self.by_kind
                .get(kind_slot(kind))
                .into_iter()
                .flatten()
                .copied()
        });
        let scanned = people.then(|| net.nodes_of_kind(kind).iter());
        listed
            .into_iter()
            .flatten()
            .chain(scanned.into_iter().flatten())
            .filter_map(move |ix| Some((ix, net.key_at(ix)?)))
    }
}

/// One finding as a rule with few findings writes it, before the engine
/// gives it its rule and level ([`Drafts::push`]).
#[derive(Default)]
pub(crate) struct Draft {
    pub(crate) keys: Vec<Key>,
    pub(crate) message: String,
    pub(crate) hint: Option<Cow<'static, str>>,
}

/// The findings of one rule, written back to back: every key in one list,
/// every message in one text, and for each finding where its own are. A
/// rule that writes straight into them ([`Drafts::add`],
/// [`Drafts::add_with`]) keeps its findings in three allocations, not two
/// or three each (a [`Draft`] pushed whole is copied in and freed at
/// once), and the findings of the report share them ([`Finding`]). A
/// hundred thousand small allocations cost more than their writing: freed
/// with the report, they are handed out again by the allocator from the
/// chunks it keeps, whose headers it reads and which a program's work in
/// between has left cold (`docs/PERFORMANCE.md`).
#[derive(Debug, Default)]
pub(crate) struct Drafts {
    keys: Vec<Key>,
    text: String,
    items: Vec<Item>,
}

/// Where one finding's keys and message are in its [`Drafts`], and its hint.
#[derive(Debug)]
struct Item {
    keys: (usize, usize),
    message: (usize, usize),
    hint: Option<Cow<'static, str>>,
}

impl Drafts {
    /// Adds a finding written whole.
    pub(crate) fn push(&mut self, draft: Draft) {
        let Draft {
            keys,
            message,
            hint,
        } = draft;
        self.add_with(keys, hint, |text| text.push_str(&message));
    }

    /// Adds a finding naming `keys` (the main one first), its message
    /// formatted as `format_args!` does, straight into the shared text.
    pub(crate) fn add(
        &mut self,
        keys: impl IntoIterator<Item = Key>,
        hint: Option<Cow<'static, str>>,
        message: fmt::Arguments<'_>,
    ) {
        self.add_with(keys, hint, |text| {
            // Writing into a `String` never fails.
            let _ = fmt::Write::write_fmt(text, message);
        });
    }

    /// Adds a finding whose message `write` appends to the shared text.
    pub(crate) fn add_with(
        &mut self,
        keys: impl IntoIterator<Item = Key>,
        hint: Option<Cow<'static, str>>,
        write: impl FnOnce(&mut String),
    ) {
        let first_key = self.keys.len();
        self.keys.extend(keys);
        let start = self.text.len();
        write(&mut self.text);
        self.items.push(Item {
            keys: (first_key, self.keys.len()),
            message: (start, self.text.len()),
            hint,
        });
    }

    /// How many findings there are.
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// The keys of the finding at `at`.
    fn keys_of(&self, at: usize) -> &[Key] {
        self.items
            .get(at)
            .and_then(|item| self.keys.get(item.keys.0..item.keys.1))
            .unwrap_or_default()
    }

    /// The message of the finding at `at`.
    fn message_of(&self, at: usize) -> &str {
        self.items
            .get(at)
            .and_then(|item| self.text.get(item.message.0..item.message.1))
            .unwrap_or_default()
    }

    /// The hint of the finding at `at`.
    fn hint_of(&self, at: usize) -> Option<&str> {
        self.items.get(at)?.hint.as_deref()
    }
}

type Check = fn(&Context<'_>, &mut Drafts);

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

            /// The rule's place in the order validation takes the rules,
            /// on one thread as on several: the heavy rules first (as
            /// measured on the generated million-node network), so that
            /// several threads finish together. `no-signatory` comes first
            /// and gathers the contracts; the three rules after it read no
            /// contract, so a second thread has work that does not wait
            /// for the gathering. Rules not in [`TAKEN_FIRST`] follow in
            /// catalogue order.
            fn weight_rank(self) -> usize {
                TAKEN_FIRST
                    .iter()
                    .position(|r| *r == self)
                    .unwrap_or(TAKEN_FIRST.len())
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
    /// `no-signatory` (warning): an organisation that carries others, files
    /// a live application or commits to a live contract has nobody with a
    /// current mandate to sign for it.
    NoSignatory = "no-signatory", Warning, organisation::no_signatory;
    /// `needs-carrier` (error): a collective runs a brique with defined
    /// money retributions, commits to a live legal contract or files a live
    /// application, and has no carrier at the date.
    NeedsCarrier = "needs-carrier", Error, carrying::needs_carrier;
    /// `carrier-scope` (warning): a carried collective handles money (a
    /// brique's retributions, a contract's money, an application's burden)
    /// but its carriers' scope lacks `financial`.
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
    /// `single-party` (error): a live contract has fewer than two distinct
    /// committing parties.
    SingleParty = "single-party", Error, contract::single_party;
    /// `legal-capacity` (error): a live legal contract has a committing
    /// party without legal personality whose carrier does not sign for it.
    LegalCapacity = "legal-capacity", Error, contract::legal_capacity;
    /// `supporting-commits` (error): a supporting signatory or non-signatory
    /// appears as a giver in a clause of a live contract.
    SupportingCommits = "supporting-commits", Error, contract::supporting_commits;
    /// `contract-expired` (warning): a contract is still active after its end date.
    ContractExpired = "contract-expired", Warning, contract::contract_expired;
    /// `unmandated-act` (error): a person is recorded as signing a contract,
    /// filing an application or deciding as a delegate for an organisation
    /// without a mandate covering that act at its date.
    UnmandatedAct = "unmandated-act", Error, mandate::unmandated_act;
    /// `filer-not-legal-person` (error): an application is filed by an
    /// organisation without legal personality.
    FilerNotLegalPerson = "filer-not-legal-person", Error, application::filer_not_legal_person;
    /// `objectives-mismatch` (warning): an application's (or a carried
    /// brique's) purpose is not covered by the filer's (carrier's) objectives.
    ObjectivesMismatch = "objectives-mismatch", Warning, application::objectives_mismatch;
    /// `carrier-burden` (error): the burden on an organisation from the
    /// applications it files exceeds its burden limit. The finding names
    /// the organisation, then the live applications it files (in key
    /// order; the organisation alone when their sum overflows).
    CarrierBurden = "carrier-burden", Error, application::carrier_burden;
    /// `deadline-missed` (error): an application was submitted after its
    /// deadline, or is still drafting after it.
    DeadlineMissed = "deadline-missed", Error, application::deadline_missed;
    /// `unauthored-application` (warning): an application has no authors.
    UnauthoredApplication = "unauthored-application", Warning, application::unauthored_application;
    /// `territory-mismatch` (warning): an application targets a territory but
    /// a brique it funds is hosted outside it.
    TerritoryMismatch = "territory-mismatch", Warning, application::territory_mismatch;
    /// `decision-after-deadline` (warning): a decision concerning an
    /// application closes after its deadline.
    DecisionAfterDeadline = "decision-after-deadline", Warning, decision::decision_after_deadline;
    /// `short-notice` (note): a decision concerning an application opened
    /// less than the notice (default 7 days) before its deadline.
    ShortNotice = "short-notice", Note, decision::short_notice;
    /// `illegitimate-decider` (error): a decision is decided by someone other
    /// than the voice of an organisation it concerns.
    IllegitimateDecider = "illegitimate-decider", Error, decision::illegitimate_decider;
    /// `unresolved-objection` (error): a consent, consensus or transparency
    /// decision is adopted with an unresolved objection.
    UnresolvedObjection = "unresolved-objection", Error, decision::unresolved_objection;
    /// `unanswered-question` (warning): a transparency decision is closed
    /// with an unanswered question.
    UnansweredQuestion = "unanswered-question", Warning, decision::unanswered_question;
    /// `quorum-not-met` (error): a vote is adopted below its quorum or threshold.
    QuorumNotMet = "quorum-not-met", Error, decision::quorum_not_met;
    /// `review-overdue` (note): an adopted outcome's review date has passed.
    ReviewOverdue = "review-overdue", Note, decision::review_overdue;
}

/// The rules taken first in a validation, the heavy ones, in the order
/// `Rule::weight_rank` explains (not strictly by weight); the others
/// follow in catalogue order.
const TAKEN_FIRST: &[Rule] = &[
    Rule::NoSignatory,
    Rule::ObjectivesMismatch,
    Rule::BlueprintGap,
    Rule::OrphanBrique,
    Rule::UnmandatedAct,
    Rule::NonReciprocal,
    Rule::RetributionUndefined,
    Rule::GovernanceNotPosed,
    Rule::QuorumNotMet,
    Rule::NeedsCarrier,
    Rule::IllegitimateDecider,
    Rule::EmptyMembership,
];

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

/// How validation runs: per-rule level overrides, like lint levels (raise,
/// lower or silence any rule), the notice of `short-notice`, and how many
/// threads the rules may run on.
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    levels: BTreeMap<Rule, Option<Level>>,
    notice: Duration,
    threads: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            levels: BTreeMap::new(),
            notice: Duration::days(7),
            threads: 1,
        }
    }
}

impl Options {
    /// Every rule at its default level, a notice of 7 days, one thread.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The notice below which a decision on an application is opened at
    /// short notice (`short-notice`). Default: 7 days.
    #[must_use]
    pub fn short_notice(mut self, notice: Duration) -> Self {
        self.notice = notice;
        self
    }

    /// The notice `short-notice` uses.
    #[must_use]
    pub fn notice(&self) -> Duration {
        self.notice
    }

    /// Lets validation run its rules on up to `threads` threads, the
    /// caller's included (`0` counts as `1`). Default: `1`, the caller's
    /// thread alone.
    ///
    /// The crate does not probe the machine (on Linux, asking how many
    /// processors a program may use reads files), so the caller says how
    /// many threads to use, as it says the date:
    /// [`std::thread::available_parallelism`] is one answer. The threads
    /// are scoped to the call and joined before it returns; the rules
    /// share what they gather (contracts, briques), and the report is the
    /// same whatever the number of threads. On the 2-core development
    /// machine, two threads validate a million-node network in about 0.5
    /// to 0.7 of the time of one (`docs/PERFORMANCE.md`); on a few
    /// thousand nodes, where validation takes half a millisecond and
    /// starting a thread tens of microseconds, they save little.
    ///
    /// ```
    /// # let net: communs::Network = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/anis.json")))?;
    /// use communs::Options;
    /// use time::macros::datetime;
    ///
    /// let as_of = datetime!(2017-12-01 12:00 +01:00);
    /// let alone = net.validate_with(as_of, &Options::new().threads(1));
    /// let four = net.validate_with(as_of, &Options::new().threads(4));
    /// assert_eq!(alone, four);
    /// assert_eq!(Options::new().thread_count(), 1);
    /// assert_eq!(Options::new().threads(4).thread_count(), 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    /// The most threads validation runs on (see [`Options::threads`]).
    #[must_use]
    pub fn thread_count(&self) -> usize {
        self.threads
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

/// One finding of a rule: the rule, its level, the keys involved (the main
/// one first), what is wrong or worth knowing, and where useful a hint.
///
/// The keys, message and hint are read through methods: the findings of a
/// rule share one list of keys and one text, so that a report of a hundred
/// thousand findings is a few allocations (cloning a finding shares them
/// too). A finding kept after its report is dropped keeps those of its
/// rule's buffers alive with it; [`Finding::keys`] and [`Finding::message`]
/// copied out (`to_vec`, `to_owned`) keep nothing. Serialized, a finding is
/// a record with `rule`, `level`, `keys`, `message` and, when there is one,
/// `hint`.
///
/// ```
/// # let net: communs::Network = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/anis.json")))?;
/// use communs::{Level, Rule};
/// use time::macros::datetime;
///
/// let report = net.validate(datetime!(2017-12-01 12:00 +01:00));
/// let finding = report.of_rule(Rule::GovernanceNotPosed).next().ok_or("a finding")?;
/// assert_eq!(finding.level, Level::Note);
/// assert_eq!(finding.keys()[0].as_str(), "chambre-des-communs");
/// assert!(finding.message().contains("chambre-des-communs"));
/// let json = serde_json::to_value(finding)?;
/// assert_eq!(json["rule"], "governance-not-posed");
/// assert_eq!(json["keys"][0], "chambre-des-communs");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct Finding {
    /// The rule that fired.
    pub rule: Rule,
    /// Its level, after [`Options`].
    pub level: Level,
    /// The findings of its rule, its own among them.
    texts: std::sync::Arc<Drafts>,
    /// Its place among them.
    at: usize,
}

impl Finding {
    /// The keys involved, the main one first.
    #[must_use]
    pub fn keys(&self) -> &[Key] {
        self.texts.keys_of(self.at)
    }

    /// What is wrong or worth knowing, in plain words.
    #[must_use]
    pub fn message(&self) -> &str {
        self.texts.message_of(self.at)
    }

    /// What would address it, where useful.
    #[must_use]
    pub fn hint(&self) -> Option<&str> {
        self.texts.hint_of(self.at)
    }
}

impl PartialEq for Finding {
    fn eq(&self, other: &Self) -> bool {
        self.rule == other.rule
            && self.level == other.level
            && self.keys() == other.keys()
            && self.message() == other.message()
            && self.hint() == other.hint()
    }
}

impl Eq for Finding {}

impl fmt::Debug for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finding")
            .field("rule", &self.rule)
            .field("level", &self.level)
            .field("keys", &self.keys())
            .field("message", &self.message())
            .field("hint", &self.hint())
            .finish()
    }
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let hint = self.hint();
        let fields = if hint.is_some() { 5 } else { 4 };
        let mut record = serializer.serialize_struct("Finding", fields)?;
        record.serialize_field("rule", &self.rule)?;
        record.serialize_field("level", &self.level)?;
        record.serialize_field("keys", self.keys())?;
        record.serialize_field("message", self.message())?;
        // As `#[serde(skip_serializing_if = "Option::is_none")]` on an
        // `Option` field: skipped when absent, `Some` when present.
        match hint {
            Some(hint) => record.serialize_field("hint", &Some(hint))?,
            None => record.skip_field("hint")?,
        }
        record.end()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.level, self.rule)?;
        for (i, k) in self.keys().iter().enumerate() {
            f.write_str(if i == 0 { " " } else { ", " })?;
            f.write_str(k.as_str())?;
        }
        write!(f, ": {}", self.message())?;
        if let Some(hint) = self.hint() {
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
            .any(|f| f.keys().iter().map(Key::as_str).eq(keys.iter().copied()))
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
    /// Runs every rule of the catalogue at its default level, as of `as_of`,
    /// on the caller's thread ([`Network::validate_with`] and
    /// [`Options::threads`] allow more).
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
    ///
    /// The rules run on the caller's thread unless [`Options::threads`]
    /// allows more; the report is the same whatever the number of threads.
    #[must_use]
    pub fn validate_with(&self, as_of: OffsetDateTime, options: &Options) -> Report {
        let ctx = Context::new(self, as_of, options.notice());
        let mut plan: Vec<(Rule, Level)> = Rule::ALL
            .iter()
            .filter_map(|&rule| Some((rule, options.level_of(rule)?)))
            .collect();
        // The order the rules are taken in, for threads to finish together.
        plan.sort_by_key(|(rule, _)| rule.weight_rank());
        // The report is in (level, rule name) blocks, each rule's findings
        // sorted by keys then message: each rule is sorted on its own (a
        // few short sorts instead of one long one, on the thread that ran
        // it), then the blocks are laid out in order.
        let mut blocks = in_parallel(&plan, options.thread_count(), |&(rule, level)| {
            check(&ctx, rule, level)
        });
        blocks.sort_by_key(|(level, name, _)| (*level, *name));
        let mut findings = Vec::with_capacity(blocks.iter().map(|b| b.2.len()).sum());
        for (_, _, block) in blocks {
            findings.extend(block);
        }
        Report { as_of, findings }
    }
}

/// One rule's findings in report order, with what orders its block in the
/// report: level (errors first), then rule name.
type Block = (std::cmp::Reverse<Level>, &'static str, Vec<Finding>);

/// Runs one rule and sorts its findings.
fn check(ctx: &Context<'_>, rule: Rule, level: Level) -> Block {
    let mut drafts = Drafts::default();
    (rule.check())(ctx, &mut drafts);
    let order = sorted(&drafts);
    let texts = std::sync::Arc::new(drafts);
    let findings = order
        .into_iter()
        .map(|at| Finding {
            rule,
            level,
            texts: std::sync::Arc::clone(&texts),
            at,
        })
        .collect();
    (std::cmp::Reverse(level), rule.name(), findings)
}

/// `work` done on every item, on up to `threads` threads, the caller's
/// included, with the results in the order of the items whichever thread
/// did what. Each thread takes the next item not yet taken until none is
/// left, so a thread that drew light items takes more of them. The threads
/// are scoped to the call. If a thread cannot be started (a platform
/// without threads), the others, the caller's at least, take every item;
/// a panic in `work` on another thread is resumed on the caller's once the
/// caller has no item left.
fn in_parallel<P: Sync, T: Send>(
    items: &[P],
    threads: usize,
    work: impl Fn(&P) -> T + Sync,
) -> Vec<T> {
    let threads = threads.min(items.len());
    if threads <= 1 {
        return items.iter().map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                break done;
            };
            done.push((i, work(item)));
        }
    };
    let mut done = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .name("communs-validate".into())
                    .spawn_scoped(scope, take)
                    .ok()
            })
            .collect();
        let mut done = take();
        for helper in helpers {
            match helper.join() {
                Ok(theirs) => done.extend(theirs),
                Err(panicked) => std::panic::resume_unwind(panicked),
            }
        }
        done
    });
    // Every item was taken by exactly one thread, and every thread joined.
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, result)| result).collect()
}

/// One rule's findings in report order: by keys, then message, then the
/// order the rule gave them, as positions among its drafts. The keys of a
/// finding are read through its place in the list of all keys, so the
/// sort runs on a compact record per finding — the first bytes of its
/// first key and its position, 32 bytes — and reads whole keys and
/// messages only to break ties between equal prefixes (a rule that names
/// the same node first in several findings, or first keys alike in their
/// first 16 bytes).
fn sorted(drafts: &Drafts) -> Vec<usize> {
    let mut order: Vec<(u128, usize)> = (0..drafts.len())
        .map(|i| (drafts.keys_of(i).first().map_or(0, Key::sort_prefix), i))
        .collect();
    let full = |i: usize, j: usize| {
        drafts
            .keys_of(i)
            .cmp(drafts.keys_of(j))
            .then_with(|| drafts.message_of(i).cmp(drafts.message_of(j)))
    };
    // A finding without keys has prefix 0, below every key's (a key is
    // never empty and holds no zero byte); the prefixes of keys order as
    // the keys do (`Key::sort_prefix`), and equal prefixes leave the order
    // to the whole lists. So: a sort on (prefix, position), integers only,
    // then each run of equal prefixes (a rule naming the same node first
    // in several findings) sorted on the whole lists and messages, stably,
    // so that findings equal in all of that keep the order the rule gave.
    // Whole lists are read only within a run, where the order needs them.
    order.sort_unstable();
    for run in order.chunk_by_mut(|a, b| a.0 == b.0) {
        if run.len() > 1 {
            run.sort_by(|a, b| full(a.1, b.1));
        }
    }
    order.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::{Draft, Drafts, Key, in_parallel, sorted};

    /// Dates are written as `Display` writes them, by hand or not: every
    /// day of some years of four digits, their bounds, and years beyond.
    #[test]
    fn dates_are_written_as_they_display() {
        use time::{Date, Month};
        let mut days = Vec::new();
        for year in [1000, 1999, 2017, 2024, 9999] {
            let mut day = Some(Date::from_calendar_date(year, Month::January, 1).unwrap());
            while let Some(d) = day.filter(|d| d.year() == year) {
                days.push(d);
                day = d.next_day();
            }
        }
        days.push(Date::MIN);
        days.push(Date::MAX);
        days.push(Date::from_calendar_date(999, Month::December, 31).unwrap());
        days.push(Date::from_calendar_date(-1, Month::June, 5).unwrap());
        for day in days {
            let mut text = String::from("on ");
            super::push_date(&mut text, day);
            assert_eq!(text, format!("on {day}"));
        }
    }

    /// Findings and reports may be sent to and shared with other threads,
    /// whatever they share inside.
    #[test]
    fn findings_and_reports_are_send_and_sync() {
        fn shareable<T: Send + Sync>() {}
        shareable::<super::Finding>();
        shareable::<super::Report>();
    }

    /// Results come in the order of the items, each item done once,
    /// whatever the number of threads (more threads than items too). The
    /// first items are slow, so that later ones finish first.
    #[test]
    fn parallel_work_comes_back_in_item_order() {
        let items: Vec<usize> = (0..100).collect();
        let expected: Vec<String> = items.iter().map(ToString::to_string).collect();
        let slow_start = |i: &usize| {
            if *i < 4 {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            i.to_string()
        };
        for threads in [0, 1, 2, 3, 8, 100, 500] {
            let done = in_parallel(&items, threads, slow_start);
            assert_eq!(done, expected, "{threads} threads");
        }
        assert!(in_parallel(&[] as &[usize], 4, ToString::to_string).is_empty());
    }

    /// Two items given two threads run at the same time, on two threads:
    /// each waits (up to a minute) for a word from the other, which only
    /// comes if the other is running too. Done one after the other, the
    /// first would wait in vain.
    #[test]
    fn parallel_work_runs_on_several_threads_at_once() {
        use std::sync::Mutex;
        use std::sync::mpsc::channel;
        use std::time::Duration;
        let (to_first, first_hears) = channel::<()>();
        let (to_second, second_hears) = channel::<()>();
        let hears = [Mutex::new(first_hears), Mutex::new(second_hears)];
        let tell = [to_second, to_first];
        let done = in_parallel(&[0_usize, 1], 2, |&i| {
            let told = tell.get(i).is_some_and(|t| t.send(()).is_ok());
            let heard = hears.get(i).is_some_and(|h| {
                h.lock()
                    .is_ok_and(|h| h.recv_timeout(Duration::from_secs(60)).is_ok())
            });
            (told && heard, std::thread::current().id())
        });
        assert!(
            done.iter().all(|(met, _)| *met),
            "the items did not overlap"
        );
        assert_eq!(done.len(), 2);
        assert_ne!(done.first().map(|d| d.1), done.get(1).map(|d| d.1));
    }

    /// A panic in the work on another thread reaches the caller, with its
    /// own message.
    #[test]
    fn a_panic_on_another_thread_reaches_the_caller() {
        use std::sync::{Barrier, Mutex};
        let caller = std::thread::current().id();
        // Both threads take an item before either goes on.
        let both = Barrier::new(2);
        let seen = Mutex::new(0_usize);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            in_parallel(&[0_usize, 1], 2, |_| {
                both.wait();
                if let Ok(mut seen) = seen.lock() {
                    *seen = seen.saturating_add(1);
                }
                if std::thread::current().id() != caller {
                    std::panic::panic_any("from the helper");
                }
            })
        }));
        let payload = outcome.err().and_then(|p| p.downcast::<&str>().ok());
        assert_eq!(payload.as_deref(), Some(&"from the helper"));
        assert_eq!(seen.lock().map(|s| *s).ok(), Some(2));
    }

    /// The nodes of a kind come in storage order, people included though
    /// they are not listed ahead.
    #[test]
    fn a_context_gives_the_nodes_of_every_kind() -> Result<(), Box<dyn std::error::Error>> {
        use crate::{Change, Form, Network, NodeKind, Organisation, Person};
        let mut net = Network::new();
        net.apply(Change::add(Key::new("zoe")?, Person::new("Zoe")))?;
        net.apply(Change::add(
            Key::new("anis")?,
            Organisation::new("ANIS", Form::Association),
        ))?;
        net.apply(Change::add(Key::new("ada")?, Person::new("Ada")))?;
        let as_of = time::macros::datetime!(2017-12-01 12:00 +01:00);
        let ctx = super::Context::new(&net, as_of, time::Duration::days(7));
        let keys = |kind| -> Vec<String> { ctx.of(kind).map(|(_, k)| k.to_string()).collect() };
        assert_eq!(keys(NodeKind::Person), ["zoe", "ada"]);
        assert_eq!(keys(NodeKind::Organisation), ["anis"]);
        assert!(keys(NodeKind::Brique).is_empty());
        Ok(())
    }

    /// The engine's sort on first-key prefixes gives the order of the keys
    /// themselves, then the messages, then the order the rule gave: lists
    /// of up to three keys, short and long, alike in their first 16 bytes
    /// or not, and equal lists with equal or different messages.
    #[test]
    fn findings_sort_as_their_keys_then_messages() {
        let longest = "s".repeat(crate::key::MAX_SLUG_LEN);
        let words = [
            "a",
            "ab",
            "b",
            "sixteen-bytes-ab",
            "sixteen-bytes-abc",
            "sixteen-bytes-abd",
            "z",
            longest.as_str(),
        ];
        let keys: Vec<Key> = words.iter().filter_map(|w| Key::new(w).ok()).collect();
        assert_eq!(keys.len(), words.len());
        let mut lists: Vec<Vec<Key>> = vec![Vec::new()];
        for _ in 0..3 {
            let longer: Vec<Vec<Key>> = lists
                .iter()
                .flat_map(|l| {
                    keys.iter().map(move |k| {
                        let mut l = l.clone();
                        l.push(k.clone());
                        l
                    })
                })
                .collect();
            lists.extend(longer);
        }
        lists.sort();
        lists.dedup();
        // Every list twice with message "m", once with "l"; reversed and
        // rotated, so the order the rule gives is not the report's.
        let mut given: Vec<(Vec<Key>, &str)> = Vec::new();
        for list in &lists {
            for message in ["m", "l", "m"] {
                given.push((list.clone(), message));
            }
        }
        given.reverse();
        let third = given.len().checked_div(3).unwrap_or(0);
        given.rotate_left(third);
        let scrambled: Vec<(Vec<Key>, &str, usize)> = given
            .into_iter()
            .enumerate()
            .map(|(pos, (keys, message))| (keys, message, pos))
            .collect();
        // Half written whole, half straight into the shared text.
        let mut drafts = Drafts::default();
        for (keys, message, pos) in &scrambled {
            let hint = Some(pos.to_string().into());
            if pos % 2 == 0 {
                drafts.push(Draft {
                    keys: keys.clone(),
                    message: (*message).to_owned(),
                    hint,
                });
            } else {
                drafts.add(keys.iter().cloned(), hint, format_args!("{message}"));
            }
        }
        let mut expected = scrambled.clone();
        expected.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)).then(a.2.cmp(&b.2)));
        let got: Vec<(Vec<Key>, String, String)> = sorted(&drafts)
            .into_iter()
            .map(|at| {
                (
                    drafts.keys_of(at).to_vec(),
                    drafts.message_of(at).to_owned(),
                    drafts.hint_of(at).unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let expected: Vec<(Vec<Key>, String, String)> = expected
            .into_iter()
            .map(|(keys, message, pos)| (keys, message.to_owned(), pos.to_string()))
            .collect();
        assert_eq!(got, expected);
    }
}
