//! Reading JSON into typed values, through the same tree as YAML (`super::tree`).
//!
//! [`Builder`] reads the text (exactly RFC 8259, as serde_json does) into [`Node`]s with
//! their positions, and the tree's deserializer (`super::tree::NodeDe`, the one YAML uses)
//! reads them into the caller's type. Where the builder stops, the text is not JSON, and
//! serde_json words the error: the text is then read by serde_json into nothing ([`Check`],
//! one small instantiation), so a syntax error keeps serde_json's message, line and column. Before, serde_json's own deserializer read every model and
//! catalogue type: a second instantiation of each `Deserialize` impl, about 300 KB of the
//! WebAssembly module (docs/performance.md, "WebAssembly size").
//!
//! JSON keeps its types: a string is only text, a number only a number, `true`/`false` only
//! booleans (the `Json` tags of [`Tag`]). What changed against serde_json's deserializer:
//! a key written twice in one object is an error, as in YAML (serde_json kept the last one
//! in a map and refused it only in a struct), and a value of the wrong type is described in
//! the YAML reader's words, at the value's own line and column.

use std::borrow::Cow;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::YamlBudget;
use super::tree::{At, Breach, Kind, Node, Tag, TreeError, duplicate_key, read_value};

/// Reads a JSON text as a `T`, within `budget` (nesting depth and number of values; JSON has
/// no aliases). On failure, also the JSON pointer of the value that failed (empty when the
/// text itself is unreadable).
pub(crate) fn from_str<T: DeserializeOwned>(
    text: &str,
    budget: Option<YamlBudget>,
) -> Result<T, (TreeError, String)> {
    let mut builder = Builder::new(text, budget);
    let root = builder.value(0).and_then(|root| {
        builder.cursor.skip_blank();
        if builder.cursor.at == text.len() {
            Ok(root)
        } else {
            Err(builder.unreadable())
        }
    });
    match root {
        // Any value may be the root; the target type says what it wanted (`invalid type:
        // sequence, expected struct Architecture`), a shape error as before.
        Ok(root) => read_value(&root),
        // A broken budget is the budget's error; any other failure is serde_json's words.
        Err(e) if e.breach.is_some() => Err((e, String::new())),
        Err(e) => Err((serde_json_syntax_error(text).unwrap_or(e), String::new())),
    }
}

/// serde_json's own nesting limit (127 collections inside one another), kept whatever the
/// budget; it also bounds the recursion of [`Builder::value`].
const MAX_DEPTH: usize = 127;

/// serde_json's error for a text that is not JSON (its message, line and column), or `None`
/// when serde_json reads it.
fn serde_json_syntax_error(text: &str) -> Option<TreeError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let e = Check.deserialize(&mut de).and_then(|()| de.end()).err()?;
    let at = (e.line() > 0).then(|| At {
        line: u32::try_from(e.line()).unwrap_or(u32::MAX),
        column: u32::try_from(e.column()).unwrap_or(u32::MAX),
    });
    Some(TreeError::syntax(super::clean_message(&e.to_string()), at))
}

/// serde_json's syntax pass: reads every value as a typed read would (`deserialize_any`, so
/// a number out of range or a trailing comma gets the message it got before) and keeps
/// nothing.
struct Check;

impl<'de> DeserializeSeed<'de> for Check {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Check {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Check)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(Check)?.is_some() {
            map.next_value_seed(Check)?;
        }
        Ok(())
    }
}

