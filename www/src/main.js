// The self-assessment page. Everything runs here and in the engine workers: the description is
// never sent anywhere (the Content-Security-Policy in index.html forbids it anyway).
//
// The main thread only renders: the workers score, group, page, lay out and word the results
// (worker.js), so even a 2 MB description never blocks typing or scrolling for long.
import examples from 'virtual:examples';
import { download, fill, h, rich, s } from './dom.js';
import { Editor, PLAIN_TEXT_ABOVE } from './editor.js';
import { Engine, latestOnly } from './engine.js';
import { Graph } from './graph.js';
import { FULL_GRAPH_MAX } from './layout.js';
import { ShareLinkError, decodeFragment, encodeFragment, isDocFragment } from './share.js';

const OWN_KEY = 'faultline.document.v1'; // the visitor's own description
const SHARED_KEY = 'faultline.shared.v1'; // the copy of a shared description, kept apart
const PREVIOUS_KEY = 'faultline.document.previous.v1'; // the own description a shared one replaced
const SLOT_KEY = 'faultline.slot'; // sessionStorage: which of the two this tab shows
const DEFAULT_EXAMPLE = '03-multi-region-active-passive.yaml';
const DEBOUNCE_MS = 150;
/**
 * How long a scored text rests before the advisor starts on it. On two cores, advice computed
 * beside the score made a 100-component keystroke's score about twice as slow (the page's
 * test, docs/performance.md); a pause in typing is longer than this.
 */
const ADVISE_AFTER_MS = 300;
/**
 * Above this size (bytes of text) a description is "large": it is scored, but not kept in the
 * browser automatically (the page says so), and mitigations are computed on request only.
 * docs/web.md documents it; the graph's own threshold is FULL_GRAPH_MAX in layout.js.
 */
const LARGE_TEXT = PLAIN_TEXT_ABOVE;
/** Share links longer than this may not open in every browser. */
const LONG_LINK = 64 * 1024;
const DIAGNOSTICS_SHOWN = 50;

const $ = (id) => document.getElementById(id);

const state = {
  engine: null, // validate, parse, score, simulate, patch: the fast calls
  advisor: null, // advice, replay and suggest: slower, restarted when the text moves on
  schema: null,
  limits: { maxInputBytes: 16 * 1024 * 1024 },
  view: null, // last valid assessment (from the worker)
  scoreText: null, // the text it belongs to
  selected: null, // { id, pattern, domain }
  page: { filter: '', journey: '', offset: 0 },
  slot: 'own', // 'own' or 'shared'
  review: null, // { id, title, baseText, patched }
  compare: null, // { title, before, beforeText, afterText, after, edits }
  suggest: null,
  assessments: 0,
  large: false,
  keepLarge: false,
  // How the opened file was written, which the editor does not keep (it holds UTF-8 text
  // with LF line ends): Save writes it back the same way. null: nothing opened.
  fileForm: null, // { name, bom, crlf }
};

function status(text) {
  $('status').textContent = text;
}

// --- storage ------------------------------------------------------------------------------------

function load(key, store = localStorage) {
  try {
    return store.getItem(key);
  } catch {
    return null;
  }
}

function keep(key, value, store = localStorage) {
  try {
    if (value === null) store.removeItem(key);
    else store.setItem(key, value);
    return true;
  } catch {
    return false; // storage full or disabled (private mode): the page still works
  }
}

function storeDocument(text) {
  const large = text.length > LARGE_TEXT;
  if (large && !state.keepLarge) return;
  keep(state.slot === 'shared' ? SHARED_KEY : OWN_KEY, text);
}

function docName() {
  const name = state.view?.report?.name ?? 'architecture';
  return String(name).replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'architecture';
}

// --- notices: messages that stay until dismissed (unlike the status line) -----------------------

function notice(key, kind, ...content) {
  const box = $('notices');
  box.querySelector(`[data-notice="${key}"]`)?.remove();
  const el = h(
    'div',
    { class: ['notice', kind], 'data-notice': key, role: kind === 'error' ? 'alert' : 'status' },
    h('div', { class: 'notice-text' }, ...content),
    h('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss this message', onclick: () => el.remove() }, '×'),
  );
  box.append(el);
  return el;
}

function dropNotice(key) {
  $('notices').querySelector(`[data-notice="${key}"]`)?.remove();
}

// --- focus kept across re-renders ---------------------------------------------------------------

/** Re-renders `container` with `render()`, and gives focus back to the element with the same data-key. */
function keepFocus(container, render) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.closest('[data-key]')?.dataset.key : null;
  render();
  if (key) {
    const again = [...container.querySelectorAll('[data-key]')].find((el) => el.dataset.key === key);
    const target = again?.matches('button, a, input, select, [tabindex]') ? again : again?.querySelector('button, a, input, select, [tabindex]');
    target?.focus({ preventScroll: true });
  }
}

// --- rendering: summary ---------------------------------------------------------------------------

function renderDiagnostics(diagnostics, total, fatal) {
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
  if (fatal) list.append(h('li', { class: 'diag error' }, rich(fatal)));
  const shown = [...errors, ...diagnostics.filter((d) => d.severity !== 'error')].slice(0, DIAGNOSTICS_SHOWN);
  for (const d of shown) {
    const where = d.line ? `line ${d.line}${d.column ? `:${d.column}` : ''}` : d.path || 'document';
    list.append(
      h(
        'li',
        { class: ['diag', d.severity], 'data-line': d.line ?? '', 'data-code': d.code, 'data-key': `diag:${d.code}:${d.path}:${d.line}` },
        h('button', { type: 'button', class: 'link', onclick: () => state.editor.reveal(d.line ?? 1, d.column ?? 1) }, `Go to ${where}`),
        ' ',
        h('span', { class: 'sev' }, d.severity),
        ' ',
        h('code', null, d.code),
        ': ',
        h('span', { class: 'msg' }, rich(d.message)),
        d.help ? h('span', { class: 'help' }, ' ', rich(d.help)) : null,
      ),
    );
  }
  const more = Math.max(0, total - shown.length);
  keepFocus(box, () => fill(box, h('h2', { id: 'problems-h' }, heading), list, more ? h('p', { class: 'hint' }, `…and ${more} more (the editor's gutter marks the first ${diagnostics.length}).`) : null));
}

function gradeClass(g) {
  return `grade grade-${String(g).toLowerCase()}`;
}

