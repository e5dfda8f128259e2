//! A reference model of a network: plain ordered maps and sets, naive
//! fixpoints, no index, no graph library, no undo log — small enough to be
//! checked by reading. It is written from SPEC §3–§7 and the crate docs, and
//! never calls the library's checks or queries: only its value types and
//! their trivial accessors (a node's kind and name, a relation's period).
//!
//! It is the one oracle of the suite: [`Model::faults`] and
//! [`Model::commit_faults`] say which errors may rightly refuse a change
//! (used by the properties of `props.rs` and by the state machine of
//! `state_machine.rs`); [`Model::apply`] and [`Model::apply_all`] say what
//! an accepted change or batch leaves behind; the query methods answer what
//! the network's questions should answer.

use std::collections::{BTreeMap, BTreeSet};

use communs::{
    Act, ApplicationStatus, Brique, BriqueKind, BriqueStatus, Carrying, Change, ChangeError,
    Clause, Contract, Currency, Governance, InterventionKind, Key, Lifecycle, Link, Mandate, Mode,
    Money, Network, Node, NodeKind, Organisation, Process, Relation, RelationKind, Retribution,
    ScopeKind, Status,
};
use time::{Date, OffsetDateTime};

use communs::Period;

/// Whether `period` holds on `date`, both bounds inclusive (written here
/// independently of [`Period::contains`]).
pub fn holds(period: &Period, date: Date) -> bool {
    period.start().is_none_or(|s| s <= date) && period.end().is_none_or(|u| date <= u)
}

/// Whether two periods share a day, bounds inclusive (written here
/// independently of [`Period::overlaps`]).
pub fn overlap(a: &Period, b: &Period) -> bool {
    let latest_start = a.start().max(b.start());
    let earliest_end = match (a.end(), b.end()) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    };
    match (latest_start, earliest_end) {
        (Some(s), Some(e)) => s <= e,
        _ => true,
    }
}

/// A network as plain data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Model {
    /// Live nodes by key.
    pub nodes: BTreeMap<Key, Node>,
    /// Every relation; no two are equal (hard invariant 6).
    pub relations: BTreeSet<Relation>,
    /// Keys of removed nodes.
    pub retired: BTreeSet<Key>,
}

/// Whether a relation of `kind` may join these node kinds (SPEC §4).
pub fn kinds_fit(kind: RelationKind, from: NodeKind, to: NodeKind) -> bool {
    use NodeKind::{
        Application as A, Brique as B, Contract as C, Decision as D, Organisation as O,
        Person as P, Place as Pl, Territory as T,
    };
    match kind {
        RelationKind::Carries => from == O && to == O,
        RelationKind::MemberOf => (from == P || from == O) && to == O,
        RelationKind::Mandate => from == P && to == O,
        RelationKind::LocatedIn => from == Pl && to == T,
        RelationKind::Runs => from == O && to == B,
        RelationKind::Builds => from == B && to == O,
        RelationKind::HostedAt => from == B && to == Pl,
        RelationKind::PartyTo => (from == P || from == O) && to == C,
        RelationKind::Files => from == O && to == A,
        RelationKind::Authors => (from == P || from == O) && to == A,
        RelationKind::Funds => from == A && to == B,
        RelationKind::Targets => from == A && to == T,
        RelationKind::Decides => from == O && to == D,
        RelationKind::Concerns => from == D,
        RelationKind::Opens => from == P && to == D,
        _ => false,
    }
}

/// Whether an update keeps a lifecycle's recorded history: same start, and
/// the old changes are the first changes of the new one.
pub fn keeps_history<S: Status>(old: &Lifecycle<S>, new: &Lifecycle<S>) -> bool {
    old.start() == new.start()
        && old.changes().len() <= new.changes().len()
        && old.changes().iter().zip(new.changes()).all(|(a, b)| a == b)
}

/// The status of a lifecycle on `d`: the last change dated on or before
/// `d`, else the starting status.
pub fn status_on<S: Status>(life: &Lifecycle<S>, d: Date) -> S {
    let mut status = life.start();
    for (day, next) in life.changes() {
        if *day <= d {
            status = *next;
        }
    }
    status
}

/// The latest status of a lifecycle.
fn latest<S: Status>(life: &Lifecycle<S>) -> S {
    life.changes().last().map_or(life.start(), |(_, s)| *s)
}

