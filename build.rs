//! Converts the built-in catalogue (`src/catalogue/data/*.yaml`) into one compact JSON
//! document in `OUT_DIR`, which the crate embeds with `include_str!`.
//!
//! Why: the crate must read its catalogue without the `yaml` feature and in WebAssembly,
//! where a YAML parser would cost far more bytes than the JSON it replaces. The YAML stays
//! the human-edited source; JSON is what ships. Only the syntax is checked here (a YAML
//! error fails the build with its file and line); the types and the integrity checks run
//! in the crate's tests (`tests/it/catalogue.rs`).

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::{env, fs, process};

/// The data files, merged in this order. Each is a mapping of top-level keys
/// (`version`, `patterns`, `incidents`, `providers`); a key may appear in one file only.
const FILES: [&str; 3] = ["patterns.yaml", "incidents.yaml", "providers.yaml"];

fn main() {
    let dir = PathBuf::from("src/catalogue/data");
    println!("cargo:rerun-if-changed=build.rs");
    // Watching the directory notices a data file that appears later.
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut merged = serde_json::Map::new();
    for name in FILES {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        if let Err(message) = merge_file(&path, &mut merged) {
            eprintln!("error: built-in catalogue: {message}");
            process::exit(1);
        }
    }
    let json = match serde_json::to_string(&serde_json::Value::Object(merged)) {
        Ok(json) => json,
        Err(e) => {
            eprintln!("error: built-in catalogue: cannot write JSON: {e}");
            process::exit(1);
        }
    };
    let Some(out_dir) = env::var_os("OUT_DIR") else {
        eprintln!("error: OUT_DIR is not set (build scripts run under cargo)");
        process::exit(1);
    };
    let out = PathBuf::from(out_dir).join("catalogue.json");
    if let Err(e) = fs::write(&out, json) {
        eprintln!("error: cannot write {}: {e}", out.display());
        process::exit(1);
    }
}

fn merge_file(
    path: &Path,
    merged: &mut serde_json::Map<String, serde_json::Value>,
) -> Result<(), String> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!(
                "cargo:warning=built-in catalogue: {} is missing; it contributes nothing",
                path.display()
            );
            return Ok(());
        }
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let value: serde_json::Value =
        serde_saphyr::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let map = match value {
        serde_json::Value::Object(map) => map,
        serde_json::Value::Null => return Ok(()),
        _ => {
            return Err(format!(
                "{}: the top level must be a mapping (`patterns:`, `incidents:` ...)",
                path.display()
            ));
        }
    };
    for (key, value) in map {
        if merged.contains_key(&key) {
            return Err(format!(
                "{}: top-level key `{key}` is already set by another data file",
                path.display()
            ));
        }
        merged.insert(key, value);
    }
    Ok(())
}
