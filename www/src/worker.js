// The engine runs here, off the main thread, so typing never waits for a score.
//
// The worker also turns the engine's reports into what the page shows (a view model): words
// for minutes come from the engine's own `formatMinutes`, scenarios are grouped and paged
// here, the graph is laid out here, and large arrays (every component of a 9,000-component
// simulation, every finding's chain) stay here. The main thread receives only what it draws,
// so receiving a result never blocks it for long.
//
// Messages in:  { id, op, ... } (see `ops` below)
// Messages out: { id, ok: true, value } or { id, ok: false, error: { message, code, diagnostics } }
// and once, unprompted: { ready: true, exports: [names of the package's functions], version, limits }
// (or { ready: false, error } when the module cannot start).
import init, * as fl from 'virtual:faultline';
import { layout, overlay } from './layout.js';

const now = () => performance.now();

/** Most diagnostics sent to the page at once (the count of the rest is sent too). */
const MAX_DIAGNOSTICS = 500;
/** Scenarios per page of the list. */
const PAGE = 25;
/** Journeys named per scenario in the list. */
const IMPACTS_LISTED = 6;
/** Findings with their chains in a scenario's detail (the rest are counted). */
const DETAIL_FINDINGS = 30;
/** Journeys drawn per replayed incident (the most hurt first; the rest are counted). */
const REPLAY_JOURNEYS = 12;
/** Journeys named per risk group, and risk groups listed. */
const NAMES_LISTED = 8;
const RISKS_LISTED = 100;

function plainError(e) {
  return {
    message: String(e?.message ?? e),
    code: e?.code ?? null,
    diagnostics: Array.isArray(e?.diagnostics) ? e.diagnostics.slice(0, MAX_DIAGNOSTICS) : [],
    // A trap (e.g. a panic, which aborts) leaves the module unusable: the page restarts the worker.
    trap: e instanceof WebAssembly.RuntimeError,
  };
}

// Optional exports are looked up by name at run time, so a build without one still bundles
// and the page says what is missing.
function fn(name) {
  const f = fl[name];
  return typeof f === 'function' ? f : null;
}

function has(name) {
  return fn(name) !== null;
}

// --- words ---------------------------------------------------------------------------------

/** Minutes in the engine's words (`45 min`, `6 h 52 min`). */
function fmt(m) {
  if (m === null || m === undefined || !Number.isFinite(m)) return '–';
  return has('formatMinutes') ? fl.formatMinutes(m) : `${Math.round(m)} min`;
}

function pct(share) {
  const p = share * 100;
  return p < 1 ? '<1 %' : `${Math.round(p)} %`;
}

/** How often: `about once in 40 years`, `2.5 times a year`. */
function rate(perYear) {
  if (!(perYear > 0)) return 'never';
  if (perYear >= 1.05) return `${perYear.toFixed(1)} times a year`;
  if (perYear >= 0.95) return 'about once a year';
  const years = 1 / perYear;
  return `about once in ${years >= 10 ? Math.round(years).toLocaleString('en') : years.toFixed(1)} years`;
}

/**
 * What an outage does to a journey or component: `down 7 d`, `33 % of users down for
 * 20 min`, `degraded 2 h`. Reads both report forms: with `affectedShare` (the share of
 * users down at once) and without.
 */
function impact(x) {
  if (!x || x.status === 'up') return 'up';
  const down = x.impactMinutes ?? 0;
  const degraded = x.degradedMinutes ?? 0;
  const share = x.affectedShare;
  const parts = [];
  if (down > 0) parts.push(typeof share === 'number' && share < 0.995 ? `${pct(share)} of users down for ${fmt(down)}` : `down ${fmt(down)}`);
  if (degraded > 0) parts.push(`degraded ${fmt(degraded)}`);
  return parts.length ? parts.join(', ') : x.status;
}

function dataLoss(x) {
  if (x.dataLossTotal) return 'all data lost';
  if (x.dataLossMinutes === null || x.dataLossMinutes === undefined) return null;
  return `${fmt(x.dataLossMinutes)} of writes lost`;
}

