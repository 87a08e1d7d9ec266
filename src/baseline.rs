//! Baselines: findings a team has looked at and accepted, each with a reason and an
//! optional expiry, so that CI reports only what is new.
//!
//! A baseline file (by convention `.faultline-baseline.yaml` at the repository root, YAML
//! or JSON) lists accepted findings by their stable id (`<scenario>~<journey>`) and the
//! description file they belong to:
//!
//! ```yaml
//! version: 1
//! accepted:
//!   - id: "zone-physical-loss@zone:aws/us-east-1/use1-az4~checkout"
//!     file: "architecture/shop.faultline.yaml"   # optional: without it, any file
//!     reason: "single-AZ database until the migration in Q3 (ticket OPS-112)"
//!     expires: "2027-03-31"                        # optional: the last day it holds
//! ```
//!
//! [`Baseline::apply`] tells, for one file and one day, which findings are accepted, which
//! entries have expired (they no longer hide anything: the finding is reported again) and
//! which match nothing (the finding went away: the entry can go). The score itself is never
//! changed by a baseline; reports leave the accepted findings out and say how many.
//!
//! Nothing here reads a clock: the caller passes today's [`Date`] (the CLI reads the
//! system's).
//!
//! ```
//! use faultline::baseline::{Baseline, Date};
//! use faultline::Format;
//! let text = "version: 1\naccepted:\n  - { id: a~checkout, file: shop.yaml, reason: known, expires: '2030-01-31' }\n  - { id: gone~checkout, file: shop.yaml, reason: fixed since }\n";
//! let baseline = Baseline::parse(text, Format::Yaml)?;
//! let today: Date = "2029-06-01".parse()?;
//! let applied = baseline.apply("./shop.yaml", today, ["a~checkout", "b~checkout"]);
//! assert_eq!(applied.suppressed["a~checkout"], "known");
//! assert!(!applied.is_suppressed("b~checkout"));
//! assert_eq!(applied.unmatched[0].id, "gone~checkout");
//! let later = baseline.apply("shop.yaml", "2030-02-01".parse()?, ["a~checkout"]);
//! assert!(later.suppressed.is_empty() && later.expired.len() == 1);
//! # Ok::<(), faultline::Error>(())
//! ```

use crate::sort::Stable;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic};
use crate::error::Error;
use crate::input::{Format, YamlBudget, index_positions, read};

/// The conventional file name, at the repository root.
pub const FILE_NAME: &str = ".faultline-baseline.yaml";

/// A calendar date (`YYYY-MM-DD`, proleptic Gregorian), for expiries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date, when it exists (`2027-02-29` does not).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year >= 1 && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }

    /// The date `days` days after 1970-01-01 (negative: before), for a caller that reads a
    /// clock in seconds since the Unix epoch. `None` outside the years 1 to 9999.
    ///
    /// ```
    /// use faultline::baseline::Date;
    /// assert_eq!(Date::from_unix_days(0).unwrap().to_string(), "1970-01-01");
    /// assert_eq!(Date::from_unix_days(20_000).unwrap().to_string(), "2024-10-04");
    /// ```
    pub fn from_unix_days(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        if !(1..=9999).contains(&year) {
            return None;
        }
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = Error;

    /// `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Date, Error> {
        let bad = || {
            Error::request(
                Code::InvalidValue,
                format!("`{s}` is not a date written YYYY-MM-DD (such as 2027-03-31)"),
            )
        };
        let mut parts = s.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) else {
            return Err(bad());
        };
        Date::new(y, m, d).ok_or_else(bad)
    }
}

impl TryFrom<String> for Date {
    type Error = String;
    fn try_from(s: String) -> Result<Date, String> {
        s.parse().map_err(|e: Error| e.message().to_owned())
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version: 1.
    pub version: u32,
    /// The accepted findings.
    #[serde(default)]
    pub accepted: Vec<Accepted>,
}

impl Default for Baseline {
    fn default() -> Self {
        Baseline {
            version: 1,
            accepted: Vec::new(),
        }
    }
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accepted {
    /// The finding's stable id, `<scenario>~<journey>`.
    pub id: String,
    /// The description file it belongs to, relative to where faultline runs (the
    /// repository root in CI); `None`: any file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Why it is accepted (required: a suppression without a reason is a finding lost).
    pub reason: String,
    /// The last day the acceptance holds; after it, the finding is reported again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
}

/// What a baseline does to one file's findings on one day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// Finding id → the reason it is accepted.
    pub suppressed: BTreeMap<String, String>,
    /// This file's entries past their expiry (they hide nothing any more).
    pub expired: Vec<Accepted>,
    /// This file's entries, still in force, that match no finding.
    pub unmatched: Vec<Accepted>,
}

impl Applied {
    /// True when the baseline accepts the finding `id`.
    pub fn is_suppressed(&self, id: &str) -> bool {
        self.suppressed.contains_key(id)
    }

