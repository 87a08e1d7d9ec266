//! The generated transform catalogue, `docs/mitigations.md`.

use super::{Cost, transforms};

/// `docs/mitigations.md`: the transform catalogue, generated from the registry (a test
/// checks the checked-in file is current; `UPDATE_DOCS=1` rewrites it).
pub fn docs_markdown() -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# Mitigations\n\n<!-- Generated from src/mitigate (the transform registry) by tests/it/suggest.rs; do not edit: run `UPDATE_DOCS=1 cargo test --test it suggest`. -->\n"
    );
    let _ = writeln!(
        o,
        "`faultline suggest FILE` applies every mitigation that applies to the description to a copy of it, \
scores each copy exactly as `faultline score` would score the changed file, and ranks the ones that help. \
`faultline suggest FILE --apply ID -o OUT` writes the changed description (YAML or JSON, as the input was) \
as a minimal patch: only the lines the change touches are rewritten, comments and layout elsewhere are kept, \
and the CLI prints the diff on stderr. A comment on its own line above a field the change removes stays \
where it was.\n"
    );
    let _ = writeln!(o, "## What is offered\n");
    let _ = writeln!(
        o,
        "A candidate is offered only when its score gain (new score − baseline, both at the report's 0.1 \
resolution) is above 0 **and** no journey's expected yearly downtime rises. Everything else is listed under \
`rejected` with the reason: no measurable gain, a journey that would be down longer, or (for data \
transforms) the RPO breaches it removes although the score, which counts downtime only, does not move. \
A transform that should help and does not shows up there rather than being hidden.\n"
    );
    let _ = writeln!(o, "## Ranking\n");
    let _ = writeln!(
        o,
        "`priority = gain / weight(cost)`, weights low 1, medium 2, high 4 (each class roughly doubles the effort \
of the one below). Ties go to the larger gain, then to the smaller id, so the order is total and the same on every \
platform. `--top N` keeps the first N after ranking.\n"
    );
    let _ = writeln!(o, "## Cost classes\n");
    let _ = writeln!(o, "| class | weight | meaning |\n|---|---:|---|");
    for (c, meaning) in [
        (
            Cost::Low,
            "configuration or a little code; no new running capacity",
        ),
        (
            Cost::Medium,
            "new running capacity, or a second vendor, in one place",
        ),
        (
            Cost::High,
            "a copy of a whole tier (a second region, a second CDN) to build, pay for and rehearse",
        ),
    ] {
        let _ = writeln!(o, "| {} | {} | {meaning} |", c.as_str(), c.weight());
    }
    let _ = writeln!(
        o,
        "\n## Ids\n\n`<transform>:<target>`: the target is a component id (`add-zones:orders-db`), a provider region \
for the group transforms (`add-region-all:aws/us-east-1`), `dependant->dependency` for `soften`, an agent name for \
`stage-agent-updates`, and `production` or `operations` for the system-wide ones.\n"
    );
    let _ = writeln!(o, "## Transforms\n");
    let _ = writeln!(o, "| transform | cost | answers |\n|---|---|---|");
    for t in transforms() {
        let _ = writeln!(
            o,
            "| [`{}`](#{}) | {} | {} |",
            t.name,
            t.name,
            t.cost.as_str(),
            t.answers
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for t in transforms() {
        let _ = writeln!(o, "\n### {}\n\n{}\n", t.name, t.summary);
        let _ = writeln!(o, "- **Applies when:** {}.", t.applies_when);
        let _ = writeln!(o, "- **Cost:** {}: {}.", t.cost.as_str(), t.cost_rationale);
        let _ = writeln!(
            o,
            "- **Answers:** {}.",
            t.answers
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(
        o,
        "\n## Catalogue lessons without a transform\n\n\
Some mitigations the catalogue names change nothing the description can express, so a measured transform cannot \
exist for them yet: inventories and renewal of certificates and keys \
(`credential-expiry`), provider-side guards (max-prefix limits, tool-side capacity guards), back-off with jitter \
and admission control (only headroom is modelled for retry storms), zone-failure drills, a second site for an \
on-premises system and a second cloud for a whole critical path (too large to derive from one component; \
describe them and score them). Placeholders: the \
alternatives that name another vendor (`second-provider`: `saas:<vendor>-alternative`; \
`monitor-out-of-band`: `saas:external-monitoring`) or another provider as an example (`second-dns`, `multi-cdn`) \
say so in their description; rename them to what you choose."
    );
    o
}
