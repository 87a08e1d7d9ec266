//! The WebAssembly adapter: the JavaScript API of the npm package `faultline` and of the
//! web page (feature `wasm`).
//!
//! Every export is thin: read the text, parse it (YAML or JSON, detected), read the options,
//! call the core once, convert the result. The conversions live in one place each:
//!
//! - **Out**: [`to_js`] writes the report with serde_json through [`CamelKeys`], a JSON
//!   formatter that turns object keys from snake_case into camelCase as they are written, and
//!   hands the text to `JSON.parse`. The result is plain data: objects (not `Map`s), arrays,
//!   `null` (not `undefined`), numbers that are exactly the f64s of the report, and keys in
//!   the report's field order. Reports are structs and `Vec`s only, never maps keyed by data
//!   (user ids would be renamed): `crates/dev/src/typescript.rs` fails on a map in an exported type.
//! - **`*Json` exports** return [`to_json`]: the bytes `faultline … --format json` prints.
//! - **Errors**: [`Failure`] becomes a real JS `Error` with `code` and `diagnostics`
//!   (`{severity, code, path, line, column, message, help}`), positions filled in from the
//!   document's source map. Nothing here panics; with `panic = "abort"` a panic would trap
//!   and leave the module unusable. The opt-in `panic-hook` feature logs a panic's message to
//!   the console, for debugging only.
//! - **Types**: `crates/wasm/types.d.ts` (generated from the JSON Schema of the report types by
//!   `crates/dev/src/typescript.rs`) and [`API_TYPES`] below become the package's `faultline.d.ts`.
//!
//! Adding an operation takes a report function and one or two exports, e.g.
//!
//! ```ignore
//! fn risk_report(text: JsValue, options: JsValue) -> Result<RiskReport, Failure> {
//!     call::<RiskOptionsJs>(text, options)?.run(|arch, cat, o| faultline::risk_groups(arch, cat, &o.into()))
//! }
//! #[wasm_bindgen(js_name = riskGroups, unchecked_return_type = "RiskReport")]
//! pub fn risk_groups(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
//!     #[wasm_bindgen(unchecked_optional_param_type = "RiskOptions")] options: JsValue) -> Result<JsValue, JsValue> {
//!     Ok(to_js(&risk_report(text, options)?)?)
//! }
//! ```
//!
//! plus its options struct here and its report type in `crates/dev/src/typescript.rs`.

#![forbid(unsafe_code)]
// Core errors carry whole diagnostics; they are rare and never on a hot path.
#![allow(clippy::result_large_err)]

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use faultline::catalogue::Catalogue;
use faultline::diagnostic::Diagnostic;
use faultline::mitigate::{SuggestOptions as CoreSuggestOptions, SuggestReport};
use faultline::model::Architecture;
use faultline::parse::{Document, Format, SourceMap, parse as parse_text};
use faultline::report::{Error, ReplayReport, ScoreReport, SimulateReport, SimulateRequest};
use faultline::risk::{RiskOptions as CoreRiskOptions, RiskReport};

/// The report types, generated from their JSON Schema (see `crates/dev/src/typescript.rs`).
#[wasm_bindgen(typescript_custom_section)]
const REPORT_TYPES: &str = include_str!("../types.d.ts");

/// The types of the options and results that exist only at this boundary.
#[wasm_bindgen(typescript_custom_section)]
const API_TYPES: &str = r#"
/** The error every function throws when it cannot produce a result. */
export interface FaultlineError extends Error {
  /** Stable code: a parse diagnostic's code (`syntax`, `unknown-field`, `too-deep` ...),
   * `invalid` (the description has errors), `unknown-pattern`, `unknown-incident`, `domain`,
   * `wrong-domain-class`, `invalid-minutes`, `catalogue`, `bad-options` or `not-text`. */
  code: string;
  /** What is wrong and where; at least one entry. */
  diagnostics: Diagnostic[];
}

