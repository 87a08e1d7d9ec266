// The main entry in a browser: defines faultlineCheck(text) for the consumer test, which calls
// score() before init() (a clear error), then `await init()` (catchable) and scores.
import { init, score, version } from "faultline";

globalThis.faultlineCheck = async (text) => {
  let before = null;
  try {
    score(text);
    before = "score() worked before init()";
  } catch (e) {
    before = e.message;
  }
  try {
    await init();
  } catch (e) {
    return { before, loadError: e.message };
  }
  const report = score(text);
  return { before, loadError: null, version: version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) };
};
