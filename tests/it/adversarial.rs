//! Adversarial shapes, as fixed tests: chains 100 000 deep, an organisation
//! with 100 000 members, cycles of every small length, money sums that
//! overflow, and a document of about 50 MB.
//!
//! Tests run on threads with 2 MB stacks (the default of the test harness),
//! so a recursive traversal of a deep chain would overflow here: every
//! question is asked of the deepest node, through the whole chain.

use std::time::Instant;

use communs::{
    Act, Application, ApplicationStatus, Blueprint, Change, ChangeError, Currency, Decision, Form,
    Intervention, InterventionKind, Key, Lifecycle, Link, Money, Network, Organisation, Outcome,
    Period, Person, Principle, Process, QueryError, RelationKind, Rule, ScopeKind, Stance,
};
use time::macros::{date, datetime};

use crate::common::{
    DAY, add_assoc, add_person, carries_all, json, k, mandate, member, names, refused,
};

const DEEP: usize = 100_000;

fn keys(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}

/// An association in formation (no voice of its own).
fn forming(name: &str) -> Organisation {
    Organisation::new(name, Form::Association).in_formation(Blueprint::default())
}

/// `o0` carried by `o1` … carried by `o{DEEP-1}`, all in formation but the
/// top; `p` holds a mandate for every act from the top.
fn carrying_chain() -> (Network, Vec<String>) {
    let ks = keys("o", DEEP);
    let mut changes: Vec<Change> = ks[..DEEP - 1]
        .iter()
        .map(|key| Change::add(k(key), forming(key)))
        .collect();
    changes.push(add_assoc(&ks[DEEP - 1]));
    changes.push(add_person("p"));
    changes.extend((0..DEEP - 1).map(|i| carries_all(&ks[i + 1], &ks[i])));
    changes.push(mandate(
        "p",
        &ks[DEEP - 1],
        &[Act::Sign, Act::Speak, Act::Decide, Act::File],
        Period::ALWAYS,
    ));
    let mut n = Network::new();
    n.apply_all(changes).unwrap();
    (n, ks)
}

#[test]
fn every_question_climbs_a_carrying_chain_100_000_deep() {
    let (mut n, ks) = carrying_chain();
    let top = ks[DEEP - 1].as_str();
    // Authority through 99 999 carriers, for each act.
    for act in [Act::Sign, Act::Speak, Act::Decide, Act::File] {
        let communs::Authority::Granted(g) = n.may_act("p", act, "o0", DAY).unwrap() else {
            panic!("{act:?} is granted through the chain");
        };
        assert_eq!(g.path.len(), DEEP);
        assert_eq!(g.path.last().unwrap().as_str(), top);
    }
    assert_eq!(n.voice("o0", DAY).unwrap().path().len(), DEEP);
    assert_eq!(n.carrier_chain("o0", DAY).unwrap().len(), DEEP - 1);
    let readiness = n.readiness("o0", DAY).unwrap();
    assert!(!readiness.governance_posed);
    // The audit, timeline and pictures complete (the diagnostics do not
    // yet: see `validate_on_a_carrying_chain_100_000_deep_completes`).
    assert!(n.ostrom_audit("o0", DAY).is_ok());
    assert!(n.timeline_of("o0").is_ok());
    assert!(n.neighbourhood_dot("o0", DEEP).unwrap().contains(top));
    assert!(n.to_mermaid().len() > DEEP);
    // The document saves and loads back, invariants checked again.
    let saved = json(&n);
    let loaded: Network = serde_json::from_str(&saved).unwrap();
    assert_eq!(loaded, n);
    loaded.check_invariants().unwrap();
    // Closing the loop anywhere is refused and changes nothing.
    let err = refused(&mut n, carries_all("o0", top));
    assert_eq!(
        err,
        ChangeError::CarryingCycle {
            from: k("o0"),
            to: k(top)
        }
    );
    assert_eq!(
        refused(&mut n, carries_all("o0", &ks[DEEP / 2])),
        ChangeError::CarryingCycle {
            from: k("o0"),
            to: k(&ks[DEEP / 2])
        }
    );
    assert_eq!(n.relation_count(), DEEP);
}

