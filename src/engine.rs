//! The facade: an [`Engine`] (a catalogue and the limits every operation enforces) and a
//! [`Prepared`] architecture (validated, resolved, its dependency order, what each component
//! rests on, its scenarios), built once and taken by every analysis.
//!
//! ```
//! use faultline::{Engine, Format};
//! let engine = Engine::default();
//! let doc = engine.parse(faultline::DEFAULT_ARCHITECTURE, Format::Yaml)?;
//! let prepared = engine.prepare(&doc.architecture)?;
//! let report = prepared.score();
//! assert!((0.0..=100.0).contains(&report.score));
//! let risk = prepared.risk(&faultline::RiskOptions::default());
//! assert_eq!(risk.journeys.len(), report.journeys.len());
//! # Ok::<(), faultline::Error>(())
//! ```

use std::borrow::Cow;
use std::sync::Arc;

use crate::catalogue::Catalogue;
use crate::diagnostic::{Code, Diagnostic};
use crate::error::Error;
use crate::graph::Indexed;
use crate::input::Format;
use crate::limits::Limits;
use crate::model::Architecture;
use crate::parse::Document;
use crate::resolve::Resolved;
use crate::rules::Footing;
use crate::scenarios::{Closures, Expansion, Scenario};
use crate::validate::{Kept, OwnChecks};

/// A catalogue and the limits every operation enforces: what the three front ends (the CLI,
/// the npm package, a Rust service) share. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct Engine<'c> {
    catalogue: &'c Catalogue,
    limits: Limits,
}

impl Default for Engine<'static> {
    /// The built-in catalogue with the default [`Limits`].
    fn default() -> Self {
        Engine {
            catalogue: Catalogue::builtin(),
            limits: Limits::default(),
        }
    }
}

impl<'c> Engine<'c> {
    /// An engine over `catalogue` (the built-in one, or it merged with a user's: see
    /// [`Catalogue::merged_with`]) that refuses input over `limits`.
    ///
    /// The catalogue is trusted as it is. The built-in one is checked by its tests, and
    /// [`Catalogue::merged_with`] refuses a merge that fails [`Catalogue::check`]; a
    /// catalogue built or edited in code is not checked here (two patterns with one id
    /// would give their scenarios and findings one id, and share what a suggestion
    /// remembers of each): check it first.
    ///
    /// ```
    /// use faultline::{Engine, Limits, catalogue::Catalogue};
    /// let mut own = Catalogue::builtin().clone();
    /// own.patterns.push(own.patterns[0].clone());
    /// assert!(!own.check().is_empty(), "the copied pattern's id is there twice");
    /// let checked = Catalogue::builtin().clone();
    /// assert!(checked.check().is_empty());
    /// let engine = Engine::new(&checked, Limits::default());
    /// # let _ = engine;
    /// ```
    pub fn new(catalogue: &'c Catalogue, limits: Limits) -> Self {
        Engine { catalogue, limits }
    }

