import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ConfigError, DEFAULT_PUBLIC_FIELDS, parseConfig } from './config.ts'
import { settingDocs } from './settings.ts'

const KEY = 'a'.repeat(32)

function fails(env: Record<string, unknown>): ConfigError {
  try {
    parseConfig(env)
  } catch (e) {
    if (e instanceof ConfigError) return e
    throw e
  }
  throw new Error('expected a ConfigError')
}

describe('parseConfig', () => {
  it('has safe defaults: no public project, the default field set, Scrapy Cloud hosts', () => {
    const c = parseConfig({ SHUB_APIKEY: KEY })
    expect(c.publicProjects.size).toBe(0)
    expect(c.publicFields).toEqual(DEFAULT_PUBLIC_FIELDS)
    expect(c.storageUrl).toBe('https://storage.scrapinghub.com/')
    expect(c.jobqUrl).toBe(c.storageUrl)
    expect(c.corsOrigins).toBe('*')
    expect(c.rateLimit).toBeUndefined()
    for (const f of [
      'spider_args',
      'job_settings',
      'environment',
      'auth',
      'scheduled_by',
      '_shub_worker',
    ]) {
      expect(c.publicFields).not.toContain(f)
    }
  })

  it('reads every setting, numbers given as numbers too (wrangler vars)', () => {
    const c = parseConfig({
      SHUB_APIKEY: KEY,
      SHUB_STORAGE: 'http://127.0.0.1:7000',
      SHUB_JOBQ: 'https://jobq.zyte.com',
      PUBLIC_PROJECTS: ' 1, 22 ,333',
      PUBLIC_FIELDS: 'default,spider_args',
      CACHE_TTL_ACTIVE: 5,
      CACHE_TTL_FINISHED: '60',
      CACHE_TTL_MISSING: '7',
      CACHE_TTL_LIST: '8',
      CACHE_STALE_WHILE_REVALIDATE: '9',
      CACHE_STALE_IF_ERROR: '10',
      CACHE_BROWSER_MAX_AGE: '11',
      CACHE_MAX_ENTRIES: '12',
      CACHE_MAX_BYTES: '13000',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      RATE_LIMIT: '100',
      RATE_LIMIT_WINDOW: '30',
      UPSTREAM_TIMEOUT_MS: '1000',
      LIST_MAX_COUNT: '50',
      CACHE_TTL_MISSING_NEWER: '2',
      CACHE_MAX_MISSING_ENTRIES: '14',
      UPSTREAM_CONCURRENCY: '3',
      UPSTREAM_QUEUE: '4',
      UPSTREAM_BACKOFF: '6',
      UPSTREAM_BACKOFF_MAX: '70',
      MISS_BUDGET: '15',
      MISS_BUDGET_WINDOW: '16',
    })
    expect(c.storageUrl).toBe('http://127.0.0.1:7000/')
    expect(c.jobqUrl).toBe('https://jobq.zyte.com/')
    expect([...c.publicProjects]).toEqual([1, 22, 333])
    expect(c.publicFields).toEqual([...DEFAULT_PUBLIC_FIELDS, 'spider_args'])
    expect(c.cache).toEqual({
      activeTtl: 5,
      finishedTtl: 60,
      missingTtl: 7,
      missingNewerTtl: 2,
      listTtl: 8,
      staleWhileRevalidate: 9,
      staleIfError: 10,
      browserMaxAge: 11,
      maxEntries: 12,
      maxBytes: 13000,
      maxMissingEntries: 14,
    })
    expect(c.budget).toEqual({
      concurrency: 3,
      queue: 4,
      backoffSeconds: 6,
      backoffMaxSeconds: 70,
      missBudget: 15,
      missWindowSeconds: 16,
    })
    expect(c.corsOrigins).toEqual(['https://a.example', 'https://b.example'])
    expect(c.rateLimit).toEqual({ limit: 100, windowSeconds: 30 })
    expect(c.upstreamTimeoutMs).toBe(1000)
    expect(c.listMaxCount).toBe(50)
  })

  it('names the setting in every error', () => {
    expect(fails({}).setting).toBe('SHUB_APIKEY')
    expect(fails({ SHUB_APIKEY: KEY, SHUB_STORAGE: 'http://evil.example/' }).setting).toBe(
      'SHUB_STORAGE',
    )
    expect(fails({ SHUB_APIKEY: KEY, SHUB_STORAGE: 'https://u:p@h.example/' }).setting).toBe(
      'SHUB_STORAGE',
    )
    expect(fails({ SHUB_APIKEY: KEY, SHUB_JOBQ: 'not a url' }).setting).toBe('SHUB_JOBQ')
    expect(fails({ SHUB_APIKEY: KEY, PUBLIC_PROJECTS: '1,x' }).setting).toBe('PUBLIC_PROJECTS')
    expect(fails({ SHUB_APIKEY: KEY, PUBLIC_PROJECTS: '*' }).setting).toBe('PUBLIC_PROJECTS')
    expect(fails({ SHUB_APIKEY: KEY, PUBLIC_FIELDS: 'state,auth' }).setting).toBe('PUBLIC_FIELDS')
    expect(fails({ SHUB_APIKEY: KEY, PUBLIC_FIELDS: 'a/b' }).setting).toBe('PUBLIC_FIELDS')
    expect(fails({ SHUB_APIKEY: KEY, CACHE_TTL_ACTIVE: '-1' }).setting).toBe('CACHE_TTL_ACTIVE')
    expect(fails({ SHUB_APIKEY: KEY, CORS_ORIGINS: 'https://a.example/path' }).setting).toBe(
      'CORS_ORIGINS',
    )
    expect(fails({ SHUB_APIKEY: KEY, LIST_MAX_COUNT: '0' }).setting).toBe('LIST_MAX_COUNT')
  })

  it('never echoes the key, even a malformed one', () => {
    const bad = 'sekrit value with spaces'
    const e = fails({ SHUB_APIKEY: bad })
    expect(e.setting).toBe('SHUB_APIKEY')
    expect(e.message).not.toContain('sekrit')
  })

  it('never shows the value of a bad setting (a key pasted into the wrong one stays unseen)', () => {
    const key = '0123456789abcdef0123456789abcdef'
    const value = fc.stringMatching(/^[A-Za-z0-9:/._~-]{6,40}$/)
    const settings = settingDocs()
      .map((s) => s.name)
      .filter((n) => n !== 'SHUB_APIKEY')
    fc.assert(
      fc.property(fc.constantFrom(...settings), value, fc.boolean(), (setting, v, asList) => {
        const bad = asList ? `state,${v},${key}` : `${v}\u0000`
        let e: ConfigError
        try {
          parseConfig({ SHUB_APIKEY: key, [setting]: bad })
          return // some settings accept such text (e.g. a field name): nothing to show
        } catch (err) {
          e = err as ConfigError
        }
        expect(e).toBeInstanceOf(ConfigError)
        expect(e.setting).toBe(setting)
        expect(e.message.startsWith(`${setting}: `)).toBe(true)
        expect(e.message).not.toContain(v)
        expect(e.message).not.toContain(key)
      }),
      { numRuns: 1000 },
    )
    for (const [setting, v] of [
      ['PUBLIC_FIELDS', `state,${key}x!`],
      ['PUBLIC_FIELDS', 'state,auth'],
      ['CORS_ORIGINS', `https://a.example,${key}`],
      ['CACHE_TTL_ACTIVE', key],
      ['SHUB_STORAGE', `http://${key}.example/`],
    ] as const) {
      const e = fails({ SHUB_APIKEY: key, [setting]: v })
      expect(e.setting).toBe(setting)
      expect(e.message).not.toContain(key)
      expect(e.message).not.toContain(v)
    }
  })

  it('reads exactly the documented settings, and no other name', () => {
    const asked = new Set<string>()
    const env = new Proxy({ SHUB_APIKEY: KEY } as Record<string, unknown>, {
      get(target, name) {
        if (typeof name === 'string') asked.add(name)
        return target[name as string]
      },
    })
    parseConfig(env)
    expect([...asked].sort()).toEqual(
      settingDocs()
        .map((s) => s.name)
        .sort(),
    )
  })

  it('refuses a bad value of every documented setting, naming it', () => {
    for (const { name } of settingDocs()) {
      const bad = name === 'SHUB_APIKEY' ? 'not a key' : 'x y'
      expect(fails({ SHUB_APIKEY: KEY, [name]: bad }).setting, name).toBe(name)
    }
  })

  it('applies every documented default (the defaults are written once, in the schema)', () => {
    const c = parseConfig({ SHUB_APIKEY: KEY })
    const docs = Object.fromEntries(settingDocs().map((s) => [s.name, s.default]))
    expect(c.cache.activeTtl).toBe(Number(docs.CACHE_TTL_ACTIVE))
    expect(c.cache.maxBytes).toBe(Number(docs.CACHE_MAX_BYTES))
    expect(c.budget.missBudget).toBe(Number(docs.MISS_BUDGET))
    expect(c.upstreamTimeoutMs).toBe(Number(docs.UPSTREAM_TIMEOUT_MS))
    expect(c.storageUrl).toBe(docs.SHUB_STORAGE)
    expect(c.publicFields.join(',')).toBe(docs.PUBLIC_FIELDS)
    expect(docs.SHUB_JOBQ).toBe('SHUB_STORAGE')
    expect(c.jobqUrl).toBe(c.storageUrl)
  })

  it('takes numbers written as numbers or with spaces, and refuses other values than text', () => {
    expect(parseConfig({ SHUB_APIKEY: KEY, CACHE_TTL_LIST: ' 7 ' }).cache.listTtl).toBe(7)
    expect(parseConfig({ SHUB_APIKEY: KEY, CACHE_TTL_LIST: '' }).cache.listTtl).toBe(15)
    expect(fails({ SHUB_APIKEY: KEY, CACHE_TTL_LIST: '1.5' }).message).toBe(
      'CACHE_TTL_LIST: must be a whole number between 0 and 86400',
    )
    expect(fails({ SHUB_APIKEY: KEY, CACHE_TTL_LIST: true }).setting).toBe('CACHE_TTL_LIST')
    expect(fails({ SHUB_APIKEY: KEY, CORS_ORIGINS: { a: 1 } }).message).toBe(
      'CORS_ORIGINS: must be a string',
    )
  })
})
