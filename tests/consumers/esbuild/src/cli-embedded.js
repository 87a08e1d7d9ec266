// A script bundled for Node with faultline/embedded: one file, nothing to copy.
import { readFileSync } from "node:fs";
import { score, version } from "faultline/embedded";

const report = score(readFileSync(process.argv[2], "utf8"));
console.log(JSON.stringify({ version: version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) }));
