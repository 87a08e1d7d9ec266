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
//! (`faultline::work`). With `FAULTLINE_BENCH_TABLE=docs/performance.md` (what `.ci/bench`
//! sets) it then rewrites the table between that file's `<!-- bench:begin -->` and
//! `<!-- bench:end -->` markers from those files.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkGroup, BenchmarkId, Criterion, criterion_group, measurement::WallTime};
use faultline::advice::AdviceOptions;
use faultline::catalogue::Catalogue;
use faultline::model::Architecture;
use faultline::{Engine, Format, Limits, SimulateRequest};
use faultline_dev::generate::dense;

fn parse(text: &str, format: Format) -> Result<faultline::Document, faultline::Error> {
    Engine::default().parse(text, format)
}
use faultline_dev::generate::{SIZES, generate};

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
            let yaml = faultline::write::to_text(&arch, Format::Yaml).expect("YAML");
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
        // The default parse limits may refuse the biggest documents (serde-saphyr's node
        // budget); that is reported, not benchmarked.
        if let Err(e) = parse(&i.yaml, Format::Yaml) {
            eprintln!(
                "parse-yaml/{}: skipped, the default limits refuse it: {e}",
                i.n
            );
            continue;
        }
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
            b.iter(|| Engine::new(catalogue, Limits::default()).check(black_box(arch)))
        });
    }
    group.finish();

    // `score`, and the same on two threads (`Prepared::score_on`): CI's machines have two
    // cores.
    for (operation, threads) in [("score", 1), ("score-2-threads", 2)] {
        let mut group = c.benchmark_group(operation);
        for i in &inputs {
            configure(&mut group, i.n);
            group.bench_with_input(BenchmarkId::from_parameter(i.n), &i.arch, |b, arch| {
                b.iter(|| {
                    Engine::new(catalogue, Limits::default())
                        .prepare(black_box(arch))
                        .expect("valid")
                        .score_on(threads)
                })
            });
        }
        group.finish();
    }

    let mut group = c.benchmark_group("simulate");
    for i in &inputs {
        configure(&mut group, i.n);
        let request = SimulateRequest {
            pattern: "region-data-plane-loss".to_owned(),
            at: some_region(&i.arch),
            minutes: None,
        };
        group.bench_with_input(BenchmarkId::from_parameter(i.n), &i.arch, |b, arch| {
            b.iter(|| {
                Engine::new(catalogue, Limits::default())
                    .prepare(black_box(arch))
                    .expect("valid")
                    .simulate(&request)
                    .expect("simulates")
            })
        });
    }
    group.finish();

    // --- risk groups and suggest --------------------------------------------------------------
    // Risk groups up to 1,000 components; suggest (one re-score per candidate) at 10, 100 and
    // the issue's 200 components. Larger sizes are left out of the benchmark run: their cost is
    // discussed in docs/performance.md.
    let mut group = c.benchmark_group("risk-groups");
    for i in inputs.iter().filter(|i| i.n <= 1_000) {
        configure(&mut group, i.n);
        let options = faultline::risk::RiskOptions::default();
        group.bench_with_input(BenchmarkId::from_parameter(i.n), &i.arch, |b, arch| {
            b.iter(|| {
                Engine::new(catalogue, Limits::default())
                    .prepare(black_box(arch))
                    .expect("valid")
                    .risk(&options)
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("suggest");
    let extra = generate(200, SEED);
    for (n, arch) in inputs
        .iter()
        .filter(|i| i.n <= 100)
        .map(|i| (i.n, &i.arch))
        .chain([(200, &extra)])
    {
        configure(&mut group, n);
        let options = faultline::mitigate::SuggestOptions::default();
        group.bench_with_input(BenchmarkId::from_parameter(n), arch, |b, arch| {
            b.iter(|| {
                Engine::new(catalogue, Limits::default())
                    .prepare(black_box(arch))
                    .expect("valid")
                    .suggest(&options)
            })
        });
    }
    group.finish();

    // The advice `faultline score` ends with, on a hostile dense graph: 300 components, each
    // depending on every earlier one (44,850 edges). Its work budget bounds it (issue 13).
    let mut group = c.benchmark_group("score-with-advice-dense");
    let dense = dense(300);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(10));
    group.bench_with_input(BenchmarkId::from_parameter(300), &dense, |b, arch| {
        b.iter(|| {
            let p = Engine::new(catalogue, Limits::default())
                .prepare(black_box(arch))
                .expect("valid");
            (p.score(), p.advice(&AdviceOptions::default()))
        })
    });
    group.finish();
}

/// Writes the work counters of every size next to criterion's estimates.
fn write_work(inputs: &[Input], catalogue: &Catalogue) {
    let rows: Vec<serde_json::Value> = inputs
        .iter()
        .map(|i| {
            let p = Engine::new(catalogue, Limits::default())
                .prepare(&i.arch)
                .expect("valid");
            let w = faultline::dev::work(&p);
            serde_json::json!({
                "size": i.n,
                "yaml_bytes": i.yaml.len(),
                "json_bytes": i.json.len(),
                "work": w,
            })
        })
        .collect();
    let dir = criterion_dir();
    std::fs::create_dir_all(&dir).expect("criterion's directory");
    std::fs::write(
        dir.join("work.json"),
        serde_json::to_string_pretty(&rows).expect("JSON") + "\n",
    )
    .expect("write work.json");
}

/// Where criterion writes its estimates: `CRITERION_HOME`, else `criterion` in
/// `CARGO_TARGET_DIR`, else in the workspace's `target` (criterion would also read a
/// `build.target-dir` from a cargo configuration, which this workspace does not set).
fn criterion_dir() -> std::path::PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return home.into();
    }
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(target) => std::path::Path::new(&target).join("criterion"),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/criterion"),
    }
}

