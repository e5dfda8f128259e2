//! Reciprocity contracts (issue 4): each contract invariant refused with its
//! exact error and keys, the network untouched, and its nearest valid case
//! accepted; each contract rule firing (name, keys) and silent; the
//! reciprocity query; strong connectivity as a property; and documents with
//! contracts, round-tripped byte for byte or refused with what and where.

use communs::{
    Act, BatchError, Change, ChangeError, Clause, Contract, ContractStatus, Currency, Document,
    DocumentError, Frequency, Gift, Level, Lifecycle, LifecycleError, Mode, Money, Nature, Network,
    NodeKind, Party, Period, PeriodError, Person, QueryError, RelationKind, Report, Rule,
    ScopeKind, Term, Terms,
};
use proptest::prelude::*;
use time::Date;
use time::macros::{date, datetime};

use crate::common::*;

const START: Date = date!(2018 - 01 - 01);
const SIGNED: Date = date!(2018 - 01 - 10);
const AS_OF: time::OffsetDateTime = datetime!(2018-03-01 12:00 +01:00);
const EUR: Currency = Currency::EUR;
const ALL: &[ScopeKind] = &[
    ScopeKind::Administrative,
    ScopeKind::Financial,
    ScopeKind::Legal,
];

// ----- builders -----

fn knowledge(from: &str, to: &str) -> Clause {
    Clause::new(
        k(from),
        k(to),
        Gift::Knowledge(format!("{from} teaches {to}")),
    )
}

fn money(from: &str, to: &str, cents: i64) -> Clause {
    Clause::new(
        k(from),
        k(to),
        Gift::Money {
            amount: Money::new(cents, EUR),
            frequency: Frequency::Monthly,
        },
    )
}

/// A contract in force since `START`, without end, with these clauses.
fn contract(nature: Nature, clauses: impl IntoIterator<Item = Clause>) -> Contract {
    with_life(nature, Lifecycle::new(ContractStatus::Active), clauses)
}

fn with_life(
    nature: Nature,
    life: Lifecycle<ContractStatus>,
    clauses: impl IntoIterator<Item = Clause>,
) -> Contract {
    clauses.into_iter().fold(
        Contract::new("Pacte", nature, Term::from(START), life),
        Contract::with_clause,
    )
}

/// A moral contract in force where each pair `(a, b)` has `a` give
/// knowledge to `b`.
fn moral(gives: &[(&str, &str)]) -> Contract {
    contract(Nature::Moral, gives.iter().map(|(a, b)| knowledge(a, b)))
}

fn legal(gives: &[(&str, &str)]) -> Contract {
    contract(Nature::Legal, gives.iter().map(|(a, b)| knowledge(a, b)))
}

fn add_contract(key: &str, c: Contract) -> Change {
    Change::add(k(key), c)
}

fn update(key: &str, c: Contract) -> Change {
    Change::update(k(key), c)
}

fn party(from: &str, to: &str, p: Party) -> Change {
    Change::relate(k(from), k(to), p)
}

fn committing(from: &str, to: &str) -> Change {
    party(from, to, Party::new(Mode::Committing))
}

fn signed_by(who: &str) -> Party {
    Party::new(Mode::Committing).signed(SIGNED, Some(k(who)))
}

/// Associations `parties`, each committing to the moral contract `pact`
/// whose clauses are `gives`.
fn pact_net(parties: &[&str], gives: &[(&str, &str)]) -> Network {
    let mut changes: Vec<Change> = parties.iter().map(|p| add_assoc(p)).collect();
    changes.push(add_contract("pact", moral(gives)));
    changes.extend(parties.iter().map(|p| committing(p, "pact")));
    net(changes)
}

/// Applies a batch, expects a refusal, and checks the network is untouched.
fn refused_batch(n: &mut Network, changes: Vec<Change>) -> BatchError {
    let before = json(n);
    let copy = n.clone();
    let err = n.apply_all(changes).expect_err("batch should be refused");
    assert_eq!(*n, copy);
    assert_eq!(json(n), before);
    n.check_invariants().unwrap();
    err
}

#[track_caller]
fn fires(report: &Report, rule: Rule, keys: &[&str]) {
    assert!(
        report.has(rule, keys),
        "`{rule}` should fire with {keys:?}:\n{report}"
    );
}

/// `rule` fires exactly once, with exactly `keys`.
#[track_caller]
fn fires_once(report: &Report, rule: Rule, keys: &[&str]) {
    fires(report, rule, keys);
    assert_eq!(
        report.of_rule(rule).count(),
        1,
        "`{rule}` should fire once:\n{report}"
    );
}

#[track_caller]
fn silent(report: &Report, rule: Rule) {
    assert_eq!(
        report.of_rule(rule).count(),
        0,
        "`{rule}` should be silent:\n{report}"
    );
}

fn message(report: &Report, rule: Rule) -> String {
    report
        .of_rule(rule)
        .map(|f| f.message().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

// ===== hard invariants =====

#[test]
fn party_to_joins_persons_and_organisations_to_contracts_only() {
    let mut n = net([
        add_person("p"),
        add_assoc("a"),
        add_place("pl"),
        add_contract("pact", moral(&[])),
        add_contract("other", moral(&[])),
    ]);
    assert_eq!(
        refused(&mut n, committing("pl", "pact")),
        ChangeError::EndpointKinds {
            kind: RelationKind::PartyTo,
            from: k("pl"),
            from_kind: NodeKind::Place,
            to: k("pact"),
            to_kind: NodeKind::Contract
        }
    );
    assert_eq!(
        refused(&mut n, committing("other", "pact")),
        ChangeError::EndpointKinds {
            kind: RelationKind::PartyTo,
            from: k("other"),
            from_kind: NodeKind::Contract,
            to: k("pact"),
            to_kind: NodeKind::Contract
        }
    );
    assert_eq!(
        refused(&mut n, committing("p", "a")),
        ChangeError::EndpointKinds {
            kind: RelationKind::PartyTo,
            from: k("p"),
            from_kind: NodeKind::Person,
            to: k("a"),
            to_kind: NodeKind::Organisation
        }
    );
    assert_eq!(
        refused(&mut n, committing("a", "p")),
        ChangeError::EndpointKinds {
            kind: RelationKind::PartyTo,
            from: k("a"),
            from_kind: NodeKind::Organisation,
            to: k("p"),
            to_kind: NodeKind::Person
        }
    );
    assert_eq!(
        refused(&mut n, committing("pact", "pact")),
        ChangeError::SelfRelation {
            kind: RelationKind::PartyTo,
            key: k("pact")
        }
    );
    assert_eq!(
        refused(&mut n, committing("ghost", "pact")),
        ChangeError::UnknownKey { key: k("ghost") }
    );
    // The nearest valid relations: a person and an organisation, to a contract.
    accepted(&mut n, committing("p", "pact"));
    accepted(&mut n, party("a", "pact", Party::new(Mode::Supporting)));
    accepted(&mut n, party("a", "other", Party::new(Mode::NonSignatory)));
    assert_eq!(n.relation_count(), 3);
}

#[test]
fn a_party_is_party_to_a_contract_once() {
    let mut n = net([
        add_assoc("a"),
        add_assoc("b"),
        add_contract("pact", moral(&[])),
        add_contract("other", moral(&[])),
        committing("a", "pact"),
    ]);
    let duplicate = ChangeError::DuplicateRelation {
        kind: RelationKind::PartyTo,
        from: k("a"),
        to: k("pact"),
    };
    assert_eq!(refused(&mut n, committing("a", "pact")), duplicate);
    // Another mode or a signature does not make it another relation.
    assert_eq!(
        refused(&mut n, party("a", "pact", Party::new(Mode::Supporting))),
        duplicate
    );
    assert_eq!(
        refused(&mut n, party("a", "pact", signed_by("a"))),
        duplicate
    );
    // Removing a relation needs its exact attributes.
    assert_eq!(
        refused(
            &mut n,
            Change::unrelate(k("a"), k("pact"), Party::new(Mode::Supporting))
        ),
        ChangeError::RelationNotFound {
            kind: RelationKind::PartyTo,
            from: k("a"),
            to: k("pact")
        }
    );
    // The nearest valid cases: the same party to another contract, another
    // party to the same contract, or the mode changed in one batch.
    accepted(&mut n, committing("a", "other"));
    accepted(&mut n, committing("b", "pact"));
    n.apply_all([
        Change::unrelate(k("a"), k("pact"), Party::new(Mode::Committing)),
        party("a", "pact", Party::new(Mode::Supporting)),
    ])
    .unwrap();
    n.check_invariants().unwrap();
    let parties = n.parties("pact").unwrap();
    let modes: Vec<(&str, Mode)> = parties.iter().map(|(k, p)| (k.as_str(), p.mode)).collect();
    assert_eq!(modes, [("a", Mode::Supporting), ("b", Mode::Committing)]);
}

#[test]
fn a_clause_naming_a_non_party_is_refused_when_the_change_commits() {
    let mut n = net([add_assoc("a"), add_assoc("b"), add_assoc("c")]);
    // A single change: the contract alone names parties it does not have.
    assert_eq!(
        refused(
            &mut n,
            add_contract("pact", moral(&[("a", "b"), ("b", "a")]))
        ),
        ChangeError::ClauseWithoutParty {
            contract: k("pact"),
            party: k("a")
        }
    );
    // A batch is blamed on the last change that touched the contract, not on
    // the last change of the batch.
    let err = refused_batch(
        &mut n,
        vec![
            add_contract("pact", moral(&[("a", "b"), ("b", "a")])),
            committing("a", "pact"),
            add_person("bystander"),
        ],
    );
    assert_eq!(
        err,
        BatchError {
            index: 1,
            error: ChangeError::ClauseWithoutParty {
                contract: k("pact"),
                party: k("b")
            }
        }
    );
    // The same batch with the missing party is accepted.
    n.apply_all([
        add_contract("pact", moral(&[("a", "b"), ("b", "a")])),
        committing("a", "pact"),
        add_person("bystander"),
        committing("b", "pact"),
    ])
    .unwrap();
    n.check_invariants().unwrap();
    // An update that names a node that is not a party, or no node at all.
    assert_eq!(
        refused(&mut n, update("pact", moral(&[("a", "b"), ("b", "c")]))),
        ChangeError::ClauseWithoutParty {
            contract: k("pact"),
            party: k("c")
        }
    );
    assert_eq!(
        refused(&mut n, update("pact", moral(&[("ghost", "a")]))),
        ChangeError::ClauseWithoutParty {
            contract: k("pact"),
            party: k("ghost")
        }
    );
    // Nearest valid: make `c` a party in the same batch.
    n.apply_all([
        update("pact", moral(&[("a", "b"), ("b", "c"), ("c", "a")])),
        committing("c", "pact"),
    ])
    .unwrap();
    n.check_invariants().unwrap();
    // Any mode of party-to counts as a party for the clause check.
    accepted(&mut n, add_person("s"));
    let err = refused_batch(
        &mut n,
        vec![update("pact", moral(&[("a", "b"), ("b", "c"), ("c", "s")]))],
    );
    assert_eq!(
        err,
        BatchError {
            index: 0,
            error: ChangeError::ClauseWithoutParty {
                contract: k("pact"),
                party: k("s")
            }
        }
    );
    n.apply_all([
        party("s", "pact", Party::new(Mode::NonSignatory)),
        update(
            "pact",
            moral(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "s")]),
        ),
    ])
    .unwrap();
    n.check_invariants().unwrap();
}

