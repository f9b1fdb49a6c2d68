/** The report `jobmeta get KEY` prints without fields: overview, then the stats tree. */
import { groupStats, type JobMetadata, outcomeOf } from '@jobmeta/core'
import { oddValues, overviewLines } from '../detail-lines.ts'
import { statsLines } from '../stats-lines.ts'
import { safeValue } from '../text.ts'

/** The human-readable metadata report printed by `get` without fields (every value sanitised). */
export function prettyMetadata(key: string, meta: JobMetadata, now: number, width = 100): string {
  const raw = meta as Record<string, unknown>
  const head = [key, raw.spider, raw.state, outcomeOf(meta), raw.version]
    .filter((v) => v !== undefined && v !== null && v !== '')
    .map(safeValue)
    .join('  ')
  const lines = [head, ...overviewLines(meta, now, width, oddValues(meta)).map((l) => l.text)]
  const stats = raw.scrapystats
  if (stats && typeof stats === 'object' && !Array.isArray(stats) && Object.keys(stats).length) {
    lines.push(
      'Scrapy stats',
      ...statsLines(groupStats(stats as Record<string, unknown>), new Set()).map(
        (l) => `  ${l.text}`,
      ),
    )
  }
  return `${lines.join('\n')}\n`
}
