//! Writing reports as JSON: the one JSON writer of every report faultline prints or hands
//! to JavaScript (`faultline … --format json`, the package's `*Json` exports and, in camelCase,
//! the plain objects its other exports return).
//!
//! The bytes are serde_json's, exactly: [`Style::Pretty`] is `serde_json::to_string_pretty`
//! (two-space indent, `"key": value`), [`Style::CompactCamel`] is `serde_json::to_string`
//! with every object key turned from snake_case into camelCase as it is written. Numbers are
//! written by the crates serde_json uses (itoa, zmij), non-finite floats as `null`, strings
//! with the same escapes (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other control characters
//! as `\u00xx`). Tests compare the output with serde_json's for every example's reports and
//! for generated strings, numbers and nestings.
//!
//! Why not serde_json itself: one serializer type, its style chosen at run time, means each
//! report type's `Serialize` code is compiled once for JSON instead of once per serde_json
//! formatter (the WebAssembly module's serialisation code went from 127 KB to 80 KB raw).
//! And a score report of 1,000 components is 9.3 MB of JSON: serde_json looks up each byte
//! of a string in its escape table, here a string is checked eight bytes at a time and,
//! having nothing to escape (nearly all), copied whole (`score --format json` of 1,000
//! components: 510 M → 491 M instructions).
//!
//! The writer's methods are `#[inline]`: the engine is compiled for size in WebAssembly and
//! the package's adapter for speed (docs/performance.md, "Speed against size"), and inlined
//! code is compiled with its caller. Without it the package's `score()` was 10 % slower
//! than with serde_json; with it, the same (docs/performance.md, the eleventh pass).

use serde::Serialize;
use serde::ser::{self, Impossible};

use crate::diagnostic::{Code, Diagnostic};
use crate::error::Error;
use crate::report::ScoreReport;

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// serde_json's pretty form: one value per line, two-space indent, `"key": value`.
    Pretty,
    /// serde_json's compact form, with object keys in camelCase (`impact_minutes` →
    /// `impactMinutes`): what JavaScript reads.
    CompactCamel,
}

/// Writes `value` as JSON in the given style (no final newline).
///
/// # Errors
///
/// A `write-failed` error when a value cannot be written as JSON: a map key that is not a
/// string, a number, a boolean or a unit variant; a non-finite float as a map key; or an
/// error a `Serialize` implementation raises itself. No report type of this crate does any
/// of these.
///
/// ```
/// use faultline::render::json::{Style, to_string};
/// #[derive(serde::Serialize)]
/// struct Row { journey_id: &'static str, minutes: f64, lost: Option<u32> }
/// let row = Row { journey_id: "checkout \"EU\"", minutes: 42.5, lost: None };
/// assert_eq!(to_string(&row, Style::CompactCamel)?, r#"{"journeyId":"checkout \"EU\"","minutes":42.5,"lost":null}"#);
/// assert_eq!(
///     to_string(&row, Style::Pretty)?,
///     "{\n  \"journey_id\": \"checkout \\\"EU\\\"\",\n  \"minutes\": 42.5,\n  \"lost\": null\n}"
/// );
/// # Ok::<(), faultline::Error>(())
/// ```
pub fn to_string<T: Serialize + ?Sized>(value: &T, style: Style) -> Result<String, Error> {
    let mut w = Writer {
        out: String::new(),
        pretty: style == Style::Pretty,
        depth: 0,
        camel: CamelKeys::default(),
    };
    value.serialize(&mut w).map_err(failed)?;
    Ok(w.out)
}

