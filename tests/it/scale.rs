//! The rules that ask their questions in batches (contracts 64 at a time,
//! the relations of 32 nodes walked together, direct mandates and signers
//! settled 64 at a time) agree with the public questions and with a plain
//! reading of the relations, on generated networks with hundreds of
//! organisations, briques and contracts: every batch boundary is crossed,
//! and batches end part-full. The rules about applications and decisions
//! both fire and stay silent on the same networks. Validation on several
//! threads gives the report of validation on one.

use std::collections::{BTreeMap, BTreeSet};

use communs::{
    Act, Authority, BriqueStatus, Governance, KindState, Link, Mode, Nature, Network, Node,
    Outcome, Process, Report, Rule, ScopeKind, Status,
};
use time::macros::datetime;

#[path = "../../benches/gen.rs"]
mod generator;

const AS_OF: time::OffsetDateTime = datetime!(2024-06-01 12:00 +02:00);

/// The sizes and seeds of the generated networks.
const SIZES: [(usize, u64); 2] = [(3_000, 1), (4_100, 7)];

/// The networks: two sizes, two seeds, so batches end at different places.
fn networks() -> Vec<Network> {
    SIZES
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
            let keys = f.keys().iter().map(|k| k.as_str().to_owned()).collect();
            (keys, messages.then(|| f.message().to_owned()))
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

/// Validation on several threads (each taking rules as it is free, the
/// contracts and briques gathered by whichever rule asks first) gives the
/// report of validation on the caller's thread alone, every rule at once
/// and with rules allowed or re-levelled.
#[test]
fn validation_on_several_threads_gives_the_same_report() {
    use communs::{Level, Options};
    let some = Options::new()
        .allow(Rule::NoSignatory)
        .allow(Rule::OrphanBrique)
        .level(Rule::NonReciprocal, Level::Note);
    for net in networks() {
        for options in [Options::new(), some.clone()] {
            let alone = net.validate_with(AS_OF, &options);
            assert!(alone.len() > 100);
            // Up to one thread a rule, and more threads than rules.
            let rules = Rule::ALL.len();
            for threads in [2, 3, 4, 8, rules, rules + 1, 64] {
                let many = net.validate_with(AS_OF, &options.clone().threads(threads));
                assert_eq!(many, alone, "{threads} threads");
            }
        }
    }
}

/// The keys of a finding, as strings.
fn keys(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| (*k).to_owned()).collect()
}