/** Options every operation accepts. */
export interface CatalogueOptions {
  /** A user catalogue (YAML or JSON text, the built-in format) laid over the built-in one. */
  catalogue?: string;
}

/** Options of `validate`. */
export interface ValidateOptions extends CatalogueOptions {}

/** Options of `score` and `scoreJson`. */
export interface ScoreOptions extends CatalogueOptions {}

/** Options of `simulate` and `simulateJson`. */
export interface SimulateOptions extends CatalogueOptions {
  /** Pattern id (see `catalogue()`). */
  pattern: string;
  /** The fault domain to fail, e.g. `region:aws/us-east-1`. */
  at: string;
  /** Minutes to play; default: the pattern's median duration. */
  minutes?: number | null;
}

/** Options of `replay` and `replayJson`. */
export interface ReplayOptions extends CatalogueOptions {
  /** One incident id; without it, every incident that touches the description. */
  incident?: string | null;
}

/** Options of `riskGroups` and `riskGroupsJson`. */
export interface RiskOptions extends CatalogueOptions {
  /** Largest number of domains in a risk group (default 3). */
  maxOrder?: number | null;
  /** Most risk groups of two or more domains listed per journey (default 200). */
  maxSets?: number | null;
  /** Elementary steps allowed per journey (default 5,000,000); over it the result says
   * `truncated`. */
  maxWork?: number | null;
}

/** Options of `suggest` and `suggestJson`. */
export interface SuggestOptions extends CatalogueOptions {
  /** Keep only the best `top` suggestions (after ranking). */
  top?: number | null;
}

/** The result of `validate`. */
export interface ValidateResult {
  /** No diagnostic of error severity. */
  ok: boolean;
  /** Every diagnostic, with line and column where the text has them. */
  diagnostics: Diagnostic[];
}
"#;

/// Why an export could not produce its result: a code and the diagnostics that say what
/// and where. Becomes a JS `Error` at the boundary.
struct Failure {
    code: String,
    message: String,
    diagnostics: Vec<Diagnostic>,
}

impl Failure {
    /// A failure with one error diagnostic of the same code, for the whole document.
    fn new(code: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Failure {
            code: code.to_owned(),
            diagnostics: vec![Diagnostic::error(code, "", message.clone())],
            message,
        }
    }

    /// A core error, with the diagnostics' positions filled in from `source`.
    fn from_core(e: Error, source: &SourceMap) -> Self {
        match e {
            Error::Parse(p) => {
                Failure::located(p.diagnostic.code.clone(), p.to_string(), vec![p.diagnostic])
            }
            Error::Invalid { diagnostics } => {
                let message = Error::Invalid {
                    diagnostics: diagnostics.clone(),
                }
                .to_string();
                let located = diagnostics.into_iter().map(|d| source.locate(d)).collect();
                Failure::located("invalid".to_owned(), message, located)
            }
            other => Failure::new(&variant_code(&other), other.to_string()),
        }
    }

    /// A failure with its diagnostics; the message names the first error's position.
    fn located(code: String, message: String, diagnostics: Vec<Diagnostic>) -> Self {
        let position = diagnostics
            .iter()
            .find(|d| d.is_error())
            .and_then(|d| Some((d.line?, d.column?)));
        let message = match position {
            Some((line, column)) => format!("{message} (line {line}, column {column})"),
            None => message,
        };
        Failure {
            code,
            message,
            diagnostics,
        }
    }
}

/// The stable code of a core error that carries no diagnostics: its variant name in
/// kebab-case (`UnknownPattern` → `unknown-pattern`). Taken from the derived `Debug` so that
/// variants added to [`Error`] get a code without touching this file.
fn variant_code(e: &Error) -> String {
    let debug = format!("{e:?}");
    let name = debug
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default();
    let mut code = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                code.push('-');
            }
            code.push(c.to_ascii_lowercase());
        } else {
            code.push(c);
        }
    }
    if code.is_empty() {
        "error".to_owned()
    } else {
        code
    }
}

