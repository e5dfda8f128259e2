//! A deterministic generator of realistic governance networks, shared by the
//! criterion benches (`benches/network.rs`), the `ratios` example
//! (`examples/ratios.rs`) and anything else that wants a big valid network.
//!
//! No criterion, no `rand`: an xorshift64* generator seeded from the size and
//! a seed, so the same `(n, seed)` always gives the same changes.
//!
//! A network of `n` nodes (the shape of issue 8) has about
//!
//! - 1 % collectives, each administratively carried, a third in formation
//!   with a blueprint, some with organisations as members;
//! - 2 % carriers (*pieds de réseau*, associations), 60 % of them carried by
//!   an earlier carrier, so carrying is acyclic by construction, in chains up
//!   to eight carrying relations deep below a root; every organisation has at
//!   most one administrative carrier;
//! - 5 % briques, run by one or two organisations, many building an
//!   institution in formation, some hosted at a place, some with a schedule
//!   and retribution terms;
//! - 5 % contracts with two to four parties (people and organisations) and
//!   clauses among their committing parties, most of them round a circle
//!   (reciprocal), some one way, one in a hundred with a single committing
//!   party and one in a hundred with a supporting party that gives; an
//!   organisation's signature is mostly by a holder of a mandate to sign
//!   for it, in its period;
//! - 1 % other organisations (cooperatives, companies, public bodies, other
//!   associations), 0.5 % places and 0.05 % territories, which the relations
//!   above need;
//! - people, each with one to three memberships skewed towards
//!   a few hub organisations (the biggest has thousands of members at a
//!   million nodes), one in ten holding a mandate (sign / speak / file) on
//!   an association where they are an officer;
//! - 0.5 % applications (at least 60): filed by a carrier three times in
//!   four, else by another legal person, rarely by a collective (among them
//!   a few *stray* collectives, 1 % of the applications and at least
//!   three, no longer carried, carried without financial scope or carried
//!   with it, that file one each), mostly signed
//!   by a holder of a current mandate to file for the filer; written by one
//!   to three people (rarely nobody); funding one or two briques that the
//!   filer or what it carries runs; targeting those briques' territories
//!   now and then; with a deadline from mid-2022 to mid-2025, a lifecycle
//!   (drafting, submitted mostly on time, granted, refused, withdrawn),
//!   purpose tags among the filer's objectives and a burden (none on the
//!   carriers with a limit of zero, but rarely);
//! - 0.5 % decisions (at least 60): half on an application, opened well
//!   before its deadline mostly, the others on an organisation, a brique or
//!   a contract; decided by the voice of what they concern (rarely by
//!   another organisation), opened by a person; by vote (ballots of members,
//!   mostly reaching the quorum), consent, consensus, advice, transparency
//!   (questions mostly answered) or delegation to a person holding a decide
//!   mandate (created for the purpose, before 2022), mostly; objections
//!   resolved before an adoption, mostly; some adopted ones with a review
//!   date, a few already past.
//!
//! The people are the rest. Every rule about applications and decisions
//! fires for a few per cent of its items and stays silent for the others
//! (each rare flaw is missing from the first item it could affect and
//! present by the third, so small networks have both outcomes too).
//!
//! The changes come in three runs: every [`Change::AddNode`] first (contracts
//! without their clauses), then every [`Change::AddRelation`], then one
//! [`Change::UpdateNode`] per contract that has clauses, adding them once its
//! parties exist. Every change is valid on its own, in that order, so the
//! list can be applied as one batch or change by change.
#![allow(
    dead_code,
    reason = "shared by several targets: each uses only part of the generator"
)]
#![allow(
    clippy::arithmetic_side_effects,
    reason = "generator code on small bounded counts, not library code"
)]

use std::collections::{HashMap, HashSet};
use std::error::Error;

use communs::{
    Act, Application, ApplicationStatus, Blueprint, Brique, BriqueKind, BriqueStatus, Carrying,
    Change, Clause, Contract, ContractStatus, Currency, Decision, Filing, Form, Fraction,
    Frequency, Gift, Intervention, InterventionKind, Involvement, Key, Lifecycle, Link, Mandate,
    Membership, Mode, Money, Nature, Nth, Organisation, Outcome, Party, Per, Period, Person, Place,
    Powers, Process, ProcessKind, Recurrence, Relation, Retribution, Role, Running, Schedule,
    Scope, ScopeKind, Stance, Statutes, Tag, Term, Territory, Visibility,
};
use time::macros::{date, datetime, time};
use time::{Date, Duration, OffsetDateTime, UtcOffset};

/// What the generator returns on a bug of its own (it never should).
pub type GenResult<T> = Result<T, Box<dyn Error>>;

/// The instant every validation and query is made as of.
pub const AS_OF: OffsetDateTime = datetime!(2024-06-01 12:00 +02:00);
/// The number of questions of each kind (voice, may-act) per question set.
pub const QUERIES: usize = 2_000;
/// Carriers are at most this deep (0 = not carried), so a carried collective
/// sits at most `MAX_CARRIER_DEPTH + 1` carrying relations below a root.
pub const MAX_CARRIER_DEPTH: usize = 7;
/// The seed the benches and the example use.
pub const SEED: u64 = 0x00C0_FFEE;

// ----- deterministic randomness -----

/// xorshift64*: small, fast and deterministic.
pub struct Rng(u64);

impl Rng {
    /// A generator for this seed (never the all-zero state).
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        usize::try_from(self.next_u64() % n as u64).unwrap_or(0)
    }

    /// True with probability `p` percent.
    pub fn percent(&mut self, p: u64) -> bool {
        self.next_u64() % 100 < p
    }

    /// In `0..n`, skewed towards 0 (density of `u²`): the first indices are hubs.
    pub fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * n as f64) as usize).min(n.saturating_sub(1))
    }

    /// One of `items`, or `None` when there is none.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    /// A date between 2010-01-01 and the end of 2021.
    pub fn since(&mut self) -> GenResult<Date> {
        let base = date!(2010 - 01 - 01).to_julian_day();
        let offset = i32::try_from(self.below(365 * 12))?;
        Ok(Date::from_julian_day(base + offset)?)
    }

    /// `days_max` days or fewer (at least one) after `date`.
    pub fn after(&mut self, date: Date, days_max: usize) -> GenResult<Date> {
        let days = i32::try_from(1 + self.below(days_max))?;
        Ok(Date::from_julian_day(date.to_julian_day() + days)?)
    }

    /// A period that holds at [`AS_OF`] (`current_percent` of the time) or
    /// ended before it.
    pub fn period(&mut self, current_percent: u64) -> GenResult<Period> {
        let since = self.since()?;
        if self.percent(current_percent) {
            return Ok(Period::since(since));
        }
        let until = self.after(since, 630)?;
        Ok(Period::between(since, until)?)
    }
}

/// A key from a string the generator made (always a valid slug).
pub fn key(s: &str) -> GenResult<Key> {
    Ok(Key::new(s)?)
}

/// The key of the `i`-th person.
pub fn person_key(i: usize) -> GenResult<Key> {
    key(&format!("person-{i}"))
}

/// A period long before any generated one: a relation with it never
/// duplicates an existing relation.
pub fn old_period() -> GenResult<Period> {
    Ok(Period::between(
        date!(1990 - 01 - 01),
        date!(1990 - 12 - 31),
    )?)
}

// ----- what the generator returns -----

/// Something a carrier carries: its key and, if it is a carrier, its index.
pub struct Carried {
    /// The carried organisation.
    pub key: Key,
    /// Its index among the carriers, if it is one.
    pub carrier: Option<usize>,
}

/// A generated network, with the question sets the benchmarks ask of it.
pub struct Generated {
    /// The size asked for.
    pub n: usize,
    /// Every change, in order: nodes, relations, contract updates.
    pub changes: Vec<Change>,
    /// How many changes at the head of `changes` add nodes.
    pub node_changes: usize,
    /// How many changes follow the relations (contract updates).
    pub update_changes: usize,
    /// Nodes in the network.
    pub nodes: usize,
    /// Relations in the network.
    pub relations: usize,
    /// Organisations (carriers, collectives and others).
    pub organisations: usize,
    /// Carriers.
    pub carriers: usize,
    /// Briques.
    pub briques: usize,
    /// Contracts.
    pub contracts: usize,
    /// Clauses over all contracts.
    pub clauses: usize,
    /// Organisations in formation.
    pub in_formation: usize,
    /// Mandates (sign / speak / file ones of officers, and decide ones of
    /// the delegates of delegated decisions).
    pub mandates: usize,
    /// Applications.
    pub applications: usize,
    /// Decisions.
    pub decisions: usize,
    /// People.
    pub people: usize,
    /// The longest carrying chain, in relations.
    pub max_chain: usize,
    /// The members of the biggest hub.
    pub hub_members: usize,
    /// Organisations whose voice is asked.
    pub voice: Vec<Key>,
    /// (person, act, organisation) questions for `may_act`.
    pub may_act: Vec<(Key, Act, Key)>,
    /// A membership absent from the network (a person joins the biggest hub).
    pub one_membership: Relation,
    /// A financial carrying of a collective (which carries nothing) by an
    /// uncarried organisation, absent from the network.
    pub one_carrying_leaf: Relation,
    /// A financial carrying of the root carrier with the biggest subtree by
    /// the same uncarried organisation, absent from the network.
    pub one_carrying_root: Relation,
    /// The size of that subtree (what the cycle check of a carrying added
    /// above it walks), counting an organisation once per carrying.
    pub root_subtree: usize,
}