criterion_group!(benches, engine);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `.ci/bench` sets this to docs/performance.md: the table there is rewritten from the
    // estimates criterion just wrote.
    if let Ok(doc) = std::env::var("FAULTLINE_BENCH_TABLE") {
        match table::rewrite(std::path::Path::new(&doc)) {
            Ok(()) => eprintln!("rewrote the benchmark table in {doc}"),
            Err(e) => {
                eprintln!("could not rewrite {doc}: {e}");
                std::process::exit(1);
            }
        }
    }
}

/// The benchmark table of `docs/performance.md`, from criterion's estimates and
/// `work.json`, between the markers `<!-- bench:begin -->` and `<!-- bench:end -->`.
mod table {
    use std::fmt::Write as _;
    use std::path::Path;

    use super::{SIZES, criterion_dir};

    const BEGIN: &str = "<!-- bench:begin -->";
    const END: &str = "<!-- bench:end -->";
    /// Operations in table order; a missing one (not benchmarked yet) is left out.
    const OPERATIONS: [(&str, &str); 8] = [
        ("parse-yaml", "parse YAML"),
        ("parse-json", "parse JSON"),
        ("validate", "validate"),
        ("score", "score"),
        ("score-2-threads", "score, 2 threads"),
        ("simulate", "simulate"),
        ("risk-groups", "risk groups"),
        ("suggest", "suggest"),
    ];

    /// Median time in nanoseconds of `operation` at `size`, if measured.
    fn median_ns(operation: &str, size: usize) -> Option<f64> {
        let path = criterion_dir()
            .join(operation)
            .join(size.to_string())
            .join("new/estimates.json");
        let text = std::fs::read_to_string(path).ok()?;
        let v: serde_json::Value = serde_json::from_str(&text).ok()?;
        v["median"]["point_estimate"].as_f64()
    }

    fn time(ns: f64) -> String {
        if ns >= 1e9 {
            format!("{:.2} s", ns / 1e9)
        } else if ns >= 1e6 {
            format!("{:.2} ms", ns / 1e6)
        } else if ns >= 1e3 {
            format!("{:.1} µs", ns / 1e3)
        } else {
            format!("{ns:.0} ns")
        }
    }

