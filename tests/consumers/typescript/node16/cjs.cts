// A CommonJS file under node16 resolution: `import` compiles to require(), so "faultline"
// resolves to index.d.cts through the `node` + `require` conditions, and to node.cjs at run
// time. Emitted to dist/node16/cjs.cjs and run.
import { readFileSync } from "node:fs";
import { init, score, version } from "faultline";
import type { ScoreReport } from "faultline";
import faultline = require("faultline");

async function main(): Promise<void> {
  await init();
  const report: ScoreReport = score(readFileSync(process.argv[2]!, "utf8"));
  const viaRequire: number = faultline.score(readFileSync(process.argv[2]!, "utf8")).score;
  console.log(JSON.stringify({ same: viaRequire === report.score, version: version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) }));
}
void main();
