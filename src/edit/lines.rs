//! Line arithmetic on byte offsets. Every function clamps its input to the text and never
//! panics; a byte order mark is not part of the first line's indentation.

/// Length of a leading byte order mark.
pub(crate) fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// Where the line holding `pos` starts (after a byte order mark on the first line).
pub(crate) fn line_start(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    match text
        .as_bytes()
        .get(..pos)
        .and_then(|b| b.iter().rposition(|&c| c == b'\n'))
    {
        Some(i) => i + 1,
        None => bom_len(text).min(pos),
    }
}

/// One past the line break of the line holding `pos` (the text's end on the last line).
pub(crate) fn line_end(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    match text
        .as_bytes()
        .get(pos..)
        .and_then(|b| b.iter().position(|&c| c == b'\n'))
    {
        Some(i) => pos + i + 1,
        None => text.len(),
    }
}

/// Column (bytes from the line start) of `pos`.
pub(crate) fn col(text: &str, pos: usize) -> usize {
    pos.min(text.len()).saturating_sub(line_start(text, pos))
}

/// Spaces at the start of the line holding `pos`.
pub(crate) fn indent(text: &str, pos: usize) -> usize {
    let s = line_start(text, pos);
    text.as_bytes()
        .get(s..)
        .map_or(0, |b| b.iter().take_while(|&&c| c == b' ').count())
}

/// The text between two offsets ("" when they are not a valid range).
pub(crate) fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or("")
}

/// Whether the line starting at `start` holds only a comment (after spaces).
pub(crate) fn is_comment_line(text: &str, start: usize) -> bool {
    slice(text, start, line_end(text, start))
        .trim_start()
        .starts_with('#')
}

/// The line break the document uses: `\r\n` when its first line ends so.
pub(crate) fn newline(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes().get(i - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// Whether a range of the text spans more than one line.
pub(crate) fn multi_line(text: &str, start: usize, end: usize) -> bool {
    slice(text, start, end).contains('\n')
}

/// Whether only spaces come before `pos` on its line.
pub(crate) fn first_on_line(text: &str, pos: usize) -> bool {
    slice(text, line_start(text, pos), pos)
        .bytes()
        .all(|b| b == b' ')
}

/// 1-based line number of `pos`.
pub(crate) fn line_number(text: &str, pos: usize) -> usize {
    text.as_bytes()
        .get(..pos.min(text.len()))
        .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let t = "\u{feff}a: 1\r\n  b: 2\n# c\n";
        assert_eq!(line_start(t, 4), 3);
        assert_eq!(col(t, 3), 0);
        assert_eq!(line_end(t, 4), 9);
        assert_eq!(indent(t, 12), 2);
        assert_eq!(newline(t), "\r\n");
        assert!(is_comment_line(t, 16));
        assert!(!is_comment_line(t, 9));
        assert_eq!(line_number(t, 16), 3);
        assert!(first_on_line(t, 11));
        assert_eq!(line_end(t, 999), t.len());
        assert_eq!(slice(t, 5, 2), "");
    }
}
