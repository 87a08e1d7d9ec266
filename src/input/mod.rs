//! Reading text, for every input faultline takes: descriptions ([`crate::parse`]) and
//! catalogue files ([`crate::catalogue`]) alike.
//!
//! One place for what both need:
//!
//! - [`Format`]: YAML or JSON, and how a file's format is detected;
//! - clean messages: serde_json appends " at line L column C", which a
//!   diagnostic reports in its own fields ([`clean_message`]);
//! - [`SourceMap`]: pointer → line and column, from the text's own scanner (JSON, block
//!   YAML) or the YAML event walk, so that every later diagnostic and finding can point at
//!   its line;
//! - [`read`]: text → a typed value through one tree ([`tree`]; built by `yaml` or
//!   [`json`]), or a [`ReadError`] with the pointer, the position and whether the text was
//!   unreadable (syntax) or only of the wrong shape.

#[cfg(feature = "yaml")]
pub(crate) mod fast_yaml;
mod json;
mod positions;
pub(crate) mod tree;
#[cfg(feature = "yaml")]
pub(crate) mod yaml;

use serde::de::DeserializeOwned;

pub use positions::SourceMap;
pub(crate) use positions::index as index_positions;

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
    /// Guesses the format: by file extension when there is one (`.json`, `.yaml`, `.yml`),
    /// else JSON when the first non-blank character (after a byte-order mark) is `{`, else
    /// YAML.
    ///
    /// ```
    /// use faultline::Format;
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

/// A serde path as a JSON pointer into the text (`/patterns/0/effects/1`): sequence
/// indices, map keys (escaped per RFC 6901) and the keys of externally tagged enum variants.
/// (Tests compare the tree reader's own paths with serde_path_to_error's.)
#[cfg(test)]
pub(crate) fn pointer(path: &serde_path_to_error::Path) -> String {
    use crate::diagnostic::escape_pointer_token;
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&escape_pointer_token(key));
            }
            Segment::Enum { variant } => {
                out.push('/');
                out.push_str(&escape_pointer_token(variant));
            }
            Segment::Unknown => {}
        }
    }
    out
}

/// A parser's message without the position it appends (" at line L column C"; the position
/// is reported in its own fields), on one line.
pub(crate) fn clean_message(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or(message);
    match first_line.rfind(" at line ") {
        Some(i) if first_line[i..].contains("column") => {
            first_line[..i].trim_end_matches(',').to_owned()
        }
        _ => first_line.to_owned(),
    }
}

/// Why a text could not be read into a value.
#[derive(Debug)]
pub(crate) struct ReadError {
    /// Where in the document (empty when the text itself is unreadable).
    pub pointer: String,
    /// 1-based line and column, when the parser knows them.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
    /// The parser's message, cleaned.
    pub message: String,
    /// True when the text is not YAML/JSON at all; false when it is, but the value does not
    /// have the expected shape (unknown field, wrong type, missing field).
    pub syntax: bool,
    /// The budget the document broke, if that is why (the caller names the limit).
    pub breach: Option<tree::Breach>,
}

/// What reading a text may spend (YAML and JSON; aliases are YAML's only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct YamlBudget {
    /// Deepest nesting.
    pub max_depth: usize,
    /// Most values.
    pub max_nodes: usize,
    /// Most expansions of one anchor (and × 16 replayed events in all).
    pub max_alias_expansions: usize,
}

/// Reads `text` as `format` into a `T`, within `budget` (enforced while the tree is built,
/// before anything recurses). Both formats go through one tree ([`tree`]): JSON's syntax is
/// serde_json's ([`json`]), YAML's granit-parser's ([`yaml`]).
pub(crate) fn read<T: DeserializeOwned>(
    text: &str,
    format: Format,
    budget: Option<YamlBudget>,
) -> Result<T, ReadError> {
    let read = match format {
        Format::Json => json::from_str(text, budget),
        #[cfg(feature = "yaml")]
        Format::Yaml => yaml::from_str(text, budget),
        #[cfg(not(feature = "yaml"))]
        Format::Yaml => {
            return Err(ReadError {
                pointer: String::new(),
                line: None,
                column: None,
                message: "this build of faultline reads JSON only".to_owned(),
                syntax: true,
                breach: None,
            });
        }
    };
    read.map_err(|(e, pointer)| ReadError {
        syntax: e.syntax || (pointer.is_empty() && !looks_like_shape_error(&e.message)),
        pointer,
        line: e.at.map(|a| a.line),
        column: e.at.map(|a| a.column),
        message: e.message,
        breach: e.breach,
    })
}

