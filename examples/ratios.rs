//! Checks the performance goals of issue 8 in one run: each operation of the
//! crate beside its baseline, on the same generated network, in interleaved
//! order (A B B A …), printing one line per goal.
//!
//! ```text
//! cargo run --release --example ratios -- [--size N] [--quick] [--only P1,P3] [--strict]
//! ```
//!
//! - `--size N`: the size of the generated network (default 1 000 000; the
//!   generator of `benches/gen.rs`). P5 compares it with a 1 000-node one.
//! - `--quick`: fewer rounds (each pair still runs A B B A at least once).
//! - `--only P1,P3`: run only these goals (P7 is measured whenever the
//!   network is built, and printed only when asked).
//! - `--strict`: exit with status 1 when a goal is missed.
//!
//! Each goal prints a line like `P3 roundtrip/plain ratio=1.25 goal<=1.5 ok`
//! (or `MISS`), followed by indented lines with the absolute times.
//!
//! | goal | crate (A) | baseline (B) |
//! |---|---|---|
//! | P1 | `Network::validate` (on one thread; also printed: on every thread the machine offers) | petgraph DFS from every root, same nodes and edges |
//! | P2 | 2 000 `voice` + 2 000 `may_act` | key lookups + a bare walk up incoming `carries` edges over the same reach (same filters), mandates found with `edges_connecting` |
//! | P2 tail | p99 / p50 of the crate's per-query times (worse of voice, may-act) | — |
//! | P3 | serde_json save + load of `Network` | same for a plain derived struct with the same JSON |
//! | P4 | `Network::apply_all` on a fresh network | petgraph `add_node` / `add_edge` + `HashMap` |
//! | P5 | add then remove one relation on the big network | the same on a 1 000-node network |
//! | P6 | remove an organisation with 70 000 memberships | 50 ms |
//! | P7 | heap retained by the built network | a petgraph graph with the same records + key map |
//!
//! P2 also prints, for reference, the plain reverse BFS over every incoming
//! `carries` edge (a wider reach), a noise floor (the same walk on a second
//! copy of the graph against the first: memory placement alone moves
//! memory-bound walks by this much), and how many incoming relations the
//! slowest questions' carrier chains hold.
//!
//! Memory is counted by a counting global allocator (`stats_alloc`; the
//! crate forbids unsafe code, so it cannot count by itself). It counts every
//! allocation of the run, of the crate and of the baselines alike.
#![allow(
    clippy::arithmetic_side_effects,
    reason = "measurement code: sums of durations and byte counts"
)]
#![allow(
    clippy::indexing_slicing,
    reason = "percentiles index sorted, non-empty samples"
)]

#[path = "../benches/baseline.rs"]
mod baseline;
#[path = "../benches/gen.rs"]
mod generator;

use std::alloc::System;
use std::error::Error;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use communs::{
    Change, Form, Involvement, Membership, Network, Options, Organisation, Period, Relation, Role,
    Rule,
};
use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};

use baseline::{BaseGraph, BaseIndex, PlainDoc, Reach};
use generator::{AS_OF, Generated, SEED, generate, key, person_key};

/// Counts every allocation of the run (P7, and the allocations per run
/// printed beside P1, P3 and P4). Its atomic counters make each allocation a
/// little dearer for the crate and the baselines alike; the counts printed
/// show how much that can weigh on each side.
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

type R<T> = Result<T, Box<dyn Error>>;

/// The degree of the organisation removed in P6.
const P6_DEGREE: usize = 70_000;
/// The time budget of P6.
const P6_BUDGET: Duration = Duration::from_millis(50);

// ----- arguments -----

struct Args {
    size: usize,
    quick: bool,
    strict: bool,
    only: Option<Vec<String>>,
}

impl Args {
    fn parse() -> R<Args> {
        let mut args = Args {
            size: 1_000_000,
            quick: false,
            strict: false,
            only: None,
        };
        let mut it = std::env::args().skip(1);
        while let Some(a) = it.next() {
            match a.as_str() {
                "--size" => {
                    let v = it.next().ok_or("--size needs a number")?;
                    args.size = v.replace(['_', ','], "").parse()?;
                }
                "--quick" => args.quick = true,
                "--strict" => args.strict = true,
                "--only" => {
                    let v = it.next().ok_or("--only needs a list like P1,P3")?;
                    args.only = Some(v.split(',').map(|s| s.trim().to_uppercase()).collect());
                }
                "-h" | "--help" => {
                    return Err(
                        "usage: ratios [--size N] [--quick] [--only P1,P3] [--strict]".into(),
                    );
                }
                // `cargo bench` passes `--bench` to every target; ignore it.
                "--bench" => {}
                other => return Err(format!("unknown argument `{other}`").into()),
            }
        }
        Ok(args)
    }

