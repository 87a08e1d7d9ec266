//! Reading `terraform show -json` output: which resource instances exist (or will), their
//! known and unknown values, and the configuration (provider blocks, module calls, resource
//! expressions with their references).
//!
//! The format (documented by HashiCorp as the "JSON Output Format") has been stable since
//! Terraform 0.12 under `format_version` 0.1, 0.2 and 1.x: newer minor versions only add
//! properties, which are ignored here. A plan holds `planned_values` (what will exist after
//! apply, unknown values omitted), `resource_changes` (per instance, `after_unknown` marks
//! values known only after apply), `prior_state` and `configuration`; a state holds
//! `values`. Only the shape this module relies on is checked: a wrong type there is an
//! error with its JSON pointer, anything else unexpected is ignored.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::address::{Address, config_module_of, join};
use super::error::{fail, plan, shape};
use crate::diagnostic::Code;
use crate::diagnostic::escape_pointer_token;
use crate::error::Error;

/// A plan or a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocKind {
    Plan,
    State,
}

/// One resource instance that exists or will exist (or a data source that was read).
#[derive(Debug, Clone)]
pub(crate) struct Instance<'a> {
    pub address: String,
    /// The config address (`module.app.aws_lb.web`): module path and `type.name`, no keys.
    pub config: String,
    /// The module path without keys (`module.app`), empty for the root module.
    pub config_module: String,
    pub data: bool,
    pub rtype: String,
    /// Instance key as written (`0`, `"a"`).
    pub key: Option<String>,
    /// Known values.
    pub values: Option<&'a Map<String, Value>>,
    /// `after_unknown` from the plan: `true` where a value is known only after apply.
    pub unknown: Option<&'a Value>,
    /// JSON pointer to where the instance was read.
    pub pointer: String,
    /// State `depends_on` (config addresses), when the document records them.
    pub depends_on: Vec<String>,
}

/// A provider configuration block (`provider "aws" { alias = "west" region = ... }`).
#[derive(Debug, Clone)]
pub(crate) struct ProviderCfg<'a> {
    pub name: String,
    /// The module that declares it (config path), empty for the root.
    pub module: String,
    pub expressions: Option<&'a Map<String, Value>>,
}

/// A resource block in the configuration.
#[derive(Debug, Clone)]
pub(crate) struct ResourceCfg<'a> {
    pub provider_key: Option<String>,
    pub expressions: Option<&'a Map<String, Value>>,
}

/// A module call (`module "db" { source = ... }`) as seen from its parent.
#[derive(Debug, Clone)]
pub(crate) struct CallCfg<'a> {
    pub expressions: Option<&'a Map<String, Value>>,
}

/// One module of the configuration.
#[derive(Debug, Clone, Default)]
pub(crate) struct ModuleCfg<'a> {
    /// By local address (`aws_lb.web`, `data.aws_subnet.a`).
    pub resources: BTreeMap<String, ResourceCfg<'a>>,
    /// Child module calls by name.
    pub calls: BTreeMap<String, CallCfg<'a>>,
    /// Output expressions by name.
    pub outputs: BTreeMap<String, &'a Value>,
}

/// The configuration part of a plan.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config<'a> {
    pub present: bool,
    /// By the key resources use in `provider_config_key`.
    pub providers: BTreeMap<String, ProviderCfg<'a>>,
    /// By config module path (empty for the root).
    pub modules: BTreeMap<String, ModuleCfg<'a>>,
}

impl<'a> Config<'a> {
    pub(crate) fn resource(&self, config_address: &str) -> Option<&ResourceCfg<'a>> {
        let (module, local) = split_config_address(config_address);
        self.modules.get(module)?.resources.get(local)
    }
}

