//! Hard invariants (SPEC §5): each offending change is refused with its
//! variant and keys, the network untouched; the nearest valid change is
//! accepted.

use communs::{
    Act, BatchError, Change, ChangeError, Currency, Form, Link, Money, NodeKind, Organisation,
    Period, PeriodError, Person, RelationKind, ScopeKind,
};
use time::macros::date;

use crate::common::*;

const ADMIN: &[ScopeKind] = &[ScopeKind::Administrative];
const FIN: &[ScopeKind] = &[ScopeKind::Financial];

// ----- 1. keys -----

#[test]
fn duplicate_key_is_refused_across_kinds() {
    let mut n = net([add_assoc("anis")]);
    let err = refused(&mut n, add_person("anis"));
    assert_eq!(err, ChangeError::DuplicateKey { key: k("anis") });
    accepted(&mut n, add_person("anis-2"));
}

#[test]
fn removed_key_is_never_reused() {
    let mut n = net([add_assoc("anis")]);
    accepted(&mut n, Change::remove(k("anis")));
    assert_eq!(
        n.retired_keys().map(|k| k.as_str()).collect::<Vec<_>>(),
        ["anis"]
    );
    let err = refused(&mut n, add_assoc("anis"));
    assert_eq!(err, ChangeError::RetiredKey { key: k("anis") });
    accepted(&mut n, add_assoc("anis-bis"));
}

/// Keys longer than the key index's entries hold (24 bytes), sharing
/// those 24 bytes, are found, refused twice, removed and retired as short
/// keys are; the network keeps its invariants and saves and loads equal.
#[test]
fn long_keys_sharing_their_beginning_are_keys_like_any_other() {
    let long = |i: usize| k(&format!("a-person-with-a-long-key-{i}"));
    let mut n = net((0..200).map(|i| Change::add(long(i), Person::new("P"))));
    accepted(&mut n, add_assoc("anis"));
    for i in (0..200).step_by(3) {
        accepted(&mut n, member(long(i).as_str(), "anis", Period::ALWAYS));
    }
    let err = refused(&mut n, Change::add(long(7), Person::new("P")));
    assert_eq!(err, ChangeError::DuplicateKey { key: long(7) });
    for i in (1..200).step_by(3) {
        accepted(&mut n, Change::remove(long(i)));
    }
    assert_eq!(n.len(), 201 - 67);
    n.check_invariants().expect("invariants after removals");
    for i in 0..200 {
        assert_eq!(n.contains(long(i).as_str()), i % 3 != 1, "{i}");
    }
    let err = refused(&mut n, Change::add(long(4), Person::new("P")));
    assert_eq!(err, ChangeError::RetiredKey { key: long(4) });
    assert_eq!(n.members("anis", DAY).map(|m| m.len()).ok(), Some(67));
    let json = serde_json::to_string(&n).expect("saved");
    let back: Network = serde_json::from_str(&json).expect("loaded");
    assert_eq!(back, n);
    back.check_invariants().expect("invariants after loading");
    let mut emptied = net([Change::add(long(0), Person::new("P"))]);
    accepted(&mut emptied, Change::remove(long(0)));
    assert!(emptied.is_empty());
    emptied
        .check_invariants()
        .expect("invariants of the emptied network");
}

#[test]
fn empty_names_and_negative_limits_are_refused() {
    let mut n = Network::new();
    let err = refused(&mut n, Change::add(k("x"), Person::new("  ")));
    assert_eq!(err, ChangeError::EmptyName { key: k("x") });
    let limit = Money::new(-1, Currency::EUR);
    let err = refused(
        &mut n,
        Change::add(
            k("x"),
            Organisation::new("X", Form::Association).with_burden_limit(limit),
        ),
    );
    assert_eq!(err, ChangeError::NegativeBurdenLimit { key: k("x"), limit });
    accepted(
        &mut n,
        Change::add(
            k("x"),
            Organisation::new("X", Form::Association).with_burden_limit(Money::zero(Currency::EUR)),
        ),
    );
}

use communs::Network;

// ----- 2. endpoint kinds, self relations, unknown keys -----