/// Builds the tree of a JSON text. It reads exactly JSON (RFC 8259): where it stops, the
/// text is not JSON, and serde_json says why (tests compare the two on generated and broken
/// texts).
struct Builder<'a> {
    cursor: Cursor<'a>,
    values: usize,
    max_values: usize,
    max_depth: usize,
    /// The items of the arrays being read, innermost last: an array's items are gathered
    /// here and moved into a vector of their exact length when it closes (one allocation
    /// per array, where growing its own vector took several and a shrink).
    items: Vec<Node<'a>>,
    /// The entries of the objects being read, likewise.
    entries: Vec<(Node<'a>, Node<'a>)>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, budget: Option<YamlBudget>) -> Self {
        Builder {
            cursor: Cursor::new(text),
            values: 0,
            max_values: budget.map_or(usize::MAX, |b| b.max_nodes),
            max_depth: budget.map_or(usize::MAX, |b| b.max_depth),
            items: Vec::new(),
            entries: Vec::new(),
        }
    }

    /// The position of the cursor.
    fn here(&mut self) -> At {
        let (line, column) = self.cursor.position();
        At { line, column }
    }

    /// What the cursor could not read (serde_json's words replace these, see
    /// [`serde_json_syntax_error`]).
    fn unreadable(&mut self) -> TreeError {
        let at = self.here();
        TreeError::syntax("this JSON value could not be read", Some(at))
    }

    /// Counts one value against the budget.
    fn count(&mut self, at: At) -> Result<(), TreeError> {
        self.values += 1;
        if self.values > self.max_values {
            return Err(TreeError::breach(
                Breach::Nodes(self.values),
                format!("the document has more than {} values", self.max_values),
                at,
            ));
        }
        Ok(())
    }

    /// Expects `byte` at the cursor (after blanks) and steps over it.
    fn expect(&mut self, byte: u8) -> Result<(), TreeError> {
        self.cursor.skip_blank();
        if self.cursor.text.as_bytes().get(self.cursor.at) == Some(&byte) {
            self.cursor.at += 1;
            Ok(())
        } else {
            Err(self.unreadable())
        }
    }

    /// After an item: `true` at a comma, `false` at `close`.
    fn more(&mut self, close: u8) -> Result<bool, TreeError> {
        self.cursor.skip_blank();
        match self.cursor.text.as_bytes().get(self.cursor.at) {
            Some(b',') => {
                self.cursor.at += 1;
                Ok(true)
            }
            Some(&c) if c == close => {
                self.cursor.at += 1;
                Ok(false)
            }
            _ => Err(self.unreadable()),
        }
    }

    /// `close` right away (an empty collection): steps over it.
    fn empty(&mut self, close: u8) -> bool {
        self.cursor.skip_blank();
        let empty = self.cursor.text.as_bytes().get(self.cursor.at) == Some(&close);
        if empty {
            self.cursor.at += 1;
        }
        empty
    }

    fn string(&mut self) -> Result<Cow<'a, str>, TreeError> {
        match self.cursor.string() {
            Some(s) => Ok(s),
            None => Err(self.unreadable()),
        }
    }

    /// The value at the cursor, `depth` collections deep.
    fn value(&mut self, depth: usize) -> Result<Node<'a>, TreeError> {
        self.cursor.skip_blank();
        let at = self.here();
        self.count(at)?;
        let kind = match self.cursor.text.as_bytes().get(self.cursor.at) {
            Some(&open @ (b'{' | b'[')) => {
                if depth >= MAX_DEPTH {
                    return Err(self.unreadable());
                }
                if depth >= self.max_depth {
                    return Err(TreeError::breach(
                        Breach::Depth(format!("depth {}", depth + 1)),
                        format!("nested deeper than {}", self.max_depth),
                        at,
                    ));
                }
                self.cursor.at += 1;
                // Each closed array and object takes a vector of exactly its length (room
                // a vector grows beyond its length is up to as much again: for many small
                // objects, most of the tree's memory). An error leaves the gathered nodes
                // behind: the whole read stops with it.
                if open == b'[' {
                    let mark = self.items.len();
                    if !self.empty(b']') {
                        loop {
                            let item = self.value(depth + 1)?;
                            self.items.push(item);
                            if !self.more(b']')? {
                                break;
                            }
                        }
                    }
                    Kind::Seq(self.items.drain(mark..).collect())
                } else {
                    let mark = self.entries.len();
                    if !self.empty(b'}') {
                        loop {
                            self.cursor.skip_blank();
                            let key_at = self.here();
                            self.count(key_at)?;
                            let key = Node {
                                kind: text(self.string()?),
                                at: key_at,
                            };
                            self.expect(b':')?;
                            let value = self.value(depth + 1)?;
                            self.entries.push((key, value));
                            if !self.more(b'}')? {
                                break;
                            }
                        }
                    }
                    duplicate_key(&self.entries[mark..]).map_err(|(_, e)| e)?;
                    Kind::Map(self.entries.drain(mark..).collect())
                }
            }
            Some(b'"') => text(self.string()?),
            Some(_) => {
                let Some(word) = self.cursor.literal() else {
                    return Err(self.unreadable());
                };
                let tag = match word {
                    "true" | "false" => Tag::JsonBool,
                    "null" => Tag::JsonNull,
                    // Beyond `f64` (`1e309`): serde_json refuses it ("number out of range").
                    _ if word.parse::<f64>().is_ok_and(f64::is_infinite) => {
                        return Err(self.unreadable());
                    }
                    _ => Tag::JsonNumber,
                };
                Kind::Scalar {
                    value: Cow::Borrowed(word),
                    plain: true,
                    tag,
                }
            }
            None => return Err(self.unreadable()),
        };
        Ok(Node { kind, at })
    }
}

