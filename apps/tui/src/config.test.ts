import { describe, expect, it } from 'vitest'
import { parseArgs } from './args.ts'
import { resolveConfig } from './config.ts'

const files: Record<string, string> = {
  '/home/u/.scrapinghub.yml': 'apikeys:\n  default: yamlkey\nprojects:\n  default: 111\n',
  '/work/scrapinghub.yml': 'projects:\n  default: 222\n',
}
const readFile = (p: string) => files[p]

describe('resolveConfig', () => {
  it('prefers --apikey, then SH_APIKEY, SHUB_APIKEY, then ~/.scrapinghub.yml', () => {
    const env = { SH_APIKEY: 'sh', SHUB_APIKEY: 'shub' }
    const base = { home: '/home/u', cwd: '/nowhere', readFile }
    expect(resolveConfig(parseArgs(['--apikey', 'flag']).options, { env, ...base })).toMatchObject({
      apikey: 'flag',
      keySource: '--apikey',
    })
    expect(resolveConfig(parseArgs([]).options, { env, ...base }).keySource).toBe('SH_APIKEY')
    expect(
      resolveConfig(parseArgs([]).options, { env: { SHUB_APIKEY: 'x' }, ...base }),
    ).toMatchObject({ apikey: 'x', keySource: 'SHUB_APIKEY' })
    expect(resolveConfig(parseArgs([]).options, { env: {}, ...base })).toMatchObject({
      apikey: 'yamlkey',
      keySource: '~/.scrapinghub.yml',
      project: '111',
    })
  })

  it('has no key (demo) when nothing is configured', () => {
    const c = resolveConfig(parseArgs([]).options, { env: {}, home: '/x', cwd: '/y', readFile })
    expect(c.apikey).toBeUndefined()
    expect(c.project).toBeUndefined()
  })

  it('takes URLs from env or flags and the project from flag, ./scrapinghub.yml, ~', () => {
    const env = { SHUB_STORAGE: 'http://s/', SHUB_JOBQ: 'http://q/' }
    const c = resolveConfig(parseArgs([]).options, { env, home: '/home/u', cwd: '/work', readFile })
    expect(c).toMatchObject({ storageUrl: 'http://s/', jobqUrl: 'http://q/', project: '222' })
    const f = resolveConfig(parseArgs(['--storage-url', 'http://f/', '--project', '9']).options, {
      env,
      home: '/home/u',
      cwd: '/work',
      readFile,
    })
    expect(f).toMatchObject({ storageUrl: 'http://f/', project: '9' })
  })
})
