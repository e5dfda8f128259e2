//! Hostile input, the CI-safe counterpart of the fuzz targets in `fuzz/`:
//! arbitrary JSON-ish input into document loading, `Change`
//! deserialisation and application, and every question asked with
//! arbitrary arguments. Nothing may panic; whatever loads holds every
//! invariant and round-trips; whatever applies leaves a valid network.
//!
//! The inputs start from valid documents and changes and are mutated, as a
//! fuzzer would: subtrees replaced by random JSON values, entries removed,
//! duplicated or renamed to random strings, values swapped, and the text
//! itself cut, spliced and byte-flipped.

use communs::{Act, Change, Network};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use serde_json::Value;
use time::{Date, Duration};

use crate::props::{invariants, json};
use crate::questions::ask_everything;
use crate::strategy::*;

/// A JSON leaf a fuzzer would try: the document's own words, slugs, dates,
/// instants, extreme numbers, arbitrary text.
fn leaf() -> impl Strategy<Value = Value> {
    let words = prop::sample::select(
        &[
            "carries",
            "member-of",
            "mandate",
            "party-to",
            "files",
            "concerns",
            "association",
            "collective",
            "established",
            "in-formation",
            "administrative",
            "legal",
            "sign",
            "decide",
            "committing",
            "drafting",
            "submitted",
            "adopted",
            "vote",
            "transparency",
            "to-be-defined",
            "EUR",
            "version",
            "relations",
            "retired",
        ][..],
    );
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(&[0i64, 1, -1, i64::MAX, i64::MIN, 1 << 32][..]).prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e300f64..1e300).prop_map(Value::from),
        words.prop_map(Value::from),
        "[a-z0-9-]{0,10}".prop_map(Value::from),
        "-?[0-9]{1,6}-[0-9]{1,2}-[0-9]{1,2}".prop_map(Value::from),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}"
            .prop_map(Value::from),
        "\\PC{0,16}".prop_map(Value::from),
    ]
}

/// Any small JSON value.
fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("\\PC{0,8}|[a-z-]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// One mutation of a JSON tree: what to do, where, and with what.
#[derive(Debug, Clone)]
struct Mutation {
    op: u8,
    at: Index,
    other: Index,
    with: Value,
    name: String,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    (
        0u8..5,
        any::<Index>(),
        any::<Index>(),
        value(),
        "\\PC{0,12}|[a-z-]{1,12}",
    )
        .prop_map(|(op, at, other, with, name)| Mutation {
            op,
            at,
            other,
            with,
            name,
        })
}

/// The paths to every node of a JSON tree (as JSON pointers).
fn paths(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                paths(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let escaped = k.replace('~', "~0").replace('/', "~1");
                paths(item, format!("{at}/{escaped}"), out);
            }
        }
        _ => {}
    }
}

fn mutate(root: &mut Value, m: &Mutation) {
    let mut all = Vec::new();
    paths(root, String::new(), &mut all);
    let target = m.at.get(&all).clone();
    let other = m.other.get(&all).clone();
    let (parent, last) = match target.rfind('/') {
        Some(i) => (target[..i].to_owned(), target[i + 1..].to_owned()),
        None => (String::new(), String::new()),
    };
    match m.op {
        // Replace a subtree.
        0 => {
            if let Some(v) = root.pointer_mut(&target) {
                *v = m.with.clone();
            }
        }
        // Remove it from its parent.
        1 => match root.pointer_mut(&parent) {
            Some(Value::Object(map)) => {
                map.remove(&last.replace("~1", "/").replace("~0", "~"));
            }
            Some(Value::Array(items)) => {
                if let Ok(i) = last.parse::<usize>()
                    && i < items.len()
                {
                    items.remove(i);
                }
            }
            _ => {}
        },
        // Rename it (an object entry) to a random key.
        2 => {
            if let Some(Value::Object(map)) = root.pointer_mut(&parent)
                && let Some(v) = map.remove(&last.replace("~1", "/").replace("~0", "~"))
            {
                map.insert(m.name.clone(), v);
            }
        }
        // Duplicate it into its parent.
        3 => {
            let copy = root.pointer(&target).cloned();
            match (root.pointer_mut(&parent), copy) {
                (Some(Value::Array(items)), Some(v)) => items.push(v),
                (Some(Value::Object(map)), Some(v)) => {
                    map.insert(m.name.clone(), v);
                }
                _ => {}
            }
        }
        // Put another node's value here (unless it contains this one).
        _ => {
            if !other.starts_with(&target)
                && let Some(v) = root.pointer(&other).cloned()
                && let Some(slot) = root.pointer_mut(&target)
            {
                *slot = v;
            }
        }
    }
}

/// A text-level mutation: cut, splice a random string, flip a byte.
fn mutate_text(text: &str, op: u8, at: Index, with: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    let i = at.index(bytes.len() + 1);
    match op {
        0 => bytes.truncate(i),
        1 => {
            bytes.splice(i..i, with.bytes());
        }
        _ => {
            if let Some(b) = bytes.get_mut(i) {
                *b ^= 0x20;
            }
        }
    }
    bytes
}

/// An instant anywhere `time` can hold one.
fn any_date() -> impl Strategy<Value = Date> {
    prop_oneof![
        date(),
        Just(Date::MIN),
        Just(Date::MAX),
        (-3_000_000i64..3_000_000).prop_map(|n| {
            Date::from_julian_day(0).expect("day 0") + Duration::days(n.rem_euclid(5_000_000))
        }),
    ]
}