/// `validate` on the carrying chain completes in reasonable time: the rules
/// that climb chains (`governance-not-posed`, `no-signatory`) remember what
/// they settled, so each carrying relation is walked once per validation.
/// The same validation on three threads (whose helpers have a spawned
/// thread's default stack) gives the same report.
#[test]
fn validate_on_a_carrying_chain_100_000_deep_completes() {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let (n, ks) = carrying_chain();
        let as_of = datetime!(2017-12-01 12:00 UTC);
        let start = Instant::now();
        let report = n.validate(as_of);
        let took = start.elapsed();
        let on_three = n.validate_with(as_of, &communs::Options::new().threads(3));
        let top = ks[DEEP - 1].as_str();
        let _ = tx.send((
            report.has(Rule::GovernanceNotPosed, &["o0", top])
                && report.has(Rule::GovernanceNotPosed, &[ks[DEEP - 2].as_str(), top])
                && report.of_rule(Rule::NoSignatory).count() == 0,
            on_three == report,
            took,
        ));
    });
    match rx.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok((found, same, took)) => {
            assert!(found);
            assert!(same, "three threads gave another report");
            eprintln!("validate took {took:?} on one thread");
        }
        Err(_) => panic!("validation did not complete within 60 s on a chain {DEEP} deep"),
    }
}

#[test]
fn a_membership_chain_100_000_deep_is_walked_without_recursion() {
    let ks = keys("m", DEEP);
    let mut changes: Vec<Change> = ks.iter().map(|key| add_assoc(key)).collect();
    changes.extend((0..DEEP - 1).map(|i| member(&ks[i], &ks[i + 1], Period::ALWAYS)));
    let mut n = Network::new();
    n.apply_all(changes).unwrap();
    n.check_invariants().unwrap();
    let top = ks[DEEP - 1].as_str();
    assert_eq!(n.members(top, DAY).unwrap().len(), 1);
    assert_eq!(n.memberships("m0", DAY).unwrap().len(), 1);
    let err = refused(&mut n, member(top, "m0", Period::ALWAYS));
    assert_eq!(
        err,
        ChangeError::MembershipCycle {
            from: k(top),
            to: k("m0")
        }
    );
    assert!(matches!(
        n.apply(member(&ks[DEEP / 2], &ks[7], Period::ALWAYS)),
        Err(ChangeError::MembershipCycle { .. })
    ));
    let report = n.validate(datetime!(2017-12-01 12:00 UTC));
    assert!(report.has(Rule::EmptyMembership, &["m0"]));
    assert!(n.ostrom_audit(top, DAY).is_ok());
    assert!(n.ostrom_audit("m0", DAY).is_ok());
    assert!(n.neighbourhood_mermaid(top, DEEP).is_ok());
    let loaded: Network = serde_json::from_str(&json(&n)).unwrap();
    assert_eq!(loaded, n);
}

