//! Criterion benchmarks for `communs` on generated governance networks, each
//! beside its baseline (issue 8).
//!
//! The networks come from the deterministic generator of `benches/gen.rs`
//! (shared with `examples/ratios.rs`): about 1 % collectives, 2 % carriers
//! (*pieds de réseau*) in carrying chains up to eight deep, 5 % briques, 5 %
//! contracts with clauses among their parties, 1 % other organisations, a
//! few places and territories, and people for the rest, each with one to
//! three memberships skewed towards hubs, one in ten holding a mandate. The
//! baselines (a bare petgraph graph, DFS and reverse BFS, a plain serde
//! struct) are in `benches/baseline.rs`.
//!
//! Groups, each for `N` = 1 000 and 100 000 (and 1 000 000 when the
//! environment variable `COMMUNS_BENCH_FULL` is set):
//!
//! - `build` (P4): [`Network::apply_all`] from empty, against a bare petgraph
//!   `StableDiGraph` filled with `add_node` / `add_edge` and a `HashMap` from
//!   key to index over the same changes; also [`Network::apply`] change by
//!   change (no batch, so no undo log). Cloning the changes is not timed.
//! - `validate` (P1): [`Network::validate`], against a bare petgraph DFS
//!   visiting every node of a graph with the same nodes and edges; also
//!   the same validation on two threads (`Options::threads(2)`; at the
//!   smallest size it mostly measures starting and joining a thread).
//! - `query` (P2): [`Network::voice`] and [`Network::may_act`], 2 000
//!   questions per iteration, against bare loops over the same reach: key
//!   lookups, then a reverse walk up incoming `carries` edges from the same
//!   organisations with the same filters, checking mandates.
//! - `document` (P3): JSON save, load and the round trip, the halves of each
//!   direction (network ↔ [`Document`](communs::Document) ↔ JSON), and the
//!   round trip of a plain `#[derive(Serialize, Deserialize)]` struct with
//!   the same records and strings.
//! - `one_change` (P5): one `AddRelation` then its `RemoveRelation` on a
//!   built network, so that the state is stable between iterations; compare
//!   the sizes.
//!
//! P6 (removing an organisation with 70 000 relations) and P7 (memory) need
//! fresh keys per run and a counting allocator: `examples/ratios.rs` measures
//! them, with every other goal, in one interleaved run.
//!
//! Sample sizes and times are small so that a quick run
//! (`cargo bench --bench network -- --quick`) takes a few minutes at most.
#![allow(
    clippy::arithmetic_side_effects,
    reason = "benchmarks are not library code: the no-panic lints guard the library"
)]

#[path = "baseline.rs"]
mod baseline;
#[path = "gen.rs"]
mod generator;

use std::error::Error;
use std::hint::black_box;
use std::time::Duration;

use communs::{Change, Document, Network, Options, Rule, Voice};
use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput};

use baseline::{BaseGraph, BaseIndex, PlainDoc, Reach};
use generator::{AS_OF, Generated, QUERIES, SEED, generate};

type BenchResult<T> = Result<T, Box<dyn Error>>;

// ----- fixtures and checks (outside timing) -----

struct Fixture {
    n: usize,
    generated: Generated,
    net: Network,
    baseline: BaseGraph,
    baseline_index: BaseIndex,
    json: String,
    plain: PlainDoc,
}

fn fixture(n: usize) -> BenchResult<Fixture> {
    let generated = generate(n, SEED)?;
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
    let (baseline, baseline_index) = baseline::build(generated.changes.clone());
    if baseline.node_count() != net.len() || baseline.edge_count() != net.relation_count() {
        return Err("baseline graph differs from the network".into());
    }
    let json = serde_json::to_string(&net)?;
    let back: Network = serde_json::from_str(&json)?;
    if back != net {
        return Err("document round trip changed the network".into());
    }
    let plain = baseline::plain_from_json(&json)?;
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
        baseline_index,
        json,
        plain,
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
        "[N={n}] {}, JSON {} KiB; findings: {}; voice: own {own} / carrier {carrier} / \
         silent {silent}; may_act granted {granted}/{}",
        g.summary(),
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
            b.iter_batched(|| changes.clone(), baseline::build, BatchSize::LargeInput);
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
        let two = Options::new().threads(2);
        group.bench_function(BenchmarkId::new("communs_two_threads", f.n), |b| {
            b.iter(|| f.net.validate_with(black_box(AS_OF), &two));
        });
        group.bench_function(BenchmarkId::new("petgraph_baseline", f.n), |b| {
            b.iter(|| baseline::dfs(black_box(&f.baseline)));
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
        let mut reach = Reach::default();
        group.bench_function(BenchmarkId::new("voice_petgraph_baseline", f.n), |b| {
            b.iter(|| {
                let mut reached = 0usize;
                for o in &f.generated.voice {
                    reached += reach.voice_walk(&f.baseline, &f.baseline_index, black_box(o), day);
                }
                reached
            });
        });
        group.bench_function(BenchmarkId::new("may_act_petgraph_baseline", f.n), |b| {
            b.iter(|| {
                let mut reached = 0usize;
                for (p, act, o) in &f.generated.may_act {
                    reached += usize::from(reach.may_act_walk(
                        &f.baseline,
                        &f.baseline_index,
                        black_box(p),
                        *act,
                        o,
                        day,
                    ));
                }
                reached
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
        group.bench_function(BenchmarkId::new("roundtrip_plain_baseline", f.n), |b| {
            b.iter_batched(
                || (),
                |()| {
                    serde_json::to_string(black_box(&f.plain))
                        .and_then(|s| serde_json::from_str::<PlainDoc>(&s))
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
