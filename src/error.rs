//! The one error type of the library: why no result could be made.
//!
//! Expected problems with a description are data ([`Diagnostic`]s, with a stable
//! [`Code`], a path and a position); an [`Error`] means no report could be made at all, and
//! carries the diagnostics that say why. Every front end maps it the same way: the CLI to an
//! exit code by [`ErrorKind`], the npm package to a JavaScript `Error` whose `code` is
//! [`Error::code`] and whose `diagnostics` are [`Error::diagnostics`].
//!
//! ```
//! use faultline::{Engine, ErrorKind, Format};
//! let engine = Engine::default();
//! let e = engine.parse("version: 1\nname: x\ncomponents: []\nextra: 1\n", Format::Yaml).unwrap_err();
//! assert_eq!(e.kind(), ErrorKind::Shape);
//! assert_eq!(e.code().as_str(), "unknown-field");
//! assert_eq!(e.diagnostics()[0].line, Some(4));
//! ```

use std::fmt;

use crate::diagnostic::{Code, Diagnostic};

/// What kind of failure an [`Error`] is. The CLI's exit code follows it (see its `--help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is not YAML or JSON, or is empty: nothing could be read (CLI exit 2).
    Syntax,
    /// The text was read but does not have the format's shape: an unknown field, a missing
    /// field, a value of the wrong type or outside its set (exit 1).
    Shape,
    /// The input is over one of the [`crate::Limits`] (exit 2 when it could not even be read,
    /// see [`Error::is_unreadable`]; 1 when it was read and is too big to score).
    Limit,
    /// The description has errors; the diagnostics list every one, warnings included (exit 1).
    Invalid,
    /// A catalogue file could not be read, or fails its integrity checks (exit 1).
    Catalogue,
    /// A request names something that does not exist or is malformed: a pattern, an
    /// incident, a suggestion, a fault domain, a number of minutes, an option (exit 2).
    Request,
    /// A description could not be written as text (exit 1).
    Write,
    /// A Terraform plan or state, or its overlay, could not be imported
    /// ([`crate::terraform`]): not JSON, not `terraform show -json` output, a
    /// `format_version` or a shape the importer does not read, or an overlay that does not
    /// have the overlay format or names what the plan does not have. The message starts with
    /// `plan:` or `overlay:`; [`Error::is_unreadable`] tells text that could not be read at
    /// all (a syntax error) from text that was read and is wrong (exit 1). Over one of the
    /// importer's limits the kind is [`ErrorKind::Limit`].
    Import,
}

/// Why an operation could not produce its result.
///
/// Small (one pointer) so that `Result<T, Error>` stays cheap; cloneable and comparable so
/// that tests and front ends can keep it.
#[derive(Clone, PartialEq)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone, PartialEq)]
struct Inner {
    kind: ErrorKind,
    /// The text could not be read at all (syntax, or an input-level limit).
    unreadable: bool,
    code: Code,
    message: String,
    diagnostics: Vec<Diagnostic>,
}

impl Error {
    fn new(kind: ErrorKind, code: Code, message: String, diagnostics: Vec<Diagnostic>) -> Self {
        Error(Box::new(Inner {
            kind,
            unreadable: kind == ErrorKind::Syntax,
            code,
            message,
            diagnostics,
        }))
    }

    /// An input that could not be made into a description. `unreadable`: the text itself
    /// could not be read (a syntax error, or an input-level limit: bytes, depth, aliases,
    /// YAML values); otherwise it was read and has the wrong shape or is too big. The kind
    /// follows the diagnostic's code.
    pub(crate) fn unreadable(diagnostic: Diagnostic, unreadable: bool) -> Self {
        let kind = if diagnostic.code.stage() == "limits" {
            ErrorKind::Limit
        } else if unreadable {
            ErrorKind::Syntax
        } else {
            ErrorKind::Shape
        };
        let mut e = Error::new(
            kind,
            diagnostic.code,
            diagnostic.message.clone(),
            vec![diagnostic],
        );
        e.0.unreadable = unreadable;
        e
    }

    /// Over a limit (found after reading: components, dependencies, scenarios).
    pub(crate) fn limits(diagnostics: Vec<Diagnostic>) -> Self {
        let first = diagnostics.first();
        let code = first.map_or(Code::TooManyScenarios, |d| d.code);
        let message = first.map(|d| d.message.clone()).unwrap_or_default();
        Error::new(ErrorKind::Limit, code, message, diagnostics)
    }

    /// The description has errors (`diagnostics` holds all of them, warnings too).
    pub(crate) fn invalid(diagnostics: Vec<Diagnostic>) -> Self {
        let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
        let message = format!(
            "the description has {} error(s); first: {}",
            errors.len(),
            errors.first().map_or("", |d| d.message.as_str())
        );
        Error::new(ErrorKind::Invalid, Code::Invalid, message, diagnostics)
    }

    /// A request that cannot be served; `code` says which.
    pub(crate) fn request(code: Code, message: impl Into<String>) -> Self {
        let message = message.into();
        let d = Diagnostic::error(code, "", message.clone());
        Error::new(ErrorKind::Request, code, message, vec![d])
    }

    /// A catalogue problem, already worded with its file and position.
    pub(crate) fn catalogue(message: String, diagnostics: Vec<Diagnostic>) -> Self {
        let diagnostics = if diagnostics.is_empty() {
            vec![Diagnostic::error(Code::Catalogue, "", message.clone())]
        } else {
            diagnostics
        };
        Error::new(ErrorKind::Catalogue, Code::Catalogue, message, diagnostics)
    }

