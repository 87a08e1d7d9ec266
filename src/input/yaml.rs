//! Reading YAML into typed values: granit-parser's events become the small tree of nodes
//! of [`super::tree`], which one type-directed serde `Deserializer` reads into whatever the
//! caller asks for (JSON is read through the same tree, [`super::json`]).
//!
//! Why not serde-saphyr's deserializer (which this replaced): it is instantiated once per
//! target type and, in the WebAssembly build, those instantiations were about half of the
//! module (docs/performance.md, "WebAssembly size"). This reader is one small deserializer
//! over a tree; the event parser underneath is the same (granit-parser, re-exported by
//! serde-saphyr, which still writes YAML).
//!
//! The typing rules are serde-saphyr's defaults, so that a description reads the same as
//! before (`tests` below compare the two on every example and on a corpus of edge cases):
//!
//! - The target type decides: a plain `2024`, `yes` or `1e3` read where a string is
//!   expected is that text (`name: 2024` stays the string "2024").
//! - Where any type would do (untagged values, `zones: 3` against `zones: [a, b]`), a plain
//!   scalar is null (empty, `~`, `null`, `Null`, `NULL`), else a YAML 1.1 boolean (`y`,
//!   `yes`, `on`, `true` and their negations, any case), else an integer (decimal without a
//!   leading zero, `0x`/`0o`/`0b`, `_` between digits, sign), else a float (`.inf`, `.nan`
//!   spellings; a non-finite value is refused here), else a string. Quoted and block
//!   scalars are always strings.
//! - Null is never a string: `name:` or `name: ~` is an error where text is required.
//! - Tags: `!!str` and `!` force a string; `!!null`, `!!bool`, `!!int`, `!!float` force
//!   their type; `!!binary` and `!!timestamp` are refused; other tags are ignored.
//! - Merge keys (`<<: *base`, `<<: [*a, *b]`) copy the keys the mapping does not set
//!   itself (the first merged mapping wins among merged ones); any other duplicate key is
//!   an error.
//! - Budgets (the caller's [`YamlBudget`]): nesting depth, number of values, and aliases
//!   (expansions of one anchor, and values copied by aliases in all: a "billion laughs"
//!   document stops at the budget instead of filling the memory).

use std::borrow::Cow;
use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag as ParsedTag};

use super::YamlBudget;
use super::tree::{At, Breach, Kind, Node, Tag, TreeError, duplicate_key, read_value, scalar_text};

/// Reads the first document of `text` as a `T`. On failure, also the JSON pointer of the
/// value that failed (empty when the text itself is unreadable).
pub(crate) fn from_str<T: DeserializeOwned>(
    text: &str,
    budget: Option<YamlBudget>,
) -> Result<T, (TreeError, String)> {
    let (root, after) = build(text, budget);
    read_root(root, after)
}

/// Reads a built YAML tree as a `T` (the document must be a mapping): `root` is the document (none when it is empty), `after` the
/// error that stopped the text after the whole document, if any. On failure, also the JSON
/// pointer of the value that failed (empty when the text itself is unreadable).
fn read_root<T: DeserializeOwned>(
    root: Option<Node<'_>>,
    after: Option<TreeError>,
) -> Result<T, (TreeError, String)> {
    let Some(root) = root else {
        let e = after.unwrap_or_else(|| TreeError::syntax("the document is empty", None));
        return Err((e, String::new()));
    };
    if !matches!(root.kind, Kind::Map(_)) {
        let found = match &root.kind {
            Kind::Broken(e) => return Err(((**e).clone(), String::new())),
            Kind::Scalar { .. } if root.is_null() => "null",
            Kind::Scalar { .. } => "a single value",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        };
        return Err((
            TreeError::syntax(
                format!("the document must be a mapping of fields, found {found}"),
                Some(root.at),
            ),
            String::new(),
        ));
    }
    match (read_value(&root), after) {
        (Err(e), _) => Err(e),
        (Ok(_), Some(e)) => Err((e, String::new())),
        (Ok(value), None) => Ok(value),
    }
}

/// The position a span starts at.
fn at_of(span: &Span) -> At {
    At {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
    }
}

/// What an alias costs, counted while the tree is built.
struct AliasBudget {
    per_anchor: usize,
    total_values: usize,
    aliases: usize,
}

/// An open collection while the tree is built.
enum Frame<'a> {
    Seq {
        at: At,
        anchor: usize,
        items: Vec<Node<'a>>,
    },
    Map {
        at: At,
        anchor: usize,
        entries: Vec<(Node<'a>, Node<'a>)>,
        key: Option<Node<'a>>,
        /// Values of `<<` keys, merged when the mapping ends.
        merges: Vec<Node<'a>>,
    },
}