    fn wants(&self, goal: &str) -> bool {
        self.only
            .as_ref()
            .is_none_or(|list| list.iter().any(|g| g == goal))
    }

    /// Rounds of A B B A: `full` normally, `quick` with `--quick`.
    fn rounds(&self, full: usize, quick: usize) -> usize {
        if self.quick { quick } else { full }
    }

    /// Rounds for the goals that take seconds at a million nodes (P3, P4):
    /// one there, more on smaller networks, one with `--quick`.
    fn heavy_rounds(&self) -> usize {
        match self.size {
            _ if self.quick => 1,
            0..300_000 => 3,
            300_000..700_000 => 2,
            _ => 1,
        }
    }
}

// ----- measuring -----

/// Runs `run(true)` (A, the crate) and `run(false)` (B, the baseline) in the
/// order A B B A, `rounds` times. Each call times what it measures itself
/// (so that setup and drops stay out) and returns that time.
fn abba(rounds: usize, mut run: impl FnMut(bool) -> R<Duration>) -> R<(Duration, Duration)> {
    let (mut a, mut b) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..rounds.max(1) {
        a += run(true)?;
        b += run(false)?;
        b += run(false)?;
        a += run(true)?;
    }
    Ok((a, b))
}

/// Times `f`, returning its result (to drop after the timer) and the time.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-12)
}

/// Prints a goal line: `P3 roundtrip/plain ratio=1.25 goal<=1.5 ok`.
fn goal(misses: &mut Vec<String>, id: &str, what: &str, value: f64, limit: f64) {
    let ok = value <= limit;
    println!(
        "{id} {what} ratio={value:.2} goal<={limit} {}",
        if ok { "ok" } else { "MISS" }
    );
    if !ok {
        misses.push(id.to_owned());
    }
}

/// A duration, readable.
fn show(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.3} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else if s >= 1e-6 {
        format!("{:.2} µs", s * 1e6)
    } else {
        format!("{:.0} ns", s * 1e9)
    }
}

/// The mean of `runs` runs totalling `total`.
fn mean(total: Duration, runs: usize) -> Duration {
    total / u32::try_from(runs.max(1)).unwrap_or(u32::MAX)
}

/// Allocations and reallocations so far.
fn allocations() -> usize {
    let s = GLOBAL.stats();
    s.allocations + s.reallocations
}

/// `a` and `b` allocations per run.
fn per_run(a: usize, b: usize, runs: usize) -> String {
    format!("{} and {}", a / runs.max(1), b / runs.max(1))
}

/// Bytes live on the heap now (allocated minus freed, reallocations included).
fn live() -> i128 {
    let s = GLOBAL.stats();
    i128::try_from(s.bytes_allocated).unwrap_or(i128::MAX)
        - i128::try_from(s.bytes_deallocated).unwrap_or(i128::MAX)
}

fn mib(bytes: i128) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// A deep copy whose keys share nothing with the original (through JSON):
/// what the network retains of it is then its own.
fn fresh(changes: &[Change]) -> R<Vec<Change>> {
    Ok(serde_json::from_str(&serde_json::to_string(changes)?)?)
}

// ----- building, with memory counted (P7) -----

/// Heap retained by what was built, split between nodes and relations.
struct Memory {
    total: i128,
    nodes: i128,
    relations: i128,
}

impl Memory {
    fn per_node(&self, n: usize) -> f64 {
        self.nodes as f64 / n.max(1) as f64
    }
    fn per_relation(&self, n: usize) -> f64 {
        self.relations as f64 / n.max(1) as f64
    }
}

