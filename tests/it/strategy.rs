//! Proptest strategies: valid networks (valid by construction) and arbitrary
//! changes, deliberately including invalid ones.
//!
//! A valid network is described by a [`NetSpec`]: its nodes, its relations
//! and the keys removed at the end. The relations are drawn as candidates and
//! then filtered by a pure function that keeps only what the hard invariants
//! allow, so every generated spec builds without rejection sampling:
//!
//! - `carries` only from a legal-person organisation to one later in the
//!   generation order (acyclic whatever the key order, since keys are dealt
//!   out shuffled), and an administrative scope only when no kept
//!   administrative carrying of the same organisation overlaps it (otherwise
//!   the administrative part is dropped);
//! - `member-of` from any person, or from an organisation to a later one;
//! - `mandate` from a person, with non-empty powers;
//! - `located-in` from a place to a territory;
//! - `runs` from an organisation to a brique, with a period; `builds` from a
//!   brique to an organisation; `hosted-at` from a brique to a place;
//! - no two relations of one kind between the same endpoints with
//!   overlapping periods.

use std::collections::BTreeSet;

use communs::{
    Act, Blueprint, Brique, BriqueKind, BriqueStatus, Carrying, Change, Currency, Day, Days, Form,
    Involvement, Key, Lifecycle, Link, Mandate, Membership, Money, Network, Node, Nth,
    Organisation, Per, Period, Person, Place, Powers, ProcessKind, Recurrence, Relation,
    RelationKind, Retribution, Role, Running, Schedule, Scope, ScopeKind, Statutes, Tag, Territory,
};
use proptest::prelude::*;
use proptest::sample::Index;
use time::macros::date;
use time::{Date, Duration, Time};

/// The first day dates are drawn from.
pub const FIRST_DAY: Date = date!(2015 - 01 - 01);
/// How many days dates are drawn from (about three years).
pub const DAYS: i64 = 3 * 365;

/// Keys that no generated network uses: fresh keys for new nodes, and
/// unknown keys for everything else.
pub const FRESH: [&str; 4] = ["n0", "n1", "n2", "n3"];

/// A key from a slug known to be valid.
pub fn key(s: &str) -> Key {
    Key::new(s).expect("a valid slug")
}

// ----- values -----

/// A date in the three-year window; half the time one of a few pivot
/// days, so that periods often start or end on the same day.
pub fn date() -> impl Strategy<Value = Date> {
    prop_oneof![
        (0..DAYS).prop_map(|n| FIRST_DAY + Duration::days(n)),
        (0..6i64).prop_map(|n| FIRST_DAY + Duration::days(n * DAYS / 6)),
    ]
}

/// Whether `period` holds on `date`, both bounds inclusive (written here
/// independently of [`Period::contains`]).
pub fn holds(period: &Period, date: Date) -> bool {
    period.start().is_none_or(|s| s <= date) && period.end().is_none_or(|u| date <= u)
}

/// Whether two periods share a day, bounds inclusive (written here
/// independently of [`Period::overlaps`]).
pub fn overlap(a: &Period, b: &Period) -> bool {
    let latest_start = a.start().max(b.start());
    let earliest_end = match (a.end(), b.end()) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    };
    match (latest_start, earliest_end) {
        (Some(s), Some(e)) => s <= e,
        _ => true,
    }
}

/// A well-formed period: with or without `since` and `until`, `since ≤ until`.
pub fn period() -> impl Strategy<Value = Period> {
    (
        prop::option::weighted(0.6, date()),
        prop::option::weighted(0.5, date()),
    )
        .prop_map(|(a, b)| match (a, b) {
            (Some(a), Some(b)) => Period::between(a.min(b), a.max(b)).expect("ordered"),
            (since, until) => Period::new(since, until).expect("open"),
        })
}

/// A display name: non-empty, sometimes accented, sometimes with inner spaces.
pub fn name() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 '.-]{0,12}"
}

/// A name that may be empty or blank (refused by the change API).
pub fn any_name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => name(),
        1 => Just(String::new()),
        1 => Just(" \t ".to_owned()),
    ]
}

/// A purpose tag from a small pool.
pub fn tag() -> impl Strategy<Value = Tag> {
    prop::sample::select(&["commons", "digital-solidarity", "housing", "x1", "q-2"][..])
        .prop_map(|s| Tag::new(s).expect("a valid slug"))
}

/// Every legal form.
pub fn form() -> impl Strategy<Value = Form> {
    prop::sample::select(
        &[
            Form::Association,
            Form::Cooperative,
            Form::Company,
            Form::PublicBody,
            Form::Collective,
        ][..],
    )
}

/// Every brique kind, `other` included.
pub fn brique_kind() -> impl Strategy<Value = BriqueKind> {
    prop_oneof![
        Just(BriqueKind::Coworking),
        Just(BriqueKind::Workshop),
        Just(BriqueKind::ReciprocityContracts),
        Just(BriqueKind::FinancialService),
        Just(BriqueKind::Permanence),
        Just(BriqueKind::GovernanceBody),
        Just(BriqueKind::Meeting),
        tag().prop_map(BriqueKind::Other),
    ]
}

