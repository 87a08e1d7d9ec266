//! Source positions: JSON pointer → 1-based line and column, from the text.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, OnceLock};

use crate::diagnostic::{Diagnostic, escape_pointer_token};

/// The index: every pointer's text in one buffer and a hash table over them, so that a
/// 10,000-component description (about 400,000 pointers) is indexed without one
/// allocation per pointer (a `BTreeMap<String, _>` of them was a tenth of a `score`).
/// A pointer recorded twice (a duplicated key) keeps its last position, as a map would.
#[derive(Debug, Clone, Default)]
struct Positions {
    /// The pointers, one after the other.
    text: String,
    entries: Vec<Entry>,
    /// FNV-1a hash of a pointer → its entry (the first of those sharing the hash).
    by_hash: HashMap<u64, u32, BuildHasherDefault<Fnv>>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Byte range of the pointer in `Positions::text`.
    start: u32,
    end: u32,
    at: (u32, u32),
    /// The next entry with the same hash.
    next: Option<u32>,
}

impl Positions {
    fn pointer(&self, e: &Entry) -> &str {
        &self.text[e.start as usize..e.end as usize]
    }

    fn find(&self, pointer: &str, hash: u64) -> Option<u32> {
        let mut at = self.by_hash.get(&hash).copied();
        while let Some(k) = at {
            let e = &self.entries[k as usize];
            if self.pointer(e) == pointer {
                return Some(k);
            }
            at = e.next;
        }
        None
    }

    /// Records `at` for the pointer just appended to `text` (from byte `start` on) and
    /// returns the byte range of its recorded copy (an earlier one when the pointer was
    /// recorded before: the text just appended is dropped). `None` when the index is full
    /// (4 GiB of pointers; positions are a help, not a requirement).
    fn insert_last(&mut self, start: usize, at: (u32, u32)) -> Option<(usize, usize)> {
        let pointer = &self.text[start..];
        let hash = fnv(pointer.as_bytes());
        if let Some(k) = self.find(pointer, hash) {
            let e = &mut self.entries[k as usize];
            e.at = at;
            self.text.truncate(start);
            return Some((e.start as usize, e.end as usize));
        }
        let (Ok(start32), Ok(end), Ok(k)) = (
            u32::try_from(start),
            u32::try_from(self.text.len()),
            u32::try_from(self.entries.len()),
        ) else {
            self.text.truncate(start);
            return None;
        };
        let next = self.by_hash.insert(hash, k);
        self.entries.push(Entry {
            start: start32,
            end,
            at,
            next,
        });
        Some((start, self.text.len()))
    }

    fn get(&self, pointer: &str) -> Option<(u32, u32)> {
        self.find(pointer, fnv(pointer.as_bytes()))
            .map(|k| self.entries[k as usize].at)
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every pointer and its position, sorted (for comparisons).
    fn to_map(&self) -> std::collections::BTreeMap<&str, (u32, u32)> {
        self.entries
            .iter()
            .map(|e| (self.pointer(e), e.at))
            .collect()
    }
}

impl PartialEq for Positions {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.to_map() == other.to_map()
    }
}

/// FNV-1a: fixed, so the same on every platform and run, and quick on short pointers.
fn fnv(bytes: &[u8]) -> u64 {
    let mut h = Fnv::default();
    h.write(bytes);
    h.finish()
}

/// FNV-1a as a `Hasher`, for the table's `u64` keys.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// JSON pointer → 1-based (line, column) of where that value (or its key) starts.
///
/// Built from the text the first time a position is asked for: scoring a description
/// that has nothing to point at never walks it a second time (the index took about a
/// tenth of a 10,000-component `score`, docs/performance.md).
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// The text and the nesting depth to index it to; `None` for an empty map.
    text: Option<(Arc<str>, usize)>,
    positions: OnceLock<Positions>,
}

impl PartialEq for SourceMap {
    fn eq(&self, other: &Self) -> bool {
        self.positions() == other.positions()
    }
}

impl Eq for SourceMap {}

impl SourceMap {
    /// The index, built on first use.
    fn positions(&self) -> &Positions {
        self.positions.get_or_init(|| match &self.text {
            Some((text, max_depth)) => build(text, *max_depth),
            None => Positions::default(),
        })
    }

