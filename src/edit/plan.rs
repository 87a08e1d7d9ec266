//! The walk: the text's tree, the model before and the model after, side by side; where
//! they differ, the smallest text edit that makes the text say the new value.
//!
//! - Equal values: nothing (whatever the text looks like there).
//! - A mapping in the text and mappings on both sides: key by key. A changed key is walked
//!   into; a new key is inserted after the last entry whose key comes before it in the
//!   model's field order; a dropped key's entry is removed (a dropped first key after a
//!   `- ` gives its place to the new keys that come before the kept ones).
//! - A mapping in the text where the model says the value in a short form (`db` for a
//!   hard dependency written `{ id: db, hard: true }`): key by key, from what the text says.
//! - A sequence on both sides: the common head and tail are kept, the middle paired item
//!   by item, then the extra items removed or the new ones inserted.
//! - Anything else (a scalar that changes, a bare `us-east-1` that becomes a mapping, a
//!   collection that empties): the node is replaced by the new value written in the
//!   document's style; comments in and after the old node's lines stay.
//!
//! Edits never touch a node that carries an anchor (its aliases would change too) and
//! never reach into a node they cannot see (a value that comes from a merge key).

use super::lines::{
    col, first_on_line, indent, is_comment_line, line_end, line_number, line_start, slice,
};
use super::style::{DocStyle, Rendered, pattern};
use super::tree::{Entry, Node, NodeKind, Style};
use super::unsupported;
use super::value::Val;
use crate::error::Error;
use crate::sort::Stable;

/// One replacement of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// New entries that go in one place: after an entry (by index), or before the first.
type Group<'v> = (Option<usize>, Vec<(&'v str, &'v Val)>);

/// Where a node sits.
#[derive(Clone, Copy)]
enum Place<'n> {
    Root,
    /// The value of `entry` in mapping `map`.
    Value {
        map: &'n Node,
        entry: &'n Entry,
    },
    /// Item `index` of sequence `seq`.
    Item {
        seq: &'n Node,
        index: usize,
    },
}

pub(crate) struct Planner<'a> {
    text: &'a str,
    style: &'a DocStyle,
    pub edits: Vec<Edit>,
}