/// A score report in [`Style::Pretty`], handed to `emit` in parts whose concatenation is
/// exactly [`to_string`]'s text, without holding that text whole: its findings (nearly all
/// of a report's text: 9.3 MB at 1,000 components, 41.5 MB at 10,000) are written 128 at
/// a time into buffers that are used again once emitted, on `threads` threads side by
/// side (natively; WebAssembly writes on the calling thread), and emitted in order by the
/// calling thread. Holding the whole text made the operating system hand the process a
/// fresh page for every 4 KB of it (docs/performance.md).
///
/// The report is written without its findings, and they go where its empty list is: the
/// only `\n  "findings": ` in the text, since every newline of a JSON text written here
/// is between values (strings escape theirs) and the report's own keys are the only ones
/// indented by two spaces.
///
/// # Errors
///
/// As [`to_string`] (no score report has what it refuses); the parts before the one that
/// failed have been emitted.
///
/// ```
/// use faultline::render::json::{Style, pretty_score_report, to_string};
/// let engine = faultline::Engine::default();
/// let doc = engine.parse(faultline::DEFAULT_ARCHITECTURE, faultline::Format::Yaml)?;
/// let report = engine.prepare(&doc.architecture)?.score();
/// let mut text = String::new();
/// pretty_score_report(&report, 2, |part| text.push_str(part))?;
/// assert_eq!(text, to_string(&report, Style::Pretty)?);
/// # Ok::<(), faultline::Error>(())
/// ```
pub fn pretty_score_report(
    report: &ScoreReport,
    threads: usize,
    mut emit: impl FnMut(&str),
) -> Result<(), Error> {
    let ScoreReport {
        faultline_version,
        catalogue_version,
        name,
        score,
        grade,
        journeys,
        findings,
        scenarios,
        diagnostics,
    } = report;
    let shell = ScoreReport {
        faultline_version: faultline_version.clone(),
        catalogue_version: catalogue_version.clone(),
        name: name.clone(),
        score: *score,
        grade: *grade,
        journeys: journeys.clone(),
        findings: Vec::new(),
        scenarios: *scenarios,
        diagnostics: diagnostics.clone(),
    };
    let shell = to_string(&shell, Style::Pretty)?;
    const EMPTY: &str = "\n  \"findings\": []";
    let Some(at) = shell
        .find(EMPTY)
        .filter(|&at| !findings.is_empty() && shell[at + 1..].find(EMPTY).is_none())
    else {
        emit(&to_string(report, Style::Pretty)?);
        return Ok(());
    };
    let at = at + EMPTY.len() - 1;
    emit(&shell[..at]);
    elements(findings, threads, FINDINGS_PER_PART, &mut emit).map_err(failed)?;
    emit("\n  ");
    emit(&shell[at..]);
    Ok(())
}

/// How many findings [`pretty_score_report`] writes into one part: about 240 KB of text
/// at 1,000 components, so that a few parts in flight hold little, and the threads share
/// a counter once per part (39 parts at 1,000 components, 170 at 10,000), not per finding.
const FINDINGS_PER_PART: usize = 128;

/// The elements of a list that is the value of a key of the top-level object, written as
/// [`Style::Pretty`] writes them (`\n    ` before each, `,` between), `per_part` at a
/// time, each part handed to `emit` in order. With `threads` of 2 or more (at most one
/// per core and per part), helpers write parts too, taking the next one from a shared
/// counter; the calling thread emits each part as soon as it and those before it are
/// written, writes parts itself while the next one is not, and writes those a helper did
/// not deliver (it panicked, or could not start).
fn elements<T: Serialize + Sync>(
    items: &[T],
    threads: usize,
    per_part: usize,
    emit: &mut dyn FnMut(&str),
) -> Result<(), WriteError> {
    let per_part = per_part.max(1);
    let parts = items.len().div_ceil(per_part);
    let write = |k: usize, out: &mut String| write_part(items, per_part, k, out);
    let threads = crate::engine::thread_count(threads, parts, 1);
    #[cfg(not(target_arch = "wasm32"))]
    if threads >= 2 {
        return elements_helped(parts, threads, &write, emit);
    }
    let _ = threads;
    let mut buffer = String::new();
    for k in 0..parts {
        write(k, &mut buffer)?;
        emit(&buffer);
    }
    Ok(())
}

/// Part `k` of `items`, `per_part` to a part, into `out`, which it empties first (its room
/// is kept), as [`elements`] writes them.
fn write_part<T: Serialize>(
    items: &[T],
    per_part: usize,
    k: usize,
    out: &mut String,
) -> Result<(), WriteError> {
    let from = k.saturating_mul(per_part).min(items.len());
    let mut w = Writer {
        out: std::mem::take(out),
        pretty: true,
        depth: 2,
        camel: CamelKeys::default(),
    };
    w.out.clear();
    for (j, item) in items[from..from.saturating_add(per_part).min(items.len())]
        .iter()
        .enumerate()
    {
        w.item(from + j == 0);
        item.serialize(&mut w)?;
    }
    *out = w.out;
    Ok(())
}

