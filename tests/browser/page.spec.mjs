// The page, driven in headless Chromium as a new user would. Every test also checks, through the
// `guard` fixture, that no request left the page's origin, that nothing was logged as an error
// (a CSP violation, such as an eval or an inline style, is logged as one) and that no dialog opened.
import { test as base, expect } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticArchitecture } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const example = (file) => readFileSync(join(root, 'examples', file), 'utf8');
const SHOTS = process.env.FAULTLINE_SCREENSHOTS === '1' ? join(root, 'docs', 'screenshots') : null;

async function shot(page, name, options = {}) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), ...options });
}

const test = base.extend({
  guard: [
    async ({ page, baseURL }, use) => {
      const origin = new URL(baseURL).origin;
      const requests = [];
      const errors = [];
      const dialogs = [];
      page.on('request', (r) => requests.push(r.url()));
      page.context().on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      page.on('dialog', async (d) => {
        dialogs.push(`${d.type()}: ${d.message()}`);
        await d.dismiss();
      });
      await use({ requests, errors, dialogs });
      const foreign = requests.filter((u) => {
        if (u.startsWith('blob:')) return !u.startsWith(`blob:${origin}/`);
        if (u.startsWith('data:')) return false;
        return new URL(u).origin !== origin;
      });
      expect(foreign, 'requests that left the origin').toEqual([]);
      expect(errors, 'console errors').toEqual([]);
      expect(dialogs, 'dialogs').toEqual([]);
      expect(requests.length, 'requests recorded').toBeGreaterThan(0);
    },
    { auto: true },
  ],
});

const editor = (page) => page.locator('#editor .cm-content');

async function ready(page) {
  await expect(page.locator('body')).toHaveAttribute('data-status', 'ready');
}

async function scoreOf(page) {
  const text = await page.locator('#score-value').textContent();
  expect(text).toMatch(/^\d+(\.\d)?$/);
  return Number(text);
}

/** Waits until the page has assessed at least once more than `before` times. */
async function assessedAfter(page, before) {
  await expect.poll(async () => Number(await page.locator('body').getAttribute('data-assessments'))).toBeGreaterThan(before);
}

/** Waits until the latest document is fully assessed: score, then replay and mitigations. */
async function settled(page, before) {
  await assessedAfter(page, before);
  await ready(page);
  await expect.poll(async () => (await page.locator('body').getAttribute('data-extras')) === (await page.locator('body').getAttribute('data-assessments'))).toBe(true);
}

async function assessments(page) {
  return Number((await page.locator('body').getAttribute('data-assessments')) ?? 0);
}

/** Moves the editor's cursor to the start of a 1-based line with CodeMirror's go-to-line (Ctrl+Alt+G). */
async function gotoLine(page, line) {
  await editor(page).click();
  await page.keyboard.press('Control+Alt+g');
  const input = page.locator('#editor .cm-panel input').first();
  await input.fill(String(line));
  await input.press('Enter');
  await expect(page.locator('#editor .cm-panel input')).toHaveCount(0);
  // The panel closes with the cursor on the line; give the keyboard back to the text.
  await editor(page).focus();
}