/// Established governance (any statutes and process) or in formation
/// with a blueprint.
pub fn governance_org(name: String, form: Form) -> impl Strategy<Value = Organisation> {
    let statutes = prop::sample::select(&[Statutes::Formal, Statutes::Informal][..]);
    let process = prop::sample::select(
        &[
            ProcessKind::Vote,
            ProcessKind::Consent,
            ProcessKind::Consensus,
            ProcessKind::Advice,
            ProcessKind::Transparency,
            ProcessKind::Delegated,
        ][..],
    );
    let blueprint =
        (prop::collection::vec(brique_kind(), 0..4), any::<bool>()).prop_map(|(kinds, body)| {
            let b = Blueprint::new(kinds);
            if body { b.with_governance_body() } else { b }
        });
    let org = Organisation::new(name, form);
    prop_oneof![
        (statutes, process).prop_map({
            let org = org.clone();
            move |(s, p)| org.clone().established(s, p)
        }),
        blueprint.prop_map(move |b| org.clone().in_formation(b)),
    ]
}

/// A currency from a small pool.
pub fn currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(&["EUR", "USD", "CHF"][..])
        .prop_map(|c| Currency::new(c).expect("a currency code"))
}

/// A valid organisation: any form and governance, optional objectives and
/// a non-negative burden limit.
pub fn organisation() -> impl Strategy<Value = Organisation> {
    organisation_with(0..1_000_000)
}

fn organisation_with(amounts: std::ops::Range<i64>) -> impl Strategy<Value = Organisation> {
    (
        name(),
        form(),
        prop::collection::btree_set(tag(), 0..3),
        prop::option::of((amounts, currency())),
    )
        .prop_flat_map(|(name, form, objectives, limit)| {
            governance_org(name, form).prop_map(move |org| {
                let org = org.with_objectives(objectives.clone());
                match limit {
                    Some((amount, currency)) => org.with_burden_limit(Money::new(amount, currency)),
                    None => org,
                }
            })
        })
}

/// A valid person.
pub fn person() -> impl Strategy<Value = Person> {
    name().prop_map(Person::new)
}

/// A valid place, with or without an address.
pub fn place() -> impl Strategy<Value = Place> {
    (name(), prop::option::of("[0-9]{1,3} rue [A-Za-zé ]{1,10}")).prop_map(|(n, a)| match a {
        Some(a) => Place::new(n).with_address(a),
        None => Place::new(n),
    })
}

/// A valid territory, priority area or not.
pub fn territory() -> impl Strategy<Value = Territory> {
    (name(), any::<bool>()).prop_map(|(n, qpv)| {
        let t = Territory::new(n);
        if qpv { t.priority_area() } else { t }
    })
}

// ----- briques -----

/// Every brique status, in lifecycle order.
pub const STATUSES: [BriqueStatus; 5] = [
    BriqueStatus::Proposed,
    BriqueStatus::Planned,
    BriqueStatus::Active,
    BriqueStatus::Paused,
    BriqueStatus::Ended,
];

/// The statuses that may follow `s`, written here independently of the
/// library: forward along proposed → planned → active|paused → ended,
/// skipping allowed, and back and forth between active and paused.
pub fn next_statuses(s: BriqueStatus) -> &'static [BriqueStatus] {
    use BriqueStatus::{Active, Ended, Paused, Planned, Proposed};
    match s {
        Proposed => &[Planned, Active, Ended],
        Planned => &[Active, Ended],
        Active => &[Paused, Ended],
        Paused => &[Active, Ended],
        Ended => &[],
    }
}

/// Any brique status.
pub fn status() -> impl Strategy<Value = BriqueStatus> {
    prop::sample::select(&STATUSES[..])
}

/// `life` extended by forward steps: each picks one of the statuses that may
/// follow the current one, dated `gap` days after the previous change (the
/// first one on `first` when there is no previous change).
pub fn extend(
    mut life: Lifecycle<BriqueStatus>,
    first: Date,
    steps: &[(Index, i64)],
) -> Lifecycle<BriqueStatus> {
    for (pick, gap) in steps {
        let next = next_statuses(life.current());
        if next.is_empty() {
            break;
        }
        let day = match life.changes().last() {
            Some((last, _)) => *last + Duration::days(*gap),
            None => first,
        };
        life = life
            .then(day, *pick.get(next))
            .expect("a forward step, dated after the previous one");
    }
    life
}

