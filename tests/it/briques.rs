//! Briques (issue 3): the new hard invariants, each refused with its variant
//! and keys and its nearest valid case accepted; lifecycles; the new rules
//! firing and silent; readiness; documents with briques, round trips and
//! hostile ones.

use communs::{
    BatchError, Blueprint, Brique, BriqueKind, BriqueStatus, Change, ChangeError, Currency,
    Document, DocumentError, Form, KindState, Level, Lifecycle, LifecycleError, Link, Money,
    Network, NodeKind, Organisation, Per, Period, QueryError, Recurrence, RelationKind,
    Retribution, Rule, Running, Schedule, ScopeKind, Status, Tag,
};
use time::macros::{date, datetime, time};
use time::{Date, OffsetDateTime};

use crate::common::*;

use BriqueStatus::{Active, Ended, Paused, Planned, Proposed};

// ----- builders -----

fn life(start: BriqueStatus, steps: &[(Date, BriqueStatus)]) -> Lifecycle<BriqueStatus> {
    steps
        .iter()
        .fold(Lifecycle::new(start), |l, (d, s)| l.then(*d, *s).unwrap())
}

fn brique(kind: BriqueKind, lifecycle: Lifecycle<BriqueStatus>) -> Brique {
    Brique::new(format!("{kind}"), kind, lifecycle)
}

fn add_brique(key: &str, kind: BriqueKind, lifecycle: Lifecycle<BriqueStatus>) -> Change {
    Change::add(k(key), brique(kind, lifecycle))
}

/// A brique of `kind` in `status` since before the record.
fn add_b(key: &str, kind: BriqueKind, status: BriqueStatus) -> Change {
    add_brique(key, kind, Lifecycle::new(status))
}

fn add_paying(key: &str, lifecycle: Lifecycle<BriqueStatus>, r: Retribution) -> Change {
    Change::add(
        k(key),
        brique(BriqueKind::Permanence, lifecycle).with_retribution(r),
    )
}

fn runs(org: &str, b: &str, period: Period) -> Change {
    Change::relate(k(org), k(b), Running::new(period))
}

fn builds(b: &str, org: &str) -> Change {
    Change::relate(k(b), k(org), Link::Builds)
}

fn hosted(b: &str, place: &str) -> Change {
    Change::relate(k(b), k(place), Link::HostedAt)
}

fn eur(cents: i64) -> Money {
    Money::new(cents, Currency::EUR)
}

fn defined(cents: i64) -> Retribution {
    Retribution::Defined {
        amount: eur(cents),
        per: Per::Session,
        payer: "Fabrique à entreprendre".into(),
    }
}

fn tag(s: &str) -> Tag {
    Tag::new(s).unwrap()
}

/// Noon in Paris on `d`.
fn noon(d: Date) -> OffsetDateTime {
    d.with_time(time!(12:00))
        .assume_offset(time::macros::offset!(+1))
}

fn institution(key: &str, blueprint: Blueprint) -> Change {
    Change::add(
        k(key),
        Organisation::new(key.to_uppercase(), Form::Collective).in_formation(blueprint),
    )
}

const AS_OF: OffsetDateTime = datetime!(2017-12-01 12:00 +01:00);

/// The keys of every finding of `rule`, sorted.
fn fired(n: &Network, as_of: OffsetDateTime, rule: Rule) -> Vec<Vec<String>> {
    let mut v: Vec<Vec<String>> = n
        .validate(as_of)
        .of_rule(rule)
        .map(|f| f.keys().iter().map(|k| k.as_str().to_owned()).collect())
        .collect();
    v.sort();
    v
}

fn silent(n: &Network, as_of: OffsetDateTime, rule: Rule) -> bool {
    n.validate(as_of).of_rule(rule).next().is_none()
}

// ----- hard invariants: endpoint kinds -----

#[test]
fn runs_goes_from_an_organisation_to_a_brique() {
    let mut n = net([
        add_person("p"),
        add_assoc("a"),
        add_collective("c"),
        add_place("pl"),
        add_b("b", BriqueKind::Coworking, Active),
        add_b("b2", BriqueKind::Workshop, Active),
    ]);
    assert_eq!(
        refused(&mut n, runs("p", "b", Period::ALWAYS)),
        ChangeError::EndpointKinds {
            kind: RelationKind::Runs,
            from: k("p"),
            from_kind: NodeKind::Person,
            to: k("b"),
            to_kind: NodeKind::Brique
        }
    );
    assert_eq!(
        refused(&mut n, runs("b", "a", Period::ALWAYS)),
        ChangeError::EndpointKinds {
            kind: RelationKind::Runs,
            from: k("b"),
            from_kind: NodeKind::Brique,
            to: k("a"),
            to_kind: NodeKind::Organisation
        }
    );
    assert_eq!(
        refused(&mut n, runs("a", "pl", Period::ALWAYS)),
        ChangeError::EndpointKinds {
            kind: RelationKind::Runs,
            from: k("a"),
            from_kind: NodeKind::Organisation,
            to: k("pl"),
            to_kind: NodeKind::Place
        }
    );
    assert_eq!(
        refused(&mut n, runs("b", "b2", Period::ALWAYS)),
        ChangeError::EndpointKinds {
            kind: RelationKind::Runs,
            from: k("b"),
            from_kind: NodeKind::Brique,
            to: k("b2"),
            to_kind: NodeKind::Brique
        }
    );
    assert_eq!(
        refused(&mut n, runs("b", "b", Period::ALWAYS)),
        ChangeError::SelfRelation {
            kind: RelationKind::Runs,
            key: k("b")
        }
    );
    assert_eq!(
        refused(&mut n, runs("a", "ghost", Period::ALWAYS)),
        ChangeError::UnknownKey { key: k("ghost") }
    );
    // The nearest valid relations: any organisation, collective or not.
    accepted(&mut n, runs("a", "b", Period::ALWAYS));
    accepted(&mut n, runs("c", "b", Period::since(date!(2018 - 01 - 09))));
    accepted(&mut n, runs("a", "b2", Period::ALWAYS));
    assert_eq!(n.relation_count(), 3);
}

#[test]
fn builds_goes_from_a_brique_to_an_organisation() {
    let mut n = net([
        add_person("p"),
        add_assoc("a"),
        add_in_formation("chambre"),
        add_place("pl"),
        add_b("b", BriqueKind::Coworking, Active),
        add_b("b2", BriqueKind::Workshop, Active),
    ]);
    assert_eq!(
        refused(&mut n, builds("chambre", "b")),
        ChangeError::EndpointKinds {
            kind: RelationKind::Builds,
            from: k("chambre"),
            from_kind: NodeKind::Organisation,
            to: k("b"),
            to_kind: NodeKind::Brique
        }
    );
    assert_eq!(
        refused(&mut n, builds("b", "pl")),
        ChangeError::EndpointKinds {
            kind: RelationKind::Builds,
            from: k("b"),
            from_kind: NodeKind::Brique,
            to: k("pl"),
            to_kind: NodeKind::Place
        }
    );
    assert_eq!(
        refused(&mut n, builds("b", "p")),
        ChangeError::EndpointKinds {
            kind: RelationKind::Builds,
            from: k("b"),
            from_kind: NodeKind::Brique,
            to: k("p"),
            to_kind: NodeKind::Person
        }
    );
    assert_eq!(
        refused(&mut n, builds("b", "b2")),
        ChangeError::EndpointKinds {
            kind: RelationKind::Builds,
            from: k("b"),
            from_kind: NodeKind::Brique,
            to: k("b2"),
            to_kind: NodeKind::Brique
        }
    );
    assert_eq!(
        refused(&mut n, builds("b", "b")),
        ChangeError::SelfRelation {
            kind: RelationKind::Builds,
            key: k("b")
        }
    );
    // An institution in formation or an established organisation.
    accepted(&mut n, builds("b", "chambre"));
    accepted(&mut n, builds("b", "a"));
    accepted(&mut n, builds("b2", "chambre"));
}

#[test]
fn hosted_at_goes_from_a_brique_to_a_place() {
    let mut n = net([
        add_assoc("a"),
        add_place("mess"),
        add_place("other"),
        add_territory("moulins"),
        add_b("b", BriqueKind::Permanence, Planned),
    ]);
    assert_eq!(
        refused(&mut n, hosted("b", "moulins")),
        ChangeError::EndpointKinds {
            kind: RelationKind::HostedAt,
            from: k("b"),
            from_kind: NodeKind::Brique,
            to: k("moulins"),
            to_kind: NodeKind::Territory
        }
    );
    assert_eq!(
        refused(&mut n, hosted("mess", "b")),
        ChangeError::EndpointKinds {
            kind: RelationKind::HostedAt,
            from: k("mess"),
            from_kind: NodeKind::Place,
            to: k("b"),
            to_kind: NodeKind::Brique
        }
    );
    assert_eq!(
        refused(&mut n, hosted("b", "a")),
        ChangeError::EndpointKinds {
            kind: RelationKind::HostedAt,
            from: k("b"),
            from_kind: NodeKind::Brique,
            to: k("a"),
            to_kind: NodeKind::Organisation
        }
    );
    // Places, not briques, are located in territories.
    assert!(matches!(
        refused(&mut n, located("b", "moulins")),
        ChangeError::EndpointKinds {
            kind: RelationKind::LocatedIn,
            from_kind: NodeKind::Brique,
            ..
        }
    ));
    accepted(&mut n, hosted("b", "mess"));
    accepted(&mut n, hosted("b", "other"));
    accepted(&mut n, located("mess", "moulins"));
}

// ----- hard invariants: duplicates -----

