//! The document's own style, read from its text, and new values written in it.
//!
//! Read once per document: the line break, the indentation step of nested block mappings
//! and of block sequences under a key, whether flow collections pad their brackets
//! (`{ a: 1 }` or `{a: 1}`), JSON's separators, and, per path pattern
//! (`/components/*/regions/*`), whether the document writes such collections inline
//! (flow, or a one-line JSON value) or expanded (block, or a multi-line JSON value).
//!
//! A new collection is written inline when it fits in [`WIDTH`] columns and, in order of
//! precedence: the node it replaces was inline; its nearest sibling of the same kind is
//! inline; most collections at the same path pattern are; or, with no evidence, it is a
//! list of scalars or a flat mapping in a list (`- { id: x, hard: false }`).

use std::collections::BTreeMap;

use super::lines::{col, indent, multi_line, newline, slice};
use super::tree::{Node, NodeKind, Style};
use super::value::Val;

/// Widest line a new inline value may make.
pub(crate) const WIDTH: usize = 100;

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    map_inline: u32,
    map_expanded: u32,
    seq_inline: u32,
    seq_expanded: u32,
}

/// How the document is written.
#[derive(Debug)]
pub(crate) struct DocStyle {
    /// JSON (else YAML).
    pub json: bool,
    /// `\n` or `\r\n`.
    pub nl: &'static str,
    /// Extra indentation of a nested mapping (or, in JSON, of a container's children).
    pub step: usize,
    /// Extra indentation of a block sequence's `-` under its key (often 0 or 2).
    pub seq_step: usize,
    map_pad: bool,
    seq_pad: bool,
    /// JSON: what follows a key's quote (`: ` or `:`).
    colon: String,
    /// Between the items of a one-line collection (`, ` or `,`).
    pub comma: String,
    evidence: BTreeMap<String, Counts>,
}

/// A value written after `key:` or `- ` in YAML block context.
pub(crate) enum Rendered {
    /// On the same line.
    Inline(String),
    /// On the lines below, each with its absolute indentation.
    Lines(Vec<String>),
}

/// The path pattern of a list of segments (indices as `*`).
pub(crate) fn pattern(path: &[String]) -> String {
    let mut s = String::new();
    for p in path {
        s.push('/');
        s.push_str(p);
    }
    s
}

fn most_common(samples: &[usize], default: usize) -> usize {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for &s in samples {
        *counts.entry(s).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(default, |(v, _)| v)
}

struct Reader<'a> {
    text: &'a str,
    json: bool,
    steps: Vec<usize>,
    seq_steps: Vec<usize>,
    map_pad: Option<bool>,
    seq_pad: Option<bool>,
    colon: Option<String>,
    comma: Option<String>,
    evidence: BTreeMap<String, Counts>,
}