/// Forward steps for [`extend`]: which next status, and how many days later.
pub fn steps(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<(Index, i64)>> {
    prop::collection::vec((any::<Index>(), 1..400i64), n)
}

/// A valid lifecycle: any starting status, then up to four dated forward
/// steps.
pub fn lifecycle() -> impl Strategy<Value = Lifecycle<BriqueStatus>> {
    (status(), date(), steps(0..5))
        .prop_map(|(start, first, steps)| extend(Lifecycle::new(start), first, &steps))
}

/// Every day of the week, Monday first.
pub const WEEK: [Day; 7] = [
    Day::Monday,
    Day::Tuesday,
    Day::Wednesday,
    Day::Thursday,
    Day::Friday,
    Day::Saturday,
    Day::Sunday,
];

/// Any day of the week.
pub fn day() -> impl Strategy<Value = Day> {
    prop::sample::select(&WEEK[..])
}

/// Any n-th.
pub fn nth() -> impl Strategy<Value = Nth> {
    prop::sample::select(&[Nth::First, Nth::Second, Nth::Third, Nth::Fourth, Nth::Last][..])
}

/// A non-empty set of days.
pub fn days() -> impl Strategy<Value = Days> {
    (1u8..128).prop_map(|bits| {
        WEEK.into_iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, d)| d)
            .collect()
    })
}

/// A well-formed recurrence: weekly on a non-empty set of days, or monthly
/// on the n-th weekday.
pub fn recurrence() -> impl Strategy<Value = Recurrence> {
    prop_oneof![
        days().prop_map(|days| Recurrence::Weekly { days }),
        (nth(), day()).prop_map(|(nth, day)| Recurrence::Monthly { nth, day }),
    ]
}

/// A non-empty time window in whole minutes, as documents write them.
pub fn window() -> impl Strategy<Value = (Time, Time)> {
    (0u16..24 * 60 - 1)
        .prop_flat_map(|start| (Just(start), start + 1..24 * 60))
        .prop_map(|(a, b)| (minute(a), minute(b)))
}

/// The time `m` minutes after midnight (`m` < 1440).
pub fn minute(m: u16) -> Time {
    let (h, m) = (m / 60, m % 60);
    Time::from_hms(
        u8::try_from(h).expect("an hour"),
        u8::try_from(m).expect("a minute"),
        0,
    )
    .expect("a time of day")
}

/// A well-formed schedule: a recurrence, a window, a first date, sometimes
/// a last date (on or after the first), and a few exception dates.
pub fn schedule() -> impl Strategy<Value = Schedule> {
    (
        recurrence(),
        window(),
        date(),
        prop::option::of(0..800i64),
        prop::collection::vec(-30..800i64, 0..4),
    )
        .prop_map(|(recurrence, (start, end), first, last, exceptions)| {
            let mut s = Schedule::new(recurrence, start, end, first).expect("a valid schedule");
            if let Some(n) = last {
                s = s.until(first + Duration::days(n)).expect("last ≥ first");
            }
            for n in exceptions {
                s = s.with_exception(first + Duration::days(n));
            }
            s
        })
}

/// Retribution terms: none, defined with an amount from `amounts`, or to be
/// defined.
pub fn retribution(amounts: std::ops::Range<i64>) -> impl Strategy<Value = Retribution> {
    let per = prop::sample::select(&[Per::Session, Per::Hour][..]);
    let amount = prop_oneof![1 => Just(0i64), 4 => amounts];
    prop_oneof![
        Just(Retribution::None),
        (amount, currency(), per, name()).prop_map(|(amount, currency, per, payer)| {
            Retribution::Defined {
                amount: Money::new(amount, currency),
                per,
                payer,
            }
        }),
        Just(Retribution::ToBeDefined),
    ]
}

/// A valid brique: any kind, a lifecycle with dated forward steps, an
/// optional schedule, any retribution (non-negative), purpose tags.
pub fn brique() -> impl Strategy<Value = Brique> {
    brique_with(0..100_000)
}

fn brique_with(amounts: std::ops::Range<i64>) -> impl Strategy<Value = Brique> {
    (
        name(),
        brique_kind(),
        lifecycle(),
        prop::option::of(schedule()),
        retribution(amounts),
        prop::collection::btree_set(tag(), 0..3),
    )
        .prop_map(|(name, kind, life, schedule, retribution, purpose)| {
            let b = Brique::new(name, kind, life)
                .with_retribution(retribution)
                .with_purpose(purpose);
            match schedule {
                Some(s) => b.with_schedule(s),
                None => b,
            }
        })
}

/// A brique that may be invalid: blank name, negative amount.
fn any_brique() -> impl Strategy<Value = Brique> {
    (any_name(), brique_with(-1_000..1_000)).prop_map(|(n, mut b)| {
        b.name = n;
        b
    })
}