#[test]
fn runs_with_overlapping_periods_are_duplicates() {
    let first_half = between(date!(2017 - 01 - 01), date!(2017 - 06 - 30));
    let mut n = net([
        add_assoc("a"),
        add_assoc("a2"),
        add_b("b", BriqueKind::Coworking, Active),
        runs("a", "b", first_half),
    ]);
    let duplicate = ChangeError::DuplicateRelation {
        kind: RelationKind::Runs,
        from: k("a"),
        to: k("b"),
    };
    // Periods are inclusive: sharing 30 June is overlapping.
    assert_eq!(
        refused(&mut n, runs("a", "b", Period::since(date!(2017 - 06 - 30)))),
        duplicate
    );
    assert_eq!(refused(&mut n, runs("a", "b", Period::ALWAYS)), duplicate);
    assert_eq!(refused(&mut n, runs("a", "b", first_half)), duplicate);
    assert_eq!(
        refused(
            &mut n,
            runs(
                "a",
                "b",
                between(date!(2017 - 03 - 01), date!(2017 - 03 - 01))
            )
        ),
        duplicate
    );
    // The day after, and another runner during the same period.
    accepted(&mut n, runs("a", "b", Period::since(date!(2017 - 07 - 01))));
    accepted(&mut n, runs("a2", "b", first_half));
    assert_eq!(
        n.runners("b", date!(2017 - 06 - 30))
            .unwrap()
            .iter()
            .map(|r| r.from.as_str())
            .collect::<Vec<_>>(),
        ["a", "a2"]
    );
    assert_eq!(
        n.runners("b", date!(2017 - 07 - 01))
            .unwrap()
            .iter()
            .map(|r| r.from.as_str())
            .collect::<Vec<_>>(),
        ["a"]
    );
}

#[test]
fn builds_and_hosted_at_hold_once() {
    let mut n = net([
        add_in_formation("chambre"),
        add_place("mess"),
        add_b("b", BriqueKind::Permanence, Planned),
        builds("b", "chambre"),
        hosted("b", "mess"),
    ]);
    assert_eq!(
        refused(&mut n, builds("b", "chambre")),
        ChangeError::DuplicateRelation {
            kind: RelationKind::Builds,
            from: k("b"),
            to: k("chambre")
        }
    );
    assert_eq!(
        refused(&mut n, hosted("b", "mess")),
        ChangeError::DuplicateRelation {
            kind: RelationKind::HostedAt,
            from: k("b"),
            to: k("mess")
        }
    );
    // Removing one then adding it back.
    accepted(&mut n, Change::unrelate(k("b"), k("mess"), Link::HostedAt));
    accepted(&mut n, hosted("b", "mess"));
    assert_eq!(
        refused(
            &mut n,
            Change::unrelate(k("b"), k("chambre"), Link::HostedAt)
        ),
        ChangeError::RelationNotFound {
            kind: RelationKind::HostedAt,
            from: k("b"),
            to: k("chambre")
        }
    );
}

// ----- hard invariants: updates of a brique's lifecycle -----

#[test]
fn an_update_cannot_move_a_lifecycle_back_or_rewrite_it() {
    let d = date!(2018 - 01 - 09);
    let mut n = net([
        add_assoc("a"),
        add_brique(
            "perm",
            BriqueKind::Permanence,
            life(Planned, &[(d, Active)]),
        ),
        runs("a", "perm", Period::ALWAYS),
    ]);
    let update = |lifecycle| Change::update(k("perm"), brique(BriqueKind::Permanence, lifecycle));
    // Back to planned, by dropping the dated step.
    assert_eq!(
        refused(&mut n, update(Lifecycle::new(Planned))),
        ChangeError::LifecycleBackwards {
            key: k("perm"),
            from: "active",
            to: "planned"
        }
    );
    // Back to proposed.
    assert_eq!(
        refused(&mut n, update(Lifecycle::new(Proposed))),
        ChangeError::LifecycleBackwards {
            key: k("perm"),
            from: "active",
            to: "proposed"
        }
    );
    // Same current status, but the step re-dated: history rewritten.
    assert_eq!(
        refused(
            &mut n,
            update(life(Planned, &[(date!(2018 - 01 - 10), Active)]))
        ),
        ChangeError::LifecycleBackwards {
            key: k("perm"),
            from: "active",
            to: "active"
        }
    );
    // Same steps, another start.
    assert_eq!(
        refused(&mut n, update(life(Proposed, &[(d, Active)]))),
        ChangeError::LifecycleBackwards {
            key: k("perm"),
            from: "active",
            to: "active"
        }
    );
    // A step inserted before the recorded one, even if the result moves on.
    assert_eq!(
        refused(
            &mut n,
            update(life(
                Planned,
                &[
                    (date!(2018 - 01 - 02), Active),
                    (date!(2018 - 02 - 01), Paused)
                ]
            ))
        ),
        ChangeError::LifecycleBackwards {
            key: k("perm"),
            from: "active",
            to: "paused"
        }
    );
    // The nearest valid updates: append forward steps, one at a time or
    // several at once; keep the lifecycle and change the rest.
    let paused = life(Planned, &[(d, Active), (date!(2018 - 03 - 01), Paused)]);
    accepted(&mut n, update(paused.clone()));
    let resumed = paused.then(date!(2018 - 04 - 01), Active).unwrap();
    accepted(
        &mut n,
        Change::update(
            k("perm"),
            Brique::new(
                "Permanence à la MESS",
                BriqueKind::Permanence,
                resumed.clone(),
            )
            .with_retribution(Retribution::ToBeDefined),
        ),
    );
    let ended = resumed
        .clone()
        .then(date!(2018 - 05 - 01), Paused)
        .unwrap()
        .then(date!(2018 - 06 - 30), Ended)
        .unwrap();
    accepted(&mut n, update(ended.clone()));
    assert_eq!(n.brique("perm").unwrap().lifecycle, ended);
    assert_eq!(n.relation_count(), 1, "relations survive updates");
    // Once ended, nothing re-opens it.
    assert_eq!(
        refused(&mut n, update(resumed)),
        ChangeError::LifecycleBackwards {
            key: k("perm"),
            from: "ended",
            to: "active"
        }
    );
    // A brique stays a brique.
    assert_eq!(
        refused(
            &mut n,
            Change::update(k("perm"), Organisation::new("P", Form::Collective))
        ),
        ChangeError::KindChange {
            key: k("perm"),
            found: NodeKind::Brique,
            requested: NodeKind::Organisation
        }
    );
}

#[test]
fn a_refused_lifecycle_update_rolls_back_its_whole_batch() {
    let mut n = net([add_assoc("a"), add_in_formation("chambre")]);
    let before = json(&n);
    let result = n.apply_all([
        add_b("b", BriqueKind::Coworking, Active),
        runs("a", "b", Period::ALWAYS),
        builds("b", "chambre"),
        Change::update(
            k("b"),
            brique(BriqueKind::Coworking, Lifecycle::new(Planned)),
        ),
    ]);
    assert_eq!(
        result,
        Err(BatchError {
            index: 3,
            error: ChangeError::LifecycleBackwards {
                key: k("b"),
                from: "active",
                to: "planned"
            }
        })
    );
    assert_eq!(json(&n), before);
    assert!(!n.contains("b"));
}

// ----- hard invariants: amounts -----

#[test]
fn a_defined_retribution_cannot_be_negative() {
    let mut n = Network::new();
    let lifecycle = || Lifecycle::new(Planned);
    assert_eq!(
        refused(&mut n, add_paying("perm", lifecycle(), defined(-1))),
        ChangeError::NegativeAmount {
            key: k("perm"),
            amount: eur(-1)
        }
    );
    assert_eq!(
        refused(&mut n, add_paying("perm", lifecycle(), defined(i64::MIN))),
        ChangeError::NegativeAmount {
            key: k("perm"),
            amount: eur(i64::MIN)
        }
    );
    // Zero and positive amounts, per hour or per session.
    accepted(&mut n, add_paying("perm", lifecycle(), defined(0)));
    accepted(
        &mut n,
        add_paying(
            "atelier",
            lifecycle(),
            Retribution::Defined {
                amount: Money::new(1_500, Currency::new("CHF").unwrap()),
                per: Per::Hour,
                payer: "the runner".into(),
            },
        ),
    );
    // Updates are checked too.
    assert_eq!(
        refused(
            &mut n,
            Change::update(
                k("perm"),
                brique(BriqueKind::Permanence, lifecycle()).with_retribution(defined(-5_000))
            )
        ),
        ChangeError::NegativeAmount {
            key: k("perm"),
            amount: eur(-5_000)
        }
    );
    accepted(
        &mut n,
        Change::update(
            k("perm"),
            brique(BriqueKind::Permanence, lifecycle()).with_retribution(defined(5_000)),
        ),
    );
    // Empty names are refused for briques as for every node.
    assert_eq!(
        refused(
            &mut n,
            Change::add(
                k("blank"),
                Brique::new(" ", BriqueKind::Meeting, lifecycle())
            )
        ),
        ChangeError::EmptyName { key: k("blank") }
    );
}

// ----- hard invariants: removal -----

#[test]
fn a_brique_with_relations_is_removed_only_with_them() {
    let mut n = net([
        add_assoc("anis"),
        add_in_formation("chambre"),
        add_place("mess"),
        add_territory("moulins"),
        add_b("perm", BriqueKind::Permanence, Planned),
        runs("anis", "perm", Period::since(date!(2018 - 01 - 09))),
        builds("perm", "chambre"),
        hosted("perm", "mess"),
        located("mess", "moulins"),
    ]);
    assert_eq!(
        refused(&mut n, Change::remove(k("perm"))),
        ChangeError::NodeInUse {
            key: k("perm"),
            relations: 3
        }
    );
    assert_eq!(
        refused(&mut n, Change::remove(k("mess"))),
        ChangeError::NodeInUse {
            key: k("mess"),
            relations: 2
        }
    );
    accepted(&mut n, Change::remove_with_relations(k("perm")));
    assert!(!n.contains("perm"));
    assert_eq!(n.relation_count(), 1);
    assert!(n.retired_keys().any(|r| r == "perm"));
    assert!(n.contains("anis") && n.contains("chambre") && n.contains("mess"));
    assert_eq!(
        refused(&mut n, add_b("perm", BriqueKind::Permanence, Planned)),
        ChangeError::RetiredKey { key: k("perm") }
    );
    // A brique without relations goes on its own.
    accepted(&mut n, add_b("lone", BriqueKind::Meeting, Proposed));
    accepted(&mut n, Change::remove(k("lone")));
}