function renderScore(v) {
  const r = v.report;
  $('score-value').textContent = r.score.toFixed(1);
  const grade = $('grade');
  grade.textContent = r.grade;
  grade.className = gradeClass(r.grade);
  $('score-name').textContent = r.name;
  $('score-meta').textContent = `${r.scenarios.toLocaleString('en')} scenarios played, ${r.findings.toLocaleString('en')} findings · catalogue ${r.catalogueVersion} · scored in ${v.ms.score.toFixed(0)} ms in a background worker`;
  $('score-meta').dataset.scoreMs = v.ms.score.toFixed(2);
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

/** Journey rows shown at first; a button shows more (a description may have hundreds). */
const JOURNEYS_SHOWN = 30;

function renderJourneys(v) {
  const limit = state.journeysShown ?? JOURNEYS_SHOWN;
  const rows = v.journeys.slice(0, limit).map((j) =>
    h(
      'tr',
      { class: j.over ? 'over' : null, 'data-journey': j.name },
      h('th', { scope: 'row' }, j.name, j.implicit ? h('span', { class: 'note' }, ' (implicit)') : null, h('span', { class: 'sub' }, `target ${j.target}`)),
      h(
        'td',
        { class: 'expect' },
        h('span', { class: 'num' }, j.expected),
        h('span', { class: 'sub' }, ` of ${j.budget}`),
        bar([[j.expectedMinutes, j.over ? 'bar-over' : 'bar-used']], Math.max(j.budgetMinutes, j.expectedMinutes), `${j.expected} expected of a ${j.budget} budget`),
      ),
      h(
        'td',
        { class: 'worst' },
        j.worst
          ? [
              h('span', { class: 'worst-what' }, j.worst.text),
              j.worst.rto ? h('span', { class: 'breach' }, ' · over RTO') : null,
              j.worst.rpo ? h('span', { class: 'breach' }, ' · over RPO') : null,
              h(
                'span',
                { class: 'sub' },
                ' in ',
                h('button', { type: 'button', class: 'link', 'data-key': `worst:${j.name}`, onclick: () => showScenario(j.worst.scenario) }, `${j.worst.pattern} at ${j.worst.domain}`),
                j.worst.rate ? `, ${j.worst.rate}` : '',
              ),
            ]
          : h('span', { class: 'sub' }, 'no scenario hurts it'),
      ),
      h(
        'td',
        { class: 'breaches' },
        [j.rtoText, j.rpoText].filter(Boolean).length
          ? [j.rtoText, j.rpoText].filter(Boolean).map((t) => h('span', { class: 'breach block' }, t))
          : h('span', { class: 'sub' }, 'none'),
        h('span', { class: 'sub block' }, [j.rto && `RTO ${j.rto}`, j.rpo && `RPO ${j.rpo}`].filter(Boolean).join(' · ')),
      ),
      h('td', { class: 'num' }, j.score, ' ', h('span', { class: gradeClass(j.grade) }, j.grade)),
    ),
  );
  keepFocus($('journeys'), () =>
    fill(
      $('journeys'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'journey'),
          h('th', { scope: 'col' }, 'expected downtime / year'),
          h('th', { scope: 'col' }, 'worst case'),
          h('th', { scope: 'col' }, 'RTO / RPO breaches'),
          h('th', { scope: 'col' }, 'score'),
        ),
      ),
      h('tbody', null, rows),
      v.journeys.length > limit
        ? h(
            'tfoot',
            null,
            h(
              'tr',
              null,
              h(
                'td',
                { colspan: 5 },
                `${limit} of ${v.journeys.length.toLocaleString('en')} journeys shown. `,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'link',
                    'data-key': 'more-journeys',
                    onclick: () => {
                      state.journeysShown = limit + 100;
                      renderJourneys(state.view);
                    },
                  },
                  'Show 100 more',
                ),
              ),
            ),
          )
        : null,
    ),
  );
  scrollHint($('journeys-wrap'), $('journeys-scroll'));
}

/** Says when a table is wider than its box (a phone), rather than hiding columns. */
function scrollHint(wrap, hint) {
  requestAnimationFrame(() => {
    hint.hidden = wrap.scrollWidth <= wrap.clientWidth + 1;
  });
}

function renderTopRisks(advice, error) {
  const list = $('top-risks');
  if (error) return fill(list, h('li', { class: 'empty' }, `Could not work them out: ${error.message}`));
  if (!advice) return fill(list, h('li', { class: 'empty' }, 'Working them out…'));
  const top = advice.singlePoints.slice(0, 3);
  if (top.length === 0) return fill(list, h('li', { class: 'empty' }, advice.riskGroups.length ? `No single point of failure; ${advice.riskGroups.length} pairs of domains fail journeys together.` : 'No single point of failure.'));
  keepFocus(list, () =>
    fill(
      list,
      top.map((r) => h('li', null, h('code', null, r.domains.join(' + ')), ' takes down ', r.journeys.slice(0, 3).join(', '), r.journeys.length + r.more > 3 ? ` and ${r.journeys.length + r.more - 3} more journeys` : '', h('span', { class: 'sub' }, ` · ${r.rate}`))),
      advice.singlePointCount > 3 ? h('li', { class: 'more' }, h('button', { type: 'button', class: 'link', 'data-key': 'more-risks', onclick: () => selectTab('risks', true) }, `All ${advice.singlePointCount} single points of failure`)) : null,
    ),
  );
}

function renderTopFixes(fixes, error, note) {
  const list = $('top-fixes');
  if (error) return fill(list, h('li', { class: 'empty' }, `Could not work them out: ${error.message}`));
  if (!fixes) return fill(list, h('li', { class: 'empty' }, 'Working them out…'));
  if (fixes.length === 0) return fill(list, h('li', { class: 'empty' }, note ?? 'No measured change improves the score.'));
  keepFocus(list, () =>
    fill(
      list,
      fixes.slice(0, 3).map((sg) =>
        h(
          'li',
          { 'data-key': `fix:${sg.id}` },
          h('span', { class: 'gain' }, `+${sg.gain.toFixed(1)}`),
          ' ',
          rich(sg.title),
          h('span', { class: 'sub' }, ` · ${sg.cost} cost `),
          h('button', { type: 'button', class: 'link', onclick: () => reviewSuggestion(sg) }, 'Review and apply'),
        ),
      ),
      h('li', { class: 'more' }, h('button', { type: 'button', class: 'link', 'data-key': 'more-fixes', onclick: () => selectTab('mitigations', true) }, 'All mitigations (ranked by gain per cost)')),
    ),
  );
}

// --- rendering: scenarios --------------------------------------------------------------------------

