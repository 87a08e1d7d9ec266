//! The WebAssembly adapter: the JavaScript API of the npm package `faultline` and of the
//! web page (feature `wasm`).
//!
//! Every export is thin: read the text, parse it (YAML or JSON, detected), read the options,
//! call the core once, convert the result. The conversions live in one place each:
//!
//! - **Out**: [`to_js`] writes the report as JSON with the core's report writer
//!   (`faultline::render::json`, style `CompactCamel`: object keys turned from snake_case
//!   into camelCase as they are written) and hands the text to `JSON.parse`. The result is
//!   plain data: objects (not `Map`s), arrays, `null` (not `undefined`), numbers that are
//!   exactly the f64s of the report, and keys in the report's field order. Reports are
//!   structs and `Vec`s only, never maps keyed by data (user ids would be renamed):
//!   `crates/dev/src/typescript.rs` fails on a map in an exported type.
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

use faultline::advice::{Advice, AdviceOptions as CoreAdviceOptions};
use faultline::catalogue::Catalogue;
use faultline::diagnostic::{Code, Diagnostic};
use faultline::edit::Patched;
use faultline::mitigate::{SuggestOptions as CoreSuggestOptions, SuggestReport};
use faultline::render::json;
use faultline::report::{ReplayReport, ScoreReport, SimulateReport, SimulateRequest};
use faultline::risk::{RiskOptions as CoreRiskOptions, RiskReport};
use faultline::{Document, Engine, Error, ErrorKind, Format, Limits, Prepared, SourceMap};

/// The report types, generated from their JSON Schema (see `crates/dev/src/typescript.rs`).
#[wasm_bindgen(typescript_custom_section)]
const REPORT_TYPES: &str = include_str!("../types.d.ts");

/// The types of the options and results that exist only at this boundary.
#[wasm_bindgen(typescript_custom_section)]
const API_TYPES: &str = r#"
/** The error every function throws when it cannot produce a result. */
export interface FaultlineError extends Error {
  /** Stable code (docs/diagnostics.md): a reading problem's own code (`syntax`,
   * `unknown-field`, `too-deep`, `too-many-components` ...), `invalid` (the description has
   * errors), `unknown-pattern`, `unknown-incident`, `unknown-suggestion`, `domain`,
   * `wrong-domain-class`, `invalid-minutes`, `unknown-scenario`, `catalogue`, `bad-options`,
   * `not-text`, or
   * `patch-unsupported` / `patch-failed` / `patch-mismatch` (`applyToText`). */
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

/** Options of `assess`. */
export interface AssessOptions extends CatalogueOptions {
  /** A scenario whose findings keep their causal chains in the report (the scenario an
   * editor has open); an id the score does not have is ignored. */
  scenario?: string | null;
}

/** Options of `scenarioFindings`. */
export interface ScenarioOptions extends CatalogueOptions {
  /** A scenario id, as a finding's `scenario` names it. */
  scenario: string;
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

/** Options of `advice` and `adviceJson`. */
export interface AdviceOptions extends CatalogueOptions {
  /** Largest risk group listed (default 2). */
  maxOrder?: number | null;
  /** Mitigations listed (default 3). */
  mitigations?: number | null;
  /** Work units the mitigations may spend (default 20,000,000); over it the result says
   * `mitigations.truncated`. */
  maxWork?: number | null;
}

/** Options of `suggest` and `suggestJson`. */
export interface SuggestOptions extends CatalogueOptions {
  /** Keep only the best `top` suggestions (after ranking). */
  top?: number | null;
}

/** Options of `scoreMarkdown`. */
export interface MarkdownOptions extends CatalogueOptions {
  /** Findings listed, costliest first (default: every finding). */
  top?: number | null;
}

/** A 1-based line and column in the description's text (`positions`). */
export interface Position {
  line: number;
  column: number;
}

/** The limits every function reads descriptions within (the CLI's defaults). */
export interface Limits {
  /** Largest input in bytes (16 MiB). */
  maxInputBytes: number;
  /** Deepest nesting of mappings and sequences. */
  maxDepth: number;
  /** Most components. */
  maxComponents: number;
  /** Most dependency references. */
  maxDependencies: number;
  /** Most scenarios one score may play. */
  maxScenarios: number;
}

/** The result of `validate`. */
export interface ValidateResult {
  /** No diagnostic of error severity. */
  ok: boolean;
  /** Every diagnostic, with line and column where the text has them. */
  diagnostics: Diagnostic[];
}

/** The result of `assess`: what `validate`, `parse` and `score` return for the same text,
 * from one reading of it. */
export interface AssessResult {
  /** As `validate(text, options)` returns it. */
  validation: ValidateResult;
  /** As `parse(text)` returns it; `null` when `validation.ok` is false. */
  architecture: Architecture | null;
  /** As `score(text, options)` returns it, but with every finding's `chain` empty except
   * those of `options.scenario`; `null` when `validation.ok` is false. */
  report: ScoreReport | null;
}
"#;

/// Why an export could not produce its result: a code and the diagnostics that say what
/// and where. Becomes a JS `Error` at the boundary.
struct Failure {
    code: Code,
    message: String,
    diagnostics: Vec<Diagnostic>,
}

impl Failure {
    /// A failure of the adapter itself (options, arguments), with one diagnostic.
    fn new(code: Code, message: impl Into<String>) -> Self {
        let message = message.into();
        Failure {
            code,
            diagnostics: vec![Diagnostic::error(code, "", message.clone())],
            message,
        }
    }

