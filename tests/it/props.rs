//! Property tests: documents round-trip, generated networks hold every
//! invariant, changes are atomic and refused exactly when an invariant would
//! break, building is order-independent, voice and authority answers are
//! always backed by the relations they cite, and readiness and the brique
//! rules agree with an independent reading of lifecycles and relations.

use std::collections::{BTreeMap, BTreeSet};

use communs::{
    Act, Authority, BatchError, Brique, BriqueKind, BriqueStatus, Carrying, Change, ChangeError,
    DenialReason, Document, Form, Key, KindState, Lifecycle, Link, Mandate, Network, Node,
    NodeKind, Organisation, Period, Person, Relation, RelationKind, RelationRef, Retribution, Rule,
    Scope, Voice,
};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use time::Date;
use time::macros::datetime;

use crate::model::{Model, status_on};
use crate::strategy::*;

pub(crate) fn json(net: &Network) -> String {
    serde_json::to_string(net).expect("a network always saves")
}

pub(crate) fn load(saved: &str) -> Result<Network, TestCaseError> {
    serde_json::from_str(saved)
        .map_err(|e| TestCaseError::fail(format!("a saved network does not load: {e}\n{saved}")))
}

pub(crate) fn invariants(net: &Network) -> Result<(), TestCaseError> {
    net.check_invariants()
        .map_err(|e| TestCaseError::fail(format!("invariant broken: {e}\n{}", json(net))))
}

fn owned_relations(net: &Network) -> Vec<Relation> {
    net.relations().iter().map(|r| r.to_relation()).collect()
}

// ----- the oracle of the hard invariants: the reference model -----

/// Every error that may rightly refuse `change` on `net` on its own
/// (before the checks deferred to commit); empty when it passes them.
fn expected_faults(net: &Network, change: &Change) -> Vec<ChangeError> {
    Model::of(net).faults(change)
}

/// Every error that may rightly refuse adding `r` to `net`.
fn relation_faults(net: &Network, r: &Relation) -> Vec<ChangeError> {
    Model::of(net).relation_faults(r)
}

/// Checks one applied change against the reference model: see
/// [`check_batch`].
fn check_outcome(
    before: &Network,
    saved_before: &str,
    change: &Change,
    result: &Result<(), ChangeError>,
    after: &Network,
) -> Result<(), TestCaseError> {
    let got = result
        .clone()
        .map_err(|error| BatchError { index: 0, error });
    let mut model = Model::of(before);
    check_batch(
        before,
        saved_before,
        std::slice::from_ref(change),
        got,
        after,
        &mut model,
    )
}

/// Checks a batch applied to `before` (saved as `saved_before`), whose
/// result is `got` and which left `after`, against the reference model
/// `model` of `before`: refused exactly when the model refuses it, with one
/// of the errors the model expects, at the position of the first change the
/// model refuses (any position for a check deferred to commit), leaving the
/// network equal and byte-identical; accepted with the model's effect, which
/// `model` then holds. Every invariant holds either way.
pub(crate) fn check_batch(
    before: &Network,
    saved_before: &str,
    batch: &[Change],
    got: Result<(), BatchError>,
    after: &Network,
    model: &mut Model,
) -> Result<(), TestCaseError> {
    invariants(after)?;
    match (got, model.apply_all(batch)) {
        (Err(BatchError { index, error }), Err((at, faults))) => {
            prop_assert!(
                faults.contains(&error),
                "{batch:?} refused with {error:?}; expected one of {faults:?}"
            );
            prop_assert_eq!(index, at.unwrap_or(index), "{:?}", batch);
            prop_assert!(index < batch.len());
            prop_assert_eq!(after, before);
            prop_assert_eq!(json(after), saved_before);
        }
        (Ok(()), Ok(())) => prop_assert_eq!(&Model::of(after), &*model, "after {:?}", batch),
        (got, expected) => {
            return Err(TestCaseError::fail(format!(
                "{batch:?}: the library says {got:?}, the model {expected:?}"
            )));
        }
    }
    Ok(())
}

// ----- voice and authority -----

fn in_formation(net: &Network, org: &Key) -> bool {
    net.organisation(org)
        .is_some_and(|o| !o.governance.is_established())
}

/// Whether `carrier` carries `carried` at `date` with a scope containing `act`'s.
fn carries_for(net: &Network, carried: &Key, carrier: &Key, act: Act, date: Date) -> bool {
    let Some(scope) = act.carrying_scope() else {
        return false;
    };
    owned_relations(net).iter().any(|r| {
        matches!(&r.link, Link::Carries(c) if r.from == *carrier
            && r.to == *carried
            && c.scope.contains(scope)
            && holds(&c.period, date))
    })
}

/// The administrative carrier of `carried` at `date`, read off the
/// relations.
fn admin_carrier_of(net: &Network, carried: &Key, date: Date) -> Option<Key> {
    let found: Vec<Key> = owned_relations(net)
        .into_iter()
        .filter(|r| {
            matches!(&r.link, Link::Carries(c) if r.to == *carried
                && c.is_administrative()
                && holds(&c.period, date))
        })
        .map(|r| r.from)
        .collect();
    assert!(
        found.len() <= 1,
        "{carried} has carriers {found:?} at {date}"
    );
    found.into_iter().next()
}

/// Owned, sorted copies of relation views.
fn owned<T: Clone + Into<Link>>(views: Vec<RelationRef<'_, T>>) -> Vec<Relation> {
    let mut v: Vec<Relation> = views.iter().map(|r| r.to_relation()).collect();
    v.sort();
    v
}

