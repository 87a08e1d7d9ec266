//! Hostile descriptions shared by the native suite (`tests/it/hostile.rs`) and the wasm
//! suite run in Node (`tests/wasm_node.rs`): the same text must give the same verdict
//! natively and in WebAssembly, never a panic or a trap.
//!
//! Each case says what must happen with default limits: either the description scores
//! (`code: None`), or the first parse error or one of the validation diagnostics (from
//! `faultline::validate::validate_with_limits`) has `code` at a path starting with `path`.
//! The wasm adapter's `validate(text)` returns parse errors as diagnostics too, so a wasm
//! test checks `diagnostics.some(d => d.code === code && d.path.startsWith(path))`.
//!
//! Include it with `#[path = "common/hostile_cases.rs"] mod hostile_cases;` (from a file in
//! `tests/`) and call [`cases`]. No dependency beyond std, so it builds for wasm32.

#![allow(dead_code)]

/// One hostile description and its required verdict.
#[derive(Debug, Clone)]
pub struct Case {
    /// Stable name, for test output.
    pub name: &'static str,
    /// The description text (YAML or JSON; JSON starts with `{` or `[`).
    pub text: String,
    /// `None`: it must score. `Some(code)`: a diagnostic of error severity with this code.
    pub code: Option<&'static str>,
    /// The diagnostic's JSON pointer must start with this (empty: anything).
    pub path: &'static str,
}

fn case(
    name: &'static str,
    text: impl Into<String>,
    code: Option<&'static str>,
    path: &'static str,
) -> Case {
    Case {
        name,
        text: text.into(),
        code,
        path,
    }
}

/// A valid head: version, name, and the start of the component list.
pub const HEAD: &str = "version: 1\nname: hostile\ncomponents:\n";

/// One YAML component in flow style.
pub fn component(id: &str, extra: &str) -> String {
    let sep = if extra.is_empty() { "" } else { ", " };
    format!(
        "  - {{ id: {}, kind: compute, provider: aws, regions: [us-east-1]{sep}{extra} }}\n",
        yaml_str(id)
    )
}

/// A double-quoted YAML (and JSON) string literal.
pub fn yaml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `n` components `c0 → c1 → … → c(n-1) → c0`: a dependency cycle of length `n`.
pub fn cycle(n: usize) -> String {
    let mut s = String::from(HEAD);
    for i in 0..n {
        s.push_str(&component(
            &format!("c{i}"),
            &format!("depends_on: [c{}]", (i + 1) % n),
        ));
    }
    s
}

/// A valid description of a few components with a text of about `bytes` bytes in
/// `description` fields, optionally with a mistyped field as its very last line.
pub fn big(bytes: usize, typo_at_end: bool) -> String {
    let mut s = String::from(HEAD);
    let per = bytes / 10;
    for i in 0..10 {
        s.push_str(&format!(
            "  - id: c{i}\n    kind: compute\n    provider: aws\n    regions: [us-east-1]\n    description: {}\n",
            "x".repeat(per)
        ));
    }
    if typo_at_end {
        s.push_str("    headrom_percent: 5\n");
    }
    s
}