test('a first visit: example, score, error at the right line, scenario, export, reload', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  // A first visit shows the default example, scored.
  await expect(editor(page)).toContainText('maturity level 3');
  const score03 = await scoreOf(page);
  await expect(page.locator('#grade')).toHaveText(/^[ABCDF]$/);
  await expect(page.locator('#journeys tbody tr')).toHaveCount(3);
  await expect(page.locator('#scenarios li.scenario').first()).toBeVisible();
  await expect(page.locator('#scenarios li.scenario').first().locator('ol.chain li').first()).not.toBeEmpty();
  await expect(page.locator('#replay li.incident').first()).toBeVisible();
  await shot(page, 'first-load');

  // Pick the single-zone example: the same shop with less redundancy scores lower.
  await page.selectOption('#example', '01-startup-single-az.yaml');
  await expect(editor(page)).toContainText('maturity level 1');
  await expect.poll(() => scoreOf(page)).toBeLessThan(score03);
  const score01 = await scoreOf(page);

  // Break a value: `kind: database` → `kind: databse` on the line the file has it.
  const text01 = example('01-startup-single-az.yaml');
  const lines = text01.split('\n');
  const line = lines.findIndex((l) => /^\s+kind: database\s*$/.test(l)) + 1;
  expect(line).toBeGreaterThan(0);
  await gotoLine(page, line);
  await page.keyboard.press('End');
  for (let i = 0; i < 'database'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('databse');
  const problem = page.locator(`#problems li.diag.error[data-line="${line}"]`);
  await expect(problem).toBeVisible();
  await expect(problem).toContainText('databse');
  // Inline: the marked range sits on that line, over the bad word; the gutter has a marker.
  const range = page.locator('#editor .cm-lintRange-error').first();
  await expect(range).toHaveText('databse');
  expect(await range.evaluate((el) => el.closest('.cm-line').textContent)).toBe(lines[line - 1].replace('database', 'databse'));
  await expect(page.locator('#editor .cm-lint-marker-error').first()).toBeVisible();
  await expect(page.locator('body')).toHaveAttribute('data-status', 'invalid');
  await shot(page, 'error-at-line');

  // Fix it: the same text scores the same again.
  for (let i = 0; i < 'databse'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('database');
  await ready(page);
  await expect(page.locator('#problems')).toBeHidden();
  expect(await scoreOf(page)).toBe(score01);

  // Select the costliest scenario: the graph goes from uncoloured to coloured, and each journey
  // the scenario lists as down is drawn down.
  await expect(page.locator('#graph g.node.component.status-none').first()).toBeVisible();
  await expect(page.locator('#graph g.node.component.status-down')).toHaveCount(0);
  const first = page.locator('#scenarios li.scenario').first();
  await first.locator('.scenario-pick').click();
  await expect(first.locator('.scenario-pick')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('#graph g.node.component.status-none')).toHaveCount(0);
  const downJourneys = await first.locator('ul.impacts li.status-down strong').allTextContents();
  expect(downJourneys.length).toBeGreaterThan(0);
  for (const j of downJourneys) await expect(page.locator(`#graph g.node.journey[data-id="journey:${j}"]`)).toHaveClass(/status-down/);
  await expect(page.locator('#graph g.node.component.status-down').first()).toBeVisible();
  await expect(page.locator('#graph g.domain[class*="failed-"]').first()).toBeVisible();
  await page.locator('#graph').scrollIntoViewIfNeeded();
  await shot(page, 'blast-radius');

  // Export Markdown: a download whose content carries the score.
  const [md] = await Promise.all([page.waitForEvent('download'), page.click('#export-md')]);
  expect(md.suggestedFilename()).toBe('shopfront-faultline.md');
  const mdText = readFileSync(await md.path(), 'utf8');
  expect(mdText).toContain(`scores ${score01.toFixed(1)}/100`);
  expect(mdText).toContain('| checkout |');
  // Export JSON: the score report.
  const [js] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const report = JSON.parse(readFileSync(await js.path(), 'utf8'));
  expect(report.score).toBe(score01);

  // Edit, reload: the document is kept.
  await editor(page).click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('# kept across reloads 4711\n');
  await expect.poll(() => page.evaluate(() => localStorage.getItem('faultline.document.v1'))).toContain('kept across reloads 4711');
  await page.reload();
  await ready(page);
  await expect(editor(page)).toContainText('kept across reloads 4711');
  expect(await scoreOf(page)).toBe(score01);
});

test('a description with HTML and script in it is shown as text and never run', async ({ page }) => {
  const hostile = [
    'version: 1',
    'name: "<img src=x onerror=alert(1)>"',
    'description: "<script>alert(2)</script>"',
    'components:',
    '  - id: web',
    '    kind: compute',
    '    provider: aws',
    '    description: "<b onmouseover=alert(3)>hover</b>"',
    '    regions: [us-east-1]',
    'journeys:',
    '  - name: "<script>alert(4)</script>"',
    '    entry: [web]',
    '',
  ].join('\n');
  await page.goto('/');
  await ready(page);
  const before = await assessments(page);
  await page.setInputFiles('#file-input', { name: 'hostile.yaml', mimeType: 'text/yaml', buffer: Buffer.from(hostile) });
  await assessedAfter(page, before);
  await ready(page);
  await expect(page.locator('#score-name')).toHaveText('<img src=x onerror=alert(1)>');
  await expect(page.locator('#journeys tbody th').first()).toHaveText('<script>alert(4)</script>');
  await expect(page.locator('#scenarios')).toContainText('<script>alert(4)</script>');
  await expect(editor(page)).toContainText('<script>alert(2)</script>');
  // Nothing was parsed as markup: no <img>, no <b>, and the only scripts are the page's own.
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.locator('b').count()).toBe(0);
  expect(await page.evaluate(() => [...document.scripts].map((s) => new URL(s.src).pathname))).toEqual(['/app.js']);
  // Select a scenario so the hostile journey name is drawn in the graph too.
  await page.locator('#scenarios .scenario-pick').first().click();
  const journeyNode = page.locator('#graph g.node.journey').first();
  await expect(journeyNode.locator('text.label')).toContainText('<script>alert(4)</s'); // truncated to fit
  expect(await journeyNode.locator('title').textContent()).toMatch(/^<script>alert\(4\)<\/script> — /);
  await page.waitForTimeout(300); // would an onerror handler have fired, it would have by now
  await shot(page, 'hostile-as-text');
});

