//! Minimal patches (issue 17, item 1): every suggestion on every example and fixture,
//! applied to the user's text as a patch, reads back as the suggestion's architecture,
//! re-scores to the promised score, and leaves every other line byte for byte, every
//! comment included. The same holds for each document rewritten with `\r\n` line breaks
//! and a byte order mark, and for each YAML example written as JSON (pretty and on one
//! line), so JSON insertions and replacements are exercised as much as YAML ones.

use std::path::PathBuf;

use faultline::catalogue::Catalogue;
use faultline::diagnostic::Code;
use faultline::edit::{Patched, patch, patch_with_limits};
use faultline::model::Architecture;
use faultline::write::to_text;
use faultline::{Engine, ErrorKind, Format, Limits};

use crate::api::{parse, score};

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
    let engine = Engine::default();
    let cat = Catalogue::builtin();
    let mut total = 0;
    let mut json_variants = 0;
    let (mut removed, mut added) = (0, 0);
    for path in documents() {
        let text = std::fs::read_to_string(&path).expect("readable");
        let format = Format::detect(path.to_str(), &text);
        let arch = parse(&text, format).expect("parses").architecture;
        let prepared = engine.prepare(&arch).expect("prepares");
        let report = prepared.suggest(&Default::default());
        assert!(
            !report.suggestions.is_empty(),
            "{}: no suggestion",
            path.display()
        );
        for s in &report.suggestions {
            let at = format!("{} {}", path.display(), s.id);
            let changed: Architecture = prepared.apply(&s.id).expect("applies");
            // The facade's one call is the patch of what `apply` gives.
            let p = prepared
                .apply_to_text(&s.id, &text, format)
                .unwrap_or_else(|e| panic!("{at}: {e}"));
            assert_eq!(
                Ok(&p),
                patch(&text, format, &changed).as_ref(),
                "{at}: apply_to_text"
            );
            // (a) reads back as the suggestion's architecture.
            let back = parse(&p.text, format).expect("patched text parses");
            assert_eq!(back.architecture, changed, "{at}");
            // (b) scores as promised.
            let score = score(&back.architecture, cat).expect("scores");
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
            let pc = prepared
                .apply_to_text(&s.id, &crlf, format)
                .unwrap_or_else(|e| panic!("{at} (CRLF): {e}"));
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

/// A description of `n` components in block style with comments: a chain of services over
/// three regions, every fifth a database.
fn large_yaml(n: usize) -> String {
    let mut s =
        String::from("# generated for the patch test\nversion: 1\nname: large\ncomponents:\n");
    for i in 0..n {
        let kind = if i % 5 == 4 { "database" } else { "compute" };
        let region = ["us-east-1", "us-west-2", "eu-west-1"][i % 3];
        s.push_str(&format!(
            "  # component {i}\n  - id: c{i}\n    kind: {kind}   # a {kind}\n    provider: aws\n    description: number {i}\n    regions:\n      - name: {region}\n        zones: 2\n"
        ));
        if i > 0 {
            s.push_str(&format!("    depends_on: [c{}]\n", i - 1));
        }
    }
    s
}

/// A large description with a change to every component, in YAML and in JSON: the patch
/// is right and touches only those lines.
#[test]
fn a_large_description_with_many_changes_patches() {
    let yaml = large_yaml(1000);
    let arch = parse(&yaml, Format::Yaml).expect("parses").architecture;
    let json = to_text(&arch, Format::Json).expect("writes");
    let mut changed = arch.clone();
    for (i, c) in changed.components.iter_mut().enumerate() {
        c.replicas = Some(u32::try_from(i % 5).unwrap_or(0) + 2);
        c.description = None;
    }
    for (format, text) in [(Format::Yaml, yaml), (Format::Json, json)] {
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
        let (removed, added) = check_hunks("generated", &text, &p);
        if std::env::var_os("FAULTLINE_EDIT_SHOW").is_some() {
            eprintln!("== generated {format:?}\n{}", show(&text, &p));
        }
        // Per component, its description line goes and a replicas line comes (one hunk
        // each: they are not next to each other); nothing else is touched, but in JSON
        // the line before the new key, which gains a comma.
        assert_eq!(p.edits.len(), 2000, "{format:?}");
        let lines = match format {
            Format::Yaml => (1000, 1000),
            Format::Json => (2000, 2000),
        };
        assert_eq!((removed, added), lines, "{format:?}");
        check_comments("generated", &text, &p.text);
    }
}

const ANCHORED: &str = "\
version: 1
name: demo   # the shop
components:
  - id: web
    kind: compute
    provider: aws
    regions: &one [us-east-1]
  - id: api
    kind: compute
    provider: aws
    regions: *one
    depends_on: [web]
";

/// What each failure of the facade's one call is, as the front ends see it: a kind and a
/// stable code, with the line where there is one.
#[test]
fn apply_to_text_fails_with_a_kind_and_a_code() {
    let engine = Engine::default();
    let arch = parse(ANCHORED, Format::Yaml).expect("parses").architecture;
    let prepared = engine.prepare(&arch).expect("prepares");
    let ids = prepared.suggestion_ids();
    assert!(ids.iter().any(|id| id == "add-zones:web"), "{ids:?}");

    // The change falls inside the anchored value: refused, with the line, no text.
    let e = prepared
        .apply_to_text("add-zones:web", ANCHORED, Format::Yaml)
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.code()),
        (ErrorKind::Write, Code::PatchUnsupported)
    );
    assert_eq!(e.code().as_str(), "patch-unsupported");
    assert_eq!(e.diagnostics()[0].line, Some(7), "{e:?}");
    assert!(e.message().contains("anchor"), "{e}");

    // An id that is not applicable.
    let e = prepared
        .apply_to_text("add-zones:nothing", ANCHORED, Format::Yaml)
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.code()),
        (ErrorKind::Request, Code::UnknownSuggestion)
    );

    // Text that is not the prepared description (edited in between).
    let edited = ANCHORED.replace("name: demo", "name: other");
    let e = prepared
        .apply_to_text("add-zones:web", &edited, Format::Yaml)
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.code()),
        (ErrorKind::Request, Code::PatchMismatch)
    );
    assert_eq!(e.code().as_str(), "patch-mismatch");

    // Text that does not read: its own reading error.
    let e = prepared
        .apply_to_text("add-zones:web", "version: [", Format::Yaml)
        .unwrap_err();
    assert_eq!(e, parse("version: [", Format::Yaml).unwrap_err());

    // The engine's limits apply to the text.
    let small = Limits {
        max_input_bytes: 64,
        ..Limits::default()
    };
    let tight = Engine::new(Catalogue::builtin(), small);
    let e = tight
        .prepare(&arch)
        .expect("prepares")
        .apply_to_text("add-zones:web", ANCHORED, Format::Yaml)
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.code()),
        (ErrorKind::Limit, Code::InputTooLarge)
    );
    let e = patch_with_limits(ANCHORED, Format::Yaml, &arch, &small).unwrap_err();
    assert_eq!(e.code(), Code::InputTooLarge);

    // Every code is documented like the others.
    for code in [
        Code::PatchUnsupported,
        Code::PatchFailed,
        Code::PatchMismatch,
    ] {
        assert!(Code::ALL.contains(&code));
        assert_eq!(Code::parse(code.as_str()), Some(code));
    }
}