function renderScenarioPage(page) {
  const list = $('scenarios');
  state.pageView = page;
  $('count-scenarios').textContent = page ? `(${page.total.toLocaleString('en')})` : '';
  if (!page || page.total === 0) {
    fill(list, h('li', { class: 'empty' }, 'No scenario in the catalogue costs this architecture anything.'));
    $('scenario-count').textContent = '';
    $('scenarios-range').textContent = '';
    $('scenarios-prev').disabled = true;
    $('scenarios-next').disabled = true;
    return;
  }
  keepFocus(list, () =>
    fill(
      list,
      page.items.length === 0
        ? h('li', { class: 'empty' }, 'No scenario matches.')
        : page.items.map((sc) => {
            const selected = state.selected?.id === sc.id;
            return h(
              'li',
              { class: ['scenario', selected && 'selected', `worst-${sc.worst}`], 'data-scenario': sc.id },
              h(
                'button',
                { type: 'button', class: 'scenario-pick', 'aria-pressed': selected ? 'true' : 'false', 'data-key': `sc:${sc.id}`, onclick: () => selectScenario(sc) },
                h('span', { class: 'rank' }, `${sc.rank}.`),
                ' ',
                h('span', { class: 'what' }, h('strong', null, sc.pattern), ' at ', h('code', null, sc.domain)),
                ' ',
                h('span', { class: 'points' }, `${sc.pointsText} · ${sc.rateText}`),
                ' ',
                h(
                  'span',
                  { class: 'impacts' },
                  sc.shown.map((im, i) => [i ? '; ' : '', h('span', { class: `status-${im.status}` }, `${im.journey} ${im.text}`), im.rto ? ' · over RTO' : '', im.rpo ? ' · over RPO' : '']),
                  sc.hurt > sc.shown.length ? `; and ${sc.hurt - sc.shown.length} more journeys` : '',
                ),
              ),
            );
          }),
    ),
  );
  const from = page.matching ? page.offset + 1 : 0;
  const to = page.offset + page.items.length;
  $('scenarios-range').textContent = `${from}–${to} of ${page.matching.toLocaleString('en')}`;
  $('scenario-count').textContent = page.matching === page.total ? `${page.total.toLocaleString('en')} scenarios cost something, costliest first.` : `${page.matching.toLocaleString('en')} of ${page.total.toLocaleString('en')} scenarios match.`;
  $('scenarios-prev').disabled = page.offset === 0;
  $('scenarios-next').disabled = to >= page.matching;
}

async function requestPage(change) {
  Object.assign(state.page, change);
  const text = state.scoreText;
  const page = await state.engine.op('page', { text, page: state.page });
  if (page && text === state.scoreText) renderScenarioPage(page);
}

/** Jumps from a summary link to a scenario: finds its page, selects it. */
async function showScenario(id) {
  selectTab('scenarios');
  state.page = { filter: id, journey: '', offset: 0 };
  $('scenario-filter').value = id;
  $('scenario-journey').value = '';
  await requestPage({});
  const sc = state.pageView?.items.find((x) => x.id === id);
  if (sc) await selectScenario(sc, true);
}

function renderScenarioDetail(d) {
  const box = $('scenario-detail');
  if (!d) {
    fill(box, h('p', { class: 'hint' }, 'Select a scenario to see what it does, why, and its blast radius in the graph.'));
    return;
  }
  const [first, ...rest] = d.findings;
  fill(
    box,
    h('h3', { id: 'detail-h' }, h('strong', null, d.pattern), ' at ', h('code', null, d.domain)),
    h('p', { class: 'meta' }, `Played for ${d.minutes}. `, d.findings.length ? `${d.findings.length} journey${d.findings.length === 1 ? '' : 's'} hurt.` : 'No journey hurt.'),
    h(
      'ul',
      { class: 'impacts' },
      d.findings.map((f) =>
        h(
          'li',
          { class: `impact status-${f.status}` },
          h('strong', null, f.journey),
          `: ${f.text}`,
          f.dataLoss ? ` · ${f.dataLoss}` : '',
          f.rto ? h('span', { class: 'breach' }, ' · over RTO') : null,
          f.rpo ? h('span', { class: 'breach' }, ' · over RPO') : null,
          h('span', { class: 'sub block' }, `costs ${f.expected} a year on average (${f.points}) at ${f.rate}`),
        ),
      ),
    ),
    d.more ? h('p', { class: 'hint' }, `…and ${d.more.toLocaleString('en')} more journeys (all of them in the Markdown export).`) : null,
    first ? [h('p', { class: 'why' }, `Why (${first.journey}):`), chainList(first.chain)] : null,
    rest.length ? h('details', null, h('summary', null, `Why, for ${rest.map((f) => f.journey).join(', ')}`), rest.map((f) => [h('p', { class: 'why' }, `${f.journey}:`), chainList(f.chain)])) : null,
  );
}

function chainList(chain) {
  return h(
    'ol',
    { class: 'chain' },
    (chain ?? []).map((step) => h('li', { class: `step ${step.kind}`, 'data-kind': step.kind }, rich(step.text))),
  );
}

// --- rendering: graph ---------------------------------------------------------------------------

let graph = null;

function renderGraph(layout) {
  if (layout) {
    graph.setLayout(layout);
    state.layout = layout;
  }
  const cap = $('graph-caption');
  const g = state.layout;
  if (!g) return;
  const grouped = g.mode === 'grouped' ? ` Above ${FULL_GRAPH_MAX} components the graph groups them by provider and regions (the fault domains they share).` : '';
  if (state.overlay && state.selected) {
    fill(cap, h('strong', null, `${state.selected.pattern} at ${state.selected.domain}`), `: ${state.overlay.summary}. Failed: `, state.overlay.failed.map((d, i) => [i ? ', ' : '', h('code', null, d)]), `.${grouped}`);
  } else if (g.mode === 'grouped') {
    const groups = g.nodes.filter((n) => n.type === 'group').length;
    fill(cap, `${g.components.toLocaleString('en')} components in ${groups} placement groups, ${g.edges.length} links between groups; pick a scenario to colour it.${grouped}`);
  } else fill(cap, `${g.components} components, ${g.edges.length} dependencies, ${g.domains.length} fault-domain groups; pick a scenario to colour it.`);
}

async function jumpToNode(n) {
  try {
    const [pos] = await state.engine.op('positions', { text: state.editor.text, pointers: [n.pointer] });
    if (pos) state.editor.reveal(pos.line, pos.column);
    status(pos ? `${n.type === 'group' ? `The first component of ${n.label}` : n.label} is at line ${pos.line}.` : `No line found for ${n.label}.`);
  } catch (e) {
    status(`Could not find ${n.label} in the text: ${e.message}`);
  }
}

