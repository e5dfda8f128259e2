//! Applications and decisions (issue 5): each hard invariant refused with
//! its exact error and keys (the network untouched) and its nearest valid
//! case accepted; each rule firing (name, keys) and silent at its edges —
//! deadlines on the day and the day after, instants near midnight in offsets
//! other than the date's, votes exactly at threshold and quorum; the
//! queries; properties; round trips and hostile documents.

use std::collections::BTreeSet;

use communs::{
    Act, Application, ApplicationStatus, Brique, BriqueKind, BriqueStatus, Change, ChangeError,
    ClosesBeforeOpening, Contract, ContractStatus, Currency, Decision, Document, DocumentError,
    Filing, Form, Fraction, FractionError, Intervention, InterventionKind, Key, Level, Lifecycle,
    LifecycleError, Link, Mode, Money, Nature, Network, Node, NodeKind, Options, Organisation,
    Outcome, Party, Period, Process, QueryError, RelationKind, Report, Rule, Running, Stance, Tag,
    Term, Visibility,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use time::macros::{date, datetime, offset};
use time::{Date, Duration, OffsetDateTime, UtcOffset};

use crate::common::*;
use crate::strategy::{KeyPool, fraction, process};

const DEADLINE: Date = date!(2017 - 12 - 01);
/// The seed's as-of instant: Friday 1 December 2017, noon in Lille.
const AS_OF: OffsetDateTime = datetime!(2017-12-01 12:00 +01:00);
/// Well after the deadline.
const LATER: OffsetDateTime = datetime!(2017-12-15 12:00 +01:00);
/// F1: the Loomio discussion opened Wed 29 Nov 2017 15:50, Paris.
const OPENED: OffsetDateTime = datetime!(2017-11-29 15:50 +01:00);
const CLOSES: OffsetDateTime = datetime!(2017-12-01 09:00 +01:00);

// ----- builders -----

fn add(key: &str, node: impl Into<Node>) -> Change {
    Change::add(k(key), node)
}

fn rel(from: &str, to: &str, link: impl Into<Link>) -> Change {
    Change::relate(k(from), k(to), link)
}

fn files(from: &str, to: &str) -> Change {
    rel(from, to, Filing::new(None))
}

fn files_signed(from: &str, to: &str, by: &str) -> Change {
    rel(from, to, Filing::new(Some(k(by))))
}

fn authors(from: &str, to: &str) -> Change {
    rel(from, to, Link::Authors)
}

fn funds(from: &str, to: &str) -> Change {
    rel(from, to, Link::Funds)
}

fn targets(from: &str, to: &str) -> Change {
    rel(from, to, Link::Targets)
}

fn decides(from: &str, to: &str) -> Change {
    rel(from, to, Link::Decides)
}

fn concerns(from: &str, to: &str) -> Change {
    rel(from, to, Link::Concerns)
}

fn opens(from: &str, to: &str) -> Change {
    rel(from, to, Link::Opens)
}

fn runs(from: &str, to: &str, period: Period) -> Change {
    rel(from, to, Running::new(period))
}

fn tags(list: &[&str]) -> Vec<Tag> {
    list.iter().map(|t| Tag::new(t).unwrap()).collect()
}

fn eur(minor: i64) -> Money {
    Money::new(minor, Currency::EUR)
}

fn usd(minor: i64) -> Money {
    Money::new(minor, Currency::new("USD").unwrap())
}

fn drafting() -> Lifecycle<ApplicationStatus> {
    Lifecycle::new(ApplicationStatus::Drafting)
}

/// The seed's dossier: due Friday 1 December 2017, still being drafted.
fn dossier() -> Application {
    Application::new(
        "Permanence des communs à la MESS",
        "Fabrique à entreprendre",
        DEADLINE,
        drafting(),
    )
}

fn with_lifecycle(mut app: Application, life: Lifecycle<ApplicationStatus>) -> Application {
    app.lifecycle = life;
    app
}

/// The dossier, submitted at `at` (its lifecycle moves on that instant's date).
fn submitted(at: OffsetDateTime) -> Application {
    with_lifecycle(
        dossier(),
        drafting()
            .then(at.date(), ApplicationStatus::Submitted)
            .unwrap(),
    )
    .submitted(at)
}

fn pending() -> Lifecycle<Outcome> {
    Lifecycle::new(Outcome::Pending)
}

fn adopted(on: Date) -> Lifecycle<Outcome> {
    pending().then(on, Outcome::Adopted).unwrap()
}

fn decision_between(process: Process, opened: OffsetDateTime, closes: OffsetDateTime) -> Decision {
    Decision::new(
        "Vers une permanence à la maison Stéphane Hessel",
        process,
        opened,
        closes,
        pending(),
    )
    .unwrap()
}

fn decision(process: Process) -> Decision {
    decision_between(process, OPENED, CLOSES)
}

fn with_outcome(mut d: Decision, outcome: Lifecycle<Outcome>) -> Decision {
    d.outcome = outcome;
    d
}

fn iv(id: u32, kind: InterventionKind, by: &str, at: OffsetDateTime) -> Intervention {
    Intervention::new(id, kind, k(by), at)
}

fn frac(num: u32, den: u32) -> Fraction {
    Fraction::new(num, den).unwrap()
}

fn vote(threshold: (u32, u32), quorum: (u32, u32)) -> Process {
    Process::Vote {
        threshold: frac(threshold.0, threshold.1),
        quorum: frac(quorum.0, quorum.1),
    }
}

fn brique(name: &str) -> Brique {
    Brique::new(
        name,
        BriqueKind::Permanence,
        Lifecycle::new(BriqueStatus::Active),
    )
}

fn contract() -> Contract {
    Contract::new(
        "Pacte de réciprocité",
        Nature::Moral,
        Term::from(date!(2017 - 01 - 01)),
        Lifecycle::new(ContractStatus::Draft),
    )
}

fn strs<'a>(keys: &[&'a Key]) -> Vec<&'a str> {
    keys.iter().map(|k| k.as_str()).collect()
}

/// ANIS files `dossier` through julien, who holds every power; laurent
/// wrote it (F12: filer ≠ authors).
fn filed(app: Application) -> Vec<Change> {
    vec![
        add_assoc("anis"),
        add_person("julien"),
        add_person("laurent"),
        mandate(
            "julien",
            "anis",
            &[Act::Sign, Act::File, Act::Decide, Act::Speak],
            Period::ALWAYS,
        ),
        add("dossier", app),
        files_signed("anis", "dossier", "julien"),
        authors("laurent", "dossier"),
    ]
}

/// [`filed`], with a decision `discussion` taken by ANIS, opened by julien,
/// concerning the dossier.
fn discussed(app: Application, d: Decision) -> Network {
    let mut changes = filed(app);
    changes.extend([
        add("discussion", d),
        decides("anis", "discussion"),
        concerns("discussion", "dossier"),
        opens("julien", "discussion"),
    ]);
    net(changes)
}

// ----- report assertions -----

fn keys_of(report: &Report, rule: Rule) -> Vec<Vec<String>> {
    report
        .of_rule(rule)
        .map(|f| f.keys().iter().map(ToString::to_string).collect())
        .collect()
}

/// `rule` fires exactly once, naming exactly `keys`.
#[track_caller]
fn assert_only(report: &Report, rule: Rule, keys: &[&str]) {
    assert!(
        report.has(rule, keys),
        "expected {rule} on {keys:?} in:\n{report}"
    );
    assert_eq!(report.of_rule(rule).count(), 1, "{report}");
}

#[track_caller]
fn assert_silent(report: &Report, rule: Rule) {
    assert_eq!(
        report.of_rule(rule).count(),
        0,
        "expected no {rule} in:\n{report}"
    );
}

fn message(report: &Report, rule: Rule) -> String {
    report.of_rule(rule).next().unwrap().message().to_owned()
}

// ===== hard invariants =====

/// One node of each kind, and a second decision.
fn every_kind() -> Network {
    net([
        add_person("p"),
        add_assoc("a"),
        add_place("pl"),
        add_territory("t"),
        add("b", brique("B")),
        add("ct", contract()),
        add("ap", dossier()),
        add("d", decision(Process::Consent)),
        add("d2", decision(Process::Transparency)),
    ])
}

fn endpoints(
    kind: RelationKind,
    from: &str,
    from_kind: NodeKind,
    to: &str,
    to_kind: NodeKind,
) -> ChangeError {
    ChangeError::EndpointKinds {
        kind,
        from: k(from),
        from_kind,
        to: k(to),
        to_kind,
    }
}

#[test]
fn files_joins_an_organisation_to_an_application() {
    use NodeKind::*;
    let mut n = every_kind();
    let err = refused(&mut n, files("p", "ap"));
    assert_eq!(
        err,
        endpoints(RelationKind::Files, "p", Person, "ap", Application)
    );
    let err = refused(&mut n, files("a", "b"));
    assert_eq!(
        err,
        endpoints(RelationKind::Files, "a", Organisation, "b", Brique)
    );
    let err = refused(&mut n, files("a", "d"));
    assert_eq!(
        err,
        endpoints(RelationKind::Files, "a", Organisation, "d", Decision)
    );
    accepted(&mut n, files_signed("a", "ap", "p"));
    assert_eq!(strs(&n.filers("ap").unwrap()), ["a"]);
    // The same filing again, even signed otherwise, is a duplicate.
    let err = refused(&mut n, files("a", "ap"));
    assert_eq!(
        err,
        ChangeError::DuplicateRelation {
            kind: RelationKind::Files,
            from: k("a"),
            to: k("ap")
        }
    );
}

#[test]
fn authors_join_a_person_or_an_organisation_to_an_application() {
    use NodeKind::*;
    let mut n = every_kind();
    let err = refused(&mut n, authors("pl", "ap"));
    assert_eq!(
        err,
        endpoints(RelationKind::Authors, "pl", Place, "ap", Application)
    );
    let err = refused(&mut n, authors("p", "ct"));
    assert_eq!(
        err,
        endpoints(RelationKind::Authors, "p", Person, "ct", Contract)
    );
    let err = refused(&mut n, authors("ap", "ap"));
    assert_eq!(
        err,
        ChangeError::SelfRelation {
            kind: RelationKind::Authors,
            key: k("ap")
        }
    );
    accepted(&mut n, authors("p", "ap"));
    accepted(&mut n, authors("a", "ap"));
    let err = refused(&mut n, authors("p", "ap"));
    assert_eq!(
        err,
        ChangeError::DuplicateRelation {
            kind: RelationKind::Authors,
            from: k("p"),
            to: k("ap")
        }
    );
}

#[test]
fn funds_joins_an_application_to_a_brique() {
    use NodeKind::*;
    let mut n = every_kind();
    let err = refused(&mut n, funds("ap", "pl"));
    assert_eq!(
        err,
        endpoints(RelationKind::Funds, "ap", Application, "pl", Place)
    );
    let err = refused(&mut n, funds("b", "ap"));
    assert_eq!(
        err,
        endpoints(RelationKind::Funds, "b", Brique, "ap", Application)
    );
    accepted(&mut n, funds("ap", "b"));
}

#[test]
fn targets_joins_an_application_to_a_territory() {
    use NodeKind::*;
    let mut n = every_kind();
    let err = refused(&mut n, targets("ap", "pl"));
    assert_eq!(
        err,
        endpoints(RelationKind::Targets, "ap", Application, "pl", Place)
    );
    let err = refused(&mut n, targets("d", "t"));
    assert_eq!(
        err,
        endpoints(RelationKind::Targets, "d", Decision, "t", Territory)
    );
    accepted(&mut n, targets("ap", "t"));
}

#[test]
fn decides_joins_an_organisation_to_a_decision() {
    use NodeKind::*;
    let mut n = every_kind();
    let err = refused(&mut n, decides("p", "d"));
    assert_eq!(
        err,
        endpoints(RelationKind::Decides, "p", Person, "d", Decision)
    );
    let err = refused(&mut n, decides("a", "ap"));
    assert_eq!(
        err,
        endpoints(RelationKind::Decides, "a", Organisation, "ap", Application)
    );
    accepted(&mut n, decides("a", "d"));
}

#[test]
fn concerns_joins_a_decision_to_any_other_node() {
    use NodeKind::*;
    let mut n = every_kind();
    let err = refused(&mut n, concerns("d", "d"));
    assert_eq!(
        err,
        ChangeError::SelfRelation {
            kind: RelationKind::Concerns,
            key: k("d")
        }
    );
    let err = refused(&mut n, concerns("ap", "d"));
    assert_eq!(
        err,
        endpoints(RelationKind::Concerns, "ap", Application, "d", Decision)
    );
    let err = refused(&mut n, concerns("a", "ap"));
    assert_eq!(
        err,
        endpoints(RelationKind::Concerns, "a", Organisation, "ap", Application)
    );
    for to in ["p", "a", "pl", "t", "b", "ct", "ap", "d2"] {
        accepted(&mut n, concerns("d", to));
    }
    assert_eq!(strs(&n.decisions_concerning("d2").unwrap()), ["d"]);
    let err = refused(&mut n, concerns("d", "ap"));
    assert_eq!(
        err,
        ChangeError::DuplicateRelation {
            kind: RelationKind::Concerns,
            from: k("d"),
            to: k("ap")
        }
    );
}

#[test]
fn opens_joins_a_person_to_a_decision() {
    use NodeKind::*;
    let mut n = every_kind();
    let err = refused(&mut n, opens("a", "d"));
    assert_eq!(
        err,
        endpoints(RelationKind::Opens, "a", Organisation, "d", Decision)
    );
    let err = refused(&mut n, opens("p", "ap"));
    assert_eq!(
        err,
        endpoints(RelationKind::Opens, "p", Person, "ap", Application)
    );
    accepted(&mut n, opens("p", "d"));
}

#[test]
fn applications_and_decisions_with_relations_are_removed_only_with_them() {
    let mut n = discussed(dossier(), decision(Process::Transparency));
    let err = refused(&mut n, Change::remove(k("dossier")));
    assert_eq!(
        err,
        ChangeError::NodeInUse {
            key: k("dossier"),
            relations: 3
        }
    );
    let err = refused(&mut n, Change::remove(k("discussion")));
    assert_eq!(
        err,
        ChangeError::NodeInUse {
            key: k("discussion"),
            relations: 3
        }
    );
    accepted(&mut n, Change::remove_with_relations(k("dossier")));
    assert!(n.decisions_concerning("dossier").is_err());
    let err = refused(&mut n, add("dossier", dossier()));
    assert_eq!(err, ChangeError::RetiredKey { key: k("dossier") });
}

#[test]
fn a_decision_closing_at_or_before_its_opening_cannot_be_built() {
    let at = OPENED;
    let err = Decision::new("D", Process::Consent, at, at, pending()).unwrap_err();
    assert_eq!(
        err,
        ClosesBeforeOpening {
            opened_at: at,
            closes_at: at
        }
    );
    let before = at - Duration::minutes(1);
    let err = Decision::new("D", Process::Consent, at, before, pending()).unwrap_err();
    assert_eq!(
        err,
        ClosesBeforeOpening {
            opened_at: at,
            closes_at: before
        }
    );
    // The same instant written in another offset is still not after it.
    let same = at.to_offset(offset!(-05:00));
    assert!(Decision::new("D", Process::Consent, at, same, pending()).is_err());
    assert!(err.to_string().contains("cannot close"), "{err}");
    // One second later is enough.
    assert!(
        Decision::new(
            "D",
            Process::Consent,
            at,
            at + Duration::seconds(1),
            pending()
        )
        .is_ok()
    );
}