#[test]
fn an_organisation_with_100_000_members_counts_them_all() {
    const MEMBERS: usize = 100_000;
    const VOTERS: u32 = 70_000; // beyond 65 536: no 16-bit counter
    let ps = keys("p", MEMBERS);
    let mut changes: Vec<Change> = vec![add_assoc("big")];
    changes.extend(ps.iter().map(|p| add_person(p)));
    changes.extend(ps.iter().map(|p| member(p, "big", Period::ALWAYS)));
    let opened = datetime!(2017-11-29 15:50 +01:00);
    let mut vote = Decision::new(
        "Une grande assemblée",
        Process::Vote {
            threshold: communs::Fraction::new(1, 2).unwrap(),
            quorum: communs::Fraction::new(2, 3).unwrap(),
        },
        opened,
        datetime!(2017-12-01 12:00 +01:00),
        Lifecycle::new(Outcome::Pending),
    )
    .unwrap();
    vote.interventions = (0..VOTERS)
        .map(|i| {
            let stance = if i % 7 == 0 {
                Stance::Against
            } else {
                Stance::For
            };
            Intervention::new(
                i,
                InterventionKind::Stance(stance),
                k(&ps[i as usize]),
                opened,
            )
        })
        .collect();
    changes.push(Change::add(k("vote"), vote));
    changes.push(Change::relate(k("big"), k("vote"), Link::Decides));
    let mut n = Network::new();
    n.apply_all(changes).unwrap();
    n.check_invariants().unwrap();
    assert_eq!(n.members("big", DAY).unwrap().len(), MEMBERS);
    assert_eq!(n.relations_of("big").unwrap().len(), MEMBERS + 1);
    let tally = n.tally("vote").unwrap();
    assert_eq!(tally.members, MEMBERS as u64);
    assert_eq!(tally.against, u64::from(VOTERS.div_ceil(7)));
    assert_eq!(tally.for_ + tally.against, u64::from(VOTERS));
    assert!(tally.quorum_reached && tally.threshold_reached);
    let report = n.validate(datetime!(2017-12-01 12:00 UTC));
    assert!(!names(&report, Rule::EmptyMembership, "big"));
    assert!(
        n.ostrom_audit("big", DAY)
            .unwrap()
            .assessment(Principle::Boundaries)
            .is_some()
    );
    // The diff to the network without it removes it in one change, with
    // its relations: 100 000 relation removals in key order would each
    // walk the organisation's chain of relations.
    let mut without = n.clone();
    without
        .apply(Change::remove_with_relations(k("big")))
        .unwrap();
    let changes = n.diff(&without).unwrap();
    assert_eq!(changes, [Change::remove_with_relations(k("big"))]);
    // Removing the organisation with its 100 000 relations, and undoing
    // that in a refused batch, leaves everything as it was.
    let before = json(&n);
    let err = n
        .apply_all([
            Change::remove_with_relations(k("big")),
            Change::remove(k("nobody")),
        ])
        .unwrap_err();
    assert_eq!(err.index, 1);
    assert_eq!(json(&n), before);
    n.apply_all(changes).unwrap();
    assert_eq!(n, without);
    assert_eq!(n.relation_count(), 0);
    assert_eq!(n.len(), MEMBERS + 1);
    n.check_invariants().unwrap();
}

/// Relations of one kind around a ring of `len` associations, all but the
/// one that closes it.
fn ring(len: usize, relate: impl Fn(&str, &str) -> Change) -> (Network, Vec<String>) {
    let ks = keys("r", len);
    let mut changes: Vec<Change> = ks.iter().map(|key| add_assoc(key)).collect();
    changes.extend((0..len.saturating_sub(1)).map(|i| relate(&ks[i], &ks[i + 1])));
    let mut n = Network::new();
    n.apply_all(changes).unwrap();
    (n, ks)
}

/// The relation kind of a ring of
/// [`cycles_of_length_1_2_3_and_17_are_refused_and_queries_end`], by name.
fn ring_kind(kind: &str) -> RelationKind {
    if kind == "carries" {
        RelationKind::Carries
    } else {
        RelationKind::MemberOf
    }
}