/// The library's carrying and mandate queries at `date` agree with the
/// relations.
pub(crate) fn check_queries(net: &Network, org: &Key, date: Date) -> Result<(), TestCaseError> {
    let relations = owned_relations(net);
    let expected = |kind: RelationKind, incoming: bool| -> Vec<Relation> {
        let mut v: Vec<Relation> = relations
            .iter()
            .filter(|r| {
                r.link.kind() == kind
                    && (if incoming {
                        r.to == *org
                    } else {
                        r.from == *org
                    })
                    && holds(&r.link.period(), date)
            })
            .cloned()
            .collect();
        v.sort();
        v
    };
    prop_assert_eq!(
        owned(net.carriers(org, date).expect("an org")),
        expected(RelationKind::Carries, true)
    );
    prop_assert_eq!(
        owned(net.carried_by(org, date).expect("an org")),
        expected(RelationKind::Carries, false)
    );
    prop_assert_eq!(
        owned(net.mandates(org, date).expect("an org")),
        expected(RelationKind::Mandate, true)
    );
    prop_assert_eq!(
        owned(net.members(org, date).expect("an org")),
        expected(RelationKind::MemberOf, true)
    );
    let admin = net.administrative_carrier(org, date).expect("an org");
    prop_assert_eq!(
        admin.map(|r| r.from.clone()),
        admin_carrier_of(net, org, date)
    );
    Ok(())
}

/// The mandates from `person` to `org`, any date.
fn mandates_between(net: &Network, person: &Key, org: &Key) -> Vec<Mandate> {
    owned_relations(net)
        .into_iter()
        .filter(|r| r.from == *person && r.to == *org)
        .filter_map(|r| match r.link {
            Link::Mandate(m) => Some(m),
            _ => None,
        })
        .collect()
}

pub(crate) fn check_voice(net: &Network, org: &Key, date: Date) -> Result<(), TestCaseError> {
    let voice = net.voice(org, date).expect("an organisation");
    let path = voice.path();
    prop_assert_eq!(path.first(), Some(org), "{:?}", voice);
    let unique: BTreeSet<&Key> = path.iter().collect();
    prop_assert_eq!(unique.len(), path.len(), "a repeated key in {:?}", voice);
    for pair in path.windows(2) {
        let (carried, carrier) = (&pair[0], &pair[1]);
        prop_assert!(in_formation(net, carried), "{carried} speaks for itself");
        let admin = net.administrative_carrier(carried, date).expect("an org");
        prop_assert_eq!(admin.map(|r| r.from), Some(carrier), "{:?}", voice);
        prop_assert_eq!(admin_carrier_of(net, carried, date), Some(carrier.clone()));
    }
    // The voice path follows the carrier chain.
    let chain = net.carrier_chain(org, date).expect("an organisation");
    let along: Vec<&Key> = std::iter::once(org)
        .chain(chain.iter().map(|r| r.from))
        .collect();
    prop_assert!(path.len() <= along.len());
    prop_assert!(path.iter().zip(&along).all(|(a, b)| a == *b));
    let last = path.last().expect("non-empty");
    match &voice {
        Voice::Own { organisation } => {
            prop_assert_eq!(organisation, org);
            prop_assert!(!in_formation(net, org));
        }
        Voice::Carrier { speaker, path } => {
            prop_assert!(path.len() >= 2);
            prop_assert_eq!(speaker, last);
            prop_assert!(!in_formation(net, speaker));
        }
        Voice::Silent { .. } => {
            prop_assert!(in_formation(net, last));
            prop_assert!(
                net.administrative_carrier(last, date)
                    .expect("an org")
                    .is_none()
            );
            prop_assert_eq!(admin_carrier_of(net, last, date), None);
        }
        _ => {}
    }
    prop_assert_eq!(voice.speaker(), voice.speaker().and(Some(last)));
    // The voice is the organisation itself or one of its carriers.
    if let Some(speaker) = voice.speaker() {
        prop_assert!(
            speaker == org || chain.iter().any(|r| r.from == speaker),
            "{speaker} speaks for {org} without carrying it"
        );
    }
    Ok(())
}

pub(crate) fn check_authority(
    net: &Network,
    person: &Key,
    act: Act,
    org: &Key,
    date: Date,
) -> Result<bool, TestCaseError> {
    let answer = net.may_act(person, act, org, date).expect("known keys");
    match answer {
        Authority::Granted(grant) => {
            prop_assert_eq!(&grant.person, person);
            prop_assert_eq!(grant.act, act);
            prop_assert_eq!(&grant.organisation, org);
            prop_assert_eq!(grant.path.first(), Some(org));
            let giver = grant.path.last().expect("non-empty");
            prop_assert!(grant.mandate.powers.contains(act));
            prop_assert!(holds(&grant.mandate.period, date));
            let current = net.mandates(giver, date).expect("an organisation");
            prop_assert!(
                current
                    .iter()
                    .any(|m| m.from == person && *m.data == grant.mandate),
                "{grant:?} cites a mandate that {giver} has not given at {date}"
            );
            // Every step of the path is a carrier with the act's scope, or
            // (speak, decide) the voice of an organisation in formation.
            match act.carrying_scope() {
                Some(_) => {
                    for pair in grant.path.windows(2) {
                        prop_assert!(
                            carries_for(net, &pair[0], &pair[1], act, date),
                            "{grant:?}: {} does not carry {} for {act:?} at {date}",
                            pair[1],
                            pair[0]
                        );
                    }
                }
                None => {
                    // Only the voice grants speaking and deciding.
                    let voice = net.voice(org, date).expect("an organisation");
                    prop_assert_eq!(grant.path.as_slice(), voice.path());
                    prop_assert_eq!(voice.speaker(), Some(giver));
                }
            }
            // A direct mandate is found first (for speaking and deciding,
            // only an organisation with its own voice grants it).
            if (act.carrying_scope().is_some() || !in_formation(net, org))
                && mandates_between(net, person, org)
                    .iter()
                    .any(|m| m.powers.contains(act) && holds(&m.period, date))
            {
                prop_assert_eq!(grant.path.len(), 1);
            }
            Ok(true)
        }
        Authority::Denied(denial) => {
            prop_assert_eq!(&denial.person, person);
            prop_assert_eq!(&denial.organisation, org);
            if act.carrying_scope().is_some() || !in_formation(net, org) {
                prop_assert_eq!(denial.searched.first(), Some(org));
            } else {
                // Speaking and deciding for an organisation in formation:
                // only its voice is searched.
                let voice = net.voice(org, date).expect("an organisation");
                let speaker: Vec<Key> = voice.speaker().cloned().into_iter().collect();
                prop_assert_eq!(&denial.searched, &speaker);
            }
            for searched in &denial.searched {
                prop_assert!(
                    !mandates_between(net, person, searched)
                        .iter()
                        .any(|m| m.powers.contains(act) && holds(&m.period, date)),
                    "{denial:?} but {searched} gave a mandate for it"
                );
            }
            match &denial.reason {
                DenialReason::NoMandate => {
                    for searched in &denial.searched {
                        prop_assert!(
                            mandates_between(net, person, searched)
                                .iter()
                                .all(|m| !holds(&m.period, date) && !m.powers.contains(act)),
                            "{denial:?} but {searched} gave a relevant mandate"
                        );
                    }
                }
                DenialReason::PowerNotGranted {
                    organisation,
                    powers,
                } => {
                    prop_assert!(denial.searched.contains(organisation));
                    prop_assert!(!powers.contains(act));
                    prop_assert!(
                        mandates_between(net, person, organisation)
                            .iter()
                            .any(|m| m.powers == *powers && holds(&m.period, date))
                    );
                }
                DenialReason::OutOfPeriod {
                    organisation,
                    period,
                } => {
                    prop_assert!(denial.searched.contains(organisation));
                    prop_assert!(!holds(period, date));
                    prop_assert!(
                        mandates_between(net, person, organisation)
                            .iter()
                            .any(|m| m.period == *period && m.powers.contains(act))
                    );
                }
                _ => {}
            }
            Ok(false)
        }
    }
}

