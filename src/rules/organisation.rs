//! Rules about organisations: membership, governance, signatories.

use petgraph::Direction;

use super::{Context, Draft, Drafts};
use crate::NodeKind;

use crate::network::{BATCH, IxMap, MandateAt, NodeIx};
use crate::{Act, Governance, Link, Mode, RelationKind, ScopeKind};

/// `empty-membership`: an organisation has no members at the as-of date.
pub(super) fn empty_membership(ctx: &Context<'_>, out: &mut Drafts) {
    let (ixs, keys) = ctx.nodes_of(NodeKind::Organisation);
    // Most organisations have a current member among their first
    // relations: the walks stop there, a batch of them at a time.
    let has_member = ctx.net.any_together(
        &ixs,
        Direction::Incoming,
        |link| matches!(link, Link::MemberOf(m) if m.period.contains(ctx.date)),
    );
    for (key, has) in keys.into_iter().zip(has_member) {
        if !has {
            out.add(
                [key.clone()],
                Some("record its members with `member-of` relations".into()),
                format_args!("`{key}` has no members on {}", ctx.date),
            );
        }
    }
}

/// `governance-not-posed`: an institution in formation has no established
/// governance; its voice falls back to its carrier.
pub(super) fn governance_not_posed(ctx: &Context<'_>, out: &mut Drafts) {
    let net = ctx.net;
    // The speaker of each organisation in formation met so far: an
    // organisation deep in a chain reuses what is known above it, so the
    // rule walks each carrying relation once, however deep the chains.
    let mut speakers: IxMap<NodeIx, Option<NodeIx>> = IxMap::default();
    for (ix, key) in ctx.of(NodeKind::Organisation) {
        let Some(org) = net.organisation_at(ix) else {
            continue;
        };
        if !matches!(org.governance, Governance::InFormation { .. }) {
            continue;
        }
        let mut path = Vec::new();
        let mut at = ix;
        let found = loop {
            if let Some(known) = speakers.get(&at) {
                break *known;
            }
            if net.is_established(at) {
                break Some(at);
            }
            if net.kind_at(at) != Some(NodeKind::Organisation) || path.len() > net.len() {
                break None;
            }
            path.push(at);
            match net.admin_carrier_ix_at(at, ctx.date) {
                Some(carrier) => at = carrier,
                None => break None,
            }
        };
        for p in path {
            speakers.insert(p, found);
        }
        let speaker = found.and_then(|s| net.key_at(s));
        let (keys, message) = match speaker {
            Some(speaker) => (
                vec![key.clone(), speaker.clone()],
                text!(
                    "`{key}` is in formation: its governance is not posed, so its voice falls back to `{speaker}`"
                ),
            ),
            None => (
                vec![key.clone()],
                text!(
                    "`{key}` is in formation and no established carrier speaks for it: nobody may speak for it"
                ),
            ),
        };
        out.push(Draft {
            keys,
            message,
            hint: Some(
                "pose its governance (a way of deciding of its own) to give it its own voice"
                    .into(),
            ),
        });
    }
}