#[test]
fn cycles_of_length_1_2_3_and_17_are_refused_and_queries_end() {
    let carry = |a: &str, b: &str| carries_all(a, b);
    let belong = |a: &str, b: &str| member(a, b, Period::ALWAYS);
    for len in [1, 2, 3, 17] {
        for (kind, relate) in [
            ("carries", &carry as &dyn Fn(&str, &str) -> Change),
            ("member-of", &belong),
        ] {
            let (mut n, ks) = ring(len, relate);
            let (last, first) = (&ks[len - 1], &ks[0]);
            let err = refused(&mut n, relate(last, first));
            match (len, kind) {
                (1, _) => assert_eq!(
                    err,
                    ChangeError::SelfRelation {
                        kind: ring_kind(kind),
                        key: k(first)
                    }
                ),
                (_, "carries") => assert_eq!(
                    err,
                    ChangeError::CarryingCycle {
                        from: k(last),
                        to: k(first)
                    }
                ),
                _ => assert_eq!(
                    err,
                    ChangeError::MembershipCycle {
                        from: k(last),
                        to: k(first)
                    }
                ),
            }
            // In a batch too, wherever the closing change stands.
            let closing: Vec<Change> = (0..len)
                .map(|i| relate(&ks[i], &ks[(i + 1) % len]))
                .collect();
            let mut fresh: Vec<Change> = ks.iter().map(|key| add_assoc(key)).collect();
            fresh.extend(closing.iter().rev().cloned());
            // Added last, `ks[0]` → `ks[1]` closes the ring (a ring of one
            // closes at once, on itself).
            let batch = Network::new().apply_all(fresh).unwrap_err();
            let (at, from, to) = if len == 1 {
                (1, first, first)
            } else {
                (2 * len - 1, first, &ks[1])
            };
            assert_eq!(batch.index, at, "{kind} ring of {len}: {batch}");
            let expected = match (len, kind) {
                (1, _) => ChangeError::SelfRelation {
                    kind: ring_kind(kind),
                    key: k(first),
                },
                (_, "carries") => ChangeError::CarryingCycle {
                    from: k(from),
                    to: k(to),
                },
                _ => ChangeError::MembershipCycle {
                    from: k(from),
                    to: k(to),
                },
            };
            assert_eq!(batch.error, expected, "{kind} ring of {len}");
            // And in a document.
            let mut open = n.clone();
            if len > 1 {
                let mut doc: serde_json::Value = serde_json::to_value(&n).unwrap();
                // Add the closing relation by hand, as a document would.
                let extra = serde_json::to_value(&{
                    let mut two = Network::new();
                    two.apply_all([add_assoc(last), add_assoc(first), relate(last, first)])
                        .unwrap();
                    two
                })
                .unwrap();
                let rel = extra["relations"][0].clone();
                doc["relations"].as_array_mut().unwrap().push(rel);
                let loaded = serde_json::from_value::<Network>(doc)
                    .unwrap_err()
                    .to_string();
                // The relation to blame, then the same error as the change.
                assert!(
                    loaded.contains(&format!("{kind} `{last}` → `{first}`")),
                    "{loaded}"
                );
                assert!(loaded.contains(&err.to_string()), "{loaded}");
            }
            // Queries over the open ring end, from every node.
            open.check_invariants().unwrap();
            for key in &ks {
                let _ = open.voice(key, DAY).unwrap();
                let chain = open.carrier_chain(key, DAY).unwrap();
                assert!(chain.len() < len);
                let _ = open.may_act("nobody", Act::Sign, key, DAY);
                assert!(open.ostrom_audit(key, DAY).is_ok());
                assert!(open.neighbourhood_dot(key, 100).is_ok());
            }
            let _ = open.validate(datetime!(2017-12-01 12:00 UTC));
            open.apply(Change::remove_with_relations(k(first))).unwrap();
        }
    }
}

fn dossier(burden: Money) -> Application {
    Application::new(
        "Dossier",
        "Programme",
        date!(2017 - 12 - 01),
        Lifecycle::new(ApplicationStatus::Drafting),
    )
    .with_burden(burden)
}