/// A question to [`Network::may_act`]: person, act, organisation, date.
type Probe = (Key, Act, Key, Date);

/// Every (person, act, organisation, date) probe and whether it is granted.
fn authority_map(net: &Network, dates: &[Date]) -> Result<BTreeMap<Probe, bool>, TestCaseError> {
    let pool = KeyPool::of(net);
    let mut map = BTreeMap::new();
    for p in &pool.persons {
        for o in &pool.organisations {
            for act in ACTS {
                for d in dates {
                    let granted = check_authority(net, p, act, o, *d)?;
                    map.insert((p.clone(), act, o.clone(), *d), granted);
                }
            }
        }
    }
    Ok(map)
}

/// Rebuilds a network from its parts in the given orders: retired keys
/// first (added, then removed), then nodes, then relations.
fn rebuild(retired: &[Key], nodes: &[(Key, Node)], relations: &[Relation]) -> Network {
    let mut net = Network::new();
    let changes = retired
        .iter()
        .flat_map(|k| {
            [
                Change::add(k.clone(), Person::new("gone")),
                Change::remove(k.clone()),
            ]
        })
        .chain(nodes.iter().map(|(k, n)| Change::add(k.clone(), n.clone())))
        .chain(relations.iter().cloned().map(Change::AddRelation));
    if let Err(e) = net.apply_all(changes) {
        panic!("rebuilding a valid network was refused: {e}");
    }
    net
}

// ----- the properties -----

