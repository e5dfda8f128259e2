//! Insight (issue 6): the Ostrom audit on hand-built organisations that
//! meet, partly meet and fail each principle, with exact assessments and
//! evidence keys; timelines in order, deterministic for ties, with instants
//! read in their own offsets; DOT and Mermaid pictures of networks with
//! hostile labels, checked by small hand-written parsers (and by Graphviz
//! when `dot` is installed); diffs that rebuild their target; journals that
//! replay, or refuse at the bad entry; and `Change` JSON round trips.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::Write as _;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use communs::{
    Application, ApplicationStatus, Assessment, Blueprint, Brique, BriqueKind, BriqueStatus,
    Change, ChangeError, Clause, Contract, ContractStatus, Decision, DiffError, EventKind, Filing,
    Form, Fraction, Gift, Intervention, InterventionKind, JournalError, Key, Lifecycle, Link, Mode,
    Nature, Network, Node, NodeKind, Organisation, Outcome, Party, Period, Person, Place,
    Principle, Process, QueryError, Relation, RelationKind, Running, ScopeKind, Stance, Term,
    Territory, Visibility,
};
use proptest::prelude::*;
use proptest::sample::Index;
use time::macros::{date, datetime, offset};
use time::{Date, Duration, OffsetDateTime};

use crate::common::*;
use crate::strategy::{KeyPool, NetSpec, any_change, valid_spec};

/// `default_cases` cases, unless `PROPTEST_CASES` says otherwise; no
/// regression files written next to the sources.
fn config(default_cases: u32) -> ProptestConfig {
    // One configuration for every property: PROPTEST_CASES raises the
    // cases, and failures persist under tests/proptest-regressions.
    crate::strategy::config(default_cases)
}

fn strings(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|s| (*s).to_owned()).collect()
}

// =====================================================================
// Ostrom audit
// =====================================================================

const OPENED: OffsetDateTime = datetime!(2017-11-20 10:00 +01:00);

/// The assessment and evidence of one principle for `org` on `DAY`;
/// checks on the way that `to_meet` is given exactly when it is not met.
fn finding(n: &Network, org: &str, p: Principle) -> (Assessment, Vec<String>) {
    let audit = n.ostrom_audit(org, DAY).unwrap();
    let f = audit.finding(p).unwrap();
    assert_eq!(f.principle, p);
    assert_eq!(
        f.to_meet.is_some(),
        f.assessment != Assessment::Met,
        "to_meet of {p:?}: {f:?}"
    );
    assert!(!f.reason.is_empty());
    (
        f.assessment,
        f.evidence.iter().map(ToString::to_string).collect(),
    )
}

fn is(a: Assessment, keys: &[&str]) -> (Assessment, Vec<String>) {
    (a, strings(keys))
}

fn vote() -> Process {
    Process::Vote {
        threshold: Fraction::new(1, 2).unwrap(),
        quorum: Fraction::new(1, 3).unwrap(),
    }
}

fn advice() -> Process {
    Process::Advice {
        decider: k("p1"),
        consulted: vec![k("p2")],
    }
}

/// A private, pending decision opened on 20 November 2017.
fn decision(process: Process) -> Decision {
    Decision::new(
        "Décision",
        process,
        OPENED,
        OPENED + Duration::days(3),
        Lifecycle::new(Outcome::Pending),
    )
    .unwrap()
}

/// `d`, adopted on `day`.
fn adopted_on(mut d: Decision, day: Date) -> Decision {
    d.outcome = Lifecycle::new(Outcome::Pending)
        .then(day, Outcome::Adopted)
        .unwrap();
    d
}

fn adopted(d: Decision) -> Decision {
    adopted_on(d, date!(2017 - 11 - 25))
}

fn objection(id: u32) -> Intervention {
    Intervention::new(
        id,
        InterventionKind::Objection,
        k("p2"),
        OPENED + Duration::hours(1),
    )
}

fn answer(id: u32, to: u32) -> Intervention {
    Intervention::new(
        id,
        InterventionKind::AnswerTo(to),
        k("p1"),
        OPENED + Duration::hours(2),
    )
}

/// `org` decides `d` under `key`.
fn decides(org: &str, key: &str, d: Decision) -> [Change; 2] {
    [
        Change::add(k(key), d),
        Change::relate(k(org), k(key), Link::Decides),
    ]
}

fn add_brique(key: &str, kind: BriqueKind, life: Lifecycle<BriqueStatus>) -> Change {
    Change::add(k(key), Brique::new(key.to_uppercase(), kind, life))
}

fn active_brique(key: &str) -> Change {
    add_brique(
        key,
        BriqueKind::Coworking,
        Lifecycle::new(BriqueStatus::Active),
    )
}

fn runs(org: &str, brique: &str, period: Period) -> Change {
    Change::relate(k(org), k(brique), Running::new(period))
}

fn builds(brique: &str, org: &str) -> Change {
    Change::relate(k(brique), k(org), Link::Builds)
}

fn hosted(brique: &str, place: &str) -> Change {
    Change::relate(k(brique), k(place), Link::HostedAt)
}

/// An established association `o` and two persons `p1`, `p2`.
fn base() -> Vec<Change> {
    vec![add_assoc("o"), add_person("p1"), add_person("p2")]
}

fn with(mut changes: Vec<Change>, more: impl IntoIterator<Item = Change>) -> Vec<Change> {
    changes.extend(more);
    changes
}

const BEFORE: Date = date!(2016 - 12 - 31);
const AFTER: Date = date!(2018 - 01 - 01);

fn past() -> Period {
    between(date!(2016 - 01 - 01), BEFORE)
}

fn future() -> Period {
    Period::since(AFTER)
}

#[test]
fn audit_boundaries_counts_current_members() {
    use Assessment::*;
    let p = Principle::Boundaries;
    // Nobody, or only past and future members, or only what it belongs to.
    let none = net(with(
        base(),
        [
            add_assoc("fed"),
            member("p1", "o", past()),
            member("p2", "o", future()),
            member("o", "fed", Period::ALWAYS),
        ],
    ));
    assert_eq!(finding(&none, "o", p), is(NotMet, &[]));
    // One member, whose membership ends on the day itself (inclusive).
    let one = net(with(
        base(),
        [member("p1", "o", between(date!(2017 - 01 - 01), DAY))],
    ));
    assert_eq!(finding(&one, "o", p), is(Partly, &["p1"]));
    // Two persons and an organisation: keys in order.
    let many = net(with(
        base(),
        [
            add_assoc("a-member-org"),
            member("p2", "o", Period::since(DAY)),
            member("p1", "o", Period::ALWAYS),
            member("a-member-org", "o", Period::ALWAYS),
        ],
    ));
    assert_eq!(
        finding(&many, "o", p),
        is(Met, &["a-member-org", "p1", "p2"])
    );
}

#[test]
fn audit_congruence_reads_where_its_briques_are_held() {
    use Assessment::*;
    let p = Principle::Congruence;
    // No brique; then a brique that is not hosted; then one of another org.
    assert_eq!(finding(&net(base()), "o", p), is(NotAssessable, &[]));
    let unhosted = net(with(
        base(),
        [active_brique("b1"), runs("o", "b1", Period::ALWAYS)],
    ));
    assert_eq!(finding(&unhosted, "o", p), is(NotAssessable, &[]));
    let others = net(with(
        base(),
        [
            add_assoc("other"),
            active_brique("b1"),
            add_place("pl1"),
            add_territory("t"),
            located("pl1", "t"),
            runs("other", "b1", Period::ALWAYS),
            hosted("b1", "pl1"),
        ],
    ));
    assert_eq!(finding(&others, "o", p), is(NotAssessable, &[]));

    // A brique it runs, hosted at a place with no territory: partly.
    let held = with(
        base(),
        [
            active_brique("b1"),
            add_place("pl1"),
            runs("o", "b1", Period::ALWAYS),
            hosted("b1", "pl1"),
        ],
    );
    assert_eq!(
        finding(&net(held.clone()), "o", p),
        is(Partly, &["b1", "pl1"])
    );
    // The place in a territory: met (the territory is not evidence).
    let located_in = with(held.clone(), [add_territory("t"), located("pl1", "t")]);
    assert_eq!(
        finding(&net(located_in.clone()), "o", p),
        is(Met, &["b1", "pl1"])
    );
    // A brique that builds it, hosted at an unlocated place: partly again,
    // with both briques and both places; an unhosted brique is no evidence.
    let more = with(
        located_in,
        [
            active_brique("b2"),
            active_brique("b3"),
            add_place("pl2"),
            builds("b2", "o"),
            builds("b3", "o"),
            hosted("b2", "pl2"),
        ],
    );
    assert_eq!(
        finding(&net(more.clone()), "o", p),
        is(Partly, &["b1", "b2", "pl1", "pl2"])
    );
    let all_located = with(more, [located("pl2", "t")]);
    assert_eq!(
        finding(&net(all_located), "o", p),
        is(Met, &["b1", "b2", "pl1", "pl2"])
    );
}

#[test]
fn audit_collective_choice_reads_how_it_decides() {
    use Assessment::*;
    let p = Principle::CollectiveChoice;
    // Established without decisions: not assessable; in formation: not met.
    assert_eq!(finding(&net(base()), "o", p), is(NotAssessable, &[]));
    let forming = vec![add_in_formation("o"), add_person("p1"), add_person("p2")];
    assert_eq!(finding(&net(forming.clone()), "o", p), is(NotMet, &[]));
    // A decision opened after the day, and one taken by another
    // organisation, do not count.
    let not_its = with(
        forming.clone(),
        [add_assoc("other")]
            .into_iter()
            .chain(decides("other", "d-other", decision(Process::Consent)))
            .chain(decides("o", "d-later", {
                let mut d = decision(Process::Consent);
                d.opened_at = datetime!(2017-12-02 00:30 +01:00);
                d.closes_at = datetime!(2017-12-05 00:30 +01:00);
                d
            })),
    );
    assert_eq!(finding(&net(not_its), "o", p), is(NotMet, &[]));
    // Opened late on the day in its own offset (1 December 23:30 at
    // -05:00, already 2 December in UTC): it counts.
    let late = with(
        base(),
        decides("o", "d-late", {
            let mut d = decision(Process::Consensus);
            d.opened_at = datetime!(2017-12-01 23:30 -05:00);
            d.closes_at = datetime!(2017-12-03 23:30 -05:00);
            d
        }),
    );
    assert_eq!(finding(&net(late), "o", p), is(Met, &["d-late"]));

    // Advice or delegation only: partly, with every decision; even in
    // formation.
    let by_advice = with(
        forming,
        decides("o", "d-advice", decision(advice()))
            .into_iter()
            .chain(decides(
                "o",
                "d-delegated",
                decision(Process::Delegated { to: k("p1") }),
            )),
    );
    assert_eq!(
        finding(&net(by_advice.clone()), "o", p),
        is(Partly, &["d-advice", "d-delegated"])
    );
    // Any collective process makes it met, with only those as evidence.
    for (process, key) in [
        (vote(), "d-vote"),
        (Process::Consent, "d-consent"),
        (Process::Consensus, "d-consensus"),
        (Process::Transparency, "d-transparency"),
    ] {
        let n = net(with(
            by_advice.clone(),
            decides("o", key, decision(process)),
        ));
        assert_eq!(finding(&n, "o", p), is(Met, &[key]), "{key}");
    }
    let both = net(with(
        by_advice,
        decides("o", "d-vote", decision(vote()))
            .into_iter()
            .chain(decides("o", "d-consent", decision(Process::Consent))),
    ));
    assert_eq!(finding(&both, "o", p), is(Met, &["d-consent", "d-vote"]));
}

#[test]
fn audit_monitoring_reads_who_sees_its_decisions() {
    use Assessment::*;
    let p = Principle::Monitoring;
    assert_eq!(finding(&net(base()), "o", p), is(NotAssessable, &[]));
    let private = with(
        base(),
        decides("o", "d1", decision(Process::Consent))
            .into_iter()
            .chain(decides("o", "d2", decision(advice()))),
    );
    assert_eq!(
        finding(&net(private.clone()), "o", p),
        is(Partly, &["d1", "d2"])
    );
    let visible = with(
        private,
        decides("o", "d3", decision(vote()).public(40))
            .into_iter()
            .chain(decides("o", "d4", {
                let mut d = decision(Process::Transparency);
                d.visibility = Visibility::Members;
                d
            })),
    );
    assert_eq!(finding(&net(visible), "o", p), is(Met, &["d3", "d4"]));
}