    /// The catalogue.
    pub fn catalogue(&self) -> &'c Catalogue {
        self.catalogue
    }

    /// The limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Reads a description (YAML or JSON) within the limits, with source positions.
    ///
    /// # Errors
    ///
    /// An [`Error`] of kind `Syntax`, `Shape` or `Limit` whose one diagnostic says what
    /// and where (path, line, column).
    pub fn parse(&self, text: &str, format: Format) -> Result<Document, Error> {
        crate::parse::parse_with_limits(text, format, &self.limits)
    }

    /// Every diagnostic of a description (errors, warnings, notes), limits included, with
    /// their paths; positions are filled in by [`crate::SourceMap::locate`]. Never fails:
    /// this is `faultline check`.
    pub fn check(&self, arch: &Architecture) -> Vec<Diagnostic> {
        crate::validate::validate_with_limits(arch, self.catalogue, &self.limits)
    }

    /// Imports a Terraform plan or state (`terraform show -json` output) with an optional
    /// overlay (YAML or JSON) into a description and what the import assumed, did not know
    /// and did not understand ([`crate::terraform`]). Within the limits: the overlay as a
    /// description (bytes, nesting, YAML aliases and values), the plan within
    /// [`crate::terraform::ImportOptions::from_limits`] (four times the bytes, five times
    /// the components in resource instances), and the imported description within
    /// `max_components` and `max_dependencies`.
    ///
    /// # Errors
    ///
    /// [`crate::ErrorKind::Import`]: the plan or the overlay cannot be imported (the message
    /// starts with `plan:` or `overlay:`; the diagnostic has the code, the JSON pointer into
    /// that input, and the line and column); [`crate::ErrorKind::Limit`] over a limit.
    ///
    /// ```
    /// use faultline::{Engine, Format};
    /// let plan = r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
    ///   {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance",
    ///    "name": "web", "values": {"availability_zone": "eu-west-1a"}}]}}}"#;
    /// let engine = Engine::default();
    /// let imported = engine.import_terraform(plan, Some(("name: shop\n", Format::Yaml)))?;
    /// assert_eq!(imported.architecture.name, "shop");
    /// assert_eq!(imported.origin_of("web"), ["aws_instance.web"]);
    /// let e = engine
    ///     .import_terraform(plan, Some(("resources:\n  aws_lb.nope: {}\n", Format::Yaml)))
    ///     .unwrap_err();
    /// assert_eq!(e.code().as_str(), "overlay-reference");
    /// assert_eq!(e.diagnostics()[0].line, Some(2));
    /// # Ok::<(), faultline::Error>(())
    /// ```
    pub fn import_terraform(
        &self,
        plan_json: &str,
        overlay: Option<(&str, Format)>,
    ) -> Result<crate::terraform::Imported, Error> {
        crate::terraform::import_text(plan_json, overlay, &self.limits)
    }

    /// Validates, resolves and indexes a description once, for any number of analyses.
    ///
    /// # Errors
    ///
    /// [`crate::ErrorKind::Limit`] over a limit (components, dependency references, or the
    /// scenarios the catalogue expands to, counted before any is built);
    /// [`crate::ErrorKind::Invalid`] when validation finds errors (the error carries every
    /// diagnostic).
    ///
    /// # Complexity
    ///
    /// O(components × domains per component + references + scenarios × implications).
    pub fn prepare(&self, arch: &Architecture) -> Result<Prepared<'c>, Error> {
        self.prepare_cow(Cow::Borrowed(arch), None, None)
    }

    /// [`Engine::prepare`] of a description the caller gives away, which the prepared
    /// one keeps without copying it (a copy of a 10,000-component description took a
    /// sixth of preparing it, docs/performance.md). The same result and errors as
    /// [`Engine::prepare`]; the description is dropped with the error.
    ///
    /// ```
    /// use faultline::{Engine, Format};
    /// let engine = Engine::default();
    /// let doc = engine.parse(faultline::DEFAULT_ARCHITECTURE, Format::Yaml)?;
    /// let copied = engine.prepare(&doc.architecture)?;
    /// let kept = engine.prepare_owned(doc.architecture)?;
    /// assert_eq!(kept.score(), copied.score());
    /// # Ok::<(), faultline::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Engine::prepare`].
    pub fn prepare_owned(&self, arch: Architecture) -> Result<Prepared<'c>, Error> {
        self.prepare_cow(Cow::Owned(arch), None, None)
    }

    /// [`Engine::prepare_owned`] of a changed copy measured for a suggestion, with the
    /// closures of implied failures kept from the copies prepared before it, and what the
    /// baseline's preparation worked out for the components it did not change ([`Reuse`]).
    pub(crate) fn prepare_changed(
        &self,
        arch: Architecture,
        reuse: Option<&Reuse<'_>>,
        closures: &mut Closures<'c>,
    ) -> Result<Prepared<'c>, Error> {
        self.prepare_cow(Cow::Owned(arch), reuse, Some(closures))
    }

    fn prepare_cow(
        &self,
        arch: Cow<'_, Architecture>,
        reuse: Option<&Reuse<'_>>,
        closures: Option<&mut Closures<'c>>,
    ) -> Result<Prepared<'c>, Error> {
        let over = self.limits.check_counts(&arch);
        if !over.is_empty() {
            return Err(Error::limits(over));
        }
        // A copy that refers to the components as its baseline does (the same ids in the
        // same order, the same references) has the baseline's index and graph.
        let mut own = None;
        let indexed: &Indexed<'_> = match reuse {
            Some(r) if r.same_graph => r.indexed,
            _ => own.insert(Indexed::new(&arch)),
        };
        let kept = reuse.map(|r| Kept {
            checks: r.checks,
            unchanged: &r.unchanged,
        });
        let diagnostics = crate::validate::validate_keeping(&arch, self.catalogue, indexed, kept);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Error::invalid(diagnostics));
        }
        let Some(order) = indexed.graph.dependencies_first() else {
            // Validation reports cycles as errors; reaching here means it missed one.
            return Err(Error::invalid(vec![Diagnostic::error(
                Code::DependencyCycle,
                "/components",
                "the dependency graph has a cycle",
            )]));
        };
        let resolved = crate::resolve::resolve_indexed(
            &arch,
            self.catalogue,
            indexed,
            reuse.map(|r| (&r.base.resolved, r.unchanged.as_slice())),
        );
        drop(own);
        let footing = Footing::build_keeping(
            &resolved,
            self.catalogue,
            reuse.map(|r| (&r.base.footing, &r.base.resolved)),
        );
        // A copy whose scenarios are its baseline's shares the baseline's list (the same
        // catalogue and limits: the list passed the same scenario limit).
        let shared = reuse.filter(|r| {
            std::ptr::eq(r.base.engine.catalogue, self.catalogue)
                && r.base.engine.limits == self.limits
                && crate::scenarios::same_scenarios(
                    (&r.base.resolved, &r.base.footing),
                    (&resolved, &footing),
                )
        });
        let scenarios = match shared {
            Some(r) => Arc::clone(&r.base.scenarios),
            None => {
                let expansion = Expansion::new(&resolved, &footing, self.catalogue);
                let n = expansion.len();
                if n > self.limits.max_scenarios {
                    return Err(Error::limits(vec![self.limits.scenarios_over(n)]));
                }
                Arc::new(expansion.scenarios(&resolved, &footing, self.catalogue, closures))
            }
        };
        Ok(Prepared {
            engine: *self,
            arch: arch.into_owned(),
            resolved,
            order,
            diagnostics,
            footing,
            scenarios,
        })
    }
}

