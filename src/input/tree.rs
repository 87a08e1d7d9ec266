//! The tree every description and catalogue is read through, whatever its format: YAML
//! (`super::yaml`, from granit-parser's events) and JSON (`super::json`) both become
//! [`Node`]s, and one type-directed serde `Deserializer` ([`NodeDe`]) reads a tree into
//! whatever the caller asks for.
//!
//! Why one tree: each target type's `Deserialize` impl is instantiated once per deserializer.
//! With serde_json's own deserializer beside this one, every model and catalogue type was in
//! the WebAssembly module twice (docs/performance.md, "WebAssembly size").
//!
//! The typing rules of YAML scalars are described in `super::yaml`. JSON scalars keep
//! JSON's types: a JSON string is only text, a JSON number only a number, `true`/`false`
//! only booleans, `null` only null ([`Tag::JsonText`] and the other `Json` tags).

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct At {
    pub line: u32,
    pub column: u32,
}

/// Which budget a document broke, and by how much (for the caller's diagnostic).
#[derive(Debug, Clone, PartialEq, Eq)]
// Aliases, YAML's tags, broken nodes and the size of a subtree are built by the YAML reader
// only.
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
pub(crate) enum Breach {
    /// Nesting deeper than `max_depth`; what was found.
    Depth(String),
    /// Aliases expanding more than `max_alias_expansions` allows; what was found.
    Aliases(String),
    /// More values than `max_nodes`.
    Nodes(usize),
}

/// Why a text could not be read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TreeError {
    /// What went wrong, without the position.
    pub message: String,
    /// Where, when known.
    pub at: Option<At>,
    /// The text is not well-formed (rather than the wrong shape for the target).
    pub syntax: bool,
    /// A budget it broke.
    pub breach: Option<Breach>,
    /// The keys, indices and enum variants of the values the error came out of, innermost
    /// first (a shape error's JSON pointer, reversed; see [`TreeError::inside`]).
    pub path: Vec<String>,
}

impl TreeError {
    pub(crate) fn syntax(message: impl Into<String>, at: Option<At>) -> TreeError {
        TreeError {
            message: message.into(),
            at,
            syntax: true,
            breach: None,
            path: Vec::new(),
        }
    }

    pub(crate) fn breach(breach: Breach, message: String, at: At) -> TreeError {
        TreeError {
            message,
            at: Some(at),
            syntax: true,
            breach: Some(breach),
            path: Vec::new(),
        }
    }

    /// Records, as a shape error leaves a value, the key, index or variant that value has in
    /// its parent. The readers of sequences, mappings and enum contents call this on every
    /// error passing through them, so the path costs nothing unless there is an error: what
    /// serde_path_to_error recorded for this reader before, by wrapping every visitor and
    /// copying every key (tests compare the two).
    fn inside(mut self, segment: impl fmt::Display) -> TreeError {
        if !self.syntax {
            self.path.push(segment.to_string());
        }
        self
    }

    /// The JSON pointer of [`TreeError::path`].
    pub(crate) fn pointer(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            out.push('/');
            out.push_str(&crate::diagnostic::escape_pointer_token(segment));
        }
        out
    }

    /// Gives the error a position if it has none yet (the innermost node that saw it).
    pub(crate) fn at(mut self, at: At) -> TreeError {
        if self.at.is_none() {
            self.at = Some(at);
        }
        self
    }
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TreeError {}

impl de::Error for TreeError {
    fn custom<M: fmt::Display>(message: M) -> TreeError {
        TreeError {
            message: message.to_string(),
            at: None,
            syntax: false,
            breach: None,
            path: Vec::new(),
        }
    }
}

/// A scalar's explicit tag, as far as typing goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
pub(crate) enum Tag {
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
    /// A JSON string: only text.
    JsonText,
    /// A JSON number (its text as written): only a number.
    JsonNumber,
    /// JSON's `true` or `false`: only a boolean.
    JsonBool,
    /// JSON's `null`.
    JsonNull,
}

/// A value of the document.
#[derive(Debug, Clone)]
pub(crate) struct Node<'a> {
    pub kind: Kind<'a>,
    pub at: At,
}

#[derive(Debug, Clone)]
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
pub(crate) enum Kind<'a> {
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
    Broken(Box<TreeError>),
}

