//! The rules that ask their questions in batches (contracts 64 at a time,
//! the relations of 32 nodes walked together, direct mandates and signers
//! settled 64 at a time) agree with the public questions and with a plain
//! reading of the relations, on generated networks with hundreds of
//! organisations, briques and contracts: every batch boundary is crossed,
//! and batches end part-full. The rules about applications and decisions
//! both fire and stay silent on the same networks.

use std::collections::{BTreeMap, BTreeSet};

use communs::{
    Act, Authority, BriqueStatus, Governance, KindState, Link, Mode, Nature, Network, Node,
    Outcome, Process, Report, Rule, ScopeKind, Status,
};
use time::macros::datetime;

#[path = "../../benches/gen.rs"]
mod generator;

const AS_OF: time::OffsetDateTime = datetime!(2024-06-01 12:00 +02:00);

/// The networks: two sizes, two seeds, so batches end at different places.
fn networks() -> Vec<Network> {
    [(3_000, 1), (4_100, 7)]
        .into_iter()
        .map(|(n, seed)| {
            let g = generator::generate(n, seed).unwrap();
            let mut net = Network::new();
            net.apply_all(g.changes).unwrap();
            assert!(net.organisations().count() > 64);
            net
        })
        .collect()
}

/// The tags of `purpose` outside `objectives`, comma-separated, or `None`
/// when the objectives cover it.
fn outside(
    purpose: &std::collections::BTreeSet<communs::Tag>,
    objectives: &std::collections::BTreeSet<communs::Tag>,
) -> Option<String> {
    let missing: Vec<&str> = purpose.difference(objectives).map(|t| t.as_str()).collect();
    (!missing.is_empty()).then(|| missing.join(", "))
}

/// Asserts that `rule` fires once for each of `expected` (its keys, and its
/// message where given) and nowhere else, and that it both fires and stays
/// silent somewhere (`silent` cases seen), so the comparison is not empty
/// on either side.
fn agree(
    report: &Report,
    rule: Rule,
    expected: &BTreeSet<(Vec<String>, Option<String>)>,
    silent: usize,
) {
    let messages = expected.iter().any(|(_, m)| m.is_some());
    let found: Vec<(Vec<String>, Option<String>)> = report
        .of_rule(rule)
        .map(|f| {
            let keys = f.keys.iter().map(|k| k.as_str().to_owned()).collect();
            (keys, messages.then(|| f.message.clone()))
        })
        .collect();
    assert_eq!(found.len(), expected.len(), "{rule}: one finding each");
    assert_eq!(
        &found.into_iter().collect::<BTreeSet<_>>(),
        expected,
        "{rule}"
    );
    assert!(!expected.is_empty(), "{rule} never fires");
    assert!(silent > 0, "{rule} is never silent");
}

/// The keys of a finding, as strings.
fn keys(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| (*k).to_owned()).collect()
}

#[test]
fn empty_membership_is_an_organisation_without_current_members() {
    for net in networks() {
        let report = net.validate(AS_OF);
        let (mut expected, mut silent) = (BTreeSet::new(), 0);
        for (key, _) in net.organisations() {
            if net.members(key, AS_OF.date()).unwrap().is_empty() {
                let message = format!("`{key}` has no members on {}", AS_OF.date());
                expected.insert((keys(&[key]), Some(message)));
            } else {
                silent += 1;
            }
        }
        agree(&report, Rule::EmptyMembership, &expected, silent);
    }
}

