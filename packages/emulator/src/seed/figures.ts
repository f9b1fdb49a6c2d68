import type { JobSeed } from '../store.ts'

/**
 * The "figures" seed: jobs whose items, requests and errors each surface must show alike (the
 * edge's job document, list rows and badge, and the TUI's list, job page and `get --json`), with
 * the numbers they must show. The stats are chosen so that a surface reading another stat than the
 * one definition (core's jobFigures / rowFigures) shows another number: `downloader/request_count`
 * differs from `response_received_count`, CRITICAL lines are logged beside ERROR ones, a job logs
 * without errors, another has a stat of the wrong type.
 */

/** The project of the figures seed. */
export const FIGURES_PROJECT = 515151

/** What a job must show: items scraped, requests (responses received), errors (ERROR lines). */
export interface Figures {
  items?: number
  requests?: number
  errors?: number
}

/** One job of the figures seed and the figures every surface must show for it. */
export interface FiguresCase {
  /** What the job is about. */
  name: string
  seed: JobSeed
  figures: Figures
}

const T = 1_780_000_000_000

/** The figures seed (its jobs are in FIGURES_PROJECT, spider 1 "figures"). */
export function figuresCases(): FiguresCase[] {
  const job = (j: number, meta: Record<string, unknown>): JobSeed => ({
    key: `${FIGURES_PROJECT}/1/${j}`,
    spider: 'figures',
    state: 'finished',
    close_reason: 'finished',
    pending_time: T + j * 60_000,
    running_time: T + j * 60_000 + 1000,
    finished_time: T + j * 60_000 + 30_000,
    ...meta,
  })
  return [
    {
      name: 'errors and critical lines, more requests sent than responses received',
      seed: job(1, {
        close_reason: 'failed',
        scrapystats: {
          item_scraped_count: 1234,
          response_received_count: 1500,
          'downloader/request_count': 1620,
          'downloader/response_count': 1500,
          'log_count/INFO': 40,
          'log_count/WARNING': 6,
          'log_count/ERROR': 17,
          'log_count/CRITICAL': 2,
        },
      }),
      figures: { items: 1234, requests: 1500, errors: 17 },
    },
    {
      name: 'logged, but never at ERROR: 0 errors, no items scraped',
      seed: job(2, {
        scrapystats: {
          response_received_count: 3,
          'downloader/request_count': 3,
          'log_count/INFO': 12,
          'log_count/DEBUG': 30,
        },
      }),
      figures: { requests: 3, errors: 0 },
    },
    {
      name: 'one item, running',
      seed: job(3, {
        state: 'running',
        close_reason: undefined,
        finished_time: undefined,
        scrapystats: {
          item_scraped_count: 1,
          response_received_count: 2,
          'downloader/request_count': 4,
          'log_count/ERROR': 1,
        },
      }),
      figures: { items: 1, requests: 2, errors: 1 },
    },
    {
      name: 'no stats yet: no figure at all',
      seed: job(4, {
        state: 'pending',
        close_reason: undefined,
        running_time: undefined,
        finished_time: undefined,
      }),
      figures: {},
    },
    {
      name: 'an item count of the wrong type counts as missing',
      seed: job(5, {
        scrapystats: {
          item_scraped_count: '12',
          response_received_count: 7,
          'log_count/WARNING': 1,
        },
      }),
      figures: { requests: 7, errors: 0 },
    },
  ].map((c) => ({
    ...c,
    seed: Object.fromEntries(Object.entries(c.seed).filter(([, v]) => v !== undefined)) as JobSeed,
  }))
}