#[test]
fn relations_join_the_kinds_of_their_table() {
    let mut n = net([
        add_person("p"),
        add_assoc("a"),
        add_assoc("b"),
        add_place("pl"),
        add_territory("t"),
    ]);
    let err = refused(&mut n, carries_all("p", "a"));
    assert_eq!(
        err,
        ChangeError::EndpointKinds {
            kind: RelationKind::Carries,
            from: k("p"),
            from_kind: NodeKind::Person,
            to: k("a"),
            to_kind: NodeKind::Organisation
        }
    );
    let err = refused(&mut n, mandate("a", "b", &[Act::Sign], Period::ALWAYS));
    assert!(matches!(
        err,
        ChangeError::EndpointKinds {
            kind: RelationKind::Mandate,
            from_kind: NodeKind::Organisation,
            ..
        }
    ));
    let err = refused(&mut n, member("p", "t", Period::ALWAYS));
    assert!(matches!(
        err,
        ChangeError::EndpointKinds {
            to_kind: NodeKind::Territory,
            ..
        }
    ));
    let err = refused(&mut n, located("t", "pl"));
    assert!(matches!(
        err,
        ChangeError::EndpointKinds {
            kind: RelationKind::LocatedIn,
            ..
        }
    ));
    // The nearest valid relations.
    accepted(&mut n, carries_all("a", "b"));
    accepted(&mut n, mandate("p", "b", &[Act::Sign], Period::ALWAYS));
    accepted(&mut n, member("p", "a", Period::ALWAYS));
    accepted(&mut n, member("a", "b", Period::ALWAYS));
    accepted(&mut n, located("pl", "t"));
}

#[test]
fn no_relation_joins_a_node_to_itself() {
    let mut n = net([add_assoc("a"), add_assoc("b")]);
    let err = refused(&mut n, member("a", "a", Period::ALWAYS));
    assert_eq!(
        err,
        ChangeError::SelfRelation {
            kind: RelationKind::MemberOf,
            key: k("a")
        }
    );
    let err = refused(&mut n, carries_all("a", "a"));
    assert_eq!(
        err,
        ChangeError::SelfRelation {
            kind: RelationKind::Carries,
            key: k("a")
        }
    );
    accepted(&mut n, member("a", "b", Period::ALWAYS));
}

#[test]
fn relations_need_known_endpoints() {
    let mut n = net([add_assoc("a")]);
    assert_eq!(
        refused(&mut n, carries_all("a", "ghost")),
        ChangeError::UnknownKey { key: k("ghost") }
    );
    assert_eq!(
        refused(&mut n, carries_all("ghost", "a")),
        ChangeError::UnknownKey { key: k("ghost") }
    );
    accepted(&mut n, add_collective("ghost"));
    accepted(&mut n, carries_all("a", "ghost"));
}

#[test]
fn grants_must_grant_something() {
    let mut n = net([add_assoc("a"), add_collective("c"), add_person("p")]);
    let err = refused(&mut n, carries("a", "c", &[], Period::ALWAYS));
    assert_eq!(
        err,
        ChangeError::EmptyGrant {
            kind: RelationKind::Carries,
            from: k("a"),
            to: k("c")
        }
    );
    let err = refused(&mut n, mandate("p", "a", &[], Period::ALWAYS));
    assert_eq!(
        err,
        ChangeError::EmptyGrant {
            kind: RelationKind::Mandate,
            from: k("p"),
            to: k("a")
        }
    );
    accepted(&mut n, carries("a", "c", FIN, Period::ALWAYS));
    accepted(&mut n, mandate("p", "a", &[Act::Speak], Period::ALWAYS));
}

// ----- 3. periods -----

#[test]
fn periods_are_well_formed() {
    let (a, b) = (date!(2018 - 01 - 01), date!(2017 - 01 - 01));
    assert_eq!(
        Period::between(a, b),
        Err(PeriodError { since: a, until: b })
    );
    assert_eq!(
        Period::new(Some(a), Some(b)),
        Err(PeriodError { since: a, until: b })
    );
    assert!(Period::between(b, a).is_ok());
    assert!(Period::between(a, a).is_ok());
}

// ----- 4. carrying -----