#[test]
fn orphan_brique_is_a_brique_without_institution_or_runner() {
    for net in networks() {
        let report = net.validate(AS_OF);
        let date = AS_OF.date();
        let relations = net.relations();
        let builds: BTreeSet<&str> = relations
            .iter()
            .filter(|r| matches!(r.data, Link::Builds))
            .map(|r| r.from.as_str())
            .collect();
        let run: BTreeSet<&str> = relations
            .iter()
            .filter(|r| matches!(r.data, Link::Runs(run) if run.period.contains(date)))
            .map(|r| r.to.as_str())
            .collect();
        let (mut expected, mut silent, mut briques) = (BTreeSet::new(), 0, 0);
        for (key, node) in net.nodes() {
            let Node::Brique(b) = node else { continue };
            briques += 1;
            let status = b.status_at(date);
            if status == BriqueStatus::Ended {
                continue;
            }
            let what = match (builds.contains(key.as_str()), run.contains(key.as_str())) {
                (true, true) => {
                    silent += 1;
                    continue;
                }
                (false, true) => "builds no institution",
                (true, false) => "is run by nobody",
                (false, false) => "builds no institution and is run by nobody",
            };
            let message = format!("`{key}` ({status}) {what} on {date}");
            expected.insert((keys(&[key]), Some(message)));
        }
        assert!(briques > 64);
        agree(&report, Rule::OrphanBrique, &expected, silent);
    }
}

#[test]
fn objectives_mismatch_is_a_filer_or_a_carrier_of_a_runner_without_the_purpose() {
    for net in networks() {
        let report = net.validate(AS_OF);
        let date = AS_OF.date();
        let relations = net.relations();
        let mut runners: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut carriers: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for r in &relations {
            match r.data {
                Link::Runs(run) if run.period.contains(date) => {
                    runners
                        .entry(r.to.as_str())
                        .or_default()
                        .push(r.from.as_str());
                }
                Link::Carries(c) if c.period.contains(date) => {
                    carriers
                        .entry(r.to.as_str())
                        .or_default()
                        .push(r.from.as_str());
                }
                _ => {}
            }
        }
        let (mut expected, mut silent) = (BTreeSet::new(), 0);
        // An application's purpose against the objectives of each filer.
        for r in &relations {
            if !matches!(r.data, Link::Files(_)) {
                continue;
            }
            let app = net.node(r.to).and_then(Node::as_application).unwrap();
            let objectives = &net.organisation(r.from).unwrap().objectives;
            let Some(missing) = outside(&app.purpose, objectives) else {
                silent += 1;
                continue;
            };
            let message = format!(
                "the purpose of `{}` ({missing}) is outside the objectives of its filer `{}`",
                r.to, r.from
            );
            expected.insert((keys(&[r.to, r.from]), Some(message)));
        }
        for (key, node) in net.nodes() {
            let Node::Brique(b) = node else { continue };
            if b.purpose.is_empty() || !b.status_at(date).is_under_way() {
                continue;
            }
            for runner in runners.get(key.as_str()).into_iter().flatten() {
                for carrier in carriers.get(runner).into_iter().flatten() {
                    let objectives = &net.organisation(carrier).unwrap().objectives;
                    let Some(missing) = outside(&b.purpose, objectives) else {
                        silent += 1;
                        continue;
                    };
                    let message = format!(
                        "the purpose of `{key}` ({missing}) is outside the objectives of `{carrier}`, which carries who runs it"
                    );
                    expected.insert((keys(&[key, carrier]), Some(message)));
                }
            }
        }
        agree(&report, Rule::ObjectivesMismatch, &expected, silent);
    }
}

#[test]
fn blueprint_gap_is_a_required_kind_not_active_in_the_readiness() {
    for net in networks() {
        let report = net.validate(AS_OF);
        // What builds each institution, read from the relations: the
        // readiness (which gathers builders as the rule does) must name
        // exactly these.
        let mut builders: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let relations = net.relations();
        for r in &relations {
            if matches!(r.data, Link::Builds) {
                builders
                    .entry(r.to.as_str())
                    .or_default()
                    .insert(r.from.as_str());
            }
        }
        let (mut expected, mut silent) = (BTreeSet::new(), 0);
        for (key, org) in net.organisations() {
            if !matches!(org.governance, Governance::InFormation { .. }) {
                continue;
            }
            let readiness = net.readiness(key, AS_OF.date()).unwrap();
            let named: BTreeSet<&str> = readiness
                .required
                .iter()
                .flat_map(|k| &k.briques)
                .chain(&readiness.others)
                .map(|b| b.key.as_str())
                .collect();
            assert_eq!(
                named,
                builders.remove(key.as_str()).unwrap_or_default(),
                "{key}"
            );
            for k in &readiness.required {
                if k.state() == KindState::Active {
                    silent += 1;
                    continue;
                }
                let mut found = keys(&[key]);
                found.extend(k.briques.iter().map(|b| b.key.as_str().to_owned()));
                let message = if k.state() == KindState::Pending {
                    let briques: Vec<String> = k
                        .briques
                        .iter()
                        .map(|b| format!("`{}` is {}", b.key, b.status))
                        .collect();
                    format!(
                        "`{key}` has no active `{}` brique yet ({})",
                        k.kind,
                        briques.join(", ")
                    )
                } else {
                    format!(
                        "`{key}` lacks a `{}` brique, which its blueprint requires",
                        k.kind
                    )
                };
                expected.insert((found, Some(message)));
            }
        }
        agree(&report, Rule::BlueprintGap, &expected, silent);
    }
}

