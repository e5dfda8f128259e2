//! Voice, may-act, carrying and membership questions, on chains of carriers
//! several levels deep with periods that begin and end.

use communs::{
    Act, Authority, Blueprint, Change, DenialReason, Form, NodeKind, Organisation, Period,
    QueryError, ScopeKind, Silence, Voice,
};
use time::macros::date;

use crate::common::*;

const ALL: &[ScopeKind] = &[
    ScopeKind::Administrative,
    ScopeKind::Financial,
    ScopeKind::Legal,
];

/// top (established) carries mid (association in formation) from 2015 to
/// 2018; mid carries low (collective in formation) from 2016; top also
/// carries x (an established collective). p holds a mandate on top.
fn chain() -> communs::Network {
    net([
        add_assoc("top"),
        Change::add(
            k("mid"),
            Organisation::new("Mid", Form::Association).in_formation(Blueprint::default()),
        ),
        add_in_formation("low"),
        add_collective("x"),
        add_person("p"),
        add_person("q"),
        carries(
            "top",
            "mid",
            &[ScopeKind::Administrative, ScopeKind::Legal],
            between(date!(2015 - 01 - 01), date!(2018 - 12 - 31)),
        ),
        carries("mid", "low", ALL, Period::since(date!(2016 - 01 - 01))),
        carries_all("top", "x"),
        mandate(
            "p",
            "top",
            &[Act::Sign, Act::Speak, Act::File],
            between(date!(2017 - 01 - 01), date!(2017 - 06 - 30)),
        ),
        member(
            "q",
            "mid",
            between(date!(2016 - 01 - 01), date!(2016 - 12 - 31)),
        ),
        member("p", "mid", Period::since(date!(2017 - 01 - 01))),
    ])
}

fn keys(v: &[communs::Key]) -> Vec<&str> {
    v.iter().map(|k| k.as_str()).collect()
}

#[test]
fn voice_climbs_the_chain_while_governance_is_in_formation() {
    let n = chain();
    let voice = n.voice("low", date!(2017 - 03 - 01)).unwrap();
    assert_eq!(
        voice,
        Voice::Carrier {
            speaker: k("top"),
            path: vec![k("low"), k("mid"), k("top")]
        }
    );
    assert_eq!(
        n.voice("x", date!(2017 - 03 - 01)).unwrap(),
        Voice::Own {
            organisation: k("x")
        }
    );
    assert_eq!(
        n.voice("top", date!(2017 - 03 - 01)).unwrap().path(),
        [k("top")]
    );
}

#[test]
fn voice_falls_silent_before_and_after_carrying() {
    let n = chain();
    // Before mid carries low.
    let before = n.voice("low", date!(2015 - 12 - 31)).unwrap();
    assert_eq!(
        before,
        Voice::Silent {
            path: vec![k("low")],
            reason: Silence::NoCarrier {
                organisation: k("low")
            }
        }
    );
    // After top stops carrying mid.
    let after = n.voice("low", date!(2019 - 01 - 01)).unwrap();
    assert_eq!(
        after,
        Voice::Silent {
            path: vec![k("low"), k("mid")],
            reason: Silence::NoCarrier {
                organisation: k("mid")
            }
        }
    );
    assert_eq!(after.speaker(), None);
}

#[test]
fn may_act_follows_mandates_through_carriers() {
    let n = chain();
    let day = date!(2017 - 03 - 01);
    for act in [Act::Sign, Act::Speak, Act::File] {
        let Authority::Granted(g) = n.may_act("p", act, "low", day).unwrap() else {
            panic!("{act} should be granted")
        };
        assert_eq!(keys(&g.path), ["low", "mid", "top"]);
        assert_eq!(
            g.mandate.period,
            between(date!(2017 - 01 - 01), date!(2017 - 06 - 30))
        );
    }
    // Decide is in no mandate.
    let Authority::Denied(d) = n.may_act("p", Act::Decide, "low", day).unwrap() else {
        panic!()
    };
    assert_eq!(keys(&d.searched), ["top"]);
    assert!(
        matches!(d.reason, DenialReason::PowerNotGranted { ref organisation, .. } if organisation == "top")
    );
}

#[test]
fn may_act_ends_with_the_mandate_and_with_the_carrying() {
    let n = chain();
    let Authority::Denied(d) = n
        .may_act("p", Act::Sign, "low", date!(2017 - 07 - 01))
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(
        d.reason,
        DenialReason::OutOfPeriod {
            organisation: k("top"),
            period: between(date!(2017 - 01 - 01), date!(2017 - 06 - 30))
        }
    );
    assert!(
        n.may_act("p", Act::Sign, "low", date!(2017 - 06 - 30))
            .unwrap()
            .is_granted()
    );
    // Before mid carried low, nothing reaches low.
    let Authority::Denied(d) = n
        .may_act("p", Act::Sign, "low", date!(2015 - 06 - 01))
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(keys(&d.searched), ["low"]);
    assert_eq!(d.reason, DenialReason::NoMandate);
}