impl From<faultline::catalogue::CatalogueError> for Failure {
    fn from(e: faultline::catalogue::CatalogueError) -> Self {
        Failure::new("catalogue", e.to_string())
    }
}

impl From<Failure> for JsValue {
    fn from(f: Failure) -> JsValue {
        let error = js_sys::Error::new(&f.message);
        let diagnostics = to_js(&f.diagnostics).unwrap_or_else(|_| js_sys::Array::new().into());
        // Setting a property on a fresh, unfrozen Error object cannot fail.
        let _ = js_sys::Reflect::set(
            &error,
            &JsValue::from_str("code"),
            &JsValue::from_str(&f.code),
        );
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str("diagnostics"), &diagnostics);
        error.into()
    }
}

/// Converts a value into plain JS data with camelCase keys (see the module docs).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Failure> {
    let mut bytes = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut bytes, CamelKeys::default());
    value
        .serialize(&mut ser)
        .map_err(|e| Failure::new("internal", format!("could not serialise the result: {e}")))?;
    // serde_json writes only valid UTF-8.
    let text = String::from_utf8(bytes)
        .map_err(|e| Failure::new("internal", format!("could not serialise the result: {e}")))?;
    js_sys::JSON::parse(&text)
        .map_err(|_| Failure::new("internal", "JSON.parse rejected the result"))
}

/// The report as the CLI's `--format json` prints it: pretty, snake_case, one final newline.
fn to_json<T: Serialize>(value: &T) -> Result<String, Failure> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::new("internal", format!("could not serialise the result: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// A compact JSON formatter that writes object keys in camelCase: `impact_minutes` →
/// `impactMinutes`. Values are untouched. Keys are struct field names, which serde writes
/// as one fragment without escapes.
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
        let mut buf = [0u8; 4];
        for c in fragment.chars() {
            if c == '_' {
                self.upper_next = true;
                continue;
            }
            let c = if self.upper_next {
                c.to_ascii_uppercase()
            } else {
                c
            };
            self.upper_next = false;
            w.write_all(c.encode_utf8(&mut buf).as_bytes())?;
        }
        Ok(())
    }
}

/// The description text, or a `not-text` failure for anything but a JS string.
fn text_of(text: &JsValue) -> Result<String, Failure> {
    text.as_string().ok_or_else(|| {
        Failure::new(
            "not-text",
            format!(
                "expected the description as a string of YAML or JSON text, got {}",
                text.js_typeof().as_string().unwrap_or_default()
            ),
        )
    })
}

/// Parses a description, detecting YAML or JSON from its first character.
fn load(text: &JsValue) -> Result<Document, Failure> {
    let text = text_of(text)?;
    let format = Format::detect(None, &text);
    parse_text(&text, format)
        .map_err(|e| Failure::from_core(Error::Parse(e), &SourceMap::default()))
}

/// Options of an export: a camelCase JS object, `undefined` or `null` (read as `{}`).
trait Options: DeserializeOwned {
    /// The user catalogue text, when given.
    fn catalogue(&self) -> Option<&str>;
}

fn options_of<O: Options>(options: JsValue) -> Result<O, Failure> {
    if options.is_undefined() || options.is_null() {
        return from_options_json("{}");
    }
    if !options.is_object() || js_sys::Array::is_array(&options) {
        return Err(Failure::new(
            "bad-options",
            format!(
                "invalid options: expected an object, got {}",
                options.js_typeof().as_string().unwrap_or_default()
            ),
        ));
    }
    // Through JSON rather than serde-wasm-bindgen, whose struct reader only looks up the
    // declared fields and so cannot reject a misspelt option.
    let json = js_sys::JSON::stringify(&options)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| Failure::new("bad-options", "invalid options: not representable as JSON"))?;
    from_options_json(&json)
}

