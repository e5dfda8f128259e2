//! The network: private graph storage, typed read-only views, and queries.

mod bits;
mod brique;
mod contract;
mod decision;
mod keys;
mod query;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};

use crate::{
    Key, Link, Node, NodeKind, Organisation, Person, Place, QueryError, RelationKind, RelationRef,
    Territory,
};

pub(crate) use bits::Bits;
pub use brique::{BriqueAt, KindReadiness, KindState, Readiness};
pub(crate) use contract::{GiveBits, circles, positions};
pub use contract::{PartyFlows, Reciprocity};
pub use decision::{Exposure, Tally};
pub use query::{Authority, Denial, DenialReason, Grant, Silence, Voice};

/// Index type of the private graph. `u32` halves the adjacency memory of
/// `usize`; [`ChangeError::CapacityExceeded`](crate::ChangeError) guards the limit.
pub(crate) type Ix = u32;
pub(crate) type NodeIx = NodeIndex<Ix>;
pub(crate) type EdgeIx = EdgeIndex<Ix>;

/// A fast hasher for maps keyed by node and edge indices (the FxHash
/// multiply-rotate step). Indices are assigned by the network, not chosen by
/// callers, so a keyed hash buys nothing there; maps keyed by caller-chosen
/// strings keep the standard library's `SipHash`.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct IxHasher(u64);

impl IxHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for IxHasher {
    fn finish(&self) -> u64 {
        // The multiply leaves its entropy in the high bits; the table picks
        // buckets with the low ones.
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (w, b) in word.iter_mut().zip(chunk) {
                *w = *b;
            }
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

/// The key of each node, as the key index reads it to compare keys longer
/// than its entries hold.
fn key_of<'g>(slots: &'g [Option<Slot>]) -> impl Fn(NodeIx) -> Option<&'g str> + 'g {
    move |ix| Some(slots.get(ix.index())?.as_ref()?.key.as_str())
}

/// How many relations an [`EdgeList`] holds in place: as many as fit
/// beside its tag and length in 32 bytes, 8 more than a `Vec` alone.
const INLINE_EDGES: usize = 7;

/// How many carryings a [`CarryingList`] holds in place: a carried
/// organisation nearly always has one or two carriers at a time.
const INLINE_CARRYINGS: usize = 2;

/// A short list kept in the entry of a map, in the order of its pushes: up
/// to `N` items in place, read with the entry; a longer list on the heap,
/// one more cache miss away.
#[derive(Clone, Debug)]
pub(crate) enum Few<T, const N: usize> {
    /// The length, then the items; the rest is filler.
    Inline(u8, [T; N]),
    /// More than `N` items.
    Heap(Vec<T>),
}

impl<T: Copy + Default, const N: usize> Default for Few<T, N> {
    fn default() -> Self {
        Few::Inline(0, [T::default(); N])
    }
}

impl<T: Copy + Default, const N: usize> Few<T, N> {
    pub(crate) fn as_slice(&self) -> &[T] {
        match self {
            Few::Inline(len, items) => items.get(..usize::from(*len)).unwrap_or_default(),
            Few::Heap(items) => items,
        }
    }

    fn push(&mut self, item: T) {
        match self {
            Few::Inline(len, items) => {
                if let Some(slot) = items.get_mut(usize::from(*len)) {
                    *slot = item;
                    *len = len.saturating_add(1);
                } else {
                    let mut heap = Vec::with_capacity(N.saturating_mul(2));
                    heap.extend_from_slice(items);
                    heap.push(item);
                    *self = Few::Heap(heap);
                }
            }
            Few::Heap(items) => items.push(item),
        }
    }

    /// Removes the last item that `is` picks, keeping the others' order,
    /// and tells whether the list is now empty. Searched from the end:
    /// removing a node removes its relations newest first, each then found
    /// at once. A list on the heap stays there: its node has had many
    /// items, and may again.
    fn remove_last(&mut self, is: impl Fn(&T) -> bool) -> bool {
        let at = self.as_slice().iter().rposition(is);
        match (self, at) {
            (Few::Inline(len, items), Some(at)) => {
                if let Some(tail) = items.get_mut(at..usize::from(*len)) {
                    tail.rotate_left(1);
                }
                *len = len.saturating_sub(1);
                *len == 0
            }
            (Few::Heap(items), Some(at)) => {
                items.remove(at);
                items.is_empty()
            }
            (list, None) => list.as_slice().is_empty(),
        }
    }
}

/// One list of the inbound index: the relations of one kind into one node,
/// in the order they were added. Up to [`INLINE_EDGES`] of them (most of
/// an institution's `builds`) are held in the index's own entry.
pub(crate) type EdgeList = Few<EdgeIx, INLINE_EDGES>;

/// A `carries` relation as the questions and rules climb it: the carrier,
/// the relation, its period and scope, copied out of the relation when it
/// is added. Climbing a chain of carriers reads these small entries, where
/// reading the relations themselves is a cache miss a step on a large
/// network.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct CarryingAt {
    pub(crate) carrier: NodeIx,
    pub(crate) edge: EdgeIx,
    pub(crate) period: crate::Period,
    pub(crate) scope: crate::Scope,
}

/// The carryings into one organisation, in the order they were added.
pub(crate) type CarryingList = Few<CarryingAt, INLINE_CARRYINGS>;

/// How many mandates a [`MandateList`] holds in place: most organisations
/// give one or two.
const INLINE_MANDATES: usize = 2;

/// A `mandate` relation as the questions and rules read it: the holder,
/// the relation, its powers and period, copied out of the relation when it
/// is added. Whether someone may sign for an organisation, and whether a
/// person holds a direct mandate for an act, read these small entries,
/// where reading the relations themselves is a cache miss each on a large
/// network.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct MandateAt {
    pub(crate) holder: NodeIx,
    pub(crate) edge: EdgeIx,
    pub(crate) powers: crate::Powers,
    pub(crate) period: crate::Period,
}

impl MandateAt {
    /// Whether the mandate authorises `act` on `date` (as
    /// [`crate::Mandate::grants`]).
    pub(crate) fn grants(&self, act: crate::Act, date: time::Date) -> bool {
        self.powers.contains(act) && self.period.contains(date)
    }
}

/// The mandates given by one organisation, in the order they were added.
pub(crate) type MandateList = Few<MandateAt, INLINE_MANDATES>;

/// A party to a contract as the rules read it: its `party-to` relation and
/// what the rules ask of its node, copied when the relation is added
/// ([`Network::party_copies`]). Five contract rules, `no-signatory`,
/// `unmandated-act` and the collectives' needs read every contract's
/// parties on every validation; read from the relations, each party would
/// cost a walk to its relation and a read of its node's slot, two cache
/// misses at random addresses of a large network, where a contract's
/// copies are one short list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PartyAt {
    /// The party.
    pub(crate) ix: NodeIx,
    /// Its `party-to` relation.
    pub(crate) edge: EdgeIx,
    /// The party's key (a long key shares the node's allocation).
    pub(crate) key: Key,
    /// The relation's mode.
    pub(crate) mode: crate::Mode,
    /// When it signed, from the relation.
    pub(crate) signed_on: Option<time::Date>,
    /// Who signed for it, from the relation.
    pub(crate) signed_by: Option<Key>,
    /// Whether the party is a person.
    pub(crate) is_person: bool,
    /// Whether the party is a legal person (kept by `replace_node`).
    pub(crate) is_legal_person: bool,
}

impl PartyAt {
    /// The copy of the relation `edge` from the node in `slot` at `ix`.
    fn new(ix: NodeIx, edge: EdgeIx, slot: &Slot, party: &crate::Party) -> Self {
        PartyAt {
            ix,
            edge,
            key: slot.key.clone(),
            mode: party.mode,
            signed_on: party.signed_on,
            signed_by: party.signed_by.clone(),
            is_person: slot.node.kind() == NodeKind::Person,
            is_legal_person: slot.node.is_legal_person(),
        }
    }
}

/// Whether `node` is an organisation with established governance: what
/// [`Network::established`] keeps for each node.
fn established(node: &Node) -> bool {
    node.as_organisation()
        .is_some_and(|o| o.governance.is_established())
}

/// The place of `kind` in [`NodeKind::ALL`], which orders
/// [`Network::of_kind`].
pub(crate) fn kind_slot(kind: NodeKind) -> usize {
    NodeKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

/// A hash map keyed by indices, hashed with [`IxHasher`].
pub(crate) type IxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<IxHasher>>;

/// What the network stores for a node: its key (to name it in answers) and
/// value.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub(crate) key: Key,
    pub(crate) node: Node,
}