#[test]
fn carrying_is_acyclic() {
    let mut n = net([
        add_assoc("a"),
        add_assoc("b"),
        add_assoc("c"),
        add_assoc("d"),
        carries_all("a", "b"),
        carries("b", "c", FIN, Period::ALWAYS),
    ]);
    let err = refused(&mut n, carries("b", "a", FIN, Period::ALWAYS));
    assert_eq!(
        err,
        ChangeError::CarryingCycle {
            from: k("b"),
            to: k("a")
        }
    );
    // Through others, and whatever the periods.
    let err = refused(
        &mut n,
        carries("c", "a", FIN, Period::until(date!(2000 - 01 - 01))),
    );
    assert_eq!(
        err,
        ChangeError::CarryingCycle {
            from: k("c"),
            to: k("a")
        }
    );
    accepted(&mut n, carries("c", "d", FIN, Period::ALWAYS));
    accepted(&mut n, carries("a", "c", FIN, Period::ALWAYS)); // a diamond is not a cycle
}

#[test]
fn only_legal_persons_carry() {
    let mut n = net([add_collective("c"), add_collective("x"), add_assoc("a")]);
    let err = refused(&mut n, carries_all("c", "x"));
    assert_eq!(
        err,
        ChangeError::CarrierNotLegalPerson {
            carrier: k("c"),
            carried: k("x")
        }
    );
    for form in [
        Form::Association,
        Form::Cooperative,
        Form::Company,
        Form::PublicBody,
    ] {
        let mut m = n.clone();
        accepted(&mut m, Change::update(k("c"), Organisation::new("C", form)));
        accepted(&mut m, carries_all("c", "x"));
    }
}

#[test]
fn a_carrier_cannot_lose_its_legal_personality() {
    let mut n = net([add_assoc("a"), add_collective("x"), carries_all("a", "x")]);
    let err = refused(
        &mut n,
        Change::update(k("a"), Organisation::new("A", Form::Collective)),
    );
    assert_eq!(
        err,
        ChangeError::CarrierNotLegalPerson {
            carrier: k("a"),
            carried: k("x")
        }
    );
    accepted(
        &mut n,
        Change::update(k("a"), Organisation::new("A renamed", Form::Cooperative)),
    );
    assert_eq!(n.organisation("a").unwrap().name, "A renamed");
}

#[test]
fn one_administrative_carrier_at_a_time() {
    let mut n = net([
        add_assoc("a"),
        add_assoc("b"),
        add_collective("x"),
        carries(
            "a",
            "x",
            ADMIN,
            between(date!(2015 - 01 - 01), date!(2016 - 12 - 31)),
        ),
    ]);
    let err = refused(
        &mut n,
        carries("b", "x", ADMIN, Period::since(date!(2016 - 12 - 31))),
    );
    assert_eq!(
        err,
        ChangeError::AdministrativeCarrierOverlap {
            carried: k("x"),
            existing: k("a"),
            new: k("b")
        }
    );
    let err = refused(
        &mut n,
        carries(
            "b",
            "x",
            &[ScopeKind::Administrative, ScopeKind::Legal],
            Period::ALWAYS,
        ),
    );
    assert!(matches!(
        err,
        ChangeError::AdministrativeCarrierOverlap { .. }
    ));
    // A hand-over the next day, or a non-administrative second carrier, is fine.
    let mut m = n.clone();
    accepted(
        &mut m,
        carries("b", "x", ADMIN, Period::since(date!(2017 - 01 - 01))),
    );
    accepted(
        &mut n,
        carries(
            "b",
            "x",
            &[ScopeKind::Financial, ScopeKind::Legal],
            Period::ALWAYS,
        ),
    );
}

// ----- 5. membership between organisations -----

#[test]
fn organisation_membership_is_acyclic() {
    let mut n = net([
        add_assoc("a"),
        add_assoc("b"),
        add_assoc("c"),
        add_person("p"),
        member("a", "b", Period::ALWAYS),
        member("b", "c", Period::ALWAYS),
    ]);
    let err = refused(&mut n, member("c", "a", Period::ALWAYS));
    assert_eq!(
        err,
        ChangeError::MembershipCycle {
            from: k("c"),
            to: k("a")
        }
    );
    accepted(&mut n, member("a", "c", Period::ALWAYS));
    accepted(&mut n, member("p", "a", Period::ALWAYS));
}