proptest! {
    #![proptest_config(config(128))]

    /// 1. Saving then loading gives an equal network and the same bytes,
    /// through JSON and through the document form.
    #[test]
    fn save_then_load_gives_back_the_network(spec in valid_spec()) {
        let net = spec.build();
        let saved = json(&net);
        let loaded = load(&saved)?;
        prop_assert_eq!(&loaded, &net);
        prop_assert_eq!(json(&loaded), saved.as_str());
        prop_assert_eq!(owned_relations(&loaded), owned_relations(&net));
        prop_assert!(loaded.retired_keys().eq(net.retired_keys()));

        let pretty = serde_json::to_string_pretty(&net).expect("saves");
        prop_assert_eq!(&load(&pretty)?, &net);

        let doc = net.to_document();
        prop_assert_eq!(serde_json::to_string(&doc).expect("saves"), saved.as_str());
        let parsed: Document = serde_json::from_str(&saved).expect("a document");
        prop_assert_eq!(&parsed, &doc);
        let back = Network::from_document(doc.clone()).expect("a valid document");
        prop_assert_eq!(&back, &net);
        prop_assert_eq!(back.to_document(), doc);
        prop_assert_eq!(json(&back), saved);
    }

    /// 2. Every generated network holds every invariant and is what its
    /// spec says.
    #[test]
    fn generated_networks_hold_every_invariant(spec in valid_spec()) {
        let net = match spec.try_build() {
            Ok(net) => net,
            Err(e) => return Err(TestCaseError::fail(format!("valid spec refused: {e}"))),
        };
        invariants(&net)?;
        let removed: BTreeSet<&Key> = spec.removed.iter().collect();
        prop_assert_eq!(net.len(), spec.nodes.len() - removed.len());
        prop_assert!(net.retired_keys().eq(removed.iter().copied()));
        for (k, n) in &spec.nodes {
            prop_assert_eq!(net.node(k), (!removed.contains(k)).then_some(n));
        }
        let kept: BTreeSet<Relation> = spec
            .relations
            .iter()
            .filter(|r| !removed.contains(&r.from) && !removed.contains(&r.to))
            .cloned()
            .collect();
        prop_assert_eq!(owned_relations(&net).into_iter().collect::<BTreeSet<_>>(), kept);
        // Carriers are legal persons; at most one administrative carrier per
        // organisation at every probed date.
        for d in probe_dates(&net, &[]) {
            for (o, _) in net.organisations() {
                let admins = net
                    .carriers(o, d)
                    .expect("an organisation")
                    .iter()
                    .filter(|r| r.data.is_administrative())
                    .count();
                prop_assert!(admins <= 1, "{o} has {admins} administrative carriers at {d}");
                for r in net.carriers(o, d).expect("an organisation") {
                    prop_assert!(net.organisation(r.from).is_some_and(|c| c.form != Form::Collective));
                }
            }
        }
    }

    /// 2'. The plain network strategy gives networks that pass the full
    /// invariant check and compare equal to their clones.
    #[test]
    fn valid_networks_pass_the_invariant_check(net in valid_network()) {
        invariants(&net)?;
        prop_assert_eq!(&net.clone(), &net);
        // At least one organisation was generated, live or removed.
        prop_assert!(net.organisations().count() + net.retired_keys().count() >= 1);
    }

    /// 3. A batch applies whole or not at all, as the reference model
    /// says: refused, the network is equal and saves to the same bytes, the
    /// error is one the model expects and names the first change the model
    /// refuses (for a check deferred to commit, any change of the batch);
    /// accepted, every invariant holds and the result is the model's.
    #[test]
    fn batches_apply_whole_or_not_at_all((spec, batch) in spec_and_changes(1..8)) {
        let before = spec.build();
        let saved = json(&before);
        let mut net = before.clone();
        let got = net.apply_all(batch.clone());
        check_batch(&before, &saved, &batch, got, &net, &mut Model::of(&before))?;
        if net != before {
            prop_assert_eq!(&load(&json(&net))?, &net);
        }
    }

    /// 3''. A long batch of accepted changes (node additions, updates,
    /// removals with relations, relations added and removed) is rolled back
    /// entirely when one change, anywhere in it, is refused; without that
    /// change the batch gives what the changes give one by one.
    #[test]
    fn long_batches_roll_back_entirely(
        (spec, changes) in spec_and_changes(1..48),
        at in any::<Index>(),
    ) {
        let before = spec.build();
        let saved = json(&before);
        let mut stepwise = before.clone();
        let accepted: Vec<Change> = changes
            .into_iter()
            .filter(|c| stepwise.apply(c.clone()).is_ok())
            .collect();
        let mut net = before.clone();
        prop_assert!(net.apply_all(accepted.clone()).is_ok());
        prop_assert_eq!(&net, &stepwise);
        prop_assert_eq!(json(&net), json(&stepwise));
        invariants(&net)?;

        let never = key("zz-never");
        let index = at.index(accepted.len() + 1);
        let mut batch = accepted;
        batch.insert(index, Change::remove(never.clone()));
        let mut net = before.clone();
        prop_assert_eq!(
            net.apply_all(batch),
            Err(BatchError { index, error: ChangeError::UnknownKey { key: never } })
        );
        prop_assert_eq!(&net, &before);
        prop_assert_eq!(json(&net), saved);
        invariants(&net)?;
    }

    /// 3'. A single change is refused exactly when an invariant would break,
    /// and a refused change leaves the network as it was.
    #[test]
    fn single_changes_are_atomic((spec, changes) in spec_and_changes(1..8)) {
        let before = spec.build();
        let saved = json(&before);
        for change in changes {
            let mut net = before.clone();
            let result = net.apply(change.clone());
            check_outcome(&before, &saved, &change, &result, &net)?;
            if result.is_ok() {
                prop_assert_eq!(&load(&json(&net))?, &net);
            }
        }
    }

    /// 4. A long sequence of arbitrary changes, one at a time: every
    /// invariant holds after each, and each refused change leaves the
    /// network byte-identical.
    #[test]
    fn sequences_of_changes_keep_every_invariant((spec, changes) in spec_and_changes(1..64)) {
        let mut net = spec.build();
        for change in changes {
            let before = net.clone();
            let saved = json(&before);
            let result = net.apply(change.clone());
            check_outcome(&before, &saved, &change, &result, &net)?;
        }
        prop_assert_eq!(&load(&json(&net))?, &net);
    }

    /// 5. The same nodes and relations added in two orders give equal
    /// networks, the same bytes and the same report, whatever the number
    /// of threads validation runs on.
    #[test]
    fn building_is_order_independent(
        (net, retired, nodes_a, relations_a, nodes_b, relations_b) in valid_spec().prop_flat_map(|spec| {
            let net = spec.build();
            let nodes: Vec<(Key, Node)> = net.nodes().map(|(k, n)| (k.clone(), n.clone())).collect();
            let relations = owned_relations(&net);
            let retired: Vec<Key> = net.retired_keys().cloned().collect();
            (
                Just(spec),
                Just(retired),
                Just(nodes.clone()).prop_shuffle(),
                Just(relations.clone()).prop_shuffle(),
                Just(nodes).prop_shuffle(),
                Just(relations).prop_shuffle(),
            )
        }).prop_map(|(spec, retired, na, ra, nb, rb)| (spec.build(), retired, na, ra, nb, rb))
    ) {
        let a = rebuild(&retired, &nodes_a, &relations_a);
        let b = rebuild(&retired, &nodes_b, &relations_b);
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(&a, &net);
        prop_assert_eq!(json(&a), json(&b));
        prop_assert_eq!(json(&a), json(&net));
        for as_of in [
            datetime!(2015-06-01 09:00 +01:00),
            datetime!(2016-07-01 12:00 +02:00),
            datetime!(2017-12-01 23:30 -05:00),
        ] {
            let report = a.validate(as_of);
            prop_assert_eq!(&report, &b.validate(as_of));
            prop_assert_eq!(&report, &net.validate(as_of));
            prop_assert_eq!(report.to_string(), b.validate(as_of).to_string());
            // Whatever the number of threads the rules run on.
            for threads in [2, 3, 30] {
                let options = communs::Options::new().threads(threads);
                prop_assert_eq!(&report, &b.validate_with(as_of, &options));
            }
        }
        // Every answer, reasons and paths included, is the same whatever
        // order the relations were stored in.
        let pool = KeyPool::of(&net);
        for d in probe_dates(&net, &[]) {
            for o in &pool.organisations {
                prop_assert_eq!(a.voice(o, d), b.voice(o, d));
                prop_assert_eq!(a.carrier_chain(o, d), b.carrier_chain(o, d));
                prop_assert_eq!(a.readiness(o, d), b.readiness(o, d));
                prop_assert_eq!(a.exposure(o, d), b.exposure(o, d));
                prop_assert_eq!(a.members(o, d), b.members(o, d));
                for p in &pool.persons {
                    for act in ACTS {
                        prop_assert_eq!(a.may_act(p, act, o, d), b.may_act(p, act, o, d));
                    }
                }
            }
        }
    }

    /// 6. An organisation's voice is its own or its administrative
    /// carriers', step by step along the carrier chain at that date.
    #[test]
    fn voice_follows_administrative_carriers(
        spec in valid_spec(),
        extra in prop::collection::vec(date(), 1..3),
    ) {
        let net = spec.build();
        for d in probe_dates(&net, &extra) {
            for (o, _) in net.organisations() {
                check_queries(&net, o, d)?;
                check_voice(&net, o, d)?;
            }
            for (k, n) in net.nodes() {
                if !matches!(n, Node::Organisation(_)) {
                    prop_assert!(net.voice(k, d).is_err());
                }
            }
            prop_assert!(net.voice("n0", d).is_err());
        }
    }

    /// 7. Default deny: every grant cites a mandate the person really holds
    /// at the date, from the end of a legitimate path; nobody without a
    /// mandate is granted anything.
    #[test]
    fn authority_always_comes_from_a_mandate(
        spec in valid_spec(),
        extra in prop::collection::vec(date(), 1..3),
    ) {
        let net = spec.build();
        let dates = probe_dates(&net, &extra);
        let answers = authority_map(&net, &dates)?;
        let holders: BTreeSet<Key> = owned_relations(&net)
            .into_iter()
            .filter(|r| r.link.kind() == RelationKind::Mandate)
            .map(|r| r.from)
            .collect();
        for ((p, act, o, d), granted) in &answers {
            if !holders.contains(p) {
                prop_assert!(!granted, "{p} holds no mandate but may {act:?} for {o} at {d}");
                let answer = net.may_act(p, *act, o, *d).expect("known keys");
                let Authority::Denied(denial) = answer else {
                    return Err(TestCaseError::fail("granted without a mandate"));
                };
                prop_assert_eq!(denial.reason, DenialReason::NoMandate);
            }
        }
    }

    /// 8'. Membership grants nothing: adding or removing a membership (of a
    /// person or of an organisation) leaves every authority answer as it was,
    /// so adding one never removes authority and removing one never adds any.
    #[test]
    fn authority_does_not_depend_on_membership(
        spec in valid_spec(),
        member in any::<Index>(),
        of in any::<Index>(),
        membership in membership(),
        removed in any::<Index>(),
        extra in prop::collection::vec(date(), 1..3),
    ) {
        let net = spec.build();
        let pool = KeyPool::of(&net);
        if pool.organisations.is_empty() {
            return Ok(());
        }
        let dates = probe_dates(&net, &extra);
        let before = authority_map(&net, &dates)?;
        let members: Vec<Key> = pool.persons.iter().chain(&pool.organisations).cloned().collect();
        let added = Relation::new(
            member.get(&members).clone(),
            of.get(&pool.organisations).clone(),
            membership,
        );
        let mut more = net.clone();
        if more.apply(Change::AddRelation(added.clone())).is_ok() {
            prop_assert_eq!(&authority_map(&more, &dates)?, &before, "adding {:?}", added);
        }
        let memberships: Vec<Relation> = pool
            .relations
            .iter()
            .filter(|r| r.link.kind() == RelationKind::MemberOf)
            .cloned()
            .collect();
        if !memberships.is_empty() {
            let gone = removed.get(&memberships).clone();
            let mut fewer = net.clone();
            prop_assert!(fewer.apply(Change::RemoveRelation(gone.clone())).is_ok());
            prop_assert_eq!(&authority_map(&fewer, &dates)?, &before, "removing {:?}", gone);
        }
    }

    /// 8. Adding a mandate never withdraws a grant; removing one never
    /// creates one.
    #[test]
    fn authority_is_monotone_in_mandates(
        spec in valid_spec(),
        holder in any::<Index>(),
        giver in any::<Index>(),
        powers in powers(),
        period in period(),
        removed in any::<Index>(),
        extra in prop::collection::vec(date(), 1..3),
    ) {
        let mut net = spec.build();
        if net.organisations().next().is_none() {
            // Every organisation was removed: nothing to act for.
            return Ok(());
        }
        if KeyPool::of(&net).persons.is_empty() {
            prop_assert!(net.apply(Change::add(key(FRESH[0]), Person::new("Newcomer"))).is_ok());
        }
        let pool = KeyPool::of(&net);
        let dates = probe_dates(&net, &extra);
        let before = authority_map(&net, &dates)?;

        // Adding.
        let mandate = Relation::new(
            holder.get(&pool.persons).clone(),
            giver.get(&pool.organisations).clone(),
            Mandate::new(powers, period),
        );
        let mut more = net.clone();
        let added = more.apply(Change::AddRelation(mandate.clone()));
        prop_assert_eq!(added.is_ok(), relation_faults(&net, &mandate).is_empty());
        if added.is_ok() {
            let after = authority_map(&more, &dates)?;
            for (probe, granted) in &before {
                prop_assert!(!granted || after[probe], "adding {mandate:?} withdrew {probe:?}");
            }
            // Taking it back gives the network back.
            prop_assert!(more.apply(Change::RemoveRelation(mandate)).is_ok());
            prop_assert_eq!(&more, &net);
        }

        // Removing.
        let mandates: Vec<Relation> = pool
            .relations
            .iter()
            .filter(|r| r.link.kind() == RelationKind::Mandate)
            .cloned()
            .collect();
        if !mandates.is_empty() {
            let gone = removed.get(&mandates).clone();
            let mut fewer = net.clone();
            prop_assert!(fewer.apply(Change::RemoveRelation(gone.clone())).is_ok());
            let after = authority_map(&fewer, &dates)?;
            for (probe, granted) in &before {
                prop_assert!(*granted || !after[probe], "removing {gone:?} granted {probe:?}");
            }
            prop_assert!(fewer.apply(Change::AddRelation(gone)).is_ok());
            prop_assert_eq!(&fewer, &net);
        }
    }
}

