//! Reading catalogue files (JSON always, YAML with the `yaml` feature) and merging them.

use super::check::{self, CatalogueProblem};
use super::types::Catalogue;

/// The name the built-in catalogue goes by in errors.
pub(crate) const BUILTIN_NAME: &str = "<built-in catalogue>";

/// The largest user catalogue file accepted, in bytes (8 MiB): far above any real
/// catalogue, low enough that a mistaken or hostile input fails fast.
pub const MAX_USER_CATALOGUE_BYTES: usize = 8 * 1024 * 1024;

/// Why a catalogue could not be read or merged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogueError {
    /// The text is not valid JSON/YAML, or does not match the catalogue format (an unknown
    /// field, an unknown effect kind, a missing required field, a wrong type).
    #[error("{file}{}: {message}{}", fmt_position(*line, *column), fmt_pointer(pointer))]
    Parse {
        /// The file name given by the caller.
        file: String,
        /// JSON pointer to the offending value (`/patterns/3/effects/0`); empty for the root.
        pointer: String,
        /// 1-based line, when known.
        line: Option<u64>,
        /// 1-based column, when known.
        column: Option<u64>,
        /// What is wrong.
        message: String,
    },
    /// A YAML file was given to a build without the `yaml` feature.
    #[error(
        "{file}: YAML catalogue files need faultline's `yaml` feature; give the same content as JSON"
    )]
    YamlNotEnabled {
        /// The file name given by the caller.
        file: String,
    },
    /// The file is larger than [`MAX_USER_CATALOGUE_BYTES`].
    #[error("{file}: {size} bytes is more than the {limit}-byte limit for a catalogue file")]
    TooLarge {
        /// The file name given by the caller.
        file: String,
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The catalogue parsed but fails integrity checks (see [`Catalogue::check`]).
    #[error("{file}: {} integrity problem{}:\n{}", problems.len(), if problems.len() == 1 { "" } else { "s" }, fmt_problems(problems))]
    Invalid {
        /// The file name given by the caller, or `<merged catalogue>` from
        /// [`Catalogue::merged_with`].
        file: String,
        /// The problems, in catalogue order.
        problems: Vec<CatalogueProblem>,
    },
}

impl CatalogueError {
    /// The file the error is about.
    pub fn file(&self) -> &str {
        match self {
            CatalogueError::Parse { file, .. }
            | CatalogueError::YamlNotEnabled { file }
            | CatalogueError::TooLarge { file, .. }
            | CatalogueError::Invalid { file, .. } => file,
        }
    }
}

fn fmt_position(line: Option<u64>, column: Option<u64>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

fn fmt_pointer(pointer: &str) -> String {
    if pointer.is_empty() {
        String::new()
    } else {
        format!(" (at {pointer})")
    }
}

fn fmt_problems(problems: &[CatalogueProblem]) -> String {
    let lines: Vec<String> = problems.iter().map(|p| format!("  - {p}")).collect();
    lines.join("\n")
}

impl From<CatalogueError> for crate::Error {
    /// A catalogue file's problem as the library's one error type: kind
    /// [`crate::ErrorKind::Catalogue`], the message naming the file and position, and one
    /// diagnostic per problem (its pointer into the file as the path).
    fn from(e: CatalogueError) -> Self {
        use crate::diagnostic::{Code, Diagnostic};
        let message = e.to_string();
        let diagnostics = match &e {
            CatalogueError::Parse {
                pointer,
                line,
                column,
                message,
                ..
            } => {
                let mut d = Diagnostic::error(Code::Catalogue, pointer.clone(), message.clone());
                d.line = line.and_then(|l| u32::try_from(l).ok());
                d.column = column.and_then(|c| u32::try_from(c).ok());
                vec![d]
            }
            CatalogueError::Invalid { problems, .. } => problems
                .iter()
                .map(|p| Diagnostic::error(Code::Catalogue, p.pointer.clone(), p.message.clone()))
                .collect(),
            _ => Vec::new(),
        };
        crate::Error::catalogue(message, diagnostics)
    }
}

/// Which syntax a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Json,
    Yaml,
}

