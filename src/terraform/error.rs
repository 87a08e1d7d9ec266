//! How the importer fails: a [`crate::Error`] of kind [`crate::ErrorKind::Import`] (or
//! `Limit`) whose one diagnostic has a stable [`Code`], a message that starts with `plan:`
//! (the `terraform show -json` document, a plan or a state) or `overlay:`, the JSON
//! pointer into that input and, where known, the line and column.

use crate::diagnostic::{Code, Diagnostic};
use crate::error::Error;
use crate::input::{SourceMap, clean_message};

/// A diagnostic about the plan or state.
pub(crate) fn plan(code: Code, pointer: impl Into<String>, message: impl AsRef<str>) -> Diagnostic {
    Diagnostic::error(code, pointer, format!("plan: {}", message.as_ref()))
}

/// A diagnostic about the overlay.
pub(crate) fn overlay(
    code: Code,
    pointer: impl Into<String>,
    message: impl AsRef<str>,
) -> Diagnostic {
    Diagnostic::error(code, pointer, format!("overlay: {}", message.as_ref()))
}

/// A diagnostic made by the shared readers (a limit), said to be about the overlay.
pub(crate) fn in_overlay(mut d: Diagnostic) -> Diagnostic {
    d.message = format!("overlay: {}", d.message);
    d
}

/// The error of a diagnostic about text that was read (a shape, a reference, a count).
pub(crate) fn fail(d: Diagnostic) -> Error {
    Error::import(d, false)
}

/// A value of the plan or state with the wrong shape.
pub(crate) fn shape(pointer: impl Into<String>, message: impl AsRef<str>) -> Error {
    fail(plan(Code::TerraformShape, pointer, message).with_help(
        "the file does not look like `terraform show -json` output; regenerate it with `terraform show -json plan.bin > plan.json` (or `terraform show -json > state.json`)",
    ))
}

/// A `serde_json` error on the plan's text: a syntax error with line and column, or
/// serde_json's nesting guard (128 levels) as `too-deep`.
pub(crate) fn json_syntax(e: &serde_json::Error) -> Error {
    let message = clean_message(&e.to_string());
    let mut d = if message.contains("recursion limit") {
        plan(
            Code::TooDeep,
            "",
            "the document is nested more than 128 levels deep",
        )
        .with_help("no plan or state is; check that the file is `terraform show -json` output")
    } else {
        plan(
            Code::TerraformSyntax,
            "",
            format!("not valid JSON: {message}"),
        )
        .with_help("fix the syntax at the position shown (is the file complete, and JSON? `terraform show -json plan.bin > plan.json` writes it)")
    };
    d.line = u32::try_from(e.line()).ok().filter(|l| *l > 0);
    d.column = u32::try_from(e.column()).ok().filter(|c| *c > 0);
    Error::import(d, true)
}

/// The same error with its line and column filled in from `source` where it has only a
/// path.
pub(crate) fn locate(e: Error, source: &SourceMap) -> Error {
    if e.diagnostics().iter().all(|d| d.line.is_some()) {
        return e;
    }
    let unreadable = e.is_unreadable();
    match e.into_diagnostics().into_iter().next() {
        Some(d) => Error::import(source.locate(d), unreadable),
        None => Error::import(
            Diagnostic::error(Code::Internal, "", "an import error without a diagnostic"),
            false,
        ),
    }
}

/// True for an error about the overlay (found while applying it to the plan).
pub(crate) fn is_overlay(e: &Error) -> bool {
    matches!(
        e.code(),
        Code::Overlay | Code::OverlayReference | Code::OverlaySyntax
    )
}