/// [`elements`] on `threads` threads.
#[cfg(not(target_arch = "wasm32"))]
fn elements_helped(
    parts: usize,
    threads: usize,
    write: &(dyn Fn(usize, &mut String) -> Result<(), WriteError> + Sync),
    emit: &mut dyn FnMut(&str),
) -> Result<(), WriteError> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;
    let next = AtomicUsize::new(0);
    // Buffers emitted, for the next parts (a thread that finds none starts one).
    let spare = std::sync::Mutex::new(Vec::<String>::new());
    let take_spare = || {
        spare
            .lock()
            .ok()
            .and_then(|mut s| s.pop())
            .unwrap_or_default()
    };
    let (tx, rx) = mpsc::channel::<(usize, Result<String, WriteError>)>();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|h| {
                let (tx, next, take_spare) = (tx.clone(), &next, &take_spare);
                let helper = move || {
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= parts {
                            return;
                        }
                        #[cfg(test)]
                        tests::panic_if_asked(k, parts);
                        let mut out = take_spare();
                        let written = write(k, &mut out).map(|()| out);
                        if tx.send((k, written)).is_err() {
                            return;
                        }
                    }
                };
                // A helper that cannot start leaves its parts to the others and this one.
                std::thread::Builder::new()
                    .name(format!("faultline-json-{h}"))
                    .spawn_scoped(scope, helper)
                    .ok()
            })
            .collect();
        drop(tx);
        // Each part is emitted in its turn; a part that could not be written is the error,
        // in its turn too (the parts before it are emitted, whichever thread wrote them).
        let mut in_order = || -> Result<(), WriteError> {
            let mut ready = std::collections::BTreeMap::new();
            let mut helpers_gone = false;
            for k in 0..parts {
                let out = loop {
                    if let Some(written) = ready.remove(&k) {
                        break written?;
                    }
                    // What the helpers have written meanwhile.
                    if let Ok((j, written)) = rx.try_recv() {
                        ready.insert(j, written);
                        continue;
                    }
                    // A part nobody has taken yet: written here rather than waited for.
                    let j = next.fetch_add(1, Ordering::Relaxed);
                    if j < parts {
                        let mut out = take_spare();
                        ready.insert(j, write(j, &mut out).map(|()| out));
                        continue;
                    }
                    // Every part is taken and part `k` is a helper's: wait for it, unless
                    // every helper has stopped (one panicked), when it never comes.
                    if !helpers_gone {
                        match rx.recv() {
                            Ok((j, written)) => {
                                ready.insert(j, written);
                            }
                            Err(_) => helpers_gone = true,
                        }
                        continue;
                    }
                    let mut out = take_spare();
                    write(k, &mut out)?;
                    break out;
                };
                emit(&out);
                if let Ok(mut s) = spare.lock() {
                    s.push(out);
                }
            }
            Ok(())
        };
        let result = in_order();
        // After an error, the helpers take nothing more.
        next.store(parts, Ordering::Relaxed);
        drop(rx);
        // A helper that panicked has delivered nothing since; its parts were written here.
        for h in helpers {
            let _ = h.join();
        }
        result
    })
}

/// The error of a value that could not be written.
fn failed(WriteError(message): WriteError) -> Error {
    Error::write(Diagnostic::error(
        Code::WriteFailed,
        "",
        format!("the value could not be written as JSON: {message}"),
    ))
}

/// Why a value could not be written.
#[derive(Debug)]
struct WriteError(String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        WriteError(msg.to_string())
    }
}

fn key_must_be_a_string() -> WriteError {
    WriteError("key must be a string".to_owned())
}

/// The output and where in it the writer is.
struct Writer {
    out: String,
    /// [`Style::Pretty`]; else [`Style::CompactCamel`].
    pretty: bool,
    /// Open arrays and objects around the next value.
    depth: usize,
    /// Struct field names already written in camelCase ([`Writer::field_key`]).
    camel: CamelKeys,
}

/// Struct field names as [`Writer::key`] wrote them in camelCase (quotes included), found
/// by the name's address: a report writes the same few dozen names thousands of times
/// (22 per finding), and turning each into camelCase again, a byte at a time, was about 4 %
/// of the page's `assess` in WebAssembly (docs/performance.md, "Twenty-first pass"). A
/// `&'static str` is never freed, so its address and length name its text for the whole
/// run; a name whose slot holds another is written again, exactly as the first time.
#[derive(Default)]
struct CamelKeys {
    /// Per slot ([`CAMEL_SLOTS`], made at the first name): the name's address and length,
    /// and where its written form is in `text`.
    slots: Vec<(usize, usize, usize, usize)>,
    text: String,
}

/// Slots of [`CamelKeys`]: more than the field names of any report.
const CAMEL_SLOTS: usize = 256;

/// Room [`CamelKeys::text`] may take before it is emptied (names that keep taking each
/// other's slot would otherwise add to it without end).
const CAMEL_TEXT_MAX: usize = 16 * 1024;

/// A byte of a string that JSON escapes: `"`, `\` or a control character.
#[inline]
fn escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether any of the eight bytes of `word` is one [`escaped`] accepts: the classic
/// "has a byte less than n" and "has a zero byte" bit tests (exact as a yes or no, for n
/// at most 128).
#[inline]
fn any_escaped(word: u64) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0;
    below_space
        || has_zero(word ^ (ONES * u64::from(b'"')))
        || has_zero(word ^ (ONES * u64::from(b'\\')))
}

