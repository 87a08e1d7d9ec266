// The page, driven in headless Chromium as a new user would. Every test also checks, through the
// `guard` fixture, that no request left the page's origin, that nothing was logged as an error
// (a CSP violation, such as an eval or an inline style, is logged as one) and that no dialog opened.
import { test as base, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { deflateRawSync } from 'node:zlib';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
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
        // axe-core itself sets inline styles while it measures contrast, which the page's CSP
        // blocks and logs; those are the checker's, not the page's.
        if (m.type() === 'error' && !(page.axeRunning && m.text().startsWith('Applying inline style violates'))) errors.push(`console: ${m.text()}`);
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
/** The editor's whole text (its DOM holds only the lines in view). */
const docText = (page) => page.evaluate(() => document.getElementById('editor').faultlineText());
const examples = () => readdirSync(join(root, 'examples')).filter((f) => /\.ya?ml$/.test(f)).sort();

/** No serious or critical axe-core violation on the page as it is now. */
async function axe(page, where) {
  page.axeRunning = true;
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  await page.waitForTimeout(100); // let the console events of the run arrive
  page.axeRunning = false;
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target.join(' ')}: ${v.nodes[0]?.failureSummary?.split('\n').slice(0, 3).join(' ')}`);
  expect(summary, `axe-core, ${where}`).toEqual([]);
  return results;
}

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
  // The summary strip: the worst case per journey next to the expectation, top risks and fixes.
  await expect(page.locator('#journeys tbody tr').first().locator('td.worst')).toContainText(/down|degraded/);
  await expect(page.locator('#top-risks li').first()).toContainText('takes down');
  await expect(page.locator('#top-fixes li').first()).toContainText('+');
  // Replay sits in its own tab.
  await page.click('#tab-replay');
  await expect(page.locator('#replay li.incident').first()).toBeVisible();
  await page.click('#tab-scenarios');
  await page.evaluate(() => window.scrollTo(0, 0));
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
  // The selected scenario's detail, with its chain, sits beside the graph.
  await expect(page.locator('#scenario-detail ol.chain li').first()).not.toBeEmpty();
  const downJourneys = await page.locator('#scenario-detail ul.impacts li.status-down strong').allTextContents();
  expect(downJourneys.length).toBeGreaterThan(0);
  for (const j of downJourneys) await expect(page.locator(`#graph g.node.journey[data-id="journey:${j}"]`)).toHaveClass(/status-down/);
  await expect(page.locator('#graph g.node.component.status-down').first()).toBeVisible();
  await expect(page.locator('#graph g.domain[class*="failed-"]').first()).toBeVisible();
  // The graph is in view next to the scenario, not thousands of pixels below it.
  const listBox = await first.boundingBox();
  const graphBox = await page.locator('#graph').boundingBox();
  expect(graphBox.y - (listBox.y + listBox.height)).toBeLessThan(900);
  await page.locator('#graph').scrollIntoViewIfNeeded();
  await shot(page, 'blast-radius');

  // Export Markdown: a download whose content carries the score.
  const [md] = await Promise.all([page.waitForEvent('download'), page.click('#export-md')]);
  expect(md.suggestedFilename()).toBe('shopfront-faultline.md');
  const mdText = readFileSync(await md.path(), 'utf8');
  expect(mdText).toContain(`scores ${score01.toFixed(1)}/100`);
  expect(mdText).toContain('| checkout |');
  // Every finding is in it, not the first ten.
  const findings = Number((await page.locator('#score-meta').textContent()).match(/([\d,]+) findings/)[1].replace(/,/g, ''));
  expect(mdText.split('\n').filter((l) => /^\| -?\d+\.\d\d \|/.test(l)).length).toBe(findings);
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
  await expect(page.locator('#journeys tbody th').first()).toContainText('<script>alert(4)</script>');
  await expect(page.locator('#scenarios')).toContainText('<script>alert(4)</script>');
  await expect(editor(page)).toContainText('<script>alert(2)</script>');
  // Nothing was parsed as markup: no <img>, no <b>, and the only scripts are the page's own.
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.locator('b').count()).toBe(0);
  expect(await page.evaluate(() => [...document.scripts].map((s) => new URL(s.src).pathname))).toEqual(['/app.js']);
  // Select a scenario so the hostile journey name is drawn in the graph too.
  await page.locator('#scenarios .scenario-pick').first().click();
  const journeyNode = page.locator('#graph g.node.journey').first();
  await expect(journeyNode.locator('tspan.label')).toContainText('<script>alert(4)</s'); // truncated to fit
  expect(await journeyNode.getAttribute('aria-label')).toContain('(in full: <script>alert(4)</script>, journey');
  await page.waitForTimeout(300); // would an onerror handler have fired, it would have by now
  await shot(page, 'hostile-as-text');
});

