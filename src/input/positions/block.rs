//! The block-YAML scanner of the position index: the YAML people and generators write
//! (block mappings and sequences, one-line scalars and flow collections, comments) read
//! line by line, several times faster than through the YAML event parser, with exactly its
//! index (tests in the parent module).
//!
//! Anything else (anchors, aliases, tags, multi-line plain or quoted scalars, block
//! scalars with an indentation indicator or in a sequence item, flow collections
//! over several lines, complex or quoted keys, a sequence directly in a sequence item,
//! several documents, tabs in indentation, a root that is not a mapping) makes it give up
//! (`None`), and the parent walks the YAML events instead. So it only has to be right about
//! what it accepts.

use super::{Indexer, Positions};

/// An open block collection and the column (0-based, in bytes: indentation is ASCII) its
/// entries start at.
#[derive(Clone, Copy, PartialEq)]
enum Open {
    Map(usize),
    Seq(usize),
}

/// Scans block YAML and feeds its nodes to an [`Indexer`] in the order, and with the
/// positions, of the YAML parser's events: a mapping starts at its first key, a sequence
/// item at its content (after `- `), a mapping's value is placed at its key.
pub(super) fn build_block_yaml(text: &str, max_depth: usize) -> Option<Positions> {
    let mut index = Indexer::default();
    let mut open: Vec<Open> = Vec::new();
    let mut root_done = false;
    // The column of a key whose value starts on a later line (a nested collection), or is
    // empty (null).
    let mut pending: Option<usize> = None;
    let mut content_seen = false;
    // Inside a block scalar (`|` or `>`): the column of its key, and the indentation of its
    // content once its first line is seen.
    let mut block: Option<(usize, Option<usize>)> = None;
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (n, raw) in body.split('\n').enumerate() {
        let line_no = u32::try_from(n + 1).ok()?;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.contains('\r') {
            return None;
        }
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        let rest = &line[indent..];
        if let Some((key, content)) = block {
            // Its lines are text, whatever they look like: blank, or indented as far as
            // its first line. It ends at a line no deeper than its key.
            if rest.is_empty() {
                continue;
            }
            match content {
                None if indent > key => {
                    block = Some((key, Some(indent)));
                    continue;
                }
                Some(c) if indent >= c => continue,
                _ if indent <= key => block = None,
                _ => return None,
            }
        }
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if rest.starts_with('\t') {
            return None;
        }
        if !content_seen && is_marker(rest, "---") {
            content_seen = true;
            continue;
        }
        content_seen = true;
        if is_marker(rest, "---") || is_marker(rest, "...") || rest.starts_with('%') {
            return None;
        }
        let dash = is_dash(rest);
        // Does this line start the value of the pending key?
        let opens = match pending {
            Some(k) => indent > k || (indent == k && dash && open.last() == Some(&Open::Map(k))),
            None => false,
        };
        if pending.is_some() && !opens {
            // The key's value was empty (null): placed at the key.
            index.leaf((line_no, 1));
        }
        pending = None;
        if !opens {
            // Close what this line is outside of.
            while let Some(&top) = open.last() {
                let close = match top {
                    Open::Map(m) => indent < m,
                    // An indentless sequence (items at the column of its key) ends at the
                    // next key of that mapping.
                    Open::Seq(s) => indent < s || (indent == s && !dash),
                };
                if !close {
                    break;
                }
                open.pop();
                index.close();
            }
        }
        let here = (line_no, column(indent));
        let state = if opens {
            if dash {
                if !index.open(false, here, max_depth) {
                    return Some(index.positions);
                }
                open.push(Open::Seq(indent));
                Step::Item
            } else {
                if !index.open(true, here, max_depth) {
                    return Some(index.positions);
                }
                open.push(Open::Map(indent));
                Step::Key
            }
        } else {
            match open.last() {
                None if !root_done && !dash => {
                    root_done = true;
                    if !index.open(true, here, max_depth) {
                        return Some(index.positions);
                    }
                    open.push(Open::Map(indent));
                    Step::Key
                }
                Some(&Open::Map(m)) if m == indent && !dash => Step::Key,
                Some(&Open::Seq(s)) if s == indent && dash => Step::Item,
                // Deeper without a pending key (a scalar continued on this line), a second
                // root, a root sequence or scalar, a misplaced item.
                _ => return None,
            }
        };
        match state {
            Step::Key => match key_line(&mut index, line, indent, line_no, max_depth) {
                Ok(Value::Later) => pending = Some(indent),
                Ok(Value::Block) => block = Some((indent, None)),
                Ok(Value::Read) => {}
                Err(Stop::Depth) => return Some(index.positions),
                Err(Stop::Refuse) => return None,
            },
            Step::Item => {
                // `-` then spaces then the item's content.
                let after = &line[indent + 1..];
                let gap = after.bytes().take_while(|&b| b == b' ').count();
                let at = indent + 1 + gap;
                let content = &line[at..];
                if gap == 0 || content.is_empty() || content.starts_with(['#', '\t']) {
                    return None;
                }
                if is_dash(content) {
                    return None;
                }
                if find_colon(content).is_some() {
                    // A mapping as the item: it starts at its first key.
                    if !index.open(true, (line_no, column(at)), max_depth) {
                        return Some(index.positions);
                    }
                    open.push(Open::Map(at));
                    match key_line(&mut index, line, at, line_no, max_depth) {
                        Ok(Value::Later) => pending = Some(at),
                        Ok(Value::Block) => block = Some((at, None)),
                        Ok(Value::Read) => {}
                        Err(Stop::Depth) => return Some(index.positions),
                        Err(Stop::Refuse) => return None,
                    }
                } else if content.starts_with(['{', '[']) {
                    match flow_rest(&mut index, line, at, line_no, max_depth) {
                        Ok(()) => {}
                        Err(Stop::Depth) => return Some(index.positions),
                        Err(Stop::Refuse) => return None,
                    }
                } else {
                    scalar(content)?;
                    index.leaf((line_no, column(at)));
                }
            }
        }
    }
    if !root_done {
        return None;
    }
    if pending.is_some() {
        index.leaf((1, 1));
    }
    Some(index.positions)
}

