//! A fast reader for the block YAML that descriptions are written in: the events
//! granit-parser would give for the same text, at the same positions, from a scanner that
//! knows only that subset. It reads a whole text or gives up ([`Unsupported`]); the caller
//! ([`super::yaml`]) then reads the text again with granit-parser, which decides every
//! error and everything outside the subset. So no text reads differently: a test compares
//! the events of both readers on every example, generated descriptions and tens of
//! thousands of mutated texts (`tests` below).
//!
//! Why: granit's scanner was about four fifths of reading a 1,000-component description
//! (docs/performance.md), and reading about a seventh of `score()` in the page.
//!
//! The subset, line by line (anything else, anywhere in the text, is [`Unsupported`]):
//!
//! - indentation with spaces; blank lines and comment lines anywhere; no tabs, carriage
//!   returns, control characters, byte-order mark, directives or document markers;
//! - a block mapping at the top; block mappings and sequences (`- item`, `- key: value`
//!   with its mapping continuing below the key, a sequence at its key's indentation);
//! - keys: plain, of letters, digits, `_`, `-`, `.` and `/`;
//! - values on the key's line: a plain scalar of one line, a quoted scalar of one line
//!   without escapes (`\` in double quotes, `''` in single ones), or a flow mapping or
//!   sequence closed on the same line holding the same (a `:` in a flow plain scalar only
//!   before another character of it, as in `saas:datadog`);
//! - a comment after a value; an empty value (null).
//!
//! No anchors, aliases, tags, block scalars (`|`, `>`), explicit keys (`?`), multi-line
//! scalars, quoted keys or trailing commas in flow collections.

use std::borrow::Cow;

use serde_saphyr::granit_parser::{Event, ScalarStyle, StructureStyle};

use super::tree::At;

/// The text is outside the subset, or the caller stopped reading (its `emit` returned
/// false): read it with granit-parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unsupported;

type R = Result<(), Unsupported>;

/// Most collections open at once: deeper texts are left to granit-parser (which has its
/// own guard), so that nesting never exhausts the stack here.
const MAX_DEPTH: usize = 100;

/// Gives granit-parser's events for `text` (the ones a tree is built from: document start,
/// scalars, collection starts and ends), each with the position it starts at, to `emit`,
/// or stops at the first thing outside the subset (or when `emit` returns false). Events
/// given before an [`Unsupported`] are to be thrown away.
pub(crate) fn events<'a>(text: &'a str, emit: impl FnMut(Event<'a>, At) -> bool) -> R {
    let lines = lines(text)?;
    let mut r = Reader {
        text,
        lines,
        next: 0,
        depth: 0,
        column: std::cell::Cell::new((usize::MAX, 0, 0)),
        emit,
    };
    r.document()
}

/// One line holding more than spaces and a comment (the others are skipped as they are
/// read, so a text of blank lines costs nothing here): its number (1-based), where it
/// starts and ends (bytes, without the line break), its indentation, and whether it is
/// ASCII (columns are counted in characters).
struct Line {
    number: usize,
    start: usize,
    end: usize,
    indent: usize,
    ascii: bool,
}

/// Splits the text into lines, refusing what the subset leaves to granit-parser anywhere:
/// tabs, carriage returns and other control characters, characters YAML does not allow
/// or treats specially (C1 controls, `U+FEFF`, `U+FFFE`, `U+FFFF`), document markers and
/// directives.
fn lines(text: &str) -> Result<Vec<Line>, Unsupported> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut number = 1;
    while start <= bytes.len() {
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| start + i);
        let line = &bytes[start..end];
        let mut ascii = true;
        for &b in line {
            if b < 0x20 || b == 0x7f {
                return Err(Unsupported);
            }
            ascii &= b < 0x80;
        }
        if !ascii {
            let s = &text[start..end];
            if s.chars().any(|c| {
                matches!(
                    c,
                    '\u{80}'..='\u{9f}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                )
            }) {
                return Err(Unsupported);
            }
        }
        if line.starts_with(b"---") || line.starts_with(b"...") || line.starts_with(b"%") {
            return Err(Unsupported);
        }
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        if indent < line.len() && line[indent] != b'#' {
            out.push(Line {
                number,
                start,
                end,
                indent,
                ascii,
            });
        }
        number += 1;
        if end == bytes.len() {
            break;
        }
        start = end + 1;
    }
    Ok(out)
}

/// Letters, digits, `_`, `-`, `.`, `/`: what a plain key may hold here.
fn key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/')
}

