//! Minimal patches: a changed description written back as the smallest edit of the
//! user's own text.
//!
//! [`patch`] takes the text as the user wrote it, its format, and the architecture it
//! should now say (a mitigation's result, [`crate::Prepared::apply`]), and returns the new
//! text with the list of edited line ranges; [`crate::Prepared::apply_to_text`] does both
//! in one call. Only the values that change are touched; everything else stays byte for
//! byte: comments (also next to and inside changed blocks), key order, blank lines,
//! indentation, flow or block style, quoting, number formats (`60` stays `60`), line
//! breaks (`\r\n` kept), a byte order mark, document markers. New keys and items are
//! written in the document's own style (see `style.rs`); where the text has no node for a
//! changed value (a bare `- us-east-1` that gains zones, a bare dependency id that becomes
//! soft), the nearest enclosing node is rewritten, its comments kept on their lines. The
//! module does no I/O.
//!
//! # Safety
//!
//! The patched text is parsed again and must read as exactly `after`; otherwise an
//! [`Error`] with code `patch-failed` is returned and no text at all. A YAML anchor on a
//! value that must change, a merge key hiding a value that must go, or a complex key are
//! refused with code `patch-unsupported` and the line (in the error's diagnostic). Both
//! are of kind [`ErrorKind::Write`](crate::ErrorKind::Write): a caller that can may fall
//! back to [`crate::write::to_text`], which loses comments and layout.
//!
//! # How
//!
//! The text becomes a tree with byte spans (YAML: granit-parser's events, the parser
//! serde-saphyr uses; JSON: a small scanner), the models before and after become values
//! with fields in declaration order, and `plan.rs` walks the three side by side.
//!
//! ```
//! use faultline::{Engine, Format, edit::patch};
//! let text = "version: 1\nname: demo   # the shop\ncomponents:\n  - { id: web, kind: compute, provider: aws, regions: [us-east-1] }\n";
//! let mut arch = Engine::default().parse(text, Format::Yaml)?.architecture;
//! arch.components[0].replicas = Some(3);
//! let p = patch(text, Format::Yaml, &arch)?;
//! assert_eq!(p.text, "version: 1\nname: demo   # the shop\ncomponents:\n  - { id: web, kind: compute, provider: aws, regions: [us-east-1], replicas: 3 }\n");
//! assert_eq!(p.edits.len(), 1);
//! assert_eq!(p.edits[0].old_lines, 4..5);
//! # Ok::<(), faultline::Error>(())
//! ```

// Library code must not be able to panic: no indexing, unwrap or expect (tests may).
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]

mod lines;
mod plan;
mod style;
mod tree;
mod value;

use crate::sort::Stable;
use std::ops::Range;

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::error::Error;
use crate::input::Format;
use crate::limits::Limits;
use crate::model::Architecture;
use crate::parse::parse_with_limits;

use lines::{line_end, line_number, line_start};
use plan::{Edit, Planner};
use style::DocStyle;
use value::Val;

/// A patched description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Patched {
    /// The whole new text.
    pub text: String,
    /// What changed, as whole-line hunks in document order (empty when nothing changed).
    pub edits: Vec<TextEdit>,
}

/// One changed stretch of lines. Everything between two hunks is the same in both texts.
///
/// Line ranges are 1-based and half-open: `old_lines: 4..6` is lines 4 and 5 of the
/// original; an empty range (`7..7`) is a pure insertion before line 7 (or a pure
/// deletion, on the other side). Byte ranges are UTF-8 offsets; JavaScript strings count
/// UTF-16 units, so a front end in JavaScript should use the line ranges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TextEdit {
    /// Bytes of the original text replaced (whole lines, line breaks included).
    pub old: Range<usize>,
    /// Bytes of the new text that replace them (whole lines).
    pub new: Range<usize>,
    /// Lines of the original replaced.
    pub old_lines: Range<usize>,
    /// Lines of the new text in their place.
    pub new_lines: Range<usize>,
}