/// An unchanged description is the same text, with no hunk; the patch result serialises
/// for the JavaScript side (ranges as `{start, end}`).
#[test]
fn nothing_to_change_is_the_same_text_and_patches_serialise() {
    let arch = parse(ANCHORED, Format::Yaml).expect("parses").architecture;
    let p = patch(ANCHORED, Format::Yaml, &arch).expect("patches");
    assert_eq!(p.text, ANCHORED);
    assert!(p.edits.is_empty());
    let mut changed = arch.clone();
    changed.name = "store".into();
    let p = patch(ANCHORED, Format::Yaml, &changed).expect("patches");
    assert_eq!(p.text, ANCHORED.replace("name: demo ", "name: store"));
    let v = serde_json::to_value(&p).expect("serialises");
    assert_eq!(
        v["edits"][0]["old_lines"],
        serde_json::json!({"start": 2, "end": 3})
    );
}

/// A dependency written out in block style with comments beside and inside it (a
/// reviewer's case).
const COMMENTED_DEP: &str = "\
version: 1
name: x
components:
  - id: web
    kind: container
    provider: aws
    depends_on:
      - id: payments   # card payments, PCI scope
        # owner: team-billing
        hard: true
  - id: payments
    kind: third-party-api
    provider: saas:stripe
journeys:
  - { name: checkout, entry: [web] }
