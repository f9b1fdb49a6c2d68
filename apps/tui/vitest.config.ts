import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Builds dist/ once so the CLI and tmux tests run the current sources.
    globalSetup: ['./test/build.global.ts'],
    // The caller's colour, terminal and key settings never reach the in-process tests.
    setupFiles: ['./test/hermetic-env.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    testTimeout: 20_000,
  },
})