/// Splits `module.a.aws_lb.web` into (`module.a`, `aws_lb.web`).
pub(crate) fn split_config_address(address: &str) -> (&str, &str) {
    // The local part is the last two steps (three with `data.`); module steps come in pairs.
    let parts: Vec<&str> = address.split('.').collect();
    let local_len = if parts.len() >= 3 && parts[parts.len() - 3] == "data" {
        3
    } else {
        2
    };
    if parts.len() <= local_len {
        return ("", address);
    }
    let module_len: usize = parts[..parts.len() - local_len]
        .iter()
        .map(|p| p.len() + 1)
        .sum::<usize>()
        .saturating_sub(1);
    match (address.get(..module_len), address.get(module_len + 1..)) {
        (Some(m), Some(l)) => (m, l),
        _ => ("", address),
    }
}

/// The whole document, read.
#[derive(Debug, Clone)]
pub(crate) struct Doc<'a> {
    pub kind: DocKind,
    pub format_version: String,
    pub terraform_version: Option<String>,
    pub instances: Vec<Instance<'a>>,
    pub config: Config<'a>,
    /// Root module input variables (`variables.<name>.value`).
    pub variables: BTreeMap<String, &'a Value>,
}

fn ptr(base: &str, token: &str) -> String {
    format!("{base}/{}", escape_pointer_token(token))
}

fn obj<'a>(v: &'a Value, at: &str, what: &str) -> Result<&'a Map<String, Value>, Error> {
    v.as_object()
        .ok_or_else(|| shape(at, format!("{what} must be an object")))
}

fn opt_obj<'a>(
    parent: &'a Map<String, Value>,
    key: &str,
    at: &str,
    what: &str,
) -> Result<Option<&'a Map<String, Value>>, Error> {
    match parent.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => obj(v, &ptr(at, key), what).map(Some),
    }
}

fn opt_array<'a>(
    parent: &'a Map<String, Value>,
    key: &str,
    at: &str,
    what: &str,
) -> Result<&'a [Value], Error> {
    match parent.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(shape(ptr(at, key), format!("{what} must be an array"))),
    }
}

fn opt_str<'a>(
    parent: &'a Map<String, Value>,
    key: &str,
    at: &str,
) -> Result<Option<&'a str>, Error> {
    match parent.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(shape(ptr(at, key), format!("`{key}` must be a string"))),
    }
}

/// Reads the document. `max_resources` bounds the number of instances.
pub(crate) fn read(root: &Value, max_resources: usize) -> Result<Doc<'_>, Error> {
    let Some(top) = root.as_object() else {
        return Err(fail(plan(
            Code::NotTerraform,
            "",
            "the document is not a JSON object, so it is not `terraform show -json` output",
        )
        .with_help("run `terraform show -json plan.bin > plan.json` (or `terraform show -json > state.json`) and import that file")));
    };
    let format_version = check_version(top)?;
    let has_plan = top.contains_key("planned_values")
        || top.contains_key("resource_changes")
        || top.contains_key("configuration");
    let kind = if has_plan {
        DocKind::Plan
    } else {
        DocKind::State
    };
    let mut reader = Reader {
        instances: Vec::new(),
        seen: BTreeSet::new(),
        max: max_resources,
        planned: false,
    };
    let mut unknowns: BTreeMap<String, &Value> = BTreeMap::new();
    match kind {
        DocKind::State => {
            if let Some(values) = opt_obj(top, "values", "", "`values`")?
                && let Some(root_module) =
                    opt_obj(values, "root_module", "/values", "`root_module`")?
            {
                reader.module(root_module, "/values/root_module", false)?;
            }
        }
        DocKind::Plan => {
            if let Some(pv) = opt_obj(top, "planned_values", "", "`planned_values`")?
                && let Some(root_module) =
                    opt_obj(pv, "root_module", "/planned_values", "`root_module`")?
            {
                reader.planned = true;
                reader.module(root_module, "/planned_values/root_module", false)?;
            }
            let changes = opt_array(top, "resource_changes", "", "`resource_changes`")?;
            for (i, change) in changes.iter().enumerate() {
                let at = format!("/resource_changes/{i}");
                let c = obj(change, &at, "a resource change")?;
                reader.change(c, &at, &mut unknowns)?;
            }
            // Data sources read during planning live in the prior state; they help to place
            // subnets and zones. Managed resources there that the plan does not keep are
            // being destroyed.
            if let Some(prior) = opt_obj(top, "prior_state", "", "`prior_state`")?
                && let Some(values) = opt_obj(prior, "values", "/prior_state", "`values`")?
                && let Some(root_module) = opt_obj(
                    values,
                    "root_module",
                    "/prior_state/values",
                    "`root_module`",
                )?
            {
                reader.module(root_module, "/prior_state/values/root_module", true)?;
            }
        }
    }
    let mut instances = reader.instances;
    for inst in &mut instances {
        if let Some(u) = unknowns.get(&inst.address) {
            inst.unknown = Some(u);
        }
    }
    let config = match opt_obj(top, "configuration", "", "`configuration`")? {
        Some(c) => read_config(c)?,
        None => Config::default(),
    };
    let mut variables = BTreeMap::new();
    if let Some(vars) = opt_obj(top, "variables", "", "`variables`")? {
        for (name, v) in vars {
            if let Some(value) = v.as_object().and_then(|o| o.get("value")) {
                variables.insert(name.clone(), value);
            }
        }
    }
    let terraform_version = top
        .get("terraform_version")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(Doc {
        kind,
        format_version,
        terraform_version,
        instances,
        config,
        variables,
    })
}