/// What the content of a line is, once its place is known.
enum Step {
    Key,
    Item,
}

/// Where a key's value is.
enum Value {
    /// On the key's line, read.
    Read,
    /// On the following lines (a nested collection), or nowhere (null).
    Later,
    /// A block scalar on the following lines, recorded.
    Block,
}

/// `column` (0-based bytes of ASCII indentation) as the parser's 1-based character column.
fn column(at: usize) -> u32 {
    u32::try_from(at + 1).unwrap_or(u32::MAX)
}

/// `---` or `...` alone (or before a comment) on a line.
fn is_marker(rest: &str, marker: &str) -> bool {
    rest.strip_prefix(marker).is_some_and(|r| {
        let r = r.trim_start_matches([' ', '\t']);
        r.is_empty() || (r.starts_with('#') && r.len() < rest.len() - marker.len())
    })
}

/// A block sequence entry: `-` followed by a space or the end of the line.
fn is_dash(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

/// The byte offset of the colon ending a plain key at the start of `content` (`key:` then a
/// space or the end of the line), when `content` is a `key: value` line with a key this
/// scanner reads.
fn find_colon(content: &str) -> Option<usize> {
    let first = content.chars().next()?;
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || first.is_whitespace() {
        return None;
    }
    let bytes = content.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b':' if matches!(bytes.get(i + 1), None | Some(b' ')) => {
                // A key ending in a blank is written differently from how it reads.
                return (!content[..i].ends_with([' ', '\t'])).then_some(i);
            }
            b'#' if i > 0 && matches!(bytes[i - 1], b' ' | b'\t') => return None,
            b'\t' => return None,
            _ => {}
        }
    }
    None
}