impl<'a> Planner<'a> {
    pub fn new(text: &'a str, style: &'a DocStyle) -> Planner<'a> {
        Planner {
            text,
            style,
            edits: Vec::new(),
        }
    }

    fn unsupported(&self, at: usize, reason: &str) -> Error {
        unsupported(
            u32::try_from(line_number(self.text, at)).unwrap_or(u32::MAX),
            reason,
        )
    }

    fn anchored(&self, at: usize) -> Error {
        self.unsupported(
            at,
            "the change falls inside a value that carries a YAML anchor (`&name`): editing it would change every alias of it too",
        )
    }

    fn push(&mut self, start: usize, end: usize, text: String) {
        self.edits.push(Edit { start, end, text });
    }

    /// Makes the text of the whole document say `after`.
    pub fn run(&mut self, root: &Node, before: &Val, after: &Val) -> Result<(), Error> {
        self.walk(root, before, after, Place::Root, &mut Vec::new(), false)
    }

    fn walk(
        &mut self,
        node: &Node,
        b: &Val,
        a: &Val,
        place: Place<'_>,
        path: &mut Vec<String>,
        in_anchor: bool,
    ) -> Result<(), Error> {
        if b == a {
            return Ok(());
        }
        let in_anchor = in_anchor || node.anchored;
        match (&node.kind, b, a) {
            (NodeKind::Map { flow, entries }, Val::Map(bm), Val::Map(am)) => {
                self.map(node, *flow, entries, bm, am, place, path, in_anchor)
            }
            // A value the model says in a short form (`db` for a hard dependency, a region
            // with default zones) that the text writes out as a mapping: key by key, from
            // what the text says.
            (NodeKind::Map { flow, entries }, _, Val::Map(am)) => {
                match Val::from_text(node, self.style.json) {
                    Val::Map(bm) => self.map(node, *flow, entries, &bm, am, place, path, in_anchor),
                    _ => self.replace(node, a, place, path, in_anchor),
                }
            }
            (NodeKind::Seq { flow, items }, Val::Seq(bs), Val::Seq(avs))
                if items.len() == bs.len() =>
            {
                self.seq(node, *flow, items, bs, avs, place, path, in_anchor)
            }
            _ => self.replace(node, a, place, path, in_anchor),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn map(
        &mut self,
        node: &Node,
        flow: bool,
        entries: &[Entry],
        bm: &[(String, Val)],
        am: &[(String, Val)],
        place: Place<'_>,
        path: &mut Vec<String>,
        in_anchor: bool,
    ) -> Result<(), Error> {
        let find = |k: &str| entries.iter().position(|e| e.key == k);
        fn get<'v>(m: &'v [(String, Val)], k: &str) -> Option<&'v Val> {
            m.iter().find(|(x, _)| x == k).map(|(_, v)| v)
        }
        let mut changed: Vec<(usize, Option<&Val>, &Val)> = Vec::new();
        let mut inserts: Vec<(usize, &str, &Val)> = Vec::new();
        let mut removed = vec![false; entries.len()];
        for (order, (k, av)) in am.iter().enumerate() {
            let bv = get(bm, k);
            if bv == Some(av) {
                continue;
            }
            match find(k) {
                Some(i) => changed.push((i, bv, av)),
                None => inserts.push((order, k, av)),
            }
        }
        for (k, _) in bm {
            if get(am, k).is_none() {
                match find(k) {
                    Some(i) => {
                        if let Some(r) = removed.get_mut(i) {
                            *r = true;
                        }
                    }
                    None => {
                        return Err(self.unsupported(
                            node.start,
                            &format!("`{k}` must be removed but is not written in this mapping (a merge key?)"),
                        ));
                    }
                }
            }
        }
        let kept = removed.iter().filter(|r| !**r).count();
        if kept == 0 {
            return self.replace(node, &Val::Map(am.to_vec()), place, path, in_anchor);
        }
        if in_anchor && (!inserts.is_empty() || removed.iter().any(|r| *r)) {
            return Err(self.anchored(node.start));
        }
        for (i, bv, av) in changed {
            let Some(e) = entries.get(i) else { continue };
            let generic;
            let bv = match bv {
                Some(v) => v,
                None => {
                    generic = Val::from_text(&e.value, self.style.json);
                    &generic
                }
            };
            path.push(e.key.clone());
            let r = self.walk(
                &e.value,
                bv,
                av,
                Place::Value {
                    map: node,
                    entry: e,
                },
                path,
                in_anchor,
            );
            path.pop();
            r?;
        }
        if flow {
            let spans: Vec<(usize, usize)> =
                entries.iter().map(|e| (e.key_start, e.value.end)).collect();
            self.remove_flow(&spans, &removed);
        } else {
            let first_taken = first_moves_up(self.text, entries, &removed)
                && inserts
                    .iter()
                    .any(|&(pos, _, _)| anchor(entries, &removed, am, pos).is_none());
            self.remove_block_entries(entries, &removed, first_taken)?;
        }
        if !inserts.is_empty() {
            self.insert_entries(node, flow, entries, &removed, am, &inserts, path)?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn seq(
        &mut self,
        node: &Node,
        flow: bool,
        items: &[Node],
        bs: &[Val],
        avs: &[Val],
        place: Place<'_>,
        path: &mut Vec<String>,
        in_anchor: bool,
    ) -> Result<(), Error> {
        let n = bs.len();
        let head = bs.iter().zip(avs).take_while(|(x, y)| x == y).count();
        let tail = bs
            .iter()
            .rev()
            .zip(avs.iter().rev())
            .take(n.min(avs.len()) - head)
            .take_while(|(x, y)| x == y)
            .count();
        let mb = n - head - tail;
        let ma = avs.len() - head - tail;
        let paired = mb.min(ma);
        let removing = mb - paired;
        let inserting = ma - paired;
        if n - removing == 0 {
            return self.replace(node, &Val::Seq(avs.to_vec()), place, path, in_anchor);
        }
        if in_anchor && (removing > 0 || inserting > 0) {
            return Err(self.anchored(node.start));
        }
        path.push("*".to_owned());
        for j in head..head + paired {
            let (Some(item), Some(b), Some(a)) = (items.get(j), bs.get(j), avs.get(j)) else {
                continue;
            };
            let r = self.walk(
                item,
                b,
                a,
                Place::Item {
                    seq: node,
                    index: j,
                },
                path,
                in_anchor,
            );
            if r.is_err() {
                path.pop();
                return r;
            }
        }
        path.pop();
        let removed: Vec<bool> = (0..n)
            .map(|j| j >= head + paired && j < head + mb)
            .collect();
        if flow {
            let spans: Vec<(usize, usize)> = items.iter().map(|i| (i.start, i.end)).collect();
            self.remove_flow(&spans, &removed);
        } else {
            self.remove_block_items(items, &removed)?;
        }
        if inserting > 0 {
            let new = avs.get(head + paired..head + ma).unwrap_or(&[]);
            self.insert_items(node, flow, items, head + mb, new, path)?;
        }
        Ok(())
    }

    // ---- replacing a node ----

    fn replace(
        &mut self,
        node: &Node,
        a: &Val,
        place: Place<'_>,
        path: &[String],
        in_anchor: bool,
    ) -> Result<(), Error> {
        if in_anchor || node.anchored {
            return Err(self.anchored(node.start));
        }
        let like = match &node.kind {
            NodeKind::Scalar {
                style: Style::Block,
                header: false,
                ..
            } => {
                return Err(self.unsupported(
                    node.start,
                    "a block scalar (`|`, `>`) that is not the value of a mapping key",
                ));
            }
            NodeKind::Scalar { style, .. } => {
                Some((*style, slice(self.text, node.start, node.end)))
            }
            _ => None,
        };
        // A block scalar is replaced by a one-line scalar: keep no `|` style.
        let like = like.filter(|l| l.0 != Style::Block);
        let pat = pattern(path);
        let same_kind = matches!(
            (&node.kind, a),
            (NodeKind::Map { .. }, Val::Map(_)) | (NodeKind::Seq { .. }, Val::Seq(_))
        );
        let own = same_kind.then(|| self.is_inline(node));
        let hint = own.or_else(|| match place {
            Place::Item { seq, index } => self.sibling_hint(seq, index, a),
            _ => None,
        });
        let text = self.text;
        if self.style.json {
            let ind = indent(text, node.start);
            let expandable = match place {
                Place::Root => true,
                Place::Value { map, .. } => !self.is_inline(map),
                Place::Item { seq, .. } => !self.is_inline(seq),
            };
            let s = if a.is_scalar() {
                self.style.scalar(a, true, like)
            } else if expandable && matches!(place, Place::Item { .. }) {
                self.style.json_item(a, ind, &pat, hint)
            } else if expandable {
                self.style
                    .json_value(a, ind, &pat, hint, col(text, node.start))
            } else {
                self.style.inline(a)
            };
            self.push(node.start, node.end, s);
            return Ok(());
        }
        let in_flow = match place {
            Place::Root => false,
            Place::Value { map, .. } => map.is_flow(),
            Place::Item { seq, .. } => seq.is_flow(),
        };
        if in_flow {
            let s = self.style.scalar(a, true, like);
            self.push(node.start, node.end, s);
            return Ok(());
        }
        let nl = self.style.nl;
        match place {
            Place::Value { entry, .. } => {
                let kc = col(text, entry.key_start);
                let key_len = node
                    .start
                    .saturating_sub(entry.key_start)
                    .min(entry.key.len() + 2);
                let rendered = if a.is_scalar() {
                    Rendered::Inline(self.style.scalar(a, false, like))
                } else {
                    // A block collection keeps its own column.
                    let at = if node.is_collection() && !node.is_flow() {
                        col(text, node.start)
                    } else {
                        kc
                    };
                    let r = self.style.block_value(key_len, a, kc, &pat, hint);
                    match (r, &a) {
                        (Rendered::Lines(_), Val::Map(m)) if at != kc => {
                            Rendered::Lines(self.style.block_map(m, at, &pat))
                        }
                        (Rendered::Lines(_), Val::Seq(s)) if at != kc => {
                            Rendered::Lines(self.style.block_seq(s, at, &pat, None, " "))
                        }
                        (r, _) => r,
                    }
                };
                let colon = entry.colon_end;
                let same_line = colon.is_some_and(|c| !slice(text, c, node.start).contains('\n'));
                match rendered {
                    Rendered::Inline(s) => {
                        if node.start == node.end || same_line {
                            let lead = if node.start == node.end { " " } else { "" };
                            self.rewrite(node.start, node.end, &format!("{lead}{s}"), node);
                        } else if let Some(c) =
                            colon.filter(|c| !slice(text, *c, node.start).contains('#'))
                        {
                            self.rewrite(c, node.end, &format!(" {s}"), node);
                        } else {
                            self.rewrite(node.start, node.end, &s, node);
                        }
                    }
                    Rendered::Lines(lines) => {
                        if !same_line && node.is_collection() && first_on_line(text, node.start) {
                            let c = col(text, node.start);
                            let joined = lines.join(nl);
                            let s = joined.get(c.min(joined.len())..).unwrap_or("").to_owned();
                            self.rewrite(node.start, node.end, &s, node);
                        } else {
                            let Some(c) = colon else {
                                return Err(self.unsupported(
                                    entry.key_start,
                                    "a key with no `:` on its line",
                                ));
                            };
                            self.rewrite(c, node.end, &format!("{nl}{}", lines.join(nl)), node);
                        }
                    }
                }
            }
            Place::Item { .. } => {
                let cc = col(text, node.start);
                let s = match a {
                    Val::Map(m) if !self.style.inline_for(a, &pat, hint, cc, true) => {
                        let joined = self.style.block_map(m, cc, &pat).join(nl);
                        joined.get(cc.min(joined.len())..).unwrap_or("").to_owned()
                    }
                    _ => self.style.scalar(a, false, like),
                };
                self.rewrite(node.start, node.end, &s, node);
            }
            Place::Root => {
                let s = match a {
                    Val::Map(m) => self.style.block_map(m, 0, "").join(nl),
                    _ => self.style.scalar(a, false, like),
                };
                self.push(node.start, node.end, s);
            }
        }
        Ok(())
    }

    /// Replaces `start..end` (the rest of a line, up to the end of `node`, a block YAML
    /// value) with `new`, keeping the comments there: the comment after the first line
    /// stays after the new text's first line, the new text's other lines follow that line,
    /// and the old lines below are deleted as [`Self::delete_lines`] does (comment lines
    /// stay, a comment after a value stays on a line of its own). One plain replacement
    /// where there is no comment.
    fn rewrite(&mut self, start: usize, end: usize, new: &str, node: &Node) {
        let text = self.text;
        let first_end = line_end(text, start);
        let last_end = line_end(text, end.saturating_sub(1).max(start));
        let mut scalars = Vec::new();
        scalar_spans(node, &mut scalars);
        let inside = |p: usize| p < start || scalars.iter().any(|&(s, e)| s <= p && p < e);
        let comment = trailing_comment(text, line_start(text, start), &inside);
        let after = slice(text, end, last_end).trim_start();
        let mut commented = comment.is_some();
        let mut pos = first_end;
        while !commented && pos < last_end {
            commented = (is_comment_line(text, pos) && !inside(pos))
                || trailing_comment(text, pos, &inside).is_some();
            pos = line_end(text, pos);
        }
        if !commented || !(after.is_empty() || after.starts_with('#')) {
            self.push(start, end, new.to_owned());
            return;
        }
        let head_end = comment.unwrap_or(first_end);
        let head_end = start + slice(text, start, head_end).trim_end().len();
        let (head, rest) = match new.split_once('\n') {
            Some((h, r)) => (h.trim_end_matches('\r'), Some(r)),
            None => (new, None),
        };
        if slice(text, start, head_end) != head {
            self.push(start, head_end, head.to_owned());
        }
        if let Some(r) = rest {
            let nl = self.style.nl;
            if slice(text, start, first_end).ends_with('\n') {
                self.push(first_end, first_end, format!("{r}{nl}"));
            } else {
                self.push(first_end, first_end, format!("{nl}{r}"));
            }
        }
        self.delete_lines(first_end, last_end, node);
    }

    /// Whether a collection node is written inline (flow YAML, one-line JSON).
    fn is_inline(&self, n: &Node) -> bool {
        if self.style.json {
            !n.multi_line(self.text)
        } else {
            n.is_flow()
        }
    }

    /// The style of the nearest item of `seq` (before `index`, then after) of the same
    /// kind as `a`.
    fn sibling_hint(&self, seq: &Node, index: usize, a: &Val) -> Option<bool> {
        let NodeKind::Seq { items, .. } = &seq.kind else {
            return None;
        };
        let same = |n: &&Node| {
            matches!(
                (&n.kind, a),
                (NodeKind::Map { .. }, Val::Map(_)) | (NodeKind::Seq { .. }, Val::Seq(_))
            )
        };
        let before = items.get(..index.min(items.len())).unwrap_or(&[]);
        let after = items
            .get(index.saturating_add(1).min(items.len())..)
            .unwrap_or(&[]);
        before
            .iter()
            .rev()
            .find(same)
            .or_else(|| after.iter().find(same))
            .map(|n| self.is_inline(n))
    }

    // ---- removing ----

    /// Removes flow children (entries or items, by their spans) marked `removed`; at least
    /// one is kept. A child is removed with the separator after it, the last ones with the
    /// separator before them.
    fn remove_flow(&mut self, spans: &[(usize, usize)], removed: &[bool]) {
        let Some(last_kept) = removed.iter().rposition(|r| !*r) else {
            return;
        };
        let text = self.text;
        let mut prev_end = 0;
        for (i, r) in removed.iter().enumerate() {
            if !*r || i > last_kept {
                continue;
            }
            if let (Some(s), Some(next)) = (spans.get(i), spans.get(i + 1)) {
                // An item on lines of its own (one per line, as pretty JSON is): its whole
                // lines go, so the next line is left as it is.
                let (a, b) = (line_start(text, s.0), line_start(text, next.0));
                let own_lines = a >= prev_end
                    && b > s.1
                    && first_on_line(text, s.0)
                    && first_on_line(text, next.0)
                    && slice(text, s.1, b).trim() == ",";
                let (start, end) = if own_lines { (a, b) } else { (s.0, next.0) };
                self.push(start, end, String::new());
                prev_end = end;
            }
        }
        if let (Some(k), Some(last)) = (spans.get(last_kept), spans.last())
            && last_kept + 1 < spans.len()
        {
            self.push(k.1, last.1, String::new());
        }
    }

    /// Deletes whole lines from `start` to `end` (a line start, one past a line break),
    /// keeping the comments on them: comment lines stay, and a comment after a deleted
    /// value stays as a comment line at that line's indentation. Lines inside multi-line
    /// scalars of `node` are content, not comments.
    fn delete_lines(&mut self, start: usize, end: usize, node: &Node) {
        let text = self.text;
        let mut scalars = Vec::new();
        scalar_spans(node, &mut scalars);
        let inside = |p: usize| scalars.iter().any(|&(s, e)| s <= p && p < e);
        let mut run: Option<usize> = None;
        let mut pos = start;
        while pos < end {
            let next = line_end(text, pos).min(end).max(pos + 1);
            if is_comment_line(text, pos) && !inside(pos) {
                if let Some(r) = run.take() {
                    self.push(r, pos, String::new());
                }
            } else {
                if run.is_none() {
                    run = Some(pos);
                }
                if let Some(c) = trailing_comment(text, pos, &inside) {
                    let r = run.take().unwrap_or(pos);
                    let body = slice(text, c, next).trim_end_matches(['\n', '\r']);
                    let kept = format!("{}{body}{}", " ".repeat(indent(text, pos)), self.style.nl);
                    self.push(r, next, kept);
                }
            }
            pos = next;
        }
        if let Some(r) = run {
            self.push(r, end, String::new());
        }
    }

    /// Removes the block entries marked `removed`. `first_taken`: the first one (`- id: x`)
    /// is not removed here, new entries take its place ([`Self::insert_entries`]).
    fn remove_block_entries(
        &mut self,
        entries: &[Entry],
        removed: &[bool],
        first_taken: bool,
    ) -> Result<(), Error> {
        let text = self.text;
        let mut skip_until = 0;
        if !first_taken
            && first_moves_up(text, entries, removed)
            && let Some(first) = entries.first()
        {
            // `- id: x` with `id` removed: the next kept key moves up after the `-`.
            let Some(f) = removed.iter().position(|r| !*r) else {
                return Ok(());
            };
            let Some(kept) = entries.get(f) else {
                return Ok(());
            };
            if entries.iter().take(f).any(|e| e.value.anchored) {
                return Err(self.anchored(first.key_start));
            }
            self.push(first.key_start, kept.key_start, String::new());
            skip_until = f;
        }
        for (i, e) in entries.iter().enumerate() {
            if i < skip_until || removed.get(i) != Some(&true) {
                continue;
            }
            if e.value.anchored {
                return Err(self.anchored(e.key_start));
            }
            if first_taken && i == 0 {
                continue;
            }
            if !first_on_line(text, e.key_start) {
                return Err(
                    self.unsupported(e.key_start, "a mapping key that does not start its line")
                );
            }
            let start = line_start(text, e.key_start);
            let end = line_end(text, e.value.end.max(e.key_start + 1) - 1);
            self.delete_lines(start, end, &e.value);
        }
        Ok(())
    }

    fn remove_block_items(&mut self, items: &[Node], removed: &[bool]) -> Result<(), Error> {
        let text = self.text;
        for (i, item) in items.iter().enumerate() {
            if removed.get(i) != Some(&true) {
                continue;
            }
            if item.anchored {
                return Err(self.anchored(item.start));
            }
            let start = line_start(text, item.start);
            if slice(text, start, item.start).trim() != "-" {
                return Err(
                    self.unsupported(item.start, "a sequence item that does not start its line")
                );
            }
            let end = line_end(text, item.end.max(item.start + 1) - 1);
            self.delete_lines(start, end, item);
        }
        Ok(())
    }

    // ---- inserting ----

    /// Where a block child ending at `end` really ends: after its line, and after the
    /// comment lines below it indented deeper than `indent`.
    fn extent_end(&self, end: usize, indent_col: usize) -> usize {
        let text = self.text;
        let mut pos = line_end(text, end.saturating_sub(1));
        while pos < text.len() && is_comment_line(text, pos) && indent(text, pos) > indent_col {
            pos = line_end(text, pos);
        }
        pos
    }

    /// Lines inserted at `pos` (a line start, or the text's end).
    fn insert_lines(&mut self, pos: usize, lines: &[String]) {
        let nl = self.style.nl;
        let mut s = String::new();
        let at_end_without_break = pos >= self.text.len() && !self.text.ends_with('\n');
        for l in lines {
            if at_end_without_break {
                s.push_str(nl);
                s.push_str(l);
            } else {
                s.push_str(l);
                s.push_str(nl);
            }
        }
        self.push(pos, pos, s);
    }

    /// The separator between two children of a flow collection: the one the text uses.
    fn flow_separator(&self, node: &Node, spans: &[(usize, usize)]) -> String {
        let text = self.text;
        for w in spans.windows(2).rev() {
            if let [a, b] = w {
                let gap = slice(text, a.1, b.0);
                if gap.trim_start().starts_with(',') && !gap.contains('#') && gap.trim() == "," {
                    return gap.to_owned();
                }
            }
        }
        if node.multi_line(text)
            && let Some(first) = spans.first()
            && first_on_line(text, first.0)
        {
            return format!(",{}{}", self.style.nl, " ".repeat(col(text, first.0)));
        }
        self.style.comma.clone()
    }

    #[allow(clippy::too_many_arguments)]
    fn insert_entries(
        &mut self,
        node: &Node,
        flow: bool,
        entries: &[Entry],
        removed: &[bool],
        am: &[(String, Val)],
        inserts: &[(usize, &str, &Val)],
        path: &[String],
    ) -> Result<(), Error> {
        let text = self.text;
        let Some(first_kept) = removed.iter().position(|r| !*r) else {
            return Ok(());
        };
        let mut groups: Vec<Group<'_>> = Vec::new();
        for &(pos, k, v) in inserts {
            let mut anchor = anchor(entries, removed, am, pos);
            if anchor.is_none()
                && !flow
                && entries
                    .get(first_kept)
                    .is_some_and(|e| !first_on_line(text, e.key_start))
            {
                anchor = Some(first_kept);
            }
            match groups.iter_mut().find(|g| g.0 == anchor) {
                Some(g) => g.1.push((k, v)),
                None => groups.push((anchor, vec![(k, v)])),
            }
        }
        let base = pattern(path);
        if flow {
            let spans: Vec<(usize, usize)> =
                entries.iter().map(|e| (e.key_start, e.value.end)).collect();
            let sep = self.flow_separator(node, &spans);
            let expandable = self.style.json && !self.is_inline(node);
            for (anchor, group) in groups {
                let ind = match anchor
                    .and_then(|i| entries.get(i))
                    .or(entries.get(first_kept))
                {
                    Some(e) => indent(text, e.key_start),
                    None => 0,
                };
                let render = |k: &str, v: &Val| {
                    if expandable {
                        self.style.json_entry(k, v, ind, &format!("{base}/{k}"))
                    } else {
                        self.style.entry_inline(k, v)
                    }
                };
                let mut s = String::new();
                match anchor.and_then(|i| entries.get(i)) {
                    Some(e) => {
                        for (k, v) in &group {
                            s.push_str(&sep);
                            s.push_str(&render(k, v));
                        }
                        self.push(e.value.end, e.value.end, s);
                    }
                    None => {
                        let Some(e) = entries.get(first_kept) else {
                            continue;
                        };
                        for (k, v) in &group {
                            s.push_str(&render(k, v));
                            s.push_str(&sep);
                        }
                        self.push(e.key_start, e.key_start, s);
                    }
                }
            }
            return Ok(());
        }
        let kc = entries
            .get(first_kept)
            .map_or(0, |e| col(text, e.key_start));
        for (anchor, group) in groups {
            let mut lines = Vec::new();
            for (k, v) in &group {
                self.style
                    .block_entry(&mut lines, k, v, kc, &format!("{base}/{k}"));
            }
            if anchor.is_none()
                && first_moves_up(text, entries, removed)
                && let Some(first) = entries.first()
            {
                // `- id: x` with `id` removed: the new entries take its place.
                let joined = lines.join(self.style.nl);
                let s = joined.get(kc.min(joined.len())..).unwrap_or("");
                let end = first
                    .value
                    .end
                    .max(first.colon_end.unwrap_or(first.key_start));
                self.rewrite(first.key_start, end, s, &first.value);
                continue;
            }
            let pos = match anchor.and_then(|i| entries.get(i)) {
                Some(e) => self.extent_end(e.value.end.max(e.key_start + 1), kc),
                None => match entries.get(first_kept) {
                    Some(e) => line_start(text, e.key_start),
                    None => continue,
                },
            };
            self.insert_lines(pos, &lines);
        }
        Ok(())
    }

    fn insert_items(
        &mut self,
        node: &Node,
        flow: bool,
        items: &[Node],
        at: usize,
        new: &[Val],
        path: &[String],
    ) -> Result<(), Error> {
        let text = self.text;
        let pat = format!("{}/*", pattern(path));
        if flow {
            let spans: Vec<(usize, usize)> = items.iter().map(|i| (i.start, i.end)).collect();
            let sep = self.flow_separator(node, &spans);
            let expandable = self.style.json && !self.is_inline(node);
            let render = |v: &Val, near: &Node| {
                if expandable {
                    let ind = indent(text, near.start);
                    let hint = self.sibling_hint(node, at, v);
                    self.style.json_item(v, ind, &pat, hint)
                } else {
                    self.style.inline(v)
                }
            };
            let mut s = String::new();
            if let Some(next) = items.get(at) {
                for v in new {
                    s.push_str(&render(v, next));
                    s.push_str(&sep);
                }
                self.push(next.start, next.start, s);
            } else if let Some(last) = items.last() {
                // `telia,    # north` closing a multi-line flow collection: the comment
                // belongs to that item, so the new items go on lines of their own below it.
                let after = line_end(text, last.end);
                let rest = slice(text, last.end, after).trim_start();
                let comma = rest.starts_with(',');
                let commented = rest
                    .strip_prefix(',')
                    .unwrap_or(rest)
                    .trim_start()
                    .starts_with('#');
                if commented && first_on_line(text, last.start) && after > last.end {
                    let ind = " ".repeat(col(text, last.start));
                    let lines: Vec<String> = new
                        .iter()
                        .enumerate()
                        .map(|(k, v)| {
                            let more = comma || k + 1 < new.len();
                            format!("{ind}{}{}", render(v, last), if more { "," } else { "" })
                        })
                        .collect();
                    if !comma {
                        self.push(last.end, last.end, ",".to_owned());
                    }
                    self.insert_lines(after, &lines);
                    return Ok(());
                }
                for v in new {
                    s.push_str(&sep);
                    s.push_str(&render(v, last));
                }
                self.push(last.end, last.end, s);
            }
            return Ok(());
        }
        let Some(first) = items.first() else {
            return Ok(());
        };
        let dash_line = line_start(text, first.start);
        let lead = slice(text, dash_line, first.start);
        let dash = lead.find('-').map(|d| dash_line + d);
        let Some(dash) = dash.filter(|_| lead.trim() == "-") else {
            return Err(
                self.unsupported(first.start, "a sequence item that does not start its line")
            );
        };
        let d = col(text, dash);
        let gap = slice(text, dash + 1, first.start);
        let gap = if !gap.is_empty() && gap.bytes().all(|b| b == b' ') {
            gap
        } else {
            " "
        };
        let mut lines = Vec::new();
        for v in new {
            let hint = self.sibling_hint(node, at, v);
            lines.extend(self.style.block_item(v, d, &pat, hint, gap));
        }
        let pos = match items.get(at) {
            Some(next) => {
                // Before the comment lines that sit right above the item, at its column.
                let mut p = line_start(text, next.start);
                while p > 0 {
                    let prev = line_start(text, p - 1);
                    if is_comment_line(text, prev) && indent(text, prev) == d {
                        p = prev;
                    } else {
                        break;
                    }
                }
                p
            }
            None => match items.last() {
                Some(last) => self.extent_end(last.end.max(last.start + 1), d),
                None => return Ok(()),
            },
        };
        self.insert_lines(pos, &lines);
        Ok(())
    }
}

/// Whether the first of block `entries` (`- id: x`, after a dash) is removed and the next
/// kept one would move up into its place.
fn first_moves_up(text: &str, entries: &[Entry], removed: &[bool]) -> bool {
    removed.first() == Some(&true)
        && entries
            .first()
            .is_some_and(|e| !first_on_line(text, e.key_start))
}

/// Where a new entry at position `pos` of the model's mapping goes: after the last kept
/// entry (in the text) whose key comes before it in the model; None: before the first
/// kept entry.
fn anchor(entries: &[Entry], removed: &[bool], am: &[(String, Val)], pos: usize) -> Option<usize> {
    entries
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            removed.get(*i) == Some(&false)
                && am
                    .iter()
                    .position(|(x, _)| *x == e.key)
                    .is_some_and(|o| o < pos)
        })
        .map(|(i, _)| i)
        .max()
}