fn syntax_of(text: &str, file_name: &str) -> Syntax {
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".json") {
        Syntax::Json
    } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        Syntax::Yaml
    } else if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        Syntax::Json
    } else {
        Syntax::Yaml
    }
}

/// The reading budget for catalogue files: serde-saphyr's defaults, which the tree reader
/// replaced (depth 64, 250,000 values, 50,000 aliases).
const BUDGET: crate::input::YamlBudget = crate::input::YamlBudget {
    max_depth: 64,
    max_nodes: 250_000,
    max_alias_expansions: 50_000,
};

/// A reading failure as the catalogue's error, naming `file`.
fn parse_error(
    file: &str,
    (e, pointer): (crate::input::tree::TreeError, String),
) -> CatalogueError {
    CatalogueError::Parse {
        file: file.to_owned(),
        pointer,
        line: e.at.map(|a| u64::from(a.line)),
        column: e.at.map(|a| u64::from(a.column)),
        message: e.message,
    }
}

/// Parses JSON text into a catalogue, naming `file` in errors.
pub(crate) fn parse_json(text: &str, file: &str) -> Result<Catalogue, CatalogueError> {
    crate::input::read_json_tree(text, Some(BUDGET)).map_err(|e| parse_error(file, e))
}

#[cfg(feature = "yaml")]
fn parse_yaml(text: &str, file: &str) -> Result<Catalogue, CatalogueError> {
    crate::input::yaml::from_str(text, Some(BUDGET)).map_err(|e| parse_error(file, e))
}

#[cfg(not(feature = "yaml"))]
fn parse_yaml(_text: &str, file: &str) -> Result<Catalogue, CatalogueError> {
    Err(CatalogueError::YamlNotEnabled {
        file: file.to_owned(),
    })
}

/// Where an entry of a merged catalogue came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Base(usize),
    User(usize),
}

/// A merged catalogue plus, per section, where each entry came from.
pub(crate) struct Merged {
    pub catalogue: Catalogue,
    pub patterns: Vec<Origin>,
    pub incidents: Vec<Origin>,
    pub providers: Vec<Origin>,
    pub zone_counts: Vec<Origin>,
}

fn merge_section<T: Clone>(
    base: &[T],
    user: &[T],
    id: impl Fn(&T) -> &str,
) -> (Vec<T>, Vec<Origin>) {
    let mut items: Vec<T> = base.to_vec();
    let mut origins: Vec<Origin> = (0..base.len()).map(Origin::Base).collect();
    for (i, entry) in user.iter().enumerate() {
        match items.iter().position(|b| id(b) == id(entry)) {
            Some(at) => {
                items[at] = entry.clone();
                origins[at] = Origin::User(i);
            }
            None => {
                items.push(entry.clone());
                origins.push(Origin::User(i));
            }
        }
    }
    (items, origins)
}

pub(crate) fn merge(base: &Catalogue, user: &Catalogue) -> Merged {
    let (patterns, pattern_origins) = merge_section(&base.patterns, &user.patterns, |p| &p.id);
    let (incidents, incident_origins) = merge_section(&base.incidents, &user.incidents, |i| &i.id);
    let (providers, provider_origins) = merge_section(&base.providers, &user.providers, |p| &p.id);
    // Zone-count lists are not replaced whole: they are appended, and the last list that
    // names a region wins (`Catalogue::zone_count`), so a user list overrides only the
    // regions it names.
    let zone_counts: Vec<_> = base
        .zone_counts
        .iter()
        .chain(&user.zone_counts)
        .cloned()
        .collect();
    let zone_count_origins = (0..base.zone_counts.len())
        .map(Origin::Base)
        .chain((0..user.zone_counts.len()).map(Origin::User))
        .collect();
    let version = match (base.version.is_empty(), user.version.is_empty()) {
        (_, true) => base.version.clone(),
        (true, false) => user.version.clone(),
        (false, false) => format!("{}+{}", base.version, user.version),
    };
    Merged {
        catalogue: Catalogue {
            version,
            patterns,
            incidents,
            providers,
            zone_counts,
        },
        patterns: pattern_origins,
        incidents: incident_origins,
        providers: provider_origins,
        zone_counts: zone_count_origins,
    }
}

