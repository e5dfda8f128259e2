//! Diffs and journals: the changes between two networks, and rebuilding a
//! network from the changes that made it.
//!
//! [`Change`] is serde-serialisable (same forms as the [document](crate::document)),
//! so a host can keep the changes it applies as a journal and rebuild the
//! network from it with [`Network::replay`]. [`Network::diff`] computes the
//! changes that turn one network into another.

use std::collections::BTreeSet;

use crate::change::Txn;
use crate::{BatchError, Change, ChangeError, Key, Network, Node, Relation, Status};

/// Why no list of changes turns one network into the other.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DiffError {
    /// The target uses a key that is retired in the source; keys never come back.
    #[error("`{key}` is retired in the first network but used in the second")]
    Revived {
        /// The key.
        key: Key,
    },
    /// A key names nodes of different kinds; a node cannot change kind, and
    /// removing it would retire its key.
    #[error("`{key}` names a node of another kind in the second network")]
    KindChanged {
        /// The key.
        key: Key,
    },
    /// A node of the source is neither in the target nor retired there:
    /// removing it would retire its key.
    #[error("`{key}` is gone from the second network without being retired there")]
    Vanished {
        /// The key.
        key: Key,
    },
    /// A key retired in the source is not retired in the target; a key stays
    /// retired for ever.
    #[error("`{key}` is retired in the first network but not in the second")]
    Unretired {
        /// The key.
        key: Key,
    },
    /// A node's lifecycle in the target does not extend the source's.
    #[error("the lifecycle of `{key}` in the second network does not extend the first's")]
    LifecycleRewritten {
        /// The key.
        key: Key,
    },
}

/// Why a journal could not be replayed: the position of the first refused
/// entry, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("journal entry #{position} was refused: {error}")]
pub struct JournalError {
    /// The position of the refused entry, from 0.
    pub position: usize,
    /// Why.
    #[source]
    pub error: ChangeError,
}

fn lifecycle_extends(old: &Node, new: &Node) -> bool {
    fn ext<S: Status>(o: &crate::Lifecycle<S>, n: &crate::Lifecycle<S>) -> bool {
        o.may_become(n)
    }
    match (old, new) {
        (Node::Brique(o), Node::Brique(n)) => ext(&o.lifecycle, &n.lifecycle),
        (Node::Contract(o), Node::Contract(n)) => ext(&o.lifecycle, &n.lifecycle),
        (Node::Application(o), Node::Application(n)) => ext(&o.lifecycle, &n.lifecycle),
        (Node::Decision(o), Node::Decision(n)) => ext(&o.outcome, &n.outcome),
        _ => true,
    }
}

