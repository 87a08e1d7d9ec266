//! References in the configuration: which resources an expression names, followed through
//! module inputs (`var.x` → the caller's argument) and module outputs
//! (`module.vpc.private_subnets` → the output's own references), and constant values
//! followed the same way (a provider's `region = var.region`).
//!
//! Terraform's JSON configuration lists, for each expression, the references it contains
//! (`aws_lb.web.arn`, `aws_lb.web`, `var.x`, `module.db.endpoint` ...) but not `locals`
//! (a reference through `local.x` is a dead end here, a documented limit).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::address::{join, key_text, parent_module, steps};
use super::doc::Config;

/// How deep the importer follows variables and outputs through module boundaries.
const MAX_HOPS: usize = 24;

/// A resource (or one instance of it) that an expression refers to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Target {
    /// Config address (`module.app.aws_lb.web`).
    pub config: String,
    /// Instance key in plain text (`0`, `a`) when the reference names one instance.
    pub key: Option<String>,
}

/// One attribute's references: its path in the resource (`default_action.target_group_arn`),
/// the index of the top-level block it sits in (for repeated blocks such as CloudFront
/// `origin`), and the references themselves.
#[derive(Debug, Clone)]
pub(crate) struct AttrRefs<'a> {
    pub path: String,
    pub block: Option<usize>,
    pub refs: Vec<&'a str>,
}

/// True when `v` is one expression (`{ constant_value }` or `{ references }`) rather than a
/// nested block.
fn is_expression(m: &Map<String, Value>) -> bool {
    !m.is_empty() && m.keys().all(|k| k == "constant_value" || k == "references")
}

/// Every attribute of a resource's `expressions` with its references, depth first.
pub(crate) fn attr_refs(expressions: &Map<String, Value>) -> Vec<AttrRefs<'_>> {
    let mut out = Vec::new();
    for (name, v) in expressions {
        collect(v, name, None, &mut out, 0);
    }
    out
}

fn collect<'a>(
    v: &'a Value,
    path: &str,
    block: Option<usize>,
    out: &mut Vec<AttrRefs<'a>>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    match v {
        Value::Object(m) if is_expression(m) => {
            let refs: Vec<&str> = m
                .get("references")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if !refs.is_empty() {
                out.push(AttrRefs {
                    path: path.to_owned(),
                    block,
                    refs,
                });
            }
        }
        Value::Object(m) => {
            for (k, child) in m {
                collect(child, &format!("{path}.{k}"), block, out, depth + 1);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                // Only the outermost block index is kept (which `origin` block, which
                // `rule`): deeper ones do not identify anything the importer reads.
                collect(item, path, block.or(Some(i)), out, depth + 1);
            }
        }
        _ => {}
    }
}

/// The expression at a dotted path (tests only: the importer reads blocks itself) (`region`, `settings.availability_type`), descending into
/// the first block of each repeated block.
#[cfg(test)]
pub(crate) fn expression_at<'a>(
    expressions: &'a Map<String, Value>,
    path: &str,
) -> Option<&'a Map<String, Value>> {
    let mut cur: &Map<String, Value> = expressions;
    let mut parts = path.split('.').peekable();
    while let Some(p) = parts.next() {
        let mut v = cur.get(p)?;
        if let Value::Array(a) = v {
            v = a.first()?;
        }
        let m = v.as_object()?;
        if parts.peek().is_none() {
            return is_expression(m).then_some(m);
        }
        cur = m;
    }
    None
}

/// Resolves references to resources, following variables and outputs across modules.
pub(crate) struct Resolver<'c, 'a> {
    pub config: &'c Config<'a>,
    pub variables: &'c std::collections::BTreeMap<String, &'a Value>,
}