/// Every hostile case.
pub fn cases() -> Vec<Case> {
    let mut out = Vec::new();

    // Cycles of every length 1..=8 (length 1 is a self-loop), and a long one.
    out.push(case(
        "self-loop",
        cycle(1),
        Some("self-dependency"),
        "/components/0/depends_on",
    ));
    for (n, name) in [
        (2, "cycle-2"),
        (3, "cycle-3"),
        (4, "cycle-4"),
        (5, "cycle-5"),
        (6, "cycle-6"),
        (7, "cycle-7"),
        (8, "cycle-8"),
        (300, "cycle-300"),
    ] {
        out.push(case(
            name,
            cycle(n),
            Some("dependency-cycle"),
            "/components/0/depends_on",
        ));
    }
    // A cycle through 1,000 components is found and named like a short one.
    out.push(case(
        "cycle-1000",
        cycle(1000),
        Some("dependency-cycle"),
        "/components/0/depends_on",
    ));
    out.push(case(
        "cycle-through-any-of",
        format!(
            "{HEAD}{}{}{}",
            component("a", "depends_on: [{ any_of: [b, c] }]"),
            component("b", "depends_on: [a]"),
            component("c", "")
        ),
        Some("dependency-cycle"),
        "/components/0/depends_on",
    ));

    // Ids.
    out.push(case(
        "duplicate-id",
        format!("{HEAD}{}{}", component("web", ""), component("web", "")),
        Some("duplicate-id"),
        "/components/1/id",
    ));
    out.push(case(
        "empty-id",
        format!("{HEAD}{}", component("", "")),
        Some("invalid-id"),
        "/components/0/id",
    ));
    out.push(case(
        "emoji-ids",
        format!(
            "{HEAD}{}{}",
            component("🛒-web", "depends_on: [\"🗄️db\"]"),
            component("🗄️db", "")
        ),
        None,
        "",
    ));
    // "café" written with a combining accent (NFD) is not the same id as the precomposed
    // (NFC) one: the reference does not resolve, and the error says so.
    out.push(case(
        "combining-characters",
        format!(
            "{HEAD}{}{}",
            component("web", "depends_on: [\"caf\u{e9}\"]"),
            component("cafe\u{301}", "")
        ),
        Some("unknown-dependency"),
        "/components/0/depends_on/0",
    ));
    // A Cyrillic "е" in "wеb": a confusable; unknown, with "did you mean `web`?".
    out.push(case(
        "confusable-id",
        format!(
            "{HEAD}{}{}",
            component("web", ""),
            component("api", "depends_on: [\"w\u{435}b\"]")
        ),
        Some("unknown-dependency"),
        "/components/1/depends_on/0",
    ));
    // Right-to-left override (Trojan Source) and control characters in ids are refused.
    out.push(case(
        "rtl-override-id",
        format!("{HEAD}{}", component("web\u{202e}gnp.exe", "")),
        Some("invalid-id"),
        "/components/0/id",
    ));
    out.push(case(
        "escape-in-id",
        format!("{HEAD}{}", component("web\u{1b}[31mred", "")),
        Some("invalid-id"),
        "/components/0/id",
    ));
    out.push(case(
        "rtl-id-arabic",
        format!("{HEAD}{}", component("خادم", "")),
        None,
        "",
    ));

    // Empty and degenerate documents.
    out.push(case("empty", "", Some("empty-document"), ""));
    out.push(case(
        "only-whitespace",
        " \n\t\n",
        Some("empty-document"),
        "",
    ));
    out.push(case(
        "only-comments",
        "# nothing\n# here\n",
        Some("empty-document"),
        "",
    ));
    out.push(case(
        "only-document-marker",
        "---\n...\n",
        Some("empty-document"),
        "",
    ));
    out.push(case("yaml-null", "null\n", Some("syntax"), ""));
    out.push(case("yaml-tilde", "~\n", Some("syntax"), ""));
    out.push(case("json-empty-array", "[]", Some("syntax"), ""));
    out.push(case("json-empty-object", "{}", Some("missing-field"), ""));
    out.push(case(
        "json-null",
        "{\"version\": null}",
        Some("invalid-value"),
        "/version",
    ));
    out.push(case(
        "no-components",
        format!("{HEAD}  []\n").replace("components:\n  []", "components: []"),
        Some("no-components"),
        "/components",
    ));
    out.push(case("bom-only", "\u{feff}", Some("empty-document"), ""));

    // Numbers.
    out.push(case(
        "huge-float",
        format!("{HEAD}{}", component("a", "headroom_percent: 1e308")),
        Some("invalid-number"),
        "/components/0/headroom_percent",
    ));
    out.push(case(
        "yaml-1e309",
        format!("{HEAD}{}", component("a", "headroom_percent: 1e309")),
        Some("invalid-value"),
        "/components/0/headroom_percent",
    ));
    out.push(case(
        "json-1e309",
        "{\"version\": 1, \"name\": \"x\", \"components\": [{\"id\": \"a\", \"kind\": \"dns\", \"provider\": \"aws\", \"headroom_percent\": 1e309}]}",
        // serde_json: "number out of range", with line and column.
        Some("syntax"),
        "",
    ));
    out.push(case(
        "u64-overflow",
        format!(
            "{HEAD}{}",
            component("a", "replicas: 99999999999999999999999")
        ),
        Some("invalid-value"),
        "/components/0/replicas",
    ));
    out.push(case(
        "version-overflow",
        "version: 4294967296\nname: x\ncomponents: []\n",
        Some("invalid-value"),
        "/version",
    ));
    out.push(case(
        "negative-replicas",
        format!("{HEAD}{}", component("a", "replicas: -1")),
        Some("invalid-value"),
        "/components/0/replicas",
    ));
    out.push(case(
        "negative-headroom",
        format!("{HEAD}{}", component("a", "headroom_percent: -5")),
        Some("invalid-number"),
        "/components/0/headroom_percent",
    ));
    out.push(case(
        "negative-detect-minutes",
        format!(
            "{HEAD}  - {{ id: a, kind: compute, provider: aws, topology: active-active, regions: [us-east-1, us-west-2], failover: {{ detect_minutes: -3 }} }}\n"
        ),
        Some("invalid-number"),
        "/components/0/failover/detect_minutes",
    ));
    out.push(case(
        "negative-target",
        format!(
            "targets: {{ availability: -1 }}\n{HEAD}{}",
            component("a", "")
        ),
        Some("invalid-target"),
        "/targets/availability",
    ));
    out.push(case(
        "negative-rto",
        format!(
            "targets: {{ rto_minutes: -60 }}\n{HEAD}{}",
            component("a", "")
        ),
        Some("invalid-number"),
        "/targets/rto_minutes",
    ));
    out.push(case(
        "nan-headroom",
        format!("{HEAD}{}", component("a", "headroom_percent: .nan")),
        Some("invalid-number"),
        "/components/0/headroom_percent",
    ));
    out.push(case(
        "inf-target",
        format!(
            "targets: {{ availability: .inf }}\n{HEAD}{}",
            component("a", "")
        ),
        Some("invalid-target"),
        "/targets/availability",
    ));
    out.push(case("neg-inf-restore", format!("{HEAD}  - {{ id: db, kind: database, provider: aws, regions: [us-east-1], data: {{ restore_minutes: -.inf }} }}\n"), Some("invalid-number"), "/components/0/data/restore_minutes"));
    out.push(case("json-nan-literal", "{\"version\": 1, \"name\": \"x\", \"components\": [{\"id\": \"a\", \"kind\": \"dns\", \"provider\": \"aws\", \"headroom_percent\": NaN}]}", Some("syntax"), ""));

    // Nesting.
    out.push(case(
        "json-deep-10000",
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        Some("too-deep"),
        "",
    ));
    out.push(case(
        "json-deep-objects-10000",
        format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000)),
        Some("too-deep"),
        "",
    ));
    out.push(case(
        "yaml-deep-flow-10000",
        format!(
            "{HEAD}{}",
            component(
                "a",
                &format!(
                    "depends_on: [{}b{}]",
                    "{ any_of: [".repeat(10_000),
                    "] }".repeat(10_000)
                )
            )
        ),
        Some("too-deep"),
        "",
    ));
    out.push(case(
        "yaml-deep-block-1000",
        deep_block_any_of(1000),
        Some("too-deep"),
        "",
    ));
    // Keys that are mappings, 50,000 deep: refused where the first key is read (a key must
    // be a name), in linear time and memory (the reader once doubled the tree per level).
    out.push(case(
        "yaml-deep-complex-keys-50000",
        "? ".repeat(50_000),
        Some("invalid-value"),
        "",
    ));
    out.push(case(
        "yaml-deep-sequence-10000",
        format!("{}x\n", "- ".repeat(10_000)),
        Some("syntax"),
        "",
    ));
    // Brackets inside quoted YAML strings are text, not nesting.
    out.push(case(
        "brackets-in-quoted-name",
        format!(
            "version: 1\nname: '{}'\ncomponents:\n{}",
            "[".repeat(100),
            component("a", "")
        ),
        None,
        "",
    ));

    // YAML features: tags, anchors, merge keys, several documents, duplicate keys.
    out.push(case(
        "core-tag-wrong-type",
        "version: !!str 1\nname: x\ncomponents: []\n",
        Some("invalid-value"),
        "/version",
    ));
    out.push(case(
        "binary-tag",
        format!(
            "version: 1\nname: !!binary aGVsbG8=\ncomponents:\n{}",
            component("a", "")
        ),
        None,
        "",
    ));
    out.push(case(
        "anchor-and-merge-key",
        format!("{HEAD}  - &base {{ id: a, kind: compute, provider: aws, regions: [us-east-1] }}\n  - {{ <<: *base, id: b }}\n"),
        None,
        "",
    ));
    out.push(case(
        "merge-key-from-unknown-field",
        format!(
            "defaults: &d {{ kind: compute }}\n{HEAD}{}",
            component("a", "")
        ),
        Some("unknown-field"),
        "/defaults",
    ));
    out.push(case(
        "two-documents",
        format!("{HEAD}{}---\nversion: 1\n", component("a", "")),
        Some("syntax"),
        "",
    ));
    out.push(case(
        "duplicate-key",
        format!("version: 1\n{HEAD}{}", component("a", "")),
        Some("syntax"),
        "",
    ));
    // An alias to an anchor the document never defines is malformed YAML (YAML 1.2, 3.2.2.2),
    // a syntax error with its line and column, whatever the field around it.
    out.push(case(
        "unknown-anchor",
        format!("{HEAD}  - *nowhere\n"),
        Some("syntax"),
        "",
    ));
    out.push(case(
        "billion-laughs-unknown-field",
        billion_laughs(),
        Some("unknown-field"),
        "/a0",
    ));
    out.push(case(
        "alias-storm",
        alias_storm(20_000),
        Some("too-many-aliases"),
        "",
    ));
    // HTML and script in text fields are data: they score, and are never interpreted.
    out.push(case(
        "html-in-name",
        format!("version: 1\nname: \"<script>alert(1)</script><img src=x onerror=alert(2)>\"\ncomponents:\n{}", component("<b>web</b>", "")),
        None,
        "",
    ));

    // Sizes.
    out.push(case(
        "ten-megabytes-valid",
        big(10_000_000, false),
        None,
        "",
    ));
    out.push(case(
        "ten-megabytes-typo-at-end",
        big(10_000_000, true),
        Some("unknown-field"),
        "/components/9/headrom_percent",
    ));
    out.push(case(
        "seventeen-megabytes",
        "#".repeat(17 * 1024 * 1024),
        Some("input-too-large"),
        "",
    ));
    out.push(case(
        "many-components",
        many_components(20_001),
        Some("too-many-components"),
        "/components",
    ));
    out.push(case(
        "many-dependencies",
        many_dependencies(200_001),
        Some("too-many-dependencies"),
        "/components",
    ));
    out.push(case(
        "many-scenarios",
        many_agents(100_001),
        Some("too-many-scenarios"),
        "",
    ));
    out.push(case(
        "many-yaml-values",
        format!(
            "{HEAD}  - {{ id: a, kind: dns, provider: aws, agents: [{}] }}\n",
            vec!["q"; 2_000_100].join(",")
        ),
        Some("too-many-nodes"),
        "",
    ));
    out.push(case(
        "long-id",
        format!(
            "{HEAD}{}{}",
            component(&"w".repeat(100_000), ""),
            component("api", &format!("depends_on: [{}]", "v".repeat(100_000)))
        ),
        Some("unknown-dependency"),
        "/components/1/depends_on/0",
    ));
    out
}