// --- rendering: replay, mitigations, risks -----------------------------------------------------

function safeUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

function renderReplay(incidents, error) {
  const list = $('replay');
  if (error) return fill(list, h('li', { class: 'empty' }, `Replay failed: ${error.message}`));
  if (!incidents) return fill(list, h('li', { class: 'empty' }, 'Replaying…'));
  $('count-replay').textContent = `(${incidents.length})`;
  if (incidents.length === 0) return fill(list, h('li', { class: 'empty' }, 'No catalogued incident touches the providers and regions this architecture uses.'));
  fill(
    list,
    incidents.map((inc) => {
      const href = safeUrl(inc.source);
      return h(
        'li',
        { class: 'incident', 'data-incident': inc.incident },
        h('h3', null, h('span', { class: 'date' }, inc.date), ' ', rich(inc.title)),
        h(
          'p',
          { class: 'meta' },
          `${inc.pattern} at `,
          h('code', null, inc.domain),
          ` for ${inc.minutesText}: ${inc.hurt ? `${inc.hurt} of ${inc.total} journeys hurt` : 'no journey hurt'}${inc.total > inc.journeys.length ? ` (the ${inc.journeys.length} most hurt shown)` : ''}. `,
          href ? h('a', { href, rel: 'noopener noreferrer external', class: 'postmortem' }, 'Public post-mortem') : null,
        ),
        h(
          'ul',
          { class: 'timeline' },
          inc.journeys.map((j) =>
            h(
              'li',
              { class: `status-${j.status}` },
              h('span', { class: 'jname' }, j.name),
              bar(
                [
                  [j.down, 'bar-down'],
                  [j.degraded, 'bar-degraded'],
                ],
                Math.max(inc.minutes, j.down + j.degraded),
                j.label,
              ),
              h('span', { class: 'jstate' }, j.text),
            ),
          ),
        ),
      );
    }),
  );
}

function renderMitigations(report, error) {
  const list = $('mitigations');
  if (error) return fill(list, h('li', { class: 'empty' }, `Could not compute mitigations: ${error.message}`));
  if (report === 'deferred') {
    $('count-mitigations').textContent = '';
    return fill(
      list,
      h(
        'li',
        { class: 'empty' },
        `This description is large (${(state.scoreText.length / 1048576).toFixed(1)} MB): measuring every mitigation re-scores it once per candidate and can take minutes, so it waits for you. `,
        h('button', { type: 'button', id: 'compute-mitigations', onclick: () => runSuggest(state.scoreText) }, 'Compute mitigations'),
      ),
    );
  }
  if (!report) return fill(list, h('li', { class: 'empty' }, 'Measuring mitigations…'));
  $('count-mitigations').textContent = `(${report.suggestions.length})`;
  if (report.suggestions.length === 0) return fill(list, h('li', { class: 'empty' }, `No mitigation improves the score (${report.considered} considered).`));
  keepFocus(list, () =>
    fill(
      list,
      report.suggestions.map((sg, i) =>
        h(
          'li',
          { class: 'suggestion', 'data-id': sg.id },
          h(
            'div',
            { class: 'suggestion-head' },
            h('span', { class: 'rank' }, `${i + 1}.`),
            h('strong', { class: 'title' }, rich(sg.title)),
            h('span', { class: `cost cost-${sg.cost}` }, `${sg.cost} cost`),
            h('span', { class: 'gain' }, `+${sg.gain.toFixed(1)} points → ${sg.score.toFixed(1)} (${sg.grade})`),
            h('span', { class: 'per-cost' }, `${sg.perCost.toFixed(2)} per cost unit`),
            h('button', { type: 'button', class: 'apply', 'data-key': `apply:${sg.id}`, onclick: () => reviewSuggestion(sg) }, 'Review and apply'),
          ),
          h('p', { class: 'desc' }, rich(sg.description)),
          sg.journeys.length ? h('p', { class: 'journey-gains' }, sg.journeys.join(' · '), sg.moreJourneys ? ` · and ${sg.moreJourneys} more journeys` : '') : null,
        ),
      ),
    ),
  );
}