/// Longest key read here: granit-parser looks at most 1,024 characters ahead for the `:`
/// of an implicit key and refuses a longer one.
const MAX_KEY: usize = 1000;

/// The end of the plain key starting at `pos` (`pos` itself when there is none, or when it
/// is longer than [`MAX_KEY`], which is left to granit-parser).
fn key_end(bytes: &[u8], pos: usize, end: usize) -> usize {
    let n = bytes[pos..end].iter().take_while(|&&b| key_byte(b)).count();
    if n > MAX_KEY { pos } else { pos + n }
}

struct Reader<'a, F> {
    text: &'a str,
    lines: Vec<Line>,
    /// The line to read next.
    next: usize,
    /// Collections open.
    depth: usize,
    /// The last column counted on a non-ASCII line: (line, byte, column).
    column: std::cell::Cell<(usize, usize, usize)>,
    emit: F,
}

impl<'a, F: FnMut(Event<'a>, At) -> bool> Reader<'a, F> {
    /// Opens a collection, within [`MAX_DEPTH`].
    fn open(&mut self, event: Event<'a>, at: At) -> R {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Unsupported);
        }
        self.emit(event, at)
    }

    fn close(&mut self, event: Event<'a>, at: At) -> R {
        self.depth -= 1;
        self.emit(event, at)
    }

    fn emit(&mut self, event: Event<'a>, at: At) -> R {
        if (self.emit)(event, at) {
            Ok(())
        } else {
            Err(Unsupported)
        }
    }

    /// The position of byte `pos` of line `line` (1-based line, 1-based column in
    /// characters, as granit-parser counts them).
    fn at(&self, line: usize, pos: usize) -> At {
        let l = &self.lines[line];
        let column = if l.ascii {
            pos - l.start
        } else {
            // Counted on from the last position asked for on this line (events come in
            // order along a line), so a long line of non-ASCII text costs one pass.
            let (cached_line, from, counted) = self.column.get();
            let (from, counted) = if cached_line == line && from <= pos {
                (from, counted)
            } else {
                (l.start, 0)
            };
            let column = counted + self.text[from..pos].chars().count();
            self.column.set((line, pos, column));
            column
        };
        At {
            line: u32::try_from(l.number).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    /// The next line to read, if any (blank and comment lines are not kept).
    fn peek(&mut self) -> Option<usize> {
        (self.next < self.lines.len()).then_some(self.next)
    }

    fn byte(&self, pos: usize) -> Option<u8> {
        self.text.as_bytes().get(pos).copied()
    }

    /// The plain scalar of bytes `from..to` of `line`.
    fn plain(&mut self, line: usize, from: usize, to: usize) -> R {
        let at = self.at(line, from);
        self.emit(
            Event::Scalar(
                Cow::Borrowed(&self.text[from..to]),
                ScalarStyle::Plain,
                0,
                None,
            ),
            at,
        )
    }

    /// A `-` that starts a sequence entry at `pos` (followed by a space or the line's end).
    fn is_dash(&self, line: usize, pos: usize) -> bool {
        let end = self.lines[line].end;
        self.byte(pos) == Some(b'-') && (pos + 1 == end || self.byte(pos + 1) == Some(b' '))
    }

    fn document(&mut self) -> R {
        self.emit(Event::DocumentStart(false, None), At { line: 1, column: 1 })?;
        let Some(first) = self.peek() else {
            return Err(Unsupported);
        };
        let l = &self.lines[first];
        if l.indent != 0 || self.is_dash(first, l.start) {
            return Err(Unsupported);
        }
        self.mapping(first, l.start)?;
        if self.peek().is_some() {
            return Err(Unsupported);
        }
        Ok(())
    }

    /// A block node starting at the next significant line, indented `indent`.
    fn block(&mut self, line: usize) -> R {
        let l = &self.lines[line];
        let pos = l.start + l.indent;
        if self.is_dash(line, pos) {
            self.sequence(line, false)
        } else {
            self.mapping(line, pos)
        }
    }

    /// A block mapping whose first key is at byte `pos` of `line`; the following keys are
    /// at the same column.
    fn mapping(&mut self, line: usize, pos: usize) -> R {
        let at = self.at(line, pos);
        let column = at.column as usize - 1;
        if !self.lines[line].ascii && column != pos - self.lines[line].start {
            return Err(Unsupported);
        }
        self.open(Event::MappingStart(StructureStyle::Block, 0, None), at)?;
        let (mut line, mut pos) = (line, pos);
        loop {
            self.entry(line, pos, column)?;
            match self.peek() {
                Some(next) if self.lines[next].indent == column => {
                    let p = self.lines[next].start + column;
                    if self.is_dash(next, p) {
                        return Err(Unsupported);
                    }
                    (line, pos) = (next, p);
                }
                Some(next) if self.lines[next].indent > column => return Err(Unsupported),
                _ => break,
            }
        }
        self.close(Event::MappingEnd, at)
    }

    /// One `key: value` of a block mapping whose keys are at `column`.
    fn entry(&mut self, line: usize, pos: usize, column: usize) -> R {
        let end = self.lines[line].end;
        let bytes = self.text.as_bytes();
        let key_end = key_end(bytes, pos, end);
        if key_end == pos || bytes[pos] == b'-' || self.byte(key_end) != Some(b':') {
            return Err(Unsupported);
        }
        let after = key_end + 1;
        if after != end && bytes[after] != b' ' {
            return Err(Unsupported);
        }
        self.plain(line, pos, key_end)?;
        self.next = line + 1;
        let value = skip_spaces(bytes, after, end);
        if value == end || bytes[value] == b'#' {
            // The value is on the lines below: more indented, or a sequence at the key's
            // own column.
            return match self.peek() {
                Some(next) if self.lines[next].indent > column => self.block(next),
                Some(next)
                    if self.lines[next].indent == column
                        && self.is_dash(next, self.lines[next].start + column) =>
                {
                    self.sequence(next, true)
                }
                _ => Err(Unsupported),
            };
        }
        self.inline(line, value, column)
    }

    /// A value on the line of its key or dash, at byte `pos`; nothing may follow it but a
    /// comment, and the next significant line must not be indented past `column`.
    fn inline(&mut self, line: usize, pos: usize, column: usize) -> R {
        let end = self.lines[line].end;
        let after = match self.byte(pos) {
            Some(b'{' | b'[') => self.flow(line, pos)?,
            Some(b'"' | b'\'') => self.quoted(line, pos)?,
            _ => self.plain_block(line, pos)?,
        };
        let bytes = self.text.as_bytes();
        let rest = skip_spaces(bytes, after, end);
        if rest != end && !(bytes[rest] == b'#' && rest > after) {
            return Err(Unsupported);
        }
        self.next = line + 1;
        match self.peek() {
            Some(next) if self.lines[next].indent > column => Err(Unsupported),
            _ => Ok(()),
        }
    }

    /// A block sequence whose dashes are at the indentation of `line`. `indentless`: it is
    /// a mapping value at its key's own column (`key:` then `- item` below it), which
    /// granit-parser places at its first item rather than at its first dash.
    fn sequence(&mut self, line: usize, indentless: bool) -> R {
        let column = self.lines[line].indent;
        let first = {
            let l = &self.lines[line];
            let item = skip_spaces(self.text.as_bytes(), l.start + column + 1, l.end);
            if indentless && (item == l.end || self.byte(item) == Some(b'#')) {
                return Err(Unsupported);
            }
            if indentless { item } else { l.start + column }
        };
        let at = self.at(line, first);
        self.open(Event::SequenceStart(StructureStyle::Block, 0, None), at)?;
        let mut line = line;
        loop {
            let l = &self.lines[line];
            let (end, dash) = (l.end, l.start + column);
            let bytes = self.text.as_bytes();
            let item = skip_spaces(bytes, dash + 1, end);
            self.next = line + 1;
            if item == end || bytes[item] == b'#' {
                match self.peek() {
                    Some(next) if self.lines[next].indent > column => self.block(next)?,
                    _ => return Err(Unsupported),
                }
            } else if self.is_dash(line, item) {
                return Err(Unsupported);
            } else if self.starts_entry(line, item) {
                self.mapping(line, item)?;
            } else {
                self.inline(line, item, column)?;
            }
            match self.peek() {
                Some(next)
                    if self.lines[next].indent == column
                        && self.is_dash(next, self.lines[next].start + column) =>
                {
                    line = next;
                }
                Some(next) if self.lines[next].indent > column => return Err(Unsupported),
                _ => break,
            }
        }
        self.close(Event::SequenceEnd, at)
    }

    /// Whether a plain key and `: ` (or `:` at the line's end) start at `pos`.
    fn starts_entry(&self, line: usize, pos: usize) -> bool {
        let end = self.lines[line].end;
        let bytes = self.text.as_bytes();
        let key_end = key_end(bytes, pos, end);
        key_end > pos
            && bytes.get(key_end) == Some(&b':')
            && (key_end + 1 == end || bytes.get(key_end + 1) == Some(&b' '))
    }

    /// A plain scalar in a block, to the line's end or a comment. Returns the byte after it.
    fn plain_block(&mut self, line: usize, pos: usize) -> Result<usize, Unsupported> {
        let end = self.lines[line].end;
        let bytes = self.text.as_bytes();
        if !plain_start(bytes, pos, end) {
            return Err(Unsupported);
        }
        let mut stop = end;
        let mut i = pos;
        while i < end {
            match bytes[i] {
                b'#' if bytes[i - 1] == b' ' => {
                    stop = i;
                    break;
                }
                b':' if i + 1 == end || bytes[i + 1] == b' ' => return Err(Unsupported),
                _ => {}
            }
            i += 1;
        }
        let value = self.text[pos..stop].trim_end_matches(' ');
        let to = pos + value.len();
        self.plain(line, pos, to)?;
        Ok(to)
    }

    /// A quoted scalar without escapes, closed on its line. Returns the byte after it.
    fn quoted(&mut self, line: usize, pos: usize) -> Result<usize, Unsupported> {
        let end = self.lines[line].end;
        let bytes = self.text.as_bytes();
        let quote = bytes[pos];
        let close = bytes[pos + 1..end]
            .iter()
            .position(|&b| b == quote || (quote == b'"' && b == b'\\'))
            .map(|i| pos + 1 + i)
            .ok_or(Unsupported)?;
        if bytes[close] != quote || (quote == b'\'' && bytes.get(close + 1) == Some(&b'\'')) {
            return Err(Unsupported);
        }
        let style = if quote == b'"' {
            ScalarStyle::DoubleQuoted
        } else {
            ScalarStyle::SingleQuoted
        };
        self.emit(
            Event::Scalar(Cow::Borrowed(&self.text[pos + 1..close]), style, 0, None),
            self.at(line, pos),
        )?;
        Ok(close + 1)
    }

    /// A flow mapping or sequence closed on its line. Returns the byte after it.
    fn flow(&mut self, line: usize, pos: usize) -> Result<usize, Unsupported> {
        let end = self.lines[line].end;
        let bytes = self.text.as_bytes();
        let map = bytes[pos] == b'{';
        let close = if map { b'}' } else { b']' };
        let at = self.at(line, pos);
        self.open(
            if map {
                Event::MappingStart(StructureStyle::Flow, 0, None)
            } else {
                Event::SequenceStart(StructureStyle::Flow, 0, None)
            },
            at,
        )?;
        let mut i = skip_spaces(bytes, pos + 1, end);
        // An empty collection (`[]`, `{ }`) closes at once.
        let empty = i < end && bytes[i] == close;
        if !empty {
            loop {
                if map {
                    let key_end = key_end(bytes, i, end);
                    if key_end == i
                        || bytes[i] == b'-'
                        || bytes.get(key_end) != Some(&b':')
                        || bytes.get(key_end + 1) != Some(&b' ')
                    {
                        return Err(Unsupported);
                    }
                    self.plain(line, i, key_end)?;
                    i = skip_spaces(bytes, key_end + 1, end);
                }
                i = match bytes.get(i) {
                    Some(b'{' | b'[') if i < end => self.flow(line, i)?,
                    Some(b'"' | b'\'') if i < end => self.quoted(line, i)?,
                    _ => self.plain_flow(line, i)?,
                };
                i = skip_spaces(bytes, i, end);
                match bytes.get(i) {
                    Some(&b) if i < end && b == close => break,
                    Some(b',') if i < end => {
                        i = skip_spaces(bytes, i + 1, end);
                        if i >= end || bytes[i] == close || bytes[i] == b',' {
                            return Err(Unsupported);
                        }
                    }
                    _ => return Err(Unsupported),
                }
            }
        }
        self.close(
            if map {
                Event::MappingEnd
            } else {
                Event::SequenceEnd
            },
            at,
        )?;
        Ok(i + 1)
    }

    /// A plain scalar in a flow collection: to the next `,`, `[`, `]`, `{` or `}`.
    fn plain_flow(&mut self, line: usize, pos: usize) -> Result<usize, Unsupported> {
        let end = self.lines[line].end;
        let bytes = self.text.as_bytes();
        // In a flow collection, `-` may not start a scalar before an indicator either (`[-]`).
        if pos >= end
            || !plain_start(bytes, pos, end)
            || (bytes[pos] == b'-' && matches!(bytes[pos + 1], b',' | b'[' | b']' | b'{' | b'}'))
        {
            return Err(Unsupported);
        }
        let mut i = pos;
        while i < end {
            match bytes[i] {
                b',' | b'[' | b']' | b'{' | b'}' => break,
                // `saas:datadog` is one scalar; a `:` before a space, an indicator or the
                // line's end would make a pair.
                b':' if i + 1 == end
                    || matches!(bytes[i + 1], b' ' | b',' | b'[' | b']' | b'{' | b'}') =>
                {
                    return Err(Unsupported);
                }
                b'#' if bytes[i - 1] == b' ' => return Err(Unsupported),
                _ => i += 1,
            }
        }
        let value = self.text[pos..i].trim_end_matches(' ');
        let to = pos + value.len();
        self.plain(line, pos, to)?;
        Ok(to)
    }
}

/// Whether a plain scalar may start at `pos`: not an indicator (`-` only before a
/// non-space, as in `-5`).
fn plain_start(bytes: &[u8], pos: usize, end: usize) -> bool {
    match bytes[pos] {
        b'-' => pos + 1 < end && bytes[pos + 1] != b' ',
        b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
        | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' | b' ' => false,
        _ => true,
    }
}

fn skip_spaces(bytes: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && bytes[i] == b' ' {
        i += 1;
    }
    i
}

/// Compares the fast reader with granit-parser on `text`: `Ok(true)` when the fast reader
/// reads it and granit-parser reads the same events without an error, `Ok(false)` when the
/// fast reader leaves it to granit-parser, `Err` (what differs) otherwise. For the tests
/// here and `faultline-dev`'s (through [`crate::dev::fast_yaml_agrees`]).
#[cfg(any(test, feature = "dev"))]
pub(crate) fn agree(text: &str) -> Result<bool, String> {
    use serde_saphyr::granit_parser::{Options, Parser};

    // An event as the tree builder sees it: what it is, and where it starts (ends are
    // compared by kind only: the builder does not use their positions).
    fn seen(event: &Event<'_>, at: At) -> (String, Option<At>) {
        let at = match event {
            Event::SequenceEnd | Event::MappingEnd | Event::DocumentStart(..) => None,
            _ => Some(at),
        };
        (format!("{event:?}"), at)
    }
    let mut ours = Vec::new();
    if events(text, |event, at| {
        ours.push(seen(&event, at));
        true
    })
    .is_err()
    {
        return Ok(false);
    }
    let mut theirs = Vec::new();
    for item in Parser::new_from_str_with_options(text, Options::default()) {
        let (event, span) = item.map_err(|e| {
            format!("the fast reader read a text granit-parser refuses ({e}):\n{text}")
        })?;
        let at = At {
            line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
            column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
        };
        match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
            event => theirs.push(seen(&event, at)),
        }
    }
    if ours != theirs {
        let i = ours
            .iter()
            .zip(&theirs)
            .position(|(a, b)| a != b)
            .unwrap_or(ours.len().min(theirs.len()));
        return Err(format!(
            "events differ at #{i}: fast {:?}, granit-parser {:?}\n--- text:\n{text}",
            ours.get(i),
            theirs.get(i)
        ));
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`super::agree`], failing the test on a difference.
    fn agree(text: &str) -> bool {
        super::agree(text).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Whether the fast reader reads `text`.
    fn fast(text: &str) -> bool {
        events(text, |_, _| true).is_ok()
    }

    /// Every example without a block scalar (`|`, `>`: outside the subset) is read fast.
    #[test]
    fn every_example_is_read_fast_into_granits_events() {
        let mut fast = 0;
        for text in crate::input::example_texts() {
            let block_scalar = text
                .lines()
                .any(|l| l.trim_end().ends_with(": >") || l.trim_end().ends_with(": |"));
            let read = agree(&text);
            assert!(
                read || block_scalar,
                "an example is outside the fast subset:\n{text}"
            );
            fast += usize::from(read);
        }
        assert!(fast >= 8, "{fast} examples read fast");
    }

    /// Edge cases on both sides of the subset's border.
    #[test]
    fn edge_cases_agree_or_are_left_to_granit() {
        let read = [
            "a: 1\n",
            "a: 1",
            "a: b # c\nd: e\n",
            "# head\na:\n  b: c\n\n  # mid\n  d: [1, 2]\ne: 'x y'\n",
            "a:\n- 1\n- b: c\n  d: e\n- [x, {y: z}]\n",
            "a:\n  - b: 1\n    c:\n      - d\n  - e\n",
            "a: {b: c, d: [e, f], g: {}}\nh: []\n",
            "a: \"q\" # c\nb: 'r'\n",
            "a: x#y\nb: -5\nc: a[b]c\nd: http://x/y\n",
            "a: naïve café\nb: ü\n",
            "a: b   \n",
            "a:    b\n",
            "k.e-y_/1: v\n",
            "a: { b: c }\n",
            "a: [saas:datadog, x:y:z]\n",
            "a: {b: saas:x}\n",
            "a:\n  -   b: c\n      d: e\n",
        ];
        for text in read {
            assert!(agree(text), "not read fast:\n{text}");
        }
        let left = [
            "",
            "# only a comment\n",
            "a:\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  text\n",
            "a: >\n  text\n",
            "? a\n: b\n",
            "a: b\n  c\n",
            "a: \"x\\ny\"\n",
            "a: 'it''s'\n",
            "a: [b,\n  c]\n",
            "a: [b, ]\n",
            "\"a\": b\n",
            "a: b: c\n",
            "a:\tb\n",
            "a: b\r\n",
            "---\na: b\n",
            "- a\n",
            "a: b\n c: d\n",
            "a:\n  b: c\n d: e\n",
            "a: [b: c]\n",
            "a: [-]\n",
            "a: [x, -]\n",
            "a: {b: -, c: d}\n",
            "a: [b:, c]\n",
            "a: {b: c:}\n",
            "a: {b}\n",
            "a: - b\n",
            "a:\n-\n",
            "\u{feff}a: b\n",
        ];
        for text in left {
            assert!(
                !fast(text),
                "read fast, should be left to granit:\n{text:?}"
            );
            agree(text);
        }
    }

    /// Long keys are left to granit-parser (it refuses implicit keys past 1,024
    /// characters); columns on long non-ASCII lines and line numbers past blank and comment
    /// lines are granit's.
    #[test]
    fn long_keys_long_lines_and_skipped_lines() {
        let k = "k".repeat(MAX_KEY);
        let long = format!("{k}k");
        assert!(agree(&format!("{k}: v\n")));
        for text in [
            format!("{long}: v\n"),
            format!("a:\n- {long}: v\n"),
            format!("a: {{{long}: v}}\n"),
        ] {
            assert!(!fast(&text), "a key of {} characters read fast", long.len());
            agree(&text);
        }
        let items = "k: é, ".repeat(2_000);
        assert!(agree(&format!("a: {{{items}z: [é, x, 'ü']}}\nb: ñ\n")));
        assert!(agree(&format!(
            "\n\n# c\n   \na: 1\n{}b:\n  # c\n\n  c: é\n",
            "\n".repeat(500)
        )));
    }

    /// Every example with one character deleted, inserted or replaced, at every position
    /// (a sample of the characters the subset's borders turn on): wherever the fast reader
    /// reads the text, granit-parser reads the same events.
    #[test]
    fn mutated_examples_agree() {
        const CHARS: [&str; 22] = [
            " ", ":", "-", "#", "'", "\"", "[", "]", "{", "}", ",", "\n", "a", "é", "&", "*", "!",
            "|", ">", "?", "\\", "1",
        ];
        let (mut read, mut total) = (0usize, 0usize);
        for text in crate::input::example_texts() {
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            for (n, &i) in bounds.iter().enumerate() {
                // A third of the positions, a different third for each example.
                if (n + total) % 3 != 0 {
                    continue;
                }
                let mut variants = Vec::new();
                if let Some(&next) = bounds.get(n + 1) {
                    variants.push(format!("{}{}", &text[..i], &text[next..]));
                }
                let c = CHARS[(i * 7 + n) % CHARS.len()];
                variants.push(format!("{}{c}{}", &text[..i], &text[i..]));
                if let Some(&next) = bounds.get(n + 1) {
                    let r = CHARS[(i * 11 + 3) % CHARS.len()];
                    variants.push(format!("{}{r}{}", &text[..i], &text[next..]));
                }
                for v in variants {
                    total += 1;
                    read += usize::from(agree(&v));
                }
            }
        }
        // Most single-character changes stay in the subset (a changed value, a broken
        // indentation that is still block YAML...), so the comparison is not vacuous.
        assert!(
            read * 3 > total,
            "{read} of {total} mutated texts read fast"
        );
    }
}