    /// The position of `pointer`, or of its nearest ancestor that has one.
    pub fn position(&self, pointer: &str) -> Option<(u32, u32)> {
        let positions = self.positions();
        let mut p = pointer;
        loop {
            if let Some(pos) = positions.get(p) {
                return Some(pos);
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
        self.positions().len()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.positions().is_empty()
    }
}

/// The positions of `text`, indexed to `max_depth` levels when first asked for.
pub(crate) fn index(text: &str, max_depth: usize) -> SourceMap {
    SourceMap {
        // Without YAML support only JSON is indexed (YAML gives an empty map).
        text: Some((Arc::from(text), max_depth)),
        positions: OnceLock::new(),
    }
}

/// Builds the pointer → position index. A JSON document (one that opens with `{` or `[`) is
/// scanned directly, several times faster than the YAML event parser and also in builds
/// without YAML; anything else, and any text the scanner finds is not plain JSON, is walked
/// as YAML events (JSON is YAML: the two give the same index, see the tests).
fn build(text: &str, max_depth: usize) -> Positions {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with(['{', '['])
        && let Some(positions) = build_json(text, max_depth)
    {
        return positions;
    }
    build_yaml(text, max_depth)
}

/// One open collection while indexing; `pointer` is its pointer's byte range in
/// `Positions::text`.
enum Frame {
    Map {
        pointer: (usize, usize),
        key: Option<(String, (u32, u32))>,
        expecting_key: bool,
    },
    Seq {
        pointer: (usize, usize),
        next: usize,
    },
}

/// The index under construction, fed with a document's nodes in order (by the YAML event
/// walk or the JSON scanner). A value's position is where its key starts in a mapping and
/// where the value starts in a sequence.
#[derive(Default)]
struct Indexer {
    positions: Positions,
    stack: Vec<Frame>,
}

impl Indexer {
    /// Appends the pointer of the node about to start to `Positions::text` and returns
    /// where it starts and the node's position, updating its parent; `None` for a mapping
    /// key.
    fn child_pointer(&mut self, here: (u32, u32)) -> Option<(usize, (u32, u32))> {
        let text = &mut self.positions.text;
        let start = text.len();
        match self.stack.last_mut() {
            None => Some((start, here)),
            Some(Frame::Seq { pointer, next }) => {
                text.extend_from_within(pointer.0..pointer.1);
                text.push('/');
                text.push_str(itoa(*next, &mut [0; 20]));
                *next += 1;
                Some((start, here))
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
                        text.extend_from_within(pointer.0..pointer.1);
                        text.push('/');
                        if k.contains(['~', '/']) {
                            text.push_str(&escape_pointer_token(&k));
                        } else {
                            text.push_str(&k);
                        }
                        (start, key_pos)
                    })
                }
            }
        }
    }

    /// A scalar (a key or a value) at `here`.
    fn scalar(&mut self, value: impl Into<String>, here: (u32, u32)) {
        if let Some(Frame::Map {
            key, expecting_key, ..
        }) = self.stack.last_mut()
            && *expecting_key
        {
            *key = Some((value.into(), here));
            *expecting_key = false;
            return;
        }
        self.leaf(here);
    }

    /// A value that is not a collection and whose text does not matter (an alias).
    fn leaf(&mut self, here: (u32, u32)) {
        if let Some((start, at)) = self.child_pointer(here) {
            // A full index records nothing more; the walk ends at the next collection.
            let _ = self.positions.insert_last(start, at);
        }
    }

    /// A mapping or sequence starts at `here`; false when indexing must stop (too deep, or
    /// a collection used as a key).
    fn open(&mut self, is_map: bool, here: (u32, u32), max_depth: usize) -> bool {
        if self.stack.len() >= max_depth {
            return false;
        }
        if let Some(Frame::Map {
            expecting_key: true,
            ..
        }) = self.stack.last()
        {
            return false;
        }
        let Some((start, at)) = self.child_pointer(here) else {
            return false;
        };
        let Some(pointer) = self.positions.insert_last(start, at) else {
            return false;
        };
        self.stack.push(if is_map {
            Frame::Map {
                pointer,
                key: None,
                expecting_key: true,
            }
        } else {
            Frame::Seq { pointer, next: 0 }
        });
        true
    }

    /// The innermost collection ends.
    fn close(&mut self) {
        self.stack.pop();
    }
}

/// `n` in decimal, written into `buf`.
fn itoa(mut n: usize, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("0")
}

