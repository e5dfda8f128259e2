//! Rules about applications: who files them, what they commit, deadlines.

use petgraph::Direction;

use std::borrow::Cow;

use super::{Context, Draft};
use crate::NodeKind;
use crate::network::NodeIx;
use crate::{Application, ApplicationStatus, Key, Link, Node, RelationKind};

/// Every application with its key and index, in storage order.
pub(super) fn applications<'c, 'n: 'c>(
    ctx: &'c Context<'n>,
) -> impl Iterator<Item = (NodeIx, &'n Key, &'n Application)> + 'c {
    let net = ctx.net;
    ctx.of(NodeKind::Application)
        .filter_map(move |(ix, key)| Some((ix, key, net.node_at(ix)?.as_application()?)))
}

/// `filer-not-legal-person`: an application is filed by an organisation
/// without legal personality.
pub(super) fn filer_not_legal_person(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    for (ix, key, _) in applications(ctx) {
        // Filers read by index; only those without legal personality are
        // named and sorted.
        let filers = net.sorted_keys(
            net.edges(ix, Direction::Incoming, RelationKind::Files)
                .map(|(o, _, _)| o)
                .filter(|o| !net.node_at(*o).is_some_and(Node::is_legal_person)),
        );
        for filer in filers {
            out.push(Draft {
                keys: vec![key.clone(), filer.clone()],
                message: text!("`{filer}` files `{key}` but has no legal personality"),
                hint: Some(Cow::Owned(format!("have the carrier of `{filer}` file it"))),
            });
        }
    }
}

/// `objectives-mismatch`: an application's purpose is not covered by its
/// filer's objectives, or a brique run by a carried organisation has a
/// purpose its carriers' objectives do not cover.
pub(super) fn objectives_mismatch(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    for (ix, key, app) in applications(ctx) {
        for (f, _, _) in net.edges(ix, Direction::Incoming, RelationKind::Files) {
            let (Some(filer), Some(org)) = (net.key_at(f), net.organisation_at(f)) else {
                continue;
            };
            let missing: Vec<&str> = app
                .purpose
                .iter()
                .filter(|t| !org.objectives.contains(*t))
                .map(|t| t.as_str())
                .collect();
            if !missing.is_empty() {
                out.push(Draft {
                    keys: vec![key.clone(), filer.clone()],
                    message: text!("the purpose of `{key}` ({}) is outside the objectives of its filer `{filer}`", missing.join(", ")),
                    hint: Some("check that the filer's statutes cover it, or have another filer carry it".into()),
                });
            }
        }
    }
    // Briques under way with a purpose, then who runs each at the date,
    // then the carriers of those: each step for every brique before the
    // next, so that the reads of a step are independent and overlap.
    let briques: Vec<(NodeIx, &Key, &crate::Brique)> = ctx
        .briques()
        .iter()
        .filter(|(_, b)| !b.brique.purpose.is_empty() && b.status.is_under_way())
        .map(|&(ix, b)| (ix, b.key, b.brique))
        .collect();
    let ixs: Vec<NodeIx> = briques.iter().map(|b| b.0).collect();
    let mut runners: Vec<(usize, NodeIx)> = Vec::new();
    net.walk_together(&ixs, Direction::Incoming, |i, runner, _, link| {
        if matches!(link, Link::Runs(r) if r.period.contains(ctx.date)) {
            runners.push((i, runner));
        }
        false
    });
    let lists: Vec<_> = runners
        .iter()
        .map(|(_, r)| net.carryings_into(*r))
        .collect();
    let mut carriers: Vec<(usize, NodeIx)> = Vec::new();
    for ((i, _), list) in runners.iter().zip(&lists) {
        carriers.extend(
            list.iter()
                .filter(|c| c.period.contains(ctx.date))
                .map(|c| (*i, c.carrier)),
        );
    }
    // Each carrier of a brique's runners is checked once, however many
    // runners it carries.
    carriers.sort_unstable();
    carriers.dedup();
    for (i, c) in carriers {
        let (Some((_, key, brique)), Some(ckey), Some(carrier)) =
            (briques.get(i), net.key_at(c), net.organisation_at(c))
        else {
            continue;
        };
        if brique.purpose.is_subset(&carrier.objectives) {
            continue;
        }
        let missing: Vec<&str> = brique
            .purpose
            .difference(&carrier.objectives)
            .map(|t| t.as_str())
            .collect();
        out.push(Draft {
            keys: vec![(*key).clone(), ckey.clone()],
            message: text!(
                "the purpose of `{key}` ({}) is outside the objectives of `{ckey}`, which carries who runs it",
                missing.join(", ")
            ),
            hint: Some("check that the carrier's statutes cover it".into()),
        });
    }
}