/// A changed copy of a description against the prepared baseline it was made from, for
/// its preparation to take what the baseline already worked out for each component whose
/// description did not change (`suggest` prepares hundreds of copies that each differ from
/// the baseline in a few components; docs/performance.md, the eighteenth pass):
///
/// - the checks that read one component alone and the component ids ([`OwnChecks`]);
/// - its resolution. A component is resolved from its own description, the catalogue, the
///   component ids (what its references point at), the own sites (its uplinks),
///   `operations` (the default rollout), the kinds of its hard dependencies (a CDN's
///   cacheable share) and how many `any_of` groups the components before it have (its
///   groups' numbers), which `resolve_indexed` counts, taking a component's resolution
///   only when its groups get the same numbers;
/// - its footing, while the copy numbers its domains as the baseline did
///   ([`Footing::build_keeping`]);
/// - its id index and dependency graph, when every component refers to the same
///   components, in the same order, as in the baseline (most candidates change how a
///   component fails over or scales, not what it depends on).
///
/// [`Reuse::between`] requires the ids and kinds (in order), the sites and the operations
/// to be the baseline's. A unit test compares, for every candidate of the examples, the
/// copies prepared this way with copies prepared from nothing.
pub(crate) struct Reuse<'b> {
    base: &'b Prepared<'b>,
    checks: &'b OwnChecks,
    /// The baseline's [`Indexed`].
    indexed: &'b Indexed<'b>,
    /// Per component: described exactly as in the baseline.
    unchanged: Vec<bool>,
    /// Every component's `depends_on` and `needs_at_start` name the baseline's ids, in
    /// its order: [`Indexed::new`] of the copy is `indexed` (the index is the same for
    /// the same ids in the same order, and the graph's edges are made from those names).
    pub(crate) same_graph: bool,
}

