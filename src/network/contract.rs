//! Questions about contracts: parties, and reciprocity as strong connectivity.

use std::collections::BTreeMap;
use std::fmt;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};

use super::{Network, NodeIx};
use crate::{Clause, Contract, Key, Link, Mode, NodeKind, Party, QueryError, RelationKind};

/// What one party of a contract gives and receives.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PartyFlows<'n> {
    /// The party.
    pub party: &'n Key,
    /// How it takes part.
    pub mode: Mode,
    /// The clauses where it gives.
    pub gives: Vec<&'n Clause>,
    /// The clauses where it receives.
    pub receives: Vec<&'n Clause>,
}

/// The reciprocity of a contract: see [`Network::reciprocity`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reciprocity<'n> {
    /// The contract.
    pub contract: &'n Key,
    /// Every party, in key order, with what it gives and receives.
    pub parties: Vec<PartyFlows<'n>>,
    /// The circles: strongly connected components of the give-graph among
    /// committing parties (who gives to whom, through clauses between
    /// committing parties). Each circle is sorted; circles are sorted by
    /// their first key. A party that gives to nobody or receives from
    /// nobody is a circle of its own.
    pub circles: Vec<Vec<&'n Key>>,
}

impl Reciprocity<'_> {
    /// The committing parties, in key order.
    pub fn committing(&self) -> impl Iterator<Item = &Key> + '_ {
        self.parties
            .iter()
            .filter(|p| p.mode == Mode::Committing)
            .map(|p| p.party)
    }

    /// Whether the contract is reciprocal: at least two committing parties,
    /// all in one circle — each gives, directly or round the circle, to
    /// every other.
    #[must_use]
    pub fn is_reciprocal(&self) -> bool {
        self.circles.len() == 1 && self.circles.first().is_some_and(|c| c.len() >= 2)
    }
}

