//! Each rule of this stage fires (rule name, keys) and stays silent.

use communs::{Act, Change, Form, Level, Options, Organisation, Period, Rule, ScopeKind};
use time::macros::{date, datetime};

use crate::common::*;

const AS_OF: time::OffsetDateTime = datetime!(2017-12-01 12:00 +01:00);

#[test]
fn catalogue_names_are_stable_and_round_trip() {
    let names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
    assert_eq!(
        names,
        [
            "empty-membership",
            "governance-not-posed",
            "no-signatory",
            "needs-carrier",
            "carrier-scope",
            "blueprint-gap",
            "retribution-undefined",
            "orphan-brique",
            "non-reciprocal",
            "single-party",
            "legal-capacity",
            "supporting-commits",
            "contract-expired",
            "unmandated-act",
            "filer-not-legal-person",
            "objectives-mismatch",
            "carrier-burden",
            "deadline-missed",
            "unauthored-application",
            "territory-mismatch",
            "decision-after-deadline",
            "short-notice",
            "illegitimate-decider",
            "unresolved-objection",
            "unanswered-question",
            "quorum-not-met",
            "review-overdue"
        ]
    );
    for rule in Rule::ALL {
        assert_eq!(rule.name().parse::<Rule>(), Ok(*rule));
    }
    assert_eq!(Rule::EmptyMembership.default_level(), Level::Note);
    assert_eq!(Rule::GovernanceNotPosed.default_level(), Level::Note);
    assert_eq!(Rule::NoSignatory.default_level(), Level::Warning);
}

#[test]
fn empty_membership_fires_without_members_at_the_date() {
    let n = net([
        add_assoc("a"),
        add_person("p"),
        member(
            "p",
            "a",
            between(date!(2016 - 01 - 01), date!(2016 - 12 - 31)),
        ),
    ]);
    let report = n.validate(AS_OF);
    assert!(report.has(Rule::EmptyMembership, &["a"]));
    let f = report.of_rule(Rule::EmptyMembership).next().unwrap();
    assert_eq!(f.level, Level::Note);
    assert!(f.message().contains("2017-12-01"));
}

#[test]
fn empty_membership_is_silent_with_a_current_member() {
    let n = net([
        add_assoc("a"),
        add_assoc("b"),
        add_person("p"),
        member("p", "a", Period::since(date!(2017 - 12 - 01))),
        member("a", "b", Period::ALWAYS),
    ]);
    let report = n.validate(AS_OF);
    assert_eq!(report.of_rule(Rule::EmptyMembership).count(), 0, "{report}");
    // People, places and territories are not organisations.
    let n = net([add_person("p"), add_place("pl"), add_territory("t")]);
    assert!(n.validate(AS_OF).is_empty());
}

#[test]
fn governance_not_posed_names_the_carrier_that_speaks() {
    let n = net([
        add_assoc("anis"),
        add_in_formation("chambre"),
        carries_all("anis", "chambre"),
    ]);
    let report = n.validate(AS_OF);
    assert!(
        report.has(Rule::GovernanceNotPosed, &["chambre", "anis"]),
        "{report}"
    );
}

#[test]
fn governance_not_posed_without_carrier_names_only_the_institution() {
    let n = net([add_in_formation("chambre")]);
    let report = n.validate(AS_OF);
    assert!(
        report.has(Rule::GovernanceNotPosed, &["chambre"]),
        "{report}"
    );
    // The carrier's period matters: carried only from 2018.
    let n = net([
        add_assoc("anis"),
        add_in_formation("chambre"),
        carries(
            "anis",
            "chambre",
            &[ScopeKind::Administrative],
            Period::since(date!(2018 - 01 - 01)),
        ),
    ]);
    assert!(
        n.validate(AS_OF)
            .has(Rule::GovernanceNotPosed, &["chambre"])
    );
}

#[test]
fn governance_not_posed_is_silent_once_governance_is_established() {
    let mut n = net([
        add_assoc("anis"),
        add_in_formation("chambre"),
        carries_all("anis", "chambre"),
    ]);
    n.apply(Change::update(
        k("chambre"),
        Organisation::new("Chambre", Form::Collective),
    ))
    .unwrap();
    assert_eq!(
        n.validate(AS_OF).of_rule(Rule::GovernanceNotPosed).count(),
        0
    );
}

