//! Limits: how much input, nesting and work faultline accepts before it refuses.
//!
//! Descriptions come from people pasting text into a web page and from pull requests in
//! CI. Every limit here exists so that such text can never make faultline crash, hang or
//! exhaust memory; each is far above any real description (the largest example has a
//! dozen components). Over a limit the result is an error diagnostic whose code names
//! the limit (`too-many-components` …), whose message gives the value found and the limit,
//! and whose help says how to raise it: the [`Limits`] field for library users and the
//! CLI flag. `docs/limits.md` lists them with the measurements behind the defaults.
//!
//! Every front end gets them from the core, the same way: an [`crate::Engine`] holds one
//! `Limits` and enforces it in
//!
//! - [`crate::Engine::parse`]: input bytes, nesting depth, YAML alias expansions and YAML
//!   values (before and while deserialising), then components and dependency references
//!   ([`Limits::check_counts`]) once the document is read;
//! - [`crate::Engine::prepare`]: the same counts for architectures built in code, then the
//!   number of scenarios the catalogue expands to, counted before any is built;
//! - [`crate::Engine::check`]: all of them as diagnostics, for `faultline check`.
//!
//! ```
//! use faultline::{Engine, Format, Limits, catalogue::Catalogue};
//! let limits = Limits { max_components: 1, ..Limits::default() };
//! let engine = Engine::new(Catalogue::builtin(), limits);
//! let text = "version: 1\nname: t\ncomponents:\n  - { id: a, kind: dns, provider: aws }\n  - { id: b, kind: dns, provider: aws }\n";
//! let e = engine.parse(text, Format::Yaml).unwrap_err();
//! assert_eq!(e.diagnostics()[0].code, "too-many-components");
//! assert!(e.diagnostics()[0].help.as_deref().unwrap_or("").contains("--max-components"));
//! ```

use crate::catalogue::Catalogue;
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::model::{Architecture, Dependency};

/// Limits on what faultline accepts. Over a limit, a clear error names it.
///
/// `Limits::default()` is what the CLI, the npm package and [`Engine::parse`](crate::Engine::parse) use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input in bytes. Default: 16 MiB. CLI: `--max-input-bytes`.
    pub max_input_bytes: usize,
    /// Deepest nesting of mappings and sequences. Default: 64. CLI: `--max-depth`.
    pub max_depth: usize,
    /// Most YAML alias expansions (`*name`) of one anchor, and (times 16) replayed events
    /// in total, in one document. Default: 10,000. CLI: `--max-alias-expansions`.
    pub max_alias_expansions: usize,
    /// Most values (mappings, sequences and scalars, keys included) in one document, YAML
    /// or JSON (the name dates from when only YAML was read through a tree). Default:
    /// 2,000,000. CLI: `--max-yaml-nodes`.
    pub max_yaml_nodes: usize,
    /// Most components. Default: 20,000. CLI: `--max-components`.
    pub max_components: usize,
    /// Most dependency references: every `depends_on` and journey `entry` item, every
    /// `any_of` alternative counted. Default: 200,000. CLI: `--max-dependencies`.
    pub max_dependencies: usize,
    /// Most scenarios (pattern instances) one score may play. Default: 100,000. CLI:
    /// `--max-scenarios`.
    pub max_scenarios: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 16 * 1024 * 1024,
            max_depth: 64,
            max_alias_expansions: 10_000,
            max_yaml_nodes: 2_000_000,
            max_components: 20_000,
            max_dependencies: 200_000,
            max_scenarios: 100_000,
        }
    }
}

/// The error for a value over a limit: code, message with both numbers, and the help line
/// naming the library field and the CLI flag.
pub(crate) fn over_limit(
    code: Code,
    path: &str,
    what: &str,
    found: impl std::fmt::Display,
    limit: usize,
    field: &str,
) -> Diagnostic {
    Diagnostic::error(
        code,
        path,
        format!("{what}: {found}, over the limit of {limit}"),
    )
    .with_help(format!(
        "raise it with `--{}` on the command line or `Limits::{field}` in the library",
        field.replace('_', "-")
    ))
}

/// Counts every dependency reference in `deps`, alternatives of `any_of` groups included.
fn count_refs(deps: &[Dependency]) -> usize {
    let mut n = 0usize;
    let mut stack: Vec<&Dependency> = deps.iter().collect();
    while let Some(d) = stack.pop() {
        n = n.saturating_add(1);
        if let Dependency::AnyOf { any_of, .. } = d {
            stack.extend(any_of.iter());
        }
    }
    n
}

impl Limits {
    /// Checks the component count and the number of dependency references.
    ///
    /// # Complexity
    ///
    /// O(components + references).
    pub fn check_counts(&self, arch: &Architecture) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if arch.components.len() > self.max_components {
            out.push(over_limit(
                Code::TooManyComponents,
                "/components",
                "too many components",
                arch.components.len(),
                self.max_components,
                "max_components",
            ));
        }
        let refs = arch
            .components
            .iter()
            .map(|c| count_refs(&c.depends_on))
            .chain(arch.journeys.iter().map(|j| count_refs(&j.entry)))
            .fold(0usize, usize::saturating_add);
        if refs > self.max_dependencies {
            out.push(over_limit(
                Code::TooManyDependencies,
                "/components",
                "too many dependency references (`depends_on` and journey `entry` items)",
                refs,
                self.max_dependencies,
                "max_dependencies",
            ));
        }
        out
    }

    /// Checks how many scenarios the catalogue expands to for this architecture. Call it on
    /// a description that validates (it resolves the architecture).
    ///
    /// # Complexity
    ///
    /// One resolution and one count: O(scenarios + components), without building any.
    pub(crate) fn check_scenarios(
        &self,
        arch: &Architecture,
        catalogue: &Catalogue,
    ) -> Option<Diagnostic> {
        let resolved = crate::resolve::resolve(arch, catalogue);
        let footing = crate::rules::Footing::build(&resolved, catalogue);
        let n = crate::scenarios::count(&resolved, &footing, catalogue);
        (n > self.max_scenarios).then(|| self.scenarios_over(n))
    }

    /// The diagnostic for `n` scenarios over [`Limits::max_scenarios`].
    pub(crate) fn scenarios_over(&self, n: usize) -> Diagnostic {
        over_limit(
            Code::TooManyScenarios,
            "",
            "the catalogue expands to too many scenarios for this description (one per fault domain it uses, per pattern)",
            n,
            self.max_scenarios,
            "max_scenarios",
        )
    }
}