impl fmt::Display for Reciprocity<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.parties {
            writeln!(
                f,
                "`{}` ({}): gives {}, receives {}",
                p.party,
                p.mode,
                p.gives.len(),
                p.receives.len()
            )?;
        }
        let circles: Vec<String> = self
            .circles
            .iter()
            .map(|c| {
                format!(
                    "{{{}}}",
                    c.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        write!(f, "circles: {}", circles.join(" "))
    }
}

impl Network {
    /// The contract with this key, if it is one.
    #[must_use]
    pub fn contract(&self, key: &str) -> Option<&Contract> {
        self.node(key)?.as_contract()
    }

    /// The parties to `contract`, sorted by key, with how they take part.
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not a contract.
    pub fn parties(&self, contract: &str) -> Result<Vec<(&Key, &Party)>, QueryError> {
        let ix = self.require_kind(contract, NodeKind::Contract)?;
        Ok(self.parties_at(ix))
    }

    pub(crate) fn parties_at(&self, ix: NodeIx) -> Vec<(&Key, &Party)> {
        let mut out: Vec<_> = self
            .edges(ix, Direction::Incoming, RelationKind::PartyTo)
            .filter_map(|(p, _, l)| match l {
                Link::PartyTo(party) => Some((self.key_at(p)?, party)),
                _ => None,
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// The reciprocity of `contract`: what each party gives and receives, and
    /// the circles of its give-graph among committing parties.
    ///
    /// Reciprocity can be direct (A gives to B, B to A) or go round a circle
    /// (A → B → C → A); either way the committing parties form one strongly
    /// connected component. A party that only gives, only receives, or a
    /// group that gives only within itself, splits the circles.
    ///
    /// ```
    /// use communs::{Change, Clause, Contract, ContractStatus, Form, Gift, Key, Lifecycle, Mode,
    ///     Nature, Network, Organisation, Party, Term};
    /// use time::macros::date;
    ///
    /// let key = Key::new;
    /// let gift = |from: &str, to: &str| -> Result<Clause, communs::SlugError> {
    ///     Ok(Clause::new(key(from)?, key(to)?, Gift::Knowledge("know-how".into())))
    /// };
    /// let contract = Contract::new("Circle", Nature::Moral, Term::from(date!(2018 - 01 - 01)),
    ///     Lifecycle::new(ContractStatus::Active))
    ///     .with_clause(gift("a", "b")?)
    ///     .with_clause(gift("b", "c")?)
    ///     .with_clause(gift("c", "a")?);
    /// let mut net = Network::new();
    /// let mut changes = vec![Change::add(key("pact")?, contract)];
    /// for p in ["a", "b", "c"] {
    ///     changes.push(Change::add(key(p)?, Organisation::new(p, Form::Association)));
    ///     changes.push(Change::relate(key(p)?, key("pact")?, Party::new(Mode::Committing)));
    /// }
    /// net.apply_all(changes)?;
    /// let r = net.reciprocity("pact")?;
    /// assert!(r.is_reciprocal());
    /// assert_eq!(r.circles.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not a contract.
    pub fn reciprocity(&self, contract: &str) -> Result<Reciprocity<'_>, QueryError> {
        let ix = self.require_kind(contract, NodeKind::Contract)?;
        let (Some(key), Some(c)) = (
            self.key_at(ix),
            self.node_at(ix).and_then(|n| n.as_contract()),
        ) else {
            return Err(QueryError::UnknownKey {
                key: contract.to_owned(),
            });
        };
        let parties = self.parties_at(ix);
        let mut flows: Vec<PartyFlows<'_>> = parties
            .iter()
            .map(|(k, p)| PartyFlows {
                party: k,
                mode: p.mode,
                gives: Vec::new(),
                receives: Vec::new(),
            })
            .collect();
        let position: BTreeMap<&Key, usize> = flows
            .iter()
            .enumerate()
            .map(|(i, f)| (f.party, i))
            .collect();
        for clause in &c.clauses {
            if let Some(f) = position.get(&clause.giver).and_then(|i| flows.get_mut(*i)) {
                f.gives.push(clause);
            }
            if let Some(f) = position
                .get(&clause.receiver)
                .and_then(|i| flows.get_mut(*i))
            {
                f.receives.push(clause);
            }
        }
        let committing: Vec<&Key> = parties
            .iter()
            .filter(|(_, p)| p.mode == Mode::Committing)
            .map(|(k, _)| *k)
            .collect();
        let circles = circles(&committing, &c.clauses);
        Ok(Reciprocity {
            contract: key,
            parties: flows,
            circles,
        })
    }
}

/// The strongly connected components of the give-graph among `committing`.
pub(crate) fn circles<'n>(committing: &[&'n Key], clauses: &[Clause]) -> Vec<Vec<&'n Key>> {
    let mut graph: DiGraph<&'n Key, ()> = DiGraph::with_capacity(committing.len(), clauses.len());
    let index: BTreeMap<&Key, NodeIndex> = committing
        .iter()
        .map(|k| (*k, graph.add_node(*k)))
        .collect();
    // An edge per clause, parallel ones kept: they change no component,
    // where `update_edge` would search the giver's edges for each clause
    // (quadratic for one party giving to a hundred thousand).
    for clause in clauses {
        if let (Some(a), Some(b)) = (index.get(&clause.giver), index.get(&clause.receiver)) {
            graph.add_edge(*a, *b, ());
        }
    }
    let mut out: Vec<Vec<&Key>> = petgraph::algo::kosaraju_scc(&graph)
        .into_iter()
        .map(|scc| {
            let mut keys: Vec<&Key> = scc
                .into_iter()
                .filter_map(|n| graph.node_weight(n).copied())
                .collect();
            keys.sort_unstable();
            keys
        })
        .collect();
    out.sort_unstable();
    out
}

/// The give-graph among at most 64 committing parties as bit sets, by their
/// positions in the list given: who gives to whom, who receives from whom.
/// Enough to decide reciprocity and find the circles without allocating.
pub(crate) struct GiveBits {
    gives: [u64; 64],
    receives: [u64; 64],
    /// One bit per party.
    all: u64,
}

impl GiveBits {
    const WIDTH: usize = 64;

    /// The give-graph of `clauses` among `committing` (clauses naming
    /// anyone else count for nothing); `None` beyond 64 parties.
    #[cfg(test)]
    pub(crate) fn new(committing: &[&Key], clauses: &[Clause]) -> Option<Self> {
        let mut bits = Self::empty();
        bits.fill(committing, clauses).then_some(bits)
    }

    /// The give-graph of no party, to be filled.
    pub(crate) fn empty() -> Self {
        GiveBits {
            gives: [0; 64],
            receives: [0; 64],
            all: 0,
        }
    }