#[test]
fn money_sums_that_overflow_are_errors_not_panics() {
    let usd = Currency::new("USD").unwrap();
    let half = i64::MAX / 2 + 1; // two of them overflow
    let mut changes = vec![Change::add(
        k("anis"),
        Organisation::new("ANIS", Form::Association).with_burden_limit(Money::zero(usd)),
    )];
    let burdens = [
        Money::new(half, Currency::EUR),
        Money::new(1, usd),
        Money::new(half, Currency::EUR),
        Money::new(i64::MAX, usd),
    ];
    for (i, burden) in burdens.into_iter().enumerate() {
        let key = format!("a{i}");
        changes.push(Change::add(k(&key), dossier(burden)));
        changes.push(Change::relate(
            k("anis"),
            k(&key),
            communs::Filing::new(None),
        ));
    }
    let mut n = Network::new();
    n.apply_all(changes).unwrap();
    match n.exposure("anis", DAY) {
        Err(QueryError::Overflow { key, currency }) => {
            assert_eq!(key, k("anis"));
            assert!(currency == Currency::EUR || currency == usd);
        }
        other => panic!("{other:?}"),
    }
    // The rule reports the overflow as a finding, without panicking.
    let report = n.validate(datetime!(2017-12-01 12:00 UTC));
    let finding = report
        .of_rule(Rule::CarrierBurden)
        .next()
        .expect("a finding");
    assert_eq!(finding.keys(), [k("anis")]);
    assert!(
        finding.message().contains("overflows"),
        "{}",
        finding.message()
    );
    // Withdrawing one EUR dossier and the big USD one brings the sums back
    // within 64 bits.
    for a in ["a2", "a3"] {
        let mut app = n.application(a).unwrap().clone();
        app.lifecycle = app
            .lifecycle
            .clone()
            .then(date!(2017 - 11 - 01), ApplicationStatus::Withdrawn)
            .unwrap();
        n.apply(Change::update(k(a), app)).unwrap();
    }
    let e = n.exposure("anis", DAY).unwrap();
    assert_eq!(e.totals[&Currency::EUR], Money::new(half, Currency::EUR));
    assert!(!e.within_limit());
    // The largest amounts save and load exactly.
    let loaded: Network = serde_json::from_str(&json(&n)).unwrap();
    assert_eq!(loaded, n);
}