test('an opened file is saved as it was written: CRLF line ends and byte-order mark kept, non-UTF-8 refused', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  // Found by a review: the editor holds LF text, so Save rewrote every line of a CRLF file
  // and dropped its byte-order mark; Blob.text() replaced bytes that are not UTF-8.
  const written = Buffer.from(`\ufeff${example('02-saas-multi-az.yaml').replace(/\n/g, '\r\n')}`, 'utf8');
  const before = await assessments(page);
  await page.setInputFiles('#file-input', { name: 'crlf.yaml', mimeType: 'text/yaml', buffer: written });
  await assessedAfter(page, before);
  const [saved] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
  expect(readFileSync(await saved.path()).equals(written)).toBe(true);
  await expect(page.locator('#status')).toContainText('CRLF line ends and byte-order mark');
  const bad = Buffer.concat([Buffer.from('version: 1\nname: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
  await page.setInputFiles('#file-input', { name: 'latin1.yaml', mimeType: 'text/yaml', buffer: bad });
  await expect(page.getByText('latin1.yaml is not UTF-8 text')).toBeVisible();
  expect(await docText(page)).toBe(example('02-saas-multi-az.yaml'));
});

test('a share link opens as a separate copy, keeps the saved work, and reacts to a fragment change', async ({ page, browser }) => {
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

  // A visitor with work of their own opens the link: they see the shared document, as a copy.
  const context = await browser.newContext();
  const other = await context.newPage();
  const foreign = [];
  other.on('request', (r) => {
    if (new URL(r.url()).origin !== new URL(url).origin) foreign.push(r.url());
  });
  await other.goto('/');
  await expect(other.locator('body')).toHaveAttribute('data-status', 'ready');
  await other.locator('#editor .cm-content').click();
  await other.keyboard.press('Control+Home');
  await other.keyboard.type('# my own work 4711\n');
  await expect.poll(() => other.evaluate(() => localStorage.getItem('faultline.document.v1'))).toContain('my own work 4711');
  const own = await other.evaluate(() => localStorage.getItem('faultline.document.v1'));
  await other.goto(url);
  await expect(other.locator('body')).toHaveAttribute('data-status', 'ready');
  await expect(other.locator('#score-name')).toHaveText('streamly');
  expect(await other.evaluate(() => document.getElementById('editor').faultlineText())).toBe(example('05-multi-cloud.yaml'));
  await expect(other.locator('[data-notice="shared"]')).toContainText('separate copy');
  // The fragment is dropped once read; the saved work is untouched, even after edits to the copy.
  expect(new URL(other.url()).hash).toBe('');
  await other.locator('#editor .cm-content').click();
  await other.keyboard.press('Control+End');
  await other.keyboard.type('# an edit to the copy\n');
  await expect.poll(() => other.evaluate(() => localStorage.getItem('faultline.shared.v1') ?? '')).toContain('an edit to the copy');
  expect(await other.evaluate(() => localStorage.getItem('faultline.document.v1'))).toBe(own);
  // A reload of this tab keeps showing the copy; another tab shows the visitor's own work.
  await other.reload();
  await expect(other.locator('body')).toHaveAttribute('data-status', 'ready');
  expect(await other.evaluate(() => document.getElementById('editor').faultlineText())).toContain('an edit to the copy');
  const third = await context.newPage();
  await third.goto('/');
  await expect(third.locator('body')).toHaveAttribute('data-status', 'ready');
  await expect(third.locator('#editor .cm-content')).toContainText('my own work 4711');
  await third.close();
  // Back to the own description, exactly.
  await other.click('#back-to-own');
  await expect.poll(() => other.evaluate(() => document.getElementById('editor').faultlineText())).toBe(own);

  // Pasting a link into a tab that has the page open (only the fragment changes) opens it too.
  await other.evaluate((hash) => {
    location.hash = hash;
  }, `#doc=${url.split('#doc=')[1]}`);
  await expect(other.locator('#score-name')).toHaveText('streamly');
  await expect(other.locator('[data-notice="shared"]')).toBeVisible();
  expect(await other.evaluate(() => localStorage.getItem('faultline.document.v1'))).toBe(own);
  expect(foreign).toEqual([]);
  await context.close();
});

test('a damaged link and a decompression bomb are refused with a message that stays', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const own = await docText(page);
  // 20 MiB of spaces deflate to about 20 KB: over the 16 MiB input limit once inflated.
  const bomb = deflateRawSync(Buffer.alloc(20 * 1024 * 1024, 0x20), { level: 9 }).toString('base64url');
  expect(bomb.length).toBeLessThan(100_000);
  await page.goto(`/#doc=${bomb}`);
  const refused = page.locator('[data-notice="link"]');
  await expect(refused).toContainText('more than 16 MiB');
  await ready(page);
  expect(await docText(page)).toBe(own);
  // The message is still there after the page scored (it is not the status line).
  await page.waitForTimeout(500);
  await expect(refused).toBeVisible();
  // A damaged link says so, and that stays said too.
  await page.goto('/#doc=AAAAthis-is-not-deflate');
  await expect(page.locator('[data-notice="link"]')).toContainText('could not be opened');
  await ready(page);
  await page.waitForTimeout(500);
  await expect(page.locator('[data-notice="link"]')).toContainText('cut off or corrupt');
  expect(await docText(page)).toBe(own);
});

/** Opens the mitigations tab and applies the first one through the review; returns what it did. */
async function applyFirst(page, beforeConfirm = async () => {}) {
  await page.click('#tab-mitigations');
  const suggestion = page.locator('#mitigations li.suggestion').first();
  await expect(suggestion, 'a mitigation for this example').toBeVisible({ timeout: 60_000 });
  const promised = Number((await suggestion.locator('.gain').textContent()).match(/→ ([\d.]+)/)[1]);
  const beforeText = await docText(page);
  await suggestion.locator('button.apply').click();
  const review = page.locator('#review');
  await expect(review.locator('.hunk').first()).toBeVisible();
  // Focus moves to the review, where the diff is shown before anything changes.
  await expect(page.locator('#review-h')).toBeFocused();
  expect(await docText(page)).toBe(beforeText);
  const hunks = await review.locator('.hunk').evaluateAll((els) => els.map((el) => ({ old: el.dataset.oldLines.split('-').map(Number), new: el.dataset.newLines.split('-').map(Number) })));
  await beforeConfirm();
  await page.click('#confirm-apply');
  await expect(page.locator('#compare')).toBeVisible();
  await expect(page.locator('#compare-h')).toBeFocused();
  const afterText = await docText(page);
  return { beforeText, afterText, hunks, promised };
}

test('mitigations: reviewed as a diff, applied as a minimal patch, undone exactly', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const n = await assessments(page);
  await page.selectOption('#example', '01-startup-single-az.yaml');
  await expect(editor(page)).toContainText('maturity level 1');
  await settled(page, n);
  const before = await scoreOf(page);
  await expect(page.locator('#mitigations-h, #panel-mitigations .panel-h')).toContainText('gain per cost');
  const { beforeText, afterText, promised } = await applyFirst(page, () => shot(page, 'patch-review'));
  expect(afterText).not.toBe(beforeText);
  await expect.poll(() => scoreOf(page)).toBe(promised);
  const beforeSide = Number(await page.locator('#compare .before .side-score').textContent());
  await expect(page.locator('#compare .after .side-score')).toHaveText(String(promised.toFixed(1)));
  expect(beforeSide).toBe(before);
  expect(promised).toBeGreaterThan(before);
  await shot(page, 'mitigation-applied');
  // Undo puts the exact old text back, and with it the old score.
  await page.click('#undo-apply');
  await expect.poll(() => docText(page)).toBe(beforeText);
  await expect.poll(() => scoreOf(page)).toBe(before);
});