/// A replacement for brique `old`, valid or not: its lifecycle extended
/// forward (accepted), kept (accepted), cut short or with its last change
/// re-dated (history rewritten: refused), or a random one (mostly refused);
/// the other fields drawn afresh, sometimes invalid.
fn brique_update(old: &Brique) -> BoxedStrategy<Node> {
    let life = old.lifecycle.clone();
    let extended = (steps(1..3), date()).prop_map({
        let life = life.clone();
        move |(steps, first)| extend(life.clone(), first, &steps)
    });
    let mut cut = life.clone();
    let mut redated = life.clone();
    if let Some((&(last_day, _), earlier)) = life.changes().split_last() {
        let rebuild = |changes: &[(Date, BriqueStatus)]| {
            changes
                .iter()
                .fold(Lifecycle::new(life.start()), |l, (d, s)| {
                    l.then(*d, *s).expect("a valid history")
                })
        };
        cut = rebuild(earlier);
        let mut moved: Vec<(Date, BriqueStatus)> = life.changes().to_vec();
        if let Some(step) = moved.last_mut() {
            step.0 = last_day + Duration::days(1);
        }
        redated = rebuild(&moved);
    }
    let lifecycles = prop_oneof![
        3 => extended.boxed(),
        2 => Just(life).boxed(),
        1 => Just(cut).boxed(),
        1 => Just(redated).boxed(),
        1 => lifecycle().boxed(),
    ];
    let values = prop_oneof![3 => brique().boxed(), 1 => any_brique().boxed()];
    (lifecycles, values)
        .prop_map(|(life, mut b)| {
            b.lifecycle = life;
            Node::from(b)
        })
        .boxed()
}

/// Any node, including invalid ones: empty or blank names, negative
/// burden limits and amounts.
pub fn any_node() -> impl Strategy<Value = Node> {
    prop_oneof![
        any_name().prop_map(|n| Node::from(Person::new(n))),
        (any_name(), organisation_with(-1_000..1_000)).prop_map(|(n, mut o)| {
            o.name = n;
            Node::from(o)
        }),
        (any_name(), place()).prop_map(|(n, mut p)| {
            p.name = n;
            Node::from(p)
        }),
        (any_name(), territory()).prop_map(|(n, mut t)| {
            t.name = n;
            Node::from(t)
        }),
        any_brique().prop_map(Node::from),
    ]
}

/// A node of the same kind as `kind_of`, possibly invalid.
fn node_like(kind_of: &Node) -> BoxedStrategy<Node> {
    match kind_of {
        Node::Person(_) => any_name().prop_map(|n| Node::from(Person::new(n))).boxed(),
        Node::Organisation(_) => (any_name(), organisation_with(-1_000..1_000))
            .prop_map(|(n, mut o)| {
                o.name = n;
                Node::from(o)
            })
            .boxed(),
        Node::Place(_) => place().prop_map(Node::from).boxed(),
        Node::Territory(_) => territory().prop_map(Node::from).boxed(),
        Node::Brique(old) => brique_update(old),
        _ => any_node().boxed(),
    }
}

/// Any scope, the empty one included.
pub fn any_scope() -> impl Strategy<Value = Scope> {
    scope_of(0..8)
}

/// A non-empty scope.
pub fn scope() -> impl Strategy<Value = Scope> {
    scope_of(1..8)
}

fn scope_of(bits: std::ops::Range<u8>) -> impl Strategy<Value = Scope> {
    bits.prop_map(|bits| {
        [
            ScopeKind::Administrative,
            ScopeKind::Financial,
            ScopeKind::Legal,
        ]
        .into_iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, s)| s)
        .collect()
    })
}

/// Every act, in order.
pub const ACTS: [Act; 4] = [Act::Sign, Act::Speak, Act::Decide, Act::File];

/// Any powers, the empty set included.
pub fn any_powers() -> impl Strategy<Value = Powers> {
    powers_of(0..16)
}

/// Non-empty powers.
pub fn powers() -> impl Strategy<Value = Powers> {
    powers_of(1..16)
}

fn powers_of(bits: std::ops::Range<u8>) -> impl Strategy<Value = Powers> {
    bits.prop_map(|bits| {
        ACTS.into_iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, a)| a)
            .collect()
    })
}

/// Every role, `other` included.
pub fn role() -> impl Strategy<Value = Role> {
    prop_oneof![
        Just(Role::Member),
        Just(Role::Participant),
        Just(Role::Contributor),
        Just(Role::Coordinator),
        Just(Role::President),
        Just(Role::CoPresident),
        Just(Role::Treasurer),
        Just(Role::Secretary),
        tag().prop_map(Role::Other),
    ]
}

/// A membership.
pub fn membership() -> impl Strategy<Value = Membership> {
    let involvement = prop::sample::select(
        &[
            Involvement::Peripheral,
            Involvement::Active,
            Involvement::Core,
        ][..],
    );
    (role(), involvement, period()).prop_map(|(r, i, p)| Membership::new(r, i, p))
}

/// A link of `kind`, with a possibly empty scope or powers.
pub fn any_link(kind: RelationKind) -> BoxedStrategy<Link> {
    match kind {
        RelationKind::Carries => (any_scope(), period())
            .prop_map(|(s, p)| Link::from(Carrying::new(s, p)))
            .boxed(),
        RelationKind::MemberOf => membership().prop_map(Link::from).boxed(),
        RelationKind::Mandate => (any_powers(), period())
            .prop_map(|(w, p)| Link::from(Mandate::new(w, p)))
            .boxed(),
        RelationKind::Runs => period().prop_map(|p| Link::from(Running::new(p))).boxed(),
        RelationKind::Builds => Just(Link::Builds).boxed(),
        RelationKind::HostedAt => Just(Link::HostedAt).boxed(),
        _ => Just(Link::LocatedIn).boxed(),
    }
}

