// The self-assessment page. Everything runs here and in the engine worker: the description is
// never sent anywhere (the Content-Security-Policy in index.html forbids it anyway).
import examples from 'virtual:examples';
import { download, fill, fmtDataLoss, fmtMinutes, h, s } from './dom.js';
import { Editor } from './editor.js';
import { Engine, latestOnly } from './engine.js';
import { draw } from './graph.js';
import { scoreMarkdown } from './markdown.js';
import { decodeFragment, encodeFragment } from './share.js';

const STORAGE_KEY = 'faultline.document.v1';
const DEFAULT_EXAMPLE = '03-multi-region-active-passive.yaml';
const DEBOUNCE_MS = 150;

const $ = (id) => document.getElementById(id);

const state = {
  engine: null, // validate, parse, score, simulate, apply: the fast calls
  advisor: null, // replay and suggest: slower, restarted when the text moves on
  schema: null,
  score: null, // last valid ScoreReport
  scoreText: null, // the text it belongs to
  parsed: null,
  selected: null, // { scenario, pattern, domain }
  simulation: null,
  compare: null, // { before, beforeText, suggestion, afterText, after }
  assessments: 0,
};

function status(text) {
  $('status').textContent = text;
}

function storeDocument(text) {
  try {
    localStorage.setItem(STORAGE_KEY, text);
  } catch {
    // Storage full or disabled (private mode): the page still works, it just cannot keep the document.
  }
}

function storedDocument() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function docName() {
  const name = state.parsed?.name ?? state.score?.name ?? 'architecture';
  return String(name).replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'architecture';
}

// --- rendering --------------------------------------------------------------------------------

function renderDiagnostics(diagnostics, fatal) {
  const box = $('problems');
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  if (diagnostics.length === 0 && !fatal) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.hidden = false;
  box.classList.toggle('has-errors', errors.length > 0 || Boolean(fatal));
  const heading = errors.length
    ? `${errors.length} error${errors.length > 1 ? 's' : ''} in the description: fix ${errors.length > 1 ? 'them' : 'it'} to re-score`
    : fatal
      ? 'The description could not be scored'
      : `${warnings.length} warning${warnings.length === 1 ? '' : 's'}, ${diagnostics.length - warnings.length} note${diagnostics.length - warnings.length === 1 ? '' : 's'}`;
  const list = h('ul', { class: 'diagnostics' });
  if (fatal) list.append(h('li', { class: 'diag error' }, fatal));
  for (const d of diagnostics) {
    const where = d.line ? `line ${d.line}${d.column ? `:${d.column}` : ''}` : d.path || 'document';
    list.append(
      h(
        'li',
        { class: ['diag', d.severity], 'data-line': d.line ?? '', 'data-code': d.code },
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            'aria-label': `Go to ${where}`,
            onclick: () => state.editor.reveal(d.line ?? 1, d.column ?? 1),
          },
          where,
        ),
        ' ',
        h('span', { class: 'sev' }, d.severity),
        ' ',
        h('code', null, d.code),
        ': ',
        h('span', { class: 'msg' }, d.message),
        d.help ? h('span', { class: 'help' }, ` ${d.help}`) : null,
      ),
    );
  }
  fill(box, h('h2', { id: 'problems-h' }, heading), list);
}

function gradeClass(g) {
  return `grade grade-${String(g).toLowerCase()}`;
}

function renderScore(r, ms) {
  $('score-value').textContent = r.score.toFixed(1);
  const grade = $('grade');
  grade.textContent = r.grade;
  grade.className = gradeClass(r.grade);
  $('score-name').textContent = r.name;
  $('score-meta').textContent = `${r.scenarios} scenarios played, ${r.findings.length} findings · catalogue ${r.catalogueVersion} · scored in ${ms.score.toFixed(1)} ms (validate + score ${ms.total.toFixed(1)} ms, in a background worker)`;
  $('score-meta').dataset.scoreMs = ms.score.toFixed(2);
}