/// A change that cannot be written into the text as it is (`patch-unsupported`): a YAML
/// anchor or merge key where the change falls, a complex key, a text the span reader does
/// not follow. `line` is 1-based.
pub(crate) fn unsupported(line: u32, reason: impl Into<String>) -> Error {
    let mut d = Diagnostic::error(
        Code::PatchUnsupported,
        "",
        format!(
            "the change cannot be written into the text as it is: {}",
            reason.into()
        ),
    )
    .with_help(
        "edit that part by hand, or write the whole description anew (comments and layout are then lost)",
    );
    d.line = Some(line);
    Error::patch(d)
}

/// The patched text would not say what was asked (`patch-failed`): a defect, and no text.
fn failed(reason: impl std::fmt::Display) -> Error {
    Error::patch(
        Diagnostic::error(
            Code::PatchFailed,
            "",
            format!(
                "the edited text would not say what the change says ({reason}); nothing was written"
            ),
        )
        .with_help("this is a defect in faultline: please report it with the description"),
    )
}

/// Rewrites `text` (a description in `format`) so that it says `after`, changing only
/// what differs. See the [module documentation](self). [`crate::Prepared::apply_to_text`]
/// does this for a suggestion in one call.
///
/// # Errors
///
/// An [`Error`] of kind [`ErrorKind::Write`](crate::ErrorKind::Write) with code
/// `patch-unsupported` (its diagnostic has the line) when a change falls on a construct the
/// patcher does not edit (a YAML anchor, a merge key, a complex key), `patch-failed` when
/// the result would not read as exactly `after` (a defect; no text is returned),
/// `write-failed` when `after` cannot be serialised; the reading error of `text` itself
/// (kind `Syntax`, `Shape` or `Limit`, with its own code) when it is not a description.
pub fn patch(text: &str, format: Format, after: &Architecture) -> Result<Patched, Error> {
    patch_with_limits(text, format, after, &Limits::default())
}

/// [`patch`] with explicit parser limits (for texts read with raised limits, such as the
/// CLI's `--max-input-bytes`): both the original and the patched text are read with them.
///
/// # Errors
///
/// As [`patch`].
pub fn patch_with_limits(
    text: &str,
    format: Format,
    after: &Architecture,
    limits: &Limits,
) -> Result<Patched, Error> {
    let before = parse_with_limits(text, format, limits)?.architecture;
    patch_parsed(text, format, &before, after, limits)
}

/// [`patch_with_limits`] for a text already read as `before` (what
/// [`crate::Prepared::apply_to_text`] checks it against).
pub(crate) fn patch_parsed(
    text: &str,
    format: Format,
    before: &Architecture,
    after: &Architecture,
    limits: &Limits,
) -> Result<Patched, Error> {
    if before == after {
        return Ok(Patched {
            text: text.to_owned(),
            edits: Vec::new(),
        });
    }
    let json = format == Format::Json;
    let root = match format {
        Format::Json => tree::json(text, limits.max_depth.saturating_add(1))?,
        #[cfg(feature = "yaml")]
        Format::Yaml => tree::yaml(text)?,
        // Unreachable in practice: without the feature, YAML text does not parse.
        #[cfg(not(feature = "yaml"))]
        Format::Yaml => {
            return Err(unsupported(1, "this build of faultline reads JSON only"));
        }
    };
    let style = DocStyle::read(text, &root, json);
    let mut planner = Planner::new(text, &style);
    planner.run(&root, &Val::of(before)?, &Val::of(after)?)?;
    let mut edits = planner.edits;
    // Stable: edits at the same place keep the order the walk made them in.
    edits.stable_sort_by_key(|e| (e.start, e.end));
    plan::keep_comment_columns(text, &mut edits);
    let new_text = apply(text, &edits)?;
    match parse_with_limits(&new_text, format, limits) {
        Ok(doc) if doc.architecture == *after => {}
        Ok(doc) => return Err(failed(first_difference(&doc.architecture, after))),
        // The change makes the description larger than the limits allow (a component
        // added past `max_components`): the limit's own error, not a defect.
        Err(e) if e.kind() == crate::ErrorKind::Limit => return Err(e),
        Err(e) => {
            let line = e.diagnostics().first().and_then(|d| d.line).unwrap_or(0);
            return Err(failed(format_args!(
                "it does not parse (line {line}): {}",
                e.message()
            )));
        }
    }
    let hunks = hunks(text, &new_text, &edits);
    Ok(Patched {
        text: new_text,
        edits: hunks,
    })
}

