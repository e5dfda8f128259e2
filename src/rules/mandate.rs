//! `unmandated-act`: acts recorded for an organisation by a person without
//! a mandate covering them — signing a contract, filing an application,
//! deciding as a delegate.

use petgraph::Direction;
use time::Date;

use std::borrow::Cow;

use super::{Context, Draft};
use crate::NodeKind;
use crate::network::NodeIx;
use crate::{Act, Authority, Key, Link, Node, Process, RelationKind};

/// Why `person` may not do `act` for the node at `target` on `date`, or
/// `None` when they may. The mandate search answers the common case; the
/// reason is only put into words for a finding.
fn denied(ctx: &Context<'_>, person: &Key, act: Act, target: NodeIx, date: Date) -> Option<String> {
    let net = ctx.net;
    if net.holds_direct_mandate(person, act, target, date) {
        return None;
    }
    let organisation = net.key_at(target)?;
    let p = net.ix(person);
    if let Some(p) = p {
        let kinds = (
            net.node_at(p).map(Node::kind),
            net.node_at(target).map(Node::kind),
        );
        if kinds == (Some(NodeKind::Person), Some(NodeKind::Organisation)) {
            if net.grant_path_len(p, act, target, date).is_some() {
                return None;
            }
            return match net.authority_at(p, act, target, date) {
                Some(Authority::Denied(d)) => Some(d.reason.to_string()),
                _ => None,
            };
        }
    }
    // A key that names no person, or a target that is no organisation:
    // the question's own error says which.
    match net.may_act(person, act, organisation, date) {
        Ok(Authority::Granted(_)) => None,
        Ok(Authority::Denied(d)) => Some(d.reason.to_string()),
        Err(e) => Some(e.to_string()),
    }
}

/// `unmandated-act`: a person is recorded as signing (a contract, an
/// application's filing) or deciding (a delegated decision) for an
/// organisation without a mandate covering that act at that date.
pub(super) fn unmandated_act(ctx: &Context<'_>, out: &mut Vec<Draft>) {
    let net = ctx.net;
    // Contracts from the gathering the contract rules share: parties,
    // their keys and kinds are read once per validation.
    for (_, (_, key, _, parties)) in ctx.contracts() {
        for &(o, party, p, is_person) in parties {
            let Some(signer) = &p.signed_by else { continue };
            let date = p.signed_on.unwrap_or(ctx.date);
            let why = if is_person {
                if signer == party {
                    continue;
                }
                Some(text!("`{party}` is a person and signs for themself"))
            } else {
                denied(ctx, signer, Act::Sign, o, date)
            };
            let Some(why) = why else { continue };
            out.push(Draft {
                keys: vec![signer.clone(), party.clone(), (*key).clone()],
                message: text!(
                    "`{signer}` signed `{key}` for `{party}` on {date} without a mandate: {why}"
                ),
                hint: Some(Cow::Owned(format!(
                    "record a mandate with the `sign` power for `{signer}` covering {date}"
                ))),
            });
        }
    }
    for (ix, key) in [NodeKind::Application, NodeKind::Decision]
        .into_iter()
        .flat_map(|k| ctx.of(k))
    {
        match net.node_at(ix) {
            Some(Node::Application(app)) => {
                let date = app.submitted_at.map_or(ctx.date, |at| at.date());
                for (f, _, l) in net.edges(ix, Direction::Incoming, RelationKind::Files) {
                    let (Link::Files(filing), Some(filer)) = (l, net.key_at(f)) else {
                        continue;
                    };
                    let Some(signer) = &filing.signed_by else {
                        continue;
                    };
                    let Some(why) = denied(ctx, signer, Act::File, f, date) else {
                        continue;
                    };
                    out.push(Draft {
                        keys: vec![signer.clone(), filer.clone(), key.clone()],
                        message: text!("`{signer}` filed `{key}` for `{filer}` on {date} without a mandate: {why}"),
                        hint: Some(Cow::Owned(format!("record a mandate with the `file` power for `{signer}` covering {date}"))),
                    });
                }
            }
            Some(Node::Decision(d)) => {
                let Process::Delegated { to } = &d.process else {
                    continue;
                };
                let date = d.opened_at.date();
                for (o, _, _) in net.edges(ix, Direction::Incoming, RelationKind::Decides) {
                    let Some(org) = net.key_at(o) else { continue };
                    let Some(why) = denied(ctx, to, Act::Decide, o, date) else {
                        continue;
                    };
                    out.push(Draft {
                        keys: vec![to.clone(), org.clone(), key.clone()],
                        message: text!(
                            "`{to}` decides `{key}` for `{org}` on {date} without a mandate: {why}"
                        ),
                        hint: Some(Cow::Owned(format!(
                            "record a mandate with the `decide` power for `{to}` covering {date}"
                        ))),
                    });
                }
            }
            _ => {}
        }
    }
}
