//! The JSON scanner of the position index: a JSON text read directly, several times faster
//! than through the YAML event parser, with exactly its index (tests in the parent module).

use super::{Indexer, Positions};

/// Scans a JSON text (RFC 8259) and feeds its nodes to an [`Indexer`]; `None` when the text
/// is not plain JSON (the YAML walk then decides). Lines are 1-based and count `\n`, `\r\n`
/// and a lone `\r` as one break, columns are 1-based in characters, as the YAML parser
/// counts them.
pub(super) fn build_json(text: &str, max_depth: usize) -> Option<Positions> {
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
