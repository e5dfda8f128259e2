//! `unmandated-act`: acts recorded for an organisation by a person without
//! a mandate covering them — signing a contract, filing an application,
//! deciding as a delegate.

use petgraph::Direction;
use time::Date;

use std::borrow::Cow;

use super::{Context, Drafts};
use crate::NodeKind;
use crate::network::NodeIx;
use crate::{Act, Authority, DenialReason, Key, Link, Node, Process, RelationKind};

/// Why `person` may not do `act` for the node at `target` on `date`, or
/// `None` when they may, for a question that
/// `Network::holds_direct_mandates` did not settle and whose asker is not
/// a person acting for an organisation (a key that names no person, or a
/// target that is no organisation): the question's own error says which.
fn denied_otherwise(
    ctx: &Context<'_>,
    person: &Key,
    act: Act,
    target: NodeIx,
    date: Date,
) -> Option<String> {
    let organisation = ctx.net.key_at(target)?;
    match ctx.net.may_act(person, act, organisation, date) {
        Ok(Authority::Granted(_)) => None,
        Ok(Authority::Denied(d)) => Some(d.reason.to_string()),
        Err(e) => Some(e.to_string()),
    }
}

/// An act recorded for a node: who acted, what, for which node, on which
/// date, and in which record.
struct Recorded<'n> {
    person: &'n Key,
    act: Act,
    target: NodeIx,
    date: Date,
    /// The key of the node acted for.
    party: &'n Key,
    /// The contract, application or decision that records the act.
    record: &'n Key,
}

impl Recorded<'_> {
    /// The finding for this act, denied for the reason `why`, written
    /// straight into the rule's text.
    fn report(&self, out: &mut Drafts, why: impl std::fmt::Display) {
        let Recorded {
            person,
            act,
            date,
            party,
            record,
            ..
        } = self;
        let (did, hint) = match act {
            Act::Sign => (
                "signed",
                "record a mandate with the `sign` power for the person, covering that date",
            ),
            Act::File => (
                "filed",
                "record a mandate with the `file` power for the person, covering that date",
            ),
            Act::Decide => (
                "decides",
                "record a mandate with the `decide` power for the person, covering that date",
            ),
            Act::Speak => (
                "speaks",
                "record a mandate with the `speak` power for the person, covering that date",
            ),
        };
        // "`{person}` {did} `{record}` for `{party}` on {date} without a
        // mandate: {why}", put together from its pieces.
        let keys = [(*person).clone(), (*party).clone(), (*record).clone()];
        out.add_with(keys, Some(Cow::Borrowed(hint)), |text| {
            for piece in ["`", person.as_str(), "` ", did, " `", record.as_str()] {
                text.push_str(piece);
            }
            for piece in ["` for `", party.as_str(), "` on "] {
                text.push_str(piece);
            }
            super::push_date(text, *date);
            text.push_str(" without a mandate: ");
            let _ = std::fmt::Write::write_fmt(text, format_args!("{why}"));
        });
    }
}

/// `unmandated-act`: a person is recorded as signing (a contract), filing
/// (an application) or deciding (a delegated decision) for an organisation
/// without a mandate covering that act at that date.
pub(super) fn unmandated_act(ctx: &Context<'_>, out: &mut Drafts) {
    let net = ctx.net;
    let mut acts: Vec<Recorded<'_>> = Vec::new();
    // Contracts from the gathering the contract rules share: parties,
    // their keys and kinds are read once per validation.
    for (_, (_, record, _, parties)) in ctx.contracts() {
        for p in parties {
            let (party, Some(person)) = (&p.key, p.signed_by.as_ref()) else {
                continue;
            };
            let act = Recorded {
                person,
                act: Act::Sign,
                target: p.ix,
                date: p.signed_on.unwrap_or(ctx.date),
                party,
                record,
            };
            if !p.is_person {
                acts.push(act);
            } else if person != party {
                act.report(
                    out,
                    format_args!("`{party}` is a person and signs for themself"),
                );
            }
        }
    }
    for (ix, record) in [NodeKind::Application, NodeKind::Decision]
        .into_iter()
        .flat_map(|k| ctx.of(k))
    {
        match net.node_at(ix) {
            Some(Node::Application(app)) => {
                let date = app.submission_date().unwrap_or(ctx.date);
                for (f, _, l) in net.edges(ix, Direction::Incoming, RelationKind::Files) {
                    if let (Link::Files(filing), Some(party)) = (l, net.key_at(f))
                        && let Some(person) = &filing.signed_by
                    {
                        acts.push(Recorded {
                            person,
                            act: Act::File,
                            target: f,
                            date,
                            party,
                            record,
                        });
                    }
                }
            }
            Some(Node::Decision(d)) => {
                let Process::Delegated { to } = &d.process else {
                    continue;
                };
                let date = d.opened_at.date();
                for (o, _, _) in net.edges(ix, Direction::Incoming, RelationKind::Decides) {
                    if let Some(party) = net.key_at(o) {
                        acts.push(Recorded {
                            person: to,
                            act: Act::Decide,
                            target: o,
                            date,
                            party,
                            record,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    // In steps, each over all the acts so that the reads of a step
    // overlap: the signers' keys looked up together; most acts are then
    // covered by a direct mandate, settled together in batches by index;
    // for the rest, whether each signer holds any mandate at all (most
    // who sign without one hold none, which names the reason at once),
    // then the few others searched one by one.
    let names: Vec<&str> = acts.iter().map(|a| a.person.as_str()).collect();
    let mut found = Vec::with_capacity(names.len());
    net.ixs(&names, &mut found);
    let asks: Vec<_> = acts
        .iter()
        .zip(&found)
        .map(|(a, p)| (*p, a.act, a.target, a.date))
        .collect();
    let held = net.holds_direct_mandates(&asks);
    // The asker as a person acting for an organisation, where they are.
    let (rest, people): (Vec<&Recorded<'_>>, Vec<Option<NodeIx>>) = acts
        .iter()
        .zip(found)
        .zip(held)
        .filter_map(|((act, p), held)| {
            let p = p.filter(|p| {
                net.kind_at(*p) == Some(NodeKind::Person)
                    && net.kind_at(act.target) == Some(NodeKind::Organisation)
            });
            (!held).then_some((act, p))
        })
        .unzip();
    let asked: Vec<NodeIx> = people.iter().flatten().copied().collect();
    let holders = net.any_together(&asked, Direction::Outgoing, |link| {
        matches!(link, Link::Mandate(_))
    });
    let mut holders = holders.into_iter();
    for (act, p) in rest.into_iter().zip(people) {
        match p {
            Some(p) => {
                // Whether they hold any mandate is settled above, for all
                // of them together: the search is left for those who do.
                let holds_any = holders.next().unwrap_or(true);
                let reason = if holds_any {
                    net.denial_reason(p, act.act, act.target, act.date)
                } else {
                    Some(DenialReason::NoMandate)
                };
                if let Some(reason) = reason {
                    act.report(out, reason);
                }
            }
            None => {
                if let Some(why) = denied_otherwise(ctx, act.person, act.act, act.target, act.date)
                {
                    act.report(out, why);
                }
            }
        }
    }
}