/// Builds something in three steps (nodes, relations, contract updates) from
/// fresh copies of the generated changes, and counts the heap it retains:
/// the copies' own heap is measured first and subtracted while they live.
fn build_counted<T>(
    g: &Generated,
    mut target: T,
    mut apply: impl FnMut(&mut T, Vec<Change>) -> R<()>,
) -> R<(T, Memory)> {
    let base = live();
    let nodes = fresh(g.node_part())?;
    let h_nodes = live() - base;
    let rels = fresh(g.relations_only())?;
    let h_rels = live() - base - h_nodes;
    let updates = fresh(g.update_part())?;
    let h_updates = live() - base - h_nodes - h_rels;
    apply(&mut target, nodes)?;
    let after_nodes = live() - base - h_rels - h_updates;
    apply(&mut target, rels)?;
    let after_rels = live() - base - h_updates;
    apply(&mut target, updates)?;
    let total = live() - base;
    Ok((
        target,
        Memory {
            total,
            // Clauses added by the updates belong to the contract nodes.
            nodes: after_nodes + (total - after_rels),
            relations: after_rels - after_nodes,
        },
    ))
}

// ----- the fixture -----

struct Fixture {
    g: Generated,
    net: Network,
    graph: BaseGraph,
    index: BaseIndex,
    crate_memory: Memory,
    baseline_memory: Memory,
    topology_bytes: i128,
}

fn fixture(size: usize) -> R<Fixture> {
    let (g, t_gen) = timed(|| generate(size, SEED));
    let g = g?;
    println!("# N={size}: {} (generated in {})", g.summary(), show(t_gen));
    let (built, t_net) = timed(|| {
        build_counted(&g, Network::new(), |net, changes| {
            net.apply_all(changes)?;
            Ok(())
        })
    });
    let (net, crate_memory) = built?;
    let ((graph, index), baseline_memory) = build_counted(
        &g,
        (BaseGraph::default(), BaseIndex::new()),
        |(graph, index), changes| {
            baseline::apply(graph, index, changes);
            Ok(())
        },
    )?;
    if net.len() != g.nodes || net.relation_count() != g.relations {
        return Err(format!(
            "the network has {} nodes and {} relations, the generator made {} and {}",
            net.len(),
            net.relation_count(),
            g.nodes,
            g.relations
        )
        .into());
    }
    if graph.node_count() != net.len() || graph.edge_count() != net.relation_count() {
        return Err("the baseline graph differs from the network".into());
    }
    let before = live();
    let topology = graph.map(|_, _| (), |_, _| ());
    let topology_bytes = live() - before;
    drop(topology);
    println!("# built and counted in {}", show(t_net));
    Ok(Fixture {
        g,
        net,
        graph,
        index,
        crate_memory,
        baseline_memory,
        topology_bytes,
    })
}

// ----- the goals -----

fn p1(args: &Args, f: &Fixture, misses: &mut Vec<String>) -> R<()> {
    let rounds = args.rounds(2, 1);
    // The goal compares like with like: validation as it runs by default,
    // on the caller's thread, against a DFS on one thread. The same
    // validation on every thread the machine offers (`Options::threads`)
    // is measured after it, against the same DFS, and printed beside it.
    let alone = versus_dfs(f, rounds, &Options::new())?;
    goal(misses, "P1", "validate/dfs", ratio(alone.a, alone.b), 1.5);
    let runs = 2 * rounds;
    println!(
        "  validate {} ({} findings), dfs {} — mean of {runs} runs each; allocations per run {}",
        show(mean(alone.a, runs)),
        alone.findings,
        show(mean(alone.b, runs)),
        per_run(alone.allocs_a, alone.allocs_b, runs),
    );
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads > 1 {
        let many = versus_dfs(f, rounds, &Options::new().threads(threads))?;
        println!(
            "  on {threads} threads (Options::threads): ratio={:.2} (validate {}, dfs {} on one thread)",
            ratio(many.a, many.b),
            show(mean(many.a, runs)),
            show(mean(many.b, runs)),
        );
    } else {
        println!("  one processor: validation on several threads not measured");
    }
    let report = f.net.validate(AS_OF);
    let mut by_rule: Vec<(usize, Rule)> = Rule::ALL
        .iter()
        .map(|r| (report.of_rule(*r).count(), *r))
        .filter(|(n, _)| *n > 0)
        .collect();
    by_rule.sort_unstable_by_key(|x| std::cmp::Reverse(x.0));
    let top: Vec<String> = by_rule.iter().map(|(n, r)| format!("{r}={n}")).collect();
    println!("  findings: {}", top.join(" "));
    Ok(())
}

/// Validate (A) and the DFS (B), interleaved: total times, allocations,
/// and the number of findings.
struct Versus {
    a: Duration,
    b: Duration,
    allocs_a: usize,
    allocs_b: usize,
    findings: usize,
}