test('apply on every example: only the patched lines change, comments stay, the promised score follows', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/');
  await ready(page);
  for (const file of examples()) {
    const n = await assessments(page);
    await page.selectOption('#example', file);
    await settled(page, n);
    if ((await page.locator('#mitigations li.suggestion').count()) === 0) continue;
    const { beforeText, afterText, hunks, promised } = await applyFirst(page);
    const a = beforeText.split('\n');
    const b = afterText.split('\n');
    // Outside the hunks the two texts are the same lines in the same order.
    const keepA = a.filter((_, i) => !hunks.some((hk) => i + 1 >= hk.old[0] && i + 1 < hk.old[1]));
    const keepB = b.filter((_, i) => !hunks.some((hk) => i + 1 >= hk.new[0] && i + 1 < hk.new[1]));
    expect(keepB, `${file}: lines outside the edits`).toEqual(keepA);
    // Every comment is kept.
    const comments = (t) => t.split('\n').filter((l) => /(^|\s)#/.test(l)).map((l) => l.slice(l.indexOf('#')));
    for (const c of comments(beforeText)) expect(afterText, `${file}: comment kept`).toContain(c);
    await expect.poll(() => scoreOf(page), { message: `${file}: the promised score` }).toBe(promised);
    await page.click('#undo-apply');
    await expect.poll(() => docText(page)).toBe(beforeText);
    await page.click('#tab-scenarios');
  }
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
  // Scenarios are buttons whose names say what is shown (rank, points); Enter selects one.
  const pick = page.locator('#scenarios .scenario-pick').first();
  const name = await pick.evaluate((el) => el.textContent.replace(/\s+/g, ' ').trim());
  expect(name).toMatch(/^1\. .* −\d+\.\d\d points/);
  await page.focus('#scenarios .scenario-pick');
  await page.keyboard.press('Enter');
  await expect(pick).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('#graph g.node.component.status-none')).toHaveCount(0);
  // Focus stays on the scenario button when the results re-render after a change of text
  // (here a file opened; the input does not take the focus).
  await pick.focus();
  const n = await assessments(page);
  const text03 = await docText(page);
  await page.setInputFiles('#file-input', { name: 'again.yaml', mimeType: 'text/yaml', buffer: Buffer.from(`${text03}# re-render\n`) });
  await assessedAfter(page, n);
  await expect(page.locator('#scenarios .scenario-pick').first()).toBeFocused();
  // Graph nodes: one tab stop, arrow keys between nodes, Enter jumps to the node's line.
  const first = page.locator('#graph g.node[tabindex="0"]');
  await expect(first).toHaveCount(1);
  await first.focus();
  await page.keyboard.press('ArrowDown');
  const focused = page.locator('#graph g.node:focus');
  await expect(focused).toHaveCount(1);
  const id = await focused.getAttribute('data-id');
  expect(id.startsWith('journey:')).toBe(false);
  await page.keyboard.press('Enter');
  await expect(page.locator('#status')).toContainText(`${id} is at line `);
  const line = Number((await page.locator('#status').textContent()).match(/line (\d+)/)[1]);
  const text = await docText(page);
  expect(text.split('\n')[line - 1]).toContain(`id: ${id}`);
  await expect(page.locator('#editor .cm-activeLine')).toContainText(`id: ${id}`);
  // Tabs: arrow keys move between them.
  await page.focus('#tab-scenarios');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('#tab-replay')).toBeFocused();
  await expect(page.locator('#panel-replay')).toBeVisible();
});