#[test]
fn a_decision_whose_closing_is_moved_before_its_opening_is_refused() {
    let good = decision(Process::Transparency);
    let mut n = net([add("d", good.clone())]);
    // The field is public: an update can try to move it.
    let mut bad = good.clone();
    bad.closes_at = bad.opened_at;
    let err = refused(&mut n, Change::update(k("d"), bad.clone()));
    assert_eq!(err, ChangeError::ClosesBeforeOpening { key: k("d") });
    bad.closes_at = bad.opened_at - Duration::days(1);
    let err = refused(&mut n, Change::update(k("d"), bad.clone()));
    assert_eq!(err, ChangeError::ClosesBeforeOpening { key: k("d") });
    // Adding such a decision is refused too.
    let err = refused(&mut n, add("e", bad));
    assert_eq!(err, ChangeError::ClosesBeforeOpening { key: k("e") });
    // Nearest valid: closes one second after it opens.
    let mut near = good;
    near.closes_at = near.opened_at + Duration::seconds(1);
    accepted(&mut n, Change::update(k("d"), near.clone()));
    assert_eq!(n.decision("d"), Some(&near));
}

#[test]
fn intervention_ids_are_unique_within_a_decision() {
    let mut n = net([add_person("p"), add_person("q")]);
    let dup = decision(Process::Consent)
        .with(iv(1, InterventionKind::Question, "p", OPENED))
        .with(iv(1, InterventionKind::Objection, "q", OPENED));
    let err = refused(&mut n, add("d", dup));
    assert_eq!(
        err,
        ChangeError::DuplicateIntervention { key: k("d"), id: 1 }
    );
    let ok = decision(Process::Consent)
        .with(iv(1, InterventionKind::Question, "p", OPENED))
        .with(iv(2, InterventionKind::Objection, "q", OPENED));
    accepted(&mut n, add("d", ok.clone()));
    // An update that appends a second intervention 2 is refused.
    let err = refused(
        &mut n,
        Change::update(
            k("d"),
            ok.clone()
                .with(iv(2, InterventionKind::Support, "p", OPENED)),
        ),
    );
    assert_eq!(
        err,
        ChangeError::DuplicateIntervention { key: k("d"), id: 2 }
    );
    accepted(
        &mut n,
        Change::update(
            k("d"),
            ok.with(iv(3, InterventionKind::Support, "p", OPENED)),
        ),
    );
}

#[test]
fn answers_answer_interventions_of_the_same_decision() {
    let mut n = net([add_person("p"), add_person("q")]);
    let unknown = decision(Process::Transparency)
        .with(iv(1, InterventionKind::Question, "p", OPENED))
        .with(iv(2, InterventionKind::AnswerTo(3), "q", OPENED));
    let err = refused(&mut n, add("d", unknown));
    assert_eq!(err, ChangeError::AnswerToUnknown { key: k("d"), id: 3 });
    let to_itself =
        decision(Process::Transparency).with(iv(1, InterventionKind::AnswerTo(1), "q", OPENED));
    let err = refused(&mut n, add("d", to_itself));
    assert_eq!(err, ChangeError::AnswerToUnknown { key: k("d"), id: 1 });
    // Nearest valid: answering the question, in whatever order they are listed.
    let answered = decision(Process::Transparency)
        .with(iv(2, InterventionKind::AnswerTo(1), "q", OPENED))
        .with(iv(1, InterventionKind::Question, "p", OPENED));
    accepted(&mut n, add("d", answered));
    assert_eq!(n.decision("d").unwrap().open_questions().count(), 0);
}

#[test]
fn amounts_requested_and_burdens_are_never_negative() {
    let mut n = net([]);
    let minus = eur(-1);
    let err = refused(&mut n, add("ap", dossier().requesting(minus)));
    assert_eq!(
        err,
        ChangeError::NegativeAmount {
            key: k("ap"),
            amount: minus
        }
    );
    let err = refused(&mut n, add("ap", dossier().with_burden(minus)));
    assert_eq!(
        err,
        ChangeError::NegativeAmount {
            key: k("ap"),
            amount: minus
        }
    );
    // Nearest valid: zero (F13: no financial burden).
    accepted(
        &mut n,
        add("ap", dossier().requesting(eur(0)).with_burden(eur(0))),
    );
    let err = refused(
        &mut n,
        Change::update(k("ap"), dossier().with_burden(usd(-500))),
    );
    assert_eq!(
        err,
        ChangeError::NegativeAmount {
            key: k("ap"),
            amount: usd(-500)
        }
    );
    accepted(
        &mut n,
        Change::update(k("ap"), dossier().requesting(eur(1_500_000))),
    );
}

#[test]
fn an_application_never_goes_back_in_its_lifecycle() {
    let on = date!(2017 - 12 - 01);
    let sent = drafting().then(on, ApplicationStatus::Submitted).unwrap();
    let mut n = net([add("ap", with_lifecycle(dossier(), sent.clone()))]);
    let err = refused(&mut n, Change::update(k("ap"), dossier()));
    assert_eq!(
        err,
        ChangeError::LifecycleBackwards {
            key: k("ap"),
            from: "submitted",
            to: "drafting"
        }
    );
    // Rewriting the date of the submission is refused too.
    let rewritten = drafting()
        .then(date!(2017 - 11 - 30), ApplicationStatus::Submitted)
        .unwrap();
    let err = refused(
        &mut n,
        Change::update(k("ap"), with_lifecycle(dossier(), rewritten)),
    );
    assert_eq!(
        err,
        ChangeError::LifecycleBackwards {
            key: k("ap"),
            from: "submitted",
            to: "submitted"
        }
    );
    // Nearest valid: forward to granted.
    let granted = sent
        .clone()
        .then(date!(2018 - 02 - 01), ApplicationStatus::Granted)
        .unwrap();
    accepted(
        &mut n,
        Change::update(k("ap"), with_lifecycle(dossier(), granted.clone())),
    );
    assert_eq!(
        granted
            .clone()
            .then(date!(2018 - 03 - 01), ApplicationStatus::Refused),
        Err(LifecycleError::Backwards {
            from: "granted",
            to: "refused"
        })
    );
    let err = refused(
        &mut n,
        Change::update(k("ap"), with_lifecycle(dossier(), sent)),
    );
    assert_eq!(
        err,
        ChangeError::LifecycleBackwards {
            key: k("ap"),
            from: "granted",
            to: "submitted"
        }
    );
}

#[test]
fn a_draft_cannot_be_granted_or_refused_but_may_be_withdrawn() {
    let on = date!(2017 - 12 - 01);
    assert_eq!(
        drafting().then(on, ApplicationStatus::Granted),
        Err(LifecycleError::Backwards {
            from: "drafting",
            to: "granted"
        })
    );
    assert_eq!(
        drafting().then(on, ApplicationStatus::Refused),
        Err(LifecycleError::Backwards {
            from: "drafting",
            to: "refused"
        })
    );
    let mut n = net([add("ap", dossier())]);
    let err = refused(
        &mut n,
        Change::update(
            k("ap"),
            with_lifecycle(dossier(), Lifecycle::new(ApplicationStatus::Granted)),
        ),
    );
    assert_eq!(
        err,
        ChangeError::LifecycleBackwards {
            key: k("ap"),
            from: "drafting",
            to: "granted"
        }
    );
    let withdrawn = drafting().then(on, ApplicationStatus::Withdrawn).unwrap();
    accepted(
        &mut n,
        Change::update(k("ap"), with_lifecycle(dossier(), withdrawn.clone())),
    );
    let app = n.application("ap").unwrap();
    assert_eq!(app.status_at(on), ApplicationStatus::Withdrawn);
    assert_eq!(
        app.status_at(on.previous_day().unwrap()),
        ApplicationStatus::Drafting
    );
    // Withdrawn is final.
    assert!(
        withdrawn
            .then(date!(2017 - 12 - 02), ApplicationStatus::Submitted)
            .is_err()
    );
}

#[test]
fn a_decision_outcome_never_goes_back() {
    let on = date!(2017 - 12 - 01);
    let mut n = net([add(
        "d",
        with_outcome(decision(Process::Transparency), adopted(on)),
    )]);
    let err = refused(
        &mut n,
        Change::update(k("d"), decision(Process::Transparency)),
    );
    assert_eq!(
        err,
        ChangeError::LifecycleBackwards {
            key: k("d"),
            from: "adopted",
            to: "pending"
        }
    );
    let rejected = pending().then(on, Outcome::Rejected).unwrap();
    let err = refused(
        &mut n,
        Change::update(
            k("d"),
            with_outcome(decision(Process::Transparency), rejected.clone()),
        ),
    );
    assert_eq!(
        err,
        ChangeError::LifecycleBackwards {
            key: k("d"),
            from: "adopted",
            to: "rejected"
        }
    );
    assert_eq!(
        adopted(on).then(date!(2017 - 12 - 02), Outcome::Rejected),
        Err(LifecycleError::Backwards {
            from: "adopted",
            to: "rejected"
        })
    );
    // Nearest valid: a pending decision may be rejected; an adopted one may
    // get a review date and more interventions without touching its outcome.
    accepted(&mut n, add("e", decision(Process::Transparency)));
    accepted(
        &mut n,
        Change::update(
            k("e"),
            with_outcome(decision(Process::Transparency), rejected),
        ),
    );
    accepted(
        &mut n,
        Change::update(
            k("d"),
            with_outcome(decision(Process::Transparency), adopted(on))
                .reviewed_on(date!(2018 - 06 - 01)),
        ),
    );
}

#[test]
fn fractions_lie_between_zero_and_one() {
    assert_eq!(Fraction::new(3, 2), Err(FractionError { num: 3, den: 2 }));
    assert_eq!(Fraction::new(0, 0), Err(FractionError { num: 0, den: 0 }));
    let half = frac(1, 2);
    assert!(half.reached(2, 4));
    assert!(!half.reached(1, 3));
    assert!(frac(1, 1).reached(4, 4));
    assert!(frac(0, 1).reached(0, 0));
    // No overflow at the extremes.
    assert!(frac(u32::MAX, u32::MAX).reached(u64::MAX, u64::MAX));
}

#[test]

fn nothing_out_of_nothing_reaches_only_a_zero_fraction() {
    assert!(frac(0, 1).reached(0, 0));
    assert!(!frac(1, 2).reached(0, 0));
    assert!(!frac(1, 1).reached(0, 0));
    // An organisation without members, a vote nobody cast.
    let n = net([
        add_assoc("o"),
        add("vote", decision(vote((1, 2), (1, 2)))),
        decides("o", "vote"),
    ]);
    let tally = n.tally("vote").unwrap();
    assert_eq!((tally.cast(), tally.members), (0, 0));
    assert!(!tally.quorum_reached, "{tally}");
}

// ===== rules =====

#[test]
fn the_rules_of_this_issue_have_their_default_levels() {
    use Level::*;
    for (rule, level) in [
        (Rule::FilerNotLegalPerson, Error),
        (Rule::NeedsCarrier, Error),
        (Rule::ObjectivesMismatch, Warning),
        (Rule::CarrierBurden, Error),
        (Rule::DeadlineMissed, Error),
        (Rule::UnauthoredApplication, Warning),
        (Rule::DecisionAfterDeadline, Warning),
        (Rule::ShortNotice, Note),
        (Rule::IllegitimateDecider, Error),
        (Rule::UnresolvedObjection, Error),
        (Rule::UnansweredQuestion, Warning),
        (Rule::QuorumNotMet, Error),
        (Rule::ReviewOverdue, Note),
        (Rule::TerritoryMismatch, Warning),
        (Rule::UnmandatedAct, Error),
        (Rule::NoSignatory, Warning),
    ] {
        assert_eq!(rule.default_level(), level, "{rule}");
    }
}

#[test]
fn a_dossier_filed_on_time_and_discussed_early_raises_nothing_of_this_issue() {
    let app = submitted(datetime!(2017-11-30 10:00 +01:00)).with_burden(eur(0));
    let d = decision_between(
        Process::Transparency,
        datetime!(2017-11-20 10:00 +01:00),
        datetime!(2017-11-30 09:00 +01:00),
    );
    let n = discussed(app, d);
    let report = n.validate(AS_OF);
    let rules: Vec<Rule> = report.findings().iter().map(|f| f.rule).collect();
    // Only ANIS's lack of members is worth a note.
    assert_eq!(rules, [Rule::EmptyMembership], "{report}");
}

// ----- deadline-missed -----

fn deadline_report(app: Application, as_of: OffsetDateTime) -> Report {
    net(filed(app)).validate(as_of)
}

#[test]
fn deadline_missed_is_silent_for_a_submission_on_the_deadline_day() {
    let report = deadline_report(submitted(datetime!(2017-12-01 23:59:59 +01:00)), LATER);
    assert_silent(&report, Rule::DeadlineMissed);
    let report = deadline_report(submitted(datetime!(2017-12-01 00:00 +01:00)), LATER);
    assert_silent(&report, Rule::DeadlineMissed);
}

#[test]
fn deadline_missed_fires_for_a_submission_the_day_after() {
    let report = deadline_report(submitted(datetime!(2017-12-02 00:00 +01:00)), LATER);
    assert_only(&report, Rule::DeadlineMissed, &["dossier"]);
    let finding = report.of_rule(Rule::DeadlineMissed).next().unwrap();
    assert_eq!(finding.level, Level::Error);
    assert!(
        finding.message().contains("2017-12-02"),
        "{}",
        finding.message()
    );
    assert!(
        finding.message().contains("2017-12-01"),
        "{}",
        finding.message()
    );
}

#[test]
fn a_submission_is_dated_in_its_own_offset() {
    // 23:30 in New York on 1 December is already 2 December in UTC.
    let ny = datetime!(2017-12-01 23:30 -05:00);
    assert_eq!(ny.to_offset(UtcOffset::UTC).date(), date!(2017 - 12 - 02));
    assert_silent(&deadline_report(submitted(ny), LATER), Rule::DeadlineMissed);
    // 00:30 in Paris on 2 December is still 1 December in UTC.
    let paris = datetime!(2017-12-02 00:30 +01:00);
    assert_eq!(
        paris.to_offset(UtcOffset::UTC).date(),
        date!(2017 - 12 - 01)
    );
    assert_only(
        &deadline_report(submitted(paris), LATER),
        Rule::DeadlineMissed,
        &["dossier"],
    );
}

#[test]
fn deadline_missed_for_a_draft_starts_the_day_after_the_deadline() {
    let last_minute = datetime!(2017-12-01 23:59:59 +01:00);
    assert_silent(
        &deadline_report(dossier(), last_minute),
        Rule::DeadlineMissed,
    );
    let next_day = datetime!(2017-12-02 00:00 +01:00);
    let report = deadline_report(dossier(), next_day);
    assert_only(&report, Rule::DeadlineMissed, &["dossier"]);
    assert!(message(&report, Rule::DeadlineMissed).contains("still drafting"));
    // The as-of instant is dated in its own offset too.
    assert_silent(
        &deadline_report(dossier(), datetime!(2017-12-01 23:30 -05:00)),
        Rule::DeadlineMissed,
    );
    assert_only(
        &deadline_report(dossier(), datetime!(2017-12-02 00:30 +01:00)),
        Rule::DeadlineMissed,
        &["dossier"],
    );
}

#[test]
fn deadline_missed_is_silent_for_a_dossier_withdrawn_or_decided() {
    let withdrawn = drafting()
        .then(DEADLINE, ApplicationStatus::Withdrawn)
        .unwrap();
    assert_silent(
        &deadline_report(with_lifecycle(dossier(), withdrawn), LATER),
        Rule::DeadlineMissed,
    );
    let granted = drafting()
        .then(date!(2017 - 11 - 30), ApplicationStatus::Submitted)
        .unwrap()
        .then(date!(2017 - 12 - 10), ApplicationStatus::Granted)
        .unwrap();
    let app = with_lifecycle(dossier(), granted).submitted(datetime!(2017-11-30 18:00 +01:00));
    assert_silent(&deadline_report(app, LATER), Rule::DeadlineMissed);
}

#[test]

