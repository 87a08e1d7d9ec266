//! The user's text as a tree of nodes with byte spans: what [`super::patch`] edits.
//!
//! YAML trees are built from the events of granit-parser (the parser serde-saphyr itself
//! uses, so the two always agree on what the text says); JSON trees from a small
//! recursive-descent scanner (granit-parser only exists with the `yaml` feature, and
//! JSON editing must work without it). Both give the same shape: scalars, sequences and
//! mappings, each with the byte range of its text, flow or block style, and for mapping
//! entries where the key and its `:` are.

// Without the `yaml` feature only JSON trees are built: no aliases, single quotes or
// YAML-only helpers.
#![cfg_attr(not(feature = "yaml"), allow(dead_code))]

use super::lines::multi_line;
use super::unsupported;
use crate::error::Error;

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// Unquoted (YAML plain, or a JSON number / literal).
    Plain,
    /// `'single'`.
    Single,
    /// `"double"` (every JSON string).
    Double,
    /// `|` or `>` block scalar.
    Block,
}

/// One value of the text.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// First byte, including a tag written before the value.
    pub start: usize,
    /// One past the last byte of the value's own text (trailing blanks excluded).
    pub end: usize,
    /// An anchor (`&name`) is defined on this node: aliases elsewhere repeat it.
    pub anchored: bool,
    /// What it is.
    pub kind: NodeKind,
}

#[derive(Debug, Clone)]
pub(crate) enum NodeKind {
    /// A scalar: its value after unquoting, and how it was written. For a block scalar,
    /// `header` says whether `start` is at its `|` / `>` indicator (else it cannot be
    /// replaced safely).
    Scalar {
        value: String,
        style: Style,
        header: bool,
    },
    /// A sequence.
    Seq { flow: bool, items: Vec<Node> },
    /// A mapping.
    Map { flow: bool, entries: Vec<Entry> },
    /// A YAML alias (`*name`).
    Alias,
}

/// One `key: value` of a mapping.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The key's value.
    pub key: String,
    /// Where the key's text starts (its quote, if quoted).
    pub key_start: usize,
    /// One past the key's `:`; `None` when no `:` follows the key on its line (an explicit
    /// `? key`, a flow entry with no value).
    pub colon_end: Option<usize>,
    /// The value.
    pub value: Node,
}

impl Node {
    /// Whether the node is a collection written in flow style (`[..]`, `{..}`).
    pub fn is_flow(&self) -> bool {
        matches!(
            self.kind,
            NodeKind::Seq { flow: true, .. } | NodeKind::Map { flow: true, .. }
        )
    }

    /// Whether the node's text runs over more than one line. For a collection only the
    /// text around its children is looked at (a multi-line child inside a one-line
    /// bracket pair is not possible in JSON), so the cost does not grow with its size.
    pub fn multi_line(&self, text: &str) -> bool {
        let spans = match &self.kind {
            NodeKind::Seq { items, .. } => items
                .first()
                .zip(items.last())
                .map(|(f, l)| (f.start, l.end)),
            NodeKind::Map { entries, .. } => entries
                .first()
                .zip(entries.last())
                .map(|(f, l)| (f.key_start, l.value.end)),
            _ => None,
        };
        match spans {
            Some((first, last)) => {
                multi_line(text, self.start, first) || multi_line(text, last, self.end)
            }
            None => multi_line(text, self.start, self.end),
        }
    }

    /// Whether the node is a mapping or a sequence.
    pub fn is_collection(&self) -> bool {
        matches!(self.kind, NodeKind::Seq { .. } | NodeKind::Map { .. })
    }
}