/** RTO/RPO breaches of a journey in either report form: expected a year, or a count of scenarios. */
function breaches(j, what) {
  const perYear = j[`${what}BreachesPerYear`];
  if (typeof perYear === 'number') return perYear > 0 ? `over ${what.toUpperCase()} ${rate(perYear)}` : null;
  const count = j[`${what}Breaches`];
  return count > 0 ? `over ${what.toUpperCase()} in ${count} scenario${count === 1 ? '' : 's'}` : null;
}

// --- the score, as the page shows it ------------------------------------------------------------

let last = null; // { text, arch, report, scenarios, layoutJson, graph, chainsOf }

function groupScenarios(report) {
  const map = new Map();
  for (const f of report.findings) {
    let sc = map.get(f.scenario);
    if (!sc) {
      sc = { id: f.scenario, pattern: f.pattern, domain: String(f.domain), perYear: f.perYear, points: 0, worst: 'degraded', impacts: [] };
      map.set(f.scenario, sc);
    }
    sc.points += f.points;
    if (f.status === 'down') sc.worst = 'down';
    sc.impacts.push({
      journey: f.journey,
      status: f.status,
      text: impact(f),
      dataLoss: dataLoss(f),
      rto: f.rtoBreach,
      rpo: f.rpoBreach,
      minutes: f.impactMinutes,
    });
  }
  const list = [...map.values()].sort((a, b) => b.points - a.points || a.id.localeCompare(b.id));
  list.forEach((sc, i) => {
    sc.rank = i + 1;
    // A list entry names a few journeys; the detail (op `scenario`) has them all.
    sc.hurt = sc.impacts.length;
    sc.shown = sc.impacts.slice(0, IMPACTS_LISTED).map(({ minutes: _, ...im }) => im);
    sc.pointsText = `−${sc.points.toFixed(2)} points`;
    sc.rateText = rate(sc.perYear);
  });
  return list;
}

function journeyRows(report, arch, scenarios) {
  const byName = new Map((arch?.journeys ?? []).map((j) => [j.name, j]));
  const targets = arch?.targets ?? {};
  return report.journeys.map((j) => {
    // The worst outage any scenario gives the journey: the report's own field when it has it,
    // otherwise the longest down time among its findings.
    let worstId = j.worstScenario ?? null;
    let worstMinutes = typeof j.worstMinutes === 'number' ? j.worstMinutes : null;
    let worstImpact = null;
    if (worstMinutes === null) {
      for (const sc of scenarios) {
        for (const im of sc.impacts) {
          if (im.journey !== j.name) continue;
          if (worstMinutes === null || im.minutes > worstMinutes) {
            worstMinutes = im.minutes;
            worstId = sc.id;
            worstImpact = im;
          }
        }
      }
    } else if (worstId) {
      worstImpact = scenarios.find((sc) => sc.id === worstId)?.impacts.find((im) => im.journey === j.name) ?? null;
    }
    const worstScenario = worstId ? scenarios.find((sc) => sc.id === worstId) : null;
    const decl = byName.get(j.name);
    const rto = decl?.rtoMinutes ?? targets.rtoMinutes ?? null;
    const rpo = decl?.rpoMinutes ?? targets.rpoMinutes ?? null;
    return {
      name: j.name,
      implicit: j.implicit,
      target: `${j.targetAvailability} %`,
      expected: fmt(j.expectedDowntimeMinutesPerYear),
      expectedMinutes: j.expectedDowntimeMinutesPerYear,
      budget: fmt(j.budgetMinutesPerYear),
      budgetMinutes: j.budgetMinutesPerYear,
      over: j.expectedDowntimeMinutesPerYear > j.budgetMinutesPerYear,
      availability: `${j.expectedAvailability} %`,
      score: j.score.toFixed(1),
      grade: j.grade,
      worst:
        worstMinutes && worstMinutes > 0
          ? {
              text: worstImpact ? worstImpact.text : `down ${fmt(worstMinutes)}`,
              scenario: worstId,
              pattern: worstScenario?.pattern ?? null,
              domain: worstScenario?.domain ?? null,
              rate: worstScenario ? rate(worstScenario.perYear) : null,
              rto: worstImpact?.rto ?? false,
              rpo: worstImpact?.rpo ?? false,
              dataLoss: worstImpact?.dataLoss ?? null,
            }
          : null,
      rtoText: breaches(j, 'rto'),
      rpoText: breaches(j, 'rpo'),
      rto: rto === null ? null : fmt(rto),
      rpo: rpo === null ? null : fmt(rpo),
    };
  });
}