/// The oracle itself, on a hand-made network: it must expect the refusals
/// the SPEC lists, or the properties above would prove nothing.
#[test]
fn the_oracle_knows_the_invariants() {
    let k = key;
    let mut net = Network::new();
    net.apply_all([
        Change::add(k("a"), Organisation::new("A", Form::Association)),
        Change::add(k("b"), Organisation::new("B", Form::Association)),
        Change::add(k("c"), Organisation::new("C", Form::Collective)),
        Change::add(k("p"), Person::new("P")),
        Change::relate(k("a"), k("b"), Carrying::new(Scope::all(), Period::ALWAYS)),
    ])
    .unwrap();
    let carry = |from: &str, to: &str| {
        Relation::new(k(from), k(to), Carrying::new(Scope::all(), Period::ALWAYS))
    };
    assert_eq!(
        relation_faults(&net, &carry("b", "a")),
        [ChangeError::CarryingCycle {
            from: k("b"),
            to: k("a")
        }]
    );
    assert_eq!(
        relation_faults(&net, &carry("c", "a")),
        [ChangeError::CarrierNotLegalPerson {
            carrier: k("c"),
            carried: k("a")
        }]
    );
    assert!(relation_faults(&net, &carry("b", "c")).is_empty());
    assert_eq!(
        relation_faults(&net, &carry("c", "b")),
        [
            ChangeError::CarrierNotLegalPerson {
                carrier: k("c"),
                carried: k("b")
            },
            ChangeError::AdministrativeCarrierOverlap {
                carried: k("b"),
                existing: k("a"),
                new: k("c")
            }
        ]
    );
    assert_eq!(
        relation_faults(&net, &carry("a", "b")).first(),
        Some(&ChangeError::DuplicateRelation {
            kind: RelationKind::Carries,
            from: k("a"),
            to: k("b")
        })
    );
    assert_eq!(
        relation_faults(&net, &carry("p", "a")),
        [ChangeError::EndpointKinds {
            kind: RelationKind::Carries,
            from: k("p"),
            from_kind: NodeKind::Person,
            to: k("a"),
            to_kind: NodeKind::Organisation
        }]
    );
    assert_eq!(
        expected_faults(&net, &Change::remove(k("a"))),
        [ChangeError::NodeInUse {
            key: k("a"),
            relations: 1
        }]
    );
    assert_eq!(
        expected_faults(
            &net,
            &Change::update(k("a"), Organisation::new("A", Form::Collective))
        ),
        [ChangeError::CarrierNotLegalPerson {
            carrier: k("a"),
            carried: k("b")
        }]
    );
    assert!(expected_faults(&net, &Change::remove_with_relations(k("a"))).is_empty());
    // A relation to itself, a grant of nothing, a circle of memberships.
    assert_eq!(
        relation_faults(&net, &carry("a", "a")),
        [ChangeError::SelfRelation {
            kind: RelationKind::Carries,
            key: k("a")
        }]
    );
    let grant = Relation::new(
        k("p"),
        k("a"),
        Mandate::new(communs::Powers::of(&[]), Period::ALWAYS),
    );
    assert_eq!(
        relation_faults(&net, &grant),
        [ChangeError::EmptyGrant {
            kind: RelationKind::Mandate,
            from: k("p"),
            to: k("a")
        }]
    );
    let member = |from: &str, to: &str| {
        Relation::new(
            k(from),
            k(to),
            communs::Membership::new(
                communs::Role::Member,
                communs::Involvement::Active,
                Period::ALWAYS,
            ),
        )
    };
    assert!(relation_faults(&net, &member("a", "c")).is_empty());
    let mut joined = net.clone();
    joined.apply(Change::AddRelation(member("a", "c"))).unwrap();
    assert_eq!(
        relation_faults(&joined, &member("c", "a")),
        [ChangeError::MembershipCycle {
            from: k("c"),
            to: k("a")
        }]
    );
    // A key in use, a key retired, a decision that closes as it opens.
    assert_eq!(
        expected_faults(&net, &Change::add(k("p"), Person::new("Q"))),
        [ChangeError::DuplicateKey { key: k("p") }]
    );
    assert_eq!(
        expected_faults(&net, &Change::RetireKey { key: k("p") }),
        [ChangeError::DuplicateKey { key: k("p") }]
    );
    let mut retired = net.clone();
    retired.apply(Change::remove(k("p"))).unwrap();
    assert_eq!(
        expected_faults(&retired, &Change::add(k("p"), Person::new("P"))),
        [ChangeError::RetiredKey { key: k("p") }]
    );
    let opened = datetime!(2017-11-29 15:50 +01:00);
    let mut decision = communs::Decision::new(
        "D",
        communs::Process::Transparency,
        opened,
        datetime!(2017-12-01 12:00 +01:00),
        Lifecycle::new(communs::Outcome::Pending),
    )
    .unwrap();
    assert!(expected_faults(&net, &Change::add(k("d"), decision.clone())).is_empty());
    decision.closes_at = opened;
    assert_eq!(
        expected_faults(&net, &Change::add(k("d"), decision)),
        [ChangeError::ClosesBeforeOpening { key: k("d") }]
    );
}

