//! Exports for other tools: each journey's fault tree as Open-PSA MEF XML (for PRA tools
//! such as SCRAM) and the dependency / fault-domain graph as Graphviz DOT.
//!
//! Both are plain string building with a deterministic order: the same description gives
//! the same bytes, natively and in WebAssembly.

pub mod dot;
pub mod openpsa;

/// Escapes text for XML attribute values and element content.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0; tabs and newlines become spaces
            // (labels are single-line in Open-PSA).
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_escape_covers_markup_and_controls() {
        assert_eq!(
            super::xml_escape("a<b>&\"c'\n"),
            "a&lt;b&gt;&amp;&quot;c&apos; "
        );
    }
}