/// Walks YAML events. Linear in the number of events: aliases are not expanded. Gives up
/// quietly (keeping what it has) on anything it does not understand; positions are a
/// help, not a requirement.
#[cfg(feature = "yaml")]
fn build_yaml(text: &str, max_depth: usize) -> Positions {
    use serde_saphyr::granit_parser::{Event, Parser};

    let mut index = Indexer::default();
    let pos = |m: &serde_saphyr::granit_parser::Span| {
        (
            u32::try_from(m.start.line()).unwrap_or(u32::MAX),
            u32::try_from(m.start.col() + 1).unwrap_or(u32::MAX),
        )
    };
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { break };
        let here = pos(&span);
        match event {
            Event::Scalar(value, ..) => index.scalar(value, here),
            Event::Alias(_) => index.leaf(here),
            Event::MappingStart(..) | Event::SequenceStart(..)
                if !index.open(matches!(event, Event::MappingStart(..)), here, max_depth) =>
            {
                break;
            }
            Event::MappingEnd | Event::SequenceEnd => index.close(),
            Event::DocumentEnd => break,
            _ => {}
        }
    }
    index.positions
}

#[cfg(not(feature = "yaml"))]
fn build_yaml(_text: &str, _max_depth: usize) -> Positions {
    Positions::default()
}

/// Scans a JSON text (RFC 8259) and feeds its nodes to an [`Indexer`]; `None` when the text
/// is not plain JSON (the YAML walk then decides). Lines are 1-based and count `\n`, `\r\n`
/// and a lone `\r` as one break, columns are 1-based in characters, as the YAML parser
/// counts them.
fn build_json(text: &str, max_depth: usize) -> Option<Positions> {
    let bytes = text.as_bytes();
    let mut index = Indexer::default();
    let mut cursor = JsonCursor::new(text);
    // Per open collection: is it a map, and has it had an entry yet.
    let mut open: Vec<(bool, bool)> = Vec::new();
    let mut done = false;
    // A byte-order mark is no character of the document.
    if text.starts_with('\u{feff}') {
        cursor.at = 3;
        cursor.line_start = 3;
        cursor.counted = (3, 0);
    }
    loop {
        cursor.skip_blank();
        if done {
            return (cursor.at == bytes.len()).then_some(index.positions);
        }
        // After a complete value inside a collection: a comma or the collection's end.
        if let Some(&(is_map, has_entry)) = open.last() {
            let close = if is_map { b'}' } else { b']' };
            match bytes.get(cursor.at) {
                Some(&c) if c == close => {
                    cursor.at += 1;
                    open.pop();
                    index.close();
                    done = open.is_empty();
                    continue;
                }
                Some(b',') if has_entry => {
                    cursor.at += 1;
                    cursor.skip_blank();
                }
                _ if !has_entry => {}
                _ => return None,
            }
            if let Some(last) = open.last_mut() {
                last.1 = true;
            }
            if is_map {
                let here = cursor.position();
                let key = cursor.string()?;
                index.scalar(key, here);
                cursor.skip_blank();
                if bytes.get(cursor.at) != Some(&b':') {
                    return None;
                }
                cursor.at += 1;
                cursor.skip_blank();
            }
        }
        let here = cursor.position();
        match bytes.get(cursor.at)? {
            c @ (b'{' | b'[') => {
                let is_map = *c == b'{';
                cursor.at += 1;
                if !index.open(is_map, here, max_depth) {
                    // Too deep: keep what was indexed, as the YAML walk does.
                    return Some(index.positions);
                }
                open.push((is_map, false));
            }
            b'"' => {
                cursor.string()?;
                index.leaf(here);
                done = open.is_empty();
            }
            _ => {
                cursor.literal()?;
                index.leaf(here);
                done = open.is_empty();
            }
        }
    }
}

/// A position in a JSON text, with the line and column arithmetic.
struct JsonCursor<'a> {
    text: &'a str,
    /// Byte offset.
    at: usize,
    /// 1-based line of `line_start`.
    line: u32,
    /// Byte offset where the current line starts.
    line_start: usize,
    /// A byte offset on the current line and its 0-based column in characters, so that
    /// columns on long lines are counted incrementally.
    counted: (usize, u32),
}

impl<'a> JsonCursor<'a> {
    fn new(text: &'a str) -> Self {
        JsonCursor {
            text,
            at: 0,
            line: 1,
            line_start: 0,
            counted: (0, 0),
        }
    }

