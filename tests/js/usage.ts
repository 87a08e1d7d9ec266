// A TypeScript consumer of the faultline package: compiled with `tsc --noEmit` (strict) in a
// project that installed the packed tarball (tests/js/package.test.mjs), so it checks the
// published types through the package's `exports` exactly as a user's compiler sees them.
// Never executed.
import {
  applySuggestion,
  assess,
  catalogue,
  parse,
  replay,
  replayJson,
  riskGroups,
  riskGroupsJson,
  suggest,
  suggestJson,
  scenarioFindings,
  schema,
  score,
  scoreJson,
  simulate,
  simulateJson,
  validate,
  version,
} from "faultline";
import type {
  Architecture,
  AssessResult,
  Diagnostic,
  FaultlineError,
  Finding,
  Grade,
  JourneyScore,
  ReplayReport,
  RiskReport,
  ScoreReport,
  SimulateOptions,
  SimulateReport,
  SuggestReport,
  ValidateResult,
} from "faultline";

const text: string = "version: 1\nname: demo\ncomponents: []\n";

const v: string = version();
const s: Record<string, unknown> = schema();

const report: ScoreReport = score(text);
const grade: Grade = report.grade;
const points: number = report.score;
const journey: JourneyScore | undefined = report.journeys[0];
const minutes: number | undefined = journey?.expectedDowntimeMinutesPerYear;
const finding: Finding | undefined = report.findings[0];
const lost: number | null | undefined = finding?.dataLossMinutes;
const adjustments: string[] | undefined = finding?.adjustments;
const warnings: Diagnostic[] = report.diagnostics;
const withCatalogue: ScoreReport = score(text, { catalogue: "{}" });
const json: string = scoreJson(text, {});

const options: SimulateOptions = { pattern: "zone-physical-loss", at: "zone:aws/us-east-1/use1-az1" };
const sim: SimulateReport = simulate(text, { ...options, minutes: 30 });
const simJson: string = simulateJson(text, options);
const firstStep: string | undefined = sim.journeys[0]?.chain[0]?.kind;

const rep: ReplayReport = replay(text);
const one: ReplayReport = replay(text, { incident: "aws-2021-12-07-use1-network" });
const repJson: string = replayJson(text);
const incidentTitle: string | undefined = rep.incidents[0]?.title;

const risk: RiskReport = riskGroups(text, { maxOrder: 2 });
const spof: string[] | undefined = risk.journeys[0]?.singlePoints[0]?.domains;
const riskJson: string = riskGroupsJson(text);
const advice: SuggestReport = suggest(text, { top: 5 });
const gain: number | undefined = advice.suggestions[0]?.gain;
const changed: string = applySuggestion(text, advice.suggestions[0]?.id ?? "add-zones:db");
const adviceJson: string = suggestJson(text);

const checked: ValidateResult = validate(text);
const ok: boolean = checked.ok;
const line: number | null | undefined = checked.diagnostics[0]?.line;

const arch: Architecture = parse(text);
const firstDependency = arch.components[0]?.dependsOn?.[0];
const dependencyId: string | null | undefined =
  typeof firstDependency === "string" ? firstDependency : firstDependency?.id;

const patterns: string[] = catalogue().patterns.map((p) => p.id);

const assessed: AssessResult = assess(text);
const assessedOk: boolean = assessed.validation.ok;
const drawn: Architecture | null = assessed.architecture;
const scored: number | undefined = assessed.report?.score;
const why: Finding[] = scenarioFindings(text, { scenario: assessed.report?.findings[0]?.scenario ?? "" });
const open: AssessResult = assess(text, { scenario: "zone-physical-loss@zone:aws/us-east-1/use1-az1" });

try {
  score("{");
} catch (e) {
  const error = e as FaultlineError;
  const code: string = error.code;
  const where: string = error.diagnostics.map((d) => `${d.path}:${d.line}:${d.column} ${d.message}`).join("\n");
  void [code, where, error instanceof Error];
}

// The types are not `any`: each of these lines must be a type error.
// @ts-expect-error misspelt field
void report.scores;
// @ts-expect-error snake_case keys do not exist in JavaScript
void journey?.expected_downtime_minutes_per_year;
// @ts-expect-error simulate needs `at`
simulate(text, { pattern: "zone-physical-loss" });
// @ts-expect-error grades are letters
const wrong: Grade = "Z";
// @ts-expect-error text, not an object
score({ version: 1 });
// @ts-expect-error scenarioFindings needs the scenario
scenarioFindings(text, {});
// @ts-expect-error maxOrder is a number
riskGroups(text, { maxOrder: "3" });

void [v, s, grade, points, minutes, lost, adjustments, warnings, withCatalogue, json, sim, simJson, firstStep];
void [one, repJson, incidentTitle, ok, line, dependencyId, patterns, wrong];
void [spof, riskJson, gain, changed, adviceJson];
void [assessedOk, drawn, scored, why, open];