/// A JSON string.
fn text(value: Cow<'_, str>) -> Kind<'_> {
    Kind::Scalar {
        value,
        plain: false,
        tag: Tag::JsonText,
    }
}

/// A position in a JSON text, with the line and column arithmetic.
pub(super) struct Cursor<'a> {
    pub(super) text: &'a str,
    /// Byte offset.
    pub(super) at: usize,
    /// 1-based line of `line_start`.
    pub(super) line: u32,
    /// Byte offset where the current line starts.
    pub(super) line_start: usize,
    /// A byte offset on the current line and its 0-based column in characters, so that
    /// columns on long lines are counted incrementally.
    pub(super) counted: (usize, u32),
}

impl<'a> Cursor<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Cursor {
            text,
            at: 0,
            line: 1,
            line_start: 0,
            counted: (0, 0),
        }
    }

    /// Skips JSON whitespace, counting line breaks.
    pub(super) fn skip_blank(&mut self) {
        let bytes = self.text.as_bytes();
        while let Some(&c) = bytes.get(self.at) {
            match c {
                b' ' | b'\t' => self.at += 1,
                b'\n' | b'\r' => {
                    self.at += 1;
                    if c == b'\r' && bytes.get(self.at) == Some(&b'\n') {
                        self.at += 1;
                    }
                    self.line = self.line.saturating_add(1);
                    self.line_start = self.at;
                    self.counted = (self.at, 0);
                }
                _ => break,
            }
        }
    }

    /// The 1-based line and column of the cursor.
    pub(super) fn position(&mut self) -> (u32, u32) {
        let (from, col) = self.counted;
        let from = from.max(self.line_start);
        let chars = self.text.as_bytes()[from..self.at]
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80)
            .count();
        let col = col.saturating_add(u32::try_from(chars).unwrap_or(u32::MAX));
        self.counted = (self.at, col);
        (self.line, col.saturating_add(1))
    }

    /// Reads a string at the cursor and returns its decoded value.
    pub(super) fn string(&mut self) -> Option<Cow<'a, str>> {
        let bytes = self.text.as_bytes();
        if bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        self.at += 1;
        let start = self.at;
        let run = bytes[start..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        if bytes[start + run] == b'"' {
            self.at = start + run + 1;
            return Some(Cow::Borrowed(self.text.get(start..start + run)?));
        }
        let mut out = String::new();
        loop {
            let run = bytes[self.at..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
            out.push_str(self.text.get(self.at..self.at + run)?);
            self.at += run;
            match bytes[self.at] {
                b'"' => {
                    self.at += 1;
                    return Some(Cow::Owned(out));
                }
                b'\\' => {
                    let escape = *bytes.get(self.at + 1)?;
                    self.at += 2;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let high = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&high) {
                                if bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                                    return None;
                                }
                                self.at += 2;
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return None;
                                }
                                char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?
                            } else {
                                char::from_u32(high)?
                            };
                            out.push(c);
                        }
                        _ => return None,
                    }
                }
                // A raw control character: not JSON.
                _ => return None,
            }
        }
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        let v = u32::from_str_radix(digits, 16).ok()?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        Some(v)
    }

    /// Reads a number, `true`, `false` or `null` at the cursor.
    pub(super) fn literal(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let len = bytes[self.at..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.')))
            .unwrap_or(bytes.len() - self.at);
        let text = self.text;
        let word = &text[self.at..self.at + len];
        if !(is_json_number(word) || matches!(word, "true" | "false" | "null")) {
            return None;
        }
        self.at += len;
        Some(word)
    }
}

