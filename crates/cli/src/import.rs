//! `faultline import terraform FILE [--overlay OVERLAY] [-o OUT] [--format yaml|json]`.

use faultline::diagnostic::Diagnostic;
use faultline::{Engine, Format, render};

use crate::exit::{EXIT_INVALID, EXIT_OK, Exit, fail};
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