impl<'a> Resolver<'_, 'a> {
    /// The resources one expression's references name, in `module`. Of a reference given
    /// both with and without an instance key (Terraform lists `aws_subnet.a[0]` and
    /// `aws_subnet.a`), the keyed one wins.
    pub(crate) fn targets(&self, module: &str, refs: &[&str]) -> Vec<Target> {
        let mut found = BTreeSet::new();
        let mut visited = BTreeSet::new();
        // Terraform lists `module.db.endpoint` and `module.db` for one use of an output:
        // the bare module reference adds nothing but every resource of the module.
        let specific: Vec<&str> = refs
            .iter()
            .copied()
            .filter(|r| {
                !(r.starts_with("module.")
                    && steps(r).is_some_and(|s| s.len() == 2)
                    && refs.iter().any(|o| {
                        o.len() > r.len()
                            && o.starts_with(r)
                            && o[r.len()..].starts_with(['.', '['])
                    }))
            })
            .collect();
        for r in specific {
            self.resolve(module, r, 0, &mut found, &mut visited);
        }
        let keyed: BTreeSet<String> = found
            .iter()
            .filter(|t| t.key.is_some())
            .map(|t| t.config.clone())
            .collect();
        found
            .into_iter()
            .filter(|t| t.key.is_some() || !keyed.contains(&t.config))
            .collect()
    }

    fn resolve(
        &self,
        module: &str,
        reference: &str,
        hops: usize,
        found: &mut BTreeSet<Target>,
        visited: &mut BTreeSet<(String, String)>,
    ) {
        if hops > MAX_HOPS || !visited.insert((module.to_owned(), reference.to_owned())) {
            return;
        }
        let Some(s) = steps(reference) else { return };
        let Some(first) = s.first() else { return };
        match first.name.as_str() {
            "var" => {
                let Some(var) = s.get(1) else { return };
                let Some(parent) = parent_module(module) else {
                    return;
                };
                let call = super::address::last_call(module).unwrap_or("");
                let Some(expr) = self
                    .config
                    .modules
                    .get(parent)
                    .and_then(|m| m.calls.get(call))
                    .and_then(|c| c.expressions)
                    .and_then(|e| e.get(&var.name))
                else {
                    return;
                };
                for r in expression_refs(expr) {
                    self.resolve(parent, r, hops + 1, found, visited);
                }
            }
            "module" => {
                let Some(call) = s.get(1) else { return };
                let child = join(module, &format!("module.{}", call.name));
                match s.get(2) {
                    Some(output) => {
                        let Some(expr) = self
                            .config
                            .modules
                            .get(&child)
                            .and_then(|m| m.outputs.get(&output.name))
                        else {
                            return;
                        };
                        for r in expression_refs(expr) {
                            self.resolve(&child, r, hops + 1, found, visited);
                        }
                    }
                    None => {
                        // The whole module: every resource in it and below.
                        let prefix = format!("{child}.");
                        for (path, m) in self.config.modules.range(child.clone()..) {
                            if path != &child && !path.starts_with(&prefix) {
                                break;
                            }
                            for local in m.resources.keys() {
                                found.insert(Target {
                                    config: join(path, local),
                                    key: None,
                                });
                            }
                        }
                    }
                }
            }
            "local" | "each" | "count" | "path" | "terraform" | "self" => {}
            "data" => {
                let (Some(t), Some(n)) = (s.get(1), s.get(2)) else {
                    return;
                };
                found.insert(Target {
                    config: join(module, &format!("data.{}.{}", t.name, n.name)),
                    key: n.key.as_deref().map(key_text),
                });
            }
            _ => {
                let Some(n) = s.get(1) else { return };
                if first.key.is_some() {
                    return;
                }
                found.insert(Target {
                    config: join(module, &format!("{}.{}", first.name, n.name)),
                    key: n.key.as_deref().map(key_text),
                });
            }
        }
    }

    /// The constant value of an expression in `module`: its `constant_value`, or the value
    /// of the one variable it references (the caller's argument, or the root variable's
    /// value in the plan).
    pub(crate) fn constant(&self, module: &str, expr: &'a Map<String, Value>) -> Option<&'a Value> {
        self.constant_hops(module, expr, 0)
    }

    fn constant_hops(
        &self,
        module: &str,
        expr: &'a Map<String, Value>,
        hops: usize,
    ) -> Option<&'a Value> {
        if hops > MAX_HOPS {
            return None;
        }
        if let Some(v) = expr.get("constant_value") {
            return Some(v);
        }
        let refs: Vec<&str> = expr
            .get("references")?
            .as_array()?
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let [only] = refs.as_slice() else {
            return None;
        };
        let s = steps(only)?;
        if s.len() != 2 || s.first()?.name != "var" {
            return None;
        }
        let var = &s.get(1)?.name;
        match parent_module(module) {
            None => self.variables.get(var.as_str()).copied(),
            Some(parent) => {
                let call = super::address::last_call(module)?;
                let e = self
                    .config
                    .modules
                    .get(parent)?
                    .calls
                    .get(call)?
                    .expressions?
                    .get(var.as_str())?
                    .as_object()?;
                self.constant_hops(parent, e, hops + 1)
            }
        }
    }
}

/// The references of one expression object.
pub(crate) fn expression_refs(expr: &Value) -> Vec<&str> {
    expr.as_object()
        .and_then(|m| m.get("references"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn collects_nested_block_references_with_block_index() {
        let e = json!({
            "origin": [
                {"domain_name": {"references": ["aws_lb.a.dns_name", "aws_lb.a"]}, "origin_id": {"constant_value": "a"}},
                {"domain_name": {"references": ["aws_lb.b"]}}
            ],
            "name": {"constant_value": "x"}
        });
        let refs = attr_refs(e.as_object().unwrap());
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[0].path, "origin.domain_name");
        assert_eq!(refs[0].block, Some(0));
        assert_eq!(refs[1].block, Some(1));
        let id = expression_at(e.as_object().unwrap(), "origin.origin_id").unwrap();
        assert_eq!(id.get("constant_value"), Some(&json!("a")));
    }
}
