//! Rules about briques and institutions in formation.

use petgraph::Direction;

use std::borrow::Cow;

use super::{Context, Draft};
use crate::NodeKind;
use crate::network::NodeIx;
use crate::{BriqueStatus, Governance, KindState, Link, Retribution};

/// `blueprint-gap`: an institution in formation lacks an active brique of a
/// kind its blueprint requires.
pub(super) fn blueprint_gap(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    // The institutions in formation, then what builds them, gathered for
    // all of them step by step.
    let institutions: Vec<(NodeIx, &crate::Key, &crate::Organisation)> = ctx
        .of(NodeKind::Organisation)
        .filter_map(|(ix, key)| {
            let org = net.organisation_at(ix)?;
            matches!(org.governance, Governance::InFormation { .. }).then_some((ix, key, org))
        })
        .collect();
    let ixs: Vec<NodeIx> = institutions.iter().map(|i| i.0).collect();
    let mut briques = net.builders_at(&ixs, ctx.date).peekable();
    for (i, (_, key, org)) in institutions.iter().enumerate() {
        let mut builders = Vec::new();
        while let Some((_, b)) = briques.next_if(|(j, _)| *j == i) {
            builders.push(b);
        }
        let readiness = crate::Readiness::of(key, org, builders);
        for k in &readiness.required {
            let state = k.state();
            if state == KindState::Active {
                continue;
            }
            let mut keys = vec![(*key).clone()];
            keys.extend(k.briques.iter().map(|b| b.key.clone()));
            let message = if state == KindState::Pending {
                use std::fmt::Write;
                let mut message = text!("`{key}` has no active `{}` brique yet (", k.kind);
                for (i, b) in k.briques.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    let _ = write!(message, "{sep}`{}` is {}", b.key, b.status);
                }
                message.push(')');
                message
            } else {
                text!(
                    "`{key}` lacks a `{}` brique, which its blueprint requires",
                    k.kind
                )
            };
            out.push(Draft {
                keys,
                message,
                hint: Some(Cow::Owned(format!(
                    "start a `{}` brique that builds `{key}`",
                    k.kind
                ))),
            });
        }
    }
}

/// `retribution-undefined`: an active or planned brique promises retributions
/// whose modalities are to be defined.
pub(super) fn retribution_undefined(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    for &(ix, b) in ctx.briques() {
        let key = b.key;
        if b.brique.retribution != Retribution::ToBeDefined
            || !matches!(b.status, BriqueStatus::Active | BriqueStatus::Planned)
        {
            continue;
        }
        let mut runners: Vec<_> = net
            .runners_at(ix, ctx.date)
            .filter_map(|(o, _)| net.key_at(o).cloned())
            .collect();
        runners.sort_unstable();
        let mut keys = vec![key.clone()];
        keys.extend(runners);
        out.push(Draft {
            keys,
            message: text!(
                "`{key}` ({}) promises retributions whose modalities are still to be defined",
                b.status
            ),
            hint: Some("define the amount, what it is counted per, and who pays".into()),
        });
    }
}

/// `orphan-brique`: a brique that has not ended builds nothing or is run by
/// nobody at the date.
pub(super) fn orphan_brique(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    let briques: Vec<(NodeIx, &crate::Key, BriqueStatus)> = ctx
        .briques()
        .iter()
        .filter(|(_, b)| b.status != BriqueStatus::Ended)
        .map(|&(ix, b)| (ix, b.key, b.status))
        .collect();
    let ixs: Vec<NodeIx> = briques.iter().map(|b| b.0).collect();
    // Whether each builds something and is run by someone at the date:
    // the walks of a batch of briques take their steps together, and
    // stop at the first relation that answers.
    let builds = net.any_together(&ixs, Direction::Outgoing, |l| matches!(l, Link::Builds));
    let run = net.any_together(
        &ixs,
        Direction::Incoming,
        |l| matches!(l, Link::Runs(r) if r.period.contains(ctx.date)),
    );
    for (((_, key, status), builds), run) in briques.iter().zip(builds).zip(run) {
        let what = match (builds, run) {
            (true, true) => continue,
            (false, true) => "builds no institution",
            (true, false) => "is run by nobody",
            (false, false) => "builds no institution and is run by nobody",
        };
        out.push(Draft {
            keys: vec![(*key).clone()],
            message: text!("`{key}` ({status}) {what} on {}", ctx.date),
            hint: Some("relate it with `builds` to the institution it serves and with `runs` to who runs it".into()),
        });
    }
}
