//! Criterion benchmarks for `communs` on generated governance networks.
//!
//! A deterministic generator (xorshift, no `rand`) builds a realistic network
//! of `N` nodes as a list of [`Change`]s: about 1 % collectives, 2 % carrier
//! associations (*pieds de réseau*), 5 % other organisations, a few places in
//! territories, and people for the rest, each with one to three memberships,
//! one in ten holding a mandate (sign / speak / file) on an association.
//! Carriers may be carried by other carriers (acyclic by construction: a
//! carrier is only carried by one with a smaller index) in chains up to eight
//! carrying relations deep; every organisation has at most one
//! administrative carrier; some organisations are in formation with a
//! blueprint. Memberships are skewed, so a few organisations have thousands
//! of members, as hubs do.
//!
//! Groups, each for `N` = 1 000 and 100 000 (and 1 000 000 when the
//! environment variable `COMMUNS_BENCH_FULL` is set):
//!
//! - `build`: [`Network::apply_all`] from empty, against a bare petgraph
//!   `StableDiGraph` filled with `add_node` / `add_edge` and a `HashMap` from
//!   key to index over the same changes; also [`Network::apply`] change by
//!   change (no batch, so no undo log). Cloning the changes is not timed.
//! - `validate`: [`Network::validate`], against a bare petgraph DFS visiting
//!   every node of a graph with the same nodes and edges.
//! - `query`: [`Network::voice`] and [`Network::may_act`], 2 000 questions
//!   per iteration.
//! - `document`: JSON save, load and the round trip, and the halves of each
//!   direction (network ↔ [`Document`](communs::Document) ↔ JSON).
//! - `one_change`: one `AddRelation` then its `RemoveRelation` on a built
//!   network, so that the state is stable between iterations.
//!
//! Sample sizes and times are small so that a quick run
//! (`cargo bench --bench network -- --quick`) takes a few minutes at most.
#![allow(
    clippy::arithmetic_side_effects,
    reason = "benchmarks are not library code: the no-panic lints guard the library"
)]

use std::collections::HashMap;
use std::error::Error;
use std::hint::black_box;
use std::time::Duration;

use communs::{
    Act, Blueprint, BriqueKind, Carrying, Change, Currency, Document, Form, Involvement, Key, Link,
    Mandate, Membership, Money, Network, Node, Organisation, Period, Person, Place, Powers,
    ProcessKind, Relation, Role, Rule, Scope, ScopeKind, Statutes, Tag, Territory, Voice,
};
use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput};
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::{Dfs, VisitMap};
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};

type BenchResult<T> = Result<T, Box<dyn Error>>;

/// The instant every validation and query is made as of.
const AS_OF: OffsetDateTime = datetime!(2024-06-01 12:00 +02:00);
/// The number of questions per iteration of the query benchmarks.
const QUERIES: usize = 2_000;
/// Carriers are at most this deep (0 = not carried), so a carried collective
/// sits at most `MAX_CARRIER_DEPTH + 1` carrying relations below a root.
const MAX_CARRIER_DEPTH: usize = 7;

// ----- deterministic randomness -----

/// xorshift64*: small, fast and deterministic.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        usize::try_from(self.next_u64() % n as u64).unwrap_or(0)
    }

    /// True with probability `p` percent.
    fn percent(&mut self, p: u64) -> bool {
        self.next_u64() % 100 < p
    }

    /// In `0..n`, skewed towards 0 (density of `u²`): the first indices are hubs.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * n as f64) as usize).min(n.saturating_sub(1))
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    /// A date between 2010-01-01 and the end of 2021.
    fn since(&mut self) -> BenchResult<Date> {
        let base = date!(2010 - 01 - 01).to_julian_day();
        let offset = i32::try_from(self.below(365 * 12))?;
        Ok(Date::from_julian_day(base + offset)?)
    }

    /// A period that holds at [`AS_OF`] (`current_percent` of the time) or
    /// ended before it.
    fn period(&mut self, current_percent: u64) -> BenchResult<Period> {
        let since = self.since()?;
        if self.percent(current_percent) {
            return Ok(Period::since(since));
        }
        let days = i32::try_from(30 + self.below(600))?;
        let until = Date::from_julian_day(since.to_julian_day() + days)?;
        Ok(Period::between(since, until)?)
    }
}