#[test]
fn each_act_passes_only_through_its_scope() {
    // top carries mid for administration only: filing passes, signing does not.
    let n = net([
        add_assoc("top"),
        add_in_formation("mid"),
        add_person("p"),
        carries("top", "mid", &[ScopeKind::Administrative], Period::ALWAYS),
        mandate(
            "p",
            "top",
            &[Act::Sign, Act::File, Act::Speak],
            Period::ALWAYS,
        ),
    ]);
    assert!(n.may_act("p", Act::File, "mid", DAY).unwrap().is_granted());
    assert!(n.may_act("p", Act::Speak, "mid", DAY).unwrap().is_granted());
    let Authority::Denied(d) = n.may_act("p", Act::Sign, "mid", DAY).unwrap() else {
        panic!()
    };
    assert_eq!(keys(&d.searched), ["mid"]);
}

#[test]
fn a_carrier_does_not_speak_for_an_established_organisation() {
    let n = chain();
    let day = date!(2017 - 03 - 01);
    let Authority::Denied(d) = n.may_act("p", Act::Speak, "x", day).unwrap() else {
        panic!()
    };
    assert_eq!(keys(&d.searched), ["x"]);
    // ...but it signs and files for it, within its scope.
    assert!(n.may_act("p", Act::Sign, "x", day).unwrap().is_granted());
    // A direct mandate from x does give the voice.
    let mut n = n;
    n.apply(mandate("q", "x", &[Act::Speak], Period::ALWAYS))
        .unwrap();
    let Authority::Granted(g) = n.may_act("q", Act::Speak, "x", day).unwrap() else {
        panic!()
    };
    assert_eq!(keys(&g.path), ["x"]);
}

#[test]
fn authority_is_denied_by_default() {
    let n = chain();
    for act in [Act::Sign, Act::Speak, Act::Decide, Act::File] {
        for org in ["top", "mid", "low", "x"] {
            assert!(
                !n.may_act("q", act, org, date!(2017 - 03 - 01))
                    .unwrap()
                    .is_granted(),
                "{act} {org}"
            );
        }
    }
}

#[test]
fn questions_check_the_kinds_of_their_keys() {
    let n = chain();
    assert_eq!(
        n.voice("ghost", DAY),
        Err(QueryError::UnknownKey {
            key: "ghost".into()
        })
    );
    assert_eq!(
        n.voice("p", DAY),
        Err(QueryError::WrongKind {
            key: k("p"),
            expected: NodeKind::Organisation,
            found: NodeKind::Person
        })
    );
    assert_eq!(
        n.may_act("top", Act::Sign, "mid", DAY),
        Err(QueryError::WrongKind {
            key: k("top"),
            expected: NodeKind::Person,
            found: NodeKind::Organisation
        })
    );
    assert!(n.may_act("p", Act::Sign, "q", DAY).is_err());
    assert!(n.members("Not A Key", DAY).is_err());
}

#[test]
fn carrier_chain_and_carried_by_follow_the_dates() {
    let n = chain();
    let chain = n.carrier_chain("low", date!(2017 - 03 - 01)).unwrap();
    let pairs: Vec<(&str, &str)> = chain
        .iter()
        .map(|c| (c.from.as_str(), c.to.as_str()))
        .collect();
    assert_eq!(pairs, [("mid", "low"), ("top", "mid")]);
    assert_eq!(
        n.carrier_chain("low", date!(2019 - 01 - 01)).unwrap().len(),
        1
    );
    assert!(n.carrier_chain("top", DAY).unwrap().is_empty());
    let carried: Vec<&str> = n
        .carried_by("top", date!(2017 - 03 - 01))
        .unwrap()
        .iter()
        .map(|c| c.to.as_str())
        .collect();
    assert_eq!(carried, ["mid", "x"]);
    let carried: Vec<&str> = n
        .carried_by("top", date!(2019 - 01 - 01))
        .unwrap()
        .iter()
        .map(|c| c.to.as_str())
        .collect();
    assert_eq!(carried, ["x"]);
    let admin = n
        .administrative_carrier("mid", date!(2017 - 03 - 01))
        .unwrap()
        .unwrap();
    assert_eq!(admin.from.as_str(), "top");
    assert!(
        n.administrative_carrier("mid", date!(2014 - 12 - 31))
            .unwrap()
            .is_none()
    );
    assert_eq!(n.carriers("x", DAY).unwrap().len(), 1);
}

#[test]
fn members_and_roles_follow_the_dates() {
    let n = chain();
    let at = |d| -> Vec<String> {
        n.members("mid", d)
            .unwrap()
            .iter()
            .map(|m| m.from.to_string())
            .collect()
    };
    assert_eq!(at(date!(2016 - 06 - 01)), ["q"]);
    assert_eq!(at(date!(2017 - 06 - 01)), ["p"]);
    assert!(at(date!(2015 - 06 - 01)).is_empty());
    let of_p: Vec<String> = n
        .memberships("p", DAY)
        .unwrap()
        .iter()
        .map(|m| m.to.to_string())
        .collect();
    assert_eq!(of_p, ["mid"]);
    let mandates = n.mandates("top", date!(2017 - 03 - 01)).unwrap();
    assert_eq!(mandates.len(), 1);
    assert!(n.mandates("top", date!(2018 - 03 - 01)).unwrap().is_empty());
}