test('the graph fits, zooms, pans, lights the paths through a node, and clicking a node finds its line', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const svg = page.locator('#graph svg');
  const fitted = await svg.getAttribute('viewBox');
  await page.click('#graph-in');
  const zoomed = await svg.getAttribute('viewBox');
  expect(Number(zoomed.split(' ')[2])).toBeLessThan(Number(fitted.split(' ')[2]));
  await svg.scrollIntoViewIfNeeded();
  const box = await svg.boundingBox();
  await page.mouse.move(box.x + 5, box.y + box.height - 5);
  await page.mouse.down();
  await page.mouse.move(box.x + 105, box.y + box.height - 45, { steps: 4 });
  await page.mouse.up();
  expect(await svg.getAttribute('viewBox')).not.toBe(zoomed);
  await page.click('#graph-fit');
  expect(await svg.getAttribute('viewBox')).toBe(fitted);
  // Hover: the paths through the node are lit, the rest dimmed.
  const node = page.locator('#graph g.node.component').first();
  await node.hover();
  await expect(svg).toHaveClass(/tracing/);
  expect(await page.locator('#graph .edge.lit').count()).toBeGreaterThan(0);
  // Click: the editor goes to the component's line.
  const id = await node.getAttribute('data-id');
  await node.click();
  await expect(page.locator('#editor .cm-activeLine')).toContainText(`id: ${id}`);
});

