//! Minimal patches (issue 17, item 1): every suggestion on every example and fixture,
//! applied to the user's text as a patch, reads back as the suggestion's architecture,
//! re-scores to the promised score, and leaves every other line byte for byte, every
//! comment included. The same holds for each document rewritten with `\r\n` line breaks
//! and a byte order mark, and for each YAML example written as JSON (pretty and on one
//! line), so JSON insertions and replacements are exercised as much as YAML ones.

use std::path::PathBuf;

use faultline::catalogue::Catalogue;
use faultline::edit::{Patched, patch};
use faultline::mitigate::{SuggestOptions, apply_suggestion, suggest};
use faultline::model::Architecture;
use faultline::parse::{Format, parse};
use faultline::write::to_text;

fn documents() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["examples", "tests/fixtures"] {
        for e in std::fs::read_dir(dir).expect("readable dir") {
            let p = e.expect("entry").path();
            if matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                out.push(p);
            }
        }
    }
    out.sort();
    assert!(out.len() >= 12, "examples and fixtures are missing");
    assert!(
        out.iter()
            .any(|p| p.extension().is_some_and(|x| x == "json")),
        "no JSON document"
    );
    out
}

/// The comment of a line: an own-line comment, or what follows ` #` after a value.
fn comment(line: &str) -> Option<&str> {
    let t = line.trim_start();
    if t.starts_with('#') {
        return Some(t.trim_end());
    }
    line.find(" #").map(|i| line[i + 1..].trim_end())
}

/// Checks the hunks against both texts and returns (old lines replaced, new lines).
fn check_hunks(at: &str, old: &str, p: &Patched) -> (usize, usize) {
    let new = &p.text;
    let (mut o, mut n) = (0, 0);
    let (mut removed, mut added) = (0, 0);
    for h in &p.edits {
        assert!(
            h.old.start >= o && h.new.start >= n,
            "{at}: hunks out of order"
        );
        // Between two hunks the texts are byte-identical.
        assert_eq!(
            old[o..h.old.start],
            new[n..h.new.start],
            "{at}: text outside the hunks changed"
        );
        // Hunks are whole lines.
        for (text, r) in [(old, &h.old), (new.as_str(), &h.new)] {
            assert!(
                r.start == 0 || text.as_bytes()[r.start - 1] == b'\n',
                "{at}: hunk mid-line"
            );
            assert!(
                r.end == text.len() || text.as_bytes()[r.end - 1] == b'\n',
                "{at}: hunk ends mid-line"
            );
        }
        let count = |s: &str| s.lines().count();
        assert_eq!(
            h.old_lines.len(),
            count(&old[h.old.clone()]),
            "{at}: old lines"
        );
        assert_eq!(
            h.new_lines.len(),
            count(&new[h.new.clone()]),
            "{at}: new lines"
        );
        assert_eq!(
            h.old_lines.start,
            old[..h.old.start].matches('\n').count() + 1
        );
        assert_eq!(
            h.new_lines.start,
            new[..h.new.start].matches('\n').count() + 1
        );
        removed += h.old_lines.len();
        added += h.new_lines.len();
        o = h.old.end;
        n = h.new.end;
    }
    assert_eq!(old[o..], new[n..], "{at}: text after the last hunk changed");
    (removed, added)
}

/// The hunks of a patch as a diff, for failure messages and `FAULTLINE_EDIT_SHOW=1`.
fn show(old: &str, p: &Patched) -> String {
    let mut s = String::new();
    for h in &p.edits {
        s.push_str(&format!("@@ -{:?} +{:?}\n", h.old_lines, h.new_lines));
        for l in old[h.old.clone()].lines() {
            s.push_str(&format!("-{l}\n"));
        }
        for l in p.text[h.new.clone()].lines() {
            s.push_str(&format!("+{l}\n"));
        }
    }
    s
}

/// Every comment of the original is still in the patched text (as often as before).
fn check_comments(at: &str, old: &str, new: &str) {
    let mut wanted: Vec<&str> = old.lines().filter_map(comment).collect();
    let mut found: Vec<&str> = new.lines().filter_map(comment).collect();
    wanted.sort_unstable();
    found.sort_unstable();
    let mut it = found.iter().peekable();
    for w in wanted {
        while it.peek().is_some_and(|f| **f < w) {
            it.next();
        }
        assert_eq!(it.next(), Some(&w), "{at}: comment lost");
    }
}