    /// One warning per expired or unmatched entry, worded for a terminal.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for a in &self.expired {
            out.push(format!(
                "baseline entry `{}` expired on {}: the finding is reported again (renew the entry with a new date and reason, or fix it)",
                a.id,
                a.expires.map(|d| d.to_string()).unwrap_or_default()
            ));
        }
        for a in &self.unmatched {
            out.push(format!(
                "baseline entry `{}` matches no finding{}: remove it (the finding is gone or its id changed)",
                a.id,
                a.file
                    .as_deref()
                    .map(|f| format!(" of {f}"))
                    .unwrap_or_default()
            ));
        }
        out
    }
}

/// A path as baselines compare them: `/` separators, no leading `./`.
pub fn normalise_path(path: &str) -> String {
    let mut p = path.replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_owned();
    }
    p
}

impl Baseline {
    /// Reads a baseline file (YAML or JSON).
    ///
    /// # Errors
    ///
    /// An [`Error`] whose message starts with `baseline:` and whose diagnostic has the JSON
    /// pointer, line and column: not YAML or JSON (`syntax`, kind `Syntax`), an unknown
    /// field, a missing `reason`, a malformed date, an empty id or reason, a version other
    /// than 1 (kind `Shape`).
    pub fn parse(text: &str, format: Format) -> Result<Baseline, Error> {
        let budget = YamlBudget {
            max_depth: 16,
            max_nodes: 1_000_000,
            max_alias_expansions: 0,
        };
        let baseline: Baseline = read(text, format, Some(budget)).map_err(|e| {
            let code = if e.syntax {
                Code::Syntax
            } else if e.message.contains("unknown field") {
                Code::UnknownField
            } else if e.message.contains("missing field") {
                Code::MissingField
            } else {
                Code::InvalidValue
            };
            let mut d = Diagnostic::error(code, e.pointer, format!("baseline: {}", e.message));
            d.line = e.line;
            d.column = e.column;
            Error::unreadable(d, e.syntax)
        })?;
        let positions = index_positions(text, 16);
        let invalid = |pointer: String, message: String| {
            Error::unreadable(
                positions.locate(Diagnostic::error(
                    Code::InvalidValue,
                    pointer,
                    format!("baseline: {message}"),
                )),
                false,
            )
        };
        if baseline.version != 1 {
            return Err(invalid(
                "/version".into(),
                format!(
                    "version {} is not one this faultline reads (1)",
                    baseline.version
                ),
            ));
        }
        for (i, a) in baseline.accepted.iter().enumerate() {
            if a.id.trim().is_empty() {
                return Err(invalid(
                    format!("/accepted/{i}/id"),
                    "an entry has an empty id".into(),
                ));
            }
            if a.reason.trim().is_empty() {
                return Err(invalid(
                    format!("/accepted/{i}/reason"),
                    format!("entry `{}` gives no reason: say why it is accepted", a.id),
                ));
            }
        }
        Ok(baseline)
    }

    /// What the baseline does to `file`'s findings (their ids) on `today`: entries for
    /// `file` (or for any file) in force suppress their finding; expired ones suppress
    /// nothing and are listed; entries naming `file`, in force, that match no id are listed
    /// as unmatched (an entry for any file is not: another file may have its finding).
    /// Entries for other files are ignored.
    pub fn apply<'a>(
        &self,
        file: &str,
        today: Date,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Applied {
        let file = normalise_path(file);
        let ids: std::collections::BTreeSet<&str> = ids.into_iter().collect();
        let mut out = Applied::default();
        for a in &self.accepted {
            if a.file.as_deref().is_some_and(|f| normalise_path(f) != file) {
                continue;
            }
            if a.expires.is_some_and(|e| e < today) {
                out.expired.push(a.clone());
            } else if ids.contains(a.id.as_str()) {
                out.suppressed
                    .entry(a.id.clone())
                    .or_insert_with(|| a.reason.clone());
            } else if a.file.is_some() {
                out.unmatched.push(a.clone());
            }
        }
        out
    }

