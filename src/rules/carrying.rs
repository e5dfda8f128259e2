//! Rules about carrying: collectives that act in law or handle money.

use petgraph::Direction;
use petgraph::visit::EdgeRef;

use super::{Context, Draft, Drafts, PartyAt};
use crate::NodeKind;
use crate::network::NodeIx;
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
    // What collectives run and file, from their own relations.
    for (ix, _) in ctx.of(NodeKind::Organisation) {
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
                    let Some(brique) = ctx.brique(other) else {
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
                _ => {}
            }
        }
    }
    // What they commit to, from the gathered live contracts and their
    // parties (a party without legal personality is a collective): who
    // gives or receives money in a contract is sorted once, however many
    // collectives commit to it.
    let mut handlers: Vec<&Key> = Vec::new();
    for (contract_ix, _, contract, parties) in ctx.live_contracts() {
        let committed = |p: &&PartyAt| p.mode == Mode::Committing && !p.is_legal_person;
        if !parties.iter().any(|p| committed(&p)) {
            continue;
        }
        handlers.clear();
        handlers.extend(
            contract
                .clauses
                .iter()
                .filter(|cl| cl.gift.is_money())
                .flat_map(|cl| [&cl.giver, &cl.receiver]),
        );
        handlers.sort_unstable();
        handlers.dedup();
        let legal = contract.nature == Nature::Legal;
        for p in parties.iter().filter(committed) {
            let money = handlers.binary_search(&&p.key).is_ok();
            if !legal && !money {
                continue;
            }
            out.push(Need {
                collective: p.ix,
                involved: contract_ix,
                what: Doing::Commits { legal, money },
                money,
                needs_carrier: legal,
            });
        }
    }
    out
}

/// `needs-carrier`: a collective acts where a legal person must, with no
/// carrier at the date.
pub(super) fn needs_carrier(ctx: &Context<'_>, out: &mut Drafts) {
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
pub(super) fn carrier_scope(ctx: &Context<'_>, out: &mut Drafts) {
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
