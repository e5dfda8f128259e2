//! The key index: which node has a key.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

use super::{BATCH, NodeIx};

/// How many bytes of a key an entry holds. Keys this long or shorter (all
/// the keys of the generated networks, and most real ones:
/// `chambre-des-communs` is 19) are found and compared in the entry
/// itself; a longer key is compared in full with the node's own key.
const HEAD: usize = 24;

/// One place of the table: the first bytes of a key, its length and its
/// node. 32 bytes, two to a cache line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    /// The key's first [`HEAD`] bytes, zero-padded.
    head: [u8; HEAD],
    /// The key's length in bytes; 0 for an empty place (no key is empty).
    len: u32,
    /// The node's index.
    ix: u32,
}

impl Entry {
    const EMPTY: Entry = Entry {
        head: [0; HEAD],
        len: 0,
        ix: 0,
    };

    fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// The head and length of `key` as an entry holds them. A length too large
/// for `u32` (never a key: keys are short) is saturated; such keys are
/// longer than [`HEAD`], so they are always compared in full.
fn head_of(key: &str) -> ([u8; HEAD], u32) {
    let mut head = [0u8; HEAD];
    for (h, b) in head.iter_mut().zip(key.as_bytes()) {
        *h = *b;
    }
    (head, u32::try_from(key.len()).unwrap_or(u32::MAX))
}

/// Key → node index, in an open-addressing table placed by a keyed
/// `SipHash` (a new random key per network, as the standard library's maps:
/// documents are caller-chosen text, and keys chosen to collide must not
/// make loading slow).
///
/// Where a standard map reads two or three places for a key found (its
/// control bytes, its entry, and for a key longer than the 22 bytes a
/// [`Key`](crate::Key) holds in place its own allocation), this table
/// reads one:
/// an entry holds the key's first [`HEAD`] bytes and its length, so a
/// lookup is one cache miss when the network is larger than the cache.
/// Keys longer than [`HEAD`] bytes are compared in full with the node's own
/// key, which every method reaches through `full`: the index holds no key.
///
/// Linear probing, at most three entries in four filled; removal shifts the
/// entries after it back, so no tombstone is ever left.
#[derive(Clone, Debug, Default)]
pub(crate) struct KeyIndex {
    state: RandomState,
    /// A power of two long, or empty.
    entries: Vec<Entry>,
    len: usize,
}

impl KeyIndex {
    /// The number of keys.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Whether no key is indexed.
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `entries.len() - 1`: places a hash in the table.
    fn mask(&self) -> usize {
        self.entries.len().saturating_sub(1)
    }

    fn home(&self, key: &str) -> usize {
        // Truncating the hash keeps its low bits, the ones the mask keeps.
        (self.state.hash_one(key) as usize) & self.mask()
    }

    /// Whether the entry at `e` is `key`, whose head and length are
    /// `head` and `len`.
    fn is<'g>(
        e: &Entry,
        key: &str,
        (head, len): &([u8; HEAD], u32),
        full: &impl Fn(NodeIx) -> Option<&'g str>,
    ) -> bool {
        e.len == *len
            && e.head == *head
            && (key.len() <= HEAD || full(NodeIx::new(e.ix as usize)) == Some(key))
    }

