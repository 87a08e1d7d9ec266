//! Parsing: text (YAML or JSON) → [`Architecture`], with source positions.
//!
//! Syntax errors and shape errors (unknown field, wrong type, missing field) come back as a
//! [`ParseError`] holding a [`Diagnostic`] with the JSON-pointer path and line/column.
//! A successful parse also returns a [`SourceMap`] so that later diagnostics (validation,
//! findings) can point at the line that caused them.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, escape_pointer_token};
use crate::model::Architecture;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// YAML (needs the `yaml` feature).
    Yaml,
    /// JSON.
    Json,
}

impl Format {
    /// Guesses the format: by file extension when there is one, else JSON when the first
    /// non-blank character is `{`, else YAML.
    ///
    /// ```
    /// use faultline::parse::Format;
    /// assert_eq!(Format::detect(Some("a.json"), "version: 1"), Format::Json);
    /// assert_eq!(Format::detect(None, "  {\"version\": 1}"), Format::Json);
    /// assert_eq!(Format::detect(Some("-"), "version: 1"), Format::Yaml);
    /// ```
    pub fn detect(file_name: Option<&str>, text: &str) -> Format {
        if let Some(name) = file_name {
            let lower = name.to_ascii_lowercase();
            if lower.ends_with(".json") {
                return Format::Json;
            }
            if lower.ends_with(".yaml") || lower.ends_with(".yml") {
                return Format::Yaml;
            }
        }
        if text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{')
        {
            Format::Json
        } else {
            Format::Yaml
        }
    }
}

/// The parser's limits (moved to [`crate::limits`]; re-exported here for existing callers).
pub use crate::limits::Limits;

/// Why no architecture could be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", .diagnostic.message)]
pub struct ParseError {
    /// What and where.
    pub diagnostic: Diagnostic,
    /// True for a syntax error (the text is not YAML/JSON at all), false for a document
    /// whose shape does not match the format (unknown field, wrong type, missing field).
    pub syntax: bool,
}

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

/// JSON pointer → 1-based (line, column) of where that value (or its key) starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    positions: BTreeMap<String, (u32, u32)>,
}

impl SourceMap {
    /// The position of `pointer`, or of its nearest ancestor that has one.
    pub fn position(&self, pointer: &str) -> Option<(u32, u32)> {
        let mut p = pointer;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return Some(*pos);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }

    /// Fills in line and column of a diagnostic from its path, when it has none.
    pub fn locate(&self, mut d: Diagnostic) -> Diagnostic {
        if d.line.is_none()
            && let Some((line, column)) = self.position(&d.path)
        {
            d.line = Some(line);
            d.column = Some(column);
        }
        d
    }

    /// Number of recorded positions.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }
}

/// Parses a description with default [`Limits`].
///
/// # Errors
///
/// A [`ParseError`] with the path and position of the first problem.
///
/// ```
/// use faultline::parse::{parse, Format};
/// let doc = parse("version: 1\nname: demo\ncomponents: []\n", Format::Yaml).unwrap();
/// assert_eq!(doc.architecture.name, "demo");
/// let err = parse("version: 1\nname: demo\ncomponents: []\ncolour: red\n", Format::Yaml).unwrap_err();
/// assert!(err.diagnostic.message.contains("colour"));
/// assert_eq!(err.diagnostic.line, Some(4));
/// ```
pub fn parse(text: &str, format: Format) -> Result<Document, ParseError> {
    parse_with_limits(text, format, &Limits::default())
}

