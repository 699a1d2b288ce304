import { defineConfig } from 'vitest/config'

// Unit, integration and corpus suites. Browser end-to-end specs (test/e2e) belong to Playwright,
// so `include` is explicit: vitest would otherwise collect them too.
export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/integration/**/*.test.ts',
      'test/corpus/**/*.test.ts',
    ],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