// ----- lifecycles -----

#[test]
fn the_transitions_are_those_of_the_spec() {
    // proposed → planned → active ⇄ paused → ended, skipping forward allowed.
    let allowed: &[(BriqueStatus, BriqueStatus)] = &[
        (Proposed, Planned),
        (Proposed, Active),
        (Proposed, Ended),
        (Planned, Active),
        (Planned, Ended),
        (Active, Paused),
        (Active, Ended),
        (Paused, Active),
        (Paused, Ended),
    ];
    let all = [Proposed, Planned, Active, Paused, Ended];
    for from in all {
        for to in all {
            assert_eq!(
                from.may_become(to),
                allowed.contains(&(from, to)),
                "{from} → {to}"
            );
        }
    }
    assert!(Ended.is_final());
    assert!(all.iter().filter(|s| s.is_final()).eq([&Ended]));
    assert_eq!(
        all.map(|s| s.is_under_way()),
        [false, true, true, true, false]
    );
    assert_eq!(
        all.map(|s| s.to_string()),
        ["proposed", "planned", "active", "paused", "ended"]
    );
}

#[test]
fn forward_skips_are_allowed() {
    let d = date!(2018 - 01 - 09);
    let started = Lifecycle::new(Proposed).then(d, Active).unwrap();
    assert_eq!(started.current(), Active);
    let dropped = Lifecycle::new(Planned).then(d, Ended).unwrap();
    assert_eq!(dropped.current(), Ended);
    assert_eq!(
        Lifecycle::new(Proposed).then(d, Ended).unwrap().current(),
        Ended
    );
    // The whole way, pausing and resuming twice.
    let whole = life(
        Proposed,
        &[
            (date!(2017 - 11 - 29), Planned),
            (date!(2018 - 01 - 09), Active),
            (date!(2018 - 03 - 01), Paused),
            (date!(2018 - 04 - 01), Active),
            (date!(2018 - 05 - 01), Paused),
            (date!(2018 - 05 - 02), Active),
            (date!(2018 - 06 - 30), Ended),
        ],
    );
    assert_eq!(whole.changes().len(), 7);
    assert_eq!(whole.start(), Proposed);
    assert_eq!(whole.current(), Ended);
    // A first change may be dated anywhere.
    assert!(Lifecycle::new(Planned).then(Date::MIN, Active).is_ok());
    assert!(Lifecycle::new(Planned).then(Date::MAX, Active).is_ok());
}

#[test]
fn going_back_is_refused_with_both_names() {
    let d = date!(2018 - 01 - 09);
    let back = |from: BriqueStatus, to: BriqueStatus| Lifecycle::new(from).then(d, to);
    assert_eq!(
        back(Active, Planned),
        Err(LifecycleError::Backwards {
            from: "active",
            to: "planned"
        })
    );
    assert_eq!(
        back(Planned, Proposed),
        Err(LifecycleError::Backwards {
            from: "planned",
            to: "proposed"
        })
    );
    assert_eq!(
        back(Paused, Planned),
        Err(LifecycleError::Backwards {
            from: "paused",
            to: "planned"
        })
    );
    assert_eq!(
        back(Ended, Active),
        Err(LifecycleError::Backwards {
            from: "ended",
            to: "active"
        })
    );
    assert_eq!(
        back(Ended, Paused),
        Err(LifecycleError::Backwards {
            from: "ended",
            to: "paused"
        })
    );
    // Staying is not a move.
    assert_eq!(
        back(Active, Active),
        Err(LifecycleError::Backwards {
            from: "active",
            to: "active"
        })
    );
    assert_eq!(
        back(Ended, Ended),
        Err(LifecycleError::Backwards {
            from: "ended",
            to: "ended"
        })
    );
    // The current status is the last step's, not the start's.
    let running = life(Proposed, &[(d, Active)]);
    let err = running.then(date!(2018 - 02 - 01), Planned).unwrap_err();
    assert_eq!(
        err,
        LifecycleError::Backwards {
            from: "active",
            to: "planned"
        }
    );
    assert_eq!(err.to_string(), "status `planned` cannot follow `active`");
}

#[test]
fn steps_must_come_later_than_the_previous_one() {
    let d = date!(2018 - 01 - 09);
    let running = life(Planned, &[(d, Active)]);
    assert_eq!(
        running.clone().then(d, Paused),
        Err(LifecycleError::OutOfOrder {
            date: d,
            previous: d
        })
    );
    let err = running
        .clone()
        .then(date!(2018 - 01 - 08), Paused)
        .unwrap_err();
    assert_eq!(
        err,
        LifecycleError::OutOfOrder {
            date: date!(2018 - 01 - 08),
            previous: d
        }
    );
    assert_eq!(
        err.to_string(),
        "a status change on 2018-01-08 does not come after the previous one (2018-01-09)"
    );
    // Both wrong at once: refused either way.
    assert!(
        running
            .clone()
            .then(date!(2017 - 01 - 01), Planned)
            .is_err()
    );
    // The next day is fine.
    assert!(running.then(date!(2018 - 01 - 10), Paused).is_ok());
    assert_eq!(
        LifecycleError::Empty.to_string(),
        "a lifecycle needs at least one status"
    );
}

#[test]
fn the_status_at_a_date_is_the_last_step_on_or_before_it() {
    let l = life(
        Planned,
        &[
            (date!(2018 - 01 - 09), Active),
            (date!(2018 - 03 - 01), Paused),
            (date!(2018 - 04 - 02), Active),
            (date!(2018 - 06 - 30), Ended),
        ],
    );
    let b = brique(BriqueKind::Permanence, l.clone());
    for (d, expected) in [
        (Date::MIN, Planned),
        (date!(2017 - 12 - 01), Planned),
        (date!(2018 - 01 - 08), Planned),
        (date!(2018 - 01 - 09), Active),
        (date!(2018 - 01 - 10), Active),
        (date!(2018 - 02 - 28), Active),
        (date!(2018 - 03 - 01), Paused),
        (date!(2018 - 03 - 02), Paused),
        (date!(2018 - 04 - 01), Paused),
        (date!(2018 - 04 - 02), Active),
        (date!(2018 - 04 - 03), Active),
        (date!(2018 - 06 - 29), Active),
        (date!(2018 - 06 - 30), Ended),
        (date!(2018 - 07 - 01), Ended),
        (Date::MAX, Ended),
    ] {
        assert_eq!(l.at(d), expected, "on {d}");
        assert_eq!(b.status_at(d), expected, "on {d}");
    }
    assert_eq!(l.start(), Planned);
    assert_eq!(l.current(), Ended);
    // Undated: the same status on every date.
    let undated = Lifecycle::new(Paused);
    assert_eq!(undated.at(Date::MIN), Paused);
    assert_eq!(undated.at(Date::MAX), Paused);
    assert!(undated.changes().is_empty());
}

#[test]
fn an_update_may_only_extend_a_lifecycle() {
    let d = date!(2018 - 01 - 09);
    let old = life(Planned, &[(d, Active)]);
    let longer = old.clone().then(date!(2018 - 02 - 01), Paused).unwrap();
    assert!(old.may_become(&old));
    assert!(old.may_become(&longer));
    assert!(!longer.may_become(&old));
    assert!(!old.may_become(&Lifecycle::new(Planned)));
    assert!(!old.may_become(&life(Planned, &[(date!(2018 - 01 - 10), Active)])));
    assert!(!old.may_become(&life(Proposed, &[(d, Active)])));
    assert!(Lifecycle::new(Proposed).may_become(&life(Proposed, &[(d, Ended)])));
}

// ----- rules: blueprint-gap -----

fn chambre_blueprint() -> Blueprint {
    Blueprint::new([
        BriqueKind::Coworking,
        BriqueKind::Workshop,
        BriqueKind::Permanence,
    ])
}

#[test]
fn blueprint_gap_names_missing_and_pending_kinds() {
    let n = net([
        add_assoc("anis"),
        institution("chambre", chambre_blueprint()),
        add_b("cowork", BriqueKind::Coworking, Active),
        add_b("perm", BriqueKind::Permanence, Planned),
        add_b("perm-2", BriqueKind::Permanence, Proposed),
        // A workshop that builds someone else does not count.
        add_b("atelier", BriqueKind::Workshop, Active),
        builds("cowork", "chambre"),
        builds("perm-2", "chambre"),
        builds("perm", "chambre"),
        builds("atelier", "anis"),
    ]);
    let report = n.validate(AS_OF);
    // Missing: the institution alone.
    assert!(report.has(Rule::BlueprintGap, &["chambre"]), "{report}");
    // Pending: the institution, then its briques of that kind in key order.
    assert!(
        report.has(Rule::BlueprintGap, &["chambre", "perm", "perm-2"]),
        "{report}"
    );
    assert_eq!(report.of_rule(Rule::BlueprintGap).count(), 2, "{report}");
    let missing = report
        .of_rule(Rule::BlueprintGap)
        .find(|f| f.keys().len() == 1)
        .unwrap();
    assert!(
        missing.message().contains("workshop"),
        "{}",
        missing.message()
    );
    assert_eq!(missing.level, Level::Note);
    let pending = report
        .of_rule(Rule::BlueprintGap)
        .find(|f| f.keys().len() == 3)
        .unwrap();
    assert!(
        pending.message().contains("permanence"),
        "{}",
        pending.message()
    );
    assert!(
        pending.message().contains("`perm` is planned"),
        "{}",
        pending.message()
    );
}

