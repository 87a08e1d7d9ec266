//! Reading YAML into typed values: granit-parser's events become a small tree of nodes, and
//! one type-directed serde `Deserializer` reads the tree into whatever the caller asks for.
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
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag as ParsedTag};

use super::YamlBudget;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct At {
    pub line: u32,
    pub column: u32,
}

impl At {
    fn of(span: &Span) -> At {
        At {
            line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
            column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
        }
    }
}

/// Which budget a document broke, and by how much (for the caller's diagnostic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Breach {
    /// Nesting deeper than `max_depth`; what was found.
    Depth(String),
    /// Aliases expanding more than `max_alias_expansions` allows; what was found.
    Aliases(String),
    /// More values than `max_nodes`.
    Nodes(usize),
}

/// Why a YAML text could not be read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlError {
    /// What went wrong, without the position.
    pub message: String,
    /// Where, when known.
    pub at: Option<At>,
    /// The text is not well-formed YAML (rather than the wrong shape for the target).
    pub syntax: bool,
    /// A budget it broke.
    pub breach: Option<Breach>,
}

impl YamlError {
    fn syntax(message: impl Into<String>, at: Option<At>) -> YamlError {
        YamlError {
            message: message.into(),
            at,
            syntax: true,
            breach: None,
        }
    }

    fn breach(breach: Breach, message: String, at: At) -> YamlError {
        YamlError {
            message,
            at: Some(at),
            syntax: true,
            breach: Some(breach),
        }
    }

    /// Gives the error a position if it has none yet (the innermost node that saw it).
    fn at(mut self, at: At) -> YamlError {
        if self.at.is_none() {
            self.at = Some(at);
        }
        self
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

impl de::Error for YamlError {
    fn custom<M: fmt::Display>(message: M) -> YamlError {
        YamlError {
            message: message.to_string(),
            at: None,
            syntax: false,
            breach: None,
        }
    }
}

/// A scalar's explicit tag, as far as typing goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// No tag, or one this reader ignores.
    None,
    /// `!!str`.
    Str,
    /// The non-specific `!`: a string where any type would do, yet readable as a number or
    /// a boolean where one is expected.
    NonSpecific,
    Null,
    Bool,
    Int,
    Float,
}

/// A value of the document.
#[derive(Debug, Clone)]
struct Node<'a> {
    kind: Kind<'a>,
    at: At,
}

#[derive(Debug, Clone)]
enum Kind<'a> {
    Scalar {
        value: Cow<'a, str>,
        /// Plain (unquoted, not a block scalar): only these are typed by their text.
        plain: bool,
        tag: Tag,
    },
    Seq(Vec<Node<'a>>),
    Map(Vec<(Node<'a>, Node<'a>)>),
    /// Where the text stopped being readable (a syntax error or a broken budget): reading
    /// this node gives that error. Everything before it is in the tree, so a shape error
    /// earlier in the document is reported first, as a streaming reader reports it.
    Broken(Box<YamlError>),
}

impl<'a> Node<'a> {
    /// Values in this subtree (what an alias to it copies), and the nesting of its
    /// collections (0 for a scalar). Recursion is bounded: no subtree is deeper than the
    /// depth budget (aliases included, see `build_into`).
    fn measure(&self) -> (usize, usize) {
        let mut size = 1;
        let mut height = 0;
        let mut add = |node: &Node<'_>| {
            let (s, h) = node.measure();
            size += s;
            height = height.max(h + 1);
        };
        match &self.kind {
            Kind::Scalar { .. } | Kind::Broken(_) => {}
            Kind::Seq(items) => items.iter().for_each(&mut add),
            Kind::Map(entries) => entries.iter().for_each(|(k, v)| {
                add(k);
                add(v);
            }),
        }
        (size, height)
    }

    /// A null: `!!null`, or a plain empty, `~`, `null`, `Null`, `NULL` without a tag that
    /// forces another type.
    fn is_null(&self) -> bool {
        match &self.kind {
            Kind::Scalar { value, plain, tag } => {
                *tag == Tag::Null
                    || (*tag == Tag::None
                        && *plain
                        && matches!(&**value, "" | "~" | "null" | "Null" | "NULL"))
            }
            _ => false,
        }
    }

    /// What the node is, in serde's words (for "invalid type" errors).
    fn unexpected(&self) -> de::Unexpected<'_> {
        match &self.kind {
            Kind::Scalar { .. } if self.is_null() => de::Unexpected::Unit,
            Kind::Scalar { value, .. } => de::Unexpected::Str(value),
            Kind::Seq(_) => de::Unexpected::Seq,
            Kind::Map(_) => de::Unexpected::Map,
            Kind::Broken(_) => de::Unexpected::Other("an unreadable value"),
        }
    }

    /// A reader for this node, or the error that stopped the text here.
    fn read(&self) -> Result<NodeDe<'_, 'a>, YamlError> {
        match &self.kind {
            Kind::Broken(e) => Err((**e).clone()),
            _ => Ok(NodeDe(self)),
        }
    }
}

