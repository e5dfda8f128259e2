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
    for clause in clauses {
        if let (Some(a), Some(b)) = (index.get(&clause.giver), index.get(&clause.receiver)) {
            graph.update_edge(*a, *b, ());
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

/// Whether the give-graph among `committing` is one circle (strongly
/// connected), decided on bit sets without building a graph; `None` when
/// there are more than 64 parties, for [`circles`] to decide. No party is
/// no circle.
pub(crate) fn is_one_circle(committing: &[&Key], clauses: &[Clause]) -> Option<bool> {
    const WIDTH: usize = 64;
    if committing.len() > WIDTH {
        return None;
    }
    if committing.is_empty() {
        return Some(false);
    }
    // Clause keys share their party's allocation once committed
    // (`Network::share_keys`): look for the same pointer before comparing
    // strings.
    let position = |k: &Key| {
        committing
            .iter()
            .position(|c| c.is(k))
            .or_else(|| committing.iter().position(|c| *c == k))
    };
    let (mut gives, mut receives) = ([0u64; WIDTH], [0u64; WIDTH]);
    for clause in clauses {
        let (Some(g), Some(r)) = (position(&clause.giver), position(&clause.receiver)) else {
            continue;
        };
        if let Some(row) = gives.get_mut(g) {
            *row |= bit(r);
        }
        if let Some(row) = receives.get_mut(r) {
            *row |= bit(g);
        }
    }
    // One bit per party: 1 to 64 of them, so the shift is 0 to 63.
    let all = u64::MAX.checked_shr(u32::try_from(WIDTH.saturating_sub(committing.len())).ok()?)?;
    Some(reach(&gives) == all && reach(&receives) == all)
}

/// The bit of position `i` (below 64).
fn bit(i: usize) -> u64 {
    u32::try_from(i)
        .ok()
        .and_then(|i| 1u64.checked_shl(i))
        .unwrap_or(0)
}

/// The positions reachable from position 0 along `edges` (0 included).
fn reach(edges: &[u64; 64]) -> u64 {
    let mut seen = 1u64;
    let mut frontier = 1u64;
    while frontier != 0 {
        let mut next = 0u64;
        let mut left = frontier;
        while left != 0 {
            let i = left.trailing_zeros() as usize;
            left &= left.wrapping_sub(1);
            next |= edges.get(i).copied().unwrap_or(0);
        }
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

    use super::{circles, is_one_circle};
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
            let committing: Vec<&Key> = keys.iter().collect();
            let expected = circles(&committing, &clauses).len() == 1;
            match is_one_circle(&committing, &clauses) {
                Some(answer) => {
                    prop_assert!(parties <= 64);
                    prop_assert_eq!(answer, expected);
                }
                None => prop_assert!(parties > 64),
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