/// `no-signatory`: an organisation that carries others, files a live
/// application or commits to a live contract has nobody with a current
/// mandate to sign for it.
pub(super) fn no_signatory(ctx: &Context<'_>, out: &mut Drafts) {
    let net = ctx.net;
    // What organisations carry (`true`), commit to and file (`false`),
    // found from the other end, where it is already at hand: the copies of
    // carryings, the gathered contracts with their parties, and the
    // applications' filings. Walking every organisation's own relations
    // instead would read a chain of pointers for each, runs and
    // memberships included.
    let mut found: Vec<(NodeIx, bool, NodeIx)> = Vec::new();
    found.extend(
        net.all_carryings()
            .filter(|(_, c)| c.period.contains(ctx.date))
            .map(|(carried, c)| (c.carrier, true, carried)),
    );
    for (_, (contract, _, _, parties)) in ctx.contracts().filter(|(live, _)| *live) {
        found.extend(
            parties
                .iter()
                // A party is a person or an organisation (the relation's
                // typing), and the gathering knows which.
                .filter(|p| p.mode == Mode::Committing && !p.is_person)
                .map(|p| (p.ix, false, contract)),
        );
    }
    for &app in ctx.listed(NodeKind::Application) {
        if net
            .node_at(app)
            .and_then(|n| n.as_application())
            .is_some_and(|a| a.status_at(ctx.date).is_live())
        {
            found.extend(
                net.edges(app, Direction::Incoming, RelationKind::Files)
                    .map(|(filer, _, _)| (filer, false, app)),
            );
        }
    }
    // Grouped by organisation (what each carries and commits to is named
    // in key order, so the order within a group does not matter).
    found.sort_unstable_by_key(|f| f.0);
    let mut signable: IxMap<NodeIx, bool> = IxMap::default();
    let acting: Vec<NodeIx> = found
        .chunk_by(|a, b| a.0 == b.0)
        .filter_map(|group| Some(group.first()?.0))
        .collect();
    for (ix, signs) in acting.iter().zip(signers(ctx, &acting)) {
        if signs {
            signable.insert(*ix, true);
        }
    }
    let (mut carried, mut commits, mut stack) = (Vec::new(), Vec::new(), Vec::new());
    for group in found.chunk_by(|a, b| a.0 == b.0) {
        let Some(ix) = group.first().map(|f| f.0) else {
            continue;
        };
        if can_sign(ctx, ix, &mut signable, &mut stack) {
            continue;
        }
        let Some(key) = net.key_at(ix) else {
            continue;
        };
        carried.clear();
        commits.clear();
        for &(_, is_carried, other) in group {
            if is_carried {
                carried.push(other);
            } else {
                commits.push(other);
            }
        }
        let hint = Some("record a `mandate` with the `sign` power for one of its people".into());
        out.add_with([key.clone()], hint, |message| {
            message.push('`');
            message.push_str(key.as_str());
            message.push_str("` ");
            if !carried.is_empty() {
                message.push_str("carries ");
                push_list(message, net, &carried);
            }
            if !commits.is_empty() {
                if !carried.is_empty() {
                    message.push_str(" and ");
                }
                message.push_str("commits to or files ");
                push_list(message, net, &commits);
            }
            message.push_str(" but nobody holds a current mandate to sign for it");
        });
    }
}

/// For each organisation of `orgs`, whether one of its own mandates grants
/// signing at the date: a batch at a time, the lists of mandates first,
/// then the mandates, so that the reads of each step overlap.
fn signers(ctx: &Context<'_>, orgs: &[NodeIx]) -> Vec<bool> {
    let net = ctx.net;
    let mut out = Vec::with_capacity(orgs.len());
    let mut lists = Vec::with_capacity(BATCH);
    for batch in orgs.chunks(BATCH) {
        lists.clear();
        lists.extend(batch.iter().map(|o| net.mandates_into(*o)));
        out.extend(lists.iter().map(|list| grants_signing(ctx, list)));
    }
    out
}

/// Whether one of the `mandates` (an organisation's incoming mandates)
/// grants signing at the date.
fn grants_signing(ctx: &Context<'_>, mandates: &[MandateAt]) -> bool {
    mandates.iter().any(|m| m.grants(Act::Sign, ctx.date))
}

/// Writes the keys of `nodes`, sorted, separated by commas.
fn push_list(message: &mut String, net: &crate::Network, nodes: &[NodeIx]) {
    for (i, k) in net.sorted_keys(nodes.iter().copied()).iter().enumerate() {
        if i > 0 {
            message.push_str(", ");
        }
        message.push_str(k.as_str());
    }
}

/// Whether someone holds a current mandate to sign for `start`, directly or
/// through carriers with legal scope: an iterative post-order walk up the
/// carrying (acyclic), remembering every organisation it settles, so a
/// validation walks each carrying relation once however deep the chains.
fn can_sign(
    ctx: &Context<'_>,
    start: NodeIx,
    memo: &mut IxMap<NodeIx, bool>,
    stack: &mut Vec<(NodeIx, bool)>,
) -> bool {
    let net = ctx.net;
    let has_signer = |n: NodeIx| grants_signing(ctx, net.mandates_into(n));
    // Read twice for a node without a signer (to visit, then to settle)
    // rather than collected.
    let legal_carriers = |n: NodeIx| {
        net.carryings_into(n)
            .iter()
            .filter(|c| c.scope.contains(ScopeKind::Legal) && c.period.contains(ctx.date))
            .map(|c| c.carrier)
    };
    stack.clear();
    stack.push((start, false));
    while let Some((n, expanded)) = stack.pop() {
        if memo.contains_key(&n) {
            continue;
        }
        if !expanded && has_signer(n) {
            memo.insert(n, true);
            continue;
        }
        if expanded {
            let any = legal_carriers(n).any(|c| memo.get(&c) == Some(&true));
            memo.insert(n, any);
        } else {
            stack.push((n, true));
            stack.extend(
                legal_carriers(n)
                    .filter(|c| !memo.contains_key(c))
                    .map(|c| (c, false)),
            );
        }
    }
    memo.get(&start) == Some(&true)
}
