//! `faultline suggest FILE --apply ID -o OUT [--rewrite]`: the suggestion written into the
//! user's own text as a minimal patch ([`faultline::Prepared::apply_to_text`]): comments,
//! key order, styles and number formats kept. Stderr shows the edited lines as a unified
//! diff without context. When the patcher refuses (a YAML anchor or merge key where the
//! change falls), nothing is written unless `--rewrite` asks for the whole description
//! anew.

use std::fmt::Write as _;

use faultline::diagnostic::Code;
use faultline::edit::Patched;
use faultline::{ErrorKind, render};

use crate::config::Apply;
use crate::exit::{
    EXIT_INVALID, EXIT_NOT_PATCHED, EXIT_OK, EXIT_UNREADABLE, Exit, exit_code, fail,
};
use crate::load::{Loaded, Source, display_name, write_replacing};

/// The hunks of a patch as a unified diff with no context lines: `@@ -a,n +b,m @@`, then
/// the removed lines (`-`) and the added ones (`+`). As in `diff -U0`, an empty side's
/// start is the line before it.
pub fn unified(old_name: &str, new_name: &str, old: &str, p: &Patched) -> String {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = p.text.split_inclusive('\n').collect();
    let mut o = format!("--- {old_name}\n+++ {new_name}\n");
    let start = |r: &std::ops::Range<usize>| {
        if r.is_empty() {
            r.start.saturating_sub(1)
        } else {
            r.start
        }
    };
    for e in &p.edits {
        let _ = writeln!(
            o,
            "@@ -{},{} +{},{} @@",
            start(&e.old_lines),
            e.old_lines.len(),
            start(&e.new_lines),
            e.new_lines.len()
        );
        for (sign, lines, range) in [
            ('-', &old_lines, &e.old_lines),
            ('+', &new_lines, &e.new_lines),
        ] {
            for i in range.clone() {
                let line = lines.get(i.saturating_sub(1)).copied().unwrap_or_default();
                o.push(sign);
                o.push_str(line);
                if !line.ends_with('\n') {
                    o.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
    }
    o
}

pub fn run(loaded: &Loaded, a: &Apply) -> Result<u8, Exit> {
    let file = display_name(&loaded.file);
    let Source::Description { format, text, .. } = &loaded.source else {
        return Err(fail(
            EXIT_UNREADABLE,
            format!(
                "error: --apply writes into a description, and {file} is a Terraform plan: import it first (`faultline import terraform {file} -o shop.faultline.yaml`), then apply the suggestion to that file (change the Terraform code the same way)"
            ),
        ));
    };
    let p = &loaded.prepared;
    let target = if a.output == "-" {
        "<stdout>"
    } else {
        a.output.as_str()
    };
    let base = p.score();
    let before = base.score;
    let (written, patched) = match p.apply_to_text(&a.id, text, *format) {
        Ok(patched) => (patched.text.clone(), Some(patched)),
        Err(e) if e.code() == Code::UnknownSuggestion => {
            let ids = p.suggestion_ids();
            let list = if ids.is_empty() {
                "none apply to this description".to_owned()
            } else {
                format!("applicable ids:\n  {}", ids.join("\n  "))
            };
            return Err(fail(
                EXIT_UNREADABLE,
                format!(
                    "error: no applicable suggestion `{}` for {file}; {list}",
                    a.id
                ),
            ));
        }
        Err(e) if e.kind() == ErrorKind::Write && a.rewrite => {
            eprint!(
                "{}",
                render::diagnostics::render(file, text, e.diagnostics())
            );
            let changed = p
                .apply(&a.id)
                .map_err(|e| fail(exit_code(&e), format!("error: {e}")))?;
            let written = faultline::write::to_text(&changed, *format)
                .map_err(|e| fail(EXIT_INVALID, format!("error: {e}")))?;
            eprintln!(
                "note: --rewrite: {target} is written from the parsed description; the comments, key order and layout of {file} are not kept"
            );
            (written, None)
        }
        Err(e) if e.kind() == ErrorKind::Write => {
            return Err(fail(
                EXIT_NOT_PATCHED,
                format!(
                    "{}faultline: `{}` cannot be written into {file} as a minimal patch, so nothing was written.\n  Edit that part by hand (`faultline suggest {file} --format json` shows the change as JSON pointers),\n  or pass --rewrite to write the whole description anew (its comments, key order and layout are lost).",
                    render::diagnostics::render(file, text, e.diagnostics()),
                    a.id
                ),
            ));
        }
        Err(e) => return Err(fail(exit_code(&e), format!("error: {e}"))),
    };
    // Score what the file will say, read back from the text written.
    let engine = p.engine();
    let after = engine
        .parse(&written, *format)
        .and_then(|d| engine.prepare(&d.architecture))
        .map_err(|e| {
            fail(
                EXIT_INVALID,
                format!("error: the changed description does not score: {e}"),
            )
        })?
        .score();
    // `suggest` offers a change only when it raises the score and no journey's expected
    // downtime rises; one it rejected is still written when asked for, with the reason.
    let mut worse: Vec<String> = Vec::new();
    for j in &base.journeys {
        if let Some(k) = after.journeys.iter().find(|k| k.name == j.name)
            && k.expected_downtime_minutes_per_year > j.expected_downtime_minutes_per_year
        {
            worse.push(format!(
                "journey `{}` would be down longer ({} -> {} min/yr)",
                j.name, j.expected_downtime_minutes_per_year, k.expected_downtime_minutes_per_year
            ));
        }
    }
    if after.score <= before {
        worse.push(format!(
            "the score does not rise ({before:.1} -> {:.1})",
            after.score
        ));
    }
    if !worse.is_empty() {
        eprintln!(
            "warning: `{}` is not a change `faultline suggest` offers: {}",
            a.id,
            worse.join("; ")
        );
    }
    let after = after.score;
    // Written over the file it was read from: only if it still holds what was read.
    let same_file = loaded.file != "-"
        && a.output != "-"
        && std::fs::canonicalize(&loaded.file)
            .ok()
            .is_some_and(|f| std::fs::canonicalize(&a.output).ok() == Some(f));
    write_replacing(&a.output, &written, same_file.then_some(text.as_str()))?;
    match &patched {
        Some(patch) => {
            let lines: usize = patch
                .edits
                .iter()
                .map(|e| e.old_lines.len().max(e.new_lines.len()))
                .sum();
            eprintln!(
                "faultline: applied `{}`: score {before:.1} -> {after:.1}; wrote {target} ({} line(s) edited in {} place(s); the rest of {file} is unchanged)",
                a.id,
                lines,
                patch.edits.len()
            );
            eprint!("{}", unified(file, target, text, patch));
        }
        None => eprintln!(
            "faultline: applied `{}`: score {before:.1} -> {after:.1}; wrote {target} (rewritten)",
            a.id
        ),
    }
    Ok(EXIT_OK)
}
