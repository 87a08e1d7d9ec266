// Jest's ES-module mode (node --experimental-vm-modules): import → node.js.
import { readFileSync } from "node:fs";
import { expect, test } from "@jest/globals";
import { init, score, version } from "faultline";

test("import { score } from \"faultline\" scores like the native CLI", async () => {
  await init();
  const report = score(readFileSync(process.env.FAULTLINE_EXAMPLE, "utf8"));
  const got = { version: version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) };
  expect(got).toEqual(JSON.parse(process.env.FAULTLINE_EXPECTED));
});