/// Whether a string has a byte to escape, looked for eight bytes at a time (the last
/// word overlapping the one before it; a string shorter than a word padded with spaces):
/// nearly every string of a report has none and is copied whole.
#[inline]
fn needs_escapes(bytes: &[u8]) -> bool {
    // A whole word is read in one load: copied a byte at a time into a padded word (as a
    // string shorter than a word still is), it was a loop per word in WebAssembly.
    let word =
        |part: &[u8]| <[u8; 8]>::try_from(part).is_ok_and(|w| any_escaped(u64::from_ne_bytes(w)));
    match bytes.len().checked_sub(8) {
        None => {
            let mut padded = [b' '; 8];
            for (to, &from) in padded.iter_mut().zip(bytes) {
                *to = from;
            }
            any_escaped(u64::from_ne_bytes(padded))
        }
        Some(last) => bytes.chunks_exact(8).any(word) || word(&bytes[last..]),
    }
}

impl Writer {
    /// Two spaces per open array or object (pretty style only).
    #[inline]
    fn indent(&mut self) {
        const SPACES: &str = "                                                                ";
        let mut n = 2 * self.depth;
        while n > 0 {
            let k = n.min(SPACES.len());
            self.out.push_str(&SPACES[..k]);
            n -= k;
        }
    }

    /// Before an array element or an object key.
    #[inline]
    fn item(&mut self, first: bool) {
        if self.pretty {
            self.out.push_str(if first { "\n" } else { ",\n" });
            self.indent();
        } else if !first {
            self.out.push(',');
        }
    }

    #[inline]
    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
    }

    /// Closes an array or object; `empty` when nothing was written in it.
    #[inline]
    fn close(&mut self, bracket: char, empty: bool) {
        self.depth -= 1;
        if self.pretty && !empty {
            self.out.push('\n');
            self.indent();
        }
        self.out.push(bracket);
    }

    /// `{"variant": ` of an enum variant with data.
    #[inline]
    fn begin_variant(&mut self, variant: &str) {
        self.open('{');
        self.item(true);
        self.key(variant);
        self.colon();
    }

    /// After an object key.
    #[inline]
    fn colon(&mut self) {
        self.out.push_str(if self.pretty { ": " } else { ":" });
    }

    #[inline]
    fn string(&mut self, s: &str) {
        self.out.reserve(s.len() + 2);
        self.out.push('"');
        if needs_escapes(s.as_bytes()) {
            self.escaped_contents(s);
        } else {
            self.out.push_str(s);
        }
        self.out.push('"');
    }

    /// A string's contents with escapes, in runs between them. Every byte escaped is
    /// ASCII, so each run ends on a character boundary.
    fn escaped_contents(&mut self, s: &str) {
        let mut start = 0;
        for (i, &b) in s.as_bytes().iter().enumerate() {
            if escaped(b) {
                self.out.push_str(&s[start..i]);
                self.escape(b);
                start = i + 1;
            }
        }
        self.out.push_str(&s[start..]);
    }

    fn escape(&mut self, b: u8) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        match b {
            b'"' => self.out.push_str("\\\""),
            b'\\' => self.out.push_str("\\\\"),
            0x08 => self.out.push_str("\\b"),
            0x0c => self.out.push_str("\\f"),
            b'\n' => self.out.push_str("\\n"),
            b'\r' => self.out.push_str("\\r"),
            b'\t' => self.out.push_str("\\t"),
            _ => {
                self.out.push_str("\\u00");
                self.out.push(char::from(HEX[usize::from(b >> 4)]));
                self.out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
    }

    /// An object key, in camelCase when asked: each `_` is dropped and the next byte
    /// written is upper-cased (an escape in between is written as it is, as serde_json's
    /// formatter hook sees it: between two fragments).
    #[inline]
    fn key(&mut self, k: &str) {
        if self.pretty || !k.contains('_') {
            self.string(k);
            return;
        }
        self.out.push('"');
        if needs_escapes(k.as_bytes()) {
            self.camel_escaped(k);
        } else {
            // Every run after an underscore starts upper-cased; an empty run (`__`) leaves
            // the next one to be. Written in slices between the bytes that change, found a
            // byte at a time (in a Node profile of the package, `split`'s searcher took as
            // long as the rest of this function).
            let mut start = 0;
            let mut upper_next = false;
            for (i, &b) in k.as_bytes().iter().enumerate() {
                if b == b'_' {
                    self.out.push_str(&k[start..i]);
                    start = i + 1;
                    upper_next = true;
                } else if upper_next {
                    // A character that is not ASCII has no ASCII upper case: it stays.
                    if b.is_ascii() {
                        self.out.push(char::from(b.to_ascii_uppercase()));
                        start = i + 1;
                    }
                    upper_next = false;
                }
            }
            self.out.push_str(&k[start..]);
        }
        self.out.push('"');
    }

    /// A struct's field name: [`Writer::key`], from [`CamelKeys`] when it was written in
    /// camelCase before.
    #[inline]
    fn field_key(&mut self, k: &'static str) {
        if self.pretty {
            self.string(k);
            return;
        }
        let (addr, len) = (k.as_ptr() as usize, k.len());
        // Fibonacci hashing of the address: names lie next to each other in the binary.
        let slot = ((addr as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % CAMEL_SLOTS;
        let camel = &mut self.camel;
        if let Some(&(a, n, from, to)) = camel.slots.get(slot)
            && a == addr
            && n == len
            && let Some(written) = camel.text.get(from..to)
        {
            self.out.push_str(written);
            return;
        }
        let start = self.out.len();
        self.key(k);
        let camel = &mut self.camel;
        if camel.text.len() > CAMEL_TEXT_MAX {
            camel.text.clear();
            camel.slots.clear();
        }
        if camel.slots.is_empty() {
            camel.slots = vec![(0, 0, 0, 0); CAMEL_SLOTS];
        }
        let from = camel.text.len();
        camel.text.push_str(&self.out[start..]);
        camel.slots[slot] = (addr, len, from, camel.text.len());
    }

    /// A camelCase key with escapes, a character at a time.
    fn camel_escaped(&mut self, k: &str) {
        let mut upper_next = false;
        for c in k.chars() {
            match c {
                '_' => upper_next = true,
                _ if let Ok(b) = u8::try_from(c)
                    && escaped(b) =>
                {
                    self.escape(b)
                }
                _ if upper_next => {
                    self.out.push(c.to_ascii_uppercase());
                    upper_next = false;
                }
                _ => self.out.push(c),
            }
        }
    }

    #[inline]
    fn integer(&mut self, n: impl itoa::Integer) {
        self.out.push_str(itoa::Buffer::new().format(n));
    }

    /// A finite float as serde_json writes it (zmij's shortest form).
    #[inline]
    fn float(&mut self, finite: bool, x: impl zmij::Float) {
        if finite {
            self.out.push_str(zmij::Buffer::new().format_finite(x));
        } else {
            self.out.push_str("null");
        }
    }
}

/// An array or an object being written; `first` until its first element or entry.
struct Compound<'w> {
    w: &'w mut Writer,
    first: bool,
    /// Closes a `{"variant": …}` object around it too.
    variant: bool,
    /// One of serde_json's private structs whose field is text to write as it is
    /// ([`RAW_TOKENS`]): no braces, no key.
    raw: bool,
}

/// The names of serde_json's private structs that carry JSON text to write verbatim: a
/// `Number` with its `arbitrary_precision` feature, a `RawValue` with `raw_value`.
/// faultline enables neither, but a program that links it may (Cargo unifies features),
/// and then `serde_json::Value`s in reports (SARIF, diffs, the schema) hold them;
/// serde_json's own writer writes their text as it is, and so does this one.
const RAW_TOKENS: [&str; 2] = [
    "$serde_json::private::Number",
    "$serde_json::private::RawValue",
];

impl<'w> Compound<'w> {
    #[inline]
    fn new(w: &'w mut Writer, variant: bool, raw: bool) -> Self {
        Compound {
            w,
            first: true,
            variant,
            raw,
        }
    }

    #[inline]
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.w.item(self.first);
        self.first = false;
        value.serialize(&mut *self.w)
    }

    #[inline]
    fn finish(self, bracket: char) {
        if self.raw {
            return;
        }
        self.w.close(bracket, self.first);
        if self.variant {
            self.w.close('}', false);
        }
    }

    #[inline]
    fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        if self.raw {
            return value.serialize(MapKey {
                w: &mut *self.w,
                raw: true,
            });
        }
        self.w.item(self.first);
        self.first = false;
        self.w.field_key(key);
        self.w.colon();
        value.serialize(&mut *self.w)
    }
}

