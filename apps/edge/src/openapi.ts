/** The OpenAPI 3.1 document of the public routes, built from the zod schemas (no secret can reach it). */
import { z } from 'zod'
import { version } from '../package.json'
import { type EdgeConfig, IDENTITY_FIELDS } from './config.ts'
import {
  BadgeQuery,
  FieldParam,
  HealthSchema,
  IdParam,
  JobListSchema,
  listQuery,
  ProblemSchema,
  PublicJobSchema,
  ShieldsSchema,
  StatusQuery,
} from './schemas.ts'

function schema(s: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
  delete out.$schema
  return out
}

function pathParam(name: string, s: z.ZodType, description: string) {
  return { name, in: 'path', required: true, description, schema: schema(s) }
}

function queryParams(s: z.ZodObject, descriptions: Record<string, string>) {
  return Object.entries(s.shape).map(([name, v]) => ({
    name,
    in: 'query',
    required: false,
    description: descriptions[name] ?? '',
    schema: schema(v as z.ZodType),
    ...(name === 'state' ? { style: 'form', explode: true } : {}),
  }))
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
})

const errors = {
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

const cacheHeaders = {
  ETag: { schema: { type: 'string' } },
  'Cache-Control': { schema: { type: 'string' } },
  'X-Cache': { schema: { type: 'string', enum: ['HIT', 'MISS', 'STALE', 'REVALIDATED'] } },
  'Server-Timing': { schema: { type: 'string' } },
}

function ok(description: string, type: string, s: Record<string, unknown>) {
  return { description, headers: cacheHeaders, content: { [type]: { schema: s } } }
}

/** Builds the OpenAPI document for a configuration (published fields are listed, nothing else). */
export function buildOpenApi(config: EdgeConfig): Record<string, unknown> {
  const ids = [
    pathParam('project', IdParam, 'Project id (must be published)'),
    pathParam('spider', IdParam, 'Spider id'),
    pathParam('job', IdParam, 'Job number'),
  ]
  const fields = [...IDENTITY_FIELDS, ...config.publicFields]
  return {
    openapi: '3.1.0',
    info: {
      title: 'jobmeta edge',
      version,
      description:
        'A cached, read-only view of Scrapy Cloud job metadata. Only published projects and fields are served. Errors are RFC 9457 problem documents.',
    },
    paths: {
      '/jobs/{project}/{spider}/{job}': {
        get: {
          summary: 'Public metadata of a job',
          parameters: ids,
          responses: {
            '200': ok('The public job document', 'application/json', {
              $ref: '#/components/schemas/PublicJob',
            }),
            '304': { description: 'Not modified' },
            ...errors,
          },
        },
      },
      '/jobs/{project}/{spider}/{job}/{field}': {
        get: {
          summary: 'One published field of a job (null when the job lacks it)',
          parameters: [
            ...ids,
            {
              ...pathParam('field', FieldParam, 'A published field'),
              schema: { type: 'string', enum: fields },
            },
          ],
          responses: {
            '200': ok('The JSON value', 'application/json', {}),
            '304': { description: 'Not modified' },
            ...errors,
          },
        },
      },
      '/jobs/{project}/{spider}/{job}/badge.svg': {
        get: {
          summary: 'SVG status badge',
          parameters: [
            ...ids,
            ...queryParams(BadgeQuery, { label: 'Left-hand text (default: spider name)' }),
          ],
          responses: {
            '200': ok('SVG image', 'image/svg+xml', { type: 'string' }),
            '304': { description: 'Not modified' },
            ...errors,
          },
        },
      },
      '/jobs/{project}/{spider}/{job}/badge.json': {
        get: {
          summary: 'shields.io endpoint badge',
          parameters: [
            ...ids,
            ...queryParams(BadgeQuery, { label: 'Left-hand text (default: spider name)' }),
          ],
          responses: {
            '200': ok('shields.io endpoint document', 'application/json', schema(ShieldsSchema)),
            '304': { description: 'Not modified' },
            ...errors,
          },
        },
      },
      '/projects/{project}/jobs': {
        get: {
          summary: 'Recent jobs of a published project (JobQ)',
          parameters: [
            pathParam('project', IdParam, 'Project id (must be published)'),
            ...queryParams(listQuery(config.listMaxCount), {
              state:
                'Job states (repeatable or comma-separated; default pending, running, finished)',
              spider: `Only jobs of this spider (name), among the newest ${config.listMaxCount} in those states`,
              tag: `Only jobs with this tag, among the newest ${config.listMaxCount} in those states`,
              count: `How many jobs (default 20, at most ${config.listMaxCount})`,
            }),
          ],
          responses: {
            '200': ok('Job list', 'application/json', schema(JobListSchema)),
            '304': { description: 'Not modified' },
            ...errors,
          },
        },
      },
      '/projects/{project}/spiders/{spider}/badge.svg': {
        get: {
          summary: "SVG badge of the spider's newest finished job (outcome and items)",
          parameters: [
            ids[0],
            ids[1],
            ...queryParams(BadgeQuery, { label: 'Left-hand text (default: spider name)' }),
          ],
          responses: {
            '200': ok('SVG image', 'image/svg+xml', { type: 'string' }),
            '304': { description: 'Not modified' },
            ...errors,
          },
        },
      },
      '/projects/{project}/spiders/{spider}/badge.json': {
        get: {
          summary: "shields.io endpoint badge of the spider's newest finished job",
          parameters: [
            ids[0],
            ids[1],
            ...queryParams(BadgeQuery, { label: 'Left-hand text (default: spider name)' }),
          ],
          responses: {
            '200': ok('shields.io endpoint document', 'application/json', schema(ShieldsSchema)),
            '304': { description: 'Not modified' },
            ...errors,
          },
        },
      },
      '/status/{project}': {
        get: {
          summary:
            "HTML status page: each spider's last finished job (outcome, finish time, run time, items) and its recent outcomes",
          parameters: [
            ids[0],
            ...queryParams(StatusQuery, { page: 'Page of spiders (1-based, 25 spiders a page)' }),
          ],
          responses: {
            '200': ok('HTML page (no scripts)', 'text/html', { type: 'string' }),
            '304': { description: 'Not modified' },
            ...errors,
          },
        },
      },
      '/status/{project}/{spider}': {
        get: {
          summary: "HTML page of a spider's recent jobs, each linking to its public JSON",
          parameters: [ids[0], ids[1]],
          responses: {
            '200': ok('HTML page (no scripts)', 'text/html', { type: 'string' }),
            '304': { description: 'Not modified' },
            ...errors,
          },
        },
      },
      '/healthz': {
        get: {
          summary: 'Liveness (no upstream call)',
          responses: { '200': ok('Healthy', 'application/json', schema(HealthSchema)) },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document',
          responses: { '200': { description: 'OpenAPI 3.1 document' } },
        },
      },
    },
    components: { schemas: { PublicJob: schema(PublicJobSchema), Problem: schema(ProblemSchema) } },
  }
}
