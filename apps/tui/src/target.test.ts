import { describe, expect, it } from 'vitest'
import {
  parseJobRef,
  parseProjectRef,
  parseTargetRef,
  type Resolver,
  resolveJobRef,
  resolveProject,
  resolveTarget,
  tryJobRef,
  UnresolvedError,
} from './target.ts'
import { startTestServer } from './test-support.ts'

const resolver: Resolver = {
  targetProject: (name) => ({ default: 1, prod: 2 })[name],
  defaultProject: 1,
}

describe('job references', () => {
  it('reads every form shub accepts, plus spider names', () => {
    expect(parseJobRef('1/2/3')).toMatchObject({ project: { id: 1 }, spider: 2, job: 3 })
    expect(parseJobRef(' 2/3 ')).toEqual({ text: '2/3', spider: 2, job: 3 })
    expect(parseJobRef('my-spider.v2/3')).toMatchObject({ spider: 'my-spider.v2', job: 3 })
    expect(parseJobRef('prod/2/3')).toMatchObject({ project: { target: 'prod' }, spider: 2 })
    expect(parseJobRef('prod/books/3')).toMatchObject({ spider: 'books' })
    expect(parseJobRef('https://app.zyte.com/p/1/2/3')).toMatchObject({ project: { id: 1 } })
  })

  it.each(['1', '1/2/3/4', '1/0', 'a b/1', 'x/y', '0/1/2', '1/2/x', 'https://example.com/p/1/2/3'])(
    'refuses %j',
    (text) => {
      expect(tryJobRef(text)).toBeUndefined()
      expect(() => parseJobRef(text)).toThrow(/P\/S\/J, S\/J or SPIDER\/J/)
    },
  )

  it('projects and targets', () => {
    expect(parseProjectRef('12')).toEqual({ id: 12 })
    expect(parseProjectRef('prod')).toEqual({ target: 'prod' })
    expect(parseProjectRef('https://app.zyte.com/p/12')).toEqual({ id: 12 })
    expect(() => parseProjectRef('1/2')).toThrow(/invalid project/)
    expect(parseTargetRef('1/2')).toMatchObject({ kind: 'job' })
    expect(parseTargetRef('prod')).toEqual({ kind: 'project', project: { target: 'prod' } })
  })
})

describe('resolving', () => {
  it('uses the default project, named targets, and fails with a usage error otherwise', () => {
    expect(resolveProject(undefined, resolver)).toBe(1)
    expect(resolveProject({ target: 'prod' }, resolver)).toBe(2)
    expect(resolveProject({ id: 9 }, resolver)).toBe(9)
    expect(() => resolveProject({ target: 'nope' }, resolver)).toThrow(/no target named "nope"/)
    const none = { targetProject: () => undefined }
    const err = (() => {
      try {
        resolveProject(undefined, none)
      } catch (e) {
        return e as UnresolvedError
      }
    })()
    expect(err).toBeInstanceOf(UnresolvedError)
    expect(err?.usage).toBe(true)
    expect(err?.message).toMatch(/no default project/)
  })

  it('looks spider names up on the server (core spiderId); an unknown name is not a usage error', async () => {
    const server = await startTestServer()
    try {
      const key = await resolveJobRef(parseJobRef('quotes/2'), resolver, server.client)
      expect(key.key).toBe('1/2/2')
      expect((await resolveJobRef(parseJobRef('2/4'), resolver, server.client)).key).toBe('1/2/4')
      await expect(
        resolveJobRef(parseJobRef('nosuch/2'), resolver, server.client),
      ).rejects.toMatchObject({ usage: false, message: 'no spider named "nosuch" in project 1' })
      expect(await resolveTarget(parseTargetRef('books/3'), resolver, server.client)).toEqual({
        kind: 'job',
        project: 1,
        key: '1/1/3',
      })
      expect(await resolveTarget(undefined, resolver, server.client)).toEqual({
        kind: 'project',
        project: 1,
      })
    } finally {
      await server.close()
    }
  })
})
