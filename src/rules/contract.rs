//! Rules about contracts: reciprocity, parties, capacity, signatures, terms.

use super::{Context, Draft, Drafts};
use crate::network::GiveBits;
use crate::{Act, Contract, ContractStatus, Key, Mode, Nature, Node};

/// `single-party`: a live contract has fewer than two distinct committing
/// parties.
pub(super) fn single_party(ctx: &Context<'_>, out: &mut Drafts) {
    for (_, key, _, parties) in ctx.live_contracts() {
        let key: &Key = key;
        let mut committing = parties
            .iter()
            .filter(|p| p.mode == Mode::Committing)
            .map(|p| &p.key);
        let (first, second) = (committing.next(), committing.next());
        if second.is_some() {
            continue;
        }
        let committing: Vec<&Key> = first.into_iter().collect();
        let mut keys = vec![key.clone()];
        keys.extend(committing.iter().map(|k| (*k).clone()));
        out.push(Draft {
            keys,
            message: match committing.first() {
                Some(only) => text!(
                    "`{key}` has a single committing party, `{only}`: nobody commits in return"
                ),
                None => text!("`{key}` has no committing party"),
            },
            hint: Some("a reciprocity contract needs at least two parties that commit".into()),
        });
    }
}

/// `non-reciprocal`: the give-graph among committing parties is not strongly
/// connected.
pub(super) fn non_reciprocal(ctx: &Context<'_>, out: &mut Drafts) {
    // One buffer for every contract's committing parties, one give-graph.
    let mut committing: Vec<&Key> = Vec::new();
    let mut bits = GiveBits::empty();
    for (_, key, contract, parties) in ctx.live_contracts() {
        let (key, contract): (&Key, &Contract) = (key, contract);
        committing.clear();
        committing.extend(
            parties
                .iter()
                .filter(|p| p.mode == Mode::Committing)
                .map(|p| &p.key),
        );
        if committing.len() < 2 {
            continue; // single-party's finding
        }
        if bits.fill(&committing, &contract.clauses) && bits.is_one_circle() {
            continue;
        }
        // Reported in key order. The bit sets are built again in that
        // order for the few contracts that are not one circle: sorting
        // every contract's parties first would read every party's key.
        let mut sorted = committing.clone();
        sorted.sort_unstable();
        let explained = if bits.fill(&sorted, &contract.clauses) {
            explain_small(key, &sorted, &bits)
        } else {
            explain_large(key, &sorted, contract)
        };
        let Some((blamed, message)) = explained else {
            continue;
        };
        out.add_with(
            std::iter::once(key.clone()).chain(blamed.into_iter().cloned()),
            Some("add clauses so that every committing party gives, directly or round a circle, to every other".into()),
            |text| text.push_str(&message),
        );
    }
}

/// Who `non-reciprocal` blames and what it says, for up to 64 parties (in
/// key order) whose give-graph is not one circle, read from its bit sets.
/// `None` for one circle.
fn explain_small<'k>(
    key: &Key,
    committing: &[&'k Key],
    bits: &GiveBits,
) -> Option<(Vec<&'k Key>, String)> {
    let circles = bits.circles();
    if circles.len() <= 1 {
        return None;
    }
    Some(explain(
        key,
        committing,
        |i| (bits.gives(i), bits.receives(i)),
        || {
            circles
                .iter()
                .map(|c| {
                    crate::network::positions(*c)
                        .filter_map(|i| committing.get(i).copied())
                        .collect()
                })
                .collect()
        },
    ))
}

/// [`explain_small`] for more than 64 committing parties: the circles of a
/// graph built for them, and who gives and receives from sets filled in one
/// pass over the clauses.
fn explain_large<'k>(
    key: &Key,
    committing: &[&'k Key],
    contract: &Contract,
) -> Option<(Vec<&'k Key>, String)> {
    use std::collections::HashSet;
    let circles = crate::network::circles(committing, &contract.clauses);
    if circles.len() <= 1 {
        return None;
    }
    let among: HashSet<&Key> = committing.iter().copied().collect();
    let (mut givers, mut receivers) = (HashSet::new(), HashSet::new());
    for c in &contract.clauses {
        if among.contains(&c.giver) && among.contains(&c.receiver) {
            givers.insert(&c.giver);
            receivers.insert(&c.receiver);
        }
    }
    Some(explain(
        key,
        committing,
        |i| {
            committing.get(i).map_or((false, false), |p| {
                (givers.contains(*p), receivers.contains(*p))
            })
        },
        || circles,
    ))
}

/// The finding of `non-reciprocal` for committing parties in key order,
/// given whether each gives and receives among them (`flow`), and, should
/// every one of them give and receive, their circles: the parties to blame
/// and the message.
fn explain<'k>(
    key: &Key,
    committing: &[&'k Key],
    flow: impl Fn(usize) -> (bool, bool),
    circles: impl FnOnce() -> Vec<Vec<&'k Key>>,
) -> (Vec<&'k Key>, String) {
    use std::fmt::Write;
    let mut message = text!("`{key}` is not reciprocal: ");
    let mut blamed = Vec::new();
    for (i, p) in committing.iter().enumerate() {
        let what = match flow(i) {
            (true, true) => continue,
            (false, false) => "neither gives nor receives",
            (true, false) => "only gives",
            (false, true) => "only receives",
        };
        let sep = if blamed.is_empty() { "" } else { "; " };
        let _ = write!(message, "{sep}`{p}` {what}");
        blamed.push(*p);
    }
    if blamed.is_empty() {
        // Every party gives and receives, but within separate circles.
        blamed = committing.to_vec();
        message.push_str("the circles ");
        for (n, circle) in circles().iter().enumerate() {
            message.push_str(if n == 0 { "{" } else { " and {" });
            for (j, k) in circle.iter().enumerate() {
                if j > 0 {
                    message.push_str(", ");
                }
                message.push_str(k.as_str());
            }
            message.push('}');
        }
        message.push_str(" do not give to each other");
    }
    (blamed, message)
}