function renderRisks(advice, error) {
  const box = $('risks');
  if (error) return fill(box, h('p', { class: 'empty' }, `Could not work out risk groups: ${error.message}`));
  if (!advice) return fill(box, h('p', { class: 'empty' }, 'Working them out…'));
  $('count-risks').textContent = `(${advice.singlePointCount + advice.riskGroupCount})`;
  const table = (rows, caption) =>
    rows.length
      ? h(
          'div',
          { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
          h(
            'table',
            { class: 'risk-table' },
            h('caption', null, caption),
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'fault domains'), h('th', { scope: 'col' }, 'journeys it takes down'), h('th', { scope: 'col' }, 'how often'), h('th', { scope: 'col' }, 'patterns'))),
            h(
              'tbody',
              null,
              rows.map((r) =>
                h(
                  'tr',
                  null,
                  h('th', { scope: 'row' }, r.domains.map((d, i) => [i ? ' + ' : '', h('code', null, d)])),
                  h('td', null, r.journeys.join(', '), r.more ? ` and ${r.more} more` : ''),
                  h('td', null, r.rate),
                  h('td', null, r.patterns.map((p, i) => [i ? ', ' : '', h('code', null, p)])),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'empty' }, `${caption}: none.`);
  fill(
    box,
    table(advice.singlePoints, 'Single points of failure'),
    table(advice.riskGroups, `Risk groups of up to ${advice.maxOrder} domains`),
    advice.truncated ? h('p', { class: 'hint' }, rich(advice.truncated)) : null,
  );
}

// --- tabs ---------------------------------------------------------------------------------------

const TABS = ['scenarios', 'replay', 'mitigations', 'risks'];

function selectTab(name, focus = false) {
  for (const t of TABS) {
    const on = t === name;
    const tab = $(`tab-${t}`);
    tab.setAttribute('aria-selected', on ? 'true' : 'false');
    tab.tabIndex = on ? 0 : -1;
    $(`panel-${t}`).hidden = !on;
  }
  if (focus) $(`tab-${name}`).focus();
  if (name === 'scenarios' && state.layout && graph.view === null) graph.fit();
}

function setupTabs() {
  for (const t of TABS) {
    const tab = $(`tab-${t}`);
    tab.addEventListener('click', () => selectTab(t));
    tab.addEventListener('keydown', (event) => {
      const i = TABS.indexOf(t);
      const next = { ArrowRight: TABS[(i + 1) % TABS.length], ArrowLeft: TABS[(i + TABS.length - 1) % TABS.length], Home: TABS[0], End: TABS[TABS.length - 1] }[event.key];
      if (!next) return;
      event.preventDefault();
      selectTab(next, true);
    });
  }
}

// --- actions ------------------------------------------------------------------------------------

async function selectScenario(sc, focusDetail = false) {
  state.selected = { id: sc.id, pattern: sc.pattern, domain: sc.domain };
  for (const li of $('scenarios').querySelectorAll('li.scenario')) {
    const on = li.dataset.scenario === sc.id;
    li.classList.toggle('selected', on);
    li.querySelector('.scenario-pick')?.setAttribute('aria-pressed', on ? 'true' : 'false');
  }
  const text = state.scoreText;
  try {
    const d = await state.engine.op('scenario', { text, scenario: sc.id, pattern: sc.pattern, domain: sc.domain });
    if (state.selected?.id !== sc.id || text !== state.scoreText) return;
    state.overlay = d.overlay;
    renderScenarioDetail(d);
    graph.setOverlay(d.overlay);
    renderGraph(null);
    document.body.dataset.selected = sc.id;
    status(`Showing the blast radius of ${sc.pattern} at ${sc.domain}.`);
    if (focusDetail) $('scenario-detail').focus();
  } catch (e) {
    status(`Could not simulate ${sc.id}: ${e.message}`);
  }
}

/** Asks the engine for the minimal patch of a suggestion and shows it before anything changes. */
async function reviewSuggestion(sg) {
  if (state.scoreText !== state.editor.text) return status('The description has errors or changed since the mitigations were measured; fix it first, then apply.');
  selectTab('mitigations');
  const text = state.editor.text;
  const box = $('review');
  box.hidden = false;
  fill(box, h('p', { class: 'hint' }, `Preparing “`, rich(sg.title), '”…'));
  let p;
  try {
    p = await state.engine.op('patch', { text, suggestion: sg.id });
  } catch (e) {
    fill(
      box,
      h('h3', { tabindex: -1, id: 'review-h' }, 'This change cannot be applied as an edit of your text'),
      h('p', null, rich(e.message)),
      ...(e.diagnostics ?? []).filter((d) => d.help).map((d) => h('p', { class: 'hint' }, rich(d.help), d.line ? ` (line ${d.line})` : '')),
      h('button', { type: 'button', onclick: closeReview }, 'Close'),
    );
    $('review-h').focus();
    return;
  }
  state.review = { id: sg.id, title: sg.title, baseText: text, patched: p, suggestion: sg };
  const lines = p.hunks.reduce((n, x) => n + x.lines.filter((l) => l.kind !== 'same').length, 0);
  fill(
    box,
    h('h3', { tabindex: -1, id: 'review-h' }, 'Review: ', rich(sg.title)),
    h('p', null, `${p.edits.length} edit${p.edits.length === 1 ? '' : 's'}, ${lines} line${lines === 1 ? '' : 's'} removed or added; everything else in your text stays as it is (comments and layout included). Expected score after it: ${sg.score.toFixed(1)} (${sg.grade}).`),
    h(
      'div',
      { class: 'diff', role: 'region', 'aria-label': 'The edits', tabindex: 0 },
      p.hunks.map((hk) =>
        h(
          'section',
          { class: 'hunk', 'data-old-lines': `${hk.oldLines[0]}-${hk.oldLines[1]}`, 'data-new-lines': `${hk.newLines[0]}-${hk.newLines[1]}` },
          h('h4', null, `Line ${hk.oldLines[0]}: ${hk.what}`),
          h(
            'pre',
            null,
            hk.lines.map((l) =>
              h(
                'span',
                { class: `dl ${l.kind}` },
                h('span', { class: 'ln', 'aria-hidden': 'true' }, String(l.old ?? '').padStart(4, ' '), ' ', String(l.new ?? '').padStart(4, ' ')),
                h('span', { class: 'mark' }, l.kind === 'add' ? '+ ' : l.kind === 'del' ? '− ' : '  '),
                h('span', { class: 'visually-hidden' }, l.kind === 'add' ? 'added: ' : l.kind === 'del' ? 'removed: ' : ''),
                l.text,
                '\n',
              ),
            ),
          ),
        ),
      ),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'confirm-apply', class: 'apply', onclick: confirmApply }, 'Apply these edits'), ' ', h('button', { type: 'button', onclick: closeReview }, 'Cancel')),
  );
  $('review-h').focus();
}

function closeReview() {
  state.review = null;
  $('review').hidden = true;
  $('review').replaceChildren();
}

/** Turns line edits (1-based, half-open) of the current text into editor changes that give `target`. */
function lineChanges(edits, target) {
  const starts = [0];
  for (let i = target.indexOf('\n'); i !== -1; i = target.indexOf('\n', i + 1)) starts.push(i + 1);
  starts.push(target.length);
  const at = (n) => starts[Math.min(n - 1, starts.length - 1)];
  return edits.map((e) => ({ fromLine: e.oldLines.start, toLine: e.oldLines.end, insert: target.slice(at(e.newLines.start), at(e.newLines.end)) }));
}

