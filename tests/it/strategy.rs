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
    Act, Application, ApplicationStatus, Blueprint, Brique, BriqueKind, BriqueStatus, Carrying,
    Change, Clause, Contract, ContractStatus, Currency, Day, Days, Decision, Filing, Form,
    Fraction, Frequency, Gift, Intervention, InterventionKind, Involvement, Key, Lifecycle, Link,
    Mandate, Membership, Mode, Money, Nature, Network, Node, Nth, Organisation, Outcome, Party,
    Per, Period, Person, Place, Powers, Process, ProcessKind, Recurrence, Relation, RelationKind,
    Retribution, Role, Running, Schedule, Scope, ScopeKind, Stance, Status, Statutes, Tag, Term,
    Terms, Territory, Visibility,
};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, FileFailurePersistence};
use time::macros::date;
use time::{Date, Duration, OffsetDateTime, Time, UtcOffset};

// ----- configuration -----

/// The number in the environment variable `name`, or `default`.
pub fn env_or(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(default)
}

/// The proptest configuration of every property of this suite:
/// `default_cases` cases unless `PROPTEST_CASES` says otherwise, and
/// failures persisted. proptest writes the seed of each failing case to
/// `tests/proptest-regressions/<module>.txt` (beside `tests/it/`, whose
/// `main.rs` it takes for the source root) and replays those seeds first
/// on every later run, so a failure seen once is checked for ever once its
/// file is committed. `PROPTEST_RNG_SEED=<n>` makes a whole run
/// deterministic.
pub fn config(default_cases: u32) -> Config {
    Config {
        cases: env_or("PROPTEST_CASES", default_cases),
        failure_persistence: Some(Box::new(FileFailurePersistence::SourceParallel(
            "proptest-regressions",
        ))),
        ..Config::default()
    }
}

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

pub use crate::model::{holds, overlap};

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

/// Any node, including invalid ones, whose attributes name keys of `pool`
/// (clauses, funders, signatories, delegates, intervention authors): empty
/// or blank names, negative amounts, decisions that
/// close when or before they open, duplicate intervention ids, answers to nothing,
/// clauses naming non-parties.
pub fn any_node_in(pool: &KeyPool) -> BoxedStrategy<Node> {
    prop_oneof![
        3 => any_name().prop_map(|n| Node::from(Person::new(n))),
        3 => (any_name(), organisation_with(-1_000..1_000)).prop_map(|(n, mut o)| {
            o.name = n;
            Node::from(o)
        }),
        1 => (any_name(), place()).prop_map(|(n, mut p)| {
            p.name = n;
            Node::from(p)
        }),
        1 => (any_name(), territory()).prop_map(|(n, mut t)| {
            t.name = n;
            Node::from(t)
        }),
        2 => any_brique().prop_map(Node::from),
        1 => any_contract(pool, &[]).prop_map(Node::from),
        2 => any_application(pool).prop_map(Node::from),
        1 => any_decision(pool).prop_map(Node::from),
    ]
    .boxed()
}

/// A node of the same kind as `kind_of` (whose key is `key`), possibly
/// invalid; for a brique, contract, application or decision, mostly with
/// its lifecycle kept or moved forward.
fn node_like(key: &Key, kind_of: &Node, pool: &KeyPool) -> BoxedStrategy<Node> {
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
        Node::Contract(old) => {
            let parties = parties_of(pool, key);
            (
                life_update(
                    &old.lifecycle,
                    CONTRACT_STATUSES,
                    contract_lifecycle().boxed(),
                ),
                any_contract(pool, &parties),
            )
                .prop_map(|(life, mut c)| {
                    c.lifecycle = life;
                    Node::from(c)
                })
                .boxed()
        }
        Node::Application(old) => (
            life_update(
                &old.lifecycle,
                APPLICATION_STATUSES,
                application_lifecycle().boxed(),
            ),
            any_application(pool),
        )
            .prop_map(|(life, mut a)| {
                a.lifecycle = life;
                Node::from(a)
            })
            .boxed(),
        Node::Decision(old) => (
            life_update(&old.outcome, OUTCOMES, outcome().boxed()),
            any_decision(pool),
        )
            .prop_map(|(life, mut d)| {
                d.outcome = life;
                Node::from(d)
            })
            .boxed(),
        _ => any_node_in(pool),
    }
}

