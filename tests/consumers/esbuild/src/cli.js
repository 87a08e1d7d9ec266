// A script bundled for Node with the main entry: faultline_bg.wasm is copied next to it.
import { readFileSync } from "node:fs";
import { score, version } from "faultline";

const report = score(readFileSync(process.argv[2], "utf8"));
console.log(JSON.stringify({ version: version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) }));