/// Any relation kind.
pub fn relation_kind() -> impl Strategy<Value = RelationKind> {
    prop::sample::select(RelationKind::ALL)
}

// ----- valid networks -----

/// A valid network, described by what builds it.
#[derive(Debug, Clone)]
pub struct NetSpec {
    /// The nodes, in the order they are added.
    pub nodes: Vec<(Key, Node)>,
    /// The relations, in the order they are added; valid by construction.
    pub relations: Vec<Relation>,
    /// Keys removed (with their relations) once everything is added.
    pub removed: Vec<Key>,
}

impl NetSpec {
    /// The changes that build the network, in order.
    pub fn changes(&self) -> Vec<Change> {
        self.nodes
            .iter()
            .map(|(k, n)| Change::add(k.clone(), n.clone()))
            .chain(self.relations.iter().cloned().map(Change::AddRelation))
            .chain(
                self.removed
                    .iter()
                    .cloned()
                    .map(Change::remove_with_relations),
            )
            .collect()
    }

    /// The network, or the change that the library refused.
    pub fn try_build(&self) -> Result<Network, communs::BatchError> {
        let mut net = Network::new();
        net.apply_all(self.changes())?;
        Ok(net)
    }

    /// The network. Panics if the library refuses a valid change.
    pub fn build(&self) -> Network {
        match self.try_build() {
            Ok(net) => net,
            Err(e) => panic!("a valid spec was refused: {e}\n{self:#?}"),
        }
    }
}

/// A candidate relation, before filtering: a kind selector, two endpoint
/// selectors and the attributes.
#[derive(Debug, Clone)]
struct Candidate {
    kind: u8,
    a: Index,
    b: Index,
    scope: Scope,
    powers: Powers,
    membership: Membership,
    period: Period,
}

fn candidate() -> impl Strategy<Value = Candidate> {
    let kind = prop_oneof![
        4 => Just(0u8),
        1 => Just(1u8),
        2 => Just(2u8),
        3 => Just(3u8),
        1 => Just(4u8),
        3 => Just(5u8),
        3 => Just(6u8),
        3 => Just(7u8),
        1 => Just(8u8),
    ];
    (
        kind,
        any::<Index>(),
        any::<Index>(),
        scope(),
        powers(),
        membership(),
        period(),
    )
        .prop_map(
            |(kind, a, b, scope, powers, membership, period)| Candidate {
                kind,
                a,
                b,
                scope,
                powers,
                membership,
                period,
            },
        )
}

/// Keys dealt out shuffled from `prefix0..prefix9`, so that generation
/// order and key order differ.
fn keys(prefix: &'static str, n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Key>> {
    n.prop_flat_map(move |n| {
        Just(
            (0..10)
                .map(|i| key(&format!("{prefix}{i}")))
                .collect::<Vec<_>>(),
        )
        .prop_shuffle()
        .prop_map(move |mut v| {
            v.truncate(n);
            v
        })
    })
}

