//! The baselines of issue 8: what a user who hand-rolls structs and loops
//! over petgraph would write instead of using the crate. Shared by the
//! criterion benches and the `ratios` example; no criterion here.
//!
//! - [`build`]: the same changes into a bare petgraph `StableDiGraph` with
//!   `add_node` / `add_edge` and a `HashMap` from key to index (no checks
//!   but key lookups) — the baseline of building from a batch (P4) and of
//!   memory (P7).
//! - [`dfs`]: a DFS from every node not yet visited, visiting every node and
//!   edge once — the baseline of validation (P1).
//! - [`Reach::voice_walk`] and [`Reach::may_act_walk`]: resolve the keys,
//!   then walk the same reach as the crate's questions with bare loops —
//!   from the organisation up incoming `carries` edges (administrative ones
//!   while the governance is in formation for the voice; those whose scope
//!   covers the act for signing and filing), checking mandates with
//!   `edges_connecting` — the baseline of the voice and may-act questions
//!   (P2). [`Reach::voice`] and [`Reach::may_act`] are the plain reverse BFS
//!   over every incoming `carries` edge (a wider reach), for reference.
//! - [`PlainDoc`]: a plain `#[derive(Serialize, Deserialize)]` struct with
//!   the same records and strings as the crate's document (keys, names,
//!   dates as ISO strings, enums as their kebab-case names), whose JSON is
//!   the crate's JSON value for value — the baseline of the document round
//!   trip (P3).
#![allow(
    dead_code,
    reason = "shared by several targets: each uses only part of the baselines"
)]
#![allow(
    clippy::arithmetic_side_effects,
    reason = "baseline loops over in-memory graphs, not library code"
)]

use std::collections::{BTreeMap, HashMap, VecDeque};

use communs::{Act, Change, Key, Link, Node};
use petgraph::Direction;
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::{Dfs, EdgeRef, VisitMap};
use serde::{Deserialize, Serialize};
use time::Date;

/// The bare graph: the same records at the nodes and edges as the crate.
pub type BaseGraph = StableDiGraph<(Key, Node), Link, u32>;
/// A node of the bare graph.
pub type BaseIx = NodeIndex<u32>;
/// Key → node index, as a hand-rolled user would keep it.
pub type BaseIndex = HashMap<Key, BaseIx>;

/// The same changes into a bare petgraph graph: no checks but key lookups.
pub fn build(changes: Vec<Change>) -> (BaseGraph, BaseIndex) {
    let mut graph = BaseGraph::default();
    let mut index = BaseIndex::new();
    apply(&mut graph, &mut index, changes);
    (graph, index)
}

/// Adds changes to a bare graph (nodes, relations, node updates).
pub fn apply(graph: &mut BaseGraph, index: &mut BaseIndex, changes: Vec<Change>) {
    for change in changes {
        match change {
            Change::AddNode { key, node } => {
                let ix = graph.add_node((key.clone(), node));
                index.insert(key, ix);
            }
            Change::AddRelation(r) => {
                if let (Some(&a), Some(&b)) = (index.get(&r.from), index.get(&r.to)) {
                    graph.add_edge(a, b, r.link);
                }
            }
            Change::UpdateNode { key, node } => {
                if let Some(slot) = index.get(&key).and_then(|&ix| graph.node_weight_mut(ix)) {
                    slot.1 = node;
                }
            }
            _ => {}
        }
    }
}

/// A DFS from every node not yet visited: every node and edge once.
pub fn dfs(graph: &BaseGraph) -> usize {
    let mut dfs = Dfs::empty(graph);
    let mut visited = 0;
    for start in graph.node_indices() {
        if dfs.discovered.is_visited(&start) {
            continue;
        }
        dfs.move_to(start);
        while dfs.next(graph).is_some() {
            visited += 1;
        }
    }
    visited
}

/// Reusable buffers of the reverse BFS (a hand-rolled loop would keep them).
#[derive(Default)]
pub struct Reach {
    queue: VecDeque<BaseIx>,
    seen: Vec<BaseIx>,
}

impl Reach {
    /// The nodes reached from `from` by following incoming `carries` edges
    /// (its carriers, theirs, and so on), `from` included.
    pub fn carriers_of(&mut self, graph: &BaseGraph, from: BaseIx) -> usize {
        self.queue.clear();
        self.seen.clear();
        self.queue.push_back(from);
        self.seen.push(from);
        while let Some(ix) = self.queue.pop_front() {
            for e in graph.edges_directed(ix, Direction::Incoming) {
                if matches!(e.weight(), Link::Carries(_)) {
                    let s = e.source();
                    // Carrying chains are short: a scan beats hashing.
                    if !self.seen.contains(&s) {
                        self.seen.push(s);
                        self.queue.push_back(s);
                    }
                }
            }
        }
        self.seen.len()
    }

