//! The fuzz targets on stable Rust: the bodies of `tests/common/fuzz_bodies.rs` (the same
//! ones `cargo fuzz` runs under libFuzzer) driven by a seeded mutator over the seed corpus
//! (examples, fixtures, hostile cases, catalogue data) for a fixed number of iterations.
//!
//! The budget is an iteration count, not wall-clock time, so a run is reproducible: the
//! same count and seed mutate the same inputs. `FAULTLINE_FUZZ_ITERATIONS` sets it
//! (default 150 per target in `cargo test`; `.ci/test` runs a longer pass), and
//! `FAULTLINE_FUZZ_SEED` the seed. An input that panics is written to
//! `target/fuzz-stable-crashes/` and named in the failure; move it to
//! `tests/fixtures/hostile/` so that [`every_regression_input_passes_every_target`] keeps it.

use std::path::{Path, PathBuf};

use crate::fuzz_bodies::{TARGETS, run};

/// YAML and JSON tokens and field names the mutator inserts.
const DICTIONARY: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ": ",
    ", ",
    "- ",
    "\n",
    "\n  ",
    "\n    - ",
    "\"",
    "'",
    "#",
    "&a ",
    "*a",
    "<<: ",
    "!!str ",
    "!!binary ",
    "!tag ",
    "~",
    "null",
    "true",
    "---\n",
    "...\n",
    "? ",
    "|\n  ",
    ">-\n  ",
    ".nan",
    ".inf",
    "-.inf",
    "-1",
    "0",
    "1e309",
    "-0.0",
    "99999999999999999999",
    "4294967296",
    "\u{feff}",
    "\u{202e}",
    "\u{301}",
    "\0",
    "\t",
    "\\u0000",
    "version: 1\n",
    "name: x\n",
    "components:\n",
    "journeys:\n",
    "  - id: a\n",
    "depends_on: [",
    "any_of: [",
    "{ id: b, hard: false }",
    "kind: compute",
    "kind: database",
    "provider: aws",
    "provider: saas:x",
    "provider: on-prem:",
    "regions: [",
    "{ name: us-east-1, zones: 3 }",
    "zones: [",
    "topology: active-active",
    "topology: active-passive",
    "standby: warm",
    "failover: { ",
    "trigger: manual",
    "via: dns",
    "needs_control_plane: true",
    "headroom_percent: ",
    "replicas: ",
    "agents: [",
    "rollout: global",
    "data: { replication: async, backups: other-region }",
    "entry: [",
    "target_availability: ",
    "rto_minutes: ",
    "operations:\n",
    "monitoring: { provider: aws }",
    "secondary: ",
    "patterns:\n",
    "incidents:\n",
    "providers:\n",
    "effects: [",
    "fails: ",
    "\"version\": 1",
    "\"components\": [",
    "\"id\": \"a\"",
    "zone:aws/us-east-1/use1-az1",
    "region:aws/us-east-1",
    "control:aws/global",
    "service:aws/us-east-1/dynamodb",
    "dns:aws",
    "agent:x",
    "rollout:global",
];

/// xorshift64*: small, seedable, the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One mutation of `input`: byte flips and sets, deletions, duplications, splices with
/// another corpus entry, truncation, dictionary insertion. Stacks 1–4 of them.
fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let len = out.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                out[i] = rng.next() as u8;
            }
            2 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                out.drain(start..end);
            }
            3 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(256)).min(len);
                let chunk = out[start..end].to_vec();
                let at = rng.below(out.len() + 1);
                out.splice(at..at, chunk);
            }
            4 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len() + 1);
                let to = (from + rng.below(512)).min(other.len());
                let at = rng.below(len + 1);
                out.truncate(at);
                out.extend_from_slice(&other[from..to]);
            }
            5 if len > 0 => out.truncate(rng.below(len)),
            _ => {
                let token = DICTIONARY[rng.below(DICTIONARY.len())].as_bytes();
                let at = rng.below(len + 1);
                out.splice(at..at, token.iter().copied());
            }
        }
    }
    out
}

fn files_in(dir: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    paths.sort();
    paths
}