/// Turns candidates into relations that the hard invariants allow.
fn admissible(
    persons: &[Key],
    orgs: &[(Key, Organisation)],
    places: &[Key],
    territories: &[Key],
    briques: &[Key],
    candidates: Vec<Candidate>,
) -> Vec<Relation> {
    let mut kept: Vec<Relation> = Vec::new();
    for c in candidates {
        let relation = match c.kind {
            // carries: legal person, lower generation index → higher.
            0 if orgs.len() >= 2 => {
                let (i, j) = (c.a.index(orgs.len()), c.b.index(orgs.len()));
                let (i, j) = (i.min(j), i.max(j));
                let (Some((from, org)), Some((to, _))) = (orgs.get(i), orgs.get(j)) else {
                    continue;
                };
                if i == j || !org.is_legal_person() {
                    continue;
                }
                let mut scope = c.scope;
                let admin_clash = kept.iter().any(|r| {
                    r.to == *to
                        && matches!(&r.link, Link::Carries(o)
                            if o.is_administrative() && overlap(&o.period, &c.period))
                });
                if admin_clash {
                    scope.remove(ScopeKind::Administrative);
                }
                if scope.is_empty() {
                    continue;
                }
                Relation::new(from.clone(), to.clone(), Carrying::new(scope, c.period))
            }
            // carries along the generation order, so that chains form.
            5 if orgs.len() >= 2 => {
                let i = c.a.index(orgs.len() - 1);
                let (Some((from, org)), Some((to, _))) = (orgs.get(i), orgs.get(i + 1)) else {
                    continue;
                };
                if !org.is_legal_person() {
                    continue;
                }
                let admin_clash = kept.iter().any(|r| {
                    r.to == *to
                        && matches!(&r.link, Link::Carries(o)
                            if o.is_administrative() && overlap(&o.period, &c.period))
                });
                let scope = if admin_clash {
                    Scope::of(&[ScopeKind::Financial])
                } else {
                    c.scope.with(ScopeKind::Administrative)
                };
                Relation::new(from.clone(), to.clone(), Carrying::new(scope, c.period))
            }
            // member-of between organisations: lower index → higher.
            1 if orgs.len() >= 2 => {
                let (i, j) = (c.a.index(orgs.len()), c.b.index(orgs.len()));
                let (i, j) = (i.min(j), i.max(j));
                if i == j {
                    continue;
                }
                let (Some((from, _)), Some((to, _))) = (orgs.get(i), orgs.get(j)) else {
                    continue;
                };
                Relation::new(from.clone(), to.clone(), c.membership)
            }
            // member-of from a person.
            2 if !persons.is_empty() && !orgs.is_empty() => Relation::new(
                c.a.get(persons).clone(),
                c.b.get(orgs).0.clone(),
                c.membership,
            ),
            3 if !persons.is_empty() && !orgs.is_empty() => Relation::new(
                c.a.get(persons).clone(),
                c.b.get(orgs).0.clone(),
                Mandate::new(c.powers, c.period),
            ),
            4 if !places.is_empty() && !territories.is_empty() => Relation {
                from: c.a.get(places).clone(),
                to: c.b.get(territories).clone(),
                link: Link::LocatedIn,
            },
            // runs: any organisation, collective or not, runs a brique.
            6 if !orgs.is_empty() && !briques.is_empty() => Relation::new(
                c.a.get(orgs).0.clone(),
                c.b.get(briques).clone(),
                Running::new(c.period),
            ),
            7 if !briques.is_empty() && !orgs.is_empty() => Relation {
                from: c.a.get(briques).clone(),
                to: c.b.get(orgs).0.clone(),
                link: Link::Builds,
            },
            8 if !briques.is_empty() && !places.is_empty() => Relation {
                from: c.a.get(briques).clone(),
                to: c.b.get(places).clone(),
                link: Link::HostedAt,
            },
            _ => continue,
        };
        let duplicate = kept.iter().any(|r| {
            r.from == relation.from
                && r.to == relation.to
                && r.link.kind() == relation.link.kind()
                && overlap(&r.link.period(), &relation.link.period())
        });
        if !duplicate {
            kept.push(relation);
        }
    }
    kept
}

/// A spec of a valid network: persons, organisations of every form and
/// governance, places, territories, briques, and valid relations of every
/// kind; sometimes a few nodes removed with their relations (retired keys).
pub fn valid_spec() -> impl Strategy<Value = NetSpec> {
    (
        keys("p", 0..6),
        keys("o", 1..8),
        keys("pl", 0..3),
        keys("t", 0..3),
        keys("b", 0..5),
    )
        .prop_flat_map(|(pk, ok, plk, tk, bk)| {
            let n = pk.len() + ok.len() + plk.len() + tk.len() + bk.len();
            (
                prop::collection::vec(person(), pk.len()),
                prop::collection::vec(organisation(), ok.len()),
                prop::collection::vec(place(), plk.len()),
                prop::collection::vec(territory(), tk.len()),
                prop::collection::vec(brique(), bk.len()),
                prop::collection::vec(candidate(), 0..(4 * n).min(48)),
                prop::collection::vec(any::<Index>(), 0..3),
                (Just(pk), Just(ok), Just(plk), Just(tk), Just(bk)),
            )
        })
        .prop_map(
            |(persons, organisations, places, territories, briques, candidates, removed, keys)| {
                let (pk, ok, plk, tk, bk) = keys;
                let orgs: Vec<(Key, Organisation)> = ok.into_iter().zip(organisations).collect();
                let relations = admissible(&pk, &orgs, &plk, &tk, &bk, candidates);
                let nodes: Vec<(Key, Node)> = pk
                    .iter()
                    .cloned()
                    .zip(persons.into_iter().map(Node::from))
                    .chain(orgs.into_iter().map(|(k, o)| (k, Node::from(o))))
                    .chain(plk.iter().cloned().zip(places.into_iter().map(Node::from)))
                    .chain(
                        tk.iter()
                            .cloned()
                            .zip(territories.into_iter().map(Node::from)),
                    )
                    .chain(bk.iter().cloned().zip(briques.into_iter().map(Node::from)))
                    .collect();
                let mut seen = BTreeSet::new();
                let removed = removed
                    .into_iter()
                    .map(|i| i.get(&nodes).0.clone())
                    .filter(|k| seen.insert(k.clone()))
                    .collect();
                NetSpec {
                    nodes,
                    relations,
                    removed,
                }
            },
        )
}

/// An arbitrary valid network.
pub fn valid_network() -> impl Strategy<Value = Network> {
    valid_spec().prop_map(|spec| spec.build())
}

// ----- arbitrary changes -----