    /// A diagnostic, not a baseline: the incoming relations of every node
    /// reached from the organisation `org` by incoming `carries` edges, that
    /// is what a walk up its carriers must scan when relations of all kinds
    /// share one adjacency list.
    pub fn scan_cost(&mut self, graph: &BaseGraph, index: &BaseIndex, org: &str) -> usize {
        let Some(&from) = index.get(org) else {
            return 0;
        };
        self.carriers_of(graph, from);
        self.seen
            .iter()
            .map(|&ix| graph.edges_directed(ix, Direction::Incoming).count())
            .sum()
    }

    /// The baseline of `voice`: resolve the organisation, reach its carriers.
    pub fn voice(&mut self, graph: &BaseGraph, index: &BaseIndex, org: &str) -> usize {
        index.get(org).map_or(0, |&ix| self.carriers_of(graph, ix))
    }

    /// The baseline of `may_act`: resolve the person and the organisation,
    /// reach the organisation's carriers.
    pub fn may_act(
        &mut self,
        graph: &BaseGraph,
        index: &BaseIndex,
        person: &str,
        org: &str,
    ) -> usize {
        match (index.get(person), index.get(org)) {
            (Some(p), Some(&o)) => self.carriers_of(graph, o) + p.index(),
            _ => 0,
        }
    }
}

/// Whether `person` holds a current mandate for `act` from `org`.
fn has_mandate(graph: &BaseGraph, person: BaseIx, org: BaseIx, act: Act, date: Date) -> bool {
    graph.edges_connecting(person, org).any(|e| {
        matches!(e.weight(), Link::Mandate(m) if m.powers.contains(act) && m.period.contains(date))
    })
}

/// Whether the node is an organisation whose governance is established.
fn established(graph: &BaseGraph, ix: BaseIx) -> Option<bool> {
    graph
        .node_weight(ix)
        .and_then(|(_, n)| n.as_organisation())
        .map(|o| o.governance.is_established())
}

/// The administrative carrier of `ix` at `date`: the first incoming
/// `carries` edge with administrative scope whose period holds.
fn admin_carrier(graph: &BaseGraph, ix: BaseIx, date: Date) -> Option<BaseIx> {
    graph
        .edges_directed(ix, Direction::Incoming)
        .find_map(|e| match e.weight() {
            Link::Carries(c) if c.is_administrative() && c.period.contains(date) => {
                Some(e.source())
            }
            _ => None,
        })
}

impl Reach {
    /// The bare walk behind `voice`, over the same reach as the crate: from
    /// the organisation, while its governance is in formation, to its
    /// administrative carrier at `date`. Returns the number of nodes walked.
    pub fn voice_walk(
        &mut self,
        graph: &BaseGraph,
        index: &BaseIndex,
        org: &str,
        date: Date,
    ) -> usize {
        let Some(&start) = index.get(org) else {
            return 0;
        };
        let mut at = start;
        let mut walked = 1;
        while established(graph, at) == Some(false) && walked <= graph.node_count() {
            match admin_carrier(graph, at, date) {
                Some(next) => {
                    at = next;
                    walked += 1;
                }
                None => break,
            }
        }
        walked
    }

    /// The bare search behind `may_act`, over the same reach as the crate:
    /// for signing and filing, a BFS over incoming `carries` edges whose
    /// scope covers the act and whose period holds, looking for a current
    /// mandate of the person at each organisation reached; for speaking and
    /// deciding, the voice walk, looking for the mandate at the speaker.
    pub fn may_act_walk(
        &mut self,
        graph: &BaseGraph,
        index: &BaseIndex,
        person: &str,
        act: Act,
        org: &str,
        date: Date,
    ) -> bool {
        let (Some(&p), Some(&o)) = (index.get(person), index.get(org)) else {
            return false;
        };
        match act.carrying_scope() {
            Some(scope) => {
                self.queue.clear();
                self.seen.clear();
                self.queue.push_back(o);
                self.seen.push(o);
                while let Some(ix) = self.queue.pop_front() {
                    if has_mandate(graph, p, ix, act, date) {
                        return true;
                    }
                    for e in graph.edges_directed(ix, Direction::Incoming) {
                        if let Link::Carries(c) = e.weight() {
                            let s = e.source();
                            if c.scope.contains(scope)
                                && c.period.contains(date)
                                && !self.seen.contains(&s)
                            {
                                self.seen.push(s);
                                self.queue.push_back(s);
                            }
                        }
                    }
                }
                false
            }
            None => {
                let mut at = o;
                let mut walked = 1;
                loop {
                    match established(graph, at) {
                        Some(true) => return has_mandate(graph, p, at, act, date),
                        None => return false,
                        Some(false) => {}
                    }
                    match admin_carrier(graph, at, date) {
                        Some(next) if walked <= graph.node_count() => {
                            at = next;
                            walked += 1;
                        }
                        _ => return false,
                    }
                }
            }
        }
    }
}