#[test]
fn audit_graduated_sanctions_are_never_assessable() {
    let full = net(with(
        base(),
        [member("p1", "o", Period::ALWAYS)]
            .into_iter()
            .chain(decides("o", "d1", decision(vote()).public(3))),
    ));
    for n in [net(base()), full] {
        assert_eq!(
            finding(&n, "o", Principle::GraduatedSanctions),
            is(Assessment::NotAssessable, &[])
        );
    }
}

#[test]
fn audit_conflict_resolution_reads_objections() {
    use Assessment::*;
    let p = Principle::ConflictResolution;
    assert_eq!(finding(&net(base()), "o", p), is(NotAssessable, &[]));
    // Questions and concerns are not objections.
    let quiet = with(
        base(),
        decides(
            "o",
            "d0",
            adopted(decision(Process::Consent))
                .with(Intervention::new(
                    1,
                    InterventionKind::Question,
                    k("p2"),
                    OPENED,
                ))
                .with(Intervention::new(
                    2,
                    InterventionKind::Concern,
                    k("p2"),
                    OPENED,
                )),
        ),
    );
    assert_eq!(finding(&net(quiet), "o", p), is(NotAssessable, &[]));

    // Resolved, or answered: met.
    let resolved = decides(
        "o",
        "d1",
        adopted(decision(Process::Consent)).with(objection(1).resolved()),
    );
    let answered = decides(
        "o",
        "d2",
        adopted(decision(Process::Transparency))
            .with(objection(1))
            .with(answer(2, 1)),
    );
    assert_eq!(
        finding(&net(with(base(), resolved.clone())), "o", p),
        is(Met, &["d1"])
    );
    assert_eq!(
        finding(&net(with(base(), answered.clone())), "o", p),
        is(Met, &["d2"])
    );
    // An answer to another intervention does not answer the objection.
    let standing = decides(
        "o",
        "d3",
        adopted(decision(Process::Consent))
            .with(Intervention::new(
                1,
                InterventionKind::Question,
                k("p2"),
                OPENED,
            ))
            .with(objection(2))
            .with(answer(3, 1)),
    );
    assert_eq!(
        finding(&net(with(base(), standing.clone())), "o", p),
        is(NotMet, &["d3"])
    );
    // Heard and standing: partly, with both.
    let mixed = with(with(base(), resolved.clone()), standing);
    assert_eq!(finding(&net(mixed), "o", p), is(Partly, &["d1", "d3"]));
    // An unresolved objection stands whatever the outcome: on a decision
    // adopted only after the day (pending on the day), or rejected.
    let not_yet = decides(
        "o",
        "d4",
        adopted_on(decision(Process::Consent), date!(2017 - 12 - 02)).with(objection(1)),
    );
    assert_eq!(
        finding(&net(with(with(base(), answered), not_yet)), "o", p),
        is(Partly, &["d2", "d4"])
    );
    let mut rejected = decision(Process::Consent).with(objection(1));
    rejected.outcome = Lifecycle::new(Outcome::Pending)
        .then(date!(2017 - 11 - 25), Outcome::Rejected)
        .unwrap();
    assert_eq!(
        finding(&net(with(base(), decides("o", "d5", rejected))), "o", p),
        is(NotMet, &["d5"])
    );
}

/// An objection raised on a decision that is still pending is a raised
/// objection that stands: not met, never "no objection was ever raised".
#[test]
fn audit_conflict_resolution_sees_objections_on_pending_decisions() {
    let n = net(with(
        base(),
        decides("o", "d1", decision(Process::Consent).with(objection(1))),
    ));
    assert_eq!(
        finding(&n, "o", Principle::ConflictResolution),
        is(Assessment::NotMet, &["d1"])
    );
    let audit = n.ostrom_audit("o", DAY).unwrap();
    let f = audit.finding(Principle::ConflictResolution).unwrap();
    assert!(!f.reason.contains("no objection was ever raised"), "{f:?}");
}

#[test]
fn audit_recognition_reads_legal_personality_and_carriers() {
    use Assessment::*;
    let p = Principle::Recognition;
    for form in [
        Form::Association,
        Form::Cooperative,
        Form::Company,
        Form::PublicBody,
    ] {
        let n = net([Change::add(k("o"), Organisation::new("O", form))]);
        assert_eq!(finding(&n, "o", p), is(Met, &["o"]), "{form:?}");
    }
    // A collective without a carrier, or carried only in the past.
    let alone = vec![add_collective("c"), add_assoc("anis"), add_assoc("mel")];
    assert_eq!(finding(&net(alone.clone()), "c", p), is(NotMet, &[]));
    let formerly = with(
        alone.clone(),
        [carries("anis", "c", &[ScopeKind::Legal], past())],
    );
    assert_eq!(finding(&net(formerly), "c", p), is(NotMet, &[]));
    // Carried today, by one and then by two carriers of any scope.
    let carried = with(alone, [carries_all("anis", "c")]);
    assert_eq!(
        finding(&net(carried.clone()), "c", p),
        is(Partly, &["anis"])
    );
    let twice = with(
        carried,
        [carries("mel", "c", &[ScopeKind::Financial], Period::ALWAYS)],
    );
    assert_eq!(finding(&net(twice), "c", p), is(Partly, &["anis", "mel"]));
}

#[test]
fn audit_nesting_reads_the_hierarchy_both_ways() {
    use Assessment::*;
    let p = Principle::Nesting;
    // Persons as members and past links do not nest it.
    let isolated = vec![
        add_assoc("o"),
        add_assoc("up-carrier"),
        add_assoc("up-fed"),
        add_collective("down-carried"),
        add_assoc("down-member"),
        add_person("p1"),
        member("p1", "o", Period::ALWAYS),
        carries("up-carrier", "o", &[ScopeKind::Financial], past()),
        member("o", "up-fed", past()),
        member("down-member", "o", future()),
    ];
    assert_eq!(finding(&net(isolated.clone()), "o", p), is(NotMet, &[]));
    // One way up: carried, or member of a federation.
    let now = Period::since(date!(2017 - 01 - 01));
    let carried = with(
        isolated.clone(),
        [carries("up-carrier", "o", &[ScopeKind::Legal], now)],
    );
    assert_eq!(
        finding(&net(carried.clone()), "o", p),
        is(Partly, &["up-carrier"])
    );
    let federated = with(
        isolated.clone(),
        [member("o", "up-fed", between(date!(2017 - 01 - 01), AFTER))],
    );
    assert_eq!(
        finding(&net(federated.clone()), "o", p),
        is(Partly, &["up-fed"])
    );
    // One way down: it carries, or has an organisation as member.
    let carrying = with(isolated.clone(), [carries_all("o", "down-carried")]);
    assert_eq!(
        finding(&net(carrying), "o", p),
        is(Partly, &["down-carried"])
    );
    let hosting = with(isolated, [member("down-member", "o", between(BEFORE, DAY))]);
    assert_eq!(finding(&net(hosting), "o", p), is(Partly, &["down-member"]));
    // Both ways: met, with everything above and below.
    let both = with(
        with(carried, [member("o", "up-fed", now)]),
        [
            carries_all("o", "down-carried"),
            member("down-member", "o", between(date!(2017 - 01 - 01), DAY)),
        ],
    );
    assert_eq!(
        finding(&net(both), "o", p),
        is(
            Met,
            &["down-carried", "down-member", "up-carrier", "up-fed"]
        )
    );
}

