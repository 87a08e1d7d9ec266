//! The report writer (`faultline::render::json`) against serde_json, the writer it replaced:
//! the same bytes for every report of every example and for generated values (strings of
//! any characters, every kind of float, every shape of enum variant, nestings of maps and
//! arrays), in both styles. The camelCase style is compared with serde_json's compact
//! output through the key-renaming formatter the package used before.

use std::collections::BTreeMap;

use faultline::catalogue::Catalogue;
use faultline::mitigate::SuggestOptions;
use faultline::render::json::{Style, to_string};
use faultline::{Format, RiskOptions, SimulateRequest};
use proptest::prelude::*;
use serde::Serialize;

use crate::api;

/// The formatter the package wrote its objects with before (serde_json's compact form,
/// each `_` of an object key dropped and the next byte written upper-cased): the
/// reference of [`Style::CompactCamel`].
#[derive(Default)]
struct CamelKeys {
    in_key: bool,
    upper_next: bool,
}

impl serde_json::ser::Formatter for CamelKeys {
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.in_key = true;
        self.upper_next = false;
        if first { Ok(()) } else { w.write_all(b",") }
    }

    fn end_object_key<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.in_key = false;
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        if !self.in_key {
            return w.write_all(fragment.as_bytes());
        }
        for &b in fragment.as_bytes() {
            if b == b'_' {
                self.upper_next = true;
            } else if self.upper_next {
                w.write_all(&[b.to_ascii_uppercase()])?;
                self.upper_next = false;
            } else {
                w.write_all(&[b])?;
            }
        }
        Ok(())
    }
}

fn camel_reference<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    let mut bytes = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut bytes, CamelKeys::default());
    value.serialize(&mut ser).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// Where two texts part, with a little of each from there.
fn first_difference(got: &str, want: &str) -> String {
    let at = got
        .bytes()
        .zip(want.bytes())
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(want.len()));
    let from = |t: &str| {
        t.get(at..)
            .unwrap_or("")
            .chars()
            .take(40)
            .collect::<String>()
    };
    format!(
        "at byte {at}: wrote {:?}, serde_json {:?}",
        from(got),
        from(want)
    )
}

/// Both styles of `value` equal serde_json's; `what` names it in a failure.
fn same_as_serde_json<T: Serialize + ?Sized>(value: &T, what: &str) -> Result<(), String> {
    let pretty = to_string(value, Style::Pretty).map_err(|e| format!("{what}: {e}"))?;
    let want = serde_json::to_string_pretty(value).map_err(|e| format!("{what}: {e}"))?;
    if pretty != want {
        return Err(format!(
            "{what}, pretty: {}",
            first_difference(&pretty, &want)
        ));
    }
    let compact = to_string(value, Style::CompactCamel).map_err(|e| format!("{what}: {e}"))?;
    let want = camel_reference(value).map_err(|e| format!("{what}: {e}"))?;
    if compact != want {
        return Err(format!(
            "{what}, camelCase: {}",
            first_difference(&compact, &want)
        ));
    }
    Ok(())
}

fn examples() -> Result<Vec<(String, String)>, String> {
    let mut paths: Vec<_> = std::fs::read_dir("examples")
        .map_err(|e| format!("examples/: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            Ok((p.display().to_string(), text))
        })
        .collect()
}

#[test]
fn every_report_of_every_example_is_written_as_serde_json_writes_it() -> Result<(), String> {
    let catalogue = Catalogue::builtin();
    let examples = examples()?;
    assert!(
        examples.len() >= 8,
        "expected the examples, found {}",
        examples.len()
    );
    same_as_serde_json(catalogue, "the built-in catalogue")?;
    for (name, text) in examples {
        let doc = api::parse(&text, Format::Yaml).map_err(|e| format!("{name}: {e}"))?;
        let arch = &doc.architecture;
        same_as_serde_json(arch, &format!("{name}: description"))?;
        same_as_serde_json(
            &api::validate(arch, catalogue),
            &format!("{name}: diagnostics"),
        )?;
        let score = api::score(arch, catalogue).map_err(|e| format!("{name}: {e}"))?;
        same_as_serde_json(&score, &format!("{name}: score"))?;
        let risk = api::risk_groups(arch, catalogue, &RiskOptions::default())
            .map_err(|e| format!("{name}: {e}"))?;
        same_as_serde_json(&risk, &format!("{name}: risk"))?;
        let replay = api::replay(arch, catalogue, None).map_err(|e| format!("{name}: {e}"))?;
        same_as_serde_json(&replay, &format!("{name}: replay"))?;
        if let Some(f) = score.findings.first() {
            let request = SimulateRequest {
                pattern: f.pattern.clone(),
                at: f.domain.clone(),
                minutes: None,
            };
            let simulated =
                api::simulate(arch, catalogue, &request).map_err(|e| format!("{name}: {e}"))?;
            same_as_serde_json(&simulated, &format!("{name}: simulate"))?;
        }
        let suggest = api::suggest(arch, catalogue, &SuggestOptions::default())
            .map_err(|e| format!("{name}: {e}"))?;
        same_as_serde_json(&suggest, &format!("{name}: suggest"))?;
    }
    Ok(())
}