impl Network {
    /// The changes that turn `self` into `target`, to apply as one batch.
    ///
    /// Nodes that go are removed first, with their relations (one change
    /// each, however many relations they have), then the other relations
    /// that go are removed, nodes that change are updated, new nodes and
    /// relations are added, and the keys `target` retired are retired.
    /// Every intermediate state holds the hard invariants (removals come
    /// first, and a removal breaks none), so
    /// `self.apply_all(self.diff(target)?)` gives a network equal to
    /// `target`.
    ///
    /// ```
    /// use communs::{Change, Form, Key, Network, Organisation, Person};
    ///
    /// let mut a = Network::new();
    /// a.apply(Change::add(Key::new("anis")?, Organisation::new("ANIS", Form::Association)))?;
    /// let mut b = a.clone();
    /// b.apply_all([
    ///     Change::add(Key::new("julien")?, Person::new("Julien Lecaille")),
    ///     Change::update(Key::new("anis")?, Organisation::new("ANIS, Lille", Form::Association)),
    /// ])?;
    /// let changes = a.diff(&b)?;
    /// assert_eq!(changes.len(), 2);
    /// a.apply_all(changes)?;
    /// assert_eq!(a, b);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A [`DiffError`] when no change list exists: `target` uses a key
    /// `self` retired, lacks a node of `self` without retiring its key, does
    /// not keep a key `self` retired, gives a key a node of another kind, or
    /// rewrites a lifecycle.
    pub fn diff(&self, target: &Network) -> Result<Vec<Change>, DiffError> {
        let mut changes = Vec::new();
        for (key, node) in target.nodes() {
            if self.retired.contains(key) {
                return Err(DiffError::Revived { key: key.clone() });
            }
            if let Some(old) = self.node(key) {
                if old.kind() != node.kind() {
                    return Err(DiffError::KindChanged { key: key.clone() });
                }
                if !lifecycle_extends(old, node) {
                    return Err(DiffError::LifecycleRewritten { key: key.clone() });
                }
            }
        }
        for (key, _) in self.nodes() {
            if !target.contains(key) && !target.retired.contains(key) {
                return Err(DiffError::Vanished { key: key.clone() });
            }
        }
        for key in &self.retired {
            if !target.retired.contains(key) {
                return Err(DiffError::Unretired { key: key.clone() });
            }
        }
        // A node that goes takes its relations with it: one change, whose
        // cost is its degree, where removing a hub's relations one by one,
        // in key order, would walk its chain of relations for each.
        let mut gone: BTreeSet<&Key> = BTreeSet::new();
        for (key, _) in self.nodes() {
            if !target.contains(key) {
                gone.insert(key);
                changes.push(if self.has_relations(key.as_str()) {
                    Change::remove_with_relations(key.clone())
                } else {
                    Change::remove(key.clone())
                });
            }
        }
        let ours: BTreeSet<Relation> = self
            .relations()
            .iter()
            .filter(|r| !gone.contains(r.from) && !gone.contains(r.to))
            .map(|r| r.to_relation())
            .collect();
        let theirs: BTreeSet<Relation> =
            target.relations().iter().map(|r| r.to_relation()).collect();
        changes.extend(
            ours.difference(&theirs)
                .cloned()
                .map(Change::RemoveRelation),
        );
        for (key, node) in target.nodes() {
            match self.node(key) {
                Some(old) if old == node => {}
                Some(_) => changes.push(Change::UpdateNode {
                    key: key.clone(),
                    node: node.clone(),
                }),
                None => changes.push(Change::AddNode {
                    key: key.clone(),
                    node: node.clone(),
                }),
            }
        }
        changes.extend(theirs.difference(&ours).cloned().map(Change::AddRelation));
        for key in target.retired_keys() {
            if !self.retired.contains(key) && !self.contains(key) {
                changes.push(Change::RetireKey { key: key.clone() });
            }
        }
        Ok(changes)
    }

    /// Rebuilds a network from a journal of changes, applied in order to an
    /// empty network as one transaction: each entry is checked as
    /// [`Network::apply`] checks it, and the checks deferred to commit
    /// (clauses naming parties) run at the end, so a journal of batches
    /// replays as well as a journal of single changes.
    ///
    /// ```
    /// use communs::{Change, Form, Key, Network, Organisation};
    ///
    /// let journal = r#"[
    ///   {"add-node": {"key": "anis", "node": {"organisation": {"name": "ANIS", "form": "association",
    ///     "governance": {"established": {"statutes": "formal", "process": "transparency"}}}}}},
    ///   {"remove-node": {"key": "anis", "with-relations": false}}
    /// ]"#;
    /// let changes: Vec<Change> = serde_json::from_str(journal)?;
    /// let net = Network::replay(changes)?;
    /// assert!(net.is_empty());
    /// assert_eq!(net.retired_keys().count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A [`JournalError`] with the position of the first refused entry (for
    /// a check deferred to the end, the last entry that touched the contract
    /// at fault).
    pub fn replay(journal: impl IntoIterator<Item = Change>) -> Result<Network, JournalError> {
        let mut net = Network::new();
        let mut txn = Txn::unlogged();
        for (position, change) in journal.into_iter().enumerate() {
            txn.position = position;
            net.apply_one(change, &mut txn)
                .map_err(|error| JournalError { position, error })?;
        }
        net.commit(txn)
            .map_err(|(position, _, error)| JournalError { position, error })?;
        Ok(net)
    }
}

impl From<BatchError> for JournalError {
    fn from(e: BatchError) -> Self {
        JournalError {
            position: e.index,
            error: e.error,
        }
    }
}