test('phone width: the score on the first screen, nothing wider than the screen, tables say they scroll', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await ready(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const scoreBox = await page.locator('#score-value').boundingBox();
  expect(scoreBox.y + scoreBox.height).toBeLessThanOrEqual(844); // on the first screen
  const editorBox = await page.locator('#editor').boundingBox();
  expect(editorBox.y).toBeGreaterThan(scoreBox.y); // stacked, score first
  // The journeys table fits, or says it scrolls sideways.
  const wrap = page.locator('#journeys-wrap');
  const scrolls = await wrap.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
  if (scrolls) await expect(page.locator('#journeys-scroll')).toBeVisible();
  await shot(page, 'phone', { fullPage: false });
  await axe(page, 'phone');
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

test('text, not markup: backticks become code spans, YAML mistakes get a suggestion', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const text = await docText(page);
  const line = text.split('\n').findIndex((l) => /^\s+depends_on:/.test(l)) + 1;
  expect(line).toBeGreaterThan(0);
  await gotoLine(page, line);
  // `depends_on` → `depnds_on`: an unknown field, with the closest name suggested. (Home
  // goes to the end of the indentation, where the key starts.)
  await page.keyboard.press('Home');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Delete');
  const problem = page.locator(`#problems li.diag.error[data-line="${line}"]`);
  await expect(problem).toContainText('did you mean');
  await expect(problem.locator('.help code')).toHaveText('depends_on');
  expect(await problem.locator('.help').textContent()).not.toContain('`');
  await axe(page, 'stale results and an error');
  // Exports refuse, and say why, while the document has errors.
  await page.click('#export-md');
  await expect(page.locator('[data-notice="export"]')).toContainText('Not exported');
  // Fixed again: the chain of a scenario shows code spans, never raw backticks.
  await gotoLine(page, line);
  await page.keyboard.press('Home');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.type('e');
  await expect.poll(() => docText(page)).toBe(text);
  await ready(page);
  await page.locator('#scenarios .scenario-pick').first().click();
  await expect(page.locator('#scenario-detail ol.chain li').first()).toBeVisible();
  const chain = await page.locator('#scenario-detail').textContent();
  expect(chain).not.toContain('`');
});

test('every scenario is reachable: paging and filtering the whole list', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const total = Number((await page.locator('#count-scenarios').textContent()).replace(/[^\d]/g, ''));
  expect(total).toBeGreaterThan(0);
  const seen = new Set();
  for (;;) {
    for (const id of await page.locator('#scenarios li.scenario').evaluateAll((els) => els.map((el) => el.dataset.scenario))) seen.add(id);
    if (await page.locator('#scenarios-next').isDisabled()) break;
    const before = await page.locator('#scenarios-range').textContent();
    await page.click('#scenarios-next');
    await expect(page.locator('#scenarios-range')).not.toHaveText(before);
  }
  expect(seen.size).toBe(total);
  // The filter finds a scenario by its domain.
  const last = [...seen].pop();
  await page.fill('#scenario-filter', last);
  await expect(page.locator('#scenarios li.scenario').first()).toHaveAttribute('data-scenario', last);
});

