// Native and wasm reports are byte-identical: for every example, the package's scoreJson /
// simulateJson / replayJson return exactly what `faultline score|simulate|replay --format
// json` prints, and score / simulate / replay return that JSON with camelCase keys.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { before, test } from "node:test";

import { ROOT, camel, examples, loadPackage, native } from "./helpers.mjs";

let fl;
before(async () => {
  fl = await loadPackage();
});

const inputs = [...examples(), join(ROOT, "tests/fixtures/design-example.json")];

for (const file of inputs) {
  const name = basename(file);

  test(`score: ${name}`, () => {
    const text = readFileSync(file, "utf8");
    const expected = native("score", file, "--format", "json");
    assert.equal(fl.scoreJson(text), expected);
    assert.deepEqual(fl.score(text), camel(JSON.parse(expected)));
  });

  test(`simulate: ${name}`, () => {
    const text = readFileSync(file, "utf8");
    // The costliest finding names a pattern and a domain this description really uses.
    const { findings } = JSON.parse(native("score", file, "--format", "json"));
    assert.ok(findings.length > 0, "every example has findings");
    for (const f of findings.slice(0, 3)) {
      const expected = native("simulate", file, "--pattern", f.pattern, "--at", f.domain, "--format", "json");
      assert.equal(fl.simulateJson(text, { pattern: f.pattern, at: f.domain }), expected);
      const played = native("simulate", file, "--pattern", f.pattern, "--at", f.domain, "--minutes", "17.5", "--format", "json");
      assert.equal(fl.simulateJson(text, { pattern: f.pattern, at: f.domain, minutes: 17.5 }), played);
      assert.deepEqual(fl.simulate(text, { pattern: f.pattern, at: f.domain, minutes: 17.5 }), camel(JSON.parse(played)));
    }
  });

  test(`replay: ${name}`, () => {
    const text = readFileSync(file, "utf8");
    const expected = native("replay", file, "--format", "json");
    assert.equal(fl.replayJson(text), expected);
    assert.deepEqual(fl.replay(text), camel(JSON.parse(expected)));
    const { incidents } = JSON.parse(expected);
    if (incidents.length > 0) {
      const id = incidents[0].incident;
      assert.equal(fl.replayJson(text, { incident: id }), native("replay", file, "--incident", id, "--format", "json"));
    }
  });
}

for (const file of examples()) {
  const name = basename(file);

  test(`risk groups: ${name}`, () => {
    const text = readFileSync(file, "utf8");
    const expected = native("risk", file, "--format", "json");
    assert.equal(fl.riskGroupsJson(text), expected);
    assert.deepEqual(fl.riskGroups(text), camel(JSON.parse(expected)));
  });

  test(`suggest and applySuggestion: ${name}`, () => {
    const text = readFileSync(file, "utf8");
    const expected = native("suggest", file, "--top", "3", "--format", "json");
    assert.equal(fl.suggestJson(text, { top: 3 }), expected);
    const { suggestions } = JSON.parse(expected);
    if (suggestions.length > 0) {
      // Applying the best suggestion in the page gives the text the CLI writes, and that
      // text scores exactly as the suggestion said.
      const id = suggestions[0].id;
      const applied = fl.applySuggestion(text, id);
      assert.equal(applied, native("suggest", file, "--apply", id, "-o", "-"));
      assert.equal(fl.score(applied).score, suggestions[0].score);
    }
  });
}

test("the catalogue and the schema are the CLI's", () => {
  assert.deepEqual(fl.catalogue(), camel(JSON.parse(native("catalogue", "--format", "json"))));
  assert.deepEqual(fl.schema(), JSON.parse(native("schema")), "the schema keeps the format's snake_case keys");
});