/// Builds the tree of a YAML text (the first document).
#[cfg(feature = "yaml")]
pub(crate) fn yaml(text: &str) -> Result<Node, Error> {
    use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, StructureStyle};

    enum Frame {
        Seq {
            start: usize,
            flow: bool,
            anchored: bool,
            items: Vec<Node>,
        },
        Map {
            start: usize,
            flow: bool,
            anchored: bool,
            entries: Vec<Entry>,
            key: Option<(String, usize, Option<usize>)>,
        },
    }

    let refuse = |at: usize, what: &str| unsupported(line_of(text, at), what);

    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;

    // Hands a finished node to its parent; the root when there is none.
    fn attach(
        text: &str,
        stack: &mut [Frame],
        root: &mut Option<Node>,
        node: Node,
    ) -> Result<(), Error> {
        match stack.last_mut() {
            None => {
                *root = Some(node);
                Ok(())
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                Ok(())
            }
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                Some((k, key_start, colon_end)) => {
                    let mut value = node;
                    // An empty value (`key:`) has an empty span at the colon: move it after.
                    if value.start == value.end
                        && let Some(c) = colon_end
                    {
                        value.start = c;
                        value.end = c;
                    }
                    // A block scalar's span starts at its first content line: find its
                    // `|` / `>` after the colon.
                    if let NodeKind::Scalar {
                        style: Style::Block,
                        header,
                        ..
                    } = &mut value.kind
                        && let Some(c) = colon_end
                        && let Some(h) = skip_blanks(text, c)
                        && matches!(text.as_bytes().get(h), Some(b'|' | b'>'))
                        && h < value.start
                    {
                        value.start = h;
                        *header = true;
                    }
                    entries.push(Entry {
                        key: k,
                        key_start,
                        colon_end,
                        value,
                    });
                    Ok(())
                }
                None => match node.kind {
                    NodeKind::Scalar { value, .. } => {
                        let colon_end = colon_after(text, node.end);
                        *key = Some((value, node.start, colon_end));
                        Ok(())
                    }
                    _ => Err(unsupported(
                        line_of(text, node.start),
                        "a mapping key that is not a plain value (a collection or an alias)",
                    )),
                },
            },
        }
    }

    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| {
            unsupported(
                u32::try_from(e.marker().line()).unwrap_or(u32::MAX),
                format!("the text does not read as YAML: {e}"),
            )
        })?;
        let range = span
            .byte_range()
            .ok_or_else(|| refuse(0, "no byte offsets"))?;
        let tag_start = span.tag_start.and_then(|m| m.byte_offset());
        let start = tag_start.map_or(range.start, |t| t.min(range.start));
        match event {
            Event::Scalar(value, style, anchor, _) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::Single,
                    ScalarStyle::DoubleQuoted => Style::Double,
                    _ => Style::Block,
                };
                let mut end = range.end;
                if style == Style::Block {
                    end = trim_end(text, range.start, range.end);
                }
                let node = Node {
                    start,
                    end,
                    anchored: anchor != 0,
                    kind: NodeKind::Scalar {
                        value: value.into_owned(),
                        style,
                        header: style != Style::Block,
                    },
                };
                attach(text, &mut stack, &mut root, node)?;
            }
            Event::Alias(_) => {
                let node = Node {
                    start,
                    end: range.end,
                    anchored: false,
                    kind: NodeKind::Alias,
                };
                attach(text, &mut stack, &mut root, node)?;
            }
            Event::SequenceStart(style, anchor, _) => stack.push(Frame::Seq {
                start,
                flow: style == StructureStyle::Flow,
                anchored: anchor != 0,
                items: Vec::new(),
            }),
            Event::MappingStart(style, anchor, _) => stack.push(Frame::Map {
                start,
                flow: style == StructureStyle::Flow,
                anchored: anchor != 0,
                entries: Vec::new(),
                key: None,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match stack.pop() {
                    Some(Frame::Seq {
                        start,
                        flow,
                        anchored,
                        items,
                    }) => {
                        let end = if flow {
                            range.end
                        } else {
                            items.last().map_or(start, |n| n.end)
                        };
                        Node {
                            start,
                            end,
                            anchored,
                            kind: NodeKind::Seq { flow, items },
                        }
                    }
                    Some(Frame::Map {
                        start,
                        flow,
                        anchored,
                        entries,
                        key,
                    }) => {
                        if key.is_some() {
                            return Err(refuse(range.start, "a mapping key without a value"));
                        }
                        let end = if flow {
                            range.end
                        } else {
                            entries
                                .last()
                                .map_or(start, |e| e.value.end.max(e.key_start))
                        };
                        Node {
                            start,
                            end,
                            anchored,
                            kind: NodeKind::Map { flow, entries },
                        }
                    }
                    None => return Err(refuse(range.start, "unbalanced collections")),
                };
                attach(text, &mut stack, &mut root, node)?;
            }
            Event::DocumentEnd => break,
            _ => {}
        }
    }
    root.ok_or_else(|| refuse(0, "the text holds no YAML document"))
}

