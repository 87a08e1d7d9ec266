//! `faultline import terraform FILE [--overlay OVERLAY] [-o OUT] [--format yaml|json]`.

use faultline::diagnostic::Diagnostic;
use faultline::{Engine, Format, render};

use crate::exit::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, Exit, fail};
use crate::load::{display_name, import, read_input, write_output};

pub fn terraform(
    engine: &Engine,
    file: &str,
    overlay: Option<&str>,
    output: Option<&str>,
    format: Format,
) -> Result<u8, Exit> {
    let text = read_input(file)?;
    let name = display_name(file);
    let imported = import(file, &text, overlay, engine)?;
    let mut written = faultline::write::to_text(&imported.architecture, format)
        .map_err(|e| fail(EXIT_INVALID, format!("error: {e}")))?;
    if format == Format::Yaml {
        written = format!(
            "# Imported from {name} by `faultline import terraform` (faultline {}).\n# Review what it assumed (printed when it ran); an overlay (--overlay) fixes it\n# for the next import: see docs/terraform.md.\n{written}",
            env!("CARGO_PKG_VERSION")
        );
    }
    let out = output.unwrap_or("-");
    refuse_to_replace_a_description_of_yours(engine, out)?;
    write_output(out, &written)?;
    eprint!("{}", imported.summary());
    let diagnostics = engine.check(&imported.architecture);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    if out != "-" {
        eprintln!("\nfaultline: wrote {out}");
    }
    if errors > 0 {
        // The import itself worked (a plan of networks only, say, has nothing to score):
        // say what stops the description from scoring, and leave the exit code at 0.
        let shown: Vec<Diagnostic> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
        eprintln!("\nnote: the imported description does not score yet:");
        eprint!(
            "{}",
            render::diagnostics::render(&format!("{name} (as imported)"), "", &shown)
        );
    }
    Ok(EXIT_OK)
}

/// An import is written over an earlier import (a description whose components carry the
/// Terraform addresses they came from, `origin`; an overlay's added components carry
/// none), or into a new or empty file; never over a description written by hand, or any
/// other file, which would be lost (found by a review).
fn refuse_to_replace_a_description_of_yours(engine: &Engine, out: &str) -> Result<(), Exit> {
    if out == "-" {
        return Ok(());
    }
    let Ok(text) = std::fs::read_to_string(out) else {
        // Missing (a new file), or not readable as text: the write says what is wrong.
        return Ok(());
    };
    if text.trim().is_empty() {
        return Ok(());
    }
    let imported = engine
        .parse(&text, Format::detect(Some(out), &text))
        .is_ok_and(|d| {
            d.architecture
                .components
                .iter()
                .any(|c| !c.origin.is_empty())
        });
    if imported {
        return Ok(());
    }
    Err(fail(
        EXIT_UNREADABLE,
        format!(
            "error: {out} exists and is not an earlier import (no component has an `origin`), so it is not overwritten: write the import to another file (or remove {out} first)"
        ),
    ))
}