#[test]
fn audit_lists_the_eight_principles_in_order() {
    let n = net(base());
    let audit = n.ostrom_audit("o", DAY).unwrap();
    assert_eq!(audit.organisation, k("o"));
    assert_eq!(audit.date, DAY);
    let order: Vec<Principle> = audit.principles.iter().map(|f| f.principle).collect();
    assert_eq!(order, Principle::ALL);
    for p in Principle::ALL {
        assert_eq!(audit.assessment(p), audit.finding(p).map(|f| f.assessment));
    }
    let text = audit.to_string();
    assert!(
        text.starts_with("Ostrom audit of `o` on 2017-12-01:\n"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 9, "{text}");
    assert!(text.contains("  5. graduated sanctions: not assessable from the data"));
}

#[test]
fn audit_of_an_unknown_key_or_a_non_organisation_is_a_query_error() {
    let n = net(with(base(), [add_place("pl")]));
    assert_eq!(
        n.ostrom_audit("nobody", DAY),
        Err(QueryError::UnknownKey {
            key: "nobody".into()
        })
    );
    assert_eq!(
        n.ostrom_audit("Not a key!", DAY),
        Err(QueryError::UnknownKey {
            key: "Not a key!".into()
        })
    );
    for (key, found) in [("p1", NodeKind::Person), ("pl", NodeKind::Place)] {
        assert_eq!(
            n.ostrom_audit(key, DAY),
            Err(QueryError::WrongKind {
                key: k(key),
                expected: NodeKind::Organisation,
                found,
            })
        );
    }
    // A removed organisation is unknown.
    let mut gone = n.clone();
    accepted(&mut gone, Change::remove(k("o")));
    assert_eq!(
        gone.ostrom_audit("o", DAY),
        Err(QueryError::UnknownKey { key: "o".into() })
    );
}

// =====================================================================
// Timeline
// =====================================================================

fn pact() -> Contract {
    Contract::new(
        "Pacte",
        Nature::Moral,
        Term::new(date!(2018 - 01 - 01), Some(date!(2018 - 12 - 31))).unwrap(),
        Lifecycle::new(ContractStatus::Draft)
            .then(date!(2018 - 01 - 10), ContractStatus::Signed)
            .unwrap()
            .then(date!(2018 - 01 - 15), ContractStatus::Active)
            .unwrap(),
    )
}

fn dossier() -> Application {
    Application::new(
        "Dossier",
        "Fabrique",
        date!(2017 - 12 - 01),
        Lifecycle::new(ApplicationStatus::Drafting)
            .then(date!(2017 - 11 - 30), ApplicationStatus::Submitted)
            .unwrap(),
    )
    .submitted(datetime!(2017-11-30 23:30 -05:00))
}

fn discussion() -> Decision {
    Decision::new(
        "Discussion",
        Process::Transparency,
        datetime!(2017-11-29 15:50 +01:00),
        datetime!(2017-12-01 12:00 +01:00),
        Lifecycle::new(Outcome::Pending)
            .then(date!(2017 - 12 - 01), Outcome::Adopted)
            .unwrap(),
    )
    .unwrap()
    .with(Intervention::new(
        2,
        InterventionKind::AnswerTo(1),
        k("julien"),
        datetime!(2017-11-29 19:00 +01:00),
    ))
    .with(Intervention::new(
        1,
        InterventionKind::Question,
        k("julien"),
        datetime!(2017-11-29 18:00 +01:00),
    ))
    .reviewed_on(date!(2018 - 06 - 01))
}

/// The nodes and relations of the timeline network.
fn timeline_parts() -> (Vec<Change>, Vec<Change>) {
    let nodes = vec![
        add_assoc("anis"),
        add_collective("catalyst"),
        add_collective("tiers-lieux"),
        add_person("julien"),
        add_brique(
            "br",
            BriqueKind::Coworking,
            Lifecycle::new(BriqueStatus::Proposed)
                .then(date!(2017 - 11 - 29), BriqueStatus::Planned)
                .unwrap()
                .then(date!(2018 - 01 - 09), BriqueStatus::Active)
                .unwrap(),
        ),
        Change::add(k("pact"), pact()),
        Change::add(k("dossier"), dossier()),
        Change::add(k("disc"), discussion()),
    ];
    let relations = vec![
        carries(
            "anis",
            "catalyst",
            &[ScopeKind::Legal],
            Period::since(date!(2011 - 09 - 01)),
        ),
        carries(
            "anis",
            "tiers-lieux",
            &[ScopeKind::Legal],
            Period::since(date!(2011 - 09 - 01)),
        ),
        mandate(
            "julien",
            "anis",
            &[communs::Act::Sign],
            between(date!(2016 - 01 - 01), date!(2017 - 12 - 31)),
        ),
        Change::relate(
            k("anis"),
            k("pact"),
            Party::new(Mode::Committing).signed(date!(2018 - 01 - 10), Some(k("julien"))),
        ),
        Change::relate(k("catalyst"), k("pact"), Party::new(Mode::NonSignatory)),
        runs("anis", "br", Period::since(date!(2018 - 01 - 09))),
        Change::relate(k("anis"), k("dossier"), Filing::new(Some(k("julien")))),
        Change::relate(k("anis"), k("disc"), Link::Decides),
    ];
    (nodes, relations)
}

fn timeline_net() -> Network {
    let (nodes, relations) = timeline_parts();
    net(nodes.into_iter().chain(relations))
}

type Ev = (Date, EventKind, Vec<String>);

fn events(evs: &[communs::Event]) -> Vec<Ev> {
    evs.iter()
        .map(|e| {
            (
                e.date,
                e.kind,
                e.keys.iter().map(ToString::to_string).collect(),
            )
        })
        .collect()
}

fn ev(d: Date, kind: EventKind, keys: &[&str]) -> Ev {
    (d, kind, strings(keys))
}

#[test]
fn timeline_lists_every_event_in_order() {
    use EventKind::*;
    let n = timeline_net();
    let timeline = n.timeline();
    let expected = vec![
        ev(date!(2011 - 09 - 01), Began, &["anis", "catalyst"]),
        ev(date!(2011 - 09 - 01), Began, &["anis", "tiers-lieux"]),
        ev(date!(2016 - 01 - 01), Began, &["julien", "anis"]),
        // Undated events first, then instants in order.
        ev(date!(2017 - 11 - 29), Status, &["br"]),
        ev(date!(2017 - 11 - 29), Opened, &["disc"]),
        ev(date!(2017 - 11 - 29), Intervened, &["disc", "julien"]),
        ev(date!(2017 - 11 - 29), Intervened, &["disc", "julien"]),
        // 23:30 at -05:00 is 1 December in UTC, but 30 November there.
        ev(date!(2017 - 11 - 30), Status, &["dossier"]),
        ev(date!(2017 - 11 - 30), Submitted, &["dossier"]),
        ev(date!(2017 - 12 - 01), Status, &["disc"]),
        ev(date!(2017 - 12 - 01), Deadline, &["dossier"]),
        ev(date!(2017 - 12 - 01), Closes, &["disc"]),
        ev(date!(2017 - 12 - 31), Ended, &["julien", "anis"]),
        ev(date!(2018 - 01 - 01), TermStarts, &["pact"]),
        ev(date!(2018 - 01 - 09), Began, &["anis", "br"]),
        ev(date!(2018 - 01 - 09), Status, &["br"]),
        ev(date!(2018 - 01 - 10), Status, &["pact"]),
        ev(date!(2018 - 01 - 10), Signed, &["anis", "pact", "julien"]),
        ev(date!(2018 - 01 - 15), Status, &["pact"]),
        ev(date!(2018 - 06 - 01), Review, &["disc"]),
        ev(date!(2018 - 12 - 31), TermEnds, &["pact"]),
    ];
    assert_eq!(events(&timeline), expected);

    let descriptions: Vec<&str> = timeline.iter().map(|e| e.description.as_str()).collect();
    assert_eq!(
        descriptions.get(..7).unwrap(),
        [
            "`anis` carries `catalyst` from this day",
            "`anis` carries `tiers-lieux` from this day",
            "`julien` mandate `anis` from this day",
            "`br` becomes planned",
            "`disc` opens",
            "`julien` asks a question in `disc` (#1)",
            "`julien` answers #1 in `disc` (#2)",
        ]
    );
    assert!(descriptions.contains(&"`anis` signs `pact` (by `julien`)"));
    assert!(descriptions.contains(&"`julien` mandate `anis` for the last day"));

    // Instants keep their own offsets.
    let submitted = timeline.iter().find(|e| e.kind == Submitted).unwrap();
    assert_eq!(submitted.at, Some(datetime!(2017-11-30 23:30 -05:00)));
    assert_eq!(submitted.at.unwrap().offset(), offset!(-05:00));
    assert!(
        timeline
            .iter()
            .filter(|e| matches!(e.kind, Opened | Closes | Intervened | Submitted))
            .all(|e| e.at.is_some_and(|at| at.date() == e.date))
    );
    assert!(
        timeline
            .iter()
            .filter(|e| !matches!(e.kind, Opened | Closes | Intervened | Submitted))
            .all(|e| e.at.is_none())
    );
    assert_eq!(
        timeline.first().unwrap().to_string(),
        "2011-09-01  `anis` carries `catalyst` from this day"
    );
}

#[test]
fn timeline_orders_instants_as_instants_whatever_their_offsets() {
    // 09:00 at +01:00 is 08:00 UTC; 08:30 at +00:00 is later, though it
    // reads earlier; 23:30 at -05:00 on 1 December is 2 December in UTC,
    // still 1 December in its own offset; 00:30 at +01:00 on 2 December is
    // 1 December 23:30 UTC, before it, yet on the next date.
    let d = Decision::new(
        "Vote",
        vote(),
        datetime!(2017-12-01 07:00 +00:00),
        datetime!(2017-12-03 12:00 +01:00),
        Lifecycle::new(Outcome::Pending),
    )
    .unwrap()
    .with(Intervention::new(
        1,
        InterventionKind::Stance(Stance::For),
        k("p2"),
        datetime!(2017-12-01 08:30 +00:00),
    ))
    .with(Intervention::new(
        2,
        InterventionKind::Stance(Stance::Against),
        k("p1"),
        datetime!(2017-12-01 09:00 +01:00),
    ))
    .with(Intervention::new(
        3,
        InterventionKind::Stance(Stance::Abstain),
        k("p1"),
        datetime!(2017-12-01 23:30 -05:00),
    ))
    .with(Intervention::new(
        4,
        InterventionKind::Support,
        k("p2"),
        datetime!(2017-12-02 00:30 +01:00),
    ));
    let n = net(with(base(), decides("o", "d", d)));
    let seen: Vec<(Date, Option<OffsetDateTime>, String)> = n
        .timeline()
        .into_iter()
        .map(|e| (e.date, e.at, e.description))
        .collect();
    assert_eq!(
        seen,
        [
            (
                date!(2017 - 12 - 01),
                Some(datetime!(2017-12-01 07:00 +00:00)),
                "`d` opens".to_owned()
            ),
            (
                date!(2017 - 12 - 01),
                Some(datetime!(2017-12-01 09:00 +01:00)),
                "`p1` votes against in `d` (#2)".to_owned()
            ),
            (
                date!(2017 - 12 - 01),
                Some(datetime!(2017-12-01 08:30 +00:00)),
                "`p2` votes for in `d` (#1)".to_owned()
            ),
            (
                date!(2017 - 12 - 01),
                Some(datetime!(2017-12-01 23:30 -05:00)),
                "`p1` votes abstain in `d` (#3)".to_owned()
            ),
            (
                date!(2017 - 12 - 02),
                Some(datetime!(2017-12-02 00:30 +01:00)),
                "`p2` supports in `d` (#4)".to_owned()
            ),
            (
                date!(2017 - 12 - 03),
                Some(datetime!(2017-12-03 12:00 +01:00)),
                "`d` closes".to_owned()
            ),
        ]
    );
    // The offsets are those recorded.
    let offsets: Vec<_> = n
        .timeline()
        .iter()
        .filter_map(|e| e.at.map(|at| at.offset()))
        .collect();
    assert_eq!(
        offsets,
        [
            offset!(+00:00),
            offset!(+01:00),
            offset!(+00:00),
            offset!(-05:00),
            offset!(+01:00),
            offset!(+01:00),
        ]
    );
}

#[test]
fn timeline_is_the_same_whatever_the_build_order() {
    let (nodes, relations) = timeline_parts();
    let forward = timeline_net();
    let backward = net(nodes.into_iter().rev().chain(relations.into_iter().rev()));
    assert_eq!(forward, backward);
    assert_eq!(forward.timeline(), backward.timeline());
    assert_eq!(forward.timeline(), forward.timeline());
    for key in ["anis", "julien", "pact", "disc"] {
        assert_eq!(
            forward.timeline_of(key).unwrap(),
            backward.timeline_of(key).unwrap()
        );
    }
}

#[test]
fn timeline_of_filters_by_key() {
    use EventKind::*;
    let n = timeline_net();
    let all = n.timeline();
    for (key, _) in n.nodes() {
        let of = n.timeline_of(key.as_str()).unwrap();
        let filtered: Vec<_> = all
            .iter()
            .filter(|e| e.keys.contains(key))
            .cloned()
            .collect();
        assert_eq!(of, filtered, "{key}");
    }
    assert_eq!(
        events(&n.timeline_of("br").unwrap()),
        [
            ev(date!(2017 - 11 - 29), Status, &["br"]),
            ev(date!(2018 - 01 - 09), Began, &["anis", "br"]),
            ev(date!(2018 - 01 - 09), Status, &["br"]),
        ]
    );
    // The signer is involved in the signature; the unsigned party in nothing.
    assert_eq!(
        events(&n.timeline_of("julien").unwrap()),
        [
            ev(date!(2016 - 01 - 01), Began, &["julien", "anis"]),
            ev(date!(2017 - 11 - 29), Intervened, &["disc", "julien"]),
            ev(date!(2017 - 11 - 29), Intervened, &["disc", "julien"]),
            ev(date!(2017 - 12 - 31), Ended, &["julien", "anis"]),
            ev(date!(2018 - 01 - 10), Signed, &["anis", "pact", "julien"]),
        ]
    );
    assert_eq!(
        events(&n.timeline_of("catalyst").unwrap()),
        [ev(date!(2011 - 09 - 01), Began, &["anis", "catalyst"])]
    );
    assert_eq!(
        n.timeline_of("nobody"),
        Err(QueryError::UnknownKey {
            key: "nobody".into()
        })
    );
    assert!(Network::new().timeline().is_empty());
    // A node without dated events has an empty timeline.
    let quiet = net([add_person("p")]);
    assert!(quiet.timeline_of("p").unwrap().is_empty());
}

// =====================================================================
// Pictures: hand-written checkers
// =====================================================================

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A double-quoted string, decoded.
    Str(String),
    Word(String),
    Punct(char),
}