/** A horizontal bar as SVG (no inline styles: the CSP forbids them). */
function bar(parts, total, label) {
  const svg = s('svg', { viewBox: '0 0 100 10', preserveAspectRatio: 'none', class: 'bar', role: 'img', 'aria-label': label });
  svg.append(s('rect', { x: 0, y: 0, width: 100, height: 10, class: 'bar-bg' }));
  let x = 0;
  for (const [value, cls] of parts) {
    const w = total > 0 ? Math.max(0, Math.min(100 - x, (value / total) * 100)) : 0;
    if (w > 0) svg.append(s('rect', { x, y: 0, width: w, height: 10, class: cls }));
    x += w;
  }
  return svg;
}

function renderJourneys(r) {
  const rows = r.journeys.map((j) => {
    const over = j.expectedDowntimeMinutesPerYear > j.budgetMinutesPerYear;
    return h(
      'tr',
      { class: over ? 'over' : null, 'data-journey': j.name },
      h('th', { scope: 'row' }, j.name, j.implicit ? h('span', { class: 'note' }, ' (implicit)') : null),
      h('td', { class: 'num' }, `${j.targetAvailability} %`),
      h('td', { class: 'num' }, fmtMinutes(j.expectedDowntimeMinutesPerYear)),
      h('td', { class: 'num' }, fmtMinutes(j.budgetMinutesPerYear)),
      h(
        'td',
        { class: 'barcell' },
        bar(
          [[j.expectedDowntimeMinutesPerYear, over ? 'bar-over' : 'bar-used']],
          Math.max(j.budgetMinutesPerYear, j.expectedDowntimeMinutesPerYear),
          `${fmtMinutes(j.expectedDowntimeMinutesPerYear)} expected of a ${fmtMinutes(j.budgetMinutesPerYear)} budget`,
        ),
      ),
      h('td', { class: 'num' }, `${j.expectedAvailability} %`),
      h('td', { class: 'num' }, j.score.toFixed(1), ' ', h('span', { class: gradeClass(j.grade) }, j.grade)),
    );
  });
  fill(
    $('journeys'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'journey'),
        h('th', { scope: 'col' }, 'target'),
        h('th', { scope: 'col' }, 'expected downtime / year'),
        h('th', { scope: 'col' }, 'budget / year'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'share of budget')),
        h('th', { scope: 'col' }, 'expected availability'),
        h('th', { scope: 'col' }, 'score'),
      ),
    ),
    h('tbody', null, rows),
  );
}

/** Findings grouped by scenario, costliest scenario first. */
function scenariosOf(r) {
  const map = new Map();
  for (const f of r.findings) {
    const sc = map.get(f.scenario) ?? { scenario: f.scenario, pattern: f.pattern, domain: f.domain, perYear: f.perYear, points: 0, findings: [] };
    sc.points += f.points;
    sc.findings.push(f);
    map.set(f.scenario, sc);
  }
  return [...map.values()].sort((a, b) => b.points - a.points || a.scenario.localeCompare(b.scenario));
}

function chainList(chain) {
  return h(
    'ol',
    { class: 'chain' },
    (chain ?? []).map((step) => h('li', { class: `step ${step.kind}`, 'data-kind': step.kind }, step.text)),
  );
}

function renderScenarios(r) {
  const list = $('scenarios');
  const all = scenariosOf(r);
  const top = all.slice(0, 8);
  if (top.length === 0) {
    fill(list, h('li', { class: 'empty' }, 'No scenario in the catalogue costs this architecture anything.'));
    return;
  }
  fill(
    list,
    top.map((sc, i) => {
      const selected = state.selected?.scenario === sc.scenario;
      const [first, ...rest] = sc.findings;
      return h(
        'li',
        { class: ['scenario', selected && 'selected'], 'data-scenario': sc.scenario },
        h(
          'button',
          {
            type: 'button',
            class: 'scenario-pick',
            'aria-pressed': selected ? 'true' : 'false',
            'aria-label': `Show the blast radius of ${sc.pattern} at ${sc.domain}`,
            onclick: () => selectScenario(sc),
          },
          h('span', { class: 'rank' }, `${i + 1}`),
          h('span', { class: 'what' }, h('strong', null, sc.pattern), ' at ', h('code', null, sc.domain)),
          h('span', { class: 'points' }, `−${sc.points.toFixed(2)} points · ${sc.perYear.toFixed(3)}/year`),
        ),
        h(
          'ul',
          { class: 'impacts' },
          sc.findings.map((f) =>
            h(
              'li',
              { class: `impact status-${f.status}` },
              h('strong', null, f.journey),
              `: ${f.status} `,
              f.status === 'down' ? fmtMinutes(f.impactMinutes) : fmtMinutes(f.degradedMinutes),
              ` · data loss ${fmtDataLoss(f)}`,
              f.rtoBreach ? h('span', { class: 'breach' }, ' · over RTO') : null,
              f.rpoBreach ? h('span', { class: 'breach' }, ' · over RPO') : null,
            ),
          ),
        ),
        h('p', { class: 'why' }, `Why (${first.journey}):`),
        chainList(first.chain),
        rest.length
          ? h('details', null, h('summary', null, `Why, for ${rest.map((f) => f.journey).join(', ')}`), rest.map((f) => [h('p', { class: 'why' }, `${f.journey}:`), chainList(f.chain)]))
          : null,
      );
    }),
  );
  $('scenarios-more').textContent = all.length > top.length ? `${all.length - top.length} more scenarios cost less; the Markdown export lists the costliest findings.` : '';
}