/// RFC 8259's number: `-`? (`0` | a digit 1–9 and digits) (`.` digits)? (`e`/`E` `+`/`-`?
/// digits)?
fn is_json_number(word: &str) -> bool {
    fn digits(b: &[u8]) -> usize {
        b.iter().take_while(|c| c.is_ascii_digit()).count()
    }
    let b = word.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i += digits(&b[i..]),
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        let n = digits(&b[i + 1..]);
        if n == 0 {
            return false;
        }
        i += 1 + n;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(&b[i..]);
        if n == 0 {
            return false;
        }
        i += n;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn ours<T: DeserializeOwned>(text: &str) -> Result<T, TreeError> {
        from_str(text, None).map_err(|(e, _)| e)
    }

    /// serde_json's own deserializer, which this reader replaced.
    fn serde_json_reads<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(text)
    }

    use crate::input::tree::samples::{self, B, F, L, Reader, S, U};

    struct Ours;
    impl Reader for Ours {
        const NAME: &'static str = "ours";
        fn read<T: DeserializeOwned + std::fmt::Debug>(doc: &str) -> Result<String, String> {
            ours::<T>(doc)
                .map(|v| format!("{v:?}"))
                .map_err(|e| e.message)
        }
    }

    struct SerdeJson;
    impl Reader for SerdeJson {
        const NAME: &'static str = "serde_json";
        fn read<T: DeserializeOwned + std::fmt::Debug>(doc: &str) -> Result<String, String> {
            serde_json_reads::<T>(doc)
                .map(|v| format!("{v:?}"))
                .map_err(|e| e.to_string())
        }
    }

    /// The first difference between this reader and serde_json's own deserializer on `doc`
    /// (floats compared bit for bit, through `Debug`), if any.
    fn difference(doc: &str) -> Option<String> {
        samples::difference::<Ours, SerdeJson>(doc)
    }

    #[test]
    fn every_example_and_the_builtin_catalogue_read_as_serde_json_reads_them() {
        for yaml in crate::input::example_texts() {
            let architecture: crate::model::Architecture =
                crate::input::read(&yaml, crate::input::Format::Yaml, None).expect("example");
            let json = serde_json::to_string_pretty(&architecture).expect("JSON");
            let a: crate::model::Architecture = ours(&json).expect("ours");
            let b: crate::model::Architecture = serde_json_reads(&json).expect("serde_json");
            assert_eq!(
                serde_json::to_string(&a).unwrap(),
                serde_json::to_string(&b).unwrap()
            );
        }
        let text = crate::catalogue::Catalogue::builtin_json();
        let a: crate::catalogue::Catalogue = ours(text).expect("ours");
        let b: crate::catalogue::Catalogue = serde_json_reads(text).expect("serde_json");
        assert_eq!(a, b);
    }

    /// JSON keeps its types: what serde_json accepted and refused, this reader does too.
    #[test]
    fn scalars_keep_their_json_types() {
        let values = [
            "\"2024\"",
            "2024",
            "-7",
            "0",
            "-0",
            "5.0",
            "1e2",
            "1.5e-400",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "4294967296",
            "0.30000000000000004",
            "true",
            "false",
            "null",
            "\"true\"",
            "\"null\"",
            "\"\"",
            "\"a\\u00e9\\ud83d\\ude00\\n\"",
            "[]",
            "[\"a\", \"b\"]",
            "[1]",
            "{}",
            "{\"a\": 1}",
        ];
        for value in values {
            let doc = format!("{{\"v\": {value}}}");
            assert_eq!(difference(&doc), None);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Generated values, compact and pretty, read as serde_json reads them.
        #[test]
        fn generated_documents_read_as_serde_json_reads_them(value in crate::input::json_value()) {
            let root = serde_json::json!({ "v": value });
            for doc in [
                serde_json::to_string(&root).expect("JSON"),
                serde_json::to_string_pretty(&root).expect("JSON"),
            ] {
                let d = difference(&doc);
                proptest::prop_assert!(d.is_none(), "{}", d.unwrap_or_default());
            }
        }
    }

    #[test]
    fn a_value_of_the_wrong_type_says_what_it_is_and_where() {
        let e = ours::<S>("{\n  \"v\": 2024\n}").unwrap_err();
        assert_eq!(
            e.message,
            "expected text, found the number 2024; write it in double quotes if it is text"
        );
        assert_eq!(e.at, Some(At { line: 2, column: 8 }));
        assert!(!e.syntax);
        let e = ours::<U>("{\"v\": \"5\"}").unwrap_err();
        assert_eq!(
            e.message,
            "expected a whole number from 0 to 4294967295, found the text \"5\""
        );
        assert_eq!(e.at, Some(At { line: 1, column: 7 }));
        let e = ours::<B>("{\"v\": null}").unwrap_err();
        assert_eq!(
            e.message,
            "expected true or false (or yes/no, on/off), found null"
        );
        let (e, pointer) = from_str::<L>("{\"v\": [\"a\", true]}", None).unwrap_err();
        assert_eq!(pointer, "/v/1");
        assert_eq!(
            e.message,
            "expected text, found `true`; write it in double quotes if it is text"
        );
    }

    /// A syntax error is serde_json's, with its message, line and column.
    #[test]
    fn syntax_errors_are_serde_json_s() {
        for text in [
            "{\"v\": }",
            "{\"v\": \"a\",}",
            "{\n\"v\": \"a\"\n} x",
            "{\"v\": \"\u{1}\"}",
            "{\"v\": \"\\ud800\"}",
            "{\"v\": 01}",
            "",
            "[",
        ] {
            let theirs = serde_json_reads::<serde_json::Value>(text).unwrap_err();
            let e = ours::<S>(text).unwrap_err();
            assert!(e.syntax, "{text:?}");
            assert_eq!(e.message, crate::input::clean_message(&theirs.to_string()));
            if theirs.line() > 0 {
                let line = u32::try_from(theirs.line()).unwrap();
                let column = u32::try_from(theirs.column()).unwrap();
                assert_eq!(e.at, Some(At { line, column }), "{text:?}");
            } else {
                assert_eq!(e.at, None, "{text:?}");
            }
        }
        let e = ours::<F>("{\"v\": 1e309}").unwrap_err();
        assert!(e.syntax);
        assert_eq!(e.message, "number out of range");
        assert_eq!(
            e.at,
            Some(At {
                line: 1,
                column: 11
            })
        );
    }

    /// A key written twice is refused (serde_json kept the last one in a map): nothing the
    /// user wrote is dropped without a word.
    #[test]
    fn a_key_written_twice_is_an_error_at_the_second() {
        let text = "{\"v\": {\"a\": 1,\n \"a\": 2}}";
        let e = ours::<serde_json::Value>(text).unwrap_err();
        assert_eq!(
            e.message,
            "duplicate mapping key `a`: a mapping names each key once"
        );
        assert_eq!(e.at, Some(At { line: 2, column: 2 }));
        let e = ours::<S>("{\"v\": \"a\", \"v\": \"b\"}").unwrap_err();
        assert!(
            e.message.starts_with("duplicate mapping key `v`"),
            "{}",
            e.message
        );
    }

    /// serde_json's nesting limit holds without a budget, in serde_json's words.
    #[test]
    fn nesting_beyond_serde_json_s_limit_is_its_error() {
        for depth in [126, 127, 128, 129, 130, 1_000] {
            let text = format!("{{\"v\": {}1{}}}", "[".repeat(depth), "]".repeat(depth));
            let theirs = serde_json_reads::<serde_json::Value>(&text).map_err(|e| e.to_string());
            let mine = ours::<serde_json::Value>(&text);
            match (&theirs, &mine) {
                (Ok(_), Ok(_)) => {}
                (Err(t), Err(m)) => assert_eq!(crate::input::clean_message(t), m.message),
                _ => panic!("depth {depth}: serde_json {theirs:?}, ours {mine:?}"),
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// A JSON text with one byte inserted, removed or replaced: this reader accepts it
        /// exactly when serde_json does, and refuses it in serde_json's words.
        #[test]
        fn broken_texts_are_refused_as_serde_json_refuses_them(
            value in crate::input::json_value(),
            pretty: bool,
            at in 0usize..10_000,
            edit in 0u8..3,
            byte in proptest::sample::select(b"{}[]:,\"\\ \n\t0123456789-+.eEtrufalsn\x01/u".to_vec()),
        ) {
            let root = serde_json::json!({ "v": value });
            let mut text = if pretty {
                serde_json::to_string_pretty(&root)
            } else {
                serde_json::to_string(&root)
            }
            .expect("JSON")
            .into_bytes();
            let i = at % (text.len() + 1);
            match edit {
                0 => text.insert(i, byte),
                1 if i < text.len() => {
                    text.remove(i);
                }
                _ if i < text.len() => text[i] = byte,
                _ => text.push(byte),
            }
            let Ok(text) = String::from_utf8(text) else {
                return Ok(());
            };
            let theirs = serde_json_reads::<serde_json::Value>(&text);
            let mine = ours::<serde_json::Value>(&text);
            match (&theirs, &mine) {
                (Ok(a), Ok(b)) => proptest::prop_assert_eq!(a, b, "{}", text),
                (Err(t), Err(m)) if t.is_syntax() || t.is_eof() => {
                    proptest::prop_assert!(m.syntax, "{}", text);
                    proptest::prop_assert_eq!(
                        crate::input::clean_message(&t.to_string()),
                        m.message.clone(),
                        "{}",
                        text
                    );
                }
                // A key written twice: refused here, kept by serde_json's map.
                (Ok(_), Err(m)) if m.message.starts_with("duplicate mapping key") => {}
                _ => proptest::prop_assert!(false, "{}: serde_json {:?}, ours {:?}", text, theirs, mine),
            }
        }
    }

    /// The tree of a JSON text.
    fn tree(text: &str) -> Node<'_> {
        Builder::new(text, None).value(0).expect("JSON")
    }

    /// Every place in a JSON value, as the pointer tokens leading to it.
    fn places(value: &serde_json::Value, here: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(here.clone());
        match value {
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    here.push(i.to_string());
                    places(item, here, out);
                    here.pop();
                }
            }
            serde_json::Value::Object(entries) => {
                for (k, v) in entries {
                    here.push(k.clone());
                    places(v, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }

    /// `value` with the place `at` changed by `edit`: replaced by a value of another shape,
    /// given an unknown key, or removed.
    fn mutate(value: &mut serde_json::Value, at: &[String], edit: usize) {
        use serde_json::json;
        let replacements = [
            json!("x"),
            json!(7),
            json!(-1),
            json!(1.5),
            json!(true),
            json!(null),
            json!([]),
            json!([1]),
            json!({}),
            json!({ "zz": 1 }),
        ];
        let Some((last, parent)) = at.split_last() else {
            *value = replacements[edit % replacements.len()].clone();
            return;
        };
        let mut node = value;
        for token in parent {
            node = match node {
                serde_json::Value::Array(items) => &mut items[token.parse::<usize>().unwrap()],
                serde_json::Value::Object(entries) => entries.get_mut(token).unwrap(),
                _ => unreachable!("a place is inside a collection"),
            };
        }
        let n = replacements.len();
        match node {
            serde_json::Value::Object(entries) if edit == n => {
                entries.insert("zz_unknown".to_owned(), json!(1));
            }
            serde_json::Value::Object(entries) if edit == n + 1 => {
                entries.remove(last);
            }
            serde_json::Value::Array(items) if edit >= n => {
                items.remove(last.parse::<usize>().unwrap());
            }
            serde_json::Value::Array(items) => {
                items[last.parse::<usize>().unwrap()] = replacements[edit].clone();
            }
            serde_json::Value::Object(entries) => {
                entries.insert(last.clone(), replacements[edit % n].clone());
            }
            _ => unreachable!("a place is inside a collection"),
        }
    }

    /// For a text that fails to read as `T`: the pointer serde_path_to_error gives (which
    /// this reader used before) and the one the reader's own path gives.
    fn pointers<T: DeserializeOwned>(text: &str) -> Option<(String, String)> {
        let root = tree(text);
        let e = serde_path_to_error::deserialize::<_, T>(root.read().ok()?).err()?;
        Some((crate::input::pointer(e.path()), e.inner().pointer()))
    }

    /// Errors inside enum variants of every form.
    #[test]
    fn error_paths_inside_variants_are_serde_path_to_error_s() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        enum E {
            A(u32),
            B { x: u32 },
            C(u32, u32),
            D,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct W {
            v: Vec<E>,
        }
        for text in [
            r#"{"v": [{"A": "x"}]}"#,
            r#"{"v": ["D", {"B": {"x": "y"}}]}"#,
            r#"{"v": [{"B": {"y": 1}}]}"#,
            r#"{"v": [{"C": [1, "z"]}]}"#,
            r#"{"v": [{"D": 5}]}"#,
            r#"{"v": ["A"]}"#,
            r#"{"v": ["B"]}"#,
            r#"{"v": [{"Q": 1}]}"#,
            r#"{"v": [{"A": 1, "B": 2}]}"#,
        ] {
            let (theirs, mine) = pointers::<W>(text).expect("an error");
            assert_eq!(theirs, mine, "{text}");
            assert!(mine.starts_with("/v/"), "{text}: {mine}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// A shape error anywhere in an example or in the built-in catalogue is located by
        /// the same pointer as serde_path_to_error located it.
        #[test]
        fn error_paths_are_serde_path_to_error_s(
            which in 0usize..64,
            place in 0usize..100_000,
            edit in 0usize..12,
        ) {
            let examples = crate::input::example_texts();
            let catalogue = which % 8 == 0;
            let mut value: serde_json::Value = if catalogue {
                serde_json::from_str(crate::catalogue::Catalogue::builtin_json()).unwrap()
            } else {
                let yaml = &examples[which % examples.len()];
                let a: crate::model::Architecture =
                    crate::input::read(yaml, crate::input::Format::Yaml, None).unwrap();
                serde_json::to_value(&a).unwrap()
            };
            let mut all = Vec::new();
            places(&value, &mut Vec::new(), &mut all);
            mutate(&mut value, &all[place % all.len()], edit);
            let text = serde_json::to_string_pretty(&value).unwrap();
            let found = if catalogue {
                pointers::<crate::catalogue::Catalogue>(&text)
            } else {
                pointers::<crate::model::Architecture>(&text)
            };
            if let Some((theirs, mine)) = found {
                proptest::prop_assert_eq!(theirs, mine, "{}", text);
            }
        }
    }

    /// What the first review of this reader found, each read as serde_json reads it.
    #[test]
    fn roots_tuples_f32_identifiers_and_buffered_values() {
        // Any JSON value may be the root: the wrong one is a shape error, not a syntax one.
        for text in ["[]", "null", "1", "\"x\""] {
            let e = ours::<S>(text).unwrap_err();
            assert!(!e.syntax, "{text}: {e:?}");
            assert!(
                e.message.starts_with("invalid type"),
                "{text}: {}",
                e.message
            );
        }
        // A tuple takes all the items written, or the text is refused.
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct T {
            v: (u32, u32),
        }
        assert!(ours::<T>("{\"v\": [1, 2]}").is_ok());
        let e = ours::<T>("{\"v\": [1, 2, 3]}").unwrap_err();
        assert_eq!(e.message, "invalid length 3, expected 2 items");
        assert!(serde_json_reads::<T>("{\"v\": [1, 2, 3]}").is_err());
        // An `f32` is rounded once, from the text.
        #[derive(Debug, PartialEq, Deserialize)]
        struct F32 {
            v: f32,
        }
        for text in [
            "1.0000000596046447753906250001",
            "1152921573326323713",
            "0.1",
            "3e38",
        ] {
            let doc = format!("{{\"v\": {text}}}");
            assert_eq!(
                ours::<F32>(&doc).unwrap(),
                serde_json_reads::<F32>(&doc).unwrap(),
                "{text}"
            );
        }
        // A number is no variant name.
        #[derive(Debug, Deserialize)]
        #[serde(tag = "type")]
        #[allow(dead_code)]
        enum Tagged {
            A,
        }
        let e = ours::<Tagged>("{\"type\": 0}").unwrap_err();
        assert!(
            e.message.starts_with("invalid type: integer `0`"),
            "{}",
            e.message
        );
        // A value serde buffers (untagged) is located at itself, not at its list.
        #[derive(Debug, Deserialize)]
        #[serde(untagged)]
        #[allow(dead_code)]
        enum Untagged {
            N(u32),
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct W {
            v: Vec<Untagged>,
        }
        let (e, pointer) = from_str::<W>("{\"v\": [1,\n  2,\n  \"x\"]}", None).unwrap_err();
        assert_eq!(pointer, "/v/2");
        assert_eq!(e.at, Some(At { line: 3, column: 3 }));
    }

    #[test]
    fn budgets_stop_deep_and_wide_documents() {
        let budget = YamlBudget {
            max_depth: 4,
            max_nodes: 10,
            max_alias_expansions: 0,
        };
        let deep = "{\"v\": [[[[1]]]]}";
        let (e, _) = from_str::<serde_json::Value>(deep, Some(budget)).unwrap_err();
        assert_eq!(e.breach, Some(Breach::Depth("depth 5".to_owned())));
        assert_eq!(
            e.at,
            Some(At {
                line: 1,
                column: 10
            })
        );
        assert!(from_str::<serde_json::Value>("{\"v\": [[[1]]]}", Some(budget)).is_ok());
        let wide = "{\"v\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}";
        let (e, _) = from_str::<serde_json::Value>(wide, Some(budget)).unwrap_err();
        assert_eq!(e.breach, Some(Breach::Nodes(11)));
        assert_eq!(e.message, "the document has more than 10 values");
    }
}