/// Splits DOT text into lines of tokens, checking on the way that every
/// double-quoted string is well formed (no raw line break, only the
/// documented escapes `\\`, `\"` and `\n`) and that braces and brackets
/// balance outside strings.
fn dot_tokens(dot: &str) -> Result<Vec<Vec<Tok>>, String> {
    let mut lines = Vec::new();
    let mut line = Vec::new();
    let (mut braces, mut brackets) = (0i32, 0i32);
    let mut chars = dot.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => lines.push(std::mem::take(&mut line)),
            '"' => {
                let mut s = String::new();
                loop {
                    match chars.next() {
                        None => return Err("unterminated string".into()),
                        Some('"') => break,
                        Some(c) if c.is_control() => {
                            return Err(format!("raw {c:?} in a string after {s:?}"));
                        }
                        Some('\\') => match chars.next() {
                            Some('\\') => s.push('\\'),
                            Some('"') => s.push('"'),
                            Some('n') => s.push('\n'),
                            other => return Err(format!("undocumented escape \\{other:?}")),
                        },
                        Some(c) => s.push(c),
                    }
                }
                line.push(Tok::Str(s));
            }
            '{' | '}' | '[' | ']' | '=' | ',' | ';' => {
                match c {
                    '{' => braces += 1,
                    '}' => braces -= 1,
                    '[' => brackets += 1,
                    ']' => brackets -= 1,
                    _ => {}
                }
                if braces < 0 || brackets < 0 {
                    return Err(format!("unbalanced {c:?}"));
                }
                line.push(Tok::Punct(c));
            }
            c if c.is_whitespace() => {}
            c => {
                let mut w = String::from(c);
                while let Some(&n) = chars.peek() {
                    if n.is_whitespace() || "{}[]=,;\"".contains(n) {
                        break;
                    }
                    w.push(n);
                    chars.next();
                }
                line.push(Tok::Word(w));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if braces != 0 || brackets != 0 {
        return Err(format!("unbalanced: {braces} braces, {brackets} brackets"));
    }
    Ok(lines)
}

type Attrs = BTreeMap<String, String>;

/// DOT as this crate writes it: node id → attributes (label decoded), and
/// edges (from, to, attributes).
#[derive(Debug, Default)]
struct Dot {
    nodes: BTreeMap<String, Attrs>,
    edges: Vec<(String, String, Attrs)>,
}

impl Dot {
    fn label(&self, id: &str) -> Option<&str> {
        self.nodes.get(id)?.get("label").map(String::as_str)
    }

    fn ids(&self) -> BTreeSet<String> {
        self.nodes.keys().cloned().collect()
    }

    fn ends(&self) -> Vec<(String, String)> {
        let mut ends: Vec<_> = self
            .edges
            .iter()
            .map(|(a, b, _)| (a.clone(), b.clone()))
            .collect();
        ends.sort();
        ends
    }
}

/// `name = value, …` up to `]`, then `;` and nothing else.
fn attrs(toks: &[Tok]) -> Result<Attrs, String> {
    let mut out = Attrs::new();
    let mut i = 0;
    loop {
        let (Some(Tok::Word(name)), Some(Tok::Punct('=')), Some(value)) =
            (toks.get(i), toks.get(i + 1), toks.get(i + 2))
        else {
            return Err(format!("bad attribute at {:?}", toks.get(i..)));
        };
        let value = match value {
            Tok::Str(s) | Tok::Word(s) => s.clone(),
            Tok::Punct(c) => return Err(format!("attribute value {c:?}")),
        };
        if out.insert(name.clone(), value).is_some() {
            return Err(format!("attribute {name} twice"));
        }
        match toks.get(i + 3..) {
            Some([Tok::Punct(','), ..]) => i += 4,
            Some([Tok::Punct(']'), Tok::Punct(';')]) => return Ok(out),
            rest => return Err(format!("after an attribute: {rest:?}")),
        }
    }
}

fn parse_dot(dot: &str) -> Result<Dot, String> {
    let lines = dot_tokens(dot)?;
    let Some((first, rest)) = lines.split_first() else {
        return Err("empty".into());
    };
    let header = [
        Tok::Word("digraph".into()),
        Tok::Word("communs".into()),
        Tok::Punct('{'),
    ];
    if first.as_slice() != header {
        return Err(format!("header {first:?}"));
    }
    let Some((last, body)) = rest.split_last() else {
        return Err("no closing brace".into());
    };
    if last.as_slice() != [Tok::Punct('}')] {
        return Err(format!("last line {last:?}"));
    }
    let mut out = Dot::default();
    for toks in body {
        match toks.as_slice() {
            [Tok::Word(w), Tok::Punct('['), rest @ ..]
                if ["graph", "node", "edge"].contains(&w.as_str()) =>
            {
                attrs(rest)?;
            }
            [Tok::Str(id), Tok::Punct('['), rest @ ..] => {
                let a = attrs(rest)?;
                if !a.contains_key("label") {
                    return Err(format!("node {id} without label"));
                }
                if out.nodes.insert(id.clone(), a).is_some() {
                    return Err(format!("node {id} twice"));
                }
            }
            [
                Tok::Str(from),
                Tok::Word(arrow),
                Tok::Str(to),
                Tok::Punct('['),
                rest @ ..,
            ] if arrow == "->" => {
                let a = attrs(rest)?;
                if !a.contains_key("label") {
                    return Err(format!("edge {from} -> {to} without label"));
                }
                out.edges.push((from.clone(), to.clone(), a));
            }
            other => return Err(format!("unexpected statement {other:?}")),
        }
    }
    for (a, b, _) in &out.edges {
        if !out.nodes.contains_key(a) || !out.nodes.contains_key(b) {
            return Err(format!("edge {a} -> {b} to an undeclared node"));
        }
    }
    Ok(out)
}

/// Decodes a Mermaid label, refusing anything the documented escaping
/// rules forbid: a raw `"`, `<`, `>`, `&`, `#` or line break, except as
/// part of `#35;`, `#quot;`, `#lt;`, `#gt;`, `#amp;` and `<br/>`.
fn mermaid_unescape(label: &str) -> Result<String, String> {
    const CODES: [(&str, char); 6] = [
        ("#35;", '#'),
        ("#quot;", '"'),
        ("#lt;", '<'),
        ("#gt;", '>'),
        ("#amp;", '&'),
        ("<br/>", '\n'),
    ];
    let mut out = String::new();
    let mut rest = label;
    while let Some(c) = rest.chars().next() {
        if let Some((code, ch)) = CODES.iter().find(|(code, _)| rest.starts_with(code)) {
            out.push(*ch);
            rest = &rest[code.len()..];
            continue;
        }
        if matches!(c, '"' | '<' | '>' | '&' | '#') || c.is_control() {
            return Err(format!("raw {c:?} in label {label:?}"));
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    Ok(out)
}

/// A Mermaid flowchart as this crate writes it.
#[derive(Debug, Default)]
struct Mermaid {
    /// id → (shape opening, decoded label).
    nodes: BTreeMap<String, (String, String)>,
    /// (from, arrow, decoded label, to).
    edges: Vec<(String, String, String, String)>,
    /// id → class.
    classes: BTreeMap<String, String>,
    /// How many `linkStyle` lines (one per edge).
    link_styles: usize,
}

impl Mermaid {
    fn ids(&self) -> BTreeSet<String> {
        self.nodes.keys().cloned().collect()
    }

    fn label(&self, id: &str) -> Option<&str> {
        self.nodes.get(id).map(|(_, l)| l.as_str())
    }
}

const SHAPES: [(&str, &str); 9] = [
    ("([", "])"),
    ("[", "]"),
    ("(", ")"),
    ("[(", ")]"),
    ("{{", "}}"),
    ("[[", "]]"),
    (">", "]"),
    ("[/", "/]"),
    ("{", "}"),
];

fn is_mermaid_id(s: &str) -> bool {
    s.starts_with("n_")
        && s.len() > 2
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn parse_mermaid(text: &str) -> Result<Mermaid, String> {
    let mut lines = text.split('\n');
    if lines.next() != Some("flowchart LR") {
        return Err("header".into());
    }
    let mut out = Mermaid::default();
    let mut class_defs = BTreeSet::new();
    for line in lines {
        if line.is_empty() {
            continue;
        }
        let Some(body) = line.strip_prefix("  ") else {
            return Err(format!("line not indented: {line:?}"));
        };
        if let Some(def) = body.strip_prefix("classDef ") {
            let (name, style) = def.split_once(' ').ok_or(format!("classDef {def:?}"))?;
            if style.is_empty() || !class_defs.insert(name.to_owned()) {
                return Err(format!("classDef {def:?}"));
            }
            continue;
        }
        if let Some(def) = body.strip_prefix("linkStyle ") {
            let (index, style) = def.split_once(' ').ok_or(format!("linkStyle {def:?}"))?;
            let index: usize = index.parse().map_err(|_| format!("linkStyle {def:?}"))?;
            if index >= out.edges.len() || !style.starts_with("stroke:#") {
                return Err(format!("linkStyle {def:?} for {} edges", out.edges.len()));
            }
            out.link_styles += 1;
            continue;
        }
        if let Some(def) = body.strip_prefix("class ") {
            let (ids, name) = def.split_once(' ').ok_or(format!("class {def:?}"))?;
            if !class_defs.contains(name) {
                return Err(format!("class {name} used before its classDef"));
            }
            for id in ids.split(',') {
                if out.classes.insert(id.to_owned(), name.to_owned()).is_some() {
                    return Err(format!("{id} in two classes"));
                }
            }
            continue;
        }
        let id_len = body
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
            .ok_or(format!("only an id: {line:?}"))?;
        let (id, rest) = body.split_at(id_len);
        if !is_mermaid_id(id) {
            return Err(format!("bad id {id:?}"));
        }
        if let Some(rest) = rest.strip_prefix(' ') {
            let (arrow, rest) = rest.split_once('|').ok_or(format!("edge {line:?}"))?;
            if !["==>", "-.->", "-->", "--o", "--x"].contains(&arrow) {
                return Err(format!("arrow {arrow:?}"));
            }
            let rest = rest.strip_prefix('"').ok_or(format!("edge {line:?}"))?;
            let (label, to) = rest.rsplit_once("\"| ").ok_or(format!("edge {line:?}"))?;
            if !is_mermaid_id(to) {
                return Err(format!("bad target {to:?}"));
            }
            out.edges.push((
                id.to_owned(),
                arrow.to_owned(),
                mermaid_unescape(label)?,
                to.to_owned(),
            ));
        } else {
            let (Some(open), Some(close)) = (rest.find('"'), rest.rfind('"')) else {
                return Err(format!("node without quoted label: {line:?}"));
            };
            if close <= open {
                return Err(format!("node without quoted label: {line:?}"));
            }
            let shape = (&rest[..open], &rest[close + 1..]);
            if !SHAPES.contains(&shape) {
                return Err(format!("shape {shape:?} in {line:?}"));
            }
            let label = mermaid_unescape(&rest[open + 1..close])?;
            if out
                .nodes
                .insert(id.to_owned(), (shape.0.to_owned(), label))
                .is_some()
            {
                return Err(format!("node {id} twice"));
            }
        }
    }
    for (a, _, _, b) in &out.edges {
        if !out.nodes.contains_key(a) || !out.nodes.contains_key(b) {
            return Err(format!("edge {a} -> {b} to an undeclared node"));
        }
    }
    if out.classes.keys().ne(out.nodes.keys()) {
        return Err("every node has exactly one class".into());
    }
    if out.link_styles != out.edges.len() {
        return Err(format!(
            "{} link styles for {} edges",
            out.link_styles,
            out.edges.len()
        ));
    }
    Ok(out)
}

fn mermaid_id(key: &str) -> String {
    format!("n_{}", key.replace('-', "_"))
}

/// A label as the pictures should show it: control characters other than
/// line breaks (carriage returns, NUL…) dropped.
fn shown(name: &str) -> String {
    name.chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

/// Whether Graphviz is installed.
fn graphviz() -> bool {
    static FOUND: OnceLock<bool> = OnceLock::new();
    *FOUND.get_or_init(|| {
        let found = Command::new("dot")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            eprintln!("graphviz `dot` not found: skipping the external DOT checks");
        }
        found
    })
}

/// Runs `dot -Tsvg` on `text`: the SVG, or what went wrong.
fn render(text: &str) -> Result<String, String> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(text.as_bytes())
        .map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() || stderr.contains("rror") {
        return Err(format!("dot said {}: {stderr}\n{text}", out.status));
    }
    String::from_utf8(out.stdout).map_err(|e| e.to_string())
}

/// Checks the whole-network pictures of `n`: every node with its name,
/// every relation, ids as documented.
fn check_whole_pictures(n: &Network) -> Result<(), String> {
    let dot = parse_dot(&n.to_dot())?;
    let mermaid = parse_mermaid(&n.to_mermaid())?;
    let keys: BTreeSet<String> = n.nodes().map(|(k, _)| k.to_string()).collect();
    if dot.ids() != keys {
        return Err(format!("DOT ids {:?} ≠ keys {keys:?}", dot.ids()));
    }
    let ids: BTreeSet<String> = keys.iter().map(|k| mermaid_id(k)).collect();
    if mermaid.ids() != ids {
        return Err(format!("Mermaid ids {:?} ≠ {ids:?}", mermaid.ids()));
    }
    for (key, node) in n.nodes() {
        let want = shown(node.name());
        if dot.label(key.as_str()) != Some(want.as_str()) {
            return Err(format!("DOT label of {key}: {:?}", dot.label(key.as_str())));
        }
        if mermaid.label(&mermaid_id(key.as_str())) != Some(want.as_str()) {
            return Err(format!("Mermaid label of {key}"));
        }
    }
    let mut ends: Vec<(String, String)> = n
        .relations()
        .iter()
        .map(|r| (r.from.to_string(), r.to.to_string()))
        .collect();
    ends.sort();
    if dot.ends() != ends {
        return Err(format!("DOT edges {:?} ≠ {ends:?}", dot.ends()));
    }
    let mut m_ends: Vec<(String, String)> = mermaid
        .edges
        .iter()
        .map(|(a, _, _, b)| (a.clone(), b.clone()))
        .collect();
    m_ends.sort();
    let mut want: Vec<(String, String)> = ends
        .iter()
        .map(|(a, b)| (mermaid_id(a), mermaid_id(b)))
        .collect();
    want.sort();
    if m_ends != want {
        return Err("Mermaid edges".into());
    }
    // Each edge is labelled with its relation kind.
    for (_, _, a) in &dot.edges {
        let label = a.get("label").map(String::as_str).unwrap_or_default();
        if !RelationKind::ALL
            .iter()
            .any(|k| label.starts_with(k.name()))
        {
            return Err(format!("edge label {label:?}"));
        }
    }
    Ok(())
}

/// The keys within `depth` relations of `key`, either way, computed from
/// the relation list.
fn around(n: &Network, key: &str, depth: usize) -> BTreeSet<String> {
    let mut next: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in n.relations() {
        next.entry(r.from.to_string())
            .or_default()
            .insert(r.to.to_string());
        next.entry(r.to.to_string())
            .or_default()
            .insert(r.from.to_string());
    }
    let mut seen = BTreeSet::from([key.to_owned()]);
    let mut queue = VecDeque::from([(key.to_owned(), 0)]);
    while let Some((k, d)) = queue.pop_front() {
        if d == depth {
            continue;
        }
        for m in next.get(&k).into_iter().flatten() {
            if seen.insert(m.clone()) {
                queue.push_back((m.clone(), d + 1));
            }
        }
    }
    seen
}

/// Checks the neighbourhood pictures: the nodes within `depth`, and the
/// relations among them.
fn check_neighbourhood(n: &Network, key: &str, depth: usize) -> Result<(), String> {
    let want = around(n, key, depth);
    let dot = parse_dot(&n.neighbourhood_dot(key, depth).map_err(|e| e.to_string())?)?;
    let mermaid = parse_mermaid(
        &n.neighbourhood_mermaid(key, depth)
            .map_err(|e| e.to_string())?,
    )?;
    if dot.ids() != want {
        return Err(format!(
            "neighbourhood of {key} at {depth}: {:?} ≠ {want:?}",
            dot.ids()
        ));
    }
    let ids: BTreeSet<String> = want.iter().map(|k| mermaid_id(k)).collect();
    if mermaid.ids() != ids {
        return Err(format!("Mermaid neighbourhood of {key} at {depth}"));
    }
    let mut ends: Vec<(String, String)> = n
        .relations()
        .iter()
        .filter(|r| want.contains(r.from.as_str()) && want.contains(r.to.as_str()))
        .map(|r| (r.from.to_string(), r.to.to_string()))
        .collect();
    ends.sort();
    if dot.ends() != ends {
        return Err(format!("neighbourhood edges {:?} ≠ {ends:?}", dot.ends()));
    }
    if mermaid.edges.len() != ends.len() {
        return Err("Mermaid neighbourhood edges".into());
    }
    for (key, node) in n.nodes() {
        if want.contains(key.as_str()) && dot.label(key.as_str()) != Some(&shown(node.name())) {
            return Err(format!("label of {key}"));
        }
    }
    Ok(())
}

/// Checks the readiness pictures of `org`: each required kind with its
/// state, each brique that builds it with its status.
fn check_readiness(n: &Network, org: &str, day: Date) -> Result<(), String> {
    let readiness = n.readiness(org, day).map_err(|e| e.to_string())?;
    let dot = parse_dot(&n.readiness_dot(org, day).map_err(|e| e.to_string())?)?;
    let mermaid = parse_mermaid(&n.readiness_mermaid(org, day).map_err(|e| e.to_string())?)?;
    let mut want = BTreeMap::new();
    let name = shown(n.node(org).map(Node::name).unwrap_or_default());
    want.insert(
        org.to_owned(),
        if readiness.governance_posed {
            name
        } else {
            format!("{name}\n(governance not posed)")
        },
    );
    let mut ends = Vec::new();
    for kind in &readiness.required {
        let id = format!("kind:{}", kind.kind);
        want.insert(id.clone(), format!("{}\n{}", kind.kind, kind.state()));
        ends.push((id.clone(), org.to_owned()));
        for b in &kind.briques {
            want.insert(
                b.key.to_string(),
                format!("{}\n({})", shown(&b.brique.name), b.status),
            );
            ends.push((b.key.to_string(), id.clone()));
        }
    }
    for b in &readiness.others {
        want.insert(
            b.key.to_string(),
            format!("{}\n({})", shown(&b.brique.name), b.status),
        );
        ends.push((b.key.to_string(), org.to_owned()));
    }
    ends.sort();
    let got: BTreeMap<String, String> = dot
        .nodes
        .iter()
        .map(|(id, a)| (id.clone(), a.get("label").cloned().unwrap_or_default()))
        .collect();
    if got != want {
        return Err(format!("readiness of {org}: {got:?} ≠ {want:?}"));
    }
    if dot.ends() != ends {
        return Err(format!("readiness edges {:?} ≠ {ends:?}", dot.ends()));
    }
    let m_got: BTreeMap<String, String> = mermaid
        .nodes
        .iter()
        .map(|(id, (_, l))| (id.clone(), l.clone()))
        .collect();
    let m_want: BTreeMap<String, String> = want
        .iter()
        .map(|(id, l)| {
            (
                format!("n_{}", id.replace('-', "_").replace(':', "__")),
                l.clone(),
            )
        })
        .collect();
    if m_got != m_want {
        return Err(format!(
            "Mermaid readiness of {org}: {m_got:?} ≠ {m_want:?}"
        ));
    }
    for kind in &readiness.required {
        let id = format!(
            "n_kind__{}",
            kind.kind.to_string().replace('-', "_").replace(':', "__")
        );
        let class = format!("kind_{}", kind.state());
        if mermaid.classes.get(&id) != Some(&class) {
            return Err(format!("class of {id}: {:?}", mermaid.classes.get(&id)));
        }
    }
    Ok(())
}

// =====================================================================
// Pictures: hand-built cases
// =====================================================================

const HOSTILE: &[&str] = &[
    "\"",
    "\\",
    "\n",
    "\r",
    "\r\n",
    "#",
    "<",
    ">",
    "&",
    "{",
    "}",
    "|",
    "[",
    "]",
    ";",
    ":",
    "'",
    "`",
    "\t",
    " ",
    "-->",
    "==>",
    "%%",
    "\\n",
    "\\\"",
    "\\l",
    "<br/>",
    "#quot;",
    "#35;",
    "&amp;",
    "&#34;",
    "\u{0}",
    "\u{7}",
    "\u{1b}",
    "\u{85}",
    "\u{2028}",
    "Économie",
    "ÉCONOMIE",
    "ü",
    "日本",
    "🦀",
    "👩‍👩‍👧",
    "\u{200b}",
    "a",
    "Z",
    "0",
];

/// A hostile display name: never blank, since blank names are refused.
fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(HOSTILE), 1..7).prop_map(|parts| {
        let s = parts.concat();
        if s.trim().is_empty() {
            format!("{s}x")
        } else {
            s
        }
    })
}

fn rename(node: &mut Node, name: String) {
    match node {
        Node::Person(p) => p.name = name,
        Node::Organisation(o) => o.name = name,
        Node::Place(p) => p.name = name,
        Node::Territory(t) => t.name = name,
        Node::Brique(b) => b.name = name,
        Node::Contract(c) => c.title = name,
        Node::Application(a) => a.title = name,
        Node::Decision(d) => d.title = name,
        _ => {}
    }
}

/// A valid spec whose nodes all bear hostile names.
fn hostile_spec() -> impl Strategy<Value = NetSpec> {
    valid_spec()
        .prop_flat_map(|spec| {
            let n = spec.nodes.len();
            (Just(spec), prop::collection::vec(hostile(), n))
        })
        .prop_map(|(mut spec, names)| {
            for ((_, node), name) in spec.nodes.iter_mut().zip(names) {
                rename(node, name);
            }
            spec
        })
}

/// The spec built the other way round: nodes, relations and removals in
/// reverse order.
fn build_reversed(spec: &NetSpec) -> Network {
    net(spec
        .nodes
        .iter()
        .rev()
        .map(|(k, n)| Change::add(k.clone(), n.clone()))
        .chain(
            spec.relations
                .iter()
                .rev()
                .cloned()
                .map(Change::AddRelation),
        )
        .chain(
            spec.removed
                .iter()
                .rev()
                .cloned()
                .map(Change::remove_with_relations),
        ))
}

const NASTY: &str = "Économie \"des\" communs\\ #1 <b>&amp;</b> {x|y}\r\n🦀 👩‍👩‍👧 ligne 2\n";

/// One node of every kind and look, every relation kind, all named `NASTY`
/// with a suffix.
fn every_kind() -> Network {
    let name = |s: &str| format!("{NASTY}{s}");
    let contract = Contract::new(
        name("contrat"),
        Nature::Moral,
        Term::from(date!(2018 - 01 - 01)),
        Lifecycle::new(ContractStatus::Active),
    )
    .with_clause(Clause::new(
        k("anis"),
        k("julien"),
        Gift::Knowledge("x".into()),
    ))
    .with_clause(Clause::new(
        k("julien"),
        k("anis"),
        Gift::Knowledge("y".into()),
    ));
    let mut dossier = dossier();
    dossier.title = name("dossier");
    let mut disc = discussion();
    disc.title = name("décision");
    net([
        Change::add(k("julien"), Person::new(name("personne"))),
        Change::add(
            k("anis"),
            Organisation::new(name("association"), Form::Association),
        ),
        Change::add(
            k("catalyst"),
            Organisation::new(name("collectif"), Form::Collective),
        ),
        Change::add(k("chambre"), in_formation(&name("en formation"))),
        Change::add(k("mess"), Place::new(name("lieu"))),
        Change::add(k("lille"), Territory::new(name("territoire"))),
        Change::add(k("qpv"), Territory::new(name("qpv")).priority_area()),
        Change::add(
            k("cw"),
            Brique::new(
                name("brique"),
                BriqueKind::Coworking,
                Lifecycle::new(BriqueStatus::Active),
            ),
        ),
        Change::add(k("pact"), contract),
        Change::add(k("dossier"), dossier),
        Change::add(k("disc"), disc),
        carries_all("anis", "catalyst"),
        member("julien", "anis", Period::ALWAYS),
        mandate("julien", "anis", &[communs::Act::Sign], Period::ALWAYS),
        located("mess", "lille"),
        runs("anis", "cw", Period::ALWAYS),
        builds("cw", "chambre"),
        hosted("cw", "mess"),
        Change::relate(k("anis"), k("pact"), Party::new(Mode::Committing)),
        Change::relate(k("julien"), k("pact"), Party::new(Mode::Committing)),
        Change::relate(k("anis"), k("dossier"), Filing::new(None)),
        Change::relate(k("julien"), k("dossier"), Link::Authors),
        Change::relate(k("dossier"), k("cw"), Link::Funds),
        Change::relate(k("dossier"), k("qpv"), Link::Targets),
        Change::relate(k("anis"), k("disc"), Link::Decides),
        Change::relate(k("disc"), k("chambre"), Link::Concerns),
        Change::relate(k("julien"), k("disc"), Link::Opens),
    ])
}

#[test]
fn pictures_of_every_kind_escape_hostile_labels() {
    let n = every_kind();
    let kinds: BTreeSet<RelationKind> = n.relations().iter().map(|r| r.data.kind()).collect();
    assert_eq!(kinds.len(), RelationKind::ALL.len(), "every relation kind");
    check_whole_pictures(&n).unwrap();
    let dot = n.to_dot();
    assert!(dot.starts_with("digraph communs {\n"), "{dot}");
    assert!(dot.ends_with("}\n"), "{dot}");
    assert!(
        dot.contains(
            r#""anis" [label="Économie \"des\" communs\\ #1 <b>&amp;</b> {x|y}\n🦀 👩‍👩‍👧 ligne 2\nassociation", "#
        ),
        "{dot}"
    );
    assert!(!dot.contains('\r'));
    let mermaid = n.to_mermaid();
    assert!(
        mermaid.contains(
            "  n_anis[\"Économie #quot;des#quot; communs\\ #35;1 #lt;b#gt;#amp;amp;#lt;/b#gt; {x|y}<br/>🦀 👩‍👩‍👧 ligne 2<br/>association\"]\n"
        ),
        "{mermaid}"
    );
    assert!(!mermaid.contains('\r'));

    // Node kinds are visually distinct: one look per node kind (and for
    // organisations, per legal form and governance).
    let dot = parse_dot(&dot).unwrap();
    let look = |id: &str| {
        let a = &dot.nodes[id];
        (
            a.get("shape").cloned(),
            a.get("style").cloned(),
            a.get("fillcolor").cloned(),
            a.get("peripheries").cloned(),
        )
    };
    let looks: BTreeSet<_> = [
        "julien", "anis", "catalyst", "chambre", "mess", "lille", "qpv", "cw", "pact", "dossier",
        "disc",
    ]
    .iter()
    .map(|id| look(id))
    .collect();
    assert_eq!(looks.len(), 11);
    let shapes: BTreeSet<_> = [
        "julien", "anis", "mess", "lille", "cw", "pact", "dossier", "disc",
    ]
    .iter()
    .map(|id| dot.nodes[*id].get("shape").cloned())
    .collect();
    assert_eq!(shapes.len(), 8, "one shape per node kind");
    let mermaid = parse_mermaid(&mermaid).unwrap();
    let opens: BTreeSet<&str> = [
        "julien", "anis", "mess", "lille", "cw", "pact", "dossier", "disc",
    ]
    .iter()
    .map(|id| mermaid.nodes[&mermaid_id(id)].0.as_str())
    .collect();
    assert_eq!(opens.len(), 8, "one Mermaid shape per node kind");
    // Edges carry their relation's kind and attributes.
    let carries = dot
        .edges
        .iter()
        .find(|(a, b, _)| a == "anis" && b == "catalyst")
        .unwrap();
    assert_eq!(
        carries.2["label"],
        "carries (administrative+financial+legal)"
    );

    if graphviz() {
        let svg = render(&n.to_dot()).unwrap();
        assert!(svg.contains("Économie"), "{svg}");
        assert!(svg.contains("🦀"), "{svg}");
        render(&n.neighbourhood_dot("anis", 1).unwrap()).unwrap();
        render(&n.readiness_dot("chambre", DAY).unwrap()).unwrap();
    }
}

#[test]
fn pictures_are_documented_forms() {
    // The module example, and an empty network.
    let n = net([Change::add(
        k("eco"),
        Organisation::new("Économie \"des\" communs", Form::Collective),
    )]);
    assert!(
        n.to_dot()
            .contains("  \"eco\" [label=\"Économie \\\"des\\\" communs\", ")
    );
    assert!(
        n.to_mermaid()
            .contains("  n_eco(\"Économie #quot;des#quot; communs\")\n")
    );
    let empty = Network::new();
    assert_eq!(parse_dot(&empty.to_dot()).unwrap().nodes.len(), 0);
    assert_eq!(empty.to_mermaid(), "flowchart LR\n");
    // Ids: `n_` and the key with `-` written `_`.
    let n = net([add_person("jean-marie-2"), add_assoc("a1")]);
    let m = parse_mermaid(&n.to_mermaid()).unwrap();
    assert_eq!(
        m.ids(),
        BTreeSet::from(["n_a1".to_owned(), "n_jean_marie_2".to_owned()])
    );
}

/// `julien` member of `anis`; `anis` carries `catalyst` and `chambre`;
/// `cw` builds `chambre` and is hosted at `mess`, in `lille`; `solo` alone.
fn neighbourhood_net() -> Network {
    net([
        add_person("julien"),
        add_assoc("anis"),
        add_collective("catalyst"),
        add_in_formation("chambre"),
        active_brique("cw"),
        add_place("mess"),
        add_territory("lille"),
        add_person("solo"),
        member("julien", "anis", Period::ALWAYS),
        carries_all("anis", "catalyst"),
        carries("anis", "chambre", &[ScopeKind::Financial], Period::ALWAYS),
        builds("cw", "chambre"),
        hosted("cw", "mess"),
        located("mess", "lille"),
    ])
}

fn set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn neighbourhoods_hold_the_nodes_within_depth() {
    let n = neighbourhood_net();
    let ids = |depth| {
        parse_dot(&n.neighbourhood_dot("chambre", depth).unwrap())
            .unwrap()
            .ids()
    };
    assert_eq!(ids(0), set(&["chambre"]));
    assert_eq!(ids(1), set(&["anis", "chambre", "cw"]));
    assert_eq!(
        ids(2),
        set(&["anis", "catalyst", "chambre", "cw", "julien", "mess"])
    );
    assert_eq!(
        ids(3),
        set(&[
            "anis", "catalyst", "chambre", "cw", "julien", "lille", "mess"
        ])
    );
    assert_eq!(ids(9), ids(3));
    // Only relations between shown nodes.
    let one = parse_dot(&n.neighbourhood_dot("chambre", 1).unwrap()).unwrap();
    assert_eq!(
        one.ends(),
        [
            ("anis".to_owned(), "chambre".to_owned()),
            ("cw".to_owned(), "chambre".to_owned())
        ]
    );
    assert!(
        parse_dot(&n.neighbourhood_dot("chambre", 0).unwrap())
            .unwrap()
            .edges
            .is_empty()
    );
    // Mermaid shows the same nodes.
    let m = parse_mermaid(&n.neighbourhood_mermaid("chambre", 1).unwrap()).unwrap();
    assert_eq!(m.ids(), set(&["n_anis", "n_chambre", "n_cw"]));
    assert_eq!(m.edges.len(), 2);
    for depth in 0..4 {
        for (key, _) in n.nodes() {
            check_neighbourhood(&n, key.as_str(), depth).unwrap();
        }
    }
    assert_eq!(
        parse_dot(&n.neighbourhood_dot("solo", 2).unwrap())
            .unwrap()
            .ids(),
        set(&["solo"])
    );
    for err in [
        n.neighbourhood_dot("nobody", 1),
        n.neighbourhood_mermaid("nobody", 1),
    ] {
        assert_eq!(
            err,
            Err(QueryError::UnknownKey {
                key: "nobody".into()
            })
        );
    }
}

#[test]
fn readiness_pictures_show_each_required_kind_with_its_state() {
    let chambre = Organisation::new("Chambre \"des\" communs", Form::Collective).in_formation(
        Blueprint::new([
            BriqueKind::Coworking,
            BriqueKind::Permanence,
            BriqueKind::Workshop,
            BriqueKind::Other("newsletter-x".parse().unwrap()),
        ])
        .with_governance_body(),
    );
    let n = net([
        Change::add(k("chambre"), chambre),
        active_brique("cw"),
        add_brique(
            "perm",
            BriqueKind::Permanence,
            Lifecycle::new(BriqueStatus::Proposed)
                .then(date!(2017 - 11 - 29), BriqueStatus::Planned)
                .unwrap(),
        ),
        add_brique(
            "ws-old",
            BriqueKind::Workshop,
            Lifecycle::new(BriqueStatus::Active)
                .then(date!(2017 - 06 - 01), BriqueStatus::Ended)
                .unwrap(),
        ),
        add_brique(
            "meet",
            BriqueKind::Meeting,
            Lifecycle::new(BriqueStatus::Active),
        ),
        builds("cw", "chambre"),
        builds("perm", "chambre"),
        builds("ws-old", "chambre"),
        builds("meet", "chambre"),
    ]);
    check_readiness(&n, "chambre", DAY).unwrap();
    let dot = parse_dot(&n.readiness_dot("chambre", DAY).unwrap()).unwrap();
    let state = |id: &str| {
        let a = &dot.nodes[id];
        (a["label"].clone(), a["fillcolor"].clone())
    };
    assert_eq!(
        state("kind:coworking"),
        ("coworking\nactive".to_owned(), "#b6d7a8".to_owned())
    );
    assert_eq!(
        state("kind:permanence"),
        ("permanence\npending".to_owned(), "#ffe599".to_owned())
    );
    assert_eq!(
        state("kind:workshop"),
        ("workshop\nmissing".to_owned(), "#f4cccc".to_owned())
    );
    assert_eq!(
        state("kind:governance-body"),
        ("governance-body\nmissing".to_owned(), "#f4cccc".to_owned())
    );
    assert_eq!(
        state("kind:other:newsletter-x"),
        (
            "other:newsletter-x\nmissing".to_owned(),
            "#f4cccc".to_owned()
        )
    );
    assert_eq!(
        dot.label("chambre"),
        Some("Chambre \"des\" communs\n(governance not posed)")
    );
    assert_eq!(dot.label("ws-old"), Some("WS-OLD\n(ended)"));
    assert_eq!(dot.label("meet"), Some("MEET\n(active)"));
    assert_eq!(dot.nodes.len(), 10);
    // Before the permanence was planned, and before the workshop ended.
    let earlier = date!(2017 - 01 - 01);
    check_readiness(&n, "chambre", earlier).unwrap();
    let dot = parse_dot(&n.readiness_dot("chambre", earlier).unwrap()).unwrap();
    assert_eq!(dot.label("kind:workshop"), Some("workshop\nactive"));
    assert_eq!(dot.label("perm"), Some("PERM\n(proposed)"));

    let mermaid = n.readiness_mermaid("chambre", DAY).unwrap();
    for line in [
        "  n_kind__coworking[\"coworking<br/>active\"]\n",
        "  n_kind__other__newsletter_x[\"other:newsletter-x<br/>missing\"]\n",
        "  n_chambre(\"Chambre #quot;des#quot; communs<br/>(governance not posed)\")\n",
        "  classDef kind_pending fill:#ffe599\n",
        "  class n_kind__permanence kind_pending\n",
    ] {
        assert!(mermaid.contains(line), "{line:?} in {mermaid}");
    }

    // An established organisation: just itself and what builds it.
    let anis = net([add_assoc("anis"), active_brique("cw"), builds("cw", "anis")]);
    check_readiness(&anis, "anis", DAY).unwrap();
    assert_eq!(
        parse_dot(&anis.readiness_dot("anis", DAY).unwrap())
            .unwrap()
            .ids(),
        set(&["anis", "cw"])
    );
    // Errors.
    assert_eq!(
        anis.readiness_dot("cw", DAY),
        Err(QueryError::WrongKind {
            key: k("cw"),
            expected: NodeKind::Organisation,
            found: NodeKind::Brique,
        })
    );
    assert_eq!(
        anis.readiness_mermaid("nobody", DAY),
        Err(QueryError::UnknownKey {
            key: "nobody".into()
        })
    );
    if graphviz() {
        render(&n.readiness_dot("chambre", DAY).unwrap()).unwrap();
    }
}

#[test]
fn the_checkers_catch_bad_pictures() {
    // The DOT checker refuses raw line breaks, stray quotes, unknown
    // escapes and unbalanced braces.
    for bad in [
        "digraph communs {\n  \"a\" [label=\"x\ny\"];\n}\n",
        "digraph communs {\n  \"a\" [label=\"x\"y\"];\n}\n",
        "digraph communs {\n  \"a\" [label=\"x\\ty\"];\n}\n",
        "digraph communs {\n  \"a\" [label=\"x\"];\n",
        "digraph communs {\n  \"a\" [label=\"x\\\"];\n}\n",
        "digraph communs {\n  \"a\" -> \"b\" [label=\"x\"];\n}\n",
    ] {
        assert!(parse_dot(bad).is_err(), "{bad}");
    }
    assert!(parse_dot("digraph communs {\n  \"a\" [label=\"x\\\\ \\\" \\n\"];\n}\n").is_ok());
    for bad in ["a\"b", "a<b", "a>b", "a&b", "a#b", "#quot", "a\rb", "<br>"] {
        assert!(mermaid_unescape(bad).is_err(), "{bad:?}");
    }
    // Graphviz, when installed, refuses what is not DOT.
    if graphviz() {
        assert!(render("digraph communs {\n  \"a\" [label=\"x];\n}\n").is_err());
        assert!(render("digraph communs {\n  \"a\" [label=\"x\"];\n}\n").is_ok());
    }
    assert_eq!(
        mermaid_unescape("#35;#quot;#lt;#gt;#amp;<br/>é").unwrap(),
        "#\"<>&\né"
    );
}

/// A display name may hold any character but blanks only; Graphviz
/// refuses a NUL inside a quoted string, so control characters other than
/// line breaks are dropped from labels, in both formats.
#[test]
fn control_characters_are_dropped_from_labels() {
    let n = net([Change::add(
        k("p"),
        Person::new("a\u{0}b\u{7}c\u{1b}d\te\u{85}f\r\ng"),
    )]);
    check_whole_pictures(&n).unwrap();
    assert!(n.to_dot().contains("[label=\"abcdef\\ng\", "));
    assert!(n.to_mermaid().contains("n_p([\"abcdef<br/>g\"])"));
    if graphviz() {
        render(&n.to_dot()).unwrap();
    }
}

// =====================================================================
// Pictures: properties
// =====================================================================

proptest! {
    #![proptest_config(config(48))]

    /// Pictures of arbitrary valid networks with hostile names: well-formed
    /// DOT strings and Mermaid labels, every name shown as it is, every
    /// relation drawn; neighbourhoods and readiness as computed
    /// independently; the same strings whatever the build order.
    #[test]
    fn pictures_of_hostile_networks_are_well_formed(
        spec in hostile_spec(),
        pick in any::<Index>(),
        depth in 0usize..3,
    ) {
        let n = spec.build();
        check_whole_pictures(&n).map_err(TestCaseError::fail)?;
        let keys: Vec<Key> = n.nodes().map(|(k, _)| k.clone()).collect();
        if !keys.is_empty() {
            let key = pick.get(&keys).clone();
            check_neighbourhood(&n, key.as_str(), depth).map_err(TestCaseError::fail)?;
        }
        let orgs: Vec<Key> = n.organisations().map(|(k, _)| k.clone()).collect();
        for org in &orgs {
            check_readiness(&n, org.as_str(), DAY).map_err(TestCaseError::fail)?;
        }
        // Deterministic: twice the same, and the same built backwards.
        let other = build_reversed(&spec);
        prop_assert_eq!(&other, &n);
        prop_assert_eq!(n.to_dot(), n.to_dot());
        prop_assert_eq!(other.to_dot(), n.to_dot());
        prop_assert_eq!(other.to_mermaid(), n.to_mermaid());
        prop_assert_eq!(other.timeline(), n.timeline());
        if let Some(org) = orgs.first() {
            prop_assert_eq!(
                other.readiness_mermaid(org.as_str(), DAY),
                n.readiness_mermaid(org.as_str(), DAY)
            );
            prop_assert_eq!(
                other.neighbourhood_dot(org.as_str(), depth),
                n.neighbourhood_dot(org.as_str(), depth)
            );
        }
    }

    /// Timelines of arbitrary valid networks are sorted and `timeline_of`
    /// is the timeline filtered by key, after arbitrary accepted changes
    /// too (which add contracts with their signatures, applications and
    /// decisions with their interventions).
    #[test]
    fn timelines_are_sorted_and_filtered((spec, changes) in spec_and_more()) {
        let (n, _) = apply_accepted(&spec.build(), changes);
        let timeline = n.timeline();
        for w in timeline.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            let key = |e: &communs::Event| (e.date, e.at, e.kind, e.keys.clone(), e.description.clone());
            prop_assert!(key(a) <= key(b), "{:?} before {:?}", a, b);
        }
        for (key, _) in n.nodes() {
            let of = n.timeline_of(key.as_str()).unwrap();
            let filtered: Vec<_> = timeline.iter().filter(|e| e.keys.contains(key)).cloned().collect();
            prop_assert_eq!(of, filtered);
        }
    }
}