let drawn = null; // what the graph shows now, to skip redrawing the same picture

function renderGraph() {
  if (!state.parsed) return;
  const sim = state.simulation && state.selected && state.simulation.scenario ? state.simulation : null;
  const key = JSON.stringify([state.parsed, sim]);
  if (key === drawn) return;
  drawn = key;
  const summary = draw($('graph'), state.parsed, sim);
  const cap = $('graph-caption');
  if (sim) {
    const failed = (sim.failedDomains ?? []).map((f) => f.domain);
    fill(cap, h('strong', null, `${sim.pattern} at ${sim.domain}`), ` for ${fmtMinutes(sim.minutes)}: ${summary}. Failed: `, failed.map((d, i) => [i ? ', ' : '', h('code', null, d)]), '.');
  } else fill(cap, summary, '.');
}

function safeUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

function renderReplay(replay, error) {
  const list = $('replay');
  if (error) {
    fill(list, h('li', { class: 'empty' }, `Replay failed: ${error.message}`));
    return;
  }
  if (!replay || replay.incidents.length === 0) {
    fill(list, h('li', { class: 'empty' }, 'No catalogued incident touches the providers and regions this architecture uses.'));
    return;
  }
  fill(
    list,
    replay.incidents.map((inc) => {
      const sim = inc.simulation;
      const href = safeUrl(inc.source);
      const hurt = sim.journeys.filter((j) => j.status !== 'up').length;
      return h(
        'li',
        { class: 'incident', 'data-incident': inc.incident },
        h('h3', null, h('span', { class: 'date' }, inc.date), ' ', inc.title),
        h(
          'p',
          { class: 'meta' },
          `${sim.pattern} at `,
          h('code', null, String(sim.domain)),
          ` for ${fmtMinutes(sim.minutes)}: ${hurt ? `${hurt} of ${sim.journeys.length} journeys hurt` : 'no journey hurt'}. `,
          href ? h('a', { href, rel: 'noopener noreferrer external', class: 'postmortem' }, 'Public post-mortem') : null,
        ),
        h(
          'ul',
          { class: 'timeline' },
          sim.journeys.map((j) =>
            h(
              'li',
              { class: `status-${j.status}` },
              h('span', { class: 'jname' }, j.name),
              bar(
                [
                  [j.impactMinutes, 'bar-down'],
                  [j.degradedMinutes, 'bar-degraded'],
                ],
                Math.max(sim.minutes, j.impactMinutes + j.degradedMinutes),
                `${j.name}: down ${fmtMinutes(j.impactMinutes)}, degraded ${fmtMinutes(j.degradedMinutes)} of a ${fmtMinutes(sim.minutes)} incident`,
              ),
              h(
                'span',
                { class: 'jstate' },
                j.status === 'up'
                  ? 'unaffected'
                  : `${[j.impactMinutes ? `down ${fmtMinutes(j.impactMinutes)}` : null, j.degradedMinutes ? `degraded ${fmtMinutes(j.degradedMinutes)}` : null].filter(Boolean).join(', ')} of ${fmtMinutes(sim.minutes)}; data loss ${fmtDataLoss(j)}`,
              ),
            ),
          ),
        ),
      );
    }),
  );
}