function pageOf(scenarios, { filter = '', journey = '', offset = 0, limit = PAGE } = {}) {
  const q = String(filter).trim().toLowerCase();
  const matching = scenarios.filter(
    (sc) =>
      (!journey || sc.impacts.some((im) => im.journey === journey)) &&
      (!q || sc.id.toLowerCase().includes(q) || sc.impacts.some((im) => im.journey.toLowerCase().includes(q))),
  );
  const start = Math.max(0, Math.min(offset, Math.max(0, matching.length - 1)));
  const items = matching.slice(start, start + limit).map(({ impacts: _, ...sc }) => sc);
  return { total: scenarios.length, matching: matching.length, offset: start, items };
}

// Validate, parse and score one text, from one reading of it (`assess`): the report comes
// without its causal chains except the open scenario's; another scenario's detail asks for
// its own (`scenarioFindings`). Validation never throws for bad input; the architecture and
// the report are only there when it found no error.
function assess({ text, page, scenario = null }) {
  const t0 = now();
  let result;
  let error = null;
  try {
    result = fl.assess(text, scenario ? { scenario } : undefined);
  } catch (e) {
    // Only what `score` would throw for a text that validates: say so next to the validation.
    error = plainError(e);
    result = { validation: fl.validate(text), architecture: null, report: null };
  }
  const t1 = now();
  const { validation } = result;
  const diagnostics = validation.diagnostics;
  const out = {
    validation: { ok: validation.ok, diagnostics: diagnostics.slice(0, MAX_DIAGNOSTICS), total: diagnostics.length },
    error,
    report: null,
    ms: null,
  };
  if (!validation.ok || error) return out;
  const arch = result.architecture;
  const report = result.report;
  const scenarios = groupScenarios(report);
  const g = layout(arch);
  const layoutJson = JSON.stringify(g);
  const sameGraph = last?.layoutJson === layoutJson;
  last = { text, arch, report, scenarios, layoutJson, graph: g, chainsOf: scenario };
  out.report = {
    name: report.name,
    score: report.score,
    grade: report.grade,
    scenarios: report.scenarios,
    findings: report.findings.length,
    catalogueVersion: report.catalogueVersion,
    faultlineVersion: report.faultlineVersion,
    diagnostics: report.diagnostics.slice(0, MAX_DIAGNOSTICS),
  };
  out.journeys = journeyRows(report, arch, scenarios);
  out.page = pageOf(scenarios, page);
  out.scenarioIds = null;
  out.graph = sameGraph ? null : g;
  out.components = g.components;
  out.journeyNames = report.journeys.map((j) => j.name);
  out.ms = { score: t1 - t0, total: now() - t0 };
  warmUp(text);
  return out;
}

// V8 runs WebAssembly first as its baseline compiler (Liftoff) made it, and compiles a
// function again with its optimising compiler (TurboFan) only once it has run enough. Measured
// in Node on the 100-component document of the page's test: the first assessment takes about
// 100 ms (compiling), the 2nd to 4th about 22 ms, the 5th and later about 12 ms; after ten
// assessments of the default example first, the 100-component one takes 12 to 16 ms from its
// first call (docs/web.md, "Warming up"; docs/performance.md, the tenth pass). So after its
// first assessments of a small valid text, the worker assesses that text again while idle,
// one call per task (a request waits for one at most), the results thrown away: the user's
// first edits run optimised code.
const WARM_UPS = 10;
/**
 * Larger texts are not repeated, nor any text once a repetition took longer than
 * WARM_UP_MAX_MS: a request may wait for one, and such texts warm the engine anyway.
 */
const WARM_UP_MAX_CHARS = 32 * 1024;
const WARM_UP_MAX_MS = 40;
let warmUps = 0;

function warmUp(text) {
  if (warmUps >= WARM_UPS || text.length > WARM_UP_MAX_CHARS) return;
  warmUps += 1;
  setTimeout(() => {
    const t0 = now();
    try {
      fl.assess(text);
    } catch {
      // Only what the page's own request for this text has already reported.
    }
    if (now() - t0 > WARM_UP_MAX_MS) warmUps = WARM_UPS;
    warmUp(text);
  }, 0);
}