    /// Makes this the give-graph of `clauses` among `committing`, in place:
    /// a rule asking of every contract reuses one, instead of moving a
    /// kilobyte out of each call. `false` beyond 64 parties, leaving the
    /// give-graph of no party.
    pub(crate) fn fill(&mut self, committing: &[&Key], clauses: &[Clause]) -> bool {
        // Only the rows of the parties before are set.
        let before = usize::try_from(self.all.count_ones()).unwrap_or(Self::WIDTH);
        for row in self.gives.iter_mut().take(before) {
            *row = 0;
        }
        for row in self.receives.iter_mut().take(before) {
            *row = 0;
        }
        self.all = 0;
        if committing.len() > Self::WIDTH {
            return false;
        }
        // One pass: comparing keys reads no string behind a pointer for a
        // short key (held in place) nor for a long one shared with its
        // party once committed (`Network::share_keys`), which compares
        // equal by pointer first.
        let position = |k: &Key| committing.iter().position(|c| *c == k);
        // 0 to 64 parties: a shift of 64 to 0.
        self.all = u32::try_from(Self::WIDTH.saturating_sub(committing.len()))
            .ok()
            .and_then(|shift| u64::MAX.checked_shr(shift))
            .unwrap_or(0);
        for clause in clauses {
            let (Some(g), Some(r)) = (position(&clause.giver), position(&clause.receiver)) else {
                continue;
            };
            if let Some(row) = self.gives.get_mut(g) {
                *row |= bit(r);
            }
            if let Some(row) = self.receives.get_mut(r) {
                *row |= bit(g);
            }
        }
        true
    }

    /// Whether every party reaches every other along gifts: one circle.
    pub(crate) fn is_one_circle(&self) -> bool {
        self.all != 0 && reach(&self.gives, 1) == self.all && reach(&self.receives, 1) == self.all
    }

    /// Whether the party at `i` gives to another committing party.
    pub(crate) fn gives(&self, i: usize) -> bool {
        self.gives.get(i).is_some_and(|row| *row != 0)
    }

    /// Whether the party at `i` receives from another committing party.
    pub(crate) fn receives(&self, i: usize) -> bool {
        self.receives.get(i).is_some_and(|row| *row != 0)
    }

    /// The circles (strongly connected components) as bit sets, in the
    /// order of their first position: for parties listed in key order, the
    /// order [`circles`] gives.
    pub(crate) fn circles(&self) -> Vec<u64> {
        let mut out = Vec::new();
        let mut left = self.all;
        while left != 0 {
            let first = left & left.wrapping_neg();
            let circle = reach(&self.gives, first) & reach(&self.receives, first);
            out.push(circle);
            left &= !circle;
        }
        out
    }
}

/// The positions of the bits of `set`, in increasing order.
pub(crate) fn positions(set: u64) -> impl Iterator<Item = usize> {
    let mut left = set;
    std::iter::from_fn(move || {
        (left != 0).then(|| {
            let i = left.trailing_zeros() as usize;
            left &= left.wrapping_sub(1);
            i
        })
    })
}

/// The bit of position `i` (below 64).
fn bit(i: usize) -> u64 {
    u32::try_from(i)
        .ok()
        .and_then(|i| 1u64.checked_shl(i))
        .unwrap_or(0)
}