fn key(s: &str) -> BenchResult<Key> {
    Ok(Key::new(s)?)
}

/// A period long before any generated one: a relation with it never
/// duplicates an existing relation.
fn old_period() -> BenchResult<Period> {
    Ok(Period::between(
        date!(1990 - 01 - 01),
        date!(1990 - 12 - 31),
    )?)
}

// ----- the generator -----

/// Something a carrier carries: its key and, if it is a carrier, its index.
struct Carried {
    key: Key,
    carrier: Option<usize>,
}

/// A generated network, with the question sets the benchmarks ask of it.
struct Generated {
    changes: Vec<Change>,
    nodes: usize,
    relations: usize,
    organisations: usize,
    carriers: usize,
    in_formation: usize,
    mandates: usize,
    /// The longest carrying chain, in relations.
    max_chain: usize,
    /// The members of the biggest hub.
    hub_members: usize,
    voice: Vec<Key>,
    may_act: Vec<(Key, Act, Key)>,
    /// A membership absent from the network.
    one_membership: Relation,
    /// A financial carrying of a collective (which carries nothing) by an
    /// uncarried organisation, absent from the network.
    one_carrying_leaf: Relation,
    /// A financial carrying of the root carrier with the biggest subtree by
    /// the same uncarried organisation, absent from the network.
    one_carrying_root: Relation,
    /// The size of that subtree (what the cycle check of a carrying added
    /// above it walks), counting an organisation once per carrying.
    root_subtree: usize,
}

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

