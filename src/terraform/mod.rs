//! Importing Terraform: a plan or a state (`terraform show -json`) → a description.
//!
//! Architects already describe their systems in Terraform; this module reads what
//! `terraform show -json plan.bin` (a plan) or `terraform show -json` (a state) prints, of
//! every `format_version` since Terraform 0.12, and writes the [`Architecture`] faultline
//! scores: components with their regions and zones, the redundancy Terraform declares
//! (Multi-AZ, replicas, global tables, Route 53 failover, CloudFront origin groups ...),
//! dependencies collapsed from the configuration's references, and proposed journeys.
//! Every component keeps the resource addresses it came from in
//! [`Component::origin`](crate::model::Component::origin).
//!
//! What Terraform cannot know (journeys, targets, criticality, failover triggers, standby
//! temperature, monitoring, change practice, better ids) comes from an [`Overlay`] keyed by
//! resource address, in the manner of Infracost's usage file. Nothing is guessed silently:
//! [`Imported`] lists what was assumed ([`Note`]), what was known only after apply
//! ([`Unknown`]), which resource types were not understood ([`Unsupported`]) and what was
//! folded into components or away ([`Folded`]).
//!
//! Front ends make one call, [`crate::Engine::import_terraform`] (the plan's text and the
//! overlay's, within the engine's [`Limits`]); [`import`] and [`import_with`] take an
//! overlay already read by [`parse_overlay`]. A failure is a [`crate::Error`] of kind
//! [`crate::ErrorKind::Import`] (or `Limit`) with a stable code (`terraform-syntax`,
//! `not-terraform`, `terraform-version`, `terraform-shape`, `overlay-syntax`, `overlay`,
//! `overlay-reference`, `too-many-resources`, `terraform-too-complex` ...), a message that
//! starts with `plan:` or `overlay:`, and the JSON pointer, line and column in that input.
//! Findings name component ids; [`Imported::origin_of`] (or the component's `origin`) gives
//! the resource addresses behind each.
//!
//! The importer uses serde_json only (YAML overlays through the `yaml` feature), does no
//! I/O and never panics on any input, so the CLI, the npm package and the web page run the
//! same code. `docs/terraform.md` documents the mapping per resource type.
//!
//! ```
//! let plan = r#"{
//!   "format_version": "1.2",
//!   "planned_values": { "root_module": { "resources": [
//!     { "address": "aws_instance.web", "mode": "managed", "type": "aws_instance",
//!       "name": "web", "values": { "availability_zone": "eu-west-1a" } }
//!   ] } }
//! }"#;
//! let imported = faultline::terraform::import(plan, None).unwrap();
//! let web = &imported.architecture.components[0];
//! assert_eq!(web.id, "web");
//! assert_eq!(web.regions[0].name, "eu-west-1");
//! assert_eq!(web.origin, ["aws_instance.web"]);
//! ```

mod address;
mod build;
mod doc;
mod error;
mod facts;
mod graph;
mod names;
mod overlay;
mod place;
mod refs;
mod rules;

use std::fmt::Write as _;

use serde::Serialize;

pub use overlay::{Overlay, ResourceOverlay, parse_overlay};

use crate::diagnostic::Code;
use crate::error::Error;
use crate::input::Format;
use crate::limits::Limits;
use crate::model::Architecture;

/// The importer's limits on the plan or state. Over one, the [`Error`] names it (kind
/// [`crate::ErrorKind::Limit`]).
///
/// A plan is machine-written and several times the size of the description it yields, so
/// its limits are multiples of the engine's: [`ImportOptions::from_limits`] (what
/// [`crate::Engine::import_terraform`] uses) allows four times `max_input_bytes` and five
/// times `max_components` resource instances; the defaults are those of
/// [`Limits::default`] (64 MiB and 100,000).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    /// Largest plan or state in bytes. Default: 64 MiB (a plan of several thousand
    /// resources is a few MiB).
    pub max_input_bytes: usize,
    /// Most resource instances read. Default: 100,000.
    pub max_resources: usize,
}

impl ImportOptions {
    /// The importer's limits that go with an engine's: four times
    /// [`Limits::max_input_bytes`], five times [`Limits::max_components`].
    ///
    /// ```
    /// use faultline::Limits;
    /// use faultline::terraform::ImportOptions;
    /// let o = ImportOptions::from_limits(&Limits { max_components: 10, ..Limits::default() });
    /// assert_eq!(o.max_resources, 50);
    /// assert_eq!(ImportOptions::from_limits(&Limits::default()), ImportOptions::default());
    /// ```
    pub fn from_limits(limits: &Limits) -> Self {
        ImportOptions {
            max_input_bytes: limits.max_input_bytes.saturating_mul(4),
            max_resources: limits.max_components.saturating_mul(5),
        }
    }
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions::from_limits(&Limits::default())
    }
}