impl Generated {
    /// The changes that add nodes.
    pub fn node_part(&self) -> &[Change] {
        self.changes.get(..self.node_changes).unwrap_or(&[])
    }

    /// The changes after the nodes: relations, then contract updates.
    pub fn relation_part(&self) -> &[Change] {
        self.changes.get(self.node_changes..).unwrap_or(&[])
    }

    /// The changes that add relations only.
    pub fn relations_only(&self) -> &[Change] {
        let end = self.node_changes + self.relations;
        self.changes.get(self.node_changes..end).unwrap_or(&[])
    }

    /// The contract updates that add clauses, last.
    pub fn update_part(&self) -> &[Change] {
        let start = self.node_changes + self.relations;
        self.changes.get(start..).unwrap_or(&[])
    }

    /// One line describing the network.
    pub fn summary(&self) -> String {
        format!(
            "{} nodes, {} relations, {} changes; {} organisations ({} carriers, {} in formation), \
             {} briques, {} contracts ({} clauses), {} applications, {} decisions, {} people, \
             {} mandates, longest carrying chain {}, biggest hub {} members, root subtree {}",
            self.nodes,
            self.relations,
            self.changes.len(),
            self.organisations,
            self.carriers,
            self.in_formation,
            self.briques,
            self.contracts,
            self.clauses,
            self.applications,
            self.decisions,
            self.people,
            self.mandates,
            self.max_chain,
            self.hub_members,
            self.root_subtree,
        )
    }
}

// ----- vocabularies -----

const BRIQUES: [BriqueKind; 6] = [
    BriqueKind::Coworking,
    BriqueKind::Workshop,
    BriqueKind::ReciprocityContracts,
    BriqueKind::FinancialService,
    BriqueKind::Permanence,
    BriqueKind::Meeting,
];
const PROCESSES: [ProcessKind; 6] = [
    ProcessKind::Vote,
    ProcessKind::Consent,
    ProcessKind::Consensus,
    ProcessKind::Advice,
    ProcessKind::Transparency,
    ProcessKind::Delegated,
];
const INVOLVEMENTS: [Involvement; 3] = [
    Involvement::Peripheral,
    Involvement::Active,
    Involvement::Core,
];
const ACTS: [Act; 4] = [Act::Sign, Act::Speak, Act::Decide, Act::File];
const OBJECTIVES: [&str; 5] = [
    "digital-solidarity",
    "social-innovation",
    "commons",
    "food",
    "housing",
];
const FREQUENCIES: [Frequency; 4] = [
    Frequency::Once,
    Frequency::Weekly,
    Frequency::Monthly,
    Frequency::Yearly,
];

fn blueprint(rng: &mut Rng) -> Blueprint {
    let kinds: Vec<BriqueKind> = BRIQUES
        .iter()
        .filter(|_| rng.percent(40))
        .cloned()
        .collect();
    let b = Blueprint::new(kinds);
    if rng.percent(50) {
        b.with_governance_body()
    } else {
        b
    }
}

fn established(rng: &mut Rng, org: Organisation, statutes: Statutes) -> Organisation {
    let process = rng.pick(&PROCESSES).copied().unwrap_or(ProcessKind::Vote);
    org.established(statutes, process)
}

fn objectives(rng: &mut Rng) -> GenResult<Vec<Tag>> {
    let mut out = Vec::new();
    for name in OBJECTIVES {
        if rng.percent(30) {
            out.push(Tag::new(name)?);
        }
    }
    Ok(out)
}

fn member_role(rng: &mut Rng) -> Role {
    match rng.below(20) {
        0..=11 => Role::Member,
        12..=15 => Role::Participant,
        16..=18 => Role::Contributor,
        _ => Role::Coordinator,
    }
}

fn officer_role(rng: &mut Rng) -> Role {
    match rng.below(4) {
        0 => Role::President,
        1 => Role::CoPresident,
        2 => Role::Treasurer,
        _ => Role::Secretary,
    }
}

/// A non-empty subset of sign, speak and file.
fn powers(rng: &mut Rng) -> Powers {
    let bits = 1 + rng.below(7);
    let mut p = Powers::empty();
    for (i, act) in [Act::Sign, Act::Speak, Act::File].into_iter().enumerate() {
        if bits & (1 << i) != 0 {
            p.insert(act);
        }
    }
    p
}

/// A brique lifecycle: proposed, then maybe planned, active, paused or ended.
fn brique_lifecycle(rng: &mut Rng) -> GenResult<Lifecycle<BriqueStatus>> {
    let mut life = Lifecycle::new(BriqueStatus::Proposed);
    let mut at = rng.since()?;
    let steps = rng.below(5);
    for status in [
        BriqueStatus::Planned,
        BriqueStatus::Active,
        if rng.percent(50) {
            BriqueStatus::Paused
        } else {
            BriqueStatus::Ended
        },
    ]
    .into_iter()
    .take(steps)
    {
        at = rng.after(at, 200)?;
        life = life.then(at, status)?;
    }
    Ok(life)
}

/// A weekly or monthly schedule.
fn schedule(rng: &mut Rng) -> GenResult<Schedule> {
    let first = rng.since()?;
    let s = if rng.percent(60) {
        let mut days = communs::Days::empty();
        for d in [
            communs::Day::Tuesday,
            communs::Day::Thursday,
            communs::Day::Saturday,
        ] {
            if rng.percent(50) {
                days.insert(d);
            }
        }
        if days.is_empty() {
            days.insert(communs::Day::Wednesday);
        }
        Schedule::new(
            Recurrence::Weekly { days },
            time!(14:00),
            time!(17:00),
            first,
        )?
    } else {
        Schedule::new(
            Recurrence::Monthly {
                nth: Nth::First,
                day: communs::Day::Thursday,
            },
            time!(18:00),
            time!(20:30),
            first,
        )?
    };
    let s = if rng.percent(30) {
        s.with_exception(rng.after(first, 60)?)
    } else {
        s
    };
    Ok(if rng.percent(20) {
        s.until(rng.after(first, 900)?)?
    } else {
        s
    })
}

fn retribution(rng: &mut Rng) -> Retribution {
    match rng.below(10) {
        0..=6 => Retribution::None,
        7 | 8 => Retribution::ToBeDefined,
        _ => Retribution::Defined {
            amount: Money::new(
                i64::try_from(1_000 + rng.below(4_000)).unwrap_or(0),
                Currency::EUR,
            ),
            per: if rng.percent(50) {
                Per::Hour
            } else {
                Per::Session
            },
            payer: "the commons fund".into(),
        },
    }
}

fn gift(rng: &mut Rng) -> Gift {
    let frequency = rng.pick(&FREQUENCIES).copied().unwrap_or(Frequency::Once);
    match rng.below(5) {
        0 => Gift::Money {
            amount: Money::new(
                i64::try_from(5_000 + rng.below(100_000)).unwrap_or(0),
                Currency::EUR,
            ),
            frequency,
        },
        1 => Gift::Time {
            hours: u32::try_from(1 + rng.below(20)).unwrap_or(1),
            frequency,
        },
        2 => Gift::InKind("rooms and equipment".into()),
        3 => Gift::Knowledge("workshops on the commons".into()),
        _ => Gift::UsageRight("the back room".into()),
    }
}

fn contract_lifecycle(rng: &mut Rng, start: Date) -> GenResult<Lifecycle<ContractStatus>> {
    let mut life = Lifecycle::new(ContractStatus::Draft);
    let mut at = start;
    for status in [
        ContractStatus::Proposed,
        ContractStatus::Signed,
        ContractStatus::Active,
    ]
    .into_iter()
    .take(rng.below(4))
    {
        at = rng.after(at, 90)?;
        life = life.then(at, status)?;
    }
    Ok(life)
}

// ----- applications and decisions -----

/// The programmes applications are filed to.
const PROGRAMMES: [&str; 4] = [
    "Fabrique à entreprendre",
    "Politique de la Ville",
    "Fonds pour l'innovation sociale",
    "Appel à projets communs",
];