    /// Skips JSON whitespace, counting line breaks.
    fn skip_blank(&mut self) {
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
    fn position(&mut self) -> (u32, u32) {
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
    fn string(&mut self) -> Option<String> {
        let bytes = self.text.as_bytes();
        if bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        self.at += 1;
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
                    return Some(out);
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
    fn literal(&mut self) -> Option<()> {
        let bytes = self.text.as_bytes();
        let len = bytes[self.at..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.')))
            .unwrap_or(bytes.len() - self.at);
        let word = &self.text[self.at..self.at + len];
        let number = word.starts_with(|c: char| c == '-' || c.is_ascii_digit())
            && word.parse::<f64>().is_ok()
            && !word.contains(|c: char| c.is_ascii_alphabetic() && c != 'e' && c != 'E');
        if !(number || matches!(word, "true" | "false" | "null")) {
            return None;
        }
        self.at += len;
        Some(())
    }
}

#[cfg(all(test, feature = "yaml"))]
mod tests {
    use super::*;

    /// The JSON scanner must give exactly the index the YAML walk gives.
    fn same_index(json: &str, max_depth: usize) {
        let scanned = build_json(json, max_depth).expect("plain JSON is scanned");
        assert_eq!(scanned, build_yaml(json, max_depth), "{json}");
    }

    #[test]
    fn json_is_indexed_as_the_yaml_walk_indexes_it() {
        let tricky = "{\"a\": {\"b/c\": [1, -2.5e3, true, null, \"x\"], \"t~\": {}},\r\n\
                      \"\u{e9}\\u00e9\\\"\\ud83d\\ude00\": [[], [{\"k\": \"v\"}]],\n\
                      \t\"dup\": 1, \"dup\": [2],\r \"last\": \"\\n\"}";
        same_index(tricky, 64);
        same_index(&format!("\u{feff}{tricky}"), 64);
        same_index("[1, {\"a\": [2]}]  \n", 64);
        for depth in 0..4 {
            same_index(tricky, depth);
        }
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
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
                    .prop_map(|entries| {
                        serde_json::Value::Object(entries.into_iter().collect())
                    }),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn generated_json_is_indexed_as_the_yaml_walk_indexes_it(
            value in json_value(),
            depth in 0usize..8,
        ) {
            // Only collections take the scanner's path.
            let root = serde_json::json!({ "root": value });
            let pretty = serde_json::to_string_pretty(&root).expect("JSON");
            let compact = serde_json::to_string(&root).expect("JSON");
            proptest::prop_assert_eq!(build_json(&pretty, depth), Some(build_yaml(&pretty, depth)));
            proptest::prop_assert_eq!(build_json(&compact, depth), Some(build_yaml(&compact, depth)));
        }
    }

    #[test]
    fn every_example_as_json_is_indexed_as_the_yaml_walk_indexes_it() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("examples directory") {
            let path = entry.expect("entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable example");
            let value: serde_json::Value = serde_saphyr::from_str(&text).expect("YAML");
            same_index(&serde_json::to_string_pretty(&value).expect("JSON"), 128);
            same_index(&serde_json::to_string(&value).expect("JSON"), 128);
            seen += 1;
        }
        assert!(seen >= 5, "only {seen} examples found in {}", dir.display());
    }

    #[test]
    fn text_that_is_not_plain_json_is_left_to_the_yaml_walk() {
        for text in [
            "{a: 1}",
            "{\"a\": 1,}",
            "{\"a\": 1} x",
            "[1 2]",
            "{\"a\" 1}",
            "[\"\\q\"]",
            "[tru]",
            "[\"open",
        ] {
            assert_eq!(build_json(text, 64), None, "{text}");
        }
        // The YAML walk still indexes a flow mapping.
        assert_eq!(build("{a: [1]}", 64).get("/a/0"), Some((1, 6)));
    }

    #[test]
    fn a_duplicated_key_keeps_its_last_position_and_the_children_of_both() {
        let text = "a:\n  x: 1\nb~/c: [7, 8]\na:\n  y: 2\n";
        let map = SourceMap {
            text: Some((Arc::from(text), 64)),
            positions: OnceLock::new(),
        };
        assert_eq!(map.position("/a"), Some((4, 1)));
        assert_eq!(map.position("/a/x"), Some((2, 3)));
        assert_eq!(map.position("/a/y"), Some((5, 3)));
        assert_eq!(map.position("/b~0~1c/1"), Some((3, 11)));
        // Not a pointer that was recorded: its nearest recorded ancestor.
        assert_eq!(map.position("/b~0~1c/01"), Some((3, 1)));
        assert_eq!(map.position("/a/x/deeper"), Some((2, 3)));
        assert_eq!(map.position(""), Some((1, 1)));
        assert_eq!(map.position("/nothing"), Some((1, 1)));
        assert_eq!(map.len(), 7);
    }
}
