//! Arbitrary sequences of changes and batches, applied to the network and
//! to the reference model of the test suite (`tests/it/model.rs`): after
//! each, the verdicts agree, a refused change left the saved form
//! byte-identical, the invariants hold, the network is the model, and the
//! voice, authority and exposure answers are the model's.
#![no_main]

use arbitrary::{Result, Unstructured};
use communs::{
    Act, Application, ApplicationStatus, Blueprint, Brique, BriqueKind, BriqueStatus, Carrying,
    Change, Clause, Contract, ContractStatus, Currency, Decision, Filing, Form, Gift, Intervention,
    InterventionKind, Involvement, Key, Lifecycle, Link, Mandate, Membership, Mode, Money, Nature,
    Network, Node, Organisation, Outcome, Party, Period, Person, Place, Powers, Process,
    ProcessKind, Relation, RelationKind, Role, Running, Scope, ScopeKind, Statutes, Term,
    Territory,
};
use libfuzzer_sys::fuzz_target;
use time::macros::{date, datetime};
use time::{Date, Duration};

#[path = "../../tests/it/model.rs"]
#[allow(dead_code)]
mod model;

use model::Model;

const KEYS: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];
const FIRST: Date = date!(2015 - 01 - 01);

fn key(u: &mut Unstructured<'_>) -> Result<Key> {
    Ok(Key::new(u.choose(&KEYS)?).expect("a slug"))
}

fn day(u: &mut Unstructured<'_>) -> Result<Date> {
    Ok(FIRST + Duration::days(u.int_in_range(0..=1200)?))
}

fn period(u: &mut Unstructured<'_>) -> Result<Period> {
    let (a, b) = (day(u)?, day(u)?);
    Ok(match u.int_in_range(0..=3)? {
        0 => Period::ALWAYS,
        1 => Period::since(a),
        2 => Period::until(a),
        _ => Period::between(a.min(b), a.max(b)).expect("ordered"),
    })
}

fn money(u: &mut Unstructured<'_>) -> Result<Money> {
    let amount = *u.choose(&[0, 1, 100, 250_000, i64::MAX / 2 + 1, i64::MAX, -1])?;
    let currency = *u.choose(&[Currency::EUR, Currency::new("USD").expect("a code")])?;
    Ok(Money::new(amount, currency))
}

fn name(u: &mut Unstructured<'_>) -> Result<String> {
    Ok((*u.choose(&["Name", "Nom é", "", "  "])?).to_owned())
}

fn node(u: &mut Unstructured<'_>) -> Result<Node> {
    let n = name(u)?;
    Ok(match u.int_in_range(0..=7)? {
        0 => Person::new(n).into(),
        1 => {
            let form = *u.choose(&[Form::Association, Form::Cooperative, Form::Collective])?;
            let mut o = Organisation::new(n, form);
            o = if u.arbitrary()? {
                o.established(Statutes::Formal, ProcessKind::Consent)
            } else {
                let kinds = [BriqueKind::Coworking, BriqueKind::Permanence];
                let b = Blueprint::new(kinds.into_iter().take(u.int_in_range(0..=2)?));
                o.in_formation(if u.arbitrary()? {
                    b.with_governance_body()
                } else {
                    b
                })
            };
            if u.arbitrary()? {
                o = o.with_burden_limit(money(u)?);
            }
            o.into()
        }
        2 => Place::new(n).into(),
        3 => Territory::new(n).into(),
        4 => {
            let kind = u.choose(&[BriqueKind::Coworking, BriqueKind::Permanence])?.clone();
            let status = *u.choose(&[BriqueStatus::Proposed, BriqueStatus::Active])?;
            let mut life = Lifecycle::new(status);
            if u.arbitrary()? {
                life = life
                    .clone()
                    .then(day(u)?, BriqueStatus::Ended)
                    .unwrap_or(life);
            }
            Brique::new(n, kind, life).into()
        }
        5 => {
            let mut c = Contract::new(
                n,
                *u.choose(&[Nature::Moral, Nature::Legal])?,
                Term::from(day(u)?),
                Lifecycle::new(*u.choose(&[ContractStatus::Draft, ContractStatus::Active])?),
            );
            for _ in 0..u.int_in_range(0..=3)? {
                let gift = if u.arbitrary()? {
                    Gift::Knowledge("k".into())
                } else {
                    Gift::Money {
                        amount: money(u)?,
                        frequency: communs::Frequency::Once,
                    }
                };
                c = c.with_clause(Clause::new(key(u)?, key(u)?, gift));
            }
            c.into()
        }
        6 => {
            let mut life = Lifecycle::new(ApplicationStatus::Drafting);
            if u.arbitrary()? {
                let next =
                    *u.choose(&[ApplicationStatus::Submitted, ApplicationStatus::Withdrawn])?;
                life = life.clone().then(day(u)?, next).unwrap_or(life);
            }
            let mut a = Application::new(n, "P", day(u)?, life);
            if u.arbitrary()? {
                a = a.with_burden(money(u)?);
            }
            if u.arbitrary()? {
                a = a.with_funder(key(u)?);
            }
            a.into()
        }
        _ => {
            let process = if u.arbitrary()? {
                Process::Delegated { to: key(u)? }
            } else {
                Process::Consent
            };
            let opened = datetime!(2017-11-29 15:50 +01:00);
            let closes = opened + Duration::hours(u.int_in_range(-1..=48)?);
            let mut d = Decision::new(
                n,
                process,
                opened,
                opened + Duration::days(2),
                Lifecycle::new(Outcome::Pending),
            )
            .expect("closes after it opens");
            d.closes_at = closes;
            for _ in 0..u.int_in_range(0..=2)? {
                let kind = if u.arbitrary()? {
                    InterventionKind::Question
                } else {
                    InterventionKind::AnswerTo(u.int_in_range(0..=2)?)
                };
                d = d.with(Intervention::new(
                    u.int_in_range(0..=2)?,
                    kind,
                    key(u)?,
                    opened,
                ));
            }
            d.into()
        }
    })
}

