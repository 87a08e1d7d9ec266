//! Hostile input through the binary: bytes that are not UTF-8, limits raised and lowered
//! by flags.

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

use crate::hostile_cases::cycle;

fn faultline_cli(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .current_dir(crate::root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(bytes) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(bytes)
            .expect("write");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("exits")
}

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("faultline-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

#[test]
fn invalid_utf8_is_refused_with_its_offset() {
    let mut bytes = b"version: 1\nname: caf".to_vec();
    bytes.extend_from_slice(&[0xC3, 0x28]); // a broken two-byte sequence at offset 20
    bytes.extend_from_slice(b"\ncomponents: []\n");
    // The library takes &str: the boundary is from_utf8, which refuses these bytes.
    let err = std::str::from_utf8(&bytes).expect_err("not UTF-8");
    assert_eq!(err.valid_up_to(), 20);
    let path = temp_file("broken.yaml", &bytes);
    let file = path.to_str().expect("utf-8 path");
    let mut seen = None;
    for args in [vec!["check", file], vec!["score", file]] {
        let out = faultline_cli(&args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).expect("the error itself is UTF-8");
        assert!(stderr.contains("error[invalid-utf8]"), "{stderr}");
        assert!(stderr.contains("offset 20"), "{stderr}");
        assert!(stderr.contains("broken.yaml"), "{stderr}");
        assert!(out.stdout.is_empty());
        if let Some(prev) = &seen {
            assert_eq!(prev, &stderr, "the same bytes give the same error");
        }
        seen = Some(stderr);
    }
    let out = faultline_cli(&["check", "-"], Some(&bytes));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("<stdin>")
            || String::from_utf8_lossy(&out.stderr).contains("-")
    );
}

#[test]
fn limits_are_raised_and_lowered_from_the_command_line() {
    let text = cycle(3).replace("depends_on: [c0]", "depends_on: []");
    let path = temp_file("three.yaml", text.as_bytes());
    let file = path.to_str().expect("utf-8 path");
    let out = faultline_cli(&["--max-components", "2", "check", file], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("too-many-components"), "{stderr}");
    assert!(stderr.contains("3, over the limit of 2"), "{stderr}");
    assert!(stderr.contains("--max-components"), "{stderr}");
    // The same file under the default limit scores.
    let out = faultline_cli(&["score", file, "--format", "json"], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Scenario budget: refused before anything is played.
    let out = faultline_cli(&["--max-scenarios", "1", "score", file], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("too-many-scenarios") && stderr.contains("--max-scenarios"),
        "{stderr}"
    );
    // Input bytes.
    let out = faultline_cli(&["--max-input-bytes", "10", "check", file], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-input-bytes"));
    // Depth.
    let deep = format!(
        "{{\"version\": 1, \"name\": {}}}",
        "[".repeat(20) + &"]".repeat(20)
    );
    let out = faultline_cli(&["--max-depth", "8", "check", "-"], Some(deep.as_bytes()));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("too-deep"));
}