    /// A core error: its stable code ([`Error::code`]), its diagnostics with positions
    /// filled in from `source`, and a message naming the first error's position when the
    /// problem is in the description.
    fn from_core(e: Error, source: &SourceMap) -> Self {
        let in_text = matches!(
            e.kind(),
            ErrorKind::Syntax | ErrorKind::Shape | ErrorKind::Limit | ErrorKind::Invalid
        );
        let code = e.code();
        let e = e.located(source);
        let mut message = e.message().to_owned();
        if in_text
            && let Some((line, column)) = e
                .diagnostics()
                .iter()
                .find(|d| d.is_error())
                .and_then(|d| Some((d.line?, d.column?)))
        {
            message = format!("{message} (line {line}, column {column})");
        }
        Failure {
            code,
            message,
            diagnostics: e.into_diagnostics(),
        }
    }
}

impl From<faultline::catalogue::CatalogueError> for Failure {
    fn from(e: faultline::catalogue::CatalogueError) -> Self {
        Failure::from_core(e.into(), &SourceMap::default())
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
            &JsValue::from_str(f.code.as_str()),
        );
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str("diagnostics"), &diagnostics);
        error.into()
    }
}

/// Converts a value into plain JS data with camelCase keys (see the module docs).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Failure> {
    let text = json::to_string(value, json::Style::CompactCamel)
        .map_err(|e| Failure::new(Code::Internal, e.to_string()))?;
    js_sys::JSON::parse(&text)
        .map_err(|_| Failure::new(Code::Internal, "JSON.parse rejected the result"))
}