#[test]
fn no_signatory_fires_for_a_carrier_without_a_current_signing_mandate() {
    let n = net([
        add_assoc("anis"),
        add_collective("catalyst"),
        add_person("p"),
        carries_all("anis", "catalyst"),
        mandate(
            "p",
            "anis",
            &[Act::Sign],
            Period::until(date!(2017 - 11 - 30)),
        ),
        add_person("q"),
        mandate("q", "anis", &[Act::Speak, Act::File], Period::ALWAYS),
    ]);
    let report = n.validate(AS_OF);
    assert!(report.has(Rule::NoSignatory, &["anis"]), "{report}");
    assert_eq!(
        report.of_rule(Rule::NoSignatory).next().unwrap().level,
        Level::Warning
    );
}

#[test]
fn no_signatory_is_silent_with_a_signer_or_without_carrying() {
    let signer = net([
        add_assoc("anis"),
        add_collective("catalyst"),
        add_person("p"),
        carries_all("anis", "catalyst"),
        mandate(
            "p",
            "anis",
            &[Act::Sign],
            Period::since(date!(2017 - 12 - 01)),
        ),
    ]);
    assert_eq!(signer.validate(AS_OF).of_rule(Rule::NoSignatory).count(), 0);
    // A carrier that is itself legally carried can be signed for by its own carrier.
    let nested = net([
        add_assoc("top"),
        add_assoc("mid"),
        add_collective("c"),
        add_person("p"),
        carries("top", "mid", &[ScopeKind::Legal], Period::ALWAYS),
        carries_all("mid", "c"),
        mandate("p", "top", &[Act::Sign], Period::ALWAYS),
    ]);
    assert_eq!(nested.validate(AS_OF).of_rule(Rule::NoSignatory).count(), 0);
    // Carrying that has ended does not make an organisation a carrier.
    let ended = net([
        add_assoc("anis"),
        add_collective("c"),
        carries(
            "anis",
            "c",
            &[ScopeKind::Financial],
            Period::until(date!(2016 - 01 - 01)),
        ),
    ]);
    assert_eq!(ended.validate(AS_OF).of_rule(Rule::NoSignatory).count(), 0);
}

#[test]
fn levels_can_be_overridden_and_rules_allowed() {
    let n = net([add_in_formation("chambre")]);
    let options = Options::new()
        .level(Rule::GovernanceNotPosed, Level::Error)
        .allow(Rule::EmptyMembership)
        .allow(Rule::BlueprintGap);
    let report = n.validate_with(AS_OF, &options);
    assert_eq!(report.len(), 1);
    assert_eq!(report.findings()[0].rule, Rule::GovernanceNotPosed);
    assert_eq!(report.findings()[0].level, Level::Error);
    assert!(report.has_errors());
}

#[test]
fn reports_are_ordered_and_deterministic() {
    let changes = || {
        vec![
            add_in_formation("z-chambre"),
            add_in_formation("a-chambre"),
            add_assoc("m-anis"),
            add_collective("c"),
            carries_all("m-anis", "c"),
        ]
    };
    let mut reversed = changes();
    reversed.reverse();
    // Relations must come after their nodes: move the relation last.
    let rel = reversed.remove(0);
    reversed.push(rel);
    let (a, b) = (net(changes()), net(reversed));
    let options = Options::new().allow(Rule::BlueprintGap);
    let (ra, rb) = (
        a.validate_with(AS_OF, &options),
        b.validate_with(AS_OF, &options),
    );
    assert_eq!(ra, rb);
    assert_eq!(ra.to_string(), rb.to_string());
    let order: Vec<(Level, &str)> = ra
        .findings()
        .iter()
        .map(|f| (f.level, f.keys()[0].as_str()))
        .collect();
    assert_eq!(
        order,
        [
            (Level::Warning, "m-anis"),
            (Level::Note, "a-chambre"),
            (Level::Note, "c"),
            (Level::Note, "m-anis"),
            (Level::Note, "z-chambre"),
            (Level::Note, "a-chambre"),
            (Level::Note, "z-chambre"),
        ]
    );
}

#[test]
fn the_as_of_date_is_read_in_the_instants_own_offset() {
    // 1 Dec 00:30 in Paris is still 30 Nov 23:30 in UTC.
    let n = net([
        add_assoc("a"),
        add_person("p"),
        member("p", "a", Period::since(date!(2017 - 12 - 01))),
    ]);
    let paris = datetime!(2017-12-01 00:30 +01:00);
    assert_eq!(n.validate(paris).of_rule(Rule::EmptyMembership).count(), 0);
    let utc = paris.to_offset(time::UtcOffset::UTC);
    assert!(n.validate(utc).has(Rule::EmptyMembership, &["a"]));
}
