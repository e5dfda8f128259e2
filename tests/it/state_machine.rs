//! The model-based state-machine test: a reference [`Model`] beside the
//! real [`Network`], driven by the same generated sequence of steps.
//!
//! Each step is a single change, a batch (sometimes with a change that is
//! sure to fail inserted anywhere), or a bundle that adds a contract with
//! its parties or an application with its filer. Changes are drawn by
//! [`any_change`] from the keys the network holds *at that step*, so later
//! changes relate the nodes earlier ones added; about half are refused. A
//! step stores a seed, not its changes: the changes are generated from the
//! seed against the current state, which keeps the sequence reproducible
//! (proptest persists and replays the case) while letting it depend on
//! what earlier steps did.
//!
//! After every step:
//! - the library's verdict is the model's, a refused change or batch left
//!   the network equal and its saved form byte-identical, and an accepted
//!   one left exactly the model's nodes, relations and retired keys
//!   ([`check_batch`]);
//! - every internal invariant holds (`check_invariants`: the key index, the
//!   graph and the hard invariants, rebuilt from scratch);
//! - a few random probes — voice, may-act, carrier chain, readiness,
//!   reciprocity, exposure, with known, unknown, retired and wrong-kind
//!   keys — answer as the model does.
//!
//! Every few steps and at the end, the network is loaded fresh from its
//! document and must be equal, save the same bytes and validate the same
//! way; at the end every organisation, person and contract is probed.
//!
//! `COMMUNS_SM_CASES` (default 256) and `COMMUNS_SM_LEN` (default 64)
//! raise the number of sequences and their length.

use communs::{Act, Authority, Change, Key, Network, Node, NodeKind, QueryError, RelationRef};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::{RngAlgorithm, TestCaseError, TestRng, TestRunner};
use time::{Date, Duration};

use crate::model::Model;
use crate::props::{
    check_authority, check_batch, check_readiness, check_voice, invariants, json, load,
};
use crate::strategy::*;

/// A step of a sequence, before it meets the state it applies to.
#[derive(Debug, Clone)]
struct Step {
    /// What kind of step: a single change, a batch, a bundle.
    shape: Shape,
    /// The seed its changes are generated from.
    seed: u64,
    /// The questions asked after it.
    probes: Vec<Probe>,
}

#[derive(Debug, Clone)]
enum Shape {
    /// One change, applied with `apply`.
    Single,
    /// Several changes applied with `apply_all`; with `Some`, a change
    /// sure to be refused is inserted at that position.
    Batch(usize, Option<Index>),
    /// A contract with clauses among some persons and organisations, and
    /// their `party-to` relations, in one batch.
    Contract,
    /// An application and the organisation that files it, in one batch.
    Application,
}

/// A question, with selectors resolved against the state it meets.
#[derive(Debug, Clone)]
struct Probe {
    what: u8,
    a: Index,
    b: Index,
    act: Index,
    date: Date,
    /// Pick the keys from every key (unknown, retired, of any kind).
    wild: bool,
}

fn step() -> impl Strategy<Value = Step> {
    let shape = prop_oneof![
        10 => Just(Shape::Single),
        3 => (2usize..6, prop::option::weighted(0.3, any::<Index>()))
            .prop_map(|(n, fail)| Shape::Batch(n, fail)),
        2 => Just(Shape::Contract),
        2 => Just(Shape::Application),
    ];
    let probe = (
        0u8..6,
        any::<Index>(),
        any::<Index>(),
        any::<Index>(),
        date(),
        prop::bool::weighted(0.15),
    )
        .prop_map(|(what, a, b, act, date, wild)| Probe {
            what,
            a,
            b,
            act,
            date,
            wild,
        });
    (shape, any::<u64>(), prop::collection::vec(probe, 3)).prop_map(|(shape, seed, probes)| Step {
        shape,
        seed,
        probes,
    })
}

/// Generates one value of `strategy` from `seed`, deterministically.
fn draw<S: Strategy>(strategy: S, seed: u64) -> Result<S::Value, TestCaseError> {
    let bytes: Vec<u8> = std::iter::repeat_n(seed.to_le_bytes(), 4)
        .flatten()
        .collect();
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(proptest::test_runner::Config::default(), rng);
    strategy
        .new_tree(&mut runner)
        .map(|tree| tree.current())
        .map_err(|e| TestCaseError::fail(format!("cannot generate a step: {e}")))
}

