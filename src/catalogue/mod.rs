//! The outage catalogue: patterns, incidents and provider profiles, as cited data.
//!
//! The built-in catalogue is written in YAML under `src/catalogue/data/`, turned into JSON
//! by `build.rs` and embedded in the crate, so it loads without the `yaml` feature and in
//! WebAssembly. It is parsed once, on first use, by [`Catalogue::builtin`].
//!
//! Users extend it with a file of the same format (their internal incidents and patterns):
//! [`Catalogue::from_user_text`] parses and checks it, [`Catalogue::merged_with`] lays it
//! over the built-in one. An entry with an id the base already has **replaces** that entry
//! in place; an entry with a new id is **added** after the base's entries. Zone counts
//! (`zone_counts`) are lists per provider: a user list overrides the count of each region
//! it names ([`Catalogue::zone_count`]).
//!
//! [`Catalogue::check`] lists integrity problems (dangling references, duplicate ids,
//! missing or non-https sources, impossible numbers, empty derivations, rates that differ
//! from their events over their exposure, fits that differ from their summary, an
//! incident counted twice across patterns) as data; [`stats`] holds the statistics (the
//! log-normal fits, the pooled spread, the one-event-one-count ledger);
//! [`render`] prints the catalogue as text or Markdown (`docs/catalogue.md`), and
//! [`explain`] describes one entry with its sources.
//!
//! ```
//! use faultline::catalogue::Catalogue;
//!
//! let builtin = Catalogue::builtin();
//! assert!(builtin.pattern("zone-physical-loss").is_some());
//!
//! let user = Catalogue::from_user_text(
//!     r#"{"incidents": [{
//!         "id": "acme-2026-01-05-db-failover",
//!         "title": "Primary database failover stalled",
//!         "date": "2026-01-05",
//!         "provider": "aws",
//!         "scope": "zone",
//!         "root_cause": {"primary": "software bug"},
//!         "main_impact_minutes": 42,
//!         "sources": [{"title": "Internal review", "url": "https://wiki.example.com/pir/17"}],
//!         "confidence": "verified",
//!         "patterns": ["zone-physical-loss"]
//!     }]}"#,
//!     "acme.json",
//! )?;
//! let merged = builtin.merged_with(&user)?;
//! assert!(merged.incident("acme-2026-01-05-db-failover").is_some());
//! # Ok::<(), faultline::catalogue::CatalogueError>(())
//! ```

mod check;
mod load;
pub mod render;
pub mod stats;
mod types;

use std::sync::OnceLock;

pub use check::{CatalogueProblem, ProblemKind};
pub use load::{CatalogueError, MAX_USER_CATALOGUE_BYTES};
pub use render::explain;
pub use types::*;

/// The built-in catalogue as embedded JSON, produced by `build.rs` from the YAML data files.
const BUILTIN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/catalogue.json"));

/// Returned by [`Catalogue::builtin`] if the embedded data were ever unreadable (a test
/// proves they are not); never panicking matters more in WebAssembly than failing loudly.
static EMPTY: Catalogue = Catalogue {
    version: String::new(),
    patterns: Vec::new(),
    incidents: Vec::new(),
    providers: Vec::new(),
    zone_counts: Vec::new(),
};

static BUILTIN: OnceLock<Result<Catalogue, CatalogueError>> = OnceLock::new();

/// The id of the fallback provider profile, used for providers the catalogue does not know.
pub const GENERIC_PROVIDER: &str = "generic";

impl Catalogue {
    /// The built-in catalogue, parsed on first use and shared afterwards.
    ///
    /// If the embedded data could not be parsed (a build bug that the test suite rules out)
    /// this returns an empty catalogue rather than panicking; [`Catalogue::try_builtin`]
    /// returns the error instead.
    ///
    /// # Complexity
    ///
    /// The first call parses about 200 KB of JSON; later calls are free.
    pub fn builtin() -> &'static Catalogue {
        Catalogue::try_builtin().unwrap_or(&EMPTY)
    }

    /// The built-in catalogue, or the error that kept it from loading.
    ///
    /// # Errors
    ///
    /// [`CatalogueError::Parse`] naming `<built-in catalogue>` and the JSON pointer of the
    /// offending value, if the embedded data do not match the types.
    pub fn try_builtin() -> Result<&'static Catalogue, &'static CatalogueError> {
        BUILTIN
            .get_or_init(|| load::parse_json(BUILTIN_JSON, load::BUILTIN_NAME))
            .as_ref()
    }

    /// The embedded JSON text of the built-in catalogue (the same bytes `builtin` parses).
    pub fn builtin_json() -> &'static str {
        BUILTIN_JSON
    }

    /// The pattern with this id.
    pub fn pattern(&self, id: &str) -> Option<&Pattern> {
        self.patterns.iter().find(|p| p.id == id)
    }

    /// The incident with this id.
    pub fn incident(&self, id: &str) -> Option<&Incident> {
        self.incidents.iter().find(|i| i.id == id)
    }

    /// The provider profile whose id or one of whose aliases is `name` (ASCII
    /// case-insensitive). Providers written `kind:name` (`saas:okta`, `on-prem:dc1`) have no
    /// profile.
    pub fn provider(&self, name: &str) -> Option<&ProviderProfile> {
        self.providers.iter().find(|p| {
            p.id.eq_ignore_ascii_case(name)
                || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
        })
    }

    /// The profile for `name`, or the `generic` profile when the catalogue has none for it.
    pub fn provider_or_generic(&self, name: &str) -> Option<&ProviderProfile> {
        self.provider(name)
            .or_else(|| self.provider(GENERIC_PROVIDER))
    }

    /// How many availability zones `region` of `provider` (a profile id or alias) has, from
    /// the last of the `zone_counts` lists for that provider that names the region (a user
    /// catalogue's lists come after the built-in ones, so they win); `None` when no list
    /// names it.
    ///
    /// ```
    /// use faultline::catalogue::Catalogue;
    /// let cat = Catalogue::builtin();
    /// let use1 = cat.zone_count("amazon", "us-east-1").unwrap();
    /// assert_eq!(use1.zones, 6);
    /// assert!(use1.list.source.url.starts_with("https://docs.aws.amazon.com/"));
    /// assert!(cat.zone_count("aws", "xx-nowhere-1").is_none());
    /// ```
    pub fn zone_count(&self, provider: &str, region: &str) -> Option<ZoneCount<'_>> {
        let profile = self.provider(provider)?;
        self.zone_counts
            .iter()
            .rev()
            .filter(|list| list.provider == profile.id)
            .find_map(|list| {
                list.regions
                    .iter()
                    .find(|r| r.name == region)
                    .map(|r| ZoneCount {
                        zones: r.zones,
                        list,
                    })
            })
    }

    /// The incidents a pattern cites, in the pattern's order; unknown ids are skipped
    /// ([`Catalogue::check`] reports them).
    pub fn incidents_of<'a>(
        &'a self,
        pattern: &'a Pattern,
    ) -> impl Iterator<Item = &'a Incident> + 'a {
        pattern.incidents.iter().filter_map(|id| self.incident(id))
    }
}
