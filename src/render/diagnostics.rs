//! Diagnostics as a compiler prints them: the location, the source line and a caret.

use std::fmt::Write as _;

use crate::diagnostic::Diagnostic;

/// Renders diagnostics with the offending source lines. `file` names the input.
///
/// ```
/// use faultline::diagnostic::{Code, Diagnostic};
/// let mut d = Diagnostic::error(Code::UnknownDependency, "/components/0/depends_on/0", "no component has the id `dbb`");
/// d.line = Some(2);
/// d.column = Some(5);
/// let text = faultline::render::diagnostics::render("a.yaml", "x: 1\nb: dbb\n", &[d]);
/// assert!(text.contains("error[unknown-dependency]"));
/// assert!(text.contains("a.yaml:2:5"));
/// assert!(text.contains("b: dbb"));
/// ```
pub fn render(file: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{}[{}]: {}", d.severity.as_str(), d.code, d.message);
        let pointer = if d.path.is_empty() {
            String::new()
        } else {
            format!(" at {}", d.path)
        };
        match (d.line, d.column) {
            (Some(line), col) => {
                let col = col.unwrap_or(1).max(1);
                let width = line.to_string().len();
                let _ = writeln!(
                    out,
                    "{:width$}--> {file}:{line}:{col}{pointer}",
                    "",
                    width = width
                );
                if let Some(text) = lines.get(line as usize - 1) {
                    let _ = writeln!(out, "{:width$} |", "", width = width);
                    let _ = writeln!(out, "{line} | {text}");
                    let caret_pad: String = text
                        .chars()
                        .take(col as usize - 1)
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    let _ = writeln!(out, "{:width$} | {caret_pad}^", "", width = width);
                }
            }
            (None, _) => {
                let _ = writeln!(out, "  --> {file}{pointer}");
            }
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out.push('\n');
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Warning)
        .count();
    let _ = writeln!(out, "{file}: {errors} error(s), {warnings} warning(s)");
    out
}
