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
//!   (reciprocal), some one way; an organisation's signature is mostly by a
//!   holder of a mandate to sign for it, in its period;
//! - 1 % other organisations (cooperatives, companies, public bodies, other
//!   associations), 0.5 % places and 0.05 % territories, which the relations
//!   above need;
//! - people for the rest, each with one to three memberships skewed towards
//!   a few hub organisations (the biggest has thousands of members at a
//!   million nodes), one in ten holding a mandate (sign / speak / file) on
//!   an association where they are an officer.
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

use std::collections::HashMap;
use std::error::Error;

use communs::{
    Act, Blueprint, Brique, BriqueKind, BriqueStatus, Carrying, Change, Clause, Contract,
    ContractStatus, Currency, Form, Frequency, Gift, Involvement, Key, Lifecycle, Link, Mandate,
    Membership, Mode, Money, Nature, Nth, Organisation, Party, Per, Period, Person, Place, Powers,
    ProcessKind, Recurrence, Relation, Retribution, Role, Running, Schedule, Scope, ScopeKind,
    Statutes, Tag, Term, Territory,
};
use time::macros::{date, datetime, time};
use time::{Date, OffsetDateTime};

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
    /// Mandates.
    pub mandates: usize,
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
             {} briques, {} contracts ({} clauses), {} people, {} mandates, \
             longest carrying chain {}, biggest hub {} members, root subtree {}",
            self.nodes,
            self.relations,
            self.changes.len(),
            self.organisations,
            self.carriers,
            self.in_formation,
            self.briques,
            self.contracts,
            self.clauses,
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
    let n_people = n
        .saturating_sub(
            n_collectives
                + n_carriers
                + n_briques
                + n_contracts
                + n_others
                + n_territories
                + n_places,
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
    let places = (0..n_places)
        .map(|i| key(&format!("place-{i}")))
        .collect::<GenResult<Vec<_>>>()?;
    for (i, k) in places.iter().enumerate() {
        let place = Place::new(format!("Place {i}")).with_address(format!("{i} rue des Communs"));
        nodes.push(Change::add(k.clone(), place));
        if let Some(t) = rng.pick(&territories) {
            rels.push(Change::relate(k.clone(), t.clone(), Link::LocatedIn));
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
        let org = Organisation::new(format!("Carrier {i}"), Form::Association)
            .with_objectives(objectives(&mut rng)?);
        let org = if rng.percent(30) {
            org.with_burden_limit(Money::zero(Currency::EUR))
        } else {
            org
        };
        let org = if parent.is_some() && rng.percent(15) {
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
        let org = Organisation::new(format!("Collective {i}"), Form::Collective)
            .with_objectives(objectives(&mut rng)?);
        let org = if rng.percent(35) {
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
            if c2 != c {
                if let (Some(ck), Some(list)) = (carrier_keys.get(c2), children.get_mut(c2)) {
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
            if let Some(m) = m {
                if !members.contains(&m) {
                    members.push(m);
                    let period = Period::since(rng.since()?);
                    rels.push(Change::relate(
                        m.clone(),
                        k.clone(),
                        Membership::new(Role::Member, Involvement::Active, period),
                    ));
                }
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
        let org = Organisation::new(format!("Organisation {i}"), form)
            .with_objectives(objectives(&mut rng)?);
        let carried = if rng.percent(10) {
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
        match carried {
            Some(scope) => {
                let c = rng.below(n_carriers);
                if let (Some(ck), Some(list)) = (carrier_keys.get(c), children.get_mut(c)) {
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
        if rng.percent(10) {
            if let Some(c) = rng.pick(&carrier_keys) {
                let period = Period::since(rng.since()?);
                rels.push(Change::relate(
                    k.clone(),
                    c.clone(),
                    Membership::new(Role::Member, Involvement::Peripheral, period),
                ));
            }
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
        let runners = 1 + usize::from(rng.percent(20));
        let mut chosen: Vec<&Key> = Vec::with_capacity(runners);
        for _ in 0..runners {
            let Some(o) = rng.pick(&all_orgs) else { break };
            if chosen.contains(&o) {
                continue;
            }
            chosen.push(o);
            let period = rng.period(85)?;
            rels.push(Change::relate(o.clone(), k.clone(), Running::new(period)));
        }
        if rng.percent(60) {
            if let Some(inst) = rng.pick(&in_formation) {
                rels.push(Change::relate(k.clone(), inst.clone(), Link::Builds));
            }
        }
        if rng.percent(40) {
            if let Some(p) = rng.pick(&places) {
                rels.push(Change::relate(k.clone(), p.clone(), Link::HostedAt));
            }
        }
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
        if rng.percent(10) {
            if let Some((a, carrier)) = rng.pick(&associations) {
                let period = rng.period(90)?;
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
                targets.push(a.clone());
                holders.push((k.clone(), a.clone(), *carrier));
                if powers.contains(Act::Sign) {
                    signers_of
                        .entry(a.clone())
                        .or_default()
                        .push((k.clone(), period));
                }
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
    // way (not reciprocal). Added without clauses, then updated with them.
    let mut clauses_total = 0;
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
        let wanted = 2 + rng.below(3);
        let mut parties: Vec<Key> = Vec::with_capacity(wanted);
        let mut committing: Vec<Key> = Vec::with_capacity(wanted);
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
            let mode = if committing.len() < 2 || rng.percent(60) {
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
                committing.push(p.clone());
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
            updates.push(Change::update(k, with_clauses));
        }
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
        organisations: all_orgs.len(),
        carriers: n_carriers,
        briques: n_briques,
        contracts: n_contracts,
        clauses: clauses_total,
        in_formation: in_formation.len(),
        mandates,
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
