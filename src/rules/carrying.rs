//! Rules about carrying: collectives that act in law or handle money.

use petgraph::Direction;

use super::{Context, Draft};
use crate::NodeKind;
use crate::network::NodeIx;
use crate::{Key, Link, Mode, Nature, RelationKind, Retribution, ScopeKind, Status};

/// Why a collective needs a carrier: what it does that a legal person must
/// do for it.
struct Need {
    /// The collective.
    collective: NodeIx,
    /// The other keys involved (the brique, the contract…).
    involved: Vec<Key>,
    /// What it does, in words.
    what: String,
    /// Whether money is involved (the carrier then needs financial scope).
    money: bool,
    /// Whether it is an act that needs a carrier at all (needs-carrier), or
    /// only money that a carrier's scope should cover (carrier-scope).
    needs_carrier: bool,
}

/// What collectives do at the date that needs a legal person.
fn needs(ctx: &Context<'_>) -> Vec<Need> {
    let net = ctx.net;
    let mut out = Vec::new();
    for (ix, _) in ctx.of(NodeKind::Organisation) {
        let Some(org) = net.organisation_at(ix) else {
            continue;
        };
        if org.is_legal_person() {
            continue;
        }
        for (b, _, link) in net.edges(ix, Direction::Outgoing, RelationKind::Runs) {
            if !link.period().contains(ctx.date) {
                continue;
            }
            let Some(brique) = net.brique_at(b, ctx.date) else {
                continue;
            };
            if !brique.status.is_under_way() || !brique.brique.retribution.involves_money() {
                continue;
            }
            let defined = matches!(brique.brique.retribution, Retribution::Defined { .. });
            out.push(Need {
                collective: ix,
                involved: vec![brique.key.clone()],
                what: if defined {
                    format!("runs `{}`, which pays retributions", brique.key)
                } else {
                    format!("runs `{}`, which promises retributions", brique.key)
                },
                money: true,
                needs_carrier: defined,
            });
        }
        for (a, _, _) in net.edges(ix, Direction::Outgoing, RelationKind::Files) {
            let (Some(akey), Some(app)) = (
                net.key_at(a),
                net.node_at(a).and_then(|n| n.as_application()),
            ) else {
                continue;
            };
            if !app.status_at(ctx.date).is_live() {
                continue;
            }
            out.push(Need {
                collective: ix,
                involved: vec![akey.clone()],
                what: format!("files the application `{akey}`"),
                money: app.burden.is_some_and(|b| b.amount != 0),
                needs_carrier: true,
            });
        }
        let Some(me) = net.key_at(ix) else { continue };
        for (c, _, link) in net.edges(ix, Direction::Outgoing, RelationKind::PartyTo) {
            let Link::PartyTo(party) = link else { continue };
            let (Some(ckey), Some(contract)) =
                (net.key_at(c), net.node_at(c).and_then(|n| n.as_contract()))
            else {
                continue;
            };
            if party.mode != Mode::Committing || contract.status_at(ctx.date).is_final() {
                continue;
            }
            let money = contract
                .clauses
                .iter()
                .any(|cl| cl.gift.is_money() && (cl.giver == *me || cl.receiver == *me));
            let legal = contract.nature == Nature::Legal;
            if !legal && !money {
                continue;
            }
            out.push(Need {
                collective: ix,
                involved: vec![ckey.clone()],
                what: match (legal, money) {
                    (true, true) => format!(
                        "commits to the legal contract `{ckey}`, where money flows through it"
                    ),
                    (true, false) => format!("commits to the legal contract `{ckey}`"),
                    _ => format!("gives or receives money in the contract `{ckey}`"),
                },
                money,
                needs_carrier: legal,
            });
        }
    }
    out
}

/// `needs-carrier`: a collective acts where a legal person must, with no
/// carrier at the date.
pub(super) fn needs_carrier(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    for need in needs(ctx).into_iter().filter(|n| n.needs_carrier) {
        let carried = net
            .edges(need.collective, Direction::Incoming, RelationKind::Carries)
            .any(|(_, _, l)| l.period().contains(ctx.date));
        if carried {
            continue;
        }
        let Some(key) = net.key_at(need.collective) else {
            continue;
        };
        let mut keys = vec![key.clone()];
        keys.extend(need.involved);
        out.push(Draft {
            keys,
            message: format!(
                "`{key}` has no legal personality and no carrier on {}, yet it {}",
                ctx.date, need.what
            ),
            hint: Some("record a legal person that `carries` it at that date".into()),
        });
    }
}

/// `carrier-scope`: a carried collective handles money but none of its
/// carriers has financial scope.
pub(super) fn carrier_scope(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    for need in needs(ctx).into_iter().filter(|n| n.money) {
        let mut carriers: Vec<(&Key, bool)> = net
            .edges(need.collective, Direction::Incoming, RelationKind::Carries)
            .filter_map(|(c, _, l)| match l {
                Link::Carries(c2) if c2.period.contains(ctx.date) => {
                    Some((net.key_at(c)?, c2.scope.contains(ScopeKind::Financial)))
                }
                _ => None,
            })
            .collect();
        if carriers.is_empty() || carriers.iter().any(|(_, financial)| *financial) {
            continue;
        }
        carriers.sort_unstable();
        let Some(key) = net.key_at(need.collective) else {
            continue;
        };
        let mut keys = vec![key.clone()];
        keys.extend(carriers.iter().map(|(c, _)| (*c).clone()));
        keys.extend(need.involved);
        out.push(Draft {
            keys,
            message: format!(
                "`{key}` {} but its carrier{} `{}` do{} not carry it financially",
                need.what,
                if carriers.len() > 1 { "s" } else { "" },
                carriers
                    .iter()
                    .map(|(c, _)| c.as_str())
                    .collect::<Vec<_>>()
                    .join("`, `"),
                if carriers.len() > 1 { "" } else { "es" },
            ),
            hint: Some("add `financial` to the scope of its carrying".into()),
        });
    }
}
