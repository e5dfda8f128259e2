//! Changes: the one way into a network. `apply` stages, checks and commits.
//!
//! Every change is checked against the hard invariants before it touches the
//! network, so a refused change leaves it exactly as it was. A batch
//! ([`Network::apply_all`]) keeps an undo log of what its accepted changes did
//! and replays it backwards if a later change is refused: the cost of a
//! change, and of undoing it, is proportional to what it touches, never to
//! the size of the network.

use std::collections::HashSet;

use petgraph::Direction;
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};

use crate::network::{EdgeIx, NodeIx};
use crate::{
    BatchError, Brique, ChangeError, Decision, Filing, Gift, InterventionKind, Key, Lifecycle,
    Link, Money, Network, Node, NodeKind, Organisation, Party, Process, Relation, RelationKind,
    Retribution, Status,
};

/// A change to a network: add, update or remove a node; add or remove a
/// relation.
///
/// ```
/// use communs::{Carrying, Change, Form, Key, Network, Organisation, Period, Scope};
///
/// let anis = Key::new("anis")?;
/// let catalyst = Key::new("catalyst")?;
/// let mut net = Network::new();
/// net.apply_all([
///     Change::add(anis.clone(), Organisation::new("ANIS", Form::Association)),
///     Change::add(catalyst.clone(), Organisation::new("Catalyst", Form::Collective)),
///     Change::relate(anis, catalyst, Carrying::new(Scope::all(), Period::ALWAYS)),
/// ])?;
/// assert_eq!(net.relation_count(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Change {
    /// Add a node under a new key.
    #[serde(rename_all = "kebab-case")]
    AddNode {
        /// The new key: unused, and never used by a removed node.
        key: Key,
        /// The node.
        node: Node,
    },
    /// Replace the value of a node, keeping its key, kind and relations.
    #[serde(rename_all = "kebab-case")]
    UpdateNode {
        /// The node's key.
        key: Key,
        /// Its new value, of the same kind.
        node: Node,
    },
    /// Remove a node. Its key is retired: it will never name another node.
    #[serde(rename_all = "kebab-case")]
    RemoveNode {
        /// The node's key.
        key: Key,
        /// Also remove every relation that references the node. Without it,
        /// a node that still has relations is refused
        /// ([`ChangeError::NodeInUse`]).
        with_relations: bool,
    },
    /// Add a relation.
    AddRelation(Relation),
    /// Remove a relation: the one with exactly these endpoints and attributes.
    RemoveRelation(Relation),
    /// Retire a key that no node uses, so that it can never be used (as
    /// after the removal of a node that another network never had).
    #[serde(rename_all = "kebab-case")]
    RetireKey {
        /// The key.
        key: Key,
    },
}

impl Change {
    /// Add `node` under `key`.
    #[must_use]
    pub fn add(key: Key, node: impl Into<Node>) -> Self {
        Change::AddNode {
            key,
            node: node.into(),
        }
    }

    /// Replace the value of the node `key`.
    #[must_use]
    pub fn update(key: Key, node: impl Into<Node>) -> Self {
        Change::UpdateNode {
            key,
            node: node.into(),
        }
    }

    /// Remove the node `key`, which must have no relation left.
    #[must_use]
    pub fn remove(key: Key) -> Self {
        Change::RemoveNode {
            key,
            with_relations: false,
        }
    }

    /// Remove the node `key` and every relation that references it.
    #[must_use]
    pub fn remove_with_relations(key: Key) -> Self {
        Change::RemoveNode {
            key,
            with_relations: true,
        }
    }

    /// Add a relation from `from` to `to`.
    #[must_use]
    pub fn relate(from: Key, to: Key, link: impl Into<Link>) -> Self {
        Change::AddRelation(Relation::new(from, to, link))
    }

    /// Remove the relation from `from` to `to` with exactly these attributes.
    #[must_use]
    pub fn unrelate(from: Key, to: Key, link: impl Into<Link>) -> Self {
        Change::RemoveRelation(Relation::new(from, to, link))
    }
}

/// One step of the undo log: how to put back what an accepted change did.
/// Endpoints are named by key, so undoing never depends on a storage index
/// that an earlier step of the undo may have changed.
#[derive(Debug)]
pub(crate) enum Undo {
    NodeAdded(Key),
    NodeRemoved(Key, Box<Node>),
    NodeReplaced(Key, Box<Node>),
    KeyRetired(Key),
    RelationAdded(Relation),
    RelationRemoved(Relation),
}

/// What a change or batch in progress must remember: how to undo it, and
/// which contracts to check when it commits.
pub(crate) struct Txn {
    undo: Option<Vec<Undo>>,
    /// Nodes whose references are checked at commit (contracts, whose
    /// parties may change within the batch, applications, decisions), with
    /// the position of each change that touched them, and the signatories
    /// of relations added: lists, sorted once at commit
    /// ([`Touched::in_order`]), since loading a document touches a contract
    /// for each of its parties.
    touched: Touched,
    pub(crate) position: usize,
}

impl Txn {
    /// A transaction that can be undone.
    pub(crate) fn logged() -> Self {
        Txn {
            undo: Some(Vec::new()),
            touched: Touched::default(),
            position: 0,
        }
    }

    /// A transaction that is never undone (a document being loaded into a
    /// fresh network, dropped on error).
    pub(crate) fn unlogged() -> Self {
        Txn {
            undo: None,
            touched: Touched::default(),
            position: 0,
        }
    }

    fn touch(&mut self, node: &Key) {
        self.touched.nodes.push((node.clone(), self.position, true));
    }

    /// Notes a `party-to` or `files` relation just added to `node`: the
    /// node is checked whole only if another change touched it, but is
    /// blamed on this change if it fails; the relation's signatory, if
    /// any, is checked at commit.
    fn touch_party(&mut self, node: &Key, relation: Option<EdgeIx>) {
        self.touched
            .nodes
            .push((node.clone(), self.position, false));
        if let Some(e) = relation {
            self.touched.signers.push((e, self.position));
        }
    }