fn check_version(top: &Map<String, Value>) -> Result<String, Error> {
    let Some(v) = top.get("format_version") else {
        let help = if top.contains_key("serial") || top.contains_key("lineage") {
            "this looks like a raw state file (`terraform.tfstate`); import the output of `terraform show -json` instead"
        } else if top.contains_key("provider_schemas") {
            "this is a provider schema (`terraform providers schema -json`), not a plan or a state"
        } else {
            "import the output of `terraform show -json plan.bin` (a plan) or `terraform show -json` (a state)"
        };
        return Err(fail(
            plan(
                Code::NotTerraform,
                "",
                "the document has no `format_version`, so it is not `terraform show -json` output",
            )
            .with_help(help),
        ));
    };
    let Some(text) = v.as_str() else {
        return Err(shape(
            "/format_version",
            "`format_version` must be a string such as \"1.2\"",
        ));
    };
    let major = text.split('.').next().unwrap_or("");
    match major {
        "0" | "1" => Ok(text.to_owned()),
        _ => Err(fail(plan(
            Code::TerraformVersion,
            "/format_version",
            format!("format_version {text:?} is not supported: this importer reads versions 0.x and 1.x (Terraform 0.12 and later)"),
        )
        .with_help("a new major version of Terraform's JSON format may be incompatible; please report it with the Terraform version that wrote the file"))),
    }
}

struct Reader<'a> {
    instances: Vec<Instance<'a>>,
    seen: BTreeSet<String>,
    max: usize,
    /// The plan has `planned_values`: changes only add what will be unknown.
    planned: bool,
}

impl<'a> Reader<'a> {
    fn push(&mut self, inst: Instance<'a>) -> Result<(), Error> {
        if self.instances.len() >= self.max {
            return Err(fail(
                plan(
                    Code::TooManyResources,
                    inst.pointer,
                    format!(
                        "more than {} resource instances, over the importer's limit",
                        self.max
                    ),
                )
                .with_help(
                    "import one root module at a time, or raise the limit: `ImportOptions::max_resources` in the library; `Engine::import_terraform` allows five times `Limits::max_components` (`--max-components`)",
                ),
            ));
        }
        self.seen.insert(inst.address.clone());
        self.instances.push(inst);
        Ok(())
    }

    /// One module of `planned_values`, `values` or `prior_state` (`prior_only`: data
    /// sources only, and only those not seen yet).
    fn module(
        &mut self,
        m: &'a Map<String, Value>,
        at: &str,
        prior_only: bool,
    ) -> Result<(), Error> {
        let resources = opt_array(m, "resources", at, "`resources`")?;
        for (i, r) in resources.iter().enumerate() {
            let rat = format!("{at}/resources/{i}");
            let r = obj(r, &rat, "a resource")?;
            let Some(inst) = instance_from(r, &rat, "values")? else {
                continue;
            };
            if prior_only && (!inst.data || self.seen.contains(&inst.address)) {
                continue;
            }
            if self.seen.contains(&inst.address) {
                continue;
            }
            self.push(inst)?;
        }
        let children = opt_array(m, "child_modules", at, "`child_modules`")?;
        for (i, c) in children.iter().enumerate() {
            let cat = format!("{at}/child_modules/{i}");
            let c = obj(c, &cat, "a child module")?;
            // serde_json's recursion limit (128) bounds the depth already.
            self.module(c, &cat, prior_only)?;
        }
        Ok(())
    }