/// The spans of the scalars of `node` (values and keys' lines are covered by callers).
fn scalar_spans(node: &Node, out: &mut Vec<(usize, usize)>) {
    match &node.kind {
        NodeKind::Scalar { .. } => out.push((node.start, node.end)),
        NodeKind::Seq { items, .. } => {
            for i in items {
                scalar_spans(i, out);
            }
        }
        NodeKind::Map { entries, .. } => {
            for e in entries {
                out.push((e.key_start, e.colon_end.unwrap_or(e.key_start)));
                scalar_spans(&e.value, out);
            }
        }
        NodeKind::Alias => {}
    }
}

/// Where the comment after the value on the line starting at `line` begins: a `#` after a
/// blank, outside every scalar.
fn trailing_comment(text: &str, line: usize, inside: &dyn Fn(usize) -> bool) -> Option<usize> {
    let end = line_end(text, line);
    let bytes = text.as_bytes();
    (line + 1..end).find(|&p| {
        bytes.get(p) == Some(&b'#') && matches!(bytes.get(p - 1), Some(b' ' | b'\t')) && !inside(p)
    })
}

/// Keeps comments after changed values in their column: on a line whose edits all stay
/// within it, the blanks before a `#` after the last edit grow or shrink by what the
/// edits changed in length (keeping at least two blanks, or the one there was, as YAML
/// linters ask). Edits are sorted.
pub(crate) fn keep_comment_columns(text: &str, edits: &mut Vec<Edit>) {
    let mut extra = Vec::new();
    let mut i = 0;
    while i < edits.len() {
        let line = line_start(text, edits.get(i).map_or(0, |e| e.start));
        let mut j = i;
        let mut delta: isize = 0;
        let mut one_line = true;
        while let Some(e) = edits.get(j) {
            if line_start(text, e.start) != line {
                break;
            }
            let old = slice(text, e.start, e.end);
            one_line &= !old.contains('\n') && !e.text.contains('\n');
            delta += isize::try_from(e.text.chars().count()).unwrap_or(0)
                - isize::try_from(old.chars().count()).unwrap_or(0);
            j += 1;
        }
        let last_end = edits.get(j.saturating_sub(1)).map_or(0, |e| e.end);
        i = j.max(i + 1);
        if !one_line || delta == 0 {
            continue;
        }
        let rest = slice(text, last_end, line_end(text, last_end));
        let Some(hash) = rest.find(" #").map(|h| h + 1) else {
            continue;
        };
        let before = rest.get(..hash).unwrap_or("");
        let content = before.trim_end_matches(' ');
        if content.contains(['"', '\'']) {
            continue;
        }
        let blanks = before.len() - content.len();
        let want = if delta > 0 {
            blanks
                .saturating_sub(delta.unsigned_abs())
                .max(blanks.min(2))
        } else {
            blanks + delta.unsigned_abs()
        };
        let at = last_end + content.len();
        if want != blanks && (content.is_empty() || at > last_end) {
            extra.push(Edit {
                start: at,
                end: at + blanks,
                text: " ".repeat(want),
            });
        }
    }
    edits.extend(extra);
    edits.stable_sort_by_key(|e| (e.start, e.end));
}
