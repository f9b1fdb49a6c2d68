import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Builds dist/ once so the CLI and tmux tests run the current sources.
    globalSetup: ['./test/build.global.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    testTimeout: 20_000,
  },
})