/// Whether an instant can be written in RFC 3339: a year from 0 to 9999
/// and an offset in whole minutes.
fn writable(at: &OffsetDateTime) -> bool {
    (0..=9999).contains(&at.year()) && at.offset().whole_seconds() % 60 == 0
}

/// The carrying scope through which a mandate for `act` reaches a carried
/// organisation (SPEC §7 and [`Act`]'s table): none for speaking and
/// deciding, which pass only through the voice.
pub fn scope_for(act: Act) -> Option<ScopeKind> {
    match act {
        Act::Sign => Some(ScopeKind::Legal),
        Act::File => Some(ScopeKind::Administrative),
        _ => None,
    }
}

/// The keys and kinds an attribute may name, checked at commit.
const PERSON: &[NodeKind] = &[NodeKind::Person];
const ORGANISATION: &[NodeKind] = &[NodeKind::Organisation];
const ACTOR: &[NodeKind] = &[NodeKind::Person, NodeKind::Organisation];

/// An answer of [`Model::voice`]: who speaks (if anyone), and the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelVoice {
    /// The organisation that speaks.
    pub speaker: Option<Key>,
    /// The organisation, then each administrative carrier followed.
    pub path: Vec<Key>,
}

/// An answer of [`Model::exposure`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelExposure {
    /// Totals per currency, in 128 bits (they may exceed 64).
    pub totals: BTreeMap<Currency, i128>,
    /// The live applications filed, in key order.
    pub applications: Vec<Key>,
}

/// An answer of [`Model::readiness`]: governance posed; each required kind
/// with its builders and their statuses; the other builders.
pub type ModelReadiness = (
    bool,
    Vec<(BriqueKind, Vec<(Key, BriqueStatus)>)>,
    Vec<(Key, BriqueStatus)>,
);

/// An answer of [`Model::reciprocity`]: each party with its mode, the
/// clauses it gives and receives; the circles.
pub type ModelReciprocity = (Vec<(Key, Mode, Vec<Clause>, Vec<Clause>)>, Vec<Vec<Key>>);

impl Model {
    /// The model of a network, read through its public listings.
    pub fn of(net: &Network) -> Self {
        Model {
            nodes: net.nodes().map(|(k, n)| (k.clone(), n.clone())).collect(),
            relations: net.relations().iter().map(|r| r.to_relation()).collect(),
            retired: net.retired_keys().cloned().collect(),
        }
    }

    /// The kind of the live node `key`.
    pub fn kind_of(&self, key: &str) -> Option<NodeKind> {
        self.nodes.get(key).map(Node::kind)
    }

    fn organisation(&self, key: &str) -> Option<&Organisation> {
        match self.nodes.get(key)? {
            Node::Organisation(o) => Some(o),
            _ => None,
        }
    }

    fn in_formation(&self, key: &str) -> bool {
        self.organisation(key)
            .is_some_and(|o| matches!(o.governance, Governance::InFormation { .. }))
    }