fn link(u: &mut Unstructured<'_>) -> Result<Link> {
    let kind = *u.choose(RelationKind::ALL)?;
    let scope = Scope::of(
        &[
            ScopeKind::Administrative,
            ScopeKind::Financial,
            ScopeKind::Legal,
        ][..u.int_in_range(0..=3)?],
    );
    let powers: Powers = [Act::Sign, Act::Speak, Act::Decide, Act::File]
        .into_iter()
        .filter(|_| u.arbitrary().unwrap_or(false))
        .collect();
    Ok(match kind {
        RelationKind::Carries => Carrying::new(scope, period(u)?).into(),
        RelationKind::MemberOf => {
            Membership::new(Role::Member, Involvement::Active, period(u)?).into()
        }
        RelationKind::Mandate => Mandate::new(powers, period(u)?).into(),
        RelationKind::Runs => Running::new(period(u)?).into(),
        RelationKind::LocatedIn => Link::LocatedIn,
        RelationKind::Builds => Link::Builds,
        RelationKind::HostedAt => Link::HostedAt,
        RelationKind::PartyTo => {
            let mode = *u.choose(&[Mode::Committing, Mode::Supporting, Mode::NonSignatory])?;
            let p = Party::new(mode);
            if u.arbitrary()? {
                p.signed(day(u)?, Some(key(u)?))
            } else {
                p
            }
            .into()
        }
        RelationKind::Files => {
            Filing::new(if u.arbitrary()? { Some(key(u)?) } else { None }).into()
        }
        RelationKind::Authors => Link::Authors,
        RelationKind::Funds => Link::Funds,
        RelationKind::Targets => Link::Targets,
        RelationKind::Decides => Link::Decides,
        RelationKind::Concerns => Link::Concerns,
        _ => Link::Opens,
    })
}

fn change(u: &mut Unstructured<'_>, model: &Model) -> Result<Change> {
    Ok(match u.int_in_range(0..=9)? {
        0 | 1 => Change::add(key(u)?, node(u)?),
        2 => Change::update(key(u)?, node(u)?),
        3 => Change::RemoveNode {
            key: key(u)?,
            with_relations: u.arbitrary()?,
        },
        4 => Change::RetireKey { key: key(u)? },
        5 if !model.relations.is_empty() => {
            let all: Vec<&Relation> = model.relations.iter().collect();
            Change::RemoveRelation((*u.choose(&all)?).clone())
        }
        _ => Change::AddRelation(Relation {
            from: key(u)?,
            to: key(u)?,
            link: link(u)?,
        }),
    })
}

fn check(net: &Network, model: &Model, u: &mut Unstructured<'_>) -> Result<()> {
    if let Err(e) = net.check_invariants() {
        panic!("invariant broken: {e}");
    }
    assert_eq!(&Model::of(net), model);
    let d = day(u)?;
    for org in KEYS.iter().filter_map(|k| Key::new(k).ok()) {
        if model.kind_of(&org) != Some(communs::NodeKind::Organisation) {
            continue;
        }
        let voice = net.voice(&org, d).expect("an organisation");
        let expected = model.voice(&org, d);
        assert_eq!(voice.speaker(), expected.speaker.as_ref());
        assert_eq!(voice.path(), expected.path.as_slice());
        for person in KEYS.iter().filter_map(|k| Key::new(k).ok()) {
            if model.kind_of(&person) != Some(communs::NodeKind::Person) {
                continue;
            }
            for act in [Act::Sign, Act::Speak, Act::Decide, Act::File] {
                let got = net.may_act(&person, act, &org, d).expect("known keys");
                assert_eq!(
                    got.is_granted(),
                    model.may_act(&person, act, &org, d),
                    "{got}"
                );
            }
        }
        let overflows = model
            .exposure(&org, d)
            .totals
            .values()
            .any(|t| *t > i128::from(i64::MAX));
        assert_eq!(net.exposure(&org, d).is_err(), overflows);
    }
    Ok(())
}

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let mut net = Network::new();
    let mut model = Model::default();
    for _ in 0..64 {
        if u.is_empty() {
            break;
        }
        let mut batch = Vec::new();
        for _ in 0..u.int_in_range(1..=3)? {
            batch.push(change(u, &model)?);
        }
        let saved = serde_json::to_string(&net).expect("saves");
        let got = if let [one] = batch.as_slice() {
            net.apply(one.clone())
                .map_err(|error| communs::BatchError { index: 0, error })
        } else {
            net.apply_all(batch.clone())
        };
        match (got, model.apply_all(&batch)) {
            (Err(e), Err((at, faults))) => {
                assert!(
                    faults.contains(&e.error),
                    "{batch:?}: {e:?} not in {faults:?}"
                );
                assert_eq!(e.index, at.unwrap_or(e.index));
                assert_eq!(serde_json::to_string(&net).expect("saves"), saved);
            }
            (Ok(()), Ok(())) => {}
            (got, expected) => {
                panic!("{batch:?}: the library says {got:?}, the model {expected:?}")
            }
        }
        check(&net, &model, u)?;
    }
    let saved = serde_json::to_string(&net).expect("saves");
    let back: Network = serde_json::from_str(&saved).expect("loads");
    assert_eq!(back, net);
    let as_of = datetime!(2017-12-01 12:00 UTC);
    assert_eq!(back.validate(as_of), net.validate(as_of));
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