";

/// The component `second-provider:payments` adds, as the patch writes it.
const SECONDARY: &str = "  - id: payments-secondary
    kind: third-party-api
    provider: saas:stripe-alternative
    description: A second vendor for what `payments` does (name the real one).
";

/// The journey's entry `payments` in the group `second-provider:payments` makes.
const GROUPED_ENTRY: &str = "[web, { any_of: [payments, payments-secondary] }]";

/// Applies suggestion `id` to `text` (YAML) through the facade; checks that the patched
/// text reads back as the suggestion's architecture, scores as the suggestion promised,
/// and keeps every comment. Returns the patched text.
fn applied(text: &str, id: &str) -> Result<String, faultline::Error> {
    let arch = parse(text, Format::Yaml)?.architecture;
    let prepared = Engine::default().prepare(&arch)?;
    let report = prepared.suggest(&Default::default());
    let Some(s) = report.suggestions.iter().find(|s| s.id == id) else {
        panic!("{id} is not suggested: {:?}", prepared.suggestion_ids());
    };
    let p = prepared.apply_to_text(id, text, Format::Yaml)?;
    let back = parse(&p.text, Format::Yaml)?.architecture;
    assert_eq!(back, prepared.apply(id)?, "{id}");
    let score = score(&back, Catalogue::builtin())?;
    assert_eq!((score.score, score.grade), (s.score, s.grade), "{id}");
    check_hunks(id, text, &p);
    check_comments(&format!("{id}\n{}", show(text, &p)), text, &p.text);
    Ok(p.text)
}

/// Softening a written-out dependency changes its one value; putting it in a group
/// rewrites the item but keeps both its comments.
#[test]
fn a_written_out_dependency_keeps_its_comments() -> Result<(), faultline::Error> {
    let t = applied(COMMENTED_DEP, "soften:web->payments")?;
    assert_eq!(t, COMMENTED_DEP.replace("hard: true", "hard: false"));
    let t = applied(COMMENTED_DEP, "second-provider:payments")?;
    let want = COMMENTED_DEP
        .replace(
            "      - id: payments   # card payments, PCI scope\n        # owner: team-billing\n        hard: true\n",
            "      - any_of: [payments, payments-secondary]  # card payments, PCI scope\n        # owner: team-billing\n",
        )
        .replace("journeys:\n", &format!("{SECONDARY}journeys:\n"));
    assert_eq!(t, want);
    Ok(())
}

/// A soft dependency in block style is put in a group as its flow form is (a reviewer's
/// case: the two edits overlapped and the patch was refused).
#[test]
fn a_soft_block_dependency_is_put_in_a_group() -> Result<(), faultline::Error> {
    // `payments` stays on the journey's path through its own entry.
    let block = COMMENTED_DEP
        .replace("hard: true", "hard: false")
        .replace("entry: [web] }", "entry: [web, payments] }");
    let t = applied(&block, "second-provider:payments")?;
    let want = block
        .replace(
            "- id: payments   # card",
            "- any_of: [payments, payments-secondary]  # card",
        )
        .replace("journeys:\n", &format!("{SECONDARY}journeys:\n"))
        .replace("[web, payments]", GROUPED_ENTRY);
    assert_eq!(t, want);
    let flow = block.replace(
        "- id: payments   # card payments, PCI scope\n        # owner: team-billing\n        hard: false\n",
        "- { id: payments, hard: false }\n",
    );
    let t = applied(&flow, "second-provider:payments")?;
    let want = flow
        .replace(
            "- { id: payments, hard",
            "- { any_of: [payments, payments-secondary], hard",
        )
        .replace("journeys:\n", &format!("{SECONDARY}journeys:\n"))
        .replace("[web, payments]", GROUPED_ENTRY);
    assert_eq!(t, want);
    Ok(())
}