#[test]
fn a_party_named_by_a_clause_cannot_leave_the_contract() {
    let mut n = pact_net(&["a", "b"], &[("a", "b"), ("b", "a")]);
    accepted(&mut n, add_assoc("s"));
    accepted(&mut n, party("s", "pact", Party::new(Mode::Supporting)));
    // Removing its party-to.
    assert_eq!(
        refused(
            &mut n,
            Change::unrelate(k("a"), k("pact"), Party::new(Mode::Committing))
        ),
        ChangeError::ClauseWithoutParty {
            contract: k("pact"),
            party: k("a")
        }
    );
    // Removing the party itself, with its relations.
    assert_eq!(
        refused(&mut n, Change::remove_with_relations(k("b"))),
        ChangeError::ClauseWithoutParty {
            contract: k("pact"),
            party: k("b")
        }
    );
    // Without its relations, the node is still in use.
    assert_eq!(
        refused(&mut n, Change::remove(k("b"))),
        ChangeError::NodeInUse {
            key: k("b"),
            relations: 1
        }
    );
    // In a batch, blamed on the removal, the last change touching `pact`.
    let err = refused_batch(
        &mut n,
        vec![
            add_person("x"),
            Change::remove_with_relations(k("a")),
            add_person("y"),
        ],
    );
    assert_eq!(
        err,
        BatchError {
            index: 1,
            error: ChangeError::ClauseWithoutParty {
                contract: k("pact"),
                party: k("a")
            }
        }
    );
    // Nearest valid: a party that no clause names leaves freely…
    accepted(&mut n, Change::remove_with_relations(k("s")));
    // …and a named party leaves once its clauses go in the same batch.
    n.apply_all([
        update("pact", moral(&[])),
        Change::remove_with_relations(k("b")),
    ])
    .unwrap();
    n.check_invariants().unwrap();
    assert_eq!(n.parties("pact").unwrap().len(), 1);
    // The contract itself may go with its relations.
    accepted(&mut n, Change::remove_with_relations(k("pact")));
    assert_eq!(n.relation_count(), 0);
}

#[test]
fn a_party_cannot_give_to_itself() {
    let mut n = pact_net(&["a", "b"], &[("a", "b"), ("b", "a")]);
    assert_eq!(
        refused(
            &mut n,
            update("pact", moral(&[("a", "b"), ("b", "a"), ("a", "a")]))
        ),
        ChangeError::ClauseToSelf {
            contract: k("pact"),
            party: k("a")
        }
    );
    // Even in a new contract whose parties do not exist yet.
    assert_eq!(
        refused(&mut n, add_contract("other", moral(&[("b", "b")]))),
        ChangeError::ClauseToSelf {
            contract: k("other"),
            party: k("b")
        }
    );
    let err = refused_batch(
        &mut n,
        vec![
            add_contract("other", moral(&[("b", "b")])),
            committing("b", "other"),
        ],
    );
    assert_eq!(
        err,
        BatchError {
            index: 1,
            error: ChangeError::ClauseToSelf {
                contract: k("other"),
                party: k("b")
            }
        }
    );
    // Nearest valid: the same gift to the other party.
    accepted(
        &mut n,
        update("pact", moral(&[("a", "b"), ("b", "a"), ("a", "b")])),
    );
}

#[test]
fn money_clauses_are_never_negative() {
    let mut n = pact_net(&["a", "b"], &[("a", "b"), ("b", "a")]);
    let negative = contract(Nature::Moral, [knowledge("a", "b"), money("b", "a", -1)]);
    assert_eq!(
        refused(&mut n, update("pact", negative)),
        ChangeError::NegativeAmount {
            key: k("pact"),
            amount: Money::new(-1, EUR)
        }
    );
    assert_eq!(
        refused(
            &mut n,
            add_contract("other", contract(Nature::Legal, [money("a", "b", -5_000)]))
        ),
        ChangeError::NegativeAmount {
            key: k("other"),
            amount: Money::new(-5_000, EUR)
        }
    );
    // Nearest valid: zero, then a positive amount.
    accepted(
        &mut n,
        update(
            "pact",
            contract(Nature::Moral, [knowledge("a", "b"), money("b", "a", 0)]),
        ),
    );
    accepted(
        &mut n,
        update(
            "pact",
            contract(Nature::Moral, [knowledge("a", "b"), money("b", "a", 50_00)]),
        ),
    );
}

fn life(steps: &[(Date, ContractStatus)]) -> Lifecycle<ContractStatus> {
    steps
        .iter()
        .fold(Lifecycle::new(ContractStatus::Draft), |l, (d, s)| {
            l.then(*d, *s).unwrap()
        })
}

#[test]
fn contract_lifecycles_only_move_forward() {
    use ContractStatus::{Active, Draft, Ended, Proposed, Signed, Terminated};
    let (d1, d2, d3) = (
        date!(2018 - 01 - 10),
        date!(2018 - 02 - 01),
        date!(2018 - 06 - 30),
    );
    let clauses = || [knowledge("a", "b"), knowledge("b", "a")];
    let pact =
        |l: Lifecycle<ContractStatus>| update("pact", with_life(Nature::Moral, l, clauses()));
    let build = |l: Lifecycle<ContractStatus>| {
        net([
            add_assoc("a"),
            add_assoc("b"),
            add_contract("pact", with_life(Nature::Moral, l, clauses())),
            committing("a", "pact"),
            committing("b", "pact"),
        ])
    };
    let backwards = |from, to| ChangeError::LifecycleBackwards {
        key: k("pact"),
        from,
        to,
    };

    // active → draft
    let mut n = build(life(&[(d1, Active)]));
    assert_eq!(
        refused(&mut n, pact(life(&[]))),
        backwards("active", "draft")
    );
    let mut n = build(Lifecycle::new(Active));
    assert_eq!(
        refused(&mut n, pact(Lifecycle::new(Draft))),
        backwards("active", "draft")
    );
    // ended → active
    let mut n = build(life(&[(d1, Active), (d3, Ended)]));
    assert_eq!(
        refused(&mut n, pact(life(&[(d1, Active)]))),
        backwards("ended", "active")
    );
    // terminated → ended
    let mut n = build(life(&[(d1, Active), (d2, Terminated)]));
    assert_eq!(
        refused(&mut n, pact(life(&[(d1, Active), (d2, Ended)]))),
        backwards("terminated", "ended")
    );
    // Rewriting the date of a recorded step is refused too.
    let mut n = build(life(&[(d1, Active)]));
    assert_eq!(
        refused(&mut n, pact(life(&[(d2, Active)]))),
        backwards("active", "active")
    );

    // Forward, one step at a time…
    let mut n = build(life(&[]));
    accepted(&mut n, pact(life(&[(d1, Proposed)])));
    accepted(&mut n, pact(life(&[(d1, Proposed), (d2, Signed)])));
    accepted(
        &mut n,
        pact(life(&[(d1, Proposed), (d2, Signed), (d3, Active)])),
    );
    // …an update that keeps the lifecycle…
    accepted(
        &mut n,
        pact(life(&[(d1, Proposed), (d2, Signed), (d3, Active)])),
    );
    assert_eq!(n.contract("pact").unwrap().status_at(d3), Active);
    // …and skipping forward.
    let mut n = build(life(&[]));
    accepted(&mut n, pact(life(&[(d1, Active)])));
    accepted(&mut n, pact(life(&[(d1, Active), (d2, Terminated)])));
    let mut n = build(life(&[]));
    accepted(&mut n, pact(life(&[(d1, Ended)])));

    // The lifecycle itself refuses a backward or final step.
    assert_eq!(
        Lifecycle::new(Active).then(d1, Draft),
        Err(LifecycleError::Backwards {
            from: "active",
            to: "draft"
        })
    );
    assert_eq!(
        Lifecycle::new(Ended).then(d1, Active),
        Err(LifecycleError::Backwards {
            from: "ended",
            to: "active"
        })
    );
    assert_eq!(
        Lifecycle::new(Terminated).then(d1, Ended),
        Err(LifecycleError::Backwards {
            from: "terminated",
            to: "ended"
        })
    );
    assert!(Lifecycle::new(Draft).then(d1, Signed).is_ok());
}

#[test]
fn a_term_ends_on_or_after_its_start() {
    let before = date!(2017 - 12 - 31);
    assert_eq!(
        Term::new(START, Some(before)),
        Err(PeriodError {
            since: START,
            until: before
        })
    );
    let one_day = Term::new(START, Some(START)).unwrap();
    assert_eq!((one_day.start(), one_day.end()), (START, Some(START)));
    assert_eq!(Term::from(START).end(), None);
    let mut n = net([add_assoc("a"), add_assoc("b")]);
    let mut c = moral(&[("a", "b"), ("b", "a")]);
    c.term = one_day;
    n.apply_all([
        add_contract("pact", c),
        committing("a", "pact"),
        committing("b", "pact"),
    ])
    .unwrap();
    assert_eq!(n.contract("pact").unwrap().term, one_day);
}

// ===== rules =====

#[test]
fn contract_rules_have_their_default_levels() {
    for (rule, level) in [
        (Rule::NonReciprocal, Level::Error),
        (Rule::SingleParty, Level::Error),
        (Rule::LegalCapacity, Level::Error),
        (Rule::SupportingCommits, Level::Error),
        (Rule::ContractExpired, Level::Warning),
        (Rule::UnmandatedAct, Level::Error),
        (Rule::NeedsCarrier, Level::Error),
        (Rule::CarrierScope, Level::Warning),
        (Rule::NoSignatory, Level::Warning),
    ] {
        assert_eq!(rule.default_level(), level, "{rule}");
    }
    // A finding carries its rule's level.
    let n = pact_net(&["a", "b"], &[("a", "b")]);
    let report = n.validate(AS_OF);
    let f = report.of_rule(Rule::NonReciprocal).next().unwrap();
    assert_eq!(f.level, Level::Error);
    assert!(f.hint().is_some());
}

#[test]
fn non_reciprocal_fires_for_a_party_that_only_gives() {
    let n = pact_net(&["a", "b", "c"], &[("a", "b"), ("b", "a"), ("c", "a")]);
    let report = n.validate(AS_OF);
    fires_once(&report, Rule::NonReciprocal, &["pact", "c"]);
    assert!(
        message(&report, Rule::NonReciprocal).contains("`c` only gives"),
        "{report}"
    );
}

#[test]
fn non_reciprocal_fires_for_a_party_that_only_receives() {
    let n = pact_net(&["a", "b", "c"], &[("a", "b"), ("b", "a"), ("a", "c")]);
    let report = n.validate(AS_OF);
    fires_once(&report, Rule::NonReciprocal, &["pact", "c"]);
    assert!(
        message(&report, Rule::NonReciprocal).contains("`c` only receives"),
        "{report}"
    );
    // A party with no clause at all.
    let n = pact_net(&["a", "b", "c"], &[("a", "b"), ("b", "a")]);
    let report = n.validate(AS_OF);
    fires_once(&report, Rule::NonReciprocal, &["pact", "c"]);
    assert!(message(&report, Rule::NonReciprocal).contains("`c` neither gives nor receives"));
    // A one-way pair: both are to blame.
    let n = pact_net(&["a", "b"], &[("a", "b")]);
    fires_once(&n.validate(AS_OF), Rule::NonReciprocal, &["pact", "a", "b"]);
}

