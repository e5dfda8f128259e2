//! The document form: round trips, and hostile documents each refused with
//! their own error, never a panic.

use communs::{
    ChangeError, Currency, Document, DocumentError, Money, Network, NodeKind, RelationKind,
};

use crate::common::*;

#[derive(Debug)]
enum Fail {
    Syntax(String),
    Doc(DocumentError),
}

fn load(json: &str) -> Result<Network, Fail> {
    let doc: Document = serde_json::from_str(json).map_err(|e| Fail::Syntax(e.to_string()))?;
    let net = Network::try_from(doc).map_err(Fail::Doc)?;
    net.check_invariants().unwrap();
    Ok(net)
}

fn doc_error(json: &str) -> DocumentError {
    match load(json) {
        Err(Fail::Doc(e)) => {
            // Deserialising a Network directly reports the same error.
            let direct = serde_json::from_str::<Network>(json)
                .unwrap_err()
                .to_string();
            assert!(direct.contains(&e.to_string()), "{direct} / {e}");
            e
        }
        other => panic!("expected a document error, got {other:?}"),
    }
}

fn syntax_error(json: &str) -> String {
    match load(json) {
        Err(Fail::Syntax(e)) => e,
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

const BASE: &str = r#"{
  "version": 1,
  "persons": { "p": { "name": "P" } },
  "organisations": {
    "a": { "name": "A", "form": "association", "governance": { "established": { "statutes": "formal", "process": "consent" } } },
    "b": { "name": "B", "form": "association", "governance": { "established": { "statutes": "formal", "process": "vote" } } },
    "x": { "name": "X", "form": "collective", "governance": { "in-formation": { "blueprint": { "kinds": ["coworking", {"other": "garden"}] } } } }
  },
  "places": { "pl": { "name": "Place" } },
  "territories": { "t": { "name": "T", "priority-area": true } },
  "relations": [RELATIONS]
}"#;

fn with(relations: &str) -> String {
    BASE.replace("RELATIONS", relations)
}

const CARRY_AX: &str = r#"{"kind": "carries", "from": "a", "to": "x", "scope": ["administrative"], "since": "2015-11-01"}"#;

#[test]
fn a_valid_document_loads_and_round_trips_byte_for_byte() {
    let json = with(&format!(
        r#"{CARRY_AX}, {{"kind": "member-of", "from": "p", "to": "a", "role": "co-president", "involvement": "core"}},
           {{"kind": "mandate", "from": "p", "to": "a", "powers": ["sign", "file"], "until": "2018-06-30"}},
           {{"kind": "located-in", "from": "pl", "to": "t"}}"#
    ));
    let net = load(&json).unwrap();
    assert_eq!(net.len(), 6);
    assert_eq!(net.relation_count(), 4);
    let saved = serde_json::to_string_pretty(&net).unwrap();
    let again: Network = serde_json::from_str(&saved).unwrap();
    assert_eq!(again, net);
    assert_eq!(serde_json::to_string_pretty(&again).unwrap(), saved);
    assert_eq!(Network::from_document(net.to_document()).unwrap(), net);
}

#[test]
fn the_seed_document_round_trips_byte_for_byte() {
    let text = include_str!("../../examples/anis.json");
    let net: Network = serde_json::from_str(text).unwrap();
    net.check_invariants().unwrap();
    assert_eq!(
        format!("{}\n", serde_json::to_string_pretty(&net).unwrap()),
        text
    );
}

#[test]
fn dangling_keys_are_refused_with_their_position() {
    let err = doc_error(&with(
        r#"{"kind": "member-of", "from": "ghost", "to": "a", "role": "member", "involvement": "core"}"#,
    ));
    assert_eq!(
        err,
        DocumentError::Relation {
            index: 0,
            kind: RelationKind::MemberOf,
            from: k("ghost"),
            to: k("a"),
            error: Box::new(ChangeError::UnknownKey { key: k("ghost") })
        }
    );
    assert!(
        err.to_string()
            .starts_with("relations[0] (member-of `ghost` → `a`)"),
        "{err}"
    );
}

#[test]
fn wrong_endpoint_kinds_are_refused() {
    let err = doc_error(&with(r#"{"kind": "located-in", "from": "pl", "to": "a"}"#));
    assert_eq!(
        err,
        DocumentError::Relation {
            index: 0,
            kind: RelationKind::LocatedIn,
            from: k("pl"),
            to: k("a"),
            error: Box::new(ChangeError::EndpointKinds {
                kind: RelationKind::LocatedIn,
                from: k("pl"),
                from_kind: NodeKind::Place,
                to: k("a"),
                to_kind: NodeKind::Organisation,
            })
        }
    );
}

#[test]
fn carrying_cycles_are_refused() {
    let err = doc_error(&with(
        r#"{"kind": "carries", "from": "a", "to": "b", "scope": ["legal"]},
           {"kind": "carries", "from": "b", "to": "a", "scope": ["financial"]}"#,
    ));
    assert_eq!(
        err,
        DocumentError::Relation {
            index: 1,
            kind: RelationKind::Carries,
            from: k("b"),
            to: k("a"),
            error: Box::new(ChangeError::CarryingCycle {
                from: k("b"),
                to: k("a")
            })
        }
    );
}

#[test]
fn overlapping_administrative_carriers_are_refused() {
    let err = doc_error(&with(&format!(
        r#"{CARRY_AX}, {{"kind": "carries", "from": "b", "to": "x", "scope": ["administrative", "legal"], "since": "2017-01-01"}}"#
    )));
    assert_eq!(
        err,
        DocumentError::Relation {
            index: 1,
            kind: RelationKind::Carries,
            from: k("b"),
            to: k("x"),
            error: Box::new(ChangeError::AdministrativeCarrierOverlap {
                carried: k("x"),
                existing: k("a"),
                new: k("b"),
            })
        }
    );
}

#[test]
fn collectives_cannot_carry_in_documents_either() {
    let err = doc_error(&with(
        r#"{"kind": "carries", "from": "x", "to": "a", "scope": ["legal"]}"#,
    ));
    assert_eq!(
        err,
        DocumentError::Relation {
            index: 0,
            kind: RelationKind::Carries,
            from: k("x"),
            to: k("a"),
            error: Box::new(ChangeError::CarrierNotLegalPerson {
                carrier: k("x"),
                carried: k("a"),
            })
        }
    );
}

#[test]
fn duplicate_relations_are_refused() {
    let err = doc_error(&with(&format!("{CARRY_AX}, {CARRY_AX}")));
    assert_eq!(
        err,
        DocumentError::Relation {
            index: 1,
            kind: RelationKind::Carries,
            from: k("a"),
            to: k("x"),
            error: Box::new(ChangeError::DuplicateRelation {
                kind: RelationKind::Carries,
                from: k("a"),
                to: k("x"),
            })
        }
    );
}

#[test]
fn bad_dates_are_refused() {
    let e = syntax_error(&with(
        r#"{"kind": "carries", "from": "a", "to": "x", "scope": ["legal"], "since": "2017-13-01"}"#,
    ));
    assert!(e.contains("line"), "{e}");
    let e = syntax_error(&with(
        r#"{"kind": "carries", "from": "a", "to": "x", "scope": ["legal"], "since": "1/12/2017"}"#,
    ));
    assert!(e.contains("line"), "{e}");
    let err = doc_error(&with(
        r#"{"kind": "carries", "from": "a", "to": "x", "scope": ["legal"], "since": "2018-01-01", "until": "2017-01-01"}"#,
    ));
    assert!(
        matches!(
            err,
            DocumentError::Period {
                index: 0,
                kind: RelationKind::Carries,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn duplicate_keys_are_refused() {
    // Within a section: JSON objects would silently keep the last one.
    let json = BASE.replace(
        r#""persons": { "p": { "name": "P" } }"#,
        r#""persons": { "p": { "name": "P" }, "p": { "name": "Q" } }"#,
    );
    assert!(syntax_error(&json.replace("RELATIONS", "")).contains("key `p` is listed twice"));
    // Across sections.
    let json = BASE.replace(
        r#""persons": { "p": { "name": "P" } }"#,
        r#""persons": { "a": { "name": "P" } }"#,
    );
    let err = doc_error(&json.replace("RELATIONS", ""));
    assert_eq!(
        err,
        DocumentError::Node {
            kind: NodeKind::Organisation,
            key: k("a"),
            error: Box::new(ChangeError::DuplicateKey { key: k("a") })
        }
    );
    // A scope listed twice.
    let e = syntax_error(&with(
        r#"{"kind": "carries", "from": "a", "to": "x", "scope": ["legal", "legal"]}"#,
    ));
    assert!(e.contains("`legal` is listed twice"), "{e}");
}

/// Nodes are added a batch of 64 at a time, their keys looked up
/// together: a key of an earlier section met again far into a later one,
/// past the first batches, is refused as any duplicate, and a document of
/// many sections and batches loads every node.
#[test]
fn duplicate_keys_are_refused_past_the_first_batches() {
    let org = r#"{"name": "O", "form": "association", "governance": {"established": {"statutes": "formal", "process": "consent"}}}"#;
    let section = |prefix: &str, value: &str, n: usize| {
        (0..n)
            .map(|i| format!(r#""{prefix}-{i:03}": {value}"#))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let document = |organisations: String| {
        format!(
            r#"{{"version": 1, "persons": {{ {} }}, "organisations": {{ {organisations} }}}}"#,
            section("p", r#"{"name": "P"}"#, 200)
        )
    };
    let fine = document(section("o", org, 150));
    let net = load(&fine).unwrap();
    assert_eq!(net.len(), 350);
    assert_eq!(serde_json::from_str::<Network>(&fine).unwrap(), net);
    // `p-150` sorts after the 150 organisations `o-…`: the third batch.
    let twice = document(format!(r#"{}, "p-150": {org}"#, section("o", org, 150)));
    assert_eq!(
        doc_error(&twice),
        DocumentError::Node {
            kind: NodeKind::Organisation,
            key: k("p-150"),
            error: Box::new(ChangeError::DuplicateKey { key: k("p-150") })
        }
    );
}

#[test]
fn retired_keys_are_kept_and_checked() {
    let json = BASE.replace("\"relations\": [RELATIONS]", "\"retired\": [\"gone\"]");
    let net = load(&json).unwrap();
    assert_eq!(
        net.retired_keys().map(|k| k.as_str()).collect::<Vec<_>>(),
        ["gone"]
    );
    let err = doc_error(&BASE.replace("\"relations\": [RELATIONS]", "\"retired\": [\"p\"]"));
    assert_eq!(
        err,
        DocumentError::Node {
            kind: NodeKind::Person,
            key: k("p"),
            error: Box::new(ChangeError::RetiredKey { key: k("p") })
        }
    );
    let err = doc_error(&BASE.replace(
        "\"relations\": [RELATIONS]",
        "\"retired\": [\"gone\", \"gone\"]",
    ));
    assert_eq!(err, DocumentError::DuplicateRetired { key: k("gone") });
}

#[test]
fn unknown_fields_are_refused_everywhere() {
    let top = BASE
        .replace("\"version\": 1,", "\"version\": 1, \"colour\": \"red\",")
        .replace("RELATIONS", "");
    assert!(syntax_error(&top).contains("unknown field `colour`"));
    let node = BASE
        .replace(r#"{ "name": "P" }"#, r#"{ "name": "P", "age": 40 }"#)
        .replace("RELATIONS", "");
    assert!(syntax_error(&node).contains("unknown field `age`"));
    let rel = syntax_error(&with(
        r#"{"kind": "located-in", "from": "pl", "to": "t", "since": "2017-01-01"}"#,
    ));
    assert!(rel.contains("unknown field `since`"), "{rel}");
    let kind = syntax_error(&with(r#"{"kind": "owns", "from": "a", "to": "x"}"#));
    assert!(kind.contains("unknown variant `owns`"), "{kind}");
    let gov = BASE.replace(
        r#""statutes": "formal", "process": "consent""#,
        r#""statutes": "formal", "process": "consent", "board": 3"#,
    );
    assert!(syntax_error(&gov.replace("RELATIONS", "")).contains("unknown field `board`"));
}

#[test]
fn wrong_or_missing_versions_are_refused() {
    let err = doc_error(
        &BASE
            .replace("\"version\": 1", "\"version\": 2")
            .replace("RELATIONS", ""),
    );
    assert_eq!(
        err,
        DocumentError::UnsupportedVersion {
            found: 2,
            supported: 1
        }
    );
    let e = syntax_error(&BASE.replace("\"version\": 1,", "").replace("RELATIONS", ""));
    assert!(e.contains("missing field `version`"), "{e}");
}

#[test]
fn malformed_keys_names_and_values_are_refused() {
    let bad_key = BASE
        .replace(
            r#""p": { "name": "P" }"#,
            r#""Julien Lecaille": { "name": "P" }"#,
        )
        .replace("RELATIONS", "");
    assert!(syntax_error(&bad_key).contains("Julien Lecaille"));
    let empty = BASE
        .replace(r#"{ "name": "P" }"#, r#"{ "name": "" }"#)
        .replace("RELATIONS", "");
    assert_eq!(
        doc_error(&empty),
        DocumentError::Node {
            kind: NodeKind::Person,
            key: k("p"),
            error: Box::new(ChangeError::EmptyName { key: k("p") })
        }
    );
    let currency = BASE
        .replace(r#""name": "A", "form": "association","#, r#""name": "A", "form": "association", "burden-limit": {"amount": 0, "currency": "euro"},"#)
        .replace("RELATIONS", "");
    assert!(syntax_error(&currency).contains("euro"));
}

#[test]
fn garbage_never_panics() {
    for text in [
        "",
        "null",
        "[]",
        "{",
        "{\"version\": -1}",
        "{\"version\": 1, \"relations\": {}}",
        "\u{0}",
        "{\"version\":1,\"organisations\":{\"a\":{}}}",
    ] {
        assert!(load(text).is_err(), "{text:?}");
        assert!(serde_json::from_str::<Network>(text).is_err());
    }
    assert_eq!(load("{\"version\": 1}").unwrap(), Network::new());
}

#[test]
fn a_negative_burden_limit_is_refused_in_documents_too() {
    let json = BASE.replace(
        r#""b": { "name": "B", "form": "association","#,
        r#""b": { "name": "B", "form": "association", "burden-limit": { "amount": -1, "currency": "EUR" },"#,
    );
    let err = doc_error(&json.replace("RELATIONS", ""));
    assert_eq!(
        err,
        DocumentError::Node {
            kind: NodeKind::Organisation,
            key: k("b"),
            error: Box::new(ChangeError::NegativeBurdenLimit {
                key: k("b"),
                limit: Money::new(-1, Currency::new("EUR").unwrap()),
            })
        }
    );
}

#[test]
fn carryings_and_mandates_that_grant_nothing_are_refused_in_documents_too() {
    for (relation, kind, from, to) in [
        (
            r#"{"kind": "carries", "from": "a", "to": "x", "scope": []}"#,
            RelationKind::Carries,
            "a",
            "x",
        ),
        (
            r#"{"kind": "mandate", "from": "p", "to": "a", "powers": []}"#,
            RelationKind::Mandate,
            "p",
            "a",
        ),
    ] {
        assert_eq!(
            doc_error(&with(relation)),
            DocumentError::Relation {
                index: 0,
                kind,
                from: k(from),
                to: k(to),
                error: Box::new(ChangeError::EmptyGrant {
                    kind,
                    from: k(from),
                    to: k(to),
                })
            }
        );
    }
}