function confirmApply() {
  const r = state.review;
  if (!r) return;
  if (state.editor.text !== r.baseText) {
    status('The description changed while you reviewed; review the change again.');
    return reviewSuggestion(r.suggestion);
  }
  const before = state.view;
  state.editor.applyLineEdits(lineChanges(r.patched.edits, r.patched.text), r.patched.text, 'input.apply');
  const inverse = r.patched.edits.map((e) => ({ oldLines: e.newLines, newLines: e.oldLines }));
  state.compare = { title: r.title, before, beforeText: r.baseText, afterText: r.patched.text, after: null, inverse };
  closeReview();
  renderCompare();
  $('compare-h')?.focus();
  status(`Applied “${r.title.replace(/`/g, '')}”: ${r.patched.edits.length} edit${r.patched.edits.length === 1 ? '' : 's'}. Re-scoring…`);
}

function undoApply() {
  const c = state.compare;
  if (!c) return;
  if (state.editor.text !== c.afterText) {
    status('The description changed after the mitigation was applied; use Ctrl+Z in the editor to step back.');
    return;
  }
  state.editor.applyLineEdits(lineChanges(c.inverse, c.beforeText), c.beforeText, 'input.undo-apply');
  state.compare = null;
  renderCompare();
  status('The change is undone: the description is exactly as before.');
  $('tab-mitigations').focus();
}

function renderCompare() {
  const box = $('compare');
  const c = state.compare;
  if (!c) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.hidden = false;
  const col = (label, v, cls) =>
    h(
      'div',
      { class: `side ${cls}` },
      h('h4', null, label),
      v
        ? [
            h('p', { class: 'big' }, h('span', { class: 'side-score' }, v.report.score.toFixed(1)), ' ', h('span', { class: gradeClass(v.report.grade) }, v.report.grade)),
            h(
              'ul',
              null,
              v.journeys.slice(0, 20).map((j) => h('li', null, h('strong', null, j.name), `: ${j.expected} a year (${j.score})`)),
              v.journeys.length > 20 ? h('li', null, `and ${v.journeys.length - 20} more journeys`) : null,
            ),
          ]
        : h('p', { class: 'hint' }, 'Scoring…'),
    );
  fill(
    box,
    h('h3', { class: 'compare-title', id: 'compare-h', tabindex: -1 }, 'Applied: ', rich(c.title), c.after ? ` — score ${c.before.report.score.toFixed(1)} → ${c.after.report.score.toFixed(1)}` : ''),
    h('div', { class: 'sides' }, col('Before', c.before, 'before'), col('After', c.after, 'after')),
    h('button', { type: 'button', id: 'undo-apply', onclick: undoApply }, 'Undo this change'),
  );
}

/** Exports only what is shown, and only when it is the current text's. */
function exportable() {
  if (!state.view) {
    status('Nothing to export yet: the description has errors.');
    return false;
  }
  if (state.scoreText !== state.editor.text) {
    notice('export', 'error', 'Not exported: the description has errors, so the results shown are from an earlier version of it. Fix the errors, then export.');
    return false;
  }
  dropNotice('export');
  return true;
}

async function exportMarkdown() {
  if (!exportable()) return;
  const md = await state.engine.call('scoreMarkdown', state.scoreText);
  download(`${docName()}-faultline.md`, md, 'text/markdown');
  status(`Markdown report downloaded (every one of the ${state.view.report.findings.toLocaleString('en')} findings).`);
}

async function exportJson() {
  if (!exportable()) return;
  const json = await state.engine.call('scoreJson', state.scoreText);
  download(`${docName()}-faultline.json`, json, 'application/json');
  status('JSON report downloaded.');
}

function saveDocument() {
  let text = state.editor.text;
  const isJson = text.trimStart().startsWith('{');
  // The opened file's CRLF line ends and byte-order mark, which the editor does not hold.
  const form = state.fileForm;
  const kept = [];
  if (form?.crlf) {
    text = text.replace(/\r?\n/g, '\r\n');
    kept.push('CRLF line ends');
  }
  if (form?.bom) {
    text = `\ufeff${text}`;
    kept.push('byte-order mark');
  }
  download(`${docName()}.${isJson ? 'json' : 'yaml'}`, text, isJson ? 'application/json' : 'application/yaml');
  status(kept.length ? `Description downloaded, with the ${kept.join(' and ')} of ${form.name}.` : 'Description downloaded.');
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
    const long = url.length > LONG_LINK ? ` It is long (${url.length.toLocaleString('en')} characters): some browsers and chat tools cut links that long; Save the file instead if it does not open.` : '';
    try {
      await navigator.clipboard.writeText(url);
      status(`Share link copied (${url.length.toLocaleString('en')} characters). The description is in the part after #, which browsers never send to a server.${long}`);
    } catch {
      status(`Share link ready: copy it from the box. The description is in the part after #, which browsers never send to a server.${long}`);
    }
  } catch (e) {
    status(`Could not make a share link: ${e.message}`);
  }
}

// --- share links in, and the two documents ------------------------------------------------------

function sharedBanner() {
  notice(
    'shared',
    'info',
    h('strong', null, 'A shared description, opened as a separate copy. '),
    'Your own description is kept as it was; edits here are kept apart from it. ',
    h('button', { type: 'button', id: 'back-to-own', onclick: backToOwn }, 'Back to my description'),
    ' ',
    h('button', { type: 'button', id: 'keep-shared', onclick: keepShared }, 'Make this my description'),
  );
}

function backToOwn() {
  flushSave();
  state.slot = 'own';
  keep(SLOT_KEY, null, sessionStorage);
  const own = load(OWN_KEY) ?? defaultText();
  state.editor.replace(own, 'input.switch');
  dropNotice('shared');
  status('Back to your own description.');
}

function keepShared() {
  flushSave();
  const own = load(OWN_KEY);
  if (own !== null) keep(PREVIOUS_KEY, own);
  state.slot = 'own';
  keep(SLOT_KEY, null, sessionStorage);
  keep(OWN_KEY, state.editor.text);
  dropNotice('shared');
  status('This is now your description; the one it replaced is kept once in this browser (as the previous description).');
}

/** Reads a `#doc=` fragment: the text, or null after saying (in a notice that stays) what is wrong. */
async function readLink(hash) {
  try {
    const text = await decodeFragment(hash, state.limits.maxInputBytes);
    dropNotice('link');
    return text;
  } catch (e) {
    const why = e instanceof ShareLinkError ? e.message : String(e?.message ?? e);
    notice('link', 'error', h('strong', null, 'This share link could not be opened: '), `${why}. `, e.kind === 'too-large' ? 'It was refused before it could fill the memory of this tab. ' : 'Ask for the link again. ', 'Your own description is shown, unchanged.');
    return null;
  } finally {
    history.replaceState(null, '', location.pathname + location.search);
  }
}

async function onHashChange() {
  if (!isDocFragment(location.hash)) return;
  const text = await readLink(location.hash);
  if (text === null) return;
  flushSave();
  state.slot = 'shared';
  keep(SLOT_KEY, 'shared', sessionStorage);
  keep(SHARED_KEY, text);
  resetPicker();
  state.editor.replace(text, 'input.share');
  sharedBanner();
  status('Opened the shared description as a separate copy; Undo brings back what you had.');
}

function defaultText() {
  return (examples.find((e) => e.file === DEFAULT_EXAMPLE) ?? examples[0]).text;
}

async function initialText() {
  if (isDocFragment(location.hash)) {
    const text = await readLink(location.hash);
    if (text !== null) {
      state.slot = 'shared';
      keep(SLOT_KEY, 'shared', sessionStorage);
      keep(SHARED_KEY, text);
      sharedBanner();
      return text;
    }
  }
  if (load(SLOT_KEY, sessionStorage) === 'shared') {
    const shared = load(SHARED_KEY);
    if (shared !== null) {
      state.slot = 'shared';
      sharedBanner();
      return shared;
    }
  }
  const stored = load(OWN_KEY);
  if (stored !== null && stored.trim() !== '') return stored;
  return defaultText();
}

