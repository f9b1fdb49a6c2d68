import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'
import { PROJECT, TEST_KEY } from './test/constants.ts'

// The workerd suite: tests run inside workerd; the upstream is a real emulator started by
// globalSetup in Node on 127.0.0.1 and reached over HTTP with workerd's own fetch.
export default defineConfig({
  plugins: [
    cloudflareTest(async ({ inject }) => ({
      main: './src/worker.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          SHUB_APIKEY: TEST_KEY,
          SHUB_STORAGE: inject('emulatorUrl'),
          PUBLIC_PROJECTS: String(PROJECT),
          EMULATOR_URL: inject('emulatorUrl'),
          // a Node-side server on 127.0.0.1 that answers every request with a redirect to the emulator
          REDIRECT_URL: inject('redirectUrl'),
        },
        // a real Workers rate-limit binding, handed to one test's worker as RATE_LIMITER
        ratelimits: { TEST_RATE_LIMITER: { simple: { limit: 3, period: 60 } } },
      },
    })),
  ],
  test: {
    include: ['test/workers/**/*.test.ts'],
    globalSetup: ['./test/workers/global-setup.ts'],
    testTimeout: 60_000,
  },
})
