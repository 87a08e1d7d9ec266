// The other entries under Node: faultline/embedded, faultline/auto, and the raw glue
// faultline/web given the bytes; each must score exactly like the main entry.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as embedded from "faultline/embedded";
import * as auto from "faultline/auto";
import * as main from "faultline";
import * as web from "faultline/web";

const text = readFileSync(process.argv[2], "utf8");
const require = createRequire(import.meta.url);
web.initSync({ module: readFileSync(require.resolve("faultline/faultline_bg.wasm")) });
const reports = [embedded.score(text), auto.score(text), web.score(text)];
const same = reports.every((r) => JSON.stringify(r) === JSON.stringify(main.score(text)));
const report = reports[0];
console.log(JSON.stringify({ same, version: embedded.version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) }));