/// Every shape serde gives a value: the writer's variants, options, tuples, bytes, chars,
/// floats that JSON cannot hold, and maps keyed by numbers, booleans and unit variants.
#[derive(Debug, Clone, Serialize)]
enum Shape {
    Unit,
    #[serde(rename = "unit_with_underscores")]
    UnitRenamed,
    Newtype(String),
    #[serde(rename = "newtype_v")]
    NewtypeRenamed(u8),
    Tuple(i64, f64),
    #[serde(rename = "tuple_v")]
    TupleRenamed(u8, u8),
    EmptyTuple(),
    Struct {
        snake_case_key: Option<u8>,
        list: Vec<Shape>,
    },
    #[serde(rename = "struct_v")]
    StructRenamed {
        inner_key: bool,
    },
    EmptyStruct {},
}

/// A map key that is a newtype around a string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
struct Name(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
enum Key {
    FirstKey,
    Second,
}

#[derive(Debug, Clone, Serialize)]
struct Everything {
    text: String,
    letter: char,
    float: f64,
    single: f32,
    #[serde(with = "serde_bytes_as_seq")]
    bytes: Vec<u8>,
    unit: (),
    pair: (u64, i8),
    shapes: Vec<Shape>,
    by_number: BTreeMap<i32, bool>,
    by_flag: BTreeMap<bool, u128>,
    by_variant: BTreeMap<Key, i128>,
    by_text: BTreeMap<String, Vec<String>>,
    by_char: BTreeMap<char, i8>,
    by_name: BTreeMap<Name, Option<Name>>,
    by_wide: BTreeMap<i128, u8>,
    by_float: Vec<(f64, u8)>,
    /// Written through `collect_seq`/`collect_map` of filtered iterators: no length hint.
    #[serde(serialize_with = "unhinted")]
    unhinted: Vec<String>,
    #[serde(flatten)]
    flattened: Flattened,
    nothing: Option<Box<Everything>>,
}

#[derive(Debug, Clone, Serialize)]
struct Flattened {
    flat_key: u16,
    flat_text: String,
}

/// A sequence of the strings and a map from each to its length, neither with a length
/// hint (a filter's iterator has none).
fn unhinted<S: serde::Serializer>(v: &[String], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    struct Lengths<'a>(&'a [String]);
    impl Serialize for Lengths<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().filter(|_| true).map(|t| (t, t.len())))
        }
    }
    struct Texts<'a>(&'a [String]);
    impl Serialize for Texts<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(self.0.iter().filter(|_| true))
        }
    }
    let mut seq = s.serialize_seq(None)?;
    seq.serialize_element(&Texts(v))?;
    seq.serialize_element(&Lengths(v))?;
    seq.end()
}

/// `by_float` as a map keyed by the floats (finite ones: a non-finite key is an error).
impl Everything {
    fn float_keys(&self) -> FloatKeys<'_> {
        FloatKeys(&self.by_float)
    }
}

struct FloatKeys<'a>(&'a [(f64, u8)]);

impl Serialize for FloatKeys<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Writes bytes through `serialize_bytes`, which serde_json writes as an array of numbers.
mod serde_bytes_as_seq {
    pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }
}

/// Strings with what JSON escapes (quotes, backslashes, every control character), what it
/// does not (DEL, non-ASCII of every width), at every offset within an eight-byte word.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-z _]{0,9}",
        2 => proptest::char::range('\u{0}', '\u{20}').prop_map(String::from),
        1 => Just("\"".to_owned()),
        1 => Just("\\".to_owned()),
        1 => Just("\u{7f}".to_owned()),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|p| p.concat())
}

fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-0.0),
        Just(f64::MIN_POSITIVE / 3.0),
        Just(1e16),
        Just(1e-7),
        (-1_000_000i64..1_000_000).prop_map(|n| n as f64 / 100.0),
    ]
}