fn deadline_missed_fires_for_a_late_submission_recorded_only_in_the_lifecycle() {
    // Submitted on 3 December, after its deadline of 1 December; no
    // `submitted_at` instant was recorded, only the dated status change.
    let late = drafting()
        .then(date!(2017 - 12 - 03), ApplicationStatus::Submitted)
        .unwrap();
    let app = with_lifecycle(dossier(), late);
    // As of 2 December it is still drafting after its deadline: fires.
    assert_only(
        &deadline_report(app.clone(), datetime!(2017-12-02 12:00 +01:00)),
        Rule::DeadlineMissed,
        &["dossier"],
    );
    // Later, nothing has made the dossier less late.
    assert_only(
        &deadline_report(app, LATER),
        Rule::DeadlineMissed,
        &["dossier"],
    );
}

// ----- unauthored-application -----

#[test]
fn unauthored_application_fires_without_authors_and_is_silent_with_them() {
    let n = net([
        add_assoc("anis"),
        add("dossier", dossier()),
        files("anis", "dossier"),
    ]);
    let report = n.validate(AS_OF);
    assert_only(&report, Rule::UnauthoredApplication, &["dossier"]);
    assert_eq!(
        report
            .of_rule(Rule::UnauthoredApplication)
            .next()
            .unwrap()
            .level,
        Level::Warning
    );
    // F12: laurent wrote it, ANIS files it.
    assert_silent(
        &net(filed(dossier())).validate(AS_OF),
        Rule::UnauthoredApplication,
    );
    // An organisation may author it too.
    let n = net([
        add_assoc("anis"),
        add_collective("catalyst"),
        add("dossier", dossier()),
        files("anis", "dossier"),
        authors("catalyst", "dossier"),
    ]);
    assert_silent(&n.validate(AS_OF), Rule::UnauthoredApplication);
}

// ----- decision-after-deadline -----

fn closing_report(closes: OffsetDateTime) -> Report {
    discussed(
        dossier(),
        decision_between(Process::Transparency, OPENED, closes),
    )
    .validate(AS_OF)
}

#[test]
fn decision_after_deadline_is_silent_when_closing_on_the_deadline_day() {
    assert_silent(
        &closing_report(datetime!(2017-12-01 23:59:59 +01:00)),
        Rule::DecisionAfterDeadline,
    );
    assert_silent(&closing_report(CLOSES), Rule::DecisionAfterDeadline);
}

#[test]
fn decision_after_deadline_fires_when_closing_the_day_after() {
    let report = closing_report(datetime!(2017-12-02 00:00 +01:00));
    assert_only(
        &report,
        Rule::DecisionAfterDeadline,
        &["discussion", "dossier"],
    );
    assert_eq!(
        report
            .of_rule(Rule::DecisionAfterDeadline)
            .next()
            .unwrap()
            .level,
        Level::Warning
    );
}

#[test]
fn a_closing_is_dated_in_its_own_offset() {
    assert_silent(
        &closing_report(datetime!(2017-12-01 23:30 -05:00)),
        Rule::DecisionAfterDeadline,
    );
    assert_only(
        &closing_report(datetime!(2017-12-02 00:30 +01:00)),
        Rule::DecisionAfterDeadline,
        &["discussion", "dossier"],
    );
}

#[test]
fn decision_after_deadline_only_concerns_applications() {
    let n = net([
        add_assoc("anis"),
        add("d", decision_between(Process::Consent, OPENED, LATER)),
        decides("anis", "d"),
        concerns("d", "anis"),
    ]);
    assert_silent(&n.validate(AS_OF), Rule::DecisionAfterDeadline);
}

// ----- short-notice -----

fn notice_report(opened: OffsetDateTime, options: &Options) -> Report {
    let d = decision_between(Process::Transparency, opened, opened + Duration::hours(1));
    discussed(dossier(), d).validate_with(AS_OF, options)
}

#[test]
fn short_notice_fires_for_the_seed_discussion_with_the_default_notice() {
    assert_eq!(Options::new().notice(), Duration::days(7));
    let report = notice_report(OPENED, &Options::new());
    assert_only(&report, Rule::ShortNotice, &["discussion", "dossier"]);
    let f = report.of_rule(Rule::ShortNotice).next().unwrap();
    assert_eq!(f.level, Level::Note);
    // From Wed 29 Nov 15:50 to the end of Fri 1 Dec.
    assert!(f.message().contains("2 day(s) 8 h"), "{}", f.message());
    assert!(f.message().contains("7 day(s)"), "{}", f.message());
}

#[test]
fn short_notice_is_silent_with_exactly_the_notice() {
    // Seven days before the end of the deadline day.
    let week = datetime!(2017-11-25 00:00 +01:00);
    assert_silent(&notice_report(week, &Options::new()), Rule::ShortNotice);
    assert_only(
        &notice_report(week + Duration::seconds(1), &Options::new()),
        Rule::ShortNotice,
        &["discussion", "dossier"],
    );
    // The end of the deadline day is read in the opening's offset.
    let ny = datetime!(2017-11-25 00:00 -05:00);
    assert_silent(&notice_report(ny, &Options::new()), Rule::ShortNotice);
}

#[test]
fn short_notice_follows_the_configured_notice() {
    let one_day = Options::new().short_notice(Duration::days(1));
    assert_eq!(one_day.notice(), Duration::days(1));
    assert_silent(&notice_report(OPENED, &one_day), Rule::ShortNotice);
    let day_before = datetime!(2017-12-01 00:00 +01:00);
    assert_silent(&notice_report(day_before, &one_day), Rule::ShortNotice);
    assert_only(
        &notice_report(day_before + Duration::seconds(1), &one_day),
        Rule::ShortNotice,
        &["discussion", "dossier"],
    );
    // Opened after the deadline: no time left at all.
    let report = notice_report(datetime!(2017-12-02 10:00 +01:00), &one_day);
    assert_only(&report, Rule::ShortNotice, &["discussion", "dossier"]);
    assert!(message(&report, Rule::ShortNotice).contains("no time left"));
    // Allowed, it is not run.
    assert_silent(
        &notice_report(OPENED, &Options::new().allow(Rule::ShortNotice)),
        Rule::ShortNotice,
    );
}

// ----- illegitimate-decider -----

/// ANIS (established) files `dossier`, runs `perm`, commits with `other` to
/// `pact` (where `third` only supports), and carries `chambre` (in
/// formation) with `carrying`; decision `d`, opened 29 Nov 2017, is
/// decided by `deciders` and concerns `concerned`.
fn legitimacy(deciders: &[&str], concerned: &str, carrying: Period) -> Network {
    let mut changes = vec![
        add_assoc("anis"),
        add_assoc("other"),
        add_assoc("third"),
        add_in_formation("chambre"),
        add_person("julien"),
        carries(
            "anis",
            "chambre",
            &[communs::ScopeKind::Administrative],
            carrying,
        ),
        add("dossier", dossier()),
        files("anis", "dossier"),
        add("perm", brique("Permanence")),
        runs("anis", "perm", Period::ALWAYS),
        add("perm-2018", brique("Permanence 2018")),
        runs("anis", "perm-2018", Period::since(date!(2018 - 01 - 09))),
        add("pact", contract()),
        rel("anis", "pact", Party::new(Mode::Committing)),
        rel("other", "pact", Party::new(Mode::Committing)),
        rel("third", "pact", Party::new(Mode::Supporting)),
        rel("julien", "pact", Party::new(Mode::Committing)),
        add("d", decision(Process::Consent)),
        concerns("d", concerned),
    ];
    changes.extend(deciders.iter().map(|o| decides(o, "d")));
    net(changes)
}

fn legit(deciders: &[&str], concerned: &str) -> Report {
    legitimacy(deciders, concerned, Period::ALWAYS).validate(AS_OF)
}

#[test]
fn illegitimate_decider_is_silent_when_the_voice_decides() {
    assert_silent(&legit(&["anis"], "anis"), Rule::IllegitimateDecider);
    assert_silent(&legit(&["anis"], "dossier"), Rule::IllegitimateDecider);
    assert_silent(&legit(&["anis"], "perm"), Rule::IllegitimateDecider);
    assert_silent(
        &legit(&["anis", "other"], "pact"),
        Rule::IllegitimateDecider,
    );
}

#[test]
fn illegitimate_decider_fires_when_another_organisation_decides() {
    let report = legit(&["other"], "anis");
    assert_only(&report, Rule::IllegitimateDecider, &["d", "anis", "other"]);
    let f = report.of_rule(Rule::IllegitimateDecider).next().unwrap();
    assert_eq!(f.level, Level::Error);
    assert!(
        f.message().contains("`anis` speaks for `anis`"),
        "{}",
        f.message()
    );
    // Every decider is named, in key order.
    assert_only(
        &legit(&["third", "other"], "anis"),
        Rule::IllegitimateDecider,
        &["d", "anis", "other", "third"],
    );
}

#[test]
fn illegitimate_decider_reaches_the_filer_of_a_concerned_application() {
    assert_only(
        &legit(&["other"], "dossier"),
        Rule::IllegitimateDecider,
        &["d", "anis", "other"],
    );
}

#[test]
fn illegitimate_decider_reaches_the_runner_of_a_concerned_brique() {
    assert_only(
        &legit(&["other"], "perm"),
        Rule::IllegitimateDecider,
        &["d", "anis", "other"],
    );
    // Who runs it at the opening date: ANIS runs this one only from 2018.
    assert_silent(&legit(&["other"], "perm-2018"), Rule::IllegitimateDecider);
}

#[test]
fn illegitimate_decider_reaches_the_committing_parties_of_a_concerned_contract() {
    // ANIS alone decides a pact that binds `other` too.
    assert_only(
        &legit(&["anis"], "pact"),
        Rule::IllegitimateDecider,
        &["d", "other", "anis"],
    );
    let report = legit(&["third"], "pact");
    assert_eq!(
        keys_of(&report, Rule::IllegitimateDecider),
        [["d", "anis", "third"], ["d", "other", "third"]],
        "{report}"
    );
}

#[test]
fn an_institution_in_formation_is_decided_for_by_its_carrier() {
    // F7: the Chambre's governance is not posed; ANIS is its voice.
    assert_silent(&legit(&["anis"], "chambre"), Rule::IllegitimateDecider);
    // The Chambre cannot decide for itself yet.
    assert_only(
        &legit(&["chambre"], "chambre"),
        Rule::IllegitimateDecider,
        &["d", "chambre", "chambre"],
    );
    // Without a carrier at the opening date nobody may speak for it.
    let n = legitimacy(&["anis"], "chambre", Period::since(date!(2018 - 01 - 01)));
    let report = n.validate(AS_OF);
    assert_only(
        &report,
        Rule::IllegitimateDecider,
        &["d", "chambre", "anis"],
    );
    assert!(message(&report, Rule::IllegitimateDecider).contains("nobody may speak"));
}

#[test]
fn illegitimate_decider_ignores_what_has_no_voice_and_undecided_decisions() {
    assert_silent(&legit(&["other"], "julien"), Rule::IllegitimateDecider);
    assert_silent(&legit(&[], "anis"), Rule::IllegitimateDecider);
}

// ----- unresolved-objection -----

fn objection_report(process: Process, outcome: Lifecycle<Outcome>, ivs: &[Intervention]) -> Report {
    let mut d = with_outcome(decision(process), outcome);
    for i in ivs {
        d = d.with(i.clone());
    }
    net([
        add_assoc("anis"),
        add_person("p"),
        add_person("q"),
        add("d", d),
        decides("anis", "d"),
    ])
    .validate(LATER)
}

fn objection(id: u32, by: &str) -> Intervention {
    iv(
        id,
        InterventionKind::Objection,
        by,
        datetime!(2017-11-30 10:00 +01:00),
    )
}

#[test]
fn unresolved_objection_fires_for_adopted_consent_consensus_and_transparency() {
    let adopted = adopted(DEADLINE);
    for process in [Process::Consent, Process::Consensus, Process::Transparency] {
        let report = objection_report(process.clone(), adopted.clone(), &[objection(1, "q")]);
        assert_only(&report, Rule::UnresolvedObjection, &["d", "q"]);
        assert_eq!(
            report
                .of_rule(Rule::UnresolvedObjection)
                .next()
                .unwrap()
                .level,
            Level::Error
        );
    }
    // Every objector, once each, in key order.
    let report = objection_report(
        Process::Consent,
        adopted,
        &[objection(1, "q"), objection(2, "p"), objection(3, "q")],
    );
    assert_only(&report, Rule::UnresolvedObjection, &["d", "p", "q"]);
}

#[test]
fn unresolved_objection_is_silent_when_resolved_pending_or_not_adopted() {
    let resolved = objection(1, "q").resolved();
    assert_silent(
        &objection_report(Process::Consent, adopted(DEADLINE), &[resolved]),
        Rule::UnresolvedObjection,
    );
    assert_silent(
        &objection_report(Process::Consent, pending(), &[objection(1, "q")]),
        Rule::UnresolvedObjection,
    );
    let rejected = pending().then(DEADLINE, Outcome::Rejected).unwrap();
    assert_silent(
        &objection_report(Process::Consent, rejected, &[objection(1, "q")]),
        Rule::UnresolvedObjection,
    );
    // Adopted only after the as-of date.
    assert_silent(
        &objection_report(
            Process::Consent,
            adopted(date!(2018 - 01 - 01)),
            &[objection(1, "q")],
        ),
        Rule::UnresolvedObjection,
    );
}

#[test]
fn unresolved_objection_is_silent_for_a_vote_advice_or_delegation() {
    for process in [
        vote((1, 2), (0, 1)),
        Process::Advice {
            decider: k("p"),
            consulted: vec![k("q")],
        },
        Process::Delegated { to: k("p") },
    ] {
        assert_silent(
            &objection_report(process, adopted(DEADLINE), &[objection(1, "q")]),
            Rule::UnresolvedObjection,
        );
    }
}

#[test]
fn answering_an_objection_does_not_resolve_it() {
    let answer = iv(
        2,
        InterventionKind::AnswerTo(1),
        "p",
        datetime!(2017-11-30 11:00 +01:00),
    );
    let report = objection_report(
        Process::Consent,
        adopted(DEADLINE),
        &[objection(1, "q"), answer],
    );
    assert_only(&report, Rule::UnresolvedObjection, &["d", "q"]);
}

// ----- unanswered-question -----

fn question(id: u32, by: &str) -> Intervention {
    iv(
        id,
        InterventionKind::Question,
        by,
        datetime!(2017-11-29 18:00 +01:00),
    )
}

fn answer(id: u32, to: u32) -> Intervention {
    iv(
        id,
        InterventionKind::AnswerTo(to),
        "p",
        datetime!(2017-11-29 19:00 +01:00),
    )
}

fn question_report(process: Process, ivs: &[Intervention], as_of: OffsetDateTime) -> Report {
    intervention_net(process, ivs).validate(as_of)
}

fn intervention_net(process: Process, ivs: &[Intervention]) -> Network {
    let mut d = decision(process);
    for i in ivs {
        d = d.with(i.clone());
    }
    net([
        add_assoc("anis"),
        add_person("p"),
        add_person("q"),
        add("d", d),
        decides("anis", "d"),
    ])
}

#[test]
fn unanswered_question_fires_once_a_transparency_decision_has_closed() {
    let report = question_report(Process::Transparency, &[question(1, "q")], AS_OF);
    assert_only(&report, Rule::UnansweredQuestion, &["d", "q"]);
    assert_eq!(
        report
            .of_rule(Rule::UnansweredQuestion)
            .next()
            .unwrap()
            .level,
        Level::Warning
    );
    // At the very instant it closes, written in another offset.
    let at_close = CLOSES.to_offset(offset!(-05:00));
    assert_only(
        &question_report(Process::Transparency, &[question(1, "q")], at_close),
        Rule::UnansweredQuestion,
        &["d", "q"],
    );
}

