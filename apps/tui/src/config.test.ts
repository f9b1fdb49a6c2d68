import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseArgs } from './args.ts'
import { ConfigError, describeConfig, maskKey, resolveConfig } from './config.ts'

const GLOBAL_KEY = 'g0bbf4f0f691e0d9378ae00ca7bcf7f0'
const OTHER_KEY = 'o1234567890abcdef1234567890abcd'
let root: string
let home: string
let project: string
let deep: string

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'jobmeta-config-'))
  home = join(root, 'home')
  project = join(root, 'work', 'proj')
  deep = join(project, 'spiders', 'sub')
  mkdirSync(home, { recursive: true })
  mkdirSync(deep, { recursive: true })
  writeFileSync(
    join(home, '.scrapinghub.yml'),
    `apikeys:\n  default: ${GLOBAL_KEY}\n  other: ${OTHER_KEY}\nprojects:\n  default: 111\n  shared: 555\n`,
  )
  writeFileSync(
    join(project, 'scrapinghub.yml'),
    'projects:\n  default: {id: 222}\n  prod:\n    id: 333\n    apikey: other\n  orphan: {id: 444, apikey: nokey}\n',
  )
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

const options = (...argv: string[]) => parseArgs(argv).options

describe('resolveConfig', async () => {
  it('prefers --apikey, then SH_APIKEY, SHUB_APIKEY, then apikeys.default of the files', async () => {
    const env = { SH_APIKEY: 'sh', SHUB_APIKEY: 'shub' }
    const at = { home, cwd: root }
    expect(await resolveConfig(options('--apikey', 'flag'), { env, ...at })).toMatchObject({
      apikey: 'flag',
      keySource: '--apikey',
    })
    expect((await resolveConfig(options(), { env, ...at })).keySource).toBe('SH_APIKEY')
    expect(await resolveConfig(options(), { env: { SHUB_APIKEY: 'x' }, ...at })).toMatchObject({
      apikey: 'x',
      keySource: 'SHUB_APIKEY',
    })
    expect(await resolveConfig(options(), { env: {}, ...at })).toMatchObject({
      apikey: GLOBAL_KEY,
      keySource: `apikeys.default in ${join(home, '.scrapinghub.yml')}`,
      project: 111,
    })
  })

  it('finds scrapinghub.yml in a parent folder, as shub does; it overrides ~/.scrapinghub.yml', async () => {
    const c = await resolveConfig(options(), { env: {}, home, cwd: deep })
    expect(c.project).toBe(222)
    expect(c.projectSource).toBe(`projects.default in ${join(project, 'scrapinghub.yml')}`)
    expect(c.files).toEqual([join(home, '.scrapinghub.yml'), join(project, 'scrapinghub.yml')])
    expect(c.targets).toEqual({ default: 222, shared: 555, prod: 333, orphan: 444 })
    // --project wins
    expect(
      (await resolveConfig(options('--project', '9'), { env: {}, home, cwd: deep })).project,
    ).toBe(9)
  })

  it('a named target gives its project and the API key it names (over SH_APIKEY: shub lets env replace only the default key)', async () => {
    const c = await resolveConfig(
      options(),
      { env: { SH_APIKEY: 'sh' }, home, cwd: deep },
      { target: 'prod' },
    )
    expect(c).toMatchObject({ project: 333, apikey: OTHER_KEY, target: 'prod' })
    expect(c.keySource).toBe(`apikeys.other in ${join(home, '.scrapinghub.yml')}`)
    const flag = await resolveConfig(options('--project', 'prod'), { env: {}, home, cwd: deep })
    expect(flag).toMatchObject({ project: 333, apikey: OTHER_KEY })
    // a target without its own key uses the default precedence
    expect(
      await resolveConfig(
        options(),
        { env: { SH_APIKEY: 'sh' }, home, cwd: deep },
        { target: 'shared' },
      ),
    ).toMatchObject({ project: 555, apikey: 'sh' })
  })

  it('refuses an unknown target, a target whose key is missing, and URLs without a scheme', async () => {
    const at = { env: {}, home, cwd: deep }
    await expect(resolveConfig(options(), at, { target: 'nope' })).rejects.toThrow(ConfigError)
    await expect(resolveConfig(options(), at, { target: 'nope' })).rejects.toThrow(
      /no target named "nope"/,
    )
    await expect(resolveConfig(options(), at, { target: 'orphan' })).rejects.toThrow(
      /apikeys: nokey:/,
    )
    for (const [env, flag] of [
      [{ SHUB_STORAGE: 'storage.example' }, 'SHUB_STORAGE'],
      [{ SHUB_JOBQ: 'localhost:8080/' }, 'SHUB_JOBQ'],
    ] as const) {
      await expect(resolveConfig(options(), { env, home, cwd: root })).rejects.toThrow(
        new RegExp(`^${flag} must be an http\\(s\\) URL with a scheme`),
      )
    }
    await expect(
      resolveConfig(options('--storage-url', 'ftp://x/'), { env: {}, home, cwd: root }),
    ).rejects.toThrow(/--storage-url must be an http\(s\) URL/)
    expect(
      await resolveConfig(options(), {
        env: { SHUB_STORAGE: 'http://127.0.0.1:1/' },
        home,
        cwd: root,
      }),
    ).toMatchObject({ storageUrl: 'http://127.0.0.1:1/', storageSource: 'SHUB_STORAGE' })
  })

  it('names the file of a broken scrapinghub.yml', async () => {
    const bad = join(root, 'bad')
    mkdirSync(bad)
    writeFileSync(join(bad, 'scrapinghub.yml'), 'projects: {default: [\n')
    await expect(resolveConfig(options(), { env: {}, home, cwd: bad })).rejects.toThrow(
      new RegExp(`^${join(bad, 'scrapinghub.yml')}: not valid YAML`),
    )
  })

  it('has no key (demo) when nothing is configured', async () => {
    const empty = join(root, 'empty-home')
    mkdirSync(empty, { recursive: true })
    const c = await resolveConfig(options(), { env: {}, home: empty, cwd: empty })
    expect(c.apikey).toBeUndefined()
    expect(describeConfig(c, 1).key).toMatch(/^none found/)
    expect(describeConfig(c, 1).project).toBe('1 (the demo project)')
  })
})

describe('describeConfig', async () => {
  it('says where the key came from and shows at most its last 4 characters', async () => {
    const c = await resolveConfig(options(), { env: {}, home, cwd: deep }, { target: 'prod' })
    const lines = describeConfig(c)
    const text = JSON.stringify(lines)
    expect(text).not.toContain(OTHER_KEY)
    expect(text).not.toContain(OTHER_KEY.slice(0, 8))
    expect(lines.key).toBe(`apikeys.other in ${join(home, '.scrapinghub.yml')} (…abcd)`)
    expect(lines.storage).toBe('https://storage.scrapinghub.com/ (default)')
    expect(lines.project).toMatch(/^333 \(projects\.prod in /)
    expect(maskKey('short')).toBe('(set)')
  })
})