// --- the assessment loop ----------------------------------------------------------------------

function sizeGuard(text) {
  const large = text.length > LARGE_TEXT;
  state.large = large;
  if (!large) {
    state.keepLarge = false;
    dropNotice('large');
    return;
  }
  if (state.keepLarge) return;
  notice(
    'large',
    'warning',
    h('strong', null, `This description is ${(text.length / 1048576).toFixed(1)} MB: it is not kept in this browser automatically. `),
    `Above ${LARGE_TEXT / 1024} KB the page scores it but does not store it on every change (a reload shows your last smaller description), shows it without syntax colours, draws the graph grouped, and measures mitigations only when asked. Use Save to download it, or `,
    h(
      'button',
      {
        type: 'button',
        onclick: () => {
          state.keepLarge = true;
          storeDocument(state.editor.text);
          dropNotice('large');
          status('The large description is kept in this browser; later changes are kept too.');
        },
      },
      'keep it in this browser',
    ),
    '.',
  );
}

const assess = latestOnly(async (text, newer) => {
  // What the advisor computes is thrown away once this text is scored (`advise` starts
  // again, for this text): stopped now, it leaves the score its core (on two cores it made a
  // keystroke's score about twice as slow, docs/performance.md).
  state.advisor?.cancel();
  let v;
  try {
    // The open scenario's findings come with their chains, so its detail needs no second play.
    v = await state.engine.op('assess', { text, page: state.page, scenario: state.selected?.id ?? null });
  } catch (e) {
    if (e.cancelled || newer() || text !== state.editor.text) return;
    renderDiagnostics([], 0, `The engine failed on this input: ${e.message}.${e.trap ? ' This is a bug in faultline; the engine has been restarted.' : ''}`);
    document.body.dataset.status = 'invalid';
    status('The engine failed on this input.');
    return;
  }
  if (newer() || text !== state.editor.text) return;
  performance.mark('faultline:assessed');
  state.assessments += 1;
  document.body.dataset.assessments = String(state.assessments);
  const diagnostics = v.validation.diagnostics;
  state.editor.showDiagnostics(diagnostics);
  if (!v.report) {
    const all = v.validation.ok ? [...diagnostics, ...(v.error?.diagnostics ?? [])] : diagnostics;
    renderDiagnostics(all, Math.max(v.validation.total, all.length), v.validation.ok ? (v.error?.message ?? 'unknown error') : null);
    for (const id of ['summary', 'details']) $(id).classList.add('stale');
    $('stale-note').hidden = state.view === null;
    if (state.view === null) {
      $('score-value').textContent = '–';
      $('grade').textContent = '';
    }
    document.body.dataset.status = 'invalid';
    status(`The description has errors; ${state.view ? 'the results shown are from the last version without errors' : 'nothing scored yet'}.`);
    return;
  }
  const shown = diagnostics.filter((d) => d.severity !== 'info');
  renderDiagnostics(shown, shown.length, null);
  for (const id of ['summary', 'details']) $(id).classList.remove('stale');
  $('stale-note').hidden = true;
  dropNotice('export');
  const changedText = state.scoreText !== text;
  state.view = v;
  state.scoreText = text;
  state.page.offset = v.page.offset;
  renderScore(v);
  renderJourneys(v);
  // The details in the next frame: two smaller layouts rather than one long one.
  await nextFrame();
  if (newer() || text !== state.editor.text) return;
  renderJourneyFilter(v.journeyNames);
  renderScenarioPage(v.page);
  if (v.graph) renderGraph(v.graph);
  if (state.compare && state.compare.afterText === text) {
    state.compare.after = v;
    renderCompare();
  }
  document.body.dataset.status = 'ready';
  performance.mark('faultline:rendered');
  status(`Scored: ${v.report.score.toFixed(1)}/100, grade ${v.report.grade}.`);

  if (state.selected) {
    try {
      const d = await state.engine.op('scenario', { text, scenario: state.selected.id, pattern: state.selected.pattern, domain: state.selected.domain });
      if (newer() || text !== state.editor.text) return;
      if (d.findings.length === 0) throw new Error('gone');
      state.overlay = d.overlay;
      renderScenarioDetail(d);
      graph.setOverlay(d.overlay);
      renderGraph(null);
    } catch {
      state.selected = null;
      state.overlay = null;
      delete document.body.dataset.selected;
      renderScenarioDetail(null);
      graph.setOverlay(null);
      renderGraph(null);
    }
  } else if (changedText) {
    state.overlay = null;
    graph.setOverlay(null);
    renderGraph(null);
  }
  advise(text, state.assessments);
});

/** Resolves after the browser has laid out and painted (or after 100 ms in a hidden tab). */
function nextFrame() {
  return new Promise((resolve) => {
    const done = () => setTimeout(resolve, 0);
    requestAnimationFrame(done);
    setTimeout(done, 100);
  });
}

function renderJourneyFilter(names) {
  const sel = $('scenario-journey');
  const current = sel.value;
  const key = names.join('\u0000');
  if (sel.dataset.names === key) return;
  sel.dataset.names = key;
  fill(sel, h('option', { value: '' }, 'all'), names.map((n) => h('option', { value: n }, n)));
  sel.value = names.includes(current) ? current : '';
}

// Advice (risks and the best fixes, within a work budget), replay and mitigations for `text`, in
// the second worker, one after the other so the summary fills first, once the text has rested
// for ADVISE_AFTER_MS: while the user types, the score has the cores to itself. A newer text
// cancels an older computation by restarting that worker: suggest on a large description
// takes minutes.
async function advise(text, generation) {
  const advisor = state.advisor;
  const current = () => text === state.editor.text && generation === state.assessments;
  // What the advisor showed belongs to the previous text: another document's is cleared at
  // once, the same document's is marked as updating until its new results arrive.
  const name = state.view?.report?.name ?? null;
  const busy = ['top-risks', 'top-fixes', 'replay', 'mitigations', 'risks'];
  if (state.advisedName !== name) {
    state.advisedName = name;
    state.suggest = null;
    for (const id of ['count-replay', 'count-mitigations', 'count-risks']) $(id).textContent = '';
    renderTopRisks(null, null);
    renderTopFixes(null, null);
    renderRisks(null, null);
    renderReplay(null, null);
    renderMitigations(null, null);
  }
  for (const id of busy) $(id).setAttribute('aria-busy', 'true');
  await new Promise((resolve) => setTimeout(resolve, ADVISE_AFTER_MS));
  if (!current()) return;
  if (advisor.busy) advisor.restart();
  const settle = (...ids) => ids.forEach((id) => $(id).removeAttribute('aria-busy'));
  let advice = null;
  try {
    advice = await advisor.op('advice', { text });
    if (!current()) return;
    renderTopRisks(advice, null);
    renderRisks(advice, null);
    settle('top-risks', 'risks');
    performance.mark('faultline:advice');
    if (!state.suggest || state.suggest.text !== text) {
      renderTopFixes(advice.fixes, null, advice.fixesTruncated ? 'None within the quick budget; see Mitigations.' : null);
      settle('top-fixes');
    }
  } catch (e) {
    if (e.cancelled || !current()) return;
    renderTopRisks(null, e);
    renderRisks(null, e);
    renderTopFixes(null, e);
    settle('top-risks', 'risks', 'top-fixes');
  }
  try {
    const replay = await advisor.op('replay', { text });
    if (!current()) return;
    renderReplay(replay, null);
    settle('replay');
    performance.mark('faultline:replay');
  } catch (e) {
    if (e.cancelled || !current()) return;
    renderReplay(null, e);
    settle('replay');
  }
  if (state.large) {
    $('mitigations').removeAttribute('aria-busy');
    $('mitigations-status').textContent = '';
    renderMitigations('deferred', null);
    document.body.dataset.extras = String(generation);
    return;
  }
  await runSuggest(text, generation);
}