#[test]
fn unanswered_question_is_silent_when_answered_or_resolved() {
    assert_silent(
        &question_report(
            Process::Transparency,
            &[question(1, "q"), answer(2, 1)],
            AS_OF,
        ),
        Rule::UnansweredQuestion,
    );
    assert_silent(
        &question_report(Process::Transparency, &[question(1, "q").resolved()], AS_OF),
        Rule::UnansweredQuestion,
    );
    // Answering another question does not answer this one.
    assert_only(
        &question_report(
            Process::Transparency,
            &[question(1, "p"), question(2, "q"), answer(3, 1)],
            AS_OF,
        ),
        Rule::UnansweredQuestion,
        &["d", "q"],
    );
}

#[test]
fn unanswered_question_is_silent_before_closing_and_outside_transparency() {
    let before = CLOSES - Duration::seconds(1);
    assert_silent(
        &question_report(Process::Transparency, &[question(1, "q")], before),
        Rule::UnansweredQuestion,
    );
    assert_silent(
        &question_report(Process::Consent, &[question(1, "q")], AS_OF),
        Rule::UnansweredQuestion,
    );
}

// ----- quorum-not-met and the tally -----

const VOTE_AT: OffsetDateTime = datetime!(2017-11-30 10:00 +01:00);

/// Organisation `o` with members m1..m4 (and m0, whose membership ended
/// before the vote), decision `vote` adopted on 1 Dec with these stances.
fn vote_net(process: Process, outcome: Lifecycle<Outcome>, stances: &[(&str, Stance)]) -> Network {
    let mut d = with_outcome(decision(process), outcome);
    for (i, (who, stance)) in stances.iter().enumerate() {
        let id = u32::try_from(i).unwrap() + 1;
        d = d.with(iv(
            id,
            InterventionKind::Stance(*stance),
            who,
            VOTE_AT + Duration::minutes(i64::from(id)),
        ));
    }
    let mut changes = vec![add_assoc("o")];
    for m in ["m0", "m1", "m2", "m3", "m4"] {
        changes.push(add_person(m));
    }
    changes.push(member("m0", "o", Period::until(date!(2017 - 11 - 28))));
    for m in ["m1", "m2", "m3", "m4"] {
        changes.push(member(m, "o", Period::ALWAYS));
    }
    changes.extend([add("vote", d), decides("o", "vote")]);
    net(changes)
}

#[test]
fn a_vote_exactly_at_its_threshold_and_quorum_stands() {
    use Stance::*;
    let n = vote_net(
        vote((1, 2), (1, 2)),
        adopted(DEADLINE),
        &[("m1", For), ("m2", Against)],
    );
    let tally = n.tally("vote").unwrap();
    assert_eq!(
        (tally.for_, tally.against, tally.abstain, tally.members),
        (1, 1, 0, 4)
    );
    assert_eq!(tally.cast(), 2);
    assert!(tally.quorum_reached && tally.threshold_reached, "{tally}");
    assert_silent(&n.validate(LATER), Rule::QuorumNotMet);
}

#[test]
fn quorum_not_met_fires_one_vote_short_of_the_quorum() {
    use Stance::*;
    let n = vote_net(vote((1, 2), (1, 2)), adopted(DEADLINE), &[("m1", For)]);
    let tally = n.tally("vote").unwrap();
    assert!(!tally.quorum_reached && tally.threshold_reached, "{tally}");
    let report = n.validate(LATER);
    assert_only(&report, Rule::QuorumNotMet, &["vote"]);
    assert_eq!(
        report.of_rule(Rule::QuorumNotMet).next().unwrap().level,
        Level::Error
    );
    assert!(message(&report, Rule::QuorumNotMet).contains("quorum not reached"));
}

#[test]
fn quorum_not_met_fires_one_vote_short_of_the_threshold() {
    use Stance::*;
    let exactly = vote_net(
        vote((2, 3), (3, 4)),
        adopted(DEADLINE),
        &[("m1", For), ("m2", For), ("m3", Against)],
    );
    let tally = exactly.tally("vote").unwrap();
    assert!(tally.quorum_reached && tally.threshold_reached, "{tally}");
    assert_silent(&exactly.validate(LATER), Rule::QuorumNotMet);
    let short = vote_net(
        vote((2, 3), (3, 4)),
        adopted(DEADLINE),
        &[("m1", For), ("m2", Against), ("m3", Against)],
    );
    let tally = short.tally("vote").unwrap();
    assert!(tally.quorum_reached && !tally.threshold_reached, "{tally}");
    assert_only(&short.validate(LATER), Rule::QuorumNotMet, &["vote"]);
}

/// Votes that share deciding organisations are tallied each on its own:
/// two votes decided by `o`, one by `o` and `p` (members counted once),
/// and one by `p` alone, opened on different dates. The rule fires for
/// exactly the votes whose own tally misses, as `Network::tally` says.
#[test]
fn votes_sharing_deciders_are_tallied_each_on_its_own() {
    use Stance::*;
    let at = |days: i64| VOTE_AT + Duration::days(days);
    let ballot = |d: Decision, votes: &[(&str, Stance)], opened: OffsetDateTime| {
        votes.iter().enumerate().fold(d, |d, (i, (who, stance))| {
            let id = u32::try_from(i).unwrap() + 1;
            d.with(iv(
                id,
                InterventionKind::Stance(*stance),
                who,
                opened + Duration::minutes(i64::from(id)),
            ))
        })
    };
    let mut changes = vec![add_assoc("o"), add_assoc("p")];
    for m in ["m1", "m2", "m3", "m4", "m5"] {
        changes.push(add_person(m));
    }
    // m1, m2 in o; m2, m3 in p; m4 joins o after the first vote opens.
    changes.push(member("m1", "o", Period::ALWAYS));
    changes.push(member("m2", "o", Period::ALWAYS));
    changes.push(member("m2", "p", Period::ALWAYS));
    changes.push(member("m3", "p", Period::ALWAYS));
    changes.push(member("m4", "o", Period::since(date!(2017 - 11 - 30))));
    // (vote, its deciders, its ballots)
    type Vote<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, Stance)]);
    let votes: [Vote<'_>; 4] = [
        // Opened before m4 joins: o has 2 members, 1 of 2 takes part.
        ("v1", &["o"], &[("m1", For)]),
        // o has 3 members by now: 1 of 3 is short of the quorum.
        ("v2", &["o"], &[("m1", For)]),
        // o and p: m1, m2, m3, m4, m2 counted once: 2 of 4.
        ("v3", &["o", "p"], &[("m2", For), ("m3", For)]),
        // p alone: 1 of 2.
        ("v4", &["p"], &[("m3", Against), ("m5", For)]),
    ];
    for (i, (key, deciders, stances)) in votes.iter().enumerate() {
        let opened = at(if i == 0 { -2 } else { 1 });
        let d = decision_between(vote((1, 2), (1, 2)), opened, opened + Duration::days(5));
        let d = ballot(
            with_outcome(d, adopted(date!(2017 - 12 - 10))),
            stances,
            opened,
        );
        changes.push(add(key, d));
        for o in *deciders {
            changes.push(decides(o, key));
        }
    }
    let n = net(changes);
    let mut missing = Vec::new();
    for (key, ..) in votes {
        let tally = n.tally(key).unwrap();
        if !(tally.quorum_reached && tally.threshold_reached) {
            missing.push(key);
        }
    }
    assert_eq!(missing, ["v2", "v4"]);
    let report = n.validate(LATER);
    let fired: Vec<Vec<&str>> = report
        .of_rule(Rule::QuorumNotMet)
        .map(|f| f.keys().iter().map(|k| k.as_str()).collect())
        .collect();
    assert_eq!(fired, missing.iter().map(|m| vec![*m]).collect::<Vec<_>>());
    assert_eq!(n.tally("v3").unwrap().members, 4);
}

#[test]
fn quorum_not_met_is_silent_unless_the_vote_is_adopted() {
    use Stance::*;
    let rejected = pending().then(DEADLINE, Outcome::Rejected).unwrap();
    for outcome in [pending(), rejected, adopted(date!(2018 - 01 - 01))] {
        let n = vote_net(vote((1, 2), (1, 1)), outcome, &[("m1", For)]);
        assert_silent(&n.validate(LATER), Rule::QuorumNotMet);
    }
}

#[test]
fn abstentions_count_for_the_quorum_not_the_threshold() {
    use Stance::*;
    let n = vote_net(
        vote((1, 2), (3, 4)),
        adopted(DEADLINE),
        &[("m1", For), ("m2", Abstain), ("m3", Abstain)],
    );
    let tally = n.tally("vote").unwrap();
    assert_eq!(
        (tally.for_, tally.against, tally.abstain, tally.cast()),
        (1, 0, 2, 3)
    );
    // 3 of 4 take part; 1 of 1 expressed is for.
    assert!(tally.quorum_reached && tally.threshold_reached, "{tally}");
    assert_silent(&n.validate(LATER), Rule::QuorumNotMet);
    // Only abstentions: nothing is expressed, the threshold is not reached.
    let n = vote_net(
        vote((1, 2), (1, 2)),
        adopted(DEADLINE),
        &[("m1", Abstain), ("m2", Abstain)],
    );
    let tally = n.tally("vote").unwrap();
    assert!(tally.quorum_reached && !tally.threshold_reached, "{tally}");
    assert_only(&n.validate(LATER), Rule::QuorumNotMet, &["vote"]);
}

#[test]
fn the_last_stance_of_each_voter_counts() {
    use Stance::*;
    // m1 votes against, then changes to for; m2 for, then abstains.
    let n = vote_net(
        vote((1, 2), (1, 2)),
        adopted(DEADLINE),
        &[("m1", Against), ("m2", For), ("m1", For), ("m2", Abstain)],
    );
    let tally = n.tally("vote").unwrap();
    assert_eq!(
        (tally.for_, tally.against, tally.abstain, tally.members),
        (1, 0, 1, 4)
    );
    // The order is by instant, not by position in the list.
    let early = iv(9, InterventionKind::Stance(Against), "m3", VOTE_AT);
    let late = iv(
        8,
        InterventionKind::Stance(For),
        "m3",
        VOTE_AT + Duration::hours(1),
    );
    let d = with_outcome(decision(vote((1, 2), (1, 4))), pending())
        .with(late)
        .with(early);
    let mut n = n;
    accepted(&mut n, add("second", d));
    accepted(&mut n, decides("o", "second"));
    let tally = n.tally("second").unwrap();
    assert_eq!((tally.for_, tally.against), (1, 0));
}

#[test]
fn only_members_at_the_opening_count_each_once_across_deciders() {
    use Stance::*;
    // m0, whose membership ended before the vote, votes for and is not
    // counted; m1 and m2 vote against. Then `p` decides too, with m1 a
    // member of both and m5 of `p` only: members are counted once each.
    let mut n = vote_net(
        vote((1, 2), (1, 2)),
        adopted(DEADLINE),
        &[("m0", For), ("m1", Against), ("m2", Against)],
    );
    let tally = n.tally("vote").unwrap();
    assert_eq!(
        (tally.for_, tally.against, tally.abstain, tally.members),
        (0, 2, 0, 4)
    );
    accepted(&mut n, add_assoc("p"));
    accepted(&mut n, add_person("m5"));
    accepted(&mut n, member("m1", "p", Period::ALWAYS));
    accepted(&mut n, member("m5", "p", Period::ALWAYS));
    accepted(&mut n, decides("p", "vote"));
    let tally = n.tally("vote").unwrap();
    assert_eq!(
        (tally.for_, tally.against, tally.abstain, tally.members),
        (0, 2, 0, 5)
    );
    // A voter who is a member of `p` only counts too.
    accepted(&mut n, member("m0", "p", Period::ALWAYS));
    let tally = n.tally("vote").unwrap();
    assert_eq!((tally.for_, tally.against, tally.members), (1, 2, 6));
    // An organisation that is a member counts among the members (it casts
    // no stance: interventions are made by people).
    accepted(&mut n, add_assoc("q"));
    accepted(&mut n, member("q", "o", Period::ALWAYS));
    assert_eq!(n.tally("vote").unwrap().members, 7);
    // A voter removed from the network, memberships and all, no longer
    // counts: their key is retired and names no member.
    accepted(&mut n, Change::remove_with_relations(k("m0")));
    let tally = n.tally("vote").unwrap();
    assert_eq!((tally.for_, tally.against, tally.members), (0, 2, 6));
}

#[test]
fn members_are_counted_at_the_opening_date_in_its_own_offset() {
    // m0's membership ended on 28 Nov. The seed vote opened on 29 Nov does
    // not count them.
    let mut n = vote_net(vote((1, 2), (1, 2)), pending(), &[]);
    assert_eq!(n.tally("vote").unwrap().members, 4);
    // 23:30 on 28 Nov in New York is 29 Nov in UTC, but 28 Nov in its own
    // offset: m0 is still a member.
    let ny = decision_between(
        vote((1, 2), (1, 2)),
        datetime!(2017-11-28 23:30 -05:00),
        CLOSES,
    );
    accepted(&mut n, add("ny", ny));
    accepted(&mut n, decides("o", "ny"));
    assert_eq!(n.tally("ny").unwrap().members, 5);
    // 00:30 on 29 Nov in Paris is 28 Nov in UTC, but 29 Nov in its offset.
    let paris = decision_between(
        vote((1, 2), (1, 2)),
        datetime!(2017-11-29 00:30 +01:00),
        CLOSES,
    );
    accepted(&mut n, add("paris", paris));
    accepted(&mut n, decides("o", "paris"));
    assert_eq!(n.tally("paris").unwrap().members, 4);
}

#[test]
fn a_tally_is_asked_of_votes_only() {
    let n = vote_net(Process::Consent, pending(), &[]);
    assert_eq!(
        n.tally("vote"),
        Err(QueryError::NotAVote { key: k("vote") })
    );
    assert_eq!(
        n.tally("o"),
        Err(QueryError::WrongKind {
            key: k("o"),
            expected: NodeKind::Decision,
            found: NodeKind::Organisation
        })
    );
    assert_eq!(
        n.tally("ghost"),
        Err(QueryError::UnknownKey {
            key: "ghost".into()
        })
    );
}

// ----- review-overdue -----

#[test]
fn review_overdue_fires_the_day_after_the_review_date() {
    let review = date!(2018 - 06 - 01);
    let d = with_outcome(decision(Process::Consent), adopted(DEADLINE)).reviewed_on(review);
    let n = net([add_assoc("anis"), add("d", d), decides("anis", "d")]);
    assert_silent(
        &n.validate(datetime!(2018-06-01 23:59 +02:00)),
        Rule::ReviewOverdue,
    );
    let report = n.validate(datetime!(2018-06-02 00:00 +02:00));
    assert_only(&report, Rule::ReviewOverdue, &["d"]);
    assert_eq!(
        report.of_rule(Rule::ReviewOverdue).next().unwrap().level,
        Level::Note
    );
    // A pending decision is not reviewed.
    let d = decision(Process::Consent).reviewed_on(review);
    let n = net([add("d", d)]);
    assert_silent(
        &n.validate(datetime!(2019-01-01 00:00 UTC)),
        Rule::ReviewOverdue,
    );
}

// ----- territory-mismatch -----

/// F9: the dossier funds the permanence, hosted at the MESS.
fn territory_net(mess_in: Option<&str>, targeted: &[&str]) -> Network {
    let mut changes = filed(dossier());
    changes.extend([
        add_territory("moulins"),
        add_territory("lille-sud"),
        add_place("mess"),
        add("perm", brique("Permanence")),
        rel("perm", "mess", Link::HostedAt),
        funds("dossier", "perm"),
    ]);
    if let Some(t) = mess_in {
        changes.push(located("mess", t));
    }
    changes.extend(targeted.iter().map(|t| targets("dossier", t)));
    net(changes)
}