// ----- contracts, applications and decisions -----

/// Every contract status, in lifecycle order.
pub const CONTRACT_STATUSES: &[ContractStatus] = &[
    ContractStatus::Draft,
    ContractStatus::Proposed,
    ContractStatus::Signed,
    ContractStatus::Active,
    ContractStatus::Ended,
    ContractStatus::Terminated,
];

/// Every application status, in lifecycle order.
pub const APPLICATION_STATUSES: &[ApplicationStatus] = &[
    ApplicationStatus::Drafting,
    ApplicationStatus::Submitted,
    ApplicationStatus::Granted,
    ApplicationStatus::Refused,
    ApplicationStatus::Withdrawn,
];

/// Every decision outcome.
pub const OUTCOMES: &[Outcome] = &[
    Outcome::Pending,
    Outcome::Adopted,
    Outcome::Rejected,
    Outcome::Withdrawn,
];

/// `life` extended by forward steps: each picks one of `all` that may
/// follow the current status, `gap` days after the previous change (on
/// `first` for the first change).
pub fn extend_life<S: Status>(
    mut life: Lifecycle<S>,
    all: &[S],
    first: Date,
    steps: &[(Index, i64)],
) -> Lifecycle<S> {
    for (pick, gap) in steps {
        let next: Vec<S> = all
            .iter()
            .copied()
            .filter(|s| life.current().may_become(*s))
            .collect();
        if next.is_empty() {
            break;
        }
        let day = match life.changes().last() {
            Some((last, _)) => *last + Duration::days(*gap),
            None => first,
        };
        life = life.clone().then(day, *pick.get(&next)).unwrap_or(life);
    }
    life
}

/// A valid lifecycle over `all`: any starting status, then forward steps.
fn life_of<S: Status + std::fmt::Debug>(all: &'static [S]) -> impl Strategy<Value = Lifecycle<S>> {
    (prop::sample::select(all), date(), steps(0..4)).prop_map(move |(start, first, steps)| {
        extend_life(Lifecycle::new(start), all, first, &steps)
    })
}

/// A valid contract lifecycle.
pub fn contract_lifecycle() -> impl Strategy<Value = Lifecycle<ContractStatus>> {
    life_of(CONTRACT_STATUSES)
}

/// A valid application lifecycle.
pub fn application_lifecycle() -> impl Strategy<Value = Lifecycle<ApplicationStatus>> {
    life_of(APPLICATION_STATUSES)
}

/// A valid decision outcome.
pub fn outcome() -> impl Strategy<Value = Lifecycle<Outcome>> {
    life_of(OUTCOMES)
}

/// A replacement lifecycle for an update: `old` moved forward or kept
/// (accepted), cut short (history rewritten: refused), or `fresh` (mostly
/// refused).
fn life_update<S: Status + std::fmt::Debug>(
    old: &Lifecycle<S>,
    all: &'static [S],
    fresh: BoxedStrategy<Lifecycle<S>>,
) -> BoxedStrategy<Lifecycle<S>> {
    let cut = match old.changes().split_last() {
        Some((_, earlier)) => earlier
            .iter()
            .fold(Lifecycle::new(old.start()), |l, (d, s)| {
                l.then(*d, *s).expect("a valid history")
            }),
        None => old.clone(),
    };
    let extended = (steps(1..3), date()).prop_map({
        let old = old.clone();
        move |(steps, first)| extend_life(old.clone(), all, first, &steps)
    });
    prop_oneof![
        3 => extended.boxed(),
        2 => Just(old.clone()).boxed(),
        1 => Just(cut).boxed(),
        1 => fresh,
    ]
    .boxed()
}

/// A whole-minute instant in the date window, at an offset of whole
/// quarter hours from -12:00 to +14:00.
pub fn instant() -> impl Strategy<Value = OffsetDateTime> {
    (date(), 0u16..24 * 60, -48i32..=56).prop_map(|(d, m, q)| {
        let offset = UtcOffset::from_whole_seconds(q * 900).expect("a quarter-hour offset");
        d.with_time(minute(m)).assume_offset(offset)
    })
}

