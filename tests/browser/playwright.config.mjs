// Playwright drives the built page (dist/www, from .ci/build-web) in Debian's headless
// Chromium (/usr/bin/chromium; Playwright's own browser downloads are never used).
// Run: `cd tests/browser && npx --no-install playwright test` (after `npm ci` and .ci/build-web).
// FAULTLINE_SCREENSHOTS=1 also refreshes the PNGs in docs/screenshots/.
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.FAULTLINE_WEB_PORT ?? 8791);

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.mjs$/,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    browserName: 'chromium',
    viewport: { width: 1280, height: 860 },
    acceptDownloads: true,
    serviceWorkers: 'allow',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: `bash ../../.ci/serve-web --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/index.html`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'ignore',
  },
});