/// The oracle knows the brique invariants too: endpoint kinds of `runs`,
/// `builds` and `hosted-at`, negative amounts, and updates that move a
/// lifecycle back or rewrite it.
#[test]
fn the_oracle_knows_the_brique_invariants() {
    use communs::{Currency, Money, Per, Running};
    use time::macros::date;
    let k = key;
    let (d1, d2) = (date!(2018 - 01 - 09), date!(2018 - 03 - 01));
    let planned_then_active = Lifecycle::new(BriqueStatus::Planned)
        .then(d1, BriqueStatus::Active)
        .unwrap();
    let b = Brique::new("B", BriqueKind::Permanence, planned_then_active.clone());
    let mut net = Network::new();
    net.apply_all([
        Change::add(k("a"), Organisation::new("A", Form::Association)),
        Change::add(k("p"), Person::new("P")),
        Change::add(k("b"), b.clone()),
        Change::relate(k("a"), k("b"), Running::new(Period::ALWAYS)),
    ])
    .unwrap();
    let runs = Relation::new(k("p"), k("b"), Running::new(Period::ALWAYS));
    assert_eq!(
        relation_faults(&net, &runs),
        [ChangeError::EndpointKinds {
            kind: RelationKind::Runs,
            from: k("p"),
            from_kind: NodeKind::Person,
            to: k("b"),
            to_kind: NodeKind::Brique
        }]
    );
    let builds = Relation {
        from: k("a"),
        to: k("b"),
        link: Link::Builds,
    };
    assert!(matches!(
        relation_faults(&net, &builds)[..],
        [ChangeError::EndpointKinds {
            kind: RelationKind::Builds,
            ..
        }]
    ));
    assert!(
        relation_faults(
            &net,
            &Relation {
                from: k("b"),
                to: k("a"),
                link: Link::Builds
            }
        )
        .is_empty()
    );
    assert_eq!(
        relation_faults(
            &net,
            &Relation::new(k("a"), k("b"), Running::new(Period::since(d2)))
        ),
        [ChangeError::DuplicateRelation {
            kind: RelationKind::Runs,
            from: k("a"),
            to: k("b")
        }]
    );
    let amount = Money::new(-1, Currency::EUR);
    let negative = b.clone().with_retribution(Retribution::Defined {
        amount,
        per: Per::Hour,
        payer: "X".into(),
    });
    assert_eq!(
        expected_faults(&net, &Change::update(k("b"), negative)),
        [ChangeError::NegativeAmount {
            key: k("b"),
            amount
        }]
    );
    let back = Brique::new(
        "B",
        BriqueKind::Permanence,
        Lifecycle::new(BriqueStatus::Planned),
    );
    assert_eq!(
        expected_faults(&net, &Change::update(k("b"), back)),
        [ChangeError::LifecycleBackwards {
            key: k("b"),
            from: "active",
            to: "planned"
        }]
    );
    let forward = planned_then_active.then(d2, BriqueStatus::Paused).unwrap();
    assert!(
        expected_faults(
            &net,
            &Change::update(k("b"), Brique::new("B2", BriqueKind::Meeting, forward))
        )
        .is_empty()
    );
    assert_eq!(
        expected_faults(&net, &Change::remove(k("b"))),
        [ChangeError::NodeInUse {
            key: k("b"),
            relations: 1
        }]
    );
}

