//! # communs — commons governance as a typed graph
//!
//! Commons networks run on arrangements that ordinary software does not
//! model. In Lille, the association ANIS is a *pied de réseau*: a legal
//! person that **carries** collectives which have none (Catalyst, Tiers
//! lieux, Rétributions contributives, the Assemblée des communs, the Chambre
//! des communs). It signs, files funding applications and holds money for
//! them. The Chambre des communs exists only as a theoretical schema, built
//! *brique by brique*; its governance is not posed yet, so its carrier speaks
//! for it.
//!
//! `communs` records such a network, changes it safely and answers questions
//! about it: who carries whom, who may speak or sign for whom at a date,
//! which organisations lack members or a signatory, which institutions are
//! still in formation. It is pure: no I/O, no clock (the caller passes
//! dates), no global state, and no thread the caller did not ask for:
//! validation runs on the caller's thread unless the caller allows more
//! threads ([`Options::threads`]); the report is the same on any number.
//! (One thing comes from the system, through the standard library: the
//! random seed of its hash maps, drawn once per thread. The crate's maps
//! serve lookups only; nothing it returns depends on the seed.)
//!
//! # Glossary
//!
//! | French | Meaning | In this crate |
//! |---|---|---|
//! | pied de réseau | a legal-person association that carries collectives without legal personality | a *carrier*: any legal person with a [`Carrying`] relation |
//! | portage administratif | the act of carrying, with a scope and a period | [`Carrying`], [`Scope`] |
//! | collectif | an informal group without legal personality | [`Form::Collective`] |
//! | association (loi 1901) | a legal person with statutory objectives | [`Form::Association`], [`Organisation::objectives`] |
//! | institution en formation | an organisation with a schema but no way of deciding yet (the Chambre des communs) | [`Governance::InFormation`] with a [`Blueprint`] |
//! | brique | a building block that gradually makes an institution work | [`Brique`], [`BriqueKind`] |
//! | permanence | recurring drop-in hours held at a place | [`BriqueKind::Permanence`] with a [`Schedule`] |
//! | rétribution (contributive) | remuneration of contributions, whose modalities may be *to be defined* | [`Retribution`] |
//! | contrat de réciprocité | an agreement in which the parties commit to give to each other | [`Contract`], [`Clause`], [`Party`] |
//! | dossier, candidature | an application to a funding programme, with a deadline | [`Application`] |
//! | porteur | the legal person that files an application for others | the organisation that `files` it |
//! | objection légitime | an objection that must be answered before a decision stands | [`InterventionKind::Objection`] |
//! | politique de la Ville (QPV) | a priority urban district | [`Territory::priority_area`] |
//!
//! # Usage
//!
//! A network changes only through [`Change`]s. [`Network::apply`] and
//! [`Network::apply_all`] check every hard invariant and either commit the
//! whole change or refuse it with a typed [`ChangeError`] naming the keys
//! involved, leaving the network exactly as it was.
//!
//! ```
//! use communs::{
//!     Act, Blueprint, BriqueKind, Carrying, Change, Form, Involvement, Key, Mandate, Membership,
//!     Network, Organisation, Period, Person, Powers, ProcessKind, Role, Scope, Statutes,
//! };
//! use time::macros::date;
//!
//! let key = Key::new;
//! let mut net = Network::new();
//! net.apply_all([
//!     Change::add(key("anis")?, Organisation::new("ANIS", Form::Association)
//!         .established(Statutes::Formal, ProcessKind::Transparency)),
//!     Change::add(key("chambre-des-communs")?, Organisation::new("Chambre des communs", Form::Collective)
//!         .in_formation(Blueprint::new([BriqueKind::Coworking, BriqueKind::Permanence]))),
//!     Change::add(key("julien-lecaille")?, Person::new("Julien Lecaille")),
//!     Change::relate(key("anis")?, key("chambre-des-communs")?,
//!         Carrying::new(Scope::all(), Period::since(date!(2015 - 11 - 01)))),
//!     Change::relate(key("julien-lecaille")?, key("anis")?,
//!         Membership::new(Role::CoPresident, Involvement::Core, Period::ALWAYS)),
//!     Change::relate(key("julien-lecaille")?, key("anis")?,
//!         Mandate::new(Powers::of(&[Act::Sign, Act::Speak, Act::File]), Period::ALWAYS)),
//! ])?;
//!
//! let day = date!(2017 - 12 - 01);
//! // The Chambre's governance is not posed: its voice is its carrier's.
//! let voice = net.voice("chambre-des-communs", day)?;
//! assert_eq!(voice.speaker().map(Key::as_str), Some("anis"));
//! // ANIS's co-president may speak for the Chambre, through ANIS.
//! assert!(net.may_act("julien-lecaille", Act::Speak, "chambre-des-communs", day)?.is_granted());
//! // …but nobody may decide for it: no mandate gives that power.
//! assert!(!net.may_act("julien-lecaille", Act::Decide, "chambre-des-communs", day)?.is_granted());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Hard invariants
//!
//! A change that breaks one is refused and the network is unchanged:
//!
//! 1. Keys are unique and well-formed ([`Key`]); a removed key is never reused.
//! 2. Every relation joins the node kinds of its [`RelationKind`], never a
//!    node to itself.
//! 3. Periods, terms and schedules are well-formed ([`Period`], [`Term`],
//!    [`Schedule`]); a decision closes after it opens; its intervention ids
//!    are unique and its answers answer existing interventions.
//! 4. Carrying is acyclic (periods ignored: nobody carries itself, directly or
//!    through others); a carrier is a legal person; an organisation has at
//!    most one administrative carrier at any date.
//! 5. Membership between organisations is acyclic (periods ignored).
//! 6. No duplicate relation: same kind, same endpoints, overlapping periods.
//! 7. A node with relations is removed only together with them, in one change.
//! 8. Lifecycles only move forward: an update of a brique, contract,
//!    application or decision may only append to its [`Lifecycle`].
//! 9. A batch of changes applies whole or not at all ([`Network::apply_all`]);
//!    a contract's clauses name two distinct parties of that contract, checked
//!    when the change or batch commits.
//! 10. Loading a [`document`] runs all of the above.
//!
//! Changes cost what they touch: checking a new relation looks at its
//! endpoints' neighbourhoods and, for carrying and membership cycles, at the
//! chain above them — never at the whole network. Traversals are iterative,
//! so a chain 100 000 carriers deep cannot overflow the stack.
//!
//! # Questions
//!
//! - [`Network::carrier_chain`], [`Network::administrative_carrier`],
//!   [`Network::carriers`], [`Network::carried_by`]: who carries whom at a date.
//! - [`Network::voice`]: who may legitimately speak for an organisation at a
//!   date, with the path that explains it.
//! - [`Network::may_act`]: may a person sign, speak, decide or file for an
//!   organisation at a date — the mandate and path that grant it, or why not.
//! - [`Network::members`], [`Network::memberships`], [`Network::mandates`]:
//!   who belongs, with which role and involvement, and who holds a mandate.
//! - [`Network::readiness`], [`Network::runners`], [`Network::briques_run_by`]:
//!   how far an institution in formation is from working, and who runs what.
//! - [`Network::reciprocity`], [`Network::parties`]: what each party of a
//!   contract gives and receives, and its circles.
//! - [`Network::exposure`], [`Network::tally`], [`Network::filers`],
//!   [`Network::decisions_concerning`], [`Decision::open_questions`],
//!   [`Decision::unresolved_objections`]: what a carrier is exposed to, how a
//!   vote stands, what is still to answer.
//!
//! # Briques, blueprints and readiness
//!
//! An institution in formation — the Chambre des communs — is not founded in
//! one act; it is made to work brick by brick. Its [`Blueprint`] lists the
//! [`BriqueKind`]s it needs (and whether it needs a governance body). Each
//! [`Brique`] is a node with a dated [`Lifecycle`] (proposed → planned →
//! active ⇄ paused → ended, forward only), an optional [`Schedule`] and
//! [`Retribution`] terms, which may legitimately be *to be defined*. It is
//! run by organisations (`runs`, with a period), builds an institution
//! (`builds`) and may be hosted at a place (`hosted-at`).
//!
//! [`Network::readiness`] tells, at a date, which required kinds are active,
//! pending (proposed, planned or paused) or missing, with the briques behind
//! each, and whether the governance is posed:
//!
//! ```
//! use communs::{
//!     Blueprint, Brique, BriqueKind, BriqueStatus, Change, Form, Key, KindState, Lifecycle, Link,
//!     Network, Organisation, Period, Retribution, Rule, Running,
//! };
//! use time::macros::{date, datetime};
//!
//! let key = Key::new;
//! let mut net = Network::new();
//! net.apply_all([
//!     Change::add(key("anis")?, Organisation::new("ANIS", Form::Association)),
//!     Change::add(key("chambre")?, Organisation::new("Chambre des communs", Form::Collective)
//!         .in_formation(Blueprint::new([BriqueKind::Coworking, BriqueKind::Permanence]))),
//!     Change::add(key("coworking")?, Brique::new("Coworking des communs", BriqueKind::Coworking,
//!         Lifecycle::new(BriqueStatus::Active))),
//!     Change::add(key("permanence")?, Brique::new("Permanence à la MESS", BriqueKind::Permanence,
//!         Lifecycle::new(BriqueStatus::Proposed).then(date!(2017 - 11 - 29), BriqueStatus::Planned)?)
//!         .with_retribution(Retribution::ToBeDefined)),
//!     Change::relate(key("anis")?, key("coworking")?, Running::new(Period::ALWAYS)),
//!     Change::relate(key("anis")?, key("permanence")?, Running::new(Period::ALWAYS)),
//!     Change::relate(key("coworking")?, key("chambre")?, Link::Builds),
//!     Change::relate(key("permanence")?, key("chambre")?, Link::Builds),
//! ])?;
//!
//! let readiness = net.readiness("chambre", date!(2017 - 12 - 01))?;
//! assert_eq!(readiness.kinds_in(KindState::Active).collect::<Vec<_>>(), [&BriqueKind::Coworking]);
//! assert_eq!(readiness.kinds_in(KindState::Pending).collect::<Vec<_>>(), [&BriqueKind::Permanence]);
//! assert!(!readiness.is_ready());
//!
//! let report = net.validate(datetime!(2017-12-01 12:00 +01:00));
//! assert!(report.has(Rule::BlueprintGap, &["chambre", "permanence"]));
//! assert!(report.has(Rule::RetributionUndefined, &["permanence", "anis"]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Reciprocity contracts
//!
//! A *contrat de réciprocité* binds commons and the actors who benefit from
//! them to give to each other. A [`Contract`] lists [`Clause`]s — who gives
//! what ([`Gift`]: money, time, in kind, knowledge, a usage right) to whom,
//! with conditions and modalities that may be *to be defined* ([`Terms`]).
//! Parties join with `party-to` ([`Party`]) in one of three [`Mode`]s: a
//! committing signatory gives and receives; a supporting signatory signs and
//! commits to nothing; a non-signatory takes part without signing. A person
//! signs personally; an organisation is signed for by a person holding a
//! mandate to sign for it — its own, or its carrier's.
//!
//! Reciprocity is strong connectivity: the committing parties must form one
//! circle of giving. It can be **direct** (A gives to B, B to A) or go
//! **round a circle** (A → B → C → A). [`Network::reciprocity`] gives what
//! each party gives and receives and the circles (strongly connected
//! components); `non-reciprocal` fires when there is more than one.
//!
//! A contract is **moral** or **legal** ([`Nature`]). A collective may commit
//! morally on its own; in a legal contract it needs its carrier to sign for
//! it (`legal-capacity`), and a carrier at all (`needs-carrier`).
//!
//! ```
//! use communs::{Change, Clause, Contract, ContractStatus, Form, Gift, Key, Lifecycle, Mode,
//!     Nature, Network, Organisation, Party, Rule, Term};
//! use time::macros::{date, datetime};
//!
//! let key = Key::new;
//! let pact = Contract::new("Pacte", Nature::Moral, Term::from(date!(2018 - 01 - 01)),
//!         Lifecycle::new(ContractStatus::Active))
//!     .with_clause(Clause::new(key("commons")?, key("cafe")?, Gift::Knowledge("workshops".into())))
//!     .with_clause(Clause::new(key("cafe")?, key("commons")?, Gift::UsageRight("the back room".into())));
//! let mut net = Network::new();
//! net.apply_all([
//!     Change::add(key("commons")?, Organisation::new("A commons", Form::Collective)),
//!     Change::add(key("cafe")?, Organisation::new("A café", Form::Cooperative)),
//!     Change::add(key("pact")?, pact.clone()),
//!     Change::relate(key("commons")?, key("pact")?, Party::new(Mode::Committing)),
//!     Change::relate(key("cafe")?, key("pact")?, Party::new(Mode::Committing)),
//! ])?;
//! assert!(net.reciprocity("pact")?.is_reciprocal()); // direct reciprocity
//!
//! // If the café gives nothing back, the pact is not reciprocal.
//! let mut one_way = pact;
//! one_way.clauses.retain(|c| c.giver != "cafe");
//! net.apply(Change::update(key("pact")?, one_way))?;
//! let report = net.validate(datetime!(2018-03-01 12:00 UTC));
//! assert!(report.has(Rule::NonReciprocal, &["pact", "cafe", "commons"]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Clauses only name parties of their contract: a change or batch that
//! leaves a clause naming a non-party is refused when it commits, so a
//! batch may add a contract and then its parties.
//!
//! # Applications and decisions
//!
//! An [`Application`] (*dossier*) to a funding programme has a deadline, a
//! forward-only lifecycle (drafting → submitted → granted | refused |
//! withdrawn), an amount requested, a **burden** on its filer, and purpose
//! tags. A legal person **files** it (the *porteur*) — often for content that
//! others **author**; it **funds** briques and may **target** a territory.
//! [`Network::exposure`] sums what a carrier is exposed to, per currency,
//! beside its burden limit.
//!
//! A [`Decision`] records how an organisation decides ([`Process`]): a vote
//! (threshold of the votes expressed, quorum of the members), consent,
//! consensus, advice, delegation — or **transparency**, the way of the
//! seed: the proposal is published and every legitimate question and
//! objection is answered, without a vote. Its [`Intervention`]s record
//! questions, objections, concerns, support, votes and answers; its
//! outcome is pending, then adopted, rejected or withdrawn. A decision is
//! **legitimate** when it is decided by the voice of each organisation it
//! concerns (`illegitimate-decider`).
//!
//! Instants carry their offset (`2017-11-29T15:50:00+01:00`). Whenever an
//! instant is compared with a date — a submission with a deadline, a closing
//! with a deadline, the as-of instant with a period — the instant's calendar
//! date is read **in its own offset**: 1 December 00:30 in Paris is
//! 1 December, though it is still 30 November in UTC.
//!
//! ```
//! use communs::{
//!     Act, Application, ApplicationStatus, Change, Currency, Decision, Filing, Form, Intervention,
//!     InterventionKind, Key, Lifecycle, Link, Mandate, Money, Network, Organisation, Outcome,
//!     Period, Person, Powers, Process, Rule,
//! };
//! use time::macros::{date, datetime};
//!
//! let key = Key::new;
//! let dossier = Application::new("Permanence des communs", "Fabrique à entreprendre",
//!         date!(2017 - 12 - 01), Lifecycle::new(ApplicationStatus::Drafting))
//!     .with_burden(Money::zero(Currency::EUR));
//! let discussion = Decision::new("Vers une permanence à la maison Stéphane Hessel",
//!         Process::Transparency, datetime!(2017-11-29 15:50 +01:00),
//!         datetime!(2017-12-01 12:00 +01:00), Lifecycle::new(Outcome::Pending))?
//!     .public(350)
//!     .with(Intervention::new(1, InterventionKind::Question, key("someone")?,
//!         datetime!(2017-11-29 18:00 +01:00)))
//!     .with(Intervention::new(2, InterventionKind::AnswerTo(1), key("julien")?,
//!         datetime!(2017-11-29 19:00 +01:00)));
//! let mut net = Network::new();
//! net.apply_all([
//!     Change::add(key("anis")?, Organisation::new("ANIS", Form::Association)
//!         .with_burden_limit(Money::zero(Currency::EUR))),
//!     Change::add(key("julien")?, Person::new("Julien Lecaille")),
//!     Change::add(key("someone")?, Person::new("A member")),
//!     Change::relate(key("julien")?, key("anis")?,
//!         Mandate::new(Powers::of(&[Act::File, Act::Sign]), Period::ALWAYS)),
//!     Change::add(key("dossier")?, dossier),
//!     Change::relate(key("anis")?, key("dossier")?, Filing::new(Some(key("julien")?))),
//!     Change::add(key("discussion")?, discussion),
//!     Change::relate(key("anis")?, key("discussion")?, Link::Decides),
//!     Change::relate(key("discussion")?, key("dossier")?, Link::Concerns),
//! ])?;
//!
//! assert!(net.exposure("anis", date!(2017 - 12 - 01))?.within_limit());
//! let report = net.validate(datetime!(2017-12-01 12:00 +01:00));
//! assert!(report.has(Rule::ShortNotice, &["discussion", "dossier"]));
//! assert_eq!(report.of_rule(Rule::UnansweredQuestion).count(), 0); // it was answered
//! assert_eq!(report.of_rule(Rule::IllegitimateDecider).count(), 0); // ANIS speaks for itself
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Insight: audit, timeline, pictures, diff, journal
//!
//! - [`Network::ostrom_audit`] reads Elinor Ostrom's eight design principles
//!   from the graph — met, partly met, not met or not assessable — with the
//!   evidence behind each; the [`audit`] module documents the mapping, one
//!   paragraph per principle, with its reasoning and its limits.
//! - [`Network::timeline`] and [`Network::timeline_of`] list dated events in
//!   order.
//! - [`Network::to_dot`], [`Network::to_mermaid`], the `neighbourhood_*` and
//!   `readiness_*` pictures write Graphviz and Mermaid text; the [`export`]
//!   module documents the escaping.
//! - [`Network::diff`] lists the changes that turn one network into another;
//!   [`Change`] serialises, so a host can keep a journal and
//!   [`Network::replay`] it.
//!
//! ```
//! # let net: communs::Network = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/anis.json")))?;
//! use communs::{Assessment, Change, Network, Principle};
//! use time::macros::date;
//!
//! let audit = net.ostrom_audit("assemblee-des-communs", date!(2017 - 12 - 01))?;
//! assert_eq!(audit.assessment(Principle::Boundaries), Some(Assessment::Met));
//!
//! let journal: Vec<Change> = Network::new().diff(&net)?;
//! let json = serde_json::to_string(&journal)?;
//! let rebuilt = Network::replay(serde_json::from_str::<Vec<Change>>(&json)?)?;
//! assert_eq!(rebuilt, net);
//! assert!(net.to_dot().starts_with("digraph communs {"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Diagnostics
//!
//! [`Network::validate`] runs the [rule catalogue](rules) as of an instant and
//! returns a deterministic [`Report`] of [`Finding`]s — each with its rule
//! name, level, keys, message and hint. Levels can be overridden per rule
//! with [`Options`], which also lets the rules run on several threads
//! ([`Options::threads`]); the report is the same.
//!
//! # Documents
//!
//! A network saves to and loads from a versioned serde form, described with
//! a complete example in [`document`]. `Network` implements `Serialize` and
//! `Deserialize` directly; deserialising enforces every hard invariant.
//!
//! # Features
//!
//! The crate has no optional features; it depends on `serde`, `time`,
//! `petgraph` (as private storage: no petgraph type appears in the API) and
//! `thiserror`.

pub mod audit;
mod change;
mod diff;
pub mod document;
mod error;
pub mod export;
mod key;
mod model;
mod network;
pub mod rules;
mod timeline;

pub use audit::{Assessment, Audit, Principle};
pub use change::Change;
pub use diff::{DiffError, JournalError};
pub use document::{Document, FORMAT_VERSION};
pub use error::{BatchError, ChangeError, DocumentError, Error, QueryError};
pub use key::{Key, MAX_SLUG_LEN, SlugError, Tag};
pub use model::*;
pub use network::{
    Authority, BriqueAt, Denial, DenialReason, Exposure, Grant, KindReadiness, KindState, Network,
    PartyFlows, Readiness, Reciprocity, Silence, Tally, Voice,
};
pub use rules::{Finding, Level, Options, Report, Rule};
pub use timeline::{Event, EventKind};

/// The README's example, compiled and run as a doc test.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