/// Reads the first document of `text` as a `T`. On failure, also the JSON pointer of the
/// value that failed (empty when the text itself is unreadable).
pub(crate) fn from_str<T: DeserializeOwned>(
    text: &str,
    budget: Option<YamlBudget>,
) -> Result<T, (YamlError, String)> {
    let (root, after) = build(text, budget);
    let Some(root) = root else {
        let e = after.unwrap_or_else(|| YamlError::syntax("the document is empty", None));
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
            YamlError::syntax(
                format!("the document must be a mapping of fields, found {found}"),
                Some(root.at),
            ),
            String::new(),
        ));
    }
    let mut pointer = String::new();
    let value = serde_path_to_error::deserialize(NodeDe(&root)).map_err(|e| {
        pointer = super::pointer(e.path());
        e.into_inner()
    });
    match (value, after) {
        (Err(e), _) if e.syntax => Err((e, String::new())),
        (Err(e), _) => Err((e, pointer)),
        (Ok(_), Some(e)) => Err((e, String::new())),
        (Ok(value), None) => Ok(value),
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
fn build(text: &str, budget: Option<YamlBudget>) -> (Option<Node<'_>>, Option<YamlError>) {
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut root: Option<Node<'_>> = None;
    match build_into(text, budget, &mut stack, &mut root) {
        Ok(()) => (root, None),
        Err(e) => salvage(stack, root, e),
    }
}

/// Closes the open collections around a [`Kind::Broken`] node.
fn salvage<'a>(
    mut stack: Vec<Frame<'a>>,
    root: Option<Node<'a>>,
    e: YamlError,
) -> (Option<Node<'a>>, Option<YamlError>) {
    if root.is_some() && stack.is_empty() {
        return (root, Some(e));
    }
    let at = e.at.unwrap_or(At { line: 1, column: 1 });
    let broken = |e: YamlError| Node {
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

fn build_into<'a>(
    text: &'a str,
    budget: Option<YamlBudget>,
    stack: &mut Vec<Frame<'a>>,
    root: &mut Option<Node<'a>>,
) -> Result<(), YamlError> {
    let max_depth = budget.map_or(usize::MAX, |b| b.max_depth);
    let max_nodes = budget.map_or(usize::MAX, |b| b.max_nodes);
    let max_aliases = budget.map_or(usize::MAX, |b| b.max_alias_expansions);
    let limits = AliasBudget {
        per_anchor: max_aliases,
        total_values: max_aliases.saturating_mul(16),
        aliases: max_aliases,
    };

    let mut options = serde_saphyr::granit_parser::Options::default();
    if let Some(b) = budget {
        options.flow_nesting_limit = b.max_depth.max(1);
    }
    let parser = Parser::new_from_str_with_options(text, options);

    let mut anchors: HashMap<usize, Node<'_>> = HashMap::new();
    let mut expansions: HashMap<usize, usize> = HashMap::new();
    let mut copied = 0usize;
    let mut kept = 0usize;
    let mut aliases = 0usize;
    let mut nodes = 0usize;
    let mut documents = 0usize;

    for item in parser {
        let (event, span) = item.map_err(|e| scan_error(&e, max_depth))?;
        let at = At::of(&span);
        let node = match event {
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError::syntax(
                        "the text holds more than one YAML document (a second `---`); a description is one document",
                        Some(at),
                    ));
                }
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                nodes += 1;
                if nodes > max_nodes {
                    return Err(too_many_nodes(nodes, at));
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
                    keep(&mut anchors, &mut kept, anchor, &node)?;
                }
                node
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                nodes += 1;
                if nodes > max_nodes {
                    return Err(too_many_nodes(nodes, at));
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
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else {
                    return Err(YamlError::syntax(
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
                    keep(&mut anchors, &mut kept, anchor, &node)?;
                }
                node
            }
            Event::Alias(id) => {
                aliases += 1;
                if aliases > limits.aliases {
                    return Err(YamlError::breach(
                        Breach::Aliases(format!("{aliases} aliases")),
                        format!("more than {} aliases", limits.aliases),
                        at,
                    ));
                }
                let Some(target) = anchors.get(&id) else {
                    // granit resolves names to ids; an id without a finished node is an
                    // alias inside the collection it names.
                    return Err(YamlError::syntax(
                        "an alias refers to the collection it is in (a recursive reference)",
                        Some(at),
                    ));
                };
                let count = expansions.entry(id).or_insert(0);
                *count += 1;
                if *count > limits.per_anchor {
                    return Err(YamlError::breach(
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
                copied = copied.saturating_add(size);
                if copied > limits.total_values {
                    return Err(YamlError::breach(
                        Breach::Aliases(format!("{copied} replayed values")),
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
            _ => continue,
        };
        attach(stack, root, node)?;
    }
    Ok(())
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
) -> Result<(), YamlError> {
    *kept = kept.saturating_add(node.measure().0);
    if *kept > MAX_KEPT_FOR_ANCHORS {
        return Err(YamlError::breach(
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
) -> Result<(), YamlError> {
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

/// The text of a scalar key.
fn scalar_text<'n>(node: &'n Node<'_>) -> Option<&'n str> {
    match &node.kind {
        Kind::Scalar { value, .. } => Some(value),
        _ => None,
    }
}

/// A plain `<<` key (YAML 1.1 merge key).
fn is_merge_key(node: &Node<'_>) -> bool {
    matches!(&node.kind, Kind::Scalar { value, plain: true, tag: Tag::None } if value == "<<")
}

/// A key written twice in one mapping: the index of the first repetition in document
/// order, and the error.
fn duplicate_key(entries: &[(Node<'_>, Node<'_>)]) -> Result<(), (usize, YamlError)> {
    let mut keys: Vec<(&str, usize)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, (k, _))| scalar_text(k).map(|name| (name, i)))
        .collect();
    keys.sort_unstable();
    let first_repeat = keys
        .windows(2)
        .filter(|pair| pair[0].0 == pair[1].0)
        .map(|pair| pair[1].1)
        .min();
    match first_repeat {
        None => Ok(()),
        Some(i) => {
            let (k, _) = &entries[i];
            Err((
                i,
                YamlError::syntax(
                    format!(
                        "duplicate mapping key `{}`: a mapping names each key once",
                        scalar_text(k).unwrap_or_default()
                    ),
                    Some(k.at),
                ),
            ))
        }
    }
}

/// Checks the mapping's own keys, then adds the entries of merged mappings whose keys the
/// mapping does not set itself (the first merged mapping wins among merged ones). On a
/// problem, also the entries that read before it.
#[allow(clippy::type_complexity)]
fn merge<'a>(
    mut entries: Vec<(Node<'a>, Node<'a>)>,
    merges: Vec<Node<'a>>,
) -> Result<Vec<(Node<'a>, Node<'a>)>, (Vec<(Node<'a>, Node<'a>)>, YamlError)> {
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
            return Err(YamlError::syntax(
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

fn too_many_nodes(nodes: usize, at: At) -> YamlError {
    YamlError::breach(
        Breach::Nodes(nodes),
        format!("the document has more than {} values", nodes - 1),
        at,
    )
}

fn too_deep(depth: usize, max: usize, at: At) -> YamlError {
    YamlError::breach(
        Breach::Depth(format!("depth {depth}")),
        format!("nested deeper than {max}"),
        at,
    )
}

/// A parser error: syntax, or granit's own nesting guard (a depth breach).
fn scan_error(e: &ScanError, max_depth: usize) -> YamlError {
    let at = At {
        line: u32::try_from(e.marker().line()).unwrap_or(u32::MAX),
        column: u32::try_from(e.marker().col() + 1).unwrap_or(u32::MAX),
    };
    let info = e.info();
    if info.contains("recursion limit exceeded") {
        return YamlError::breach(Breach::Depth(format!("more than {max_depth}")), info, at);
    }
    YamlError::syntax(info, Some(at))
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
) -> Result<(Tag, Cow<'a, str>), YamlError> {
    let Some(tag) = tag else {
        return Ok((Tag::None, value));
    };
    match resolve_tag(tag) {
        Named::Scalar(t) => Ok((t, value)),
        Named::Binary => match base64(&value).map(String::from_utf8) {
            Some(Ok(text)) => Ok((Tag::Str, Cow::Owned(text))),
            Some(Err(_)) => Err(YamlError::syntax(
                "a `!!binary` value must be UTF-8 text once decoded",
                Some(at),
            )),
            None => Err(YamlError::syntax(
                "a `!!binary` value is not valid base64",
                Some(at),
            )),
        },
        Named::Seq | Named::Map | Named::Unsupported => Err(YamlError::syntax(
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
fn collection_tag(tag: Option<&ParsedTag>, map: bool, at: At) -> Result<(), YamlError> {
    let Some(tag) = tag else { return Ok(()) };
    match (resolve_tag(tag), map) {
        (Named::Map, true) | (Named::Seq, false) | (Named::Scalar(Tag::None), _) => Ok(()),
        _ => Err(YamlError::syntax(
            format!(
                "the tag `{tag}` does not fit a {}",
                if map { "mapping" } else { "list" }
            ),
            Some(at),
        )),
    }
}

// ---- scalar typing (serde-saphyr's rules with its default options) -------------------------

/// ASCII padding accepted around a typed scalar.
fn trim(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\r', '\n'])
}

/// YAML 1.1 booleans, any case.
fn parse_bool(s: &str) -> Option<bool> {
    let t = trim(s);
    let is = |words: [&str; 4]| words.iter().any(|w| t.eq_ignore_ascii_case(w));
    if is(["true", "yes", "y", "on"]) {
        Some(true)
    } else if is(["false", "no", "n", "off"]) {
        Some(false)
    } else {
        None
    }
}

/// Digits in `radix` with single `_` between them; at least one digit.
fn digits(text: &str, radix: u32) -> Option<u128> {
    let bytes = text.as_bytes();
    let mut value: u128 = 0;
    let mut seen = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_' {
            let before = i > 0 && bytes[i - 1] != b'_';
            let after = i + 1 < bytes.len() && bytes[i + 1] != b'_';
            if !before || !after {
                return None;
            }
            continue;
        }
        let d = char::from(b).to_digit(radix)?;
        value = value
            .checked_mul(u128::from(radix))?
            .checked_add(u128::from(d))?;
        seen = true;
    }
    seen.then_some(value)
}

/// An integer: optional sign, then decimal (no leading zero), `0x`, `0o` or `0b` digits.
/// Returns the sign and the magnitude.
fn parse_int(s: &str) -> Option<(bool, u128)> {
    let t = trim(s);
    let (negative, rest) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let prefixed = |p: [&str; 2]| rest.strip_prefix(p[0]).or_else(|| rest.strip_prefix(p[1]));
    let magnitude = if let Some(d) = prefixed(["0x", "0X"]) {
        digits(d, 16)?
    } else if let Some(d) = prefixed(["0o", "0O"]) {
        digits(d, 8)?
    } else if let Some(d) = prefixed(["0b", "0B"]) {
        digits(d, 2)?
    } else {
        if rest.starts_with('0') && rest != "0" {
            return None;
        }
        digits(rest, 10)?
    };
    Some((negative, magnitude))
}

fn parse_unsigned(s: &str) -> Option<u64> {
    match parse_int(s)? {
        (false, m) => u64::try_from(m).ok(),
        (true, _) => None,
    }
}

fn parse_signed(s: &str) -> Option<i64> {
    let (negative, m) = parse_int(s)?;
    if negative {
        let m = i128::try_from(m).ok()?;
        i64::try_from(-m).ok()
    } else {
        i64::try_from(m).ok()
    }
}

/// A YAML 1.2 float: `.inf`/`.nan` spellings with a sign, else what Rust parses that is
/// finite (Rust's own `inf`/`nan` words are not YAML).
fn parse_float(s: &str) -> Option<f64> {
    let t = trim(s);
    let (negative, unsigned) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    match unsigned {
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        ".inf" | ".Inf" | ".INF" if negative => return Some(f64::NEG_INFINITY),
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        _ => {}
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// For untyped reading: a float, or a numeral too large for `f64` (infinite).
fn parse_float_or_overflow(s: &str) -> Option<f64> {
    if let Some(v) = parse_float(s) {
        return Some(v);
    }
    let t = trim(s);
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if !unsigned.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_infinite())
}

// ---- the deserializer --------------------------------------------------------------------

/// Reads one node.
#[derive(Clone, Copy)]
struct NodeDe<'n, 'a>(&'n Node<'a>);

impl<'n, 'a> NodeDe<'n, 'a> {
    /// A typed scalar: tagged as `want` or untagged, and parsed by `parse`; else an error
    /// saying what was expected (`expected`, written only for an error) and what was found.
    fn typed<T>(
        self,
        want: Tag,
        expected: impl Fn() -> String,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<T, YamlError> {
        let at = self.0.at;
        let Kind::Scalar { value, tag, .. } = &self.0.kind else {
            return Err(de::Error::invalid_type(
                self.0.unexpected(),
                &Expecting(expected()),
            ));
        };
        let found = if !matches!(*tag, Tag::None | Tag::NonSpecific) && *tag != want {
            "a value tagged as another type".to_owned()
        } else if self.0.is_null() {
            "null (nothing, `~` or `null`)".to_owned()
        } else {
            match parse(value) {
                Some(v) => return Ok(v),
                None => format!("`{value}`"),
            }
        };
        Err(
            <YamlError as de::Error>::custom(format!("expected {}, found {found}", expected()))
                .at(at),
        )
    }
}

/// Stands in for a visitor in [`NodeDe::typed`]'s "expected" wording.
struct Expecting(String);

impl de::Expected for Expecting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An integer method: `parse` (signed or unsigned) reads the scalar, then it must fit `$ty`.
macro_rules! integer {
    ($method:ident, $visit:ident, $ty:ty, $parse:ident) => {
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
            let at = self.0.at;
            let v = self.typed(
                Tag::Int,
                || format!("a whole number from {} to {}", <$ty>::MIN, <$ty>::MAX),
                |s| $parse(s).and_then(|v| <$ty>::try_from(v).ok()),
            )?;
            visitor.$visit(v).map_err(|e: YamlError| e.at(at))
        }
    };
}

impl<'de> de::Deserializer<'de> for NodeDe<'_, '_> {
    type Error = YamlError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        let at = self.0.at;
        let result = match &self.0.kind {
            Kind::Broken(e) => Err((**e).clone()),
            Kind::Seq(items) => visitor.visit_seq(Items(items.iter())),
            Kind::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
            Kind::Scalar { value, plain, tag } => match tag {
                _ if self.0.is_null() => visitor.visit_unit(),
                Tag::Bool => return self.deserialize_bool(visitor),
                Tag::Int if trim(value).starts_with('-') => return self.deserialize_i64(visitor),
                Tag::Int => return self.deserialize_u64(visitor),
                Tag::Float => return self.deserialize_f64(visitor),
                Tag::Str | Tag::NonSpecific | Tag::Null => visitor.visit_str(value),
                Tag::None if !plain => visitor.visit_str(value),
                Tag::None => {
                    if let Some(b) = parse_bool(value) {
                        visitor.visit_bool(b)
                    } else if trim(value).starts_with('-')
                        && let Some(v) = parse_signed(value)
                    {
                        visitor.visit_i64(v)
                    } else if !trim(value).starts_with('-')
                        && let Some(v) = parse_unsigned(value)
                    {
                        visitor.visit_u64(v)
                    } else if let Some(v) = parse_float_or_overflow(value) {
                        if v.is_finite() {
                            visitor.visit_f64(v)
                        } else {
                            Err(<YamlError as de::Error>::custom(format!(
                                "the number `{}` is not finite; write a finite number, or quote it if it is text",
                                trim(value)
                            )))
                        }
                    } else {
                        visitor.visit_str(value)
                    }
                }
            },
        };
        result.map_err(|e: YamlError| e.at(at))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        let at = self.0.at;
        let v = self.typed(
            Tag::Bool,
            || "true or false (or yes/no, on/off)".to_owned(),
            parse_bool,
        )?;
        visitor.visit_bool(v).map_err(|e: YamlError| e.at(at))
    }

    integer!(deserialize_u8, visit_u8, u8, parse_unsigned);
    integer!(deserialize_u16, visit_u16, u16, parse_unsigned);
    integer!(deserialize_u32, visit_u32, u32, parse_unsigned);
    integer!(deserialize_u64, visit_u64, u64, parse_unsigned);
    integer!(deserialize_i8, visit_i8, i8, parse_signed);
    integer!(deserialize_i16, visit_i16, i16, parse_signed);
    integer!(deserialize_i32, visit_i32, i32, parse_signed);
    integer!(deserialize_i64, visit_i64, i64, parse_signed);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        let at = self.0.at;
        let v = self.typed(Tag::Float, || "a number".to_owned(), parse_float)?;
        #[allow(clippy::cast_possible_truncation)]
        visitor.visit_f32(v as f32).map_err(|e: YamlError| e.at(at))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        let at = self.0.at;
        let v = self.typed(Tag::Float, || "a number".to_owned(), parse_float)?;
        visitor.visit_f64(v).map_err(|e: YamlError| e.at(at))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        let at = self.0.at;
        if self.0.is_null() {
            return Err(<YamlError as de::Error>::custom(
                "expected text, found null (nothing, `~` or `null`); quote it if it is text",
            )
            .at(at));
        }
        let result = match &self.0.kind {
            Kind::Scalar {
                value,
                tag: Tag::None | Tag::Str | Tag::NonSpecific,
                ..
            } => visitor.visit_str(value),
            Kind::Scalar { .. } => Err(<YamlError as de::Error>::custom(
                "a value tagged as another type cannot be read as text",
            )),
            _ => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
        };
        result.map_err(|e: YamlError| e.at(at))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        Err(de::Error::invalid_type(self.0.unexpected(), &visitor))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        let at = self.0.at;
        if self.0.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
        .map_err(|e: YamlError| e.at(at))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        if self.0.is_null() {
            visitor.visit_unit()
        } else {
            Err(<YamlError as de::Error>::invalid_type(self.0.unexpected(), &visitor).at(self.0.at))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        let at = self.0.at;
        visitor
            .visit_newtype_struct(self)
            .map_err(|e: YamlError| e.at(at))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        let at = self.0.at;
        match &self.0.kind {
            Kind::Seq(items) => visitor.visit_seq(Items(items.iter())),
            _ => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
        }
        .map_err(|e: YamlError| e.at(at))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        let at = self.0.at;
        match &self.0.kind {
            Kind::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
            _ => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
        }
        .map_err(|e: YamlError| e.at(at))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        let at = self.0.at;
        match &self.0.kind {
            Kind::Scalar { .. } if self.0.is_null() => {
                Err(de::Error::invalid_type(self.0.unexpected(), &visitor))
            }
            Kind::Scalar { value, .. } => visitor.visit_enum(Variant {
                name: value,
                name_at: at,
                content: None,
            }),
            Kind::Map(entries) if entries.len() == 1 => {
                let (k, v) = &entries[0];
                match &k.kind {
                    Kind::Scalar { value, .. } => visitor.visit_enum(Variant {
                        name: value,
                        name_at: k.at,
                        content: Some(v),
                    }),
                    _ => Err(de::Error::invalid_type(k.unexpected(), &visitor)),
                }
            }
            _ => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
        }
        .map_err(|e: YamlError| e.at(at))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        let at = self.0.at;
        match &self.0.kind {
            Kind::Scalar { value, .. } => visitor.visit_str(value),
            _ => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
        }
        .map_err(|e: YamlError| e.at(at))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        visitor.visit_unit()
    }
}

/// The items of a sequence.
struct Items<'n, 'a>(std::slice::Iter<'n, Node<'a>>);

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = YamlError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, YamlError> {
        match self.0.next() {
            Some(node) => seed.deserialize(node.read()?).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The entries of a mapping.
struct Entries<'n, 'a> {
    entries: std::slice::Iter<'n, (Node<'a>, Node<'a>)>,
    value: Option<&'n Node<'a>>,
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = YamlError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, YamlError> {
        match self.entries.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(k.read()?).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, YamlError> {
        match self.value.take() {
            Some(v) => seed.deserialize(v.read()?),
            None => Err(<YamlError as de::Error>::custom(
                "a value was asked for before its key",
            )),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An enum written as `variant` or `{ variant: content }`.
struct Variant<'n, 'a> {
    name: &'n str,
    name_at: At,
    content: Option<&'n Node<'a>>,
}

impl<'de, 'n, 'a> EnumAccess<'de> for Variant<'n, 'a> {
    type Error = YamlError;
    type Variant = Content<'n, 'a>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Content<'n, 'a>), YamlError> {
        let name: de::value::StrDeserializer<'_, YamlError> = self.name.into_deserializer();
        let value = seed
            .deserialize(name)
            .map_err(|e: YamlError| e.at(self.name_at))?;
        Ok((
            value,
            Content {
                content: self.content,
                at: self.name_at,
            },
        ))
    }
}

/// What follows an enum's variant name.
struct Content<'n, 'a> {
    content: Option<&'n Node<'a>>,
    at: At,
}

impl<'de> VariantAccess<'de> for Content<'_, '_> {
    type Error = YamlError;

    fn unit_variant(self) -> Result<(), YamlError> {
        match self.content {
            None => Ok(()),
            Some(node) if node.is_null() => Ok(()),
            Some(node) => Err(<YamlError as de::Error>::invalid_type(
                node.unexpected(),
                &"a name alone",
            )
            .at(node.at)),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, YamlError> {
        match self.content {
            Some(node) => seed.deserialize(node.read()?),
            None => Err(<YamlError as de::Error>::custom(
                "this value needs content: `{ name: value }`",
            )
            .at(self.at)),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        match self.content {
            Some(node) => de::Deserializer::deserialize_seq(node.read()?, visitor),
            None => Err(<YamlError as de::Error>::invalid_type(
                de::Unexpected::UnitVariant,
                &visitor,
            )
            .at(self.at)),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        match self.content {
            Some(node) => de::Deserializer::deserialize_map(node.read()?, visitor),
            None => Err(<YamlError as de::Error>::invalid_type(
                de::Unexpected::UnitVariant,
                &visitor,
            )
            .at(self.at)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Architecture;
    use serde::Deserialize;

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

    #[derive(Debug, PartialEq, Deserialize)]
    struct S {
        v: String,
    }
    #[derive(Debug, PartialEq, Deserialize)]
    struct U {
        v: u32,
    }
    #[derive(Debug, PartialEq, Deserialize)]
    struct I {
        v: i64,
    }
    #[derive(Debug, PartialEq, Deserialize)]
    struct F {
        v: f64,
    }
    #[derive(Debug, PartialEq, Deserialize)]
    struct B {
        v: bool,
    }
    #[derive(Debug, PartialEq, Deserialize)]
    struct O {
        v: Option<String>,
    }
    #[derive(Debug, PartialEq, Deserialize)]
    struct L {
        #[serde(default)]
        v: Vec<String>,
    }

    /// Reads `doc` as eight target types with both readers: both fail, or both give the
    /// same value. The first difference, if any.
    fn difference(doc: &str) -> Option<String> {
        macro_rules! same {
            ($t:ty) => {{
                let a: Result<$t, String> = ours(doc);
                let b: Result<$t, String> = saphyr(doc);
                match (&a, &b) {
                    (Ok(x), Ok(y)) if format!("{x:?}") == format!("{y:?}") => {}
                    (Err(_), Err(_)) => {}
                    _ => {
                        return Some(format!(
                            "{doc:?} as {}: ours {a:?}, serde-saphyr {b:?}",
                            stringify!($t)
                        ));
                    }
                }
            }};
        }
        same!(serde_json::Value);
        same!(S);
        same!(U);
        same!(I);
        same!(F);
        same!(B);
        same!(O);
        same!(L);
        None
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