    /// The place of `key` in the table, if it is there.
    fn position<'g>(&self, key: &str, full: &impl Fn(NodeIx) -> Option<&'g str>) -> Option<usize> {
        self.position_from(self.home(key), key, &head_of(key), full)
    }

    /// The place of `key`, whose head and length are `wanted`, walking
    /// from its home `at`.
    fn position_from<'g>(
        &self,
        mut at: usize,
        key: &str,
        wanted: &([u8; HEAD], u32),
        full: &impl Fn(NodeIx) -> Option<&'g str>,
    ) -> Option<usize> {
        let mask = self.mask();
        // The table always has an empty place, so the walk ends there; the
        // bound only makes that plain.
        for _ in 0..self.entries.len() {
            let e = self.entries.get(at)?;
            if e.is_empty() {
                return None;
            }
            if Self::is(e, key, wanted, full) {
                return Some(at);
            }
            at = at.wrapping_add(1) & mask;
        }
        None
    }

    /// The nodes with `keys`, in order, pushed onto `out`. The keys are
    /// taken [`BATCH`] at a time: all of a batch hashed first, then their
    /// places read, so the processor overlaps the cache misses of
    /// different keys instead of waiting on each in turn.
    pub(crate) fn get_many<'g>(
        &self,
        keys: &[&str],
        full: impl Fn(NodeIx) -> Option<&'g str>,
        out: &mut Vec<Option<NodeIx>>,
    ) {
        let mut asked = [(0usize, ([0u8; HEAD], 0u32)); BATCH];
        for batch in keys.chunks(BATCH) {
            for (a, key) in asked.iter_mut().zip(batch) {
                *a = (self.home(key), head_of(key));
            }
            for ((home, wanted), key) in asked.iter().zip(batch) {
                let at = self.position_from(*home, key, wanted, &full);
                out.push(
                    at.and_then(|at| self.entries.get(at))
                        .map(|e| NodeIx::new(e.ix as usize)),
                );
            }
        }
    }

    /// The node with `key`.
    pub(crate) fn get<'g>(
        &self,
        key: &str,
        full: impl Fn(NodeIx) -> Option<&'g str>,
    ) -> Option<NodeIx> {
        let at = self.position(key, &full)?;
        self.entries.get(at).map(|e| NodeIx::new(e.ix as usize))
    }

    /// Indexes `key` at `ix`, replacing what it indexed before.
    pub(crate) fn insert<'g>(
        &mut self,
        key: &str,
        ix: NodeIx,
        full: impl Fn(NodeIx) -> Option<&'g str>,
    ) {
        let Ok(ix32) = u32::try_from(ix.index()) else {
            return;
        };
        let mut home = self.home(key);
        let (head, len) = head_of(key);
        if let Some(at) = self.position_from(home, key, &(head, len), &full) {
            if let Some(e) = self.entries.get_mut(at) {
                e.ix = ix32;
            }
            return;
        }
        let size = self.entries.len();
        self.reserve(1, &full);
        if self.entries.len() != size {
            home = self.home(key);
        }
        self.place(
            home,
            Entry {
                head,
                len,
                ix: ix32,
            },
        );
        self.len = self.len.saturating_add(1);
    }

    /// Puts `entry` in the first empty place from `at` on.
    fn place(&mut self, mut at: usize, entry: Entry) {
        let mask = self.mask();
        for _ in 0..self.entries.len() {
            match self.entries.get_mut(at) {
                Some(e) if e.is_empty() => {
                    *e = entry;
                    return;
                }
                Some(_) => at = at.wrapping_add(1) & mask,
                None => return,
            }
        }
    }

    /// Makes room for `additional` more keys, so that at most three places
    /// in four are filled.
    pub(crate) fn reserve<'g>(
        &mut self,
        additional: usize,
        full: &impl Fn(NodeIx) -> Option<&'g str>,
    ) {
        let wanted = self.len.saturating_add(additional);
        // Three in four: room for `wanted` needs `wanted * 4 / 3` places.
        let needed = wanted.saturating_add(wanted / 3).saturating_add(1);
        if needed <= self.entries.len() {
            return;
        }
        let size = needed.checked_next_power_of_two().unwrap_or(needed).max(8);
        let old = std::mem::replace(&mut self.entries, vec![Entry::EMPTY; size]);
        for e in old.into_iter().filter(|e| !e.is_empty()) {
            let Some(home) = Self::full_key(&e, full).map(|key| self.home(key)) else {
                continue;
            };
            self.place(home, e);
        }
    }

    /// The whole key of an entry: its head, or the node's key when longer.
    fn full_key<'a, 'g: 'a>(
        e: &'a Entry,
        full: &impl Fn(NodeIx) -> Option<&'g str>,
    ) -> Option<&'a str> {
        match e.head.get(..e.len as usize) {
            Some(head) => std::str::from_utf8(head).ok(),
            None => full(NodeIx::new(e.ix as usize)),
        }
    }

    /// Removes `key`, returning the node it indexed.
    pub(crate) fn remove<'g>(
        &mut self,
        key: &str,
        full: impl Fn(NodeIx) -> Option<&'g str>,
    ) -> Option<NodeIx> {
        let mut hole = self.position(key, &full)?;
        let removed = self.entries.get(hole).map(|e| NodeIx::new(e.ix as usize));
        let mask = self.mask();
        let mut at = hole.wrapping_add(1) & mask;
        // Shift back every entry of the run after the hole that may sit
        // in it: one whose home is not between the hole and its place.
        for _ in 0..self.entries.len() {
            let Some(e) = self.entries.get(at).copied() else {
                break;
            };
            if e.is_empty() {
                break;
            }
            let home = Self::full_key(&e, &full).map(|k| self.home(k));
            if let Some(home) = home
                && at.wrapping_sub(home) & mask >= at.wrapping_sub(hole) & mask
            {
                if let Some(h) = self.entries.get_mut(hole) {
                    *h = e;
                }
                hole = at;
            }
            at = at.wrapping_add(1) & mask;
        }
        if let Some(h) = self.entries.get_mut(hole) {
            *h = Entry::EMPTY;
        }
        self.len = self.len.saturating_sub(1);
        removed
    }

    /// Every indexed node, in table order (not deterministic: never for
    /// output).
    pub(crate) fn indices(&self) -> impl Iterator<Item = NodeIx> + '_ {
        self.entries
            .iter()
            .filter(|e| !e.is_empty())
            .map(|e| NodeIx::new(e.ix as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// Keys with long shared beginnings, so that heads collide and keys
    /// longer than an entry's head are compared in full.
    fn key_strategy() -> impl Strategy<Value = String> {
        (0usize..4, 0u32..40).prop_map(|(shape, n)| match shape {
            0 => format!("k{n}"),
            1 => format!("a-rather-long-shared-beginning-{n}"),
            2 => format!("exactly-twenty-four-{n:04}"),
            _ => format!("{}{n}", "x".repeat(22)),
        })
    }

    #[derive(Debug, Clone)]
    enum Op {
        Insert(String),
        Remove(String),
        Get(String),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => key_strategy().prop_map(Op::Insert),
            2 => key_strategy().prop_map(Op::Remove),
            2 => key_strategy().prop_map(Op::Get),
        ]
    }

    proptest! {
        /// The index answers as a map from keys to indices, through
        /// inserts, removals and growth, with keys of every length.
        #[test]
        fn answers_as_a_map(ops in prop::collection::vec(op(), 0..300)) {
            let mut index = KeyIndex::default();
            let mut model: HashMap<String, NodeIx> = HashMap::new();
            // The nodes' own keys, by index, as `Network::slots` holds them.
            let mut nodes: Vec<Option<String>> = Vec::new();
            for op in ops {
                match op {
                    Op::Insert(k) => {
                        if model.contains_key(&k) {
                            continue;
                        }
                        let ix = NodeIx::new(nodes.len());
                        nodes.push(Some(k.clone()));
                        let full = |i: NodeIx| nodes.get(i.index())?.as_deref();
                        index.insert(&k, ix, full);
                        model.insert(k, ix);
                    }
                    Op::Remove(k) => {
                        let full = |i: NodeIx| nodes.get(i.index())?.as_deref();
                        let removed = index.remove(&k, full);
                        prop_assert_eq!(removed, model.remove(&k));
                        // The node goes after its key, as `remove_node`
                        // does it: the index reads a long key from it.
                        if let Some(ix) = removed {
                            nodes[ix.index()] = None;
                        }
                    }
                    Op::Get(k) => {
                        let full = |i: NodeIx| nodes.get(i.index())?.as_deref();
                        prop_assert_eq!(index.get(&k, full), model.get(&k).copied());
                    }
                }
                prop_assert_eq!(index.len(), model.len());
                let full = |i: NodeIx| nodes.get(i.index())?.as_deref();
                for (k, ix) in &model {
                    prop_assert_eq!(index.get(k, full), Some(*ix), "{}", k);
                }
                let asked: Vec<&str> = model.keys().map(String::as_str).chain(["absent"]).collect();
                let mut many = Vec::new();
                index.get_many(&asked, full, &mut many);
                let expected_many: Vec<Option<NodeIx>> =
                    asked.iter().map(|k| model.get(*k).copied()).collect();
                prop_assert_eq!(many, expected_many);
                let mut listed: Vec<NodeIx> = index.indices().collect();
                let mut expected: Vec<NodeIx> = model.values().copied().collect();
                listed.sort();
                expected.sort();
                prop_assert_eq!(listed, expected);
            }
        }
    }

    /// The index holds 32-byte entries, two to a cache line.
    #[test]
    fn entries_are_half_a_cache_line() {
        assert_eq!(std::mem::size_of::<Entry>(), 32);
    }
}