test('a share link carries the document in the fragment and restores it', async ({ page, browser }) => {
  await page.goto('/');
  await ready(page);
  await page.selectOption('#example', '05-multi-cloud.yaml');
  await expect(editor(page)).toContainText('streamly');
  await page.click('#share');
  // The link is written once the document is compressed (CompressionStream is asynchronous).
  await expect(page.locator('#share-url')).toHaveValue(/#doc=/);
  const url = await page.locator('#share-url').inputValue();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#doc=[A-Za-z0-9_-]+$/);
  // Compressed: the fragment is shorter than the document.
  expect(url.split('#doc=')[1].length).toBeLessThan(example('05-multi-cloud.yaml').length);

  // A new visitor (empty storage) opening the link sees the shared document.
  const context = await browser.newContext();
  const other = await context.newPage();
  const foreign = [];
  other.on('request', (r) => {
    if (new URL(r.url()).origin !== new URL(url).origin) foreign.push(r.url());
  });
  await other.goto(url);
  await expect(other.locator('body')).toHaveAttribute('data-status', 'ready');
  await expect(other.locator('#editor .cm-content')).toContainText('streamly');
  expect(await other.locator('#editor .cm-content').textContent()).toContain('Streaming catalogue and accounts on AWS and GCP');
  await expect(other.locator('#score-name')).toHaveText('streamly');
  // The fragment is dropped once read, so a reload keeps the visitor's own edits.
  expect(new URL(other.url()).hash).toBe('');
  expect(foreign).toEqual([]);
  await context.close();
});

test('mitigations: apply the best one, the score rises, undo restores it', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const n = await assessments(page);
  await page.selectOption('#example', '01-startup-single-az.yaml');
  await expect(editor(page)).toContainText('maturity level 1');
  await settled(page, n);
  const before = await scoreOf(page);
  const beforeText = await editor(page).textContent();
  expect(await page.locator('#mitigations .unavailable').count(), 'this build of the package has no suggest() / applySuggestion() (see the JS contract)').toBe(0);
  const suggestion = page.locator('#mitigations li.suggestion').first();
  await expect(suggestion, 'this build must export suggest() and applySuggestion()').toBeVisible();
  await expect(suggestion.locator('.gain')).toContainText('+');
  await suggestion.locator('button.apply').click();
  await expect(page.locator('#compare')).toBeVisible();
  const beforeSide = Number(await page.locator('#compare .before .side-score').textContent());
  const afterSide = Number(await page.locator('#compare .after .side-score').textContent());
  expect(beforeSide).toBe(before);
  expect(afterSide).toBeGreaterThan(before);
  expect(await scoreOf(page)).toBe(afterSide);
  await page.locator('#compare').scrollIntoViewIfNeeded();
  await shot(page, 'mitigation-applied');
  // Undo puts the old document back, and with it the old score.
  await page.click('#undo-apply');
  await expect.poll(() => editor(page).textContent()).toBe(beforeText);
  await expect.poll(() => scoreOf(page)).toBe(before);
});