fn versus_dfs(f: &Fixture, rounds: usize, options: &Options) -> R<Versus> {
    let mut findings = 0;
    let (mut allocs_a, mut allocs_b) = (0, 0);
    let (a, b) = abba(rounds, |crate_side| {
        let before = allocations();
        Ok(if crate_side {
            let (report, t) = timed(|| f.net.validate_with(black_box(AS_OF), options));
            allocs_a += allocations() - before;
            findings = report.findings().len();
            drop(black_box(report));
            t
        } else {
            let (visited, t) = timed(|| baseline::dfs(black_box(&f.graph)));
            allocs_b += allocations() - before;
            black_box(visited);
            t
        })
    })?;
    Ok(Versus {
        a,
        b,
        allocs_a,
        allocs_b,
        findings,
    })
}

fn p2(args: &Args, f: &Fixture, misses: &mut Vec<String>) -> R<()> {
    let day = AS_OF.date();
    let rounds = args.rounds(5, 2);
    let mut reach = Reach::default();
    let (a, b) = abba(rounds, |crate_side| {
        Ok(if crate_side {
            let (n, t) = timed(|| {
                let mut n = 0usize;
                for o in &f.g.voice {
                    if let Ok(v) = f.net.voice(black_box(o), day) {
                        n += usize::from(v.speaker().is_some());
                    }
                }
                for (p, act, o) in &f.g.may_act {
                    if let Ok(a) = f.net.may_act(black_box(p), *act, o, day) {
                        n += usize::from(a.is_granted());
                    }
                }
                n
            });
            black_box(n);
            t
        } else {
            let (n, t) = timed(|| {
                let mut n = 0usize;
                for o in &f.g.voice {
                    n += reach.voice_walk(&f.graph, &f.index, black_box(o), day);
                }
                for (p, act, o) in &f.g.may_act {
                    n += usize::from(reach.may_act_walk(
                        &f.graph,
                        &f.index,
                        black_box(p),
                        *act,
                        o,
                        day,
                    ));
                }
                n
            });
            black_box(n);
            t
        })
    })?;
    goal(misses, "P2", "query/bfs", ratio(a, b), 1.2);
    let runs = 2 * rounds;
    let questions = f.g.voice.len() + f.g.may_act.len();
    // For reference: the plain reverse BFS over every incoming `carries`
    // edge, a wider reach than the questions need.
    let (wide, t_wide) = timed(|| {
        let mut n = 0usize;
        for o in &f.g.voice {
            n += reach.voice(&f.graph, &f.index, black_box(o));
        }
        for (p, _, o) in &f.g.may_act {
            n += reach.may_act(&f.graph, &f.index, black_box(p), o);
        }
        n
    });
    black_box(wide);
    // The noise floor: the same walk on a second copy of the graph (built
    // later, so placed elsewhere in memory) against the first, A B B A.
    let (graph2, index2) = baseline::build(f.g.changes.clone());
    let walk = |graph: &BaseGraph, index: &BaseIndex, reach: &mut Reach| {
        let mut n = 0usize;
        for o in &f.g.voice {
            n += reach.voice_walk(graph, index, black_box(o), day);
        }
        for (p, act, o) in &f.g.may_act {
            n += usize::from(reach.may_act_walk(graph, index, black_box(p), *act, o, day));
        }
        n
    };
    let (c2, c1) = abba(rounds, |second| {
        let (g, i) = if second {
            (&graph2, &index2)
        } else {
            (&f.graph, &f.index)
        };
        let (n, t) = timed(|| walk(g, i, &mut reach));
        black_box(n);
        Ok(t)
    })?;
    drop((graph2, index2));
    println!(
        "  {questions} questions: crate {} ({} each), same-reach walk {} — mean of {runs} runs each; \
         full reverse BFS over all carriers {}",
        show(mean(a, runs)),
        show(mean(a, runs * questions)),
        show(mean(b, runs)),
        show(t_wide),
    );
    println!(
        "  noise floor: the same walk on a second copy of the graph against the first, ratio {:.2}",
        ratio(c2, c1)
    );

    // The tail: each question timed alone, a few passes.
    let passes = args.rounds(3, 1);
    let mut voice: Vec<Duration> = Vec::new();
    let mut may_act: Vec<Duration> = Vec::new();
    // (time, question) of the first pass, to see what the slowest scan.
    let mut slowest: Vec<(Duration, usize)> = Vec::new();
    for pass in 0..passes {
        for o in &f.g.voice {
            let (v, t) = timed(|| f.net.voice(black_box(o), day));
            drop(black_box(v));
            voice.push(t);
        }
        for (q, (p, act, o)) in f.g.may_act.iter().enumerate() {
            let (v, t) = timed(|| f.net.may_act(black_box(p), *act, o, day));
            drop(black_box(v));
            may_act.push(t);
            if pass == 0 {
                slowest.push((t, q));
            }
        }
    }
    slowest.sort_unstable();
    let cost = |range: &[(Duration, usize)], reach: &mut Reach| -> f64 {
        let total: usize = range
            .iter()
            .filter_map(|(_, q)| f.g.may_act.get(*q))
            .map(|(_, _, o)| reach.scan_cost(&f.graph, &f.index, o))
            .sum();
        total as f64 / range.len().max(1) as f64
    };
    let cut = slowest.len() - slowest.len() / 100;
    let (fast, slow) = slowest.split_at(cut);
    let (scan_fast, scan_slow) = (cost(fast, &mut reach), cost(slow, &mut reach));
    let tail = |v: &mut Vec<Duration>| -> (Duration, Duration, Duration) {
        v.sort_unstable();
        if v.is_empty() {
            return (Duration::ZERO, Duration::ZERO, Duration::ZERO);
        }
        let at = |q: usize| v[(v.len() * q / 100).min(v.len() - 1)];
        (at(50), at(99), v[v.len() - 1])
    };
    // The same for the baseline walk, to tell the graph's shape (hubs whose
    // incoming relations must be scanned for carriers) from the crate's cost.
    let mut base_voice: Vec<Duration> = Vec::new();
    let mut base_may_act: Vec<Duration> = Vec::new();
    for _ in 0..passes {
        for o in &f.g.voice {
            let (v, t) = timed(|| reach.voice_walk(&f.graph, &f.index, black_box(o), day));
            black_box(v);
            base_voice.push(t);
        }
        for (p, act, o) in &f.g.may_act {
            let (v, t) =
                timed(|| reach.may_act_walk(&f.graph, &f.index, black_box(p), *act, o, day));
            black_box(v);
            base_may_act.push(t);
        }
    }
    let (v50, v99, vmax) = tail(&mut voice);
    let (m50, m99, mmax) = tail(&mut may_act);
    let worst = ratio(v99, v50).max(ratio(m99, m50));
    goal(misses, "P2", "p99/p50", worst, 4.0);
    println!(
        "  voice p50 {} p99 {} max {} (p99/p50 {:.2}); may_act p50 {} p99 {} max {} (p99/p50 {:.2})",
        show(v50),
        show(v99),
        show(vmax),
        ratio(v99, v50),
        show(m50),
        show(m99),
        show(mmax),
        ratio(m99, m50),
    );
    let (bv50, bv99, _) = tail(&mut base_voice);
    let (bm50, bm99, _) = tail(&mut base_may_act);
    println!(
        "  baseline walk: voice p50 {} p99 {} (p99/p50 {:.2}); may_act p50 {} p99 {} (p99/p50 {:.2})",
        show(bv50),
        show(bv99),
        ratio(bv99, bv50),
        show(bm50),
        show(bm99),
        ratio(bm99, bm50),
    );
    println!(
        "  incoming relations on the carrier chains asked about: {scan_slow:.0} for the slowest 1 % \
         of may_act questions, {scan_fast:.0} for the others"
    );
    Ok(())
}