function renderMitigations(report, error) {
  const list = $('mitigations');
  if (!state.engine?.has('suggest') || !state.engine?.has('applySuggestion')) {
    fill(list, h('li', { class: 'empty unavailable' }, 'Mitigations are not available in this build: its faultline package has no suggest() / applySuggestion().'));
    return;
  }
  if (error) {
    fill(list, h('li', { class: 'empty' }, `Could not compute mitigations: ${error.message}`));
    return;
  }
  if (!report || report.suggestions.length === 0) {
    fill(list, h('li', { class: 'empty' }, `No mitigation improves the score (${report?.considered ?? 0} considered).`));
    return;
  }
  fill(
    list,
    report.suggestions.map((sg, i) =>
      h(
        'li',
        { class: 'suggestion', 'data-id': sg.id },
        h(
          'div',
          { class: 'suggestion-head' },
          h('span', { class: 'rank' }, `${i + 1}`),
          h('strong', { class: 'title' }, sg.title),
          h('span', { class: `cost cost-${sg.cost}` }, `${sg.cost} cost`),
          h('span', { class: 'gain' }, `${sg.gain >= 0 ? '+' : ''}${sg.gain.toFixed(1)} → ${sg.score.toFixed(1)} (${sg.grade})`),
          h('button', { type: 'button', class: 'apply', 'aria-label': `Apply: ${sg.title}`, onclick: () => applySuggestion(sg) }, 'Apply'),
        ),
        h('p', { class: 'desc' }, sg.description),
        sg.journeys?.length
          ? h(
              'p',
              { class: 'journey-gains' },
              sg.journeys.map((j, k) => [k ? ' · ' : '', `${j.name}: ${fmtMinutes(j.beforeMinutesPerYear)} → ${fmtMinutes(j.afterMinutesPerYear)} a year`]),
            )
          : null,
      ),
    ),
  );
}

function renderCompare() {
  const box = $('compare');
  const c = state.compare;
  if (!c || !c.after) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const col = (label, r, cls) =>
    h(
      'div',
      { class: `side ${cls}` },
      h('h3', null, label),
      h('p', { class: 'big' }, h('span', { class: 'side-score' }, r.score.toFixed(1)), ' ', h('span', { class: gradeClass(r.grade) }, r.grade)),
      h(
        'ul',
        null,
        r.journeys.map((j) => h('li', null, h('strong', null, j.name), `: ${fmtMinutes(j.expectedDowntimeMinutesPerYear)} a year (${j.score.toFixed(1)})`)),
      ),
    );
  fill(
    box,
    h('h3', { class: 'compare-title' }, `Applied: ${c.suggestion.title}`),
    h('div', { class: 'sides' }, col('Before', c.before, 'before'), col('After', c.after, 'after')),
    h(
      'button',
      {
        type: 'button',
        id: 'undo-apply',
        onclick: () => {
          state.editor.undo();
          state.compare = null;
          renderCompare();
        },
      },
      'Undo this change',
    ),
  );
}

// --- actions ----------------------------------------------------------------------------------

async function selectScenario(sc) {
  state.selected = { scenario: sc.scenario, pattern: sc.pattern, domain: sc.domain };
  for (const li of $('scenarios').querySelectorAll('li.scenario')) {
    const on = li.dataset.scenario === sc.scenario;
    li.classList.toggle('selected', on);
    li.querySelector('.scenario-pick')?.setAttribute('aria-pressed', on ? 'true' : 'false');
  }
  const text = state.scoreText;
  try {
    const sim = await state.engine.call('simulate', text, { pattern: sc.pattern, at: sc.domain });
    if (state.selected?.scenario !== sc.scenario || text !== state.scoreText) return;
    state.simulation = sim;
    renderGraph();
    status(`Showing the blast radius of ${sc.pattern} at ${sc.domain}.`);
  } catch (e) {
    status(`Could not simulate ${sc.scenario}: ${e.message}`);
  }
}

async function applySuggestion(sg) {
  const text = state.editor.text;
  const before = state.score;
  try {
    const next = await state.engine.call('applySuggestion', text, sg.id);
    state.compare = { before, beforeText: text, suggestion: sg, afterText: next, after: null };
    state.editor.replace(next, 'input.apply');
    status(`Applied "${sg.title}". Undo with the button, or Ctrl+Z in the editor.`);
  } catch (e) {
    status(`Could not apply ${sg.id}: ${e.message}`);
  }
}