#[test]
fn blueprint_gap_counts_an_ended_brique_as_missing() {
    let n = net([
        institution("chambre", Blueprint::new([BriqueKind::Coworking])),
        add_brique(
            "cowork",
            BriqueKind::Coworking,
            life(Active, &[(date!(2018 - 06 - 30), Ended)]),
        ),
        builds("cowork", "chambre"),
    ]);
    assert!(silent(&n, noon(date!(2018 - 06 - 29)), Rule::BlueprintGap));
    assert_eq!(
        fired(&n, noon(date!(2018 - 06 - 30)), Rule::BlueprintGap),
        [["chambre", "cowork"]]
    );
    let f = n.validate(noon(date!(2018 - 07 - 01)));
    let f = f.of_rule(Rule::BlueprintGap).next().unwrap();
    assert!(
        f.message().contains("lacks a `coworking` brique"),
        "{}",
        f.message()
    );
}

#[test]
fn blueprint_gap_for_a_required_governance_body() {
    let mut n = net([
        institution(
            "chambre",
            Blueprint::new([BriqueKind::Coworking]).with_governance_body(),
        ),
        add_b("cowork", BriqueKind::Coworking, Active),
        builds("cowork", "chambre"),
    ]);
    let report = n.validate(AS_OF);
    assert_eq!(fired(&n, AS_OF, Rule::BlueprintGap), [["chambre"]]);
    let f = report.of_rule(Rule::BlueprintGap).next().unwrap();
    assert!(f.message().contains("governance-body"), "{}", f.message());
    // A governance body under way is pending; once active, the gap closes.
    accepted(
        &mut n,
        add_brique(
            "conseil",
            BriqueKind::GovernanceBody,
            life(Planned, &[(date!(2018 - 01 - 15), Active)]),
        ),
    );
    accepted(&mut n, builds("conseil", "chambre"));
    assert_eq!(
        fired(&n, AS_OF, Rule::BlueprintGap),
        [["chambre", "conseil"]]
    );
    assert!(silent(&n, noon(date!(2018 - 01 - 15)), Rule::BlueprintGap));
}

#[test]
fn blueprint_gap_is_silent_when_every_kind_is_active() {
    let n = net([
        add_assoc("anis"),
        institution(
            "chambre",
            Blueprint::new([BriqueKind::Coworking, BriqueKind::Other(tag("garden"))])
                .with_governance_body(),
        ),
        add_b("cowork", BriqueKind::Coworking, Active),
        // One active brique is enough, whatever the others do.
        add_b("cowork-old", BriqueKind::Coworking, Ended),
        add_b("jardin", BriqueKind::Other(tag("garden")), Active),
        add_b("conseil", BriqueKind::GovernanceBody, Active),
        builds("cowork", "chambre"),
        builds("cowork-old", "chambre"),
        builds("jardin", "chambre"),
        builds("conseil", "chambre"),
        carries_all("anis", "chambre"),
    ]);
    let report = n.validate(AS_OF);
    assert_eq!(report.of_rule(Rule::BlueprintGap).count(), 0, "{report}");
    // The governance is still not posed: that is another rule.
    assert!(report.has(Rule::GovernanceNotPosed, &["chambre", "anis"]));
}

#[test]
fn blueprint_gap_is_silent_for_an_established_organisation() {
    let mut n = net([
        institution("chambre", chambre_blueprint()),
        add_b("cowork", BriqueKind::Coworking, Proposed),
        builds("cowork", "chambre"),
    ]);
    assert_eq!(n.validate(AS_OF).of_rule(Rule::BlueprintGap).count(), 3);
    accepted(
        &mut n,
        Change::update(k("chambre"), Organisation::new("Chambre", Form::Collective)),
    );
    assert!(silent(&n, AS_OF, Rule::BlueprintGap));
    assert!(silent(&n, AS_OF, Rule::GovernanceNotPosed));
}

#[test]
fn blueprint_gap_other_kinds_match_by_their_tag() {
    let n = net([
        institution(
            "chambre",
            Blueprint::new([BriqueKind::Other(tag("garden"))]),
        ),
        add_b("potager", BriqueKind::Other(tag("vegetables")), Active),
        builds("potager", "chambre"),
    ]);
    assert_eq!(fired(&n, AS_OF, Rule::BlueprintGap), [["chambre"]]);
    let report = n.validate(AS_OF);
    let f = report.of_rule(Rule::BlueprintGap).next().unwrap();
    assert!(f.message().contains("other:garden"), "{}", f.message());
}

// ----- rules: retribution-undefined -----

/// Proposed, planned from 1 January 2018, active from 1 February, paused
/// from 1 March, ended from 1 April.
fn whole_life() -> Lifecycle<BriqueStatus> {
    life(
        Proposed,
        &[
            (date!(2018 - 01 - 01), Planned),
            (date!(2018 - 02 - 01), Active),
            (date!(2018 - 03 - 01), Paused),
            (date!(2018 - 04 - 01), Ended),
        ],
    )
}

const PROPOSED_DAY: Date = date!(2017 - 12 - 01);
const PLANNED_DAY: Date = date!(2018 - 01 - 15);
const ACTIVE_DAY: Date = date!(2018 - 02 - 15);
const PAUSED_DAY: Date = date!(2018 - 03 - 15);
const ENDED_DAY: Date = date!(2018 - 04 - 15);

#[test]
fn retribution_undefined_fires_for_planned_and_active_briques() {
    let n = net([
        add_assoc("anis"),
        add_assoc("mess"),
        add_paying("perm", whole_life(), Retribution::ToBeDefined),
        runs("mess", "perm", Period::ALWAYS),
        runs("anis", "perm", Period::since(date!(2018 - 02 - 01))),
    ]);
    // The brique first, then its runners at the date, in key order.
    assert_eq!(
        fired(&n, noon(PLANNED_DAY), Rule::RetributionUndefined),
        [["perm", "mess"]]
    );
    assert_eq!(
        fired(&n, noon(ACTIVE_DAY), Rule::RetributionUndefined),
        [["perm", "anis", "mess"]]
    );
    let report = n.validate(noon(ACTIVE_DAY));
    let f = report.of_rule(Rule::RetributionUndefined).next().unwrap();
    assert_eq!(f.level, Level::Warning);
    assert!(f.message().contains("to be defined"), "{}", f.message());
    for d in [PROPOSED_DAY, PAUSED_DAY, ENDED_DAY] {
        assert!(silent(&n, noon(d), Rule::RetributionUndefined), "on {d}");
    }
    // Without a runner, the brique alone.
    let n = net([add_paying(
        "perm",
        Lifecycle::new(Planned),
        Retribution::ToBeDefined,
    )]);
    assert_eq!(fired(&n, AS_OF, Rule::RetributionUndefined), [["perm"]]);
}

#[test]
fn retribution_undefined_is_silent_for_defined_or_no_retribution() {
    let n = net([
        add_paying("defined", Lifecycle::new(Active), defined(5_000)),
        add_paying("zero", Lifecycle::new(Active), defined(0)),
        add_paying("none", Lifecycle::new(Active), Retribution::None),
        add_paying("planned-none", Lifecycle::new(Planned), Retribution::None),
    ]);
    assert!(silent(&n, AS_OF, Rule::RetributionUndefined));
}

// ----- rules: orphan-brique -----

#[test]
fn orphan_brique_fires_for_a_brique_that_builds_nothing() {
    let n = net([
        add_assoc("anis"),
        add_b("cowork", BriqueKind::Coworking, Active),
        runs("anis", "cowork", Period::ALWAYS),
    ]);
    assert_eq!(fired(&n, AS_OF, Rule::OrphanBrique), [["cowork"]]);
    let report = n.validate(AS_OF);
    let f = report.of_rule(Rule::OrphanBrique).next().unwrap();
    assert_eq!(f.level, Level::Warning);
    assert!(
        f.message().contains("builds no institution"),
        "{}",
        f.message()
    );
    assert!(!f.message().contains("run by nobody"), "{}", f.message());
}

#[test]
fn orphan_brique_fires_when_its_runner_has_stopped() {
    let n = net([
        add_assoc("anis"),
        add_in_formation("chambre"),
        add_b("cowork", BriqueKind::Coworking, Active),
        builds("cowork", "chambre"),
        runs(
            "anis",
            "cowork",
            between(date!(2016 - 01 - 01), date!(2017 - 06 - 30)),
        ),
    ]);
    assert!(silent(&n, noon(date!(2017 - 06 - 30)), Rule::OrphanBrique));
    assert!(silent(&n, noon(date!(2016 - 01 - 01)), Rule::OrphanBrique));
    assert_eq!(
        fired(&n, noon(date!(2017 - 07 - 01)), Rule::OrphanBrique),
        [["cowork"]]
    );
    assert_eq!(
        fired(&n, noon(date!(2015 - 12 - 31)), Rule::OrphanBrique),
        [["cowork"]]
    );
    let report = n.validate(AS_OF);
    let f = report.of_rule(Rule::OrphanBrique).next().unwrap();
    assert!(f.message().contains("run by nobody"), "{}", f.message());
    assert!(f.message().contains("2017-12-01"), "{}", f.message());
    // Neither built nor run: one finding saying both.
    let n = net([add_b("lone", BriqueKind::Meeting, Proposed)]);
    assert_eq!(fired(&n, AS_OF, Rule::OrphanBrique), [["lone"]]);
    let report = n.validate(AS_OF);
    let f = report.of_rule(Rule::OrphanBrique).next().unwrap();
    assert!(
        f.message()
            .contains("builds no institution and is run by nobody"),
        "{}",
        f.message()
    );
}

#[test]
fn orphan_brique_is_silent_for_ended_and_complete_briques() {
    let n = net([
        add_assoc("anis"),
        add_in_formation("chambre"),
        add_b("done", BriqueKind::Workshop, Ended),
        add_b("cowork", BriqueKind::Coworking, Proposed),
        add_brique(
            "perm",
            BriqueKind::Permanence,
            life(Active, &[(date!(2017 - 06 - 30), Ended)]),
        ),
        builds("cowork", "chambre"),
        runs("anis", "cowork", Period::ALWAYS),
    ]);
    assert!(
        silent(&n, AS_OF, Rule::OrphanBrique),
        "{}",
        n.validate(AS_OF)
    );
    // Before it ended, the permanence was an orphan.
    assert_eq!(
        fired(&n, noon(date!(2017 - 06 - 29)), Rule::OrphanBrique),
        [["perm"]]
    );
}

