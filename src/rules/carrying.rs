//! Rules about carrying: collectives that act in law or handle money.

use petgraph::Direction;
use petgraph::visit::EdgeRef;

use super::{Context, Draft};
use crate::NodeKind;
use crate::network::{IxMap, NodeIx};
use crate::{Key, Link, Mode, Nature, Retribution, ScopeKind};

/// Why a collective needs a carrier: what it does that a legal person must
/// do for it.
pub(crate) struct Need {
    /// The collective.
    collective: NodeIx,
    /// The other node involved (the brique, the application, the contract).
    involved: NodeIx,
    /// What it does.
    what: Doing,
    /// Whether money is involved (the carrier then needs financial scope).
    money: bool,
    /// Whether it is an act that needs a carrier at all (needs-carrier), or
    /// only money that a carrier's scope should cover (carrier-scope).
    needs_carrier: bool,
}

/// What a collective does that needs a legal person, put into words only
/// when a finding reports it.
#[derive(Clone, Copy)]
enum Doing {
    /// Runs a brique that pays retributions (`true`) or promises them.
    Runs { pays: bool },
    /// Files an application.
    Files,
    /// Commits to a contract, legal or not, where money flows or not.
    Commits { legal: bool, money: bool },
}

impl Need {
    /// The sentence that says what the collective does.
    fn what(&self, net: &crate::Network) -> String {
        let other = net.key_at(self.involved).map_or("", |k| k.as_str());
        match self.what {
            Doing::Runs { pays: true } => text!("runs `{other}`, which pays retributions"),
            Doing::Runs { pays: false } => text!("runs `{other}`, which promises retributions"),
            Doing::Files => text!("files the application `{other}`"),
            Doing::Commits {
                legal: true,
                money: true,
            } => text!("commits to the legal contract `{other}`, where money flows through it"),
            Doing::Commits { legal: true, .. } => {
                text!("commits to the legal contract `{other}`")
            }
            Doing::Commits { .. } => text!("gives or receives money in the contract `{other}`"),
        }
    }
}

/// What collectives do at the date that needs a legal person: gathered once
/// per validation, for both carrying rules.
pub(crate) fn needs(ctx: &Context<'_>) -> Vec<Need> {
    let net = ctx.net;
    let mut out = Vec::new();
    // For each contract of more than a few clauses, who gives or receives
    // money in it (sorted): its clauses are read once, however many
    // collectives commit to it. A usual contract's few clauses are read
    // for each.
    const FEW: usize = 16;
    let mut money_parties: IxMap<NodeIx, Vec<&Key>> = IxMap::default();
    for (ix, me) in ctx.of(NodeKind::Organisation) {
        let Some(org) = net.organisation_at(ix) else {
            continue;
        };
        if org.is_legal_person() {
            continue;
        }
        for e in net.graph.edges_directed(ix, Direction::Outgoing) {
            let other = e.target();
            let need = |what, money, needs_carrier| Need {
                collective: ix,
                involved: other,
                what,
                money,
                needs_carrier,
            };
            match e.weight() {
                Link::Runs(run) if run.period.contains(ctx.date) => {
                    let Some(brique) = net.brique_at(other, ctx.date) else {
                        continue;
                    };
                    if !brique.status.is_under_way() || !brique.brique.retribution.involves_money()
                    {
                        continue;
                    }
                    let pays = matches!(brique.brique.retribution, Retribution::Defined { .. });
                    out.push(need(Doing::Runs { pays }, true, pays));
                }
                Link::Files(_) => {
                    let Some(app) = net.node_at(other).and_then(|n| n.as_application()) else {
                        continue;
                    };
                    if !app.status_at(ctx.date).is_live() {
                        continue;
                    }
                    let money = app.burden.is_some_and(|b| b.amount != 0);
                    out.push(need(Doing::Files, money, true));
                }
                Link::PartyTo(party)
                    if party.mode == Mode::Committing && ctx.is_live_contract(other) =>
                {
                    let Some(contract) = net.node_at(other).and_then(|n| n.as_contract()) else {
                        continue;
                    };
                    let money = if contract.clauses.len() <= FEW {
                        contract
                            .clauses
                            .iter()
                            .any(|cl| cl.gift.is_money() && (cl.giver == *me || cl.receiver == *me))
                    } else {
                        let handlers = money_parties.entry(other).or_insert_with(|| {
                            let mut keys: Vec<&Key> = contract
                                .clauses
                                .iter()
                                .filter(|cl| cl.gift.is_money())
                                .flat_map(|cl| [&cl.giver, &cl.receiver])
                                .collect();
                            keys.sort_unstable();
                            keys.dedup();
                            keys
                        });
                        handlers.binary_search(&me).is_ok()
                    };
                    let legal = contract.nature == Nature::Legal;
                    if !legal && !money {
                        continue;
                    }
                    out.push(need(Doing::Commits { legal, money }, money, legal));
                }
                _ => {}
            }
        }
    }
    out
}

/// `needs-carrier`: a collective acts where a legal person must, with no
/// carrier at the date.
pub(super) fn needs_carrier(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    for need in ctx.needs().iter().filter(|n| n.needs_carrier) {
        let carried = net
            .carryings_into(need.collective)
            .iter()
            .any(|c| c.period.contains(ctx.date));
        if carried {
            continue;
        }
        let Some(key) = net.key_at(need.collective) else {
            continue;
        };
        let mut keys = vec![key.clone()];
        keys.extend(net.key_at(need.involved).cloned());
        out.push(Draft {
            keys,
            message: text!(
                "`{key}` has no legal personality and no carrier on {}, yet it {}",
                ctx.date,
                need.what(net)
            ),
            hint: Some("record a legal person that `carries` it at that date".into()),
        });
    }
}

/// `carrier-scope`: a carried collective handles money but none of its
/// carriers has financial scope.
pub(super) fn carrier_scope(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    for need in ctx.needs().iter().filter(|n| n.money) {
        let mut carriers: Vec<(&Key, bool)> = net
            .carryings_into(need.collective)
            .iter()
            .filter(|c| c.period.contains(ctx.date))
            .filter_map(|c| {
                Some((
                    net.key_at(c.carrier)?,
                    c.scope.contains(ScopeKind::Financial),
                ))
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
        keys.extend(net.key_at(need.involved).cloned());
        out.push(Draft {
            keys,
            message: text!(
                "`{key}` {} but its carrier{} `{}` do{} not carry it financially",
                need.what(net),
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