/// The generator makes every rule of the catalogue fire on both networks,
/// so none of the comparisons below (and none of the benchmarks) is empty.
#[test]
fn every_rule_of_the_catalogue_fires() {
    for ((n, seed), net) in SIZES.into_iter().zip(networks()) {
        let report = net.validate(AS_OF);
        let silent: Vec<&str> = Rule::ALL
            .iter()
            .filter(|rule| report.of_rule(**rule).next().is_none())
            .map(|rule| rule.name())
            .collect();
        assert!(
            silent.is_empty(),
            "on the network of {n} nodes (seed {seed}), never fired: {}",
            silent.join(", ")
        );
    }
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
    /// Why `person` may not do `act` for `party` on `on`, as
    /// [`Network::may_act`] says, or `None` when they may.
    fn refused(
        net: &Network,
        person: &str,
        act: Act,
        party: &str,
        on: time::Date,
    ) -> Option<String> {
        match net.may_act(person, act, party, on) {
            Ok(Authority::Granted(_)) => None,
            Ok(Authority::Denied(d)) => Some(d.reason.to_string()),
            Err(e) => Some(e.to_string()),
        }
    }
    /// The finding's keys and message for an act refused for `why`.
    fn finding(
        person: &str,
        act: Act,
        record: &str,
        party: &str,
        on: time::Date,
        why: &str,
    ) -> (Vec<String>, Option<String>) {
        let did = match act {
            Act::Sign => "signed",
            Act::File => "filed",
            Act::Decide => "decides",
            Act::Speak => "speaks",
        };
        let message =
            format!("`{person}` {did} `{record}` for `{party}` on {on} without a mandate: {why}");
        (keys(&[person, party, record]), Some(message))
    }
    for net in networks() {
        let report = net.validate(AS_OF);
        let (mut expected, mut silent, mut contracts) = (BTreeSet::new(), 0, BTreeSet::new());
        let relations = net.relations();
        let (mut filings, mut delegations) = (0, 0);
        for r in &relations {
            // A filing signed for its filer, on the day it was submitted
            // (by its instant, else its lifecycle; else as of the
            // validation); a delegate deciding for each
            // deciding organisation, on the day it opened.
            let act = match r.data {
                Link::Files(filing) => filing.signed_by.as_ref().map(|by| {
                    let app = net.node(r.to).and_then(Node::as_application).unwrap();
                    let on = app.submission_date().unwrap_or(AS_OF.date());
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
                match refused(&net, person, act, r.from, on) {
                    None => silent += 1,
                    Some(why) => {
                        expected.insert(finding(person, act, r.to, r.from, on, &why));
                    }
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
            let why = if net.person(r.from).is_some() {
                (signer != r.from)
                    .then(|| format!("`{}` is a person and signs for themself", r.from))
            } else {
                refused(&net, signer, Act::Sign, r.from, on)
            };
            match why {
                None => silent += 1,
                Some(why) => {
                    expected.insert(finding(signer, Act::Sign, r.to, r.from, on, &why));
                }
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
        // Whole key lists: the contract, then the committing parties that
        // do not both give and receive among committing parties (read off
        // the clauses), or all of them when each does but the circles are
        // apart.
        let found: Vec<Vec<String>> = report
            .of_rule(Rule::NonReciprocal)
            .map(|f| f.keys().iter().map(|k| k.as_str().to_owned()).collect())
            .collect();
        let (mut expected, mut silent) = (Vec::new(), 0);
        for (key, node) in net.nodes() {
            let Node::Contract(c) = node else { continue };
            if c.status_at(AS_OF.date()).is_final() {
                continue;
            }
            let reciprocity = net.reciprocity(key).unwrap();
            if reciprocity.committing().count() < 2 || reciprocity.circles.len() == 1 {
                silent += 1;
                continue;
            }
            let committing: Vec<&communs::Key> = reciprocity.committing().collect();
            let among = |k: &communs::Key| committing.contains(&k);
            let flows = |p: &communs::Key| {
                let gives = c
                    .clauses
                    .iter()
                    .any(|cl| cl.giver == *p && among(&cl.receiver));
                let receives = c
                    .clauses
                    .iter()
                    .any(|cl| cl.receiver == *p && among(&cl.giver));
                gives && receives
            };
            let mut blamed: Vec<&communs::Key> =
                committing.iter().copied().filter(|p| !flows(p)).collect();
            if blamed.is_empty() {
                blamed = committing.clone();
            }
            let mut keys = vec![key.as_str().to_owned()];
            keys.extend(blamed.iter().map(|k| k.as_str().to_owned()));
            expected.push(keys);
        }
        let mut found = found;
        found.sort();
        expected.sort();
        assert_eq!(found, expected);
        assert!(!found.is_empty() && silent > 0);
    }
}

/// An item a rule fires for, or could: its keys joined by spaces.
fn item(keys: &[&str]) -> String {
    keys.join(" ")
}

/// Asserts that `rule` fired only for items it could fire for (`fired`
/// within `eligible`), for some of them, and not for all of them.
fn fires_and_rests(rule: &str, fired: &BTreeSet<String>, eligible: &BTreeSet<String>) {
    let stray: Vec<&String> = fired.difference(eligible).collect();
    assert!(
        stray.is_empty(),
        "{rule} fires for items it cannot fire for: {stray:?}"
    );
    assert!(
        !fired.is_empty(),
        "{rule} never fires ({} items)",
        eligible.len()
    );
    assert!(
        fired != eligible,
        "{rule} fires for all {} items",
        eligible.len()
    );
}

#[test]
fn application_and_decision_rules_fire_and_stay_silent() {
    for net in networks() {
        let report = net.validate(AS_OF);
        let date = AS_OF.date();
        let relations = net.relations();
        // The items a rule fired for: the keys at `at` of its findings
        // that pass `keep`, joined.
        let fired = |rule: Rule, at: &[usize], keep: &dyn Fn(&[communs::Key]) -> bool| {
            report
                .of_rule(rule)
                .filter(|f| keep(f.keys()))
                .map(|f| {
                    let named: Vec<&str> = at.iter().map(|i| f.keys()[*i].as_str()).collect();
                    item(&named)
                })
                .collect::<BTreeSet<String>>()
        };
        let all = |_: &[communs::Key]| true;
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
        // The relations out of and into each node, by kind of link.
        let outgoing = |from: &str, kind: &dyn Fn(&Link) -> bool| -> Vec<&str> {
            relations
                .iter()
                .filter(|r| r.from.as_str() == from && kind(r.data))
                .map(|r| r.to.as_str())
                .collect()
        };
        let incoming = |to: &str, kind: &dyn Fn(&Link) -> bool| -> Vec<&str> {
            relations
                .iter()
                .filter(|r| r.to.as_str() == to && kind(r.data))
                .map(|r| r.from.as_str())
                .collect()
        };

        // Applications. Each filing: (filer, application, filing).
        let files: Vec<_> = relations
            .iter()
            .filter_map(|r| match r.data {
                Link::Files(f) => Some((r.from, r.to, f)),
                _ => None,
            })
            .collect();
        // `filer-not-legal-person`: any filing, by the application then
        // its filer.
        fires_and_rests(
            "filer-not-legal-person",
            &fired(Rule::FilerNotLegalPerson, &[0, 1], &all),
            &files.iter().map(|(o, a, _)| item(&[a, o])).collect(),
        );
        // `objectives-mismatch` on applications: a filing of an
        // application with a purpose (an empty purpose is covered).
        fires_and_rests(
            "objectives-mismatch (applications)",
            &fired(Rule::ObjectivesMismatch, &[0, 1], &|k| is_app(&k[0])),
            &files
                .iter()
                .filter(|(_, a, _)| net.application(a).is_some_and(|a| !a.purpose.is_empty()))
                .map(|(o, a, _)| item(&[a, o]))
                .collect(),
        );
        // `carrier-burden`: an organisation with a burden limit that files
        // a live application with a burden (without one, its totals are
        // empty and within any limit).
        fires_and_rests(
            "carrier-burden",
            &fired(Rule::CarrierBurden, &[0], &all),
            &files
                .iter()
                .filter(|(o, a, _)| {
                    live(a.as_str())
                        && net.application(a).is_some_and(|a| a.burden.is_some())
                        && net
                            .organisation(o)
                            .is_some_and(|org| org.burden_limit.is_some())
                })
                .map(|(o, _, _)| o.as_str().to_owned())
                .collect(),
        );
        // `deadline-missed`: an application submitted, or drafting at the
        // date.
        fires_and_rests(
            "deadline-missed",
            &fired(Rule::DeadlineMissed, &[0], &all),
            &applications
                .iter()
                .filter(|(_, a)| {
                    a.submission_date().is_some()
                        || a.status_at(date) == communs::ApplicationStatus::Drafting
                })
                .map(|(k, _)| k.as_str().to_owned())
                .collect(),
        );
        // `unauthored-application`: any application.
        fires_and_rests(
            "unauthored-application",
            &fired(Rule::UnauthoredApplication, &[0], &all),
            &applications
                .iter()
                .map(|(k, _)| k.as_str().to_owned())
                .collect(),
        );
        // `territory-mismatch`: an application that targets a territory,
        // a brique it funds and a place that brique is hosted at.
        let mut territory_items = BTreeSet::new();
        for (key, _) in &applications {
            if outgoing(key, &|l| matches!(l, Link::Targets)).is_empty() {
                continue;
            }
            for brique in outgoing(key, &|l| matches!(l, Link::Funds)) {
                for place in outgoing(brique, &|l| matches!(l, Link::HostedAt)) {
                    territory_items.insert(item(&[key, brique, place]));
                }
            }
        }
        fires_and_rests(
            "territory-mismatch",
            &fired(Rule::TerritoryMismatch, &[0, 1, 2], &all),
            &territory_items,
        );

        // Decisions. A decision concerning an application, by the decision
        // then the application.
        let on_applications: BTreeSet<String> = relations
            .iter()
            .filter(|r| matches!(r.data, Link::Concerns) && is_app(r.to))
            .map(|r| item(&[r.from, r.to]))
            .collect();
        fires_and_rests(
            "decision-after-deadline",
            &fired(Rule::DecisionAfterDeadline, &[0, 1], &all),
            &on_applications,
        );
        fires_and_rests(
            "short-notice",
            &fired(Rule::ShortNotice, &[0, 1], &all),
            &on_applications,
        );
        // `illegitimate-decider`: a decision with deciders and an
        // organisation it concerns at its opening date (directly, as a
        // filer of a concerned application, a runner of a concerned brique
        // at the date or a committing party to a concerned contract).
        let mut concerned = BTreeSet::new();
        for (key, d) in &decisions {
            if incoming(key, &|l| matches!(l, Link::Decides)).is_empty() {
                continue;
            }
            let on = d.opened_at.date();
            for n in outgoing(key, &|l| matches!(l, Link::Concerns)) {
                let orgs: Vec<&str> = match net.node(n).unwrap() {
                    Node::Organisation(_) => vec![n],
                    Node::Application(_) => incoming(n, &|l| matches!(l, Link::Files(_))),
                    Node::Brique(_) => {
                        incoming(n, &|l| matches!(l, Link::Runs(r) if r.period.contains(on)))
                    }
                    Node::Contract(_) => incoming(
                        n,
                        &|l| matches!(l, Link::PartyTo(p) if p.mode == Mode::Committing),
                    )
                    .into_iter()
                    .filter(|p| net.organisation(p).is_some())
                    .collect(),
                    _ => Vec::new(),
                };
                concerned.extend(orgs.into_iter().map(|o| item(&[key, o])));
            }
        }
        fires_and_rests(
            "illegitimate-decider",
            &fired(Rule::IllegitimateDecider, &[0, 1], &all),
            &concerned,
        );
        let adopted = |d: &communs::Decision| d.outcome_at(date) == Outcome::Adopted;
        let decisions_where = |keep: &dyn Fn(&communs::Decision) -> bool| {
            decisions
                .iter()
                .filter(|(_, d)| keep(d))
                .map(|(k, _)| k.as_str().to_owned())
                .collect::<BTreeSet<String>>()
        };
        fires_and_rests(
            "unresolved-objection",
            &fired(Rule::UnresolvedObjection, &[0], &all),
            &decisions_where(&|d| {
                adopted(d)
                    && matches!(
                        d.process,
                        Process::Consent | Process::Consensus | Process::Transparency
                    )
            }),
        );
        fires_and_rests(
            "unanswered-question",
            &fired(Rule::UnansweredQuestion, &[0], &all),
            &decisions_where(&|d| d.process == Process::Transparency && d.closes_at <= AS_OF),
        );
        fires_and_rests(
            "quorum-not-met",
            &fired(Rule::QuorumNotMet, &[0], &all),
            &decisions_where(&|d| adopted(d) && matches!(d.process, Process::Vote { .. })),
        );
        fires_and_rests(
            "review-overdue",
            &fired(Rule::ReviewOverdue, &[0], &all),
            &decisions_where(&|d| adopted(d) && d.review.is_some()),
        );

        // The filing paths of the organisation, carrying and mandate rules.
        // `no-signatory`: an organisation and a live application it files,
        // named in the finding's list of what it commits to or files.
        let live_filings: BTreeSet<String> = files
            .iter()
            .filter(|(_, a, _)| live(a.as_str()))
            .map(|(o, a, _)| item(&[o, a]))
            .collect();
        let mut unsigned = BTreeSet::new();
        for f in report.of_rule(Rule::NoSignatory) {
            let Some((_, list)) = f.message().split_once("commits to or files ") else {
                continue;
            };
            let list = list
                .strip_suffix(" but nobody holds a current mandate to sign for it")
                .unwrap_or_else(|| panic!("no-signatory: {}", f.message()));
            for named in list.split(", ") {
                if net.application(named).is_some() {
                    unsigned.insert(item(&[f.keys()[0].as_str(), named]));
                }
            }
        }
        fires_and_rests("no-signatory (filers)", &unsigned, &live_filings);
        // `needs-carrier`: a collective (no legal personality) and a live
        // application it files.
        let collective_filings: Vec<_> = files
            .iter()
            .filter(|(o, a, _)| live(a.as_str()) && !net.node(o).is_some_and(Node::is_legal_person))
            .collect();
        fires_and_rests(
            "needs-carrier (filings)",
            &fired(Rule::NeedsCarrier, &[0, 1], &|k| {
                k.get(1).is_some_and(is_app)
            }),
            &collective_filings
                .iter()
                .map(|(o, a, _)| item(&[o, a]))
                .collect(),
        );
        // `carrier-scope`: a collective carried at the date and a live
        // application with money it files.
        fires_and_rests(
            "carrier-scope (filings)",
            &report
                .of_rule(Rule::CarrierScope)
                .filter(|f| f.keys().last().is_some_and(is_app))
                .map(|f| item(&[f.keys()[0].as_str(), f.keys()[f.keys().len() - 1].as_str()]))
                .collect(),
            &collective_filings
                .iter()
                .filter(|(o, a, _)| {
                    net.application(a)
                        .is_some_and(|a| a.burden.is_some_and(|b| b.amount != 0))
                        && !incoming(
                            o,
                            &|l| matches!(l, Link::Carries(c) if c.period.contains(date)),
                        )
                        .is_empty()
                })
                .map(|(o, a, _)| item(&[o, a]))
                .collect(),
        );
        // `unmandated-act`: a signed filing, by its signer, its filer and
        // the application; a delegated decision, by its delegate, a
        // decider and the decision.
        fires_and_rests(
            "unmandated-act (filings)",
            &fired(Rule::UnmandatedAct, &[0, 1, 2], &|k| {
                k.get(2).is_some_and(is_app)
            }),
            &files
                .iter()
                .filter_map(|(o, a, f)| Some(item(&[f.signed_by.as_ref()?, o, a])))
                .collect(),
        );
        fires_and_rests(
            "unmandated-act (delegations)",
            &fired(Rule::UnmandatedAct, &[0, 1, 2], &|k| {
                k.get(2).is_some_and(is_decision)
            }),
            &relations
                .iter()
                .filter(|r| matches!(r.data, Link::Decides))
                .filter_map(|r| match &net.decision(r.to)?.process {
                    Process::Delegated { to } => Some(item(&[to, r.from, r.to])),
                    _ => None,
                })
                .collect(),
        );
    }
}
