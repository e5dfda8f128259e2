//! Rules about decisions: deadlines, notice, legitimacy, objections,
//! questions, quorum, review.

use std::collections::BTreeSet;

use petgraph::Direction;
use time::Duration;

use super::{Context, Draft, Drafts};
use crate::NodeKind;
use crate::network::NodeIx;
use crate::{Decision, Fraction, Key, Link, Mode, Node, Outcome, Process, RelationKind};

fn decisions<'c, 'n: 'c>(
    ctx: &'c Context<'n>,
) -> impl Iterator<Item = (NodeIx, &'n Key, &'n Decision)> + 'c {
    let net = ctx.net;
    ctx.of(NodeKind::Decision)
        .filter_map(move |(ix, key)| Some((ix, key, net.node_at(ix)?.as_decision()?)))
}

/// The applications a decision concerns: (key, deadline).
fn concerned_applications<'n>(ctx: &Context<'n>, ix: NodeIx) -> Vec<(&'n Key, time::Date)> {
    let net = ctx.net;
    let mut out: Vec<_> = net
        .edges(ix, Direction::Outgoing, RelationKind::Concerns)
        .filter_map(|(a, _, _)| Some((net.key_at(a)?, net.node_at(a)?.as_application()?.deadline)))
        .collect();
    out.sort_unstable();
    out
}

/// `decision-after-deadline`: a decision concerning an application closes
/// after that application's deadline (its closing instant's date, in its own
/// offset).
pub(super) fn decision_after_deadline(ctx: &Context<'_>, out: &mut Drafts) {
    for (ix, key, d) in decisions(ctx) {
        for (app, deadline) in concerned_applications(ctx, ix) {
            if d.closes_at.date() > deadline {
                out.push(Draft {
                    keys: vec![key.clone(), app.clone()],
                    message: text!(
                        "`{key}` closes on {}, after the deadline of `{app}` ({deadline})",
                        d.closes_at.date()
                    ),
                    hint: Some("close the decision before the application is due".into()),
                });
            }
        }
    }
}

/// `short-notice`: a decision concerning an application opened less than
/// the configured notice before its deadline. The deadline is taken as the
/// end of its day, in the offset of the opening instant.
pub(super) fn short_notice(ctx: &Context<'_>, out: &mut Drafts) {
    for (ix, key, d) in decisions(ctx) {
        for (app, deadline) in concerned_applications(ctx, ix) {
            let end = deadline
                .next_day()
                .map(|n| n.midnight().assume_offset(d.opened_at.offset()));
            let Some(end) = end else { continue };
            #[expect(
                clippy::arithmetic_side_effects,
                reason = "the difference of two instants within years 0-9999 always fits a Duration"
            )]
            let left = end - d.opened_at;
            if left >= ctx.notice {
                continue;
            }
            out.push(Draft {
                keys: vec![key.clone(), app.clone()],
                message: text!(
                    "`{key}` opened on {} with {} before the deadline of `{app}` ({deadline}), less than the notice of {}",
                    d.opened_at.date(),
                    describe(left),
                    describe(ctx.notice)
                ),
                hint: Some("open decisions on applications earlier, or say why the notice is short".into()),
            });
        }
    }
}

fn describe(d: Duration) -> String {
    if d.is_negative() {
        return "no time left".into();
    }
    let (days, hours) = (d.whole_days(), d.whole_hours() % 24);
    match (days, hours) {
        (0, h) => format!("{h} h"),
        (d, 0) => format!("{d} day(s)"),
        (d, h) => format!("{d} day(s) {h} h"),
    }
}

/// `illegitimate-decider`: a decision is decided by someone other than the
/// voice of an organisation it concerns — directly, or as the filer of a
/// concerned application, a runner of a concerned brique or a committing
/// party to a concerned contract — at its opening date.
pub(super) fn illegitimate_decider(ctx: &Context<'_>, out: &mut Drafts) {
    let net = ctx.net;
    for (ix, key, d) in decisions(ctx) {
        let date = d.opened_at.date();
        let deciders: BTreeSet<NodeIx> = net
            .edges(ix, Direction::Incoming, RelationKind::Decides)
            .map(|(o, _, _)| o)
            .collect();
        if deciders.is_empty() {
            continue;
        }
        let mut concerned: BTreeSet<NodeIx> = BTreeSet::new();
        for (n, _, _) in net.edges(ix, Direction::Outgoing, RelationKind::Concerns) {
            match net.node_at(n) {
                Some(Node::Organisation(_)) => {
                    concerned.insert(n);
                }
                Some(Node::Application(_)) => {
                    concerned.extend(
                        net.edges(n, Direction::Incoming, RelationKind::Files)
                            .map(|(o, _, _)| o),
                    );
                }
                Some(Node::Brique(_)) => concerned.extend(net.runners_at(n, date).map(|(o, _)| o)),
                Some(Node::Contract(_)) => concerned.extend(
                    net.edges(n, Direction::Incoming, RelationKind::PartyTo)
                        .filter(|(p, _, l)| {
                            matches!(l, Link::PartyTo(party) if party.mode == Mode::Committing)
                                && matches!(net.node_at(*p), Some(Node::Organisation(_)))
                        })
                        .map(|(p, _, _)| p),
                ),
                _ => {}
            }
        }
        // The deciders are named only in findings: their keys are read for
        // the first.
        let mut decider_keys: Option<Vec<&Key>> = None;
        for org in concerned {
            let (path, speaks) = net.voice_path(org, date);
            if speaks && path.last().is_some_and(|v| deciders.contains(v)) {
                continue;
            }
            let Some(okey) = net.key_at(org) else {
                continue;
            };
            let decider_keys =
                decider_keys.get_or_insert_with(|| net.sorted_keys(deciders.iter().copied()));
            let voice = path.last().filter(|_| speaks).and_then(|v| net.key_at(*v));
            let mut keys = vec![key.clone(), okey.clone()];
            keys.extend(decider_keys.iter().map(|k| (*k).clone()));
            out.push(Draft {
                keys,
                message: text!(
                    "`{key}` concerns `{okey}` but is decided by {}, while {}",
                    decider_keys
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    match voice {
                        Some(v) => text!("`{v}` speaks for `{okey}` on {date}"),
                        None => text!("nobody may speak for `{okey}` on {date}"),
                    }
                ),
                hint: Some("have the organisation's voice take the decision".into()),
            });
        }
    }
}