fn objectives(rng: &mut Rng) -> BenchResult<Vec<Tag>> {
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

/// Generates a network of `n` nodes (at least a few dozen are made whatever `n`).
#[allow(clippy::too_many_lines)] // one linear recipe reads best in one place
fn generate(n: usize, seed: u64) -> BenchResult<Generated> {
    let mut rng = Rng::new(seed ^ n as u64);
    let n_collectives = (n / 100).max(2);
    let n_carriers = (n / 50).max(4);
    let n_others = (n / 20).max(4);
    let n_territories = (n / 2_000).max(2);
    let n_places = (n / 200).max(2);
    let n_people = n
        .saturating_sub(n_collectives + n_carriers + n_others + n_territories + n_places)
        .max(4);

    let mut nodes: Vec<Change> = Vec::new();
    let mut rels: Vec<Change> = Vec::new();

    // Territories and places.
    let territories = (0..n_territories)
        .map(|i| key(&format!("territory-{i}")))
        .collect::<BenchResult<Vec<_>>>()?;
    for (i, k) in territories.iter().enumerate() {
        let t = Territory::new(format!("Territory {i}"));
        let t = if rng.percent(20) {
            t.priority_area()
        } else {
            t
        };
        nodes.push(Change::add(k.clone(), t));
    }
    for i in 0..n_places {
        let k = key(&format!("place-{i}"))?;
        let place = Place::new(format!("Place {i}")).with_address(format!("{i} rue des Communs"));
        nodes.push(Change::add(k.clone(), place));
        if let Some(t) = rng.pick(&territories) {
            rels.push(Change::relate(k, t.clone(), Link::LocatedIn));
        }
    }

    let carrier_keys = (0..n_carriers)
        .map(|i| key(&format!("carrier-{i}")))
        .collect::<BenchResult<Vec<_>>>()?;
    let collective_keys = (0..n_collectives)
        .map(|i| key(&format!("collective-{i}")))
        .collect::<BenchResult<Vec<_>>>()?;
    let other_keys = (0..n_others)
        .map(|i| key(&format!("org-{i}")))
        .collect::<BenchResult<Vec<_>>>()?;
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
    for i in 0..n_people {
        let k = key(&format!("person-{i}"))?;
        nodes.push(Change::add(k.clone(), Person::new(format!("Person {i}"))));
        let wanted = 1 + rng.below(3);
        let mut targets: Vec<Key> = Vec::with_capacity(wanted);
        if rng.percent(10) {
            if let Some((a, carrier)) = rng.pick(&associations) {
                let period = rng.period(90)?;
                let involvement = Involvement::Core;
                rels.push(Change::relate(
                    k.clone(),
                    a.clone(),
                    Membership::new(officer_role(&mut rng), involvement, period),
                ));
                let period = rng.period(80)?;
                rels.push(Change::relate(
                    k.clone(),
                    a.clone(),
                    Mandate::new(powers(&mut rng), period),
                ));
                mandates += 1;
                targets.push(a.clone());
                holders.push((k.clone(), a.clone(), *carrier));
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
    let financial = || -> BenchResult<Carrying> {
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
    let node_count = nodes.len();
    let relations = rels.len();
    let mut changes = nodes;
    changes.append(&mut rels);
    Ok(Generated {
        changes,
        nodes: node_count,
        relations,
        organisations: all_orgs.len(),
        carriers: n_carriers,
        in_formation: in_formation.len(),
        mandates,
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

// ----- the bare petgraph baseline -----

type BaseGraph = StableDiGraph<(Key, Node), Link, u32>;

/// The same changes into a bare petgraph graph: no checks but key lookups.
fn baseline_build(changes: Vec<Change>) -> (BaseGraph, HashMap<Key, NodeIndex<u32>>) {
    let mut graph = BaseGraph::default();
    let mut index = HashMap::new();
    for change in changes {
        match change {
            Change::AddNode { key, node } => {
                let ix = graph.add_node((key.clone(), node));
                index.insert(key, ix);
            }
            Change::AddRelation(r) => {
                if let (Some(&a), Some(&b)) = (index.get(&r.from), index.get(&r.to)) {
                    graph.add_edge(a, b, r.link);
                }
            }
            _ => {}
        }
    }
    (graph, index)
}

/// A DFS from every node not yet visited: every node and edge once.
fn baseline_dfs(graph: &BaseGraph) -> usize {
    let mut dfs = Dfs::empty(graph);
    let mut visited = 0;
    for start in graph.node_indices() {
        if dfs.discovered.is_visited(&start) {
            continue;
        }
        dfs.move_to(start);
        while dfs.next(graph).is_some() {
            visited += 1;
        }
    }
    visited
}

// ----- fixtures and checks (outside timing) -----

struct Fixture {
    n: usize,
    generated: Generated,
    net: Network,
    baseline: BaseGraph,
    json: String,
}

fn fixture(n: usize) -> BenchResult<Fixture> {
    let generated = generate(n, 0x00C0_FFEE)?;
    let mut net = Network::new();
    net.apply_all(generated.changes.clone())?;
    if net.len() != generated.nodes || net.relation_count() != generated.relations {
        return Err(format!(
            "network has {} nodes and {} relations, generator made {} and {}",
            net.len(),
            net.relation_count(),
            generated.nodes,
            generated.relations
        )
        .into());
    }
    let (baseline, _) = baseline_build(generated.changes.clone());
    if baseline.node_count() != net.len() || baseline.edge_count() != net.relation_count() {
        return Err("baseline graph differs from the network".into());
    }
    let json = serde_json::to_string(&net)?;
    let back: Network = serde_json::from_str(&json)?;
    if back != net {
        return Err("document round trip changed the network".into());
    }
    // One change and its undo leave the network as it was.
    for r in [
        &generated.one_membership,
        &generated.one_carrying_leaf,
        &generated.one_carrying_root,
    ] {
        let before = net.relation_count();
        net.apply(Change::AddRelation(r.clone()))?;
        net.apply(Change::RemoveRelation(r.clone()))?;
        if net.relation_count() != before {
            return Err(format!("adding then removing {r} changed the network").into());
        }
    }
    describe(n, &generated, &net, &json)?;
    Ok(Fixture {
        n,
        generated,
        net,
        baseline,
        json,
    })
}

/// Prints what the generated network looks like and what the questions find.
fn describe(n: usize, g: &Generated, net: &Network, json: &str) -> BenchResult<()> {
    let day = AS_OF.date();
    let report = net.validate(AS_OF);
    let rules: Vec<String> = Rule::ALL
        .iter()
        .map(|r| format!("{r}={}", report.of_rule(*r).count()))
        .collect();
    let (mut own, mut carrier, mut silent) = (0, 0, 0);
    for o in &g.voice {
        match net.voice(o, day)? {
            Voice::Own { .. } => own += 1,
            Voice::Carrier { .. } => carrier += 1,
            _ => silent += 1,
        }
    }
    let mut granted = 0;
    for (p, act, o) in &g.may_act {
        if net.may_act(p, *act, o, day)?.is_granted() {
            granted += 1;
        }
    }
    eprintln!(
        "[N={n}] {} nodes, {} relations, {} organisations ({} carriers, {} in formation), \
         {} mandates, longest carrying chain {}, biggest hub {} members, \
         root subtree ≈{}, JSON {} KiB; findings: {}; voice: own {own} / carrier {carrier} / \
         silent {silent}; may_act granted {granted}/{}",
        g.nodes,
        g.relations,
        g.organisations,
        g.carriers,
        g.in_formation,
        g.mandates,
        g.max_chain,
        g.hub_members,
        g.root_subtree,
        json.len() / 1024,
        rules.join(" "),
        g.may_act.len(),
    );
    Ok(())
}

// ----- benchmarks -----

fn configure(group: &mut BenchmarkGroup<'_, WallTime>, flat: bool) {
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    if flat {
        group.sampling_mode(SamplingMode::Flat);
    }
}

fn elements(n: usize) -> Throughput {
    Throughput::Elements(u64::try_from(n).unwrap_or(u64::MAX))
}

fn bench_build(c: &mut Criterion, fixtures: &[Fixture]) {
    let mut group = c.benchmark_group("build");
    configure(&mut group, true);
    for f in fixtures {
        group.throughput(elements(f.n));
        let changes = &f.generated.changes;
        group.bench_function(BenchmarkId::new("communs", f.n), |b| {
            b.iter_batched(
                || changes.clone(),
                |changes| {
                    let mut net = Network::new();
                    let result = net.apply_all(changes);
                    (net, result)
                },
                BatchSize::LargeInput,
            );
        });
        // The same changes one by one: no batch, so no undo log.
        group.bench_function(BenchmarkId::new("communs_apply_each", f.n), |b| {
            b.iter_batched(
                || changes.clone(),
                |changes| {
                    let mut net = Network::new();
                    let refused = changes
                        .into_iter()
                        .map(|c| net.apply(c))
                        .filter(Result::is_err)
                        .count();
                    (net, refused)
                },
                BatchSize::LargeInput,
            );
        });
        group.bench_function(BenchmarkId::new("petgraph_baseline", f.n), |b| {
            b.iter_batched(|| changes.clone(), baseline_build, BatchSize::LargeInput);
        });
    }
    group.finish();
}

fn bench_validate(c: &mut Criterion, fixtures: &[Fixture]) {
    let mut group = c.benchmark_group("validate");
    configure(&mut group, true);
    for f in fixtures {
        group.throughput(elements(f.n));
        group.bench_function(BenchmarkId::new("communs", f.n), |b| {
            b.iter(|| f.net.validate(black_box(AS_OF)));
        });
        group.bench_function(BenchmarkId::new("petgraph_baseline", f.n), |b| {
            b.iter(|| baseline_dfs(black_box(&f.baseline)));
        });
    }
    group.finish();
}

fn bench_queries(c: &mut Criterion, fixtures: &[Fixture]) {
    let mut group = c.benchmark_group("query");
    configure(&mut group, false);
    let day = AS_OF.date();
    for f in fixtures {
        group.throughput(elements(QUERIES));
        group.bench_function(BenchmarkId::new("voice", f.n), |b| {
            b.iter(|| {
                let mut speakers = 0usize;
                for o in &f.generated.voice {
                    if let Ok(v) = f.net.voice(black_box(o), day) {
                        speakers += usize::from(v.speaker().is_some());
                    }
                }
                speakers
            });
        });
        group.bench_function(BenchmarkId::new("may_act", f.n), |b| {
            b.iter(|| {
                let mut granted = 0usize;
                for (p, act, o) in &f.generated.may_act {
                    if let Ok(a) = f.net.may_act(black_box(p), *act, o, day) {
                        granted += usize::from(a.is_granted());
                    }
                }
                granted
            });
        });
    }
    group.finish();
}

fn bench_document(c: &mut Criterion, fixtures: &[Fixture]) {
    let mut group = c.benchmark_group("document");
    configure(&mut group, true);
    for f in fixtures {
        group.throughput(elements(f.n));
        group.bench_function(BenchmarkId::new("to_json", f.n), |b| {
            b.iter(|| serde_json::to_string(black_box(&f.net)));
        });
        group.bench_function(BenchmarkId::new("from_json", f.n), |b| {
            b.iter_batched(
                || (),
                |()| serde_json::from_str::<Network>(black_box(&f.json)),
                BatchSize::LargeInput,
            );
        });
        // The halves of each direction, to see where the time goes.
        group.bench_function(BenchmarkId::new("to_document", f.n), |b| {
            b.iter_batched(
                || (),
                |()| black_box(&f.net).to_document(),
                BatchSize::LargeInput,
            );
        });
        let doc = f.net.to_document();
        group.bench_function(BenchmarkId::new("document_to_json", f.n), |b| {
            b.iter(|| serde_json::to_string(black_box(&doc)));
        });
        group.bench_function(BenchmarkId::new("json_to_document", f.n), |b| {
            b.iter_batched(
                || (),
                |()| serde_json::from_str::<Document>(black_box(&f.json)),
                BatchSize::LargeInput,
            );
        });
        group.bench_function(BenchmarkId::new("from_document", f.n), |b| {
            b.iter_batched(
                || doc.clone(),
                Network::from_document,
                BatchSize::LargeInput,
            );
        });
        group.bench_function(BenchmarkId::new("roundtrip", f.n), |b| {
            b.iter_batched(
                || (),
                |()| {
                    serde_json::to_string(black_box(&f.net))
                        .and_then(|s| serde_json::from_str::<Network>(&s))
                },
                BatchSize::LargeInput,
            );
        });
    }
    group.finish();
}

fn bench_one_change(c: &mut Criterion, fixtures: &mut [Fixture]) {
    let mut group = c.benchmark_group("one_change");
    configure(&mut group, false);
    for f in fixtures {
        let cases = [
            ("add_membership", f.generated.one_membership.clone()),
            ("add_carrying_leaf", f.generated.one_carrying_leaf.clone()),
            (
                "add_carrying_over_root",
                f.generated.one_carrying_root.clone(),
            ),
        ];
        for (name, relation) in cases {
            let add = Change::AddRelation(relation.clone());
            let remove = Change::RemoveRelation(relation);
            let net = &mut f.net;
            group.bench_function(BenchmarkId::new(name, f.n), |b| {
                b.iter(|| {
                    let added = net.apply(black_box(add.clone()));
                    let removed = net.apply(black_box(remove.clone()));
                    (added, removed)
                });
            });
        }
    }
    group.finish();
}

fn run(c: &mut Criterion) -> BenchResult<()> {
    let mut sizes = vec![1_000, 100_000];
    if std::env::var_os("COMMUNS_BENCH_FULL").is_some() {
        sizes.push(1_000_000);
    }
    let mut fixtures = sizes
        .into_iter()
        .map(fixture)
        .collect::<BenchResult<Vec<_>>>()?;
    bench_build(c, &fixtures);
    bench_validate(c, &fixtures);
    bench_queries(c, &fixtures);
    bench_document(c, &fixtures);
    bench_one_change(c, &mut fixtures);
    Ok(())
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    if let Err(e) = run(&mut c) {
        eprintln!("benchmark setup failed: {e}");
        std::process::exit(1);
    }
    c.final_summary();
}