test('schema help: hovering a key shows its description, typing a key offers completions', async ({ page }) => {
  // The expected text comes from the published JSON Schema, not from the page.
  const schema = JSON.parse(readFileSync(join(root, 'pkg-config', 'faultline.schema.json'), 'utf8'));
  const kindHelp = schema.$defs.Component.properties.kind.description.split('\n')[0].replace(/`/g, '');
  await page.goto('/');
  await ready(page);
  const text = example('03-multi-region-active-passive.yaml');
  const line = text.split('\n').findIndex((l) => l === '    kind: dns') + 1;
  expect(line).toBeGreaterThan(0);
  await gotoLine(page, line);
  await page.locator('#editor .cm-activeLine').getByText('kind', { exact: true }).hover();
  const help = page.locator('#editor .cm-tooltip-hover .schema-help');
  await expect(help).toBeVisible();
  await expect(help).toContainText('components.kind');
  await expect(help).toContainText(kindHelp.slice(0, 40));
  await expect(help).toContainText('one of: dns, cdn, load-balancer');
  // A new key in that component: the completion list offers the component's fields.
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('dep');
  const options = page.locator('#editor .cm-tooltip-autocomplete li');
  await expect(options.first()).toBeVisible();
  expect(await options.allTextContents()).toContain('depends_on');
  await page.keyboard.press('Escape');
});

test('keyboard: skip link, toolbar in order, focus visible, scenario selectable by keyboard', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const order = [];
  for (let i = 0; i < 9; i++) {
    await page.keyboard.press('Tab');
    order.push(
      await page.evaluate(() => {
        let el = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement; // into the editor's shadow root
        return el.id || el.className.split(' ')[0] || el.tagName;
      }),
    );
  }
  expect(order.slice(0, 9)).toEqual(['skip', 'example', 'file-input', 'save', 'undo', 'share', 'export-md', 'export-json', 'cm-content']);
  // A visible focus ring on the focused control.
  await page.focus('#save');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  expect(outline).not.toBe('none');
  // Scenarios are buttons: Enter selects one.
  await page.focus('#scenarios .scenario-pick');
  await page.keyboard.press('Enter');
  await expect(page.locator('#scenarios .scenario-pick').first()).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('#graph g.node.component.status-none')).toHaveCount(0);
});

test('phone width: one column, nothing wider than the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await ready(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const editorBox = await page.locator('#editor').boundingBox();
  const scoreBox = await page.locator('.score-card').boundingBox();
  expect(scoreBox.y).toBeGreaterThan(editorBox.y + editorBox.height - 1); // stacked, not side by side
  await shot(page, 'phone', { fullPage: false });
});

test('offline once loaded: the service worker serves the page without the network', async ({ page, context }) => {
  await page.goto('/');
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  const score = await scoreOf(page);
  await context.setOffline(true);
  await page.reload();
  await ready(page);
  expect(await scoreOf(page)).toBe(score);
  await context.setOffline(false);
});

test('a 100-component architecture re-scores in the worker while the page stays responsive', async ({ page }, info) => {
  await page.goto('/');
  await ready(page);
  const before = await assessments(page);
  await page.setInputFiles('#file-input', { name: 'synthetic-100.yaml', mimeType: 'text/yaml', buffer: Buffer.from(syntheticArchitecture(100)) });
  await assessedAfter(page, before);
  await ready(page);
  await expect(page.locator('#score-name')).toHaveText('synthetic-100');
  await expect(page.locator('#graph g.node.component')).toHaveCount(100);
  // Type at the end of the document while measuring the longest gap between animation frames.
  await page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    const tick = (t) => {
      window.__gaps.push(t - last);
      last = t;
      if (window.__gaps.length < 100000) window.__raf = requestAnimationFrame(tick);
    };
    window.__raf = requestAnimationFrame(tick);
  });
  const times = [];
  for (let i = 0; i < 5; i++) {
    const n = await assessments(page);
    await editor(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`# edit ${i}\n`);
    await assessedAfter(page, n);
    times.push(Number(await page.locator('#score-meta').getAttribute('data-score-ms')));
  }
  const maxGap = await page.evaluate(() => {
    cancelAnimationFrame(window.__raf);
    return Math.max(...window.__gaps.slice(1));
  });
  times.sort((a, b) => a - b);
  const summary = `100 components: score() in the worker median ${times[2].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[4].toFixed(1)}); longest main-thread frame gap while typing ${maxGap.toFixed(1)} ms`;
  console.log(summary);
  info.annotations.push({ type: 'timing', description: summary });
  expect(times.every((t) => t > 0)).toBe(true);
  // The engine runs in a dedicated worker, not on the main thread that handles typing.
  expect(page.workers().map((w) => new URL(w.url()).pathname)).toContain('/worker.js');
});
