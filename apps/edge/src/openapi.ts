/**
 * The OpenAPI 3.1 document of the public routes, generated from the route table: each route module
 * registers a route together with its documentation (routes.get(path, handler, doc)), and the
 * parameter, query and answer schemas are the zod schemas the routes validate with and core's
 * (z.toJSONSchema). No secret can reach it: it is made of schemas and the published field names.
 */
import { z } from 'zod'
import { version } from '../package.json'
import { problemSchema } from './answers.ts'
import { IdParam } from './schemas.ts'

/** A path parameter: the schema it is validated with and what it is. */
export interface ParamDoc {
  schema: z.ZodType
  description: string
}

/** How /openapi.json describes one GET route. */
export interface OperationDoc {
  summary: string
  /** every `:name` of the path */
  params?: Readonly<Record<string, ParamDoc>>
  /** the query parameters the route accepts: the schema it validates with, and what each is */
  query?: {
    schema: z.ZodObject
    descriptions: Readonly<Record<string, string>>
    /** parameters that may repeat (`state=a&state=b`) */
    repeatable?: readonly string[]
  }
  /** the 200 answer; `component` names its schema in components.schemas */
  ok: { description: string; type: string; schema?: z.ZodType; component?: string }
  /** answered through the caches and upstream (ETag and 304, upstream errors); default true */
  cached?: boolean
}

/** A route's documentation, made only when the document is first asked for (start-up builds nothing). */
export type RouteDoc = () => OperationDoc

/** One entry of the route table: a GET path (Hono syntax) and its documentation. */
export interface DocumentedRoute {
  path: string
  doc: RouteDoc
}

/** The ids of a job path: project, spider, job. */
export const ID_PARAMS: Readonly<Record<'project' | 'spider' | 'job', ParamDoc>> = {
  project: { schema: IdParam, description: 'Project id (must be published)' },
  spider: { schema: IdParam, description: 'Spider id' },
  job: { schema: IdParam, description: 'Job number' },
}

/** A zod schema as JSON Schema (input side: what a client sends or reads as text). */
export function jsonSchema(s: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
  delete out.$schema
  return out
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
})

const ERRORS = {
  '400': problemResponse('Malformed id, unknown query parameter or bad value'),
  '404': problemResponse('Not published, or the job does not exist'),
  '405': problemResponse('Only GET and HEAD are answered'),
  '429': problemResponse('Rate limit or miss budget of this client reached (see Retry-After)'),
  '502': problemResponse('Upstream error, or the worker is misconfigured'),
  '503': problemResponse(
    'Upstream unavailable, backing off, or busy, and nothing cached (see Retry-After)',
  ),
  '504': problemResponse('Upstream timeout and nothing cached'),
}

const CACHE_HEADERS = {
  ETag: { schema: { type: 'string' } },
  'Cache-Control': { schema: { type: 'string' } },
  'X-Cache': { schema: { type: 'string', enum: ['HIT', 'MISS', 'STALE', 'REVALIDATED'] } },
  'Server-Timing': { schema: { type: 'string' } },
}

/** `/jobs/:project/:spider/:job` as OpenAPI writes it, and its parameter names in order. */
export function openApiPath(path: string): { path: string; params: string[] } {
  const params: string[] = []
  const out = path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    params.push(name)
    return `{${name}}`
  })
  return { path: out, params }
}

function operation(route: DocumentedRoute, components: Record<string, unknown>) {
  const d = route.doc()
  const { params } = openApiPath(route.path)
  const parameters: Record<string, unknown>[] = params.map((name) => {
    const p = d.params?.[name]
    if (p === undefined) throw new Error(`route ${route.path}: parameter ${name} is not documented`)
    return {
      name,
      in: 'path',
      required: true,
      description: p.description,
      schema: jsonSchema(p.schema),
    }
  })
  if (d.query) {
    for (const [name, s] of Object.entries(d.query.schema.shape)) {
      parameters.push({
        name,
        in: 'query',
        required: false,
        description: d.query.descriptions[name] ?? '',
        schema: jsonSchema(s as z.ZodType),
        ...(d.query.repeatable?.includes(name) ? { style: 'form', explode: true } : {}),
      })
    }
  }
  let body: Record<string, unknown> | undefined
  if (d.ok.schema && d.ok.component) {
    components[d.ok.component] ??= jsonSchema(d.ok.schema)
    body = { $ref: `#/components/schemas/${d.ok.component}` }
  } else if (d.ok.schema) body = jsonSchema(d.ok.schema)
  const cached = d.cached ?? true
  const ok = {
    description: d.ok.description,
    ...(cached ? { headers: CACHE_HEADERS } : {}),
    ...(body ? { content: { [d.ok.type]: { schema: body } } } : {}),
  }
  return {
    summary: d.summary,
    ...(parameters.length ? { parameters } : {}),
    responses: cached
      ? { '200': ok, '304': { description: 'Not modified' }, ...ERRORS }
      : { '200': ok },
  }
}

/** The OpenAPI document of a route table (the app's: every route it registers, in order). */
export function buildOpenApi(routes: readonly DocumentedRoute[]): Record<string, unknown> {
  const components: Record<string, unknown> = { Problem: jsonSchema(problemSchema()) }
  const paths: Record<string, unknown> = {}
  for (const route of routes) {
    paths[openApiPath(route.path).path] = { get: operation(route, components) }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'jobmeta edge',
      version,
      description:
        'A cached, read-only view of Scrapy Cloud job metadata. Only published projects and fields are served. Errors are RFC 9457 problem documents.',
    },
    paths,
    components: { schemas: components },
  }
}