async function exportMarkdown() {
  if (!state.score) return status('Nothing to export yet: the description has errors.');
  let md;
  if (state.engine.has('scoreMarkdown')) md = await state.engine.call('scoreMarkdown', state.scoreText);
  else md = scoreMarkdown(state.score);
  download(`${docName()}-faultline.md`, md, 'text/markdown');
  status('Markdown report downloaded.');
}

async function exportJson() {
  if (!state.score) return status('Nothing to export yet: the description has errors.');
  const json = state.engine.has('scoreJson') ? await state.engine.call('scoreJson', state.scoreText) : `${JSON.stringify(state.score, null, 2)}\n`;
  download(`${docName()}-faultline.json`, json, 'application/json');
  status('JSON report downloaded.');
}

function saveDocument() {
  const text = state.editor.text;
  const isJson = text.trimStart().startsWith('{');
  download(`${docName()}.${isJson ? 'json' : 'yaml'}`, text, isJson ? 'application/json' : 'application/yaml');
  status('Description downloaded.');
}

async function shareLink() {
  try {
    const fragment = await encodeFragment(state.editor.text);
    const url = `${location.href.split('#')[0]}${fragment}`;
    const out = $('share-url');
    out.value = url;
    $('share-box').hidden = false;
    out.focus();
    out.select();
    try {
      await navigator.clipboard.writeText(url);
      status(`Share link copied (${url.length} characters). The description is in the part after #, which browsers never send to a server.`);
    } catch {
      status('Share link ready: copy it from the box. The description is in the part after #, which browsers never send to a server.');
    }
  } catch (e) {
    status(`Could not make a share link: ${e.message}`);
  }
}

// --- the assessment loop ----------------------------------------------------------------------

const assess = latestOnly(async (text, newer) => {
  let r;
  try {
    r = await state.engine.assess(text);
  } catch (e) {
    if (newer() || text !== state.editor.text) return;
    renderDiagnostics([], `The engine failed on this input: ${e.message}.${e.trap ? ' This is a bug in faultline; the engine has been restarted.' : ''}`);
    document.body.dataset.status = 'invalid';
    status('The engine failed on this input.');
    return;
  }
  if (newer() || text !== state.editor.text) return;
  state.assessments += 1;
  document.body.dataset.assessments = String(state.assessments);
  const diagnostics = r.validation.diagnostics;
  state.editor.showDiagnostics(diagnostics);
  if (!r.score) {
    renderDiagnostics(r.validation.ok ? [...diagnostics, ...(r.error?.diagnostics ?? [])] : diagnostics, r.validation.ok ? (r.error?.message ?? 'unknown error') : null);
    $('results').classList.add('stale');
    $('stale-note').hidden = state.score === null;
    if (state.score === null) {
      $('score-value').textContent = '–';
      $('grade').textContent = '';
    }
    document.body.dataset.status = 'invalid';
    status(`The description has errors; ${state.score ? 'the results below are from the last valid version' : 'nothing scored yet'}.`);
    return;
  }
  renderDiagnostics(diagnostics.filter((d) => d.severity !== 'info'), null);
  $('results').classList.remove('stale');
  $('stale-note').hidden = true;
  state.score = r.score;
  state.scoreText = text;
  state.parsed = r.parsed;
  const scenarioIds = new Set(r.score.findings.map((f) => f.scenario));
  if (state.selected && !scenarioIds.has(state.selected.scenario)) {
    state.selected = null;
    state.simulation = null;
  }
  renderScore(r.score, r.ms);
  renderJourneys(r.score);
  renderScenarios(r.score);
  renderGraph();
  if (state.compare && state.compare.afterText === text) {
    state.compare.after = r.score;
    renderCompare();
  }
  document.body.dataset.status = 'ready';
  status(`Scored: ${r.score.score.toFixed(1)}/100, grade ${r.score.grade}.`);

  if (state.selected) {
    try {
      const sim = await state.engine.call('simulate', text, { pattern: state.selected.pattern, at: state.selected.domain });
      if (newer() || text !== state.editor.text) return;
      state.simulation = sim;
      renderGraph();
    } catch {
      state.selected = null;
      state.simulation = null;
      renderGraph();
    }
  }
  advise(text, state.assessments);
});

