/** The test key and projects, apart from the fixtures so that vitest configs (loaded by Node, which cannot load the workspace's TypeScript packages) can import them. */

/** The API key of the tests (the leak checks look for it in every byte). */
export const TEST_KEY = 'c0ffee00deadbeef1234567890abcdef'
/** A published project. */
export const PROJECT = 777
/** A project the key can read but the worker does not publish. */
export const HIDDEN = 888