// ----- briques: an independent reading of readiness and the brique rules -----

fn under_way(s: BriqueStatus) -> bool {
    matches!(
        s,
        BriqueStatus::Planned | BriqueStatus::Active | BriqueStatus::Paused
    )
}

/// Whether retributions involve money that is defined (non-zero), and
/// whether they involve money at all (defined non-zero, or to be defined).
fn money(r: &Retribution) -> (bool, bool) {
    match r {
        Retribution::Defined { amount, .. } => (amount.amount != 0, amount.amount != 0),
        Retribution::ToBeDefined => (false, true),
        _ => (false, false),
    }
}

/// Relations of `kind` whose period holds on `d`.
fn holding(relations: &[Relation], kind: RelationKind, d: Date) -> Vec<&Relation> {
    relations
        .iter()
        .filter(|r| r.link.kind() == kind && holds(&r.link.period(), d))
        .collect()
}

/// What the brique rules should report on `d`, rule by rule, each finding
/// as its list of keys; sorted.
fn expected_brique_findings(net: &Network, d: Date) -> BTreeMap<Rule, Vec<Vec<Key>>> {
    let model = Model::of(net);
    let relations = owned_relations(net);
    let briques: BTreeMap<&Key, &Brique> = net
        .nodes()
        .filter_map(|(k, n)| match n {
            Node::Brique(b) => Some((k, b)),
            _ => None,
        })
        .collect();
    let runners = |b: &Key| -> Vec<Key> {
        let mut v: Vec<Key> = holding(&relations, RelationKind::Runs, d)
            .into_iter()
            .filter(|r| r.to == *b)
            .map(|r| r.from.clone())
            .collect();
        v.sort();
        v
    };
    let mut out: BTreeMap<Rule, Vec<Vec<Key>>> = BTreeMap::new();
    for rule in [
        Rule::BlueprintGap,
        Rule::RetributionUndefined,
        Rule::OrphanBrique,
        Rule::NeedsCarrier,
        Rule::CarrierScope,
    ] {
        out.insert(rule, Vec::new());
    }
    let mut push = |rule: Rule, keys: Vec<Key>| {
        out.entry(rule).or_default().push(keys);
    };
    for (&key, &b) in &briques {
        let status = status_on(&b.lifecycle, d);
        if b.retribution == Retribution::ToBeDefined
            && matches!(status, BriqueStatus::Planned | BriqueStatus::Active)
        {
            push(
                Rule::RetributionUndefined,
                std::iter::once(key.clone()).chain(runners(key)).collect(),
            );
        }
        let builds = relations
            .iter()
            .any(|r| r.link.kind() == RelationKind::Builds && r.from == *key);
        if status != BriqueStatus::Ended && (!builds || runners(key).is_empty()) {
            push(Rule::OrphanBrique, vec![key.clone()]);
        }
    }
    for (o, org) in net.organisations() {
        if !org.is_legal_person() {
            let mut carriers: Vec<(Key, Scope)> = holding(&relations, RelationKind::Carries, d)
                .into_iter()
                .filter(|r| r.to == *o)
                .filter_map(|r| match &r.link {
                    Link::Carries(c) => Some((r.from.clone(), c.scope)),
                    _ => None,
                })
                .collect();
            carriers.sort();
            for run in holding(&relations, RelationKind::Runs, d) {
                if run.from != *o {
                    continue;
                }
                let Some(b) = briques.get(&run.to) else {
                    continue;
                };
                if !under_way(status_on(&b.lifecycle, d)) {
                    continue;
                }
                let (defined, any) = money(&b.retribution);
                if defined && carriers.is_empty() {
                    push(Rule::NeedsCarrier, vec![o.clone(), run.to.clone()]);
                }
                if any
                    && !carriers.is_empty()
                    && carriers
                        .iter()
                        .all(|(_, s)| !s.contains(communs::ScopeKind::Financial))
                {
                    push(
                        Rule::CarrierScope,
                        std::iter::once(o.clone())
                            .chain(carriers.iter().map(|(c, _)| c.clone()))
                            .chain([run.to.clone()])
                            .collect(),
                    );
                }
            }
        }
        for (_, builders) in model.readiness(o, d).1 {
            if !builders.iter().any(|(_, s)| *s == BriqueStatus::Active) {
                push(
                    Rule::BlueprintGap,
                    std::iter::once(o.clone())
                        .chain(builders.into_iter().map(|(k, _)| k))
                        .collect(),
                );
            }
        }
    }
    for findings in out.values_mut() {
        findings.sort();
    }
    out
}

