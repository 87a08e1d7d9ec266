//! Terraform addresses: `module.app[0].aws_instance.web["a"]`, and references such as
//! `aws_subnet.private[0].id` or `module.vpc.private_subnets`.
//!
//! An address is a dotted path whose steps may carry an instance key in brackets; keys are
//! integers or quoted strings, and a quoted key may itself contain dots, brackets and
//! escaped quotes, so splitting on `.` is not enough.

/// One step of a dotted path: a name and an optional instance key (as written, quotes
/// included for string keys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub name: String,
    pub key: Option<String>,
}

/// Splits a dotted path into steps. `None` when it is malformed (unbalanced brackets or
/// quotes, an empty step).
pub(crate) fn steps(text: &str) -> Option<Vec<Step>> {
    let mut out = Vec::new();
    let mut name = String::new();
    let mut key: Option<String> = None;
    let mut chars = text.chars().peekable();
    // 0: reading a name; 1: after a closing bracket (expecting `.`, `[` or the end).
    let mut after_key = false;
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if name.is_empty() {
                    return None;
                }
                out.push(Step {
                    name: std::mem::take(&mut name),
                    key: key.take(),
                });
                after_key = false;
            }
            '[' => {
                if name.is_empty() || after_key {
                    // `a[0][1]` (nested indexing into an attribute) or `[0]` alone: keep the
                    // first key only; later ones index into values, not instances.
                    if after_key {
                        skip_bracket(&mut chars)?;
                        continue;
                    }
                    return None;
                }
                let mut k = String::new();
                let mut in_string = false;
                let mut escaped = false;
                loop {
                    let c = chars.next()?;
                    if in_string {
                        k.push(c);
                        if escaped {
                            escaped = false;
                        } else if c == '\\' {
                            escaped = true;
                        } else if c == '"' {
                            in_string = false;
                        }
                        continue;
                    }
                    match c {
                        '"' => {
                            in_string = true;
                            k.push(c);
                        }
                        ']' => break,
                        _ => k.push(c),
                    }
                }
                key = Some(k);
                after_key = true;
            }
            _ => {
                if after_key {
                    return None;
                }
                name.push(c);
            }
        }
    }
    if name.is_empty() {
        return None;
    }
    out.push(Step { name, key });
    Some(out)
}

fn skip_bracket(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<()> {
    let mut in_string = false;
    let mut escaped = false;
    loop {
        let c = chars.next()?;
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            ']' => return Some(()),
            _ => {}
        }
    }
}

/// A resource instance address, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Address {
    /// Module calls from the root, each with its instance key.
    pub modules: Vec<Step>,
    /// A data source (`data.` prefix).
    pub data: bool,
    /// Resource type.
    pub rtype: String,
    /// Resource name.
    pub name: String,
    /// Instance key (`0`, `"a"`), as written.
    pub key: Option<String>,
}

impl Address {
    /// Parses a full resource instance address. `None` when it is not one.
    pub(crate) fn parse(text: &str) -> Option<Address> {
        let all = steps(text)?;
        let mut i = 0;
        let mut modules = Vec::new();
        while all
            .get(i)
            .is_some_and(|s| s.name == "module" && s.key.is_none())
        {
            let call = all.get(i + 1)?;
            modules.push(call.clone());
            i += 2;
        }
        let mut data = false;
        if all
            .get(i)
            .is_some_and(|s| s.name == "data" && s.key.is_none())
        {
            data = true;
            i += 1;
        }
        let rtype = all.get(i)?;
        let name = all.get(i + 1)?;
        if rtype.key.is_some() || all.len() != i + 2 {
            return None;
        }
        Some(Address {
            modules,
            data,
            rtype: rtype.name.clone(),
            name: name.name.clone(),
            key: name.key.clone(),
        })
    }

    /// The module path without instance keys (`module.a.module.b`, empty for the root).
    pub(crate) fn config_module(&self) -> String {
        config_module_of(&self.modules)
    }

    /// The resource's address in the configuration: module path and `type.name`, no keys.
    pub(crate) fn config(&self) -> String {
        join(&self.config_module(), &self.local())
    }

    /// `type.name` or `data.type.name`.
    pub(crate) fn local(&self) -> String {
        if self.data {
            format!("data.{}.{}", self.rtype, self.name)
        } else {
            format!("{}.{}", self.rtype, self.name)
        }
    }
}

/// `module.a.module.b` from the module steps.
pub(crate) fn config_module_of(modules: &[Step]) -> String {
    let mut out = String::new();
    for m in modules {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str("module.");
        out.push_str(&m.name);
    }
    out
}

/// Joins a module path and a local name (`module.a` + `aws_lb.x`).
pub(crate) fn join(module: &str, local: &str) -> String {
    if module.is_empty() {
        local.to_owned()
    } else {
        format!("{module}.{local}")
    }
}

/// The parent of a module path (`module.a.module.b` → `module.a`; `module.a` → root).
pub(crate) fn parent_module(module: &str) -> Option<&str> {
    if module.is_empty() {
        return None;
    }
    match module.rfind(".module.") {
        Some(i) => Some(&module[..i]),
        None => Some(""),
    }
}

/// The last call name of a module path (`module.a.module.b` → `b`).
pub(crate) fn last_call(module: &str) -> Option<&str> {
    if module.is_empty() {
        return None;
    }
    // Call names contain no dots, so the last step is the call name.
    module.rsplit('.').next()
}

/// The key written in an address (`0`, `"a"`) as the plain value (`0`, `a`).
pub(crate) fn key_text(key: &str) -> String {
    let k = key.trim();
    if let Some(inner) = k.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        let mut out = String::new();
        let mut escaped = false;
        for c in inner.chars() {
            if escaped {
                out.push(c);
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else {
                out.push(c);
            }
        }
        out
    } else {
        k.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_modules_keys_and_data() {
        let a =
            Address::parse(r#"module.app[0].module.db["x.y]"].aws_db_instance.this[1]"#).unwrap();
        assert_eq!(a.config(), "module.app.module.db.aws_db_instance.this");
        assert_eq!(a.modules[1].key.as_deref(), Some(r#""x.y]""#));
        assert_eq!(a.key.as_deref(), Some("1"));
        let d = Address::parse("data.aws_subnet.a").unwrap();
        assert!(d.data);
        assert_eq!(d.config(), "data.aws_subnet.a");
        assert_eq!(
            Address::parse(r#"aws_instance.named["test.1"]"#)
                .unwrap()
                .key
                .map(|k| key_text(&k)),
            Some("test.1".to_owned())
        );
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            ".",
            "aws_instance",
            "aws_instance.",
            "aws_instance.a[",
            "aws_instance.a[\"x]",
            "module.a",
            "a.b.c",
            "module..x.y",
        ] {
            assert!(Address::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn reference_steps() {
        let s = steps("aws_subnet.private[0].id").unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s[1].key.as_deref(), Some("0"));
        assert_eq!(parent_module("module.a.module.b"), Some("module.a"));
        assert_eq!(parent_module("module.a"), Some(""));
        assert_eq!(last_call("module.a.module.b_c"), Some("b_c"));
        assert_eq!(last_call("module.a.module.submodule"), Some("submodule"));
    }
}
