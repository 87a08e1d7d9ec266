// Deno with the package from node_modules (`--node-modules-dir=manual`; `npm:faultline` works
// the same from a registry): the `node` condition gives node.js, which reads the .wasm.
import { init, score, version } from "faultline";
import { score as scoreEmbedded } from "faultline/embedded";

await init();
const text = Deno.readTextFileSync(Deno.args[0]);
const report = score(text);
const same = JSON.stringify(scoreEmbedded(text)) === JSON.stringify(report);
// @ts-expect-error: `deno check` sees the package's types, in which score returns a ScoreReport
const notANumber: number = report;
void notANumber;
console.log(JSON.stringify({ same, version: version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) }));
