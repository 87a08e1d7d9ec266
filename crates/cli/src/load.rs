//! Reading what the commands take: descriptions, Terraform plans and states (imported on
//! the fly), saved score reports, catalogues, baselines; and how a library error is shown.

use std::borrow::Cow;
use std::io::Read as _;

use faultline::baseline::{Baseline, Date};
use faultline::catalogue::Catalogue;
use faultline::render::locate::Locator;
use faultline::terraform::Imported;
use faultline::{Document, Engine, Error, ErrorKind, Format, Prepared, SourceMap, render};

use crate::config::BaselineChoice;
use crate::exit::{EXIT_INVALID, EXIT_UNREADABLE, Exit, exit_code, fail};

pub fn read_input(file: &str) -> Result<String, Exit> {
    let mut bytes = Vec::new();
    let result = if file == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(file)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map(|_| ())
    };
    result.map_err(|e| {
        fail(
            EXIT_UNREADABLE,
            format!("error[unreadable]: cannot read {file}: {e}"),
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        fail(
            EXIT_UNREADABLE,
            format!("error[invalid-utf8]: {file} is not UTF-8 text (invalid byte at offset {at})"),
        )
    })
}

pub fn display_name(file: &str) -> &str {
    if file == "-" { "<stdin>" } else { file }
}

/// Writes `text` to `out` (`-`: standard output); see [`write_replacing`].
pub fn write_output(out: &str, text: &str) -> Result<(), Exit> {
    write_replacing(out, text, None)
}

/// Writes `text` to the file `out` (`-`: standard output) so that it holds either what it
/// held before or all of `text`, never a part: `text` goes into a new file beside it, is
/// flushed to disk, and the new file is renamed over the old one. A failed write (a full
/// disk, a size limit) leaves the old file as it was, and two runs writing the same file
/// leave one's text whole. A symlink is written through to its target; an existing file
/// keeps its permissions.
///
/// `was`: the text the file held when it was read. When it holds something else now (it
/// was edited while faultline ran), nothing is written: the edit would be lost.
pub fn write_replacing(out: &str, text: &str, was: Option<&str>) -> Result<(), Exit> {
    use std::io::Write as _;
    if out == "-" {
        print!("{text}");
        return Ok(());
    }
    let unwritable = |e: std::io::Error| {
        fail(
            EXIT_UNREADABLE,
            format!("error[unwritable]: cannot write {out}: {e}"),
        )
    };
    // The file itself, not a symlink to it: renaming over a symlink would replace the link.
    let path = match std::fs::canonicalize(out) {
        Ok(p) => p,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::path::PathBuf::from(out),
        Err(e) => return Err(unwritable(e)),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_owned());
    let old = std::fs::metadata(&path).ok();
    let mut attempt = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(
            ".{name}.faultline-{}-{attempt}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => {
                return Err(fail(
                    EXIT_UNREADABLE,
                    format!(
                        "error[unwritable]: cannot write {out}: a new file beside it ({}) cannot be created: {e}; nothing was written",
                        tmp.display()
                    ),
                ));
            }
        }
    };
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| {
            if let Some(m) = &old {
                file.set_permissions(m.permissions())?;
            }
            file.sync_all()
        })
        .map_err(|e| {
            fail(
                EXIT_UNREADABLE,
                format!("error[unwritable]: cannot write {out}: {e}; {out} was not changed"),
            )
        })
        .and_then(|()| match was {
            Some(was) if std::fs::read(&path).map_or(true, |now| now != was.as_bytes()) => {
                Err(fail(
                    EXIT_UNREADABLE,
                    format!(
                        "error[changed]: {out} changed while faultline ran, so nothing was written (the change would be lost); run it again"
                    ),
                ))
            }
            _ => Ok(()),
        })
        .and_then(|()| std::fs::rename(&tmp, &path).map_err(unwritable));
    drop(file);
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// The built-in catalogue, borrowed (copying it was a tenth of a small description's
/// `score`), or merged with the user's one at `path`.
pub fn load_catalogue(path: Option<&str>) -> Result<Cow<'static, Catalogue>, Exit> {
    let builtin = Catalogue::try_builtin().map_err(|e| {
        fail(
            EXIT_INVALID,
            format!("error[catalogue]: the built-in catalogue is broken: {e}"),
        )
    })?;
    let Some(path) = path else {
        return Ok(Cow::Borrowed(builtin));
    };
    let text = read_input(path)?;
    let user = Catalogue::from_user_text(&text, path)
        .map_err(|e| fail(EXIT_INVALID, format!("error[catalogue]: {e}")))?;
    builtin
        .merged_with(&user)
        .map(Cow::Owned)
        .map_err(|e| fail(EXIT_INVALID, format!("error[catalogue]: {e}")))
}