#[test]
fn non_reciprocal_fires_for_separate_circles_naming_every_party() {
    let n = pact_net(
        &["a", "b", "c", "d"],
        &[("a", "b"), ("b", "a"), ("c", "d"), ("d", "c")],
    );
    let report = n.validate(AS_OF);
    fires_once(&report, Rule::NonReciprocal, &["pact", "a", "b", "c", "d"]);
    assert!(
        message(&report, Rule::NonReciprocal)
            .contains("the circles {a, b} and {c, d} do not give to each other"),
        "{report}"
    );
    // One bridge one way is not enough: {a, b} gives to {c, d}, never back.
    let n = pact_net(
        &["a", "b", "c", "d"],
        &[("a", "b"), ("b", "a"), ("c", "d"), ("d", "c"), ("b", "c")],
    );
    fires_once(
        &n.validate(AS_OF),
        Rule::NonReciprocal,
        &["pact", "a", "b", "c", "d"],
    );
    // A bridge each way joins them.
    let n = pact_net(
        &["a", "b", "c", "d"],
        &[
            ("a", "b"),
            ("b", "a"),
            ("c", "d"),
            ("d", "c"),
            ("b", "c"),
            ("d", "a"),
        ],
    );
    silent(&n.validate(AS_OF), Rule::NonReciprocal);
}

#[test]
fn non_reciprocal_is_silent_for_direct_and_circular_reciprocity() {
    let direct = pact_net(&["a", "b"], &[("a", "b"), ("b", "a")]);
    let report = direct.validate(AS_OF);
    silent(&report, Rule::NonReciprocal);
    silent(&report, Rule::SingleParty);
    let circle = pact_net(&["a", "b", "c"], &[("a", "b"), ("b", "c"), ("c", "a")]);
    let report = circle.validate(AS_OF);
    silent(&report, Rule::NonReciprocal);
    silent(&report, Rule::SingleParty);
    // Gifts of every kind count alike; persons may be parties.
    let n = net([
        add_person("p"),
        add_assoc("b"),
        add_assoc("c"),
        add_contract(
            "pact",
            contract(
                Nature::Moral,
                [
                    money("p", "b", 10_00),
                    Clause::new(
                        k("b"),
                        k("c"),
                        Gift::Time {
                            hours: 3,
                            frequency: Frequency::Weekly,
                        },
                    ),
                    Clause::new(k("c"), k("p"), Gift::UsageRight("CC BY-SA 4.0".into())),
                ],
            ),
        ),
        committing("p", "pact"),
        committing("b", "pact"),
        committing("c", "pact"),
    ]);
    silent(&n.validate(AS_OF), Rule::NonReciprocal);
}

#[test]
fn ended_and_terminated_contracts_are_not_checked_for_reciprocity() {
    use ContractStatus::{Active, Draft, Ended, Terminated};
    for last in [Ended, Terminated] {
        let l = Lifecycle::new(Draft)
            .then(date!(2018 - 01 - 10), Active)
            .unwrap()
            .then(date!(2018 - 02 - 01), last)
            .unwrap();
        let n = net([
            add_assoc("a"),
            add_assoc("b"),
            add_assoc("c"),
            // The supporting `c` gives: supporting-commits has something
            // to look at.
            add_contract(
                "pact",
                with_life(Nature::Moral, l, [knowledge("a", "b"), knowledge("c", "a")]),
            ),
            committing("a", "pact"),
            committing("b", "pact"),
            party("c", "pact", Party::new(Mode::Supporting)),
        ]);
        let report = n.validate(AS_OF);
        for rule in [
            Rule::NonReciprocal,
            Rule::SingleParty,
            Rule::SupportingCommits,
            Rule::ContractExpired,
        ] {
            silent(&report, rule);
        }
        // While it was active, it was flagged.
        let report = n.validate(datetime!(2018-01-15 12:00 +01:00));
        fires_once(&report, Rule::NonReciprocal, &["pact", "a", "b"]);
        fires_once(&report, Rule::SupportingCommits, &["pact", "c"]);
    }
}

#[test]
fn clauses_with_supporting_parties_do_not_make_a_circle() {
    // a → b among committing parties; b → s → a goes through a supporting
    // signatory and does not count.
    let n = net([
        add_assoc("a"),
        add_assoc("b"),
        add_assoc("s"),
        add_contract("pact", moral(&[("a", "b"), ("b", "s"), ("s", "a")])),
        committing("a", "pact"),
        committing("b", "pact"),
        party("s", "pact", Party::new(Mode::Supporting)),
    ]);
    let report = n.validate(AS_OF);
    fires_once(&report, Rule::NonReciprocal, &["pact", "a", "b"]);
    assert!(message(&report, Rule::NonReciprocal).contains("`a` only gives"));
    assert!(message(&report, Rule::NonReciprocal).contains("`b` only receives"));
    fires_once(&report, Rule::SupportingCommits, &["pact", "s"]);
    // Nor through a non-signatory participant.
    let n = net([
        add_assoc("a"),
        add_assoc("b"),
        add_person("n"),
        add_contract("pact", moral(&[("a", "b"), ("b", "n"), ("n", "a")])),
        committing("a", "pact"),
        committing("b", "pact"),
        party("n", "pact", Party::new(Mode::NonSignatory)),
    ]);
    fires_once(&n.validate(AS_OF), Rule::NonReciprocal, &["pact", "a", "b"]);
    // A supporting signatory that only receives spoils nothing.
    let n = net([
        add_assoc("a"),
        add_assoc("b"),
        add_assoc("s"),
        add_contract("pact", moral(&[("a", "b"), ("b", "a"), ("a", "s")])),
        committing("a", "pact"),
        committing("b", "pact"),
        party("s", "pact", Party::new(Mode::Supporting)),
    ]);
    let report = n.validate(AS_OF);
    silent(&report, Rule::NonReciprocal);
    silent(&report, Rule::SupportingCommits);
}

#[test]
fn single_party_fires_with_one_or_no_committing_party() {
    // One committing party, one supporting signatory.
    let n = net([
        add_assoc("a"),
        add_assoc("s"),
        add_contract("pact", moral(&[("a", "s")])),
        committing("a", "pact"),
        party("s", "pact", Party::new(Mode::Supporting)),
    ]);
    let report = n.validate(AS_OF);
    fires_once(&report, Rule::SingleParty, &["pact", "a"]);
    silent(&report, Rule::NonReciprocal);
    assert!(message(&report, Rule::SingleParty).contains("single committing party, `a`"));
    // None at all: no parties, or only a non-signatory.
    let n = net([add_contract("pact", moral(&[]))]);
    fires_once(&n.validate(AS_OF), Rule::SingleParty, &["pact"]);
    let n = net([
        add_person("n"),
        add_contract("pact", moral(&[])),
        party("n", "pact", Party::new(Mode::NonSignatory)),
    ]);
    let report = n.validate(AS_OF);
    fires_once(&report, Rule::SingleParty, &["pact"]);
    assert!(message(&report, Rule::SingleParty).contains("no committing party"));
    // Silent with two, and for a contract that has ended.
    silent(
        &pact_net(&["a", "b"], &[("a", "b"), ("b", "a")]).validate(AS_OF),
        Rule::SingleParty,
    );
    let ended = Lifecycle::new(ContractStatus::Active)
        .then(date!(2018 - 02 - 01), ContractStatus::Ended)
        .unwrap();
    let n = net([add_contract("pact", with_life(Nature::Moral, ended, []))]);
    silent(&n.validate(AS_OF), Rule::SingleParty);
}

/// `anis` carries the collective `x` with `scope`; `p` holds anis's signing
/// mandate, `q` holds none; `x` (as `x_party`) and the association `b`
/// commit to `pact`, of `nature`, giving each other knowledge.
fn carried(nature: Nature, scope: &[ScopeKind], x_party: Party) -> Network {
    net([
        add_assoc("anis"),
        add_collective("x"),
        add_assoc("b"),
        add_person("p"),
        add_person("q"),
        carries("anis", "x", scope, Period::ALWAYS),
        mandate("p", "anis", &[Act::Sign], Period::ALWAYS),
        add_contract(
            "pact",
            contract(nature, [knowledge("x", "b"), knowledge("b", "x")]),
        ),
        party("x", "pact", x_party),
        committing("b", "pact"),
    ])
}

#[test]
fn legal_capacity_fires_when_nobody_signs_for_a_collective() {
    let n = carried(Nature::Legal, ALL, Party::new(Mode::Committing));
    let report = n.validate(AS_OF);
    fires_once(&report, Rule::LegalCapacity, &["pact", "x"]);
    assert!(message(&report, Rule::LegalCapacity).contains("nobody signed for it"));
    // The date alone is not a signature.
    let n = carried(
        Nature::Legal,
        ALL,
        Party::new(Mode::Committing).signed(SIGNED, None),
    );
    fires_once(&n.validate(AS_OF), Rule::LegalCapacity, &["pact", "x"]);
}

#[test]
fn legal_capacity_fires_when_the_signer_has_no_carriers_mandate() {
    // Signed by someone without any mandate.
    let n = carried(Nature::Legal, ALL, signed_by("q"));
    let report = n.validate(AS_OF);
    fires_once(&report, Rule::LegalCapacity, &["pact", "x", "q"]);
    fires_once(&report, Rule::UnmandatedAct, &["q", "x", "pact"]);
    // Signed by the carrier's signatory, but the carrying has no legal scope.
    let n = carried(
        Nature::Legal,
        &[ScopeKind::Administrative, ScopeKind::Financial],
        signed_by("p"),
    );
    let report = n.validate(AS_OF);
    fires_once(&report, Rule::LegalCapacity, &["pact", "x", "p"]);
    fires_once(&report, Rule::UnmandatedAct, &["p", "x", "pact"]);
    // Signed under the collective's own mandate: a valid signature, but it
    // does not lend the collective a legal personality.
    let mut n = carried(Nature::Legal, ALL, signed_by("q"));
    accepted(&mut n, mandate("q", "x", &[Act::Sign], Period::ALWAYS));
    let report = n.validate(AS_OF);
    fires_once(&report, Rule::LegalCapacity, &["pact", "x", "q"]);
    silent(&report, Rule::UnmandatedAct);
}

#[test]
fn legal_capacity_is_silent_when_the_carrier_signs_or_nothing_binds_in_law() {
    // The carrier's mandated person signs for the collective.
    let n = carried(Nature::Legal, ALL, signed_by("p"));
    let report = n.validate(AS_OF);
    silent(&report, Rule::LegalCapacity);
    silent(&report, Rule::UnmandatedAct);
    silent(&report, Rule::NeedsCarrier);
    // The carrier's signatory who also holds the collective's own Sign
    // mandate still signs as the carrier's signatory.
    let mut n = carried(Nature::Legal, ALL, signed_by("p"));
    accepted(&mut n, mandate("p", "x", &[Act::Sign], Period::ALWAYS));
    let report = n.validate(AS_OF);
    silent(&report, Rule::LegalCapacity);
    silent(&report, Rule::UnmandatedAct);
    // A moral contract: a collective commits on its own.
    let n = carried(Nature::Moral, ALL, Party::new(Mode::Committing));
    silent(&n.validate(AS_OF), Rule::LegalCapacity);
    // Legal persons (the association `b`, unsigned) need nobody; nor does a
    // collective that only supports.
    let mut n = carried(Nature::Legal, ALL, Party::new(Mode::Supporting));
    n.apply_all([
        committing("anis", "pact"),
        update("pact", legal(&[("b", "anis"), ("anis", "b")])),
    ])
    .unwrap();
    let report = n.validate(AS_OF);
    silent(&report, Rule::LegalCapacity);
    silent(&report, Rule::NeedsCarrier);
}