/// Builds the tree of a JSON text. Recursion is bounded by `max_depth`.
pub(crate) fn json(text: &str, max_depth: usize) -> Result<Node, Error> {
    let mut p = Json {
        text,
        bytes: text.as_bytes(),
        pos: if text.starts_with('\u{feff}') { 3 } else { 0 },
        max_depth,
    };
    let node = p.value(0)?;
    p.skip_ws();
    if p.pos != p.bytes.len() {
        return Err(p.error("text after the JSON value"));
    }
    Ok(node)
}

struct Json<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    max_depth: usize,
}

impl Json<'_> {
    fn error(&self, what: &str) -> Error {
        unsupported(
            line_of(self.text, self.pos),
            format!("the text does not read as JSON: {what}"),
        )
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, b: u8) -> Result<(), Error> {
        self.skip_ws();
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected `{}`", char::from(b))))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, Error> {
        if depth > self.max_depth {
            return Err(self.error("nested too deeply"));
        }
        self.skip_ws();
        let start = self.pos;
        match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                let mut entries = Vec::new();
                self.skip_ws();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                } else {
                    loop {
                        self.skip_ws();
                        let key_start = self.pos;
                        let key = match self.string()? {
                            (NodeKind::Scalar { value, .. }, _) => value,
                            _ => return Err(self.error("expected a key")),
                        };
                        self.expect(b':')?;
                        let colon_end = Some(self.pos);
                        let value = self.value(depth + 1)?;
                        entries.push(Entry {
                            key,
                            key_start,
                            colon_end,
                            value,
                        });
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => self.pos += 1,
                            Some(b'}') => {
                                self.pos += 1;
                                break;
                            }
                            _ => return Err(self.error("expected `,` or `}`")),
                        }
                    }
                }
                Ok(Node {
                    start,
                    end: self.pos,
                    anchored: false,
                    kind: NodeKind::Map {
                        flow: true,
                        entries,
                    },
                })
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.skip_ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                } else {
                    loop {
                        items.push(self.value(depth + 1)?);
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => self.pos += 1,
                            Some(b']') => {
                                self.pos += 1;
                                break;
                            }
                            _ => return Err(self.error("expected `,` or `]`")),
                        }
                    }
                }
                Ok(Node {
                    start,
                    end: self.pos,
                    anchored: false,
                    kind: NodeKind::Seq { flow: true, items },
                })
            }
            Some(b'"') => {
                let (kind, end) = self.string()?;
                Ok(Node {
                    start,
                    end,
                    anchored: false,
                    kind,
                })
            }
            Some(_) => {
                while matches!(
                    self.peek(),
                    Some(b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
                ) {
                    self.pos += 1;
                }
                let raw = self
                    .text
                    .get(start..self.pos)
                    .ok_or_else(|| self.error("bad offsets"))?;
                let ok = matches!(raw, "true" | "false" | "null")
                    || (!raw.is_empty() && raw.parse::<f64>().is_ok());
                if !ok {
                    return Err(self.error("expected a value"));
                }
                Ok(Node {
                    start,
                    end: self.pos,
                    anchored: false,
                    kind: NodeKind::Scalar {
                        value: raw.to_owned(),
                        style: Style::Plain,
                        header: true,
                    },
                })
            }
            None => Err(self.error("unexpected end")),
        }
    }

    /// A string at `pos`: its node kind and end.
    fn string(&mut self) -> Result<(NodeKind, usize), Error> {
        let start = self.pos;
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a string"));
        }
        self.pos += 1;
        loop {
            match self.peek() {
                Some(b'\\') => self.pos += 2,
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(_) => self.pos += 1,
                None => return Err(self.error("unterminated string")),
            }
        }
        let raw = self
            .text
            .get(start..self.pos)
            .ok_or_else(|| self.error("bad string"))?;
        let value: String = serde_json::from_str(raw).map_err(|_| self.error("bad string"))?;
        Ok((
            NodeKind::Scalar {
                value,
                style: Style::Double,
                header: true,
            },
            self.pos,
        ))
    }
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, pos: usize) -> u32 {
    let n = text
        .as_bytes()
        .iter()
        .take(pos)
        .filter(|&&b| b == b'\n')
        .count();
    u32::try_from(n + 1).unwrap_or(u32::MAX)
}