impl<'b> Reuse<'b> {
    /// What `copy` may take from `base` (with `checks`, its [`OwnChecks`], and `indexed`,
    /// its [`Indexed`]): `None` unless it has the baseline's components (the same ids and
    /// kinds, in the same order), sites and operations.
    pub fn between(
        base: &'b Prepared<'b>,
        checks: &'b OwnChecks,
        indexed: &'b Indexed<'b>,
        copy: &Architecture,
    ) -> Option<Reuse<'b>> {
        let original = &base.arch;
        let same_frame = copy.components.len() == original.components.len()
            && copy.sites == original.sites
            && copy.operations == original.operations
            && copy
                .components
                .iter()
                .zip(&original.components)
                .all(|(a, b)| a.id == b.id && a.kind == b.kind);
        same_frame.then(|| {
            let unchanged = unchanged_components(original, copy);
            let same_graph = (copy.components.iter().zip(&original.components))
                .zip(&unchanged)
                .all(|((a, b), &same)| same || referred(a).eq(referred(b)));
            Reuse {
                base,
                checks,
                indexed,
                unchanged,
                same_graph,
            }
        })
    }

    /// The components whose description changed, in order.
    pub fn changed(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.unchanged.len()).filter(|&i| !self.unchanged[i])
    }
}

/// The ids a component refers to, in order: its `depends_on`, then its `needs_at_start`
/// (the edges [`Indexed::new`] makes of it).
fn referred(c: &crate::model::Component) -> impl Iterator<Item = &str> {
    (c.depends_on.iter().flat_map(crate::model::Dependency::ids))
        .chain(c.needs_at_start.iter().map(String::as_str))
}

/// Per component of `copy` (a changed copy of `base` with as many components, in the same
/// order): described exactly as in `base`.
pub(crate) fn unchanged_components(base: &Architecture, copy: &Architecture) -> Vec<bool> {
    copy.components
        .iter()
        .zip(&base.components)
        .map(|(a, b)| a == b)
        .collect()
}

/// A description validated, resolved and indexed once: its dependency order, the fault
/// domains each component rests on and how (the `rules` module), and the scenarios the
/// catalogue expands to. Every analysis is a method: [`Prepared::score`],
/// [`Prepared::simulate`], [`Prepared::replay`], [`Prepared::risk`],
/// [`Prepared::fault_trees`], [`Prepared::suggest`], [`Prepared::apply`],
/// [`Prepared::advice`], [`Prepared::export`].
#[derive(Debug, Clone)]
pub struct Prepared<'c> {
    pub(crate) engine: Engine<'c>,
    pub(crate) arch: Architecture,
    pub(crate) resolved: Resolved,
    /// Components, dependencies first.
    pub(crate) order: Vec<usize>,
    /// Warnings and notes of validation (no errors: those stop preparation).
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) footing: Footing,
    /// Shared with the baseline by a changed copy whose scenarios are the baseline's
    /// ([`crate::scenarios::same_scenarios`]).
    pub(crate) scenarios: Arc<Vec<Scenario>>,
}

impl<'c> Prepared<'c> {
    /// The description as given.
    pub fn architecture(&self) -> &Architecture {
        &self.arch
    }

    /// The warnings and notes about it.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The engine it was prepared by.
    pub fn engine(&self) -> Engine<'c> {
        self.engine
    }

    /// How many scenarios a score plays.
    pub fn scenario_count(&self) -> usize {
        self.scenarios.len()
    }
}

/// How many threads share `items` independent pieces of work when `asked` are asked for:
/// at most one per core (more only slow each other down), at most one per `per_thread`
/// pieces (a thread costs its start and its own buffers), at least one; always one in
/// WebAssembly, which has no threads here.
pub(crate) fn thread_count(asked: usize, items: usize, per_thread: usize) -> usize {
    if cfg!(target_arch = "wasm32") {
        return 1;
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    asked.min(cores).min(items / per_thread.max(1)).max(1)
}

/// A prepared architecture is shared by the threads that play a score's scenarios
/// ([`Prepared::score_on`]).
const _: () = {
    const fn shared<T: Sync>() {}
    shared::<Prepared<'static>>();
};