// ----- the plain document -----

/// A plain mirror of the crate's document: every record, with strings for
/// keys, names, dates and enum names. No checks at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PlainDoc {
    /// Format version.
    pub version: u32,
    /// People.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub persons: BTreeMap<String, PlainPerson>,
    /// Organisations.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub organisations: BTreeMap<String, PlainOrganisation>,
    /// Places.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub places: BTreeMap<String, PlainPlace>,
    /// Territories.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub territories: BTreeMap<String, PlainTerritory>,
    /// Briques.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub briques: BTreeMap<String, PlainBrique>,
    /// Contracts.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub contracts: BTreeMap<String, PlainContract>,
    /// Applications.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub applications: BTreeMap<String, PlainApplication>,
    /// Decisions.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub decisions: BTreeMap<String, PlainDecision>,
    /// Relations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<PlainRelation>,
    /// Retired keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<String>,
}

/// A person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlainPerson {
    /// Name.
    pub name: String,
}

/// An amount of money.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlainMoney {
    /// In cents.
    pub amount: i64,
    /// ISO code.
    pub currency: String,
}

/// An organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PlainOrganisation {
    /// Name.
    pub name: String,
    /// Legal form.
    pub form: String,
    /// Objective tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<String>,
    /// Governance.
    pub governance: PlainGovernance,
    /// Burden limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burden_limit: Option<PlainMoney>,
}

/// Governance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", rename_all_fields = "kebab-case")]
pub enum PlainGovernance {
    /// Established.
    Established {
        /// Statutes.
        statutes: String,
        /// Decision process.
        process: String,
    },
    /// In formation.
    InFormation {
        /// The schema.
        blueprint: PlainBlueprint,
    },
}

/// A blueprint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PlainBlueprint {
    /// Brique kinds needed.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Whether a governance body is needed.
    #[serde(default)]
    pub needs_governance_body: bool,
}

/// A place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlainPlace {
    /// Name.
    pub name: String,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// A territory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PlainTerritory {
    /// Name.
    pub name: String,
    /// Priority area.
    #[serde(default)]
    pub priority_area: bool,
}

/// One lifecycle step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlainStep {
    /// Status name.
    pub status: String,
    /// Since when (ISO date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
}

/// A brique.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlainBrique {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Lifecycle.
    pub lifecycle: Vec<PlainStep>,
    /// Schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<PlainSchedule>,
    /// Retribution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retribution: Option<PlainRetribution>,
    /// Purpose tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purpose: Vec<String>,
}

/// A schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PlainSchedule {
    /// Recurrence.
    pub recurrence: PlainRecurrence,
    /// Start time.
    pub from_time: String,
    /// End time.
    pub to_time: String,
    /// First date.
    pub first: String,
    /// Last date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
    /// Skipped dates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<String>,
}

/// A recurrence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlainRecurrence {
    /// Weekly.
    Weekly {
        /// Days.
        days: Vec<String>,
    },
    /// Monthly.
    Monthly {
        /// Which one.
        nth: String,
        /// Weekday.
        day: String,
    },
}

/// Retribution terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlainRetribution {
    /// Defined.
    Defined {
        /// Amount.
        amount: PlainMoney,
        /// Per what.
        per: String,
        /// Who pays.
        payer: String,
    },
    /// To be defined.
    ToBeDefined,
}

/// A contract term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlainTerm {
    /// Start.
    pub start: String,
    /// End.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// A contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlainContract {
    /// Title.
    pub title: String,
    /// Moral or legal.
    pub nature: String,
    /// Term.
    pub term: PlainTerm,
    /// Lifecycle.
    pub lifecycle: Vec<PlainStep>,
    /// Clauses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clauses: Vec<PlainClause>,
}

/// An application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PlainApplication {
    /// Title.
    pub title: String,
    /// Programme.
    pub programme: String,
    /// Funder key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funder: Option<String>,
    /// Deadline (ISO date).
    pub deadline: String,
    /// Submission instant (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<String>,
    /// Lifecycle.
    pub lifecycle: Vec<PlainStep>,
    /// Amount requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_requested: Option<PlainMoney>,
    /// Burden on the filer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burden: Option<PlainMoney>,
    /// Purpose tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purpose: Vec<String>,
}