proptest! {
    #![proptest_config(config(6))]

    /// Graphviz accepts the pictures of a handful of hostile networks.
    #[test]
    fn graphviz_accepts_hostile_pictures(spec in hostile_spec(), depth in 0usize..3) {
        if graphviz() {
            let n = spec.build();
            render(&n.to_dot()).map_err(TestCaseError::fail)?;
            if let Some((org, _)) = n.organisations().next() {
                render(&n.neighbourhood_dot(org.as_str(), depth).unwrap())
                    .map_err(TestCaseError::fail)?;
                render(&n.readiness_dot(org.as_str(), DAY).unwrap())
                    .map_err(TestCaseError::fail)?;
            }
        }
    }
}

// =====================================================================
// Diff
// =====================================================================

/// Applies `a.diff(b)` to `a` and checks it gives `b`, byte for byte.
fn diff_rebuilds(a: &Network, b: &Network) -> Result<(), TestCaseError> {
    let changes = a
        .diff(b)
        .map_err(|e| TestCaseError::fail(format!("diff refused: {e}")))?;
    let mut c = a.clone();
    c.apply_all(changes.clone())
        .map_err(|e| TestCaseError::fail(format!("diff not applicable: {e} in {changes:?}")))?;
    c.check_invariants().map_err(TestCaseError::fail)?;
    prop_assert_eq!(&c, b);
    prop_assert_eq!(json(&c), json(b));
    prop_assert_eq!(c.diff(b), Ok(vec![]));
    Ok(())
}