/// A document of about `target` bytes: persons, each a member of one of a
/// few associations, with long names.
fn big_document(target: usize) -> (String, usize) {
    let name = "x".repeat(200);
    let mut persons = String::new();
    let mut relations = String::new();
    let mut n = 0usize;
    while persons.len() + relations.len() < target {
        if n > 0 {
            persons.push(',');
            relations.push(',');
        }
        persons.push_str(&format!(r#""p{n}":{{"name":"{name} {n}"}}"#));
        relations.push_str(&format!(
            r#"{{"kind":"member-of","from":"p{n}","to":"o{}","role":"member","involvement":"active","since":"2016-01-01"}}"#,
            n % 4
        ));
        n += 1;
    }
    let orgs = (0..4)
        .map(|i| format!(r#""o{i}":{{"name":"O{i}","form":"association","governance":{{"established":{{"statutes":"formal","process":"consent"}}}}}}"#))
        .collect::<Vec<_>>()
        .join(",");
    (
        format!(
            r#"{{"version":1,"persons":{{{persons}}},"organisations":{{{orgs}}},"relations":[{relations}]}}"#
        ),
        n,
    )
}

#[test]
fn a_50_mb_document_loads_or_is_refused_cleanly() {
    let (doc, persons) = big_document(50 * 1024 * 1024);
    assert!(doc.len() >= 50 * 1024 * 1024);
    let start = Instant::now();
    let n: Network = serde_json::from_str(&doc).unwrap();
    let loaded_in = start.elapsed();
    assert_eq!(n.len(), persons + 4);
    assert_eq!(n.relation_count(), persons);
    assert_eq!(n.members("o0", DAY).unwrap().len(), persons.div_ceil(4));
    // The same document with its last relation broken is refused, naming
    // the relation by its position.
    let broken = doc.replacen(
        r#""kind":"member-of","from":"p0","#,
        r#""kind":"member-of","from":"ghost","#,
        1,
    );
    match serde_json::from_str::<Network>(&broken) {
        Err(e) => assert!(e.to_string().contains("relations[0]"), "{e}"),
        Ok(_) => panic!("a relation from an unknown key loads"),
    }
    let last = format!(r#""from":"p{}","to":"o{}""#, persons - 1, (persons - 1) % 4);
    let broken = doc.replacen(&last, r#""from":"o0","to":"o0""#, 1);
    let err = serde_json::from_str::<Network>(&broken)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!("relations[{}]", persons - 1)),
        "{err}"
    );
    // Truncated anywhere, it is a syntax error, not a panic.
    for cut in [1, doc.len() / 3, doc.len() - 1] {
        assert!(serde_json::from_str::<Network>(&doc[..cut]).is_err());
    }
    // Linear, not pathological: well under a minute even in debug builds
    // on a loaded machine (about 5 s seen on 2 cores).
    assert!(loaded_in.as_secs() < 60, "loading took {loaded_in:?}");
}

#[test]
fn deeply_nested_input_is_refused_without_overflowing_the_stack() {
    for depth in [1_000, 100_000] {
        let nested = format!(
            r#"{{"version":1,"persons":{}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        assert!(serde_json::from_str::<Network>(&nested).is_err());
        let change = format!(
            r#"{{"add-node":{}{}}}"#,
            "{\"a\":".repeat(depth),
            "}".repeat(depth)
        );
        assert!(serde_json::from_str::<Change>(&change).is_err());
    }
}

#[test]
fn huge_keys_and_names_are_handled() {
    // A key at the length limit, and one past it.
    let long = "a".repeat(communs::MAX_SLUG_LEN);
    let mut n = Network::new();
    n.apply(add_person(&long)).unwrap();
    assert!(Key::new(&format!("{long}b")).is_err());
    let doc = format!(r#"{{"version":1,"persons":{{"{long}b":{{"name":"X"}}}}}}"#);
    assert!(serde_json::from_str::<Network>(&doc).is_err());
    // A 10 MB name saves and loads.
    let big = "é".repeat(5 * 1024 * 1024);
    n.apply(Change::add(k("big"), Person::new(big.clone())))
        .unwrap();
    let loaded: Network = serde_json::from_str(&json(&n)).unwrap();
    assert_eq!(loaded.person("big").unwrap().name, big);
    assert!(n.to_dot().contains("big"));
}

#[test]
fn an_organisation_with_100_000_mandates_and_a_collective_with_100_000_carriers_go_in_one_change() {
    const MANY: usize = 100_000;
    let ps = keys("p", MANY);
    let cs = keys("c", MANY);
    let mut changes: Vec<Change> = vec![add_assoc("big"), add_assoc("small")];
    changes.extend(ps.iter().map(|p| add_person(p)));
    changes.extend(
        ps.iter()
            .map(|p| mandate(p, "big", &[Act::Sign], Period::ALWAYS)),
    );
    changes.extend(cs.iter().map(|c| add_assoc(c)));
    changes.extend(
        cs.iter()
            .map(|c| crate::common::carries(c, "small", &[ScopeKind::Financial], Period::ALWAYS)),
    );
    let mut n = Network::new();
    n.apply_all(changes).unwrap();
    n.check_invariants().unwrap();
    assert!(
        n.may_act(&ps[MANY - 1], Act::Sign, "big", DAY)
            .unwrap()
            .is_granted()
    );
    assert_eq!(n.carriers("small", DAY).unwrap().len(), MANY);
    // Both indexed lists are emptied relation by relation, newest first:
    // linear, where a search from the front would be quadratic.
    let before = json(&n);
    let err = n
        .apply_all([
            Change::remove_with_relations(k("big")),
            Change::remove_with_relations(k("small")),
            Change::remove(k("nobody")),
        ])
        .unwrap_err();
    assert_eq!(err.index, 2);
    assert_eq!(json(&n), before);
    n.apply_all([
        Change::remove_with_relations(k("big")),
        Change::remove_with_relations(k("small")),
    ])
    .unwrap();
    assert_eq!(n.relation_count(), 0);
    n.check_invariants().unwrap();
}

#[test]
fn a_brique_run_by_50_000_carried_collectives_checks_each_carrier_once() {
    const MANY: usize = 50_000;
    let purpose: communs::Tag = "digital-solidarity".parse().unwrap();
    let collectives = keys("c", MANY);
    let carriers = keys("a", MANY);
    let brique = communs::Brique::new(
        "Permanence",
        communs::BriqueKind::Permanence,
        Lifecycle::new(communs::BriqueStatus::Active),
    )
    .with_purpose([purpose.clone()]);
    let mut changes: Vec<Change> = vec![Change::add(k("b"), brique)];
    for (c, a) in collectives.iter().zip(&carriers) {
        changes.push(crate::common::add_collective(c));
        changes.push(Change::add(
            k(a),
            Organisation::new(a.to_uppercase(), Form::Association)
                .with_objectives([purpose.clone()]),
        ));
        changes.push(carries_all(a, c));
        changes.push(Change::relate(
            k(c),
            k("b"),
            communs::Running::new(Period::ALWAYS),
        ));
    }
    // One carrier out of line: the only finding.
    changes.push(add_assoc("outsider"));
    changes.push(crate::common::carries(
        "outsider",
        &collectives[0],
        &[ScopeKind::Financial],
        Period::ALWAYS,
    ));
    let n = {
        let mut n = Network::new();
        n.apply_all(changes).unwrap();
        n
    };
    // Each of the 50 001 carriers of the brique's runners is checked once
    // (a list searched for every carrier made this quadratic).
    let report = n.validate(datetime!(2017-12-01 12:00 UTC));
    let mismatches: Vec<_> = report.of_rule(Rule::ObjectivesMismatch).collect();
    assert_eq!(mismatches.len(), 1, "{mismatches:?}");
    assert!(report.has(Rule::ObjectivesMismatch, &["b", "outsider"]));
}

/// An organisation that carries 100 000 collectives and decides 100 000
/// decisions: each relation it adds is checked against the relations
/// between the same two nodes only (the shorter of the two chains), so
/// building, saving, loading and removing stay linear. Walking the
/// carrier's whole chain of outgoing relations for each new one was
/// quadratic: about 10¹⁰ steps here.
#[test]
fn an_organisation_that_carries_and_decides_by_the_hundred_thousand_builds_and_loads() {
    const MANY: usize = 100_000;
    let cs = keys("c", MANY);
    let ds = keys("d", MANY);
    let mut changes: Vec<Change> = vec![add_assoc("hub")];
    changes.extend(cs.iter().map(|c| crate::common::add_collective(c)));
    changes.extend(cs.iter().map(|c| carries_all("hub", c)));
    changes.extend(ds.iter().map(|d| {
        let opened = datetime!(2017-11-29 15:50 +01:00);
        Change::add(
            k(d),
            Decision::new(
                "Une décision",
                Process::Consent,
                opened,
                opened + time::Duration::days(2),
                Lifecycle::new(Outcome::Pending),
            )
            .unwrap(),
        )
    }));
    changes.extend(
        ds.iter()
            .map(|d| Change::relate(k("hub"), k(d), Link::Decides)),
    );
    let mut n = Network::new();
    n.apply_all(changes).unwrap();
    assert_eq!(n.relation_count(), 2 * MANY);
    // One more of each kind is refused as a duplicate, at once.
    assert_eq!(
        refused(&mut n, carries_all("hub", &cs[MANY / 2])),
        ChangeError::DuplicateRelation {
            kind: RelationKind::Carries,
            from: k("hub"),
            to: k(&cs[MANY / 2]),
        }
    );
    // Removing and restoring one relation finds it among the hub's.
    n.apply(Change::unrelate(k("hub"), k(&ds[0]), Link::Decides))
        .unwrap();
    n.apply(Change::relate(k("hub"), k(&ds[0]), Link::Decides))
        .unwrap();
    // The document lists the hub's relations together: loading it adds
    // them one after another from the same source.
    let loaded: Network = serde_json::from_str(&json(&n)).unwrap();
    assert_eq!(loaded, n);
    loaded.check_invariants().unwrap();
}

/// A contract with 100 000 parties: a commons that gives money to 50 000
/// collectives, each giving it knowledge back (a star, one circle), and
/// 50 000 supporting associations that each give in a clause, though they
/// do not commit. Reciprocity, the collectives' money needs and the
/// supporting givers are each found in one pass over the clauses, where
/// a pass per party was quadratic.
#[test]
fn a_contract_with_100_000_parties_is_validated_in_passes_over_its_clauses() {
    const HALF: usize = 50_000;
    let cs = keys("c", HALF);
    let ss = keys("s", HALF);
    let euro = |cents| communs::Gift::Money {
        amount: Money::new(cents, Currency::EUR),
        frequency: communs::Frequency::Monthly,
    };
    let mut pact = communs::Contract::new(
        "Pacte des communs",
        communs::Nature::Moral,
        communs::Term::from(date!(2017 - 01 - 01)),
        Lifecycle::new(communs::ContractStatus::Active),
    );
    for c in &cs {
        pact = pact
            .with_clause(communs::Clause::new(k("hub"), k(c), euro(100)))
            .with_clause(communs::Clause::new(
                k(c),
                k("hub"),
                communs::Gift::Knowledge("ateliers".into()),
            ));
    }
    for s in &ss {
        pact = pact.with_clause(communs::Clause::new(
            k(s),
            k("hub"),
            communs::Gift::Knowledge("conseil".into()),
        ));
    }
    // The first supporting association gives twice.
    pact = pact.with_clause(communs::Clause::new(
        k(&ss[0]),
        k(&cs[0]),
        communs::Gift::Knowledge("conseil".into()),
    ));
    let committing = || communs::Party::new(communs::Mode::Committing);
    let supporting = || communs::Party::new(communs::Mode::Supporting);
    let mut changes: Vec<Change> = vec![add_assoc("hub"), add_assoc("anis")];
    changes.extend(cs.iter().map(|c| crate::common::add_collective(c)));
    changes.extend(ss.iter().map(|s| add_assoc(s)));
    // ANIS carries the collectives, without financial scope.
    changes.extend(cs.iter().map(|c| {
        crate::common::carries(
            "anis",
            c,
            &[ScopeKind::Administrative, ScopeKind::Legal],
            Period::ALWAYS,
        )
    }));
    changes.push(Change::add(k("pact"), pact));
    changes.push(Change::relate(k("hub"), k("pact"), committing()));
    changes.extend(
        cs.iter()
            .map(|c| Change::relate(k(c), k("pact"), committing())),
    );
    changes.extend(
        ss.iter()
            .map(|s| Change::relate(k(s), k("pact"), supporting())),
    );
    let mut n = Network::new();
    n.apply_all(changes).unwrap();
    let circles = n.reciprocity("pact").unwrap().circles;
    assert_eq!(circles.len(), 1);
    assert_eq!(circles[0].len(), HALF + 1);
    let report = n.validate(datetime!(2018-03-01 12:00 +01:00));
    assert_eq!(report.of_rule(Rule::NonReciprocal).count(), 0);
    // Every supporting association gives once; every collective handles
    // money without a financial carrier.
    assert_eq!(report.of_rule(Rule::SupportingCommits).count(), HALF);
    assert!(report.has(Rule::SupportingCommits, &["pact", &ss[HALF - 1]]));
    for (giver, times) in [(&ss[0], 2), (&ss[1], 1)] {
        let f = report
            .of_rule(Rule::SupportingCommits)
            .find(|f| f.keys()[1].as_str() == giver.as_str())
            .unwrap();
        let ends = format!("gives in {times} clause(s)");
        assert!(f.message().ends_with(&ends), "{}", f.message());
    }
    assert_eq!(report.of_rule(Rule::CarrierScope).count(), HALF);
    assert!(report.has(Rule::CarrierScope, &[&cs[0], "anis", "pact"]));
}