/** The findings of one scenario, with their chains, and the picture coloured by it. */
function scenario({ text, scenario: id, pattern, domain }) {
  if (!last || last.text !== text) assess({ text });
  // The report of `assess` has the chains of the scenario that was open when it was made
  // only; another one's are played for here.
  const known = last?.text === text && last.scenarios.some((sc) => sc.id === id);
  const findings = !known
    ? []
    : last.chainsOf === id
      ? last.report.findings.filter((f) => f.scenario === id)
      : fl.scenarioFindings(text, { scenario: id });
  const sim = fl.simulate(text, { pattern, at: domain });
  const g = last.graph;
  const o = overlay(g, last.arch, sim, impact);
  return {
    id,
    pattern,
    domain,
    minutes: fmt(sim.minutes),
    more: Math.max(0, findings.length - DETAIL_FINDINGS),
    findings: findings.slice(0, DETAIL_FINDINGS).map((f) => ({
      journey: f.journey,
      status: f.status,
      text: impact(f),
      dataLoss: dataLoss(f),
      rto: f.rtoBreach,
      rpo: f.rpoBreach,
      expected: fmt(f.expectedMinutesPerYear),
      points: `−${f.points.toFixed(2)} points`,
      rate: rate(f.perYear),
      chain: (f.chain ?? []).map((s) => ({ kind: s.kind, text: s.text })),
    })),
    overlay: o,
  };
}

/** Line-level hunks of a patch, with a little context, for showing the diff before applying. */
function hunks(before, after, edits) {
  const split = (t) => t.split('\n');
  const a = split(before);
  const b = split(after);
  const CONTEXT = 2;
  return edits.map((e) => {
    const os = e.oldLines.start;
    const oe = e.oldLines.end;
    const ns = e.newLines.start;
    const ne = e.newLines.end;
    const lines = [];
    for (let i = Math.max(1, os - CONTEXT); i < os; i++) lines.push({ kind: 'same', old: i, new: i - os + ns, text: a[i - 1] });
    for (let i = os; i < oe; i++) lines.push({ kind: 'del', old: i, new: null, text: a[i - 1] });
    for (let i = ns; i < ne; i++) lines.push({ kind: 'add', old: null, new: i, text: b[i - 1] });
    for (let i = oe; i < Math.min(a.length, oe + CONTEXT); i++) lines.push({ kind: 'same', old: i, new: i - oe + ne, text: a[i - 1] });
    const what =
      oe === os ? `adds ${ne - ns} line${ne - ns === 1 ? '' : 's'} before line ${os}` : ne === ns ? `removes line${oe - os === 1 ? '' : 's'} ${os}${oe - os > 1 ? `–${oe - 1}` : ''}` : `changes line${oe - os === 1 ? '' : 's'} ${os}${oe - os > 1 ? `–${oe - 1}` : ''}`;
    return { oldLines: [os, oe], newLines: [ns, ne], what, lines };
  });
}

function patch({ text, suggestion }) {
  const p = fl.applyToText(text, suggestion);
  return { text: p.text, edits: p.edits, hunks: hunks(text, p.text, p.edits) };
}

// --- the advisor's views ---------------------------------------------------------------------------

function adviceView(a) {
  const merge = (pick) => {
    const map = new Map();
    for (const j of a.risk.journeys) {
      for (const g of pick(j)) {
        const key = g.domains.join(' + ');
        const m = map.get(key) ?? { domains: g.domains, perYear: g.perYear, patterns: g.patterns, journeys: [] };
        m.journeys.push(j.name);
        map.set(key, m);
      }
    }
    const all = [...map.values()].sort((x, y) => y.perYear - x.perYear || x.domains.join().localeCompare(y.domains.join()));
    return all.slice(0, RISKS_LISTED).map((m) => ({ ...m, journeys: m.journeys.slice(0, NAMES_LISTED), more: m.journeys.length - Math.min(m.journeys.length, NAMES_LISTED), rate: rate(m.perYear) }));
  };
  const count = (pick) => new Set(a.risk.journeys.flatMap((j) => pick(j).map((g) => g.domains.join(' + ')))).size;
  return {
    singlePointCount: count((j) => j.singlePoints),
    riskGroupCount: count((j) => j.riskGroups),
    singlePoints: merge((j) => j.singlePoints),
    riskGroups: merge((j) => j.riskGroups),
    maxOrder: a.risk.maxOrder,
    truncated: a.risk.truncated ? a.risk.truncation : null,
    fixes: suggestView(a.mitigations).suggestions,
    fixesTruncated: a.mitigations.truncated ?? null,
  };
}