#[test]
fn territory_mismatch_is_silent_when_the_funded_brique_is_in_the_target() {
    for targeted in [&["moulins"][..], &["lille-sud", "moulins"], &[]] {
        let report = territory_net(Some("moulins"), targeted).validate(AS_OF);
        assert_silent(&report, Rule::TerritoryMismatch);
    }
    // Without targets, where the place lies does not matter.
    assert_silent(
        &territory_net(None, &[]).validate(AS_OF),
        Rule::TerritoryMismatch,
    );
}

#[test]
fn territory_mismatch_fires_when_the_funded_brique_is_elsewhere() {
    let report = territory_net(Some("moulins"), &["lille-sud"]).validate(AS_OF);
    assert_only(
        &report,
        Rule::TerritoryMismatch,
        &["dossier", "perm", "mess", "lille-sud"],
    );
    assert_eq!(
        report
            .of_rule(Rule::TerritoryMismatch)
            .next()
            .unwrap()
            .level,
        Level::Warning
    );
    // A place located nowhere is outside every target.
    assert_only(
        &territory_net(None, &["moulins"]).validate(AS_OF),
        Rule::TerritoryMismatch,
        &["dossier", "perm", "mess", "moulins"],
    );
}

// ----- filer-not-legal-person, needs-carrier -----

fn collective_files(extra: Vec<Change>, app: Application) -> Network {
    let mut changes = vec![
        add_assoc("anis"),
        add_collective("catalyst"),
        add_person("laurent"),
        add("dossier", app),
        files("catalyst", "dossier"),
        authors("laurent", "dossier"),
    ];
    changes.extend(extra);
    net(changes)
}

#[test]
fn filer_not_legal_person_fires_for_a_collective_and_not_for_an_association() {
    let report = collective_files(vec![], dossier()).validate(AS_OF);
    assert_only(&report, Rule::FilerNotLegalPerson, &["dossier", "catalyst"]);
    assert_eq!(
        report
            .of_rule(Rule::FilerNotLegalPerson)
            .next()
            .unwrap()
            .level,
        Level::Error
    );
    // Being carried does not make it a legal person.
    let report = collective_files(vec![carries_all("anis", "catalyst")], dossier()).validate(AS_OF);
    assert_only(&report, Rule::FilerNotLegalPerson, &["dossier", "catalyst"]);
    assert_silent(
        &net(filed(dossier())).validate(AS_OF),
        Rule::FilerNotLegalPerson,
    );
}

#[test]
fn needs_carrier_fires_for_a_collective_that_files_without_a_carrier() {
    let report = collective_files(vec![], dossier()).validate(AS_OF);
    assert_only(&report, Rule::NeedsCarrier, &["catalyst", "dossier"]);
    // A carrying that ended the day before does not cover the date.
    let ended = carries(
        "anis",
        "catalyst",
        &[communs::ScopeKind::Administrative],
        Period::until(date!(2017 - 11 - 30)),
    );
    let report = collective_files(vec![ended], dossier()).validate(AS_OF);
    assert_only(&report, Rule::NeedsCarrier, &["catalyst", "dossier"]);
}

#[test]
fn needs_carrier_is_silent_with_a_carrier_or_a_dead_application() {
    let report = collective_files(vec![carries_all("anis", "catalyst")], dossier()).validate(AS_OF);
    assert_silent(&report, Rule::NeedsCarrier);
    let withdrawn = with_lifecycle(
        dossier(),
        drafting()
            .then(date!(2017 - 11 - 30), ApplicationStatus::Withdrawn)
            .unwrap(),
    );
    assert_silent(
        &collective_files(vec![], withdrawn).validate(AS_OF),
        Rule::NeedsCarrier,
    );
}

// ----- objectives-mismatch -----

fn objectives_net(purpose: &[&str]) -> Network {
    net([
        add(
            "anis",
            Organisation::new("ANIS", Form::Association)
                .with_objectives(tags(&["digital-solidarity", "social-innovation"])),
        ),
        add_person("laurent"),
        add("dossier", dossier().with_purpose(tags(purpose))),
        files("anis", "dossier"),
        authors("laurent", "dossier"),
    ])
}

#[test]
fn objectives_mismatch_fires_for_a_purpose_outside_the_filers_objectives() {
    let report = objectives_net(&["social-innovation", "economic-commons"]).validate(AS_OF);
    assert_only(&report, Rule::ObjectivesMismatch, &["dossier", "anis"]);
    let f = report.of_rule(Rule::ObjectivesMismatch).next().unwrap();
    assert_eq!(f.level, Level::Warning);
    assert!(f.message().contains("economic-commons"), "{}", f.message());
    assert!(
        !f.message().contains("(social-innovation"),
        "{}",
        f.message()
    );
}

#[test]
fn objectives_mismatch_is_silent_when_the_objectives_cover_the_purpose() {
    // F13: compatible with ANIS's defined objectives.
    for purpose in [
        &["social-innovation"][..],
        &["digital-solidarity", "social-innovation"],
        &[],
    ] {
        assert_silent(
            &objectives_net(purpose).validate(AS_OF),
            Rule::ObjectivesMismatch,
        );
    }
}

/// The brique `perm`, whose purpose is `purpose`, run by the collective
/// `x` (over `run`), which ANIS (objectives: social innovation) carries
/// when `carried`; the brique has the lifecycle `life`.
fn carried_brique_net(
    purpose: &[&str],
    run: Period,
    carried: bool,
    life: Lifecycle<BriqueStatus>,
) -> Network {
    let mut perm = brique("Permanence");
    perm.lifecycle = life;
    perm.purpose = tags(purpose).into_iter().collect();
    let mut changes = vec![
        add(
            "anis",
            Organisation::new("ANIS", Form::Association)
                .with_objectives(tags(&["social-innovation"])),
        ),
        add_collective("x"),
        add("perm", perm),
        runs("x", "perm", run),
    ];
    if carried {
        changes.push(carries_all("anis", "x"));
    }
    net(changes)
}

#[test]
fn objectives_mismatch_fires_for_a_brique_outside_its_runners_carriers_objectives() {
    let active = || Lifecycle::new(BriqueStatus::Active);
    let report =
        carried_brique_net(&["economic-commons"], Period::ALWAYS, true, active()).validate(AS_OF);
    assert_only(&report, Rule::ObjectivesMismatch, &["perm", "anis"]);
    let f = report.of_rule(Rule::ObjectivesMismatch).next().unwrap();
    assert!(
        f.message().contains("(economic-commons)"),
        "{}",
        f.message()
    );
    // Planned counts as under way.
    let planned = Lifecycle::new(BriqueStatus::Planned);
    let report =
        carried_brique_net(&["economic-commons"], Period::ALWAYS, true, planned).validate(AS_OF);
    assert_only(&report, Rule::ObjectivesMismatch, &["perm", "anis"]);
}

#[test]
fn objectives_mismatch_is_silent_for_a_brique_covered_ended_or_not_carried() {
    let active = || Lifecycle::new(BriqueStatus::Active);
    // Covered by the carrier's objectives.
    let covered = carried_brique_net(&["social-innovation"], Period::ALWAYS, true, active());
    // Ended before the as-of date.
    let ended = Lifecycle::new(BriqueStatus::Active)
        .then(date!(2017 - 11 - 01), BriqueStatus::Ended)
        .unwrap();
    let over = carried_brique_net(&["economic-commons"], Period::ALWAYS, true, ended);
    // The collective ran it until the day before.
    let until = Period::until(date!(2017 - 11 - 30));
    let left = carried_brique_net(&["economic-commons"], until, true, active());
    // Run by a collective nobody carries: no carrier's objectives to read.
    let alone = carried_brique_net(&["economic-commons"], Period::ALWAYS, false, active());
    for n in [covered, over, left, alone] {
        assert_silent(&n.validate(AS_OF), Rule::ObjectivesMismatch);
    }
}

// ----- carrier-scope for applications -----

/// The collective `x`, carried by ANIS with `scope`, files `app`.
fn collective_filing(scope: &[communs::ScopeKind], app: Application) -> Network {
    net([
        add_assoc("anis"),
        add_collective("x"),
        carries("anis", "x", scope, Period::ALWAYS),
        add("dossier", app),
        files("x", "dossier"),
    ])
}

#[test]
fn carrier_scope_fires_for_a_collective_filing_with_a_burden() {
    let admin = &[communs::ScopeKind::Administrative];
    let app = submitted(SENT).with_burden(eur(50_000));
    let report = collective_filing(admin, app).validate(LATER);
    assert_only(&report, Rule::CarrierScope, &["x", "anis", "dossier"]);
    assert_eq!(
        report.of_rule(Rule::CarrierScope).next().unwrap().level,
        Level::Warning
    );
    // Still drafting: live too.
    let report = collective_filing(admin, dossier().with_burden(eur(1))).validate(AS_OF);
    assert_only(&report, Rule::CarrierScope, &["x", "anis", "dossier"]);
}

#[test]
fn carrier_scope_is_silent_for_a_filing_without_money_or_financially_carried() {
    use communs::ScopeKind::{Administrative, Financial};
    let admin = &[Administrative];
    let withdrawn = with_lifecycle(
        dossier(),
        drafting()
            .then(date!(2017 - 11 - 30), ApplicationStatus::Withdrawn)
            .unwrap(),
    )
    .with_burden(eur(50_000));
    for n in [
        // No burden, or a burden of zero (F13).
        collective_filing(admin, submitted(SENT)),
        collective_filing(admin, submitted(SENT).with_burden(eur(0))),
        // A carrier with financial scope.
        collective_filing(
            &[Administrative, Financial],
            submitted(SENT).with_burden(eur(50_000)),
        ),
        // Withdrawn: no longer live.
        collective_filing(admin, withdrawn),
    ] {
        assert_silent(&n.validate(LATER), Rule::CarrierScope);
    }
}

// ----- carrier-burden and exposure -----

fn burden_net(limit: Option<Money>, apps: &[(&str, Application)]) -> Network {
    let mut anis = Organisation::new("ANIS", Form::Association);
    if let Some(limit) = limit {
        anis = anis.with_burden_limit(limit);
    }
    let mut changes = vec![add("anis", anis), add_person("laurent")];
    for (key, app) in apps {
        changes.extend([
            add(key, app.clone()),
            files("anis", key),
            authors("laurent", key),
        ]);
    }
    net(changes)
}

#[test]
fn carrier_burden_is_silent_within_the_limit() {
    // F13: no financial burden, within a limit of zero.
    let n = burden_net(Some(eur(0)), &[("dossier", dossier().with_burden(eur(0)))]);
    assert_silent(&n.validate(AS_OF), Rule::CarrierBurden);
    assert!(n.exposure("anis", DEADLINE).unwrap().within_limit());
    // Exactly at the limit.
    let n = burden_net(
        Some(eur(100)),
        &[
            ("a1", dossier().with_burden(eur(60))),
            ("a2", dossier().with_burden(eur(40))),
        ],
    );
    assert_silent(&n.validate(AS_OF), Rule::CarrierBurden);
    // No limit, no finding.
    let n = burden_net(None, &[("dossier", dossier().with_burden(eur(1_000_000)))]);
    assert_silent(&n.validate(AS_OF), Rule::CarrierBurden);
    // Nothing at stake in another currency either.
    let n = burden_net(Some(eur(0)), &[("dossier", dossier().with_burden(usd(0)))]);
    assert_silent(&n.validate(AS_OF), Rule::CarrierBurden);
}

#[test]
fn carrier_burden_fires_over_the_limit() {
    let n = burden_net(Some(eur(0)), &[("dossier", dossier().with_burden(eur(1)))]);
    let report = n.validate(AS_OF);
    assert_only(&report, Rule::CarrierBurden, &["anis", "dossier"]);
    assert_eq!(
        report.of_rule(Rule::CarrierBurden).next().unwrap().level,
        Level::Error
    );
    let n = burden_net(
        Some(eur(100)),
        &[
            ("a1", dossier().with_burden(eur(60))),
            ("a2", dossier().with_burden(eur(41))),
        ],
    );
    // The filer, then every live application it files.
    assert_only(
        &n.validate(AS_OF),
        Rule::CarrierBurden,
        &["anis", "a1", "a2"],
    );
    // One without a burden too: the message counts them all.
    let n = burden_net(
        Some(eur(0)),
        &[("a1", dossier().with_burden(eur(1))), ("a2", dossier())],
    );
    let report = n.validate(AS_OF);
    assert_only(&report, Rule::CarrierBurden, &["anis", "a1", "a2"]);
    assert!(
        message(&report, Rule::CarrierBurden).contains("files 2 live application(s)"),
        "{report}"
    );
}

#[test]
fn carrier_burden_fires_for_a_burden_in_another_currency() {
    let n = burden_net(
        Some(eur(1_000)),
        &[("dossier", dossier().with_burden(usd(1)))],
    );
    assert_only(
        &n.validate(AS_OF),
        Rule::CarrierBurden,
        &["anis", "dossier"],
    );
    assert!(!n.exposure("anis", DEADLINE).unwrap().within_limit());
}

#[test]
fn carrier_burden_reports_an_overflow_in_the_limits_own_currency() {
    // Each burden fits; their sum does not. The rule's quick sum sends the
    // organisation to the exact exposure, whose error is the finding.
    let half = i64::MAX / 2 + 1;
    let n = burden_net(
        Some(eur(1_000)),
        &[
            ("a1", dossier().with_burden(eur(half))),
            ("a2", dossier().with_burden(eur(half))),
        ],
    );
    assert!(matches!(
        n.exposure("anis", DEADLINE),
        Err(QueryError::Overflow { .. })
    ));
    // The sum cannot be stated: the finding names the filer alone.
    let report = n.validate(AS_OF);
    assert_only(&report, Rule::CarrierBurden, &["anis"]);
    assert!(message(&report, Rule::CarrierBurden).contains("overflows"));
}

