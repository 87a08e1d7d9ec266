//! Values with ordered mappings: the model as it serialises (fields in declaration order)
//! and the user's text read generically (keys in the order written).
//!
//! `serde_json::Value` sorts object keys (the crate does not enable `preserve_order`), and
//! the order of the model's fields is what places a new key among existing ones, so the
//! model is serialised to a JSON string (serde_json writes struct fields in declaration
//! order) and read back with the span scanner of [`super::tree`].

use super::tree::{self, Node, NodeKind, Style};
use crate::error::Error;
use crate::model::Architecture;

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

    /// The architecture as an ordered value, in the short forms a user writes.
    pub fn of(arch: &Architecture) -> Result<Val, Error> {
        // Pretty, as `write::to_text` writes JSON: one serialiser of the model in the wasm
        // build instead of two.
        let text = crate::render::json::to_string(arch, crate::render::json::Style::Pretty)?;
        let node = tree::json(&text, MAX_DEPTH)?;
        let mut v = Val::from_json(&node);
        v.shorten();
        Ok(v)
    }

    /// A placement with the default zones serialises as `{ name: us-east-1 }`; users
    /// write (and new text should say) `us-east-1`. Both sides of the walk are shortened
    /// alike, so comparisons are unchanged.
    fn shorten(&mut self) {
        let Some(Val::Seq(components)) = self.get_mut("components") else {
            return;
        };
        for c in components {
            if let Some(Val::Seq(regions)) = c.get_mut("regions") {
                for r in regions {
                    if let Val::Map(entries) = r
                        && let [(k, Val::Str(name))] = entries.as_slice()
                        && k == "name"
                    {
                        *r = Val::Str(name.clone());
                    }
                }
            }
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Val> {
        match self {
            Val::Map(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
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
                        Ok(n)
                            if v.starts_with(|c: char| c.is_ascii_digit() || "+-.".contains(c)) =>
                        {
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
    use crate::model::{Component, Kind, Placement, Zones};

    #[test]
    fn model_fields_keep_their_declaration_order_in_short_forms() {
        let mut c = Component::new("web", Kind::Compute, "aws");
        c.regions = vec![
            Placement {
                name: "us-east-1".into(),
                zones: Zones::Count(1),
            },
            Placement {
                name: "us-west-2".into(),
                zones: Zones::Count(2),
            },
        ];
        c.headroom_percent = Some(60.0);
        let arch = Architecture {
            version: 1,
            name: "t".into(),
            description: None,
            targets: Default::default(),
            components: vec![c],
            journeys: vec![],
            operations: Default::default(),
            sites: vec![],
        };
        let v = Val::of(&arch).unwrap();
        let Val::Map(top) = &v else { panic!() };
        let keys: Vec<&str> = top.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["version", "name", "components"]);
        let Some((_, Val::Seq(cs))) = top.get(2) else {
            panic!()
        };
        assert_eq!(
            cs[0],
            Val::Map(vec![
                ("id".into(), Val::Str("web".into())),
                ("kind".into(), Val::Str("compute".into())),
                ("provider".into(), Val::Str("aws".into())),
                (
                    "regions".into(),
                    Val::Seq(vec![
                        Val::Str("us-east-1".into()),
                        Val::Map(vec![
                            ("name".into(), Val::Str("us-west-2".into())),
                            ("zones".into(), Val::Num(2.0)),
                        ]),
                    ])
                ),
                ("headroom_percent".into(), Val::Num(60.0)),
            ])
        );
        assert!(!v.is_scalar() && Val::Num(1.0).is_scalar());
    }
}
