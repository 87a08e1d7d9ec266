//! Parsing: text (YAML or JSON) → [`Architecture`], with source positions.
//!
//! Syntax errors and shape errors (unknown field, wrong type, missing field) come back as an
//! [`Error`] holding a [`Diagnostic`] with the JSON-pointer path and line/column. A
//! successful parse also returns a [`SourceMap`] so that later diagnostics (validation,
//! findings) can point at the line that caused them. The reading itself (format, pointers,
//! positions) is [`crate::input`], shared with catalogue files.

use crate::diagnostic::{Code, Diagnostic};
use crate::error::Error;
pub use crate::input::{Format, SourceMap};
use crate::input::{ReadError, YamlBudget, index_positions, read};
use crate::limits::Limits;
use crate::model::Architecture;

/// A parsed document: the architecture and where each value came from.
#[derive(Debug, Clone)]
pub struct Document {
    /// The architecture.
    pub architecture: Architecture,
    /// Positions of values in the text.
    pub source: SourceMap,
    /// The format it was read as.
    pub format: Format,
}

/// Parses with the default limits (for the unit tests).
#[cfg(test)]
pub(crate) fn parse(text: &str, format: Format) -> Result<Document, Error> {
    parse_with_limits(text, format, &Limits::default())
}

/// Parses a description within `limits` (what [`crate::Engine::parse`] does).
///
/// # Errors
///
/// An [`Error`] ([`crate::ErrorKind::Syntax`], `Shape` or `Limit`) whose diagnostic has
/// the path and position of the first problem: `input-too-large` / `too-deep` / `too-many-aliases` /
/// `too-many-nodes` / `too-many-components` / `too-many-dependencies` over a limit.
pub fn parse_with_limits(text: &str, format: Format, limits: &Limits) -> Result<Document, Error> {
    if text.len() > limits.max_input_bytes {
        return Err(Error::unreadable(
            crate::limits::over_limit(
                Code::InputTooLarge,
                "",
                "the input is too large (bytes)",
                text.len(),
                limits.max_input_bytes,
                "max_input_bytes",
            ),
            true,
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_blank_yaml(text) {
        return Err(Error::unreadable(
            Diagnostic::error(Code::EmptyDocument, "", "the document is empty").with_help(
                "start with `version: 1`, a `name` and a list of `components` (see `faultline schema`)",
            ),
            false,
        ));
    }
    let budget = YamlBudget {
        max_depth: limits.max_depth,
        max_nodes: limits.max_yaml_nodes,
        max_alias_expansions: limits.max_alias_expansions,
    };
    let architecture: Architecture =
        read(text, format, Some(budget)).map_err(|e| read_error(e, text, format, limits))?;
    let doc = Document {
        architecture,
        source: index_positions(text, limits.max_depth),
        format,
    };
    if let Some(d) = limits.check_counts(&doc.architecture).into_iter().next() {
        return Err(Error::unreadable(doc.source.locate(d), false));
    }
    Ok(doc)
}

/// A reading failure as the description's diagnostic: the limit it hit, or a syntax or
/// shape error with its code and help.
fn read_error(e: ReadError, text: &str, format: Format, limits: &Limits) -> Error {
    if let Some(mut d) = e.breach.as_ref().map(|b| reading_limit_error(b, limits)) {
        d.line = e.line;
        d.column = e.column;
        return Error::unreadable(d, true);
    }
    let code = if e.syntax {
        Code::Syntax
    } else {
        shape_code(&e.message)
    };
    let mut d = Diagnostic::error(code, e.pointer, e.message);
    d.line = e.line;
    d.column = e.column;
    if cfg!(not(feature = "yaml")) && e.syntax && d.line.is_none() {
        d.code = Code::YamlDisabled;
        d = d.with_help("convert the description to JSON, or build with the `yaml` feature");
    }
    let help = if format == Format::Yaml {
        dedented_key(&d, text)
    } else {
        None
    }
    .or_else(|| closest_name(&d.message).map(|name| format!("did you mean `{name}`?")));
    if let Some(help) = help {
        d = d.with_help(help);
    }
    Error::unreadable(with_shape_help(d), e.syntax)
}

/// For an unknown field or value (`unknown field `depnds_on`, expected one of id, kind,
/// …, depends_on, data`): the allowed name closest to the one written, when it is close
/// enough to be a typo (at most one edit in three characters; case, `-` and `_` are
/// near-misses too).
fn closest_name(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (written, rest) = rest.split_once('`')?;
    let expected = rest.split_once("expected ")?.1;
    let expected = expected.strip_prefix("one of ").unwrap_or(expected);
    let norm = |s: &str| s.to_ascii_lowercase().replace('-', "_");
    let w = norm(written);
    expected
        .split(", ")
        .flat_map(|part| part.split(" or "))
        .map(|name| name.trim().trim_matches('`'))
        .filter(|name| !name.is_empty())
        .map(|name| (edit_distance(&w, &norm(name)), name))
        .filter(|&(d, name)| d * 3 <= w.chars().count().max(name.chars().count()))
        .min_by_key(|&(d, _)| d)
        .map(|(_, name)| name.to_owned())
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// two neighbours (`wbe` → `web` is one edit).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two back (for swaps), one back, this one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row: Vec<usize> = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1);
            if i > 0 && j > 0 && ca == b[j - 1] && a[i - 1] == cb {
                d = d.min(before[j - 1] + 1);
            }
            row[j + 1] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
}

/// For a missing field in YAML whose key is there, but on a later line indented less
/// than the object's other keys (so it landed in the parent): the line to re-indent.
///
/// The diagnostic points at the object (its first key, at `line`:`column`); the lines
/// after it that are indented at least as much belong to it; the first less-indented
/// lines that look like keys are where a dedented key ends up.
fn dedented_key(d: &Diagnostic, text: &str) -> Option<String> {
    if d.code != Code::MissingField {
        return None;
    }
    let field = d
        .message
        .strip_prefix("missing field `")?
        .split_once('`')?
        .0;
    let line = usize::try_from(d.line?).ok()?;
    let indent = usize::try_from(d.column?).ok()?.checked_sub(1)?;
    let mut outer: Option<usize> = None;
    for (n, l) in text.lines().enumerate().skip(line) {
        let content = l.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let at = l.len() - content.len();
        if at >= indent && outer.is_none() {
            continue;
        }
        if outer.is_some_and(|o| o != at) {
            return None;
        }
        let key = content.split_once(':')?.0.trim_end();
        if key.trim_matches(['"', '\'']) == field {
            let n = n + 1;
            return Some(format!(
                "`{field}` is on line {n}, indented less than the other fields here: check the indentation of line {n} (its key belongs at column {})",
                indent + 1
            ));
        }
        if key.is_empty() || key.contains(' ') || content.starts_with('-') {
            return None;
        }
        outer = Some(at);
    }
    None
}

/// True when the text holds no YAML content: blank lines, comments and document markers
/// only (JSON has no comments, so this is the same as blank for JSON).
fn is_blank_yaml(text: &str) -> bool {
    text.lines().all(|line| {
        let t = line.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// A broken reading budget as the diagnostic of the [`Limits`] field it comes from.
pub(crate) fn reading_limit_error(
    breach: &crate::input::tree::Breach,
    limits: &Limits,
) -> Diagnostic {
    use crate::input::tree::Breach;
    use crate::limits::over_limit;

    match breach {
        Breach::Aliases(found) => over_limit(
            Code::TooManyAliases,
            "",
            "YAML aliases expand too much (a \"billion laughs\" document?)",
            found,
            limits.max_alias_expansions,
            "max_alias_expansions",
        ),
        Breach::Depth(found) => over_limit(
            Code::TooDeep,
            "",
            "mappings and sequences are nested too deeply",
            found,
            limits.max_depth,
            "max_depth",
        ),
        Breach::Nodes(nodes) => over_limit(
            Code::TooManyNodes,
            "",
            "the document has too many values (mappings, sequences and scalars)",
            nodes,
            limits.max_yaml_nodes,
            "max_yaml_nodes",
        ),
    }
}

fn shape_code(message: &str) -> Code {
    if message.contains("unknown field") {
        Code::UnknownField
    } else if message.contains("missing field") {
        Code::MissingField
    } else if message.contains("unknown variant") {
        Code::UnknownValue
    } else {
        Code::InvalidValue
    }
}

fn with_shape_help(d: Diagnostic) -> Diagnostic {
    let help = match d.code {
        Code::UnknownField => "check the spelling; `faultline schema` lists every field",
        Code::MissingField => "add the field; `faultline schema` says which are required",
        Code::UnknownValue => "use one of the values listed",
        Code::Syntax => "fix the syntax at the position shown",
        _ => return d,
    };
    if d.help.is_none() {
        d.with_help(help)
    } else {
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "version: 1\nname: t\ncomponents:\n  - id: a\n    kind: compute\n    provider: aws\n    depends_on: [b]\n";

    #[test]
    fn yaml_positions_point_at_keys_and_items() {
        let doc = parse(YAML, Format::Yaml).unwrap();
        assert_eq!(doc.source.position("/components/0/id"), Some((4, 5)));
        assert_eq!(
            doc.source.position("/components/0/depends_on/0"),
            Some((7, 18))
        );
        assert_eq!(doc.source.position("/components/0/provider"), Some((6, 5)));
    }

    #[test]
    fn json_positions_use_the_same_index() {
        let json = "{\n  \"version\": 1,\n  \"name\": \"t\",\n  \"components\": [\n    {\"id\": \"a\", \"kind\": \"dns\", \"provider\": \"aws\"}\n  ]\n}";
        let doc = parse(json, Format::Json).unwrap();
        assert_eq!(doc.source.position("/components/0/kind"), Some((5, 17)));
    }

    #[test]
    fn unknown_field_names_field_path_and_line() {
        let text = "version: 1\nname: t\ncomponents:\n  - id: a\n    kind: compute\n    provider: aws\n    headrom_percent: 5\n";
        let e = parse(text, Format::Yaml).unwrap_err();
        assert!(!e.is_unreadable());
        assert_eq!(e.diagnostics()[0].code, "unknown-field");
        assert!(
            e.diagnostics()[0].message.contains("headrom_percent"),
            "{}",
            e.diagnostics()[0].message
        );
        assert_eq!(e.diagnostics()[0].path, "/components/0/headrom_percent");
        assert_eq!(e.diagnostics()[0].line, Some(7));
    }

    #[test]
    fn unknown_field_suggests_the_closest_name() {
        let text = "version: 1\nname: t\ncomponents:\n  - id: a\n    kind: compute\n    provider: aws\n    depnds_on: [b]\n";
        let e = parse(text, Format::Yaml).unwrap_err();
        let d = &e.diagnostics()[0];
        assert_eq!(d.code, "unknown-field");
        assert_eq!(d.help.as_deref(), Some("did you mean `depends_on`?"));
        // A value too: `databse` is one edit from `database`.
        let e = parse(
            &text
                .replace("compute", "databse")
                .replace("depnds_on", "depends_on"),
            Format::Yaml,
        )
        .unwrap_err();
        assert_eq!(
            e.diagnostics()[0].help.as_deref(),
            Some("did you mean `database`?")
        );
        // Nothing close: the general help stays.
        let e = parse(&text.replace("depnds_on", "colour"), Format::Yaml).unwrap_err();
        assert_eq!(
            e.diagnostics()[0].help.as_deref(),
            Some("check the spelling; `faultline schema` lists every field")
        );
    }

    #[test]
    fn closest_name_reads_serde_wording() {
        assert_eq!(
            closest_name("unknown field `wbe`, expected `web` or `db`").as_deref(),
            Some("web")
        );
        assert_eq!(
            closest_name("unknown field `dependsOn`, expected one of id, depends_on").as_deref(),
            Some("depends_on")
        );
        assert_eq!(
            closest_name("unknown variant `x`, expected one of dns, cdn"),
            None
        );
        assert_eq!(closest_name("missing field `kind`"), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("wbe", "web"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn a_dedented_key_is_named_with_its_line() {
        let text =
            "version: 1\nname: t\ncomponents:\n  - id: web\n    kind: compute\n  provider: aws\n";
        let e = parse(text, Format::Yaml).unwrap_err();
        let d = &e.diagnostics()[0];
        assert_eq!(d.code, "missing-field");
        // A missing field is reported where its mapping (the component) begins.
        assert_eq!(d.line, Some(4));
        let help = d.help.as_deref().unwrap();
        assert!(help.contains("check the indentation of line 6"), "{help}");
        // Two dedented keys: the second one is found too.
        let text =
            "version: 1\nname: t\ncomponents:\n  - id: web\n  provider: aws\n  kind: compute\n";
        let e = parse(text, Format::Yaml).unwrap_err();
        assert_eq!(e.diagnostics()[0].message, "missing field `kind`");
        let help = e.diagnostics()[0].help.clone().unwrap();
        assert!(help.contains("check the indentation of line 6"), "{help}");
        // A field that is simply missing keeps the general help.
        let text =
            "version: 1\nname: t\ncomponents:\n  - id: web\n    kind: compute\njourneys: []\n";
        let e = parse(text, Format::Yaml).unwrap_err();
        assert_eq!(
            e.diagnostics()[0].help.as_deref(),
            Some("add the field; `faultline schema` says which are required")
        );
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let e = parse("{\n  \"version\": 1,\n  \"name\": }", Format::Json).unwrap_err();
        assert!(e.is_unreadable());
        assert_eq!(e.diagnostics()[0].code, "syntax");
        assert_eq!(e.diagnostics()[0].line, Some(3));
        assert!(e.diagnostics()[0].column.is_some());
    }

    #[test]
    fn yaml_syntax_error_has_line() {
        let e = parse(
            "version: 1\nname: [unclosed\ncomponents: []\n",
            Format::Yaml,
        )
        .unwrap_err();
        assert!(
            e.diagnostics()[0].line.is_some(),
            "{:?}",
            e.diagnostics()[0]
        );
    }

    #[test]
    fn empty_and_oversized_inputs_are_errors() {
        assert_eq!(
            parse("  \n", Format::Yaml).unwrap_err().diagnostics()[0].code,
            "empty-document"
        );
        let limits = Limits {
            max_input_bytes: 10,
            ..Limits::default()
        };
        assert_eq!(
            parse_with_limits(YAML, Format::Yaml, &limits)
                .unwrap_err()
                .diagnostics()[0]
                .code,
            "input-too-large"
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(500), "]".repeat(500));
        assert_eq!(
            parse(&text, Format::Json).unwrap_err().diagnostics()[0].code,
            "too-deep"
        );
        assert_eq!(
            parse(&text, Format::Yaml).unwrap_err().diagnostics()[0].code,
            "too-deep"
        );
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            text.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
        }
        let e = parse(&text, Format::Yaml).unwrap_err();
        // Either the alias budget or the unknown top-level field stops it; never a hang.
        assert!(e.diagnostics()[0].is_error());
    }
}
