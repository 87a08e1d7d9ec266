// The explicit, catchable load from CommonJS, and the error a function throws for bad input.
const { readFileSync } = require("node:fs");
const faultline = require("faultline");

async function main() {
  let failure = null;
  try {
    await faultline.init(`${__dirname}/no-such-file.wasm`);
  } catch (e) {
    failure = e.message;
  }
  await faultline.init();
  let code = null;
  try {
    faultline.score("version: 1\nname: x\ncomponents: []\ncolour: red\n");
  } catch (e) {
    code = e.code;
  }
  const report = faultline.score(readFileSync(process.argv[2], "utf8"));
  console.log(JSON.stringify({ failure, code, version: faultline.version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) }));
}
main();