/// The changes of a step, against the network as it stands.
fn changes(step: &Step, net: &Network) -> Result<Vec<Change>, TestCaseError> {
    let pool = KeyPool::of(net);
    let fresh = pool.fresh.first().cloned().unwrap_or_else(|| key("n0"));
    let actors: Vec<Key> = pool
        .persons
        .iter()
        .chain(&pool.organisations)
        .cloned()
        .collect();
    match &step.shape {
        Shape::Single if step.seed.is_multiple_of(32) => {
            Ok(vec![draw(unwritable_change(&pool), step.seed)?])
        }
        Shape::Single => Ok(vec![draw(any_change(&pool), step.seed)?]),
        Shape::Batch(n, fail) => {
            let mut batch = draw(prop::collection::vec(any_change(&pool), *n), step.seed)?;
            if let Some(at) = fail {
                batch.insert(at.index(batch.len() + 1), Change::remove(key("zz-never")));
            }
            Ok(batch)
        }
        Shape::Contract if actors.len() >= 2 => {
            let parties = prop::sample::subsequence(actors.clone(), 2..=actors.len().min(4));
            let strategy = parties.prop_flat_map(|parties| {
                let modes = prop::collection::vec(party(&pool), parties.len());
                (any_contract(&pool, &parties), Just(parties), modes)
            });
            let (contract, parties, modes) = draw(strategy, step.seed)?;
            let mut batch = vec![Change::add(fresh.clone(), contract)];
            for (p, mut mode) in parties.into_iter().zip(modes) {
                // Mostly committing, so that reciprocity has circles.
                if !step.seed.is_multiple_of(4) {
                    mode.mode = communs::Mode::Committing;
                }
                batch.push(Change::relate(p, fresh.clone(), mode));
            }
            Ok(batch)
        }
        Shape::Application if !pool.organisations.is_empty() => {
            let strategy = (
                any_application(&pool),
                prop::sample::select(pool.organisations.clone()),
                any_link_in(communs::RelationKind::Files, &pool),
            );
            let (app, filer, filing) = draw(strategy, step.seed)?;
            Ok(vec![
                Change::add(fresh.clone(), app),
                Change::relate(filer, fresh, filing),
            ])
        }
        _ => Ok(vec![draw(any_change(&pool), step.seed)?]),
    }
}

/// Applies a step to the network and the model and checks they agree.
fn apply_step(net: &mut Network, model: &mut Model, batch: &[Change]) -> Result<(), TestCaseError> {
    let before = net.clone();
    let saved = json(&before);
    let got = if let [change] = batch {
        net.apply(change.clone())
            .map_err(|error| communs::BatchError { index: 0, error })
    } else {
        net.apply_all(batch.to_vec())
    };
    check_batch(&before, &saved, batch, got, net, model)
}

/// What a question about `key`, which must be of `kind`, must fail with, if
/// anything.
fn kind_error(model: &Model, key: &str, kind: NodeKind) -> Option<QueryError> {
    match model.kind_of(key) {
        None => Some(QueryError::UnknownKey {
            key: key.to_owned(),
        }),
        Some(found) if found != kind => Some(QueryError::WrongKind {
            key: Key::new(key).expect("a key"),
            expected: kind,
            found,
        }),
        Some(_) => None,
    }
}