/// An instant that RFC 3339 cannot write (an offset with seconds, a
/// negative year): refused by the change API, and a change holding one
/// cannot be saved. Kept out of [`any_change`], whose changes other tests
/// journal as JSON; see [`unwritable_change`].
pub fn unwritable_instant() -> impl Strategy<Value = OffsetDateTime> {
    prop_oneof![
        instant()
            .prop_map(|at| at
                .replace_offset(UtcOffset::from_hms(1, 0, 30).expect("an offset with seconds"))),
        // The 1st of the month exists in every year, leap or not.
        instant().prop_map(|at| at
            .replace_day(1)
            .and_then(|at| at.replace_year(-1))
            .expect("a negative year")),
    ]
}

/// The addition or update of an application or decision holding an
/// instant that RFC 3339 cannot write: always refused.
pub fn unwritable_change(pool: &KeyPool) -> BoxedStrategy<Change> {
    let all = pool.all();
    let keys = pool
        .applications
        .iter()
        .chain(&pool.decisions)
        .chain(&pool.fresh)
        .cloned()
        .collect::<Vec<_>>();
    let application = (any_application(pool), unwritable_instant()).prop_map(|(mut a, at)| {
        a.submitted_at = Some(at);
        Node::from(a)
    });
    let decision =
        (any_decision(pool), unwritable_instant(), 0u8..3).prop_map(|(mut d, at, which)| {
            match which {
                0 => d.opened_at = at,
                1 => d.closes_at = at,
                _ => d.interventions.push(Intervention::new(
                    9,
                    InterventionKind::Support,
                    key("n0"),
                    at,
                )),
            }
            Node::from(d)
        });
    (
        pick(&keys, &all),
        prop_oneof![application, decision],
        any::<bool>(),
    )
        .prop_map(|(k, n, add)| {
            if add {
                Change::add(k, n)
            } else {
                Change::update(k, n)
            }
        })
        .boxed()
}

/// An amount: mostly small and non-negative; sometimes huge (sums of two
/// overflow 64 bits) or negative (refused where an amount must not be).
pub fn amount() -> impl Strategy<Value = i64> {
    prop_oneof![
        12 => 0..1_000_000i64,
        2 => Just(i64::MAX / 2 + 1),
        1 => Just(i64::MAX),
        1 => -1_000..0i64,
    ]
}

/// Money in a small pool of currencies, any [`amount`].
pub fn money() -> impl Strategy<Value = Money> {
    (amount(), currency()).prop_map(|(a, c)| Money::new(a, c))
}

/// The keys of the parties to `contract` in `pool`.
pub fn parties_of(pool: &KeyPool, contract: &Key) -> Vec<Key> {
    let mut parties: Vec<Key> = pool
        .relations
        .iter()
        .filter(|r| r.to == *contract && r.link.kind() == RelationKind::PartyTo)
        .map(|r| r.from.clone())
        .collect();
    parties.sort();
    parties.dedup();
    parties
}

/// Persons and organisations of `pool`.
fn actors(pool: &KeyPool) -> Vec<Key> {
    pool.persons
        .iter()
        .chain(&pool.organisations)
        .cloned()
        .collect()
}

/// Any gift, money possibly negative (refused).
pub fn gift() -> impl Strategy<Value = Gift> {
    let frequency = prop::sample::select(
        &[
            Frequency::Once,
            Frequency::Weekly,
            Frequency::Monthly,
            Frequency::Quarterly,
            Frequency::Yearly,
        ][..],
    );
    prop_oneof![
        (money(), frequency.clone())
            .prop_map(|(amount, frequency)| Gift::Money { amount, frequency }),
        (0u32..100, frequency).prop_map(|(hours, frequency)| Gift::Time { hours, frequency }),
        name().prop_map(Gift::InKind),
        name().prop_map(Gift::Knowledge),
        name().prop_map(Gift::UsageRight),
    ]
}

