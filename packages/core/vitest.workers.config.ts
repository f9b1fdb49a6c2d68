import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

// Runs the client's integration suite inside workerd. The emulator runs in Node (globalSetup) on
// 127.0.0.1 and its URL reaches the tests through `provide`/`inject`. We ask for no Node
// compatibility; the pool itself turns nodejs_compat_v2 on for its own test runner, which is why
// src/web-standard.test.ts checks the sources statically as well.
export default defineConfig({
  plugins: [
    cloudflareTest({
      miniflare: {
        compatibilityDate: '2026-04-20',
        compatibilityFlags: [],
      },
    }),
  ],
  test: {
    include: ['test/workers/**/*.workers.test.ts'],
    globalSetup: ['test/workers/global-setup.ts'],
  },
})