// ----- 6. duplicates -----

#[test]
fn no_duplicate_relation_with_overlapping_periods() {
    let y2017 = between(date!(2017 - 01 - 01), date!(2017 - 12 - 31));
    let mut n = net([
        add_person("p"),
        add_assoc("a"),
        add_place("pl"),
        add_territory("t"),
        located("pl", "t"),
        member("p", "a", y2017),
    ]);
    let err = refused(
        &mut n,
        member("p", "a", Period::since(date!(2017 - 12 - 31))),
    );
    assert_eq!(
        err,
        ChangeError::DuplicateRelation {
            kind: RelationKind::MemberOf,
            from: k("p"),
            to: k("a")
        }
    );
    let err = refused(&mut n, located("pl", "t"));
    assert_eq!(
        err,
        ChangeError::DuplicateRelation {
            kind: RelationKind::LocatedIn,
            from: k("pl"),
            to: k("t")
        }
    );
    accepted(
        &mut n,
        member("p", "a", Period::since(date!(2018 - 01 - 01))),
    );
    accepted(&mut n, mandate("p", "a", &[Act::Sign], y2017)); // another kind
}

// ----- 7. removal -----

#[test]
fn a_node_with_relations_is_removed_only_with_them() {
    let mut n = net([
        add_person("p"),
        add_assoc("a"),
        add_collective("x"),
        member("p", "a", Period::ALWAYS),
        carries_all("a", "x"),
    ]);
    let err = refused(&mut n, Change::remove(k("a")));
    assert_eq!(
        err,
        ChangeError::NodeInUse {
            key: k("a"),
            relations: 2
        }
    );

    let mut m = n.clone();
    accepted(&mut m, Change::remove_with_relations(k("a")));
    assert!(!m.contains("a"));
    assert_eq!(m.relation_count(), 0);
    assert!(m.contains("p") && m.contains("x"));

    // Or its relations removed first, in the same batch.
    let membership = n.relations_of("p").unwrap()[0].to_relation();
    let carrying = n.relations_of("x").unwrap()[0].to_relation();
    n.apply_all([
        Change::RemoveRelation(membership),
        Change::RemoveRelation(carrying),
        Change::remove(k("a")),
    ])
    .unwrap();
    n.check_invariants().unwrap();
    assert_eq!(n, m);
}

#[test]
fn removing_a_relation_needs_its_exact_attributes() {
    let mut n = net([
        add_person("p"),
        add_assoc("a"),
        member("p", "a", Period::ALWAYS),
    ]);
    let wrong = communs::Relation::new(
        k("p"),
        k("a"),
        communs::Membership::new(
            communs::Role::Treasurer,
            communs::Involvement::Active,
            Period::ALWAYS,
        ),
    );
    let err = refused(&mut n, Change::RemoveRelation(wrong));
    assert_eq!(
        err,
        ChangeError::RelationNotFound {
            kind: RelationKind::MemberOf,
            from: k("p"),
            to: k("a")
        }
    );
    let right = n.relations_of("a").unwrap()[0].to_relation();
    accepted(&mut n, Change::RemoveRelation(right));
    assert_eq!(n.relation_count(), 0);
}

#[test]
fn updates_keep_kind_and_need_a_known_key() {
    let mut n = net([add_person("p")]);
    let err = refused(
        &mut n,
        Change::update(k("p"), Organisation::new("P", Form::Association)),
    );
    assert_eq!(
        err,
        ChangeError::KindChange {
            key: k("p"),
            found: NodeKind::Person,
            requested: NodeKind::Organisation
        }
    );
    assert_eq!(
        refused(&mut n, Change::update(k("q"), Person::new("Q"))),
        ChangeError::UnknownKey { key: k("q") }
    );
    assert_eq!(
        refused(&mut n, Change::remove(k("q"))),
        ChangeError::UnknownKey { key: k("q") }
    );
    accepted(&mut n, Change::update(k("p"), Person::new("P renamed")));
    assert_eq!(n.person("p").unwrap().name, "P renamed");
}