async function runSuggest(text, generation = state.assessments) {
  const current = () => text === state.editor.text && generation === state.assessments;
  $('mitigations-status').textContent = 'Measuring mitigations…';
  renderMitigations(null, null);
  let report = null;
  let error = null;
  try {
    report = await state.advisor.op('suggest', { text });
  } catch (e) {
    if (e.cancelled) return;
    error = e;
  }
  if (!current()) return;
  $('mitigations').removeAttribute('aria-busy');
  $('mitigations-status').textContent = report ? `${report.considered} changes measured in ${(report.ms / 1000).toFixed(1)} s.` : '';
  state.suggest = report ? { text, report } : null;
  renderMitigations(report, error);
  if (report) renderTopFixes(report.suggestions, null);
  $('top-fixes').removeAttribute('aria-busy');
  document.body.dataset.extras = String(generation);
}

let timer = 0;
let pendingSave = null;

/** Saves now what the pending change would save (before switching documents). */
function flushSave() {
  if (pendingSave === null && timer) pendingSave = state.editor.text;
  if (pendingSave !== null) {
    storeDocument(pendingSave);
    pendingSave = null;
  }
}

function resetPicker() {
  $('example').value = '';
}

function onChange(getText) {
  clearTimeout(timer);
  pendingSave = null;
  timer = setTimeout(() => {
    const text = getText();
    if (state.compare && state.compare.afterText !== text && state.compare.beforeText !== text && state.compare.after) {
      state.compare = null;
      renderCompare();
    }
    if (state.review && state.review.baseText !== text) closeReview();
    const picked = examples.find((e) => e.file === $('example').value);
    if (picked && picked.text !== text) resetPicker();
    sizeGuard(text);
    pendingSave = text;
    flushSave();
    if (state.engine) assess(text);
  }, DEBOUNCE_MS);
}

// --- start ------------------------------------------------------------------------------------

function setupToolbar() {
  const picker = $('example');
  picker.append(...examples.map((e) => h('option', { value: e.file }, `${e.file.replace(/\.(ya?ml|json)$/, '')} — ${e.description}`)));
  picker.addEventListener('change', () => {
    const ex = examples.find((e) => e.file === picker.value);
    if (!ex) return;
    state.selected = null;
    state.fileForm = null;
    state.editor.replace(ex.text, 'input.example');
    status(`Loaded the example ${ex.file}.`);
  });
  $('file-input').addEventListener('change', async (event) => {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > state.limits.maxInputBytes) {
      notice('open', 'error', `${file.name} is ${file.size.toLocaleString('en')} bytes; the most a description may have is ${state.limits.maxInputBytes.toLocaleString('en')} bytes (16 MiB). It was not opened.`);
      return;
    }
    try {
      // Read strictly: text that is not UTF-8 is refused, never changed silently (Blob.text()
      // replaces bad bytes). The byte-order mark and CRLF line ends are remembered, so that
      // Save writes the file as it was written.
      const bytes = new Uint8Array(await file.arrayBuffer());
      let text;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        notice('open', 'error', `${file.name} is not UTF-8 text, so it was not opened (a description is UTF-8).`);
        return;
      }
      const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      const crlf = text.includes('\r\n');
      dropNotice('open');
      state.selected = null;
      resetPicker();
      state.editor.replace(text, 'input.open');
      state.fileForm = { name: file.name, bom, crlf };
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
  let filterTimer = 0;
  $('scenario-filter').addEventListener('input', (event) => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => requestPage({ filter: event.target.value, offset: 0 }), 120);
  });
  $('scenario-journey').addEventListener('change', (event) => requestPage({ journey: event.target.value, offset: 0 }));
  $('scenarios-prev').addEventListener('click', () => requestPage({ offset: Math.max(0, state.page.offset - 25) }));
  $('scenarios-next').addEventListener('click', () => requestPage({ offset: state.page.offset + 25 }));
  $('graph-fit').addEventListener('click', () => graph.fit());
  $('graph-in').addEventListener('click', () => graph.zoom(1.25));
  $('graph-out').addEventListener('click', () => graph.zoom(0.8));
  setupTabs();
  window.addEventListener('hashchange', onHashChange);
}

async function main() {
  setupToolbar();
  graph = new Graph($('graph'), { onActivate: jumpToNode });
  // The engine starts while the editor opens. A share link inflates at most to the engine's
  // input limit (limits().maxInputBytes, 16 MiB, the same as state.limits until it answers).
  const starting = new Engine('faultline-engine').ready;
  const text = await initialText();
  state.editor = new Editor($('editor'), { text, onChange, getSchema: () => state.schema });
  // A test seam: the editor's exact text (the DOM holds only the visible lines).
  $('editor').faultlineText = () => state.editor.text;
  sizeGuard(text);
  storeDocument(text);
  if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
    navigator.serviceWorker.register('./sw.js').catch((e) => console.info('faultline: no offline cache', e.message));
  }
  try {
    state.engine = await starting;
    state.limits = state.engine.limits ?? state.limits;
    state.advisor = new Engine('faultline-advisor');
  } catch (e) {
    document.body.dataset.status = 'failed';
    renderDiagnostics([], 0, `The scoring engine could not start in this browser: ${e.message}`);
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
  assess(state.editor.text);
}

main();