fn owned<T: Clone + Into<communs::Link>>(views: &[RelationRef<'_, T>]) -> Vec<communs::Relation> {
    views.iter().map(RelationRef::to_relation).collect()
}

/// Asks one question of the network and of the model and compares.
fn ask(net: &Network, model: &Model, probe: &Probe) -> Result<(), TestCaseError> {
    let pool = KeyPool::of(net);
    let all = pool.all();
    let choose = |keys: &[Key], i: &Index| -> Key {
        let keys = if probe.wild || keys.is_empty() {
            &all
        } else {
            keys
        };
        if keys.is_empty() {
            key("n0")
        } else {
            i.get(keys).clone()
        }
    };
    let d = probe.date;
    let org = choose(&pool.organisations, &probe.a);
    match probe.what {
        0 => {
            let got = net.voice(&org, d);
            match kind_error(model, &org, NodeKind::Organisation) {
                Some(e) => prop_assert_eq!(got, Err(e)),
                None => {
                    let voice = got.expect("an organisation");
                    let expected = model.voice(&org, d);
                    prop_assert_eq!(voice.speaker(), expected.speaker.as_ref(), "{:?}", voice);
                    prop_assert_eq!(voice.path(), expected.path.as_slice());
                    check_voice(net, &org, d)?;
                }
            }
        }
        1 => {
            let person = choose(&pool.persons, &probe.b);
            let act = *probe.act.get(&ACTS);
            let got = net.may_act(&person, act, &org, d);
            let error = kind_error(model, &person, NodeKind::Person)
                .or_else(|| kind_error(model, &org, NodeKind::Organisation));
            match error {
                Some(e) => prop_assert_eq!(got, Err(e)),
                None => check_may_act(net, model, &person, act, &org, d)?,
            }
        }
        2 => {
            let got = net.carrier_chain(&org, d);
            match kind_error(model, &org, NodeKind::Organisation) {
                Some(e) => prop_assert_eq!(got, Err(e)),
                None => prop_assert_eq!(
                    owned(&got.expect("an organisation")),
                    model.carrier_chain(&org, d)
                ),
            }
        }
        3 => match kind_error(model, &org, NodeKind::Organisation) {
            Some(e) => prop_assert_eq!(net.readiness(&org, d).map(|_| ()), Err(e)),
            None => check_readiness(net, model, &org, d)?,
        },
        4 => {
            let contract = choose(&pool.contracts, &probe.b);
            match kind_error(model, &contract, NodeKind::Contract) {
                Some(e) => prop_assert_eq!(net.reciprocity(&contract).map(|_| ()), Err(e)),
                None => check_reciprocity(net, model, &contract)?,
            }
        }
        _ => match kind_error(model, &org, NodeKind::Organisation) {
            Some(e) => prop_assert_eq!(net.exposure(&org, d).map(|_| ()), Err(e)),
            None => check_exposure(net, model, &org, d)?,
        },
    }
    Ok(())
}

/// `may_act` agrees with the model's naive fixpoint: granted exactly when
/// some organisation that can grant the act gave the person a mandate for
/// it at the date; a grant cites such a mandate and such an organisation.
fn check_may_act(
    net: &Network,
    model: &Model,
    person: &Key,
    act: Act,
    org: &Key,
    d: Date,
) -> Result<(), TestCaseError> {
    let granted = check_authority(net, person, act, org, d)?;
    prop_assert_eq!(
        granted,
        model.may_act(person, act, org, d),
        "may {} {:?} for {} on {}?",
        person,
        act,
        org,
        d
    );
    if let Ok(Authority::Granted(g)) = net.may_act(person, act, org, d) {
        let giver = g.path.last().expect("a path");
        prop_assert!(model.givers(org, act, d).contains(giver));
        prop_assert!(
            model
                .mandates_for(person, giver, act, d)
                .contains(&&g.mandate)
        );
    }
    Ok(())
}

fn check_reciprocity(net: &Network, model: &Model, contract: &Key) -> Result<(), TestCaseError> {
    let r = net.reciprocity(contract).expect("a contract");
    let (flows, circles) = model.reciprocity(contract);
    prop_assert_eq!(r.contract, contract);
    let got: Vec<_> = r
        .parties
        .iter()
        .map(|p| {
            (
                p.party.clone(),
                p.mode,
                p.gives.iter().map(|c| (*c).clone()).collect::<Vec<_>>(),
                p.receives.iter().map(|c| (*c).clone()).collect::<Vec<_>>(),
            )
        })
        .collect();
    prop_assert_eq!(got, flows);
    let got: Vec<Vec<Key>> = r
        .circles
        .iter()
        .map(|c| c.iter().map(|k| (*k).clone()).collect())
        .collect();
    prop_assert_eq!(&got, &circles);
    prop_assert_eq!(
        r.is_reciprocal(),
        circles.len() == 1 && circles[0].len() >= 2
    );
    Ok(())
}

fn check_exposure(net: &Network, model: &Model, org: &Key, d: Date) -> Result<(), TestCaseError> {
    let expected = model.exposure(org, d);
    let overflowing: Vec<_> = expected
        .totals
        .iter()
        .filter(|(_, t)| **t > i128::from(i64::MAX))
        .map(|(c, _)| *c)
        .collect();
    match net.exposure(org, d) {
        Err(QueryError::Overflow { key, currency }) => {
            prop_assert_eq!(&key, org);
            prop_assert!(overflowing.contains(&currency), "{} overflows", currency);
        }
        Err(e) => return Err(TestCaseError::fail(format!("exposure of {org}: {e}"))),
        Ok(e) => {
            prop_assert!(overflowing.is_empty(), "{:?} should overflow", expected);
            let totals: Vec<(communs::Currency, i128)> = e
                .totals
                .iter()
                .map(|(c, m)| {
                    prop_assert_eq!(*c, m.currency);
                    Ok((*c, i128::from(m.amount)))
                })
                .collect::<Result<_, TestCaseError>>()?;
            prop_assert_eq!(totals, expected.totals.into_iter().collect::<Vec<_>>());
            prop_assert_eq!(
                e.applications.into_iter().cloned().collect::<Vec<_>>(),
                expected.applications
            );
            let limit = model.nodes.get(org).and_then(|n| match n {
                Node::Organisation(o) => o.burden_limit,
                _ => None,
            });
            prop_assert_eq!(e.limit, limit);
        }
    }
    Ok(())
}

/// The network loaded fresh from its document is equal, saves the same
/// bytes, and validates the same way at `days`.
fn check_fresh_load(net: &Network, days: &[Date]) -> Result<(), TestCaseError> {
    let saved = json(net);
    let loaded = load(&saved)?;
    prop_assert_eq!(&loaded, net);
    prop_assert_eq!(json(&loaded), saved);
    let from_doc = Network::from_document(net.to_document())
        .map_err(|e| TestCaseError::fail(format!("a saved document is refused: {e}")))?;
    invariants(&loaded)?;
    for d in days {
        let as_of = d.midnight().assume_utc() + Duration::hours(12);
        let report = net.validate(as_of);
        prop_assert_eq!(&report, &loaded.validate(as_of));
        prop_assert_eq!(&report, &from_doc.validate(as_of));
    }
    Ok(())
}

/// Every organisation, person and contract, probed at two dates.
fn sweep(net: &Network, model: &Model, days: &[Date]) -> Result<(), TestCaseError> {
    let pool = KeyPool::of(net);
    for &d in days {
        for org in &pool.organisations {
            let voice = net.voice(org, d).expect("an organisation");
            let expected = model.voice(org, d);
            prop_assert_eq!(voice.path(), expected.path.as_slice());
            prop_assert_eq!(
                owned(&net.carrier_chain(org, d).expect("an organisation")),
                model.carrier_chain(org, d)
            );
            check_readiness(net, model, org, d)?;
            check_exposure(net, model, org, d)?;
            for person in &pool.persons {
                for act in ACTS {
                    check_may_act(net, model, person, act, org, d)?;
                }
            }
        }
    }
    for contract in &pool.contracts {
        check_reciprocity(net, model, contract)?;
    }
    Ok(())
}

/// Runs one sequence.
fn run(spec: &NetSpec, steps: &[Step]) -> Result<(), TestCaseError> {
    let mut net = spec.build();
    let mut model = Model::of(&net);
    invariants(&net)?;
    for (i, step) in steps.iter().enumerate() {
        let batch = changes(step, &net)?;
        apply_step(&mut net, &mut model, &batch)
            .map_err(|e| TestCaseError::fail(format!("step {i}: {e}")))?;
        for probe in &step.probes {
            ask(&net, &model, probe)
                .map_err(|e| TestCaseError::fail(format!("step {i}, {probe:?}: {e}")))?;
        }
        if i % 16 == 15 {
            check_fresh_load(&net, &[step.probes[0].date])?;
        }
    }
    let days = probe_dates(&net, &[]);
    let days: Vec<Date> = days
        .iter()
        .step_by(days.len().div_ceil(2).max(1))
        .copied()
        .collect();
    check_fresh_load(&net, &days)?;
    sweep(&net, &model, &days)
}

proptest! {
    #![proptest_config(config(env_or("COMMUNS_SM_CASES", 256)))]

    /// The network and the reference model agree after every step of
    /// sequences of valid and invalid changes, batches and bundles.
    #[test]
    fn the_network_behaves_as_the_reference_model(
        spec in valid_spec(),
        steps in prop::collection::vec(step(), 1..=env_or("COMMUNS_SM_LEN", 64) as usize),
    ) {
        run(&spec, &steps)?;
    }
}
