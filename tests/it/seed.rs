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
    assert!(report.has(Rule::GovernanceNotPosed, &["chambre-des-communs", "anis"]));
    assert!(report.has(Rule::EmptyMembership, &["chambre-des-communs"]));
    assert_eq!(report.of_rule(Rule::NoSignatory).count(), 0);
    assert!(!report.has_errors(), "{report}");
}
