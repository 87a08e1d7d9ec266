// The explicit, catchable way: a failed load is a rejected promise, not a failed import.
import { readFileSync } from "node:fs";
import { init, score, version } from "faultline";

let failure = null;
try {
  await init(new URL("./no-such-file.wasm", import.meta.url));
} catch (e) {
  failure = e.message;
}
await init();
const report = score(readFileSync(process.argv[2], "utf8"));
console.log(JSON.stringify({ failure, version: version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) }));