// ----- rules: needs-carrier -----

#[test]
fn needs_carrier_fires_for_a_collective_paying_retributions_alone() {
    let n = net([
        add_collective("catalyst"),
        add_paying("perm", whole_life(), defined(5_000)),
        runs("catalyst", "perm", Period::ALWAYS),
    ]);
    // Planned, active and paused briques are under way.
    for d in [PLANNED_DAY, ACTIVE_DAY, PAUSED_DAY] {
        assert_eq!(
            fired(&n, noon(d), Rule::NeedsCarrier),
            [["catalyst", "perm"]],
            "on {d}"
        );
    }
    let report = n.validate(noon(ACTIVE_DAY));
    let f = report.of_rule(Rule::NeedsCarrier).next().unwrap();
    assert_eq!(f.level, Level::Error);
    assert!(f.message().contains("no carrier"), "{}", f.message());
    // Proposed and ended briques are not.
    for d in [PROPOSED_DAY, ENDED_DAY] {
        assert!(silent(&n, noon(d), Rule::NeedsCarrier), "on {d}");
    }
}

#[test]
fn needs_carrier_follows_the_carriers_and_runners_periods() {
    let n = net([
        add_assoc("anis"),
        add_collective("catalyst"),
        add_paying("perm", Lifecycle::new(Active), defined(5_000)),
        runs("catalyst", "perm", Period::since(date!(2017 - 01 - 01))),
        carries(
            "anis",
            "catalyst",
            &[ScopeKind::Administrative, ScopeKind::Financial],
            between(date!(2016 - 01 - 01), date!(2017 - 06 - 30)),
        ),
    ]);
    // Carried: silent. Not running yet: silent.
    assert!(silent(&n, noon(date!(2017 - 06 - 30)), Rule::NeedsCarrier));
    assert!(silent(&n, noon(date!(2016 - 12 - 31)), Rule::NeedsCarrier));
    // Running, and the carrying over.
    assert_eq!(
        fired(&n, noon(date!(2017 - 07 - 01)), Rule::NeedsCarrier),
        [["catalyst", "perm"]]
    );
}

#[test]
fn needs_carrier_is_silent_with_a_carrier_or_without_defined_money() {
    // A carrier of any scope is a carrier.
    let n = net([
        add_assoc("anis"),
        add_collective("catalyst"),
        add_paying("perm", Lifecycle::new(Active), defined(5_000)),
        runs("catalyst", "perm", Period::ALWAYS),
        carries("anis", "catalyst", &[ScopeKind::Legal], Period::ALWAYS),
    ]);
    assert!(silent(&n, AS_OF, Rule::NeedsCarrier));
    // To be defined, zero, none: no defined money.
    for r in [Retribution::ToBeDefined, defined(0), Retribution::None] {
        let n = net([
            add_collective("catalyst"),
            add_paying("perm", Lifecycle::new(Active), r.clone()),
            runs("catalyst", "perm", Period::ALWAYS),
        ]);
        assert!(silent(&n, AS_OF, Rule::NeedsCarrier), "{r:?}");
    }
    // An ended brique.
    let n = net([
        add_collective("catalyst"),
        add_paying("perm", Lifecycle::new(Ended), defined(5_000)),
        runs("catalyst", "perm", Period::ALWAYS),
    ]);
    assert!(silent(&n, AS_OF, Rule::NeedsCarrier));
    // An association is a legal person of its own.
    let n = net([
        add_assoc("anis"),
        add_paying("perm", Lifecycle::new(Active), defined(5_000)),
        runs("anis", "perm", Period::ALWAYS),
    ]);
    assert!(silent(&n, AS_OF, Rule::NeedsCarrier));
    // Building is not running.
    let n = net([
        add_collective("catalyst"),
        add_paying("perm", Lifecycle::new(Active), defined(5_000)),
        builds("perm", "catalyst"),
    ]);
    assert!(silent(&n, AS_OF, Rule::NeedsCarrier));
}

// ----- rules: carrier-scope -----

#[test]
fn carrier_scope_fires_when_no_carrier_handles_money() {
    let n = net([
        add_assoc("anis"),
        add_assoc("legal-aid"),
        add_collective("catalyst"),
        add_paying("perm", Lifecycle::new(Active), defined(5_000)),
        add_paying("tbd", Lifecycle::new(Planned), Retribution::ToBeDefined),
        runs("catalyst", "perm", Period::ALWAYS),
        runs("catalyst", "tbd", Period::ALWAYS),
        carries(
            "anis",
            "catalyst",
            &[ScopeKind::Administrative],
            Period::ALWAYS,
        ),
        carries("legal-aid", "catalyst", &[ScopeKind::Legal], Period::ALWAYS),
    ]);
    // The collective, its carriers in key order, the brique.
    assert_eq!(
        fired(&n, AS_OF, Rule::CarrierScope),
        [
            ["catalyst", "anis", "legal-aid", "perm"],
            ["catalyst", "anis", "legal-aid", "tbd"]
        ]
    );
    let report = n.validate(AS_OF);
    assert!(
        report
            .of_rule(Rule::CarrierScope)
            .all(|f| f.level == Level::Warning)
    );
    assert!(report.of_rule(Rule::NeedsCarrier).next().is_none());
}

#[test]
fn carrier_scope_follows_the_carriers_at_the_date() {
    let n = net([
        add_assoc("anis"),
        add_assoc("bank"),
        add_collective("catalyst"),
        add_paying("perm", Lifecycle::new(Active), defined(5_000)),
        runs("catalyst", "perm", Period::ALWAYS),
        carries(
            "anis",
            "catalyst",
            &[ScopeKind::Administrative, ScopeKind::Legal],
            Period::ALWAYS,
        ),
        carries(
            "bank",
            "catalyst",
            &[ScopeKind::Financial],
            Period::until(date!(2017 - 06 - 30)),
        ),
    ]);
    assert!(silent(&n, noon(date!(2017 - 06 - 30)), Rule::CarrierScope));
    assert_eq!(
        fired(&n, noon(date!(2017 - 07 - 01)), Rule::CarrierScope),
        [["catalyst", "anis", "perm"]]
    );
}

#[test]
fn carrier_scope_is_silent_with_a_financial_carrier_or_without_money() {
    let base = || {
        [
            add_assoc("anis"),
            add_assoc("bank"),
            add_collective("catalyst"),
            carries(
                "anis",
                "catalyst",
                &[ScopeKind::Administrative],
                Period::ALWAYS,
            ),
        ]
    };
    // One carrier with financial scope is enough.
    let mut n = net(base());
    accepted(
        &mut n,
        add_paying("perm", Lifecycle::new(Active), defined(5_000)),
    );
    accepted(&mut n, runs("catalyst", "perm", Period::ALWAYS));
    assert!(!silent(&n, AS_OF, Rule::CarrierScope));
    accepted(
        &mut n,
        carries("bank", "catalyst", &[ScopeKind::Financial], Period::ALWAYS),
    );
    assert!(silent(&n, AS_OF, Rule::CarrierScope));
    // No money: none, or defined at zero.
    for r in [Retribution::None, defined(0)] {
        let mut n = net(base());
        accepted(
            &mut n,
            add_paying("perm", Lifecycle::new(Active), r.clone()),
        );
        accepted(&mut n, runs("catalyst", "perm", Period::ALWAYS));
        assert!(silent(&n, AS_OF, Rule::CarrierScope), "{r:?}");
    }
    // Money, but the brique is not under way.
    for l in [Lifecycle::new(Proposed), Lifecycle::new(Ended)] {
        let mut n = net(base());
        accepted(&mut n, add_paying("perm", l, defined(5_000)));
        accepted(&mut n, runs("catalyst", "perm", Period::ALWAYS));
        assert!(silent(&n, AS_OF, Rule::CarrierScope));
    }
    // An association handles its own money.
    let n = net([
        add_assoc("anis"),
        add_assoc("child"),
        carries(
            "anis",
            "child",
            &[ScopeKind::Administrative],
            Period::ALWAYS,
        ),
        add_paying("perm", Lifecycle::new(Active), defined(5_000)),
        runs("child", "perm", Period::ALWAYS),
    ]);
    assert!(silent(&n, AS_OF, Rule::CarrierScope));
}

// ----- readiness -----

fn kinds(r: &communs::Readiness<'_>, state: KindState) -> Vec<BriqueKind> {
    r.kinds_in(state).cloned().collect()
}

