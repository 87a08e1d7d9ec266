// No set-up: the first call loads the module synchronously.
import { readFileSync } from "node:fs";
import { score, version } from "faultline";

const report = score(readFileSync(process.argv[2], "utf8"));
console.log(JSON.stringify({ version: version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) }));