/// Reads `key: value` starting at byte `at` of `line`: records the key, and the value when
/// it is on this line or a block scalar.
fn key_line(
    index: &mut Indexer,
    line: &str,
    at: usize,
    line_no: u32,
    max_depth: usize,
) -> Result<Value, Stop> {
    let content = &line[at..];
    let colon = find_colon(content).ok_or(Stop::Refuse)?;
    index.scalar(&content[..colon], (line_no, column(at)));
    let value = content[colon + 1..].trim_start_matches(' ');
    if value.is_empty() || value.starts_with('#') {
        return Ok(Value::Later);
    }
    if let Some(header) = value.strip_prefix(['|', '>']) {
        // `|`, `>`, with `-` or `+` chomping, then at most a comment (an indentation
        // indicator is left to the walk).
        let header = header.strip_prefix(['-', '+']).unwrap_or(header);
        let tail = header.trim_start_matches(' ');
        if !(tail.is_empty() || (tail.starts_with('#') && tail.len() < header.len())) {
            return Err(Stop::Refuse);
        }
        index.leaf((line_no, column(at)));
        return Ok(Value::Block);
    }
    if value.starts_with('\t') {
        return Err(Stop::Refuse);
    }
    let start = line.len() - value.len();
    if value.starts_with(['{', '[']) {
        flow_rest(index, line, start, line_no, max_depth)?;
        return Ok(Value::Read);
    }
    scalar(value).ok_or(Stop::Refuse)?;
    // A mapping's value is placed at its key: the position given here is not used.
    index.leaf((line_no, column(at)));
    Ok(Value::Read)
}

/// Why a flow collection was not read to its end.
enum Stop {
    /// Not something this scanner reads: the YAML walk decides.
    Refuse,
    /// Deeper than the index goes: the index ends here, as the walk's does.
    Depth,
}

/// Reads the flow collection starting at byte `at` of `line`, which must close on the line
/// and be followed by nothing but a comment.
fn flow_rest(
    index: &mut Indexer,
    line: &str,
    at: usize,
    line_no: u32,
    max_depth: usize,
) -> Result<(), Stop> {
    let mut flow = Flow {
        index,
        line,
        line_no,
        max_depth,
    };
    let end = flow.collection(at)?;
    let tail = line[end..].trim_start_matches([' ', '\t']);
    if tail.is_empty() || (tail.starts_with('#') && end < line.len() - tail.len()) {
        Ok(())
    } else {
        Err(Stop::Refuse)
    }
}

/// The 1-based character column of byte `at` of `line`.
fn char_column(line: &str, at: usize) -> u32 {
    u32::try_from(line[..at].chars().count() + 1).unwrap_or(u32::MAX)
}

/// Skips spaces from byte `at`.
fn skip_spaces(line: &str, mut at: usize) -> usize {
    while line.as_bytes().get(at) == Some(&b' ') {
        at += 1;
    }
    at
}

/// Reading flow collections on one line.
struct Flow<'i, 'l> {
    index: &'i mut Indexer,
    line: &'l str,
    line_no: u32,
    max_depth: usize,
}

impl Flow<'_, '_> {
    fn here(&self, at: usize) -> (u32, u32) {
        (self.line_no, char_column(self.line, at))
    }

    /// Reads a flow mapping or sequence at byte `at` (`{` or `[`) and returns the byte
    /// after its closing bracket.
    fn collection(&mut self, at: usize) -> Result<usize, Stop> {
        let (line, bytes) = (self.line, self.line.as_bytes());
        let is_map = bytes[at] == b'{';
        let close = if is_map { b'}' } else { b']' };
        // A value never opens as a key here: only depth makes `open` refuse.
        if !self.index.open(is_map, self.here(at), self.max_depth) {
            return Err(Stop::Depth);
        }
        let mut i = skip_spaces(line, at + 1);
        if bytes.get(i) == Some(&close) {
            self.index.close();
            return Ok(i + 1);
        }
        loop {
            if is_map {
                // `key: value`, the key plain.
                let key_end = flow_plain_end(line, i).ok_or(Stop::Refuse)?;
                let key = &line[i..key_end];
                if key.is_empty()
                    || bytes.get(key_end) != Some(&b':')
                    || bytes.get(key_end + 1) != Some(&b' ')
                {
                    return Err(Stop::Refuse);
                }
                self.index.scalar(key, self.here(i));
                i = skip_spaces(line, key_end + 1);
            }
            i = self.value(i)?;
            i = skip_spaces(line, i);
            match bytes.get(i) {
                Some(b',') => {
                    i = skip_spaces(line, i + 1);
                    // A trailing comma is YAML, but rare: leave it to the walk.
                    if matches!(bytes.get(i), Some(b'}' | b']')) {
                        return Err(Stop::Refuse);
                    }
                }
                Some(&c) if c == close => {
                    self.index.close();
                    return Ok(i + 1);
                }
                _ => return Err(Stop::Refuse),
            }
        }
    }