    fn change(
        &mut self,
        c: &'a Map<String, Value>,
        at: &str,
        unknowns: &mut BTreeMap<String, &'a Value>,
    ) -> Result<(), Error> {
        if c.get("deposed").is_some_and(|d| !d.is_null()) {
            return Ok(());
        }
        let Some(address) = opt_str(c, "address", at)? else {
            return Err(shape(
                ptr(at, "address"),
                "a resource change has no `address`",
            ));
        };
        let Some(change) = opt_obj(c, "change", at, "`change`")? else {
            return Ok(());
        };
        let cat = ptr(at, "change");
        let actions: Vec<&str> = opt_array(change, "actions", &cat, "`actions`")?
            .iter()
            .filter_map(Value::as_str)
            .collect();
        if actions == ["delete"] || actions == ["forget"] {
            return Ok(());
        }
        if let Some(u) = change.get("after_unknown") {
            unknowns.insert(address.to_owned(), u);
        }
        if self.planned || self.seen.contains(address) {
            return Ok(());
        }
        // A plan without `planned_values` (or an instance missing from it): the change's
        // `after` is what will exist.
        let Some(mut inst) = instance_from(c, at, "")? else {
            return Ok(());
        };
        inst.values = opt_obj(change, "after", &cat, "`after`")?;
        inst.pointer = at.to_owned();
        self.push(inst)
    }
}

/// An instance from a resource object (`values_key` names the values field, empty for none).
/// `None` for objects that are not resources faultline reads (no type).
fn instance_from<'a>(
    r: &'a Map<String, Value>,
    at: &str,
    values_key: &str,
) -> Result<Option<Instance<'a>>, Error> {
    let Some(address) = opt_str(r, "address", at)? else {
        return Err(shape(ptr(at, "address"), "a resource has no `address`"));
    };
    let Some(rtype) = opt_str(r, "type", at)? else {
        return Err(shape(ptr(at, "type"), "a resource has no `type`"));
    };
    let mode = opt_str(r, "mode", at)?;
    let parsed = Address::parse(address);
    let name = match opt_str(r, "name", at)? {
        Some(n) => n.to_owned(),
        None => match &parsed {
            Some(p) => p.name.clone(),
            None => {
                return Err(shape(ptr(at, "name"), "a resource has no `name`"));
            }
        },
    };
    let data = match mode {
        Some("data") => true,
        Some(_) => false,
        None => parsed.as_ref().is_some_and(|p| p.data),
    };
    let (config_module, key) = match &parsed {
        Some(p) => (p.config_module(), p.key.clone()),
        // An address Terraform would not write: keep the instance, under the root module.
        None => (String::new(), None),
    };
    let local = if data {
        format!("data.{rtype}.{name}")
    } else {
        format!("{rtype}.{name}")
    };
    let values = if values_key.is_empty() {
        None
    } else {
        opt_obj(r, values_key, at, "`values`")?
    };
    let depends_on = opt_array(r, "depends_on", at, "`depends_on`")?
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|s| Address::parse(s).map(|a| a.config()))
        .collect();
    Ok(Some(Instance {
        address: address.to_owned(),
        config: join(&config_module, &local),
        config_module,
        data,
        rtype: rtype.to_owned(),
        key,
        values,
        unknown: None,
        pointer: at.to_owned(),
        depends_on,
    }))
}

