//! Rules about organisations: membership, governance, signatories.

use petgraph::Direction;

use super::{Context, Draft};
use crate::NodeKind;
use crate::{Act, Governance, Key, Link, Mode, RelationKind, Status};

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
                message: format!("`{key}` has no members on {}", ctx.date),
                hint: Some("record its members with `member-of` relations".into()),
            });
        }
    }
}

/// `governance-not-posed`: an institution in formation has no established
/// governance; its voice falls back to its carrier.
pub(super) fn governance_not_posed(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    for (ix, key) in ctx.of(NodeKind::Organisation) {
        let Some(org) = net.organisation_at(ix) else {
            continue;
        };
        if !matches!(org.governance, Governance::InFormation { .. }) {
            continue;
        }
        let (path, speaks) = net.voice_path(ix, ctx.date);
        let speaker = path.last().filter(|_| speaks).and_then(|s| net.key_at(*s));
        let (keys, message) = match speaker {
            Some(speaker) => (
                vec![key.clone(), speaker.clone()],
                format!(
                    "`{key}` is in formation: its governance is not posed, so its voice falls back to `{speaker}`"
                ),
            ),
            None => (
                vec![key.clone()],
                format!(
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
    for (ix, key) in ctx.of(NodeKind::Organisation) {
        if net.organisation_at(ix).is_none() {
            continue;
        }
        let mut carried: Vec<&Key> = net
            .edges(ix, Direction::Outgoing, RelationKind::Carries)
            .filter(|(_, _, l)| l.period().contains(ctx.date))
            .filter_map(|(c, _, _)| net.key_at(c))
            .collect();
        let mut commits: Vec<&Key> = net
            .edges(ix, Direction::Outgoing, RelationKind::PartyTo)
            .filter(|(_, _, l)| matches!(l, Link::PartyTo(p) if p.mode == Mode::Committing))
            .filter_map(|(c, _, _)| {
                let contract = net.node_at(c)?.as_contract()?;
                (!contract.status_at(ctx.date).is_final())
                    .then(|| net.key_at(c))
                    .flatten()
            })
            .collect();
        commits.extend(
            net.edges(ix, Direction::Outgoing, RelationKind::Files)
                .filter(|(a, _, _)| {
                    net.node_at(*a)
                        .and_then(|n| n.as_application())
                        .is_some_and(|app| app.status_at(ctx.date).is_live())
                })
                .filter_map(|(a, _, _)| net.key_at(a)),
        );
        if carried.is_empty() && commits.is_empty() {
            continue;
        }
        let signers = ctx.signers();
        let signer = net.search_authority(ix, Act::Sign, ctx.date, |org| {
            signers.contains(&org).then_some(())
        });
        if signer.found.is_none() {
            carried.sort_unstable();
            commits.sort_unstable();
            let list = |v: &[&Key]| v.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ");
            let mut what = Vec::new();
            if !carried.is_empty() {
                what.push(format!("carries {}", list(&carried)));
            }
            if !commits.is_empty() {
                what.push(format!("commits to or files {}", list(&commits)));
            }
            out.push(Draft {
                keys: vec![key.clone()],
                message: format!(
                    "`{key}` {} but nobody holds a current mandate to sign for it",
                    what.join(" and ")
                ),
                hint: Some("record a `mandate` with the `sign` power for one of its people".into()),
            });
        }
    }
}