/// A library error as the CLI reports it: problems with an input like a compiler (file,
/// line, source line, caret), anything else as one line.
pub fn failure(file: &str, text: &str, source: Option<&SourceMap>, e: Error) -> Exit {
    let code = exit_code(&e);
    match e.kind() {
        ErrorKind::Syntax
        | ErrorKind::Shape
        | ErrorKind::Limit
        | ErrorKind::Invalid
        | ErrorKind::Import => {
            let e = match source {
                Some(s) => e.located(s),
                None => e,
            };
            fail(
                code,
                render::diagnostics::render(display_name(file), text, e.diagnostics()),
            )
        }
        ErrorKind::Catalogue => fail(code, format!("error[catalogue]: {e}")),
        _ => fail(code, format!("error: {e}")),
    }
}

/// What a file holds, told from its first bytes and top-level keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A faultline description (YAML or JSON).
    Description,
    /// `terraform show -json` output: a plan or a state.
    Terraform,
    /// A score report saved with `faultline score --format json`.
    SavedReport,
}

/// Tells a Terraform plan or state (a JSON object with `format_version` and
/// `planned_values`, `values` or `resource_changes`) and a saved score report (with
/// `faultline_version` and `findings`) from a description. Anything that is not a JSON
/// object is a description (its parse says what is wrong with it).
///
/// A JSON object that names neither `format_version` nor `faultline_version` and has no
/// `\u` escape (which could spell either key) is a description without being parsed: a
/// description of 10,000 components is 5.6 MB of JSON, and parsing it here as well cost
/// 1.7 % of `faultline score`.
pub fn sniff(text: &str) -> Kind {
    let text = text.trim_start_matches('\u{feff}');
    if !text.trim_start().starts_with('{') {
        return Kind::Description;
    }
    if !text.contains("format_version")
        && !text.contains("faultline_version")
        && !text.contains("\\u")
    {
        return Kind::Description;
    }
    probe(text)
}

/// What the top-level keys of a JSON object say it is (see [`sniff`]).
fn probe(text: &str) -> Kind {
    use serde::de::IgnoredAny;
    #[derive(serde::Deserialize)]
    struct Probe {
        format_version: Option<IgnoredAny>,
        planned_values: Option<IgnoredAny>,
        values: Option<IgnoredAny>,
        resource_changes: Option<IgnoredAny>,
        faultline_version: Option<IgnoredAny>,
        findings: Option<IgnoredAny>,
    }
    match serde_json::from_str::<Probe>(text) {
        Ok(p)
            if p.format_version.is_some()
                && (p.planned_values.is_some()
                    || p.values.is_some()
                    || p.resource_changes.is_some()) =>
        {
            Kind::Terraform
        }
        Ok(p) if p.faultline_version.is_some() && p.findings.is_some() => Kind::SavedReport,
        _ => Kind::Description,
    }
}

/// Where a prepared description came from.
pub enum Source {
    /// A description, with its text, the positions of its values and the format it was
    /// read as.
    Description {
        source: Box<SourceMap>,
        format: Format,
        text: String,
    },
    /// A Terraform plan or state, imported; `text` is the plan's (its components name
    /// their resource addresses in `origin`).
    Terraform { text: String },
}