    /// Whether the transaction keeps what undoes it.
    pub(crate) fn is_logged(&self) -> bool {
        self.undo.is_some()
    }
}

const PERSON: &[NodeKind] = &[NodeKind::Person];
const ORGANISATION: &[NodeKind] = &[NodeKind::Organisation];
const ACTOR: &[NodeKind] = &[NodeKind::Person, NodeKind::Organisation];

/// What is checked at commit, each with the position of a change that
/// touched it, in the order they were touched: nodes, with whether their
/// references are all to be checked, and relations whose signatory alone
/// is. A party or a filer added breaks no other reference, so it does not
/// have the contract or application it joins checked whole (one party at
/// a time, a contract of `n` parties would cost `n²`); it still counts as
/// the last change to touch it, which a failing check is blamed on.
#[derive(Default)]
pub(crate) struct Touched {
    nodes: Vec<(Key, usize, bool)>,
    signers: Vec<(EdgeIx, usize)>,
}

impl Touched {
    /// Each node once, in key order, with the position of the last change
    /// that touched it (positions never decrease within a transaction, so
    /// the last is the largest) and whether some change asked for a whole
    /// check: the order of the checks, so that the same batch always fails
    /// on the same node.
    pub(crate) fn in_order(self) -> Vec<(Key, usize, bool)> {
        // Sorted on key prefixes, read once each, whole keys compared only
        // for ties; the positions of one key in decreasing order, the
        // first (the last change) kept.
        let mut all: Vec<(u128, Key, std::cmp::Reverse<usize>, bool)> = self
            .nodes
            .into_iter()
            .map(|(key, position, whole)| {
                (key.sort_prefix(), key, std::cmp::Reverse(position), whole)
            })
            .collect();
        all.sort_unstable();
        all.dedup_by(|later, earlier| {
            let same = later.1 == earlier.1;
            if same {
                earlier.3 |= later.3;
            }
            same
        });
        all.into_iter()
            .map(|(_, key, std::cmp::Reverse(position), whole)| (key, position, whole))
            .collect()
    }
}

impl FromIterator<Key> for Touched {
    fn from_iter<I: IntoIterator<Item = Key>>(keys: I) -> Self {
        Touched {
            nodes: keys.into_iter().map(|k| (k, 0, true)).collect(),
            signers: Vec::new(),
        }
    }
}

/// A key held in an attribute, to be replaced by the equal key of the node
/// it names ([`Network::share_keys`]).
pub(crate) enum Shared {
    /// A contract's clause, by position: its giver's and receiver's keys.
    Clause(NodeIx, usize, Key, Key),
    /// The signatory of a `party-to` or `files` relation.
    Signer(EdgeIx, Key),
    /// The delegate of a delegated decision.
    Delegate(NodeIx, Key),
}

/// A node's key as a change or a document names it: a [`Key`], or the
/// text of one that a document holds, checked as a key but not made one
/// (a loaded document's relations name two million ends a million nodes,
/// only to look them up). Made a `Key` to be kept, or to name it in an
/// error.
pub(crate) trait KeyLike {
    /// The key's text.
    fn text(&self) -> &str;
    /// The key itself.
    fn to_key(&self) -> Key;
}

impl KeyLike for Key {
    fn text(&self) -> &str {
        self.as_str()
    }

    fn to_key(&self) -> Key {
        self.clone()
    }
}

/// Up to this many parties, a contract's clauses are checked against a list
/// of its parties rather than a hash set: comparing a key with a few others
/// costs less than hashing it.
const FEW_PARTIES: usize = 16;

fn log(txn: &mut Txn, step: impl FnOnce() -> Undo) {
    if let Some(undo) = &mut txn.undo {
        undo.push(step());
    }
}