/// Builds the tree of the first document within `budget`. When the text stops being
/// readable (syntax, budget, a second document), the tree keeps what came before, with a
/// [`Kind::Broken`] node where reading stopped; the error is also returned when it came
/// after the whole first document.
///
/// The block YAML descriptions are written in is read by [`super::fast_yaml`] when it can
/// read the whole text without an error; granit-parser reads everything else, and every
/// text with an error, so the tree and the errors are granit's in every case.
fn build(text: &str, budget: Option<YamlBudget>) -> (Option<Node<'_>>, Option<TreeError>) {
    let mut fast = Builder::new(budget);
    if super::fast_yaml::events(text, |event, at| fast.event(event, at).is_ok()).is_ok() {
        return (fast.root, None);
    }
    let mut b = Builder::new(budget);
    let mut options = serde_saphyr::granit_parser::Options::default();
    if let Some(budget) = budget {
        options.flow_nesting_limit = budget.max_depth.max(1);
    }
    let read = Parser::new_from_str_with_options(text, options).try_for_each(|item| {
        let (event, span) = item.map_err(|e| scan_error(&e, b.max_depth))?;
        b.event(event, at_of(&span))
    });
    match read {
        Ok(()) => (b.root, None),
        Err(e) => salvage(b.stack, b.root, e),
    }
}

/// Closes the open collections around a [`Kind::Broken`] node.
fn salvage<'a>(
    mut stack: Vec<Frame<'a>>,
    root: Option<Node<'a>>,
    e: TreeError,
) -> (Option<Node<'a>>, Option<TreeError>) {
    if root.is_some() && stack.is_empty() {
        return (root, Some(e));
    }
    let at = e.at.unwrap_or(At { line: 1, column: 1 });
    let broken = |e: TreeError| Node {
        at,
        kind: Kind::Broken(Box::new(e)),
    };
    let mut node = broken(e.clone());
    while let Some(frame) = stack.pop() {
        node = match frame {
            Frame::Seq { at, mut items, .. } => {
                items.push(node);
                Node {
                    kind: Kind::Seq(items),
                    at,
                }
            }
            Frame::Map {
                at,
                mut entries,
                key,
                ..
            } => {
                match key {
                    Some(k) => entries.push((k, node)),
                    // The open collection is a key (`? [...]`): reading it fails first, so
                    // the value is never read; a second copy of the subtree would double
                    // it at every level.
                    None => entries.push((node, broken(e.clone()))),
                }
                Node {
                    kind: Kind::Map(entries),
                    at,
                }
            }
        };
    }
    (Some(node), None)
}

/// The tree built from parser events, with what the budgets count.
struct Builder<'a> {
    stack: Vec<Frame<'a>>,
    root: Option<Node<'a>>,
    max_depth: usize,
    max_nodes: usize,
    limits: AliasBudget,
    anchors: HashMap<usize, Node<'a>>,
    expansions: HashMap<usize, usize>,
    copied: usize,
    kept: usize,
    aliases: usize,
    nodes: usize,
    documents: usize,
}

impl<'a> Builder<'a> {
    fn new(budget: Option<YamlBudget>) -> Self {
        let max_aliases = budget.map_or(usize::MAX, |b| b.max_alias_expansions);
        Builder {
            stack: Vec::new(),
            root: None,
            max_depth: budget.map_or(usize::MAX, |b| b.max_depth),
            max_nodes: budget.map_or(usize::MAX, |b| b.max_nodes),
            limits: AliasBudget {
                per_anchor: max_aliases,
                total_values: max_aliases.saturating_mul(16),
                aliases: max_aliases,
            },
            anchors: HashMap::new(),
            expansions: HashMap::new(),
            copied: 0,
            kept: 0,
            aliases: 0,
            nodes: 0,
            documents: 0,
        }
    }