test('accessibility: axe-core finds no serious or critical violation in any state', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  await settled(page, 0);
  await axe(page, 'first load');
  await page.locator('#scenarios .scenario-pick').first().click();
  await expect(page.locator('#graph svg.simulated')).toHaveCount(1);
  await axe(page, 'a scenario selected');
  for (const tab of ['replay', 'mitigations', 'risks']) {
    await page.click(`#tab-${tab}`);
    await axe(page, `the ${tab} tab`);
  }
  await page.click('#tab-mitigations');
  await page.locator('#mitigations button.apply').first().click();
  await expect(page.locator('#review .hunk').first()).toBeVisible();
  await axe(page, 'a patch under review');
});

// Long tasks are wall-clock time: on a machine whose two cores are busy with other builds a
// task can take several times its CPU time, so this one test may run again (its page work,
// measured unloaded, is about 40 ms for the paste and under 70 ms for any other task).
test.describe('size guard', () => {
test.describe.configure({ retries: 2 });
test('a 2 MB paste: scored without freezing the page (no long task over 100 ms), drawn grouped, not saved silently', async ({ page }, info) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await ready(page);
  await settled(page, 0);
  const big = syntheticArchitecture(8730);
  expect(big.length).toBeGreaterThan(2_000_000);
  const saved = await page.evaluate(() => localStorage.getItem('faultline.document.v1'));
  // The text goes into the page first, so the measurement holds the paste, not the test's transfer.
  await page.evaluate((text) => {
    window.__paste = text;
  }, big);
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
  });
  const n = await assessments(page);
  await editor(page).click();
  await page.keyboard.press('Control+a');
  const t0 = Date.now();
  // A paste as the browser delivers it: a paste event carrying the text.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', window.__paste);
    document.getElementById('editor').shadowRoot.querySelector('.cm-content').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await assessedAfter(page, n);
  await ready(page);
  await expect(page.locator('#score-name')).toHaveText('synthetic-8730');
  const scoredAfter = Date.now() - t0;
  // The page says it is not kept automatically, and it is not.
  await expect(page.locator('[data-notice="large"]')).toContainText('not kept in this browser automatically');
  expect(await page.evaluate(() => localStorage.getItem('faultline.document.v1'))).toBe(saved);
  // The graph is grouped: a few dozen nodes, not 8,730.
  expect(await page.locator('#graph g.node').count()).toBeLessThan(200);
  await expect(page.locator('#graph svg')).toHaveClass(/grouped/);
  await page.locator('#graph').scrollIntoViewIfNeeded();
  await shot(page, 'large-grouped');
  // The summary fills from the advisor; mitigations wait to be asked for.
  await expect.poll(async () => (await page.locator('body').getAttribute('data-extras')) === (await page.locator('body').getAttribute('data-assessments')), { timeout: 240_000 }).toBe(true);
  await page.click('#tab-mitigations');
  await expect(page.locator('#compute-mitigations')).toBeVisible();
  // Typing in it stays responsive too.
  await editor(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# typed\n');
  await page.waitForTimeout(500);
  const long = await page.evaluate(() => window.__long);
  const summary = `2 MB paste (8,730 components): scored after ${(scoredAfter / 1000).toFixed(1)} s; long tasks ${long.length} (${long.map((d) => `${d.toFixed(0)} ms`).join(', ') || 'none'}), longest ${long.length ? Math.max(...long).toFixed(0) : 0} ms`;
  console.log(summary);
  info.annotations.push({ type: 'timing', description: summary });
  expect(Math.max(0, ...long), summary).toBeLessThanOrEqual(100);
});
});