fn shape() -> impl Strategy<Value = Shape> {
    let leaf = prop_oneof![
        Just(Shape::Unit),
        Just(Shape::UnitRenamed),
        text().prop_map(Shape::Newtype),
        any::<u8>().prop_map(Shape::NewtypeRenamed),
        (any::<i64>(), float()).prop_map(|(a, b)| Shape::Tuple(a, b)),
        any::<(u8, u8)>().prop_map(|(a, b)| Shape::TupleRenamed(a, b)),
        Just(Shape::EmptyTuple()),
        any::<bool>().prop_map(|inner_key| Shape::StructRenamed { inner_key }),
        Just(Shape::EmptyStruct {}),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        (
            proptest::option::of(any::<u8>()),
            proptest::collection::vec(inner, 0..4),
        )
            .prop_map(|(snake_case_key, list)| Shape::Struct {
                snake_case_key,
                list,
            })
    })
}

fn everything() -> impl Strategy<Value = Everything> {
    (
        (
            text(),
            any::<char>(),
            float(),
            any::<f32>(),
            proptest::collection::vec(any::<u8>(), 0..4),
        ),
        (any::<(u64, i8)>(), proptest::collection::vec(shape(), 0..4)),
        (
            proptest::collection::btree_map(any::<i32>(), any::<bool>(), 0..3),
            proptest::collection::btree_map(any::<bool>(), any::<u128>(), 0..3),
            proptest::collection::btree_map(
                prop_oneof![Just(Key::FirstKey), Just(Key::Second)],
                any::<i128>(),
                0..3,
            ),
            // Keys with underscores, escapes and every kind of character, so that the
            // camelCase keys meet escapes too.
            proptest::collection::btree_map(text(), proptest::collection::vec(text(), 0..3), 0..3),
        ),
        (
            proptest::collection::btree_map(any::<char>(), any::<i8>(), 0..3),
            proptest::collection::btree_map(
                text().prop_map(Name),
                proptest::option::of(text().prop_map(Name)),
                0..3,
            ),
            proptest::collection::btree_map(any::<i128>(), any::<u8>(), 0..3),
            proptest::collection::vec((float(), any::<u8>()), 0..3),
            proptest::collection::vec(text(), 0..3),
            (any::<u16>(), text()),
        ),
    )
        .prop_map(
            |((text, letter, float, single, bytes), (pair, shapes), maps, more)| Everything {
                text,
                letter,
                float,
                single,
                bytes,
                unit: (),
                pair,
                shapes,
                by_number: maps.0,
                by_flag: maps.1,
                by_variant: maps.2,
                by_text: maps.3,
                by_char: more.0,
                by_name: more.1,
                by_wide: more.2,
                by_float: more.3,
                unhinted: more.4,
                flattened: Flattened {
                    flat_key: (more.5).0,
                    flat_text: (more.5).1,
                },
                nothing: None,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Generated values: serde_json's bytes in both styles; and a map keyed by floats is
    /// written as serde_json writes it, or refused as serde_json refuses it (a non-finite
    /// key), with the reason.
    #[test]
    fn generated_values_are_written_as_serde_json_writes_them(v in everything(), nested in everything()) {
        let v = Everything { nothing: Some(Box::new(nested)), ..v };
        prop_assert_eq!(same_as_serde_json(&v, "generated"), Ok(()));
        let keys = v.float_keys();
        match serde_json::to_string(&keys) {
            Ok(_) => prop_assert_eq!(same_as_serde_json(&keys, "float keys"), Ok(())),
            Err(e) => {
                prop_assert!(e.to_string().contains("float key must be finite"), "{}", e);
                let mine = to_string(&keys, Style::Pretty);
                prop_assert!(
                    mine.as_ref().is_err_and(|m| m.to_string().contains("float key must be finite")),
                    "{:?}",
                    mine
                );
            }
        }
    }

    /// A string alone, compact: every escape at every position of the eight-byte scan.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them(s in text()) {
        prop_assert_eq!(to_string(&s, Style::CompactCamel).map_err(|e| e.to_string()), serde_json::to_string(&s).map_err(|e| e.to_string()));
    }
}

/// Nested deeper than the writer's run of 64 spaces: the indentation of every level.
#[test]
fn deep_nesting_is_indented_as_serde_json_indents_it() -> Result<(), String> {
    let mut v = serde_json::json!({"leaf_key": [1, "two", null]});
    for depth in 0..45 {
        v = if depth % 2 == 0 {
            serde_json::json!([v, depth])
        } else {
            serde_json::json!({"level_key": v, "n": depth})
        };
    }
    same_as_serde_json(&v, "45 levels")
}

/// serde_json's private structs that carry JSON text (a `Number` with its
/// `arbitrary_precision` feature, a `RawValue` with `raw_value`) are written as that text,
/// as serde_json writes them when a program enables those features.
#[test]
fn serde_json_raw_text_is_written_as_it_is() -> Result<(), faultline::Error> {
    struct Raw(&'static str, &'static str);
    impl Serialize for Raw {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeStruct;
            let mut st = s.serialize_struct(self.0, 1)?;
            st.serialize_field(self.0, self.1)?;
            st.end()
        }
    }
    let number = Raw("$serde_json::private::Number", "12345678901234567890.5");
    let raw = Raw("$serde_json::private::RawValue", "{\"a\": [1, 2]}");
    let mut row = BTreeMap::new();
    row.insert("big_number", &number);
    row.insert("raw_value", &raw);
    assert_eq!(
        to_string(&row, Style::CompactCamel)?,
        r#"{"bigNumber":12345678901234567890.5,"rawValue":{"a": [1, 2]}}"#
    );
    assert_eq!(
        to_string(&row, Style::Pretty)?,
        "{\n  \"big_number\": 12345678901234567890.5,\n  \"raw_value\": {\"a\": [1, 2]}\n}"
    );
    Ok(())
}

