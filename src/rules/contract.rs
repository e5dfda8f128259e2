//! Rules about contracts: reciprocity, parties, capacity, signatures, terms.

use super::{Context, ContractAt, Draft};
use crate::network::GiveBits;
use crate::{Act, Contract, ContractStatus, Key, Mode, Nature, Node};

/// The contracts in force or in the making at the date (not ended or
/// terminated), with their parties: gathered once per validation.
fn live_contracts<'c, 'n: 'c>(
    ctx: &'c Context<'n>,
) -> impl Iterator<Item = ContractAt<'c, 'n>> + 'c {
    ctx.live_contracts()
}

/// `single-party`: a contract has fewer than two distinct committing parties.
pub(super) fn single_party(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    for (_, key, _, parties) in live_contracts(ctx) {
        let key: &Key = key;
        let mut committing = parties
            .iter()
            .filter(|(_, _, p, _)| p.mode == Mode::Committing)
            .map(|(_, k, _, _)| *k);
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
pub(super) fn non_reciprocal(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    // One buffer for every contract's committing parties.
    let mut committing: Vec<&Key> = Vec::new();
    for (_, key, contract, parties) in live_contracts(ctx) {
        let (key, contract): (&Key, &Contract) = (key, contract);
        committing.clear();
        committing.extend(
            parties
                .iter()
                .filter(|(_, _, p, _)| p.mode == Mode::Committing)
                .map(|(_, k, _, _)| *k),
        );
        if committing.len() < 2 {
            continue; // single-party's finding
        }
        if GiveBits::new(&committing, &contract.clauses).is_some_and(|b| b.is_one_circle()) {
            continue;
        }
        // Reported in key order.
        let mut sorted = committing.clone();
        sorted.sort_unstable();
        let explained = match GiveBits::new(&sorted, &contract.clauses) {
            Some(bits) => explain_small(key, &sorted, &bits),
            None => explain_large(key, &sorted, contract),
        };
        let Some((blamed, message)) = explained else {
            continue;
        };
        let mut keys = Vec::with_capacity(blamed.len().saturating_add(1));
        keys.push(key.clone());
        keys.extend(blamed.into_iter().cloned());
        out.push(Draft {
            keys,
            message,
            hint: Some("add clauses so that every committing party gives, directly or round a circle, to every other".into()),
        });
    }
}

/// Who `non-reciprocal` blames and what it says, for parties (in key order)
/// whose give-graph is not one circle: those who only give, only receive or
/// neither, or else every party and the circles. `None` for one circle.
fn explain_small<'k>(
    key: &Key,
    committing: &[&'k Key],
    bits: &GiveBits,
) -> Option<(Vec<&'k Key>, String)> {
    use std::fmt::Write;
    let circles = bits.circles();
    if circles.len() <= 1 {
        return None;
    }
    let mut message = text!("`{key}` is not reciprocal: ");
    let mut blamed = Vec::new();
    for (i, p) in committing.iter().enumerate() {
        let what = match (bits.gives(i), bits.receives(i)) {
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
        for (n, circle) in circles.iter().enumerate() {
            message.push_str(if n == 0 { "{" } else { " and {" });
            for (j, i) in crate::network::positions(*circle).enumerate() {
                if j > 0 {
                    message.push_str(", ");
                }
                message.push_str(committing.get(i).map_or("", |k| k.as_str()));
            }
            message.push('}');
        }
        message.push_str(" do not give to each other");
    }
    Some((blamed, message))
}

/// [`explain_small`] for more than 64 committing parties, on the circles of
/// a graph built for them.
fn explain_large<'k>(
    key: &Key,
    committing: &[&'k Key],
    contract: &Contract,
) -> Option<(Vec<&'k Key>, String)> {
    let circles = crate::network::circles(committing, &contract.clauses);
    if circles.len() <= 1 {
        return None;
    }
    let among = |k: &Key| committing.contains(&k);
    let gives = |p: &Key| {
        contract
            .clauses
            .iter()
            .any(|c| c.giver == *p && among(&c.receiver))
    };
    let receives = |p: &Key| {
        contract
            .clauses
            .iter()
            .any(|c| c.receiver == *p && among(&c.giver))
    };
    let mut blamed: Vec<&Key> = committing
        .iter()
        .copied()
        .filter(|p| !gives(p) || !receives(p))
        .collect();
    let mut parts: Vec<String> = blamed
        .iter()
        .map(|p| match (gives(p), receives(p)) {
            (false, false) => text!("`{p}` neither gives nor receives"),
            (true, _) => text!("`{p}` only gives"),
            (false, true) => text!("`{p}` only receives"),
        })
        .collect();
    if blamed.is_empty() {
        blamed = committing.to_vec();
        let names: Vec<String> = circles
            .iter()
            .map(|c| {
                text!(
                    "{{{}}}",
                    c.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        parts.push(text!(
            "the circles {} do not give to each other",
            names.join(" and ")
        ));
    }
    Some((
        blamed,
        text!("`{key}` is not reciprocal: {}", parts.join("; ")),
    ))
}

/// `supporting-commits`: a supporting signatory or non-signatory appears as a
/// giver in a clause.
pub(super) fn supporting_commits(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    for (_, key, contract, parties) in live_contracts(ctx) {
        let (key, contract): (&Key, &Contract) = (key, contract);
        for (_, party, p, _) in parties.iter().copied() {
            if p.mode == Mode::Committing {
                continue;
            }
            let n = contract
                .clauses
                .iter()
                .filter(|c| c.giver == **party)
                .count();
            if n > 0 {
                out.push(Draft {
                    keys: vec![key.clone(), (*party).clone()],
                    message: text!(
                        "`{party}` takes part in `{key}` as a {}, yet gives in {n} clause(s)",
                        p.mode
                    ),
                    hint: Some("make it a committing signatory, or remove its clauses".into()),
                });
            }
        }
    }
}

/// `contract-expired`: a contract is still active after its end date.
pub(super) fn contract_expired(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    for (_, key, contract, _) in live_contracts(ctx) {
        let (key, contract): (&Key, &Contract) = (key, contract);
        let Some(end) = contract.term.end() else {
            continue;
        };
        if contract.status_at(ctx.date) == ContractStatus::Active && end < ctx.date {
            out.push(Draft {
                keys: vec![key.clone()],
                message: text!(
                    "`{key}` is still active on {} but its term ended on {end}",
                    ctx.date
                ),
                hint: Some("record that it ended, or extend its term".into()),
            });
        }
    }
}

/// `legal-capacity`: a legal contract has a committing party without legal
/// personality whose carrier does not sign for it.
pub(super) fn legal_capacity(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    for (_, key, contract, parties) in live_contracts(ctx) {
        let (key, contract): (&Key, &Contract) = (key, contract);
        if contract.nature != Nature::Legal {
            continue;
        }
        for (pix, party, p, _) in parties.iter().copied() {
            if p.mode != Mode::Committing || net.node_at(pix).is_none_or(Node::is_legal_person) {
                continue;
            }
            let date = p.signed_on.unwrap_or(ctx.date);
            let through_carrier = p
                .signed_by
                .as_ref()
                .is_some_and(|signer| match net.ix(signer) {
                    Some(s) if matches!(net.node_at(s), Some(Node::Person(_))) => net
                        .grant_path_len(s, Act::Sign, pix, date)
                        .is_some_and(|len| len >= 2),
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