    /// The baseline with `file`'s entries replaced by one per finding id: entries for other
    /// files are kept, entries of `file` that still match keep their reason and expiry,
    /// new findings get `reason` and `expires`; sorted by file, then id.
    pub fn with_file<'a>(
        &self,
        file: &str,
        ids: impl IntoIterator<Item = &'a str>,
        reason: &str,
        expires: Option<Date>,
    ) -> Baseline {
        let file = normalise_path(file);
        let ids: Vec<&str> = ids.into_iter().collect();
        let mine = |a: &Accepted| a.file.as_deref().map(normalise_path).as_deref() == Some(&file);
        let mut accepted: Vec<Accepted> = self
            .accepted
            .iter()
            .filter(|a| !mine(a) || ids.contains(&a.id.as_str()))
            .cloned()
            .collect();
        for id in ids {
            let covered = accepted
                .iter()
                .any(|a| a.id == id && (a.file.is_none() || mine(a)));
            if !covered {
                accepted.push(Accepted {
                    id: id.to_owned(),
                    file: Some(file.clone()),
                    reason: reason.to_owned(),
                    expires,
                });
            }
        }
        accepted.stable_sort_by(|a, b| (&a.file, &a.id).cmp(&(&b.file, &b.id)));
        accepted.dedup();
        Baseline {
            version: 1,
            accepted,
        }
    }

    /// The baseline as YAML, with a header that says what the file is; every string
    /// quoted (JSON strings are YAML), so any id or reason round-trips.
    pub fn to_yaml(&self) -> String {
        let mut o = String::from(
            "# faultline baseline: findings accepted on purpose, each with a reason and an optional\n\
             # expiry (the last day it holds). `faultline score` and `faultline diff` leave these out,\n\
             # say how many they left out, and warn when an entry has expired or matches nothing.\n\
             # Written by `faultline baseline`; edit the reasons, keep it in version control.\n",
        );
        o.push_str(&format!("version: {}\n", self.version));
        if self.accepted.is_empty() {
            o.push_str("accepted: []\n");
            return o;
        }
        o.push_str("accepted:\n");
        for a in &self.accepted {
            o.push_str(&entry_yaml(a));
        }
        o
    }

    /// The baseline as YAML written over `old`, the text of the baseline it was made from,
    /// keeping what the user wrote there: the lines before the list (the header, comments)
    /// as written; each entry still there and unchanged as written (its comments, quoting
    /// and layout); a changed or new entry as [`Baseline::to_yaml`] writes it, after the
    /// comment lines that preceded the old one. An entry that is gone goes with the comment
    /// lines just before it. `None` when `old` is not laid out as [`Baseline::to_yaml`] lays
    /// it out (one `  - ` item per entry under `accepted:`), or the result would not read
    /// back as this baseline: the caller then writes [`Baseline::to_yaml`], and says that
    /// comments are not kept.
    ///
    /// ```
    /// use faultline::baseline::Baseline;
    /// use faultline::Format;
    /// let old = "# mine\nversion: 1\naccepted:\n  # JIRA-1\n  - id: \"a\"\n    reason: \"known\"  # agreed\n";
    /// let b = Baseline::parse(old, Format::Yaml)?.with_file("x.yaml", ["b"], "new", None);
    /// let text = b.to_yaml_keeping(old).unwrap_or_default();
    /// assert!(text.starts_with("# mine\nversion: 1\naccepted:\n  # JIRA-1\n  - id: \"a\"\n    reason: \"known\"  # agreed\n"));
    /// # Ok::<(), faultline::Error>(())
    /// ```
    pub fn to_yaml_keeping(&self, old: &str) -> Option<String> {
        let was = Baseline::parse(old, Format::Yaml).ok()?;
        let eol = if old.contains("\r\n") { "\r\n" } else { "\n" };
        // Every line ends with a line break, so that an entry can follow the last one.
        let ended;
        let old = if old.ends_with('\n') {
            old
        } else {
            ended = format!("{old}{eol}");
            ended.as_str()
        };
        let lines: Vec<&str> = old.split_inclusive('\n').collect();
        let code = |l: &str| l.split(" #").next().unwrap_or("").trim_end().to_owned();
        let list = lines
            .iter()
            .position(|l| !l.starts_with([' ', '#']) && l.starts_with("accepted:"))?;
        let empty = code(lines[list]) == "accepted: []";
        if !empty && code(lines[list]) != "accepted:" {
            return None;
        }
        // The items: leading comment or blank lines, then the `  - ` line and its fields.
        let mut items: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
        let mut leading: Vec<&str> = Vec::new();
        for &l in &lines[list + 1..] {
            let t = l.trim();
            if t.is_empty() || t.starts_with('#') {
                leading.push(l);
            } else if l.starts_with("  - ") {
                items.push((std::mem::take(&mut leading), vec![l]));
            } else if l.starts_with("    ") && !empty {
                items.last_mut()?.1.push(l);
            } else {
                return None;
            }
        }
        if items.len() != was.accepted.len() {
            return None;
        }
        let mut o: String = lines[..list].concat();
        if self.accepted.is_empty() {
            o.push_str("accepted: []");
            o.push_str(eol);
        } else if empty {
            o.push_str("accepted:");
            o.push_str(eol);
        } else {
            o.push_str(lines[list]);
        }
        for a in &self.accepted {
            let kept = was
                .accepted
                .iter()
                .position(|w| w.id == a.id && w.file == a.file)
                .map(|k| (&items[k], &was.accepted[k]));
            match kept {
                Some(((before, block), w)) => {
                    o.extend(before.iter().copied());
                    if w == a {
                        o.extend(block.iter().copied());
                    } else {
                        o.push_str(&entry_yaml(a).replace('\n', eol));
                    }
                }
                None => o.push_str(&entry_yaml(a).replace('\n', eol)),
            }
        }
        o.extend(leading.iter().copied());
        (Baseline::parse(&o, Format::Yaml).ok().as_ref() == Some(self)).then_some(o)
    }

    /// The baseline as pretty JSON.
    pub fn to_json(&self) -> String {
        let mut s = crate::render::json::to_string(self, crate::render::json::Style::Pretty)
            .unwrap_or_default();
        s.push('\n');
        s
    }
}