#[test]
fn legal_capacity_follows_carriers_of_carriers_and_the_signing_day() {
    // `x` carried by `mid`, itself carried by ANIS, both with legal scope;
    // `p` signs under ANIS's mandate alone: a carrier the search reaches.
    let chain = |anis_scope: &[ScopeKind], mandate_period: Period, signed: Date| {
        net([
            add_assoc("anis"),
            add_assoc("mid"),
            add_collective("x"),
            add_assoc("b"),
            add_person("p"),
            carries("anis", "mid", anis_scope, Period::ALWAYS),
            carries("mid", "x", ALL, Period::ALWAYS),
            mandate("p", "anis", &[Act::Sign], mandate_period),
            add_contract(
                "pact",
                contract(Nature::Legal, [knowledge("x", "b"), knowledge("b", "x")]),
            ),
            party(
                "x",
                "pact",
                Party::new(Mode::Committing).signed(signed, Some(k("p"))),
            ),
            committing("b", "pact"),
        ])
    };
    let report = chain(ALL, Period::ALWAYS, SIGNED).validate(AS_OF);
    silent(&report, Rule::LegalCapacity);
    silent(&report, Rule::UnmandatedAct);
    // The upper carrying has no legal scope: the chain is cut.
    let admin = &[ScopeKind::Administrative, ScopeKind::Financial];
    let report = chain(admin, Period::ALWAYS, SIGNED).validate(AS_OF);
    fires_once(&report, Rule::LegalCapacity, &["pact", "x", "p"]);
    // A mandate over by the as-of date still covers a signature made
    // while it held; one that ended before the signing day does not.
    let until_feb = Period::until(date!(2018 - 02 - 01));
    let report = chain(ALL, until_feb, SIGNED).validate(AS_OF);
    silent(&report, Rule::LegalCapacity);
    let report = chain(ALL, until_feb, date!(2018 - 02 - 15)).validate(AS_OF);
    fires_once(&report, Rule::LegalCapacity, &["pact", "x", "p"]);
}

#[test]
fn supporting_commits_fires_for_givers_that_do_not_commit() {
    let n = net([
        add_assoc("a"),
        add_assoc("b"),
        add_assoc("s"),
        add_person("n"),
        add_assoc("r"),
        add_contract(
            "pact",
            moral(&[("a", "b"), ("b", "a"), ("s", "a"), ("n", "b"), ("a", "r")]),
        ),
        committing("a", "pact"),
        committing("b", "pact"),
        party("s", "pact", Party::new(Mode::Supporting)),
        party("n", "pact", Party::new(Mode::NonSignatory)),
        party("r", "pact", Party::new(Mode::Supporting)),
    ]);
    let report = n.validate(AS_OF);
    fires(&report, Rule::SupportingCommits, &["pact", "s"]);
    fires(&report, Rule::SupportingCommits, &["pact", "n"]);
    // `r` only receives.
    assert_eq!(
        report.of_rule(Rule::SupportingCommits).count(),
        2,
        "{report}"
    );
    let text = message(&report, Rule::SupportingCommits);
    assert!(text.contains("as a supporting signatory, yet gives in 1 clause(s)"));
    assert!(text.contains("as a non-signatory, yet gives in 1 clause(s)"));
    silent(&report, Rule::NonReciprocal);
    // Committing parties may give.
    silent(
        &pact_net(&["a", "b"], &[("a", "b"), ("b", "a")]).validate(AS_OF),
        Rule::SupportingCommits,
    );
}

#[test]
fn contract_expired_fires_after_the_end_of_term_only() {
    let end = date!(2018 - 02 - 28);
    let build = |l: Lifecycle<ContractStatus>| {
        let mut c = with_life(Nature::Moral, l, [knowledge("a", "b"), knowledge("b", "a")]);
        c.term = Term::new(START, Some(end)).unwrap();
        net([
            add_assoc("a"),
            add_assoc("b"),
            add_contract("pact", c),
            committing("a", "pact"),
            committing("b", "pact"),
        ])
    };
    let n = build(Lifecycle::new(ContractStatus::Active));
    let report = n.validate(AS_OF);
    fires_once(&report, Rule::ContractExpired, &["pact"]);
    assert_eq!(
        report.of_rule(Rule::ContractExpired).next().unwrap().level,
        Level::Warning
    );
    assert!(message(&report, Rule::ContractExpired).contains("2018-02-28"));
    // Before and on its last day.
    silent(
        &n.validate(datetime!(2018-02-28 23:00 +01:00)),
        Rule::ContractExpired,
    );
    silent(
        &n.validate(datetime!(2018-02-01 12:00 +01:00)),
        Rule::ContractExpired,
    );
    // Recorded as ended on its last day.
    let n = build(
        Lifecycle::new(ContractStatus::Active)
            .then(end, ContractStatus::Ended)
            .unwrap(),
    );
    silent(&n.validate(AS_OF), Rule::ContractExpired);
    // Only active contracts expire: one still signed is not in force.
    let n = build(Lifecycle::new(ContractStatus::Signed));
    silent(&n.validate(AS_OF), Rule::ContractExpired);
    // Without an end, never.
    silent(
        &pact_net(&["a", "b"], &[("a", "b"), ("b", "a")])
            .validate(datetime!(2099-01-01 12:00 +01:00)),
        Rule::ContractExpired,
    );
}

/// The association `a` signs `pact` on `SIGNED` through `p`, who holds a
/// mandate from `a` for `acts` during `period`; `b` commits unsigned.
fn signature(acts: &[Act], period: Period) -> Report {
    net([
        add_assoc("a"),
        add_assoc("b"),
        add_person("p"),
        mandate("p", "a", acts, period),
        add_contract("pact", moral(&[("a", "b"), ("b", "a")])),
        party("a", "pact", signed_by("p")),
        committing("b", "pact"),
    ])
    .validate(AS_OF)
}

#[test]
fn unmandated_act_is_silent_when_a_mandate_covers_the_signature() {
    let report = signature(&[Act::Sign], Period::ALWAYS);
    silent(&report, Rule::UnmandatedAct);
    assert!(!report.has(Rule::NoSignatory, &["a"]), "{report}");
    // A mandate of a single day, the signing day.
    silent(
        &signature(&[Act::Sign, Act::File], between(SIGNED, SIGNED)),
        Rule::UnmandatedAct,
    );
}

#[test]
fn unmandated_act_fires_when_the_mandate_does_not_cover_signing() {
    let report = signature(&[Act::Speak, Act::File], Period::ALWAYS);
    fires_once(&report, Rule::UnmandatedAct, &["p", "a", "pact"]);
    assert!(
        message(&report, Rule::UnmandatedAct).contains("grants only"),
        "{report}"
    );
}

#[test]
fn unmandated_act_fires_when_the_mandate_has_expired_at_the_signing_date() {
    let report = signature(&[Act::Sign], Period::until(date!(2018 - 01 - 09)));
    fires_once(&report, Rule::UnmandatedAct, &["p", "a", "pact"]);
    assert!(message(&report, Rule::UnmandatedAct).contains("2018-01-10"));
}

#[test]
fn unmandated_act_fires_when_the_mandate_begins_after_the_signing_date() {
    // The mandate holds at the as-of date, but not when `p` signed.
    let report = signature(&[Act::Sign], Period::since(date!(2018 - 01 - 11)));
    fires_once(&report, Rule::UnmandatedAct, &["p", "a", "pact"]);
}

#[test]
fn unmandated_act_fires_for_a_signature_for_another_person() {
    let build = |p1: Party| {
        net([
            add_person("p1"),
            add_person("p2"),
            add_contract("pact", moral(&[("p1", "p2"), ("p2", "p1")])),
            party("p1", "pact", p1),
            committing("p2", "pact"),
        ])
        .validate(AS_OF)
    };
    let report = build(signed_by("p2"));
    fires_once(&report, Rule::UnmandatedAct, &["p2", "p1", "pact"]);
    assert!(message(&report, Rule::UnmandatedAct).contains("is a person and signs for themself"));
    // A person signs personally, named or not.
    silent(&build(signed_by("p1")), Rule::UnmandatedAct);
    silent(
        &build(Party::new(Mode::Committing).signed(SIGNED, None)),
        Rule::UnmandatedAct,
    );
}

#[test]
fn a_signer_that_is_no_person_is_refused() {
    for signer in ["b", "ghost"] {
        let mut n = Network::new();
        let err = n
            .apply_all([
                add_assoc("a"),
                add_assoc("b"),
                add_contract("pact", moral(&[("a", "b"), ("b", "a")])),
                party("a", "pact", signed_by(signer)),
                committing("b", "pact"),
            ])
            .unwrap_err();
        assert_eq!(
            err.error,
            communs::ChangeError::DanglingReference {
                key: k("pact"),
                reference: k(signer),
                expected: communs::NodeKind::Person
            }
        );
        assert!(n.is_empty());
    }
}

/// A party or a filing added to a contract or an application already in
/// the network has its signatory checked alone (the contract is not checked
/// whole again), by a single change or in a batch: refused when it names no
/// person, blamed on the change that added it, the network unchanged.
#[test]
fn a_signer_added_to_a_committed_contract_or_application_is_checked() {
    let base = || {
        net([
            add_assoc("a"),
            add_assoc("b"),
            add_assoc("c"),
            add_person("p"),
            add_contract("pact", moral(&[("a", "b"), ("b", "a")])),
            committing("a", "pact"),
            committing("b", "pact"),
            Change::add(
                k("dossier"),
                communs::Application::new(
                    "Dossier",
                    "Programme",
                    date!(2018 - 03 - 01),
                    Lifecycle::new(communs::ApplicationStatus::Drafting),
                ),
            ),
        ])
    };
    let filing = |by: &str| Change::relate(k("c"), k("dossier"), communs::Filing::new(Some(k(by))));
    for signer in ["b", "ghost"] {
        let dangling = |key: &str| ChangeError::DanglingReference {
            key: k(key),
            reference: k(signer),
            expected: NodeKind::Person,
        };
        let mut n = base();
        assert_eq!(
            refused(&mut n, party("c", "pact", signed_by(signer))),
            dangling("pact")
        );
        assert_eq!(refused(&mut n, filing(signer)), dangling("dossier"));
        let before = json(&n);
        let err = n
            .apply_all([
                add_person("q"),
                party("c", "pact", signed_by(signer)),
                add_person("r"),
            ])
            .unwrap_err();
        assert_eq!((err.index, err.error), (1, dangling("pact")));
        assert_eq!(json(&n), before);
    }
    // A relation removed in the batch frees its index for the next one
    // added: the failure is blamed on the change that added the faulty one.
    let mut n = base();
    n.apply(add_assoc("d")).unwrap();
    let before = json(&n);
    let err = n
        .apply_all([
            party("c", "pact", signed_by("p")),
            Change::unrelate(k("c"), k("pact"), signed_by("p")),
            filing("ghost"),
        ])
        .unwrap_err();
    assert_eq!(
        (err.index, err.error),
        (
            2,
            ChangeError::DanglingReference {
                key: k("dossier"),
                reference: k("ghost"),
                expected: NodeKind::Person,
            }
        )
    );
    assert_eq!(json(&n), before);
    // A person, or a person added later in the same batch, signs.
    let mut n = base();
    n.apply(party("c", "pact", signed_by("p"))).unwrap();
    n.apply(filing("p")).unwrap();
    let mut n = base();
    n.apply_all([
        party("c", "pact", signed_by("q")),
        filing("q"),
        add_person("q"),
    ])
    .unwrap();
    n.check_invariants().unwrap();
}