    /// Takes one event, which starts at `at`.
    fn event(&mut self, event: Event<'a>, at: At) -> Result<(), TreeError> {
        let (max_depth, max_nodes) = (self.max_depth, self.max_nodes);
        let Builder {
            stack,
            root,
            limits,
            anchors,
            expansions,
            copied,
            kept,
            aliases,
            nodes,
            documents,
            ..
        } = self;
        let node = match event {
            Event::DocumentStart(..) => {
                *documents += 1;
                if *documents > 1 {
                    return Err(TreeError::syntax(
                        "the text holds more than one YAML document (a second `---`); a description is one document",
                        Some(at),
                    ));
                }
                return Ok(());
            }
            Event::Scalar(value, style, anchor, tag) => {
                *nodes += 1;
                if *nodes > max_nodes {
                    return Err(too_many_nodes(*nodes, at));
                }
                let (tag, value) = scalar_tag(tag.as_deref(), value, at)?;
                let node = Node {
                    kind: Kind::Scalar {
                        value,
                        plain: style == ScalarStyle::Plain,
                        tag,
                    },
                    at,
                };
                if anchor > 0 {
                    keep(anchors, kept, anchor, &node)?;
                }
                node
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                *nodes += 1;
                if *nodes > max_nodes {
                    return Err(too_many_nodes(*nodes, at));
                }
                if stack.len() >= max_depth {
                    return Err(too_deep(stack.len() + 1, max_depth, at));
                }
                let map = matches!(event, Event::MappingStart(..));
                collection_tag(tag.as_deref(), map, at)?;
                stack.push(if map {
                    Frame::Map {
                        at,
                        anchor,
                        entries: Vec::new(),
                        key: None,
                        merges: Vec::new(),
                    }
                } else {
                    Frame::Seq {
                        at,
                        anchor,
                        items: Vec::new(),
                    }
                });
                return Ok(());
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else {
                    return Err(TreeError::syntax(
                        "a collection ends that never began",
                        Some(at),
                    ));
                };
                let (node, anchor) = match frame {
                    Frame::Seq { at, anchor, items } => (
                        Node {
                            kind: Kind::Seq(items),
                            at,
                        },
                        anchor,
                    ),
                    Frame::Map {
                        at,
                        anchor,
                        entries,
                        merges,
                        ..
                    } => match merge(entries, merges) {
                        Ok(entries) => (
                            Node {
                                kind: Kind::Map(entries),
                                at,
                            },
                            anchor,
                        ),
                        Err((entries, e)) => {
                            // Reopened with what reads before the problem (salvage).
                            stack.push(Frame::Map {
                                at,
                                anchor,
                                entries,
                                key: None,
                                merges: Vec::new(),
                            });
                            return Err(e);
                        }
                    },
                };
                if anchor > 0 {
                    keep(anchors, kept, anchor, &node)?;
                }
                node
            }
            Event::Alias(id) => {
                *aliases += 1;
                if *aliases > limits.aliases {
                    return Err(TreeError::breach(
                        Breach::Aliases(format!("{} aliases", *aliases)),
                        format!("more than {} aliases", limits.aliases),
                        at,
                    ));
                }
                let Some(target) = anchors.get(&id) else {
                    // granit resolves names to ids; an id without a finished node is an
                    // alias inside the collection it names.
                    return Err(TreeError::syntax(
                        "an alias refers to the collection it is in (a recursive reference)",
                        Some(at),
                    ));
                };
                let count = expansions.entry(id).or_insert(0);
                *count += 1;
                if *count > limits.per_anchor {
                    return Err(TreeError::breach(
                        Breach::Aliases(format!("{count} expansions of one anchor")),
                        format!(
                            "an anchor is expanded more than {} times",
                            limits.per_anchor
                        ),
                        at,
                    ));
                }
                let (size, height) = target.measure();
                // A copy nests as deep as its anchor did, below where the alias stands:
                // aliases of anchors holding aliases must not build a tree deeper than the
                // budget (reading it recurses once per level).
                if stack.len() + height > max_depth {
                    return Err(too_deep(stack.len() + height, max_depth, at));
                }
                *copied = copied.saturating_add(size);
                if *copied > limits.total_values {
                    return Err(TreeError::breach(
                        Breach::Aliases(format!("{} replayed values", *copied)),
                        format!(
                            "aliases copy more than {} values in all",
                            limits.total_values
                        ),
                        at,
                    ));
                }
                let mut node = target.clone();
                node.at = at;
                node
            }
            // Stream and document ends; comments and anchor names are not asked for.
            _ => return Ok(()),
        };
        attach(stack, root, node)
    }
}

/// Most values kept for anchors (each anchored value is copied once, to be copied again by
/// its aliases): serde-saphyr's default for its recorded anchor events, which this reader
/// replaced. Without it, anchors nested at every level would keep the document ~64 times.
const MAX_KEPT_FOR_ANCHORS: usize = 1_000_000;

