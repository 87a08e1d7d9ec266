//! The JSON Schema of the input format, generated from the model types.

/// The JSON Schema (draft 2020-12) of an architecture description, pretty-printed.
///
/// ```
/// let schema = faultline::schema::json_schema();
/// assert!(schema.contains("\"components\""));
/// ```
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(crate::model::Architecture);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