/// What the input was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
// `Source` is taken in the schema (a catalogue source): `TerraformSource` in TypeScript.
#[cfg_attr(feature = "schema", schemars(rename = "TerraformSource"))]
pub struct Source {
    /// `plan` or `state`.
    pub kind: String,
    /// The document's `format_version` (`0.1` … `1.2`).
    pub format_version: String,
    /// The Terraform version that wrote it, when it says.
    pub terraform_version: Option<String>,
}

/// Something the importer assumed or decided: a proposed journey, a guessed topology, a
/// merged replica, a broken dependency cycle. Stable `code`, the resource addresses
/// concerned, and a sentence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Note {
    /// Stable code, e.g. `journeys-guessed`, `replica`, `routed`, `topology-guessed`.
    pub code: String,
    /// The resource addresses it is about (may be empty).
    pub addresses: Vec<String>,
    /// What was assumed, and why.
    pub message: String,
}

/// A value Terraform will know only after apply (or that the plan does not give), reported
/// rather than guessed, with what the importer did instead.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Unknown {
    /// The resource instance.
    pub address: String,
    /// The attribute (`availability_zone`, `multi_az` ...).
    pub attribute: String,
    /// What it means for the description.
    pub effect: String,
}

/// A resource whose type the importer does not map: kept out of the description, listed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Unsupported {
    /// The resource instance address.
    pub address: String,
    /// Its type (`aws_neptune_cluster`).
    pub resource_type: String,
}

/// A resource that is not a component of its own: part of one (a listener, a node
/// group), a link between components (a target group, an IAM role), plumbing (a subnet, a
/// security group) or a data source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Folded {
    /// The resource instance address.
    pub address: String,
    /// Its type.
    pub resource_type: String,
    /// The component it is part of, when it is.
    pub into: Option<String>,
    /// Why it is not a component.
    pub reason: String,
}

/// The result of an import: the description and everything a user should know about how
/// it was made.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Imported {
    /// The description, ready to score or to write out as YAML or JSON.
    pub architecture: Architecture,
    /// What was read.
    pub source: Source,
    /// What was assumed or decided, sorted by code.
    pub notes: Vec<Note>,
    /// Values known only after apply, reported instead of guessed.
    pub unknowns: Vec<Unknown>,
    /// Resources whose type the importer does not map (kept out of the description).
    pub unsupported: Vec<Unsupported>,
    /// Resources that are not components of their own.
    pub folded: Vec<Folded>,
}

impl Imported {
    /// The Terraform resource addresses the component with id `component_id` came from
    /// (its [`Component::origin`](crate::model::Component::origin), after the overlay's
    /// renames), so that a finding about a component can name the code to change. Empty for
    /// an id that is not in the description, or a component the overlay added.
    ///
    /// ```
    /// let plan = r#"{"format_version": "1.2", "planned_values": {"root_module": {
    ///   "child_modules": [{"address": "module.app", "resources": [
    ///     {"address": "module.app.aws_instance.web", "mode": "managed",
    ///      "type": "aws_instance", "name": "web",
    ///      "values": {"availability_zone": "eu-west-1a"}}]}]}}}"#;
    /// let imported = faultline::terraform::import(plan, None)?;
    /// assert_eq!(imported.origin_of("web"), ["module.app.aws_instance.web"]);
    /// assert!(imported.origin_of("nothing").is_empty());
    /// # Ok::<(), faultline::Error>(())
    /// ```
    pub fn origin_of(&self, component_id: &str) -> &[String] {
        self.architecture
            .components
            .iter()
            .find(|c| c.id == component_id)
            .map_or(&[], |c| c.origin.as_slice())
    }

    /// A plain-text summary for the end of a terminal run: counts, notes, unknowns and
    /// unsupported types with their addresses.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let a = &self.architecture;
        let _ = writeln!(
            out,
            "Imported {} component(s) and {} journey(s) from a Terraform {} (format {}{}).",
            a.components.len(),
            a.journeys.len(),
            self.source.kind,
            self.source.format_version,
            self.source
                .terraform_version
                .as_deref()
                .map(|v| format!(", Terraform {v}"))
                .unwrap_or_default()
        );
        if !self.folded.is_empty() {
            let _ = writeln!(
                out,
                "{} resource(s) folded into components or left out as plumbing.",
                self.folded.len()
            );
        }
        if !self.notes.is_empty() {
            let _ = writeln!(out, "\nAssumed ({}):", self.notes.len());
            for n in &self.notes {
                let _ = writeln!(out, "  - [{}] {}", n.code, n.message);
            }
        }
        if !self.unknowns.is_empty() {
            let _ = writeln!(out, "\nKnown only after apply ({}):", self.unknowns.len());
            for u in &self.unknowns {
                let _ = writeln!(out, "  - {} `{}`: {}", u.address, u.attribute, u.effect);
            }
        }
        if !self.unsupported.is_empty() {
            let mut by_type: std::collections::BTreeMap<&str, Vec<&str>> =
                std::collections::BTreeMap::new();
            for u in &self.unsupported {
                by_type
                    .entry(u.resource_type.as_str())
                    .or_default()
                    .push(u.address.as_str());
            }
            let _ = writeln!(
                out,
                "\nNot understood, left out of the description ({} resource(s)):",
                self.unsupported.len()
            );
            for (t, addresses) in by_type {
                let _ = writeln!(out, "  - {t}: {}", addresses.join(", "));
            }
        }
        out
    }
}