fn p3(args: &Args, f: &Fixture, misses: &mut Vec<String>) -> R<()> {
    let json = serde_json::to_string(&f.net)?;
    let plain = baseline::plain_from_json(&json)?;
    let plain_len = serde_json::to_string(&plain)?.len();
    let rounds = args.heavy_rounds();
    let (mut save_a, mut save_b) = (Duration::ZERO, Duration::ZERO);
    let (mut allocs_a, mut allocs_b) = (0, 0);
    let (a, b) = abba(rounds, |crate_side| {
        Ok(if crate_side {
            let before = allocations();
            let (s, save) = timed(|| serde_json::to_string(black_box(&f.net)));
            let s = s?;
            let (back, load) = timed(|| serde_json::from_str::<Network>(&s));
            let back = back?;
            allocs_a += allocations() - before;
            drop(black_box((back, s)));
            save_a += save;
            save + load
        } else {
            let before = allocations();
            let (s, save) = timed(|| serde_json::to_string(black_box(&plain)));
            let s = s?;
            let (back, load) = timed(|| serde_json::from_str::<PlainDoc>(&s));
            let back = back?;
            allocs_b += allocations() - before;
            drop(black_box((back, s)));
            save_b += save;
            save + load
        })
    })?;
    goal(misses, "P3", "roundtrip/plain", ratio(a, b), 1.5);
    let runs = 2 * rounds;
    println!(
        "  crate save {} + load {}, plain save {} + load {} — mean of {runs} runs each; JSON {:.1} MiB (plain {:.1} MiB)",
        show(mean(save_a, runs)),
        show(mean(a - save_a, runs)),
        show(mean(save_b, runs)),
        show(mean(b - save_b, runs)),
        json.len() as f64 / 1048576.0,
        plain_len as f64 / 1048576.0,
    );
    println!(
        "  allocations per round trip: crate and plain {}",
        per_run(allocs_a, allocs_b, runs)
    );
    Ok(())
}