/// A valid spec, and which of its nodes, relations and removals a smaller
/// network keeps.
fn spec_and_masks() -> impl Strategy<Value = (NetSpec, Vec<bool>, Vec<bool>, Vec<bool>)> {
    valid_spec().prop_flat_map(|spec| {
        let (n, r, x) = (spec.nodes.len(), spec.relations.len(), spec.removed.len());
        (
            Just(spec),
            prop::collection::vec(any::<bool>(), n),
            prop::collection::vec(any::<bool>(), r),
            prop::collection::vec(any::<bool>(), x),
        )
    })
}

/// The part of `spec` the masks keep: relations between kept nodes,
/// removals of kept nodes.
fn part(spec: &NetSpec, nodes: &[bool], relations: &[bool], removed: &[bool]) -> NetSpec {
    let kept: Vec<(Key, Node)> = spec
        .nodes
        .iter()
        .zip(nodes)
        .filter(|(_, keep)| **keep)
        .map(|(n, _)| n.clone())
        .collect();
    let has = |k: &Key| kept.iter().any(|(key, _)| key == k);
    NetSpec {
        relations: spec
            .relations
            .iter()
            .zip(relations)
            .filter(|(r, keep)| **keep && has(&r.from) && has(&r.to))
            .map(|(r, _)| r.clone())
            .collect(),
        removed: spec
            .removed
            .iter()
            .zip(removed)
            .filter(|(k, keep)| **keep && has(k))
            .map(|(k, _)| k.clone())
            .collect(),
        nodes: kept,
    }
}

