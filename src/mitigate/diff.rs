//! A generic structural diff of two JSON values, as JSON-pointer changes.
//!
//! Transforms do not describe their own edits: the diff of a suggestion is computed from
//! the serialised description before and after, so it always shows exactly what applying
//! it writes. Objects are compared key by key; arrays index by index (transforms only
//! append to arrays, so positions stay aligned); a subtree that exists on one side only is
//! one change holding the whole subtree.

use serde_json::Value;

use super::Change;
use crate::diagnostic::escape_pointer_token;
use crate::model::Architecture;

/// The changes that turn `before` into `after`, in document order (object keys in the
/// order the values hold them, then array positions).
///
/// ```
/// use faultline::mitigate::diff;
/// use serde_json::json;
/// let changes = diff(&json!({"a": 1, "b": [1]}), &json!({"a": 2, "b": [1, 2], "c": true}));
/// let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
/// assert_eq!(paths, ["/a", "/b/1", "/c"]);
/// assert_eq!(changes[1].before, None);
/// ```
pub fn diff(before: &Value, after: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    let mut path = String::new();
    walk(before, after, &mut path, &mut out);
    out
}

/// [`diff`] of two descriptions as JSON. When they differ only inside components, in place
/// (most transforms change one component), only those components are written as JSON and
/// compared: a subtree that is equal gives no change, and `components` is then the only
/// key that differs, so the changes and their order are those of the whole diff (a unit
/// test compares the two on every candidate of the examples).
pub(crate) fn diff_architectures(before: &Architecture, after: &Architecture) -> Vec<Change> {
    let Architecture {
        version,
        name,
        description,
        targets,
        components,
        journeys,
        operations,
        sites,
    } = before;
    let in_place = *version == after.version
        && *name == after.name
        && *description == after.description
        && *targets == after.targets
        && components.len() == after.components.len()
        && *journeys == after.journeys
        && *operations == after.operations
        && *sites == after.sites;
    if !in_place {
        return diff(&value(before), &value(after));
    }
    let mut out = Vec::new();
    let mut path = String::from("/components");
    for (i, (a, b)) in components.iter().zip(&after.components).enumerate() {
        if a != b {
            let (x, y) = (value(a), value(b));
            entry(&i.to_string(), Some(&x), Some(&y), &mut path, &mut out);
        }
    }
    out
}

fn value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn walk(before: &Value, after: &Value, path: &mut String, out: &mut Vec<Change>) {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            let keys = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k)));
            for k in keys {
                entry(&escape_pointer_token(k), a.get(k), b.get(k), path, out);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                entry(&i.to_string(), a.get(i), b.get(i), path, out);
            }
        }
        (x, y) if x != y => out.push(Change {
            path: path.clone(),
            before: Some(x.clone()),
            after: Some(y.clone()),
        }),
        _ => {}
    }
}

/// One key or index of an object or array: recurse where both sides have it, otherwise
/// record it as added or removed.
fn entry(
    token: &str,
    a: Option<&Value>,
    b: Option<&Value>,
    path: &mut String,
    out: &mut Vec<Change>,
) {
    let len = path.len();
    path.push('/');
    path.push_str(token);
    match (a, b) {
        (Some(x), Some(y)) => walk(x, y, path, out),
        (x, y) => out.push(Change {
            path: path.clone(),
            before: x.cloned(),
            after: y.cloned(),
        }),
    }
    path.truncate(len);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_keys_and_reports_removals_and_type_changes() {
        let c = diff(
            &json!({"a/b": 1, "gone": {"x": 1}, "t": [1]}),
            &json!({"a/b": 1, "t": "now a string", "~k": null}),
        );
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].path, "/gone");
        assert_eq!(
            (c[0].before.clone(), c[0].after.clone()),
            (Some(json!({"x": 1})), None)
        );
        assert_eq!(c[1].path, "/t");
        assert_eq!(c[1].after, Some(json!("now a string")));
        assert_eq!(c[2].path, "/~0k");
        assert_eq!(c[2].before, None);
    }

    #[test]
    fn equal_values_have_no_changes() {
        let v = json!({"a": [1, {"b": null}], "c": 1.5});
        assert!(diff(&v, &v).is_empty());
    }
}

#[cfg(all(test, feature = "yaml"))]
mod whole_or_in_place {
    use super::*;
    use crate::engine::Engine;
    use crate::input::Format;

    /// The in-place diff gives the whole diff's changes, in its order, for every candidate
    /// of every example (in place or not), and for a copy changed outside its components.
    #[test]
    fn in_place_diff_equals_the_whole_diff() {
        let engine = Engine::default();
        let (mut in_place, mut whole) = (0, 0);
        for entry in std::fs::read_dir("examples").expect("examples") {
            let path = entry.expect("entry").path();
            if path.extension().and_then(|x| x.to_str()) != Some("yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable");
            let arch = engine
                .parse(&text, Format::Yaml)
                .expect("parses")
                .architecture;
            let p = engine.prepare(&arch).expect("valid");
            let mut renamed = arch.clone();
            renamed.name.push_str(" (renamed)");
            renamed.components[0].id.push_str("-x");
            // Each top-level field but the components, changed alone (with a component, so
            // that a diff of the components only would show something else).
            let mut targeted = arch.clone();
            targeted.targets.availability = Some(99.123);
            targeted.components[0].id.push_str("-y");
            let mut described = arch.clone();
            described.description = Some("changed".to_owned());
            described.components[0].id.push_str("-z");
            let mut versioned = arch.clone();
            versioned.version += 1;
            versioned.components[0].id.push_str("-v");
            let ids = p.suggestion_ids();
            let changed = ids
                .iter()
                .map(|id| p.apply(id).expect("applies"))
                .chain([renamed, targeted, described, versioned]);
            for after in changed {
                let fast = diff_architectures(&arch, &after);
                let full = diff(&value(&arch), &value(&after));
                assert!(
                    !full.is_empty(),
                    "{}: a change with no diff",
                    path.display()
                );
                assert_eq!(fast, full, "{}", path.display());
                if after.components.len() == arch.components.len()
                    && after.journeys == arch.journeys
                    && after.name == arch.name
                {
                    in_place += 1;
                } else {
                    whole += 1;
                }
            }
        }
        assert!(
            in_place > 50 && whole > 10,
            "{in_place} in place, {whole} whole"
        );
    }
}
