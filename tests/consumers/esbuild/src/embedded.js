// faultline/embedded in a browser: no asset to copy and no init() needed (the first call
// compiles the embedded module).
import { score, version } from "faultline/embedded";

globalThis.faultlineCheck = async (text) => {
  const report = score(text);
  return { before: null, loadError: null, version: version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) };
};