/// The library's readiness of `o` on `d` agrees with the reference model.
pub(crate) fn check_readiness(
    net: &Network,
    model: &Model,
    o: &Key,
    d: Date,
) -> Result<(), TestCaseError> {
    let r = net.readiness(o, d).expect("an organisation");
    let (posed, required, others) = model.readiness(o, d);
    prop_assert_eq!(r.institution, o);
    prop_assert_eq!(r.governance_posed, posed);
    let at = |list: &[communs::BriqueAt<'_>]| -> Vec<(Key, BriqueStatus)> {
        list.iter().map(|b| (b.key.clone(), b.status)).collect()
    };
    let got: Vec<(BriqueKind, Vec<(Key, BriqueStatus)>)> = r
        .required
        .iter()
        .map(|k| (k.kind.clone(), at(&k.briques)))
        .collect();
    prop_assert_eq!(&got, &required, "readiness of {} on {}", o, d);
    prop_assert_eq!(at(&r.others), others, "readiness of {} on {}", o, d);
    let mut all_active = true;
    for (k, (_, builders)) in r.required.iter().zip(&required) {
        for b in &k.briques {
            prop_assert_eq!(Some(b.brique), net.brique(b.key));
        }
        let state = if builders.iter().any(|(_, s)| *s == BriqueStatus::Active) {
            KindState::Active
        } else if builders.iter().any(|(_, s)| *s != BriqueStatus::Ended) {
            KindState::Pending
        } else {
            KindState::Missing
        };
        prop_assert_eq!(k.state(), state);
        all_active &= state == KindState::Active;
    }
    prop_assert_eq!(r.is_ready(), posed && all_active);
    Ok(())
}

proptest! {
    #![proptest_config(config(128))]

    /// 9. Readiness, who runs what, and the brique rules (blueprint-gap,
    /// retribution-undefined, orphan-brique, needs-carrier, carrier-scope)
    /// agree, at every probed date, with an independent reading of the
    /// lifecycles and relations.
    #[test]
    fn brique_answers_agree_with_an_independent_reading(
        spec in valid_spec(),
        extra in prop::collection::vec(date(), 1..3),
    ) {
        let net = spec.build();
        let model = Model::of(&net);
        let relations = owned_relations(&net);
        for d in brique_dates(&net, &extra) {
            for (o, _) in net.organisations() {
                check_readiness(&net, &model, o, d)?;
                let mut run: Vec<Key> = holding(&relations, RelationKind::Runs, d)
                    .into_iter()
                    .filter(|r| r.from == *o)
                    .map(|r| r.to.clone())
                    .collect();
                run.sort();
                let got: Vec<Key> = net
                    .briques_run_by(o, d)
                    .expect("an organisation")
                    .iter()
                    .map(|b| b.key.clone())
                    .collect();
                prop_assert_eq!(got, run);
            }
            for (k, n) in net.nodes() {
                let Node::Brique(b) = n else { continue };
                prop_assert_eq!(b.status_at(d), status_on(&b.lifecycle, d));
                let mut runners: Vec<Key> = holding(&relations, RelationKind::Runs, d)
                    .into_iter()
                    .filter(|r| r.to == *k)
                    .map(|r| r.from.clone())
                    .collect();
                runners.sort();
                let got: Vec<Key> = net
                    .runners(k, d)
                    .expect("a brique")
                    .iter()
                    .map(|r| r.from.clone())
                    .collect();
                prop_assert_eq!(got, runners);
            }
            let report = net.validate(d.midnight().assume_utc());
            for (rule, expected) in expected_brique_findings(&net, d) {
                let mut got: Vec<Vec<Key>> = report.of_rule(rule).map(|f| f.keys().to_vec()).collect();
                got.sort();
                prop_assert_eq!(got, expected, "{} on {}\n{}", rule, d, report);
            }
        }
    }

    /// 10. Each brique, and its schedule, saves and loads on its own to an
    /// equal value and the same bytes; in a document it sits under its key
    /// in `briques`.
    #[test]
    fn briques_round_trip_on_their_own(spec in valid_spec()) {
        let net = spec.build();
        let doc = net.to_document();
        for (k, n) in net.nodes() {
            let Node::Brique(b) = n else { continue };
            let saved = serde_json::to_string(b).expect("a brique saves");
            let loaded: Brique = serde_json::from_str(&saved)
                .map_err(|e| TestCaseError::fail(format!("{e}\n{saved}")))?;
            prop_assert_eq!(&loaded, b);
            prop_assert_eq!(serde_json::to_string(&loaded).expect("saves"), saved);
            if let Some(s) = &b.schedule {
                let saved = serde_json::to_string(s).expect("a schedule saves");
                let loaded: communs::Schedule = serde_json::from_str(&saved)
                    .map_err(|e| TestCaseError::fail(format!("{e}\n{saved}")))?;
                prop_assert_eq!(&loaded, s);
            }
            prop_assert_eq!(doc.briques.0.get(k), Some(b));
        }
    }
}