/// A commons network: people, organisations, places, territories, briques,
/// contracts, applications and decisions, and the relations between them
/// (carrying, membership, mandates, location, running, building, hosting,
/// parties to contracts, filing, authorship, funding, targeting, deciding,
/// concerning, opening).
///
/// A network only changes through [`Change`](crate::Change)s applied with
/// [`Network::apply`] or [`Network::apply_all`], which enforce every hard
/// invariant and leave the network untouched when they refuse. Everything
/// else is read-only: lookups by key, relation views, and the questions of
/// the [crate docs](crate#questions).
///
/// Nodes are named by [`Key`]s; the graph storage behind them is private.
/// Every listing is in a deterministic order (keys sorted), so the same
/// network always prints, saves and reports the same way. Two networks are
/// equal when they hold the same nodes under the same keys, the same
/// relations and the same retired keys, whatever the order of the changes
/// that built them.
///
/// ```
/// use communs::{Change, Form, Key, Network, Organisation};
///
/// let mut net = Network::new();
/// net.apply(Change::add(Key::new("anis")?, Organisation::new("ANIS", Form::Association)))?;
/// assert_eq!(net.organisation("anis").map(|o| o.name.as_str()), Some("ANIS"));
/// assert_eq!(net.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct Network {
    /// The relations, by petgraph: the topology, its nodes holding only
    /// their kind, so that its node table (each node's kind and the two
    /// heads of its chains of relations) is 12 bytes a node. Every walk of
    /// a node's relations and every relation added reads or writes those
    /// heads, and a pass over the nodes of some kinds reads the kinds:
    /// kept small, the table stays in cache.
    pub(crate) graph: StableDiGraph<NodeKind, Link, Ix>,
    /// The nodes' keys and values by node index (`None` for a free index,
    /// as the graph's own). Filled and emptied only by `insert_node` and
    /// `remove_node`; a value is replaced whole by `replace_node`, and
    /// changed in part through `slot_mut` only where nothing kept beside
    /// it depends on the change.
    pub(crate) slots: Vec<Option<Slot>>,
    /// Key → node index. Updated only by `insert_node` and `remove_node`.
    /// Never iterated for output: its order is not deterministic.
    pub(crate) index: keys::KeyIndex,
    /// Keys of removed nodes, never given out again.
    pub(crate) retired: BTreeSet<Key>,
    /// The incoming relations of the [`INDEXED`] kinds, by target node and
    /// kind: `builds` (what an institution is made of). An
    /// organisation with thousands of members would otherwise be scanned
    /// whole to find them, and a list of relations is read with loads the
    /// processor overlaps, where a node's adjacency is a chain of pointers
    /// read one after the other. Updated only by `add_edge` and
    /// `remove_edge`.
    pub(crate) inbound: IxMap<(NodeIx, RelationKind), EdgeList>,
    /// The `carries` relations into each carried organisation, copied out
    /// of the relations ([`CarryingAt`]): every voice and authority
    /// question climbs them, and so do several rules. Updated only by
    /// `add_edge` and `remove_edge`.
    pub(crate) carryings: IxMap<NodeIx, CarryingList>,
    /// The `mandate` relations into each organisation, copied out of the
    /// relations ([`MandateAt`]): who may sign, file, speak or decide for
    /// it. Updated only by `add_edge` and `remove_edge`.
    pub(crate) mandates: IxMap<NodeIx, MandateList>,
    /// The `party-to` relations into each contract, copied with what the
    /// rules read of their parties ([`PartyAt`]), in the order they were
    /// added. Updated only by `add_edge`, `remove_edge`, `replace_node`
    /// (a party's legal personality) and `share_signers`.
    pub(crate) party_copies: IxMap<NodeIx, Vec<PartyAt>>,
    /// A bit by node index: whether the node is an organisation with
    /// established governance. The voice of an organisation in formation
    /// falls back to its carrier, so every voice and authority question
    /// asks this of each organisation it climbs; the bits of a million
    /// nodes take 125 KiB and stay in cache, where each slot read is a
    /// miss. Updated only by `insert_node`, `replace_node` and
    /// `remove_node`.
    pub(crate) established: Bits,
    /// The nodes of each kind, a set by kind in the order of
    /// [`NodeKind::ALL`]: a rule about briques or contracts lists them
    /// from their set, 125 KiB a million nodes, instead of reading the
    /// kind of every node. Updated only by `insert_node` and `remove_node`
    /// (a node keeps its kind).
    pub(crate) of_kind: [Bits; NodeKind::ALL.len()],
}

/// How many questions the batched reads ask together, one step at a time
/// ([`Network::holds_direct_mandates`], the signers of organisations):
/// more independent reads than the processor keeps misses in flight (about
/// ten), few enough that a batch's lists stay in the first-level cache.
/// Chosen so, not tuned.
pub(crate) const BATCH: usize = 64;

/// How many walks [`Network::walk_together`] advances side by side, each
/// holding a petgraph iterator from round to round: more than the misses
/// the processor keeps in flight, few enough for the iterators to stay in
/// the first-level cache. Chosen so, not tuned.
const WALKS: usize = 32;

/// The relation kinds whose incoming relations [`Network::inbound`] indexes:
/// few per node, but asked about nodes whose adjacency can be huge, or read
/// for every node of a kind on every validation. Carryings, mandates and a
/// contract's `party-to` relations are kept apart, copied with what is
/// read of them ([`Network::carryings`], [`Network::mandates`],
/// [`Network::party_copies`]).
pub(crate) const INDEXED: [RelationKind; 1] = [RelationKind::Builds];

impl Network {
    /// An empty network.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of nodes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the network has no node.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The number of relations.
    #[must_use]
    pub fn relation_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Whether a node has this key.
    #[must_use]
    pub fn contains(&self, key: &str) -> bool {
        self.ix(key).is_some()
    }

    /// The node with this key.
    #[must_use]
    pub fn node(&self, key: &str) -> Option<&Node> {
        self.ix(key).and_then(|ix| self.node_at(ix))
    }

    /// The kind of the node with this key.
    #[must_use]
    pub fn kind_of(&self, key: &str) -> Option<NodeKind> {
        self.node(key).map(Node::kind)
    }

    /// The person with this key, if it is one.
    #[must_use]
    pub fn person(&self, key: &str) -> Option<&Person> {
        match self.node(key)? {
            Node::Person(p) => Some(p),
            _ => None,
        }
    }

    /// The organisation with this key, if it is one.
    #[must_use]
    pub fn organisation(&self, key: &str) -> Option<&Organisation> {
        self.node(key)?.as_organisation()
    }

    /// The place with this key, if it is one.
    #[must_use]
    pub fn place(&self, key: &str) -> Option<&Place> {
        match self.node(key)? {
            Node::Place(p) => Some(p),
            _ => None,
        }
    }

    /// The territory with this key, if it is one.
    #[must_use]
    pub fn territory(&self, key: &str) -> Option<&Territory> {
        match self.node(key)? {
            Node::Territory(t) => Some(t),
            _ => None,
        }
    }