/// Imports a plan or a state with default [`ImportOptions`].
///
/// # Errors
///
/// A [`crate::Error`] of kind [`crate::ErrorKind::Import`] whose one diagnostic says what
/// and where: the text is not JSON (`terraform-syntax`, with line and column), is not
/// `terraform show -json` output (`not-terraform`), has a `format_version` of another major
/// version (`terraform-version`), has a value of the wrong type where the format fixes one
/// (`terraform-shape`, with its JSON pointer, line and column), or the overlay names
/// something the plan does not have (`overlay-reference`, with its pointer into the
/// overlay); of kind [`crate::ErrorKind::Limit`] over a limit (`input-too-large`,
/// `too-deep`, `too-many-resources`, `terraform-too-complex`). The message starts with
/// `plan:` or `overlay:`. A plan with nothing to score (only networks, say) is not an
/// error: the description has no components and a `nothing-to-score` note says why.
pub fn import(plan_or_state_json: &str, overlay: Option<&Overlay>) -> Result<Imported, Error> {
    import_with(plan_or_state_json, overlay, &ImportOptions::default())
}

/// Imports a plan or a state with explicit limits.
///
/// # Errors
///
/// As [`import`].
///
/// # Complexity
///
/// Linear in the size of the document for reading; following references is bounded by a
/// step budget (an error past it, never a hang).
pub fn import_with(
    plan_or_state_json: &str,
    overlay: Option<&Overlay>,
    options: &ImportOptions,
) -> Result<Imported, Error> {
    if plan_or_state_json.len() > options.max_input_bytes {
        return Err(Error::import(
            error::plan(
                Code::InputTooLarge,
                "",
                format!(
                    "the input is too large: {} bytes, over the limit of {}",
                    plan_or_state_json.len(),
                    options.max_input_bytes
                ),
            )
            .with_help("raise `ImportOptions::max_input_bytes` in the library; `Engine::import_terraform` allows four times `Limits::max_input_bytes` (`--max-input-bytes`)"),
            true,
        ));
    }
    let text = plan_or_state_json
        .strip_prefix('\u{feff}')
        .unwrap_or(plan_or_state_json);
    if text.trim().is_empty() {
        return Err(error::fail(
            error::plan(Code::NotTerraform, "", "the input is empty").with_help(
                "import the output of `terraform show -json plan.bin` or `terraform show -json`",
            ),
        ));
    }
    let root: serde_json::Value = serde_json::from_str(text).map_err(|e| error::json_syntax(&e))?;
    let result = (|| {
        let doc = doc::read(&root, options.max_resources)?;
        let default_regions = overlay
            .map(|o| o.default_regions.clone())
            .unwrap_or_default();
        let draft = build::build(&doc, default_regions)?;
        let source = Source {
            kind: match doc.kind {
                doc::DocKind::Plan => "plan".to_owned(),
                doc::DocKind::State => "state".to_owned(),
            },
            format_version: doc.format_version.clone(),
            terraform_version: doc.terraform_version.clone(),
        };
        overlay::apply(draft, overlay, source)
    })();
    // serde_json's recursion limit (128) bounds the nesting, so dropping `root` is safe.
    drop(root);
    // Errors found after reading know their path; the position comes from one walk over the
    // text, made only on failure and not over a limit (the text may be huge). Overlay
    // errors are located by the caller that has the overlay's text ([`import_text`]).
    result.map_err(|e| {
        if error::is_overlay(&e) || e.kind() == crate::ErrorKind::Limit {
            e
        } else {
            error::locate(e, &crate::input::index_positions(text, 128))
        }
    })
}

/// What [`crate::Engine::import_terraform`] does: the overlay read within `limits` (as a
/// description is), the plan within [`ImportOptions::from_limits`], the imported
/// description within `max_components` and `max_dependencies` (so that
/// [`crate::Engine::prepare`] will not refuse it for its size), and overlay errors located
/// in the overlay's text.
pub(crate) fn import_text(
    plan_or_state_json: &str,
    overlay: Option<(&str, Format)>,
    limits: &Limits,
) -> Result<Imported, Error> {
    let parsed = match overlay {
        Some((text, format)) => Some(overlay::parse_overlay_within(text, format, limits)?),
        None => None,
    };
    let imported = import_with(
        plan_or_state_json,
        parsed.as_ref(),
        &ImportOptions::from_limits(limits),
    )
    .map_err(|e| match overlay {
        Some((text, _)) if error::is_overlay(&e) => error::locate(
            e,
            &crate::input::index_positions(
                text.strip_prefix('\u{feff}').unwrap_or(text),
                limits.max_depth,
            ),
        ),
        _ => e,
    })?;
    let over = limits.check_counts(&imported.architecture);
    if !over.is_empty() {
        return Err(Error::limits(over));
    }
    Ok(imported)
}