fn crlf_with_bom(text: &str) -> String {
    format!("\u{feff}{}", text.replace('\n', "\r\n"))
}

#[test]
fn every_suggestion_on_every_document_patches_minimally() {
    let cat = Catalogue::builtin();
    let mut total = 0;
    let mut json_variants = 0;
    let (mut removed, mut added) = (0, 0);
    for path in documents() {
        let text = std::fs::read_to_string(&path).expect("readable");
        let format = Format::detect(path.to_str(), &text);
        let arch = parse(&text, format).expect("parses").architecture;
        let report = suggest(&arch, cat, &SuggestOptions::default()).expect("suggest");
        assert!(
            !report.suggestions.is_empty(),
            "{}: no suggestion",
            path.display()
        );
        for s in &report.suggestions {
            let at = format!("{} {}", path.display(), s.id);
            let changed: Architecture = apply_suggestion(&arch, cat, &s.id).expect("applies");
            let p = patch(&text, format, &changed).unwrap_or_else(|e| panic!("{at}: {e}"));
            // (a) reads back as the suggestion's architecture.
            let back = parse(&p.text, format).expect("patched text parses");
            assert_eq!(back.architecture, changed, "{at}");
            // (b) scores as promised.
            let score = faultline::score(&back.architecture, cat).expect("scores");
            assert_eq!((score.score, score.grade), (s.score, s.grade), "{at}");
            // (c) byte-identical outside the hunks, every comment kept.
            assert!(!p.edits.is_empty(), "{at}: nothing edited");
            let (r, a) = check_hunks(&at, &text, &p);
            if std::env::var_os("FAULTLINE_EDIT_SHOW").is_some() {
                eprintln!("== {at}\n{}", show(&text, &p));
            }
            check_comments(&format!("{at}\n{}", show(&text, &p)), &text, &p.text);
            removed += r;
            added += a;
            total += 1;
            // The same with CRLF line breaks and a byte order mark.
            let crlf = crlf_with_bom(&text);
            let pc = patch(&crlf, format, &changed).unwrap_or_else(|e| panic!("{at} (CRLF): {e}"));
            assert_eq!(pc.text, crlf_with_bom(&p.text), "{at}: CRLF/BOM differs");
            check_hunks(&at, &crlf, &pc);
            if format == Format::Yaml {
                let pretty = to_text(&arch, Format::Json).expect("writes JSON");
                let compact = format!("{}\n", serde_json::to_string(&arch).expect("JSON"));
                for (what, json) in [("pretty", pretty), ("one-line", compact)] {
                    let at = format!("{at} as {what} JSON");
                    let pj = patch(&json, Format::Json, &changed)
                        .unwrap_or_else(|e| panic!("{at}: {e}"));
                    let back = parse(&pj.text, Format::Json).expect("patched JSON parses");
                    assert_eq!(back.architecture, changed, "{at}");
                    check_hunks(&at, &json, &pj);
                    if std::env::var_os("FAULTLINE_EDIT_SHOW").is_some() {
                        eprintln!("== {at}\n{}", show(&json, &pj));
                    }
                    json_variants += 1;
                }
            }
        }
    }
    eprintln!(
        "edit: {total} suggestions patched; {removed} original lines replaced, {added} lines written"
    );
    assert!(total >= 50, "only {total} suggestions");
    assert!(json_variants >= 100, "only {json_variants} JSON patches");
}

/// A large generated description with a change to every component: the patch is right
/// and touches only those lines. (Run with `--features generate`.)
#[cfg(feature = "generate")]
#[test]
fn a_large_description_with_many_changes_patches() {
    use faultline::generate::generate;
    for format in [Format::Yaml, Format::Json] {
        let arch = generate(1000, 7);
        let text = to_text(&arch, format).expect("writes");
        let mut changed = arch.clone();
        for (i, c) in changed.components.iter_mut().enumerate() {
            c.replicas = Some(u32::try_from(i % 5).unwrap_or(0) + 2);
            c.description = None;
        }
        let started = std::time::Instant::now();
        let p = patch(&text, format, &changed).expect("patches");
        eprintln!(
            "edit: {format:?}, 1000 components, {} bytes, {} hunks: {:?}",
            text.len(),
            p.edits.len(),
            started.elapsed()
        );
        assert_eq!(
            parse(&p.text, format).expect("parses").architecture,
            changed
        );
        check_hunks("generated", &text, &p);
    }
}