/// Any terms of a clause.
pub fn terms() -> impl Strategy<Value = Terms> {
    prop_oneof![
        Just(Terms::None),
        Just(Terms::ToBeDefined),
        name().prop_map(Terms::Text),
    ]
}

/// A clause between two keys of `keys`: mostly two distinct ones, sometimes
/// the same one twice (refused at commit).
pub fn clause(keys: &[Key], fallback: &[Key]) -> BoxedStrategy<Clause> {
    (pick_pair(keys, fallback), gift(), terms(), terms())
        .prop_map(|((giver, receiver), gift, c, m)| {
            Clause::new(giver, receiver, gift)
                .with_conditions(c)
                .with_modalities(m)
        })
        .boxed()
}

/// A contract, valid or not, whose clauses name `parties` (or, when there
/// are none, any person or organisation of `pool`: refused at commit
/// unless the batch makes them parties).
pub fn any_contract(pool: &KeyPool, parties: &[Key]) -> BoxedStrategy<Contract> {
    let fallback = actors(pool);
    let keys = if parties.is_empty() {
        fallback.clone()
    } else {
        parties.to_vec()
    };
    let clauses = if keys.is_empty() {
        Just(Vec::new()).boxed()
    } else {
        prop_oneof![
            1 => Just(Vec::new()),
            3 => prop::collection::vec(clause(&keys, &fallback), 1..5),
        ]
        .boxed()
    };
    let nature = prop::sample::select(&[Nature::Moral, Nature::Legal][..]);
    (
        any_name(),
        nature,
        date(),
        prop::option::of(0..900i64),
        contract_lifecycle(),
        clauses,
    )
        .prop_map(|(title, nature, start, days, life, clauses)| {
            let term = match days {
                Some(n) => Term::new(start, Some(start + Duration::days(n))).expect("end ≥ start"),
                None => Term::from(start),
            };
            let mut c = Contract::new(title, nature, term, life);
            c.clauses = clauses;
            c
        })
        .boxed()
}

/// An application, valid or not: any lifecycle, deadline, submission
/// instant, amounts (sometimes negative or huge),
/// purpose, and a funder from `pool` (sometimes any key).
pub fn any_application(pool: &KeyPool) -> BoxedStrategy<Application> {
    let all = pool.all();
    let funder = prop::option::weighted(0.3, pick(&pool.organisations, &all));
    (
        (any_name(), name(), funder, date()),
        prop::option::of(instant()),
        application_lifecycle(),
        prop::option::of(money()),
        prop::option::weighted(0.8, money()),
        prop::collection::btree_set(tag(), 0..3),
    )
        .prop_map(
            |((title, programme, funder, deadline), at, life, requested, burden, purpose)| {
                let mut a =
                    Application::new(title, programme, deadline, life).with_purpose(purpose);
                a.funder = funder;
                a.submitted_at = at;
                a.amount_requested = requested;
                a.burden = burden;
                a
            },
        )
        .boxed()
}

/// A fraction `num/den` with `num ≤ den`.
pub fn fraction() -> impl Strategy<Value = Fraction> {
    (1u32..=12)
        .prop_flat_map(|den| (0..=den, Just(den)))
        .prop_map(|(num, den)| Fraction::new(num, den).expect("num ≤ den"))
}

/// A decision process whose keys come from `pool`.
pub fn process(pool: &KeyPool) -> BoxedStrategy<Process> {
    let all = pool.all();
    let persons = pick(&pool.persons, &all);
    let actors = actors(pool);
    prop_oneof![
        (fraction(), fraction())
            .prop_map(|(threshold, quorum)| Process::Vote { threshold, quorum }),
        Just(Process::Consent),
        Just(Process::Consensus),
        Just(Process::Transparency),
        (
            persons.clone(),
            prop::collection::vec(pick(&actors, &all), 0..3)
        )
            .prop_map(|(decider, consulted)| Process::Advice { decider, consulted }),
        persons.prop_map(|to| Process::Delegated { to }),
    ]
    .boxed()
}