/// Applies `changes` one by one to `start`, keeping those accepted: the
/// network and the journal of accepted changes.
fn apply_accepted(start: &Network, changes: Vec<Change>) -> (Network, Vec<Change>) {
    let mut n = start.clone();
    let mut journal = Vec::new();
    for c in changes {
        if n.apply(c.clone()).is_ok() {
            journal.push(c);
        }
    }
    (n, journal)
}

fn spec_and_more() -> impl Strategy<Value = (NetSpec, Vec<Change>)> {
    valid_spec().prop_flat_map(|spec| {
        let pool = KeyPool::of(&spec.build());
        (Just(spec), prop::collection::vec(any_change(&pool), 0..24))
    })
}

proptest! {
    #![proptest_config(config(64))]

    /// From a part of a valid network to the whole, the diff rebuilds the
    /// whole; a network's diff with itself is empty; the diff from empty
    /// is a journal that replays.
    #[test]
    fn diff_from_a_part_rebuilds_the_whole(
        (spec, nodes, relations, removed) in spec_and_masks()
    ) {
        let b = spec.build();
        let a = part(&spec, &nodes, &relations, &removed).build();
        diff_rebuilds(&a, &b)?;
        prop_assert_eq!(a.diff(&a), Ok(vec![]));
        prop_assert_eq!(b.diff(&b), Ok(vec![]));
        diff_rebuilds(&Network::new(), &b)?;
        let journal = Network::new().diff(&b).unwrap();
        prop_assert_eq!(Network::replay(journal), Ok(b));
    }

    /// After arbitrary accepted changes (updates, lifecycles moved
    /// forward, removals, relations added and removed), the diff rebuilds
    /// the result.
    #[test]
    fn diff_after_accepted_changes_rebuilds_the_result((spec, changes) in spec_and_more()) {
        let a = spec.build();
        let (b, _) = apply_accepted(&a, changes);
        diff_rebuilds(&a, &b)?;
    }
}

#[test]
fn diff_lists_changes_in_a_safe_order() {
    let a = net([
        add_assoc("anis"),
        add_collective("catalyst"),
        add_person("julien"),
        add_person("old"),
        add_person("leaving"),
        member("julien", "anis", Period::ALWAYS),
        member("leaving", "anis", Period::ALWAYS),
        carries_all("anis", "catalyst"),
    ]);
    // anis becomes a collective: it must stop carrying first. A node that
    // goes is removed first, with its relations when it has some (one
    // change, not one a relation).
    let b = net([
        Change::add(k("anis"), Organisation::new("ANIS", Form::Collective)),
        add_collective("catalyst"),
        add_person("julien"),
        add_assoc("new"),
        member("julien", "anis", Period::since(DAY)),
        carries_all("new", "catalyst"),
        add_person("gone"),
        Change::remove(k("gone")),
        add_person("old"),
        Change::remove(k("old")),
        add_person("leaving"),
        Change::remove(k("leaving")),
    ]);
    let changes = a.diff(&b).unwrap();
    assert_eq!(
        changes,
        [
            Change::remove_with_relations(k("leaving")),
            Change::remove(k("old")),
            Change::unrelate(
                k("anis"),
                k("catalyst"),
                carrying(
                    &[
                        ScopeKind::Administrative,
                        ScopeKind::Financial,
                        ScopeKind::Legal
                    ],
                    Period::ALWAYS,
                )
            ),
            Change::unrelate(
                k("julien"),
                k("anis"),
                communs::Membership::new(
                    communs::Role::Member,
                    communs::Involvement::Active,
                    Period::ALWAYS
                )
            ),
            Change::update(k("anis"), Organisation::new("ANIS", Form::Collective)),
            Change::add(k("new"), Organisation::new("NEW", Form::Association)),
            Change::relate(
                k("julien"),
                k("anis"),
                communs::Membership::new(
                    communs::Role::Member,
                    communs::Involvement::Active,
                    Period::since(DAY)
                )
            ),
            Change::relate(
                k("new"),
                k("catalyst"),
                carrying(
                    &[
                        ScopeKind::Administrative,
                        ScopeKind::Financial,
                        ScopeKind::Legal
                    ],
                    Period::ALWAYS,
                )
            ),
            Change::RetireKey { key: k("gone") },
        ]
    );
    let mut c = a.clone();
    c.apply_all(changes).unwrap();
    assert_eq!(c, b);
    assert_eq!(json(&c), json(&b));
}

#[test]
fn diff_moves_lifecycles_forward() {
    let life = Lifecycle::new(BriqueStatus::Proposed)
        .then(date!(2017 - 11 - 29), BriqueStatus::Planned)
        .unwrap();
    let a = net([add_brique("b", BriqueKind::Coworking, life.clone())]);
    let b = net([add_brique(
        "b",
        BriqueKind::Coworking,
        life.then(date!(2018 - 01 - 09), BriqueStatus::Active)
            .unwrap(),
    )]);
    let changes = a.diff(&b).unwrap();
    assert!(matches!(changes.as_slice(), [Change::UpdateNode { key, .. }] if *key == "b"));
    let mut c = a;
    c.apply_all(changes).unwrap();
    assert_eq!(c, b);
}

#[test]
fn diff_refuses_unreachable_targets() {
    // A key retired in the source, used in the target.
    let a = net([add_person("x"), Change::remove(k("x"))]);
    let b = net([add_person("x")]);
    assert_eq!(a.diff(&b), Err(DiffError::Revived { key: k("x") }));
    // A key that names a node of another kind.
    let a = net([add_person("x"), add_person("y")]);
    let b = net([add_person("y"), add_assoc("x")]);
    assert_eq!(a.diff(&b), Err(DiffError::KindChanged { key: k("x") }));
    // Lifecycles rewritten: another start, another step, a step dropped.
    let planned = Lifecycle::new(BriqueStatus::Proposed)
        .then(date!(2017 - 11 - 29), BriqueStatus::Planned)
        .unwrap();
    let brique =
        |life: Lifecycle<BriqueStatus>| net([add_brique("b", BriqueKind::Coworking, life)]);
    let a = brique(planned.clone());
    for rewritten in [
        Lifecycle::new(BriqueStatus::Planned),
        Lifecycle::new(BriqueStatus::Proposed),
        Lifecycle::new(BriqueStatus::Proposed)
            .then(date!(2017 - 11 - 29), BriqueStatus::Active)
            .unwrap(),
        Lifecycle::new(BriqueStatus::Proposed)
            .then(date!(2017 - 11 - 30), BriqueStatus::Planned)
            .unwrap(),
    ] {
        assert_eq!(
            a.diff(&brique(rewritten)),
            Err(DiffError::LifecycleRewritten { key: k("b") })
        );
    }
    // A decision adopted in the source, pending again in the target.
    let pending = decision(Process::Consent);
    let a = net(with(base(), decides("o", "d", adopted(pending.clone()))));
    let b = net(with(base(), decides("o", "d", pending)));
    assert_eq!(
        a.diff(&b),
        Err(DiffError::LifecycleRewritten { key: k("d") })
    );
    assert!(b.diff(&a).is_ok());
    // A contract and an application moved back.
    let contract = |life| {
        net([Change::add(
            k("c"),
            Contract::new("C", Nature::Moral, Term::from(DAY), life),
        )])
    };
    let signed = Lifecycle::new(ContractStatus::Draft)
        .then(DAY, ContractStatus::Signed)
        .unwrap();
    assert_eq!(
        contract(signed).diff(&contract(Lifecycle::new(ContractStatus::Draft))),
        Err(DiffError::LifecycleRewritten { key: k("c") })
    );
    let application = |life| net([Change::add(k("app"), Application::new("A", "P", DAY, life))]);
    assert_eq!(
        application(Lifecycle::new(ApplicationStatus::Submitted))
            .diff(&application(Lifecycle::new(ApplicationStatus::Drafting))),
        Err(DiffError::LifecycleRewritten { key: k("app") })
    );
    // The error names the key.
    assert_eq!(
        DiffError::Revived { key: k("x") }.to_string(),
        "`x` is retired in the first network but used in the second"
    );
}