impl<'a> Node<'a> {
    /// Values in this subtree (what an alias to it copies), and the nesting of its
    /// collections (0 for a scalar). Recursion is bounded: no subtree is deeper than the
    /// depth budget (aliases included, see `build_into`).
    #[cfg_attr(not(feature = "yaml"), allow(dead_code))]
    pub(crate) fn measure(&self) -> (usize, usize) {
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
    pub(crate) fn is_null(&self) -> bool {
        match &self.kind {
            Kind::Scalar { value, plain, tag } => {
                matches!(tag, Tag::Null | Tag::JsonNull)
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
            Kind::Scalar {
                value,
                tag: Tag::JsonBool,
                ..
            } => de::Unexpected::Bool(value == "true"),
            Kind::Scalar {
                value,
                tag: Tag::JsonNumber,
                ..
            } => match (
                parse_unsigned(value),
                parse_signed(value),
                parse_float(value),
            ) {
                (Some(v), _, _) => de::Unexpected::Unsigned(v),
                (_, Some(v), _) => de::Unexpected::Signed(v),
                (_, _, Some(v)) => de::Unexpected::Float(v),
                _ => de::Unexpected::Other("a number"),
            },
            Kind::Scalar { value, .. } => de::Unexpected::Str(value),
            Kind::Seq(_) => de::Unexpected::Seq,
            Kind::Map(_) => de::Unexpected::Map,
            Kind::Broken(_) => de::Unexpected::Other("an unreadable value"),
        }
    }

    /// A reader for this node, or the error that stopped the text here.
    pub(crate) fn read(&self) -> Result<NodeDe<'_, 'a>, TreeError> {
        match &self.kind {
            Kind::Broken(e) => Err((**e).clone()),
            _ => Ok(NodeDe(self)),
        }
    }
}

/// Reads a node as a `T` (any node: JSON's root may be any value, and the target type says
/// what it wanted). On failure, also the JSON pointer of the value that failed (empty for a
/// syntax error).
pub(crate) fn read_value<T: DeserializeOwned>(node: &Node<'_>) -> Result<T, (TreeError, String)> {
    T::deserialize(node.read().map_err(|e| (e, String::new()))?).map_err(|e| {
        let pointer = if e.syntax { String::new() } else { e.pointer() };
        (e, pointer)
    })
}

/// The text of a scalar key.
pub(crate) fn scalar_text<'n>(node: &'n Node<'_>) -> Option<&'n str> {
    match &node.kind {
        Kind::Scalar { value, .. } => Some(value),
        _ => None,
    }
}

/// A key written twice in one mapping: the index of the first repetition in document
/// order, and the error.
pub(crate) fn duplicate_key(entries: &[(Node<'_>, Node<'_>)]) -> Result<(), (usize, TreeError)> {
    let first_repeat = if entries.len() <= 16 {
        // Most mappings are small: compare each key with those before it, without a copy.
        (1..entries.len()).find(|&i| {
            scalar_text(&entries[i].0).is_some_and(|name| {
                entries[..i]
                    .iter()
                    .any(|(k, _)| scalar_text(k) == Some(name))
            })
        })
    } else {
        let mut keys: Vec<(&str, usize)> = entries
            .iter()
            .enumerate()
            .filter_map(|(i, (k, _))| scalar_text(k).map(|name| (name, i)))
            .collect();
        keys.sort_unstable();
        keys.windows(2)
            .filter(|pair| pair[0].0 == pair[1].0)
            .map(|pair| pair[1].1)
            .min()
    };
    match first_repeat {
        None => Ok(()),
        Some(i) => {
            let (k, _) = &entries[i];
            Err((
                i,
                TreeError::syntax(
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

// ---- scalar typing (serde-saphyr's rules with its default options) -------------------------

/// ASCII padding accepted around a typed scalar.
pub(crate) fn trim(s: &str) -> &str {
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

/// [`parse_float`] for an `f32` target.
fn parse_float32(s: &str) -> Option<f32> {
    #[allow(clippy::cast_possible_truncation)]
    match parse_float(s)? {
        v if !v.is_finite() => Some(v as f32),
        _ => trim(s).parse::<f32>().ok().filter(|v| v.is_finite()),
    }
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
pub(crate) struct NodeDe<'n, 'a>(&'n Node<'a>);

impl<'n, 'a> NodeDe<'n, 'a> {
    /// A typed scalar: tagged as `want` or untagged, and parsed by `parse`; else an error
    /// saying what was expected (`expected`, written only for an error) and what was found.
    fn typed<T>(
        self,
        want: Tag,
        expected: impl Fn() -> String,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<T, TreeError> {
        let at = self.0.at;
        let Kind::Scalar { value, tag, .. } = &self.0.kind else {
            return Err(de::Error::invalid_type(
                self.0.unexpected(),
                &Expecting(expected()),
            ));
        };
        let json_fits = match *tag {
            // serde_json reads `-0` as the float -0.0, never as an integer.
            Tag::JsonNumber => want == Tag::Float || (want == Tag::Int && value != "-0"),
            Tag::JsonBool => want == Tag::Bool,
            _ => false,
        };
        let found = if json_fits {
            match parse(value) {
                Some(v) => return Ok(v),
                None => format!("`{value}`"),
            }
        } else if let Some(found) = json_found(*tag, value) {
            found
        } else if !matches!(*tag, Tag::None | Tag::NonSpecific) && *tag != want {
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
            <TreeError as de::Error>::custom(format!("expected {}, found {found}", expected()))
                .at(at),
        )
    }
}

/// What a JSON scalar is, in the words of an error, where it is not what a reader expects
/// (`None` for anything else, whose wording is YAML's).
fn json_found(tag: Tag, value: &str) -> Option<String> {
    match tag {
        Tag::JsonText => Some(format!("the text \"{value}\"")),
        Tag::JsonNumber => Some(format!("the number {value}")),
        Tag::JsonBool => Some(format!("`{value}`")),
        Tag::JsonNull => Some("null".to_owned()),
        _ => None,
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
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
            let at = self.0.at;
            let v = self.typed(
                Tag::Int,
                || format!("a whole number from {} to {}", <$ty>::MIN, <$ty>::MAX),
                |s| $parse(s).and_then(|v| <$ty>::try_from(v).ok()),
            )?;
            visitor.$visit(v).map_err(|e: TreeError| e.at(at))
        }
    };
}

impl<'de> de::Deserializer<'de> for NodeDe<'_, '_> {
    type Error = TreeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let at = self.0.at;
        let result = match &self.0.kind {
            Kind::Broken(e) => Err((**e).clone()),
            Kind::Seq(items) => visitor.visit_seq(Items(items.iter().enumerate())),
            Kind::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
            Kind::Scalar { value, plain, tag } => match tag {
                _ if self.0.is_null() => visitor.visit_unit(),
                Tag::JsonText => visitor.visit_str(value),
                Tag::JsonNull => visitor.visit_unit(),
                Tag::JsonBool => visitor.visit_bool(value == "true"),
                Tag::JsonNumber => {
                    if value == "-0" {
                        visitor.visit_f64(-0.0)
                    } else if let Some(v) = parse_unsigned(value) {
                        visitor.visit_u64(v)
                    } else if let Some(v) = parse_signed(value) {
                        visitor.visit_i64(v)
                    } else if let Some(v) = parse_float(value) {
                        visitor.visit_f64(v)
                    } else {
                        Err(<TreeError as de::Error>::custom(format!(
                            "the number `{value}` is too large to be read"
                        )))
                    }
                }
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
                            Err(<TreeError as de::Error>::custom(format!(
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
        result.map_err(|e: TreeError| e.at(at))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let at = self.0.at;
        let v = self.typed(
            Tag::Bool,
            || "true or false (or yes/no, on/off)".to_owned(),
            parse_bool,
        )?;
        visitor.visit_bool(v).map_err(|e: TreeError| e.at(at))
    }

    integer!(deserialize_u8, visit_u8, u8, parse_unsigned);
    integer!(deserialize_u16, visit_u16, u16, parse_unsigned);
    integer!(deserialize_u32, visit_u32, u32, parse_unsigned);
    integer!(deserialize_u64, visit_u64, u64, parse_unsigned);
    integer!(deserialize_i8, visit_i8, i8, parse_signed);
    integer!(deserialize_i16, visit_i16, i16, parse_signed);
    integer!(deserialize_i32, visit_i32, i32, parse_signed);
    integer!(deserialize_i64, visit_i64, i64, parse_signed);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let at = self.0.at;
        // Parsed as an `f32` directly: through an `f64` first, some texts would be rounded
        // twice.
        let v = self.typed(Tag::Float, || "a number".to_owned(), parse_float32)?;
        visitor.visit_f32(v).map_err(|e: TreeError| e.at(at))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let at = self.0.at;
        let v = self.typed(Tag::Float, || "a number".to_owned(), parse_float)?;
        visitor.visit_f64(v).map_err(|e: TreeError| e.at(at))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let at = self.0.at;
        if let Kind::Scalar { value, tag, .. } = &self.0.kind
            && *tag != Tag::JsonText
            && let Some(found) = json_found(*tag, value)
        {
            return Err(<TreeError as de::Error>::custom(format!(
                "expected text, found {found}; write it in double quotes if it is text"
            ))
            .at(at));
        }
        if self.0.is_null() {
            return Err(<TreeError as de::Error>::custom(
                "expected text, found null (nothing, `~` or `null`); quote it if it is text",
            )
            .at(at));
        }
        let result = match &self.0.kind {
            Kind::Scalar {
                value,
                tag: Tag::None | Tag::Str | Tag::NonSpecific | Tag::JsonText,
                ..
            } => visitor.visit_str(value),
            Kind::Scalar { .. } => Err(<TreeError as de::Error>::custom(
                "a value tagged as another type cannot be read as text",
            )),
            _ => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
        };
        result.map_err(|e: TreeError| e.at(at))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        Err(de::Error::invalid_type(self.0.unexpected(), &visitor))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let at = self.0.at;
        if self.0.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
        .map_err(|e: TreeError| e.at(at))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        if self.0.is_null() {
            visitor.visit_unit()
        } else {
            Err(<TreeError as de::Error>::invalid_type(self.0.unexpected(), &visitor).at(self.0.at))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        let at = self.0.at;
        visitor
            .visit_newtype_struct(self)
            .map_err(|e: TreeError| e.at(at))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let at = self.0.at;
        match &self.0.kind {
            Kind::Seq(items) => {
                let mut rest = Items(items.iter().enumerate());
                let value = visitor.visit_seq(&mut rest)?;
                // A fixed-size target (a tuple) that took fewer items than were written:
                // the rest would be dropped without a word.
                match rest.0.len() {
                    0 => Ok(value),
                    left => Err(de::Error::invalid_length(
                        items.len(),
                        &Expecting(format!("{} items", items.len() - left)),
                    )),
                }
            }
            _ => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
        }
        .map_err(|e: TreeError| e.at(at))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let at = self.0.at;
        match &self.0.kind {
            Kind::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
            _ => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
        }
        .map_err(|e: TreeError| e.at(at))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        let at = self.0.at;
        match &self.0.kind {
            Kind::Scalar {
                tag: Tag::JsonNumber | Tag::JsonBool,
                ..
            } => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
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
        .map_err(|e: TreeError| e.at(at))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let at = self.0.at;
        match &self.0.kind {
            Kind::Scalar {
                tag: Tag::JsonNumber | Tag::JsonBool | Tag::JsonNull,
                ..
            } => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
            Kind::Scalar { value, .. } => visitor.visit_str(value),
            _ => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
        }
        .map_err(|e: TreeError| e.at(at))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        visitor.visit_unit()
    }
}

/// The items of a sequence.
struct Items<'n, 'a>(std::iter::Enumerate<std::slice::Iter<'n, Node<'a>>>);

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = TreeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, TreeError> {
        match self.0.next() {
            Some((i, node)) => seed
                .deserialize(node.read()?)
                .map(Some)
                .map_err(|e| e.inside(i).at(node.at)),
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
    /// The entry whose key was read last, until its value is.
    value: Option<&'n (Node<'a>, Node<'a>)>,
}

/// An error coming out of an entry's key or value: inside that key, when it is a scalar
/// (serde_path_to_error named other keys by nothing).
fn inside_key(e: TreeError, key: &Node<'_>) -> TreeError {
    match scalar_text(key) {
        Some(name) => e.inside(name),
        None => e,
    }
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = TreeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, TreeError> {
        match self.entries.next() {
            Some(entry) => {
                self.value = Some(entry);
                let key = &entry.0;
                seed.deserialize(key.read()?)
                    .map(Some)
                    .map_err(|e| inside_key(e, key).at(key.at))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, TreeError> {
        match self.value.take() {
            Some((key, value)) => seed
                .deserialize(value.read()?)
                .map_err(|e| inside_key(e, key).at(value.at)),
            None => Err(<TreeError as de::Error>::custom(
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
    type Error = TreeError;
    type Variant = Content<'n, 'a>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Content<'n, 'a>), TreeError> {
        let name: de::value::StrDeserializer<'_, TreeError> = self.name.into_deserializer();
        let value = seed
            .deserialize(name)
            .map_err(|e: TreeError| e.at(self.name_at))?;
        Ok((
            value,
            Content {
                name: self.name,
                content: self.content,
                at: self.name_at,
            },
        ))
    }
}

/// What follows an enum's variant name. An error reading it is inside the variant (as
/// `/name` in the pointer).
struct Content<'n, 'a> {
    name: &'n str,
    content: Option<&'n Node<'a>>,
    at: At,
}

impl<'de> VariantAccess<'de> for Content<'_, '_> {
    type Error = TreeError;

    fn unit_variant(self) -> Result<(), TreeError> {
        let name = self.name;
        match self.content {
            None => Ok(()),
            Some(node) if node.is_null() => Ok(()),
            Some(node) => Err(<TreeError as de::Error>::invalid_type(
                node.unexpected(),
                &"a name alone",
            )
            .at(node.at)),
        }
        .map_err(|e| e.inside(name))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, TreeError> {
        match self.content {
            Some(node) => seed.deserialize(node.read()?),
            None => Err(<TreeError as de::Error>::custom(
                "this value needs content: `{ name: value }`",
            )
            .at(self.at)),
        }
        .map_err(|e| e.inside(self.name))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        match self.content {
            Some(node) => de::Deserializer::deserialize_seq(node.read()?, visitor),
            None => Err(<TreeError as de::Error>::invalid_type(
                de::Unexpected::UnitVariant,
                &visitor,
            )
            .at(self.at)),
        }
        .map_err(|e| e.inside(self.name))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        match self.content {
            Some(node) => de::Deserializer::deserialize_map(node.read()?, visitor),
            None => Err(<TreeError as de::Error>::invalid_type(
                de::Unexpected::UnitVariant,
                &visitor,
            )
            .at(self.at)),
        }
        .map_err(|e| e.inside(self.name))
    }
}

/// One value `v` of each scalar-ish type, which the readers' tests read documents as, and
/// the comparison of two readers over them.
#[cfg(test)]
pub(crate) mod samples {
    use serde::Deserialize;
    use serde::de::DeserializeOwned;

    #[derive(Debug, PartialEq, Deserialize)]
    pub(crate) struct S {
        pub v: String,
    }
    #[derive(Debug, PartialEq, Deserialize)]
    pub(crate) struct U {
        pub v: u32,
    }
    #[derive(Debug, PartialEq, Deserialize)]
    pub(crate) struct I {
        pub v: i64,
    }
    #[derive(Debug, PartialEq, Deserialize)]
    pub(crate) struct F {
        pub v: f64,
    }
    #[derive(Debug, PartialEq, Deserialize)]
    pub(crate) struct B {
        pub v: bool,
    }
    #[derive(Debug, PartialEq, Deserialize)]
    pub(crate) struct O {
        pub v: Option<String>,
    }
    #[derive(Debug, PartialEq, Deserialize)]
    pub(crate) struct L {
        #[serde(default)]
        pub v: Vec<String>,
    }

    /// A reader under test: its name, and a text read as `T` (the value through `Debug`, or
    /// the error's words).
    pub(crate) trait Reader {
        const NAME: &'static str;
        fn read<T: DeserializeOwned + std::fmt::Debug>(doc: &str) -> Result<String, String>;
    }

    /// Reads `doc` as any value, each sample type and a description with readers `A` and
    /// `B`: both fail, or both give the same value. The first difference, if any.
    pub(crate) fn difference<A: Reader, B: Reader>(doc: &str) -> Option<String> {
        macro_rules! same {
            ($t:ty) => {{
                let a = A::read::<$t>(doc);
                let b = B::read::<$t>(doc);
                match (&a, &b) {
                    (Ok(x), Ok(y)) if x == y => {}
                    (Err(_), Err(_)) => {}
                    _ => {
                        return Some(format!(
                            "{doc:?} as {}: {} {a:?}, {} {b:?}",
                            stringify!($t),
                            A::NAME,
                            B::NAME
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
        same!(self::B);
        same!(O);
        same!(L);
        same!(crate::model::Architecture);
        None
    }
}