/// The first byte after spaces and tabs from `pos` (None at the end of the text).
fn skip_blanks(text: &str, mut pos: usize) -> Option<usize> {
    let b = text.as_bytes();
    while matches!(b.get(pos), Some(b' ' | b'\t')) {
        pos += 1;
    }
    (pos < b.len()).then_some(pos)
}

/// One past the `:` that follows a key ending at `end`, on the same line.
#[cfg(feature = "yaml")]
fn colon_after(text: &str, end: usize) -> Option<usize> {
    let p = skip_blanks(text, end)?;
    (text.as_bytes().get(p) == Some(&b':')).then_some(p + 1)
}

/// `end` moved back over trailing blanks and line breaks, not before `start`.
#[cfg(feature = "yaml")]
fn trim_end(text: &str, start: usize, mut end: usize) -> usize {
    let b = text.as_bytes();
    while end > start && matches!(b.get(end - 1), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(n: &Node) -> Vec<&str> {
        match &n.kind {
            NodeKind::Map { entries, .. } => entries.iter().map(|e| e.key.as_str()).collect(),
            _ => vec![],
        }
    }

    #[test]
    fn json_tree_has_spans_and_keys() {
        let text = "{\n  \"a\": [1, \"x\\n\"],\n  \"b\": {\"c\": null}\n}\n";
        let root = json(text, 64).unwrap();
        assert_eq!(keys(&root), ["a", "b"]);
        let NodeKind::Map { entries, .. } = &root.kind else {
            panic!()
        };
        assert_eq!(
            &text[entries[0].value.start..entries[0].value.end],
            "[1, \"x\\n\"]"
        );
        assert_eq!(entries[1].colon_end, Some(text.find("\"b\":").unwrap() + 4));
        assert!(json("[[[[1]]]]", 2).is_err());
        assert!(json("{\"a\": tru}", 8).is_err());
        assert!(json("{\"a\": 1} x", 8).is_err());
        assert!(json("\"unterminated", 8).is_err());
    }

    #[cfg(feature = "yaml")]
    #[test]
    fn yaml_tree_has_spans_for_block_and_flow() {
        let text = "a: 1\nb:\n  - x  # c\n  - {k: v}\nc: |\n  lit\n\nd:\ne: !!str 12\n";
        let root = yaml(text).unwrap();
        assert_eq!(keys(&root), ["a", "b", "c", "d", "e"]);
        let NodeKind::Map { entries, .. } = &root.kind else {
            panic!()
        };
        let span = |n: &Node| &text[n.start..n.end];
        assert_eq!(span(&entries[1].value), "- x  # c\n  - {k: v}");
        assert_eq!(span(&entries[2].value), "|\n  lit");
        assert_eq!(entries[3].value.start, text.find("d:").unwrap() + 2);
        assert_eq!(span(&entries[3].value), "");
        assert_eq!(span(&entries[4].value), "!!str 12");
    }

    #[cfg(feature = "yaml")]
    #[test]
    fn complex_keys_are_refused() {
        let e = yaml("? [a]\n: 1\n").unwrap_err();
        assert_eq!(e.code(), crate::diagnostic::Code::PatchUnsupported);
    }
}