/// `carrier-burden`: the total burden on an organisation from the live
/// applications it files exceeds its burden limit.
pub(super) fn carrier_burden(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    // The organisations that state a limit, then what they file, their
    // walks side by side, then the burdens of the live applications among
    // those, read together. An organisation whose burdens, all in its
    // limit's currency, none negative, add up within it is settled there;
    // the others are asked `Network::exposure_at`, which names the
    // applications (or the overflow) in the finding.
    let limited: Vec<(NodeIx, &Key, crate::Money)> = ctx
        .of(NodeKind::Organisation)
        .filter_map(|(ix, key)| Some((ix, key, net.organisation_at(ix)?.burden_limit?)))
        .collect();
    let ixs: Vec<NodeIx> = limited.iter().map(|l| l.0).collect();
    let mut filed: Vec<(usize, NodeIx)> = Vec::new();
    net.walk_together(&ixs, Direction::Outgoing, |i, app, _, link| {
        if matches!(link, Link::Files(_)) {
            filed.push((i, app));
        }
        false
    });
    let mut settled: Vec<Option<i64>> = vec![Some(0); limited.len()];
    for (i, app) in filed {
        let (Some(total), Some((_, _, limit))) = (settled.get_mut(i), limited.get(i)) else {
            continue;
        };
        let Some(app) = net.node_at(app).and_then(Node::as_application) else {
            continue;
        };
        if !app.status_at(ctx.date).is_live() {
            continue;
        }
        if let Some(burden) = app.burden {
            *total = total
                .filter(|_| burden.currency == limit.currency && burden.amount >= 0)
                .and_then(|t| t.checked_add(burden.amount));
        }
    }
    for ((ix, key, limit), total) in limited.into_iter().zip(settled) {
        if total.is_some_and(|t| t <= limit.amount) {
            continue;
        }
        let message = match net.exposure_at(ix, ctx.date) {
            Ok(None) => continue,
            Ok(Some(e)) if e.within_limit() => continue,
            Ok(Some(e)) => e.to_string(),
            Err(e) => e.to_string(),
        };
        out.push(Draft {
            keys: vec![key.clone()],
            message,
            hint: Some("reduce the burden of its applications, or raise its limit by a decision of its own".into()),
        });
    }
}

/// `deadline-missed`: an application was submitted after its deadline (the
/// submission instant's date in its own offset, or else the date its
/// lifecycle records it submitted), or is still drafting after it.
pub(super) fn deadline_missed(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    for (_, key, app) in applications(ctx) {
        let late = app.submission_date().filter(|on| *on > app.deadline);
        let message = if let Some(on) = late {
            text!(
                "`{key}` was submitted on {on} after its deadline of {}",
                app.deadline
            )
        } else if app.status_at(ctx.date) == ApplicationStatus::Drafting && ctx.date > app.deadline
        {
            text!(
                "`{key}` is still drafting on {} after its deadline of {}",
                ctx.date,
                app.deadline
            )
        } else {
            continue;
        };
        out.push(Draft {
            keys: vec![key.clone()],
            message,
            hint: None,
        });
    }
}

/// `unauthored-application`: an application has no authors.
pub(super) fn unauthored_application(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    for (ix, key, _) in applications(ctx) {
        if net
            .edges(ix, Direction::Incoming, RelationKind::Authors)
            .next()
            .is_none()
        {
            out.push(Draft {
                keys: vec![key.clone()],
                message: text!("`{key}` has no recorded authors"),
                hint: Some("record who wrote it with `authors`".into()),
            });
        }
    }
}

/// `territory-mismatch`: an application targets a territory but a brique it
/// funds is hosted at a place outside it.
pub(super) fn territory_mismatch(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    for (ix, key, _) in applications(ctx) {
        let targets = net.sorted_keys(
            net.edges(ix, Direction::Outgoing, RelationKind::Targets)
                .map(|(t, _, _)| t),
        );
        if targets.is_empty() {
            continue;
        }
        for (b, _, _) in net.edges(ix, Direction::Outgoing, RelationKind::Funds) {
            for (p, _, _) in net.edges(b, Direction::Outgoing, RelationKind::HostedAt) {
                let within: Vec<&Key> = net.sorted_keys(
                    net.edges(p, Direction::Outgoing, RelationKind::LocatedIn)
                        .map(|(t, _, _)| t),
                );
                if targets.iter().any(|t| within.contains(t)) {
                    continue;
                }
                let (Some(bkey), Some(pkey)) = (net.key_at(b), net.key_at(p)) else {
                    continue;
                };
                let mut keys = vec![key.clone(), bkey.clone(), pkey.clone()];
                keys.extend(targets.iter().map(|t| (*t).clone()));
                out.push(Draft {
                    keys,
                    message: text!(
                        "`{key}` targets {} but funds `{bkey}`, hosted at `{pkey}`, which is not located there",
                        targets.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
                    ),
                    hint: Some("host the brique in the targeted territory, or record where its place is located".into()),
                });
            }
        }
    }
}