/// `supporting-commits`: a supporting signatory or non-signatory appears as a
/// giver in a clause of a live contract.
pub(super) fn supporting_commits(ctx: &Context<'_>, out: &mut Drafts) {
    // The givers of a contract's clauses, sorted, so that each party's
    // clauses are counted by search: a contract with many parties that do
    // not commit and many clauses costs their sum, not their product.
    let mut givers: Vec<&Key> = Vec::new();
    for (_, key, contract, parties) in ctx.live_contracts() {
        let (key, contract): (&Key, &Contract) = (key, contract);
        if parties.iter().all(|p| p.mode == Mode::Committing) {
            continue;
        }
        givers.clear();
        givers.extend(contract.clauses.iter().map(|c| &c.giver));
        givers.sort_unstable();
        for p in parties {
            let party = &p.key;
            if p.mode == Mode::Committing {
                continue;
            }
            let n = givers
                .partition_point(|g| *g <= party)
                .saturating_sub(givers.partition_point(|g| *g < party));
            if n > 0 {
                out.add(
                    [key.clone(), (*party).clone()],
                    Some("make it a committing signatory, or remove its clauses".into()),
                    format_args!(
                        "`{party}` takes part in `{key}` as a {}, yet gives in {n} clause(s)",
                        p.mode
                    ),
                );
            }
        }
    }
}

/// `contract-expired`: a contract is still active after its end date.
pub(super) fn contract_expired(ctx: &Context<'_>, out: &mut Drafts) {
    // An active contract is live: its status is the one gathered.
    for (status, (_, key, contract, _)) in ctx.statuses() {
        let (key, contract): (&Key, &Contract) = (key, contract);
        let Some(end) = contract.term.end() else {
            continue;
        };
        if status == ContractStatus::Active && end < ctx.date {
            out.add(
                [key.clone()],
                Some("record that it ended, or extend its term".into()),
                format_args!(
                    "`{key}` is still active on {} but its term ended on {end}",
                    ctx.date
                ),
            );
        }
    }
}

/// `legal-capacity`: a live legal contract has a committing party without
/// legal personality whose carrier does not sign for it.
pub(super) fn legal_capacity(ctx: &Context<'_>, out: &mut Drafts) {
    let net = ctx.net;
    for (_, key, contract, parties) in ctx.live_contracts() {
        let (key, contract): (&Key, &Contract) = (key, contract);
        if contract.nature != Nature::Legal {
            continue;
        }
        for p in parties {
            let (pix, party) = (p.ix, &p.key);
            if p.mode != Mode::Committing || p.is_legal_person {
                continue;
            }
            let date = p.signed_on.unwrap_or(ctx.date);
            let through_carrier = p
                .signed_by
                .as_ref()
                .is_some_and(|signer| match net.ix(signer) {
                    Some(s) if matches!(net.node_at(s), Some(Node::Person(_))) => {
                        net.grants_through_carrier(s, Act::Sign, pix, date)
                    }
                    _ => false,
                });
            if through_carrier {
                continue;
            }
            let why = match &p.signed_by {
                None => "nobody signed for it".to_owned(),
                Some(s) => text!(
                    "`{s}`, who signed for it, is not the mandated signatory of a carrier with legal scope"
                ),
            };
            let mut keys = vec![key.clone(), (*party).clone()];
            keys.extend(p.signed_by.iter().cloned());
            out.push(Draft {
                keys,
                message: text!("`{party}` has no legal personality and commits to the legal contract `{key}`; {why}"),
                hint: Some("have a person mandated by its carrier sign for it, or make the contract moral".into()),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

    use proptest::prelude::*;
    use time::macros::date;

    use super::{explain_large, explain_small};
    use crate::network::GiveBits;
    use crate::{Clause, Contract, ContractStatus, Gift, Key, Lifecycle, Nature, Term};

    proptest! {
        /// The bit-set explanation (up to 64 parties) and the graph one
        /// (beyond) blame the same parties in the same words, whatever the
        /// clauses, clauses with outsiders included, and whether or not the
        /// clause keys share the parties' allocations (keys longer than the
        /// 22 bytes held in place, so that sharing is a pointer and not
        /// sharing makes `GiveBits` compare strings).
        #[test]
        fn both_explanations_of_non_reciprocity_agree(
            n in 2usize..=64,
            edges in prop::collection::vec((0usize..80, 0usize..80), 0..120),
            shared in any::<bool>(),
        ) {
            let keys: Vec<Key> = (0..80)
                .map(|i| Key::new(&format!("a-party-with-a-long-key-{i:02}")).unwrap())
                .collect();
            let key = |i: usize| if shared { keys[i].clone() } else { Key::new(keys[i].as_str()).unwrap() };
            let mut contract = Contract::new(
                "Pacte",
                Nature::Moral,
                Term::from(date!(2018 - 01 - 01)),
                Lifecycle::new(ContractStatus::Active),
            );
            for (g, r) in edges.into_iter().filter(|(g, r)| g != r) {
                contract = contract.with_clause(Clause::new(key(g), key(r), Gift::Knowledge("x".into())));
            }
            let committing: Vec<&Key> = keys[..n].iter().collect();
            let pact = Key::new("pact").unwrap();
            let bits = GiveBits::new(&committing, &contract.clauses).unwrap();
            prop_assert_eq!(
                explain_small(&pact, &committing, &bits),
                explain_large(&pact, &committing, &contract)
            );
        }
    }
}
