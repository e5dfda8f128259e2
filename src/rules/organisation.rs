//! Rules about organisations: membership, governance, signatories.

use petgraph::Direction;
use petgraph::visit::EdgeRef;

use super::{Context, Draft};
use crate::NodeKind;

use crate::network::{IxMap, NodeIx};
use crate::{Act, Governance, Link, Mode, RelationKind, ScopeKind};

/// `empty-membership`: an organisation has no members at the as-of date.
pub(super) fn empty_membership(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    for (ix, key) in ctx.of(NodeKind::Organisation) {
        if net.organisation_at(ix).is_none() {
            continue;
        }
        let has_member = net
            .edges(ix, Direction::Incoming, RelationKind::MemberOf)
            .any(|(_, _, l)| l.period().contains(ctx.date));
        if !has_member {
            out.push(Draft {
                keys: vec![key.clone()],
                message: text!("`{key}` has no members on {}", ctx.date),
                hint: Some("record its members with `member-of` relations".into()),
            });
        }
    }
}

/// `governance-not-posed`: an institution in formation has no established
/// governance; its voice falls back to its carrier.
pub(super) fn governance_not_posed(ctx: &Context<'_>, out: &mut Vec<Draft>) {
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
            match net
                .organisation_at(at)
                .map(|o| o.governance.is_established())
            {
                Some(true) => break Some(at),
                Some(false) if path.len() <= net.len() => path.push(at),
                _ => break None,
            }
            match net.admin_carrier_at(at, ctx.date) {
                Some((carrier, _)) => at = carrier,
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

/// `no-signatory`: an organisation that carries others has nobody with a
/// current mandate to sign for it.
pub(super) fn no_signatory(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    let mut signable: IxMap<NodeIx, bool> = IxMap::default();
    let (mut carried, mut commits, mut stack) = (Vec::new(), Vec::new(), Vec::new());
    for (ix, key) in ctx.of(NodeKind::Organisation) {
        if net.organisation_at(ix).is_none() {
            continue;
        }
        // One walk over its outgoing relations finds what it carries,
        // commits to and files.
        carried.clear();
        commits.clear();
        for e in net.graph.edges_directed(ix, Direction::Outgoing) {
            let other = e.target();
            match e.weight() {
                Link::Carries(c) if c.period.contains(ctx.date) => carried.push(other),
                Link::PartyTo(p) if p.mode == Mode::Committing && ctx.is_live_contract(other) => {
                    commits.push(other);
                }
                Link::Files(_)
                    if net
                        .node_at(other)
                        .and_then(|n| n.as_application())
                        .is_some_and(|app| app.status_at(ctx.date).is_live()) =>
                {
                    commits.push(other);
                }
                _ => {}
            }
        }
        if carried.is_empty() && commits.is_empty() {
            continue;
        }
        if can_sign(ctx, ix, &mut signable, &mut stack) {
            continue;
        }
        let mut message = text!("`{key}` ");
        if !carried.is_empty() {
            message.push_str("carries ");
            push_list(&mut message, net, &carried);
        }
        if !commits.is_empty() {
            if !carried.is_empty() {
                message.push_str(" and ");
            }
            message.push_str("commits to or files ");
            push_list(&mut message, net, &commits);
        }
        message.push_str(" but nobody holds a current mandate to sign for it");
        out.push(Draft {
            keys: vec![key.clone()],
            message,
            hint: Some("record a `mandate` with the `sign` power for one of its people".into()),
        });
    }
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
    let has_signer = |n: NodeIx| {
        net.edges(n, Direction::Incoming, RelationKind::Mandate)
            .any(|(_, _, l)| matches!(l, Link::Mandate(m) if m.grants(Act::Sign, ctx.date)))
    };
    // Read twice for a node without a signer (to visit, then to settle)
    // rather than collected.
    let legal_carriers = |n: NodeIx| {
        net.edges(n, Direction::Incoming, RelationKind::Carries)
            .filter(|(_, _, l)| {
                matches!(l, Link::Carries(c) if c.scope.contains(ScopeKind::Legal) && c.period.contains(ctx.date))
            })
            .map(|(c, _, _)| c)
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
