/** @jsxImportSource hono/jsx */
/** The status pages as server-rendered HTML (Hono JSX: every text and attribute value is escaped). */
import type { Child } from 'hono/jsx'
import {
  absoluteTime,
  displayText,
  isoSeconds,
  outcomeCounts,
  RunCells,
  RunHeaders,
  Strip,
  Text,
} from './cells.tsx'
import type { Run, SpiderStatus } from './runs.ts'
import { CSS } from './style.ts'

/** What every page shows besides its table. */
export interface PageMeta {
  project: number
  /** epoch ms the data was read from upstream; relative times are counted from it */
  asOf: number
  /** the data is a stale copy served because upstream failed */
  staleIfError: boolean
}

function Layout(props: { title: string; meta: PageMeta; nav: Child; children: Child }) {
  const { meta } = props
  const asOf = new Date(meta.asOf)
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{props.title}</title>
        <link rel="icon" href="data:," />
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <nav aria-label="site">{props.nav}</nav>
        {props.children}
        <footer>
          <p>
            Read from Scrapy Cloud at <time datetime={isoSeconds(asOf)}>{absoluteTime(asOf)}</time>.
            Relative times are counted from then. Reload for newer data.
          </p>
        </footer>
      </body>
    </html>
  )
}

function StaleNotice(props: { meta: PageMeta }) {
  if (!props.meta.staleIfError) return null
  return (
    <p class="w" role="status">
      Scrapy Cloud is not answering: this is the copy read at{' '}
      {absoluteTime(new Date(props.meta.asOf))}.
    </p>
  )
}

function spiderName(s: { spider: number; name?: string | undefined }) {
  return s.name === undefined ? <>spider {s.spider}</> : <Text value={s.name} />
}

/** Spider rows per project page: the longest names and strips still fit in 30 KB (tested). */
export const SPIDERS_PER_PAGE = 25

/** How many pages `count` spiders fill (at least one). */
export function pageCount(count: number): number {
  return Math.max(1, Math.ceil(count / SPIDERS_PER_PAGE))
}

function pageHref(project: number, page: number): string {
  return page === 1 ? `/status/${project}` : `/status/${project}?page=${page}`
}

function Pager(props: { project: number; page: number; total: number }) {
  const { project, page, total } = props
  const pages = pageCount(total)
  if (pages === 1 && page === 1) return null
  const prev = Math.min(page - 1, pages)
  return (
    <nav aria-label="pages">
      Page {page} of {pages} ({SPIDERS_PER_PAGE} spiders a page)
      {prev >= 1 && (
        <>
          {' '}
          · <a href={pageHref(project, prev)}>‹ previous</a>
        </>
      )}
      {page < pages && (
        <>
          {' '}
          · <a href={pageHref(project, page + 1)}>next ›</a>
        </>
      )}
    </nav>
  )
}

/**
 * The project page: one row per spider with its last finished run and its recent outcomes,
 * SPIDERS_PER_PAGE rows per page; the caption counts every spider.
 */
export function ProjectPage(props: {
  meta: PageMeta
  spiders: readonly SpiderStatus[]
  page: number
}) {
  const { meta, page } = props
  const all = props.spiders
  const spiders = all.slice((page - 1) * SPIDERS_PER_PAGE, page * SPIDERS_PER_PAGE)
  const p = meta.project
  const lasts = all.flatMap((s) => (s.last ? [s.last] : []))
  return (
    <Layout
      title={`Project ${p} · spider status`}
      meta={meta}
      nav={
        <>
          jobmeta · <a href={`/projects/${p}/jobs`}>JSON</a>
        </>
      }
    >
      <main>
        <h1>Project {p}: spider status</h1>
        <StaleNotice meta={meta} />
        <div class="t">
          <table>
            <caption>
              {all.length} spider{all.length === 1 ? '' : 's'}
              {lasts.length > 0 ? `; last finished runs: ${outcomeCounts(lasts)}` : ''}. Strips show
              the last finished runs, oldest first.
            </caption>
            <thead>
              <tr>
                <th scope="col">Spider</th>
                <RunHeaders outcome="Last run" />
                <th scope="col">Recent runs</th>
              </tr>
            </thead>
            <tbody>
              {spiders.length === 0 && (
                <tr>
                  <td colspan={6} class="m">
                    {all.length === 0 ? 'No jobs yet.' : 'No spiders on this page.'}
                  </td>
                </tr>
              )}
              {spiders.map((s) => (
                <tr>
                  <th scope="row">
                    <a href={`/status/${p}/${s.spider}`}>{spiderName(s)}</a>
                    {s.active !== undefined && (
                      <small class={s.active.outcome}>
                        {' '}
                        · {s.active.state === 'running' ? 'running now' : 'queued'}
                      </small>
                    )}
                  </th>
                  <RunCells run={s.last} now={meta.asOf} />
                  <td>
                    <Strip runs={s.recent} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager project={p} page={page} total={all.length} />
      </main>
    </Layout>
  )
}

/** A spider's page: its recent jobs, each linking to its public JSON. */
export function SpiderPage(props: {
  meta: PageMeta
  spider: number
  name: string | undefined
  jobs: readonly Run[]
}) {
  const { meta, spider, jobs } = props
  const p = meta.project
  const finished = jobs.filter((j) => j.state === 'finished')
  const active = jobs.length - finished.length
  const title = props.name === undefined ? `spider ${spider}` : displayText(props.name, 60)
  return (
    <Layout
      title={`${title} · project ${p} status`}
      meta={meta}
      nav={
        <>
          <a href={`/status/${p}`}>Project {p}</a> › {spiderName({ spider, name: props.name })} ·{' '}
          <a href={`/projects/${p}/spiders/${spider}/badge.svg`}>badge</a>
        </>
      }
    >
      <main>
        <h1>
          {spiderName({ spider, name: props.name })} <small>spider {spider}</small>
        </h1>
        <StaleNotice meta={meta} />
        <p>
          Last finished runs, oldest first: <Strip runs={finished} />
        </p>
        <div class="t">
          <table>
            <caption>
              {active > 0 ? `${active} queued or running, ` : ''}
              {finished.length} recent finished job{finished.length === 1 ? '' : 's'}
              {finished.length > 0 ? ` (${outcomeCounts(finished)})` : ''}.
            </caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <RunHeaders outcome="Outcome" />
              </tr>
            </thead>
            <tbody>
              {jobs.length === 0 && (
                <tr>
                  <td colspan={5} class="m">
                    No jobs found for this spider.
                  </td>
                </tr>
              )}
              {jobs.map((j) => (
                <tr>
                  <th scope="row">
                    <a href={`/jobs/${j.key}`}>{j.key}</a>
                  </th>
                  <RunCells run={j} now={meta.asOf} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </main>
    </Layout>
  )
}

/** Renders a page element to a complete HTML document. */
export function toDocument(page: unknown): string {
  const html = (page as { toString(): unknown }).toString()
  if (typeof html !== 'string') throw new Error('a status page rendered asynchronously')
  return `<!doctype html>${html}`
}

/** The project page as an HTML document. */
export function renderProjectPage(
  meta: PageMeta,
  spiders: readonly SpiderStatus[],
  page = 1,
): string {
  return toDocument(<ProjectPage meta={meta} spiders={spiders} page={page} />)
}

/** A spider's page as an HTML document. */
export function renderSpiderPage(
  meta: PageMeta,
  spider: number,
  name: string | undefined,
  jobs: readonly Run[],
): string {
  return toDocument(<SpiderPage meta={meta} spider={spider} name={name} jobs={jobs} />)
}