/// Keeps a copy of an anchored node for its aliases, within [`MAX_KEPT_FOR_ANCHORS`].
fn keep<'a>(
    anchors: &mut HashMap<usize, Node<'a>>,
    kept: &mut usize,
    anchor: usize,
    node: &Node<'a>,
) -> Result<(), TreeError> {
    *kept = kept.saturating_add(node.measure().0);
    if *kept > MAX_KEPT_FOR_ANCHORS {
        return Err(TreeError::breach(
            Breach::Aliases(format!("{kept} values kept for anchors")),
            format!("anchored values hold more than {MAX_KEPT_FOR_ANCHORS} values in all"),
            node.at,
        ));
    }
    anchors.insert(anchor, node.clone());
    Ok(())
}

/// Hands a finished node to the open collection, or makes it the root.
fn attach<'a>(
    stack: &mut [Frame<'a>],
    root: &mut Option<Node<'a>>,
    node: Node<'a>,
) -> Result<(), TreeError> {
    match stack.last_mut() {
        None => {
            *root = Some(node);
            Ok(())
        }
        Some(Frame::Seq { items, .. }) => {
            items.push(node);
            Ok(())
        }
        Some(Frame::Map {
            entries,
            key,
            merges,
            ..
        }) => match key.take() {
            None => {
                *key = Some(node);
                Ok(())
            }
            Some(k) => {
                if is_merge_key(&k) {
                    merges.push(node);
                } else {
                    entries.push((k, node));
                }
                Ok(())
            }
        },
    }
}

/// A plain `<<` key (YAML 1.1 merge key).
fn is_merge_key(node: &Node<'_>) -> bool {
    matches!(&node.kind, Kind::Scalar { value, plain: true, tag: Tag::None } if value == "<<")
}

/// Checks the mapping's own keys, then adds the entries of merged mappings whose keys the
/// mapping does not set itself (the first merged mapping wins among merged ones). On a
/// problem, also the entries that read before it.
#[allow(clippy::type_complexity)]
fn merge<'a>(
    mut entries: Vec<(Node<'a>, Node<'a>)>,
    merges: Vec<Node<'a>>,
) -> Result<Vec<(Node<'a>, Node<'a>)>, (Vec<(Node<'a>, Node<'a>)>, TreeError)> {
    if let Err((i, e)) = duplicate_key(&entries) {
        entries.truncate(i);
        return Err((entries, e));
    }
    if merges.is_empty() {
        return Ok(entries);
    }
    let own = entries.len();
    let mut taken: std::collections::HashSet<String> = entries
        .iter()
        .filter_map(|(k, _)| scalar_text(k).map(str::to_owned))
        .collect();
    let mut add = |source: Node<'a>, entries: &mut Vec<(Node<'a>, Node<'a>)>| {
        let Kind::Map(from) = source.kind else {
            return Err(TreeError::syntax(
                "a merge key (`<<`) takes a mapping or a list of mappings",
                Some(source.at),
            ));
        };
        for (k, v) in from {
            match scalar_text(&k) {
                Some(name) if !taken.insert(name.to_owned()) => {}
                _ => entries.push((k, v)),
            }
        }
        Ok(())
    };
    for source in merges {
        let added = match source.kind {
            Kind::Seq(items) => items
                .into_iter()
                .try_for_each(|item| add(item, &mut entries)),
            _ => add(source, &mut entries),
        };
        if let Err(e) = added {
            entries.truncate(own);
            return Err((entries, e));
        }
    }
    Ok(entries)
}

fn too_many_nodes(nodes: usize, at: At) -> TreeError {
    TreeError::breach(
        Breach::Nodes(nodes),
        format!("the document has more than {} values", nodes - 1),
        at,
    )
}

fn too_deep(depth: usize, max: usize, at: At) -> TreeError {
    TreeError::breach(
        Breach::Depth(format!("depth {depth}")),
        format!("nested deeper than {max}"),
        at,
    )
}

/// A parser error: syntax, or granit's own nesting guard (a depth breach).
fn scan_error(e: &ScanError, max_depth: usize) -> TreeError {
    let at = At {
        line: u32::try_from(e.marker().line()).unwrap_or(u32::MAX),
        column: u32::try_from(e.marker().col() + 1).unwrap_or(u32::MAX),
    };
    let info = e.info();
    if info.contains("recursion limit exceeded") {
        return TreeError::breach(Breach::Depth(format!("more than {max_depth}")), info, at);
    }
    TreeError::syntax(info, Some(at))
}