/// A serializer's ten integer methods, each `|serializer, value| body`.
macro_rules! integers {
    (|$s:ident, $v:ident| $body:expr) => {
        integers!(@each |$s, $v| $body;
            serialize_i8 i8, serialize_i16 i16, serialize_i32 i32, serialize_i64 i64,
            serialize_i128 i128, serialize_u8 u8, serialize_u16 u16, serialize_u32 u32,
            serialize_u64 u64, serialize_u128 u128);
    };
    (@each |$s:ident, $v:ident| $body:expr; $($method:ident $t:ident),*) => {$(
        #[inline]
        fn $method(self, $v: $t) -> Result<(), WriteError> {
            let $s = self;
            $body
        }
    )*};
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = Compound<'w>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Compound<'w>;

    #[inline]
    fn serialize_bool(self, v: bool) -> Result<(), WriteError> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    integers!(|w, v| {
        w.integer(v);
        Ok(())
    });
    #[inline]
    fn serialize_f32(self, v: f32) -> Result<(), WriteError> {
        self.float(v.is_finite(), v);
        Ok(())
    }
    #[inline]
    fn serialize_f64(self, v: f64) -> Result<(), WriteError> {
        self.float(v.is_finite(), v);
        Ok(())
    }
    #[inline]
    fn serialize_char(self, v: char) -> Result<(), WriteError> {
        self.string(v.encode_utf8(&mut [0u8; 4]));
        Ok(())
    }
    #[inline]
    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        self.string(v);
        Ok(())
    }
    #[inline]
    fn serialize_bytes(self, v: &[u8]) -> Result<(), WriteError> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    #[inline]
    fn serialize_none(self) -> Result<(), WriteError> {
        self.serialize_unit()
    }
    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        value.serialize(self)
    }
    #[inline]
    fn serialize_unit(self) -> Result<(), WriteError> {
        self.out.push_str("null");
        Ok(())
    }
    #[inline]
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), WriteError> {
        self.serialize_unit()
    }
    #[inline]
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), WriteError> {
        self.serialize_str(variant)
    }
    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        value.serialize(self)
    }
    #[inline]
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        self.begin_variant(variant);
        value.serialize(&mut *self)?;
        self.close('}', false);
        Ok(())
    }
    #[inline]
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w>, WriteError> {
        self.open('[');
        Ok(Compound::new(self, false, false))
    }
    #[inline]
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w>, WriteError> {
        self.serialize_seq(Some(len))
    }
    #[inline]
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'w>, WriteError> {
        self.serialize_seq(Some(len))
    }
    #[inline]
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w>, WriteError> {
        self.begin_variant(variant);
        self.open('[');
        Ok(Compound::new(self, true, false))
    }
    #[inline]
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w>, WriteError> {
        self.open('{');
        Ok(Compound::new(self, false, false))
    }
    #[inline]
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'w>, WriteError> {
        if name.starts_with('$') && RAW_TOKENS.contains(&name) {
            return Ok(Compound::new(self, false, true));
        }
        self.serialize_map(Some(len))
    }
    #[inline]
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w>, WriteError> {
        self.begin_variant(variant);
        self.open('{');
        Ok(Compound::new(self, true, false))
    }
}

