import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as api from './index.ts'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const entry = readFileSync(new URL('./index.ts', import.meta.url), 'utf8')

describe('the public API (src/index.ts)', () => {
  it('is a named list: no export *', () => {
    expect(entry).not.toMatch(/export\s*\*/)
  })

  it('documents every runtime export in the README', () => {
    const names = Object.keys(api)
    expect(names.length).toBeGreaterThan(40)
    const missing = names.filter((n) => !readme.includes(`\`${n}\``) && !readme.includes(`\`${n}(`))
    expect(missing).toEqual([])
  })

  it('keeps the internals behind it', () => {
    for (const internal of [
      'withRetry',
      'parseJsonLines',
      'parseJson',
      'errorFromResponse',
      'messageFromBody',
      'createJobHandle',
      'createProjectJobs',
      'Transport',
      'anySignal',
      'basicAuth',
      'decodeJobAuth',
      'knownFieldsShape',
      'prettifyIssues',
    ])
      expect(api).not.toHaveProperty(internal)
  })
})