impl Network {
    /// Applies one change, or refuses it and leaves the network unchanged.
    ///
    /// # Errors
    ///
    /// A [`ChangeError`] naming the keys involved when the change would break
    /// a hard invariant: an unknown, duplicate or retired key, a relation
    /// between the wrong kinds of node or from a node to itself, a carrier
    /// that is not a legal person, a cycle of carrying or of membership
    /// between organisations, two overlapping administrative carriers, a
    /// duplicate relation, or the removal of a node that still has
    /// relations.
    ///
    /// ```
    /// use communs::{Change, ChangeError, Form, Key, Network, Organisation};
    ///
    /// let mut net = Network::new();
    /// let anis = Key::new("anis")?;
    /// net.apply(Change::add(anis.clone(), Organisation::new("ANIS", Form::Association)))?;
    /// let again = net.apply(Change::add(anis.clone(), Organisation::new("Other", Form::Company)));
    /// assert_eq!(again, Err(ChangeError::DuplicateKey { key: anis }));
    /// assert_eq!(net.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply(&mut self, change: Change) -> Result<(), ChangeError> {
        let mut txn = Txn::logged();
        self.apply_one(change, &mut txn)?;
        self.commit(txn).map_err(|(_, _, error)| error)
    }

    /// Applies a batch of changes atomically: all of them, in order, or none.
    ///
    /// Each change sees the network as the earlier changes of the batch left
    /// it, so a batch may add a node and then relate it, or remove a node's
    /// relations and then the node.
    ///
    /// # Errors
    ///
    /// A [`BatchError`] with the position of the first refused change and its
    /// [`ChangeError`]; the network is then exactly as before the batch.
    ///
    /// ```
    /// use communs::{BatchError, Change, ChangeError, Form, Key, Network, Organisation, Person};
    ///
    /// let mut net = Network::new();
    /// let result = net.apply_all([
    ///     Change::add(Key::new("anis")?, Organisation::new("ANIS", Form::Association)),
    ///     Change::add(Key::new("anis")?, Person::new("A namesake")),
    /// ]);
    /// assert!(matches!(result, Err(BatchError { index: 1, error: ChangeError::DuplicateKey { .. } })));
    /// assert!(net.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply_all(
        &mut self,
        changes: impl IntoIterator<Item = Change>,
    ) -> Result<(), BatchError> {
        // A batch that builds a network from nothing needs no undo log: if
        // it is refused, the network goes back to nothing (and its retired
        // keys).
        let fresh = self.is_empty().then(|| self.retired.clone());
        let mut txn = if fresh.is_some() {
            Txn::unlogged()
        } else {
            Txn::logged()
        };
        let mut outcome = Ok(());
        for (index, change) in changes.into_iter().enumerate() {
            txn.position = index;
            if let Err(error) = self.apply_one(change, &mut txn) {
                outcome = Err(BatchError { index, error });
                break;
            }
        }
        let outcome = outcome.and_then(|()| {
            self.check_touched(txn.touched)
                .map(|shared| self.share_keys(shared))
                .map_err(|(index, _, error)| BatchError { index, error })
        });
        if outcome.is_err() {
            match fresh {
                Some(retired) => {
                    *self = Network {
                        retired,
                        ..Network::default()
                    }
                }
                None => self.rollback(txn.undo.unwrap_or_default()),
            }
        }
        outcome
    }

    /// Runs the checks deferred to the end of a change or batch; on failure
    /// undoes the whole transaction and returns the position of the change
    /// to blame and the contract at fault.
    pub(crate) fn commit(&mut self, txn: Txn) -> Result<(), (usize, Key, ChangeError)> {
        match self.check_touched(txn.touched) {
            Ok(shared) => {
                self.share_keys(shared);
                Ok(())
            }
            Err(failure) => {
                self.rollback(txn.undo.unwrap_or_default());
                Err(failure)
            }
        }
    }

    /// The checks deferred to commit, for every node touched by a change
    /// that asks for a whole check: a contract's clauses join two distinct
    /// parties of it; every key an attribute holds (a signatory, a funder, a
    /// delegate, an intervention's author) names a live node of the right
    /// kind, or a retired key. Then, for every `party-to` or `files`
    /// relation added to a node not checked whole, its signatory.
    ///
    /// Returns the keys to share ([`Network::share_keys`]) once the checks
    /// pass.
    pub(crate) fn check_touched(
        &self,
        mut touched: Touched,
    ) -> Result<Vec<Shared>, (usize, Key, ChangeError)> {
        let mut shared = Vec::new();
        // A relation removed within the batch frees its index for the next
        // one added: an index's last entry is the relation it names now,
        // and the change to blame.
        let mut signers = std::mem::take(&mut touched.signers);
        signers.sort_unstable_by_key(|&(e, position)| (e, std::cmp::Reverse(position)));
        signers.dedup_by_key(|entry| entry.0);
        signers.sort_unstable_by_key(|&(e, position)| (position, e));
        let mut whole = Vec::new();
        for (key, position, _) in touched.in_order().into_iter().filter(|t| t.2) {
            let Some(ix) = self.ix(&key) else { continue };
            self.check_one(ix, &key, &mut shared)
                .map_err(|e| (position, key, e))?;
            whole.push(ix);
        }
        whole.sort_unstable();
        for (e, position) in signers {
            let Some((_, target)) = self.graph.edge_endpoints(e) else {
                continue;
            };
            let signer = match self.graph.edge_weight(e) {
                Some(
                    Link::PartyTo(Party {
                        signed_by: Some(by),
                        ..
                    })
                    | Link::Files(Filing {
                        signed_by: Some(by),
                    }),
                ) => by,
                _ => continue,
            };
            if whole.binary_search(&target).is_ok() {
                continue;
            }
            let Some(key) = self.key_at(target) else {
                continue;
            };
            let found = self
                .refers(key, signer, PERSON)
                .map_err(|error| (position, key.clone(), error))?;
            shared.extend(found.map(|k| Shared::Signer(e, k)));
        }
        Ok(shared)
    }

    /// Makes the keys that clauses, signatories and delegates hold the very
    /// keys of the nodes they name, so that the rules compare them with
    /// [`Key::is`] before reading strings: a long key then shares its
    /// node's allocation (a short one is held in place and compared there
    /// anyway). Equal keys stay equal: nothing a caller can observe
    /// changes.
    pub(crate) fn share_keys(&mut self, shared: Vec<Shared>) {
        // The copies of `party-to` relations hold the signatories' keys
        // too: updated together at the end.
        let mut signers = Vec::new();
        for share in shared {
            match share {
                Shared::Clause(ix, at, giver, receiver) => {
                    let clause = self.slot_mut(ix).and_then(|s| match &mut s.node {
                        Node::Contract(c) => c.clauses.get_mut(at),
                        _ => None,
                    });
                    if let Some(clause) = clause {
                        clause.giver = giver;
                        clause.receiver = receiver;
                    }
                }
                Shared::Signer(e, key) => {
                    if let Some(
                        Link::PartyTo(Party { signed_by, .. }) | Link::Files(Filing { signed_by }),
                    ) = self.graph.edge_weight_mut(e)
                    {
                        *signed_by = Some(key.clone());
                    }
                    signers.push((e, key));
                }
                Shared::Delegate(ix, key) => {
                    if let Some(Node::Decision(d)) = self.slot_mut(ix).map(|s| &mut s.node)
                        && let Process::Delegated { to } = &mut d.process
                    {
                        *to = key;
                    }
                }
            }
        }
        self.share_signers(signers);
    }

    /// Checks that `reference`, which the node `key` holds, names a live
    /// node of an expected kind or a retired key; returns the node's own
    /// key when it is not the very key `reference` holds already, for
    /// `share_keys`.
    fn refers(
        &self,
        key: &Key,
        reference: &Key,
        expected: &[NodeKind],
    ) -> Result<Option<Key>, ChangeError> {
        let found = self.ix(reference).and_then(|ix| self.slot(ix));
        match found.map(|s| (&s.key, s.node.kind())) {
            Some((k, kind)) if expected.contains(&kind) => {
                Ok((!k.is(reference)).then(|| k.clone()))
            }
            None if self.retired.contains(reference) => Ok(None),
            _ => Err(ChangeError::DanglingReference {
                key: key.clone(),
                reference: reference.clone(),
                expected: expected.first().copied().unwrap_or(NodeKind::Person),
            }),
        }
    }

    fn check_one(
        &self,
        ix: NodeIx,
        key: &Key,
        shared: &mut Vec<Shared>,
    ) -> Result<(), ChangeError> {
        let refers = |reference: &Key, expected: &[NodeKind]| self.refers(key, reference, expected);
        match self.node_at(ix) {
            Some(Node::Contract(contract)) => {
                // A contract has a few parties: a clause's ends are looked
                // for in a list, and in a hash set only when there are many.
                let parties: Vec<&Key> = self
                    .edges(ix, Direction::Incoming, RelationKind::PartyTo)
                    .filter_map(|(p, _, _)| self.key_at(p))
                    .collect();
                let many: Option<HashSet<&Key>> =
                    (parties.len() > FEW_PARTIES).then(|| parties.iter().copied().collect());
                let party = |k: &Key| match &many {
                    Some(set) => set.get(k).copied(),
                    None => parties.iter().copied().find(|p| *p == k),
                };
                for (at, clause) in contract.clauses.iter().enumerate() {
                    if clause.giver == clause.receiver {
                        return Err(ChangeError::ClauseToSelf {
                            contract: key.clone(),
                            party: clause.giver.clone(),
                        });
                    }
                    let found = [&clause.giver, &clause.receiver].map(&party);
                    for (party, found) in [&clause.giver, &clause.receiver].iter().zip(&found) {
                        if found.is_none() {
                            return Err(ChangeError::ClauseWithoutParty {
                                contract: key.clone(),
                                party: (*party).clone(),
                            });
                        }
                    }
                    if let [Some(giver), Some(receiver)] = found
                        && !(giver.is(&clause.giver) && receiver.is(&clause.receiver))
                    {
                        shared.push(Shared::Clause(ix, at, giver.clone(), receiver.clone()));
                    }
                }
                for (_, e, link) in self.edges(ix, Direction::Incoming, RelationKind::PartyTo) {
                    if let Link::PartyTo(Party {
                        signed_by: Some(by),
                        ..
                    }) = link
                    {
                        shared.extend(refers(by, PERSON)?.map(|k| Shared::Signer(e, k)));
                    }
                }
            }
            Some(Node::Application(app)) => {
                if let Some(funder) = &app.funder {
                    refers(funder, ORGANISATION)?;
                }
                for (_, e, link) in self.edges(ix, Direction::Incoming, RelationKind::Files) {
                    if let Link::Files(Filing {
                        signed_by: Some(by),
                    }) = link
                    {
                        shared.extend(refers(by, PERSON)?.map(|k| Shared::Signer(e, k)));
                    }
                }
            }
            Some(Node::Decision(d)) => {
                match &d.process {
                    Process::Delegated { to } => {
                        shared.extend(refers(to, PERSON)?.map(|k| Shared::Delegate(ix, k)));
                    }
                    Process::Advice { decider, consulted } => {
                        refers(decider, PERSON)?;
                        for c in consulted {
                            refers(c, ACTOR)?;
                        }
                    }
                    _ => {}
                }
                for i in &d.interventions {
                    refers(&i.by, ACTOR)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Checks one change completely, then commits it, logging its undo steps.
    pub(crate) fn apply_one(&mut self, change: Change, txn: &mut Txn) -> Result<(), ChangeError> {
        match change {
            Change::AddNode { key, node } => {
                if self.contains(&key) {
                    return Err(ChangeError::DuplicateKey { key });
                }
                if self.retired.contains(&key) {
                    return Err(ChangeError::RetiredKey { key });
                }
                check_node(&key, &node)?;
                self.check_room()?;
                log(txn, || Undo::NodeAdded(key.clone()));
                if has_references(&node) {
                    txn.touch(&key);
                }
                self.insert_node(key, node);
            }
            Change::UpdateNode { key, node } => {
                let ix = self.known(&key)?;
                let found = self.node_at(ix).map(Node::kind);
                if found != Some(node.kind()) {
                    return Err(ChangeError::KindChange {
                        found: found.unwrap_or(node.kind()),
                        requested: node.kind(),
                        key,
                    });
                }
                check_node(&key, &node)?;
                if let Some(old) = self.node_at(ix)
                    && let Some((from, to)) = lifecycle_step(old, &node)
                {
                    return Err(ChangeError::LifecycleBackwards { key, from, to });
                }
                // Only a legal person carries (an invariant), so only one
                // that loses its legal personality can be carrying: nodes
                // of other kinds, and updates that keep the personality,
                // do not walk their outgoing relations.
                if !node.is_legal_person()
                    && self.node_at(ix).is_some_and(Node::is_legal_person)
                    && let Some(carried) =
                        self.first_neighbour(ix, Direction::Outgoing, RelationKind::Carries)
                {
                    return Err(ChangeError::CarrierNotLegalPerson {
                        carrier: key,
                        carried,
                    });
                }
                if has_references(&node) {
                    txn.touch(&key);
                }
                if let Some(old) = self.replace_node(ix, node) {
                    log(txn, || Undo::NodeReplaced(key, Box::new(old)));
                }
            }
            Change::RemoveNode {
                key,
                with_relations,
            } => {
                let ix = self.known(&key)?;
                let edges: Vec<EdgeIx> = self
                    .graph
                    .edges_directed(ix, Direction::Outgoing)
                    .chain(self.graph.edges_directed(ix, Direction::Incoming))
                    .map(|e| e.id())
                    .collect();
                if !with_relations && !edges.is_empty() {
                    return Err(ChangeError::NodeInUse {
                        key,
                        relations: edges.len(),
                    });
                }
                for e in edges {
                    let ends = self.graph.edge_endpoints(e);
                    if let (Some(link), Some((a, b))) = (self.remove_edge(e), ends)
                        && let (Some(from), Some(to)) =
                            (self.key_at(a).cloned(), self.key_at(b).cloned())
                    {
                        if matches!(link, Link::PartyTo(_) | Link::Files(_)) && b != ix {
                            txn.touch(&to);
                        }
                        log(txn, || Undo::RelationRemoved(Relation { from, to, link }));
                    }
                }
                if let Some(slot) = self.remove_node(ix) {
                    log(txn, || Undo::NodeRemoved(slot.key, Box::new(slot.node)));
                }
                log(txn, || Undo::KeyRetired(key.clone()));
                self.retired.insert(key);
            }
            Change::RetireKey { key } => {
                if self.contains(&key) {
                    return Err(ChangeError::DuplicateKey { key });
                }
                if self.retired.insert(key.clone()) {
                    log(txn, || Undo::KeyRetired(key));
                }
            }
            Change::AddRelation(relation) => {
                let a = self.known(&relation.from)?;
                let b = self.known(&relation.to)?;
                let Relation { from, to, link } = relation;
                self.add_relation_at((a, b), &from, &to, link, txn)?;
            }
            Change::RemoveRelation(relation) => {
                let a = self.known(&relation.from)?;
                let b = self.known(&relation.to)?;
                // Equal relations between two nodes are duplicates, which
                // are refused: at most one matches.
                let found = self.find_edge_between(a, b, |_, link| *link == relation.link);
                let Some(e) = found else {
                    return Err(ChangeError::RelationNotFound {
                        kind: relation.link.kind(),
                        from: relation.from,
                        to: relation.to,
                    });
                };
                self.remove_edge(e);
                if matches!(relation.link, Link::PartyTo(_) | Link::Files(_)) {
                    txn.touch(&relation.to);
                }
                log(txn, || Undo::RelationRemoved(relation));
            }
        }
        Ok(())
    }

    /// Puts back, newest first, what the logged steps did.
    fn rollback(&mut self, undo: Vec<Undo>) {
        for step in undo.into_iter().rev() {
            match step {
                Undo::NodeAdded(key) => {
                    if let Some(ix) = self.ix(&key) {
                        self.remove_node(ix);
                    }
                }
                Undo::NodeRemoved(key, node) => {
                    self.insert_node(key, *node);
                }
                Undo::NodeReplaced(key, old) => {
                    if let Some(ix) = self.ix(&key) {
                        self.replace_node(ix, *old);
                    }
                }
                Undo::KeyRetired(key) => {
                    self.retired.remove(&key);
                }
                Undo::RelationAdded(r) => {
                    if let (Some(a), Some(b)) = (self.ix(&r.from), self.ix(&r.to))
                        && let Some(e) = self.find_edge_between(a, b, |_, link| *link == r.link)
                    {
                        self.remove_edge(e);
                    }
                }
                Undo::RelationRemoved(r) => {
                    if let (Some(a), Some(b)) = (self.ix(&r.from), self.ix(&r.to)) {
                        self.add_edge(a, b, r.link);
                    }
                }
            }
        }
    }

    pub(crate) fn known(&self, key: &impl KeyLike) -> Result<NodeIx, ChangeError> {
        self.ix(key.text())
            .ok_or_else(|| ChangeError::UnknownKey { key: key.to_key() })
    }

    fn check_room(&self) -> Result<(), ChangeError> {
        if self.has_room() {
            Ok(())
        } else {
            Err(ChangeError::CapacityExceeded {
                limit: u64::from(crate::network::Ix::MAX),
            })
        }
    }

    /// The smallest key among the neighbours of `ix` through `kind` edges.
    fn first_neighbour(&self, ix: NodeIx, dir: Direction, kind: RelationKind) -> Option<Key> {
        self.edges(ix, dir, kind)
            .filter_map(|(n, _, _)| self.key_at(n))
            .min()
            .cloned()
    }

    /// Adds a relation between two known nodes, `from` at `a` and `to` at
    /// `b`, after every check once its endpoints are found: what
    /// [`Change::AddRelation`] does after looking them up, and what a
    /// document being loaded does when it has looked them up already.
    pub(crate) fn add_relation_at(
        &mut self,
        (a, b): (NodeIx, NodeIx),
        from: &impl KeyLike,
        to: &impl KeyLike,
        link: Link,
        txn: &mut Txn,
    ) -> Result<(), ChangeError> {
        self.check_link(a, b, from, to, &link)?;
        self.check_room()?;
        let touches = matches!(link, Link::PartyTo(_) | Link::Files(_));
        let signed = matches!(
            link,
            Link::PartyTo(Party {
                signed_by: Some(_),
                ..
            }) | Link::Files(Filing { signed_by: Some(_) })
        );
        log(txn, || {
            Undo::RelationAdded(Relation {
                from: from.to_key(),
                to: to.to_key(),
                link: link.clone(),
            })
        });
        let e = self.add_edge(a, b, link);
        // The node's own key: a clone, where the document's text would be
        // a new key.
        if touches && let Some(key) = self.key_at(b) {
            txn.touch_party(key, signed.then_some(e));
        }
        Ok(())
    }

    /// Every check of hard invariants 2, 4, 5 and 6 for a new relation,
    /// once its endpoints, `from` at `a` and `to` at `b`, are found.
    fn check_link(
        &self,
        a: NodeIx,
        b: NodeIx,
        from: &impl KeyLike,
        to: &impl KeyLike,
        link: &Link,
    ) -> Result<(), ChangeError> {
        let kind = link.kind();
        if a == b {
            return Err(ChangeError::SelfRelation {
                kind,
                key: from.to_key(),
            });
        }
        // Kinds come from the graph's node table, which adding the edge
        // writes anyway, not from the slots: loading a document checks two
        // million relations, and a node's slot is a cache miss.
        let (Some(ka), Some(kb)) = (self.kind_at(a), self.kind_at(b)) else {
            return Err(ChangeError::UnknownKey { key: from.to_key() });
        };
        if !kind.sources().contains(&ka) || !kind.targets().contains(&kb) {
            return Err(ChangeError::EndpointKinds {
                kind,
                from: from.to_key(),
                from_kind: ka,
                to: to.to_key(),
                to_kind: kb,
            });
        }
        let empty_grant = || ChangeError::EmptyGrant {
            kind,
            from: from.to_key(),
            to: to.to_key(),
        };
        match link {
            Link::Carries(c) if c.scope.is_empty() => return Err(empty_grant()),
            Link::Mandate(m) if m.powers.is_empty() => return Err(empty_grant()),
            _ => {}
        }
        let period = link.period();
        if self
            .find_edge_between(a, b, |_, l| {
                l.kind() == kind && l.period().overlaps(&period)
            })
            .is_some()
        {
            return Err(ChangeError::DuplicateRelation {
                kind,
                from: from.to_key(),
                to: to.to_key(),
            });
        }
        match link {
            Link::Carries(c) => {
                if !self.node_at(a).is_some_and(Node::is_legal_person) {
                    return Err(ChangeError::CarrierNotLegalPerson {
                        carrier: from.to_key(),
                        carried: to.to_key(),
                    });
                }
                if self.reaches(b, a, RelationKind::Carries) {
                    return Err(ChangeError::CarryingCycle {
                        from: from.to_key(),
                        to: to.to_key(),
                    });
                }
                if c.is_administrative() {
                    let existing = self
                        .edges(b, Direction::Incoming, RelationKind::Carries)
                        .filter(|(_, _, l)| {
                            matches!(l, Link::Carries(o) if o.is_administrative() && o.period.overlaps(&c.period))
                        })
                        .filter_map(|(n, _, _)| self.key_at(n))
                        .min();
                    if let Some(existing) = existing {
                        return Err(ChangeError::AdministrativeCarrierOverlap {
                            carried: to.to_key(),
                            existing: existing.clone(),
                            new: from.to_key(),
                        });
                    }
                }
            }
            Link::MemberOf(_)
                if ka == NodeKind::Organisation && self.reaches(b, a, RelationKind::MemberOf) =>
            {
                return Err(ChangeError::MembershipCycle {
                    from: from.to_key(),
                    to: to.to_key(),
                });
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether `target` can be reached from `start` along `kind` edges,
    /// whatever their periods.
    ///
    /// The search runs from both ends at once — forward from `start`, backward
    /// from `target` — one node per side per step, and stops when the sides
    /// meet or either side has nothing left to explore. It visits at most
    /// about twice as many nodes as the smaller of "what `start` reaches" and
    /// "what reaches `target`", so adding a link at the top or at the bottom
    /// of a long chain visits next to nothing, in whichever order a chain is
    /// built; each visit reads the node's adjacency, all relation kinds
    /// included. Iterative, so deep chains cannot overflow the stack.
    fn reaches(&self, start: NodeIx, target: NodeIx, kind: RelationKind) -> bool {
        if start == target {
            return true;
        }
        let mut ahead = Frontier::new(start);
        let mut behind = Frontier::new(target);
        loop {
            if ahead.stack.is_empty() || behind.stack.is_empty() {
                return false;
            }
            if let Some(met) = self.step(&mut ahead, &behind, Direction::Outgoing, kind) {
                return met;
            }
            if ahead.stack.is_empty() {
                return false;
            }
            if let Some(met) = self.step(&mut behind, &ahead, Direction::Incoming, kind) {
                return met;
            }
        }
    }

    /// Expands one node of `side`: `Some(true)` when it meets `other`,
    /// `Some(false)` when `side` has nothing left, `None` to go on.
    fn step(
        &self,
        side: &mut Frontier,
        other: &Frontier,
        dir: Direction,
        kind: RelationKind,
    ) -> Option<bool> {
        let Some(n) = side.stack.pop() else {
            return Some(false);
        };
        for (next, _, _) in self.edges(n, dir, kind) {
            if other.seen.contains(&next) {
                return Some(true);
            }
            if side.seen.insert(next) {
                side.stack.push(next);
            }
        }
        None
    }
}

/// One side of a bidirectional search.
struct Frontier {
    seen: HashSet<NodeIx>,
    stack: Vec<NodeIx>,
}

impl Frontier {
    fn new(from: NodeIx) -> Self {
        Frontier {
            seen: HashSet::from([from]),
            stack: vec![from],
        }
    }
}

/// Whether a node holds keys in its attributes, or clauses, checked at commit.
fn has_references(node: &Node) -> bool {
    matches!(
        node,
        Node::Contract(_) | Node::Application(_) | Node::Decision(_)
    )
}

/// The refused step, `(from, to)`, when `new` would move `old`'s lifecycle
/// backwards or rewrite its history.
fn lifecycle_step(old: &Node, new: &Node) -> Option<(&'static str, &'static str)> {
    fn step<S: Status>(
        old: &Lifecycle<S>,
        new: &Lifecycle<S>,
    ) -> Option<(&'static str, &'static str)> {
        (!old.may_become(new)).then(|| (old.current().name(), new.current().name()))
    }
    match (old, new) {
        (Node::Brique(o), Node::Brique(n)) => step(&o.lifecycle, &n.lifecycle),
        (Node::Contract(o), Node::Contract(n)) => step(&o.lifecycle, &n.lifecycle),
        (Node::Application(o), Node::Application(n)) => step(&o.lifecycle, &n.lifecycle),
        (Node::Decision(o), Node::Decision(n)) => step(&o.outcome, &n.outcome),
        _ => None,
    }
}

/// Checks a node's own well-formedness.
fn check_node(key: &Key, node: &Node) -> Result<(), ChangeError> {
    if node.name().trim().is_empty() {
        return Err(ChangeError::EmptyName { key: key.clone() });
    }
    let negative = |amount: Option<&Money>| match amount {
        Some(m) if m.amount < 0 => Err(ChangeError::NegativeAmount {
            key: key.clone(),
            amount: *m,
        }),
        _ => Ok(()),
    };
    match node {
        Node::Organisation(Organisation {
            burden_limit: Some(limit),
            ..
        }) if limit.amount < 0 => Err(ChangeError::NegativeBurdenLimit {
            key: key.clone(),
            limit: *limit,
        }),
        Node::Contract(c) => c.clauses.iter().try_for_each(|clause| match &clause.gift {
            Gift::Money { amount, .. } => negative(Some(amount)),
            _ => Ok(()),
        }),
        Node::Brique(Brique {
            retribution: Retribution::Defined { amount, .. },
            ..
        }) => negative(Some(amount)),
        Node::Application(a) => {
            negative(a.amount_requested.as_ref())?;
            negative(a.burden.as_ref())?;
            check_instants(key, a.submitted_at)
        }
        Node::Decision(d) => check_decision(key, d),
        _ => Ok(()),
    }
}

/// Instants must be writable in RFC 3339: a year from 0 to 9999 and an
/// offset in whole minutes.
fn check_instants(
    key: &Key,
    instants: impl IntoIterator<Item = time::OffsetDateTime>,
) -> Result<(), ChangeError> {
    for at in instants {
        if !(0..=9999).contains(&at.year()) || at.offset().seconds_past_minute() != 0 {
            return Err(ChangeError::UnwritableInstant {
                key: key.clone(),
                instant: at,
            });
        }
    }
    Ok(())
}

/// A decision closes after it opens; intervention ids are unique; answers
/// answer interventions of the same decision.
fn check_decision(key: &Key, d: &Decision) -> Result<(), ChangeError> {
    if d.closes_at <= d.opened_at {
        return Err(ChangeError::ClosesBeforeOpening { key: key.clone() });
    }
    let instants = [d.opened_at, d.closes_at]
        .into_iter()
        .chain(d.interventions.iter().map(|i| i.at));
    check_instants(key, instants)?;
    let mut ids = HashSet::with_capacity(d.interventions.len());
    for i in &d.interventions {
        if !ids.insert(i.id) {
            return Err(ChangeError::DuplicateIntervention {
                key: key.clone(),
                id: i.id,
            });
        }
    }
    for i in &d.interventions {
        if let InterventionKind::AnswerTo(id) = i.kind
            && (!ids.contains(&id) || id == i.id)
        {
            return Err(ChangeError::AnswerToUnknown {
                key: key.clone(),
                id,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

    use time::macros::date;

    use time::macros::datetime;

    use crate::{
        Application, ApplicationStatus, Change, Clause, Contract, ContractStatus, Decision, Filing,
        Form, Gift, Key, Lifecycle, Mode, Nature, Network, Node, Organisation, Outcome, Party,
        Person, Process, Term,
    };

    /// Keys made apart from the nodes' own, as a caller or a document
    /// makes them.
    fn k(s: &str) -> Key {
        Key::new(s).unwrap()
    }

    /// Clauses are checked against a list of a contract's parties up to
    /// `FEW_PARTIES` and against a hash set beyond: on either side of the
    /// bound, a clause between parties commits and shares the parties'
    /// keys, and a clause naming a non-party is refused.
    #[test]
    fn clauses_are_checked_alike_with_few_parties_and_many() {
        for n in [2, super::FEW_PARTIES, super::FEW_PARTIES + 1, 40] {
            // Keys longer than the 22 bytes held in place: shared, they
            // are one allocation, which `Key::is` tells.
            let names: Vec<String> = (0..n)
                .map(|i| format!("a-party-with-a-long-key-{i}"))
                .collect();
            let ring: Vec<Clause> = (0..n)
                .map(|i| {
                    let (g, r) = (&names[i], &names[(i + 1) % n]);
                    Clause::new(k(g), k(r), Gift::Knowledge(format!("{i}")))
                })
                .collect();
            let contract = |clauses: &[Clause]| {
                let mut c = Contract::new(
                    "Pacte",
                    Nature::Moral,
                    Term::from(date!(2018 - 01 - 01)),
                    Lifecycle::new(ContractStatus::Active),
                );
                for clause in clauses {
                    c = c.with_clause(clause.clone());
                }
                c
            };
            let mut changes = vec![Change::add(k("pact"), contract(&[]))];
            for name in &names {
                changes.push(Change::add(
                    k(name),
                    Organisation::new(name, Form::Association),
                ));
                changes.push(Change::relate(
                    k(name),
                    k("pact"),
                    Party::new(Mode::Committing),
                ));
            }
            changes.push(Change::add(
                k("outsider"),
                Organisation::new("O", Form::Association),
            ));
            let mut net = Network::new();
            net.apply_all(changes.clone()).unwrap();
            net.apply(Change::update(k("pact"), contract(&ring)))
                .unwrap();
            let Some(Node::Contract(c)) = net.node("pact") else {
                panic!("a contract")
            };
            for clause in &c.clauses {
                let party = |key: &Key| net.ix(key.as_str()).and_then(|ix| net.key_at(ix)).unwrap();
                assert!(clause.giver.is(party(&clause.giver)), "{n} parties");
                assert!(clause.receiver.is(party(&clause.receiver)), "{n} parties");
            }
            let mut wrong = ring.clone();
            wrong.push(Clause::new(
                k(&names[0]),
                k("outsider"),
                Gift::Knowledge("x".into()),
            ));
            assert_eq!(
                net.apply(Change::update(k("pact"), contract(&wrong))),
                Err(crate::ChangeError::ClauseWithoutParty {
                    contract: k("pact"),
                    party: k("outsider"),
                }),
                "{n} parties"
            );
        }
    }

    /// The touched nodes come out once each, in key order (keys longer
    /// than the sort prefix and sharing it included), with the position of
    /// the last change that touched them, whatever the order of touching,
    /// and whether any change asked for a whole check.
    #[test]
    fn touched_nodes_are_checked_once_in_key_order_at_their_last_position() {
        let long = |s: &str| format!("a-key-longer-than-sixteen-bytes-{s}");
        let names = [
            "b",
            "a",
            &long("z"),
            "c",
            "b",
            &long("a"),
            "a",
            "b",
            &long("z"),
        ];
        let mut touched = super::Touched::default();
        for (position, name) in names.iter().enumerate() {
            touched.nodes.push((k(name), position, position % 2 == 0));
        }
        let got: Vec<(String, usize, bool)> = touched
            .in_order()
            .into_iter()
            .map(|(key, position, whole)| (key.as_str().to_owned(), position, whole))
            .collect();
        // Checked whole when some change asked for it (here, those at
        // even positions), whichever came last.
        let expected = [
            ("a".to_owned(), 6, true),
            (long("a"), 5, false),
            (long("z"), 8, true),
            ("b".to_owned(), 7, true),
            ("c".to_owned(), 3, false),
        ];
        assert_eq!(got, expected);
    }

    /// After a commit, clause and signatory keys are the very keys of the
    /// nodes they name, whether the network was built by changes or loaded
    /// from a document, and whichever came first, contract or parties.
    #[test]
    fn committed_attribute_keys_share_their_node_keys() {
        // Keys longer than the 22 bytes held in place: shared, they are
        // one allocation, which `Key::is` tells.
        const A: &str = "association-a-with-a-long-key";
        const B: &str = "association-b-with-a-long-key";
        const P: &str = "a-person-with-a-rather-long-key";
        let bare = Contract::new(
            "Pacte",
            Nature::Moral,
            Term::from(date!(2018 - 01 - 01)),
            Lifecycle::new(ContractStatus::Active),
        );
        let contract = bare
            .clone()
            .with_clause(Clause::new(k(A), k(B), Gift::Knowledge("a".into())))
            .with_clause(Clause::new(k(B), k(A), Gift::Knowledge("b".into())));
        let signed = Party::new(Mode::Committing).signed(date!(2018 - 01 - 01), Some(k(P)));
        let application = Application::new(
            "Dossier",
            "Programme",
            date!(2018 - 03 - 01),
            Lifecycle::new(ApplicationStatus::Drafting),
        );
        let opened = datetime!(2018-01-02 10:00 UTC);
        let decision = Decision::new(
            "Delegated",
            Process::Delegated { to: k(P) },
            opened,
            opened + time::Duration::days(1),
            Lifecycle::new(Outcome::Pending),
        )
        .unwrap();
        // The contract comes bare, its clauses with an update once its
        // parties are related, so that every change can be applied alone.
        let changes = [
            Change::add(k("pact"), bare),
            Change::add(k(P), Person::new("P")),
            Change::add(k(A), Organisation::new("A", Form::Association)),
            Change::add(k(B), Organisation::new("B", Form::Association)),
            Change::relate(k(A), k("pact"), signed),
            Change::relate(k(B), k("pact"), Party::new(Mode::Committing)),
            Change::add(k("dossier"), application),
            Change::relate(k(A), k("dossier"), Filing::new(Some(k(P)))),
            Change::add(k("decision"), decision),
            Change::relate(k(A), k("decision"), crate::Link::Decides),
            Change::update(k("pact"), contract),
        ];
        let mut net = Network::new();
        net.apply_all(changes.clone()).unwrap();
        // One change at a time, through `apply`.
        let mut one_by_one = Network::new();
        for change in changes {
            one_by_one.apply(change).unwrap();
        }
        let loaded: Network = serde_json::from_str(&serde_json::to_string(&net).unwrap()).unwrap();
        for net in [&net, &one_by_one, &loaded] {
            let key = |s: &str| net.ix(s).and_then(|ix| net.key_at(ix)).unwrap();
            let Some(Node::Contract(c)) = net.node("pact") else {
                panic!("a contract")
            };
            for clause in &c.clauses {
                assert!(clause.giver.is(key(clause.giver.as_str())));
                assert!(clause.receiver.is(key(clause.receiver.as_str())));
            }
            let (a, pact) = (net.ix(A).unwrap(), net.ix("pact").unwrap());
            let edge = net.graph.find_edge(a, pact).unwrap();
            let Some(crate::Link::PartyTo(party)) = net.graph.edge_weight(edge) else {
                panic!("a party")
            };
            assert!(party.signed_by.as_ref().unwrap().is(key(P)));
            let dossier = net.ix("dossier").unwrap();
            let edge = net.graph.find_edge(a, dossier).unwrap();
            let Some(crate::Link::Files(filing)) = net.graph.edge_weight(edge) else {
                panic!("a filing")
            };
            assert!(filing.signed_by.as_ref().unwrap().is(key(P)));
            let Some(Node::Decision(d)) = net.node("decision") else {
                panic!("a decision")
            };
            let Process::Delegated { to } = &d.process else {
                panic!("delegated")
            };
            assert!(to.is(key(P)));
        }
    }
}