/// One entry of [`Baseline::to_yaml`]: every string quoted (JSON strings are YAML), so any
/// id or reason round-trips.
fn entry_yaml(a: &Accepted) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned());
    let mut o = format!("  - id: {}\n", q(&a.id));
    if let Some(f) = &a.file {
        o.push_str(&format!("    file: {}\n", q(f)));
    }
    o.push_str(&format!("    reason: {}\n", q(&a.reason)));
    if let Some(e) = a.expires {
        o.push_str(&format!("    expires: \"{e}\"\n"));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert!("2024-02-29".parse::<Date>().is_ok());
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "24-01-01",
            "2024-01-01x",
            "",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        let d: Date = "2027-03-31".parse().unwrap();
        assert!(d < "2027-04-01".parse().unwrap());
        for days in [-719_162, -1, 0, 59, 10_957, 19_782, 2_932_896] {
            let d = Date::from_unix_days(days).unwrap();
            let again: Date = d.to_string().parse().unwrap();
            assert_eq!(d, again);
        }
        assert_eq!(
            Date::from_unix_days(19_782).unwrap().to_string(),
            "2024-02-29"
        );
        assert_eq!(Date::from_unix_days(i64::MAX), None);
    }

    #[test]
    fn yaml_round_trips_and_errors_point_at_the_entry() {
        let b = Baseline::default().with_file(
            "./a.yaml",
            ["x@zone:aws/us-east-1/a~\"quoted\" journey", "y~j"],
            "because: reasons # not a comment",
            "2030-01-01".parse().ok(),
        );
        let text = b.to_yaml();
        assert_eq!(Baseline::parse(&text, Format::Yaml).unwrap(), b);
        assert_eq!(Baseline::parse(&b.to_json(), Format::Json).unwrap(), b);
        let e = Baseline::parse(
            "version: 1\naccepted:\n  - id: a\n    reason: ''\n",
            Format::Yaml,
        )
        .unwrap_err();
        assert_eq!(e.diagnostics()[0].path, "/accepted/0/reason");
        assert_eq!(e.diagnostics()[0].line, Some(4));
        let e = Baseline::parse(
            "version: 1\naccepted:\n  - { id: a, reason: r, expires: 2027-02-30 }\n",
            Format::Yaml,
        )
        .unwrap_err();
        assert!(e.message().contains("2027-02-30"), "{}", e.message());
        let e = Baseline::parse(
            "version: 1\naccepted:\n  - { id: a, reson: r }\n",
            Format::Yaml,
        )
        .unwrap_err();
        assert_eq!(e.code(), Code::UnknownField);
        assert!(e.message().starts_with("baseline:"));
    }

    #[test]
    fn with_file_keeps_reasons_and_other_files() {
        let b = Baseline {
            version: 1,
            accepted: vec![
                Accepted {
                    id: "a".into(),
                    file: Some("f.yaml".into()),
                    reason: "kept".into(),
                    expires: None,
                },
                Accepted {
                    id: "gone".into(),
                    file: Some("f.yaml".into()),
                    reason: "old".into(),
                    expires: None,
                },
                Accepted {
                    id: "a".into(),
                    file: Some("g.yaml".into()),
                    reason: "other file".into(),
                    expires: None,
                },
            ],
        };
        let n = b.with_file("f.yaml", ["a", "b"], "new", None);
        let reasons: Vec<(&str, &str, &str)> = n
            .accepted
            .iter()
            .map(|a| {
                (
                    a.file.as_deref().unwrap_or(""),
                    a.id.as_str(),
                    a.reason.as_str(),
                )
            })
            .collect();
        assert_eq!(
            reasons,
            [
                ("f.yaml", "a", "kept"),
                ("f.yaml", "b", "new"),
                ("g.yaml", "a", "other file")
            ]
        );
    }

    /// Re-writing a baseline keeps what its user wrote: the header's and the entries'
    /// comments, an entry's own layout (`expires` unquoted), and the line breaks (found by
    /// a review: every comment was deleted, and dates re-quoted). A finding that is gone
    /// goes with the comment just before it; a new one is written as `to_yaml` writes it.
    #[test]
    fn rewriting_a_baseline_keeps_what_its_user_wrote() -> Result<(), Error> {
        let old = "# team notes\nversion: 1\naccepted:  # reviewed monthly\n  # JIRA-1: accepted by SRE\n  - id: \"a\"\n    file: \"x.yaml\"\n    reason: \"known\"  # agreed\n    expires: 2099-01-01\n  # JIRA-2\n  - id: \"b\"\n    file: \"x.yaml\"\n    reason: \"old\"\n# end\n";
        let was = Baseline::parse(old, Format::Yaml)?;
        // The same findings: the same bytes.
        let same = was.with_file("x.yaml", ["a", "b"], "new", None);
        assert_eq!(same.to_yaml_keeping(old).as_deref(), Some(old));
        // `b` fixed, `c` new: `b` and its comment go, `c` is written after `a`.
        let next = was.with_file("x.yaml", ["a", "c"], "new", None);
        let Some(text) = next.to_yaml_keeping(old) else {
            panic!("laid out as the writer lays it out")
        };
        assert_eq!(
            text,
            "# team notes\nversion: 1\naccepted:  # reviewed monthly\n  # JIRA-1: accepted by SRE\n  - id: \"a\"\n    file: \"x.yaml\"\n    reason: \"known\"  # agreed\n    expires: 2099-01-01\n  - id: \"c\"\n    file: \"x.yaml\"\n    reason: \"new\"\n# end\n"
        );
        // A changed entry is written anew, after its comment.
        let mut changed = was.clone();
        changed.accepted[1].reason = "renewed".to_owned();
        let text = changed.to_yaml_keeping(old).unwrap_or_default();
        assert!(
            text.contains(
                "  # JIRA-2\n  - id: \"b\"\n    file: \"x.yaml\"\n    reason: \"renewed\"\n"
            ),
            "{text}"
        );
        // CRLF stays CRLF, new lines included.
        let crlf = old.replace('\n', "\r\n");
        let text = next.to_yaml_keeping(&crlf).unwrap_or_default();
        assert!(!text.replace("\r\n", "").contains('\n'), "{text:?}");
        assert_eq!(Baseline::parse(&text, Format::Yaml)?, next);
        // Not laid out as the writer lays it out: the caller writes it anew.
        let flow = "version: 1\naccepted: [{ id: a, file: x.yaml, reason: known }]\n";
        let b = Baseline::parse(flow, Format::Yaml)?.with_file("x.yaml", ["a"], "new", None);
        assert_eq!(b.to_yaml_keeping(flow), None);
        // From an empty list.
        let none = "version: 1  # empty\naccepted: []\n";
        let b = Baseline::parse(none, Format::Yaml)?.with_file("x.yaml", ["a"], "new", None);
        assert_eq!(
            b.to_yaml_keeping(none).as_deref(),
            Some(
                "version: 1  # empty\naccepted:\n  - id: \"a\"\n    file: \"x.yaml\"\n    reason: \"new\"\n"
            )
        );
        Ok(())
    }
}
