//! Source positions: JSON pointer → 1-based line and column, from the text.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::diagnostic::Diagnostic;

type Positions = BTreeMap<String, (u32, u32)>;

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
            None => Positions::new(),
        })
    }

    /// The position of `pointer`, or of its nearest ancestor that has one.
    pub fn position(&self, pointer: &str) -> Option<(u32, u32)> {
        let positions = self.positions();
        let mut p = pointer;
        loop {
            if let Some(pos) = positions.get(p) {
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
        // Without YAML support there is no parser to index with: an empty map.
        text: cfg!(feature = "yaml").then(|| (Arc::from(text), max_depth)),
        positions: OnceLock::new(),
    }
}

/// Builds the pointer → position index by walking YAML events (JSON is YAML too). Linear in
/// the number of events: aliases are not expanded. Gives up quietly (empty map) on
/// anything it does not understand; positions are a help, not a requirement.
#[cfg(feature = "yaml")]
fn build(text: &str, max_depth: usize) -> Positions {
    use crate::diagnostic::escape_pointer_token;
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
                if stack.len() >= max_depth {
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
    positions
}

#[cfg(not(feature = "yaml"))]
fn build(_text: &str, _max_depth: usize) -> Positions {
    Positions::new()
}