// ----- 9. atomic batches -----

#[test]
fn a_refused_batch_leaves_nothing_behind() {
    let mut n = net([
        add_person("p"),
        add_assoc("a"),
        add_collective("x"),
        member("p", "a", Period::ALWAYS),
    ]);
    let before = json(&n);
    let copy = n.clone();
    let err = n
        .apply_all([
            add_assoc("b"),
            carries_all("b", "x"),
            Change::update(k("p"), Person::new("renamed")),
            Change::remove_with_relations(k("a")),
            add_person("q"),
            carries_all("a", "x"), // `a` was removed above
        ])
        .unwrap_err();
    assert_eq!(
        err,
        BatchError {
            index: 5,
            error: ChangeError::UnknownKey { key: k("a") }
        }
    );
    assert_eq!(n, copy);
    assert_eq!(json(&n), before);
    assert_eq!(n.retired_keys().count(), 0);
    n.check_invariants().unwrap();
    // The same batch without its last change applies whole.
    n.apply_all([
        add_assoc("b"),
        carries_all("b", "x"),
        Change::update(k("p"), Person::new("renamed")),
        Change::remove_with_relations(k("a")),
        add_person("q"),
    ])
    .unwrap();
    n.check_invariants().unwrap();
    assert_eq!(n.len(), 4);
}

#[test]
fn a_batch_cannot_remove_and_reuse_a_key() {
    let mut n = net([add_assoc("a"), add_collective("x"), carries_all("a", "x")]);
    let copy = n.clone();
    let err = n
        .apply_all([Change::remove_with_relations(k("a")), add_assoc("a")])
        .unwrap_err();
    assert_eq!(
        err,
        BatchError {
            index: 1,
            error: ChangeError::RetiredKey { key: k("a") }
        }
    );
    assert_eq!(n, copy);
    assert_eq!(n.carriers("x", DAY).unwrap().len(), 1);
}

#[test]
fn batch_sees_its_own_earlier_changes() {
    let mut n = Network::new();
    n.apply_all([
        add_assoc("a"),
        add_collective("x"),
        carries_all("a", "x"),
        Change::unrelate(
            k("a"),
            k("x"),
            Link::Carries(carrying(
                &[
                    ScopeKind::Administrative,
                    ScopeKind::Financial,
                    ScopeKind::Legal,
                ],
                Period::ALWAYS,
            )),
        ),
    ])
    .unwrap();
    assert_eq!(n.relation_count(), 0);
    n.check_invariants().unwrap();
}

// ----- cost and depth -----

#[test]
fn a_chain_100_000_deep_does_not_overflow_the_stack() {
    const DEPTH: usize = 100_000;
    let keys: Vec<String> = (0..DEPTH).map(|i| format!("o{i}")).collect();
    // Every organisation but the top is an association in formation, carried
    // by the next one; the top is established.
    let mut changes: Vec<Change> = keys[..DEPTH - 1]
        .iter()
        .map(|key| {
            let org = Organisation::new(key.as_str(), Form::Association)
                .in_formation(communs::Blueprint::default());
            Change::add(k(key), org)
        })
        .collect();
    changes.push(add_assoc(&keys[DEPTH - 1]));
    let mut n = Network::new();
    n.apply_all(changes).unwrap();
    let relations: Vec<Change> = (0..DEPTH - 1)
        .map(|i| carries_all(&keys[i + 1], &keys[i]))
        .collect();
    n.apply_all(relations).unwrap();
    // Closing the loop is refused after walking the whole chain, and
    // leaves the network as it was.
    assert_eq!(
        refused(&mut n, carries_all("o0", &keys[DEPTH - 1])),
        ChangeError::CarryingCycle {
            from: k("o0"),
            to: k(&keys[DEPTH - 1])
        }
    );
    assert_eq!(n.carrier_chain("o0", DAY).unwrap().len(), DEPTH - 1);
    let voice = n.voice("o0", DAY).unwrap();
    assert_eq!(voice.path().len(), DEPTH);
    assert_eq!(voice.speaker().unwrap().as_str(), keys[DEPTH - 1]);
    assert!(n.check_invariants().is_ok());
}