/// A description read and prepared.
pub struct Loaded<'c> {
    /// The file as given.
    pub file: String,
    pub prepared: Prepared<'c>,
    pub source: Source,
}

impl Loaded<'_> {
    /// Positions of components and journeys in the file, and their resource addresses.
    pub fn locator(&self) -> Locator {
        match &self.source {
            Source::Description { source, .. } => {
                Locator::description(self.prepared.architecture(), source)
            }
            Source::Terraform { text, .. } => {
                Locator::terraform(self.prepared.architecture(), text)
            }
        }
    }

    /// The file as reports and baselines name it.
    pub fn name(&self) -> &str {
        display_name(&self.file)
    }
}

/// Reads a description, or imports a Terraform plan or state with `overlay`, and prepares
/// it (limits, validation), printing what stops it.
pub fn load<'c>(
    file: &str,
    overlay: Option<&str>,
    engine: &Engine<'c>,
) -> Result<Loaded<'c>, Exit> {
    let text = read_input(file)?;
    match sniff(&text) {
        Kind::SavedReport => Err(fail(
            EXIT_UNREADABLE,
            format!(
                "error: {} is a saved score report, not a description: only `faultline diff` takes one (as BASE)",
                display_name(file)
            ),
        )),
        Kind::Terraform => {
            let imported = import(file, &text, overlay, engine)?;
            let name = format!("{} (as imported)", display_name(file));
            let prepared = engine
                .prepare(&imported.architecture)
                .map_err(|e| failure(&name, "", None, e))?;
            eprintln!("note: {}", import_line(display_name(file), &imported));
            Ok(Loaded {
                file: file.to_owned(),
                prepared,
                source: Source::Terraform { text },
            })
        }
        Kind::Description => {
            if overlay.is_some() {
                return Err(fail(
                    EXIT_UNREADABLE,
                    format!(
                        "error: --overlay goes with a Terraform plan or state, and {} is a description",
                        display_name(file)
                    ),
                ));
            }
            let format = Format::detect(Some(file), &text);
            let doc = engine
                .parse(&text, format)
                .map_err(|e| failure(file, &text, None, e))?;
            prepare_description(engine, file, doc, text)
        }
    }
}

/// Prepares a description read from `file` (`doc`, read from `text`), which the prepared
/// one keeps without a copy, printing what stops it.
pub fn prepare_description<'c>(
    engine: &Engine<'c>,
    file: &str,
    doc: Document,
    text: String,
) -> Result<Loaded<'c>, Exit> {
    let Document {
        architecture,
        source,
        format,
    } = doc;
    let prepared = engine
        .prepare_owned(architecture)
        .map_err(|e| failure(file, &text, Some(&source), e))?;
    Ok(Loaded {
        file: file.to_owned(),
        prepared,
        source: Source::Description {
            source: Box::new(source),
            format,
            text,
        },
    })
}

/// One line on what an import did, for commands that score a plan directly.
pub fn import_line(file: &str, i: &Imported) -> String {
    format!(
        "{file} is a Terraform {}: imported {} component(s) and {} journey(s); {} assumption(s), {} value(s) known only after apply, {} resource(s) not understood (`faultline import terraform {file}` lists them)",
        i.source.kind,
        i.architecture.components.len(),
        i.architecture.journeys.len(),
        i.notes.len(),
        i.unknowns.len(),
        i.unsupported.len()
    )
}

/// Imports a plan or state (`text`, read from `file`) with the overlay file, if any.
pub fn import(
    file: &str,
    text: &str,
    overlay: Option<&str>,
    engine: &Engine,
) -> Result<Imported, Exit> {
    let overlay_text = overlay.map(read_input).transpose()?;
    let with = match (overlay, &overlay_text) {
        (Some(o), Some(t)) => Some((t.as_str(), Format::detect(Some(o), t))),
        _ => None,
    };
    engine.import_terraform(text, with).map_err(|e| {
        // The diagnostic's position is in the plan or in the overlay: show that file.
        match (overlay, &overlay_text) {
            (Some(o), Some(t)) if e.message().starts_with("overlay:") => failure(o, t, None, e),
            _ => failure(file, text, None, e),
        }
    })
}