/// What a tag names, resolved as serde-saphyr resolves it: `!!name` and
/// `tag:yaml.org,2002:name` are the YAML types; a local `!name` with a core name is that
/// type too; the non-specific `!` forces a string; anything else is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    Scalar(Tag),
    Seq,
    Map,
    /// `!!binary`: base64 of UTF-8 text, read as that text.
    Binary,
    /// A type this reader does not read (`!!timestamp`, `!include`, ...).
    Unsupported,
}

fn resolve_tag(tag: &ParsedTag) -> Named {
    fn by_name(name: &str) -> Named {
        match name {
            "int" => Named::Scalar(Tag::Int),
            "float" => Named::Scalar(Tag::Float),
            "bool" => Named::Scalar(Tag::Bool),
            "null" => Named::Scalar(Tag::Null),
            "str" => Named::Scalar(Tag::Str),
            "seq" => Named::Seq,
            "map" => Named::Map,
            "binary" => Named::Binary,
            "timestamp" | "time" | "include" | "degrees" | "radians" => Named::Unsupported,
            _ => Named::Scalar(Tag::None),
        }
    }
    if let Some(suffix) = tag.suffix_in_namespace("tag:yaml.org,2002:") {
        return by_name(suffix.strip_prefix('!').unwrap_or(&suffix));
    }
    let Some(suffix) = tag.suffix_in_namespace("!") else {
        return Named::Scalar(Tag::None);
    };
    match suffix.as_ref() {
        "" | "!" => Named::Scalar(Tag::NonSpecific),
        "!binary" => Named::Binary,
        "!timestamp" => Named::Unsupported,
        name => match name.strip_prefix('!') {
            Some(core @ ("null" | "bool" | "int" | "float" | "map" | "seq" | "str")) => {
                by_name(core)
            }
            Some(_) => Named::Scalar(Tag::None),
            None => by_name(name),
        },
    }
}

/// The typing meaning of a scalar's tag, and the text it stands for (decoded `!!binary`).
fn scalar_tag<'a>(
    tag: Option<&ParsedTag>,
    value: Cow<'a, str>,
    at: At,
) -> Result<(Tag, Cow<'a, str>), TreeError> {
    let Some(tag) = tag else {
        return Ok((Tag::None, value));
    };
    match resolve_tag(tag) {
        Named::Scalar(t) => Ok((t, value)),
        Named::Binary => match base64(&value).map(String::from_utf8) {
            Some(Ok(text)) => Ok((Tag::Str, Cow::Owned(text))),
            Some(Err(_)) => Err(TreeError::syntax(
                "a `!!binary` value must be UTF-8 text once decoded",
                Some(at),
            )),
            None => Err(TreeError::syntax(
                "a `!!binary` value is not valid base64",
                Some(at),
            )),
        },
        Named::Seq | Named::Map | Named::Unsupported => Err(TreeError::syntax(
            format!("the tag `{tag}` is not supported on a single value"),
            Some(at),
        )),
    }
}

/// Standard base64 (RFC 4648, padded to whole groups of four), whitespace ignored.
fn base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut padding = 0;
    let mut symbols = 0usize;
    for b in text.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding += 1;
                symbols += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return None,
        };
        symbols += 1;
        if padding > 0 {
            return None;
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).ok()?);
        }
    }
    // Leftover bits must be zero padding of the last byte.
    (symbols.is_multiple_of(4) && padding <= 2 && bits < 6 && acc & ((1 << bits) - 1) == 0)
        .then_some(out)
}