function suggestView(r) {
  return {
    considered: r.considered,
    truncated: r.truncated ?? null,
    baselineScore: r.baselineScore,
    suggestions: r.suggestions.map((sg) => ({
      id: sg.id,
      title: sg.title,
      description: sg.description,
      cost: sg.cost,
      gain: sg.gain,
      score: sg.score,
      grade: sg.grade,
      perCost: sg.gain / ({ low: 1, medium: 2, high: 4 }[sg.cost] ?? 1),
      journeys: (sg.journeys ?? []).slice(0, NAMES_LISTED).map((j) => `${j.name}: ${fmt(j.beforeMinutesPerYear)} → ${fmt(j.afterMinutesPerYear)} a year`),
      moreJourneys: Math.max(0, (sg.journeys ?? []).length - NAMES_LISTED),
    })),
  };
}

function replayView(r) {
  return r.incidents.map((inc) => {
    const sim = inc.simulation;
    return {
      incident: inc.incident,
      date: inc.date,
      title: inc.title,
      source: inc.source,
      pattern: sim.pattern,
      domain: String(sim.domain),
      minutes: sim.minutes,
      minutesText: fmt(sim.minutes),
      hurt: sim.journeys.filter((j) => j.status !== 'up').length,
      total: sim.journeys.length,
      journeys: [...sim.journeys]
        .sort((a, b) => (b.impactMinutes + b.degradedMinutes) - (a.impactMinutes + a.degradedMinutes))
        .slice(0, sim.journeys.length > REPLAY_JOURNEYS ? REPLAY_JOURNEYS : sim.journeys.length)
        .map((j) => ({
        name: j.name,
        status: j.status,
        down: j.impactMinutes,
        degraded: j.degradedMinutes,
        text: j.status === 'up' ? 'unaffected' : `${impact(j)} of ${fmt(sim.minutes)}${dataLoss(j) ? `; ${dataLoss(j)}` : ''}`,
        label: `${j.name}: ${j.status === 'up' ? 'unaffected' : impact(j)} of a ${fmt(sim.minutes)} incident`,
      })),
    };
  });
}

// --- dispatch ------------------------------------------------------------------------------------

const ops = {
  assess,
  page: ({ text, page }) => (last && last.text === text ? pageOf(last.scenarios, page) : null),
  scenario,
  patch,
  positions: ({ text, pointers }) => fl.positions(text, pointers),
  advice: ({ text }) => adviceView(fl.advice(text, {})),
  replay: ({ text }) => replayView(fl.replay(text, {})),
  suggest: ({ text }) => {
    const t0 = now();
    const v = suggestView(fl.suggest(text, {}));
    v.ms = now() - t0;
    return v;
  },
  call: ({ name, args }) => {
    if (!has(name)) throw new Error(`this build of the faultline package has no ${name}()`);
    return fn(name)(...args);
  },
};

async function start() {
  try {
    await init({ module_or_path: new URL('./faultline_bg.wasm', import.meta.url) });
  } catch (e) {
    self.postMessage({ ready: false, error: plainError(e) });
    return;
  }
  const exports = Object.keys(fl).filter((k) => typeof fl[k] === 'function' && k !== 'default');
  self.postMessage({
    ready: true,
    exports,
    version: has('version') ? fn('version')() : null,
    limits: has('limits') ? fn('limits')() : { maxInputBytes: 16 * 1024 * 1024 },
  });
}

self.onmessage = (event) => {
  const { id, op } = event.data;
  try {
    const f = ops[op];
    if (!f) throw new Error(`unknown operation ${op}`);
    self.postMessage({ id, ok: true, value: f(event.data) });
  } catch (e) {
    self.postMessage({ id, ok: false, error: plainError(e) });
  }
};

start();