fn keys_of(briques: &[communs::BriqueAt<'_>]) -> Vec<(String, BriqueStatus)> {
    briques
        .iter()
        .map(|b| (b.key.as_str().to_owned(), b.status))
        .collect()
}

#[test]
fn readiness_with_every_kind_active() {
    let mut n = net([
        institution(
            "chambre",
            Blueprint::new([BriqueKind::Coworking, BriqueKind::Workshop]),
        ),
        add_b("cowork", BriqueKind::Coworking, Active),
        add_b("atelier", BriqueKind::Workshop, Active),
        add_b("atelier-2", BriqueKind::Workshop, Planned),
        builds("cowork", "chambre"),
        builds("atelier-2", "chambre"),
        builds("atelier", "chambre"),
    ]);
    let r = n.readiness("chambre", DAY).unwrap();
    assert_eq!(r.institution.as_str(), "chambre");
    assert!(!r.governance_posed);
    assert_eq!(
        r.required
            .iter()
            .map(|k| k.kind.clone())
            .collect::<Vec<_>>(),
        [BriqueKind::Coworking, BriqueKind::Workshop]
    );
    assert_eq!(
        kinds(&r, KindState::Active),
        [BriqueKind::Coworking, BriqueKind::Workshop]
    );
    assert!(kinds(&r, KindState::Missing).is_empty());
    assert!(kinds(&r, KindState::Pending).is_empty());
    assert_eq!(
        keys_of(&r.required[1].briques),
        [("atelier".into(), Active), ("atelier-2".into(), Planned)]
    );
    assert!(r.others.is_empty());
    // Every kind is active, but the governance is not posed: not ready.
    assert!(!r.is_ready());
    let text = r.to_string();
    assert!(text.contains("governance not posed"), "{text}");
    assert!(
        text.contains("coworking — active: cowork (active)"),
        "{text}"
    );

    // Once its governance is established it is ready: it needs nothing more.
    accepted(
        &mut n,
        Change::update(k("chambre"), Organisation::new("Chambre", Form::Collective)),
    );
    let r = n.readiness("chambre", DAY).unwrap();
    assert!(r.governance_posed);
    assert!(r.required.is_empty());
    assert!(r.is_ready());
    // Its briques are still listed, as others.
    assert_eq!(
        keys_of(&r.others),
        [
            ("atelier".into(), Active),
            ("atelier-2".into(), Planned),
            ("cowork".into(), Active)
        ]
    );
}

#[test]
fn readiness_with_some_kinds_missing() {
    let n = net([
        add_assoc("anis"),
        institution("chambre", chambre_blueprint()),
        add_b("cowork", BriqueKind::Coworking, Active),
        add_b("perm", BriqueKind::Permanence, Planned),
        add_b("ailleurs", BriqueKind::Workshop, Active),
        builds("cowork", "chambre"),
        builds("perm", "chambre"),
        builds("ailleurs", "anis"),
    ]);
    let r = n.readiness("chambre", DAY).unwrap();
    // In blueprint order.
    assert_eq!(
        r.required
            .iter()
            .map(|k| k.kind.clone())
            .collect::<Vec<_>>(),
        [
            BriqueKind::Coworking,
            BriqueKind::Workshop,
            BriqueKind::Permanence
        ]
    );
    assert_eq!(kinds(&r, KindState::Active), [BriqueKind::Coworking]);
    assert_eq!(kinds(&r, KindState::Pending), [BriqueKind::Permanence]);
    assert_eq!(kinds(&r, KindState::Missing), [BriqueKind::Workshop]);
    assert!(r.required[1].briques.is_empty());
    assert!(!r.is_ready());
    assert!(r.to_string().contains("workshop — missing"), "{r}");
}

#[test]
fn readiness_with_no_kind_present() {
    let n = net([
        institution("chambre", chambre_blueprint().with_governance_body()),
        add_b("loose", BriqueKind::Coworking, Active),
    ]);
    let r = n.readiness("chambre", DAY).unwrap();
    assert_eq!(
        kinds(&r, KindState::Missing),
        [
            BriqueKind::Coworking,
            BriqueKind::Workshop,
            BriqueKind::Permanence,
            BriqueKind::GovernanceBody
        ]
    );
    assert!(r.required.iter().all(|k| k.briques.is_empty()));
    assert!(r.others.is_empty());
    assert!(!r.is_ready());
    // An empty blueprint with no governance body: nothing required.
    let n = net([institution("vide", Blueprint::default())]);
    let r = n.readiness("vide", DAY).unwrap();
    assert!(r.required.is_empty());
    assert!(!r.is_ready(), "governance is still not posed");
}

#[test]
fn readiness_of_a_required_governance_body() {
    let n = net([
        institution(
            "chambre",
            Blueprint::new([BriqueKind::Coworking]).with_governance_body(),
        ),
        institution(
            "listed",
            Blueprint::new([BriqueKind::GovernanceBody, BriqueKind::Meeting])
                .with_governance_body(),
        ),
        add_b("cowork", BriqueKind::Coworking, Active),
        add_b("conseil", BriqueKind::GovernanceBody, Active),
        builds("cowork", "chambre"),
        builds("conseil", "chambre"),
    ]);
    let r = n.readiness("chambre", DAY).unwrap();
    // The governance body comes last, as a kind.
    assert_eq!(
        r.required
            .iter()
            .map(|k| k.kind.clone())
            .collect::<Vec<_>>(),
        [BriqueKind::Coworking, BriqueKind::GovernanceBody]
    );
    assert_eq!(
        keys_of(&r.required[1].briques),
        [("conseil".into(), Active)]
    );
    assert_eq!(r.required[1].state(), KindState::Active);
    // Listed and required: once.
    let r = n.readiness("listed", DAY).unwrap();
    assert_eq!(
        r.required
            .iter()
            .map(|k| k.kind.clone())
            .collect::<Vec<_>>(),
        [BriqueKind::GovernanceBody, BriqueKind::Meeting]
    );
}

#[test]
fn readiness_follows_the_status_at_the_date() {
    let n = net([
        institution("chambre", Blueprint::new([BriqueKind::Coworking])),
        add_brique(
            "cowork",
            BriqueKind::Coworking,
            life(
                Planned,
                &[
                    (date!(2018 - 01 - 09), Active),
                    (date!(2018 - 06 - 30), Ended),
                ],
            ),
        ),
        builds("cowork", "chambre"),
    ]);
    for (d, state, status) in [
        (date!(2017 - 12 - 01), KindState::Pending, Planned),
        (date!(2018 - 01 - 09), KindState::Active, Active),
        (date!(2018 - 06 - 29), KindState::Active, Active),
        (date!(2018 - 06 - 30), KindState::Missing, Ended),
        (date!(2018 - 07 - 01), KindState::Missing, Ended),
    ] {
        let r = n.readiness("chambre", d).unwrap();
        assert_eq!(r.required[0].state(), state, "on {d}");
        assert_eq!(
            keys_of(&r.required[0].briques),
            [("cowork".into(), status)],
            "on {d}"
        );
    }
}

#[test]
fn readiness_lists_unrequired_kinds_as_others() {
    let n = net([
        institution(
            "chambre",
            Blueprint::new([BriqueKind::Coworking, BriqueKind::Other(tag("garden"))]),
        ),
        add_b("cowork", BriqueKind::Coworking, Active),
        add_b("jardin", BriqueKind::Other(tag("garden")), Planned),
        add_b("reunions", BriqueKind::Meeting, Active),
        add_b("potager", BriqueKind::Other(tag("vegetables")), Proposed),
        builds("cowork", "chambre"),
        builds("jardin", "chambre"),
        builds("reunions", "chambre"),
        builds("potager", "chambre"),
    ]);
    let r = n.readiness("chambre", DAY).unwrap();
    assert_eq!(
        keys_of(&r.required[1].briques),
        [("jardin".into(), Planned)]
    );
    assert_eq!(
        keys_of(&r.others),
        [("potager".into(), Proposed), ("reunions".into(), Active)]
    );
    assert!(
        r.to_string().contains("also: reunions (meeting, active)"),
        "{r}"
    );
}

#[test]
fn readiness_of_an_established_organisation_requires_nothing() {
    let n = net([
        add_assoc("anis"),
        add_b("cowork", BriqueKind::Coworking, Active),
        builds("cowork", "anis"),
    ]);
    let r = n.readiness("anis", DAY).unwrap();
    assert!(r.governance_posed);
    assert!(r.required.is_empty());
    assert_eq!(keys_of(&r.others), [("cowork".into(), Active)]);
    assert!(r.is_ready());
}

#[test]
fn readiness_is_asked_of_organisations_only() {
    let n = net([add_b("cowork", BriqueKind::Coworking, Active)]);
    assert_eq!(
        n.readiness("cowork", DAY),
        Err(QueryError::WrongKind {
            key: k("cowork"),
            expected: NodeKind::Organisation,
            found: NodeKind::Brique
        })
    );
    assert_eq!(
        n.readiness("ghost", DAY),
        Err(QueryError::UnknownKey {
            key: "ghost".into()
        })
    );
    assert!(matches!(
        n.runners("ghost", DAY),
        Err(QueryError::UnknownKey { .. })
    ));
    assert!(matches!(
        n.briques_run_by("cowork", DAY),
        Err(QueryError::WrongKind { .. })
    ));
}

#[test]
fn briques_run_by_an_organisation_at_a_date() {
    let n = net([
        add_assoc("anis"),
        add_b("cowork", BriqueKind::Coworking, Active),
        add_b("perm", BriqueKind::Permanence, Planned),
        runs("anis", "perm", Period::since(date!(2018 - 01 - 09))),
        runs("anis", "cowork", Period::until(date!(2018 - 01 - 31))),
    ]);
    let at = |d| keys_of(&n.briques_run_by("anis", d).unwrap());
    assert_eq!(at(date!(2017 - 12 - 01)), [("cowork".into(), Active)]);
    assert_eq!(
        at(date!(2018 - 01 - 09)),
        [("cowork".into(), Active), ("perm".into(), Planned)]
    );
    assert_eq!(at(date!(2018 - 02 - 01)), [("perm".into(), Planned)]);
}

// ----- documents -----

/// A network with briques of every kind of value: schedules weekly and
/// monthly, with a last date and exceptions; lifecycles with dated steps;
/// every retribution; purpose tags; an other kind; runs, builds and
/// hosted-at relations.
fn rich() -> Network {
    let permanence = Brique::new(
        "Permanence des communs",
        BriqueKind::Permanence,
        life(Planned, &[(date!(2018 - 01 - 09), Active)]),
    )
    .with_schedule(
        Schedule::new(
            Recurrence::Weekly {
                days: communs::Days::of(&[communs::Day::Tuesday, communs::Day::Thursday]),
            },
            time!(14:00),
            time!(17:00),
            date!(2018 - 01 - 09),
        )
        .unwrap()
        .until(date!(2018 - 06 - 28))
        .unwrap()
        .with_exception(date!(2018 - 05 - 01))
        .with_exception(date!(2018 - 05 - 10)),
    )
    .with_retribution(Retribution::ToBeDefined)
    .with_purpose([tag("commons-economy"), tag("social-innovation")]);
    let meetings = Brique::new(
        "Réunions de l'Assemblée",
        BriqueKind::Meeting,
        life(
            Proposed,
            &[
                (date!(2015 - 10 - 01), Planned),
                (date!(2015 - 11 - 05), Active),
                (date!(2016 - 07 - 01), Paused),
                (date!(2016 - 09 - 01), Active),
            ],
        ),
    )
    .with_schedule(
        Schedule::new(
            Recurrence::Monthly {
                nth: communs::Nth::First,
                day: communs::Day::Thursday,
            },
            time!(18:30),
            time!(21:00),
            date!(2015 - 11 - 05),
        )
        .unwrap(),
    )
    .with_retribution(Retribution::Defined {
        amount: eur(2_000),
        per: Per::Hour,
        payer: "ANIS".into(),
    });
    let atelier = Brique::new(
        "Ateliers",
        BriqueKind::Workshop,
        life(Active, &[(date!(2017 - 06 - 30), Ended)]),
    )
    .with_retribution(defined(5_000));
    let jardin = Brique::new(
        "Jardin partagé",
        BriqueKind::Other(tag("garden")),
        Lifecycle::new(Proposed),
    );
    net([
        add_assoc("anis"),
        institution(
            "chambre",
            Blueprint::new([BriqueKind::Permanence, BriqueKind::Other(tag("garden"))])
                .with_governance_body(),
        ),
        add_place("mess"),
        Change::add(
            k("moulins"),
            communs::Territory::new("Moulins").priority_area(),
        ),
        Change::add(k("perm"), permanence),
        Change::add(k("reunions"), meetings),
        Change::add(k("ateliers"), atelier),
        Change::add(k("jardin"), jardin),
        runs("anis", "perm", Period::since(date!(2018 - 01 - 09))),
        runs(
            "anis",
            "ateliers",
            between(date!(2016 - 01 - 01), date!(2017 - 06 - 30)),
        ),
        runs("chambre", "reunions", Period::ALWAYS),
        builds("perm", "chambre"),
        builds("jardin", "chambre"),
        builds("reunions", "chambre"),
        hosted("perm", "mess"),
        located("mess", "moulins"),
        add_b("gone", BriqueKind::Coworking, Ended),
        Change::remove(k("gone")),
    ])
}

#[test]
fn networks_with_briques_round_trip_byte_for_byte() {
    let n = rich();
    let saved = serde_json::to_string_pretty(&n).unwrap();
    let loaded: Network = serde_json::from_str(&saved).unwrap();
    loaded.check_invariants().unwrap();
    assert_eq!(loaded, n);
    assert_eq!(serde_json::to_string_pretty(&loaded).unwrap(), saved);
    assert_eq!(Network::from_document(n.to_document()).unwrap(), n);
    let doc: Document = serde_json::from_str(&saved).unwrap();
    assert_eq!(doc.briques.0.len(), 4);
    assert_eq!(doc, n.to_document());
    // The same answers after the trip.
    for d in [date!(2017 - 12 - 01), date!(2018 - 02 - 01)] {
        assert_eq!(loaded.validate(noon(d)), n.validate(noon(d)));
        assert_eq!(
            loaded.readiness("chambre", d).unwrap(),
            n.readiness("chambre", d).unwrap()
        );
    }
}

#[test]
fn briques_are_written_as_documented() {
    let n = rich();
    let doc = serde_json::to_value(&n).unwrap();
    assert_eq!(
        doc["briques"]["perm"],
        serde_json::json!({
            "name": "Permanence des communs",
            "kind": "permanence",
            "lifecycle": [
                { "status": "planned" },
                { "status": "active", "since": "2018-01-09" }
            ],
            "schedule": {
                "recurrence": { "weekly": { "days": ["tuesday", "thursday"] } },
                "from-time": "14:00",
                "to-time": "17:00",
                "first": "2018-01-09",
                "last": "2018-06-28",
                "exceptions": ["2018-05-01", "2018-05-10"]
            },
            "retribution": "to-be-defined",
            "purpose": ["commons-economy", "social-innovation"]
        })
    );
    assert_eq!(
        doc["briques"]["ateliers"]["retribution"],
        serde_json::json!({
            "defined": { "amount": { "amount": 5000, "currency": "EUR" }, "per": "session", "payer": "Fabrique à entreprendre" }
        })
    );
    assert_eq!(
        doc["briques"]["jardin"],
        serde_json::json!({
            "name": "Jardin partagé",
            "kind": { "other": "garden" },
            "lifecycle": [{ "status": "proposed" }]
        })
    );
    let relations = doc["relations"].as_array().unwrap();
    for expected in [
        serde_json::json!({ "kind": "runs", "from": "anis", "to": "perm", "since": "2018-01-09" }),
        serde_json::json!({ "kind": "runs", "from": "chambre", "to": "reunions" }),
        serde_json::json!({ "kind": "builds", "from": "perm", "to": "chambre" }),
        serde_json::json!({ "kind": "hosted-at", "from": "perm", "to": "mess" }),
    ] {
        assert!(
            relations.contains(&expected),
            "{expected} not in {relations:?}"
        );
    }
    assert_eq!(doc["retired"], serde_json::json!(["gone"]));
}

const HOSTILE: &str = r#"{
  "version": 1,
  "persons": { "p": { "name": "P" } },
  "organisations": {
    "a": { "name": "A", "form": "association", "governance": { "established": { "statutes": "formal", "process": "consent" } } }
  },
  "places": { "pl": { "name": "Place" } },
  "briques": {
    "b": {
      "name": "B",
      "kind": "permanence",
      "lifecycle": LIFECYCLE,
      "schedule": SCHEDULE,
      "retribution": RETRIBUTION
    }
  },
  "relations": [RELATIONS]
}"#;