/// A collection's tag must not contradict it (`!!map` on a sequence).
fn collection_tag(tag: Option<&ParsedTag>, map: bool, at: At) -> Result<(), TreeError> {
    let Some(tag) = tag else { return Ok(()) };
    match (resolve_tag(tag), map) {
        (Named::Map, true) | (Named::Seq, false) | (Named::Scalar(Tag::None), _) => Ok(()),
        _ => Err(TreeError::syntax(
            format!(
                "the tag `{tag}` does not fit a {}",
                if map { "mapping" } else { "list" }
            ),
            Some(at),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Architecture;

    /// serde-saphyr with the options this reader replaced (its defaults).
    fn saphyr<T: DeserializeOwned>(text: &str) -> Result<T, String> {
        serde_saphyr::from_str(text).map_err(|e| e.to_string())
    }

    fn ours<T: DeserializeOwned>(text: &str) -> Result<T, String> {
        from_str(text, None).map_err(|(e, _)| e.message)
    }

    #[test]
    fn every_example_reads_as_serde_saphyr_reads_it() {
        for text in crate::input::example_texts() {
            let name = text
                .lines()
                .find(|l| l.starts_with("name:"))
                .unwrap_or_default();
            let a: Architecture = ours(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let b: Architecture = saphyr(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                serde_json::to_string(&a).unwrap(),
                serde_json::to_string(&b).unwrap(),
                "{name}"
            );
        }
    }

    use crate::input::tree::samples::{self, B, F, I, Reader, U};

    struct Ours;
    impl Reader for Ours {
        const NAME: &'static str = "ours";
        fn read<T: DeserializeOwned + std::fmt::Debug>(doc: &str) -> Result<String, String> {
            ours::<T>(doc).map(|v| format!("{v:?}"))
        }
    }

    struct Saphyr;
    impl Reader for Saphyr {
        const NAME: &'static str = "serde-saphyr";
        fn read<T: DeserializeOwned + std::fmt::Debug>(doc: &str) -> Result<String, String> {
            saphyr::<T>(doc).map(|v| format!("{v:?}"))
        }
    }

    /// The first difference between this reader and serde-saphyr on `doc`, if any.
    fn difference(doc: &str) -> Option<String> {
        samples::difference::<Ours, Saphyr>(doc)
    }

    /// Plain and quoted scalars where any type would do (`serde_json::Value`), and where a
    /// string, an integer, a float, a boolean or an option is expected.
    #[test]
    fn scalars_are_typed_as_serde_saphyr_types_them() {
        let scalars = [
            "2024",
            "yes",
            "Off",
            "Y",
            "n",
            "TRUE",
            "0x1F",
            "0o17",
            "0b101",
            "1_000",
            "1__0",
            "_1",
            "012",
            "+5",
            "-3",
            "-0",
            "+0",
            "1e3",
            "1.5",
            "-2.5e-3",
            ".5",
            "5.",
            ".inf",
            "-.Inf",
            "+.INF",
            ".nan",
            "1e999",
            "-1e999",
            "inf",
            "nan",
            "NaN",
            "Infinity",
            "~",
            "null",
            "Null",
            "NULL",
            "",
            "'quoted'",
            "\"2024\"",
            "'null'",
            "''",
            "!!str 12",
            "!!int 12",
            "! 12",
            "!!float 3",
            "!!bool yes",
            "!!null ~",
            "4294967296",
            "18446744073709551616",
            "-9223372036854775809",
            "0x",
            "1:30",
            "a b",
            "é",
            "\"\\u00e9\\n\"",
            "|\n  two\n  lines\n",
            ">\n  folded\n  text\n",
            "[a, 1]",
            "{}",
            "[]",
            "- x\n- y",
            "0",
            "00",
            "0.0",
            "1e",
            "1_000.5",
            "+",
            "-",
        ];
        for scalar in scalars {
            let doc =
                if scalar.starts_with(['|', '>', '-']) && scalar.len() > 1 && scalar.contains('\n')
                {
                    format!("v: {}", scalar.replace("\n", "\n  "))
                } else {
                    format!("v: {scalar}\n")
                };
            if let Some(d) = difference(&doc) {
                panic!("{d}");
            }
        }
    }

    proptest::proptest! {
        /// Plain scalars made of the characters that decide typing (digits, signs, dots,
        /// exponents, radix letters, boolean and null words, `_`, `:`, `~`).
        #[test]
        fn generated_scalars_are_typed_as_serde_saphyr_types_them(
            scalar in "[-+0-9._eExXoObBaAfFnNyYsStTrRuUlL:~ ]{0,9}",
        ) {
            let doc = format!("v: {scalar}\n");
            let d = difference(&doc);
            proptest::prop_assert!(d.is_none(), "{}", d.unwrap_or_default());
        }

        /// Generated values, written as YAML by serde-saphyr and as JSON (which is YAML),
        /// read back the same by both readers.
        #[test]
        fn generated_documents_read_as_serde_saphyr_reads_them(value in crate::input::json_value()) {
            let root = serde_json::json!({ "v": value });
            for doc in [
                serde_saphyr::to_string(&root).expect("YAML"),
                serde_json::to_string(&root).expect("JSON"),
                serde_json::to_string_pretty(&root).expect("JSON"),
            ] {
                let a: Result<serde_json::Value, String> = ours(&doc);
                let b: Result<serde_json::Value, String> = saphyr(&doc);
                proptest::prop_assert_eq!(&a, &b, "{}", doc);
            }
        }
    }

    /// A wrong value says what was expected in words, and what was found.
    #[test]
    fn wrong_values_say_what_was_expected_and_found() {
        assert_eq!(
            ours::<U>("v: two\n").unwrap_err(),
            "expected a whole number from 0 to 4294967295, found `two`"
        );
        assert_eq!(
            ours::<U>("v: -1\n").unwrap_err(),
            "expected a whole number from 0 to 4294967295, found `-1`"
        );
        assert_eq!(
            ours::<F>("v: ~\n").unwrap_err(),
            "expected a number, found null (nothing, `~` or `null`)"
        );
        assert_eq!(
            ours::<B>("v: maybe\n").unwrap_err(),
            "expected true or false (or yes/no, on/off), found `maybe`"
        );
        assert_eq!(
            ours::<I>("v: !!str 5\n").unwrap_err(),
            "expected a whole number from -9223372036854775808 to 9223372036854775807, found a value tagged as another type"
        );
        assert_eq!(
            ours::<U>("v: [1]\n").unwrap_err(),
            "invalid type: sequence, expected a whole number from 0 to 4294967295"
        );
    }

    #[test]
    fn anchors_merge_keys_and_duplicates_behave_as_before() {
        let docs = [
            "base: &b {x: 1, y: 2}\nthis:\n  <<: *b\n  y: 3\n",
            "a: &a {x: 1}\nb: &b {x: 2, z: 4}\nc:\n  <<: [*a, *b]\n  w: 0\n",
            "a: &a [1, 2]\nb: *a\nc: *a\n",
            "a: &a\n  k: v\nb: *a\n",
            "a: 1\na: 2\n",
            "a: 1\nb: {c: 1, c: 2}\n",
            "a: &a [*a]\n",
            "a: *nowhere\n",
            "<<: {x: 1}\nx: 2\n",
            "a:\n  <<: 5\n",
            "'a': 1\na: 2\n",
            "a: 1\n---\nb: 2\n",
            "a: 1\n...\n",
            "a: [1, 2\n",
            "a: b: c\n",
            "\ta: 1\n",
            "a: !custom 5\n",
            "a: !!binary aGk=\n",
            "a: !!binary aGVsbG8=\n",
            "a: !!binary |\n  aGVs\n  bG8=\n",
            "a: !!binary aGVsbG8\n",
            "? [complex]\n: 1\n",
        ];
        for doc in docs {
            let a: Result<serde_json::Value, String> = ours(doc);
            let b: Result<serde_json::Value, String> = saphyr(doc);
            match (&a, &b) {
                (Ok(x), Ok(y)) => assert_eq!(x, y, "{doc:?}"),
                (Err(_), Err(_)) => {}
                _ => panic!("{doc:?}: ours {a:?}, serde-saphyr {b:?}"),
            }
        }
    }

    #[test]
    fn errors_name_the_same_value_and_line() {
        let docs = [
            "version: 1\nname: x\ncomponents:\n  - id: a\n    kind: compute\n    provder: aws\n",
            "version: 1\nname: x\ncomponents:\n  - id: a\n    kind: computer\n    provider: aws\n",
            "version: 1\nname: x\ncomponents:\n  - id: [a]\n    kind: compute\n    provider: aws\n",
            "version: 1\nname: x\ncomponents:\n  - id: a\n    kind: compute\n    provider: aws\n    regions: [{name: r, zones: x}]\n",
            "version: 1\nname: x\ncomponents:\n  - id: a\n    kind: compute\n    provider: aws\n    depends_on: [{id: b, any_of: [c]}]\n",
            "version: one\nname: x\ncomponents: []\n",
            "name: x\ncomponents: []\n",
            "version: 1\nname:\ncomponents: []\n",
            // A shape error before a syntax error is reported first, as a streaming reader
            // meets it first; a syntax error before any shape error wins.
            "version: 1\nname: x\ncomponents:\n  - id: a\n    kind: computer\n    provider: aws\n  - id: [b\n",
            "version: 1\nname: x\ncomponents:\n  - id: [b\n  - id: a\n    kind: computer\n",
            "version: 1\nname: x\nname: y\ncomponents: []\n",
            "version: 1\nnam: x\nname: y\nname: z\n",
        ];
        for doc in docs {
            let (ours, pointer) = from_str::<Architecture>(doc, None).expect_err(doc);
            let mut their_pointer = String::new();
            let theirs = serde_saphyr::with_deserializer_from_str(doc, |de| {
                serde_path_to_error::deserialize::<_, Architecture>(de).map_err(|e| {
                    their_pointer = super::super::pointer(e.path());
                    e.into_inner()
                })
            })
            .expect_err(doc);
            assert_eq!(pointer, their_pointer, "{doc}");
            // A missing field is reported at the start of its mapping (serde-saphyr: where the
            // mapping ended, which can be the next item).
            if ours.message.starts_with("missing field") {
                assert_eq!(
                    ours.at.map(|a| a.line),
                    doc.lines().position(|l| !l.is_empty()).map(|_| 1)
                );
                continue;
            }
            let line = theirs.location().map(|l| l.line() as u32);
            assert_eq!(
                ours.at.map(|a| a.line),
                line,
                "{doc}\nours: {}\ntheirs: {theirs}",
                ours.message
            );
        }
    }

    /// A broken document keeps what came before the break, once: `? ? ? …` (keys that are
    /// mappings) must not copy the subtree at every level (2^depth values).
    #[test]
    fn a_break_inside_nested_keys_keeps_a_small_tree() {
        let budget = YamlBudget {
            max_depth: 20,
            max_nodes: 1_000_000,
            max_alias_expansions: 10,
        };
        let text = "? ".repeat(1_000);
        let (root, after) = build(&text, Some(budget));
        let (size, height) = root.expect("a partial tree").measure();
        assert!(after.is_none());
        assert!(size < 100 && height <= 21, "{size} values, {height} deep");
        let e = from_str::<serde_json::Value>(&text, Some(budget)).expect_err("too deep");
        assert!(!e.0.message.is_empty());
    }

    /// Anchors at every level keep a copy of everything below them: bounded in all.
    #[test]
    fn anchors_nested_at_every_level_are_bounded() {
        let budget = YamlBudget {
            max_depth: 64,
            max_nodes: 10_000_000,
            max_alias_expansions: 10,
        };
        let nested = |levels: usize| {
            let mut text = String::from("a: ");
            for i in 0..levels {
                text.push_str(&format!("&x{i} ["));
            }
            text.push_str(&vec!["1"; 30_000].join(", "));
            text.push_str(&"]".repeat(levels));
            text.push('\n');
            text
        };
        assert!(from_str::<serde_json::Value>(&nested(20), Some(budget)).is_ok());
        let (e, _) = from_str::<serde_json::Value>(&nested(40), Some(budget)).expect_err("kept");
        assert!(
            matches!(e.breach, Some(Breach::Aliases(ref m)) if m.contains("kept for anchors")),
            "{e:?}"
        );
    }

    #[test]
    fn unsupported_tags_and_bad_binary_are_refused_not_misread() {
        for doc in [
            "a: !!binary aGk\n",
            "a: !!binary //8=\n",
            "a: !!timestamp 2001-12-14\n",
            "a: !!seq x\n",
            "a: !!map [1]\n",
        ] {
            let e = ours::<serde_json::Value>(doc).expect_err(doc);
            assert!(e.contains("tag") || e.contains("binary"), "{doc}: {e}");
        }
    }

    #[test]
    fn budgets_stop_deep_wide_and_aliased_documents() {
        let budget = YamlBudget {
            max_depth: 4,
            max_nodes: 20,
            max_alias_expansions: 3,
        };
        let read =
            |doc: &str| from_str::<serde_json::Value>(doc, Some(budget)).map_err(|(e, _)| e.breach);
        assert!(read("a: [[1]]\n").is_ok());
        assert_eq!(
            read("a: [[[[1]]]]\n"),
            Err(Some(Breach::Depth("depth 5".into())))
        );
        assert!(matches!(
            read("a: [[[[[[[[[[1]]]]]]]]]]\n"),
            Err(Some(Breach::Depth(_)))
        ));
        let wide = format!("a: [{}]\n", vec!["1"; 30].join(", "));
        assert!(matches!(read(&wide), Err(Some(Breach::Nodes(21)))));
        assert!(read("a: &a [1]\nb: [*a, *a, *a]\n").is_ok());
        assert!(matches!(
            read("a: &a [1]\nb: [*a, *a, *a, *a]\n"),
            Err(Some(Breach::Aliases(_)))
        ));
        // Aliases nest copies: the copy of `b` below `c` would be 5 deep.
        assert!(read("a: &a [[1]]\nb: &b [*a]\n").is_ok());
        assert_eq!(
            read("a: &a [[1]]\nb: &b [*a]\nc: [*b]\n"),
            Err(Some(Breach::Depth("depth 5".into())))
        );
        let laughs = "a: &a [1, 1, 1]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\n";
        assert!(matches!(read(laughs), Err(Some(Breach::Aliases(_)))));
    }
}