/// What arbitrary changes draw from: the keys of a network by kind, its
/// retired keys, fresh keys, and its relations.
#[derive(Debug, Clone, Default)]
pub struct KeyPool {
    /// Person keys.
    pub persons: Vec<Key>,
    /// Organisation keys.
    pub organisations: Vec<Key>,
    /// Place keys.
    pub places: Vec<Key>,
    /// Territory keys.
    pub territories: Vec<Key>,
    /// Brique keys.
    pub briques: Vec<Key>,
    /// Keys of nodes of any other kind.
    pub others: Vec<Key>,
    /// Keys of removed nodes.
    pub retired: Vec<Key>,
    /// Keys no node has, never retired.
    pub fresh: Vec<Key>,
    /// Every node, to draw updates of the same kind.
    pub nodes: Vec<(Key, Node)>,
    /// Every relation of the network.
    pub relations: Vec<Relation>,
}

impl KeyPool {
    /// The pool of a network.
    pub fn of(net: &Network) -> Self {
        let mut pool = KeyPool::default();
        for (k, n) in net.nodes() {
            let list = match n {
                Node::Person(_) => &mut pool.persons,
                Node::Organisation(_) => &mut pool.organisations,
                Node::Place(_) => &mut pool.places,
                Node::Territory(_) => &mut pool.territories,
                Node::Brique(_) => &mut pool.briques,
                _ => &mut pool.others,
            };
            list.push(k.clone());
            pool.nodes.push((k.clone(), n.clone()));
        }
        pool.retired = net.retired_keys().cloned().collect();
        pool.fresh = FRESH
            .iter()
            .map(|s| key(s))
            .filter(|k| !net.contains(k) && !pool.retired.contains(k))
            .collect();
        pool.relations = net.relations().iter().map(|r| r.to_relation()).collect();
        pool
    }

