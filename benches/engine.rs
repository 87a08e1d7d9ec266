//! Engine benchmarks at 10, 100, 1,000 and 10,000 components (seeded synthetic
//! architectures from `faultline::generate`).
//!
//! ```text
//! cargo bench --features generate --bench engine            # everything
//! cargo bench --features generate --bench engine -- score   # one operation
//! .ci/bench                                                  # and rewrite docs/performance.md
//! ```
//!
//! Criterion writes `target/criterion/<operation>/<size>/new/estimates.json`; this binary
//! also writes `target/criterion/work.json` with the work counters of each size
//! (`faultline::work`), which `.ci/bench-table` joins into the table.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main, measurement::WallTime,
};
use faultline::catalogue::Catalogue;
use faultline::generate::{SIZES, generate};
use faultline::model::Architecture;
use faultline::parse::{Format, parse};
use faultline::{SimulateRequest, score, simulate};

/// The seed of every benchmarked architecture (the same as `faultline-gen`'s default).
const SEED: u64 = 1;

/// Fewer, shorter samples for the big sizes: a 10,000-component score takes tens of
/// milliseconds, and the whole run should stay within a few minutes on 2 cores.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, n: usize) {
    if n >= 10_000 {
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(3));
    } else if n >= 1_000 {
        group.sample_size(20);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(3));
    } else {
        group.sample_size(30);
        group.warm_up_time(Duration::from_millis(300));
        group.measurement_time(Duration::from_secs(2));
    }
}

/// The first regional placement's region, as a `region:` domain: the scenario `simulate`
/// plays (a whole-region loss touches a large share of any generated architecture).
fn some_region(arch: &Architecture) -> String {
    arch.components
        .iter()
        .find_map(|c| {
            c.regions
                .first()
                .map(|p| format!("region:{}/{}", c.provider, p.name))
        })
        .expect("generated architectures place components in regions")
}

struct Input {
    n: usize,
    arch: Architecture,
    yaml: String,
    json: String,
}

fn inputs() -> Vec<Input> {
    SIZES
        .iter()
        .map(|&n| {
            let arch = generate(n, SEED);
            let yaml = serde_saphyr::to_string(&arch).expect("YAML");
            let json = serde_json::to_string(&arch).expect("JSON");
            Input {
                n,
                arch,
                yaml,
                json,
            }
        })
        .collect()
}

fn engine(c: &mut Criterion) {
    let catalogue = Catalogue::builtin();
    let inputs = inputs();
    write_work(&inputs, catalogue);

    let mut group = c.benchmark_group("parse-yaml");
    for i in &inputs {
        configure(&mut group, i.n);
        group.bench_with_input(BenchmarkId::from_parameter(i.n), &i.yaml, |b, text| {
            b.iter(|| parse(black_box(text), Format::Yaml).expect("parses"))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("parse-json");
    for i in &inputs {
        configure(&mut group, i.n);
        group.bench_with_input(BenchmarkId::from_parameter(i.n), &i.json, |b, text| {
            b.iter(|| parse(black_box(text), Format::Json).expect("parses"))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("validate");
    for i in &inputs {
        configure(&mut group, i.n);
        group.bench_with_input(BenchmarkId::from_parameter(i.n), &i.arch, |b, arch| {
            b.iter(|| faultline::validate::validate(black_box(arch), catalogue))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("score");
    for i in &inputs {
        configure(&mut group, i.n);
        group.bench_with_input(BenchmarkId::from_parameter(i.n), &i.arch, |b, arch| {
            b.iter(|| score(black_box(arch), catalogue).expect("scores"))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("simulate");
    for i in &inputs {
        configure(&mut group, i.n);
        let request = SimulateRequest {
            pattern: "region-data-plane-loss".to_owned(),
            at: some_region(&i.arch),
            minutes: None,
        };
        group.bench_with_input(BenchmarkId::from_parameter(i.n), &i.arch, |b, arch| {
            b.iter(|| simulate(black_box(arch), catalogue, &request).expect("simulates"))
        });
    }
    group.finish();

    // --- risk groups and suggest --------------------------------------------------------------
    // Written by other helpers in parallel (API in /work/briefs/contracts.md). To enable once
    // `faultline::risk` and `faultline::mitigate` are merged, uncomment this block; the table
    // script picks up the `risk-groups` and `suggest` groups by name (the issue's suggest
    // target is 200 components, so suggest also runs at that size).
    //
    // let mut group = c.benchmark_group("risk-groups");
    // for i in &inputs {
    //     configure(&mut group, i.n);
    //     let options = faultline::risk::RiskOptions::default();
    //     group.bench_with_input(BenchmarkId::from_parameter(i.n), &i.arch, |b, arch| {
    //         b.iter(|| faultline::risk::risk_groups(black_box(arch), catalogue, &options).expect("risk groups"))
    //     });
    // }
    // group.finish();
    //
    // let mut group = c.benchmark_group("suggest");
    // let extra = generate(200, SEED);
    // for (n, arch) in inputs.iter().map(|i| (i.n, &i.arch)).chain([(200, &extra)]) {
    //     configure(&mut group, n);
    //     let options = faultline::mitigate::SuggestOptions::default();
    //     group.bench_with_input(BenchmarkId::from_parameter(n), arch, |b, arch| {
    //         b.iter(|| faultline::mitigate::suggest(black_box(arch), catalogue, &options).expect("suggest"))
    //     });
    // }
    // group.finish();
}

/// Writes the work counters of every size next to criterion's estimates.
fn write_work(inputs: &[Input], catalogue: &Catalogue) {
    let rows: Vec<serde_json::Value> = inputs
        .iter()
        .map(|i| {
            let w = faultline::work::work(&i.arch, catalogue).expect("valid");
            serde_json::json!({
                "size": i.n,
                "yaml_bytes": i.yaml.len(),
                "json_bytes": i.json.len(),
                "work": w,
            })
        })
        .collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion");
    std::fs::create_dir_all(&dir).expect("target/criterion");
    std::fs::write(
        dir.join("work.json"),
        serde_json::to_string_pretty(&rows).expect("JSON") + "\n",
    )
    .expect("write work.json");
}

criterion_group!(benches, engine);
criterion_main!(benches);
