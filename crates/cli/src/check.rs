//! `faultline check FILE...`: every diagnostic of each description, like a compiler. Also
//! what pre-commit runs (`.pre-commit-hooks.yaml`), so it takes many files and exits with
//! the worst code.

use faultline::diagnostic::Diagnostic;
use faultline::{Engine, Format, render};

use crate::exit::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, Exit, exit_code};
use crate::flags::CheckFormat;
use crate::json;
use crate::load::{Kind, display_name, import, read_input, sniff};

struct Checked {
    name: String,
    /// The text the diagnostics' lines are in (empty for an imported plan: they are in the
    /// description it became).
    text: String,
    diagnostics: Vec<Diagnostic>,
    code: u8,
}

fn check_one(engine: &Engine, file: &str, overlay: Option<&str>) -> Result<Checked, Exit> {
    let text = read_input(file)?;
    let name = display_name(file).to_owned();
    match sniff(&text) {
        Kind::Terraform => {
            let imported = match import(file, &text, overlay, engine) {
                Ok(i) => i,
                Err(e) => {
                    eprint!("{}", e.message);
                    return Ok(Checked {
                        name,
                        text: String::new(),
                        diagnostics: Vec::new(),
                        code: e.code,
                    });
                }
            };
            let diagnostics = engine.check(&imported.architecture);
            let code = if diagnostics.iter().any(Diagnostic::is_error) {
                EXIT_INVALID
            } else {
                EXIT_OK
            };
            Ok(Checked {
                name: format!("{name} (as imported)"),
                text: String::new(),
                diagnostics,
                code,
            })
        }
        Kind::SavedReport => Ok(Checked {
            name: name.clone(),
            text,
            diagnostics: vec![Diagnostic::error(
                faultline::diagnostic::Code::InvalidValue,
                "",
                format!("{name} is a saved score report, not a description"),
            )],
            code: EXIT_INVALID,
        }),
        Kind::Description => {
            if overlay.is_some() {
                return Err(crate::exit::fail(
                    EXIT_UNREADABLE,
                    format!(
                        "error: --overlay goes with a Terraform plan or state, and {name} is a description"
                    ),
                ));
            }
            let fmt = Format::detect(Some(file), &text);
            let (diagnostics, unreadable) = match engine.parse(&text, fmt) {
                Ok(doc) => {
                    let d: Vec<Diagnostic> = engine
                        .check(&doc.architecture)
                        .into_iter()
                        .map(|d| doc.source.locate(d))
                        .collect();
                    (d, false)
                }
                Err(e) => (e.diagnostics().to_vec(), exit_code(&e) == EXIT_UNREADABLE),
            };
            let code = if unreadable {
                EXIT_UNREADABLE
            } else if diagnostics.iter().any(Diagnostic::is_error) {
                EXIT_INVALID
            } else {
                EXIT_OK
            };
            Ok(Checked {
                name,
                text,
                diagnostics,
                code,
            })
        }
    }
}

pub fn run(
    engine: &Engine,
    files: &[String],
    overlay: Option<&str>,
    format: CheckFormat,
) -> Result<u8, Exit> {
    let mut worst = EXIT_OK;
    let mut reports = Vec::new();
    for file in files {
        let c = match check_one(engine, file, overlay) {
            Ok(c) => c,
            Err(e) if files.len() > 1 => {
                // One unreadable file does not stop the others.
                eprint!("{}", e.message);
                if !e.message.ends_with('\n') {
                    eprintln!();
                }
                worst = worst.max(e.code);
                continue;
            }
            Err(e) => return Err(e),
        };
        worst = worst.max(c.code);
        match format {
            CheckFormat::Text => {
                eprint!(
                    "{}",
                    render::diagnostics::render(&c.name, &c.text, &c.diagnostics)
                );
            }
            CheckFormat::Json => reports.push(serde_json::json!({
                "file": c.name,
                "valid": c.code == EXIT_OK,
                "diagnostics": c.diagnostics,
            })),
        }
    }
    if format == CheckFormat::Json {
        match reports.as_slice() {
            [one] => print!("{}", json(one)),
            many => print!("{}", json(&many)),
        }
    }
    Ok(worst)
}
