//! `faultline-gen`: writes a seeded synthetic architecture (see `faultline::generate`).
//!
//! ```text
//! faultline-gen <components> [--seed N] [--format yaml|json] [--out FILE]
//! faultline-gen --all DIR [--seed N]
//! ```
//!
//! The first form writes one description to FILE (default: standard output). The second
//! writes `DIR/synthetic-<size>.yaml` and `.json` for every size the benchmarks use
//! (10, 100, 1,000, 10,000): the inputs of `benches/node/bench.mjs`.
//!
//! Build with `cargo run --release --features generate --bin faultline-gen -- 1000`.

use std::path::PathBuf;
use std::process::ExitCode;

use faultline::model::Architecture;
use faultline_dev::generate::{SIZES, generate};

const USAGE: &str = "usage: faultline-gen <components> [--seed N] [--format yaml|json] [--out FILE]\n       faultline-gen --all DIR [--seed N]";

/// The seed the benchmarks, the scale test and `docs/performance.md` use.
const DEFAULT_SEED: u64 = 1;

enum Format {
    Yaml,
    Json,
}

fn render(arch: &Architecture, format: &Format) -> Result<String, String> {
    match format {
        Format::Yaml => {
            faultline::write::to_text(arch, faultline::Format::Yaml).map_err(|e| e.to_string())
        }
        Format::Json => serde_json::to_string_pretty(arch)
            .map(|s| s + "\n")
            .map_err(|e| e.to_string()),
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let mut size: Option<usize> = None;
    let mut seed = DEFAULT_SEED;
    let mut format = Format::Yaml;
    let mut out: Option<PathBuf> = None;
    let mut all: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: `{v}` is not a number"))?;
            }
            "--format" => {
                format = match value("--format")?.as_str() {
                    "yaml" => Format::Yaml,
                    "json" => Format::Json,
                    other => return Err(format!("--format: `{other}` is not yaml or json")),
                }
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--all" => all = Some(PathBuf::from(value("--all")?)),
            n if size.is_none() && !n.starts_with('-') => {
                size = Some(
                    n.parse()
                        .map_err(|_| format!("`{n}` is not a number of components\n{USAGE}"))?,
                );
            }
            other => return Err(format!("unexpected argument `{other}`\n{USAGE}")),
        }
    }
    if let Some(dir) = all {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for n in SIZES {
            let arch = generate(n, seed);
            for (format, ext) in [(Format::Yaml, "yaml"), (Format::Json, "json")] {
                let path = dir.join(format!("synthetic-{n}.{ext}"));
                std::fs::write(&path, render(&arch, &format)?)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                eprintln!("wrote {}", path.display());
            }
        }
        return Ok(());
    }
    let n = size.ok_or_else(|| USAGE.to_owned())?;
    let text = render(&generate(n, seed), &format)?;
    match out {
        Some(path) => std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display())),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("faultline-gen: {e}");
            ExitCode::from(2)
        }
    }
}
