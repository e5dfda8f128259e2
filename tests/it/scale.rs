//! The rules that ask their questions in batches (contracts 64 at a time,
//! the relations of 32 nodes walked together, direct mandates and signers
//! settled 64 at a time) agree with the public questions and with a plain
//! reading of the relations, on generated networks with hundreds of
//! organisations, briques and contracts: every batch boundary is crossed,
//! and batches end part-full.

use std::collections::{BTreeMap, BTreeSet};

use communs::{
    Act, Authority, BriqueStatus, Governance, KindState, Link, Mode, Nature, Network, Node, Report,
    Rule, ScopeKind, Status,
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
fn objectives_mismatch_is_a_carrier_of_a_runner_without_the_purpose() {
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
        for (key, node) in net.nodes() {
            let Node::Brique(b) = node else { continue };
            if b.purpose.is_empty() || !b.status_at(date).is_under_way() {
                continue;
            }
            for runner in runners.get(key.as_str()).into_iter().flatten() {
                for carrier in carriers.get(runner).into_iter().flatten() {
                    let objectives = &net.organisation(carrier).unwrap().objectives;
                    if b.purpose.is_subset(objectives) {
                        silent += 1;
                        continue;
                    }
                    let missing: Vec<&str> = b
                        .purpose
                        .difference(objectives)
                        .map(|t| t.as_str())
                        .collect();
                    let message = format!(
                        "the purpose of `{key}` ({}) is outside the objectives of `{carrier}`, which carries who runs it",
                        missing.join(", ")
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
fn unmandated_signatures_are_the_signatures_may_act_refuses() {
    for net in networks() {
        let report = net.validate(AS_OF);
        let (mut expected, mut silent, mut contracts) = (BTreeSet::new(), 0, BTreeSet::new());
        for r in net.relations() {
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
