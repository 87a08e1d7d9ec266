// Vitest runs in Node, where "faultline" is node.js: no init() needed. The consumer test
// passes the example and the native CLI's report in the environment.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { score, version } from "faultline";

test("scores the example like the native CLI", () => {
  const report = score(readFileSync(process.env.FAULTLINE_EXAMPLE, "utf8"));
  const got = { version: version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) };
  expect(got).toEqual(JSON.parse(process.env.FAULTLINE_EXPECTED));
});