/// A target without a node of the source, whose key it does not retire
/// either, or without a key the source retired, is unreachable: keys stay
/// retired for ever.
#[test]
fn diff_refuses_a_target_that_forgets_a_key() {
    let a = net([add_person("x"), add_person("y")]);
    let b = net([add_person("y")]);
    assert_eq!(a.diff(&b), Err(DiffError::Vanished { key: k("x") }));
    let a = net([add_person("x"), Change::remove(k("x"))]);
    assert_eq!(
        a.diff(&Network::new()),
        Err(DiffError::Unretired { key: k("x") })
    );
    // Retired in the target: reachable.
    let a = net([add_person("x"), add_person("y")]);
    let b = net([add_person("y"), add_person("x"), Change::remove(k("x"))]);
    assert_eq!(a.diff(&b), Ok(vec![Change::remove(k("x"))]));
}

proptest! {
    #![proptest_config(config(64))]

    /// Between any two valid networks, the diff is refused or rebuilds the
    /// target exactly.
    #[test]
    fn diff_is_refused_or_exact(a in valid_spec(), b in valid_spec()) {
        let (a, b) = (a.build(), b.build());
        for (x, y) in [(&a, &b), (&b, &a)] {
            if x.diff(y).is_ok() {
                diff_rebuilds(x, y)?;
            }
        }
    }

    /// From the whole back to a part, the diff is refused (the part lacks
    /// nodes or retired keys) or rebuilds the part.
    #[test]
    fn diff_from_the_whole_to_a_part_is_refused_or_exact(
        (spec, nodes, relations, removed) in spec_and_masks()
    ) {
        let b = spec.build();
        let a = part(&spec, &nodes, &relations, &removed).build();
        match b.diff(&a) {
            Ok(_) => diff_rebuilds(&b, &a)?,
            Err(DiffError::Vanished { key }) => {
                prop_assert!(b.contains(key.as_str()) && !a.contains(key.as_str()));
            }
            Err(DiffError::Unretired { key }) => {
                prop_assert!(b.retired_keys().any(|r| *r == key));
                prop_assert!(a.retired_keys().all(|r| *r != key));
            }
            Err(DiffError::Revived { key }) => {
                prop_assert!(b.retired_keys().any(|r| *r == key) && a.contains(key.as_str()));
            }
            Err(e) => prop_assert!(false, "unexpected {}", e),
        }
    }
}

// =====================================================================
// Journal
// =====================================================================

fn through_json(journal: &[Change]) -> Vec<Change> {
    let text = serde_json::to_string(journal).unwrap();
    serde_json::from_str(&text).unwrap()
}

proptest! {
    #![proptest_config(config(64))]

    /// The journal of any accepted change sequence, through JSON, replays
    /// to an equal network, byte for byte.
    #[test]
    fn replaying_a_journal_rebuilds_the_network((spec, more) in spec_and_more()) {
        let built = spec.build();
        let (n, accepted) = apply_accepted(&built, more);
        let mut journal = spec.changes();
        journal.extend(accepted);
        let back = through_json(&journal);
        prop_assert_eq!(&back, &journal);
        let replayed = Network::replay(back).map_err(|e| TestCaseError::fail(e.to_string()))?;
        replayed.check_invariants().map_err(TestCaseError::fail)?;
        prop_assert_eq!(&replayed, &n);
        prop_assert_eq!(json(&replayed), json(&n));
    }

    /// A journal with refused entries stops at the first, with its
    /// position and the error a batch applied to an empty network gives.
    #[test]
    fn replay_refuses_the_first_bad_entry((spec, more) in spec_and_more()) {
        // A journal replays as one transaction: what a batch applied to an
        // empty network gives (checks deferred to commit run at its end).
        let mut n = Network::new();
        let mut journal = spec.changes();
        journal.extend(more);
        let first = n.apply_all(journal.clone()).err().map(JournalError::from);
        let replayed = Network::replay(through_json(&journal));
        match first {
            None => prop_assert_eq!(replayed, Ok(n)),
            Some(e) => {
                prop_assert!(e.position >= spec.changes().len());
                prop_assert_eq!(replayed, Err(e));
            }
        }
    }

    /// A bad entry inserted anywhere in a good journal is refused at its
    /// position.
    #[test]
    fn replay_refuses_an_inserted_bad_entry(
        (spec, more) in spec_and_more(),
        at in any::<Index>(),
        kind in 0u8..3,
    ) {
        let (_, accepted) = apply_accepted(&spec.build(), more);
        let mut journal = spec.changes();
        journal.extend(accepted);
        let position = at.index(journal.len() + 1);
        let (bad, error) = match kind {
            0 => (
                Change::relate(k("zz"), k("zz-2"), Link::Builds),
                ChangeError::UnknownKey { key: k("zz") },
            ),
            1 => (
                Change::update(k("zz"), Person::new("Z")),
                ChangeError::UnknownKey { key: k("zz") },
            ),
            _ => (
                Change::add(k("zz"), Person::new(" \n ")),
                ChangeError::EmptyName { key: k("zz") },
            ),
        };
        journal.insert(position, bad);
        prop_assert_eq!(
            Network::replay(through_json(&journal)),
            Err(JournalError { position, error })
        );
    }
}

#[test]
fn replay_names_the_position_of_the_bad_entry() {
    assert_eq!(
        Network::replay([add_person("a"), add_person("b"), add_assoc("a")]),
        Err(JournalError {
            position: 2,
            error: ChangeError::DuplicateKey { key: k("a") },
        })
    );
    let err =
        Network::replay([add_person("a"), Change::remove(k("a")), add_person("a")]).unwrap_err();
    assert_eq!(
        err,
        JournalError {
            position: 2,
            error: ChangeError::RetiredKey { key: k("a") },
        }
    );
    assert!(
        err.to_string()
            .starts_with("journal entry #2 was refused: "),
        "{err}"
    );
    assert_eq!(
        Network::replay([Change::RetireKey { key: k("a") }, add_person("a")]),
        Err(JournalError {
            position: 1,
            error: ChangeError::RetiredKey { key: k("a") },
        })
    );
    assert_eq!(Network::replay([]), Ok(Network::new()));
}

fn pact_between(a: &str, b: &str) -> Contract {
    Contract::new(
        "Pacte",
        Nature::Moral,
        Term::from(DAY),
        Lifecycle::new(ContractStatus::Active),
    )
    .with_clause(Clause::new(k(a), k(b), Gift::Knowledge("x".into())))
    .with_clause(Clause::new(k(b), k(a), Gift::Knowledge("y".into())))
}

#[test]
fn replay_defers_clause_checks_to_the_end() {
    // A contract journalled before its parties replays.
    let journal = vec![
        Change::add(k("pact"), pact_between("anis", "cafe")),
        add_assoc("anis"),
        add_assoc("cafe"),
        Change::relate(k("anis"), k("pact"), Party::new(Mode::Committing)),
        Change::relate(k("cafe"), k("pact"), Party::new(Mode::Committing)),
    ];
    let n = Network::replay(through_json(&journal)).unwrap();
    assert_eq!(n.relation_count(), 2);
    // A clause naming a non-party: refused at the last entry that touched
    // the contract, not at the end of the journal.
    let journal = vec![
        add_assoc("anis"),
        add_assoc("cafe"),
        Change::add(k("pact"), pact_between("anis", "cafe")),
        Change::relate(k("anis"), k("pact"), Party::new(Mode::Committing)),
        add_person("julien"),
    ];
    assert_eq!(
        Network::replay(through_json(&journal)),
        Err(JournalError {
            position: 3,
            error: ChangeError::ClauseWithoutParty {
                contract: k("pact"),
                party: k("cafe"),
            },
        })
    );
}

#[test]
fn every_change_variant_round_trips_through_json() {
    let nodes: Vec<Node> = vec![
        Person::new("Économie \"des\" communs\n").into(),
        Organisation::new("ANIS", Form::Association).into(),
        in_formation("Chambre").into(),
        Place::new("MESS").with_address("1 rue").into(),
        Territory::new("Lille").priority_area().into(),
        Brique::new(
            "Coworking",
            BriqueKind::Other("x".parse().unwrap()),
            Lifecycle::new(BriqueStatus::Proposed)
                .then(DAY, BriqueStatus::Active)
                .unwrap(),
        )
        .into(),
        pact_between("anis", "cafe").into(),
        dossier().into(),
        discussion().into(),
    ];
    let kinds: BTreeSet<NodeKind> = nodes.iter().map(Node::kind).collect();
    assert_eq!(kinds.len(), NodeKind::ALL.len(), "every node kind");
    let link = |kind: RelationKind| -> Link {
        match kind {
            RelationKind::Carries => carrying(&[ScopeKind::Legal], past()).into(),
            RelationKind::MemberOf => communs::Membership::new(
                communs::Role::Other("x".parse().unwrap()),
                communs::Involvement::Core,
                Period::until(DAY),
            )
            .into(),
            RelationKind::Mandate => communs::Mandate::new(
                communs::Powers::of(&[communs::Act::Sign, communs::Act::File]),
                Period::since(DAY),
            )
            .into(),
            RelationKind::LocatedIn => Link::LocatedIn,
            RelationKind::Runs => Running::new(past()).into(),
            RelationKind::Builds => Link::Builds,
            RelationKind::HostedAt => Link::HostedAt,
            RelationKind::PartyTo => Party::new(Mode::Supporting)
                .signed(DAY, Some(k("julien")))
                .into(),
            RelationKind::Files => Filing::new(Some(k("julien"))).into(),
            RelationKind::Authors => Link::Authors,
            RelationKind::Funds => Link::Funds,
            RelationKind::Targets => Link::Targets,
            RelationKind::Decides => Link::Decides,
            RelationKind::Concerns => Link::Concerns,
            RelationKind::Opens => Link::Opens,
            other => panic!("no sample link for {other:?}"),
        }
    };
    let mut changes: Vec<Change> = Vec::new();
    for node in &nodes {
        changes.push(Change::add(k("a"), node.clone()));
        changes.push(Change::update(k("a"), node.clone()));
    }
    changes.push(Change::remove(k("a")));
    changes.push(Change::remove_with_relations(k("a")));
    for kind in RelationKind::ALL {
        let r = Relation::new(k("a"), k("b"), link(*kind));
        assert_eq!(r.link.kind(), *kind);
        changes.push(Change::AddRelation(r.clone()));
        changes.push(Change::RemoveRelation(r));
    }
    changes.push(Change::RetireKey { key: k("a") });

    let mut tags = BTreeSet::new();
    for change in &changes {
        let text = serde_json::to_string(change).unwrap();
        let back: Change = serde_json::from_str(&text).unwrap();
        assert_eq!(&back, change, "{text}");
        assert_eq!(serde_json::to_string(&back).unwrap(), text);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let object = value.as_object().unwrap();
        assert_eq!(object.len(), 1, "{text}");
        tags.extend(object.keys().cloned());
    }
    assert_eq!(
        tags,
        set(&[
            "add-node",
            "add-relation",
            "remove-node",
            "remove-relation",
            "retire-key",
            "update-node",
        ])
    );
    // Exact forms of the simplest entries.
    assert_eq!(
        serde_json::to_string(&Change::RetireKey { key: k("a") }).unwrap(),
        r#"{"retire-key":{"key":"a"}}"#
    );
    assert_eq!(
        serde_json::to_string(&Change::remove_with_relations(k("a"))).unwrap(),
        r#"{"remove-node":{"key":"a","with-relations":true}}"#
    );
    assert_eq!(
        serde_json::to_string(&Change::relate(k("a"), k("b"), Link::Builds)).unwrap(),
        r#"{"add-relation":{"kind":"builds","from":"a","to":"b"}}"#
    );
    // Unknown fields and invalid keys are refused when reading.
    for bad in [
        r#"{"retire-key":{"key":"a","extra":1}}"#,
        r#"{"retire-key":{"key":"Not a key"}}"#,
        r#"{"rename-node":{"key":"a"}}"#,
    ] {
        assert!(serde_json::from_str::<Change>(bad).is_err(), "{bad}");
    }
}