/// The positions reachable from the positions in `start` along `edges`
/// (`start` included).
fn reach(edges: &[u64; 64], start: u64) -> u64 {
    let mut seen = start;
    let mut frontier = start;
    while frontier != 0 {
        let next =
            positions(frontier).fold(0u64, |next, i| next | edges.get(i).copied().unwrap_or(0));
        frontier = next & !seen;
        seen |= next;
    }
    seen
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        reason = "test code"
    )]

    use proptest::prelude::*;

    use super::{GiveBits, circles, positions};

    /// Whether the give-graph is one circle, by bit sets; `None` beyond 64
    /// parties.
    fn is_one_circle(committing: &[&Key], clauses: &[Clause]) -> Option<bool> {
        GiveBits::new(committing, clauses).map(|bits| bits.is_one_circle())
    }
    use crate::{Clause, Gift, Key};

    fn clause(keys: &[Key], giver: usize, receiver: usize) -> Clause {
        Clause::new(
            keys[giver % keys.len()].clone(),
            keys[receiver % keys.len()].clone(),
            Gift::Knowledge("know-how".into()),
        )
    }

    proptest! {
        // Unit tests keep no regression files beside the sources; a failure
        // prints its minimal case.
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// A give-graph filled again is the give-graph of its new parties
        /// and clauses, whatever it held before: more parties, fewer, or
        /// beyond 64.
        #[test]
        fn filling_again_forgets_what_was_there(
            before in 0usize..70,
            after in 0usize..=64,
            gifts_before in prop::collection::vec((0usize..70, 0usize..70), 0..150),
            gifts_after in prop::collection::vec((0usize..64, 0usize..64), 0..150),
        ) {
            let keys: Vec<Key> = (0..70).map(|i| Key::new(&format!("p{i}")).unwrap()).collect();
            let graph = |n: usize, gifts: &[(usize, usize)]| -> (Vec<&Key>, Vec<Clause>) {
                let clauses = gifts
                    .iter()
                    .filter(|(g, r)| g != r)
                    .map(|(g, r)| clause(&keys, *g, *r))
                    .collect();
                (keys[..n].iter().collect(), clauses)
            };
            let (c1, k1) = graph(before, &gifts_before);
            let (c2, k2) = graph(after, &gifts_after);
            let mut bits = GiveBits::empty();
            prop_assert_eq!(bits.fill(&c1, &k1), before <= 64);
            prop_assert!(bits.fill(&c2, &k2));
            let fresh = GiveBits::new(&c2, &k2).unwrap();
            prop_assert_eq!(bits.all, fresh.all);
            prop_assert_eq!(bits.gives, fresh.gives);
            prop_assert_eq!(bits.receives, fresh.receives);
        }

        /// The bit-set shortcut agrees with the strongly connected
        /// components whenever it answers, and answers up to 64 parties.
        #[test]
        fn the_shortcut_agrees_with_the_circles(
            parties in 1usize..70,
            gifts in prop::collection::vec((0usize..70, 0usize..70), 0..150),
            outsiders in prop::collection::vec((0usize..70, 0usize..70), 0..5),
            ring in any::<bool>(),
            gap in 0usize..140,
        ) {
            let keys: Vec<Key> = (0..parties).map(|i| Key::new(&format!("p{i}")).unwrap()).collect();
            let stranger = Key::new("stranger").unwrap();
            let mut clauses: Vec<Clause> = gifts.iter().map(|(g, r)| clause(&keys, *g, *r)).collect();
            // A ring through every party, perhaps with one gap, so that both
            // answers are common whatever the number of parties.
            if ring {
                clauses.extend((0..parties).filter(|i| *i != gap).map(|i| clause(&keys, i, i + 1)));
            }
            // Clauses naming someone outside the committing parties count for nothing.
            for (g, _) in outsiders {
                clauses.push(Clause::new(keys[g % parties].clone(), stranger.clone(), Gift::Knowledge("x".into())));
            }
            let mut committing: Vec<&Key> = keys.iter().collect();
            let expected = circles(&committing, &clauses).len() == 1;
            match is_one_circle(&committing, &clauses) {
                Some(answer) => {
                    prop_assert!(parties <= 64);
                    prop_assert_eq!(answer, expected);
                }
                None => prop_assert!(parties > 64),
            }
            // In key order, the bit sets' circles are the circles, in order,
            // and who gives and receives is what the clauses say.
            committing.sort_unstable();
            if let Some(bits) = GiveBits::new(&committing, &clauses) {
                let named: Vec<Vec<&Key>> = bits
                    .circles()
                    .into_iter()
                    .map(|c| positions(c).map(|i| committing[i]).collect())
                    .collect();
                prop_assert_eq!(named, circles(&committing, &clauses));
                for (i, p) in committing.iter().enumerate() {
                    let among = |k: &Key| committing.contains(&k);
                    let gives = clauses.iter().any(|c| c.giver == **p && among(&c.receiver));
                    let receives = clauses.iter().any(|c| c.receiver == **p && among(&c.giver));
                    prop_assert_eq!(bits.gives(i), gives);
                    prop_assert_eq!(bits.receives(i), receives);
                }
            }
        }
    }

    #[test]
    fn a_circle_round_three_parties_is_one_and_a_one_way_gift_is_not() {
        let keys: Vec<Key> = ["a", "b", "c"]
            .iter()
            .map(|k| Key::new(k).unwrap())
            .collect();
        let committing: Vec<&Key> = keys.iter().collect();
        let round = [
            clause(&keys, 0, 1),
            clause(&keys, 1, 2),
            clause(&keys, 2, 0),
        ];
        assert_eq!(is_one_circle(&committing, &round), Some(true));
        let one_way = [clause(&keys, 0, 1), clause(&keys, 1, 2)];
        assert_eq!(is_one_circle(&committing, &one_way), Some(false));
        assert_eq!(is_one_circle(&[], &round), Some(false));
        assert!(circles(&[], &round).is_empty());
    }
}