/// The seed corpus of one target: what `fuzz/seed-corpus` copies into `fuzz/corpus/`.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let read = |p: &Path| std::fs::read(p).expect("read seed");
    match target {
        "parse_yaml" | "parse_json" => {
            let ext = if target == "parse_json" {
                "json"
            } else {
                "yaml"
            };
            for p in files_in("examples")
                .iter()
                .chain(files_in("tests/fixtures").iter())
            {
                let bytes = read(p);
                if p.extension().is_some_and(|e| e == ext) {
                    out.push(bytes);
                } else if ext == "json" {
                    // JSON seeds: every YAML example converted, so JSON mutations start valid.
                    if let Ok(doc) =
                        crate::api::parse(&String::from_utf8_lossy(&bytes), faultline::Format::Yaml)
                    {
                        out.push(serde_json::to_vec_pretty(&doc.architecture).expect("json"));
                    }
                }
            }
            for case in crate::hostile_cases::cases() {
                if case.text.len() <= 64 * 1024 {
                    out.push(case.text.into_bytes());
                }
            }
        }
        "simulate" => {
            for s in [
                "zone-physical-loss\nzone:aws/us-east-1/use1-az1\n30\naws-2021-12-07-use1-network",
                "region-data-plane-loss\nregion:aws/us-east-1\n\n",
                "dns-provider-outage\ndns:aws\n-5\nnone",
                "control-plane-outage\ncontrol:aws/global\nNaN\n",
            ] {
                out.push(s.as_bytes().to_vec());
            }
        }
        "catalogue" => {
            for p in files_in("src/catalogue/data") {
                let mut bytes = vec![1u8]; // YAML
                bytes.extend(read(&p));
                out.push(bytes);
            }
            let mut json = vec![0u8];
            json.extend_from_slice(faultline::catalogue::Catalogue::builtin_json().as_bytes());
            out.push(json);
        }
        other => panic!("no seeds for {other}"),
    }
    out
}

fn iterations() -> usize {
    std::env::var("FAULTLINE_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150)
}

fn seed() -> u64 {
    std::env::var("FAULTLINE_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_F00D)
}

fn save_crash(target: &str, input: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../fuzz-stable-crashes");
    let _ = std::fs::create_dir_all(&dir);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325; // FNV-1a of the input, for a stable name
    for b in input {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    let path = dir.join(format!("{target}-{h:016x}"));
    let _ = std::fs::write(&path, input);
    path
}

fn fuzz(target: &str) {
    let corpus = seeds(target);
    assert!(!corpus.is_empty(), "{target}: empty seed corpus");
    let mut rng = Rng(seed() ^ target.len() as u64 ^ 0x9E37_79B9_7F4A_7C15);
    // Every seed once as it is, then mutants.
    let inputs = corpus.iter().cloned().chain(std::iter::from_fn(|| {
        let base = &corpus[rng.below(corpus.len())];
        Some(mutate(&mut rng, base, &corpus))
    }));
    for input in inputs.take(corpus.len() + iterations()) {
        let result = std::panic::catch_unwind(|| run(target, &input));
        if let Err(e) = result {
            let path = save_crash(target, &input);
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()));
            panic!(
                "{target}: panic on the input saved as {}: {}",
                path.display(),
                msg.unwrap_or_default()
            );
        }
    }
}

#[test]
fn fuzz_parse_yaml() {
    fuzz("parse_yaml");
}

#[test]
fn fuzz_parse_json() {
    fuzz("parse_json");
}

#[test]
fn fuzz_simulate() {
    fuzz("simulate");
}

#[test]
fn fuzz_catalogue() {
    fuzz("catalogue");
}

#[test]
fn the_mutator_is_reproducible_and_changes_inputs() {
    let corpus = seeds("parse_yaml");
    let a: Vec<Vec<u8>> = {
        let mut r = Rng(7);
        (0..50)
            .map(|i| mutate(&mut r, &corpus[i % corpus.len()], &corpus))
            .collect()
    };
    let b: Vec<Vec<u8>> = {
        let mut r = Rng(7);
        (0..50)
            .map(|i| mutate(&mut r, &corpus[i % corpus.len()], &corpus))
            .collect()
    };
    assert_eq!(a, b);
    let changed = a
        .iter()
        .enumerate()
        .filter(|(i, m)| **m != corpus[i % corpus.len()])
        .count();
    assert!(
        changed >= 45,
        "only {changed} of 50 mutants differ from their base"
    );
}

/// Every input under `tests/fixtures/hostile/` (crashes found by fuzzing, and inputs
/// written by hand) passes every target: named `<target>-<anything>`, it runs that target;
/// otherwise all of them.
#[test]
fn every_regression_input_passes_every_target() {
    let files = files_in("tests/fixtures/hostile");
    assert!(
        !files.is_empty(),
        "tests/fixtures/hostile/ holds the regression inputs"
    );
    for path in files {
        let bytes = std::fs::read(&path).expect("read");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        for target in TARGETS {
            if TARGETS.iter().any(|t| name.starts_with(&format!("{t}-")))
                && !name.starts_with(&format!("{target}-"))
            {
                continue;
            }
            if std::panic::catch_unwind(|| run(target, &bytes)).is_err() {
                panic!("{target} panics on {}", path.display());
            }
        }
    }
}