/// A decision, valid or not: sometimes closing when or before it opens,
/// with duplicate intervention ids or answers to unknown
/// interventions; authors and delegates from `pool`.
pub fn any_decision(pool: &KeyPool) -> BoxedStrategy<Decision> {
    let all = pool.all();
    let actors = actors(pool);
    let kind = prop_oneof![
        Just(InterventionKind::Question),
        Just(InterventionKind::Objection),
        Just(InterventionKind::Concern),
        Just(InterventionKind::Support),
        prop::sample::select(&[Stance::For, Stance::Against, Stance::Abstain][..])
            .prop_map(InterventionKind::Stance),
        (0u32..6).prop_map(InterventionKind::AnswerTo),
    ];
    let intervention = (0u32..6, kind, pick(&actors, &all), instant(), any::<bool>()).prop_map(
        |(id, kind, by, at, resolved)| {
            let i = Intervention::new(id, kind, by, at);
            if resolved { i.resolved() } else { i }
        },
    );
    let visibility =
        prop::sample::select(&[Visibility::Public, Visibility::Members, Visibility::Private][..]);
    (
        (
            any_name(),
            process(pool),
            instant(),
            prop_oneof![1 => Just(0i64), 1 => -100..0i64, 12 => 1..1_000_000i64],
        ),
        prop::collection::vec(intervention, 0..4),
        outcome(),
        visibility,
        prop::option::of(0u32..1000),
        prop::option::of(date()),
    )
        .prop_map(
            |(
                (title, process, opened, seconds),
                interventions,
                outcome,
                visibility,
                audience,
                review,
            )| {
                let later = opened + Duration::days(1);
                let mut d =
                    Decision::new(title, process, opened, later, outcome).expect("a day later");
                // Sometimes at or before the opening: refused.
                d.closes_at = opened + Duration::seconds(seconds);
                d.interventions = interventions;
                d.visibility = visibility;
                d.audience = audience;
                d.review = review;
                d
            },
        )
        .boxed()
}