fn from_options_json<O: Options>(json: &str) -> Result<O, Failure> {
    serde_json::from_str(json).map_err(|e| {
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => &message[..i],
            None => &message,
        };
        Failure::new("bad-options", format!("invalid options: {message}"))
    })
}

/// The built-in catalogue, or it with a user catalogue laid over it.
fn catalogue_with(user: Option<&str>) -> Result<Cow<'static, Catalogue>, Failure> {
    let builtin = Catalogue::try_builtin().map_err(|e| {
        Failure::new(
            "catalogue",
            format!("the built-in catalogue is broken: {e}"),
        )
    })?;
    match user {
        None => Ok(Cow::Borrowed(builtin)),
        Some(text) => {
            let user = Catalogue::from_user_text(text, "<catalogue option>")?;
            Ok(Cow::Owned(builtin.merged_with(&user)?))
        }
    }
}

/// Everything an operation needs: the parsed description, the catalogue, the options.
struct Call<O> {
    doc: Document,
    catalogue: Cow<'static, Catalogue>,
    options: O,
}

/// Reads the text, the options and the catalogue they name.
fn call<O: Options>(text: JsValue, options: JsValue) -> Result<Call<O>, Failure> {
    let options: O = options_of(options)?;
    let catalogue = catalogue_with(options.catalogue())?;
    let doc = load(&text)?;
    Ok(Call {
        doc,
        catalogue,
        options,
    })
}

impl<O> Call<O> {
    /// Runs one core operation, locating its diagnostics in the text. The default limits
    /// (components, dependencies, scenarios: `docs/limits.md`) are checked first, as the CLI
    /// does, so no input makes the page work for minutes.
    fn run<R>(
        &self,
        op: impl FnOnce(&Architecture, &Catalogue, &O) -> Result<R, Error>,
    ) -> Result<R, Failure> {
        let limits = faultline::limits::Limits::default();
        let arch = &self.doc.architecture;
        let mut over = limits.check_counts(arch);
        if over.is_empty() {
            over.extend(limits.check_scenarios(arch, &self.catalogue));
        }
        if !over.is_empty() {
            return Err(Failure::from_core(
                Error::Invalid { diagnostics: over },
                &self.doc.source,
            ));
        }
        op(arch, &self.catalogue, &self.options)
            .map_err(|e| Failure::from_core(e, &self.doc.source))
    }
}

/// Options with nothing but the catalogue (`validate`, `score`, `catalogue`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CommonOptions {
    #[serde(default)]
    catalogue: Option<String>,
}

impl Options for CommonOptions {
    fn catalogue(&self) -> Option<&str> {
        self.catalogue.as_deref()
    }
}

/// Options of `simulate`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SimulateOptions {
    pattern: String,
    at: String,
    #[serde(default)]
    minutes: Option<f64>,
    #[serde(default)]
    catalogue: Option<String>,
}

impl Options for SimulateOptions {
    fn catalogue(&self) -> Option<&str> {
        self.catalogue.as_deref()
    }
}

/// Options of `replay`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ReplayOptions {
    #[serde(default)]
    incident: Option<String>,
    #[serde(default)]
    catalogue: Option<String>,
}

impl Options for ReplayOptions {
    fn catalogue(&self) -> Option<&str> {
        self.catalogue.as_deref()
    }
}

/// Options of `riskGroups`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RiskOptions {
    #[serde(default)]
    max_order: Option<usize>,
    #[serde(default)]
    max_sets: Option<usize>,
    #[serde(default)]
    max_work: Option<u64>,
    #[serde(default)]
    catalogue: Option<String>,
}

impl Options for RiskOptions {
    fn catalogue(&self) -> Option<&str> {
        self.catalogue.as_deref()
    }
}

impl From<&RiskOptions> for CoreRiskOptions {
    fn from(o: &RiskOptions) -> Self {
        let d = CoreRiskOptions::default();
        CoreRiskOptions {
            max_order: o.max_order.unwrap_or(d.max_order),
            max_sets: o.max_sets.unwrap_or(d.max_sets),
            max_work: o.max_work.unwrap_or(d.max_work),
        }
    }
}

