import { BadRequestError, SpiderNotFoundError } from './errors.ts'
import { parseJson } from './jsonlines.ts'
import { checkSpiderId } from './schema.ts'
import type { RequestOptions, Transport } from './transport.ts'

/** A spider as callers name it: its numeric id, or its name (resolved through `/ids`). */
export type SpiderRef = number | string

/** Spider name -> id lookups of one project (`GET /ids/P/spider/NAME`), remembered once found. */
export interface SpiderIds {
  /** The id of the spider called `name`, or undefined when the project has none by that name. */
  id(name: string, opts?: RequestOptions): Promise<number | undefined>
  /** The id a SpiderRef stands for: ids as they are, names looked up; unknown names throw SpiderNotFoundError. */
  resolve(spider: SpiderRef, opts?: RequestOptions): Promise<number>
}

/** Create the spider id lookups of a project. */
export function createSpiderIds(t: Transport, project: number): SpiderIds {
  const known = new Map<string, number>()
  const ids: SpiderIds = {
    async id(name, opts = {}) {
      if (typeof name !== 'string' || name === '')
        throw new BadRequestError('A spider name must be a non-empty string')
      const cached = known.get(name)
      if (cached !== undefined) return cached
      const spec = {
        method: 'GET' as const,
        base: 'storage' as const,
        path: `ids/${project}/spider/${encodeURIComponent(name)}`,
        idempotent: true,
        signal: opts.signal,
      }
      const id = await t.json(spec, (text, _type, url) =>
        t.validate(checkSpiderId, parseJson(text.trim()), `spider id in project ${project}`, url),
      )
      if (typeof id !== 'number') return undefined
      known.set(name, id)
      return id
    },
    async resolve(spider, opts = {}) {
      if (typeof spider === 'number') {
        if (!Number.isSafeInteger(spider) || spider <= 0)
          throw new BadRequestError(`Invalid spider id ${spider}: expected a positive integer`)
        return spider
      }
      const id = await ids.id(spider, opts)
      if (id === undefined)
        throw new SpiderNotFoundError(
          `No spider named ${JSON.stringify(spider)} in project ${project}`,
          {
            status: 404,
          },
        )
      return id
    },
  }
  return ids
}
