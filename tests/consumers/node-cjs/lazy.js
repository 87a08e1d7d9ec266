// require() on every supported Node (no require(esm)); the first call loads the module.
const { readFileSync } = require("node:fs");
const { score, version } = require("faultline");

const report = score(readFileSync(process.argv[2], "utf8"));
console.log(JSON.stringify({ version: version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) }));