/// The four sequence-like parts of serde's data model, written alike: `[a, b, …]` (a
/// tuple variant's closing `}` too, by [`Compound::finish`]).
macro_rules! sequence_like {
    ($($part:ident :: $method:ident),*) => {$(
        impl ser::$part for Compound<'_> {
            type Ok = ();
            type Error = WriteError;
            #[inline]
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
                self.element(value)
            }
            #[inline]
            fn end(self) -> Result<(), WriteError> {
                Compound::finish(self, ']');
                Ok(())
            }
        }
    )*};
}

sequence_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    #[inline]
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WriteError> {
        self.w.item(self.first);
        self.first = false;
        key.serialize(MapKey {
            w: &mut *self.w,
            raw: false,
        })
    }
    #[inline]
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.w.colon();
        value.serialize(&mut *self.w)
    }
    #[inline]
    fn end(self) -> Result<(), WriteError> {
        Compound::finish(self, '}');
        Ok(())
    }
}

/// A struct and a struct variant, written alike: `{"key": value, …}` (the variant's outer
/// `}` too, by [`Compound::finish`]).
macro_rules! struct_like {
    ($($part:ident),*) => {$(
        impl ser::$part for Compound<'_> {
            type Ok = ();
            type Error = WriteError;
            #[inline]
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), WriteError> {
                self.field(key, value)
            }
            #[inline]
            fn end(self) -> Result<(), WriteError> {
                Compound::finish(self, '}');
                Ok(())
            }
        }
    )*};
}

struct_like!(SerializeStruct, SerializeStructVariant);

/// A map key: JSON keys are strings, so numbers and booleans are quoted, as serde_json
/// does; anything else is refused. Or, `raw`, the text of one of serde_json's private
/// structs ([`RAW_TOKENS`]), written as it is.
struct MapKey<'w> {
    w: &'w mut Writer,
    raw: bool,
}