#[test]
fn unmandated_acts_are_the_signatures_filings_and_delegations_may_act_refuses() {
    for net in networks() {
        let report = net.validate(AS_OF);
        let (mut expected, mut silent, mut contracts) = (BTreeSet::new(), 0, BTreeSet::new());
        let relations = net.relations();
        let (mut filings, mut delegations) = (0, 0);
        for r in &relations {
            // A filing signed for its filer, on the day it was submitted
            // (else as of the validation); a delegate deciding for each
            // deciding organisation, on the day it opened.
            let act = match r.data {
                Link::Files(filing) => filing.signed_by.as_ref().map(|by| {
                    let app = net.node(r.to).and_then(Node::as_application).unwrap();
                    let on = app.submitted_at.map_or(AS_OF.date(), |at| at.date());
                    filings += 1;
                    (by, Act::File, on)
                }),
                Link::Decides => {
                    let d = net.node(r.to).and_then(Node::as_decision).unwrap();
                    match &d.process {
                        Process::Delegated { to } => {
                            delegations += 1;
                            Some((to, Act::Decide, d.opened_at.date()))
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            if let Some((person, act, on)) = act {
                if matches!(
                    net.may_act(person, act, r.from, on),
                    Ok(Authority::Granted(_))
                ) {
                    silent += 1;
                } else {
                    expected.insert((keys(&[person, r.from, r.to]), None));
                }
            }
        }
        assert!(filings > 0 && delegations > 0);
        for r in relations {
            let Link::PartyTo(party) = r.data else {
                continue;
            };
            contracts.insert(r.to.as_str());
            let Some(signer) = &party.signed_by else {
                continue;
            };
            let on = party.signed_on.unwrap_or(AS_OF.date());
            // Every contract, whatever its status; a person signs only for
            // themself.
            let granted = if net.person(r.from).is_some() {
                signer == r.from
            } else {
                matches!(
                    net.may_act(signer, Act::Sign, r.from, on),
                    Ok(Authority::Granted(_))
                )
            };
            if granted {
                silent += 1;
            } else {
                expected.insert((keys(&[signer, r.from, r.to]), None));
            }
        }
        assert!(contracts.len() > 64);
        agree(&report, Rule::UnmandatedAct, &expected, silent);
    }
}

#[test]
fn no_signatory_is_an_acting_organisation_nobody_may_sign_for() {
    /// Whether someone holds a current signing mandate of `org`, or of a
    /// carrier with legal scope that can sign, up the carrying.
    fn can_sign(
        org: &str,
        signers: &BTreeSet<&str>,
        legal: &BTreeMap<&str, Vec<&str>>,
        memo: &mut BTreeMap<String, bool>,
    ) -> bool {
        if let Some(known) = memo.get(org) {
            return *known;
        }
        let can = signers.contains(org)
            || legal
                .get(org)
                .into_iter()
                .flatten()
                .any(|c| can_sign(c, signers, legal, memo));
        memo.insert(org.to_owned(), can);
        can
    }
    for net in networks() {
        let report = net.validate(AS_OF);
        let date = AS_OF.date();
        let relations = net.relations();
        let mut signers = BTreeSet::new();
        let mut legal: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut carried: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let mut commits: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for r in &relations {
            let (from, to) = (r.from.as_str(), r.to.as_str());
            match r.data {
                Link::Mandate(m) if m.grants(Act::Sign, date) => {
                    signers.insert(to);
                }
                Link::Carries(c) if c.period.contains(date) => {
                    if c.scope.contains(ScopeKind::Legal) {
                        legal.entry(to).or_default().push(from);
                    }
                    if net.organisation(from).is_some() {
                        carried.entry(from).or_default().insert(to);
                    }
                }
                Link::PartyTo(p)
                    if p.mode == Mode::Committing && net.organisation(from).is_some() =>
                {
                    let contract = net.node(to).and_then(Node::as_contract).unwrap();
                    if !contract.status_at(date).is_final() {
                        commits.entry(from).or_default().insert(to);
                    }
                }
                Link::Files(_) if net.organisation(from).is_some() => {
                    let app = net.node(to).and_then(Node::as_application).unwrap();
                    if app.status_at(date).is_live() {
                        commits.entry(from).or_default().insert(to);
                    }
                }
                _ => {}
            }
        }
        let (mut expected, mut silent, mut memo) = (BTreeSet::new(), 0, BTreeMap::new());
        for (key, _) in net.organisations() {
            let (c, m) = (carried.get(key.as_str()), commits.get(key.as_str()));
            if c.is_none() && m.is_none() {
                continue;
            }
            if can_sign(key.as_str(), &signers, &legal, &mut memo) {
                silent += 1;
                continue;
            }
            let list = |s: Option<&BTreeSet<&str>>| {
                s.map(|s| s.iter().copied().collect::<Vec<_>>().join(", "))
            };
            let mut message = format!("`{key}` ");
            if let Some(c) = list(c) {
                message.push_str(&format!("carries {c}"));
            }
            if let Some(m) = list(m) {
                if c.is_some() {
                    message.push_str(" and ");
                }
                message.push_str(&format!("commits to or files {m}"));
            }
            message.push_str(" but nobody holds a current mandate to sign for it");
            expected.insert((keys(&[key]), Some(message)));
        }
        agree(&report, Rule::NoSignatory, &expected, silent);
    }
}

#[test]
fn legal_capacity_is_a_collective_committed_without_a_carriers_signatory() {
    for net in networks() {
        let report = net.validate(AS_OF);
        let (mut expected, mut silent) = (BTreeSet::new(), 0);
        for r in net.relations() {
            let Link::PartyTo(party) = r.data else {
                continue;
            };
            let contract = net.node(r.to).and_then(Node::as_contract).unwrap();
            if contract.nature != Nature::Legal
                || contract.status_at(AS_OF.date()).is_final()
                || party.mode != Mode::Committing
            {
                continue;
            }
            if net.node(r.from).unwrap().is_legal_person() {
                silent += 1;
                continue;
            }
            let on = party.signed_on.unwrap_or(AS_OF.date());
            // A person mandated by a carrier with legal scope: a granting
            // path of two organisations or more.
            let through_carrier = party.signed_by.as_ref().is_some_and(|s| {
                net.person(s).is_some()
                    && matches!(
                        net.may_act(s, Act::Sign, r.from, on),
                        Ok(Authority::Granted(g)) if g.path.len() >= 2
                    )
            });
            if through_carrier {
                silent += 1;
                continue;
            }
            let mut found = keys(&[r.to, r.from]);
            found.extend(party.signed_by.iter().map(|s| s.as_str().to_owned()));
            expected.insert((found, None));
        }
        agree(&report, Rule::LegalCapacity, &expected, silent);
    }
}

#[test]
fn non_reciprocal_is_a_live_contract_whose_committing_parties_are_not_one_circle() {
    for net in networks() {
        let report = net.validate(AS_OF);
        let found: BTreeMap<String, usize> =
            report
                .of_rule(Rule::NonReciprocal)
                .fold(BTreeMap::new(), |mut m, f| {
                    *m.entry(f.keys[0].as_str().to_owned()).or_default() += 1;
                    m
                });
        let (mut expected, mut silent) = (BTreeMap::new(), 0);
        for (key, node) in net.nodes() {
            let Node::Contract(c) = node else { continue };
            if c.status_at(AS_OF.date()).is_final() {
                continue;
            }
            let reciprocity = net.reciprocity(key).unwrap();
            if reciprocity.committing().count() < 2 || reciprocity.circles.len() == 1 {
                silent += 1;
            } else {
                expected.insert(key.as_str().to_owned(), 1);
            }
        }
        assert_eq!(found, expected);
        assert!(!found.is_empty() && silent > 0);
    }
}

/// Asserts that `rule` fired `fired` times (for distinct items) among
/// `items` items: at least once, and not for all of them.
fn fires_and_rests(rule: &str, fired: usize, items: usize) {
    assert!(fired > 0, "{rule} never fires ({items} items)");
    assert!(fired < items, "{rule} fires for all {items} items");
}

#[test]
fn application_and_decision_rules_fire_and_stay_silent() {
    for net in networks() {
        let report = net.validate(AS_OF);
        let date = AS_OF.date();
        let relations = net.relations();
        let count = |rule: Rule| report.of_rule(rule).count();
        // The distinct first keys of a rule's findings that pass `keep`.
        let firsts = |rule: Rule, keep: &dyn Fn(&[communs::Key]) -> bool| {
            report
                .of_rule(rule)
                .filter(|f| keep(&f.keys))
                .map(|f| f.keys[0].as_str().to_owned())
                .collect::<BTreeSet<String>>()
        };
        let is_app = |k: &communs::Key| net.node(k).and_then(Node::as_application).is_some();
        let is_decision = |k: &communs::Key| net.node(k).and_then(Node::as_decision).is_some();

        let applications: Vec<(&communs::Key, &communs::Application)> = net
            .nodes()
            .filter_map(|(k, n)| Some((k, n.as_application()?)))
            .collect();
        let decisions: Vec<(&communs::Key, &communs::Decision)> = net
            .nodes()
            .filter_map(|(k, n)| Some((k, n.as_decision()?)))
            .collect();
        assert!(applications.len() >= 60 && decisions.len() >= 60);
        let live = |k: &str| {
            net.application(k)
                .is_some_and(|a| a.status_at(date).is_live())
        };

        // Applications.
        let files: Vec<_> = relations
            .iter()
            .filter_map(|r| match r.data {
                Link::Files(f) => Some((r.from, r.to, f)),
                _ => None,
            })
            .collect();
        fires_and_rests(
            "filer-not-legal-person",
            count(Rule::FilerNotLegalPerson),
            files.len(),
        );
        fires_and_rests(
            "objectives-mismatch (applications)",
            report
                .of_rule(Rule::ObjectivesMismatch)
                .filter(|f| is_app(&f.keys[0]))
                .count(),
            files.len(),
        );
        let limited_filers: BTreeSet<&str> = files
            .iter()
            .filter(|(o, a, _)| {
                live(a.as_str())
                    && net
                        .organisation(o)
                        .is_some_and(|org| org.burden_limit.is_some())
            })
            .map(|(o, _, _)| o.as_str())
            .collect();
        fires_and_rests(
            "carrier-burden",
            count(Rule::CarrierBurden),
            limited_filers.len(),
        );
        fires_and_rests(
            "deadline-missed",
            count(Rule::DeadlineMissed),
            applications.len(),
        );
        fires_and_rests(
            "unauthored-application",
            count(Rule::UnauthoredApplication),
            applications.len(),
        );
        let targeting: BTreeSet<&str> = relations
            .iter()
            .filter(|r| matches!(r.data, Link::Targets))
            .map(|r| r.from.as_str())
            .collect();
        let hosted: BTreeSet<&str> = relations
            .iter()
            .filter(|r| matches!(r.data, Link::HostedAt))
            .map(|r| r.from.as_str())
            .collect();
        let territory_items = relations
            .iter()
            .filter(|r| {
                matches!(r.data, Link::Funds)
                    && targeting.contains(r.from.as_str())
                    && hosted.contains(r.to.as_str())
            })
            .count();
        fires_and_rests(
            "territory-mismatch",
            count(Rule::TerritoryMismatch),
            territory_items,
        );

        // Decisions.
        let on_applications = relations
            .iter()
            .filter(|r| matches!(r.data, Link::Concerns) && is_app(r.to))
            .count();
        fires_and_rests(
            "decision-after-deadline",
            count(Rule::DecisionAfterDeadline),
            on_applications,
        );
        fires_and_rests("short-notice", count(Rule::ShortNotice), on_applications);
        let decided: BTreeSet<&str> = relations
            .iter()
            .filter(|r| matches!(r.data, Link::Decides))
            .map(|r| r.to.as_str())
            .collect();
        fires_and_rests(
            "illegitimate-decider",
            firsts(Rule::IllegitimateDecider, &|_| true).len(),
            decided.len(),
        );
        let adopted = |d: &communs::Decision| d.outcome_at(date) == Outcome::Adopted;
        fires_and_rests(
            "unresolved-objection",
            count(Rule::UnresolvedObjection),
            decisions
                .iter()
                .filter(|(_, d)| {
                    adopted(d)
                        && matches!(
                            d.process,
                            Process::Consent | Process::Consensus | Process::Transparency
                        )
                })
                .count(),
        );
        fires_and_rests(
            "unanswered-question",
            count(Rule::UnansweredQuestion),
            decisions
                .iter()
                .filter(|(_, d)| d.process == Process::Transparency && d.closes_at <= AS_OF)
                .count(),
        );
        fires_and_rests(
            "quorum-not-met",
            count(Rule::QuorumNotMet),
            decisions
                .iter()
                .filter(|(_, d)| adopted(d) && matches!(d.process, Process::Vote { .. }))
                .count(),
        );
        fires_and_rests(
            "review-overdue",
            count(Rule::ReviewOverdue),
            decisions
                .iter()
                .filter(|(_, d)| adopted(d) && d.review.is_some())
                .count(),
        );

        // The filing paths of the organisation, carrying and mandate rules.
        let live_filers: BTreeSet<&str> = files
            .iter()
            .filter(|(_, a, _)| live(a.as_str()))
            .map(|(o, _, _)| o.as_str())
            .collect();
        fires_and_rests(
            "no-signatory (filers)",
            firsts(Rule::NoSignatory, &|k| live_filers.contains(k[0].as_str())).len(),
            live_filers.len(),
        );
        let collective_filings: Vec<_> = files
            .iter()
            .filter(|(o, a, _)| live(a.as_str()) && !net.node(o).is_some_and(Node::is_legal_person))
            .collect();
        fires_and_rests(
            "needs-carrier (filings)",
            report
                .of_rule(Rule::NeedsCarrier)
                .filter(|f| f.keys.get(1).is_some_and(is_app))
                .count(),
            collective_filings.len(),
        );
        let with_money = collective_filings
            .iter()
            .filter(|(_, a, _)| {
                net.application(a)
                    .is_some_and(|a| a.burden.is_some_and(|b| b.amount != 0))
            })
            .count();
        fires_and_rests(
            "carrier-scope (filings)",
            report
                .of_rule(Rule::CarrierScope)
                .filter(|f| f.keys.last().is_some_and(is_app))
                .count(),
            with_money,
        );
        fires_and_rests(
            "unmandated-act (filings)",
            report
                .of_rule(Rule::UnmandatedAct)
                .filter(|f| f.keys.get(2).is_some_and(is_app))
                .count(),
            files
                .iter()
                .filter(|(_, _, f)| f.signed_by.is_some())
                .count(),
        );
        fires_and_rests(
            "unmandated-act (delegations)",
            report
                .of_rule(Rule::UnmandatedAct)
                .filter(|f| f.keys.get(2).is_some_and(is_decision))
                .count(),
            relations
                .iter()
                .filter(|r| {
                    matches!(r.data, Link::Decides)
                        && net
                            .decision(r.to)
                            .is_some_and(|d| matches!(d.process, Process::Delegated { .. }))
                })
                .count(),
        );
    }
}
