// Browser code under bundler resolution (what Vite, esbuild and webpack projects use):
// every entry's types, including the raw glue (faultline/web, which needs the dom lib).
// Checked with `tsc --noEmit`; never run.
import { init, score, simulate, validate, version } from "faultline";
import type { Diagnostic, ScoreReport, SimulateReport, ValidateResult } from "faultline";
import { init as initEmbedded, scoreJson } from "faultline/embedded";
import { score as scoreAuto } from "faultline/auto";
import initGlue, { initSync as initGlueSync, score as scoreGlue } from "faultline/web";

export async function run(text: string): Promise<string> {
  await init();
  await init("/assets/faultline_bg.wasm");
  await init(fetch("/assets/faultline_bg.wasm"));
  await init(new Uint8Array(8).buffer);
  await initEmbedded();
  // @ts-expect-error: a number is no source (the types are real, not `any`)
  await init(42);
  // @ts-expect-error: score returns a ScoreReport, not a number
  const wrong: number = score(text);
  const checked: ValidateResult = validate(text);
  const first: Diagnostic | undefined = checked.diagnostics[0];
  const report: ScoreReport = score(text);
  const finding = report.findings[0];
  const sim: SimulateReport | null = finding ? simulate(text, { pattern: finding.pattern, at: finding.domain, minutes: 30 }) : null;
  await initGlue({ module_or_path: "/assets/faultline_bg.wasm" });
  initGlueSync({ module: new Uint8Array(8) });
  return [wrong, version(), first?.message, sim?.journeys.length, scoreJson(text), scoreAuto(text).grade, scoreGlue(text).score].join(" ");
}
