//! The JSON scanner of the position index: a JSON text read directly, several times faster
//! than through the YAML event parser, with exactly its index (tests in the parent module).

use super::{Indexer, Positions};
use crate::input::json::Cursor;

/// Scans a JSON text (RFC 8259) and feeds its nodes to an [`Indexer`]; `None` when the text
/// is not plain JSON (the YAML walk then decides). Lines are 1-based and count `\n`, `\r\n`
/// and a lone `\r` as one break, columns are 1-based in characters, as the YAML parser
/// counts them.
pub(super) fn build_json(text: &str, max_depth: usize) -> Option<Positions> {
    let bytes = text.as_bytes();
    let mut index = Indexer::default();
    let mut cursor = Cursor::new(text);
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
