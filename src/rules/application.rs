//! Rules about applications: who files them, what they commit, deadlines.

use petgraph::Direction;

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::{Context, Draft, Drafts};
use crate::NodeKind;
use crate::network::NodeIx;
use crate::{Application, ApplicationStatus, Key, Link, Node, RelationKind, Tag};

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
pub(super) fn filer_not_legal_person(ctx: &Context<'_>, out: &mut Drafts) {
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
pub(super) fn objectives_mismatch(ctx: &Context<'_>, out: &mut Drafts) {
    let net = ctx.net;
    // The applications with a purpose (an empty one is covered by any
    // objectives), then their filers, the walks side by side, then the
    // filers' slots: each step for every application before the next, so
    // that the reads of a step overlap.
    let apps: Vec<(NodeIx, &Key, &Application)> = applications(ctx)
        .filter(|(_, _, app)| !app.purpose.is_empty())
        .collect();
    let ixs: Vec<NodeIx> = apps.iter().map(|a| a.0).collect();
    let filed = net.related_together(&ixs, Direction::Incoming, |link| {
        matches!(link, Link::Files(_))
    });
    for (i, f) in filed {
        let (Some((_, key, app)), Some(slot)) = (apps.get(i), net.slot(f)) else {
            continue;
        };
        let Some(org) = slot.node.as_organisation() else {
            continue;
        };
        if app.purpose.is_subset(&org.objectives) {
            continue;
        }
        let filer = &slot.key;
        let missing = app.purpose.difference(&org.objectives);
        let hint = "check that the filer's statutes cover it, or have another filer carry it";
        out.add_with(
            [(*key).clone(), filer.clone()],
            Some(hint.into()),
            |message| {
                message.push_str("the purpose of `");
                message.push_str(key.as_str());
                message.push_str("` (");
                push_joined(message, missing.map(Tag::as_str));
                message.push_str(") is outside the objectives of its filer `");
                message.push_str(filer.as_str());
                message.push('`');
            },
        );
    }
    // Briques under way with a purpose, then who runs each at the date,
    // then the carriers of those: each step for every brique before the
    // next, so that the reads of a step are independent and overlap. The
    // status is in the gathered list; the purpose, in the brique's slot,
    // is read only for the briques under way.
    let briques: Vec<(NodeIx, &Key, &crate::Brique)> = ctx
        .briques()
        .iter()
        .filter(|(_, b)| b.status.is_under_way() && !b.brique.purpose.is_empty())
        .map(|&(ix, b)| (ix, b.key, b.brique))
        .collect();
    let ixs: Vec<NodeIx> = briques.iter().map(|b| b.0).collect();
    let runners = net.related_together(
        &ixs,
        Direction::Incoming,
        |link| matches!(link, Link::Runs(r) if r.period.contains(ctx.date)),
    );
    let lists: Vec<_> = runners
        .iter()
        .map(|(_, r)| net.carryings_into(*r))
        .collect();
    // (carrier, brique) pairs, so that the pairs of a carrier come
    // together and its slot and objectives are read once for all of them
    // (a carrier carries the runners of many briques).
    let mut pairs: Vec<(NodeIx, usize)> = Vec::new();
    for ((i, _), list) in runners.iter().zip(&lists) {
        pairs.extend(
            list.iter()
                .filter(|c| c.period.contains(ctx.date))
                .map(|c| (c.carrier, *i)),
        );
    }
    // Each carrier of a brique's runners is checked once, however many
    // runners it carries.
    pairs.sort_unstable();
    pairs.dedup();
    // The tags of the purposes to check, numbered, and the purpose of
    // each brique checked as a mask of those numbers, read once however
    // many carriers it is checked against (the briques taken in order,
    // not in the carriers' order of the pairs). Past 64 tags, every pair
    // compares the sets themselves.
    let mut checked = vec![false; briques.len()];
    for &(_, i) in &pairs {
        if let Some(c) = checked.get_mut(i) {
            *c = true;
        }
    }
    let mut tags = TagBits::default();
    let mut masks: Vec<u64> = vec![0; briques.len()];
    let mut numbered = true;
    for ((mask, _), (_, _, brique)) in masks
        .iter_mut()
        .zip(&checked)
        .zip(&briques)
        .filter(|((_, c), _)| **c)
    {
        match tags.mask_of(&brique.purpose) {
            Some(m) => *mask = m,
            None => {
                numbered = false;
                break;
            }
        }
    }
    // The numbered tags in their order, to name those of a mask in order.
    let in_order = tags.in_order();
    // Each carrier's slot, then the mask of its objectives (a tag in no
    // purpose checked has no number and bears on no pair): one carrier
    // after another, the reads of different carriers overlap.
    let mut carriers: Vec<(NodeIx, &Key, &crate::Organisation, u64)> = Vec::new();
    let mut last = None;
    for &(c, _) in &pairs {
        if last.replace(c) == Some(c) {
            continue;
        }
        let Some(slot) = net.slot(c) else { continue };
        let Some(org) = slot.node.as_organisation() else {
            continue;
        };
        let objectives = if numbered {
            tags.known(&org.objectives)
        } else {
            0
        };
        carriers.push((c, &slot.key, org, objectives));
    }
    // The pairs and the carriers, both in carrier order, read side by
    // side: which pairs are findings, what each misses, and the brique's
    // key, copied out of its slot here, in a short loop whose reads
    // overlap, rather than among the writing of the findings.
    let mut found: Vec<(usize, usize, Key, u64)> = Vec::new();
    let mut at = 0;
    for (c, i) in pairs {
        while carriers.get(at).is_some_and(|l| l.0 < c) {
            at = at.saturating_add(1);
        }
        let (Some(&(cix, _, carrier, objectives)), Some((_, key, brique))) =
            (carriers.get(at), briques.get(i))
        else {
            continue;
        };
        if cix != c {
            continue;
        }
        // What the objectives leave out of the purpose: the bits of the
        // masks, or past 64 tags the sets themselves.
        let missing = masks.get(i).map_or(0, |m| m & !objectives);
        let covered = if numbered {
            missing == 0
        } else {
            brique.purpose.is_subset(&carrier.objectives)
        };
        if !covered {
            found.push((at, i, (*key).clone(), missing));
        }
    }
    for (at, i, key, missing) in found {
        let (Some((_, ckey, carrier, _)), Some((_, _, brique))) =
            (carriers.get(at), briques.get(i))
        else {
            continue;
        };
        let hint = Some("check that the carrier's statutes cover it".into());
        let keys = [key.clone(), (*ckey).clone()];
        out.add_with(keys, hint, |message| {
            message.push_str("the purpose of `");
            message.push_str(key.as_str());
            message.push_str("` (");
            if numbered {
                let names = in_order.iter().filter(|(_, bit)| missing & bit != 0);
                push_joined(message, names.map(|(t, _)| t.as_str()));
            } else {
                let missing = brique.purpose.difference(&carrier.objectives);
                push_joined(message, missing.map(Tag::as_str));
            }
            message.push_str(") is outside the objectives of `");
            message.push_str(ckey.as_str());
            message.push_str("`, which carries who runs it");
        });
    }
}

/// Writes `items` to `out`, separated by commas.
fn push_joined<'a>(out: &mut String, items: impl Iterator<Item = &'a str>) {
    for (n, item) in items.enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        out.push_str(item);
    }
}