// Replay and mitigations for `text`, in the second worker. A newer text cancels an older
// computation by restarting that worker: suggest on a large description takes seconds.
async function advise(text, generation) {
  const advisor = state.advisor;
  if (advisor.busy) advisor.restart();
  $('mitigations-status').textContent = 'Computing replay and mitigations…';
  $('mitigations').setAttribute('aria-busy', 'true');
  let x;
  try {
    x = await advisor.extras(text);
  } catch (e) {
    if (e.cancelled) return;
    x = { replay: null, replayError: e, suggest: null, suggestError: e };
  }
  if (text !== state.editor.text || generation !== state.assessments) return;
  $('mitigations').removeAttribute('aria-busy');
  $('mitigations-status').textContent = x.suggestMs ? `Computed in ${(x.suggestMs / 1000).toFixed(1)} s.` : '';
  renderReplay(x.replay, x.replayError);
  renderMitigations(x.suggest, x.suggestError);
  document.body.dataset.extras = String(generation);
}

let timer = 0;
function onChange(text) {
  clearTimeout(timer);
  if (state.compare && state.compare.afterText !== text && state.compare.after) {
    state.compare = null;
    renderCompare();
  }
  timer = setTimeout(() => {
    storeDocument(text);
    if (state.engine) assess(text);
  }, DEBOUNCE_MS);
}

// --- start ------------------------------------------------------------------------------------

async function initialText() {
  if (location.hash.startsWith('#doc=')) {
    try {
      const text = await decodeFragment(location.hash);
      history.replaceState(null, '', location.pathname + location.search);
      if (text !== null) {
        status('Loaded the description from the share link.');
        return text;
      }
    } catch (e) {
      status(`The share link is damaged and could not be read (${e.message}); showing your last document instead.`);
    }
  }
  const stored = storedDocument();
  if (stored !== null && stored.trim() !== '') return stored;
  return (examples.find((e) => e.file === DEFAULT_EXAMPLE) ?? examples[0]).text;
}

function setupToolbar() {
  const picker = $('example');
  picker.append(...examples.map((e) => h('option', { value: e.file }, `${e.file.replace(/\.(ya?ml|json)$/, '')} — ${e.description}`)));
  picker.addEventListener('change', () => {
    const ex = examples.find((e) => e.file === picker.value);
    if (!ex) return;
    state.selected = null;
    state.simulation = null;
    state.editor.replace(ex.text, 'input.example');
    status(`Loaded the example ${ex.file}.`);
  });
  $('file-input').addEventListener('change', async (event) => {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > 16 * 1024 * 1024) return status(`${file.name} is ${file.size} bytes; the limit is 16 MiB.`);
    try {
      const text = await file.text();
      state.selected = null;
      state.simulation = null;
      state.editor.replace(text, 'input.open');
      picker.value = '';
      status(`Opened ${file.name}.`);
    } catch (e) {
      status(`Could not read ${file.name}: ${e.message}`);
    }
    event.target.value = '';
  });
  $('save').addEventListener('click', saveDocument);
  $('share').addEventListener('click', shareLink);
  $('export-md').addEventListener('click', exportMarkdown);
  $('export-json').addEventListener('click', exportJson);
  $('undo').addEventListener('click', () => state.editor.undo());
}

async function main() {
  setupToolbar();
  const text = await initialText();
  state.editor = new Editor($('editor'), { text, onChange, getSchema: () => state.schema });
  storeDocument(text);
  if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
    navigator.serviceWorker.register('./sw.js').catch((e) => console.info('faultline: no offline cache', e.message));
  }
  try {
    state.engine = await new Engine('faultline-engine').ready;
    state.advisor = new Engine('faultline-advisor');
  } catch (e) {
    document.body.dataset.status = 'failed';
    renderDiagnostics([], `The scoring engine could not start in this browser: ${e.message}`);
    status('The scoring engine could not start.');
    return;
  }
  $('version').textContent = state.engine.version ? `faultline ${state.engine.version}` : '';
  state.engine
    .call('schema')
    .then((schema) => {
      state.schema = schema;
    })
    .catch(() => {});
  if (!state.engine.has('suggest')) renderMitigations(null, null);
  assess(state.editor.text);
}

main();
