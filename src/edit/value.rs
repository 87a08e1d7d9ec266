//! Values with ordered mappings: the model as it serialises (fields in declaration order)
//! and the user's text read generically (keys in the order written).
//!
//! `serde_json::Value` sorts object keys (the crate does not enable `preserve_order`), and
//! the order of the model's fields is what places a new key among existing ones, so the
//! model is serialised to a JSON string (serde_json writes struct fields in declaration
//! order) and read back with the span scanner of [`super::tree`].

use super::EditError;
use super::tree::{self, Node, NodeKind, Style};

/// A value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Seq(Vec<Val>),
    Map(Vec<(String, Val)>),
}

/// Deepest nesting accepted in a serialised model (the parser's own limit is 64).
const MAX_DEPTH: usize = 128;

impl Val {
    /// Whether it is a scalar (not a sequence or mapping).
    pub fn is_scalar(&self) -> bool {
        !matches!(self, Val::Seq(_) | Val::Map(_))
    }

    /// A serialisable value (the model, a part of it) as an ordered value.
    pub fn of<T: serde::Serialize>(value: &T) -> Result<Val, EditError> {
        let text = serde_json::to_string(value).map_err(|e| EditError::Serialize(e.to_string()))?;
        let node = tree::json(&text, MAX_DEPTH)?;
        Ok(Val::from_json(&node))
    }

    /// A JSON tree's value.
    fn from_json(node: &Node) -> Val {
        match &node.kind {
            NodeKind::Scalar { value, style, .. } => {
                if *style == Style::Double {
                    Val::Str(value.clone())
                } else {
                    match value.as_str() {
                        "null" => Val::Null,
                        "true" => Val::Bool(true),
                        "false" => Val::Bool(false),
                        n => n.parse().map_or_else(|_| Val::Str(n.to_owned()), Val::Num),
                    }
                }
            }
            NodeKind::Seq { items, .. } => Val::Seq(items.iter().map(Val::from_json).collect()),
            NodeKind::Map { entries, .. } => Val::Map(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), Val::from_json(&e.value)))
                    .collect(),
            ),
            NodeKind::Alias => Val::Null,
        }
    }

    /// What a node of the user's text says, read without the model's types (the YAML 1.2
    /// core schema for plain scalars). Used only where the model is silent about a key the
    /// user wrote (a default written out), as the "before" of that key.
    pub fn from_text(node: &Node, json: bool) -> Val {
        if json {
            return Val::from_json(node);
        }
        match &node.kind {
            NodeKind::Scalar { value, style, .. } => {
                if *style != Style::Plain {
                    return Val::Str(value.clone());
                }
                match value.as_str() {
                    "" | "~" | "null" | "Null" | "NULL" => Val::Null,
                    "true" | "True" | "TRUE" => Val::Bool(true),
                    "false" | "False" | "FALSE" => Val::Bool(false),
                    v => match v.parse::<f64>() {
                        Ok(n) if v.starts_with(|c: char| c.is_ascii_digit() || "+-.".contains(c)) => {
                            Val::Num(n)
                        }
                        _ => Val::Str(v.to_owned()),
                    },
                }
            }
            NodeKind::Seq { items, .. } => {
                Val::Seq(items.iter().map(|n| Val::from_text(n, json)).collect())
            }
            NodeKind::Map { entries, .. } => Val::Map(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), Val::from_text(&e.value, json)))
                    .collect(),
            ),
            NodeKind::Alias => Val::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_fields_keep_their_declaration_order() {
        #[derive(serde::Serialize)]
        struct S {
            zebra: u32,
            apple: Vec<f64>,
            mango: Option<String>,
        }
        let v = Val::of(&S {
            zebra: 1,
            apple: vec![60.0, 0.5],
            mango: None,
        })
        .unwrap();
        assert_eq!(
            v,
            Val::Map(vec![
                ("zebra".into(), Val::Num(1.0)),
                ("apple".into(), Val::Seq(vec![Val::Num(60.0), Val::Num(0.5)])),
                ("mango".into(), Val::Null),
            ])
        );
        assert!(v.is_scalar() == false && Val::Num(1.0).is_scalar());
    }
}
