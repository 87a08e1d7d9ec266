// An ES module under node16 resolution: "faultline" resolves to index.d.ts through the
// `node` + `import` conditions. Emitted to dist/node16/esm.mjs and run.
import { readFileSync } from "node:fs";
import { init, initSync, score, version } from "faultline";
import type { FaultlineError, Grade, JourneyScore, ScoreReport, WasmSource } from "faultline";
import * as embedded from "faultline/embedded";

const source: WasmSource = new URL("../../node_modules/faultline/faultline_bg.wasm", import.meta.url);
await init(source);
initSync();
await embedded.init();

const text = readFileSync(process.argv[2]!, "utf8");
const report: ScoreReport = score(text);
const grade: Grade = report.grade;
const journeys: string[] = report.journeys.map((j: JourneyScore) => j.name);
let code: string | null = null;
try {
  score("version: 1\nname: x\ncomponents: []\ncolour: red\n");
} catch (e) {
  code = (e as FaultlineError).code;
}
const same = JSON.stringify(embedded.score(text)) === JSON.stringify(report);
console.log(JSON.stringify({ code, same, version: version(), score: report.score, grade, journeys }));