/// Options of `suggest`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SuggestOptions {
    #[serde(default)]
    top: Option<usize>,
    #[serde(default)]
    catalogue: Option<String>,
}

impl Options for SuggestOptions {
    fn catalogue(&self) -> Option<&str> {
        self.catalogue.as_deref()
    }
}

/// The result of `validate`.
#[derive(Serialize)]
struct Validation {
    ok: bool,
    diagnostics: Vec<Diagnostic>,
}

// --- reports ------------------------------------------------------------------------------------

fn score_report(text: JsValue, options: JsValue) -> Result<ScoreReport, Failure> {
    call::<CommonOptions>(text, options)?.run(|arch, cat, _| faultline::score(arch, cat))
}

fn simulate_report(text: JsValue, options: JsValue) -> Result<SimulateReport, Failure> {
    call::<SimulateOptions>(text, options)?.run(|arch, cat, o| {
        let request = SimulateRequest {
            pattern: o.pattern.clone(),
            at: o.at.clone(),
            minutes: o.minutes,
        };
        faultline::simulate(arch, cat, &request)
    })
}

fn replay_report(text: JsValue, options: JsValue) -> Result<ReplayReport, Failure> {
    call::<ReplayOptions>(text, options)?
        .run(|arch, cat, o| faultline::replay(arch, cat, o.incident.as_deref()))
}

fn risk_report(text: JsValue, options: JsValue) -> Result<RiskReport, Failure> {
    call::<RiskOptions>(text, options)?
        .run(|arch, cat, o| faultline::risk_groups(arch, cat, &o.into()))
}

fn suggest_report(text: JsValue, options: JsValue) -> Result<SuggestReport, Failure> {
    call::<SuggestOptions>(text, options)?.run(|arch, cat, o| {
        faultline::mitigate::suggest(arch, cat, &CoreSuggestOptions { top: o.top })
    })
}

fn validation(text: JsValue, options: JsValue) -> Validation {
    let checked = (|| {
        let options: CommonOptions = options_of(options)?;
        let catalogue = catalogue_with(options.catalogue())?;
        let doc = load(&text)?;
        let diagnostics: Vec<Diagnostic> = faultline::validate::validate_with_limits(
            &doc.architecture,
            &catalogue,
            &faultline::limits::Limits::default(),
        )
        .into_iter()
        .map(|d| doc.source.locate(d))
        .collect();
        Ok::<_, Failure>(diagnostics)
    })();
    let diagnostics = checked.unwrap_or_else(|f| f.diagnostics);
    Validation {
        ok: !diagnostics.iter().any(Diagnostic::is_error),
        diagnostics,
    }
}

// --- exports ------------------------------------------------------------------------------------

/// The faultline version, e.g. `0.1.0`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The JSON Schema (draft 2020-12) of the description format. Its property names are the
/// format's own (snake_case), so it is returned as is, not camelCased.
#[cfg(feature = "schema")]
#[wasm_bindgen(unchecked_return_type = "Record<string, unknown>")]
pub fn schema() -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&faultline::schema::json_schema())
}

/// The outage catalogue: patterns, incidents and provider profiles (camelCase keys). With
/// `options.catalogue`, a user catalogue laid over the built-in one.
#[wasm_bindgen(unchecked_return_type = "Catalogue")]
pub fn catalogue(
    #[wasm_bindgen(unchecked_optional_param_type = "CatalogueOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options: CommonOptions = options_of(options)?;
    Ok(to_js(catalogue_with(options.catalogue())?.as_ref())?)
}

/// Checks a description. Never throws for bad input: syntax errors, unknown fields and bad
/// options are diagnostics too.
#[wasm_bindgen(unchecked_return_type = "ValidateResult")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(to_js(&validation(text, options))?)
}