/// The text with the (sorted) edits applied; overlapping edits are refused.
fn apply(text: &str, edits: &[Edit]) -> Result<String, Error> {
    let mut out = String::with_capacity(text.len() + 256);
    let mut pos = 0;
    for e in edits {
        if e.start < pos || e.end < e.start {
            return Err(unsupported(
                u32::try_from(line_number(text, e.start)).unwrap_or(u32::MAX),
                "two changes overlap here",
            ));
        }
        let (Some(keep), Some(_)) = (text.get(pos..e.start), text.get(e.start..e.end)) else {
            return Err(failed("an edit does not fall on character boundaries"));
        };
        out.push_str(keep);
        out.push_str(&e.text);
        pos = e.end;
    }
    out.push_str(text.get(pos..).unwrap_or(""));
    Ok(out)
}

/// The edits widened to whole lines and merged where they touch the same lines. One
/// forward pass over both texts (line numbers are counted as it goes).
fn hunks(old: &str, new: &str, edits: &[Edit]) -> Vec<TextEdit> {
    // (old start, old end, shift of new offsets before this hunk, shift inside it)
    let mut spans: Vec<(usize, usize, isize, isize)> = Vec::new();
    let mut shift: isize = 0;
    for e in edits {
        let delta = isize::try_from(e.text.len()).unwrap_or(0)
            - isize::try_from(e.end.saturating_sub(e.start)).unwrap_or(0);
        let whole_lines =
            e.start == e.end && line_start(old, e.start) == e.start && e.text.ends_with('\n');
        let (s, t) = if whole_lines {
            (e.start, e.start)
        } else {
            let last = if e.end > e.start { e.end - 1 } else { e.end };
            (line_start(old, e.start), line_end(old, last).max(e.end))
        };
        match spans.last_mut() {
            Some(h) if s < h.1 || (s == h.1 && s == t && h.0 == h.1) => {
                h.1 = h.1.max(t);
                h.3 += delta;
            }
            _ => spans.push((s, t, shift, delta)),
        }
        shift += delta;
    }
    let at = |x: usize, d: isize| usize::try_from(isize::try_from(x).unwrap_or(0) + d).unwrap_or(0);
    let mut old_lines = Counter::new(old);
    let mut new_lines = Counter::new(new);
    spans
        .into_iter()
        .map(|(s, t, before, inside)| {
            let (ns, nt) = (at(s, before), at(t, before + inside));
            TextEdit {
                old: s..t,
                new: ns..nt,
                old_lines: old_lines.range(s, t),
                new_lines: new_lines.range(ns, nt),
            }
        })
        .collect()
}

/// Line numbers of increasing offsets, counted incrementally.
struct Counter<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Counter<'a> {
    fn new(text: &'a str) -> Counter<'a> {
        Counter {
            text,
            pos: 0,
            line: 1,
        }
    }

    /// The 1-based line of `pos` (not before the last one asked).
    fn line(&mut self, pos: usize) -> usize {
        let pos = pos.clamp(self.pos, self.text.len());
        self.line += lines::slice(self.text, self.pos, pos).matches('\n').count();
        self.pos = pos;
        self.line
    }

    /// The lines of a whole-line range `a..b`.
    fn range(&mut self, a: usize, b: usize) -> Range<usize> {
        let first = self.line(a);
        let ends_mid_line = b > a && !lines::slice(self.text, a, b).ends_with('\n');
        let last = self.line(b) + usize::from(ends_mid_line);
        first..last
    }
}

/// The first JSON pointer where two architectures differ, for the error message.
fn first_difference(got: &Architecture, want: &Architecture) -> String {
    let (Ok(a), Ok(b)) = (serde_json::to_value(got), serde_json::to_value(want)) else {
        return "the result differs".to_owned();
    };
    match crate::mitigate::diff(&a, &b).first() {
        Some(c) => format!(
            "at `{}`: it would say {} instead of {}",
            c.path,
            c.before
                .as_ref()
                .map_or("nothing".to_owned(), |v| v.to_string()),
            c.after
                .as_ref()
                .map_or("nothing".to_owned(), |v| v.to_string()),
        ),
        None => "the result differs".to_owned(),
    }
}

#[cfg(test)]
mod tests;