/// `any_of` groups nested `levels` deep in block style.
fn deep_block_any_of(levels: usize) -> String {
    let mut s = format!("{HEAD}  - id: a\n    kind: compute\n    provider: aws\n    depends_on:\n");
    for i in 0..levels {
        s.push_str(&" ".repeat(6 + 2 * i));
        s.push_str("- any_of:\n");
    }
    s.push_str(&" ".repeat(6 + 2 * levels));
    s.push_str("- b\n");
    s
}

/// The classic "billion laughs": nine levels of ten aliases each, under a top-level key.
pub fn billion_laughs() -> String {
    let mut s = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        s.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    s.push_str("version: 1\nname: x\ncomponents: []\n");
    s
}

/// `n` aliases of one anchored component: each alias is valid data, so only the alias
/// budget stops the expansion.
pub fn alias_storm(n: usize) -> String {
    format!(
        "version: 1\nname: x\ncomponents: [&c {{ id: a, kind: dns, provider: aws }}, {}]\n",
        vec!["*c"; n].join(", ")
    )
}

fn many_components(n: usize) -> String {
    let mut s = String::from(HEAD);
    for i in 0..n {
        s.push_str(&component(&format!("c{i}"), ""));
    }
    s
}

fn many_dependencies(n: usize) -> String {
    let mut s = String::from(HEAD);
    s.push_str(&component("b", ""));
    s.push_str(&component(
        "a",
        &format!("depends_on: [{}]", vec!["b"; n].join(", ")),
    ));
    s
}

fn many_agents(n: usize) -> String {
    let agents: Vec<String> = (0..n).map(|i| format!("agent-{i}")).collect();
    format!(
        "{HEAD}{}",
        component("a", &format!("agents: [{}]", agents.join(", ")))
    )
}
