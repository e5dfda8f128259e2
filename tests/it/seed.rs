//! The seed scenario: the `anis` example's network, its document, and what
//! the crate answers about it.

use communs::{Act, Network, Rule, Voice};
use time::macros::{date, datetime};

#[path = "../../examples/anis.rs"]
#[allow(dead_code)]
mod anis_example;

fn seed() -> Network {
    let net = anis_example::seed().unwrap();
    net.check_invariants().unwrap();
    net
}

#[test]
fn the_example_and_the_sample_document_are_the_same_network() {
    let doc: Network = serde_json::from_str(include_str!("../../examples/anis.json")).unwrap();
    assert_eq!(seed(), doc);
}

#[test]
fn anis_speaks_for_the_chambre() {
    let voice = seed()
        .voice("chambre-des-communs", date!(2017 - 12 - 01))
        .unwrap();
    assert_eq!(
        voice,
        Voice::Carrier {
            speaker: "anis".parse().unwrap(),
            path: vec![
                "chambre-des-communs".parse().unwrap(),
                "anis".parse().unwrap()
            ]
        }
    );
}

#[test]
fn anis_carries_the_five_collectives() {
    let net = seed();
    let carried: Vec<String> = net
        .carried_by("anis", date!(2017 - 12 - 01))
        .unwrap()
        .iter()
        .map(|c| c.to.to_string())
        .collect();
    assert_eq!(
        carried,
        [
            "assemblee-des-communs",
            "catalyst",
            "chambre-des-communs",
            "retributions-contributives",
            "tiers-lieux"
        ]
    );
    // F4: the Assemblée has been carried for about two years.
    assert!(
        net.carried_by("anis", date!(2015 - 10 - 01))
            .unwrap()
            .iter()
            .all(|c| c.to != "assemblee-des-communs")
    );
    // F3: Catalyst since September 2011.
    assert!(
        net.carriers("catalyst", date!(2011 - 08 - 31))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn anis_may_file_for_the_chambre_through_its_co_presidents() {
    let net = seed();
    let day = date!(2017 - 12 - 01);
    assert!(
        net.may_act("julien-lecaille", Act::File, "chambre-des-communs", day)
            .unwrap()
            .is_granted()
    );
    assert!(
        !net.may_act("laurent-courouble", Act::File, "chambre-des-communs", day)
            .unwrap()
            .is_granted()
    );
}

#[test]
fn the_report_as_of_1_december_2017() {
    let report = seed().validate(datetime!(2017-12-01 12:00 +01:00));
    // What the seed implies (SPEC §6).
    assert!(
        report.has(Rule::RetributionUndefined, &["permanence-mess", "anis"]),
        "{report}"
    );
    assert!(report.has(
        Rule::BlueprintGap,
        &["chambre-des-communs", "permanence-mess"]
    ));
    assert!(report.has(Rule::BlueprintGap, &["chambre-des-communs"])); // no governance body yet
    assert!(report.has(Rule::GovernanceNotPosed, &["chambre-des-communs", "anis"]));
    assert!(report.has(
        Rule::ShortNotice,
        &[
            "loomio-permanence-hessel",
            "dossier-fabrique-a-entreprendre"
        ]
    ));
    for absent in [
        Rule::NeedsCarrier,
        Rule::CarrierBurden,
        Rule::ObjectivesMismatch,
        Rule::IllegitimateDecider,
        Rule::NoSignatory,
        Rule::UnmandatedAct,
        Rule::DeadlineMissed,
        Rule::TerritoryMismatch,
        Rule::UnauthoredApplication,
        Rule::DecisionAfterDeadline,
    ] {
        assert_eq!(report.of_rule(absent).count(), 0, "{absent}: {report}");
    }
    assert!(!report.has_errors(), "{report}");
}

#[test]
fn the_chambre_is_being_built_brique_by_brique() {
    use communs::{BriqueKind, KindState};
    let net = seed();
    let r = net
        .readiness("chambre-des-communs", date!(2017 - 12 - 01))
        .unwrap();
    assert!(!r.governance_posed);
    let active: Vec<&BriqueKind> = r.kinds_in(KindState::Active).collect();
    assert_eq!(
        active,
        [
            &BriqueKind::Coworking,
            &BriqueKind::Workshop,
            &BriqueKind::ReciprocityContracts,
            &BriqueKind::FinancialService
        ]
    );
    assert_eq!(
        r.kinds_in(KindState::Pending).collect::<Vec<_>>(),
        [&BriqueKind::Permanence]
    );
    assert_eq!(
        r.kinds_in(KindState::Missing).collect::<Vec<_>>(),
        [&BriqueKind::GovernanceBody]
    );
}

#[test]
fn anis_files_the_dossier_at_no_cost() {
    use communs::{Authority, Currency, Money};
    let net = seed();
    let day = date!(2017 - 12 - 01);
    let Authority::Granted(g) = net
        .may_act("julien-lecaille", Act::File, "anis", day)
        .unwrap()
    else {
        panic!("Julien Lecaille holds a filing mandate from ANIS")
    };
    assert_eq!(g.path, vec!["anis".parse::<communs::Key>().unwrap()]);
    let exposure = net.exposure("anis", day).unwrap();
    assert_eq!(exposure.limit, Some(Money::zero(Currency::EUR)));
    assert_eq!(
        exposure.totals.get(&Currency::EUR),
        Some(&Money::zero(Currency::EUR))
    );
    assert!(exposure.within_limit());
    // F12: the filer is not among the authors.
    assert_eq!(
        net.filers("dossier-fabrique-a-entreprendre").unwrap(),
        ["anis"]
    );
    let authors: Vec<String> = net
        .relations_of("dossier-fabrique-a-entreprendre")
        .unwrap()
        .iter()
        .filter(|r| r.data.kind() == communs::RelationKind::Authors)
        .map(|r| r.from.to_string())
        .collect();
    assert_eq!(authors, ["laurent-courouble"]);
}

#[test]
fn the_decision_is_public_transparent_and_pending() {
    use communs::{Outcome, Process, Visibility};
    let net = seed();
    let d = net.decision("loomio-permanence-hessel").unwrap();
    assert_eq!(d.process, Process::Transparency);
    assert_eq!(d.visibility, Visibility::Public);
    assert_eq!(d.audience, Some(350));
    assert_eq!(d.opened_at, datetime!(2017-11-29 15:50 +01:00));
    assert_eq!(d.outcome_at(date!(2017 - 12 - 01)), Outcome::Pending);
    assert_eq!(d.open_questions().count(), 0);
    assert_eq!(
        net.decisions_concerning("chambre-des-communs").unwrap(),
        ["loomio-permanence-hessel"]
    );
}