impl Reader<'_> {
    /// Whether a collection node is written inline.
    fn inline(&self, n: &Node) -> bool {
        if self.json {
            !n.multi_line(self.text)
        } else {
            n.is_flow()
        }
    }

    /// `counted`: the node is free to take either style (its parent is expanded).
    fn visit(&mut self, n: &Node, path: &mut Vec<String>, counted: bool, key_col: Option<usize>) {
        let inline = n.is_collection() && self.inline(n);
        if counted && n.is_collection() {
            let c = self.evidence.entry(pattern(path)).or_default();
            match (&n.kind, inline) {
                (NodeKind::Map { .. }, true) => c.map_inline += 1,
                (NodeKind::Map { .. }, false) => c.map_expanded += 1,
                (_, true) => c.seq_inline += 1,
                (_, false) => c.seq_expanded += 1,
            }
        }
        let text = self.text;
        match &n.kind {
            NodeKind::Map { flow, entries } => {
                if let Some(first) = entries.first() {
                    if !self.json
                        && !flow
                        && let Some(kc) = key_col
                    {
                        let c = col(text, first.key_start);
                        if c > kc {
                            self.steps.push(c - kc);
                        }
                    }
                    if self.json && multi_line(text, n.start, first.key_start) {
                        let c = indent(text, first.key_start);
                        let p = indent(text, n.start);
                        if c > p {
                            self.steps.push(c - p);
                        }
                    }
                    if *flow && !self.json && self.map_pad.is_none() {
                        self.map_pad = Some(slice(text, n.start, first.key_start).ends_with(' '));
                    }
                    if self.json
                        && self.colon.is_none()
                        && let Some(c) = first.colon_end
                    {
                        let gap = slice(text, c, first.value.start);
                        if !gap.contains('\n') {
                            self.colon = Some(format!(":{gap}"));
                        }
                    }
                }
                self.comma_between(entries.iter().map(|e| (e.key_start, e.value.end)));
                for e in entries {
                    path.push(e.key.clone());
                    let kc = (!flow).then(|| col(text, e.key_start));
                    self.visit(&e.value, path, counted && !inline, kc);
                    path.pop();
                }
            }
            NodeKind::Seq { flow, items } => {
                if let Some(first) = items.first() {
                    if !self.json
                        && !flow
                        && let Some(kc) = key_col
                    {
                        // The node starts at the first `-`.
                        let d = col(text, n.start);
                        if d >= kc {
                            self.seq_steps.push(d - kc);
                        }
                    }
                    if self.json && multi_line(text, n.start, first.start) {
                        let c = indent(text, first.start);
                        let p = indent(text, n.start);
                        if c > p {
                            self.steps.push(c - p);
                        }
                    }
                    if *flow && !self.json && self.seq_pad.is_none() {
                        self.seq_pad = Some(slice(text, n.start, first.start).ends_with(' '));
                    }
                }
                self.comma_between(items.iter().map(|i| (i.start, i.end)));
                for i in items {
                    path.push("*".to_owned());
                    self.visit(i, path, counted && !inline, None);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    fn comma_between(&mut self, mut spans: impl Iterator<Item = (usize, usize)>) {
        if self.comma.is_some() {
            return;
        }
        if let (Some(a), Some(b)) = (spans.next(), spans.next()) {
            let gap = slice(self.text, a.1, b.0);
            if gap.starts_with(',') && !gap.contains('\n') && gap.trim() == "," {
                self.comma = Some(gap.to_owned());
            }
        }
    }
}

impl DocStyle {
    /// Reads the style of a document from its text and tree.
    pub fn read(text: &str, root: &Node, json: bool) -> DocStyle {
        let mut r = Reader {
            text,
            json,
            steps: Vec::new(),
            seq_steps: Vec::new(),
            map_pad: None,
            seq_pad: None,
            colon: None,
            comma: None,
            evidence: BTreeMap::new(),
        };
        r.visit(root, &mut Vec::new(), true, None);
        let step = most_common(&r.steps, 2);
        DocStyle {
            json,
            nl: newline(text),
            step,
            seq_step: most_common(&r.seq_steps, step),
            map_pad: r.map_pad.unwrap_or(true),
            seq_pad: r.seq_pad.unwrap_or(false),
            colon: r.colon.unwrap_or_else(|| ": ".to_owned()),
            comma: r.comma.unwrap_or_else(|| ", ".to_owned()),
            evidence: r.evidence,
        }
    }

    /// Whether a collection written at `pattern` starting at column `at` goes inline.
    /// `hint`: the style of the node it replaces or of its nearest sibling, if any.
    pub fn inline_for(
        &self,
        v: &Val,
        pattern: &str,
        hint: Option<bool>,
        at: usize,
        in_seq: bool,
    ) -> bool {
        let flat = |x: &Val| {
            x.is_scalar() || matches!(x, Val::Seq(items) if items.iter().all(Val::is_scalar))
        };
        let (is_map, default) = match v {
            Val::Seq(items) if items.is_empty() => return true,
            Val::Map(entries) if entries.is_empty() => return true,
            Val::Seq(items) => (false, items.iter().all(Val::is_scalar)),
            Val::Map(entries) => (true, in_seq && entries.iter().all(|(_, x)| flat(x))),
            _ => return true,
        };
        if at + self.inline(v).len() > WIDTH {
            return false;
        }
        if let Some(h) = hint {
            return h;
        }
        if let Some(c) = self.evidence.get(pattern) {
            let (i, e) = if is_map {
                (c.map_inline, c.map_expanded)
            } else {
                (c.seq_inline, c.seq_expanded)
            };
            if i != e {
                return i > e;
            }
        }
        default
    }

    /// A scalar. `like`: the scalar it replaces (its quoting and number format are kept).
    pub fn scalar(&self, v: &Val, in_flow: bool, like: Option<(Style, &str)>) -> String {
        match v {
            Val::Null => "null".to_owned(),
            Val::Bool(b) => b.to_string(),
            Val::Num(x) => number(*x, like.map(|l| l.1)),
            Val::Str(s) => {
                if self.json {
                    return double_quoted(s);
                }
                match like.map(|l| l.0) {
                    Some(Style::Single) if single_ok(s) => format!("'{}'", s.replace('\'', "''")),
                    Some(Style::Double | Style::Single) => double_quoted(s),
                    _ if plain_ok(s, in_flow) => s.clone(),
                    _ => double_quoted(s),
                }
            }
            Val::Seq(_) | Val::Map(_) => self.inline(v),
        }
    }

    /// A mapping key.
    pub fn key(&self, k: &str, in_flow: bool) -> String {
        if self.json || !plain_ok(k, in_flow) {
            double_quoted(k)
        } else {
            k.to_owned()
        }
    }

    /// A value on one line: flow YAML or compact JSON.
    pub fn inline(&self, v: &Val) -> String {
        match v {
            Val::Seq(items) if items.is_empty() => "[]".to_owned(),
            Val::Map(entries) if entries.is_empty() => "{}".to_owned(),
            Val::Seq(items) => {
                let inner: Vec<String> = items.iter().map(|i| self.inline(i)).collect();
                let pad = if self.seq_pad && !self.json { " " } else { "" };
                format!("[{pad}{}{pad}]", inner.join(&self.comma))
            }
            Val::Map(entries) => {
                let inner: Vec<String> = entries
                    .iter()
                    .map(|(k, x)| self.entry_inline(k, x))
                    .collect();
                let pad = if self.map_pad && !self.json { " " } else { "" };
                format!("{{{pad}{}{pad}}}", inner.join(&self.comma))
            }
            _ => self.scalar(v, true, None),
        }
    }

    /// `key: value` inside a flow mapping.
    pub fn entry_inline(&self, k: &str, v: &Val) -> String {
        if self.json {
            format!("{}{}{}", double_quoted(k), self.colon, self.inline(v))
        } else {
            format!("{}: {}", self.key(k, true), self.inline(v))
        }
    }

    /// A JSON `"key": value` whose line is indented by `ind`, in an expanded container.
    pub fn json_entry(&self, k: &str, v: &Val, ind: usize, pattern: &str) -> String {
        let key = double_quoted(k);
        let at = ind + key.len() + self.colon.len();
        format!(
            "{key}{}{}",
            self.colon,
            self.json_value(v, ind, pattern, None, at)
        )
    }

    /// A JSON value starting at column `at` on a line indented by `ind`: inline, or
    /// expanded over lines indented from `ind`.
    pub fn json_value(
        &self,
        v: &Val,
        ind: usize,
        pattern: &str,
        hint: Option<bool>,
        at: usize,
    ) -> String {
        if self.inline_for(v, pattern, hint, at, false) {
            return self.inline(v);
        }
        let inner = ind + self.step;
        let pad = " ".repeat(inner);
        let (open, close, parts): (&str, &str, Vec<String>) = match v {
            Val::Map(entries) => (
                "{",
                "}",
                entries
                    .iter()
                    .map(|(k, x)| self.json_entry(k, x, inner, &format!("{pattern}/{k}")))
                    .collect(),
            ),
            Val::Seq(items) => (
                "[",
                "]",
                items
                    .iter()
                    .map(|x| self.json_item(x, inner, &format!("{pattern}/*"), None))
                    .collect(),
            ),
            _ => return self.inline(v),
        };
        let sep = format!(",{}{pad}", self.nl);
        format!(
            "{open}{}{pad}{}{}{}{close}",
            self.nl,
            parts.join(&sep),
            self.nl,
            " ".repeat(ind)
        )
    }

    /// A JSON list item on its own line indented by `ind`.
    pub fn json_item(&self, v: &Val, ind: usize, pattern: &str, hint: Option<bool>) -> String {
        if self.inline_for(v, pattern, hint, ind, true) {
            return self.inline(v);
        }
        self.json_value(v, ind, pattern, Some(false), ind)
    }

    /// The value of a new or replaced YAML block entry whose key is `key` at column `kc`.
    pub fn block_value(
        &self,
        key_len: usize,
        v: &Val,
        kc: usize,
        pattern: &str,
        hint: Option<bool>,
    ) -> Rendered {
        if v.is_scalar() {
            return Rendered::Inline(self.scalar(v, false, None));
        }
        if self.inline_for(v, pattern, hint, kc + key_len + 2, false) {
            return Rendered::Inline(self.inline(v));
        }
        match v {
            Val::Map(entries) => Rendered::Lines(self.block_map(entries, kc + self.step, pattern)),
            Val::Seq(items) => {
                Rendered::Lines(self.block_seq(items, kc + self.seq_step, pattern, None, " "))
            }
            _ => Rendered::Inline(self.inline(v)),
        }
    }

    /// The lines of a YAML block mapping whose keys are at column `ind`.
    pub fn block_map(&self, entries: &[(String, Val)], ind: usize, pattern: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (k, v) in entries {
            self.block_entry(&mut out, k, v, ind, &format!("{pattern}/{k}"));
        }
        out
    }

    /// Appends the lines of one `key: value` at column `ind`.
    pub fn block_entry(&self, out: &mut Vec<String>, k: &str, v: &Val, ind: usize, pattern: &str) {
        let key = self.key(k, false);
        let pad = " ".repeat(ind);
        match self.block_value(key.len(), v, ind, pattern, None) {
            Rendered::Inline(s) => out.push(format!("{pad}{key}: {s}")),
            Rendered::Lines(lines) => {
                out.push(format!("{pad}{key}:"));
                out.extend(lines);
            }
        }
    }

    /// The lines of a YAML block sequence whose `-` are at column `dash`; `gap` is what
    /// follows each `-`. `hint`: the style of an existing sibling item.
    pub fn block_seq(
        &self,
        items: &[Val],
        dash: usize,
        pattern: &str,
        hint: Option<bool>,
        gap: &str,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for item in items {
            out.extend(self.block_item(item, dash, &format!("{pattern}/*"), hint, gap));
        }
        out
    }

    /// The lines of one block sequence item, `-` at column `dash`.
    pub fn block_item(
        &self,
        v: &Val,
        dash: usize,
        pattern: &str,
        hint: Option<bool>,
        gap: &str,
    ) -> Vec<String> {
        let lead = format!("{}-{gap}", " ".repeat(dash));
        let content = dash + 1 + gap.len();
        match v {
            Val::Map(entries) if !self.inline_for(v, pattern, hint, content, true) => {
                let mut lines = self.block_map(entries, content, pattern);
                if let Some(first) = lines.first_mut() {
                    let rest = first.get(content..).unwrap_or("").to_owned();
                    *first = format!("{lead}{rest}");
                }
                lines
            }
            _ => vec![format!("{lead}{}", self.scalar(v, false, None))],
        }
    }
}

/// A number: whole numbers without a fraction (`60`, not `60.0`) unless the number it
/// replaces was written with one.
pub(crate) fn number(x: f64, like: Option<&str>) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let decimal = like.is_some_and(|l| l.contains('.') && !l.contains(['e', 'E']));
        if decimal {
            format!("{x:.1}")
        } else {
            // Exact: a whole number below 2^53.
            format!("{}", x as i64)
        }
    } else {
        format!("{x}")
    }
}

/// A double-quoted string, valid in JSON and in YAML (characters YAML does not allow
/// unescaped are escaped).
pub(crate) fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || (0x7f..=0x9f).contains(&(c as u32)) || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn single_ok(s: &str) -> bool {
    s.chars()
        .all(|c| (' '..='~').contains(&c) || (c as u32) > 0xa0 && c != '\u{feff}')
}

/// Whether a string can be written as a YAML plain scalar and read back as the same
/// string by a YAML 1.1 or 1.2 reader. Conservative: when in doubt, quote.
pub(crate) fn plain_ok(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphanumeric() || first == '_' || first == '/') {
        return false;
    }
    if s.ends_with([' ', ':']) || s.contains(": ") || s.contains(" #") {
        return false;
    }
    // After the first character YAML allows nearly anything in a plain scalar; keep to
    // printable characters, and out of flow indicators inside flow collections.
    let allowed = |c: char| {
        (' '..='~').contains(&c) && !(in_flow && ",[]{}".contains(c))
            || (c as u32) > 0xa0 && c != '\u{feff}'
    };
    if !s.chars().all(allowed) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
    ) {
        return false;
    }
    // Numbers, dates, times, hex and octal in any YAML version.
    if first.is_ascii_digit()
        && s.chars()
            .all(|c| c.is_ascii_hexdigit() || "._:+-xXoO".contains(c))
    {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_form() {
        assert_eq!(number(60.0, None), "60");
        assert_eq!(number(60.0, Some("15.0")), "60.0");
        assert_eq!(number(99.95, None), "99.95");
        assert_eq!(number(0.5, Some("1")), "0.5");
        assert_eq!(number(1e20, None), "100000000000000000000");
    }

    #[test]
    fn only_safe_strings_go_unquoted() {
        for s in [
            "us-east-1",
            "saas:stripe",
            "on-prem:hq",
            "dns-2",
            "Online shop (v2)",
        ] {
            assert!(plain_ok(s, false), "{s}");
        }
        for s in [
            "",
            "yes",
            "No",
            "null",
            "1.5",
            "0x1F",
            "2026-01-05",
            "12:30",
            "a: b",
            "a #b",
            "#c",
            "-x",
            "[x]",
            "x ",
            "tab\t",
            "*a",
            "&a",
            "!t",
            "'q",
            "\"q",
        ] {
            assert!(!plain_ok(s, false), "{s:?}");
        }
        assert!(plain_ok("a, b", false));
        assert!(plain_ok("the zone `dns` serves (all of it).", false));
        assert!(!plain_ok("a, b", true));
        assert_eq!(double_quoted("a\"b\\\n\u{7f}"), "\"a\\\"b\\\\\\n\\u007f\"");
    }
}