const LIFECYCLE: &str = r#"[{"status": "planned"}, {"status": "active", "since": "2018-01-09"}]"#;
const SCHEDULE: &str = r#"{"recurrence": {"weekly": {"days": ["tuesday"]}}, "from-time": "14:00", "to-time": "17:00", "first": "2018-01-09"}"#;
const RETRIBUTION: &str = r#""to-be-defined""#;
const RELATIONS: &str = r#"{"kind": "runs", "from": "a", "to": "b", "since": "2018-01-09"}, {"kind": "builds", "from": "b", "to": "a"}, {"kind": "hosted-at", "from": "b", "to": "pl"}"#;

struct Doc {
    lifecycle: &'static str,
    schedule: &'static str,
    retribution: &'static str,
    relations: &'static str,
}

const GOOD: Doc = Doc {
    lifecycle: LIFECYCLE,
    schedule: SCHEDULE,
    retribution: RETRIBUTION,
    relations: RELATIONS,
};

impl Doc {
    fn text(&self) -> String {
        HOSTILE
            .replace("LIFECYCLE", self.lifecycle)
            .replace("SCHEDULE", self.schedule)
            .replace("RETRIBUTION", self.retribution)
            .replace("RELATIONS", self.relations)
    }
}

/// The error loading `text` gives, which must not be a panic; the same
/// through a `Document`.
fn refusal(text: &str) -> String {
    let direct = serde_json::from_str::<Network>(text)
        .expect_err("a hostile document must be refused")
        .to_string();
    let via_doc = match serde_json::from_str::<Document>(text) {
        Err(e) => e.to_string(),
        Ok(doc) => Network::from_document(doc)
            .expect_err("a hostile document must be refused")
            .to_string(),
    };
    assert!(direct.contains(&via_doc), "{direct} / {via_doc}");
    direct
}

#[test]
fn the_hostile_document_base_is_valid() {
    let n: Network = serde_json::from_str(&GOOD.text()).unwrap();
    n.check_invariants().unwrap();
    assert_eq!(n.relation_count(), 3);
    assert_eq!(
        n.brique("b").unwrap().status_at(date!(2018 - 01 - 09)),
        Active
    );
}

