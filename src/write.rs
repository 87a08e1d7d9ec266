//! Writing a description back to text: the inverse of reading it ([`Engine::parse`](crate::Engine::parse)).
//!
//! `faultline suggest --apply` and the web page's "apply" button need the changed
//! description as a document the user can keep. [`to_text`] writes it as JSON
//! (serde_json's pretty form, two-space indent, by [`crate::render::json`]) or YAML
//! (serde-saphyr's serialiser, which quotes every string that a YAML 1.1 or 1.2 reader
//! would otherwise take for a number, a boolean, a null or a date).
//!
//! The law, checked by a test over every example and fixture in both formats:
//! `parse(to_text(parse(x))) == parse(x)`. Only what the model holds survives: comments
//! and the user's layout (flow or block style, key order within a mapping, quoting) are
//! not part of [`Architecture`] and cannot be written back; callers that write files
//! should say so (the CLI prints a note on stderr).
//!
//! Defaults are never written out: a field the user left out stays out, because the model
//! keeps it as `None` and skips it when serialising.

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::model::Architecture;
use crate::parse::Format;

/// Writes `arch` as a document of the given format, ending with a newline.
///
/// # Errors
///
/// A `write-failed` error if the serialiser refuses a value (not expected for a
/// description that passed validation), or when YAML is asked of a build without the
/// `yaml` feature.
///
/// ```
/// use faultline::{Engine, Format, write::to_text};
/// let engine = Engine::default();
/// let doc = engine.parse("version: 1\nname: demo\ncomponents:\n  - { id: web, kind: compute, provider: aws }\n", Format::Yaml)?;
/// let json = to_text(&doc.architecture, Format::Json)?;
/// assert_eq!(engine.parse(&json, Format::Json)?.architecture, doc.architecture);
/// # Ok::<(), faultline::Error>(())
/// ```
pub fn to_text(arch: &Architecture, format: Format) -> Result<String, Error> {
    match format {
        Format::Json => {
            let mut s = crate::render::json::to_string(arch, crate::render::json::Style::Pretty)?;
            s.push('\n');
            Ok(s)
        }
        Format::Yaml => yaml(arch),
    }
}

#[cfg(feature = "yaml")]
fn write_failed(e: impl std::fmt::Display) -> Error {
    Error::write(Diagnostic::error(
        Code::WriteFailed,
        "",
        format!("the description could not be written: {e}"),
    ))
}

#[cfg(feature = "yaml")]
fn yaml(arch: &Architecture) -> Result<String, Error> {
    let mut s = serde_saphyr::to_string(arch).map_err(write_failed)?;
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

#[cfg(not(feature = "yaml"))]
fn yaml(_arch: &Architecture) -> Result<String, Error> {
    Err(Error::write(
        Diagnostic::error(
            Code::WriteFailed,
            "",
            "this build of faultline writes JSON only",
        )
        .with_help("ask for JSON, or build with the `yaml` feature"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    /// Strings a careless emitter would leave unquoted and a reader would then take for
    /// something else.
    #[test]
    fn ambiguous_strings_survive_yaml() {
        let tricky = [
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "true",
            "False",
            "null",
            "~",
            "",
            " lead",
            "trail ",
            "1",
            "1.5",
            "0x1F",
            "1e3",
            "0o17",
            "12:30",
            "2026-01-05",
            "-",
            "- x",
            "a: b",
            "a #b",
            "#c",
            "&a",
            "*a",
            "!t",
            "|",
            ">",
            "@x",
            "`x",
            "%x",
            "[x]",
            "{x}",
            "x\ny",
            "tab\there",
            "quote\"s",
            "back\\slash",
            "ünï",
            ".inf",
            "-.nan",
            "<<",
        ];
        for t in tricky {
            let text = format!(
                "version: 1\nname: {}\ncomponents:\n  - {{ id: web, kind: compute, provider: aws }}\n",
                serde_json::to_string(t).unwrap()
            );
            let doc = parse(&text, Format::Yaml).unwrap();
            assert_eq!(doc.architecture.name, t);
            let written = to_text(&doc.architecture, Format::Yaml).unwrap();
            let again = parse(&written, Format::Yaml)
                .unwrap_or_else(|e| panic!("{t:?} written as\n{written}\ndoes not parse: {e}"));
            assert_eq!(
                again.architecture, doc.architecture,
                "{t:?} written as\n{written}"
            );
        }
    }
}
