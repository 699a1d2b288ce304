/**
 * End-to-end specs (test/e2e), two projects:
 * - browser: *.browser.spec.ts, the renderer through serve mode in Debian's Chromium
 *   (CHROMIUM_PATH overrides /usr/bin/chromium);
 * - electron: electron.spec.ts, the desktop app through Playwright's `_electron`; it skips itself,
 *   saying why, when the Electron runtime is not installed.
 * Both need `npm run build` first (scripts/test-all.mjs builds before this stage).
 */
import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS } from './src/main/core/export/playwrightPrinter'

// The headless flags that work here, shared with the export's printer.
const chromiumArgs = CHROMIUM_ARGS

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/playwright',
  // Two cores on CI: specs that each start a server or an app run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // PLAYWRIGHT_JSON_OUTPUT_NAME (set by scripts/test-all.mjs) names the JSON report's file.
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: { trace: 'retain-on-failure' },
  projects: [
    {
      name: 'browser',
      testMatch: /.*\.browser\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: chromiumArgs,
        },
      },
    },
    {
      name: 'electron',
      testMatch: /electron\.spec\.ts$/,
    },
  ],
})