    /// The relations of one kind.
    pub fn of_kind(&self, kind: RelationKind) -> impl Iterator<Item = &Relation> + '_ {
        self.relations.iter().filter(move |r| r.link.kind() == kind)
    }

    /// The relations that start or end at `key`.
    pub fn relations_of<'m>(&'m self, key: &'m Key) -> impl Iterator<Item = &'m Relation> + 'm {
        self.relations
            .iter()
            .filter(move |r| r.from == *key || r.to == *key)
    }

    /// Whether `target` is reachable from `start` along `kind` relations,
    /// periods ignored.
    pub fn reaches(&self, kind: RelationKind, start: &Key, target: &Key) -> bool {
        let mut seen = BTreeSet::from([start]);
        let mut stack = vec![start];
        while let Some(k) = stack.pop() {
            if k == target {
                return true;
            }
            for r in self.of_kind(kind) {
                if r.from == *k && seen.insert(&r.to) {
                    stack.push(&r.to);
                }
            }
        }
        false
    }

    // ----- which errors may refuse a change -----

    /// What is wrong with a node on its own.
    pub fn node_faults(key: &Key, node: &Node) -> Vec<ChangeError> {
        let mut faults = Vec::new();
        let negative = |m: &Money, faults: &mut Vec<ChangeError>| {
            if m.amount < 0 {
                faults.push(ChangeError::NegativeAmount {
                    key: key.clone(),
                    amount: *m,
                });
            }
        };
        let unwritable = |at: &OffsetDateTime, faults: &mut Vec<ChangeError>| {
            if !writable(at) {
                faults.push(ChangeError::UnwritableInstant {
                    key: key.clone(),
                    instant: *at,
                });
            }
        };
        if node.name().trim().is_empty() {
            faults.push(ChangeError::EmptyName { key: key.clone() });
        }
        match node {
            Node::Organisation(Organisation {
                burden_limit: Some(limit),
                ..
            }) if limit.amount < 0 => faults.push(ChangeError::NegativeBurdenLimit {
                key: key.clone(),
                limit: *limit,
            }),
            Node::Brique(Brique {
                retribution: Retribution::Defined { amount, .. },
                ..
            }) => negative(amount, &mut faults),
            Node::Contract(c) => {
                for clause in &c.clauses {
                    if let communs::Gift::Money { amount, .. } = &clause.gift {
                        negative(amount, &mut faults);
                    }
                }
            }
            Node::Application(a) => {
                for m in a.amount_requested.iter().chain(&a.burden) {
                    negative(m, &mut faults);
                }
                if let Some(at) = &a.submitted_at {
                    unwritable(at, &mut faults);
                }
            }
            Node::Decision(d) => {
                if d.closes_at <= d.opened_at {
                    faults.push(ChangeError::ClosesBeforeOpening { key: key.clone() });
                }
                for at in [&d.opened_at, &d.closes_at]
                    .into_iter()
                    .chain(d.interventions.iter().map(|i| &i.at))
                {
                    unwritable(at, &mut faults);
                }
                let mut ids = BTreeMap::new();
                for i in &d.interventions {
                    *ids.entry(i.id).or_insert(0) += 1;
                }
                for (id, n) in &ids {
                    if *n > 1 {
                        faults.push(ChangeError::DuplicateIntervention {
                            key: key.clone(),
                            id: *id,
                        });
                    }
                }
                for i in &d.interventions {
                    if let InterventionKind::AnswerTo(id) = i.kind
                        && (!ids.contains_key(&id) || id == i.id)
                    {
                        faults.push(ChangeError::AnswerToUnknown {
                            key: key.clone(),
                            id,
                        });
                    }
                }
            }
            _ => {}
        }
        faults
    }

    /// The error a lifecycle update may be refused with, if it rewrites the
    /// recorded history.
    fn rewrites(key: &Key, old: &Node, new: &Node) -> Option<ChangeError> {
        fn check<S: Status>(key: &Key, o: &Lifecycle<S>, n: &Lifecycle<S>) -> Option<ChangeError> {
            (!keeps_history(o, n)).then(|| ChangeError::LifecycleBackwards {
                key: key.clone(),
                from: latest(o).name(),
                to: latest(n).name(),
            })
        }
        match (old, new) {
            (Node::Brique(o), Node::Brique(n)) => check(key, &o.lifecycle, &n.lifecycle),
            (Node::Contract(o), Node::Contract(n)) => check(key, &o.lifecycle, &n.lifecycle),
            (Node::Application(o), Node::Application(n)) => check(key, &o.lifecycle, &n.lifecycle),
            (Node::Decision(o), Node::Decision(n)) => check(key, &o.outcome, &n.outcome),
            _ => None,
        }
    }

    /// Every error that may rightly refuse `change` on its own (before the
    /// checks deferred to commit); empty when it must be accepted.
    pub fn faults(&self, change: &Change) -> Vec<ChangeError> {
        let unknown = |k: &Key| ChangeError::UnknownKey { key: k.clone() };
        match change {
            Change::AddNode { key, node } => {
                let mut faults = Self::node_faults(key, node);
                if self.nodes.contains_key(key) {
                    faults.push(ChangeError::DuplicateKey { key: key.clone() });
                }
                if self.retired.contains(key) {
                    faults.push(ChangeError::RetiredKey { key: key.clone() });
                }
                faults
            }
            Change::UpdateNode { key, node } => {
                let Some(old) = self.nodes.get(key) else {
                    return vec![unknown(key)];
                };
                let mut faults = Self::node_faults(key, node);
                if old.kind() != node.kind() {
                    faults.push(ChangeError::KindChange {
                        key: key.clone(),
                        found: old.kind(),
                        requested: node.kind(),
                    });
                }
                faults.extend(Self::rewrites(key, old, node));
                if !node.is_legal_person() {
                    for r in self.of_kind(RelationKind::Carries) {
                        if r.from == *key {
                            faults.push(ChangeError::CarrierNotLegalPerson {
                                carrier: key.clone(),
                                carried: r.to.clone(),
                            });
                        }
                    }
                }
                faults
            }
            Change::RemoveNode {
                key,
                with_relations,
            } => {
                if !self.nodes.contains_key(key) {
                    return vec![unknown(key)];
                }
                let relations = self.relations_of(key).count();
                if !with_relations && relations > 0 {
                    vec![ChangeError::NodeInUse {
                        key: key.clone(),
                        relations,
                    }]
                } else {
                    Vec::new()
                }
            }
            Change::RetireKey { key } => {
                if self.nodes.contains_key(key) {
                    vec![ChangeError::DuplicateKey { key: key.clone() }]
                } else {
                    Vec::new()
                }
            }
            Change::AddRelation(r) => self.relation_faults(r),
            Change::RemoveRelation(r) => {
                let mut faults: Vec<_> = [&r.from, &r.to]
                    .into_iter()
                    .filter(|k| !self.nodes.contains_key(*k))
                    .map(unknown)
                    .collect();
                if faults.is_empty() && !self.relations.contains(r) {
                    faults.push(ChangeError::RelationNotFound {
                        kind: r.link.kind(),
                        from: r.from.clone(),
                        to: r.to.clone(),
                    });
                }
                faults
            }
            _ => Vec::new(),
        }
    }

    /// Every error that may rightly refuse adding `r`.
    pub fn relation_faults(&self, r: &Relation) -> Vec<ChangeError> {
        let kind = r.link.kind();
        let (Some(from_kind), Some(to_kind)) = (self.kind_of(&r.from), self.kind_of(&r.to)) else {
            return [&r.from, &r.to]
                .into_iter()
                .filter(|k| !self.nodes.contains_key(*k))
                .map(|k| ChangeError::UnknownKey { key: k.clone() })
                .collect();
        };
        if r.from == r.to {
            return vec![ChangeError::SelfRelation {
                kind,
                key: r.from.clone(),
            }];
        }
        if !kinds_fit(kind, from_kind, to_kind) {
            return vec![ChangeError::EndpointKinds {
                kind,
                from: r.from.clone(),
                from_kind,
                to: r.to.clone(),
                to_kind,
            }];
        }
        let mut faults = Vec::new();
        let empty = match &r.link {
            Link::Carries(c) => c.scope.is_empty(),
            Link::Mandate(m) => m.powers.is_empty(),
            _ => false,
        };
        if empty {
            faults.push(ChangeError::EmptyGrant {
                kind,
                from: r.from.clone(),
                to: r.to.clone(),
            });
        }
        if self.of_kind(kind).any(|o| {
            o.from == r.from && o.to == r.to && overlap(&o.link.period(), &r.link.period())
        }) {
            faults.push(ChangeError::DuplicateRelation {
                kind,
                from: r.from.clone(),
                to: r.to.clone(),
            });
        }
        match &r.link {
            Link::Carries(c) => {
                if !self.nodes.get(&r.from).is_some_and(Node::is_legal_person) {
                    faults.push(ChangeError::CarrierNotLegalPerson {
                        carrier: r.from.clone(),
                        carried: r.to.clone(),
                    });
                }
                if self.reaches(RelationKind::Carries, &r.to, &r.from) {
                    faults.push(ChangeError::CarryingCycle {
                        from: r.from.clone(),
                        to: r.to.clone(),
                    });
                }
                if c.is_administrative() {
                    for o in self.of_kind(RelationKind::Carries) {
                        if let Link::Carries(oc) = &o.link
                            && o.to == r.to
                            && oc.is_administrative()
                            && overlap(&oc.period, &c.period)
                        {
                            faults.push(ChangeError::AdministrativeCarrierOverlap {
                                carried: r.to.clone(),
                                existing: o.from.clone(),
                                new: r.from.clone(),
                            });
                        }
                    }
                }
            }
            Link::MemberOf(_)
                if from_kind == NodeKind::Organisation
                    && self.reaches(RelationKind::MemberOf, &r.to, &r.from) =>
            {
                faults.push(ChangeError::MembershipCycle {
                    from: r.from.clone(),
                    to: r.to.clone(),
                });
            }
            _ => {}
        }
        faults
    }

    /// The checks deferred to commit, over every live contract, application
    /// and decision (the library checks only those a change touched; the
    /// others passed when they were last touched and nothing untouched can
    /// break them, so both must agree): clauses join two distinct parties;
    /// every key an attribute names is a live node of the right kind or a
    /// retired key.
    pub fn commit_faults(&self) -> Vec<ChangeError> {
        let mut faults = Vec::new();
        for (key, node) in &self.nodes {
            let mut refers = |reference: &Key, expected: &[NodeKind]| {
                let fine = match self.nodes.get(reference) {
                    Some(n) => expected.contains(&n.kind()),
                    None => self.retired.contains(reference),
                };
                if !fine {
                    faults.push(ChangeError::DanglingReference {
                        key: key.clone(),
                        reference: reference.clone(),
                        expected: expected[0],
                    });
                }
            };
            let incoming = |kind: RelationKind| {
                self.of_kind(kind)
                    .filter(move |r| r.to == *key)
                    .collect::<Vec<_>>()
            };
            match node {
                Node::Contract(c) => {
                    let parties = incoming(RelationKind::PartyTo);
                    for r in &parties {
                        if let Link::PartyTo(p) = &r.link
                            && let Some(by) = &p.signed_by
                        {
                            refers(by, PERSON);
                        }
                    }
                    for clause in &c.clauses {
                        if clause.giver == clause.receiver {
                            faults.push(ChangeError::ClauseToSelf {
                                contract: key.clone(),
                                party: clause.giver.clone(),
                            });
                        }
                        for who in [&clause.giver, &clause.receiver] {
                            if !parties.iter().any(|r| r.from == *who) {
                                faults.push(ChangeError::ClauseWithoutParty {
                                    contract: key.clone(),
                                    party: who.clone(),
                                });
                            }
                        }
                    }
                }
                Node::Application(a) => {
                    if let Some(funder) = &a.funder {
                        refers(funder, ORGANISATION);
                    }
                    for r in incoming(RelationKind::Files) {
                        if let Link::Files(f) = &r.link
                            && let Some(by) = &f.signed_by
                        {
                            refers(by, PERSON);
                        }
                    }
                }
                Node::Decision(d) => {
                    match &d.process {
                        Process::Delegated { to } => refers(to, PERSON),
                        Process::Advice { decider, consulted } => {
                            refers(decider, PERSON);
                            for c in consulted {
                                refers(c, ACTOR);
                            }
                        }
                        _ => {}
                    }
                    for i in &d.interventions {
                        refers(&i.by, ACTOR);
                    }
                }
                _ => {}
            }
        }
        faults
    }

    // ----- what an accepted change does -----

    /// What an accepted change does.
    fn effect(&mut self, change: &Change) {
        match change {
            Change::AddNode { key, node } | Change::UpdateNode { key, node } => {
                self.nodes.insert(key.clone(), node.clone());
            }
            Change::RemoveNode { key, .. } => {
                self.nodes.remove(key);
                self.relations.retain(|r| r.from != *key && r.to != *key);
                self.retired.insert(key.clone());
            }
            Change::RetireKey { key } => {
                self.retired.insert(key.clone());
            }
            Change::AddRelation(r) => {
                self.relations.insert(r.clone());
            }
            Change::RemoveRelation(r) => {
                self.relations.remove(r);
            }
            _ => {}
        }
    }

    /// Applies a batch as the library must: each change checked on the
    /// state the earlier ones left, then the deferred checks; on refusal
    /// the model is unchanged and the answer is the position of the
    /// refused change (`None` for a deferred check, which the library
    /// blames on the last change that touched the node at fault) and every
    /// error that may rightly be reported.
    pub fn apply_all(
        &mut self,
        changes: &[Change],
    ) -> Result<(), (Option<usize>, Vec<ChangeError>)> {
        let mut next = self.clone();
        for (i, change) in changes.iter().enumerate() {
            let faults = next.faults(change);
            if !faults.is_empty() {
                return Err((Some(i), faults));
            }
            next.effect(change);
        }
        let faults = next.commit_faults();
        if !faults.is_empty() {
            return Err((None, faults));
        }
        *self = next;
        Ok(())
    }

    // ----- questions -----

    /// The administrative carriers of `org` at `d` (at most one, by hard
    /// invariant 4).
    pub fn admin_carriers(&self, org: &Key, d: Date) -> Vec<(&Key, &Carrying)> {
        self.of_kind(RelationKind::Carries)
            .filter(|r| r.to == *org)
            .filter_map(|r| match &r.link {
                Link::Carries(c) if c.is_administrative() && holds(&c.period, d) => {
                    Some((&r.from, c))
                }
                _ => None,
            })
            .collect()
    }

    /// The carrier chain of `org` at `d`: each administrative carrier in
    /// turn, as relations.
    pub fn carrier_chain(&self, org: &Key, d: Date) -> Vec<Relation> {
        let mut chain = Vec::new();
        let mut seen = BTreeSet::from([org.clone()]);
        let mut at = org.clone();
        while let Some((carrier, c)) = self.admin_carriers(&at, d).first().copied() {
            chain.push(Relation::new(carrier.clone(), at.clone(), c.clone()));
            if !seen.insert(carrier.clone()) {
                break; // a cycle: impossible by hard invariant 4
            }
            at = carrier.clone();
        }
        chain
    }

    /// The voice of `org` at `d`: itself if established, else its
    /// administrative carrier's voice, up the chain; nobody when the chain
    /// ends in formation.
    pub fn voice(&self, org: &Key, d: Date) -> ModelVoice {
        let mut path = vec![org.clone()];
        loop {
            let last = path.last().expect("non-empty").clone();
            if !self.in_formation(&last) {
                return ModelVoice {
                    speaker: Some(last),
                    path,
                };
            }
            match self.admin_carriers(&last, d).first() {
                Some((carrier, _)) if !path.contains(carrier) => path.push((*carrier).clone()),
                _ => {
                    return ModelVoice {
                        speaker: None,
                        path,
                    };
                }
            }
        }
    }

    /// The organisations whose mandates may grant `act` for `org` at `d`:
    /// for signing and filing, the least fixpoint of "`org`, and whoever
    /// carries one of them at `d` with the act's scope"; for speaking and
    /// deciding, the voice alone.
    pub fn givers(&self, org: &Key, act: Act, d: Date) -> BTreeSet<Key> {
        match scope_for(act) {
            Some(scope) => {
                let mut set = BTreeSet::from([org.clone()]);
                loop {
                    let more: Vec<Key> = self
                        .of_kind(RelationKind::Carries)
                        .filter(|r| set.contains(&r.to) && !set.contains(&r.from))
                        .filter(|r| {
                            matches!(&r.link, Link::Carries(c)
                                if c.scope.contains(scope) && holds(&c.period, d))
                        })
                        .map(|r| r.from.clone())
                        .collect();
                    if more.is_empty() {
                        return set;
                    }
                    set.extend(more);
                }
            }
            None => self.voice(org, d).speaker.into_iter().collect(),
        }
    }

    /// The mandates `person` holds from `org` that grant `act` at `d`.
    pub fn mandates_for(&self, person: &Key, org: &Key, act: Act, d: Date) -> Vec<&Mandate> {
        self.of_kind(RelationKind::Mandate)
            .filter(|r| r.from == *person && r.to == *org)
            .filter_map(|r| match &r.link {
                Link::Mandate(m) if m.powers.contains(act) && holds(&m.period, d) => Some(m),
                _ => None,
            })
            .collect()
    }

    /// Whether `person` may perform `act` for `org` at `d`: some giver gave
    /// them a mandate for it that holds at `d`. Default deny.
    pub fn may_act(&self, person: &Key, act: Act, org: &Key, d: Date) -> bool {
        self.givers(org, act, d)
            .iter()
            .any(|g| !self.mandates_for(person, g, act, d).is_empty())
    }

    /// The readiness of `org` at `d`.
    pub fn readiness(&self, org: &Key, d: Date) -> ModelReadiness {
        let Some(o) = self.organisation(org) else {
            return (false, Vec::new(), Vec::new());
        };
        let builders: Vec<(&Key, &Brique)> = self
            .of_kind(RelationKind::Builds)
            .filter(|r| r.to == *org)
            .filter_map(|r| match self.nodes.get(&r.from) {
                Some(Node::Brique(b)) => Some((&r.from, b)),
                _ => None,
            })
            .collect();
        let kinds: Vec<BriqueKind> = match &o.governance {
            Governance::InFormation { blueprint } => {
                let mut kinds: Vec<BriqueKind> = blueprint.kinds.iter().cloned().collect();
                if blueprint.needs_governance_body && !kinds.contains(&BriqueKind::GovernanceBody) {
                    kinds.push(BriqueKind::GovernanceBody);
                }
                kinds
            }
            _ => Vec::new(),
        };
        let at = |list: Vec<(&Key, &Brique)>| -> Vec<(Key, BriqueStatus)> {
            let mut v: Vec<(Key, BriqueStatus)> = list
                .into_iter()
                .map(|(k, b)| (k.clone(), status_on(&b.lifecycle, d)))
                .collect();
            v.sort();
            v
        };
        let required = kinds
            .iter()
            .map(|kind| {
                let of_kind = builders.iter().filter(|(_, b)| b.kind == *kind).copied();
                (kind.clone(), at(of_kind.collect()))
            })
            .collect();
        let others = at(builders
            .iter()
            .filter(|(_, b)| !kinds.contains(&b.kind))
            .copied()
            .collect());
        (!self.in_formation(org), required, others)
    }

    /// The reciprocity of `contract`.
    pub fn reciprocity(&self, contract: &Key) -> ModelReciprocity {
        let Some(Node::Contract(c)) = self.nodes.get(contract) else {
            return (Vec::new(), Vec::new());
        };
        let mut parties: Vec<(Key, Mode)> = self
            .of_kind(RelationKind::PartyTo)
            .filter(|r| r.to == *contract)
            .filter_map(|r| match &r.link {
                Link::PartyTo(p) => Some((r.from.clone(), p.mode)),
                _ => None,
            })
            .collect();
        parties.sort();
        let flows = parties
            .iter()
            .map(|(k, mode)| {
                let gives = c
                    .clauses
                    .iter()
                    .filter(|cl| cl.giver == *k)
                    .cloned()
                    .collect();
                let receives = c
                    .clauses
                    .iter()
                    .filter(|cl| cl.receiver == *k)
                    .cloned()
                    .collect();
                (k.clone(), *mode, gives, receives)
            })
            .collect();
        (flows, Self::circles(c, &parties))
    }

    /// The circles of a contract: committing parties grouped by mutual
    /// reachability in the give-graph, through a naive transitive closure.
    #[expect(
        clippy::needless_range_loop,
        reason = "Floyd–Warshall reads best with indices"
    )]
    fn circles(c: &Contract, parties: &[(Key, Mode)]) -> Vec<Vec<Key>> {
        let committing: Vec<&Key> = parties
            .iter()
            .filter(|(_, m)| *m == Mode::Committing)
            .map(|(k, _)| k)
            .collect();
        let n = committing.len();
        let mut reach = vec![vec![false; n]; n];
        for (i, row) in reach.iter_mut().enumerate() {
            row[i] = true;
        }
        for clause in &c.clauses {
            let i = committing.iter().position(|k| **k == clause.giver);
            let j = committing.iter().position(|k| **k == clause.receiver);
            if let (Some(i), Some(j)) = (i, j) {
                reach[i][j] = true;
            }
        }
        for m in 0..n {
            for i in 0..n {
                for j in 0..n {
                    if reach[i][m] && reach[m][j] {
                        reach[i][j] = true;
                    }
                }
            }
        }
        let mut circles: BTreeSet<Vec<Key>> = BTreeSet::new();
        for i in 0..n {
            let circle: Vec<Key> = (0..n)
                .filter(|j| reach[i][*j] && reach[*j][i])
                .map(|j| committing[j].clone())
                .collect();
            circles.insert(circle);
        }
        circles.into_iter().collect()
    }

    /// The exposure of `carrier` at `d`: live applications it files and the
    /// sum of their burdens per currency, in 128 bits.
    pub fn exposure(&self, carrier: &Key, d: Date) -> ModelExposure {
        let mut totals: BTreeMap<Currency, i128> = BTreeMap::new();
        let mut applications = Vec::new();
        for r in self.of_kind(RelationKind::Files) {
            if r.from != *carrier {
                continue;
            }
            let Some(Node::Application(a)) = self.nodes.get(&r.to) else {
                continue;
            };
            let live = matches!(
                status_on(&a.lifecycle, d),
                ApplicationStatus::Drafting
                    | ApplicationStatus::Submitted
                    | ApplicationStatus::Granted
            );
            if !live {
                continue;
            }
            applications.push(r.to.clone());
            if let Some(b) = a.burden {
                *totals.entry(b.currency).or_insert(0) += i128::from(b.amount);
            }
        }
        applications.sort();
        applications.dedup();
        ModelExposure {
            totals,
            applications,
        }
    }
}