    /// Every node, in key order.
    pub fn nodes(&self) -> impl Iterator<Item = (&Key, &Node)> + '_ {
        let mut all: Vec<(&Key, &Node)> = self
            .slots
            .iter()
            .flatten()
            .map(|s| (&s.key, &s.node))
            .collect();
        all.sort_unstable_by(|a, b| a.0.cmp(b.0));
        all.into_iter()
    }

    /// Every node index with its slot, in storage order (not key order):
    /// for passes whose output is sorted afterwards.
    pub(crate) fn slots(&self) -> impl Iterator<Item = (NodeIx, &Slot)> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((NodeIx::new(i), s.as_ref()?)))
    }

    /// Every organisation, in key order.
    pub fn organisations(&self) -> impl Iterator<Item = (&Key, &Organisation)> + '_ {
        self.nodes()
            .filter_map(|(k, n)| n.as_organisation().map(|o| (k, o)))
    }

    /// Keys of removed nodes, in order. They are never given to a new node.
    pub fn retired_keys(&self) -> impl Iterator<Item = &Key> + '_ {
        self.retired.iter()
    }

    /// Every relation, sorted by source key, target key, then kind and
    /// attributes.
    #[must_use]
    pub fn relations(&self) -> Vec<RelationRef<'_>> {
        let mut all: Vec<_> = self
            .graph
            .edge_references()
            .filter_map(|e| self.view(e.source(), e.target(), e.weight()))
            .collect();
        all.sort_unstable();
        all
    }

    /// The relations that start or end at `key`, sorted as [`Network::relations`].
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownKey`] when no node has this key.
    pub fn relations_of(&self, key: &str) -> Result<Vec<RelationRef<'_>>, QueryError> {
        let ix = self.require(key)?;
        let mut all: Vec<_> = self
            .graph
            .edges_directed(ix, Direction::Outgoing)
            .chain(self.graph.edges_directed(ix, Direction::Incoming))
            .filter_map(|e| self.view(e.source(), e.target(), e.weight()))
            .collect();
        all.sort_unstable();
        Ok(all)
    }

    // ----- private storage: the only place that maps keys to indices -----

    pub(crate) fn ix(&self, key: &str) -> Option<NodeIx> {
        self.index.get(key, key_of(&self.slots))
    }

    /// Whether a relation starts or ends at the node `key`.
    pub(crate) fn has_relations(&self, key: &str) -> bool {
        self.ix(key).is_some_and(|ix| {
            self.graph
                .neighbors_directed(ix, Direction::Outgoing)
                .next()
                .is_some()
                || self
                    .graph
                    .neighbors_directed(ix, Direction::Incoming)
                    .next()
                    .is_some()
        })
    }

    /// The nodes with `keys`, in order, pushed onto `out`: many lookups
    /// whose cache misses overlap (see [`keys::KeyIndex::get_many`]).
    pub(crate) fn ixs(&self, keys: &[&str], out: &mut Vec<Option<NodeIx>>) {
        self.index.get_many(keys, key_of(&self.slots), out);
    }

    /// Makes room in the key index for `additional` more nodes.
    pub(crate) fn reserve_keys(&mut self, additional: usize) {
        self.index.reserve(additional, &key_of(&self.slots));
    }

    /// Makes room for `nodes` more nodes and `relations` more relations.
    pub(crate) fn reserve_exact(&mut self, nodes: usize, relations: usize) {
        self.reserve_keys(nodes);
        self.graph.reserve_exact_nodes(nodes);
        self.slots.reserve_exact(nodes);
        self.graph.reserve_exact_edges(relations);
    }

    pub(crate) fn slot(&self, ix: NodeIx) -> Option<&Slot> {
        self.slots.get(ix.index())?.as_ref()
    }

    /// A node's slot, to change what in its value bears on nothing the
    /// network keeps beside it (its kind, [`Network::established`], and
    /// its legal personality, which [`Network::party_copies`] copies):
    /// [`Network::replace_node`] changes a value whole.
    pub(crate) fn slot_mut(&mut self, ix: NodeIx) -> Option<&mut Slot> {
        self.slots.get_mut(ix.index())?.as_mut()
    }

    pub(crate) fn node_at(&self, ix: NodeIx) -> Option<&Node> {
        self.slot(ix).map(|s| &s.node)
    }

    /// The kind of the node at `ix`, from the graph's node table.
    pub(crate) fn kind_at(&self, ix: NodeIx) -> Option<NodeKind> {
        self.graph.node_weight(ix).copied()
    }

    pub(crate) fn key_at(&self, ix: NodeIx) -> Option<&Key> {
        self.slot(ix).map(|s| &s.key)
    }

    /// The incoming relations of an [`INDEXED`] kind at `ix`, from the
    /// inbound index (empty for any other kind).
    pub(crate) fn inbound_edges(&self, ix: NodeIx, kind: RelationKind) -> &[EdgeIx] {
        self.inbound
            .get(&(ix, kind))
            .map_or(&[], EdgeList::as_slice)
    }

    /// The `carries` relations into `ix`, copied ([`Network::carryings`]),
    /// in the order they were added.
    pub(crate) fn carryings_into(&self, ix: NodeIx) -> &[CarryingAt] {
        self.carryings.get(&ix).map_or(&[], CarryingList::as_slice)
    }

    /// The `party-to` relations into the contract at `ix`, copied with
    /// their parties' facts ([`Network::party_copies`]), in the order they were
    /// added.
    pub(crate) fn parties_of(&self, ix: NodeIx) -> &[PartyAt] {
        self.party_copies.get(&ix).map_or(&[], Vec::as_slice)
    }

    /// The `mandate` relations into `ix`, copied ([`Network::mandates`]),
    /// in the order they were added.
    pub(crate) fn mandates_into(&self, ix: NodeIx) -> &[MandateAt] {
        self.mandates.get(&ix).map_or(&[], MandateList::as_slice)
    }

    /// Every copy of a `carries` relation, with the organisation it
    /// carries, in no particular order (a caller that needs one sorts).
    pub(crate) fn all_carryings(&self) -> impl Iterator<Item = (NodeIx, &CarryingAt)> + '_ {
        self.carryings
            .iter()
            .flat_map(|(carried, list)| list.as_slice().iter().map(move |c| (*carried, c)))
    }

    /// The source and the link of the relation `e`.
    pub(crate) fn edge_at(&self, e: EdgeIx) -> Option<(NodeIx, &Link)> {
        let (a, _) = self.graph.edge_endpoints(e)?;
        Some((a, self.graph.edge_weight(e)?))
    }

    pub(crate) fn organisation_at(&self, ix: NodeIx) -> Option<&Organisation> {
        self.node_at(ix).and_then(Node::as_organisation)
    }

    pub(crate) fn view<'n>(
        &'n self,
        from: NodeIx,
        to: NodeIx,
        link: &'n Link,
    ) -> Option<RelationRef<'n>> {
        Some(RelationRef {
            from: self.key_at(from)?,
            to: self.key_at(to)?,
            data: link,
        })
    }

    /// The node index for `key`, or a query error.
    pub(crate) fn require(&self, key: &str) -> Result<NodeIx, QueryError> {
        self.ix(key).ok_or_else(|| QueryError::UnknownKey {
            key: key.to_owned(),
        })
    }

    /// The node index for `key`, which must be of `kind`.
    pub(crate) fn require_kind(&self, key: &str, kind: NodeKind) -> Result<NodeIx, QueryError> {
        let ix = self.require(key)?;
        // The kind from the graph's node table, which stays in cache; the
        // slot only to name a wrong kind.
        if self.kind_at(ix) == Some(kind) {
            return Ok(ix);
        }
        match self.slot(ix) {
            Some(slot) if slot.node.kind() == kind => Ok(ix),
            Some(slot) => Err(QueryError::WrongKind {
                key: slot.key.clone(),
                expected: kind,
                found: slot.node.kind(),
            }),
            None => Err(QueryError::UnknownKey {
                key: key.to_owned(),
            }),
        }
    }

    /// Edges of one kind in one direction: (the node at the other end, the edge, its attributes).
    pub(crate) fn edges(
        &self,
        ix: NodeIx,
        dir: Direction,
        kind: RelationKind,
    ) -> impl Iterator<Item = (NodeIx, EdgeIx, &Link)> + '_ {
        // Incoming relations of the indexed kind from the inbound index,
        // carryings, mandates and parties from their copies; everything
        // else from the node's adjacency, filtered by kind.
        let inbound = dir == Direction::Incoming;
        let copied = inbound
            && matches!(
                kind,
                RelationKind::Carries | RelationKind::Mandate | RelationKind::PartyTo
            );
        let indexed = copied || inbound && INDEXED.contains(&kind);
        let from_index = indexed.then(|| {
            let (mut carryings, mut mandates, mut parties, mut edges) =
                (&[][..], &[][..], &[][..], &[][..]);
            match kind {
                RelationKind::Carries => carryings = self.carryings_into(ix),
                RelationKind::Mandate => mandates = self.mandates_into(ix),
                RelationKind::PartyTo => parties = self.parties_of(ix),
                _ => edges = self.inbound_edges(ix, kind),
            }
            let carryings = carryings.iter().map(|c| c.edge);
            let mandates = mandates.iter().map(|m| m.edge);
            let parties = parties.iter().map(|p| p.edge);
            let edges = edges.iter().copied();
            let all = carryings.chain(mandates).chain(parties).chain(edges);
            all.filter_map(move |e| {
                let (a, link) = self.edge_at(e)?;
                Some((a, e, link))
            })
        });
        let scanned = (!indexed).then(|| {
            self.graph
                .edges_directed(ix, dir)
                .filter(move |e| e.weight().kind() == kind)
                .map(move |e| {
                    let other = if dir == Direction::Outgoing {
                        e.target()
                    } else {
                        e.source()
                    };
                    (other, e.id(), e.weight())
                })
        });
        from_index
            .into_iter()
            .flatten()
            .chain(scanned.into_iter().flatten())
    }

    /// Walks the relations in direction `dir` of every node of `nodes`,
    /// calling `visit` with the node's position in `nodes`, the node at the
    /// other end, the relation and its link, in each node's adjacency order,
    /// until `visit` answers `true` (enough of that node) or its relations
    /// run out.
    ///
    /// A node's relations are a chain of pointers through the relation
    /// storage: walked one node after another, every step waits on the
    /// read before. Here the walks of a batch of nodes take a step each in
    /// turn, so the reads of a round are independent and the processor
    /// overlaps their cache misses.
    pub(crate) fn walk_together<'n>(
        &'n self,
        nodes: &[NodeIx],
        dir: Direction,
        mut visit: impl FnMut(usize, NodeIx, EdgeIx, &'n Link) -> bool,
    ) {
        let mut walks = Vec::with_capacity(WALKS);
        let mut first = 0usize;
        for batch in nodes.chunks(WALKS) {
            walks.clear();
            walks.extend(
                batch
                    .iter()
                    .enumerate()
                    .map(|(i, ix)| (first.saturating_add(i), self.graph.edges_directed(*ix, dir))),
            );
            while !walks.is_empty() {
                walks.retain_mut(|(i, walk)| {
                    walk.next().is_some_and(|e| {
                        let other = match dir {
                            Direction::Outgoing => e.target(),
                            Direction::Incoming => e.source(),
                        };
                        !visit(*i, other, e.id(), e.weight())
                    })
                });
            }
            first = first.saturating_add(batch.len());
        }
    }

    /// A relation from `a` to `b` that `wanted` picks, if any. Each relation
    /// is in `a`'s chain of outgoing relations and in `b`'s chain of
    /// incoming ones, so the two chains are walked a step each in turn
    /// until one yields a match or ends: the cost is that of the shorter,
    /// and an organisation that carries, files or decides by the hundred
    /// thousand adds one more relation at the cost of its target's few
    /// (petgraph's `edges_connecting` walks `a`'s whole chain).
    pub(crate) fn find_edge_between(
        &self,
        a: NodeIx,
        b: NodeIx,
        wanted: impl Fn(EdgeIx, &Link) -> bool,
    ) -> Option<EdgeIx> {
        let mut outgoing = self.graph.edges_directed(a, Direction::Outgoing);
        let mut incoming = self.graph.edges_directed(b, Direction::Incoming);
        loop {
            let e = outgoing.next()?;
            if e.target() == b && wanted(e.id(), e.weight()) {
                return Some(e.id());
            }
            let e = incoming.next()?;
            if e.source() == a && wanted(e.id(), e.weight()) {
                return Some(e.id());
            }
        }
    }

    /// The relations in direction `dir` of every node of `nodes` whose link
    /// satisfies `keep`, as the node's position in `nodes` and the node at
    /// the other end: [`Network::walk_together`], every relation walked.
    pub(crate) fn related_together(
        &self,
        nodes: &[NodeIx],
        dir: Direction,
        keep: impl Fn(&Link) -> bool,
    ) -> Vec<(usize, NodeIx)> {
        let mut found = Vec::new();
        self.walk_together(nodes, dir, |i, other, _, link| {
            if keep(link) {
                found.push((i, other));
            }
            false
        });
        found
    }

    /// For each node of `nodes`, whether one of its relations in direction
    /// `dir` satisfies `hit`: [`Network::walk_together`], each walk
    /// stopping at the first relation that answers.
    pub(crate) fn any_together(
        &self,
        nodes: &[NodeIx],
        dir: Direction,
        mut hit: impl FnMut(&Link) -> bool,
    ) -> Vec<bool> {
        let mut found = vec![false; nodes.len()];
        self.walk_together(nodes, dir, |i, _, _, link| {
            let yes = hit(link);
            if yes && let Some(f) = found.get_mut(i) {
                *f = true;
            }
            yes
        });
        found
    }

    /// Whether the node at `ix` is an organisation with established
    /// governance, from [`Network::established`].
    pub(crate) fn is_established(&self, ix: NodeIx) -> bool {
        self.established.contains(ix)
    }

    /// The nodes of `kind`, in storage order, from their set
    /// ([`Network::of_kind`]).
    pub(crate) fn nodes_of_kind(&self, kind: NodeKind) -> &Bits {
        const NONE: &Bits = &Bits::EMPTY;
        self.of_kind.get(kind_slot(kind)).unwrap_or(NONE)
    }

    /// Replaces the value of the node at `ix` (of the same kind), keeping
    /// [`Network::established`]; gives the old value back.
    ///
    /// A node that gains or loses legal personality has its copies as a
    /// party updated: a walk of its outgoing relations, which only an
    /// organisation's change of form or personality pays.
    pub(crate) fn replace_node(&mut self, ix: NodeIx, node: Node) -> Option<Node> {
        let yes = established(&node);
        let legal = node.is_legal_person();
        let old = std::mem::replace(&mut self.slot_mut(ix)?.node, node);
        self.established.set(ix, yes);
        if old.is_legal_person() != legal {
            let contracts: Vec<(NodeIx, EdgeIx)> = self
                .graph
                .edges_directed(ix, Direction::Outgoing)
                .filter(|e| e.weight().kind() == RelationKind::PartyTo)
                .map(|e| (e.target(), e.id()))
                .collect();
            for (contract, e) in contracts {
                if let Some(copy) = self.party_copy_mut(contract, e) {
                    copy.is_legal_person = legal;
                }
            }
        }
        Some(old)
    }

    /// The copy of the `party-to` relation `e` into `contract`.
    fn party_copy_mut(&mut self, contract: NodeIx, e: EdgeIx) -> Option<&mut PartyAt> {
        self.party_copies
            .get_mut(&contract)?
            .iter_mut()
            .rfind(|p| p.edge == e)
    }

    /// Makes the copies of the relations of `shares` that are `party-to`
    /// relations hold the key given with each, the key the relation now
    /// holds for its signatory (see `Network::share_keys`). Grouped by
    /// contract: a contract with a few shares has each found from its
    /// newest copy back (a party just added is the last), one with more
    /// has its list walked once, so committing a contract of many signed
    /// parties (loading a document) costs its parties, not their square.
    pub(crate) fn share_signers(&mut self, shares: Vec<(EdgeIx, Key)>) {
        /// Up to this many shares, each is searched from the end.
        const FEW: usize = 4;
        let mut shares: Vec<(NodeIx, EdgeIx, Key)> = shares
            .into_iter()
            .filter_map(|(e, key)| Some((self.graph.edge_endpoints(e)?.1, e, key)))
            .collect();
        shares.sort_unstable_by_key(|s| (s.0, s.1));
        for group in shares.chunk_by(|a, b| a.0 == b.0) {
            let Some(list) = group.first().and_then(|s| self.party_copies.get_mut(&s.0)) else {
                continue;
            };
            if group.len() <= FEW {
                for (_, e, key) in group {
                    if let Some(copy) = list.iter_mut().rfind(|p| p.edge == *e) {
                        copy.signed_by = Some(key.clone());
                    }
                }
            } else {
                for copy in list.iter_mut() {
                    let found = group
                        .binary_search_by_key(&copy.edge, |s| s.1)
                        .ok()
                        .and_then(|at| group.get(at));
                    if let Some((_, _, key)) = found {
                        copy.signed_by = Some(key.clone());
                    }
                }
            }
        }
    }

    pub(crate) fn insert_node(&mut self, key: Key, node: Node) -> NodeIx {
        let kind = node.kind();
        // The graph gives a free index back before a new one; the slots
        // follow its numbering.
        let ix = self.graph.add_node(kind);
        self.established.set(ix, established(&node));
        if let Some(bits) = self.of_kind.get_mut(kind_slot(kind)) {
            bits.set(ix, true);
        }
        let at = ix.index();
        if self.slots.len() <= at {
            self.slots.resize_with(at.saturating_add(1), || None);
        }
        if let Some(s) = self.slots.get_mut(at) {
            *s = Some(Slot {
                key: key.clone(),
                node,
            });
        }
        self.index.insert(&key, ix, key_of(&self.slots));
        ix
    }

    /// Adds a relation: the only place, with `remove_edge`, that keeps the
    /// inbound index and the copies of carryings, mandates and parties.
    pub(crate) fn add_edge(&mut self, a: NodeIx, b: NodeIx, link: Link) -> EdgeIx {
        let kind = link.kind();
        let carrying = match &link {
            Link::Carries(c) => Some((c.period, c.scope)),
            _ => None,
        };
        let mandate = match &link {
            Link::Mandate(m) => Some((m.powers, m.period)),
            _ => None,
        };
        let e = self.graph.add_edge(a, b, link);
        if INDEXED.contains(&kind) {
            self.inbound.entry((b, kind)).or_default().push(e);
        }
        if let (Some(slot), Some(Link::PartyTo(party))) = (self.slot(a), self.graph.edge_weight(e))
        {
            let copy = PartyAt::new(a, e, slot, party);
            self.party_copies.entry(b).or_default().push(copy);
        }
        if let Some((powers, period)) = mandate {
            self.mandates.entry(b).or_default().push(MandateAt {
                holder: a,
                edge: e,
                powers,
                period,
            });
        }
        if let Some((period, scope)) = carrying {
            self.carryings.entry(b).or_default().push(CarryingAt {
                carrier: a,
                edge: e,
                period,
                scope,
            });
        }
        e
    }

    /// Removes a relation, keeping the inbound index and the copies of
    /// carryings, mandates and parties.
    /// Each list is searched from the end: removing a node removes its
    /// relations newest first, each then found at once, so a node with
    /// 100 000 mandates goes in linear time. Removing one relation is
    /// linear in the target's relations of its kind, as petgraph's own
    /// unlinking is in its relations.
    pub(crate) fn remove_edge(&mut self, e: EdgeIx) -> Option<Link> {
        let ends = self.graph.edge_endpoints(e);
        let link = self.graph.remove_edge(e)?;
        let kind = link.kind();
        let Some((_, b)) = ends else {
            return Some(link);
        };
        if INDEXED.contains(&kind)
            && self
                .inbound
                .get_mut(&(b, kind))
                .is_some_and(|list| list.remove_last(|x| *x == e))
        {
            self.inbound.remove(&(b, kind));
        }
        if kind == RelationKind::PartyTo
            && let Some(list) = self.party_copies.get_mut(&b)
        {
            if let Some(at) = list.iter().rposition(|p| p.edge == e) {
                list.remove(at);
            }
            if list.is_empty() {
                self.party_copies.remove(&b);
            }
        }
        if kind == RelationKind::Mandate
            && self
                .mandates
                .get_mut(&b)
                .is_some_and(|list| list.remove_last(|m| m.edge == e))
        {
            self.mandates.remove(&b);
        }
        if kind == RelationKind::Carries
            && self
                .carryings
                .get_mut(&b)
                .is_some_and(|list| list.remove_last(|c| c.edge == e))
        {
            self.carryings.remove(&b);
        }
        Some(link)
    }

    /// Removes a node that has no relation left.
    pub(crate) fn remove_node(&mut self, ix: NodeIx) -> Option<Slot> {
        // Out of the index first: a key longer than an index entry holds
        // is recognised by reading the node's own key.
        if !self.graph.contains_node(ix) {
            return None;
        }
        let key = self.slot(ix)?.key.clone();
        self.index.remove(&key, key_of(&self.slots));
        let kind = self.graph.remove_node(ix)?;
        self.established.set(ix, false);
        if let Some(bits) = self.of_kind.get_mut(kind_slot(kind)) {
            bits.set(ix, false);
        }
        self.slots.get_mut(ix.index())?.take()
    }

    /// Whether the network is far from the index type's limit. Every change
    /// adds at most one node or one relation, so one free slot is enough.
    pub(crate) fn has_room(&self) -> bool {
        let limit = (Ix::MAX as usize).saturating_sub(1);
        self.graph.node_count() < limit && self.graph.edge_count() < limit
    }

    /// Checks every internal and hard invariant from scratch and returns the
    /// first violation. For tests: a correct network always passes.
    #[doc(hidden)]
    pub fn check_invariants(&self) -> Result<(), String> {
        if self.index.len() != self.graph.node_count() {
            return Err(format!(
                "index has {} keys, graph {} nodes",
                self.index.len(),
                self.graph.node_count()
            ));
        }
        let bound = petgraph::visit::NodeIndexable::node_bound(&self.graph);
        if (0..self.slots.len().max(bound)).any(|i| {
            let ix = NodeIx::new(i);
            self.slot(ix).is_some() != self.graph.contains_node(ix)
        }) {
            return Err("the slots differ from the graph's nodes".into());
        }
        if self
            .slots()
            .any(|(ix, s)| self.kind_at(ix) != Some(s.node.kind()))
        {
            return Err("the graph's kinds differ from the nodes".into());
        }
        let bits = self.established.bound();
        if (0..self.slots.len().max(bits)).any(|i| {
            let ix = NodeIx::new(i);
            self.is_established(ix) != self.slot(ix).is_some_and(|s| established(&s.node))
        }) {
            return Err("the bits of established governance differ from the nodes".into());
        }
        for (&kind, set) in NodeKind::ALL.iter().zip(&self.of_kind) {
            let bound = set.bound().max(self.slots.len());
            if (0..bound).any(|i| {
                let ix = NodeIx::new(i);
                set.contains(ix) != (self.kind_at(ix) == Some(kind))
            }) {
                return Err(format!("the set of {kind} nodes differs from the nodes"));
            }
        }
        let distinct: BTreeSet<NodeIx> = self.index.indices().collect();
        if distinct.len() != self.index.len() {
            return Err("two keys of the index name the same node".into());
        }
        for ix in self.index.indices() {
            let slot = self
                .slot(ix)
                .ok_or_else(|| format!("{ix:?} is indexed but vacant"))?;
            let key = &slot.key;
            if self.ix(key) != Some(ix) {
                return Err(format!("`{key}` is not found at its own node"));
            }
            if self.retired.contains(key) {
                return Err(format!("`{key}` is both live and retired"));
            }
            if slot.node.name().trim().is_empty() {
                return Err(format!("`{key}` has an empty name"));
            }
        }
        let mut seen = HashSet::new();
        for e in self.graph.edge_references() {
            let (a, b) = (e.source(), e.target());
            let (Some(sa), Some(sb)) = (self.slot(a), self.slot(b)) else {
                return Err("an edge has a vacant endpoint".into());
            };
            let kind = e.weight().kind();
            if a == b {
                return Err(format!("self relation on `{}`", sa.key));
            }
            if !kind.sources().contains(&sa.node.kind())
                || !kind.targets().contains(&sb.node.kind())
            {
                return Err(format!(
                    "{kind} `{}` → `{}` has wrong endpoint kinds",
                    sa.key, sb.key
                ));
            }
            if let Link::Carries(c) = e.weight() {
                if !sa.node.is_legal_person() {
                    return Err(format!("carrier `{}` is not a legal person", sa.key));
                }
                if c.scope.is_empty() {
                    return Err(format!("carrying `{}` → `{}` has no scope", sa.key, sb.key));
                }
            }
            if let Link::Mandate(m) = e.weight()
                && m.powers.is_empty()
            {
                return Err(format!("mandate `{}` → `{}` has no powers", sa.key, sb.key));
            }
            let twin = self.find_edge_between(a, b, |other, link| {
                other != e.id()
                    && link.kind() == kind
                    && link.period().overlaps(&e.weight().period())
            });
            if twin.is_some() {
                return Err(format!("duplicate {kind} `{}` → `{}`", sa.key, sb.key));
            }
            if let Link::Carries(c) = e.weight()
                && c.is_administrative()
            {
                // From petgraph's adjacency, not the copies of
                // carryings, which are checked on their own below.
                for other_edge in self.graph.edges_directed(b, Direction::Incoming) {
                    let (carrier, eid, other) =
                        (other_edge.source(), other_edge.id(), other_edge.weight());
                    if let Link::Carries(oc) = other
                        && eid != e.id()
                        && oc.is_administrative()
                        && oc.period.overlaps(&c.period)
                    {
                        return Err(format!(
                            "`{}` has overlapping administrative carriers `{}` and `{:?}`",
                            sb.key,
                            sa.key,
                            self.key_at(carrier)
                        ));
                    }
                }
            }
            seen.insert(e.id());
        }
        let mut rebuilt: HashMap<(NodeIx, RelationKind), BTreeSet<EdgeIx>> = HashMap::new();
        for e in self.graph.edge_references() {
            let kind = e.weight().kind();
            if INDEXED.contains(&kind) {
                rebuilt
                    .entry((e.target(), kind))
                    .or_default()
                    .insert(e.id());
            }
        }
        let kept: HashMap<(NodeIx, RelationKind), BTreeSet<EdgeIx>> = self
            .inbound
            .iter()
            .map(|(k, v)| (*k, v.as_slice().iter().copied().collect()))
            .collect();
        if rebuilt != kept
            || self
                .inbound
                .values()
                .map(EdgeList::as_slice)
                .any(|v| v.len() != v.iter().collect::<HashSet<_>>().len())
        {
            return Err("the inbound index differs from a rebuild".into());
        }
        let carryings = self.copies_match(
            |e| match e.weight() {
                Link::Carries(c) => Some(CarryingAt {
                    carrier: e.source(),
                    edge: e.id(),
                    period: c.period,
                    scope: c.scope,
                }),
                _ => None,
            },
            self.carryings
                .iter()
                .map(|(k, v)| (*k, v.as_slice().to_vec())),
            |c| c.edge,
        );
        if !carryings {
            return Err("the copies of carryings differ from a rebuild".into());
        }
        let mandates = self.copies_match(
            |e| match e.weight() {
                Link::Mandate(m) => Some(MandateAt {
                    holder: e.source(),
                    edge: e.id(),
                    powers: m.powers,
                    period: m.period,
                }),
                _ => None,
            },
            self.mandates
                .iter()
                .map(|(k, v)| (*k, v.as_slice().to_vec())),
            |m| m.edge,
        );
        if !mandates {
            return Err("the copies of mandates differ from a rebuild".into());
        }
        let parties = self.copies_match(
            |e| match (e.weight(), self.slot(e.source())) {
                (Link::PartyTo(party), Some(slot)) => {
                    Some(PartyAt::new(e.source(), e.id(), slot, party))
                }
                _ => None,
            },
            self.party_copies.iter().map(|(k, v)| (*k, v.clone())),
            |p| p.edge,
        );
        if !parties {
            return Err("the copies of parties differ from a rebuild".into());
        }
        let contracts: crate::change::Touched = self
            .slots()
            .filter(|(_, s)| {
                matches!(
                    s.node,
                    Node::Contract(_) | Node::Application(_) | Node::Decision(_)
                )
            })
            .map(|(_, s)| s.key.clone())
            .collect();
        self.check_touched(contracts)
            .map_err(|(_, _, e)| e.to_string())?;
        for kind in [RelationKind::Carries, RelationKind::MemberOf] {
            let filtered =
                petgraph::visit::EdgeFiltered::from_fn(&self.graph, |e| e.weight().kind() == kind);
            if petgraph::algo::toposort(&filtered, None).is_err() {
                return Err(format!("{kind} has a cycle"));
            }
        }
        Ok(())
    }
}

impl Network {
    /// Whether the copies of relations `kept` by target node are what
    /// `copy` makes of the graph's relations (`None` for a relation not
    /// copied), compared as lists in the order of their relations' `edge`.
    fn copies_match<T: PartialEq>(
        &self,
        copy: impl Fn(petgraph::stable_graph::EdgeReference<'_, Link, Ix>) -> Option<T>,
        kept: impl Iterator<Item = (NodeIx, Vec<T>)>,
        edge: impl Fn(&T) -> EdgeIx,
    ) -> bool {
        let mut rebuilt: HashMap<NodeIx, Vec<T>> = HashMap::new();
        for e in self.graph.edge_references() {
            if let Some(c) = copy(e) {
                rebuilt.entry(e.target()).or_default().push(c);
            }
        }
        let mut kept: HashMap<NodeIx, Vec<T>> = kept.collect();
        for list in rebuilt.values_mut().chain(kept.values_mut()) {
            list.sort_unstable_by_key(|c| edge(c));
        }
        rebuilt == kept
    }
}

impl PartialEq for Network {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self.relation_count() == other.relation_count()
            && self.retired == other.retired
            && self.nodes().eq(other.nodes())
            && self.relations() == other.relations()
    }
}

impl Eq for Network {}

impl fmt::Debug for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Network")
            .field("nodes", &self.len())
            .field("relations", &self.relation_count())
            .field("retired", &self.retired.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        reason = "test code"
    )]

    use petgraph::Direction;

    use super::{NodeIx, kind_slot};
    use crate::{
        Act, Change, Form, Involvement, Key, Mandate, Membership, Network, Organisation, Period,
        Person, Powers, Role,
    };

    /// A short list behaves as a vector of its items, in order, on both
    /// sides of the in-place bound: pushes past it, removals at the front,
    /// middle and back (the last of equal items), down to empty, and up
    /// again; removing an absent item changes nothing.
    #[test]
    fn short_lists_keep_their_items_in_order() {
        use super::{EdgeIx, EdgeList, INLINE_EDGES};
        assert_eq!(std::mem::size_of::<EdgeList>(), 32);
        let e = |i: usize| EdgeIx::new(i);
        let mut list = EdgeList::default();
        let mut model: Vec<EdgeIx> = Vec::new();
        let check = |list: &EdgeList, model: &[EdgeIx]| assert_eq!(list.as_slice(), model);
        // Removes the item at `at` of the model, by value, from both.
        let remove = |list: &mut EdgeList, model: &mut Vec<EdgeIx>, at: usize| {
            let item = model[at];
            let last = model.iter().rposition(|x| *x == item).unwrap_or(at);
            model.remove(last);
            assert_eq!(list.remove_last(|x| *x == item), model.is_empty());
            assert_eq!(list.as_slice(), model.as_slice());
        };
        check(&list, &model);
        assert!(list.remove_last(|x| *x == e(0)));
        check(&list, &model);
        for round in 0..2 {
            for i in 0..INLINE_EDGES * 3 {
                list.push(e(100 * round + i));
                model.push(e(100 * round + i));
                check(&list, &model);
            }
            assert!(!list.remove_last(|x| *x == e(99)));
            check(&list, &model);
            for at in [0, 3, usize::MAX] {
                while !model.is_empty() {
                    let at = at.min(model.len() - 1);
                    remove(&mut list, &mut model, at);
                    if model.len() == INLINE_EDGES {
                        break;
                    }
                }
            }
            while !model.is_empty() {
                remove(&mut list, &mut model, 0);
            }
        }
        // In place, the same, with an item held twice: the later goes.
        let mut list = EdgeList::default();
        let mut model = Vec::new();
        for i in [0, 1, 2, 1, 4, 5, 6] {
            list.push(e(i));
            model.push(e(i));
        }
        for at in [1, 0, INLINE_EDGES - 3] {
            remove(&mut list, &mut model, at);
        }
        assert_eq!(list.as_slice(), [e(1), e(2), e(4), e(5)]);
        assert!(matches!(list, EdgeList::Inline(..)));
    }

    /// A relation between two nodes is found as petgraph's
    /// `edges_connecting` would find it, whichever chain is shorter:
    /// several mandates between the same two nodes (disjoint periods),
    /// among other relations on both sides, in both directions of asking;
    /// every one of them is found, and nothing else is.
    #[test]
    fn a_relation_between_two_nodes_is_found_from_the_shorter_chain()
    -> Result<(), Box<dyn std::error::Error>> {
        use std::collections::BTreeSet;
        let k = |s: &str| Key::new(s);
        let year = |y: i32| -> Result<Period, Box<dyn std::error::Error>> {
            let from = time::Date::from_calendar_date(y, time::Month::January, 1)?;
            let to = time::Date::from_calendar_date(y, time::Month::December, 31)?;
            Ok(Period::between(from, to)?)
        };
        let sign = |period| Mandate::new(Powers::of(&[Act::Sign]), period);
        let mut net = Network::new();
        for o in ["o", "other"] {
            net.apply(Change::add(k(o)?, Organisation::new(o, Form::Association)))?;
        }
        for p in ["p", "q"] {
            net.apply(Change::add(k(p)?, Person::new(p)))?;
        }
        // `p` → `o` three times; `p` has one more relation, `o` many more.
        for y in [2015, 2017, 2019] {
            net.apply(Change::relate(k("p")?, k("o")?, sign(year(y)?)))?;
        }
        net.apply(Change::relate(k("p")?, k("other")?, sign(Period::ALWAYS)))?;
        for i in 0..20 {
            let person = format!("m{i}");
            net.apply(Change::add(k(&person)?, Person::new(&person)))?;
            net.apply(Change::relate(k(&person)?, k("o")?, sign(Period::ALWAYS)))?;
        }
        net.apply(Change::relate(k("q")?, k("other")?, sign(Period::ALWAYS)))?;
        let ix = |s: &str| net.ix(s).ok_or("a node");
        for (a, b, expected) in [
            ("p", "o", 3),
            ("p", "other", 1),
            ("q", "o", 0),
            ("o", "p", 0),
        ] {
            let (a, b) = (ix(a)?, ix(b)?);
            let theirs: BTreeSet<_> = net
                .graph
                .edges_connecting(a, b)
                .map(|e| petgraph::visit::EdgeRef::id(&e))
                .collect();
            assert_eq!(theirs.len(), expected);
            for &e in &theirs {
                assert_eq!(net.find_edge_between(a, b, |id, _| id == e), Some(e));
            }
            assert_eq!(
                net.find_edge_between(a, b, |id, _| !theirs.contains(&id)),
                None
            );
        }
        Ok(())
    }

    /// The slots follow the graph's numbering, freed indices included:
    /// a slot emptied or filled behind the graph's back is caught.
    #[test]
    fn slots_out_of_step_with_the_graph_are_caught() -> Result<(), Box<dyn std::error::Error>> {
        let mut net = Network::new();
        for name in ["a", "b", "c"] {
            net.apply(Change::add(Key::new(name)?, Person::new(name)))?;
        }
        net.apply(Change::remove(Key::new("b")?))?;
        net.check_invariants()?;
        let freed = net
            .slots
            .iter()
            .position(Option::is_none)
            .ok_or("a freed index")?;
        let mut filled = net.clone();
        filled.slots[freed] = filled.slots[0].clone();
        let mut emptied = net.clone();
        emptied.slots[0] = None;
        let mut longer = net.clone();
        longer.slots.push(net.slots[0].clone());
        for broken in [filled, emptied, longer] {
            let error = broken.check_invariants().err().ok_or("caught")?;
            assert!(error.contains("slots differ"), "{error}");
        }
        // Adding gives the freed index back, with its slot and kind.
        net.apply(Change::add(Key::new("d")?, Person::new("d")))?;
        assert_eq!(net.ix("d").map(|ix| ix.index()), Some(freed));
        net.check_invariants()?;
        Ok(())
    }

    /// The bits of established governance follow the nodes: an
    /// organisation added established or in formation, its governance
    /// posed by an update, the update rolled back with a refused batch, a
    /// person, a removal and a freed index given to a new node; a bit out
    /// of step is caught.
    #[test]
    fn bits_of_established_governance_follow_the_nodes() -> Result<(), Box<dyn std::error::Error>> {
        use crate::{Blueprint, BriqueKind};
        let forming = || {
            Organisation::new("Chambre", Form::Collective)
                .in_formation(Blueprint::new([BriqueKind::Coworking]))
        };
        let mut net = Network::new();
        net.apply(Change::add(
            Key::new("anis")?,
            Organisation::new("ANIS", Form::Association),
        ))?;
        net.apply(Change::add(Key::new("chambre")?, forming()))?;
        net.apply(Change::add(Key::new("ada")?, Person::new("Ada")))?;
        let ix = |net: &Network, key: &str| net.ix(key).ok_or("indexed");
        let speaks = |net: &Network, key: &str| -> Result<bool, String> {
            net.check_invariants()?;
            Ok(net.is_established(ix(net, key)?))
        };
        assert!(speaks(&net, "anis")?);
        assert!(!speaks(&net, "chambre")?);
        assert!(!speaks(&net, "ada")?);
        let posed = Organisation::new("Chambre", Form::Collective);
        let refused = net.apply_all([
            Change::update(Key::new("chambre")?, posed.clone()),
            Change::update(Key::new("nobody")?, posed.clone()),
        ]);
        assert!(refused.is_err());
        assert!(!speaks(&net, "chambre")?, "rolled back");
        net.apply(Change::update(Key::new("chambre")?, posed))?;
        assert!(speaks(&net, "chambre")?);
        net.apply(Change::update(Key::new("chambre")?, forming()))?;
        assert!(!speaks(&net, "chambre")?);
        let freed = ix(&net, "anis")?;
        net.apply(Change::remove(Key::new("anis")?))?;
        assert!(!net.is_established(freed));
        net.check_invariants()?;
        net.apply(Change::add(Key::new("ben")?, Person::new("Ben")))?;
        assert_eq!(net.ix("ben"), Some(freed));
        assert!(!speaks(&net, "ben")?);
        // Out of step with the nodes: caught, on either side (a bit set
        // for an organisation in formation and for a person, a bit
        // cleared for an established organisation).
        net.apply(Change::add(
            Key::new("coop")?,
            Organisation::new("Coop", Form::Cooperative),
        ))?;
        assert!(speaks(&net, "coop")?);
        let (chambre, coop) = (ix(&net, "chambre")?, ix(&net, "coop")?);
        for flip in [chambre, freed, coop] {
            let mut broken = net.clone();
            let set = !broken.is_established(flip);
            broken.established.set(flip, set);
            let error = broken.check_invariants().err().ok_or("caught")?;
            assert!(error.contains("established governance"), "{error}");
        }
        Ok(())
    }

    /// The sets of nodes by kind follow the nodes: added, removed, an index
    /// freed and given to a node of another kind, a refused batch rolled
    /// back; each set lists what a scan of the slots finds, in index
    /// order, and a set out of step is caught.
    #[test]
    fn sets_of_nodes_by_kind_follow_the_nodes() -> Result<(), Box<dyn std::error::Error>> {
        use crate::NodeKind;
        let scan = |net: &Network, kind: NodeKind| -> Vec<NodeIx> {
            net.slots()
                .filter(|(_, s)| s.node.kind() == kind)
                .map(|(ix, _)| ix)
                .collect()
        };
        let agree = |net: &Network| -> Result<(), String> {
            net.check_invariants()?;
            for &kind in NodeKind::ALL {
                let listed: Vec<NodeIx> = net.nodes_of_kind(kind).iter().collect();
                assert_eq!(listed, scan(net, kind), "{kind}");
                assert_eq!(net.nodes_of_kind(kind).count(), listed.len());
            }
            Ok(())
        };
        let k = Key::new;
        let mut net = Network::new();
        net.apply_all([
            Change::add(k("ada")?, Person::new("Ada")),
            Change::add(k("anis")?, Organisation::new("ANIS", Form::Association)),
            Change::add(k("ben")?, Person::new("Ben")),
        ])?;
        agree(&net)?;
        let freed = net.ix("ada").ok_or("ada")?;
        net.apply(Change::remove(k("ada")?))?;
        agree(&net)?;
        net.apply(Change::add(
            k("coop")?,
            Organisation::new("Coop", Form::Cooperative),
        ))?;
        assert_eq!(net.ix("coop"), Some(freed), "the freed index, another kind");
        agree(&net)?;
        let refused = net.apply_all([
            Change::remove(k("ben")?),
            Change::add(k("cy")?, Person::new("Cy")),
            Change::add(k("cy")?, Person::new("Cy")),
        ]);
        assert!(refused.is_err());
        agree(&net)?;
        assert_eq!(net.nodes_of_kind(NodeKind::Person).count(), 1);
        assert_eq!(net.nodes_of_kind(NodeKind::Organisation).count(), 2);
        let mut broken = net.clone();
        if let Some(set) = broken.of_kind.get_mut(kind_slot(NodeKind::Place)) {
            set.set(freed, true);
        }
        let error = broken.check_invariants().err().ok_or("caught")?;
        assert!(error.contains("set of place nodes"), "{error}");
        Ok(())
    }

    /// The copies of carryings follow their relations: a carried
    /// organisation's successive administrative carriers, added, removed,
    /// rolled back and removed with their carrier, answer as a scan of its
    /// relations does, a carrying without administrative scope is copied
    /// but never taken for the administrative one, and a copy out of step
    /// with the relations is caught.
    #[test]
    fn copies_of_carryings_follow_their_relations() -> Result<(), Box<dyn std::error::Error>> {
        // Two carryings in the map's entry, as `docs/PERFORMANCE.md` says.
        assert_eq!(std::mem::size_of::<super::CarryingList>(), 48);
        use crate::{Carrying, Scope, ScopeKind};
        use time::macros::date;
        let org = |name: &str| Organisation::new(name, Form::Association);
        let mut net = Network::new();
        for name in ["a", "b", "d", "c"] {
            net.apply(Change::add(Key::new(name)?, org(name)))?;
        }
        let admin = Scope::of(&[ScopeKind::Administrative, ScopeKind::Legal]);
        let first = Carrying::new(
            admin,
            Period::between(date!(2010 - 01 - 01), date!(2015 - 12 - 31))?,
        );
        let then = Carrying::new(admin, Period::since(date!(2016 - 01 - 01)));
        let money = Carrying::new(Scope::of(&[ScopeKind::Financial]), Period::ALWAYS);
        let relate = |from: &str, link: &Carrying| -> Result<Change, Box<dyn std::error::Error>> {
            Ok(Change::relate(
                Key::new(from)?,
                Key::new("c")?,
                link.clone(),
            ))
        };
        let unrelate =
            |from: &str, link: &Carrying| -> Result<Change, Box<dyn std::error::Error>> {
                Ok(Change::unrelate(
                    Key::new(from)?,
                    Key::new("c")?,
                    link.clone(),
                ))
            };
        use petgraph::visit::EdgeRef;
        // The relations themselves, from petgraph's adjacency: not the
        // copies under test.
        let scan = |net: &Network, on| {
            let c = net.ix("c")?;
            net.graph
                .edges_directed(c, Direction::Incoming)
                .find(|e| {
                    matches!(e.weight(), crate::Link::Carries(x) if x.is_administrative() && x.period.contains(on))
                })
                .map(|e| e.source())
        };
        let dates = [
            date!(2009 - 06 - 01),
            date!(2012 - 06 - 01),
            date!(2017 - 06 - 01),
        ];
        let agree = |net: &Network| -> Result<(), String> {
            net.check_invariants()?;
            let c = net.ix("c").ok_or("c")?;
            for on in dates {
                assert_eq!(net.admin_carrier_ix_at(c, on), scan(net, on), "{on}");
                assert_eq!(
                    net.admin_carrier_at(c, on).map(|(carrier, _)| carrier),
                    scan(net, on)
                );
            }
            Ok(())
        };
        net.apply(relate("d", &money)?)?;
        agree(&net)?;
        let c = net.ix("c").ok_or("c")?;
        assert_eq!(net.carryings_into(c).len(), 1);
        assert_eq!(
            net.admin_carrier_ix_at(c, dates[1]),
            None,
            "not administrative"
        );
        net.apply(relate("a", &first)?)?;
        net.apply(relate("b", &then)?)?;
        agree(&net)?;
        assert_eq!(
            net.admin_carrier_ix_at(net.ix("c").ok_or("c")?, dates[2]),
            net.ix("b")
        );
        // A refused batch rolls its carrying back, copy included.
        let refused = net.apply_all([unrelate("a", &first)?, relate("zz", &first)?]);
        assert!(refused.is_err());
        agree(&net)?;
        net.apply(unrelate("a", &first)?)?;
        agree(&net)?;
        assert_eq!(
            net.admin_carrier_ix_at(net.ix("c").ok_or("c")?, dates[1]),
            None
        );
        net.apply(unrelate("b", &then)?)?;
        agree(&net)?;
        assert_eq!(
            net.carryings_into(c).len(),
            1,
            "no copy outlives its relation"
        );
        net.apply(Change::remove_with_relations(Key::new("d")?))?;
        agree(&net)?;
        assert!(net.carryings.is_empty());
        // Out of step with the relations: caught.
        net.apply(relate("a", &first)?)?;
        let mut broken = net.clone();
        broken.carryings.clear();
        let error = broken.check_invariants().err().ok_or("caught")?;
        assert!(error.contains("copies of carryings"), "{error}");
        Ok(())
    }

    /// The copies of mandates follow their relations: added, removed, a
    /// refused batch rolled back, removed with their holder, each list in
    /// the order of its relations, and a copy out of step caught.
    #[test]
    fn copies_of_mandates_follow_their_relations() -> Result<(), Box<dyn std::error::Error>> {
        use time::macros::date;
        // Two mandates in the map's entry, as `docs/PERFORMANCE.md` says.
        assert_eq!(std::mem::size_of::<super::MandateList>(), 48);
        let k = Key::new;
        let mut net = Network::new();
        net.apply_all([
            Change::add(k("anis")?, Organisation::new("ANIS", Form::Association)),
            Change::add(k("ada")?, Person::new("Ada")),
            Change::add(k("ben")?, Person::new("Ben")),
            Change::add(k("cy")?, Person::new("Cy")),
        ])?;
        let sign = Mandate::new(
            Powers::of(&[Act::Sign]),
            Period::since(date!(2017 - 01 - 01)),
        );
        let speak = Mandate::new(Powers::of(&[Act::Speak, Act::File]), Period::ALWAYS);
        net.apply_all([
            Change::relate(k("ada")?, k("anis")?, sign.clone()),
            Change::relate(k("ben")?, k("anis")?, speak.clone()),
            Change::relate(k("cy")?, k("anis")?, sign.clone()),
        ])?;
        net.check_invariants()?;
        let anis = net.ix("anis").ok_or("anis")?;
        let holders = |net: &Network| -> Vec<String> {
            net.mandates_into(anis)
                .iter()
                .filter_map(|m| net.key_at(m.holder).map(ToString::to_string))
                .collect()
        };
        assert_eq!(holders(&net), ["ada", "ben", "cy"], "past the two in place");
        // A copy grants what its mandate grants, act by act and date by
        // date.
        for (copy, mandate) in net.mandates_into(anis).iter().zip([&sign, &speak, &sign]) {
            for act in [Act::Sign, Act::File, Act::Speak, Act::Decide] {
                for on in [
                    date!(2016 - 12 - 31),
                    date!(2017 - 01 - 01),
                    date!(2030 - 01 - 01),
                ] {
                    assert_eq!(copy.grants(act, on), mandate.grants(act, on), "{act} {on}");
                }
            }
        }
        let refused = net.apply_all([
            Change::unrelate(k("ada")?, k("anis")?, sign.clone()),
            Change::relate(k("nobody")?, k("anis")?, sign.clone()),
        ]);
        assert!(refused.is_err());
        net.check_invariants()?;
        // The relation put back is the newest, its copy last.
        assert_eq!(holders(&net), ["ben", "cy", "ada"]);
        net.apply(Change::unrelate(k("ben")?, k("anis")?, speak))?;
        net.check_invariants()?;
        assert_eq!(holders(&net), ["cy", "ada"]);
        net.apply(Change::remove_with_relations(k("ada")?))?;
        net.apply(Change::remove_with_relations(k("cy")?))?;
        net.check_invariants()?;
        assert!(net.mandates.is_empty(), "no copy outlives its relation");
        net.apply(Change::relate(k("ben")?, k("anis")?, sign))?;
        let mut broken = net.clone();
        broken.mandates.clear();
        let error = broken.check_invariants().err().ok_or("caught")?;
        assert!(error.contains("copies of mandates"), "{error}");
        Ok(())
    }

    /// The copies of `party-to` relations follow their relations and their
    /// parties: added and removed with the relation, the party's legal
    /// personality kept through updates and their undoing, the signatory's
    /// key shared with its node, and a copy out of step caught.
    #[test]
    fn copies_of_parties_follow_their_relations_and_parties()
    -> Result<(), Box<dyn std::error::Error>> {
        use crate::{Contract, ContractStatus, Lifecycle, Mode, Nature, Party, Term};
        use time::macros::date;
        // As `docs/PERFORMANCE.md` says.
        assert_eq!(std::mem::size_of::<super::PartyAt>(), 64);
        let k = Key::new;
        // Longer than a key holds in place: shared, not copied.
        let signer = "a-person-whose-key-is-long-enough";
        let mut net = Network::new();
        net.apply_all([
            Change::add(k("assoc")?, Organisation::new("Assoc", Form::Association)),
            Change::add(k("group")?, Organisation::new("Group", Form::Collective)),
            Change::add(k(signer)?, Person::new("Signer")),
            Change::add(
                k("pact")?,
                Contract::new(
                    "Pact",
                    Nature::Legal,
                    Term::from(date!(2020 - 01 - 01)),
                    Lifecycle::new(ContractStatus::Draft),
                ),
            ),
        ])?;
        let signed = Party::new(Mode::Committing).signed(date!(2020 - 02 - 01), Some(k(signer)?));
        net.apply_all([
            Change::relate(k("assoc")?, k("pact")?, signed.clone()),
            Change::relate(k("group")?, k("pact")?, Party::new(Mode::Supporting)),
        ])?;
        net.check_invariants()?;
        let pact = net.ix("pact").ok_or("pact")?;
        let facts = |net: &Network| {
            net.parties_of(pact)
                .iter()
                .map(|p| (p.key.to_string(), p.mode, p.is_person, p.is_legal_person))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            facts(&net),
            [
                ("assoc".to_owned(), Mode::Committing, false, true),
                ("group".to_owned(), Mode::Supporting, false, false),
            ]
        );
        let copy = net.parties_of(pact).first().ok_or("a copy")?;
        let by = copy.signed_by.as_ref().ok_or("signed")?;
        assert!(by.is(net.key_at(net.ix(signer).ok_or("signer")?).ok_or("key")?));
        assert_eq!(copy.signed_on, Some(date!(2020 - 02 - 01)));
        // Many signed parties committed together (a document loading):
        // every copy shares the signatory's key, its list walked once.
        let mut batch = vec![Change::add(
            k("big")?,
            Contract::new(
                "Big",
                Nature::Moral,
                Term::from(date!(2020 - 01 - 01)),
                Lifecycle::new(ContractStatus::Draft),
            ),
        )];
        for i in 0..9 {
            let org = k(&format!("org-{i}"))?;
            batch.push(Change::add(
                org.clone(),
                Organisation::new("Org", Form::Association),
            ));
            batch.push(Change::relate(org, k("big")?, signed.clone()));
        }
        net.apply_all(batch)?;
        net.check_invariants()?;
        let own = net.key_at(net.ix(signer).ok_or("signer")?).ok_or("key")?;
        let big = net.parties_of(net.ix("big").ok_or("big")?);
        assert_eq!(big.len(), 9);
        assert!(
            big.iter()
                .all(|p| p.signed_by.as_ref().is_some_and(|by| by.is(own)))
        );
        // The collective becomes an association: its copy follows, and
        // back again when a batch that did so is refused.
        let legal = Change::update(k("group")?, Organisation::new("Group", Form::Association));
        let refused = net.apply_all([
            legal.clone(),
            Change::update(k("nobody")?, Person::new("X")),
        ]);
        assert!(refused.is_err());
        net.check_invariants()?;
        assert!(!facts(&net)[1].3);
        net.apply(legal)?;
        net.check_invariants()?;
        assert!(facts(&net)[1].3);
        // Removed with its relation, alone or with its node.
        net.apply(Change::unrelate(k("assoc")?, k("pact")?, signed))?;
        net.check_invariants()?;
        assert_eq!(facts(&net).len(), 1);
        net.apply(Change::remove_with_relations(k("group")?))?;
        net.check_invariants()?;
        assert!(
            net.parties_of(pact).is_empty(),
            "no copy outlives its relation"
        );
        assert!(!net.party_copies.contains_key(&pact), "nor an empty list");
        // Out of step with the relations: caught.
        net.apply(Change::relate(
            k("assoc")?,
            k("pact")?,
            Party::new(Mode::Committing),
        ))?;
        let mut broken = net.clone();
        if let Some(list) = broken.party_copies.get_mut(&pact) {
            list.iter_mut().for_each(|p| p.is_legal_person = false);
        }
        let error = broken.check_invariants().err().ok_or("caught")?;
        assert!(error.contains("copies of parties"), "{error}");
        Ok(())
    }

    /// Walked together, in batches, each node's relations come in its own
    /// adjacency order and stop where the visitor says: the same as walking
    /// the nodes one after another, across batch boundaries and for nodes
    /// without relations.
    #[test]
    fn walking_together_is_walking_one_by_one() -> Result<(), Box<dyn std::error::Error>> {
        let mut net = Network::new();
        let mut orgs = Vec::new();
        for o in 0..100 {
            let key = Key::new(&format!("org-{o}"))?;
            net.apply(Change::add(
                key.clone(),
                Organisation::new("O", Form::Association),
            ))?;
            for p in 0..(o % 7) {
                let person = Key::new(&format!("person-{o}-{p}"))?;
                net.apply(Change::add(person.clone(), Person::new("P")))?;
                let m = Membership::new(Role::Member, Involvement::Core, Period::ALWAYS);
                net.apply(Change::relate(person, key.clone(), m))?;
            }
            orgs.push(net.ix(&key).ok_or("no index")?);
        }
        // Stop after the second relation of every node whose position is
        // even; read every relation of the others.
        let mut together = vec![Vec::new(); orgs.len()];
        net.walk_together(&orgs, Direction::Incoming, |i, other, _, _| {
            let Some(seen) = together.get_mut(i) else {
                return true;
            };
            seen.push(other);
            i % 2 == 0 && seen.len() == 2
        });
        for (i, (ix, seen)) in orgs.iter().zip(&together).enumerate() {
            let all: Vec<_> = net
                .graph
                .edges_directed(*ix, Direction::Incoming)
                .map(|e| petgraph::visit::EdgeRef::source(&e))
                .collect();
            let expected = if i % 2 == 0 {
                all.get(..2).unwrap_or(&all)
            } else {
                &all
            };
            assert_eq!(seen, expected, "node at {i}");
        }
        assert!(together.iter().any(|s| s.len() == 6));
        // Outgoing: the people, each a member of one organisation, walked
        // to the end; the other end is the target.
        let people: Vec<_> = net.nodes_of_kind(crate::NodeKind::Person).iter().collect();
        assert!(people.len() > 64);
        let mut targets = vec![Vec::new(); people.len()];
        net.walk_together(&people, Direction::Outgoing, |i, other, _, _| {
            targets[i].push(other);
            false
        });
        for (ix, seen) in people.iter().zip(&targets) {
            let all: Vec<_> = net
                .graph
                .edges_directed(*ix, Direction::Outgoing)
                .map(|e| petgraph::visit::EdgeRef::target(&e))
                .collect();
            assert_eq!(seen, &all);
            assert_eq!(seen.len(), 1);
        }
        Ok(())
    }

    /// Asked many questions at once, across batches, each answer is the
    /// answer to its own question: a direct mandate of that organisation
    /// held by that person, for that act, which an organisation in
    /// formation does not grant for deciding.
    #[test]
    fn direct_mandates_answer_each_question() -> Result<(), Box<dyn std::error::Error>> {
        let mut net = Network::new();
        let (mut people, mut orgs) = (Vec::new(), Vec::new());
        for i in 0..150 {
            let (p, o) = (Key::new(&format!("p-{i}"))?, Key::new(&format!("o-{i}"))?);
            net.apply(Change::add(p.clone(), Person::new("P")))?;
            // One in three in formation: its mandates grant no deciding.
            let org = Organisation::new("O", Form::Association);
            let org = if i % 3 == 0 {
                org.in_formation(crate::Blueprint::new([crate::BriqueKind::Coworking]))
            } else {
                org
            };
            net.apply(Change::add(o.clone(), org))?;
            let m = Mandate::new(Powers::of(&[Act::Sign, Act::Decide]), Period::ALWAYS);
            net.apply(Change::relate(p.clone(), o.clone(), m))?;
            people.push(net.ix(&p));
            orgs.push(net.ix(&o).ok_or("no index")?);
        }
        let date = time::macros::date!(2024 - 01 - 01);
        let mut asks = Vec::new();
        let mut expected = Vec::new();
        for i in 0..150 {
            // Their own organisation for signing, the next one's, and their
            // own for filing, which the mandate does not grant.
            let (own, next) = (orgs[i], orgs[(i + 1) % 150]);
            asks.push((people[i], Act::Sign, own, date));
            expected.push(true);
            asks.push((people[i], Act::Sign, next, date));
            expected.push(false);
            asks.push((people[i], Act::File, own, date));
            expected.push(false);
            asks.push((people[i], Act::Decide, own, date));
            expected.push(i % 3 != 0);
            // A key that names no node holds nothing.
            asks.push((None, Act::Sign, own, date));
            expected.push(false);
        }
        assert_eq!(net.holds_direct_mandates(&asks), expected);
        Ok(())
    }
}
