// Jest's default: CommonJS, require("faultline") → node.cjs.
const { readFileSync } = require("node:fs");
const { score, version } = require("faultline");

test("require(\"faultline\") scores like the native CLI", () => {
  const report = score(readFileSync(process.env.FAULTLINE_EXAMPLE, "utf8"));
  const got = { version: version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) };
  expect(got).toEqual(JSON.parse(process.env.FAULTLINE_EXPECTED));
});
