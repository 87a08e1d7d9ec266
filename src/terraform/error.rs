//! The importer's one error type: why no description could be made from a plan, a state or
//! an overlay, and where.

use crate::diagnostic::Diagnostic;

/// Which input an [`ImportError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Input {
    /// The `terraform show -json` document (a plan or a state).
    Terraform,
    /// The overlay file.
    Overlay,
}

/// What went wrong, as a closed set (new kinds may be added).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ImportErrorKind {
    /// The text is not JSON (or YAML, for an overlay) at all: see line and column.
    Syntax,
    /// The input is larger than [`super::ImportOptions::max_input_bytes`].
    TooLarge,
    /// The plan or state holds more resource instances than
    /// [`super::ImportOptions::max_resources`].
    TooManyResources,
    /// Resolving references took more steps than the importer allows (a pathological
    /// configuration, not a real one).
    TooComplex,
    /// The JSON is valid but is not `terraform show -json` output (a raw `.tfstate`, a
    /// provider schema, something else).
    NotTerraform,
    /// A `format_version` whose major version this importer does not read.
    UnsupportedVersion,
    /// A value has the wrong type or a required field is missing: see `pointer`.
    Shape,
    /// The overlay does not fit the format (unknown field, wrong type): see `pointer`.
    Overlay,
    /// The overlay names a resource, component or journey entry that does not exist, or
    /// asks for something contradictory (two components renamed to one id).
    OverlayReference,
}

impl ImportErrorKind {
    /// The stable code, e.g. `not-terraform`.
    pub fn code(self) -> &'static str {
        match self {
            ImportErrorKind::Syntax => "syntax",
            ImportErrorKind::TooLarge => "input-too-large",
            ImportErrorKind::TooManyResources => "too-many-resources",
            ImportErrorKind::TooComplex => "too-complex",
            ImportErrorKind::NotTerraform => "not-terraform",
            ImportErrorKind::UnsupportedVersion => "unsupported-format-version",
            ImportErrorKind::Shape => "invalid-terraform-json",
            ImportErrorKind::Overlay => "invalid-overlay",
            ImportErrorKind::OverlayReference => "overlay-reference",
        }
    }
}

/// Why no description could be imported: what, where (a JSON pointer into the input, and
/// line and column when the text is not valid JSON or YAML), and what to do.
#[derive(Debug, Clone, PartialEq, serde::Serialize, thiserror::Error)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[error("{}{message}", location(.pointer, .line, .column))]
pub struct ImportError {
    /// The kind of problem.
    pub kind: ImportErrorKind,
    /// Which input it is about.
    pub input: Input,
    /// JSON pointer to the offending value (`/planned_values/root_module/resources/3/type`);
    /// empty for the whole document.
    pub pointer: String,
    /// 1-based line, for syntax errors.
    pub line: Option<u32>,
    /// 1-based column, for syntax errors.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

fn location(pointer: &str, line: &Option<u32>, column: &Option<u32>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("line {l} column {c}: "),
        (Some(l), None) => format!("line {l}: "),
        _ if !pointer.is_empty() => format!("at {pointer}: "),
        _ => String::new(),
    }
}

impl ImportError {
    pub(crate) fn new(
        kind: ImportErrorKind,
        input: Input,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        ImportError {
            kind,
            input,
            pointer: pointer.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    /// A problem with the Terraform document.
    pub(crate) fn terraform(
        kind: ImportErrorKind,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(kind, Input::Terraform, pointer, message)
    }

    /// A value of the Terraform document with the wrong shape.
    pub(crate) fn shape(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::terraform(ImportErrorKind::Shape, pointer, message).with_help(
            "the file does not look like `terraform show -json` output; regenerate it with `terraform show -json plan.bin > plan.json` (or `terraform show -json > state.json`)",
        )
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn at(mut self, line: Option<u32>, column: Option<u32>) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// The same problem as a [`Diagnostic`] (severity error, code from the kind), for
    /// front ends that render diagnostics uniformly.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut d = Diagnostic::error(self.kind.code(), self.pointer.clone(), &self.message);
        d.line = self.line;
        d.column = self.column;
        d.help = self.help.clone();
        d
    }
}

/// A `serde_json` syntax error as an [`ImportError`] with line and column.
pub(crate) fn json_syntax(input: Input, e: &serde_json::Error) -> ImportError {
    let message = e.to_string();
    let first = message.lines().next().unwrap_or(&message);
    let clean = match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    let (kind, help) = if clean.contains("recursion limit") {
        (
            ImportErrorKind::Syntax,
            "the document is nested more than 128 levels deep; no plan or overlay is",
        )
    } else {
        (
            ImportErrorKind::Syntax,
            "fix the syntax at the position shown (is the file complete, and JSON?)",
        )
    };
    ImportError::new(kind, input, "", format!("not valid JSON: {clean}"))
        .at(
            u32::try_from(e.line()).ok().filter(|l| *l > 0),
            u32::try_from(e.column()).ok().filter(|c| *c > 0),
        )
        .with_help(help)
}