impl MapKey<'_> {
    /// A finite float, quoted; a non-finite one is refused, as serde_json refuses it.
    fn float(self, finite: bool, x: impl zmij::Float) -> Result<(), WriteError> {
        if !finite {
            return Err(WriteError(
                "float key must be finite (got NaN or +/-inf)".to_owned(),
            ));
        }
        self.quoted(zmij::Buffer::new().format_finite(x))
    }

    fn quoted(self, text: &str) -> Result<(), WriteError> {
        self.w.out.push('"');
        self.w.out.push_str(text);
        self.w.out.push('"');
        Ok(())
    }
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Impossible<(), WriteError>;
    type SerializeTuple = Impossible<(), WriteError>;
    type SerializeTupleStruct = Impossible<(), WriteError>;
    type SerializeTupleVariant = Impossible<(), WriteError>;
    type SerializeMap = Impossible<(), WriteError>;
    type SerializeStruct = Impossible<(), WriteError>;
    type SerializeStructVariant = Impossible<(), WriteError>;

    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        if self.raw {
            self.w.out.push_str(v);
        } else {
            self.w.key(v);
        }
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), WriteError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        value.serialize(self)
    }
    fn serialize_bool(self, v: bool) -> Result<(), WriteError> {
        self.quoted(if v { "true" } else { "false" })
    }
    integers!(|k, v| k.quoted(itoa::Buffer::new().format(v)));
    fn serialize_f32(self, v: f32) -> Result<(), WriteError> {
        self.float(v.is_finite(), v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), WriteError> {
        self.float(v.is_finite(), v)
    }
    fn serialize_char(self, v: char) -> Result<(), WriteError> {
        self.serialize_str(v.encode_utf8(&mut [0u8; 4]))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        value.serialize(self)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), WriteError> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), WriteError> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), WriteError> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), WriteError> {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), WriteError> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, WriteError> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, WriteError> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, WriteError> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, WriteError> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, WriteError> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, WriteError> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, WriteError> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number of parts at which helpers panic (see below): no report has it.
    const PANICKING_PARTS: usize = 977;

    /// Helpers writing a list of [`PANICKING_PARTS`] parts panic at every seventh part
    /// (from the fourth): the calling thread must write what they leave.
    pub(super) fn panic_if_asked(k: usize, parts: usize) {
        if parts == PANICKING_PARTS && k % 7 == 3 {
            panic!("a helper asked to panic at part {k}");
        }
    }

    /// A struct with the field names `names`, each with its position as the value.
    struct Named(Vec<&'static str>);

    impl Serialize for Named {
        fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use ser::SerializeStruct as _;
            let mut st = s.serialize_struct("Named", self.0.len())?;
            for (i, name) in self.0.iter().enumerate() {
                st.serialize_field(name, &i)?;
            }
            st.end()
        }
    }

    /// Field names with escapes, runs of underscores, text that is not ASCII and control
    /// characters, numbered `from..to`.
    fn leaked_names(from: usize, to: usize) -> Vec<&'static str> {
        (from..to)
            .map(|i| {
                let name = match i % 6 {
                    0 => format!("field_{i}_name"),
                    1 => format!("__lead_{i}"),
                    2 => format!("quo\"te_{i}_x"),
                    3 => format!("ünï_{i}_çødé"),
                    4 => format!("tab\t_{i}_\u{1}"),
                    _ => format!("plain{i}"),
                };
                &*Box::leak(name.into_boxed_str())
            })
            .collect()
    }

    #[test]
    fn field_names_from_the_camel_case_cache_are_written_as_the_first_time() -> Result<(), String> {
        // A few names written again and again (kept, then copied from the cache), and more
        // names than slots (taking each other's slots, and filling the cache's text until
        // it is emptied): every name written exactly as `key` writes it, uncached.
        let few = leaked_names(0, 30);
        let many = leaked_names(30, 30 + 3 * CAMEL_SLOTS);
        let order = few
            .iter()
            .cycle()
            .take(50 * few.len())
            .chain(many.iter().cycle().take(20 * many.len()))
            .chain(few.iter().cycle().take(50 * few.len()));
        let mut w = Writer {
            out: String::new(),
            pretty: false,
            depth: 0,
            camel: CamelKeys::default(),
        };
        let (mut copied, mut written, mut emptied) = (0, 0, 0);
        for name in order {
            let (start, kept) = (w.out.len(), w.camel.text.len());
            w.field_key(name);
            let mut uncached = Writer {
                out: String::new(),
                pretty: false,
                depth: 0,
                camel: CamelKeys::default(),
            };
            uncached.key(name);
            assert_eq!(&w.out[start..], uncached.out, "{name:?}");
            // A name written anew adds at least its quotes to the cache's text.
            match w.camel.text.len().cmp(&kept) {
                std::cmp::Ordering::Equal => copied += 1,
                std::cmp::Ordering::Greater => written += 1,
                std::cmp::Ordering::Less => emptied += 1,
            }
            assert!(w.camel.text.len() <= CAMEL_TEXT_MAX + 64);
        }
        assert!(copied > 2_000, "{copied} copied");
        assert!(written > 1_000, "{written} written");
        assert!(emptied > 0);
        // Through the serializer: a struct's fields against the same names as map keys
        // (never cached), three times each in one text.
        let named = Named(few.clone());
        let struct_text =
            to_string(&[&named, &named, &named], Style::CompactCamel).map_err(|e| e.to_string())?;
        let map: std::collections::BTreeMap<&str, usize> =
            few.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let map_text =
            to_string(&[&map, &map, &map], Style::CompactCamel).map_err(|e| e.to_string())?;
        for (i, name) in few.iter().enumerate() {
            let mut one = Writer {
                out: String::new(),
                pretty: false,
                depth: 0,
                camel: CamelKeys::default(),
            };
            one.key(name);
            let expected = format!("{}:{i}", one.out);
            assert_eq!(struct_text.matches(&expected).count(), 3, "{name}");
            assert_eq!(map_text.matches(&expected).count(), 3, "{name}");
        }
        Ok(())
    }

    /// A list element that refuses to be written when `fails`.
    struct Item {
        text: String,
        fails: bool,
    }

    impl Serialize for Item {
        fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            if self.fails {
                return Err(ser::Error::custom("refused"));
            }
            use ser::SerializeStruct as _;
            let mut st = s.serialize_struct("Item", 2)?;
            st.serialize_field("text", &self.text)?;
            st.serialize_field("lines", &[1, 2])?;
            st.end()
        }
    }

    #[derive(Serialize)]
    struct Listed<'a> {
        list: &'a [Item],
    }

    fn items(n: usize) -> Vec<Item> {
        (0..n)
            .map(|i| Item {
                text: format!("item {i}\n  \"list\": [],\t\"{i}\""),
                fails: false,
            })
            .collect()
    }

    /// The list's elements as [`elements`] writes them, with what [`to_string`] writes
    /// around them, and how many parts were emitted.
    fn framed(
        list: &[Item],
        threads: usize,
        per_part: usize,
        forced: bool,
    ) -> Result<(String, usize), WriteError> {
        let mut text = String::from("{\n  \"list\": [");
        let mut parts = 0;
        let mut emit = |part: &str| {
            text.push_str(part);
            parts += 1;
        };
        if forced {
            let write = |k: usize, out: &mut String| write_part(list, per_part, k, out);
            elements_helped(list.len().div_ceil(per_part), threads, &write, &mut emit)?;
        } else {
            elements(list, threads, per_part, &mut emit)?;
        }
        text.push_str("\n  ]\n}");
        Ok((text, parts))
    }

    /// Written in parts of 1 to 128 elements, on 0 to 7 threads (the helpers' path forced
    /// whatever the cores), the list is the list written whole, and every part is emitted.
    #[test]
    fn a_list_written_in_parts_is_the_list_written_whole() -> Result<(), String> {
        let mut compared = 0;
        for n in [1, 2, 3, 5, 8, 40, 129] {
            let list = items(n);
            let whole =
                to_string(&Listed { list: &list }, Style::Pretty).map_err(|e| e.to_string())?;
            for per_part in [1, 2, 3, 7, 128] {
                for (threads, forced) in [
                    (0, false),
                    (1, false),
                    (2, false),
                    (2, true),
                    (3, true),
                    (7, true),
                ] {
                    let (text, parts) = framed(&list, threads, per_part, forced).map_err(|e| {
                        format!("{n} items, {per_part} a part, {threads} threads: {e}")
                    })?;
                    if text != whole {
                        return Err(format!(
                            "{n} items, {per_part} a part, {threads} threads: {text:?}"
                        ));
                    }
                    if parts != n.div_ceil(per_part) {
                        return Err(format!(
                            "{n} items, {per_part} a part: {parts} parts emitted"
                        ));
                    }
                    compared += 1;
                }
            }
        }
        assert_eq!(compared, 7 * 5 * 6);
        Ok(())
    }

    /// Helpers that panic leave their parts to the calling thread: the list is whole.
    #[test]
    fn parts_a_helper_leaves_are_written_by_the_calling_thread() -> Result<(), String> {
        let list = items(PANICKING_PARTS);
        let whole = to_string(&Listed { list: &list }, Style::Pretty).map_err(|e| e.to_string())?;
        for threads in [2, 3] {
            let (text, parts) = framed(&list, threads, 1, true).map_err(|e| e.to_string())?;
            assert_eq!(parts, PANICKING_PARTS);
            if text != whole {
                return Err(format!("{threads} threads: the list differs"));
            }
        }
        Ok(())
    }

    /// An element that cannot be written stops the list with its error, on any number of
    /// threads, after the parts before it were emitted, and the helpers stop.
    #[test]
    fn an_element_that_cannot_be_written_stops_the_list() -> Result<(), String> {
        for at in [0, 5, 39] {
            let mut list = items(40);
            list[at].fails = true;
            for (threads, forced) in [(1, false), (2, true), (3, true)] {
                let mut emitted = 0;
                let result = if forced {
                    let write = |k: usize, out: &mut String| write_part(&list, 1, k, out);
                    elements_helped(40, threads, &write, &mut |_| emitted += 1)
                } else {
                    elements(&list, threads, 1, &mut |_| emitted += 1)
                };
                match result {
                    Err(WriteError(m)) if m == "refused" => {}
                    other => return Err(format!("at {at}, {threads} threads: {other:?}")),
                }
                if emitted != at {
                    return Err(format!(
                        "at {at}, {threads} threads: {emitted} parts emitted"
                    ));
                }
            }
        }
        Ok(())
    }
}