fn read_config(c: &Map<String, Value>) -> Result<Config<'_>, Error> {
    let mut config = Config {
        present: true,
        ..Config::default()
    };
    if let Some(pc) = opt_obj(c, "provider_config", "/configuration", "`provider_config`")? {
        for (key, p) in pc {
            let at = ptr("/configuration/provider_config", key);
            let p = obj(p, &at, "a provider configuration")?;
            let name = opt_str(p, "name", &at)?
                .map(str::to_owned)
                .unwrap_or_else(|| key.rsplit(':').next().unwrap_or(key).to_owned());
            let name = name.split('.').next().unwrap_or(&name).to_owned();
            config.providers.insert(
                key.clone(),
                ProviderCfg {
                    name,
                    module: opt_str(p, "module_address", &at)?
                        .map(strip_keys)
                        .unwrap_or_default(),
                    expressions: opt_obj(p, "expressions", &at, "`expressions`")?,
                },
            );
        }
    }
    if let Some(root) = opt_obj(c, "root_module", "/configuration", "`root_module`")? {
        let mut stack: Vec<(&Map<String, Value>, String, Vec<super::address::Step>)> =
            vec![(root, "/configuration/root_module".to_owned(), Vec::new())];
        while let Some((m, at, path)) = stack.pop() {
            let module_path = config_module_of(&path);
            let mut cfg = ModuleCfg::default();
            for (i, r) in opt_array(m, "resources", &at, "`resources`")?
                .iter()
                .enumerate()
            {
                let rat = format!("{at}/resources/{i}");
                let r = obj(r, &rat, "a resource")?;
                let Some(address) = opt_str(r, "address", &rat)? else {
                    continue;
                };
                if opt_str(r, "type", &rat)?.is_none() {
                    continue;
                }
                let local = match Address::parse(address) {
                    Some(a) => a.local(),
                    None => continue,
                };
                cfg.resources.insert(
                    local,
                    ResourceCfg {
                        provider_key: opt_str(r, "provider_config_key", &rat)?.map(str::to_owned),
                        expressions: opt_obj(r, "expressions", &rat, "`expressions`")?,
                    },
                );
            }
            if let Some(outputs) = opt_obj(m, "outputs", &at, "`outputs`")? {
                for (name, o) in outputs {
                    if let Some(expr) = o.as_object().and_then(|o| o.get("expression")) {
                        cfg.outputs.insert(name.clone(), expr);
                    }
                }
            }
            if let Some(calls) = opt_obj(m, "module_calls", &at, "`module_calls`")? {
                for (name, call) in calls {
                    let cat = ptr(&format!("{at}/module_calls"), name);
                    let call = obj(call, &cat, "a module call")?;
                    cfg.calls.insert(
                        name.clone(),
                        CallCfg {
                            expressions: opt_obj(call, "expressions", &cat, "`expressions`")?,
                        },
                    );
                    if let Some(child) = opt_obj(call, "module", &cat, "`module`")? {
                        let mut child_path = path.clone();
                        child_path.push(super::address::Step {
                            name: name.clone(),
                            key: None,
                        });
                        stack.push((child, ptr(&cat, "module"), child_path));
                    }
                }
            }
            config.modules.insert(module_path, cfg);
        }
    }
    Ok(config)
}

/// `module.a[0].module.b["x"]` → `module.a.module.b`.
pub(crate) fn strip_keys(module: &str) -> String {
    match super::address::steps(module) {
        Some(steps) => {
            let mut out = Vec::new();
            let mut it = steps.into_iter();
            while let Some(s) = it.next() {
                if s.name == "module"
                    && let Some(call) = it.next()
                {
                    out.push(super::address::Step {
                        name: call.name,
                        key: None,
                    });
                }
            }
            config_module_of(&out)
        }
        None => module.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_addresses_split() {
        assert_eq!(
            split_config_address("module.a.module.b.aws_lb.web"),
            ("module.a.module.b", "aws_lb.web")
        );
        assert_eq!(split_config_address("aws_lb.web"), ("", "aws_lb.web"));
        assert_eq!(
            split_config_address("module.a.data.aws_subnet.x"),
            ("module.a", "data.aws_subnet.x")
        );
        assert_eq!(
            strip_keys("module.a[0].module.b[\"x.y\"]"),
            "module.a.module.b"
        );
    }
}