/// A decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PlainDecision {
    /// Title.
    pub title: String,
    /// Process.
    pub process: PlainProcess,
    /// Opening instant (RFC 3339).
    pub opened_at: String,
    /// Closing instant (RFC 3339).
    pub closes_at: String,
    /// Visibility.
    pub visibility: String,
    /// Audience.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<u32>,
    /// Interventions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interventions: Vec<PlainIntervention>,
    /// Outcome lifecycle.
    pub outcome: Vec<PlainStep>,
    /// Review date (ISO date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<String>,
}

/// A decision process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", rename_all_fields = "kebab-case")]
pub enum PlainProcess {
    /// A vote.
    Vote {
        /// Threshold.
        threshold: PlainFraction,
        /// Quorum.
        quorum: PlainFraction,
    },
    /// Consent.
    Consent,
    /// Consensus.
    Consensus,
    /// Advice.
    Advice {
        /// Who decides.
        decider: String,
        /// Who is consulted.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        consulted: Vec<String>,
    },
    /// Transparency.
    Transparency,
    /// Delegated.
    Delegated {
        /// The delegate.
        to: String,
    },
}

/// A fraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlainFraction {
    /// Numerator.
    pub num: u32,
    /// Denominator.
    pub den: u32,
}

/// An intervention in a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlainIntervention {
    /// Its number.
    pub id: u32,
    /// What it is.
    pub kind: PlainInterventionKind,
    /// Who made it.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
    /// Whether it is resolved.
    pub resolved: bool,
}

/// What an intervention is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlainInterventionKind {
    /// A question.
    Question,
    /// An objection.
    Objection,
    /// A concern.
    Concern,
    /// Support.
    Support,
    /// A stance in a vote.
    Stance(String),
    /// An answer to another intervention.
    AnswerTo(u32),
}

/// A clause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlainClause {
    /// Giver key.
    pub giver: String,
    /// Receiver key.
    pub receiver: String,
    /// Gift.
    pub gift: PlainGift,
    /// Conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<PlainTerms>,
    /// Modalities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modalities: Option<PlainTerms>,
}

/// A gift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlainGift {
    /// Money.
    Money {
        /// Amount.
        amount: PlainMoney,
        /// Frequency.
        frequency: String,
    },
    /// Time.
    Time {
        /// Hours.
        hours: u32,
        /// Frequency.
        frequency: String,
    },
    /// In kind.
    InKind(String),
    /// Knowledge.
    Knowledge(String),
    /// A usage right.
    UsageRight(String),
}

/// Terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlainTerms {
    /// Text.
    Text(String),
    /// To be defined.
    ToBeDefined,
}

/// A relation: `{kind, from, to, …attributes}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case"
)]
#[allow(missing_docs, reason = "the fields of the crate's relation kinds")]
pub enum PlainRelation {
    /// `carries`.
    Carries {
        from: String,
        to: String,
        scope: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        since: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<String>,
    },
    /// `member-of`.
    MemberOf {
        from: String,
        to: String,
        role: String,
        involvement: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        since: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<String>,
    },
    /// `mandate`.
    Mandate {
        from: String,
        to: String,
        powers: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        since: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<String>,
    },
    /// `located-in`.
    LocatedIn { from: String, to: String },
    /// `runs`.
    Runs {
        from: String,
        to: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        since: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<String>,
    },
    /// `builds`.
    Builds { from: String, to: String },
    /// `hosted-at`.
    HostedAt { from: String, to: String },
    /// `party-to`.
    PartyTo {
        from: String,
        to: String,
        mode: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signed_on: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signed_by: Option<String>,
    },
    /// `files`.
    Files {
        from: String,
        to: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signed_by: Option<String>,
    },
    /// `authors`.
    Authors { from: String, to: String },
    /// `funds`.
    Funds { from: String, to: String },
    /// `targets`.
    Targets { from: String, to: String },
    /// `decides`.
    Decides { from: String, to: String },
    /// `concerns`.
    Concerns { from: String, to: String },
    /// `opens`.
    Opens { from: String, to: String },
}

/// The plain document holding the same records and strings as the crate's
/// JSON `json`, checked to write the same JSON value back (so that no field
/// was dropped on the way).
pub fn plain_from_json(json: &str) -> Result<PlainDoc, Box<dyn std::error::Error>> {
    let plain: PlainDoc = serde_json::from_str(json)?;
    let ours = serde_json::to_value(&plain)?;
    let theirs: serde_json::Value = serde_json::from_str(json)?;
    if ours != theirs {
        return Err("the plain document does not hold the same JSON as the crate's".into());
    }
    Ok(plain)
}
