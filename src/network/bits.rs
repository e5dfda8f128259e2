//! Sets of node indices as bits.

use super::NodeIx;

/// A set of node indices, a bit by index: a million nodes take 125 KiB,
/// which stay in cache where the nodes' own slots would each be a miss,
/// and a pass over the set reads 64 indices a word, in index order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Bits(Vec<u64>);

impl Bits {
    /// The empty set.
    pub(crate) const EMPTY: Bits = Bits(Vec::new());

    /// Whether `ix` is in the set.
    pub(crate) fn contains(&self, ix: NodeIx) -> bool {
        self.0
            .get(ix.index() / 64)
            .is_some_and(|word| word & (1 << (ix.index() % 64)) != 0)
    }

    /// Puts `ix` in the set, or takes it out.
    pub(crate) fn set(&mut self, ix: NodeIx, yes: bool) {
        let word = ix.index() / 64;
        if yes && self.0.len() <= word {
            self.0.resize(word.saturating_add(1), 0);
        }
        if let Some(w) = self.0.get_mut(word) {
            let bit = 1 << (ix.index() % 64);
            *w = if yes { *w | bit } else { *w & !bit };
        }
    }

    /// How many indices the set holds.
    pub(crate) fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// One past the largest index the set could hold without growing.
    pub(crate) fn bound(&self) -> usize {
        self.0.len().saturating_mul(64)
    }

    /// The indices in the set, in increasing order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = NodeIx> + '_ {
        self.0.iter().enumerate().flat_map(|(at, &word)| {
            let base = at.saturating_mul(64);
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros() as usize;
                rest &= rest.wrapping_sub(1);
                Some(NodeIx::new(base.saturating_add(bit)))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Bits, NodeIx};

    /// The set holds what was put in and not taken out, counts it, and
    /// lists it in increasing order, across words and past the end.
    #[test]
    fn a_set_of_bits_is_a_set_of_indices() {
        let mut bits = Bits::default();
        let mut model = std::collections::BTreeSet::new();
        for (i, yes) in [
            (5, true),
            (0, true),
            (63, true),
            (64, true),
            (200, true),
            (64, false),
            (1000, false),
            (5, true),
            (0, false),
            (127, true),
        ] {
            bits.set(NodeIx::new(i), yes);
            if yes {
                model.insert(i);
            } else {
                model.remove(&i);
            }
            let listed: Vec<usize> = bits.iter().map(NodeIx::index).collect();
            assert_eq!(listed, model.iter().copied().collect::<Vec<_>>());
            assert_eq!(bits.count(), model.len());
            for j in 0..300 {
                assert_eq!(bits.contains(NodeIx::new(j)), model.contains(&j), "{j}");
            }
        }
        assert!(bits.bound() >= 256);
        assert!(!bits.contains(NodeIx::new(1 << 20)));
    }
}