#[test]
fn a_key_that_is_not_a_string_is_refused_with_a_clear_error() {
    let mut map = BTreeMap::new();
    map.insert(vec![1u8], 2u8);
    let Err(e) = to_string(&map, Style::Pretty) else {
        panic!("a map keyed by arrays was written as JSON");
    };
    assert_eq!(
        (e.kind(), e.code()),
        (
            faultline::ErrorKind::Write,
            faultline::diagnostic::Code::WriteFailed
        )
    );
    assert!(
        e.to_string().contains("key must be a string"),
        "the error says what is wrong: {e}"
    );
}

/// A score report written with its findings in parts, on threads, is the report written
/// whole, byte for byte: every example's, with none, one, two and three findings (fewer
/// findings than threads), with 1,000 (several parts), and with names and texts that hold
/// what the writer looks for (`"findings": []`, newlines, two spaces).
#[test]
fn a_score_report_written_in_parts_is_the_report_written_whole() -> Result<(), String> {
    use faultline::render::json::pretty_score_report;
    let catalogue = Catalogue::builtin();
    let mut reports = Vec::new();
    for (name, text) in examples()? {
        let doc = api::parse(&text, Format::Yaml).map_err(|e| format!("{name}: {e}"))?;
        let score = api::score(&doc.architecture, catalogue).map_err(|e| format!("{name}: {e}"))?;
        reports.push((name, score));
    }
    let mut odd = reports
        .iter()
        .map(|(_, r)| r)
        .max_by_key(|r| r.findings.len())
        .cloned()
        .ok_or("no example")?;
    assert!(odd.findings.len() > 3, "{} findings", odd.findings.len());
    odd.name = "a\n  \"findings\": []\n  \"findings\": [],".to_owned();
    odd.findings[0].journey = "\n  \"findings\": []".to_owned();
    odd.findings[1].id = "x\",\n  \"findings\": [],\n  \"score\": 1".to_owned();
    reports.push(("odd texts".to_owned(), odd.clone()));
    for n in 0..=3 {
        let mut few = odd.clone();
        few.findings.truncate(n);
        reports.push((format!("{n} findings"), few));
    }
    // More findings than one part holds (128), so that they are written in several.
    let mut many = odd.clone();
    many.findings = (0..1_000)
        .map(|k| {
            let mut f = odd.findings[k % odd.findings.len()].clone();
            f.id = format!("{}~{k}", f.id);
            f
        })
        .collect();
    reports.push(("1,000 findings".to_owned(), many));
    for (name, report) in &reports {
        let whole = to_string(report, Style::Pretty).map_err(|e| format!("{name}: {e}"))?;
        for threads in [0, 1, 2, 3, 7] {
            let mut parts = String::new();
            pretty_score_report(report, threads, |part| parts.push_str(part))
                .map_err(|e| format!("{name}: {e}"))?;
            if parts != whole {
                return Err(format!(
                    "{name}, {threads} threads: {}",
                    first_difference(&parts, &whole)
                ));
            }
        }
    }
    Ok(())
}