/// Reads a JSON text as a `T` through the tree (for readers with their own errors, such as
/// catalogue files).
pub(crate) use json::from_str as read_json_tree;

/// A shape error at the root (no path) has these words; everything else without a path
/// that the reader did not already call syntax is a syntax error too.
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

#[cfg(test)]
/// The text of every YAML example (at least five, or the test setup is wrong).
pub(crate) fn example_texts() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("examples directory") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) == Some("yaml") {
            texts.push(std::fs::read_to_string(&path).expect("readable example"));
        }
    }
    assert!(
        texts.len() >= 5,
        "only {} examples in {}",
        texts.len(),
        dir.display()
    );
    texts
}

/// Generated JSON values (any shape, awkward strings) for property tests.
#[cfg(test)]
pub(crate) fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        (-1e9f64..1e9).prop_map(serde_json::Value::from),
        "\\PC{0,6}|[\\x00-\\x1f\"\\\\/~é😀]{0,4}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            prop::collection::vec(("\\PC{0,5}|[/~\"\\\\\\x00-\\x1f]{1,3}", inner), 0..6)
                .prop_map(|entries| { serde_json::Value::Object(entries.into_iter().collect()) }),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_cut_from_messages() {
        assert_eq!(
            clean_message("unknown field `x` at line 3 column 7"),
            "unknown field `x`"
        );
        assert_eq!(
            clean_message("invalid type, at line 2 column 1\nsnippet"),
            "invalid type"
        );
        assert_eq!(clean_message("no position here"), "no position here");
        assert_eq!(
            clean_message("the word line at line is fine"),
            "the word line at line is fine"
        );
    }

    /// A number reads as the same `f64` from JSON and from YAML (format invariance): the
    /// shortest form of floats, as programs write them, and long decimals with exponents.
    #[cfg(feature = "yaml")]
    #[test]
    fn numbers_read_the_same_from_json_and_yaml() {
        #[derive(serde::Deserialize)]
        struct T {
            v: f64,
        }
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut texts = vec![
            "203.25385147012406".to_owned(),
            "388.84449951551517".to_owned(),
            "1.9070748340943102".to_owned(),
            "31732851926010853e49".to_owned(),
            "0.30000000000000004".to_owned(),
        ];
        for _ in 0..2_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            #[allow(clippy::cast_precision_loss)]
            let v = (x >> 11) as f64 / (1u64 << 53) as f64 * 1000.0 / 7.0;
            texts.push(format!("{v}"));
        }
        for text in texts {
            let json = read::<T>(&format!("{{\"v\": {text}}}"), Format::Json, None).unwrap();
            let yaml = read::<T>(&format!("v: {text}\n"), Format::Yaml, None).unwrap();
            let exact: f64 = text.parse().unwrap();
            assert_eq!(json.v.to_bits(), exact.to_bits(), "JSON {text}");
            assert_eq!(yaml.v.to_bits(), exact.to_bits(), "YAML {text}");
        }
    }

    #[test]
    fn json_shape_and_syntax_errors_are_told_apart() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            a: u32,
        }
        let shape = read::<T>("{\"a\": 1, \"b\": 2}", Format::Json, None).unwrap_err();
        assert!(!shape.syntax);
        assert_eq!(shape.pointer, "/b");
        let syntax = read::<T>("{\"a\": ", Format::Json, None).unwrap_err();
        assert!(syntax.syntax);
        assert_eq!(syntax.pointer, "");
        assert_eq!(syntax.line, Some(1));
    }
}