/// Whatever loads holds every invariant, saves and loads back to an equal
/// network and the same bytes, and answers questions without panicking.
fn check_loaded(net: &Network, a: &str, b: &str, d: Date) -> Result<(), TestCaseError> {
    invariants(net)?;
    let saved = json(net);
    let back: Network = serde_json::from_str(&saved)
        .map_err(|e| TestCaseError::fail(format!("a saved network does not load: {e}")))?;
    prop_assert_eq!(&back, net);
    prop_assert_eq!(json(&back), saved);
    ask_everything(net, a, b, d);
    Ok(())
}

fn doc_and_mutations() -> impl Strategy<Value = (Value, Vec<Mutation>)> {
    (
        valid_spec().prop_map(|spec| serde_json::to_value(spec.build()).expect("saves")),
        prop::collection::vec(mutation(), 1..3),
    )
}

fn seed_document() -> Value {
    serde_json::from_str(include_str!("../../examples/anis.json")).expect("the seed document")
}

proptest! {
    #![proptest_config(config(256))]

    /// Valid documents (generated, or the seed scenario), mutated as a tree:
    /// loading never panics, and whatever loads is valid and round-trips.
    #[test]
    fn mutated_documents_load_or_are_refused_cleanly(
        (doc, mutations) in doc_and_mutations(),
        seed in any::<bool>(),
        a in "\\PC{0,12}|[a-z0-9-]{1,6}",
        b in "[a-z0-9-]{1,6}",
        d in any_date(),
    ) {
        let mut doc = if seed { seed_document() } else { doc };
        for m in &mutations {
            mutate(&mut doc, m);
        }
        if let Ok(net) = serde_json::from_value::<Network>(doc.clone()) {
            check_loaded(&net, &a, &b, d)?;
        }
        let text = doc.to_string();
        if let Ok(net) = serde_json::from_str::<Network>(&text) {
            check_loaded(&net, &a, &b, d)?;
        }
        let _ = serde_json::from_str::<communs::Document>(&text);
    }

    /// Valid documents mutated as text, and arbitrary bytes: loading never
    /// panics.
    #[test]
    fn mutated_text_and_bytes_load_or_are_refused_cleanly(
        spec in valid_spec(),
        edits in prop::collection::vec((0u8..3, any::<Index>(), "\\PC{0,8}|[\\[\\]{}\",:]{1,4}"), 1..4),
        bytes in prop::collection::vec(any::<u8>(), 0..256),
    ) {
        let mut text = json(&spec.build());
        for (op, at, with) in &edits {
            let mutated = mutate_text(&text, *op, *at, with);
            if let Ok(net) = serde_json::from_slice::<Network>(&mutated) {
                check_loaded(&net, "n0", "p0", FIRST_DAY)?;
            }
            text = String::from_utf8_lossy(&mutated).into_owned();
        }
        let _ = serde_json::from_slice::<Network>(&bytes);
        let _ = serde_json::from_slice::<Change>(&bytes);
        let _ = serde_json::from_slice::<Vec<Change>>(&bytes);
    }

    /// Changes, saved as JSON, mutated and read back: reading never panics;
    /// whatever reads applies or is refused without panicking, and the
    /// network stays valid.
    #[test]
    fn mutated_changes_apply_or_are_refused_cleanly(
        (spec, changes) in spec_and_changes(1..8),
        mutations in prop::collection::vec(mutation(), 0..4),
    ) {
        let mut net = spec.build();
        let mut batch = serde_json::to_value(&changes).expect("changes save");
        for m in &mutations {
            mutate(&mut batch, m);
        }
        if let Ok(changes) = serde_json::from_value::<Vec<Change>>(batch.clone()) {
            let before = json(&net);
            if net.apply_all(changes.clone()).is_err() {
                prop_assert_eq!(json(&net), before);
            }
            invariants(&net)?;
            for change in changes {
                let _ = net.apply(change);
                invariants(&net)?;
            }
            let _ = Network::replay(serde_json::from_value::<Vec<Change>>(batch).unwrap_or_default());
        }
        if let Value::Array(items) = batch_of(&mutations) {
            for item in items {
                if let Ok(change) = serde_json::from_value::<Change>(item) {
                    let _ = net.apply(change);
                    invariants(&net)?;
                }
            }
        }
    }

    /// Every question, with arbitrary keys (unknown, malformed, huge,
    /// of the wrong kind) and dates from the whole calendar, on generated
    /// networks and on the seed scenario.
    #[test]
    fn questions_with_arbitrary_arguments_never_panic(
        spec in valid_spec(),
        a in prop_oneof!["\\PC{0,16}", "[a-z0-9-]{1,4}", Just("x".repeat(10_000))],
        b in any::<Index>(),
        d in any_date(),
    ) {
        let net = spec.build();
        let pool = KeyPool::of(&net);
        let keys = pool.all();
        let b = b.get(&keys).to_string();
        ask_everything(&net, &a, &b, d);
        ask_everything(&net, &b, &a, d);
        let seed: Network = serde_json::from_value(seed_document()).expect("the seed loads");
        ask_everything(&seed, &a, "anis", d);
        ask_everything(&seed, "chambre-des-communs", &b, d);
        for act in [Act::Sign, Act::Decide] {
            let _ = seed.may_act("julien-lecaille", act, &a, d);
        }
    }
}

/// Random changes from the mutations' own values: arbitrary JSON read as
/// changes.
fn batch_of(mutations: &[Mutation]) -> Value {
    Value::Array(mutations.iter().map(|m| m.with.clone()).collect())
}