impl Merged {
    /// Rewrites a pointer into the merged catalogue as one into the user file, or `None`
    /// when it points into a base entry.
    fn to_user_pointer(&self, pointer: &str) -> Option<String> {
        let rest = pointer.strip_prefix('/')?;
        let mut parts = rest.splitn(3, '/');
        let section = parts.next()?;
        let index: usize = parts.next()?.parse().ok()?;
        let tail = parts.next();
        let origins = match section {
            "patterns" => &self.patterns,
            "incidents" => &self.incidents,
            "providers" => &self.providers,
            "zone_counts" => &self.zone_counts,
            _ => return None,
        };
        match origins.get(index)? {
            Origin::User(i) => Some(match tail {
                Some(t) => format!("/{section}/{i}/{t}"),
                None => format!("/{section}/{i}"),
            }),
            Origin::Base(_) => None,
        }
    }
}

impl Catalogue {
    /// Parses a user catalogue file and checks it against the built-in catalogue it will
    /// be merged over (so it may cite built-in patterns and incidents).
    ///
    /// `file_name` picks the syntax (`.json`; `.yaml`/`.yml`; otherwise JSON when the text
    /// starts with `{`, else YAML) and is named in every error.
    ///
    /// # Errors
    ///
    /// - [`CatalogueError::Parse`] with the JSON pointer and line/column for syntax errors,
    ///   unknown fields, unknown effect kinds or domain classes, wrong types;
    /// - [`CatalogueError::YamlNotEnabled`] for YAML without the `yaml` feature;
    /// - [`CatalogueError::TooLarge`] above [`MAX_USER_CATALOGUE_BYTES`];
    /// - [`CatalogueError::Invalid`] listing every integrity problem, with pointers into
    ///   this file.
    pub fn from_user_text(text: &str, file_name: &str) -> Result<Catalogue, CatalogueError> {
        if text.len() > MAX_USER_CATALOGUE_BYTES {
            return Err(CatalogueError::TooLarge {
                file: file_name.to_owned(),
                size: text.len(),
                limit: MAX_USER_CATALOGUE_BYTES,
            });
        }
        let user = match syntax_of(text, file_name) {
            Syntax::Json => parse_json(text, file_name)?,
            Syntax::Yaml => parse_yaml(text, file_name)?,
        };
        // Problems inside the file itself (duplicates are lost by merging, so look first).
        let mut problems = check::local_problems(&user);
        // References, resolved against the built-in catalogue the file extends.
        let merged = merge(Catalogue::builtin(), &user);
        for problem in check::reference_problems(&merged.catalogue) {
            if let Some(pointer) = merged.to_user_pointer(&problem.pointer) {
                problems.push(CatalogueProblem { pointer, ..problem });
            }
        }
        if problems.is_empty() {
            Ok(user)
        } else {
            Err(CatalogueError::Invalid {
                file: file_name.to_owned(),
                problems,
            })
        }
    }

    /// This catalogue with `user`'s entries laid over it: an entry whose id this catalogue
    /// already has replaces it in place (patterns, incidents and providers alike, whole
    /// entries, no field-level merge); an entry with a new id is appended. `zone_counts`
    /// lists are appended too, and the last list naming a region gives its count, so a
    /// user list overrides the regions it names and no others. The version becomes
    /// `base+user` when both are set.
    ///
    /// # Errors
    ///
    /// [`CatalogueError::Invalid`] (file `<merged catalogue>`) when the result fails
    /// [`Catalogue::check`], or `user` holds the same id twice.
    ///
    /// # Complexity
    ///
    /// O(n·m) id comparisons for n base and m user entries: catalogues hold hundreds.
    pub fn merged_with(&self, user: &Catalogue) -> Result<Catalogue, CatalogueError> {
        let mut problems = check::duplicate_problems(user);
        let merged = merge(self, user);
        problems.extend(merged.catalogue.check());
        if problems.is_empty() {
            Ok(merged.catalogue)
        } else {
            Err(CatalogueError::Invalid {
                file: "<merged catalogue>".to_owned(),
                problems,
            })
        }
    }
}