/// Parties join a contract one change at a time: each change checks the
/// new party's signatory, not the whole contract again, so 20 000 parties
/// joining one by one cost what they touch (checking every clause and
/// party at each join was quadratic).
#[test]
fn parties_join_a_large_contract_one_change_at_a_time() {
    const PARTIES: usize = 20_000;
    let mut n = net([
        add_assoc("a"),
        add_assoc("b"),
        add_person("p"),
        add_contract("pact", moral(&[("a", "b"), ("b", "a")])),
        committing("a", "pact"),
        committing("b", "pact"),
    ]);
    for i in 0..PARTIES {
        let key = format!("s{i}");
        n.apply(add_assoc(&key)).unwrap();
        n.apply(party(
            &key,
            "pact",
            Party::new(Mode::Supporting).signed(SIGNED, Some(k("p"))),
        ))
        .unwrap();
    }
    assert_eq!(n.relations_of("pact").unwrap().len(), PARTIES + 2);
    n.check_invariants().unwrap();
}

#[test]
fn needs_carrier_fires_for_a_collective_in_a_legal_contract_without_carrier() {
    let build = |nature: Nature, carrying: Option<Period>| {
        let mut changes = vec![
            add_assoc("anis"),
            add_collective("x"),
            add_assoc("b"),
            add_contract(
                "pact",
                contract(nature, [knowledge("x", "b"), knowledge("b", "x")]),
            ),
            committing("x", "pact"),
            committing("b", "pact"),
        ];
        if let Some(period) = carrying {
            changes.push(carries("anis", "x", &[ScopeKind::Legal], period));
        }
        net(changes).validate(AS_OF)
    };
    let report = build(Nature::Legal, None);
    fires_once(&report, Rule::NeedsCarrier, &["x", "pact"]);
    assert!(message(&report, Rule::NeedsCarrier).contains("commits to the legal contract `pact`"));
    // A carrying that ended before the date does not count.
    fires_once(
        &build(Nature::Legal, Some(Period::until(date!(2017 - 12 - 31)))),
        Rule::NeedsCarrier,
        &["x", "pact"],
    );
    // Carried at the date: silent (legal-capacity still wants a signature).
    let report = build(Nature::Legal, Some(Period::ALWAYS));
    silent(&report, Rule::NeedsCarrier);
    fires(&report, Rule::LegalCapacity, &["pact", "x"]);
    // A moral contract, even uncarried: silent.
    silent(&build(Nature::Moral, None), Rule::NeedsCarrier);
}

#[test]
fn needs_carrier_ignores_supporting_collectives_and_ended_contracts() {
    let n = net([
        add_collective("x"),
        add_assoc("a"),
        add_assoc("b"),
        add_contract("pact", legal(&[("a", "b"), ("b", "a")])),
        committing("a", "pact"),
        committing("b", "pact"),
        party("x", "pact", Party::new(Mode::Supporting)),
    ]);
    silent(&n.validate(AS_OF), Rule::NeedsCarrier);
    let ended = Lifecycle::new(ContractStatus::Active)
        .then(date!(2018 - 02 - 01), ContractStatus::Terminated)
        .unwrap();
    let n = net([
        add_collective("x"),
        add_assoc("b"),
        add_contract(
            "pact",
            with_life(
                Nature::Legal,
                ended,
                [knowledge("x", "b"), knowledge("b", "x")],
            ),
        ),
        committing("x", "pact"),
        committing("b", "pact"),
    ]);
    silent(&n.validate(AS_OF), Rule::NeedsCarrier);
}

#[test]
fn carrier_scope_fires_when_money_flows_through_a_collective_carried_without_financial_scope() {
    let no_money = &[ScopeKind::Administrative, ScopeKind::Legal];
    // Money to the collective.
    let mut n = carried(Nature::Moral, no_money, Party::new(Mode::Committing));
    accepted(
        &mut n,
        update(
            "pact",
            contract(Nature::Moral, [knowledge("x", "b"), money("b", "x", 50_00)]),
        ),
    );
    let report = n.validate(AS_OF);
    fires_once(&report, Rule::CarrierScope, &["x", "anis", "pact"]);
    assert!(message(&report, Rule::CarrierScope).contains("does not carry it financially"));
    // Money from the collective.
    accepted(
        &mut n,
        update(
            "pact",
            contract(Nature::Moral, [money("x", "b", 50_00), knowledge("b", "x")]),
        ),
    );
    fires_once(
        &n.validate(AS_OF),
        Rule::CarrierScope,
        &["x", "anis", "pact"],
    );
    // Two carriers, neither financial: both named, in key order.
    accepted(&mut n, add_assoc("other"));
    accepted(
        &mut n,
        carries("other", "x", &[ScopeKind::Legal], Period::ALWAYS),
    );
    fires_once(
        &n.validate(AS_OF),
        Rule::CarrierScope,
        &["x", "anis", "other", "pact"],
    );
}

#[test]
fn carrier_scope_is_silent_with_financial_scope_or_without_money_through_the_collective() {
    let mut n = carried(Nature::Moral, ALL, Party::new(Mode::Committing));
    accepted(
        &mut n,
        update(
            "pact",
            contract(Nature::Moral, [knowledge("x", "b"), money("b", "x", 50_00)]),
        ),
    );
    silent(&n.validate(AS_OF), Rule::CarrierScope);
    // Money between others does not flow through the collective.
    let n = net([
        add_assoc("anis"),
        add_collective("x"),
        add_assoc("b"),
        add_assoc("c"),
        carries("anis", "x", &[ScopeKind::Administrative], Period::ALWAYS),
        add_contract(
            "pact",
            contract(
                Nature::Moral,
                [
                    knowledge("x", "b"),
                    money("b", "c", 50_00),
                    knowledge("c", "x"),
                ],
            ),
        ),
        committing("x", "pact"),
        committing("b", "pact"),
        committing("c", "pact"),
    ]);
    let report = n.validate(AS_OF);
    silent(&report, Rule::CarrierScope);
    silent(&report, Rule::NonReciprocal);
}

#[test]
fn no_signatory_fires_for_an_association_committing_with_nobody_to_sign() {
    let n = pact_net(&["a", "b"], &[("a", "b"), ("b", "a")]);
    let report = n.validate(AS_OF);
    fires(&report, Rule::NoSignatory, &["a"]);
    fires(&report, Rule::NoSignatory, &["b"]);
    assert!(message(&report, Rule::NoSignatory).contains("`a` commits to"));
    // A mandate to sign that has ended or does not include signing.
    let mut n = n;
    accepted(&mut n, add_person("p"));
    accepted(
        &mut n,
        mandate("p", "a", &[Act::Sign], Period::until(date!(2018 - 01 - 31))),
    );
    accepted(
        &mut n,
        mandate("p", "b", &[Act::Speak, Act::File], Period::ALWAYS),
    );
    let report = n.validate(AS_OF);
    fires(&report, Rule::NoSignatory, &["a"]);
    fires(&report, Rule::NoSignatory, &["b"]);
}

#[test]
fn no_signatory_is_silent_with_a_signer_or_without_a_live_commitment() {
    let mut n = pact_net(&["a", "b"], &[("a", "b"), ("b", "a")]);
    accepted(&mut n, add_person("p"));
    accepted(&mut n, mandate("p", "a", &[Act::Sign], Period::ALWAYS));
    let report = n.validate(AS_OF);
    assert!(!report.has(Rule::NoSignatory, &["a"]), "{report}");
    fires(&report, Rule::NoSignatory, &["b"]);
    // A supporting party commits to nothing.
    let n = net([
        add_assoc("a"),
        add_contract("pact", moral(&[])),
        party("a", "pact", Party::new(Mode::Supporting)),
    ]);
    silent(&n.validate(AS_OF), Rule::NoSignatory);
    // An ended contract binds no more.
    let ended = Lifecycle::new(ContractStatus::Active)
        .then(date!(2018 - 02 - 01), ContractStatus::Ended)
        .unwrap();
    let n = net([
        add_assoc("a"),
        add_assoc("b"),
        add_contract(
            "pact",
            with_life(
                Nature::Moral,
                ended,
                [knowledge("a", "b"), knowledge("b", "a")],
            ),
        ),
        committing("a", "pact"),
        committing("b", "pact"),
    ]);
    silent(&n.validate(AS_OF), Rule::NoSignatory);
    // A collective signed for through its carrier's legal scope.
    let n = carried(Nature::Legal, ALL, signed_by("p"));
    let report = n.validate(AS_OF);
    assert!(!names(&report, Rule::NoSignatory, "x"), "{report}");
    assert!(!names(&report, Rule::NoSignatory, "anis"), "{report}");
}

#[test]

fn no_signatory_is_silent_for_a_person_who_signs_personally() {
    let n = net([
        add_person("p"),
        add_assoc("b"),
        add_person("q"),
        mandate("q", "b", &[Act::Sign], Period::ALWAYS),
        add_contract("pact", moral(&[("p", "b"), ("b", "p")])),
        party(
            "p",
            "pact",
            Party::new(Mode::Committing).signed(SIGNED, None),
        ),
        party("b", "pact", signed_by("q")),
    ]);
    silent(&n.validate(AS_OF), Rule::NoSignatory);
}

// ===== the reciprocity query =====

fn circles(n: &Network) -> Vec<Vec<String>> {
    n.reciprocity("pact")
        .unwrap()
        .circles
        .iter()
        .map(|c| c.iter().map(|k| k.to_string()).collect())
        .collect()
}

/// (party, gives, receives) for each party, in key order.
fn flows(n: &Network) -> Vec<(String, usize, usize)> {
    n.reciprocity("pact")
        .unwrap()
        .parties
        .iter()
        .map(|p| (p.party.to_string(), p.gives.len(), p.receives.len()))
        .collect()
}

fn f(p: &str, gives: usize, receives: usize) -> (String, usize, usize) {
    (p.to_owned(), gives, receives)
}

