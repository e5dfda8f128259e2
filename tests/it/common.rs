//! Small builders shared by the integration tests.

use communs::{
    Act, Blueprint, BriqueKind, Carrying, Change, Form, Involvement, Key, Mandate, Membership,
    Network, Organisation, Period, Person, Place, Powers, Role, Scope, ScopeKind, Territory,
};
use time::Date;
use time::macros::date;

pub const DAY: Date = date!(2017 - 12 - 01);

pub fn k(s: &str) -> Key {
    Key::new(s).unwrap()
}

pub fn add_person(key: &str) -> Change {
    Change::add(k(key), Person::new(key.to_uppercase()))
}

pub fn add_assoc(key: &str) -> Change {
    Change::add(
        k(key),
        Organisation::new(key.to_uppercase(), Form::Association),
    )
}

pub fn add_collective(key: &str) -> Change {
    Change::add(
        k(key),
        Organisation::new(key.to_uppercase(), Form::Collective),
    )
}

pub fn in_formation(name: &str) -> Organisation {
    Organisation::new(name, Form::Collective).in_formation(Blueprint::new([BriqueKind::Coworking]))
}

pub fn add_in_formation(key: &str) -> Change {
    Change::add(k(key), in_formation(&key.to_uppercase()))
}

pub fn add_place(key: &str) -> Change {
    Change::add(k(key), Place::new(key.to_uppercase()))
}

pub fn add_territory(key: &str) -> Change {
    Change::add(k(key), Territory::new(key.to_uppercase()))
}

pub fn carrying(scope: &[ScopeKind], period: Period) -> Carrying {
    Carrying::new(Scope::of(scope), period)
}

pub fn carries(from: &str, to: &str, scope: &[ScopeKind], period: Period) -> Change {
    Change::relate(k(from), k(to), carrying(scope, period))
}

pub fn carries_all(from: &str, to: &str) -> Change {
    carries(
        from,
        to,
        &[
            ScopeKind::Administrative,
            ScopeKind::Financial,
            ScopeKind::Legal,
        ],
        Period::ALWAYS,
    )
}

pub fn member(from: &str, to: &str, period: Period) -> Change {
    Change::relate(
        k(from),
        k(to),
        Membership::new(Role::Member, Involvement::Active, period),
    )
}

pub fn mandate(from: &str, to: &str, acts: &[Act], period: Period) -> Change {
    Change::relate(k(from), k(to), Mandate::new(Powers::of(acts), period))
}

pub fn located(from: &str, to: &str) -> Change {
    Change::relate(k(from), k(to), communs::Link::LocatedIn)
}

pub fn between(a: Date, b: Date) -> Period {
    Period::between(a, b).unwrap()
}

pub fn net(changes: impl IntoIterator<Item = Change>) -> Network {
    let mut n = Network::new();
    n.apply_all(changes).unwrap();
    n.check_invariants().unwrap();
    n
}

pub fn json(n: &Network) -> String {
    serde_json::to_string(n).unwrap()
}

/// Applies `change`, expects a refusal, and checks the network is untouched.
pub fn refused(n: &mut Network, change: Change) -> communs::ChangeError {
    let before = json(n);
    let copy = n.clone();
    let err = n.apply(change).expect_err("change should be refused");
    assert_eq!(*n, copy);
    assert_eq!(json(n), before);
    n.check_invariants().unwrap();
    err
}

/// Whether a finding of `rule` names `key` among its keys, whatever the
/// others: a check of absence that stays true to its word if a rule's
/// keys change shape.
pub fn names(report: &communs::Report, rule: communs::Rule, key: &str) -> bool {
    report
        .of_rule(rule)
        .any(|f| f.keys().iter().any(|k| k.as_str() == key))
}

/// Applies `change`, expects it accepted, and checks the invariants.
pub fn accepted(n: &mut Network, change: Change) {
    n.apply(change).unwrap();
    n.check_invariants().unwrap();
}
