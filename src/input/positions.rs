//! Source positions: JSON pointer → 1-based line and column, from the text.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};
use std::sync::{Arc, OnceLock};

use crate::diagnostic::{Diagnostic, escape_pointer_token};

mod block;
mod json;

use block::build_block_yaml;
use json::build_json;

/// The index: every pointer's text in one buffer and a hash table over them, so that a
/// 10,000-component description (about 400,000 pointers) is indexed without one
/// allocation per pointer (a `BTreeMap<String, _>` of them was a tenth of a `score`).
/// A pointer recorded twice (a duplicated key) keeps its last position, as a map would.
#[derive(Debug, Clone, Default)]
struct Positions {
    /// The pointers, one after the other.
    text: String,
    entries: Vec<Entry>,
    /// Hash of a pointer (by `keys`) → its entry (the first of those sharing the hash).
    by_hash: HashMap<u64, u32, BuildHasherDefault<Prehashed>>,
    /// The standard library's SipHash, keyed afresh in every process: a description cannot
    /// be written to make its pointers collide and each lookup walk them all (the index is
    /// only looked up, never iterated, so nothing depends on the keys).
    keys: RandomState,
}

/// The hasher of `by_hash`, whose keys are already keyed hashes: used as they are.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is called (the keys are `u64`); anything else is folded in.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }

    fn finish(&self) -> u64 {
        self.0
    }
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
        let hash = self.keys.hash_one(pointer);
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
        self.find(pointer, self.keys.hash_one(pointer))
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

/// Builds the pointer → position index. A JSON document (one that opens with `{` or `[`) and
/// block-style YAML are scanned directly ([`json`], [`block`]), several times faster than
/// the YAML event parser; anything else, and any text a scanner does not read, is walked as
/// YAML events (JSON is YAML). The scanners give exactly the walk's index (see the tests).
fn build(text: &str, max_depth: usize) -> Positions {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with(['{', '['])
        && let Some(positions) = build_json(text, max_depth)
    {
        return positions;
    }
    build_block_yaml(text, max_depth).unwrap_or_else(|| build_yaml(text, max_depth))
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

    use crate::input::json_value;

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

    use crate::input::example_texts as examples;

    #[test]
    fn every_example_as_json_is_indexed_as_the_yaml_walk_indexes_it() {
        for text in examples() {
            let value: serde_json::Value = serde_saphyr::from_str(&text).expect("YAML");
            same_index(&serde_json::to_string_pretty(&value).expect("JSON"), 128);
            same_index(&serde_json::to_string(&value).expect("JSON"), 128);
        }
    }

    /// The block scanner must give exactly the YAML walk's index when it reads a text.
    fn same_block_index(yaml: &str, max_depth: usize) -> bool {
        match block::build_block_yaml(yaml, max_depth) {
            Some(scanned) => {
                assert_eq!(scanned, build_yaml(yaml, max_depth), "{yaml}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn block_yaml_is_indexed_as_the_yaml_walk_indexes_it() {
        let tricky = "\u{feff}# leading comment\r\n\
                      ---\r\n\
                      version: 1   # trailing\r\n\
                      name: \"quoted \\\" # not a comment\"\n\
                      single: 'it''s: fine' # c\n\
                      empty:\n\
                      url: http://example.com/a#b\n\
                      components:\n\
                      - id: a\n\
                      \x20 regions:\n\
                      \x20   - name: x   \n\
                      \n\
                      \x20     zones: 2\n\
                      \x20   -   name: \"y\"\n\
                      \x20 depends_on:\n\
                      \x20 - b\n\
                      \x20 - \"c\"\n\
                      \x20 nothing:\n\
                      -   id: b\n\
                      \x20   kind: cache\n\
                      dup: 1\n\
                      journeys:\n\
                      \x20 - name: j\n\
                      \x20   uses:\n\
                      \x20     - a\n\
                      dup:\n\
                      \x20 deeper: -5\n\
                      flow: { availability: 99.95, rto_minutes: 60 }   # c\n\
                      flows:\n\
                      \x20 - { name: us-east-1, zones: [use1-az4, use1-az6] }\n\
                      \x20 - {}\n\
                      \x20 - [ [1], {a: [x, -5]}, \"a, b\", 'c''d' ]\n\
                      \x20 - { name: \"é\", zones: [zé, \"ü\"], n: naïve thing }\n\
                      depends_on: [web, 'api']\n\
                      none: []\n\
                      folded: >-   # c\n\
                      \x20 # not a comment: text\n\
                      \n\
                      \x20   - not an item\n\
                      \x20 more: text\n\
                      literal: |\n\
                      \x20 a\n\
                      last:\n";
        assert!(same_block_index(tricky, 64), "the scanner reads this text");
        for depth in 0..6 {
            assert!(same_block_index(tricky, depth));
        }
        let indented_root = "  a: 1\n  b:\n    - c\n";
        assert!(same_block_index(indented_root, 64));
    }

    #[test]
    fn every_example_as_written_is_indexed_as_the_yaml_walk_indexes_it() {
        let texts = examples();
        let mut read = 0;
        for text in &texts {
            if same_block_index(text, 128) {
                read += 1;
            }
            // Written out by the YAML serialiser too (block style, its own quoting).
            let value: serde_json::Value = serde_saphyr::from_str(text).expect("YAML");
            same_block_index(&serde_saphyr::to_string(&value).expect("YAML"), 128);
        }
        assert_eq!(
            read,
            texts.len(),
            "the scanner read only {read} of the examples"
        );
    }

    #[test]
    fn yaml_the_block_scanner_does_not_read_is_left_to_the_yaml_walk() {
        for text in [
            "a: [1,\n  2]\n",
            "a: [1, 2,]\n",
            "a: {\"b\": 1}\n",
            "a: [b: 1]\n",
            "a: [1] x\n",
            "- [1]\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |2\n  text\n",
            "a: >\n    text\n  less\n",
            "- |\n  text\n",
            "a: multi\n  line\n",
            "a: \"open\n  quote\"\n",
            "- 1\n- 2\n",
            "plain\n",
            "a: 1\n---\nb: 2\n",
            "a:\n\t- 1\n",
            "a:\n  - - 1\n",
            "a:\n  -\n    b: 1\n",
            "\"a\": 1\n",
            "? a\n: 1\n",
            "a: b: c\n",
            "a:b\n",
            "a: 1\nb\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: 1\r2: 3\n",
            "",
        ] {
            assert_eq!(block::build_block_yaml(text, 64), None, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn generated_yaml_is_indexed_as_the_yaml_walk_indexes_it(
            value in json_value(),
            depth in 0usize..8,
        ) {
            let root = serde_json::json!({ "root": value, "after": [1, {"k": "v"}] });
            let yaml = serde_saphyr::to_string(&root).expect("YAML");
            if let Some(scanned) = block::build_block_yaml(&yaml, depth) {
                proptest::prop_assert_eq!(scanned, build_yaml(&yaml, depth), "{}", yaml);
            }
        }
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