/// Members kept per organisation: an organisation with more is never asked
/// to vote (a vote lists one ballot per voter).
const MEMBERS_KEPT: usize = 80;

/// What the applications and decisions need to know of the organisations
/// made before them.
#[derive(Default)]
struct Traits {
    /// Objectives of every organisation.
    objectives: HashMap<Key, Vec<Tag>>,
    /// The administrative carrier of every carried organisation (at most
    /// one each; all such carryings hold from 2022 on).
    admin_carrier: HashMap<Key, Key>,
    /// Organisations in formation.
    formation: HashSet<Key>,
    /// Organisations with a burden limit (of zero).
    limited: HashSet<Key>,
    /// Public bodies (funders).
    public_bodies: Vec<Key>,
    /// The periods of the organisations that are members of each one.
    org_members: HashMap<Key, Vec<Period>>,
    /// People members of each organisation, by person index; a list longer
    /// than [`MEMBERS_KEPT`] is incomplete.
    members: HashMap<Key, Vec<(usize, Period)>>,
    /// (person, organisation) pairs with a mandate.
    mandated: HashSet<(usize, Key)>,
    /// Holders of a current mandate with the file power, by organisation.
    file_holders: HashMap<Key, Vec<usize>>,
}

impl Traits {
    /// The first person from `start` on (wrapping round) who holds no
    /// mandate from `org` and is not `except`; an error if there is none,
    /// rather than searching for ever.
    fn unmandated(
        &self,
        start: usize,
        n_people: usize,
        org: &Key,
        except: Option<usize>,
    ) -> GenResult<usize> {
        (0..n_people)
            .map(|step| (start + step) % n_people)
            .find(|p| Some(*p) != except && !self.mandated.contains(&(*p, org.clone())))
            .ok_or_else(|| format!("every person holds a mandate from `{org}`").into())
    }

    fn add_member(&mut self, org: &Key, person: usize, period: Period) {
        if let Some(list) = self.members.get_mut(org) {
            if list.len() <= MEMBERS_KEPT {
                list.push((person, period));
            }
        } else {
            self.members.insert(org.clone(), vec![(person, period)]);
        }
    }

    /// Who speaks for `org` from 2022 on: itself when established, else its
    /// administrative carrier's voice.
    fn voice(&self, org: &Key) -> Option<Key> {
        let mut at = org;
        for _ in 0..=MAX_CARRIER_DEPTH + 2 {
            if !self.formation.contains(at) {
                return Some(at.clone());
            }
            at = self.admin_carrier.get(at)?;
        }
        None
    }

    /// The people members of `org` on `date` and its member count (people
    /// and organisations), when all are known.
    fn members_on(&self, org: &Key, date: Date) -> Option<(Vec<usize>, usize)> {
        let list = self.members.get(org)?;
        if list.len() > MEMBERS_KEPT {
            return None;
        }
        let people: Vec<usize> = list
            .iter()
            .filter(|(_, p)| p.contains(date))
            .map(|(i, _)| *i)
            .collect();
        let orgs = self
            .org_members
            .get(org)
            .map_or(0, |l| l.iter().filter(|p| p.contains(date)).count());
        let total = people.len() + orgs;
        Some((people, total))
    }
}

/// A flaw that a rule should find now and then: the first eligible item is
/// always sound, the third is flawed if none was yet, the others are flawed
/// `p` percent of the time. So a rule fires and stays silent on small
/// networks too, and fires for about `p` percent of its items on big ones.
#[derive(Default)]
struct Rare {
    seen: usize,
    hits: usize,
}

impl Rare {
    fn hit(&mut self, rng: &mut Rng, p: u64) -> bool {
        self.seen += 1;
        let hit = match self.seen {
            1 => false,
            s if s >= 3 && self.hits == 0 => true,
            _ => rng.percent(p),
        };
        if hit {
            self.hits += 1;
        }
        hit
    }
}

/// The rare flaws of applications and decisions, one counter each.
#[derive(Default)]
struct Flaws {
    missed: Rare,
    burden: Rare,
    purpose: Rare,
    unmandated_filing: Rare,
    unauthored: Rare,
    territory: Rare,
    short_notice: Rare,
    after_deadline: Rare,
    illegitimate: Rare,
    objection: Rare,
    question: Rare,
    quorum: Rare,
    review: Rare,
    delegate: Rare,
}

/// `date` moved by `days` (negative: earlier).
fn shift(date: Date, days: i64) -> GenResult<Date> {
    Ok(Date::from_julian_day(
        date.to_julian_day() + i32::try_from(days)?,
    )?)
}

/// Days from `a` to `b`.
fn days_between(a: Date, b: Date) -> i64 {
    i64::from(b.to_julian_day() - a.to_julian_day())
}

/// `date` at `hour`:00 in Paris (UTC+2 from April to October, else UTC+1).
fn instant(date: Date, hour: usize) -> GenResult<OffsetDateTime> {
    let summer = (4..=10).contains(&u8::from(date.month()));
    let offset = UtcOffset::from_hms(if summer { 2 } else { 1 }, 0, 0)?;
    Ok(date
        .with_hms(u8::try_from(hour.min(23))?, 0, 0)?
        .assume_offset(offset))
}

fn euros(rng: &mut Rng, min: usize, spread: usize) -> Money {
    Money::new(
        i64::try_from(100 * (min + rng.below(spread))).unwrap_or(0),
        Currency::EUR,
    )
}

/// An application's lifecycle and submission date. Its deadline falls
/// between mid-2022 and mid-2025; `created` is when drafting began. A
/// `live` application is drafting, submitted or granted at [`AS_OF`].
fn application_lifecycle(
    rng: &mut Rng,
    flaws: &mut Flaws,
    deadline: Date,
    created: Date,
    live: bool,
) -> GenResult<(Lifecycle<ApplicationStatus>, Option<Date>)> {
    let today = AS_OF.date();
    let life = Lifecycle::new(ApplicationStatus::Drafting);
    if deadline >= today {
        // Still open: drafting, or submitted early.
        let latest = deadline.min(shift(today, -1)?);
        let room = days_between(created, latest);
        if room >= 1 && rng.percent(40) {
            let on = shift(
                created,
                1 + i64::try_from(rng.below(usize::try_from(room)?))?,
            )?;
            return Ok((life.then(on, ApplicationStatus::Submitted)?, Some(on)));
        }
        return Ok((life, None));
    }
    if !live && flaws.missed.hit(rng, 4) {
        // Submitted late, or still drafting after the deadline.
        let on = shift(deadline, 1 + i64::try_from(rng.below(10))?)?;
        if on >= today || rng.percent(50) {
            return Ok((life, None));
        }
        let life = life.then(on, ApplicationStatus::Submitted)?;
        let refused = shift(on, 30 + i64::try_from(rng.below(60))?)?;
        let life = if refused < today && rng.percent(50) {
            life.then(refused, ApplicationStatus::Refused)?
        } else {
            life
        };
        return Ok((life, Some(on)));
    }
    if !live && rng.percent(5) {
        let room = usize::try_from(days_between(created, deadline))?;
        let on = shift(created, 1 + i64::try_from(rng.below(room))?)?;
        return Ok((life.then(on, ApplicationStatus::Withdrawn)?, None));
    }
    // Submitted on time, a few days before the deadline at most.
    let on = shift(deadline, -i64::try_from(rng.below(15))?)?;
    let life = life.then(on, ApplicationStatus::Submitted)?;
    let answered = shift(on, 20 + i64::try_from(rng.below(130))?)?;
    let life = if live || answered >= today {
        life
    } else {
        match rng.below(20) {
            0..=8 => life.then(answered, ApplicationStatus::Granted)?,
            9..=14 => life.then(answered, ApplicationStatus::Refused)?,
            15 => life.then(answered, ApplicationStatus::Withdrawn)?,
            _ => life,
        }
    };
    Ok((life, Some(on)))
}

/// `count` distinct items of `pool`, in random order.
fn sample(rng: &mut Rng, pool: &[usize], count: usize) -> Vec<usize> {
    let mut v = pool.to_vec();
    let count = count.min(v.len());
    for i in 0..count {
        let j = i + rng.below(v.len() - i);
        v.swap(i, j);
    }
    v.truncate(count);
    v
}

/// `num / den` of `whole`, rounded up.
fn part_of(whole: usize, f: Fraction) -> usize {
    let (num, den) = (f.num() as usize, (f.den() as usize).max(1));
    (whole * num).div_ceil(den)
}

// ----- the generator -----