/// The report as the CLI's `--format json` prints it: pretty, snake_case, one final newline.
fn to_json<T: Serialize>(value: &T) -> Result<String, Failure> {
    let mut text = json::to_string(value, json::Style::Pretty)
        .map_err(|e| Failure::new(Code::Internal, e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// The description text, or a `not-text` failure for anything but a JS string.
fn text_of(text: &JsValue) -> Result<String, Failure> {
    text.as_string().ok_or_else(|| {
        Failure::new(
            Code::NotText,
            format!(
                "expected the description as a string of YAML or JSON text, got {}",
                text.js_typeof().as_string().unwrap_or_default()
            ),
        )
    })
}

/// An array of strings (JSON pointers), or a `bad-options` failure.
fn strings_of(value: &JsValue) -> Result<Vec<String>, Failure> {
    let bad = || {
        Failure::new(
            Code::BadOptions,
            "expected an array of strings (JSON pointers)",
        )
    };
    if !js_sys::Array::is_array(value) {
        return Err(bad());
    }
    js_sys::Array::from(value)
        .iter()
        .map(|v| v.as_string().ok_or_else(bad))
        .collect()
}

/// Parses a description within the default limits, detecting YAML or JSON from its first
/// character.
fn load(text: &JsValue, engine: &Engine) -> Result<Document, Failure> {
    let text = text_of(text)?;
    let format = Format::detect(None, &text);
    engine
        .parse(&text, format)
        .map_err(|e| Failure::from_core(e, &SourceMap::default()))
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
            Code::BadOptions,
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
        .ok_or_else(|| {
            Failure::new(
                Code::BadOptions,
                "invalid options: not representable as JSON",
            )
        })?;
    from_options_json(&json)
}

fn from_options_json<O: Options>(json: &str) -> Result<O, Failure> {
    serde_json::from_str(json).map_err(|e| {
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => &message[..i],
            None => &message,
        };
        Failure::new(Code::BadOptions, format!("invalid options: {message}"))
    })
}

/// The built-in catalogue, or it with a user catalogue laid over it.
fn catalogue_with(user: Option<&str>) -> Result<Cow<'static, Catalogue>, Failure> {
    let builtin = Catalogue::try_builtin().map_err(|e| {
        Failure::new(
            Code::Catalogue,
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

/// Reads the options, the catalogue they name, and the text (within the default limits,
/// as the CLI's: `docs/limits.md`).
fn call<O: Options>(text: JsValue, options: JsValue) -> Result<Call<O>, Failure> {
    let options: O = options_of(options)?;
    let catalogue = catalogue_with(options.catalogue())?;
    let doc = load(&text, &Engine::new(&catalogue, Limits::default()))?;
    Ok(Call {
        doc,
        catalogue,
        options,
    })
}

impl<O> Call<O> {
    /// Prepares the description (limits and validation, as the CLI does, so no input makes
    /// the page work for minutes) and runs one core operation on it, locating every
    /// diagnostic in the text.
    /// The description is given to the preparation, not copied.
    fn run<R>(self, op: impl FnOnce(&Prepared, &O) -> Result<R, Error>) -> Result<R, Failure> {
        let engine = Engine::new(&self.catalogue, Limits::default());
        let Document {
            architecture,
            source,
            ..
        } = self.doc;
        engine
            .prepare_owned(architecture)
            .and_then(|p| op(&p, &self.options))
            .map_err(|e| Failure::from_core(e, &source))
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

/// Options of `assess`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AssessOptions {
    #[serde(default)]
    scenario: Option<String>,
    #[serde(default)]
    catalogue: Option<String>,
}

impl Options for AssessOptions {
    fn catalogue(&self) -> Option<&str> {
        self.catalogue.as_deref()
    }
}

/// Options of `scenarioFindings`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ScenarioOptions {
    scenario: String,
    #[serde(default)]
    catalogue: Option<String>,
}

impl Options for ScenarioOptions {
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

/// Options of `scoreMarkdown`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct MarkdownOptions {
    #[serde(default)]
    top: Option<usize>,
    #[serde(default)]
    catalogue: Option<String>,
}

impl Options for MarkdownOptions {
    fn catalogue(&self) -> Option<&str> {
        self.catalogue.as_deref()
    }
}

/// A 1-based line and column (`positions`).
#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
}

/// The default limits (`limits`).
#[derive(Serialize)]
struct LimitsJs {
    max_input_bytes: usize,
    max_depth: usize,
    max_components: usize,
    max_dependencies: usize,
    max_scenarios: usize,
}

/// The result of `validate`.
#[derive(Serialize)]
struct Validation {
    ok: bool,
    diagnostics: Vec<Diagnostic>,
}

/// The result of `assess`.
#[derive(Serialize)]
struct Assessment {
    validation: Validation,
    architecture: Option<faultline::model::Architecture>,
    report: Option<ScoreReport>,
}

/// `validate`, `parse` and `score` from one reading. When the description prepares, its
/// validation is the prepared one's diagnostics: `Engine::check` runs the same rules, and
/// adds only the scenario limit, over which preparing fails. Otherwise every part is
/// computed as its own function computes it.
fn assessment(text: JsValue, options: JsValue) -> Result<Assessment, Failure> {
    let invalid = |validation: Validation| Assessment {
        validation,
        architecture: None,
        report: None,
    };
    let call = match call::<AssessOptions>(text.clone(), options.clone()) {
        Ok(call) => call,
        Err(failure) => {
            let validation = validation(text, options);
            return if validation.ok {
                Err(failure)
            } else {
                Ok(invalid(validation))
            };
        }
    };
    let engine = Engine::new(&call.catalogue, Limits::default());
    let doc = &call.doc;
    match engine.prepare(&doc.architecture) {
        Ok(p) => Ok(Assessment {
            validation: Validation {
                ok: true,
                diagnostics: p
                    .diagnostics()
                    .iter()
                    .map(|d| doc.source.locate(d.clone()))
                    .collect(),
            },
            report: Some(
                match call
                    .options
                    .scenario
                    .as_deref()
                    .map(|id| p.score_with_chains_of(id))
                {
                    Some(Ok(report)) => report,
                    // No scenario asked for, or one this score does not have (an editor's
                    // selection the last edit removed): no chains.
                    None | Some(Err(_)) => p.score_without_chains(),
                },
            ),
            architecture: Some(call.doc.architecture.clone()),
        }),
        Err(e) => {
            let diagnostics = checked(&engine, doc);
            if diagnostics.iter().any(Diagnostic::is_error) {
                Ok(invalid(Validation {
                    ok: false,
                    diagnostics,
                }))
            } else {
                Err(Failure::from_core(e, &doc.source))
            }
        }
    }
}

/// Options of `advice`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AdviceOptions {
    #[serde(default)]
    max_order: Option<usize>,
    #[serde(default)]
    mitigations: Option<usize>,
    #[serde(default)]
    max_work: Option<u64>,
    #[serde(default)]
    catalogue: Option<String>,
}

impl Options for AdviceOptions {
    fn catalogue(&self) -> Option<&str> {
        self.catalogue.as_deref()
    }
}

impl From<&AdviceOptions> for CoreAdviceOptions {
    fn from(o: &AdviceOptions) -> Self {
        let d = CoreAdviceOptions::default();
        CoreAdviceOptions {
            max_order: o.max_order.unwrap_or(d.max_order),
            mitigations: o.mitigations.unwrap_or(d.mitigations),
            max_work: o.max_work.unwrap_or(d.max_work),
            threads: 1,
        }
    }
}

// --- reports ------------------------------------------------------------------------------------

fn score_report(text: JsValue, options: JsValue) -> Result<ScoreReport, Failure> {
    call::<CommonOptions>(text, options)?.run(|p, _| Ok(p.score()))
}

fn simulate_report(text: JsValue, options: JsValue) -> Result<SimulateReport, Failure> {
    call::<SimulateOptions>(text, options)?.run(|p, o| {
        p.simulate(&SimulateRequest {
            pattern: o.pattern.clone(),
            at: o.at.clone(),
            minutes: o.minutes,
        })
    })
}

fn replay_report(text: JsValue, options: JsValue) -> Result<ReplayReport, Failure> {
    call::<ReplayOptions>(text, options)?.run(|p, o| p.replay(o.incident.as_deref()))
}

fn risk_report(text: JsValue, options: JsValue) -> Result<RiskReport, Failure> {
    call::<RiskOptions>(text, options)?.run(|p, o| Ok(p.risk(&o.into())))
}

fn suggest_report(text: JsValue, options: JsValue) -> Result<SuggestReport, Failure> {
    call::<SuggestOptions>(text, options)?.run(|p, o| {
        Ok(p.suggest(&CoreSuggestOptions {
            top: o.top,
            threads: 1,
        }))
    })
}

fn advice_report(text: JsValue, options: JsValue) -> Result<Advice, Failure> {
    call::<AdviceOptions>(text, options)?.run(|p, o| Ok(p.advice(&o.into())))
}

/// Every diagnostic of `doc` (`Engine::check`), located in its text.
fn checked(engine: &Engine, doc: &Document) -> Vec<Diagnostic> {
    engine
        .check(&doc.architecture)
        .into_iter()
        .map(|d| doc.source.locate(d))
        .collect()
}

fn validation(text: JsValue, options: JsValue) -> Validation {
    let checked = (|| {
        let options: CommonOptions = options_of(options)?;
        let catalogue = catalogue_with(options.catalogue())?;
        let engine = Engine::new(&catalogue, Limits::default());
        let doc = load(&text, &engine)?;
        Ok::<_, Failure>(checked(&engine, &doc))
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
///
/// It is the checked-in file that `faultline schema` writes, generated from the model's
/// types (a CLI test fails when the file is stale), embedded as text: generating it here
/// would put schemars into the module for one constant.
#[cfg(feature = "schema")]
#[wasm_bindgen(unchecked_return_type = "Record<string, unknown>")]
pub fn schema() -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(include_str!("../../../pkg-config/faultline.schema.json"))
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

/// `validate`, `parse` and `score` of one text at once, as an editor needs them on every
/// keystroke: the text is read, checked and prepared once instead of three times, and the
/// report's findings come without their causal chains, which are most of its text, except
/// those of `options.scenario` (the one an editor has open; `scenarioFindings` gives any
/// other's; docs/performance.md). The parts are what the three functions return, the
/// chains aside; `architecture` and `report` are `null` when the description has errors.
/// Throws only what `score` would throw for a text that `validate` passes.
#[wasm_bindgen(unchecked_return_type = "AssessResult")]
pub fn assess(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AssessOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(to_js(&assessment(text, options)?)?)
}

/// The findings of one scenario, with their causal chains, as `score` lists them (an
/// empty array when the scenario hurts no journey). Throws `unknown-scenario` for an id
/// the description's score does not have.
#[wasm_bindgen(js_name = scenarioFindings, unchecked_return_type = "Finding[]")]
pub fn scenario_findings(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ScenarioOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let findings =
        call::<ScenarioOptions>(text, options)?.run(|p, o| p.scenario_findings(&o.scenario))?;
    Ok(to_js(&findings)?)
}

/// The parsed description (camelCase keys), for drawing it. Not validated.
#[wasm_bindgen(unchecked_return_type = "Architecture")]
pub fn parse(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(to_js(&load(&text, &Engine::default())?.architecture)?)
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

/// Applies one suggestion (an `id` from `suggest`) to the user's text as a minimal patch
/// (`Prepared::apply_to_text`): only the lines that change are touched, comments, order,
/// flow or block style and number formats are kept.
fn patched(text: JsValue, id: &str, options: JsValue) -> Result<Patched, Failure> {
    let source = text_of(&text)?;
    let c = call::<CommonOptions>(text, options)?;
    let format = c.doc.format;
    c.run(|p, _| p.apply_to_text(id, &source, format))
}

/// Applies one suggestion (an `id` from `suggest`) and returns the patched text and the
/// edited line ranges (1-based, half-open), so a page can show the diff before it replaces
/// the text. Throws `patch-unsupported` (with the line) when the change falls on a YAML
/// anchor, merge key or complex key.
#[wasm_bindgen(js_name = applyToText, unchecked_return_type = "Patched")]
pub fn apply_to_text(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    id: String,
    #[wasm_bindgen(unchecked_optional_param_type = "CatalogueOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(to_js(&patched(text, &id, options)?)?)
}

/// Applies one suggestion (an `id` from `suggest`) and returns the changed description:
/// `applyToText(text, id).text`, the user's text with only the changed lines edited.
#[wasm_bindgen(js_name = applySuggestion)]
pub fn apply_suggestion(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    id: String,
    #[wasm_bindgen(unchecked_optional_param_type = "CatalogueOptions")] options: JsValue,
) -> Result<String, JsValue> {
    Ok(patched(text, &id, options)?.text)
}

/// The score report as Markdown for a pull request (`faultline score --format markdown`),
/// with every finding unless `options.top` limits them.
#[wasm_bindgen(js_name = scoreMarkdown)]
pub fn score_markdown(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MarkdownOptions")] options: JsValue,
) -> Result<String, JsValue> {
    let c = call::<MarkdownOptions>(text, options)?;
    let top = c.options.top.unwrap_or(usize::MAX);
    let report = c.run(|p, _| Ok(p.score()))?;
    Ok(faultline::render::markdown::score(&report, top))
}

/// Where values are in the text: for each JSON pointer (`/components/3`,
/// `/journeys/0/entry/1`), the 1-based line and column of that value (or its key), or of
/// its nearest ancestor that has one; `null` when none has. For jumping from a drawn
/// component to its line.
#[wasm_bindgen(unchecked_return_type = "(Position | null)[]")]
pub fn positions(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[]")] pointers: JsValue,
) -> Result<JsValue, JsValue> {
    let pointers = strings_of(&pointers)?;
    let doc = load(&text, &Engine::default())?;
    let out: Vec<Option<Position>> = pointers
        .iter()
        .map(|p| {
            doc.source
                .position(p)
                .map(|(line, column)| Position { line, column })
        })
        .collect();
    Ok(to_js(&out)?)
}

/// The limits every export reads descriptions within (`Limits::default()`, as the CLI's
/// defaults): a page checks a pasted or shared text against `maxInputBytes` before it
/// hands it over.
#[wasm_bindgen(unchecked_return_type = "Limits")]
pub fn limits() -> Result<JsValue, JsValue> {
    let l = Limits::default();
    Ok(to_js(&LimitsJs {
        max_input_bytes: l.max_input_bytes,
        max_depth: l.max_depth,
        max_components: l.max_components,
        max_dependencies: l.max_dependencies,
        max_scenarios: l.max_scenarios,
    })?)
}

/// Single points of failure, the most likely risk groups and the best measured mitigations
/// (what `faultline score` ends with), within a work budget.
#[wasm_bindgen(unchecked_return_type = "Advice")]
pub fn advice(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AdviceOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(to_js(&advice_report(text, options)?)?)
}

/// `advice` as JSON (snake_case keys, the report's field order).
#[wasm_bindgen(js_name = adviceJson)]
pub fn advice_json(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AdviceOptions")] options: JsValue,
) -> Result<String, JsValue> {
    Ok(to_json(&advice_report(text, options)?)?)
}

/// Minutes as every faultline report writes them (`45 min`, `6 h 52 min`): the page uses
/// this rather than a JavaScript copy of the rule.
#[wasm_bindgen(js_name = formatMinutes)]
pub fn format_minutes(minutes: f64) -> String {
    faultline::render::words::fmt_minutes(minutes)
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

#[cfg(test)]
mod tests {
    use super::json;
    use std::collections::BTreeMap;

    /// camelCase, character by character, as the package's first formatter wrote it.
    fn camel(key: &str) -> String {
        let mut out = String::new();
        let mut upper = false;
        for c in key.chars() {
            if c == '_' {
                upper = true;
                continue;
            }
            out.push(if upper { c.to_ascii_uppercase() } else { c });
            upper = false;
        }
        out
    }

    // A wasm-bindgen test in wasm32, so that CI's run of this crate (wasm32 only) runs it;
    // an ordinary one natively.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn keys_become_camel_case_and_values_stay() {
        let keys = [
            "plain",
            "impact_minutes",
            "rpo_breaches_per_year",
            "double__underscore",
            "trailing_",
            "_leading",
            "_",
            "x_y_",
            "über_ñame_é",
            "a_1_b",
        ];
        let map: BTreeMap<&str, &str> = keys.iter().map(|k| (*k, *k)).collect();
        let text = json::to_string(&map, json::Style::CompactCamel).expect("JSON");
        let got: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).expect("JSON");
        assert_eq!(got.len(), keys.len());
        for k in keys {
            assert_eq!(got.get(&camel(k)), Some(&serde_json::json!(k)), "{k}");
        }
        assert!(got.contains_key("impactMinutes") && got.contains_key("rpoBreachesPerYear"));
    }
}