/// Today's date from the system clock, or from `SOURCE_DATE_EPOCH` (seconds since the Unix
/// epoch) when it is set, for reproducible runs.
pub fn today() -> Result<Date, Exit> {
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) => s.trim().parse::<i64>().map_err(|_| {
            fail(
                EXIT_UNREADABLE,
                format!("error: SOURCE_DATE_EPOCH is `{s}`, not a number of seconds"),
            )
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0),
    };
    Date::from_unix_days(seconds.div_euclid(86_400)).ok_or_else(|| {
        fail(
            EXIT_UNREADABLE,
            "error: the clock is outside the years 1 to 9999",
        )
    })
}

/// The baseline a command uses, read and checked, with the name it goes by.
pub fn baseline(choice: &BaselineChoice) -> Result<Option<(String, Baseline)>, Exit> {
    let path = match choice {
        BaselineChoice::Off => return Ok(None),
        BaselineChoice::Given(p) => p.clone(),
        BaselineChoice::Default => {
            let p = faultline::baseline::FILE_NAME;
            if !std::path::Path::new(p).is_file() {
                return Ok(None);
            }
            p.to_owned()
        }
    };
    let text = read_input(&path)?;
    let b = Baseline::parse(&text, Format::detect(Some(&path), &text))
        .map_err(|e| failure(&path, &text, None, e))?;
    Ok(Some((path, b)))
}

#[cfg(test)]
mod tests {
    use super::{Kind, probe, sniff, write_replacing};