/// The exposure sums live applications in key order, so the currency an
/// overflow names does not depend on the order the filings were added in
/// (a network and the same network loaded from its document once named
/// different ones).
#[test]
fn an_overflowing_exposure_names_the_same_currency_whatever_the_order() {
    let half = i64::MAX / 2 + 1;
    let apps = [
        ("a1", dossier().with_burden(eur(half))),
        ("a2", dossier().with_burden(usd(half))),
        ("a3", dossier().with_burden(eur(half))),
        ("a4", dossier().with_burden(usd(half))),
    ];
    let mut reversed = apps.clone();
    reversed.reverse();
    let (n, r) = (
        burden_net(Some(eur(0)), &apps),
        burden_net(Some(eur(0)), &reversed),
    );
    for n in [&n, &r] {
        match n.exposure("anis", DEADLINE) {
            // EUR overflows at `a3`, before USD at `a4`.
            Err(QueryError::Overflow { currency, .. }) => assert_eq!(currency, Currency::EUR),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(n.validate(AS_OF), r.validate(AS_OF));
}

#[test]
fn refused_and_withdrawn_applications_carry_no_burden() {
    let submitted_then = |status| {
        with_lifecycle(
            dossier(),
            drafting()
                .then(date!(2017 - 11 - 30), ApplicationStatus::Submitted)
                .unwrap()
                .then(date!(2017 - 12 - 05), status)
                .unwrap(),
        )
        .with_burden(eur(1_000))
    };
    for status in [ApplicationStatus::Refused, ApplicationStatus::Withdrawn] {
        let n = burden_net(Some(eur(0)), &[("dossier", submitted_then(status))]);
        // Still live on 1 December.
        assert_only(
            &n.validate(AS_OF),
            Rule::CarrierBurden,
            &["anis", "dossier"],
        );
        // Not any more on 15 December.
        assert_silent(&n.validate(LATER), Rule::CarrierBurden);
        assert!(n.exposure("anis", LATER.date()).unwrap().totals.is_empty());
    }
    // Granted still commits the filer.
    let n = burden_net(
        Some(eur(0)),
        &[("dossier", submitted_then(ApplicationStatus::Granted))],
    );
    assert_only(
        &n.validate(LATER),
        Rule::CarrierBurden,
        &["anis", "dossier"],
    );
    // Beside a withdrawn one, only the live application is named.
    let n = burden_net(
        Some(eur(0)),
        &[
            ("a1", submitted_then(ApplicationStatus::Withdrawn)),
            ("a2", submitted_then(ApplicationStatus::Granted)),
        ],
    );
    assert_only(&n.validate(LATER), Rule::CarrierBurden, &["anis", "a2"]);
}

#[test]
fn exposure_sums_the_live_burden_per_currency() {
    let refused = with_lifecycle(
        dossier(),
        drafting()
            .then(date!(2017 - 11 - 01), ApplicationStatus::Submitted)
            .unwrap()
            .then(date!(2017 - 11 - 20), ApplicationStatus::Refused)
            .unwrap(),
    );
    let n = burden_net(
        Some(eur(0)),
        &[
            ("a1", dossier().with_burden(eur(100))),
            ("a2", dossier().with_burden(eur(50))),
            ("a3", dossier().with_burden(usd(30))),
            ("a4", dossier()),
            ("a5", refused.with_burden(eur(100_000))),
        ],
    );
    let e = n.exposure("anis", DEADLINE).unwrap();
    assert_eq!(e.carrier.as_str(), "anis");
    let usd_code = Currency::new("USD").unwrap();
    assert_eq!(
        e.totals.iter().map(|(c, m)| (*c, *m)).collect::<Vec<_>>(),
        [(Currency::EUR, eur(150)), (usd_code, usd(30))]
    );
    assert_eq!(strs(&e.applications), ["a1", "a2", "a3", "a4"]);
    assert_eq!(e.limit, Some(eur(0)));
    assert!(!e.within_limit());
    assert_eq!(
        e.to_string(),
        "`anis` files 4 live application(s); burden 1.50 EUR + 0.30 USD, beyond its limit of 0.00 EUR"
    );
    // Nothing filed: nothing at stake.
    let n = burden_net(Some(eur(0)), &[]);
    let e = n.exposure("anis", DEADLINE).unwrap();
    assert!(e.totals.is_empty() && e.applications.is_empty() && e.within_limit());
    assert_eq!(
        e.to_string(),
        "`anis` files 0 live application(s); burden none, within its limit of 0.00 EUR"
    );
}

#[test]
fn exposure_reports_overflow_and_wrong_keys_without_panicking() {
    let n = burden_net(
        Some(eur(0)),
        &[
            ("a1", dossier().with_burden(eur(i64::MAX))),
            ("a2", dossier().with_burden(eur(1))),
        ],
    );
    assert_eq!(
        n.exposure("anis", DEADLINE),
        Err(QueryError::Overflow {
            key: k("anis"),
            currency: Currency::EUR
        })
    );
    // The rule reports it rather than panicking.
    assert_only(&n.validate(AS_OF), Rule::CarrierBurden, &["anis"]);
    assert_eq!(
        n.exposure("a1", DEADLINE),
        Err(QueryError::WrongKind {
            key: k("a1"),
            expected: NodeKind::Organisation,
            found: NodeKind::Application
        })
    );
    assert_eq!(
        n.exposure("ghost", DEADLINE),
        Err(QueryError::UnknownKey {
            key: "ghost".into()
        })
    );
}

// ----- unmandated-act -----

fn filing_net(powers: &[Act], period: Period, app: Application) -> Network {
    net([
        add_assoc("anis"),
        add_person("julien"),
        add_person("laurent"),
        mandate("julien", "anis", powers, period),
        add("dossier", app),
        files_signed("anis", "dossier", "julien"),
        authors("laurent", "dossier"),
    ])
}

const SENT: OffsetDateTime = datetime!(2017-12-01 10:00 +01:00);

#[test]
fn unmandated_act_is_silent_for_a_filing_under_a_file_mandate() {
    let report = filing_net(&[Act::File], Period::ALWAYS, submitted(SENT)).validate(LATER);
    assert_silent(&report, Rule::UnmandatedAct);
    // A mandate that starts on the submission day covers it.
    let report = filing_net(
        &[Act::File],
        Period::since(date!(2017 - 12 - 01)),
        submitted(SENT),
    )
    .validate(LATER);
    assert_silent(&report, Rule::UnmandatedAct);
    // Nobody recorded as signing: nothing to check.
    let n = net([
        add_assoc("anis"),
        add("dossier", submitted(SENT)),
        files("anis", "dossier"),
    ]);
    assert_silent(&n.validate(LATER), Rule::UnmandatedAct);
}

#[test]
fn unmandated_act_fires_for_a_filing_without_a_file_mandate() {
    let report =
        filing_net(&[Act::Sign, Act::Speak], Period::ALWAYS, submitted(SENT)).validate(LATER);
    assert_only(&report, Rule::UnmandatedAct, &["julien", "anis", "dossier"]);
    assert_eq!(
        report.of_rule(Rule::UnmandatedAct).next().unwrap().level,
        Level::Error
    );
    // A File mandate that ended the day before the submission.
    let report = filing_net(
        &[Act::File],
        Period::until(date!(2017 - 11 - 30)),
        submitted(SENT),
    )
    .validate(LATER);
    assert_only(&report, Rule::UnmandatedAct, &["julien", "anis", "dossier"]);
}

#[test]
fn unmandated_act_dates_the_filing_by_its_submission_in_its_own_offset() {
    let from_dec = Period::since(date!(2017 - 12 - 01));
    // 23:30 on 30 Nov in New York is 1 Dec in UTC, but 30 Nov in its offset.
    let ny = datetime!(2017-11-30 23:30 -05:00);
    assert_only(
        &filing_net(&[Act::File], from_dec, submitted(ny)).validate(LATER),
        Rule::UnmandatedAct,
        &["julien", "anis", "dossier"],
    );
    // 00:30 on 1 Dec in Paris is 30 Nov in UTC, but 1 Dec in its offset.
    let paris = datetime!(2017-12-01 00:30 +01:00);
    assert_silent(
        &filing_net(&[Act::File], from_dec, submitted(paris)).validate(LATER),
        Rule::UnmandatedAct,
    );
    // Not submitted yet: the as-of date.
    let until_nov = Period::until(date!(2017 - 11 - 30));
    let n = filing_net(&[Act::File], until_nov, dossier());
    assert_silent(
        &n.validate(datetime!(2017-11-30 12:00 +01:00)),
        Rule::UnmandatedAct,
    );
    assert_only(
        &n.validate(AS_OF),
        Rule::UnmandatedAct,
        &["julien", "anis", "dossier"],
    );
}

#[test]
fn unmandated_act_dates_a_filing_recorded_only_in_the_lifecycle_by_that_record() {
    // Submitted on 1 Dec by its lifecycle, with no submission instant.
    let sent = with_lifecycle(
        dossier(),
        drafting()
            .then(date!(2017 - 12 - 01), ApplicationStatus::Submitted)
            .unwrap(),
    );
    // A File mandate that ended on 5 Dec covered the filing, though it is
    // over at the as-of date.
    let until = Period::until(date!(2017 - 12 - 05));
    assert_silent(
        &filing_net(&[Act::File], until, sent.clone()).validate(LATER),
        Rule::UnmandatedAct,
    );
    // One that starts on 2 Dec did not, though it is current at the as-of
    // date; the finding names the day of the filing.
    let report =
        filing_net(&[Act::File], Period::since(date!(2017 - 12 - 02)), sent).validate(LATER);
    assert_only(&report, Rule::UnmandatedAct, &["julien", "anis", "dossier"]);
    let finding = report.of_rule(Rule::UnmandatedAct).next().unwrap();
    assert!(
        finding.message().contains("on 2017-12-01"),
        "{}",
        finding.message()
    );
}

#[test]
fn unmandated_act_follows_filing_mandates_through_administrative_carrying() {
    let carried = |scope: &[communs::ScopeKind]| {
        net([
            add_assoc("anis"),
            add_collective("catalyst"),
            add_person("julien"),
            mandate("julien", "anis", &[Act::File], Period::ALWAYS),
            carries("anis", "catalyst", scope, Period::ALWAYS),
            add("dossier", submitted(SENT)),
            files_signed("catalyst", "dossier", "julien"),
        ])
    };
    assert_silent(
        &carried(&[communs::ScopeKind::Administrative]).validate(LATER),
        Rule::UnmandatedAct,
    );
    assert_only(
        &carried(&[communs::ScopeKind::Financial]).validate(LATER),
        Rule::UnmandatedAct,
        &["julien", "catalyst", "dossier"],
    );
}

fn delegated_net(powers: &[Act], period: Period) -> Network {
    net([
        add_assoc("anis"),
        add_person("laurent"),
        mandate("laurent", "anis", powers, period),
        add("d", decision(Process::Delegated { to: k("laurent") })),
        decides("anis", "d"),
    ])
}

#[test]
fn unmandated_act_fires_for_a_delegate_without_a_decide_mandate() {
    assert_silent(
        &delegated_net(&[Act::Decide], Period::ALWAYS).validate(AS_OF),
        Rule::UnmandatedAct,
    );
    assert_only(
        &delegated_net(&[Act::Speak, Act::Sign], Period::ALWAYS).validate(AS_OF),
        Rule::UnmandatedAct,
        &["laurent", "anis", "d"],
    );
    // The mandate must cover the opening date (29 Nov).
    assert_only(
        &delegated_net(&[Act::Decide], Period::since(date!(2017 - 11 - 30))).validate(AS_OF),
        Rule::UnmandatedAct,
        &["laurent", "anis", "d"],
    );
    assert_silent(
        &delegated_net(&[Act::Decide], Period::since(date!(2017 - 11 - 29))).validate(AS_OF),
        Rule::UnmandatedAct,
    );
    // The advice process names a decider but delegates no authority.
    let n = net([
        add_assoc("anis"),
        add_person("laurent"),
        add(
            "d",
            decision(Process::Advice {
                decider: k("laurent"),
                consulted: vec![],
            }),
        ),
        decides("anis", "d"),
    ]);
    assert_silent(&n.validate(AS_OF), Rule::UnmandatedAct);
}

// ----- no-signatory -----

#[test]
fn no_signatory_fires_for_an_association_that_files_with_nobody_to_sign() {
    let report = filing_net(&[Act::File], Period::ALWAYS, dossier()).validate(AS_OF);
    assert_only(&report, Rule::NoSignatory, &["anis"]);
    assert!(message(&report, Rule::NoSignatory).contains("dossier"));
}

#[test]
fn no_signatory_is_silent_with_a_signer_or_without_a_live_application() {
    assert_silent(
        &filing_net(&[Act::File, Act::Sign], Period::ALWAYS, dossier()).validate(AS_OF),
        Rule::NoSignatory,
    );
    let withdrawn = with_lifecycle(
        dossier(),
        drafting()
            .then(date!(2017 - 11 - 30), ApplicationStatus::Withdrawn)
            .unwrap(),
    );
    assert_silent(
        &filing_net(&[Act::File], Period::ALWAYS, withdrawn).validate(AS_OF),
        Rule::NoSignatory,
    );
}

// ===== queries =====

#[test]
fn decisions_concerning_a_node_are_listed_in_key_order() {
    let mut n = discussed(dossier(), decision(Process::Transparency));
    accepted(&mut n, add("a-vote", decision(vote((1, 2), (1, 2)))));
    accepted(&mut n, concerns("a-vote", "dossier"));
    accepted(&mut n, concerns("a-vote", "anis"));
    assert_eq!(
        strs(&n.decisions_concerning("dossier").unwrap()),
        ["a-vote", "discussion"]
    );
    assert_eq!(strs(&n.decisions_concerning("anis").unwrap()), ["a-vote"]);
    assert!(n.decisions_concerning("laurent").unwrap().is_empty());
    assert_eq!(
        n.decisions_concerning("ghost"),
        Err(QueryError::UnknownKey {
            key: "ghost".into()
        })
    );
}

#[test]
fn filers_are_listed_in_key_order() {
    let mut n = net(filed(dossier()));
    accepted(&mut n, add_assoc("aaa"));
    accepted(&mut n, files("aaa", "dossier"));
    assert_eq!(strs(&n.filers("dossier").unwrap()), ["aaa", "anis"]);
    accepted(&mut n, add("orphan", dossier()));
    assert!(n.filers("orphan").unwrap().is_empty());
    assert_eq!(
        n.filers("anis"),
        Err(QueryError::WrongKind {
            key: k("anis"),
            expected: NodeKind::Application,
            found: NodeKind::Organisation
        })
    );
    assert_eq!(n.application("dossier"), Some(&dossier()));
    assert!(n.application("anis").is_none());
    assert!(n.decision("dossier").is_none());
}

#[test]
fn open_questions_and_unresolved_objections_of_a_decision() {
    let t = datetime!(2017-11-29 18:00 +01:00);
    let d = decision(Process::Transparency)
        .with(question(1, "q"))
        .with(answer(2, 1))
        .with(question(3, "q").resolved())
        .with(question(4, "p"))
        .with(objection(5, "q").resolved())
        .with(objection(6, "p"))
        .with(iv(7, InterventionKind::Concern, "q", t))
        .with(iv(8, InterventionKind::Support, "p", t));
    let n = intervention_net(Process::Transparency, &d.interventions);
    let d = n.decision("d").unwrap();
    let ids = |it: &mut dyn Iterator<Item = &Intervention>| it.map(|i| i.id).collect::<Vec<_>>();
    assert_eq!(ids(&mut d.open_questions()), [4]);
    assert_eq!(ids(&mut d.unresolved_objections()), [6]);
    // Concerns and support are neither questions, objections nor votes.
    assert!(d.stances().is_empty());
}

// ===== properties =====

fn config(default_cases: u32) -> ProptestConfig {
    // One configuration for every property: PROPTEST_CASES raises the
    // cases, and failures persist under tests/proptest-regressions.
    crate::strategy::config(default_cases)
}

fn stance() -> impl Strategy<Value = Stance> {
    prop_oneof![
        Just(Stance::For),
        Just(Stance::Against),
        Just(Stance::Abstain)
    ]
}

/// Organisation `o` whose members m0.. cast these stances in an adopted vote.
fn generated_vote(stances: &[Option<Stance>], threshold: Fraction, quorum: Fraction) -> Network {
    let mut d = with_outcome(
        decision(Process::Vote { threshold, quorum }),
        adopted(DEADLINE),
    );
    let mut changes = vec![add_assoc("o")];
    for (i, stance) in stances.iter().enumerate() {
        let who = format!("m{i}");
        changes.push(add_person(&who));
        changes.push(member(&who, "o", Period::ALWAYS));
        if let Some(s) = stance {
            let id = u32::try_from(i).unwrap() + 1;
            d = d.with(iv(id, InterventionKind::Stance(*s), &who, VOTE_AT));
        }
    }
    changes.extend([add("vote", d), decides("o", "vote")]);
    net(changes)
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn abstaining_members_never_turn_a_met_quorum_into_a_failed_one(
        stances in prop::collection::vec(prop::option::of(stance()), 1..12),
        threshold in fraction(),
        quorum in fraction(),
        extra in 1usize..6,
    ) {
        let mut n = generated_vote(&stances, threshold, quorum);
        let before = n.tally("vote").unwrap();
        let fired_before = names(&n.validate(LATER), Rule::QuorumNotMet, "vote");
        // Add `extra` new members, each abstaining, in one batch.
        let mut d = n.decision("vote").unwrap().clone();
        let mut changes = Vec::new();
        for j in 0..extra {
            let who = format!("x{j}");
            changes.push(add_person(&who));
            changes.push(member(&who, "o", Period::ALWAYS));
            let id = 1000 + u32::try_from(j).unwrap();
            d = d.with(iv(id, InterventionKind::Stance(Stance::Abstain), &who, VOTE_AT));
        }
        changes.push(Change::update(k("vote"), d));
        n.apply_all(changes).unwrap();
        let after = n.tally("vote").unwrap();
        let extra = extra as u64;
        prop_assert_eq!(after.members, before.members + extra);
        prop_assert_eq!(after.abstain, before.abstain + extra);
        prop_assert_eq!((after.for_, after.against), (before.for_, before.against));
        prop_assert_eq!(after.threshold_reached, before.threshold_reached);
        if before.quorum_reached {
            prop_assert!(after.quorum_reached, "{} then {}", before, after);
        }
        if !fired_before {
            prop_assert!(!names(&n.validate(LATER), Rule::QuorumNotMet, "vote"));
        }
    }
}

const PEOPLE: [&str; 4] = ["ana", "bea", "carl", "dan"];

/// Interventions from codes: (kind, resolved, by, answered).
fn coded(codes: &[(u8, bool, usize, usize)]) -> Vec<Intervention> {
    let at = datetime!(2017-11-30 10:00 +01:00);
    codes
        .iter()
        .enumerate()
        .map(|(i, &(kind, resolved, by, answered))| {
            let id = u32::try_from(i).unwrap() + 1;
            let kind = match kind {
                0 => InterventionKind::Question,
                1 => InterventionKind::Objection,
                2 => InterventionKind::Concern,
                3 => InterventionKind::Support,
                4 => InterventionKind::Stance(Stance::For),
                _ if i == 0 => InterventionKind::Question,
                _ => InterventionKind::AnswerTo(u32::try_from(answered % i).unwrap() + 1),
            };
            let mut made = iv(id, kind, PEOPLE[by % PEOPLE.len()], at);
            made.resolved = resolved;
            made
        })
        .collect()
}

fn intervention_codes() -> impl Strategy<Value = Vec<(u8, bool, usize, usize)>> {
    prop::collection::vec((0u8..6, any::<bool>(), 0usize..4, 0usize..16), 0..12)
}

fn objecting_net(process: Process, ivs: &[Intervention]) -> Network {
    let mut d = with_outcome(decision(process), adopted(DEADLINE));
    for i in ivs {
        d = d.with(i.clone());
    }
    let mut changes = vec![add_assoc("o"), add("d", d), decides("o", "d")];
    changes.extend(PEOPLE.iter().map(|p| add_person(p)));
    net(changes)
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn an_adopted_consent_decision_with_an_unresolved_objection_always_fires(
        codes in intervention_codes(),
        at in 0usize..16,
        by in 0usize..4,
        process in prop_oneof![Just(Process::Consent), Just(Process::Consensus), Just(Process::Transparency)],
    ) {
        let mut ivs = coded(&codes);
        let forced = iv(999, InterventionKind::Objection, PEOPLE[by], VOTE_AT);
        ivs.insert(at % (ivs.len() + 1), forced);
        let n = objecting_net(process.clone(), &ivs);
        let objectors: BTreeSet<&str> = ivs
            .iter()
            .filter(|i| i.kind == InterventionKind::Objection && !i.resolved)
            .map(|i| i.by.as_str())
            .collect();
        let mut keys = vec!["d"];
        keys.extend(objectors.iter().copied());
        let report = n.validate(LATER);
        prop_assert!(report.has(Rule::UnresolvedObjection, &keys), "{:?}\n{}", keys, report);
        prop_assert_eq!(report.of_rule(Rule::UnresolvedObjection).count(), 1);
        // Once every objection is resolved, it is silent.
        let resolved: Vec<Intervention> = ivs
            .into_iter()
            .map(|i| if i.kind == InterventionKind::Objection { i.resolved() } else { i })
            .collect();
        let n = objecting_net(process, &resolved);
        prop_assert_eq!(n.validate(LATER).of_rule(Rule::UnresolvedObjection).count(), 0);
    }
}

// ===== documents =====

fn t(s: &str) -> OffsetDateTime {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap()
}

/// Applications in every status and decisions of every process, with every
/// kind of intervention, in offsets other than UTC.
fn showcase() -> Network {
    use InterventionKind::*;
    let granted = drafting()
        .then(date!(2017 - 11 - 30), ApplicationStatus::Submitted)
        .unwrap()
        .then(date!(2018 - 02 - 01), ApplicationStatus::Granted)
        .unwrap();
    let refused = drafting()
        .then(date!(2017 - 11 - 30), ApplicationStatus::Submitted)
        .unwrap()
        .then(date!(2018 - 02 - 01), ApplicationStatus::Refused)
        .unwrap();
    let withdrawn = drafting()
        .then(date!(2017 - 11 - 15), ApplicationStatus::Withdrawn)
        .unwrap();
    let seed_dossier = submitted(t("2017-12-01T09:15:30+01:00"))
        .with_funder(k("fabrique"))
        .requesting(eur(1_500_000))
        .with_burden(eur(0))
        .with_purpose(tags(&["social-innovation", "economic-commons"]));
    let transparency = Decision::new(
        "Economie des Communs : vers une permanence à la maison Stéphane Hessel",
        Process::Transparency,
        t("2017-11-29T15:50:00+01:00"),
        t("2017-12-01T09:00:00+01:00"),
        adopted(DEADLINE),
    )
    .unwrap()
    .public(350)
    .with(iv(1, Question, "christian", t("2017-11-29T18:00:00+01:00")))
    .with(iv(2, AnswerTo(1), "julien", t("2017-11-29T19:05:00+01:00")))
    .with(iv(3, Objection, "laurent", t("2017-11-30T08:00:00+01:00")).resolved())
    .with(iv(4, Concern, "voter-a", t("2017-11-30T09:00:00-05:00")))
    .with(iv(5, Support, "voter-b", t("2017-11-30T10:00:00+05:30")))
    .with(iv(6, AnswerTo(4), "julien", t("2017-11-30T11:00:00+01:00")));
    let mut members_only = Decision::new(
        "Budget 2018",
        vote((1, 2), (1, 3)),
        t("2017-12-04T18:00:00-05:00"),
        t("2017-12-11T23:59:59+05:30"),
        adopted(date!(2017 - 12 - 12)),
    )
    .unwrap()
    .with(iv(
        1,
        Stance(communs::Stance::For),
        "voter-a",
        t("2017-12-05T09:00:00+09:00"),
    ))
    .with(iv(
        2,
        Stance(communs::Stance::Against),
        "voter-b",
        t("2017-12-05T10:00:00-03:30"),
    ))
    .with(iv(
        3,
        Stance(communs::Stance::Abstain),
        "voter-c",
        t("2017-12-06T00:30:00+14:00"),
    ))
    .reviewed_on(date!(2018 - 12 - 01));
    members_only.visibility = Visibility::Members;
    let consent = Decision::new(
        "Ouvrir le coworking le samedi",
        Process::Consent,
        t("2017-11-01T00:00:00-12:00"),
        t("2017-11-08T00:00:00+14:00"),
        pending()
            .then(date!(2017 - 11 - 09), Outcome::Rejected)
            .unwrap(),
    )
    .unwrap()
    .with(iv(1, Objection, "voter-c", t("2017-11-02T12:00:00-12:00")));
    let consensus = Decision::new(
        "Charte",
        Process::Consensus,
        t("2017-10-01T10:00:00+02:00"),
        t("2017-10-02T10:00:00+02:00"),
        pending()
            .then(date!(2017 - 10 - 02), Outcome::Withdrawn)
            .unwrap(),
    )
    .unwrap();
    let advice = Decision::new(
        "Choisir le lieu",
        Process::Advice {
            decider: k("christian"),
            consulted: vec![k("julien"), k("laurent")],
        },
        t("2017-09-01T10:00:00+01:00"),
        t("2017-09-15T10:00:00+01:00"),
        pending(),
    )
    .unwrap()
    .public(12);
    let lone_advice = Decision::new(
        "Choisir la date",
        Process::Advice {
            decider: k("julien"),
            consulted: vec![],
        },
        t("2017-09-01T10:00:00-09:30"),
        t("2017-09-02T10:00:00-09:30"),
        pending(),
    )
    .unwrap();
    let delegated = Decision::new(
        "Signer la convention",
        Process::Delegated { to: k("julien") },
        t("2017-12-02T08:00:00+01:00"),
        t("2017-12-02T09:00:00+01:00"),
        adopted(date!(2017 - 12 - 02)),
    )
    .unwrap();
    net([
        add_person("julien"),
        add_person("laurent"),
        add_person("christian"),
        add_person("voter-a"),
        add_person("voter-b"),
        add_person("voter-c"),
        add(
            "anis",
            Organisation::new("ANIS", Form::Association)
                .with_objectives(tags(&["social-innovation", "economic-commons"]))
                .with_burden_limit(eur(0)),
        ),
        add(
            "fabrique",
            Organisation::new("Fabrique à entreprendre", Form::PublicBody),
        ),
        add_collective("catalyst"),
        carries_all("anis", "catalyst"),
        mandate(
            "julien",
            "anis",
            &[Act::Sign, Act::File, Act::Decide],
            Period::ALWAYS,
        ),
        member("voter-a", "anis", Period::ALWAYS),
        member("voter-b", "anis", Period::ALWAYS),
        member("voter-c", "anis", Period::since(date!(2017 - 06 - 01))),
        add_place("mess"),
        add(
            "moulins",
            communs::Territory::new("Moulins, Lille").priority_area(),
        ),
        located("mess", "moulins"),
        add("perm", brique("Permanence des communs")),
        rel("perm", "mess", Link::HostedAt),
        add("dossier", seed_dossier),
        add(
            "dossier-ny",
            with_lifecycle(dossier(), granted)
                .submitted(t("2017-11-30T23:30:00-05:00"))
                .with_burden(usd(500)),
        ),
        add(
            "dossier-refused",
            with_lifecycle(dossier(), refused).submitted(t("2017-11-30T12:00:00+05:45")),
        ),
        add("dossier-withdrawn", with_lifecycle(dossier(), withdrawn)),
        add("dossier-draft", dossier()),
        files_signed("anis", "dossier", "julien"),
        files("anis", "dossier-ny"),
        files("anis", "dossier-refused"),
        files("anis", "dossier-withdrawn"),
        files("catalyst", "dossier-draft"),
        authors("laurent", "dossier"),
        authors("catalyst", "dossier"),
        funds("dossier", "perm"),
        targets("dossier", "moulins"),
        add("transparency", transparency),
        add("budget", members_only),
        add("saturday", consent),
        add("charter", consensus),
        add("place", advice),
        add("date", lone_advice),
        add("convention", delegated),
        decides("anis", "transparency"),
        decides("anis", "budget"),
        decides("anis", "saturday"),
        decides("catalyst", "charter"),
        decides("anis", "place"),
        decides("anis", "date"),
        decides("anis", "convention"),
        concerns("transparency", "dossier"),
        concerns("transparency", "perm"),
        concerns("budget", "anis"),
        concerns("saturday", "mess"),
        concerns("charter", "catalyst"),
        concerns("place", "moulins"),
        concerns("date", "transparency"),
        concerns("convention", "julien"),
        opens("julien", "transparency"),
        opens("voter-a", "budget"),
    ])
}

/// Every instant of the network with its offset, in a stable order.
fn instants(n: &Network) -> Vec<(String, OffsetDateTime, UtcOffset)> {
    let mut out = Vec::new();
    for (key, node) in n.nodes() {
        if let Some(a) = node.as_application() {
            out.extend(a.submitted_at.map(|at| (key.to_string(), at, at.offset())));
        }
        if let Some(d) = node.as_decision() {
            out.push((key.to_string(), d.opened_at, d.opened_at.offset()));
            out.push((key.to_string(), d.closes_at, d.closes_at.offset()));
            for i in &d.interventions {
                out.push((format!("{key}#{}", i.id), i.at, i.at.offset()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn networks_with_applications_and_decisions_round_trip_byte_for_byte() {
    let n = showcase();
    let saved = serde_json::to_string_pretty(&n).unwrap();
    let again: Network = serde_json::from_str(&saved).unwrap();
    again.check_invariants().unwrap();
    assert_eq!(again, n);
    assert_eq!(serde_json::to_string_pretty(&again).unwrap(), saved);
    assert_eq!(json(&again), json(&n));
    assert_eq!(Network::from_document(n.to_document()).unwrap(), n);
    // Equality of instants ignores offsets: check them one by one.
    assert_eq!(instants(&again), instants(&n));
    for written in [
        "\"2017-11-29T15:50:00+01:00\"",
        "\"2017-11-30T23:30:00-05:00\"",
        "\"2017-12-11T23:59:59+05:30\"",
        "\"2017-12-05T10:00:00-03:30\"",
        "\"2017-12-06T00:30:00+14:00\"",
        "\"2017-11-01T00:00:00-12:00\"",
        "\"2017-11-30T12:00:00+05:45\"",
        "\"2017-12-01T09:15:30+01:00\"",
    ] {
        assert!(saved.contains(written), "{written} missing from\n{saved}");
    }
    // Every process and intervention kind is written as documented.
    for written in [
        "\"process\": \"transparency\"",
        "\"process\": \"consent\"",
        "\"process\": \"consensus\"",
        "\"vote\": {",
        "\"advice\": {",
        "\"consulted\": [",
        "\"delegated\": {",
        "\"kind\": \"question\"",
        "\"kind\": \"objection\"",
        "\"kind\": \"concern\"",
        "\"kind\": \"support\"",
        "\"stance\": \"abstain\"",
        "\"answer-to\": 4",
        "\"visibility\": \"members\"",
        "\"review\": \"2018-12-01\"",
        "\"submitted-at\"",
        "\"amount-requested\"",
        "\"kind\": \"files\"",
        "\"signed-by\": \"julien\"",
        "\"kind\": \"targets\"",
        "\"kind\": \"opens\"",
    ] {
        assert!(saved.contains(written), "{written} missing from\n{saved}");
    }
}

#[test]
fn a_decision_document_reads_as_the_format_says() {
    let n = load_ok(BASE);
    let d = n.decision("discussion").unwrap();
    assert_eq!(d.process, Process::Transparency);
    assert_eq!(d.opened_at, OPENED);
    assert_eq!(d.opened_at.offset(), offset!(+01:00));
    assert_eq!((d.visibility, d.audience), (Visibility::Public, Some(350)));
    assert_eq!(d.open_questions().count(), 0);
    let app = n.application("dossier").unwrap();
    assert_eq!(app.submitted_at, Some(datetime!(2017-12-01 09:00 +01:00)));
    assert_eq!(strs(&n.filers("dossier").unwrap()), ["anis"]);
    assert_eq!(
        strs(&n.decisions_concerning("dossier").unwrap()),
        ["discussion"]
    );
    let report = n.validate(AS_OF);
    assert_only(&report, Rule::ShortNotice, &["discussion", "dossier"]);
    assert_silent(&report, Rule::IllegitimateDecider);
    // And it saves back to the same network.
    let again: Network = serde_json::from_str(&json(&n)).unwrap();
    assert_eq!(again, n);
}

const BASE: &str = r#"{
  "version": 1,
  "persons": { "julien": { "name": "Julien Lecaille" }, "laurent": { "name": "Laurent Courouble" } },
  "organisations": {
    "anis": { "name": "ANIS", "form": "association",
              "governance": { "established": { "statutes": "formal", "process": "transparency" } },
              "burden-limit": { "amount": 0, "currency": "EUR" } }
  },
  "applications": {
    "dossier": {
      "title": "Permanence des communs", "programme": "Fabrique à entreprendre",
      "deadline": "2017-12-01", "submitted-at": "2017-12-01T09:00:00+01:00",
      "lifecycle": [{ "status": "drafting" }, { "status": "submitted", "since": "2017-12-01" }],
      "burden": { "amount": 0, "currency": "EUR" }
    }
  },
  "decisions": {
    "discussion": {
      "title": "Vers une permanence", "process": "transparency",
      "opened-at": "2017-11-29T15:50:00+01:00", "closes-at": "2017-12-01T09:00:00+01:00",
      "visibility": "public", "audience": 350,
      "interventions": [
        { "id": 1, "kind": "question", "by": "laurent", "at": "2017-11-29T18:00:00+01:00" },
        { "id": 2, "kind": { "answer-to": 1 }, "by": "julien", "at": "2017-11-29T19:00:00+01:00" }
      ],
      "outcome": [{ "status": "pending" }]
    }
  },
  "relations": [
    { "kind": "files", "from": "anis", "to": "dossier", "signed-by": "julien" },
    { "kind": "authors", "from": "laurent", "to": "dossier" },
    { "kind": "decides", "from": "anis", "to": "discussion" },
    { "kind": "concerns", "from": "discussion", "to": "dossier" },
    { "kind": "opens", "from": "julien", "to": "discussion" },
    { "kind": "mandate", "from": "julien", "to": "anis", "powers": ["sign", "file"] }
  ]
}"#;

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

fn load_ok(text: &str) -> Network {
    match load(text) {
        Ok(n) => n,
        Err(e) => panic!("{e:?}"),
    }
}

#[track_caller]
fn hostile(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from} not in the base document");
    text.replacen(from, to, 1)
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

#[test]
fn a_decision_closing_before_it_opens_is_refused_on_load() {
    let text = hostile(
        BASE,
        r#""closes-at": "2017-12-01T09:00:00+01:00""#,
        r#""closes-at": "2017-11-29T09:50:00-05:00""#,
    );
    let err = doc_error(&text);
    assert_eq!(
        err,
        DocumentError::Node {
            kind: NodeKind::Decision,
            key: k("discussion"),
            error: Box::new(ChangeError::ClosesBeforeOpening {
                key: k("discussion")
            })
        }
    );
    assert_eq!(
        err.to_string(),
        "decision `discussion`: decision `discussion` closes before it opens"
    );
}

#[test]
fn duplicate_intervention_ids_and_unknown_answers_are_refused_on_load() {
    let text = hostile(BASE, r#"{ "id": 2, "kind""#, r#"{ "id": 1, "kind""#);
    assert_eq!(
        doc_error(&text),
        DocumentError::Node {
            kind: NodeKind::Decision,
            key: k("discussion"),
            error: Box::new(ChangeError::DuplicateIntervention {
                key: k("discussion"),
                id: 1
            })
        }
    );
    let text = hostile(BASE, r#"{ "answer-to": 1 }"#, r#"{ "answer-to": 7 }"#);
    let err = doc_error(&text);
    assert_eq!(
        err,
        DocumentError::Node {
            kind: NodeKind::Decision,
            key: k("discussion"),
            error: Box::new(ChangeError::AnswerToUnknown {
                key: k("discussion"),
                id: 7
            })
        }
    );
    assert!(err.to_string().contains("intervention 7"), "{err}");
}

#[test]
fn bad_instants_are_refused_with_their_place() {
    for bad in [
        "2017-11-29 15:50",
        "2017-11-29T15:50:00",
        "2017-11-29T15:50:00+25:00",
        "2017-02-30T15:50:00+01:00",
        "29/11/2017 15:50",
        "",
    ] {
        let text = hostile(
            BASE,
            r#""opened-at": "2017-11-29T15:50:00+01:00""#,
            &format!(r#""opened-at": "{bad}""#),
        );
        let e = syntax_error(&text);
        assert!(e.contains("line"), "{bad}: {e}");
    }
    let text = hostile(
        BASE,
        r#""submitted-at": "2017-12-01T09:00:00+01:00""#,
        r#""submitted-at": "2017-12-01""#,
    );
    assert!(syntax_error(&text).contains("line"));
    let text = hostile(
        BASE,
        r#""at": "2017-11-29T18:00:00+01:00""#,
        r#""at": 1511974800"#,
    );
    assert!(syntax_error(&text).contains("line"));
}

#[test]
fn bad_fractions_and_unknown_processes_are_refused() {
    let vote = |threshold: &str| {
        hostile(
            BASE,
            r#""process": "transparency","#,
            &format!(
                r#""process": {{ "vote": {{ "threshold": {threshold}, "quorum": {{ "num": 1, "den": 2 }} }} }},"#
            ),
        )
    };
    let ok = load_ok(&vote(r#"{ "num": 2, "den": 3 }"#));
    assert_eq!(
        ok.decision("discussion").unwrap().process,
        Process::Vote {
            threshold: frac(2, 3),
            quorum: frac(1, 2)
        }
    );
    let e = syntax_error(&vote(r#"{ "num": 3, "den": 2 }"#));
    assert!(e.contains("3/2 is not a fraction between 0 and 1"), "{e}");
    assert!(e.contains("line"), "{e}");
    let e = syntax_error(&vote(r#"{ "num": 0, "den": 0 }"#));
    assert!(e.contains("0/0"), "{e}");
    let e = syntax_error(&vote(r#"{ "num": -1, "den": 2 }"#));
    assert!(e.contains("line"), "{e}");
    let e = syntax_error(&vote(r#"{ "num": 1, "den": 2, "of": "members" }"#));
    assert!(e.contains("unknown field `of`"), "{e}");
    let e = syntax_error(&hostile(
        BASE,
        r#""process": "transparency","#,
        r#""process": "referendum","#,
    ));
    assert!(e.contains("unknown variant `referendum`"), "{e}");
    assert!(e.contains("line"), "{e}");
    let e = syntax_error(&hostile(
        BASE,
        r#""process": "transparency","#,
        r#""process": { "delegated": { "to": "Julien" } },"#,
    ));
    assert!(e.contains("Julien"), "{e}");
    let e = syntax_error(&hostile(
        BASE,
        r#""kind": "question""#,
        r#""kind": "heckle""#,
    ));
    assert!(e.contains("unknown variant `heckle`"), "{e}");
}

#[test]
fn other_hostile_applications_and_decisions_are_refused() {
    // A negative burden.
    let err = doc_error(&hostile(
        BASE,
        r#""burden": { "amount": 0"#,
        r#""burden": { "amount": -100"#,
    ));
    assert_eq!(
        err,
        DocumentError::Node {
            kind: NodeKind::Application,
            key: k("dossier"),
            error: Box::new(ChangeError::NegativeAmount {
                key: k("dossier"),
                amount: eur(-100)
            })
        }
    );
    // A draft granted without being submitted.
    let e = syntax_error(&hostile(
        BASE,
        r#"{ "status": "submitted", "since": "2017-12-01" }"#,
        r#"{ "status": "granted", "since": "2017-12-01" }"#,
    ));
    assert!(e.contains("`granted` cannot follow `drafting`"), "{e}");
    // An outcome back to pending.
    let e = syntax_error(&hostile(
        BASE,
        r#""outcome": [{ "status": "pending" }]"#,
        r#""outcome": [{ "status": "pending" }, { "status": "adopted", "since": "2017-12-01" }, { "status": "pending", "since": "2017-12-02" }]"#,
    ));
    assert!(e.contains("`pending` cannot follow `adopted`"), "{e}");
    // A person filing.
    let err = doc_error(&hostile(
        BASE,
        r#"{ "kind": "files", "from": "anis""#,
        r#"{ "kind": "files", "from": "laurent""#,
    ));
    assert_eq!(
        err,
        DocumentError::Relation {
            index: 0,
            kind: RelationKind::Files,
            from: k("laurent"),
            to: k("dossier"),
            error: Box::new(endpoints(
                RelationKind::Files,
                "laurent",
                NodeKind::Person,
                "dossier",
                NodeKind::Application
            ))
        }
    );
    assert!(
        err.to_string()
            .starts_with("relations[0] (files `laurent` → `dossier`)"),
        "{err}"
    );
    // A decision concerning itself.
    let err = doc_error(&hostile(
        BASE,
        r#""from": "discussion", "to": "dossier""#,
        r#""from": "discussion", "to": "discussion""#,
    ));
    assert!(matches!(
        err,
        DocumentError::Relation {
            index: 3,
            ref error,
            ..
        } if matches!(**error, ChangeError::SelfRelation {
                kind: RelationKind::Concerns,
                ..
            })
    ));
    // Unknown fields in an intervention and in a filing.
    let e = syntax_error(&hostile(BASE, r#""id": 1, "#, r#""id": 1, "weight": 2, "#));
    assert!(e.contains("unknown field `weight`"), "{e}");
    let e = syntax_error(&hostile(
        BASE,
        r#""signed-by": "julien" }"#,
        r#""signed-by": "julien", "since": "2017-01-01" }"#,
    ));
    assert!(e.contains("unknown field `since`"), "{e}");
    // An audience that is not a count.
    let e = syntax_error(&hostile(BASE, r#""audience": 350"#, r#""audience": -3"#));
    assert!(e.contains("line"), "{e}");
}

#[test]
fn truncated_or_mangled_documents_never_panic() {
    let base = load_ok(BASE);
    let mut cut = 0;
    for end in (0..BASE.len()).filter(|i| BASE.is_char_boundary(*i)) {
        cut += 1;
        assert!(
            load(&BASE[..end]).is_err(),
            "a prefix of {end} bytes loaded"
        );
    }
    assert!(cut > 1000);
    // Replacing any one structural character yields an error or the same kind of network.
    for (i, c) in BASE.char_indices() {
        if !matches!(c, '{' | '}' | '[' | ']' | ':' | ',' | '"') {
            continue;
        }
        let mut text = BASE.to_owned();
        text.replace_range(i..i + 1, "x");
        if let Ok(n) = load(&text) {
            assert!(n.len() <= base.len());
        }
        let _ = serde_json::from_str::<Network>(&text);
    }
}

// ----- round trips of generated applications and decisions -----

fn any_offset() -> impl Strategy<Value = UtcOffset> {
    // Every quarter hour from -12:00 to +14:00.
    (-48i32..=56).prop_map(|q| UtcOffset::from_whole_seconds(q * 900).unwrap())
}

fn any_instant() -> impl Strategy<Value = OffsetDateTime> {
    (0i64..2_000_000, any_offset()).prop_map(|(s, o)| {
        (datetime!(2017-01-01 00:00 UTC) + Duration::seconds(s * 37)).to_offset(o)
    })
}

/// A valid process whose people are [`PEOPLE`] and whose consulted
/// organisation is `o`.
fn any_process() -> impl Strategy<Value = Process> {
    let pool = KeyPool {
        persons: PEOPLE.iter().map(|p| k(p)).collect(),
        organisations: vec![k("o")],
        ..KeyPool::default()
    };
    process(&pool)
}

fn any_outcome() -> impl Strategy<Value = Lifecycle<Outcome>> {
    prop_oneof![
        Just(pending()),
        Just(adopted(DEADLINE)),
        Just(pending().then(DEADLINE, Outcome::Rejected).unwrap()),
        Just(pending().then(DEADLINE, Outcome::Withdrawn).unwrap()),
        Just(Lifecycle::new(Outcome::Adopted)),
    ]
}

fn any_decision() -> impl Strategy<Value = Decision> {
    (
        any_process(),
        any_instant(),
        (1i64..1_000_000, any_offset()),
        intervention_codes(),
        prop::collection::vec(any_offset(), 12),
        any_outcome(),
        prop::option::of(0u32..1000),
        prop_oneof![
            Just(Visibility::Public),
            Just(Visibility::Members),
            Just(Visibility::Private)
        ],
        any::<bool>(),
    )
        .prop_map(
            |(
                process,
                opened,
                (len, close_offset),
                codes,
                offsets,
                outcome,
                audience,
                visibility,
                review,
            )| {
                let closes = (opened + Duration::seconds(len)).to_offset(close_offset);
                let mut d =
                    Decision::new("Une décision", process, opened, closes, outcome).unwrap();
                d.visibility = visibility;
                d.audience = audience;
                if review {
                    d = d.reviewed_on(date!(2018 - 06 - 01));
                }
                for (i, mut intervention) in coded(&codes).into_iter().enumerate() {
                    if let Some(o) = offsets.get(i) {
                        intervention.at = (opened + Duration::minutes(i as i64)).to_offset(*o);
                    }
                    d = d.with(intervention);
                }
                d
            },
        )
}

fn any_application() -> impl Strategy<Value = Application> {
    (
        prop::option::of(any_instant()),
        0u8..4,
        prop::option::of(0i64..1_000_000),
        prop::option::of(0i64..1_000_000),
    )
        .prop_map(|(at, status, requested, burden)| {
            let mut app = match at {
                Some(at) => submitted(at),
                None => dossier(),
            };
            if let Some(at) = at {
                let later = at.date().next_day().unwrap();
                let next = match status {
                    0 => None,
                    1 => Some(ApplicationStatus::Granted),
                    2 => Some(ApplicationStatus::Refused),
                    _ => Some(ApplicationStatus::Withdrawn),
                };
                if let Some(next) = next {
                    app.lifecycle = app.lifecycle.clone().then(later, next).unwrap();
                }
            }
            app.amount_requested = requested.map(eur);
            app.burden = burden.map(usd);
            app
        })
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn generated_applications_and_decisions_round_trip_with_their_offsets(
        decisions in prop::collection::vec(any_decision(), 1..4),
        apps in prop::collection::vec(any_application(), 1..4),
    ) {
        let mut changes = vec![add_assoc("o")];
        changes.extend(PEOPLE.iter().map(|p| add_person(p)));
        for (i, a) in apps.into_iter().enumerate() {
            let key = format!("app-{i}");
            changes.extend([add(&key, a), files("o", &key), authors(PEOPLE[i % 4], &key)]);
        }
        for (i, d) in decisions.into_iter().enumerate() {
            let key = format!("d-{i}");
            changes.extend([
                add(&key, d),
                decides("o", &key),
                opens(PEOPLE[i % 4], &key),
                concerns(&key, "app-0"),
            ]);
        }
        let mut n = Network::new();
        n.apply_all(changes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let saved = serde_json::to_string(&n).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let again: Network = serde_json::from_str(&saved)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{saved}")))?;
        prop_assert_eq!(&again, &n);
        prop_assert_eq!(serde_json::to_string(&again).unwrap(), saved);
        prop_assert_eq!(instants(&again), instants(&n));
        // The report is the same on both sides.
        prop_assert_eq!(again.validate(AS_OF), n.validate(AS_OF));
    }
}

// ----- instants the change API accepts must also save -----

#[test]

fn an_accepted_offset_with_seconds_can_be_saved() {
    // Local mean time offsets have seconds; RFC 3339 cannot write them.
    let lmt = UtcOffset::from_hms(0, 9, 21).unwrap();
    let d = decision_between(
        Process::Consent,
        OPENED.to_offset(lmt),
        CLOSES.to_offset(lmt),
    );
    let mut n = Network::new();
    // Either the change is refused, or the network saves and loads back.
    if n.apply(add("d", d)).is_ok() {
        let saved = serde_json::to_string(&n);
        assert!(saved.is_ok(), "accepted but cannot be saved: {saved:?}");
        let again: Network = serde_json::from_str(&saved.unwrap()).unwrap();
        assert_eq!(again, n);
    }
}

#[test]

fn an_accepted_submission_year_can_be_saved() {
    let ancient = Date::from_calendar_date(-1, time::Month::June, 1)
        .unwrap()
        .with_hms(12, 0, 0)
        .unwrap()
        .assume_offset(offset!(+01:00));
    let mut n = Network::new();
    if n.apply(add("ap", submitted(ancient))).is_ok() {
        let saved = serde_json::to_string(&n);
        assert!(saved.is_ok(), "accepted but cannot be saved: {saved:?}");
        let again: Network = serde_json::from_str(&saved.unwrap()).unwrap();
        assert_eq!(again, n);
    }
}
