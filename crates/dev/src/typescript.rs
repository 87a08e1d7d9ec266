//! The TypeScript types of the npm package, generated from the JSON Schema of the Rust types.
//!
//! `crates/wasm/types.d.ts` is checked in and embedded by the wasm adapter (a wasm-bindgen
//! `typescript_custom_section`), so it lands in the package's `faultline.d.ts`. This test
//! regenerates it from the schemars schemas, in serialisation mode and with object keys in
//! camelCase exactly as the adapter writes them, and fails when the file differs: a field
//! added to a report cannot reach JavaScript without its type. Regenerate with
//! `UPDATE_DOCS=1 cargo test -p faultline-dev --test generated`.
//!
//! The converter covers the JSON Schema that schemars emits for faultline's types and fails
//! loudly on anything else, notably on maps (`additionalProperties` with a schema): the
//! adapter camelCases every object key, so a map keyed by user data would be mangled.

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

/// Where the generated file is checked in, from the repository root.
pub const PATH: &str = "crates/wasm/types.d.ts";

/// Every type that crosses the wasm boundary as a result. Add a line per new report.
fn roots() -> Map<String, Value> {
    let mut generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    generator.subschema_for::<faultline::ScoreReport>();
    generator.subschema_for::<faultline::SimulateReport>();
    generator.subschema_for::<faultline::ReplayReport>();
    generator.subschema_for::<faultline::RiskReport>();
    generator.subschema_for::<faultline::mitigate::SuggestReport>();
    generator.subschema_for::<faultline::advice::Advice>();
    generator.subschema_for::<faultline::diagnostic::Diagnostic>();
    generator.subschema_for::<faultline::model::Architecture>();
    generator.subschema_for::<faultline::catalogue::Catalogue>();
    generator.subschema_for::<faultline::terraform::Imported>();
    generator.subschema_for::<faultline::edit::Patched>();
    generator.take_definitions(true)
}

/// `impact_minutes` → `impactMinutes`, as the adapter's key formatter does.
pub fn camel(key: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn doc_comment(schema: &Value, indent: &str) -> String {
    match schema.get("description").and_then(Value::as_str) {
        Some(text) => {
            let text = text.replace("*/", "*\\/");
            let mut out = format!("{indent}/**\n");
            for line in text.lines() {
                out.push_str(indent);
                out.push_str(" *");
                if !line.is_empty() {
                    out.push(' ');
                    out.push_str(line);
                }
                out.push('\n');
            }
            out.push_str(indent);
            out.push_str(" */\n");
            out
        }
        None => String::new(),
    }
}

/// Keywords that carry no type information for TypeScript.
const IGNORED: &[&str] = &[
    "description",
    "title",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "pattern",
    "uniqueItems",
];

fn union(parts: Vec<String>) -> String {
    let mut seen: Vec<String> = Vec::new();
    for p in parts {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    seen.join(" | ")
}

fn wrap(ty: &str) -> String {
    if ty.contains(" | ") || ty.contains(" & ") {
        format!("({ty})")
    } else {
        ty.to_owned()
    }
}

/// The TypeScript type of a schema, at `where_` (for error messages).
fn ts(schema: &Value, where_: &str, indent: &str) -> String {
    let obj = match schema {
        Value::Bool(true) => return "unknown".to_owned(),
        Value::Bool(false) => return "never".to_owned(),
        Value::Object(o) => o,
        other => panic!("{where_}: unexpected schema {other}"),
    };
    for key in obj.keys() {
        let known = IGNORED.contains(&key.as_str())
            || matches!(
                key.as_str(),
                "$ref"
                    | "const"
                    | "enum"
                    | "oneOf"
                    | "anyOf"
                    | "allOf"
                    | "type"
                    | "items"
                    | "properties"
                    | "required"
                    | "additionalProperties"
            );
        assert!(
            known,
            "{where_}: the TypeScript generator does not know the keyword `{key}`; teach it in tests/it/typescript.rs"
        );
    }
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        let name = r
            .strip_prefix("#/$defs/")
            .unwrap_or_else(|| panic!("{where_}: unexpected $ref {r}"));
        return name.to_owned();
    }
    if let Some(c) = obj.get("const") {
        return c.to_string();
    }
    if let Some(values) = obj.get("enum").and_then(Value::as_array) {
        return union(values.iter().map(Value::to_string).collect());
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = obj.get(key).and_then(Value::as_array) {
            return union(
                options
                    .iter()
                    .enumerate()
                    .map(|(i, s)| ts(s, &format!("{where_}/{key}/{i}"), indent))
                    .collect(),
            );
        }
    }
    if let Some(all) = obj.get("allOf").and_then(Value::as_array) {
        return all
            .iter()
            .enumerate()
            .map(|(i, s)| wrap(&ts(s, &format!("{where_}/allOf/{i}"), indent)))
            .collect::<Vec<_>>()
            .join(" & ");
    }
    let types: Vec<&str> = match obj.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        None => return "unknown".to_owned(),
        Some(other) => panic!("{where_}: unexpected type {other}"),
    };
    union(
        types
            .into_iter()
            .map(|t| match t {
                "string" => "string".to_owned(),
                "number" | "integer" => "number".to_owned(),
                "boolean" => "boolean".to_owned(),
                "null" => "null".to_owned(),
                "array" => {
                    let items = obj
                        .get("items")
                        .unwrap_or_else(|| panic!("{where_}: array without items"));
                    format!("{}[]", wrap(&ts(items, &format!("{where_}/items"), indent)))
                }
                "object" => object_literal(obj, where_, indent),
                other => panic!("{where_}: unknown type {other}"),
            })
            .collect(),
    )
}

fn object_literal(obj: &Map<String, Value>, where_: &str, indent: &str) -> String {
    if let Some(extra) = obj.get("additionalProperties")
        && extra != &Value::Bool(false)
    {
        panic!(
            "{where_}: a map (additionalProperties {extra}) crosses the wasm boundary; the adapter camelCases every object key and would rename its data keys. Use a Vec of records instead."
        );
    }
    let required: Vec<&str> = obj
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(props) = obj.get("properties").and_then(Value::as_object) else {
        return "Record<string, never>".to_owned();
    };
    let inner = format!("{indent}  ");
    let mut out = String::from("{\n");
    for (name, schema) in props {
        out.push_str(&doc_comment(schema, &inner));
        let optional = if required.contains(&name.as_str()) {
            ""
        } else {
            "?"
        };
        out.push_str(&format!(
            "{inner}{}{optional}: {};\n",
            camel(name),
            ts(schema, &format!("{where_}/properties/{name}"), &inner)
        ));
    }
    out.push_str(indent);
    out.push('}');
    out
}

/// The TypeScript declarations of every type that crosses the wasm boundary.
pub fn generate() -> String {
    let mut out = String::from(
        "// Generated by crates/dev/src/typescript.rs from the JSON Schema of faultline's Rust types; do\n\
         // not edit. Regenerate with `UPDATE_DOCS=1 cargo test -p faultline-dev --test generated`.\n\
         // Object keys are camelCase, as the wasm adapter writes them.\n",
    );
    for (name, schema) in &roots() {
        out.push('\n');
        out.push_str(&doc_comment(schema, ""));
        let is_object = schema.get("type") == Some(&Value::String("object".to_owned()))
            && schema.get("properties").is_some();
        if is_object {
            let body = ts(schema, &format!("#/$defs/{name}"), "");
            out.push_str(&format!("export interface {name} {body}\n"));
        } else {
            let body = ts(schema, &format!("#/$defs/{name}"), "");
            out.push_str(&format!("export type {name} = {body};\n"));
        }
    }
    out
}