/// A `party-to` link, signed by a person of `pool` or not.
pub fn party(pool: &KeyPool) -> BoxedStrategy<Party> {
    let all = pool.all();
    let mode = prop::sample::select(&[Mode::Committing, Mode::Supporting, Mode::NonSignatory][..]);
    (
        mode,
        prop::option::of((date(), prop::option::of(pick(&pool.persons, &all)))),
    )
        .prop_map(|(mode, signed)| match signed {
            Some((on, by)) => Party::new(mode).signed(on, by),
            None => Party::new(mode),
        })
        .boxed()
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

/// A link of `kind`, with a possibly empty scope or powers; signatories
/// from no pool.
pub fn any_link(kind: RelationKind) -> BoxedStrategy<Link> {
    any_link_in(kind, &KeyPool::default())
}

/// A link of `kind`, with a possibly empty scope or powers; signatories
/// drawn from `pool`.
pub fn any_link_in(kind: RelationKind, pool: &KeyPool) -> BoxedStrategy<Link> {
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
        RelationKind::LocatedIn => Just(Link::LocatedIn).boxed(),
        RelationKind::PartyTo => party(pool).prop_map(Link::from).boxed(),
        RelationKind::Files => prop::option::weighted(0.5, pick(&pool.persons, &pool.all()))
            .prop_map(|by| Link::from(Filing::new(by)))
            .boxed(),
        RelationKind::Authors => Just(Link::Authors).boxed(),
        RelationKind::Funds => Just(Link::Funds).boxed(),
        RelationKind::Targets => Just(Link::Targets).boxed(),
        RelationKind::Decides => Just(Link::Decides).boxed(),
        RelationKind::Concerns => Just(Link::Concerns).boxed(),
        _ => Just(Link::Opens).boxed(),
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
    /// Contract keys.
    pub contracts: Vec<Key>,
    /// Application keys.
    pub applications: Vec<Key>,
    /// Decision keys.
    pub decisions: Vec<Key>,
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
                Node::Contract(_) => &mut pool.contracts,
                Node::Application(_) => &mut pool.applications,
                Node::Decision(_) => &mut pool.decisions,
                _ => continue,
            };
            list.push(k.clone());
            pool.nodes.push((k.clone(), n.clone()));
        }
        pool.retired = net.retired_keys().cloned().collect();
        // The first unused keys of `n0`, `n1`…, so that a long sequence of
        // changes always has new keys to add.
        pool.fresh = (0..)
            .map(|i| key(&format!("n{i}")))
            .filter(|k| !net.contains(k) && !pool.retired.contains(k))
            .take(FRESH.len())
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
            &self.contracts,
            &self.applications,
            &self.decisions,
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
            RelationKind::PartyTo => {
                (pick(&persons_or_orgs, &all), pick(&pool.contracts, &all)).boxed()
            }
            RelationKind::Files => (
                pick(&pool.organisations, &all),
                pick(&pool.applications, &all),
            )
                .boxed(),
            RelationKind::Authors => {
                (pick(&persons_or_orgs, &all), pick(&pool.applications, &all)).boxed()
            }
            RelationKind::Funds => {
                (pick(&pool.applications, &all), pick(&pool.briques, &all)).boxed()
            }
            RelationKind::Targets => (
                pick(&pool.applications, &all),
                pick(&pool.territories, &all),
            )
                .boxed(),
            RelationKind::Decides => {
                (pick(&pool.organisations, &all), pick(&pool.decisions, &all)).boxed()
            }
            RelationKind::Concerns => (pick(&pool.decisions, &all), pick(&all, &all)).boxed(),
            RelationKind::Opens => (pick(&pool.persons, &all), pick(&pool.decisions, &all)).boxed(),
            _ => (pick(&all, &all), pick(&all, &all)).boxed(),
        }
    };
    // Carrying, membership and mandates weigh most: authority and voice
    // depend on them.
    let weight = |kind: RelationKind| match kind {
        RelationKind::Carries | RelationKind::Mandate => 4,
        RelationKind::MemberOf | RelationKind::PartyTo | RelationKind::Files => 2,
        _ => 1,
    };
    let typed_kinds: Vec<(u32, BoxedStrategy<Relation>)> = RelationKind::ALL
        .iter()
        .map(|&kind| {
            let s = (typed(kind), any_link_in(kind, pool))
                .prop_map(|((from, to), link)| Relation { from, to, link })
                .boxed();
            (weight(kind), s)
        })
        .collect();
    let any_ends: Vec<BoxedStrategy<Relation>> = RelationKind::ALL
        .iter()
        .map(|&kind| {
            (pick(&all, &all), pick(&all, &all), any_link_in(kind, pool))
                .prop_map(|(from, to, link)| Relation { from, to, link })
                .boxed()
        })
        .collect();
    let any_ends = prop::strategy::Union::new(any_ends).boxed();
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
        8 => prop::strategy::Union::new_weighted(typed_kinds),
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
/// additions under new, live (duplicate) or retired keys, invalid nodes of
/// every kind, updates that change the kind or make a carrier a
/// collective, updates of briques, contracts, applications and decisions
/// that move their lifecycle forward or rewrite it, removals
/// with and without relations, relations with unknown keys, wrong endpoint
/// kinds, self relations, cycles, overlapping administrative carriers,
/// duplicates, empty scopes and powers, and removals of existing and
/// missing relations.
pub fn any_change(pool: &KeyPool) -> BoxedStrategy<Change> {
    let all = pool.all();
    let add = (pick(&pool.fresh, &all), any_node_in(pool)).prop_map(|(k, n)| Change::add(k, n));
    let add_anywhere = (pick(&all, &all), any_node_in(pool)).prop_map(|(k, n)| Change::add(k, n));
    let update_any = (pick(&all, &all), any_node_in(pool)).prop_map(|(k, n)| Change::update(k, n));
    let update_same_kind = if pool.nodes.is_empty() {
        (pick(&all, &all), any_node_in(pool))
            .prop_map(|(k, n)| Change::update(k, n))
            .boxed()
    } else {
        let pool = pool.clone();
        prop::sample::select(pool.nodes.clone())
            .prop_flat_map(move |(k, n)| {
                node_like(&k, &n, &pool).prop_map(move |n| Change::update(k.clone(), n))
            })
            .boxed()
    };
    let retire = pick(&all, &all).prop_map(|key| Change::RetireKey { key });
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
        1 => retire,
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