/// Parses a description with explicit limits.
///
/// # Errors
///
/// As [`parse`], plus `input-too-large` / `too-deep` / `too-many-aliases` over a limit.
pub fn parse_with_limits(
    text: &str,
    format: Format,
    limits: &Limits,
) -> Result<Document, ParseError> {
    if text.len() > limits.max_input_bytes {
        return Err(ParseError {
            diagnostic: crate::limits::over_limit(
                "input-too-large",
                "",
                "the input is too large (bytes)",
                text.len(),
                limits.max_input_bytes,
                "max_input_bytes",
            ),
            syntax: true,
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_blank_yaml(text) {
        return Err(ParseError {
            diagnostic: Diagnostic::error("empty-document", "", "the document is empty")
                .with_help("start with `version: 1`, a `name` and a list of `components` (see `faultline schema`)"),
            syntax: false,
        });
    }
    let doc = match format {
        Format::Json => parse_json(text, limits),
        Format::Yaml => parse_yaml(text, limits),
    }?;
    if let Some(d) = limits.check_counts(&doc.architecture).into_iter().next() {
        return Err(ParseError {
            diagnostic: doc.source.locate(d),
            syntax: false,
        });
    }
    Ok(doc)
}

/// True when the text holds no YAML content: blank lines, comments and document markers
/// only (JSON has no comments, so this is the same as blank for JSON).
fn is_blank_yaml(text: &str) -> bool {
    text.lines().all(|line| {
        let t = line.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// A cheap pre-pass over JSON text: bracket nesting outside strings. (YAML depth is
/// enforced by serde-saphyr's budget while parsing, which knows block nesting and quoting.)
fn check_json_depth(text: &str, limits: &Limits) -> Result<(), ParseError> {
    let mut depth = 0usize;
    let mut in_string: Option<char> = None;
    let mut escaped = false;
    let mut line = 1u32;
    let mut col = 0u32;
    for c in text.chars() {
        col += 1;
        if c == '\n' {
            line += 1;
            col = 0;
        }
        if let Some(q) = in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' && q == '"' {
                escaped = true;
            } else if c == q {
                in_string = None;
            }
            continue;
        }
        match c {
            '"' => in_string = Some('"'),
            '[' | '{' => {
                depth += 1;
                if depth > limits.max_depth {
                    let mut d = Diagnostic::error(
                        "too-deep",
                        "",
                        format!("nesting is deeper than the limit of {} levels", limits.max_depth),
                    )
                    .with_help("no real description needs this depth; raise it with `--max-depth` on the command line or `Limits::max_depth` in the library");
                    d.line = Some(line);
                    d.column = Some(col);
                    return Err(ParseError {
                        diagnostic: d,
                        syntax: true,
                    });
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn parse_json(text: &str, limits: &Limits) -> Result<Document, ParseError> {
    check_json_depth(text, limits)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let result: Result<Architecture, _> = serde_path_to_error::deserialize(&mut de);
    let (architecture, path, error) = match result {
        Ok(a) => match de.end() {
            Ok(()) => (Some(a), String::new(), None),
            Err(e) => (None, String::new(), Some(e)),
        },
        Err(e) => (None, pointer_from_path(e.path()), Some(e.into_inner())),
    };
    let Some(architecture) = architecture else {
        let Some(inner) = error else {
            return Err(ParseError {
                diagnostic: Diagnostic::error("syntax", "", "unreadable JSON"),
                syntax: true,
            });
        };
        let syntax = matches!(
            inner.classify(),
            serde_json::error::Category::Syntax
                | serde_json::error::Category::Eof
                | serde_json::error::Category::Io
        );
        let message = strip_position_suffix(&inner.to_string());
        let code = if syntax {
            "syntax"
        } else {
            shape_code(&message)
        };
        let mut d = Diagnostic::error(code, if syntax { String::new() } else { path }, message);
        if inner.line() > 0 {
            d.line = u32::try_from(inner.line()).ok();
            d.column = u32::try_from(inner.column()).ok();
        }
        return Err(ParseError {
            diagnostic: with_shape_help(d),
            syntax,
        });
    };
    let source = index_positions(text, limits);
    Ok(Document {
        architecture,
        source,
        format: Format::Json,
    })
}

#[cfg(feature = "yaml")]
fn parse_yaml(text: &str, limits: &Limits) -> Result<Document, ParseError> {
    let mut options = serde_saphyr::options::Options::default();
    options.alias_limits.max_total_replayed_events = limits.max_alias_expansions.saturating_mul(16);
    options.alias_limits.max_alias_expansions_per_anchor = limits.max_alias_expansions;
    options.with_snippet = false;
    // serde-saphyr enforces these while it parses, before the deserialiser recurses, so
    // block nesting (which no bracket count can see) is bounded too.
    let mut budget = serde_saphyr::budget::Budget::default();
    budget.max_depth = limits.max_depth;
    budget.flow_nesting_limit = limits.max_depth;
    budget.max_nodes = limits.max_yaml_nodes;
    // Every value is one or two events (start and end of a collection): events follow nodes.
    budget.max_events = limits.max_yaml_nodes.saturating_mul(2).saturating_add(64);
    budget.max_aliases = limits.max_alias_expansions;
    options.budget = Some(budget);
    let mut path = String::new();
    let result = serde_saphyr::with_deserializer_from_str_with_options(text, options, |de| {
        serde_path_to_error::deserialize::<_, Architecture>(de).map_err(|e| {
            path = pointer_from_path(e.path());
            e.into_inner()
        })
    });
    match result {
        Ok(architecture) => {
            let source = index_positions(text, limits);
            Ok(Document {
                architecture,
                source,
                format: Format::Yaml,
            })
        }
        Err(e) => {
            let (line, column) = match e.location() {
                Some(loc) => (
                    u32::try_from(loc.line()).ok(),
                    u32::try_from(loc.column()).ok(),
                ),
                None => (None, None),
            };
            if let Some(mut d) = yaml_limit_error(&e, limits) {
                d.line = line;
                d.column = column;
                return Err(ParseError {
                    diagnostic: d,
                    syntax: true,
                });
            }
            let message = strip_position_suffix(&e.to_string());
            let syntax = path.is_empty() && !looks_like_shape_error(&message);
            let code = if syntax {
                "syntax"
            } else {
                shape_code(&message)
            };
            let mut d = Diagnostic::error(code, path, message);
            d.line = line;
            d.column = column;
            Err(ParseError {
                diagnostic: with_shape_help(d),
                syntax,
            })
        }
    }
}

/// A serde-saphyr budget or alias-limit error as the diagnostic of the [`Limits`] field it
/// comes from; `None` for every other error.
#[cfg(feature = "yaml")]
fn yaml_limit_error(e: &serde_saphyr::Error, limits: &Limits) -> Option<Diagnostic> {
    use crate::limits::over_limit;
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;

    let mut e = e;
    while let E::WithSnippet { error, .. } | E::AliasError { error, .. } = e {
        e = error;
    }
    let aliases = |found: String| {
        over_limit(
            "too-many-aliases",
            "",
            "YAML aliases expand too much (a \"billion laughs\" document?)",
            found,
            limits.max_alias_expansions,
            "max_alias_expansions",
        )
    };
    let deep = |found: String| {
        over_limit(
            "too-deep",
            "",
            "mappings and sequences are nested too deeply",
            found,
            limits.max_depth,
            "max_depth",
        )
    };
    Some(match e {
        E::AliasExpansionLimitExceeded { expansions, .. } => {
            aliases(format!("{expansions} expansions of one anchor"))
        }
        E::AliasReplayLimitExceeded {
            total_replayed_events,
            ..
        } => aliases(format!("{total_replayed_events} replayed values")),
        E::AliasReplayCounterOverflow { .. } => aliases("more than the counter holds".to_owned()),
        E::AliasReplayStackDepthExceeded { depth, .. } => deep(format!("aliases nested {depth} deep")),
        E::Budget { breach, .. } => match breach {
            B::Depth { depth } => deep(format!("depth {depth}")),
            B::Aliases { aliases: n } => aliases(format!("{n} aliases")),
            B::Anchors { anchors } => aliases(format!("{anchors} anchors")),
            B::AliasAnchorRatio { .. } | B::RecordedAnchorEvents { .. } | B::RecordedAnchorBytes { .. } => {
                aliases(format!("{breach:?}"))
            }
            B::Nodes { nodes } => over_limit(
                "too-many-nodes",
                "",
                "the YAML document has too many values (mappings, sequences and scalars)",
                nodes,
                limits.max_yaml_nodes,
                "max_yaml_nodes",
            ),
            other => Diagnostic::error(
                "yaml-budget",
                "",
                format!("the YAML document exceeds a parser budget: {other:?}"),
            )
            .with_help("no description needs this; simplify the document (one document, no huge scalars, few merge keys)"),
        },
        // granit-parser's own nesting guard (flow collections), set from `max_depth` too.
        other if other.to_string().contains("recursion limit exceeded") => {
            deep(format!("more than {}", limits.max_depth))
        }
        _ => return None,
    })
}

#[cfg(not(feature = "yaml"))]
fn parse_yaml(_text: &str, _limits: &Limits) -> Result<Document, ParseError> {
    Err(ParseError {
        diagnostic: Diagnostic::error(
            "yaml-disabled",
            "",
            "this build of faultline reads JSON only",
        )
        .with_help("convert the description to JSON, or build with the `yaml` feature"),
        syntax: true,
    })
}

#[cfg(feature = "yaml")]
fn looks_like_shape_error(message: &str) -> bool {
    [
        "unknown field",
        "missing field",
        "invalid type",
        "unknown variant",
        "invalid value",
        "zones must",
        "dependency needs",
        "either `id`",
        "`failover` belongs",
    ]
    .iter()
    .any(|m| message.contains(m))
}

fn shape_code(message: &str) -> &'static str {
    if message.contains("unknown field") {
        "unknown-field"
    } else if message.contains("missing field") {
        "missing-field"
    } else if message.contains("unknown variant") {
        "unknown-value"
    } else {
        "invalid-value"
    }
}

fn with_shape_help(d: Diagnostic) -> Diagnostic {
    let help = match d.code.as_str() {
        "unknown-field" => "check the spelling; `faultline schema` lists every field",
        "missing-field" => "add the field; `faultline schema` says which are required",
        "unknown-value" => "use one of the values listed",
        "syntax" => "fix the syntax at the position shown",
        _ => return d,
    };
    if d.help.is_none() {
        d.with_help(help)
    } else {
        d
    }
}

/// serde_json and serde-saphyr append " at line X column Y"; the position is reported in
/// its own fields, so keep the message clean.
fn strip_position_suffix(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or(message);
    match first_line.rfind(" at line ") {
        Some(i) if first_line[i..].contains("column") => first_line[..i].to_owned(),
        _ => first_line.to_owned(),
    }
}

fn pointer_from_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&escape_pointer_token(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// Builds the pointer → position index by walking YAML events (JSON is YAML too). Linear in
/// the number of events: aliases are not expanded. Gives up quietly (empty map) on
/// anything it does not understand; positions are a help, not a requirement.
#[cfg(feature = "yaml")]
fn index_positions(text: &str, limits: &Limits) -> SourceMap {
    use serde_saphyr::granit_parser::{Event, Parser};

    enum Frame {
        Map {
            pointer: String,
            key: Option<(String, (u32, u32))>,
            expecting_key: bool,
        },
        Seq {
            pointer: String,
            next: usize,
        },
    }

    let mut positions = BTreeMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let pos = |m: &serde_saphyr::granit_parser::Span| {
        (
            u32::try_from(m.start.line()).unwrap_or(u32::MAX),
            u32::try_from(m.start.col() + 1).unwrap_or(u32::MAX),
        )
    };

    // Returns the pointer and position of the node about to start, updating the parent.
    fn child_pointer(stack: &mut [Frame], here: (u32, u32)) -> Option<(String, (u32, u32))> {
        match stack.last_mut() {
            None => Some((String::new(), here)),
            Some(Frame::Seq { pointer, next }) => {
                let p = format!("{pointer}/{next}");
                *next += 1;
                Some((p, here))
            }
            Some(Frame::Map {
                pointer,
                key,
                expecting_key,
            }) => {
                if *expecting_key {
                    None
                } else {
                    *expecting_key = true;
                    key.take().map(|(k, key_pos)| {
                        (format!("{pointer}/{}", escape_pointer_token(&k)), key_pos)
                    })
                }
            }
        }
    }

    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { break };
        let here = pos(&span);
        match event {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Map {
                    key, expecting_key, ..
                }) = stack.last_mut()
                    && *expecting_key
                {
                    *key = Some((value.into_owned(), here));
                    *expecting_key = false;
                    continue;
                }
                if let Some((p, at)) = child_pointer(&mut stack, here) {
                    positions.insert(p, at);
                }
            }
            Event::Alias(_) => {
                if let Some((p, at)) = child_pointer(&mut stack, here) {
                    positions.insert(p, at);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if stack.len() >= limits.max_depth {
                    break;
                }
                let is_map = matches!(event, Event::MappingStart(..));
                // A complex (non-scalar) key: give up on keys inside it.
                if let Some(Frame::Map {
                    expecting_key: true,
                    ..
                }) = stack.last()
                {
                    break;
                }
                let Some((p, at)) = child_pointer(&mut stack, here) else {
                    break;
                };
                positions.insert(p.clone(), at);
                stack.push(if is_map {
                    Frame::Map {
                        pointer: p,
                        key: None,
                        expecting_key: true,
                    }
                } else {
                    Frame::Seq {
                        pointer: p,
                        next: 0,
                    }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            Event::DocumentEnd => break,
            _ => {}
        }
    }
    SourceMap { positions }
}

#[cfg(not(feature = "yaml"))]
fn index_positions(_text: &str, _limits: &Limits) -> SourceMap {
    SourceMap::default()
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
        assert!(!e.syntax);
        assert_eq!(e.diagnostic.code, "unknown-field");
        assert!(
            e.diagnostic.message.contains("headrom_percent"),
            "{}",
            e.diagnostic.message
        );
        assert_eq!(e.diagnostic.path, "/components/0/headrom_percent");
        assert_eq!(e.diagnostic.line, Some(7));
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let e = parse("{\n  \"version\": 1,\n  \"name\": }", Format::Json).unwrap_err();
        assert!(e.syntax);
        assert_eq!(e.diagnostic.code, "syntax");
        assert_eq!(e.diagnostic.line, Some(3));
        assert!(e.diagnostic.column.is_some());
    }

    #[test]
    fn yaml_syntax_error_has_line() {
        let e = parse(
            "version: 1\nname: [unclosed\ncomponents: []\n",
            Format::Yaml,
        )
        .unwrap_err();
        assert!(e.diagnostic.line.is_some(), "{:?}", e.diagnostic);
    }

    #[test]
    fn empty_and_oversized_inputs_are_errors() {
        assert_eq!(
            parse("  \n", Format::Yaml).unwrap_err().diagnostic.code,
            "empty-document"
        );
        let limits = Limits {
            max_input_bytes: 10,
            ..Limits::default()
        };
        assert_eq!(
            parse_with_limits(YAML, Format::Yaml, &limits)
                .unwrap_err()
                .diagnostic
                .code,
            "input-too-large"
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(500), "]".repeat(500));
        assert_eq!(
            parse(&text, Format::Json).unwrap_err().diagnostic.code,
            "too-deep"
        );
        assert_eq!(
            parse(&text, Format::Yaml).unwrap_err().diagnostic.code,
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
        assert!(e.diagnostic.is_error());
    }
}