    /// Reads one value inside a flow collection at byte `at` and returns the byte after it.
    fn value(&mut self, at: usize) -> Result<usize, Stop> {
        let here = self.here(at);
        match self.line.as_bytes().get(at) {
            Some(b'{' | b'[') => self.collection(at),
            Some(b'"' | b'\'') => {
                let end = quoted_end(self.line, at).ok_or(Stop::Refuse)?;
                self.index.leaf(here);
                Ok(end)
            }
            _ => {
                let end = flow_plain_end(self.line, at).ok_or(Stop::Refuse)?;
                // A `:` after a plain value would make a key of it (a single-pair mapping).
                if end == at || self.line.as_bytes().get(end) == Some(&b':') {
                    return Err(Stop::Refuse);
                }
                self.index.leaf(here);
                Ok(end)
            }
        }
    }
}

/// The end (byte) of a plain scalar starting at `at` inside a flow collection: before a
/// `,`, a closing bracket, or a `:` followed by a space, without trailing spaces. `None`
/// for what this scanner does not read (an indicator first, a comment, a nested opening
/// bracket, a quote, a tab).
fn flow_plain_end(line: &str, at: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let first = *bytes.get(at)?;
    if b"-?:,[]{}#&*!|>'\"%@`".contains(&first) {
        // `-5` and the like are plain; `- ` and a lone indicator are not.
        let number_like = first == b'-' && bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
        if !number_like {
            return None;
        }
    }
    let mut i = at;
    let mut end = at;
    while let Some(&b) = bytes.get(i) {
        match b {
            b',' | b']' | b'}' => break,
            b':' if matches!(bytes.get(i + 1), Some(b' ' | b',' | b']' | b'}') | None) => break,
            b'#' if i > at && bytes[i - 1] == b' ' => return None,
            b'[' | b'{' | b'\t' | b'"' | b'\'' => return None,
            b' ' => {}
            _ => end = i + 1,
        }
        i += 1;
    }
    // A multi-byte character's tail bytes count as content (`end` is past them).
    Some(end).filter(|&e| line.is_char_boundary(e))
}

/// Checks that `value` (the rest of a line, from its first character) is one scalar this
/// scanner reads: plain, or quoted and closed on the line, then at most a comment.
fn scalar(value: &str) -> Option<()> {
    let tail = match value.as_bytes().first()? {
        b'"' | b'\'' => &value[quoted_end(value, 0)?..],
        b'[' | b'{' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b'#' | b',' => {
            return None;
        }
        b'-' | b'?' | b':' if matches!(value.as_bytes().get(1), None | Some(b' ' | b'\t')) => {
            return None;
        }
        _ => {
            // Plain: up to a comment; a `: ` inside would be a mapping the parser refuses,
            // a trailing `:` a key.
            let end = value
                .char_indices()
                .find(|&(i, c)| c == '#' && i > 0 && value[..i].ends_with([' ', '\t']))
                .map_or(value.len(), |(i, _)| i);
            let plain = value[..end].trim_end_matches([' ', '\t']);
            if plain.contains(": ") || plain.ends_with(':') || plain.contains(" #") {
                return None;
            }
            return Some(());
        }
    };
    let tail = tail.trim_start_matches([' ', '\t']);
    (tail.is_empty() || tail.starts_with('#')).then_some(())
}

/// The byte after the closing quote of the quoted scalar opening at byte `at` of `text`
/// (`"` with backslash escapes, `'` with `''`), when it closes on the line.
fn quoted_end(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = *bytes.get(at)?;
    let mut i = at + 1;
    loop {
        match *bytes.get(i)? {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
}
