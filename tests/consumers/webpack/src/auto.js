// faultline/auto in a browser: the import resolves once the module is loaded (top-level
// await), so no init() is needed.
import { score, version } from "faultline/auto";

globalThis.faultlineCheck = async (text) => {
  const report = score(text);
  return { before: null, loadError: null, version: version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) };
};