fn c(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn reciprocity_of_a_direct_exchange() {
    let n = pact_net(&["a", "b"], &[("a", "b"), ("b", "a"), ("b", "a")]);
    let r = n.reciprocity("pact").unwrap();
    assert_eq!(r.contract.as_str(), "pact");
    assert!(r.is_reciprocal());
    assert_eq!(circles(&n), [c(&["a", "b"])]);
    assert_eq!(flows(&n), [f("a", 1, 2), f("b", 2, 1)]);
    // The clauses themselves, in contract order.
    let a = &r.parties[0];
    assert_eq!(a.mode, Mode::Committing);
    assert_eq!(a.gives[0], &knowledge("a", "b"));
    assert_eq!(a.receives, [&knowledge("b", "a"), &knowledge("b", "a")]);
    assert!(r.to_string().contains("circles: {a, b}"), "{r}");
}

#[test]
fn reciprocity_round_a_circle() {
    let n = pact_net(&["a", "b", "c"], &[("a", "b"), ("b", "c"), ("c", "a")]);
    assert!(n.reciprocity("pact").unwrap().is_reciprocal());
    assert_eq!(circles(&n), [c(&["a", "b", "c"])]);
    assert_eq!(flows(&n), [f("a", 1, 1), f("b", 1, 1), f("c", 1, 1)]);
}

#[test]
fn reciprocity_of_a_broken_circle() {
    let n = pact_net(&["a", "b", "c"], &[("a", "b"), ("b", "c")]);
    let r = n.reciprocity("pact").unwrap();
    assert!(!r.is_reciprocal());
    assert_eq!(circles(&n), [c(&["a"]), c(&["b"]), c(&["c"])]);
    assert_eq!(flows(&n), [f("a", 1, 0), f("b", 1, 1), f("c", 0, 1)]);
    // A broken link inside a larger circle leaves the rest together.
    let n = pact_net(&["a", "b", "c"], &[("a", "b"), ("b", "a"), ("b", "c")]);
    assert_eq!(circles(&n), [c(&["a", "b"]), c(&["c"])]);
}

#[test]
fn reciprocity_of_split_circles() {
    let n = pact_net(
        &["a", "b", "c", "d"],
        &[("c", "d"), ("d", "c"), ("a", "b"), ("b", "a")],
    );
    let r = n.reciprocity("pact").unwrap();
    assert!(!r.is_reciprocal());
    assert_eq!(circles(&n), [c(&["a", "b"]), c(&["c", "d"])]);
    assert!(r.to_string().contains("circles: {a, b} {c, d}"), "{r}");
}

#[test]
fn reciprocity_counts_only_committing_parties_in_circles() {
    let n = net([
        add_assoc("a"),
        add_assoc("b"),
        add_assoc("s"),
        add_person("n"),
        add_contract(
            "pact",
            moral(&[("a", "b"), ("b", "s"), ("s", "a"), ("a", "n")]),
        ),
        committing("a", "pact"),
        committing("b", "pact"),
        party("s", "pact", Party::new(Mode::Supporting)),
        party("n", "pact", Party::new(Mode::NonSignatory)),
    ]);
    let r = n.reciprocity("pact").unwrap();
    assert_eq!(
        r.committing().map(|k| k.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    let modes: Vec<(&str, Mode)> = r
        .parties
        .iter()
        .map(|p| (p.party.as_str(), p.mode))
        .collect();
    assert_eq!(
        modes,
        [
            ("a", Mode::Committing),
            ("b", Mode::Committing),
            ("n", Mode::NonSignatory),
            ("s", Mode::Supporting)
        ]
    );
    // Every party's flows are listed…
    assert_eq!(
        flows(&n),
        [f("a", 2, 1), f("b", 1, 1), f("n", 0, 1), f("s", 1, 1)]
    );
    // …but only committing parties make circles.
    assert_eq!(circles(&n), [c(&["a"]), c(&["b"])]);
    assert!(!r.is_reciprocal());
}

#[test]
fn reciprocity_needs_two_committing_parties() {
    let n = net([
        add_assoc("a"),
        add_assoc("s"),
        add_contract("pact", moral(&[("a", "s"), ("s", "a")])),
        committing("a", "pact"),
        party("s", "pact", Party::new(Mode::Supporting)),
    ]);
    assert_eq!(circles(&n), [c(&["a"])]);
    assert!(!n.reciprocity("pact").unwrap().is_reciprocal());
    let n = net([add_contract("pact", moral(&[]))]);
    let r = n.reciprocity("pact").unwrap();
    assert!(r.circles.is_empty() && r.parties.is_empty());
    assert!(!r.is_reciprocal());
}

#[test]
fn reciprocity_and_parties_are_asked_of_contracts_only() {
    let n = pact_net(&["a", "b"], &[("a", "b"), ("b", "a")]);
    assert_eq!(
        n.reciprocity("ghost").unwrap_err(),
        QueryError::UnknownKey {
            key: "ghost".into()
        }
    );
    let wrong = QueryError::WrongKind {
        key: k("a"),
        expected: NodeKind::Contract,
        found: NodeKind::Organisation,
    };
    assert_eq!(n.reciprocity("a").unwrap_err(), wrong);
    assert_eq!(n.parties("a").unwrap_err(), wrong);
    assert!(n.contract("a").is_none());
    assert!(n.contract("pact").is_some());
}

// ===== property: reciprocity is strong connectivity =====

fn config(default_cases: u32) -> ProptestConfig {
    // One configuration for every property: PROPTEST_CASES raises the
    // cases, and failures persist under tests/proptest-regressions.
    crate::strategy::config(default_cases)
}

/// A strongly connected give-graph: `n` parties, a random Hamiltonian cycle
/// plus random extra edges (no self-gifts), and one party chosen as victim.
fn strongly_connected() -> impl Strategy<Value = (usize, Vec<(usize, usize)>, usize, bool)> {
    (2usize..=7)
        .prop_flat_map(|n| {
            (
                Just(n),
                Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
                prop::collection::vec((0..n, 0..n), 0..=2 * n),
                0..n,
                any::<bool>(),
            )
        })
        .prop_map(|(n, order, extra, victim, supporter)| {
            let mut edges: Vec<(usize, usize)> = order
                .iter()
                .zip(order.iter().cycle().skip(1))
                .map(|(a, b)| (*a, *b))
                .collect();
            edges.extend(extra.into_iter().filter(|(a, b)| a != b));
            (n, edges, victim, supporter)
        })
}

fn gift_for(i: usize) -> Gift {
    match i % 5 {
        0 => Gift::Knowledge("know-how".into()),
        1 => Gift::InKind("a room".into()),
        2 => Gift::UsageRight("CC BY-SA 4.0".into()),
        3 => Gift::Time {
            hours: 2,
            frequency: Frequency::Weekly,
        },
        _ => Gift::Money {
            amount: Money::new(10_00, EUR),
            frequency: Frequency::Once,
        },
    }
}

/// An association with many signatories: the rule finds a mandate among a
/// few directly and looks the signer up beyond that; both give the same
/// answer, for the last mandate recorded and for a stranger.
#[test]
fn unmandated_act_reads_many_mandates_as_it_reads_few() {
    for holders in [1usize, 16, 17, 40] {
        let mut changes = vec![add_assoc("a"), add_assoc("b"), add_person("stranger")];
        for i in 0..holders {
            let p = format!("p{i}");
            changes.push(add_person(&p));
            changes.push(mandate(&p, "a", &[Act::Sign], Period::ALWAYS));
        }
        let last = format!("p{}", holders - 1);
        changes.push(add_contract("pact", moral(&[])));
        changes.push(party("a", "pact", signed_by(&last)));
        changes.push(party("b", "pact", Party::new(Mode::Committing)));
        changes.push(add_contract("deal", moral(&[])));
        changes.push(party("a", "deal", signed_by("stranger")));
        changes.push(party("b", "deal", Party::new(Mode::Committing)));
        let report = net(changes).validate(AS_OF);
        assert!(
            !report.has(Rule::UnmandatedAct, &[&last, "a", "pact"]),
            "{holders}: {report}"
        );
        fires_once(&report, Rule::UnmandatedAct, &["stranger", "a", "deal"]);
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// `unmandated-act` fires for a signature, a filing or a delegated
    /// decision on behalf of an organisation exactly when
    /// [`Network::may_act`] does not grant the person that act for it at
    /// the act's date: the rule's shortcut (a direct mandate found among the
    /// organisation's own by the person's key) answers as the question
    /// does. Each organisation of a valid network (carriers, mandates,
    /// governance of every kind) signs, files and decides once.
    #[test]
    fn unmandated_act_fires_exactly_when_may_act_refuses(
        spec in crate::strategy::valid_spec(),
        picks in prop::collection::vec(
            (any::<prop::sample::Index>(), crate::strategy::date(), any::<bool>()),
            8,
        ),
    ) {
        let mut net = spec.build();
        let persons: Vec<communs::Key> = net
            .nodes()
            .filter(|(_, n)| n.kind() == NodeKind::Person)
            .map(|(p, _)| p.clone())
            .collect();
        let orgs: Vec<communs::Key> = net.organisations().map(|(o, _)| o.clone()).collect();
        prop_assume!(!persons.is_empty());
        let mut signed = Vec::new();
        for (i, (o, (pick, on, holder))) in orgs.iter().zip(&picks).enumerate() {
            // Half the time, someone who holds a mandate from it then.
            let holders: Vec<communs::Key> = net
                .mandates(o, *on)
                .unwrap()
                .iter()
                .map(|m| m.from.clone())
                .collect();
            let from = if *holder && !holders.is_empty() { &holders } else { &persons };
            let signer = pick.get(from).clone();
            // The same person signs a contract for it (on that date),
            // files an application for it (unsubmitted: as of the
            // validation), and decides for it as a delegate (opened that
            // date; deciding, unlike signing and filing, depends on whose
            // mandates the organisation's governance consults).
            let (pact, dossier, decision) = (format!("pact-{i}"), format!("dossier-{i}"), format!("decision-{i}"));
            let opened = on.with_hms(12, 0, 0).unwrap().assume_utc();
            net.apply_all([
                add_contract(&pact, moral(&[])),
                party(o.as_str(), &pact, Party::new(Mode::Committing).signed(*on, Some(signer.clone()))),
                Change::add(k(&dossier), communs::Application::new("Dossier", "Programme", *on, Lifecycle::new(communs::ApplicationStatus::Drafting))),
                Change::relate(o.clone(), k(&dossier), communs::Filing::new(Some(signer.clone()))),
                Change::add(k(&decision), communs::Decision::new(
                    "Delegated",
                    communs::Process::Delegated { to: signer.clone() },
                    opened,
                    opened + time::Duration::days(1),
                    Lifecycle::new(communs::Outcome::Pending),
                ).unwrap()),
                Change::relate(o.clone(), k(&decision), communs::Link::Decides),
            ]).unwrap();
            signed.push((signer.clone(), o.clone(), pact, Act::Sign, *on));
            signed.push((signer.clone(), o.clone(), dossier, Act::File, AS_OF.date()));
            signed.push((signer, o.clone(), decision, Act::Decide, *on));
        }
        let report = net.validate(AS_OF);
        for (signer, o, what, act, on) in &signed {
            let granted = matches!(net.may_act(signer, *act, o, *on), Ok(communs::Authority::Granted(_)));
            let fired = report.has(Rule::UnmandatedAct, &[signer.as_str(), o.as_str(), what]);
            prop_assert_eq!(fired, !granted, "{} for {} on {} ({:?})", signer, o, on, act);
        }
    }

    #[test]
    fn strongly_connected_give_graphs_are_reciprocal_until_one_party_stops_giving(
        (n, edges, victim, supporter) in strongly_connected()
    ) {
        let key = |i: usize| format!("p{i}");
        let clauses: Vec<Clause> = edges
            .iter()
            .enumerate()
            .map(|(i, (a, b))| Clause::new(k(&key(*a)), k(&key(*b)), gift_for(i)))
            .collect();
        let mut changes: Vec<Change> = (0..n)
            .map(|i| if i % 2 == 0 { add_assoc(&key(i)) } else { add_person(&key(i)) })
            .collect();
        let mut all = clauses.clone();
        if supporter {
            // A supporting signatory that receives: it changes nothing.
            changes.push(add_assoc("s"));
            all.push(Clause::new(k("p0"), k("s"), gift_for(0)));
        }
        changes.push(add_contract("pact", contract(Nature::Moral, all.clone())));
        changes.extend((0..n).map(|i| committing(&key(i), "pact")));
        if supporter {
            changes.push(party("s", "pact", Party::new(Mode::Supporting)));
        }
        let mut network = net(changes);

        let report = network.validate(AS_OF);
        prop_assert_eq!(report.of_rule(Rule::NonReciprocal).count(), 0, "{}", report);
        prop_assert_eq!(report.of_rule(Rule::SingleParty).count(), 0, "{}", report);
        let r = network.reciprocity("pact").unwrap();
        prop_assert!(r.is_reciprocal());
        prop_assert_eq!(r.circles.len(), 1);
        prop_assert_eq!(r.circles[0].len(), n);

        // The victim stops giving: the contract is no longer reciprocal,
        // and the finding names it.
        let victim_key = key(victim);
        let kept: Vec<Clause> = all.into_iter().filter(|c| c.giver != *victim_key.as_str()).collect();
        // The parties named: those that no longer both give and receive
        // among the committing parties, in key order (the victim among
        // them), read off the kept clauses.
        let mut committing: Vec<String> = (0..n).map(key).collect();
        committing.sort();
        let among = |x: &communs::Key| committing.iter().any(|c| *x == *c.as_str());
        let mut expected = vec!["pact".to_owned()];
        expected.extend(committing.iter().filter(|p| {
            let gives = kept.iter().any(|c| c.giver == *p.as_str() && among(&c.receiver));
            let receives = kept.iter().any(|c| c.receiver == *p.as_str() && among(&c.giver));
            !(gives && receives)
        }).cloned());
        network.apply(update("pact", contract(Nature::Moral, kept))).unwrap();
        network.check_invariants().unwrap();
        let report = network.validate(AS_OF);
        let findings: Vec<_> = report.of_rule(Rule::NonReciprocal).collect();
        prop_assert_eq!(findings.len(), 1, "{}", report);
        let named: Vec<String> = findings[0].keys().iter().map(|k| k.as_str().to_owned()).collect();
        prop_assert_eq!(&named, &expected);
        prop_assert!(named.contains(&victim_key.as_str().to_owned()), "{} not named: {}", victim_key, report);
        let only = format!("`{victim_key}` only receives");
        prop_assert!(findings[0].message().contains(&only), "{}", findings[0].message());
        let r = network.reciprocity("pact").unwrap();
        prop_assert!(!r.is_reciprocal());
        let alone = r.circles.iter().any(|c| c.len() == 1 && *c[0] == *victim_key.as_str());
        prop_assert!(alone, "{}", r);
    }
}

// ===== documents =====

/// A network with contracts of every shape: all gift kinds and frequencies,
/// terms with and without end, conditions and modalities, every party mode,
/// signatures personal and by a mandated person, a retired key.
fn rich_changes() -> (Vec<Change>, Vec<Change>) {
    use ContractStatus::{Active, Draft, Ended, Proposed, Signed, Terminated};
    let pacte = Contract::new(
        "Pacte de réciprocité du quartier",
        Nature::Moral,
        Term::new(START, Some(date!(2018 - 12 - 31))).unwrap(),
        Lifecycle::new(Draft)
            .then(date!(2017 - 12 - 01), Proposed)
            .unwrap()
            .then(date!(2017 - 12 - 15), Signed)
            .unwrap()
            .then(START, Active)
            .unwrap(),
    )
    .with_clause(
        Clause::new(
            k("assemblee"),
            k("brasserie"),
            Gift::Knowledge("two workshops on the economy of the commons".into()),
        )
        .with_conditions(Terms::Text("at the MESS".into())),
    )
    .with_clause(
        Clause::new(
            k("brasserie"),
            k("imprimerie"),
            Gift::UsageRight("the back room, one evening a month".into()),
        )
        .with_modalities(Terms::ToBeDefined),
    )
    .with_clause(
        Clause::new(
            k("imprimerie"),
            k("assemblee"),
            Gift::InKind("printing the leaflets".into()),
        )
        .with_conditions(Terms::ToBeDefined)
        .with_modalities(Terms::Text("500 a quarter, « recto verso »".into())),
    )
    .with_clause(Clause::new(
        k("brasserie"),
        k("assemblee"),
        Gift::Money {
            amount: Money::new(12_000, EUR),
            frequency: Frequency::Quarterly,
        },
    ))
    .with_clause(Clause::new(
        k("assemblee"),
        k("imprimerie"),
        Gift::Time {
            hours: 4,
            frequency: Frequency::Weekly,
        },
    ));
    let convention = Contract::new(
        "Convention d'occupation",
        Nature::Legal,
        Term::from(date!(2018 - 02 - 01)),
        Lifecycle::new(Signed)
            .then(date!(2018 - 02 - 01), Active)
            .unwrap()
            .then(date!(2018 - 06 - 30), Terminated)
            .unwrap(),
    )
    .with_clause(Clause::new(
        k("assemblee"),
        k("brasserie"),
        Gift::Money {
            amount: Money::new(50_00, EUR),
            frequency: Frequency::Monthly,
        },
    ))
    .with_clause(Clause::new(
        k("brasserie"),
        k("julien"),
        Gift::Time {
            hours: 10,
            frequency: Frequency::Once,
        },
    ))
    .with_clause(Clause::new(
        k("julien"),
        k("assemblee"),
        Gift::Money {
            amount: Money::new(0, Currency::new("CHF").unwrap()),
            frequency: Frequency::Yearly,
        },
    ));
    let ancien = Contract::new(
        "Ancien pacte",
        Nature::Moral,
        Term::new(date!(2016 - 01 - 01), Some(date!(2016 - 12 - 31))).unwrap(),
        Lifecycle::new(Active)
            .then(date!(2016 - 12 - 31), Ended)
            .unwrap(),
    );
    let nodes = vec![
        add_assoc("anis"),
        add_collective("assemblee"),
        add_assoc("brasserie"),
        add_assoc("imprimerie"),
        Change::add(k("julien"), Person::new("Julien Lecaille")),
        Change::add(k("laurent"), Person::new("Laurent Courouble")),
        add_contract("pacte", pacte),
        add_contract("convention", convention),
        add_contract("ancien", ancien),
        add_person("gone"),
    ];
    let signed = date!(2017 - 12 - 20);
    let relations = vec![
        carries(
            "anis",
            "assemblee",
            ALL,
            Period::since(date!(2015 - 11 - 01)),
        ),
        mandate("julien", "anis", &[Act::Sign, Act::Speak], Period::ALWAYS),
        party(
            "assemblee",
            "pacte",
            Party::new(Mode::Committing).signed(signed, Some(k("julien"))),
        ),
        party(
            "brasserie",
            "pacte",
            Party::new(Mode::Committing).signed(signed, None),
        ),
        committing("imprimerie", "pacte"),
        party(
            "anis",
            "pacte",
            Party::new(Mode::Supporting).signed(signed, Some(k("julien"))),
        ),
        party("laurent", "pacte", Party::new(Mode::NonSignatory)),
        party(
            "assemblee",
            "convention",
            Party::new(Mode::Committing).signed(date!(2018 - 01 - 25), Some(k("julien"))),
        ),
        party(
            "brasserie",
            "convention",
            Party::new(Mode::Committing).signed(date!(2018 - 01 - 25), None),
        ),
        party(
            "julien",
            "convention",
            Party::new(Mode::Committing).signed(date!(2018 - 01 - 25), Some(k("julien"))),
        ),
        party("anis", "ancien", Party::new(Mode::Committing)),
        Change::remove(k("gone")),
    ];
    (nodes, relations)
}

fn rich() -> Network {
    let (nodes, relations) = rich_changes();
    net(nodes.into_iter().chain(relations))
}

#[test]
fn networks_with_contracts_round_trip_byte_for_byte() {
    let n = rich();
    assert_eq!(n.len(), 9);
    let saved = serde_json::to_string_pretty(&n).unwrap();
    let again: Network = serde_json::from_str(&saved).unwrap();
    again.check_invariants().unwrap();
    assert_eq!(again, n);
    assert_eq!(serde_json::to_string_pretty(&again).unwrap(), saved);
    assert_eq!(json(&again), json(&n));
    assert_eq!(Network::from_document(n.to_document()).unwrap(), n);
    // Every shape made it to the document.
    for fragment in [
        r#""contracts": {"#,
        r#""nature": "legal""#,
        r#""end": "2018-12-31""#,
        r#""knowledge": "two workshops"#,
        r#""usage-right": "the back room"#,
        r#""in-kind": "printing the leaflets""#,
        r#""frequency": "quarterly""#,
        r#""frequency": "yearly""#,
        r#""hours": 4"#,
        r#""currency": "CHF""#,
        r#""modalities": "to-be-defined""#,
        r#""text": "at the MESS""#,
        r#""status": "terminated""#,
        r#""mode": "non-signatory""#,
        r#""mode": "supporting""#,
        r#""kind": "party-to""#,
        r#""retired": ["#,
    ] {
        assert!(saved.contains(fragment), "{fragment} missing in\n{saved}");
    }
    // Questions get the same answers after the trip.
    assert_eq!(
        again.reciprocity("pacte").unwrap(),
        n.reciprocity("pacte").unwrap()
    );
    assert!(again.reciprocity("pacte").unwrap().is_reciprocal());
    assert_eq!(again.validate(AS_OF), n.validate(AS_OF));
}

#[test]
fn building_a_network_with_contracts_in_another_order_saves_the_same_bytes() {
    let (mut nodes, mut relations) = rich_changes();
    // The removal of `gone` must stay after its addition: keep it last.
    let removal = relations.pop().unwrap();
    nodes.reverse();
    relations.reverse();
    relations.push(removal);
    let other = net(nodes.into_iter().chain(relations));
    assert_eq!(other, rich());
    assert_eq!(json(&other), json(&rich()));
}

#[derive(Debug)]
enum Fail {
    Syntax(String),
    Doc(DocumentError),
}

fn load(text: &str) -> Result<Network, Fail> {
    let doc: Document = serde_json::from_str(text).map_err(|e| Fail::Syntax(e.to_string()))?;
    let n = Network::try_from(doc).map_err(Fail::Doc)?;
    n.check_invariants().unwrap();
    Ok(n)
}

#[track_caller]
fn doc_error(text: &str) -> DocumentError {
    match load(text) {
        Err(Fail::Doc(e)) => {
            let direct = serde_json::from_str::<Network>(text)
                .unwrap_err()
                .to_string();
            assert!(direct.contains(&e.to_string()), "{direct} / {e}");
            e
        }
        other => panic!("expected a document error, got {other:?}"),
    }
}

#[track_caller]
fn syntax_error(text: &str) -> String {
    match load(text) {
        Err(Fail::Syntax(e)) => {
            assert!(serde_json::from_str::<Network>(text).is_err());
            e
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

const DOC: &str = r#"{
  "version": 1,
  "persons": { "p": { "name": "P" } },
  "organisations": {
    "a": { "name": "A", "form": "association", "governance": { "established": { "statutes": "formal", "process": "consent" } } },
    "b": { "name": "B", "form": "cooperative", "governance": { "established": { "statutes": "formal", "process": "vote" } } }
  },
  "contracts": {
    "pact": {
      "title": "Pacte",
      "nature": "moral",
      "term": { "start": "2018-01-01", "end": "2018-12-31" },
      "lifecycle": [{ "status": "draft" }, { "status": "active", "since": "2018-01-10" }],
      "clauses": [
        { "giver": "a", "receiver": "b", "gift": { "knowledge": "workshops" }, "modalities": "to-be-defined" },
        { "giver": "b", "receiver": "a", "gift": { "money": { "amount": { "amount": 5000, "currency": "EUR" }, "frequency": "monthly" } }, "conditions": { "text": "while the room is free" } }
      ]
    }
  },
  "relations": [
    { "kind": "party-to", "from": "a", "to": "pact", "mode": "committing" },
    { "kind": "party-to", "from": "b", "to": "pact", "mode": "committing" }
  ]
}"#;

const PARTY_B: &str = r#",
    { "kind": "party-to", "from": "b", "to": "pact", "mode": "committing" }"#;

/// `DOC` with `from` replaced by `to`, which must occur in it.
#[track_caller]
fn doc_with(from: &str, to: &str) -> String {
    assert!(DOC.contains(from), "{from}");
    DOC.replace(from, to)
}

#[test]
fn a_contract_document_loads_and_round_trips() {
    let n = load(DOC).unwrap();
    assert_eq!(n.len(), 4);
    assert_eq!(n.relation_count(), 2);
    let pact = n.contract("pact").unwrap();
    assert_eq!(pact.clauses[0].modalities, Terms::ToBeDefined);
    assert_eq!(
        pact.clauses[1].conditions,
        Terms::Text("while the room is free".into())
    );
    assert_eq!(pact.status_at(date!(2018 - 01 - 09)), ContractStatus::Draft);
    assert_eq!(pact.status_at(SIGNED), ContractStatus::Active);
    let parties = n.parties("pact").unwrap();
    let modes: Vec<(&str, Mode)> = parties.iter().map(|(k, p)| (k.as_str(), p.mode)).collect();
    assert_eq!(modes, [("a", Mode::Committing), ("b", Mode::Committing)]);
    let saved = serde_json::to_string_pretty(&n).unwrap();
    let again = load(&saved).unwrap();
    assert_eq!(again, n);
    assert_eq!(serde_json::to_string_pretty(&again).unwrap(), saved);
}

#[test]

fn party_to_signatures_use_the_documented_kebab_case_fields() {
    let text = doc_with(
        r#""from": "a", "to": "pact", "mode": "committing" }"#,
        r#""from": "a", "to": "pact", "mode": "committing", "signed-on": "2018-01-10", "signed-by": "p" }"#,
    );
    let n = load(&text).unwrap();
    let parties = n.parties("pact").unwrap();
    assert_eq!(parties[0].1.signed_on, Some(SIGNED));
    assert_eq!(parties[0].1.signed_by, Some(k("p")));
    let saved = serde_json::to_string_pretty(&rich()).unwrap();
    assert!(saved.contains(r#""signed-on": "2017-12-20""#), "{saved}");
    assert!(saved.contains(r#""signed-by": "julien""#), "{saved}");
    assert!(!saved.contains("signed_"), "{saved}");
}

#[test]
fn a_document_clause_naming_a_non_party_is_refused_naming_the_contract() {
    let err = doc_error(&DOC.replace(PARTY_B, ""));
    assert_eq!(
        err,
        DocumentError::Node {
            kind: NodeKind::Contract,
            key: k("pact"),
            error: Box::new(ChangeError::ClauseWithoutParty {
                contract: k("pact"),
                party: k("b")
            })
        }
    );
    assert_eq!(
        err.to_string(),
        "contract `pact`: a clause of contract `pact` names `b`, which is not a party to it"
    );
    // A giver that is no node at all.
    let err = doc_error(&doc_with(r#""giver": "a""#, r#""giver": "ghost""#));
    assert_eq!(
        err,
        DocumentError::Node {
            kind: NodeKind::Contract,
            key: k("pact"),
            error: Box::new(ChangeError::ClauseWithoutParty {
                contract: k("pact"),
                party: k("ghost")
            })
        }
    );
    // A clause to oneself.
    let err = doc_error(&doc_with(r#""receiver": "b""#, r#""receiver": "a""#));
    assert_eq!(
        err,
        DocumentError::Node {
            kind: NodeKind::Contract,
            key: k("pact"),
            error: Box::new(ChangeError::ClauseToSelf {
                contract: k("pact"),
                party: k("a")
            })
        }
    );
}

#[test]
fn document_contracts_are_checked_like_changes() {
    // A negative amount.
    let err = doc_error(&doc_with(r#""amount": 5000"#, r#""amount": -5000"#));
    assert_eq!(
        err,
        DocumentError::Node {
            kind: NodeKind::Contract,
            key: k("pact"),
            error: Box::new(ChangeError::NegativeAmount {
                key: k("pact"),
                amount: Money::new(-5000, EUR)
            })
        }
    );
    // An empty title.
    let err = doc_error(&doc_with(r#""title": "Pacte""#, r#""title": " ""#));
    assert_eq!(
        err,
        DocumentError::Node {
            kind: NodeKind::Contract,
            key: k("pact"),
            error: Box::new(ChangeError::EmptyName { key: k("pact") })
        }
    );
    // A party-to from a person to an organisation.
    let err = doc_error(&DOC.replace(
        PARTY_B,
        &format!(
            r#"{PARTY_B},
    {{ "kind": "party-to", "from": "p", "to": "a", "mode": "committing" }}"#
        ),
    ));
    assert_eq!(
        err,
        DocumentError::Relation {
            index: 2,
            kind: RelationKind::PartyTo,
            from: k("p"),
            to: k("a"),
            error: Box::new(ChangeError::EndpointKinds {
                kind: RelationKind::PartyTo,
                from: k("p"),
                from_kind: NodeKind::Person,
                to: k("a"),
                to_kind: NodeKind::Organisation
            })
        }
    );
    assert!(
        err.to_string()
            .starts_with("relations[2] (party-to `p` → `a`)"),
        "{err}"
    );
    // A party listed twice, in another mode.
    let err = doc_error(&DOC.replace(
        PARTY_B,
        &format!(
            r#"{PARTY_B},
    {{ "kind": "party-to", "from": "b", "to": "pact", "mode": "supporting" }}"#
        ),
    ));
    assert_eq!(
        err,
        DocumentError::Relation {
            index: 2,
            kind: RelationKind::PartyTo,
            from: k("b"),
            to: k("pact"),
            error: Box::new(ChangeError::DuplicateRelation {
                kind: RelationKind::PartyTo,
                from: k("b"),
                to: k("pact")
            })
        }
    );
}

#[test]
fn hostile_contract_documents_are_refused_with_what_and_where() {
    let cases: &[(&str, &str, &str)] = &[
        // Lifecycle backwards.
        (
            r#"[{ "status": "draft" }, { "status": "active", "since": "2018-01-10" }]"#,
            r#"[{ "status": "active" }, { "status": "draft", "since": "2018-01-10" }]"#,
            "status `draft` cannot follow `active`",
        ),
        (
            r#"[{ "status": "draft" }, { "status": "active", "since": "2018-01-10" }]"#,
            r#"[{ "status": "terminated" }, { "status": "ended", "since": "2018-01-10" }]"#,
            "status `ended` cannot follow `terminated`",
        ),
        (
            r#"[{ "status": "draft" }, { "status": "active", "since": "2018-01-10" }]"#,
            r#"[{ "status": "draft" }, { "status": "active", "since": "2018-01-10" }, { "status": "signed", "since": "2018-02-01" }]"#,
            "status `signed` cannot follow `active`",
        ),
        // Term ending before it starts.
        (
            r#""end": "2018-12-31""#,
            r#""end": "2017-12-31""#,
            "period starts on 2018-01-01 but ends on 2017-12-31, before it starts",
        ),
        // Unknown gift kind, mode, nature, frequency, status.
        (
            r#"{ "knowledge": "workshops" }"#,
            r#"{ "donation": "workshops" }"#,
            "unknown variant `donation`",
        ),
        (
            r#""mode": "committing" }"#,
            r#""mode": "observer" }"#,
            "unknown variant `observer`",
        ),
        (
            r#""nature": "moral""#,
            r#""nature": "binding""#,
            "unknown variant `binding`",
        ),
        (
            r#""frequency": "monthly""#,
            r#""frequency": "daily""#,
            "unknown variant `daily`",
        ),
        (
            r#"{ "status": "draft" }"#,
            r#"{ "status": "void" }"#,
            "unknown variant `void`",
        ),
        // Unknown fields, at every level of a contract.
        (
            r#""title": "Pacte","#,
            r#""title": "Pacte", "colour": "red","#,
            "unknown field `colour`",
        ),
        (
            r#""giver": "a","#,
            r#""giver": "a", "weight": 3,"#,
            "unknown field `weight`",
        ),
        (
            r#""start": "2018-01-01","#,
            r#""start": "2018-01-01", "duration": 12,"#,
            "unknown field `duration`",
        ),
        (
            r#""frequency": "monthly" }"#,
            r#""frequency": "monthly", "tip": 1 }"#,
            "unknown field `tip`",
        ),
        (
            r#""mode": "committing" }"#,
            r#""mode": "committing", "role": "member" }"#,
            "unknown field `role`",
        ),
        (
            r#"{ "status": "draft" }"#,
            r#"{ "status": "draft", "by": "p" }"#,
            "unknown field `by`",
        ),
        // Malformed values.
        (
            r#""from": "b", "to": "pact""#,
            r#""from": "Bee", "to": "pact""#,
            "Bee",
        ),
        (r#""giver": "a""#, r#""giver": "A""#, "slug `A`"),
        (r#""start": "2018-01-01""#, r#""start": "2018-1-1""#, "line"),
        (r#""currency": "EUR""#, r#""currency": "euro""#, "euro"),
        (
            r#""modalities": "to-be-defined""#,
            r#""modalities": "later""#,
            "unknown variant `later`",
        ),
        (
            r#"[{ "status": "draft" }, { "status": "active", "since": "2018-01-10" }]"#,
            "[]",
            "a lifecycle needs at least one status",
        ),
        (
            r#"[{ "status": "draft" }, { "status": "active", "since": "2018-01-10" }]"#,
            r#"[{ "status": "draft", "since": "2018-01-01" }]"#,
            "the first status of a lifecycle is undated",
        ),
        (
            r#""term": { "start": "2018-01-01", "end": "2018-12-31" },"#,
            "",
            "missing field `term`",
        ),
    ];
    for (from, to, expected) in cases {
        let e = syntax_error(&doc_with(from, to));
        assert!(e.contains(expected), "{to}: {e}");
        assert!(e.contains("line"), "{to}: no position in {e}");
    }
}

#[test]
fn garbage_contracts_never_panic() {
    let bad_values = [
        r#""clauses": null"#,
        r#""clauses": {}"#,
        r#""clauses": [{}]"#,
        r#""clauses": [{ "giver": "a", "receiver": "b", "gift": {} }]"#,
        r#""clauses": [{ "giver": "a", "receiver": "b", "gift": "knowledge" }]"#,
        r#""clauses": [{ "giver": "a", "receiver": "b", "gift": { "knowledge": "x", "in-kind": "y" } }]"#,
        r#""clauses": [{ "giver": "a", "receiver": "b", "gift": { "time": { "hours": -1, "frequency": "once" } } }]"#,
        r#""clauses": [{ "giver": "a", "receiver": "b", "gift": { "money": { "amount": { "amount": 99999999999999999999, "currency": "EUR" }, "frequency": "once" } } }]"#,
        r#""clauses": [{ "giver": "a", "receiver": "b", "gift": { "knowledge": "x" }, "conditions": { "text": 3 } }]"#,
        r#""clauses": "a gives b""#,
    ];
    for bad in bad_values {
        let text = DOC.replace(
            &DOC[DOC.find(r#""clauses": ["#).unwrap()..DOC.find("\n    }\n  },").unwrap()],
            bad,
        );
        assert!(load(&text).is_err(), "{bad}");
        assert!(serde_json::from_str::<Network>(&text).is_err(), "{bad}");
    }
    // The largest amount is accepted; it is not negative.
    let text = doc_with(r#""amount": 5000"#, &format!(r#""amount": {}"#, i64::MAX));
    assert!(load(&text).is_ok());
    let text = doc_with(r#""amount": 5000"#, &format!(r#""amount": {}"#, i64::MIN));
    assert!(matches!(
        load(&text),
        Err(Fail::Doc(DocumentError::Node {
            ref error,
            ..
        })) if matches!(**error, ChangeError::NegativeAmount { .. })
    ));
}