    /// Every key: live, retired and fresh.
    pub fn all(&self) -> Vec<Key> {
        [
            &self.persons,
            &self.organisations,
            &self.places,
            &self.territories,
            &self.briques,
            &self.others,
            &self.retired,
            &self.fresh,
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect()
    }
}

/// One key of `keys`, or of `fallback` when `keys` is empty.
fn pick(keys: &[Key], fallback: &[Key]) -> BoxedStrategy<Key> {
    let keys = if keys.is_empty() { fallback } else { keys };
    if keys.is_empty() {
        Just(key("n0")).boxed()
    } else {
        prop::sample::select(keys.to_vec()).boxed()
    }
}

/// Two distinct keys of `keys` in either order (or any two of `fallback`
/// when `keys` has fewer than two).
fn pick_pair(keys: &[Key], fallback: &[Key]) -> BoxedStrategy<(Key, Key)> {
    if keys.len() < 2 {
        return (pick(keys, fallback), pick(keys, fallback)).boxed();
    }
    prop::sample::subsequence(keys.to_vec(), 2)
        .prop_shuffle()
        .prop_map(|v| (v[0].clone(), v[1].clone()))
        .boxed()
}

/// A relation whose endpoints are mostly of the right kinds (so that many
/// are accepted) and sometimes anything (unknown, retired, wrong kind, the
/// same node twice).
fn relation(pool: &KeyPool) -> BoxedStrategy<Relation> {
    let all = pool.all();
    let persons_or_orgs: Vec<Key> = pool
        .persons
        .iter()
        .chain(&pool.organisations)
        .cloned()
        .collect();
    let typed = |kind: RelationKind| -> BoxedStrategy<(Key, Key)> {
        match kind {
            RelationKind::Carries => pick_pair(&pool.organisations, &all),
            RelationKind::MemberOf => (
                pick(&persons_or_orgs, &all),
                pick(&pool.organisations, &all),
            )
                .boxed(),
            RelationKind::Mandate => {
                (pick(&pool.persons, &all), pick(&pool.organisations, &all)).boxed()
            }
            RelationKind::LocatedIn => {
                (pick(&pool.places, &all), pick(&pool.territories, &all)).boxed()
            }
            RelationKind::Runs => {
                (pick(&pool.organisations, &all), pick(&pool.briques, &all)).boxed()
            }
            RelationKind::Builds => {
                (pick(&pool.briques, &all), pick(&pool.organisations, &all)).boxed()
            }
            RelationKind::HostedAt => (pick(&pool.briques, &all), pick(&pool.places, &all)).boxed(),
            _ => (pick(&all, &all), pick(&all, &all)).boxed(),
        }
    };
    let typed_kinds: Vec<BoxedStrategy<Relation>> = RelationKind::ALL
        .iter()
        .map(|&kind| {
            (typed(kind), any_link(kind))
                .prop_map(|((from, to), link)| Relation { from, to, link })
                .boxed()
        })
        .collect();
    let any_ends = (pick(&all, &all), pick(&all, &all), relation_kind())
        .prop_flat_map(|(from, to, kind)| {
            any_link(kind).prop_map(move |link| Relation {
                from: from.clone(),
                to: to.clone(),
                link,
            })
        })
        .boxed();
    let self_relation = (pick(&all, &all), relation_kind())
        .prop_flat_map(|(k, kind)| {
            any_link(kind).prop_map(move |link| Relation {
                from: k.clone(),
                to: k.clone(),
                link,
            })
        })
        .boxed();
    prop_oneof![
        8 => prop::strategy::Union::new(typed_kinds),
        2 => any_ends,
        1 => self_relation,
    ]
    .boxed()
}

/// An existing relation (or a generated one when there is none), possibly
/// with another period of its kind.
fn existing_relation(pool: &KeyPool, reperiod: bool) -> BoxedStrategy<Relation> {
    if pool.relations.is_empty() {
        return relation(pool);
    }
    let chosen = prop::sample::select(pool.relations.clone());
    if reperiod {
        (chosen, period())
            .prop_map(|(mut r, p)| {
                match &mut r.link {
                    Link::Carries(c) => c.period = p,
                    Link::MemberOf(m) => m.period = p,
                    Link::Mandate(m) => m.period = p,
                    Link::Runs(r) => r.period = p,
                    _ => {}
                }
                r
            })
            .boxed()
    } else {
        chosen.boxed()
    }
}

/// An arbitrary change against a network with this pool, valid or not:
/// additions under new, live (duplicate) or retired keys, invalid nodes,
/// updates that change the kind or make a carrier a collective, brique
/// updates that move the lifecycle forward or rewrite it, removals
/// with and without relations, relations with unknown keys, wrong endpoint
/// kinds, self relations, cycles, overlapping administrative carriers,
/// duplicates, empty scopes and powers, and removals of existing and
/// missing relations.
pub fn any_change(pool: &KeyPool) -> BoxedStrategy<Change> {
    let all = pool.all();
    let add = (pick(&pool.fresh, &all), any_node()).prop_map(|(k, n)| Change::add(k, n));
    let add_anywhere = (pick(&all, &all), any_node()).prop_map(|(k, n)| Change::add(k, n));
    let update_any = (pick(&all, &all), any_node()).prop_map(|(k, n)| Change::update(k, n));
    let update_same_kind = if pool.nodes.is_empty() {
        (pick(&all, &all), any_node())
            .prop_map(|(k, n)| Change::update(k, n))
            .boxed()
    } else {
        prop::sample::select(pool.nodes.clone())
            .prop_flat_map(|(k, n)| node_like(&n).prop_map(move |n| Change::update(k.clone(), n)))
            .boxed()
    };
    let remove = (pick(&all, &all), any::<bool>()).prop_map(|(k, with)| {
        if with {
            Change::remove_with_relations(k)
        } else {
            Change::remove(k)
        }
    });
    prop_oneof![
        3 => add,
        1 => add_anywhere,
        1 => update_any,
        2 => update_same_kind,
        2 => remove,
        8 => relation(pool).prop_map(Change::AddRelation),
        1 => existing_relation(pool, false).prop_map(Change::AddRelation),
        1 => existing_relation(pool, true).prop_map(Change::AddRelation),
        2 => existing_relation(pool, false).prop_map(Change::RemoveRelation),
        1 => existing_relation(pool, true).prop_map(Change::RemoveRelation),
    ]
    .boxed()
}

/// A valid network's spec and a batch of arbitrary changes against it.
pub fn spec_and_changes(
    len: std::ops::Range<usize>,
) -> impl Strategy<Value = (NetSpec, Vec<Change>)> {
    valid_spec().prop_flat_map(move |spec| {
        let pool = KeyPool::of(&spec.build());
        (
            Just(spec),
            prop::collection::vec(any_change(&pool), len.clone()),
        )
    })
}

/// Dates worth probing in a network: a few fixed ones and the bounds of
/// its relations' periods (where `contains` and `overlaps` are decided).
pub fn probe_dates(net: &Network, extra: &[Date]) -> Vec<Date> {
    let mut dates: BTreeSet<Date> = extra.iter().copied().collect();
    dates.insert(FIRST_DAY + Duration::days(DAYS / 2));
    let bounds: Vec<Date> = net
        .relations()
        .iter()
        .flat_map(|r| {
            let p = r.data.period();
            [p.start(), p.end()]
        })
        .flatten()
        .collect();
    // At most a handful, spread over the bounds.
    let step = bounds.len().div_ceil(4).max(1);
    dates.extend(bounds.iter().step_by(step).copied());
    dates.into_iter().collect()
}

/// Dates worth probing for briques: the probe dates of [`probe_dates`],
/// and each lifecycle change of a brique with the day before it.
pub fn brique_dates(net: &Network, extra: &[Date]) -> Vec<Date> {
    let mut dates: BTreeSet<Date> = probe_dates(net, extra).into_iter().collect();
    for (_, node) in net.nodes() {
        if let Node::Brique(b) = node {
            for (d, _) in b.lifecycle.changes() {
                dates.insert(*d);
                dates.extend(d.previous_day());
            }
        }
    }
    dates.into_iter().collect()
}