fn p4(args: &Args, f: &Fixture, misses: &mut Vec<String>) -> R<()> {
    let rounds = args.heavy_rounds();
    let (mut allocs_a, mut allocs_b) = (0, 0);
    let (a, b) = abba(rounds, |crate_side| {
        let changes = f.g.changes.clone();
        let before = allocations();
        Ok(if crate_side {
            let mut net = Network::new();
            let (result, t) = timed(|| net.apply_all(changes));
            allocs_a += allocations() - before;
            result?;
            drop(black_box(net));
            t
        } else {
            let (built, t) = timed(|| baseline::build(changes));
            allocs_b += allocations() - before;
            drop(black_box(built));
            t
        })
    })?;
    goal(misses, "P4", "build/petgraph", ratio(a, b), 2.0);
    let runs = 2 * rounds;
    println!(
        "  apply_all {}, petgraph loop {} for {} changes — mean of {runs} runs each; allocations per run {}",
        show(mean(a, runs)),
        show(mean(b, runs)),
        f.g.changes.len(),
        per_run(allocs_a, allocs_b, runs),
    );
    Ok(())
}

fn p5(args: &Args, f: &mut Fixture, misses: &mut Vec<String>) -> R<()> {
    let small_g = generate(1_000, SEED)?;
    let mut small = Network::new();
    small.apply_all(small_g.changes.clone())?;
    let cases: [(&str, &Relation, &Relation); 3] = [
        ("membership", &f.g.one_membership, &small_g.one_membership),
        (
            "carrying-leaf",
            &f.g.one_carrying_leaf,
            &small_g.one_carrying_leaf,
        ),
        (
            "carrying-root",
            &f.g.one_carrying_root,
            &small_g.one_carrying_root,
        ),
    ];
    let rounds = args.rounds(5, 2);
    let reps: u32 = if args.quick { 300 } else { 1_000 };
    let mut worst = 0.0f64;
    let mut lines = Vec::new();
    let net = &mut f.net;
    for (name, big_rel, small_rel) in cases {
        let (a, b) = abba(rounds, |big_side| {
            let (target, rel) = if big_side {
                (&mut *net, big_rel)
            } else {
                (&mut small, small_rel)
            };
            let add = Change::AddRelation(rel.clone());
            let remove = Change::RemoveRelation(rel.clone());
            let start = Instant::now();
            for _ in 0..reps {
                target.apply(black_box(add.clone()))?;
                target.apply(black_box(remove.clone()))?;
            }
            Ok(start.elapsed())
        })?;
        let r = ratio(a, b);
        worst = worst.max(r);
        let per = u32::try_from(2 * rounds).unwrap_or(u32::MAX) * reps;
        lines.push(format!(
            "  {name}: add+remove {} on N={}, {} on N=1000 (ratio {r:.2})",
            show(a / per),
            f.g.n,
            show(b / per),
        ));
    }
    goal(misses, "P5", "change/change-1k", worst, 1.5);
    for l in lines {
        println!("{l}");
    }
    Ok(())
}

