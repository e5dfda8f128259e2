//! The rules that ask their questions in batches (contracts 64 at a time,
//! the relations of 32 nodes walked together, direct mandates settled 64
//! at a time) agree with the public questions and with a plain reading of
//! the relations, on generated networks with hundreds of organisations,
//! briques and contracts: every batch boundary is crossed, and batches end
//! part-full.

use std::collections::{BTreeMap, BTreeSet};

use communs::{Act, Authority, BriqueStatus, Governance, KindState, Link, Network, Node, Rule};
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
            net
        })
        .collect()
}

/// The keys of every finding of `rule`, as strings.
fn fired(report: &communs::Report, rule: Rule) -> BTreeSet<Vec<String>> {
    report
        .of_rule(rule)
        .map(|f| f.keys.iter().map(|k| k.as_str().to_owned()).collect())
        .collect()
}

/// Asserts that `found` equals `expected` and that the rule both fires and
/// stays silent somewhere (`silent` cases seen), so the comparison is not
/// empty on either side.
fn agree(
    rule: Rule,
    found: &BTreeSet<Vec<String>>,
    expected: &BTreeSet<Vec<String>>,
    silent: usize,
) {
    assert_eq!(found, expected, "{rule}");
    assert!(!found.is_empty(), "{rule} never fires");
    assert!(silent > 0, "{rule} is never silent");
}

#[test]
fn empty_membership_is_an_organisation_without_current_members() {
    for net in networks() {
        let report = net.validate(AS_OF);
        let (mut expected, mut silent) = (BTreeSet::new(), 0);
        for (key, _) in net.organisations() {
            if net.members(key, AS_OF.date()).unwrap().is_empty() {
                expected.insert(vec![key.as_str().to_owned()]);
            } else {
                silent += 1;
            }
        }
        assert!(net.organisations().count() > 64);
        agree(
            Rule::EmptyMembership,
            &fired(&report, Rule::EmptyMembership),
            &expected,
            silent,
        );
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
            if b.status_at(date) == BriqueStatus::Ended {
                continue;
            }
            if builds.contains(key.as_str()) && run.contains(key.as_str()) {
                silent += 1;
            } else {
                expected.insert(vec![key.as_str().to_owned()]);
            }
        }
        assert!(briques > 64);
        agree(
            Rule::OrphanBrique,
            &fired(&report, Rule::OrphanBrique),
            &expected,
            silent,
        );
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
                    } else {
                        expected.insert(vec![key.as_str().to_owned(), (*carrier).to_owned()]);
                    }
                }
            }
        }
        agree(
            Rule::ObjectivesMismatch,
            &fired(&report, Rule::ObjectivesMismatch),
            &expected,
            silent,
        );
    }
}

#[test]
fn blueprint_gap_is_a_required_kind_not_active_in_the_readiness() {
    for net in networks() {
        let report = net.validate(AS_OF);
        let (mut expected, mut silent) = (BTreeSet::new(), 0);
        for (key, org) in net.organisations() {
            if !matches!(org.governance, Governance::InFormation { .. }) {
                continue;
            }
            let readiness = net.readiness(key, AS_OF.date()).unwrap();
            for k in &readiness.required {
                if k.state() == KindState::Active {
                    silent += 1;
                    continue;
                }
                let mut keys = vec![key.as_str().to_owned()];
                keys.extend(k.briques.iter().map(|b| b.key.as_str().to_owned()));
                expected.insert(keys);
            }
        }
        agree(
            Rule::BlueprintGap,
            &fired(&report, Rule::BlueprintGap),
            &expected,
            silent,
        );
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
            match granted {
                true => silent += 1,
                false => {
                    expected.insert(vec![
                        signer.as_str().to_owned(),
                        r.from.as_str().to_owned(),
                        r.to.as_str().to_owned(),
                    ]);
                }
            }
        }
        assert!(contracts.len() > 64);
        agree(
            Rule::UnmandatedAct,
            &fired(&report, Rule::UnmandatedAct),
            &expected,
            silent,
        );
    }
}