/// `unresolved-objection`: a consent, consensus or transparency decision is
/// adopted with an unresolved objection.
pub(super) fn unresolved_objection(ctx: &Context<'_>, out: &mut Drafts) {
    for (_, key, d) in decisions(ctx) {
        if !matches!(
            d.process,
            Process::Consent | Process::Consensus | Process::Transparency
        ) || d.outcome_at(ctx.date) != Outcome::Adopted
        {
            continue;
        }
        let objectors: BTreeSet<&Key> = d.unresolved_objections().map(|i| &i.by).collect();
        if objectors.is_empty() {
            continue;
        }
        let mut keys = vec![key.clone()];
        keys.extend(objectors.iter().map(|k| (*k).clone()));
        out.push(Draft {
            keys,
            message: text!(
                "`{key}` is adopted while objections by {} are unresolved",
                objectors
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            hint: Some(
                "answer and resolve each legitimate objection before the decision stands".into(),
            ),
        });
    }
}

/// `unanswered-question`: a transparency decision is closed with a question
/// nobody answered.
pub(super) fn unanswered_question(ctx: &Context<'_>, out: &mut Drafts) {
    for (_, key, d) in decisions(ctx) {
        if d.process != Process::Transparency || d.closes_at > ctx.as_of {
            continue;
        }
        let askers: BTreeSet<&Key> = d.open_questions().map(|i| &i.by).collect();
        if askers.is_empty() {
            continue;
        }
        let mut keys = vec![key.clone()];
        keys.extend(askers.iter().map(|k| (*k).clone()));
        out.push(Draft {
            keys,
            message: text!(
                "`{key}` closed with questions by {} unanswered",
                askers
                    .iter()
                    .map(|k| text!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            hint: Some("transparency means answering every question".into()),
        });
    }
}

/// `quorum-not-met`: a vote is adopted below its quorum or threshold.
pub(super) fn quorum_not_met(ctx: &Context<'_>, out: &mut Drafts) {
    let net = ctx.net;
    // The adopted votes, then their deciding organisations, then the
    // members of those at each vote's opening, the organisations'
    // relations walked side by side (a deciding organisation may have
    // thousands of members, a chain of relations read one after the
    // other): the tally `Network::tally` gives, for many votes together.
    let votes: Vec<(NodeIx, &Key, &Decision, Fraction, Fraction)> = decisions(ctx)
        .filter_map(|(ix, key, d)| match d.process {
            Process::Vote { threshold, quorum } if d.outcome_at(ctx.date) == Outcome::Adopted => {
                Some((ix, key, d, threshold, quorum))
            }
            _ => None,
        })
        .collect();
    // A batch of votes at a time: the members of one batch are held
    // together, not those of every vote (a federation of 100 000 members
    // deciding thousands of votes would hold them all).
    let (mut deciders, mut of_vote, mut members) = (Vec::new(), Vec::new(), Vec::new());
    for batch in votes.chunks(crate::network::BATCH) {
        deciders.clear();
        of_vote.clear();
        for (i, (ix, ..)) in batch.iter().enumerate() {
            for (org, _, _) in net.edges(*ix, Direction::Incoming, RelationKind::Decides) {
                deciders.push(org);
                of_vote.push(i);
            }
        }
        members.clear();
        members.resize_with(batch.len(), Vec::new);
        net.walk_together(&deciders, Direction::Incoming, |j, member, _, link| {
            if let (Some(&i), Link::MemberOf(ms)) = (of_vote.get(j), link)
                && let (Some((_, _, d, ..)), Some(list)) = (batch.get(i), members.get_mut(i))
                && ms.period.contains(d.opened_at.date())
            {
                list.push(member);
            }
            false
        });
        for ((_, key, d, threshold, quorum), members) in batch.iter().zip(members.drain(..)) {
            let tally = net.count_votes(d, *threshold, *quorum, members);
            if tally.quorum_reached && tally.threshold_reached {
                continue;
            }
            out.push(Draft {
                keys: vec![(*key).clone()],
                message: text!("`{key}` is adopted, but {tally}"),
                hint: None,
            });
        }
    }
}

/// `review-overdue`: an adopted outcome's review date has passed.
pub(super) fn review_overdue(ctx: &Context<'_>, out: &mut Drafts) {
    for (_, key, d) in decisions(ctx) {
        let Some(review) = d.review else { continue };
        if d.outcome_at(ctx.date) == Outcome::Adopted && review < ctx.date {
            out.push(Draft {
                keys: vec![key.clone()],
                message: text!("`{key}` was to be reviewed on {review}"),
                hint: Some("review it, and record the new review date".into()),
            });
        }
    }
}
