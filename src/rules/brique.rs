//! Rules about briques and institutions in formation.

use petgraph::Direction;

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::{Context, Drafts};
use crate::NodeKind;
use crate::network::NodeIx;
use crate::{BriqueKind, BriqueStatus, Governance, Key, KindState, Link, Retribution};

/// `blueprint-gap`: an institution in formation lacks an active brique of a
/// kind its blueprint requires.
///
/// It answers what [`Readiness`](crate::Readiness) tells of each required
/// kind, without building one per institution: a brique of a kind not
/// required bears on nothing, the statuses of those that do are read from
/// the briques gathered for every brique rule ([`Context::brique`]), a
/// kind that is active costs no list, no sort and no read of its
/// briques' keys, and the texts are put together from their pieces.
pub(super) fn blueprint_gap(ctx: &Context<'_>, out: &mut Drafts) {
    let net = ctx.net;
    // The institutions in formation, then the kinds each requires (in
    // blueprint order, in one list), then what builds them: each step for
    // all of them before the next, so that the reads of a step overlap.
    let institutions: Vec<(NodeIx, &Key, &crate::Blueprint)> = ctx
        .of(NodeKind::Organisation)
        .filter_map(|(ix, key)| match &net.organisation_at(ix)?.governance {
            Governance::InFormation { blueprint } => Some((ix, key, blueprint)),
            Governance::Established { .. } => None,
        })
        .collect();
    let mut kinds: Vec<(&BriqueKind, KindState)> = Vec::new();
    let mut required: Vec<std::ops::Range<usize>> = Vec::with_capacity(institutions.len());
    for (_, _, blueprint) in &institutions {
        let start = kinds.len();
        kinds.extend(crate::Readiness::required_kinds(blueprint).map(|k| (k, KindState::Missing)));
        required.push(start..kinds.len());
    }
    let ixs: Vec<NodeIx> = institutions.iter().map(|i| i.0).collect();
    // The briques that build each, those of a required kind only, with
    // that kind's place in `kinds`: a brique of another kind bears on no
    // finding. Then their statuses, in a pass of their own, each folded
    // into its kind's state.
    let builds = net.builds_into(&ixs);
    let mut found: Vec<(usize, usize, &Key, NodeIx)> = Vec::new();
    for (i, b) in builds {
        let (Some(slot), Some(range)) = (net.slot(b), required.get(i)) else {
            continue;
        };
        let Some(brique) = slot.node.as_brique() else {
            continue;
        };
        let Some(k) = kinds
            .get(range.clone())
            .and_then(|ks| ks.iter().position(|(kind, _)| **kind == brique.kind))
            .map(|k| k.saturating_add(range.start))
        else {
            continue;
        };
        found.push((i, k, &slot.key, b));
    }
    // Their statuses from the briques gathered for the rules that read
    // every brique, each lifecycle folded once there.
    let builders: Vec<(usize, usize, &Key, BriqueStatus)> = found
        .into_iter()
        .filter_map(|(i, k, key, b)| Some((i, k, key, ctx.brique(b)?.status)))
        .collect();
    for &(_, k, _, status) in &builders {
        if let Some((_, state)) = kinds.get_mut(k) {
            *state = (*state).min(KindState::of(status));
        }
    }
    // The findings: for each kind not active, its briques in key order.
    // The builders come grouped by institution, in order.
    let mut of_kind: Vec<(&Key, BriqueStatus)> = Vec::new();
    let mut names = KindNames::default();
    let mut at = 0;
    for (i, ((_, key, _), range)) in institutions.iter().zip(required).enumerate() {
        let start = at;
        while builders.get(at).is_some_and(|b| b.0 == i) {
            at = at.saturating_add(1);
        }
        let mine = builders.get(start..at).unwrap_or_default();
        for (k, (kind, state)) in kinds.iter().enumerate().take(range.end).skip(range.start) {
            if *state == KindState::Active {
                continue;
            }
            of_kind.clear();
            of_kind.extend(mine.iter().filter(|b| b.1 == k).map(|b| (b.2, b.3)));
            of_kind.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let keys = std::iter::once((*key).clone()).chain(of_kind.iter().map(|b| b.0.clone()));
            let hint = Some(Cow::Borrowed(
                "start a brique of that kind that builds the institution",
            ));
            // The text put together from its pieces.
            let (key, kind) = (key.as_str(), names.of(kind));
            out.add_with(keys, hint, |message| {
                if *state == KindState::Pending {
                    for piece in ["`", key, "` has no active `", kind, "` brique yet ("] {
                        message.push_str(piece);
                    }
                    for (i, (b, status)) in of_kind.iter().enumerate() {
                        message.push_str(if i == 0 { "`" } else { ", `" });
                        message.push_str(b.as_str());
                        message.push_str("` is ");
                        message.push_str(crate::Status::name(*status));
                    }
                    message.push(')');
                } else {
                    for piece in [
                        "`",
                        key,
                        "` lacks a `",
                        kind,
                        "` brique, which its blueprint requires",
                    ] {
                        message.push_str(piece);
                    }
                }
            });
        }
    }
}

/// The names of brique kinds, each written once: every finding names its
/// kind, and the kinds are few.
#[derive(Default)]
struct KindNames<'n> {
    /// Each kind met, with its name.
    names: BTreeMap<&'n BriqueKind, String>,
}

impl<'n> KindNames<'n> {
    /// The name of `kind`, as it displays.
    fn of(&mut self, kind: &'n BriqueKind) -> &str {
        self.names.entry(kind).or_insert_with(|| kind.to_string())
    }
}

/// `retribution-undefined`: an active or planned brique promises retributions
/// whose modalities are to be defined.
pub(super) fn retribution_undefined(ctx: &Context<'_>, out: &mut Drafts) {
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
        out.add(
            std::iter::once(key.clone()).chain(runners),
            Some("define the amount, what it is counted per, and who pays".into()),
            format_args!(
                "`{key}` ({}) promises retributions whose modalities are still to be defined",
                b.status
            ),
        );
    }
}

/// `orphan-brique`: a brique that has not ended builds nothing or is run by
/// nobody at the date.
pub(super) fn orphan_brique(ctx: &Context<'_>, out: &mut Drafts) {
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
        let hint =
            "relate it with `builds` to the institution it serves and with `runs` to who runs it";
        // "`{key}` ({status}) {what} on {date}", from its pieces.
        out.add_with([(*key).clone()], Some(hint.into()), |text| {
            for piece in [
                "`",
                key.as_str(),
                "` (",
                crate::Status::name(*status),
                ") ",
                what,
            ] {
                text.push_str(piece);
            }
            text.push_str(" on ");
            super::push_date(text, ctx.date);
        });
    }
}