    /// A fresh directory of its own under the system's temporary directory.
    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("faultline-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        if let Err(e) = std::fs::create_dir_all(&dir) {
            panic!("cannot create {}: {e}", dir.display());
        }
        dir
    }

    fn names(dir: &std::path::Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .map(|r| {
                r.filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    /// A write replaces the file whole, keeps its permissions, goes through a symlink to
    /// its target, and leaves no file of its own behind.
    #[test]
    fn a_write_replaces_the_file_whole_through_a_symlink_keeping_its_mode() {
        let dir = scratch("replace");
        let real = dir.join("real.yaml");
        let link = dir.join("link.yaml");
        let read = |p: &std::path::Path| std::fs::read_to_string(p).unwrap_or_default();
        assert!(std::fs::write(&real, "old text\n").is_ok());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::Permissions::from_mode(0o640);
            assert!(std::fs::set_permissions(&real, mode).is_ok());
            assert!(std::os::unix::fs::symlink(&real, &link).is_ok());
            let Some(out) = link.to_str() else {
                panic!("a non-UTF-8 scratch path")
            };
            assert!(write_replacing(out, "new text\n", Some("old text\n")).is_ok());
            assert_eq!(read(&real), "new text\n");
            let meta = std::fs::symlink_metadata(&link).map(|m| m.file_type().is_symlink());
            assert!(matches!(meta, Ok(true)), "the link is still a link");
            let mode = std::fs::metadata(&real).map(|m| m.permissions().mode() & 0o777);
            assert!(matches!(mode, Ok(0o640)), "{mode:?}");
            assert_eq!(names(&dir), ["link.yaml", "real.yaml"]);
        }
        // A new file is created.
        let new = dir.join("new.yaml");
        let Some(out) = new.to_str() else {
            panic!("a non-UTF-8 scratch path")
        };
        assert!(write_replacing(out, "x: 1\n", None).is_ok());
        assert_eq!(read(&new), "x: 1\n");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A file that no longer holds what was read (edited meanwhile) is not written, and a
    /// write that cannot happen (no such directory) creates nothing.
    #[test]
    fn a_file_edited_meanwhile_or_a_failed_write_is_left_as_it_was() {
        let dir = scratch("refuse");
        let file = dir.join("shop.yaml");
        assert!(std::fs::write(&file, "read\n# edited meanwhile\n").is_ok());
        let Some(out) = file.to_str() else {
            panic!("a non-UTF-8 scratch path")
        };
        assert!(write_replacing(out, "patched\n", Some("read\n")).is_err());
        assert_eq!(
            std::fs::read_to_string(&file).unwrap_or_default(),
            "read\n# edited meanwhile\n"
        );
        assert_eq!(names(&dir), ["shop.yaml"], "no new file is left behind");
        let missing = dir.join("no-such-dir").join("out.yaml");
        let Some(out) = missing.to_str() else {
            panic!("a non-UTF-8 scratch path")
        };
        assert!(write_replacing(out, "x\n", None).is_err());
        assert_eq!(names(&dir), ["shop.yaml"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// What a JSON object is by its full parse: [`sniff`] without its shortcut, for
    /// objects (anything else is a description).
    fn parsed(text: &str) -> Kind {
        let text = text.trim_start_matches('\u{feff}');
        if text.trim_start().starts_with('{') {
            probe(text)
        } else {
            Kind::Description
        }
    }

    #[test]
    fn sniff_tells_plans_and_saved_reports_from_descriptions_escaped_keys_included() {
        let cases = [
            ("{\"version\": 1, \"components\": []}", Kind::Description),
            (
                "{\"format_version\": \"1.2\", \"planned_values\": {}}",
                Kind::Terraform,
            ),
            (
                "\u{feff} {\"format_version\": \"1.2\", \"values\": {}}",
                Kind::Terraform,
            ),
            (
                "{\"format\\u005fversion\": \"1.2\", \"values\": {}}",
                Kind::Terraform,
            ),
            (
                "{\"\\u0066ormat_version\": \"1\", \"resource_changes\": []}",
                Kind::Terraform,
            ),
            ("{\"format_version\": \"1.2\"}", Kind::Description),
            (
                "{\"faultline_version\": \"0.1.0\", \"findings\": []}",
                Kind::SavedReport,
            ),
            (
                "{\"faultline\\u005fversion\": \"0.1.0\", \"findings\": []}",
                Kind::SavedReport,
            ),
            (
                "{\"name\": \"format_version\", \"components\": []}",
                Kind::Description,
            ),
            (
                "{\"name\": \"\\u0041\", \"components\": []}",
                Kind::Description,
            ),
            (
                "version: 1\nformat_version: 2\nplanned_values: {}\n",
                Kind::Description,
            ),
            // A top-level array is never a plan or a report (serde would have read one of
            // six elements as the probe's fields, in order).
            ("[\"1.2\", {}, null, null, null, null]", Kind::Description),
            ("[null, null, null, null, \"0.1.0\", []]", Kind::Description),
            ("{\"format_version\": ", Kind::Description),
        ];
        for (text, kind) in cases {
            assert_eq!(sniff(text), kind, "{text}");
            assert_eq!(parsed(text), kind, "the full parse of {text}");
        }
    }

    /// The shortcut against the full parse on generated objects: every top-level key of a
    /// plan or a report, written plainly or with a `\u` escape, with other keys and values
    /// that mention them.
    #[test]
    fn sniff_agrees_with_the_full_parse() {
        let keys = [
            "\"format_version\"",
            "\"format\\u005fversion\"",
            "\"planned_values\"",
            "\"values\"",
            "\"resource_changes\"",
            "\"faultline_version\"",
            "\"faultline\\u005Fversion\"",
            "\"findings\"",
            "\"version\"",
            "\"components\"",
            "\"name\"",
        ];
        let values = ["1", "\"format_version\"", "{}", "[]", "\"\\u0041\""];
        let mut checked = 0;
        // Every subset of up to three keys, each with each value in turn.
        for a in 0..keys.len() {
            for b in a..keys.len() {
                for c in b..keys.len() {
                    for (i, v) in values.iter().enumerate() {
                        let w = values[(i + 1) % values.len()];
                        let text =
                            format!("{{{}: {v}, {}: {w}, {}: {v}}}", keys[a], keys[b], keys[c]);
                        assert_eq!(sniff(&text), parsed(&text), "{text}");
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 286 * values.len());
    }
}