    fn thousands(n: u64) -> String {
        let s = n.to_string();
        let mut out = String::new();
        for (i, ch) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        out
    }

    fn command(cmd: &str, args: &[&str]) -> String {
        std::process::Command::new(cmd)
            .args(args)
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .map(|s| s.trim().to_owned())
            .unwrap_or_else(|| "unknown".to_owned())
    }

    fn machine() -> String {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|t| {
                t.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split(':').nth(1))
                    .map(|s| s.trim().to_owned())
            })
            .unwrap_or_else(|| "unknown CPU".to_owned());
        let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
        format!(
            "{cpu}, {cores} logical cores; {}; `cargo bench` profile (release: LTO, one codegen unit); {}",
            command("rustc", &["--version"]),
            command("date", &["-u", "+%Y-%m-%d"])
        )
    }

    fn render() -> Result<String, String> {
        let dir = criterion_dir();
        let work_text = std::fs::read_to_string(dir.join("work.json")).map_err(|e| {
            format!(
                "{}: {e} (run the benchmarks first)",
                dir.join("work.json").display()
            )
        })?;
        let work: Vec<serde_json::Value> =
            serde_json::from_str(&work_text).map_err(|e| format!("work.json: {e}"))?;
        let measured: Vec<(&str, &str)> = OPERATIONS
            .iter()
            .copied()
            .filter(|(id, _)| SIZES.iter().any(|&n| median_ns(id, n).is_some()))
            .collect();
        if measured.is_empty() {
            // An empty table would replace the last measured one without a word.
            return Err(format!(
                "no criterion estimates in {} (run the benchmarks first)",
                dir.display()
            ));
        }
        let mut out = String::new();
        let _ = writeln!(out, "Measured on: {}.", machine());
        let _ = writeln!(out);
        let _ = write!(out, "| components |");
        for (_, name) in &measured {
            let _ = write!(out, " {name} |");
        }
        let _ = writeln!(out);
        let _ = write!(out, "|---:|");
        for _ in &measured {
            let _ = write!(out, "---:|");
        }
        let _ = writeln!(out);
        for &n in &SIZES {
            let _ = write!(out, "| {} |", thousands(n as u64));
            for (id, _) in &measured {
                let cell = median_ns(id, n).map_or("—".to_owned(), time);
                let _ = write!(out, " {cell} |");
            }
            let _ = writeln!(out);
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "| components | edges | journeys | scenarios | scenarios × graph | units visited | score | ns per scenario × graph element | ns per unit visited |"
        );
        let _ = writeln!(out, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for row in &work {
            let size = row["size"].as_u64().unwrap_or(0);
            let w = &row["work"];
            let get = |k: &str| w[k].as_u64().unwrap_or(0);
            let score = median_ns("score", size as usize);
            let per = |d: u64| match score {
                Some(ns) if d > 0 => format!("{:.2}", ns / d as f64),
                _ => "—".to_owned(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                thousands(get("components")),
                thousands(get("edges")),
                thousands(get("journeys")),
                thousands(get("scenarios")),
                thousands(get("scenario_graph")),
                thousands(get("units")),
                score.map_or("—".to_owned(), time),
                per(get("scenario_graph")),
                per(get("units")),
            );
        }
        Ok(out)
    }

    /// Replaces the text between the markers of `doc` with a fresh table.
    pub fn rewrite(doc: &Path) -> Result<(), String> {
        let text = std::fs::read_to_string(doc).map_err(|e| e.to_string())?;
        let (Some(b), Some(e)) = (text.find(BEGIN), text.find(END)) else {
            return Err(format!("no `{BEGIN}` … `{END}` markers"));
        };
        if e < b {
            return Err(format!("`{END}` comes before `{BEGIN}`"));
        }
        let table = render()?;
        let new = format!("{}{BEGIN}\n{table}{}", &text[..b], &text[e..]);
        std::fs::write(doc, new).map_err(|e| e.to_string())
    }
}
