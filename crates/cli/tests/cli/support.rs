//! What the suites share: running the binary, scratch directories, the Python validator.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `faultline ARGS` at the repository root, with `stdin` if given.
pub fn faultline(args: &[&str], stdin: Option<&str>) -> Output {
    faultline_in(&crate::root(), args, stdin)
}

/// Runs `faultline ARGS` in `dir`.
pub fn faultline_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .current_dir(dir)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("exits")
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts the exit code, showing stderr when it differs.
pub fn expect(o: &Output, want: i32) {
    assert_eq!(
        code(o),
        want,
        "stderr:\n{}\nstdout:\n{}",
        stderr(o),
        stdout(o)
    );
}

/// A fresh scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("faultline-cli-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The example descriptions (not the Terraform folder).
pub fn examples() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(crate::root().join("examples"))
        .expect("examples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            p.strip_prefix(crate::root())
                .expect("under the root")
                .display()
                .to_string()
        })
        .collect();
    files.sort();
    files
}

/// Validates `files` with `tests/fixtures/validate.py` (`mode`: `json SCHEMA` or `xml`),
/// and fails the test with the validator's output when one does not pass. Python's
/// `jsonschema` is installed by `.ci/run`; without it the test fails with the hint.
pub fn validate(mode: &[&str], files: &[PathBuf]) {
    let script = crate::root().join("crates/cli/tests/fixtures/validate.py");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let out = Command::new(&python)
        .arg(&script)
        .args(mode)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python} (the validator needs Python 3): {e}"));
    assert!(
        out.status.success(),
        "validation failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