/// The tags met in purposes, numbered, up to 64 of them: a set of those
/// tags is then a mask, and whether one set covers another is a test of
/// bits, where comparing the sets would walk both trees.
#[derive(Default)]
struct TagBits<'n> {
    /// The tags, by number.
    tags: Vec<&'n Tag>,
}

impl<'n> TagBits<'n> {
    /// The bit of `tag`, if it is numbered.
    fn bit(&self, tag: &Tag) -> Option<u64> {
        let n = self.tags.iter().position(|t| *t == tag)?;
        1u64.checked_shl(u32::try_from(n).ok()?)
    }

    /// The mask of `set`, numbering the tags not yet numbered in the order
    /// met; `None` when that would make more than 64.
    fn mask_of(&mut self, set: &'n BTreeSet<Tag>) -> Option<u64> {
        let mut mask = 0;
        for tag in set {
            let bit = match self.bit(tag) {
                Some(bit) => bit,
                None => {
                    let bit = 1u64.checked_shl(u32::try_from(self.tags.len()).ok()?)?;
                    self.tags.push(tag);
                    bit
                }
            };
            mask |= bit;
        }
        Some(mask)
    }

    /// The numbered tags with their bits, in tag order.
    fn in_order(&self) -> Vec<(&'n Tag, u64)> {
        let mut order: Vec<(&'n Tag, u64)> = self
            .tags
            .iter()
            .zip(0u32..)
            .map(|(t, n)| (*t, 1u64.checked_shl(n).unwrap_or(0)))
            .collect();
        order.sort_unstable_by(|a, b| a.0.cmp(b.0));
        order
    }

    /// The mask of the numbered tags of `set`, leaving the others out.
    fn known(&self, set: &BTreeSet<Tag>) -> u64 {
        set.iter().filter_map(|t| self.bit(t)).fold(0, |m, b| m | b)
    }
}

/// `carrier-burden`: the total burden on an organisation from the live
/// applications it files exceeds its burden limit.
pub(super) fn carrier_burden(ctx: &Context<'_>, out: &mut Drafts) {
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
    let filed = net.related_together(&ixs, Direction::Outgoing, |link| {
        matches!(link, Link::Files(_))
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
        // The organisation, then the live applications it files, in key
        // order (none when their sum overflows: the error says so).
        let mut keys = vec![key.clone()];
        let message = match net.exposure_at(ix, ctx.date) {
            Ok(None) => continue,
            Ok(Some(e)) if e.within_limit() => continue,
            Ok(Some(e)) => {
                keys.extend(e.applications.iter().map(|k| (*k).clone()));
                e.to_string()
            }
            Err(e) => e.to_string(),
        };
        out.push(Draft {
            keys,
            message,
            hint: Some("reduce the burden of its applications, or raise its limit by a decision of its own".into()),
        });
    }
}

/// `deadline-missed`: an application was submitted after its deadline (the
/// submission instant's date in its own offset, or else the date its
/// lifecycle records it submitted), or is still drafting after it.
pub(super) fn deadline_missed(ctx: &Context<'_>, out: &mut Drafts) {
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
pub(super) fn unauthored_application(ctx: &Context<'_>, out: &mut Drafts) {
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
pub(super) fn territory_mismatch(ctx: &Context<'_>, out: &mut Drafts) {
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

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        reason = "test code"
    )]

    use std::collections::BTreeSet;

    use time::macros::datetime;

    use crate::{
        Brique, BriqueKind, BriqueStatus, Carrying, Change, Form, Key, Lifecycle, Network,
        Organisation, Period, Rule, Running, Scope, ScopeKind, Tag,
    };

    /// Whether the purposes are compared as masks of numbered tags (up to
    /// 64 tags met) or as sets (beyond), `objectives-mismatch` names the
    /// gaps the sets tell, the missing tags in order, for every brique and
    /// carrier, carriers of several runners included.
    #[test]
    fn masks_and_sets_find_the_same_gaps() {
        for (tags, briques) in [(5usize, 40usize), (64, 200), (65, 200), (150, 300)] {
            let tag = |i: usize| Tag::new(&format!("t-{:03}", (i * 37) % tags)).unwrap();
            let key = |s: String| Key::new(&s).unwrap();
            let mut seed = 7usize;
            let mut next = move || {
                seed = (seed * 1_103_515_245 + 12_345) % (1 << 31);
                seed
            };
            let mut changes = Vec::new();
            let mut expected = BTreeSet::new();
            let carriers = briques / 2;
            let mut objectives: Vec<BTreeSet<Tag>> = Vec::new();
            for a in 0..carriers {
                let objs: BTreeSet<Tag> = (0..next() % 4).map(|_| tag(next())).collect();
                changes.push(Change::add(
                    key(format!("a-{a}")),
                    Organisation::new("A", Form::Association).with_objectives(objs.clone()),
                ));
                objectives.push(objs);
            }
            for b in 0..briques {
                let purpose: BTreeSet<Tag> = (0..1 + next() % 3).map(|_| tag(next())).collect();
                changes.push(Change::add(
                    key(format!("b-{b}")),
                    Brique::new(
                        "B",
                        BriqueKind::Meeting,
                        Lifecycle::new(BriqueStatus::Active),
                    )
                    .with_purpose(purpose.clone()),
                ));
                changes.push(Change::add(
                    key(format!("c-{b}")),
                    Organisation::new("C", Form::Collective),
                ));
                changes.push(Change::relate(
                    key(format!("c-{b}")),
                    key(format!("b-{b}")),
                    Running::new(Period::ALWAYS),
                ));
                // Two collectives, so two briques, to a carrier.
                let a = b % carriers;
                changes.push(Change::relate(
                    key(format!("a-{a}")),
                    key(format!("c-{b}")),
                    Carrying::new(Scope::of(&[ScopeKind::Administrative]), Period::ALWAYS),
                ));
                let missing: Vec<&str> = purpose
                    .difference(&objectives[a])
                    .map(Tag::as_str)
                    .collect();
                if !missing.is_empty() {
                    expected.insert(format!(
                        "the purpose of `b-{b}` ({}) is outside the objectives of `a-{a}`, which carries who runs it",
                        missing.join(", ")
                    ));
                }
            }
            let mut net = Network::new();
            net.apply_all(changes).unwrap();
            let report = net.validate(datetime!(2024-06-01 12:00 UTC));
            let found: BTreeSet<String> = report
                .of_rule(Rule::ObjectivesMismatch)
                .map(|f| f.message().to_owned())
                .collect();
            assert!(!expected.is_empty());
            assert_eq!(found, expected, "{tags} tags");
        }
    }
}