/// Adds an organisation with `degree` memberships of every `stride`-th
/// person (untimed), then times its removal with its relations.
fn remove_hub(net: &mut Network, name: &str, degree: usize, stride: usize) -> R<Duration> {
    let hub = key(name)?;
    let mut batch = Vec::with_capacity(degree + 1);
    batch.push(Change::add(
        hub.clone(),
        Organisation::new(name, Form::Association),
    ));
    for i in 0..degree {
        batch.push(Change::relate(
            person_key(i * stride)?,
            hub.clone(),
            Membership::new(Role::Member, Involvement::Active, Period::ALWAYS),
        ));
    }
    net.apply_all(batch)?;
    let before = net.relation_count();
    let (result, t) = timed(|| net.apply(Change::remove_with_relations(hub)));
    result?;
    if before - net.relation_count() != degree {
        return Err(format!("removing {name} did not remove its {degree} relations").into());
    }
    Ok(t)
}

fn p6(args: &Args, f: &mut Fixture, misses: &mut Vec<String>) -> R<()> {
    let degree = P6_DEGREE.min(f.g.people);
    let small = (degree / 10).max(1);
    let rounds = args.rounds(1, 1);
    let mut run = 0usize;
    let net = &mut f.net;
    let (a, b) = abba(rounds, |big| {
        run += 1;
        // The small hub's members are spread over the same people as the
        // big one's, so both touch memory alike and only the degree differs.
        if big {
            remove_hub(net, &format!("p6-big-{run}"), degree, 1)
        } else {
            remove_hub(net, &format!("p6-small-{run}"), small, degree / small)
        }
    })?;
    let runs = 2 * rounds;
    let (ta, tb) = (mean(a, runs), mean(b, runs));
    goal(
        misses,
        "P6",
        &if degree.is_multiple_of(1000) {
            format!("remove-{}k/50ms", degree / 1000)
        } else {
            format!("remove-{degree}/50ms")
        },
        ratio(ta, P6_BUDGET),
        1.0,
    );
    let per_a = ta.as_secs_f64() * 1e9 / degree as f64;
    let per_b = tb.as_secs_f64() * 1e9 / small as f64;
    println!(
        "  {degree} relations {} ({per_a:.0} ns each), {small} relations {} ({per_b:.0} ns each): \
         per-relation cost ratio {:.2} (1 = proportional to degree) — mean of {runs} runs each",
        show(ta),
        show(tb),
        per_a / per_b.max(1e-9),
    );
    Ok(())
}

fn p7(f: &Fixture, misses: &mut Vec<String>) {
    let (c, b) = (&f.crate_memory, &f.baseline_memory);
    let (nodes, relations) = (f.g.nodes, f.g.relations);
    goal(
        misses,
        "P7",
        "memory/petgraph",
        c.total as f64 / (b.total as f64).max(1.0),
        1.5,
    );
    println!(
        "  crate {:.1} MiB ({:.0} B/node, {:.0} B/relation); petgraph + HashMap with the same records {:.1} MiB \
         ({:.0} B/node, {:.0} B/relation); bare topology {:.1} MiB",
        mib(c.total),
        c.per_node(nodes),
        c.per_relation(relations),
        mib(b.total),
        b.per_node(nodes),
        b.per_relation(relations),
        mib(f.topology_bytes),
    );
    println!(
        "  bytes: crate {} (nodes {}, relations {}), petgraph {} (nodes {}, relations {})",
        c.total, c.nodes, c.relations, b.total, b.nodes, b.relations
    );
}

fn run(args: &Args) -> R<Vec<String>> {
    let start = Instant::now();
    let mut f = fixture(args.size)?;
    let mut misses = Vec::new();
    if args.wants("P1") {
        p1(args, &f, &mut misses)?;
    }
    if args.wants("P2") {
        p2(args, &f, &mut misses)?;
    }
    if args.wants("P3") {
        p3(args, &f, &mut misses)?;
    }
    if args.wants("P4") {
        p4(args, &f, &mut misses)?;
    }
    if args.wants("P5") {
        p5(args, &mut f, &mut misses)?;
    }
    if args.wants("P6") {
        p6(args, &mut f, &mut misses)?;
    }
    if args.wants("P7") {
        p7(&f, &mut misses);
    }
    println!("# total {}", show(start.elapsed()));
    Ok(misses)
}

fn main() -> ExitCode {
    let args = match Args::parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(misses) if args.strict && !misses.is_empty() => ExitCode::from(1),
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ratios: {e}");
            ExitCode::from(2)
        }
    }
}