#[test]
fn hostile_lifecycles_are_refused_with_what_is_wrong() {
    for (lifecycle, expected) in [
        (
            r#"[{"status": "active"}, {"status": "planned", "since": "2018-01-09"}]"#,
            "status `planned` cannot follow `active`",
        ),
        (
            r#"[{"status": "ended"}, {"status": "ended", "since": "2018-01-09"}]"#,
            "status `ended` cannot follow `ended`",
        ),
        (
            r#"[{"status": "planned"}, {"status": "active", "since": "2018-02-01"}, {"status": "paused", "since": "2018-01-01"}]"#,
            "a status change on 2018-01-01 does not come after the previous one (2018-02-01)",
        ),
        (
            r#"[{"status": "planned"}, {"status": "active", "since": "2018-02-01"}, {"status": "paused", "since": "2018-02-01"}]"#,
            "does not come after the previous one (2018-02-01)",
        ),
        (
            r#"[{"status": "planned", "since": "2018-01-01"}]"#,
            "the first status of a lifecycle is undated",
        ),
        (
            r#"[{"status": "planned"}, {"status": "active"}]"#,
            "every status change after the first needs a `since` date",
        ),
        ("[]", "a lifecycle needs at least one status"),
        (r#"[{"status": "running"}]"#, "unknown variant `running`"),
        (
            r#"[{"status": "planned"}, {"status": "active", "since": "9 January 2018"}]"#,
            "line",
        ),
        (
            r#"[{"status": "planned", "note": "soon"}]"#,
            "unknown field `note`",
        ),
        (r#"{"status": "planned"}"#, "line"),
    ] {
        let doc = Doc { lifecycle, ..GOOD };
        let err = refusal(&doc.text());
        assert!(err.contains(expected), "{lifecycle}: {err}");
        assert!(err.contains("line"), "{lifecycle}: {err} says where");
    }
    let missing = GOOD
        .text()
        .replace(&format!("\"lifecycle\": {LIFECYCLE},"), "");
    assert!(refusal(&missing).contains("missing field `lifecycle`"));
}

#[test]
fn hostile_schedules_are_refused_with_what_is_wrong() {
    for (schedule, expected) in [
        (
            r#"{"recurrence": {"weekly": {"days": ["tuesday"]}}, "from-time": "17:00", "to-time": "14:00", "first": "2018-01-09"}"#,
            "is empty or ends before it starts",
        ),
        (
            r#"{"recurrence": {"weekly": {"days": ["tuesday"]}}, "from-time": "14:00", "to-time": "14:00", "first": "2018-01-09"}"#,
            "is empty or ends before it starts",
        ),
        (
            r#"{"recurrence": {"weekly": {"days": []}}, "from-time": "14:00", "to-time": "17:00", "first": "2018-01-09"}"#,
            "a weekly recurrence needs at least one day",
        ),
        (
            r#"{"recurrence": {"weekly": {"days": ["tuesday", "tuesday"]}}, "from-time": "14:00", "to-time": "17:00", "first": "2018-01-09"}"#,
            "`tuesday` is listed twice",
        ),
        (
            r#"{"recurrence": {"weekly": {"days": ["mardi"]}}, "from-time": "14:00", "to-time": "17:00", "first": "2018-01-09"}"#,
            "unknown variant `mardi`",
        ),
        (
            r#"{"recurrence": {"weekly": {"days": ["tuesday"]}}, "from-time": "14:00", "to-time": "17:00", "first": "2018-01-09", "last": "2018-01-08"}"#,
            "the schedule starts on 2018-01-09 but ends on 2018-01-08",
        ),
        (
            r#"{"recurrence": {"weekly": {"days": ["tuesday"]}}, "from-time": "14:00", "to-time": "17:00", "first": "2018-01-09", "exceptions": ["2018-05-01", "2018-05-01"]}"#,
            "exception 2018-05-01 is listed twice",
        ),
        (
            r#"{"recurrence": {"weekly": {"days": ["tuesday"]}}, "from-time": "14:00", "to-time": "17:00", "first": "2018-01-09", "timezone": "Europe/Paris"}"#,
            "unknown field `timezone`",
        ),
        (
            r#"{"recurrence": {"weekly": {"days": ["tuesday"], "every": 2}}, "from-time": "14:00", "to-time": "17:00", "first": "2018-01-09"}"#,
            "unknown field `every`",
        ),
        (
            r#"{"recurrence": {"daily": {}}, "from-time": "14:00", "to-time": "17:00", "first": "2018-01-09"}"#,
            "unknown variant `daily`",
        ),
        (
            r#"{"recurrence": {"monthly": {"nth": "fifth", "day": "tuesday"}}, "from-time": "14:00", "to-time": "17:00", "first": "2018-01-09"}"#,
            "unknown variant `fifth`",
        ),
        (
            r#"{"recurrence": {"weekly": {"days": ["tuesday"]}}, "from-time": "2pm", "to-time": "17:00", "first": "2018-01-09"}"#,
            "line",
        ),
        (
            r#"{"recurrence": {"weekly": {"days": ["tuesday"]}}, "from-time": "14:00", "to-time": "25:00", "first": "2018-01-09"}"#,
            "line",
        ),
        (
            r#"{"recurrence": {"weekly": {"days": ["tuesday"]}}, "from-time": "14:00", "to-time": "17:00"}"#,
            "missing field `first`",
        ),
    ] {
        let doc = Doc { schedule, ..GOOD };
        let err = refusal(&doc.text());
        assert!(err.contains(expected), "{schedule}: {err}");
        assert!(err.contains("line"), "{schedule}: {err} says where");
    }
}

#[test]
fn hostile_briques_are_refused_with_what_is_wrong() {
    // Unknown fields on the brique itself.
    let colour = GOOD.text().replace(
        r#""kind": "permanence","#,
        r#""kind": "permanence", "colour": "red","#,
    );
    assert!(refusal(&colour).contains("unknown field `colour`"));
    let kind = GOOD
        .text()
        .replace(r#""kind": "permanence""#, r#""kind": "bakery""#);
    assert!(refusal(&kind).contains("unknown variant `bakery`"));
    // Retributions.
    for (retribution, expected) in [
        (r#""to-be-announced""#, "unknown variant `to-be-announced`"),
        (
            r#"{"defined": {"amount": {"amount": 100, "currency": "EUR"}, "per": "session", "payer": "X", "vat": 20}}"#,
            "unknown field `vat`",
        ),
        (
            r#"{"defined": {"amount": {"amount": 100, "currency": "EUR"}, "per": "day", "payer": "X"}}"#,
            "unknown variant `day`",
        ),
        (
            r#"{"defined": {"amount": {"amount": 100, "currency": "EUR"}, "per": "hour"}}"#,
            "missing field `payer`",
        ),
        (
            r#"{"defined": {"amount": {"amount": 100, "currency": "euro"}, "per": "hour", "payer": "X"}}"#,
            "euro",
        ),
    ] {
        let doc = Doc {
            retribution,
            ..GOOD
        };
        let err = refusal(&doc.text());
        assert!(err.contains(expected), "{retribution}: {err}");
    }
    // A negative amount is refused by the invariants, naming the brique.
    let doc = Doc {
        retribution: r#"{"defined": {"amount": {"amount": -1, "currency": "EUR"}, "per": "hour", "payer": "X"}}"#,
        ..GOOD
    };
    let text = doc.text();
    let loaded = Network::from_document(serde_json::from_str::<Document>(&text).unwrap());
    assert_eq!(
        loaded,
        Err(DocumentError::Node {
            kind: NodeKind::Brique,
            key: k("b"),
            error: Box::new(ChangeError::NegativeAmount {
                key: k("b"),
                amount: eur(-1)
            })
        })
    );
    assert!(refusal(&text).contains("brique `b`: node `b` has a negative amount (-0.01 EUR)"));
    // An empty name.
    let blank = GOOD.text().replace(r#""name": "B""#, r#""name": "  ""#);
    assert!(refusal(&blank).contains("brique `b`: node `b` has an empty name"));
}

#[test]
fn hostile_brique_relations_are_refused_with_their_position() {
    let cases: [(&'static str, DocumentError); 4] = [
        (
            r#"{"kind": "runs", "from": "p", "to": "b"}"#,
            DocumentError::Relation {
                index: 0,
                kind: RelationKind::Runs,
                from: k("p"),
                to: k("b"),
                error: Box::new(ChangeError::EndpointKinds {
                    kind: RelationKind::Runs,
                    from: k("p"),
                    from_kind: NodeKind::Person,
                    to: k("b"),
                    to_kind: NodeKind::Brique,
                }),
            },
        ),
        (
            r#"{"kind": "builds", "from": "a", "to": "b"}"#,
            DocumentError::Relation {
                index: 0,
                kind: RelationKind::Builds,
                from: k("a"),
                to: k("b"),
                error: Box::new(ChangeError::EndpointKinds {
                    kind: RelationKind::Builds,
                    from: k("a"),
                    from_kind: NodeKind::Organisation,
                    to: k("b"),
                    to_kind: NodeKind::Brique,
                }),
            },
        ),
        (
            r#"{"kind": "runs", "from": "a", "to": "b", "since": "2018-01-01"}, {"kind": "runs", "from": "a", "to": "b", "until": "2018-01-01"}"#,
            DocumentError::Relation {
                index: 1,
                kind: RelationKind::Runs,
                from: k("a"),
                to: k("b"),
                error: Box::new(ChangeError::DuplicateRelation {
                    kind: RelationKind::Runs,
                    from: k("a"),
                    to: k("b"),
                }),
            },
        ),
        (
            r#"{"kind": "hosted-at", "from": "b", "to": "pl"}, {"kind": "hosted-at", "from": "b", "to": "ghost"}"#,
            DocumentError::Relation {
                index: 1,
                kind: RelationKind::HostedAt,
                from: k("b"),
                to: k("ghost"),
                error: Box::new(ChangeError::UnknownKey { key: k("ghost") }),
            },
        ),
    ];
    for (relations, expected) in cases {
        let doc = Doc { relations, ..GOOD };
        let text = doc.text();
        let got = Network::from_document(serde_json::from_str::<Document>(&text).unwrap());
        assert_eq!(got.as_ref().err(), Some(&expected), "{relations}");
        assert!(refusal(&text).contains(&expected.to_string()));
    }
    // A runs period that ends before it starts.
    let doc = Doc {
        relations: r#"{"kind": "runs", "from": "a", "to": "b", "since": "2018-01-02", "until": "2018-01-01"}"#,
        ..GOOD
    };
    let got = Network::from_document(serde_json::from_str::<Document>(&doc.text()).unwrap());
    assert!(
        matches!(
            got,
            Err(DocumentError::Period {
                index: 0,
                kind: RelationKind::Runs,
                ..
            })
        ),
        "{got:?}"
    );
    // builds and hosted-at take no period.
    let doc = Doc {
        relations: r#"{"kind": "builds", "from": "b", "to": "a", "since": "2018-01-01"}"#,
        ..GOOD
    };
    assert!(refusal(&doc.text()).contains("unknown field `since`"));
}

#[test]
fn brique_documents_never_panic() {
    // Truncations of a valid document, and values of the wrong type at every
    // brique field: always an error, never a panic.
    let good = GOOD.text();
    for end in (0..good.len())
        .filter(|i| good.is_char_boundary(*i))
        .step_by(7)
    {
        assert!(serde_json::from_str::<Network>(&good[..end]).is_err());
    }
    for (field, value) in [
        ("\"name\": \"B\"", "\"name\": 3"),
        ("\"kind\": \"permanence\"", "\"kind\": null"),
        ("\"lifecycle\": [", "\"lifecycle\": [7, "),
        ("\"schedule\": {", "\"schedule\": {\"x\": [], "),
        ("\"retribution\": \"to-be-defined\"", "\"retribution\": []"),
    ] {
        let text = good.replacen(field, value, 1);
        assert_ne!(text, good, "{field}");
        assert!(serde_json::from_str::<Network>(&text).is_err(), "{value}");
    }
}