/// The parsed description (camelCase keys), for drawing it. Not validated.
#[wasm_bindgen(unchecked_return_type = "Architecture")]
pub fn parse(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(to_js(&load(&text)?.architecture)?)
}

/// Scores a description: expected downtime per journey, score, grade and findings.
#[wasm_bindgen(unchecked_return_type = "ScoreReport")]
pub fn score(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(to_js(&score_report(text, options)?)?)
}

/// `score` as the exact bytes of `faultline score --format json`.
#[wasm_bindgen(js_name = scoreJson)]
pub fn score_json(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions")] options: JsValue,
) -> Result<String, JsValue> {
    Ok(to_json(&score_report(text, options)?)?)
}

/// Plays one outage pattern at one fault domain.
#[wasm_bindgen(unchecked_return_type = "SimulateReport")]
pub fn simulate(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SimulateOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(to_js(&simulate_report(text, options)?)?)
}

/// `simulate` as the exact bytes of `faultline simulate --format json`.
#[wasm_bindgen(js_name = simulateJson)]
pub fn simulate_json(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SimulateOptions")] options: JsValue,
) -> Result<String, JsValue> {
    Ok(to_json(&simulate_report(text, options)?)?)
}

/// What would have happened during catalogued incidents.
#[wasm_bindgen(unchecked_return_type = "ReplayReport")]
pub fn replay(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ReplayOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(to_js(&replay_report(text, options)?)?)
}

/// `replay` as the exact bytes of `faultline replay --format json`.
#[wasm_bindgen(js_name = replayJson)]
pub fn replay_json(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ReplayOptions")] options: JsValue,
) -> Result<String, JsValue> {
    Ok(to_json(&replay_report(text, options)?)?)
}

/// Single points of failure and risk groups (minimal cut sets) per journey.
#[wasm_bindgen(js_name = riskGroups, unchecked_return_type = "RiskReport")]
pub fn risk_groups(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RiskOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(to_js(&risk_report(text, options)?)?)
}

/// `riskGroups` as the exact bytes of `faultline risk --format json`.
#[wasm_bindgen(js_name = riskGroupsJson)]
pub fn risk_groups_json(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RiskOptions")] options: JsValue,
) -> Result<String, JsValue> {
    Ok(to_json(&risk_report(text, options)?)?)
}

/// Mitigations, each applied to a copy and re-scored, ranked by measured gain per cost.
#[wasm_bindgen(unchecked_return_type = "SuggestReport")]
pub fn suggest(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SuggestOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(to_js(&suggest_report(text, options)?)?)
}

/// `suggest` as the exact bytes of `faultline suggest --format json`.
#[wasm_bindgen(js_name = suggestJson)]
pub fn suggest_json(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SuggestOptions")] options: JsValue,
) -> Result<String, JsValue> {
    Ok(to_json(&suggest_report(text, options)?)?)
}

/// Applies one suggestion (an `id` from `suggest`) and returns the changed description as
/// text in the input's format (YAML or JSON). Comments and layout of the input are not kept.
#[wasm_bindgen(js_name = applySuggestion)]
pub fn apply_suggestion(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    id: String,
    #[wasm_bindgen(unchecked_optional_param_type = "CatalogueOptions")] options: JsValue,
) -> Result<String, JsValue> {
    let c = call::<CommonOptions>(text, options)?;
    let changed = c.run(|arch, cat, _| faultline::mitigate::apply_suggestion(arch, cat, &id))?;
    let format = c.doc.format;
    Ok(c.run(|_, _, _| faultline::write::to_text(&changed, format))?)
}

// --- debugging ----------------------------------------------------------------------------------

#[cfg(feature = "panic-hook")]
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// With the `panic-hook` feature: print a panic's message and location to the console
/// before the module traps. Debugging only; no input should reach a panic.
#[cfg(feature = "panic-hook")]
#[wasm_bindgen(start)]
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error(&format!("faultline panicked: {info}"))
    }));
}