    /// Writing failed.
    pub(crate) fn write(diagnostic: Diagnostic) -> Self {
        Error::new(
            ErrorKind::Write,
            Code::WriteFailed,
            diagnostic.message.clone(),
            vec![diagnostic],
        )
    }

    /// A text could not be patched ([`crate::edit`]): kind `Write`, with the diagnostic's own
    /// code (`patch-unsupported`, `patch-failed`).
    pub(crate) fn patch(diagnostic: Diagnostic) -> Self {
        Error::new(
            ErrorKind::Write,
            diagnostic.code,
            diagnostic.message.clone(),
            vec![diagnostic],
        )
    }

    /// An import that failed ([`crate::terraform`]): `diagnostic` says what (its message
    /// starts with `plan:` or `overlay:`) and where (a JSON pointer into that input, and the
    /// line and column when known). `unreadable`: the text itself could not be read (a
    /// syntax error, or an input-level limit: bytes, nesting). A limit's code gives
    /// [`ErrorKind::Limit`], every other code [`ErrorKind::Import`]. The error's message is
    /// the diagnostic's with its position.
    pub(crate) fn import(diagnostic: Diagnostic, unreadable: bool) -> Self {
        let kind = if diagnostic.code.stage() == "limits" {
            ErrorKind::Limit
        } else {
            ErrorKind::Import
        };
        let message = match (diagnostic.line, diagnostic.column) {
            (Some(line), Some(column)) => {
                format!("{} (line {line}, column {column})", diagnostic.message)
            }
            (Some(line), None) => format!("{} (line {line})", diagnostic.message),
            _ if !diagnostic.path.is_empty() => {
                format!("{} (at {})", diagnostic.message, diagnostic.path)
            }
            _ => diagnostic.message.clone(),
        };
        let mut e = Error::new(kind, diagnostic.code, message, vec![diagnostic]);
        e.0.unreadable = unreadable;
        e
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// True when the text could not be read at all: a syntax error, or an input-level limit
    /// (bytes, nesting, YAML aliases or values). The CLI exits with 2 for these and with 1 for
    /// a description that was read but is wrong or too big to score.
    pub fn is_unreadable(&self) -> bool {
        self.0.unreadable
    }

    /// The stable code: for an input that could not be read, the diagnostic's own code
    /// (`syntax`, `unknown-field`, `too-deep` ...); otherwise the error's (`invalid`,
    /// `unknown-pattern`, `catalogue` ...). `docs/diagnostics.md` lists them all.
    pub fn code(&self) -> Code {
        self.0.code
    }

    /// What is wrong, in one sentence.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// What is wrong and where: at least one entry (for [`ErrorKind::Invalid`], every
    /// diagnostic of the description, warnings included).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.0.diagnostics
    }

    /// The diagnostics, by value.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.0.diagnostics
    }

    /// The same error with each diagnostic's line and column filled in from `source` where
    /// they are missing (an error found after parsing knows its path, not its position).
    pub fn located(mut self, source: &crate::input::SourceMap) -> Self {
        let diagnostics = std::mem::take(&mut self.0.diagnostics);
        self.0.diagnostics = diagnostics.into_iter().map(|d| source.locate(d)).collect();
        self
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("code", &self.0.code)
            .field("message", &self.0.message)
            .field("diagnostics", &self.0.diagnostics)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_one_pointer_wide() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn kinds_follow_the_diagnostic() {
        let syntax = Error::unreadable(Diagnostic::error(Code::Syntax, "", "bad"), true);
        assert_eq!(syntax.kind(), ErrorKind::Syntax);
        let shape = Error::unreadable(Diagnostic::error(Code::UnknownField, "/x", "x"), false);
        assert_eq!(shape.kind(), ErrorKind::Shape);
        assert_eq!(shape.code(), Code::UnknownField);
        let limit = Error::unreadable(Diagnostic::error(Code::TooDeep, "", "deep"), true);
        assert_eq!(limit.kind(), ErrorKind::Limit);
        assert!(limit.is_unreadable());
        assert!(!shape.is_unreadable());
        let invalid = Error::invalid(vec![
            Diagnostic::warning(Code::EmptyName, "/name", "no name"),
            Diagnostic::error(Code::NoComponents, "/components", "nothing"),
        ]);
        assert_eq!(invalid.code(), Code::Invalid);
        assert_eq!(
            invalid.to_string(),
            "the description has 1 error(s); first: nothing"
        );
        assert_eq!(invalid.diagnostics().len(), 2);
        let request = Error::request(Code::UnknownPattern, "no pattern `x`");
        assert_eq!(request.kind(), ErrorKind::Request);
        assert_eq!(request.diagnostics()[0].code, Code::UnknownPattern);
        let mut d = Diagnostic::error(Code::TerraformSyntax, "", "plan: not valid JSON");
        d.line = Some(3);
        d.column = Some(7);
        let import = Error::import(d, true);
        assert_eq!(import.kind(), ErrorKind::Import);
        assert!(import.is_unreadable());
        assert_eq!(
            import.to_string(),
            "plan: not valid JSON (line 3, column 7)"
        );
        let reference = Error::import(
            Diagnostic::error(Code::OverlayReference, "/resources/x", "overlay: no `x`"),
            false,
        );
        assert_eq!(reference.to_string(), "overlay: no `x` (at /resources/x)");
        assert!(!reference.is_unreadable());
        let over = Error::import(
            Diagnostic::error(Code::TooManyResources, "", "plan: too many"),
            false,
        );
        assert_eq!(over.kind(), ErrorKind::Limit);
    }
}