/// Generates a network of about `n` nodes (at least a few dozen whatever `n`).
#[allow(
    clippy::too_many_lines,
    reason = "one linear recipe reads best in one place"
)]
pub fn generate(n: usize, seed: u64) -> GenResult<Generated> {
    let mut rng = Rng::new(seed ^ n as u64);
    let n_collectives = (n / 100).max(2);
    let n_carriers = (n / 50).max(4);
    let n_briques = (n / 20).max(4);
    let n_contracts = (n / 20).max(4);
    let n_others = (n / 100).max(4);
    let n_territories = (n / 2_000).max(2);
    let n_places = (n / 200).max(2);
    // At least a few dozen of each, so that every rule about them has
    // something to find on small networks too.
    let n_applications = (n / 200).max(60);
    let n_decisions = (n / 200).max(60);
    let n_stray = (n_applications / 100).max(3);
    let n_people = n
        .saturating_sub(
            n_collectives
                + n_carriers
                + n_briques
                + n_contracts
                + n_others
                + n_territories
                + n_places
                + n_applications
                + n_decisions
                + n_stray,
        )
        .max(8);

    let mut nodes: Vec<Change> = Vec::new();
    let mut rels: Vec<Change> = Vec::new();
    let mut updates: Vec<Change> = Vec::new();

    // Territories and places.
    let territories = (0..n_territories)
        .map(|i| key(&format!("territory-{i}")))
        .collect::<GenResult<Vec<_>>>()?;
    for (i, k) in territories.iter().enumerate() {
        let t = Territory::new(format!("Territory {i}"));
        let t = if rng.percent(20) {
            t.priority_area()
        } else {
            t
        };
        nodes.push(Change::add(k.clone(), t));
    }
    // The territory of each place, by index (for `targets`).
    let mut place_territory: Vec<Option<usize>> = Vec::with_capacity(n_places);
    let places = (0..n_places)
        .map(|i| key(&format!("place-{i}")))
        .collect::<GenResult<Vec<_>>>()?;
    for (i, k) in places.iter().enumerate() {
        let place = Place::new(format!("Place {i}")).with_address(format!("{i} rue des Communs"));
        nodes.push(Change::add(k.clone(), place));
        let t = rng.below(territories.len());
        if let Some(tk) = territories.get(t) {
            rels.push(Change::relate(k.clone(), tk.clone(), Link::LocatedIn));
            place_territory.push(Some(t));
        } else {
            place_territory.push(None);
        }
    }

    let carrier_keys = (0..n_carriers)
        .map(|i| key(&format!("carrier-{i}")))
        .collect::<GenResult<Vec<_>>>()?;
    let collective_keys = (0..n_collectives)
        .map(|i| key(&format!("collective-{i}")))
        .collect::<GenResult<Vec<_>>>()?;
    let other_keys = (0..n_others)
        .map(|i| key(&format!("org-{i}")))
        .collect::<GenResult<Vec<_>>>()?;
    let mut in_formation: Vec<Key> = Vec::new();
    let mut associations: Vec<(Key, Option<usize>)> = Vec::new();
    let mut children: Vec<Vec<Carried>> = (0..n_carriers).map(|_| Vec::new()).collect();
    // What the applications and decisions need to know of the organisations:
    // their objectives, their administrative carrier (for the voice), the
    // carriers with a burden limit, the members of other organisations.
    let mut traits = Traits::default();

    // Carriers: associations, some carried by an earlier carrier.
    let mut depth: Vec<usize> = Vec::with_capacity(n_carriers);
    for (i, k) in carrier_keys.iter().enumerate() {
        let parent = if i > 0 && rng.percent(60) {
            let j = if rng.percent(50) {
                rng.below(i)
            } else {
                i - 1 - rng.below(i.min(3))
            };
            let dj = depth.get(j).copied().unwrap_or(usize::MAX);
            (dj < MAX_CARRIER_DEPTH).then_some((j, dj))
        } else {
            None
        };
        depth.push(parent.map_or(0, |(_, dj)| dj + 1));
        let objs = objectives(&mut rng)?;
        traits.objectives.insert(k.clone(), objs.clone());
        let org =
            Organisation::new(format!("Carrier {i}"), Form::Association).with_objectives(objs);
        let org = if rng.percent(30) {
            traits.limited.insert(k.clone());
            org.with_burden_limit(Money::zero(Currency::EUR))
        } else {
            org
        };
        let org = if parent.is_some() && rng.percent(15) {
            traits.formation.insert(k.clone());
            in_formation.push(k.clone());
            org.in_formation(blueprint(&mut rng))
        } else {
            established(&mut rng, org, Statutes::Formal)
        };
        nodes.push(Change::add(k.clone(), org));
        associations.push((k.clone(), Some(i)));
        if let Some((j, _)) = parent {
            let scope = if rng.percent(80) {
                Scope::all()
            } else {
                Scope::of(&[ScopeKind::Administrative])
            };
            let period = Period::since(rng.since()?);
            if let (Some(pk), Some(list)) = (carrier_keys.get(j), children.get_mut(j)) {
                traits.admin_carrier.insert(k.clone(), pk.clone());
                rels.push(Change::relate(
                    pk.clone(),
                    k.clone(),
                    Carrying::new(scope, period),
                ));
                list.push(Carried {
                    key: k.clone(),
                    carrier: Some(i),
                });
            }
        }
    }
    let deep: Vec<usize> = depth
        .iter()
        .enumerate()
        .filter(|&(_, &d)| d >= 4)
        .map(|(i, _)| i)
        .collect();

    // Collectives: each administratively carried, a third in formation.
    for (i, k) in collective_keys.iter().enumerate() {
        let objs = objectives(&mut rng)?;
        traits.objectives.insert(k.clone(), objs.clone());
        let org =
            Organisation::new(format!("Collective {i}"), Form::Collective).with_objectives(objs);
        let org = if rng.percent(35) {
            traits.formation.insert(k.clone());
            in_formation.push(k.clone());
            org.in_formation(blueprint(&mut rng))
        } else {
            established(&mut rng, org, Statutes::Informal)
        };
        nodes.push(Change::add(k.clone(), org));
        let c = match rng.pick(&deep) {
            Some(&d) if rng.percent(60) => d,
            _ => rng.below(n_carriers),
        };
        let scope = if rng.percent(70) {
            Scope::all()
        } else {
            Scope::of(&[ScopeKind::Administrative, ScopeKind::Financial])
        };
        let period = Period::since(rng.since()?);
        if let (Some(ck), Some(list)) = (carrier_keys.get(c), children.get_mut(c)) {
            traits.admin_carrier.insert(k.clone(), ck.clone());
            rels.push(Change::relate(
                ck.clone(),
                k.clone(),
                Carrying::new(scope, period),
            ));
            list.push(Carried {
                key: k.clone(),
                carrier: None,
            });
        }
        // A second, financial-only carrier now and then.
        if rng.percent(10) {
            let c2 = rng.below(n_carriers);
            if c2 != c
                && let (Some(ck), Some(list)) = (carrier_keys.get(c2), children.get_mut(c2))
            {
                let period = Period::since(rng.since()?);
                rels.push(Change::relate(
                    ck.clone(),
                    k.clone(),
                    Carrying::new(Scope::of(&[ScopeKind::Financial]), period),
                ));
                list.push(Carried {
                    key: k.clone(),
                    carrier: None,
                });
            }
        }
        // Organisations that are members of the collective (carriers or
        // others; collectives belong to nothing, so membership is acyclic).
        let mut members: Vec<&Key> = Vec::new();
        for _ in 0..rng.below(3) {
            let m = if rng.percent(50) {
                rng.pick(&carrier_keys)
            } else {
                rng.pick(&other_keys)
            };
            if let Some(m) = m
                && !members.contains(&m)
            {
                members.push(m);
                let period = Period::since(rng.since()?);
                traits
                    .org_members
                    .entry(k.clone())
                    .or_default()
                    .push(period);
                rels.push(Change::relate(
                    m.clone(),
                    k.clone(),
                    Membership::new(Role::Member, Involvement::Active, period),
                ));
            }
        }
    }

    // Other organisations: a few in formation and carried, a few carried
    // financially, some members of a carrier.
    let forms = [
        Form::Association,
        Form::Cooperative,
        Form::Company,
        Form::PublicBody,
    ];
    let mut uncarried_other: Option<Key> = None;
    for (i, k) in other_keys.iter().enumerate() {
        let form = rng.pick(&forms).copied().unwrap_or(Form::Company);
        let objs = objectives(&mut rng)?;
        traits.objectives.insert(k.clone(), objs.clone());
        let org = Organisation::new(format!("Organisation {i}"), form).with_objectives(objs);
        let carried = if rng.percent(10) {
            traits.formation.insert(k.clone());
            in_formation.push(k.clone());
            nodes.push(Change::add(
                k.clone(),
                org.in_formation(blueprint(&mut rng)),
            ));
            Some(Scope::all())
        } else {
            nodes.push(Change::add(
                k.clone(),
                established(&mut rng, org, Statutes::Formal),
            ));
            rng.percent(5).then(|| Scope::of(&[ScopeKind::Financial]))
        };
        if form == Form::Association {
            associations.push((k.clone(), None));
        }
        if form == Form::PublicBody {
            traits.public_bodies.push(k.clone());
        }
        let admin = carried
            .as_ref()
            .is_some_and(|s| s.contains(ScopeKind::Administrative));
        match carried {
            Some(scope) => {
                let c = rng.below(n_carriers);
                if let (Some(ck), Some(list)) = (carrier_keys.get(c), children.get_mut(c)) {
                    if admin {
                        traits.admin_carrier.insert(k.clone(), ck.clone());
                    }
                    let period = Period::since(rng.since()?);
                    rels.push(Change::relate(
                        ck.clone(),
                        k.clone(),
                        Carrying::new(scope, period),
                    ));
                    list.push(Carried {
                        key: k.clone(),
                        carrier: None,
                    });
                }
            }
            None => {
                if uncarried_other.is_none() {
                    uncarried_other = Some(k.clone());
                }
            }
        }
        if rng.percent(10)
            && let Some(c) = rng.pick(&carrier_keys)
        {
            let period = Period::since(rng.since()?);
            traits
                .org_members
                .entry(c.clone())
                .or_default()
                .push(period);
            rels.push(Change::relate(
                k.clone(),
                c.clone(),
                Membership::new(Role::Member, Involvement::Peripheral, period),
            ));
        }
    }

    // Every organisation, hubs first (memberships are skewed towards index 0).
    let all_orgs: Vec<Key> = carrier_keys
        .iter()
        .chain(&collective_keys)
        .chain(&other_keys)
        .cloned()
        .collect();

    // Briques: run by one or two organisations, building an institution in
    // formation (when there is one) six times in ten, hosted at a place four
    // times in ten.
    let mut brique_runners: Vec<Vec<(Key, Period)>> = Vec::with_capacity(n_briques);
    let mut brique_place: Vec<Option<usize>> = Vec::with_capacity(n_briques);
    let mut runs_of: HashMap<Key, Vec<usize>> = HashMap::new();
    for i in 0..n_briques {
        let k = key(&format!("brique-{i}"))?;
        let kind = rng.pick(&BRIQUES).cloned().unwrap_or(BriqueKind::Meeting);
        let recurring = matches!(kind, BriqueKind::Permanence | BriqueKind::Meeting);
        let mut b = Brique::new(format!("Brique {i}"), kind, brique_lifecycle(&mut rng)?)
            .with_retribution(retribution(&mut rng))
            .with_purpose(objectives(&mut rng)?);
        if recurring && rng.percent(50) {
            b = b.with_schedule(schedule(&mut rng)?);
        }
        nodes.push(Change::add(k.clone(), b));
        let n_run = 1 + usize::from(rng.percent(20));
        let mut chosen: Vec<&Key> = Vec::with_capacity(n_run);
        let mut runners: Vec<(Key, Period)> = Vec::with_capacity(n_run);
        for _ in 0..n_run {
            let Some(o) = rng.pick(&all_orgs) else { break };
            if chosen.contains(&o) {
                continue;
            }
            chosen.push(o);
            let period = rng.period(85)?;
            rels.push(Change::relate(o.clone(), k.clone(), Running::new(period)));
            runs_of.entry(o.clone()).or_default().push(i);
            runners.push((o.clone(), period));
        }
        brique_runners.push(runners);
        if rng.percent(60)
            && let Some(inst) = rng.pick(&in_formation)
        {
            rels.push(Change::relate(k.clone(), inst.clone(), Link::Builds));
        }
        let mut hosted = None;
        if rng.percent(40) {
            let p = rng.below(places.len());
            if let Some(pk) = places.get(p) {
                rels.push(Change::relate(k.clone(), pk.clone(), Link::HostedAt));
                hosted = Some(p);
            }
        }
        brique_place.push(hosted);
    }

    // One organisation in twenty is dormant: no person joins it, so the
    // `empty-membership` rule has something to find.
    let member_pool: Vec<Key> = all_orgs
        .iter()
        .enumerate()
        .filter(|&(i, _)| i % 20 != 19)
        .map(|(_, k)| k.clone())
        .collect();

    // People: 1 to 3 memberships, one in ten with a mandate on an association.
    let mut people: Vec<Key> = Vec::with_capacity(n_people);
    let mut holders: Vec<(Key, Key, Option<usize>)> = Vec::new();
    let mut mandates = 0;
    let mut member_count: HashMap<Key, usize> = HashMap::new();
    let mut signers_of: HashMap<Key, Vec<(Key, Period)>> = HashMap::new();
    for i in 0..n_people {
        let k = person_key(i)?;
        nodes.push(Change::add(k.clone(), Person::new(format!("Person {i}"))));
        let wanted = 1 + rng.below(3);
        let mut targets: Vec<Key> = Vec::with_capacity(wanted);
        if rng.percent(10)
            && let Some((a, carrier)) = rng.pick(&associations)
        {
            let period = rng.period(90)?;
            traits.add_member(a, i, period);
            rels.push(Change::relate(
                k.clone(),
                a.clone(),
                Membership::new(officer_role(&mut rng), Involvement::Core, period),
            ));
            let period = rng.period(80)?;
            let powers = powers(&mut rng);
            rels.push(Change::relate(
                k.clone(),
                a.clone(),
                Mandate::new(powers, period),
            ));
            mandates += 1;
            traits.mandated.insert((i, a.clone()));
            if powers.contains(Act::File) && period.end().is_none() {
                traits.file_holders.entry(a.clone()).or_default().push(i);
            }
            targets.push(a.clone());
            holders.push((k.clone(), a.clone(), *carrier));
            if powers.contains(Act::Sign) {
                signers_of
                    .entry(a.clone())
                    .or_default()
                    .push((k.clone(), period));
            }
        }
        let mut tries = 0;
        while targets.len() < wanted && tries < 8 {
            tries += 1;
            let Some(o) = member_pool.get(rng.skewed(member_pool.len())) else {
                continue;
            };
            if targets.contains(o) {
                continue;
            }
            let period = rng.period(90)?;
            let involvement = rng
                .pick(&INVOLVEMENTS)
                .copied()
                .unwrap_or(Involvement::Active);
            traits.add_member(o, i, period);
            rels.push(Change::relate(
                k.clone(),
                o.clone(),
                Membership::new(member_role(&mut rng), involvement, period),
            ));
            targets.push(o.clone());
        }
        for t in targets {
            *member_count.entry(t).or_default() += 1;
        }
        people.push(k);
    }

    // Contracts: two to four parties, people and organisations; clauses
    // among the committing ones, round a circle seven times in ten, else one
    // way (not reciprocal); one in 100 with a single committing party, one
    // in 100 with a supporting party giving. Added without clauses, then
    // updated with them.
    let mut clauses_total = 0;
    // The organisations committing to each contract, by contract index.
    let mut contract_orgs: Vec<Vec<Key>> = Vec::with_capacity(n_contracts);
    for i in 0..n_contracts {
        let k = key(&format!("contract-{i}"))?;
        let start = rng.since()?;
        let end = if rng.percent(30) {
            Some(rng.after(start, 1_000)?)
        } else {
            None
        };
        let nature = if rng.percent(70) {
            Nature::Moral
        } else {
            Nature::Legal
        };
        let contract = Contract::new(
            format!("Pacte {i}"),
            nature,
            Term::new(start, end)?,
            contract_lifecycle(&mut rng, start)?,
        );
        nodes.push(Change::add(k.clone(), contract.clone()));
        // One contract in 100 has a single committing party (the others
        // support it: `single-party`), and one in 100 a third party,
        // supporting, that gives in a clause (`supporting-commits`).
        let single = i % 100 == 7;
        let supporter_gives = i % 100 == 3;
        let wanted = 2 + rng.below(3);
        let wanted = if supporter_gives {
            wanted.max(3)
        } else {
            wanted
        };
        let mut parties: Vec<Key> = Vec::with_capacity(wanted);
        let mut committing: Vec<Key> = Vec::with_capacity(wanted);
        let mut supporting: Vec<Key> = Vec::new();
        let mut orgs: Vec<Key> = Vec::new();
        let mut tries = 0;
        while parties.len() < wanted && tries < 8 {
            tries += 1;
            let is_person = rng.percent(50);
            let p = if is_person {
                person_key(rng.below(n_people))?
            } else {
                // Associations sign most contracts between organisations.
                let org = if rng.percent(70) {
                    rng.pick(&associations).map(|(a, _)| a)
                } else {
                    rng.pick(&all_orgs)
                };
                match org {
                    Some(o) => o.clone(),
                    None => continue,
                }
            };
            if parties.contains(&p) {
                continue;
            }
            let mode = if (single && !committing.is_empty())
                || (supporter_gives && committing.len() >= 2 && supporting.is_empty())
            {
                Mode::Supporting
            } else if committing.len() < 2 || rng.percent(60) {
                Mode::Committing
            } else if rng.percent(50) {
                Mode::Supporting
            } else {
                Mode::NonSignatory
            };
            let party = Party::new(mode);
            let party = if mode == Mode::NonSignatory || rng.percent(40) {
                party
            } else if is_person {
                party.signed(rng.after(start, 30)?, None)
            } else {
                // Mostly signed by someone holding a mandate to sign for the
                // organisation, within its period, else by anyone.
                match signers_of.get(&p).and_then(|h| rng.pick(h)) {
                    Some((holder, period)) if rng.percent(80) => {
                        let from = period.start().unwrap_or(start);
                        let on = rng.after(from, 30)?;
                        let on = match period.end() {
                            Some(end) if on > end => end,
                            _ => on,
                        };
                        party.signed(on, Some(holder.clone()))
                    }
                    _ => party.signed(
                        rng.after(start, 30)?,
                        Some(person_key(rng.below(n_people))?),
                    ),
                }
            };
            rels.push(Change::relate(p.clone(), k.clone(), party));
            if mode == Mode::Committing {
                if !is_person {
                    orgs.push(p.clone());
                }
                committing.push(p.clone());
            } else if mode == Mode::Supporting {
                supporting.push(p.clone());
            }
            parties.push(p);
        }
        if committing.len() >= 2 {
            let circle = rng.percent(70);
            let mut with_clauses = contract;
            let count = committing.len();
            for (j, giver) in committing.iter().enumerate() {
                if !circle && j + 1 == count {
                    break;
                }
                if let Some(receiver) = committing.get((j + 1) % count) {
                    let clause = Clause::new(giver.clone(), receiver.clone(), gift(&mut rng));
                    let clause = if rng.percent(20) {
                        clause.with_modalities(communs::Terms::ToBeDefined)
                    } else {
                        clause
                    };
                    with_clauses = with_clauses.with_clause(clause);
                    clauses_total += 1;
                }
            }
            if let (true, Some(giver), Some(receiver)) =
                (supporter_gives, supporting.first(), committing.first())
            {
                let clause = Clause::new(giver.clone(), receiver.clone(), gift(&mut rng));
                with_clauses = with_clauses.with_clause(clause);
                clauses_total += 1;
            }
            updates.push(Change::update(k, with_clauses));
        }
        contract_orgs.push(orgs);
    }

    // Stray collectives: a few collectives that file an application of
    // their own, a third of them no longer carried (their carrier stopped
    // before the as-of date), a third carried without financial scope, a
    // third carried with it (the sound case). Each has one or two members.
    let mut flaws = Flaws::default();
    let mut stray_keys: Vec<Key> = Vec::with_capacity(n_stray);
    for j in 0..n_stray {
        let k = key(&format!("stray-collective-{j}"))?;
        let objs = objectives(&mut rng)?;
        traits.objectives.insert(k.clone(), objs.clone());
        let org = Organisation::new(format!("Stray collective {j}"), Form::Collective)
            .with_objectives(objs);
        nodes.push(Change::add(
            k.clone(),
            established(&mut rng, org, Statutes::Informal),
        ));
        let since = rng.since()?;
        let carrying = match j % 3 {
            0 => Carrying::new(
                Scope::all(),
                Period::between(since, rng.after(since, 700)?)?,
            ),
            1 => Carrying::new(
                Scope::of(&[ScopeKind::Administrative, ScopeKind::Legal]),
                Period::since(since),
            ),
            _ => Carrying::new(Scope::all(), Period::since(since)),
        };
        if let Some(c) = rng.pick(&carrier_keys) {
            rels.push(Change::relate(c.clone(), k.clone(), carrying));
        }
        for _ in 0..2 {
            let p = rng.below(n_people);
            if traits
                .members
                .get(&k)
                .is_some_and(|l| l.iter().any(|(q, _)| *q == p))
            {
                continue;
            }
            let period = Period::since(since);
            traits.add_member(&k, p, period);
            rels.push(Change::relate(
                person_key(p)?,
                k.clone(),
                Membership::new(Role::Member, Involvement::Active, period),
            ));
        }
        stray_keys.push(k);
    }

    // Applications: filed by a carrier three times in four, else by another
    // organisation, rarely by a collective (and once by each stray one),
    // mostly signed by a holder of a current mandate to file for the filer;
    // written by people, mostly members of the filer; funding one or two
    // briques that the filer or what it carries runs; targeting the
    // territories those briques are in, now and then.
    struct Filed {
        key: Key,
        filer: Key,
        deadline: Date,
    }
    let today = AS_OF.date();
    let mut filed: Vec<Filed> = Vec::with_capacity(n_applications);
    for a in 0..n_applications {
        let k = key(&format!("application-{a}"))?;
        let stray = stray_keys.get(a);
        let mut filer_carrier = None;
        let filer = match stray {
            Some(s) => s.clone(),
            None => match rng.below(100) {
                0 => rng.pick(&collective_keys),
                1..=75 => {
                    let c = rng.below(n_carriers);
                    filer_carrier = Some(c);
                    carrier_keys.get(c)
                }
                _ => rng.pick(&other_keys),
            }
            .ok_or("no filer")?
            .clone(),
        };
        let deadline = shift(date!(2022 - 06 - 01), i64::try_from(rng.below(1_125))?)?;
        let created = shift(deadline, -20 - i64::try_from(rng.below(100))?)?;
        let (life, submitted) =
            application_lifecycle(&mut rng, &mut flaws, deadline, created, stray.is_some())?;
        let live = life.at(today).is_live();

        // Burden: none on a carrier with a limit of zero, but rarely; stray
        // collectives expose themselves.
        let burden = if stray.is_some() {
            Some(euros(&mut rng, 500, 2_000))
        } else if traits.limited.contains(&filer) {
            if live && flaws.burden.hit(&mut rng, 4) {
                Some(euros(&mut rng, 100, 1_000))
            } else if rng.percent(50) {
                Some(Money::zero(Currency::EUR))
            } else {
                None
            }
        } else if rng.percent(50) {
            Some(euros(&mut rng, 0, 5_000))
        } else {
            None
        };

        // Purpose: among the filer's objectives, rarely beyond them.
        let objs = traits.objectives.get(&filer).cloned().unwrap_or_default();
        let mut purpose: Vec<Tag> = objs.iter().filter(|_| rng.percent(60)).cloned().collect();
        if purpose.is_empty() {
            purpose.extend(rng.pick(&objs).cloned());
        }
        if objs.len() < OBJECTIVES.len() && flaws.purpose.hit(&mut rng, 3) {
            let outside: Vec<&str> = OBJECTIVES
                .iter()
                .copied()
                .filter(|o| !objs.iter().any(|t| t.as_str() == *o))
                .collect();
            if let Some(o) = rng.pick(&outside) {
                purpose.push(Tag::new(o)?);
            }
        }

        let mut app = Application::new(
            format!("Dossier {a}"),
            rng.pick(&PROGRAMMES).copied().unwrap_or("Appel à projets"),
            deadline,
            life,
        )
        .with_purpose(purpose);
        if let Some(on) = submitted {
            app = app.submitted(instant(on, 9 + rng.below(9))?);
        }
        if rng.percent(60) {
            app = app.requesting(euros(&mut rng, 1_000, 49_000));
        }
        if let Some(b) = burden {
            app = app.with_burden(b);
        }
        if rng.percent(50)
            && let Some(f) = rng.pick(&traits.public_bodies)
        {
            app = app.with_funder(f.clone());
        }
        nodes.push(Change::add(k.clone(), app));

        // The filing: signed by a holder of a current mandate to file, by
        // nobody recorded, or rarely by someone without a mandate.
        let signed_by = if stray.is_some() {
            None
        } else if flaws.unmandated_filing.hit(&mut rng, 3) {
            Some(traits.unmandated(rng.below(n_people), n_people, &filer, None)?)
        } else {
            traits
                .file_holders
                .get(&filer)
                .and_then(|h| rng.pick(h))
                .copied()
                .filter(|_| rng.percent(90))
        };
        rels.push(Change::relate(
            filer.clone(),
            k.clone(),
            Filing::new(signed_by.map(person_key).transpose()?),
        ));

        // Authors: one to three people, mostly members of the filer.
        if !flaws.unauthored.hit(&mut rng, 3) {
            let pool: Vec<usize> = traits
                .members
                .get(&filer)
                .map(|l| l.iter().map(|(p, _)| *p).collect())
                .unwrap_or_default();
            let mut authors: Vec<usize> = Vec::with_capacity(3);
            for _ in 0..1 + rng.below(3) {
                let p = match rng.pick(&pool) {
                    Some(p) if rng.percent(70) => *p,
                    _ => rng.below(n_people),
                };
                if !authors.contains(&p) {
                    authors.push(p);
                    rels.push(Change::relate(person_key(p)?, k.clone(), Link::Authors));
                }
            }
        }

        // Funds: briques the filer, or what it carries, runs.
        let mut pool: Vec<usize> = runs_of.get(&filer).cloned().unwrap_or_default();
        if let Some(list) = filer_carrier.and_then(|c| children.get(c)) {
            for ch in list {
                pool.extend(runs_of.get(&ch.key).into_iter().flatten());
            }
        }
        let mut funded: Vec<usize> = Vec::with_capacity(2);
        for _ in 0..1 + usize::from(rng.percent(30)) {
            let b = match rng.pick(&pool) {
                Some(b) if rng.percent(80) => *b,
                _ => rng.below(n_briques),
            };
            if !funded.contains(&b) {
                funded.push(b);
                rels.push(Change::relate(
                    k.clone(),
                    key(&format!("brique-{b}"))?,
                    Link::Funds,
                ));
            }
        }

        // Targets: the territories of the funded briques' places half the
        // time, rarely a territory none of them is in.
        let mut hosted_in: Vec<usize> = funded
            .iter()
            .filter_map(|b| brique_place.get(*b).copied().flatten())
            .filter_map(|p| place_territory.get(p).copied().flatten())
            .collect();
        hosted_in.sort_unstable();
        hosted_in.dedup();
        let mut targets: Vec<usize> = Vec::new();
        if !hosted_in.is_empty() {
            // Every application with a hosted brique is a chance for the
            // flaw, so that it shows on small networks too.
            if flaws.territory.hit(&mut rng, 4) {
                let start = rng.below(n_territories);
                targets.extend(
                    (0..n_territories)
                        .map(|t| (t + start) % n_territories)
                        .find(|t| !hosted_in.contains(t)),
                );
            } else if rng.percent(50) {
                targets = hosted_in;
            }
        } else if rng.percent(25) {
            targets.push(rng.below(n_territories));
        }
        for t in targets {
            if let Some(tk) = territories.get(t) {
                rels.push(Change::relate(k.clone(), tk.clone(), Link::Targets));
            }
        }
        filed.push(Filed {
            key: k,
            filer,
            deadline,
        });
    }

    // Decisions: half on an application (opened well before its deadline,
    // mostly), the others on an organisation, a brique or a contract;
    // decided by the voice of what they concern (rarely by another
    // organisation), opened by a person, mostly a member of the decider.
    let mut delegate_of: HashMap<Key, usize> = HashMap::new();
    for d in 0..n_decisions {
        let k = key(&format!("decision-{d}"))?;
        let kind = rng.below(20);
        // What it concerns, and the deadline of a concerned application.
        let (concern, deadline, filer) = match kind {
            0..=9 => {
                let mut pick = rng.pick(&filed);
                for _ in 0..3 {
                    match pick {
                        Some(f) if f.deadline > shift(today, 60)? => pick = rng.pick(&filed),
                        _ => break,
                    }
                }
                let f = pick.ok_or("no application")?;
                (f.key.clone(), Some(f.deadline), Some(f.filer.clone()))
            }
            10..=13 => (rng.pick(&all_orgs).ok_or("no org")?.clone(), None, None),
            14..=16 => (
                key(&format!("brique-{}", rng.below(n_briques)))?,
                None,
                None,
            ),
            _ => (
                key(&format!("contract-{}", rng.below(n_contracts)))?,
                None,
                None,
            ),
        };
        let (opened, closes) = if let Some(deadline) = deadline {
            if flaws.short_notice.hit(&mut rng, 3) {
                let open = shift(deadline, -1 - i64::try_from(rng.below(6))?)?;
                (instant(open, 10)?, instant(deadline, 12)?)
            } else {
                let lead = 10 + rng.below(50);
                let open = shift(deadline, -i64::try_from(lead)?)?;
                let close = if flaws.after_deadline.hit(&mut rng, 3) {
                    shift(deadline, 1 + i64::try_from(rng.below(10))?)?
                } else {
                    shift(open, 1 + i64::try_from(rng.below(lead - 1))?)?
                };
                (instant(open, 9 + rng.below(8))?, instant(close, 18)?)
            }
        } else {
            let open = shift(date!(2022 - 01 - 03), i64::try_from(rng.below(850))?)?;
            let close = shift(open, 2 + i64::try_from(rng.below(20))?)?;
            (instant(open, 9 + rng.below(8))?, instant(close, 18)?)
        };
        let on = opened.date();

        // Whose voice decides: the organisations it concerns.
        let concerned: Vec<Key> = if let Some(f) = filer {
            vec![f]
        } else if kind <= 13 {
            vec![concern.clone()]
        } else if kind <= 16 {
            let b = concern
                .as_str()
                .trim_start_matches("brique-")
                .parse::<usize>()?;
            brique_runners
                .get(b)
                .into_iter()
                .flatten()
                .filter(|(_, p)| p.contains(on))
                .map(|(o, _)| o.clone())
                .collect()
        } else {
            let c = concern
                .as_str()
                .trim_start_matches("contract-")
                .parse::<usize>()?;
            contract_orgs.get(c).cloned().unwrap_or_default()
        };
        let mut deciders: Vec<Key> = concerned.iter().filter_map(|o| traits.voice(o)).collect();
        deciders.sort_unstable();
        deciders.dedup();
        let illegitimate = !concerned.is_empty() && flaws.illegitimate.hit(&mut rng, 3);
        if illegitimate || deciders.is_empty() {
            let start = rng.below(all_orgs.len());
            let other = (0..all_orgs.len())
                .filter_map(|i| all_orgs.get((i + start) % all_orgs.len()))
                .find(|o| !deciders.contains(o))
                .ok_or("no other organisation")?
                .clone();
            deciders = vec![other];
        }
        let single = (deciders.len() == 1 && !illegitimate)
            .then(|| deciders.first())
            .flatten();
        // A vote needs a small decider whose members are all known.
        let electorate = single
            .and_then(|o| traits.members_on(o, on))
            .filter(|(people, total)| people.len() >= 3 && *total <= MEMBERS_KEPT);
        let members: Vec<usize> = single
            .and_then(|o| traits.members.get(o))
            .map(|l| {
                l.iter()
                    .filter(|(_, p)| p.contains(on))
                    .map(|(i, _)| *i)
                    .collect()
            })
            .unwrap_or_default();
        let someone = |rng: &mut Rng| -> GenResult<Key> {
            match rng.pick(&members) {
                Some(p) if rng.percent(80) => person_key(*p),
                _ => person_key(rng.below(n_people)),
            }
        };
        let opener = someone(&mut rng)?;

        // The outcome: decided when it has closed.
        let closed = closes <= AS_OF;
        let outcome = if closed {
            match rng.below(20) {
                0..=14 => Outcome::Adopted,
                15..=17 => Outcome::Rejected,
                _ => Outcome::Withdrawn,
            }
        } else {
            Outcome::Pending
        };
        let life = if outcome == Outcome::Pending {
            Lifecycle::new(Outcome::Pending)
        } else {
            Lifecycle::new(Outcome::Pending).then(closes.date(), outcome)?
        };
        let adopted = outcome == Outcome::Adopted;

        // The process, and its interventions.
        let mut interventions: Vec<Intervention> = Vec::new();
        let mut next_id = 0u32;
        let mut hour = 0i64;
        let mut add = |rng: &mut Rng, kind: InterventionKind, by: Key, resolved: bool| -> u32 {
            next_id += 1;
            hour += 1 + i64::try_from(rng.below(2)).unwrap_or(0);
            let i = Intervention::new(next_id, kind, by, opened + Duration::hours(hour));
            interventions.push(if resolved { i.resolved() } else { i });
            next_id
        };
        let pick = rng.below(20);
        let process = match (pick, &electorate, single) {
            (0..=3, Some((people, total)), _) => {
                let threshold = if rng.percent(70) {
                    Fraction::new(1, 2)?
                } else {
                    Fraction::new(2, 3)?
                };
                let half = Fraction::new(1, 2)?;
                let quorum = if rng.percent(50) && part_of(*total, half) <= people.len() {
                    half
                } else {
                    Fraction::new(1, 3)?
                };
                let needed = part_of(*total, quorum);
                let cast = if adopted && flaws.quorum.hit(&mut rng, 4) {
                    needed.saturating_sub(1)
                } else if closed {
                    needed + rng.below(3)
                } else {
                    rng.below(needed + 1)
                };
                let voters = sample(&mut rng, people, cast);
                let abstain = if voters.len() >= 3 {
                    rng.below(voters.len() / 3 + 1)
                } else {
                    0
                };
                let expressed = voters.len() - abstain;
                let enough = part_of(expressed, threshold);
                let for_ = if outcome == Outcome::Rejected {
                    rng.below(enough.max(1))
                } else {
                    enough + rng.below(expressed - enough + 1)
                };
                for (v, p) in voters.into_iter().enumerate() {
                    let stance = if v < abstain {
                        Stance::Abstain
                    } else if v < abstain + for_ {
                        Stance::For
                    } else {
                        Stance::Against
                    };
                    add(
                        &mut rng,
                        InterventionKind::Stance(stance),
                        person_key(p)?,
                        false,
                    );
                }
                Process::Vote { threshold, quorum }
            }
            (0..=7, _, _) => Process::Consent,
            (8 | 9, _, _) => Process::Consensus,
            (10 | 11, _, _) => Process::Advice {
                decider: opener.clone(),
                consulted: vec![someone(&mut rng)?, someone(&mut rng)?],
            },
            (12..=16, _, _) => Process::Transparency,
            (_, _, Some(decider)) => {
                let to = if flaws.delegate.hit(&mut rng, 4) {
                    let delegate = delegate_of.get(decider).copied();
                    traits.unmandated(rng.below(n_people), n_people, decider, delegate)?
                } else if let Some(p) = delegate_of.get(decider) {
                    *p
                } else {
                    // The decider's delegate: a decide mandate since before
                    // 2022, held by a member when it has some.
                    let start = match rng.pick(&members) {
                        Some(p) => *p,
                        None => rng.below(n_people),
                    };
                    let p = traits.unmandated(start, n_people, decider, None)?;
                    traits.mandated.insert((p, decider.clone()));
                    delegate_of.insert(decider.clone(), p);
                    let since = shift(date!(2020 - 01 - 01), i64::try_from(rng.below(700))?)?;
                    rels.push(Change::relate(
                        person_key(p)?,
                        decider.clone(),
                        Mandate::new(Powers::of(&[Act::Decide, Act::Speak]), Period::since(since)),
                    ));
                    mandates += 1;
                    p
                };
                Process::Delegated {
                    to: person_key(to)?,
                }
            }
            _ => Process::Consensus,
        };
        if process == Process::Transparency {
            // Questions, answered by the opener or settled, rarely left
            // unanswered once it has closed.
            let unanswered = closed && flaws.question.hit(&mut rng, 4);
            let count = 1 + rng.below(3);
            for q in 0..count {
                let by = someone(&mut rng)?;
                if unanswered && q + 1 == count {
                    add(&mut rng, InterventionKind::Question, by, false);
                } else if rng.percent(80) {
                    let id = add(&mut rng, InterventionKind::Question, by, false);
                    add(
                        &mut rng,
                        InterventionKind::AnswerTo(id),
                        opener.clone(),
                        false,
                    );
                } else {
                    add(&mut rng, InterventionKind::Question, by, true);
                }
            }
        }
        if matches!(
            process,
            Process::Consent | Process::Consensus | Process::Transparency
        ) {
            // Objections: resolved before an adoption (rarely not), often
            // standing when it is rejected or still open.
            for _ in 0..rng.below(3).saturating_sub(1) {
                let by = someone(&mut rng)?;
                let resolved = adopted || rng.percent(50);
                add(&mut rng, InterventionKind::Objection, by, resolved);
            }
            if adopted && flaws.objection.hit(&mut rng, 4) {
                let by = someone(&mut rng)?;
                add(&mut rng, InterventionKind::Objection, by, false);
            }
        }
        if rng.percent(30) {
            let by = someone(&mut rng)?;
            add(&mut rng, InterventionKind::Support, by, false);
        }
        if rng.percent(10) {
            let by = someone(&mut rng)?;
            let settled = rng.percent(50);
            add(&mut rng, InterventionKind::Concern, by, settled);
        }

        let mut decision = Decision::new(format!("Décision {d}"), process, opened, closes, life)?;
        match rng.below(10) {
            0..=3 => decision = decision.public(u32::try_from(20 + rng.below(400))?),
            4..=7 => decision.visibility = Visibility::Members,
            _ => {}
        }
        for i in interventions {
            decision = decision.with(i);
        }
        // A review date for a quarter of the adopted ones: ahead, or rarely
        // already past.
        if adopted && rng.percent(25) {
            let gap = days_between(closes.date(), today);
            let review = if gap >= 2 && flaws.review.hit(&mut rng, 10) {
                shift(
                    closes.date(),
                    1 + i64::try_from(rng.below(usize::try_from(gap - 1)?))?,
                )?
            } else {
                shift(today, 1 + i64::try_from(rng.below(700))?)?
            };
            decision = decision.reviewed_on(review);
        }
        nodes.push(Change::add(k.clone(), decision));
        for o in &deciders {
            rels.push(Change::relate(o.clone(), k.clone(), Link::Decides));
        }
        rels.push(Change::relate(opener, k.clone(), Link::Opens));
        rels.push(Change::relate(k, concern, Link::Concerns));
    }

    // Subtree sizes: children have larger indices than their carrier, so one
    // pass from the last carrier up is enough.
    let mut subtree = vec![0usize; n_carriers];
    for c in (0..n_carriers).rev() {
        let size: usize = children
            .get(c)
            .map(|list| {
                list.iter()
                    .map(|ch| {
                        1 + ch
                            .carrier
                            .and_then(|x| subtree.get(x))
                            .copied()
                            .unwrap_or(0)
                    })
                    .sum()
            })
            .unwrap_or(0);
        if let Some(s) = subtree.get_mut(c) {
            *s = size;
        }
    }
    let (root, root_subtree) = subtree
        .iter()
        .enumerate()
        .filter(|&(c, _)| depth.get(c) == Some(&0))
        .max_by_key(|&(_, &s)| s)
        .map(|(c, &s)| (c, s))
        .ok_or("no root carrier")?;

    // Question sets.
    let mut voice = Vec::with_capacity(QUERIES);
    for q in 0..QUERIES {
        let pool = if q % 2 == 0 || in_formation.is_empty() {
            &all_orgs
        } else {
            &in_formation
        };
        if let Some(o) = rng.pick(pool) {
            voice.push(o.clone());
        }
    }
    let mut may_act = Vec::with_capacity(QUERIES);
    for q in 0..QUERIES {
        let act = rng.pick(&ACTS).copied().unwrap_or(Act::Sign);
        let question = if q % 2 == 0 || holders.is_empty() {
            rng.pick(&people).cloned().zip(rng.pick(&all_orgs).cloned())
        } else {
            // A mandate holder asked about an organisation their association
            // carries, a few levels down when it is a carrier.
            rng.pick(&holders).map(|(p, a, carrier)| {
                let mut org = a.clone();
                let mut at = *carrier;
                for _ in 0..=rng.below(4) {
                    let Some(list) = at.and_then(|c| children.get(c)) else {
                        break;
                    };
                    let Some(ch) = rng.pick(list) else { break };
                    org = ch.key.clone();
                    at = ch.carrier;
                }
                (p.clone(), org)
            })
        };
        if let Some((p, o)) = question {
            may_act.push((p, act, o));
        }
    }

    let person = people.first().ok_or("no person")?.clone();
    let hub = all_orgs.first().ok_or("no organisation")?.clone();
    let funder = uncarried_other.ok_or("no uncarried organisation")?;
    let collective = collective_keys.first().ok_or("no collective")?.clone();
    let root_key = carrier_keys.get(root).ok_or("no root")?.clone();
    let financial = || -> GenResult<Carrying> {
        Ok(Carrying::new(
            Scope::of(&[ScopeKind::Financial]),
            old_period()?,
        ))
    };
    let one_membership = Relation::new(
        person,
        hub,
        Membership::new(Role::Member, Involvement::Active, old_period()?),
    );
    let one_carrying_leaf = Relation::new(funder.clone(), collective, financial()?);
    let one_carrying_root = Relation::new(funder, root_key, financial()?);

    let max_chain = 1 + depth.iter().copied().max().unwrap_or(0);
    let hub_members = member_count.values().copied().max().unwrap_or(0);
    let node_changes = nodes.len();
    let relations = rels.len();
    let update_changes = updates.len();
    let mut changes = nodes;
    changes.append(&mut rels);
    changes.append(&mut updates);
    Ok(Generated {
        n,
        changes,
        node_changes,
        update_changes,
        nodes: node_changes,
        relations,
        organisations: all_orgs.len() + n_stray,
        carriers: n_carriers,
        briques: n_briques,
        contracts: n_contracts,
        clauses: clauses_total,
        in_formation: in_formation.len(),
        mandates,
        applications: n_applications,
        decisions: n_decisions,
        people: n_people,
        max_chain,
        hub_members,
        voice,
        may_act,
        one_membership,
        one_carrying_leaf,
        one_carrying_root,
        root_subtree,
    })
}
