import { randInt } from '../prng.ts'

/** Inputs for one job's Scrapy stats. */
export interface StatsShape {
  items: number
  pages: number
  errors: number
  startTime: number
  /** Set for finished jobs: adds finish_time, finish_reason and elapsed_time_seconds. */
  finishTime?: number
  finishReason?: string
  memoryMiB: number
  lean?: boolean
}

/** A realistic `scrapystats` object (slash keys, float start/finish times) for the given shape. */
export function scrapyStats(random: () => number, s: StatsShape): Record<string, number | string> {
  const redirects = Math.floor(s.pages * random() * 0.05)
  const notFound = Math.floor(s.pages * random() * 0.02)
  const serverErrors = Math.floor(s.pages * random() * 0.01) + (s.errors > 0 ? 1 : 0)
  const ok = Math.max(0, s.pages - redirects - notFound - serverErrors)
  const retries = serverErrors + Math.floor(random() * 3)
  const requests = s.pages + retries + 1
  const responseBytes = s.pages * randInt(random, 12_000, 90_000)
  const startup = randInt(random, 58, 75) * 1024 * 1024
  const stats: Record<string, number | string> = {
    'downloader/request_bytes': requests * randInt(random, 280, 420),
    'downloader/request_count': requests,
    'downloader/request_method_count/GET': requests,
    'downloader/response_bytes': responseBytes,
    'downloader/response_count': s.pages + 1,
    'downloader/response_status_count/200': ok + 1,
    item_scraped_count: s.items,
    'log_count/DEBUG': s.pages + s.items + requests,
    'log_count/INFO': 10 + Math.floor((s.finishTime ?? s.startTime) - s.startTime) / 60_000,
    'memusage/max': Math.max(startup, Math.round(s.memoryMiB * 1024 * 1024)),
    'memusage/startup': startup,
    response_received_count: s.pages + 1,
    'scheduler/dequeued': requests - 1,
    'scheduler/dequeued/memory': requests - 1,
    'scheduler/enqueued': requests - 1,
    'scheduler/enqueued/memory': requests - 1,
    start_time: s.startTime,
  }
  stats['log_count/INFO'] = Math.floor(stats['log_count/INFO'] as number)
  if (redirects) stats['downloader/response_status_count/301'] = redirects
  if (notFound) stats['downloader/response_status_count/404'] = notFound
  if (serverErrors) stats['downloader/response_status_count/503'] = serverErrors
  if (retries) {
    stats['retry/count'] = retries
    stats['retry/reason_count/503 Service Unavailable'] = retries
  }
  if (s.errors) stats['log_count/ERROR'] = s.errors
  const warnings = notFound + Math.floor(random() * 4)
  if (warnings) stats['log_count/WARNING'] = warnings
  if (!s.lean) {
    Object.assign(stats, {
      'httpcompression/response_bytes': Math.round(responseBytes * 3.4),
      'httpcompression/response_count': s.pages,
      request_depth_max: randInt(random, 1, 6),
      'robotstxt/request_count': 1,
      'robotstxt/response_count': 1,
      'robotstxt/response_status_count/200': 1,
    })
    if (s.errors) stats['spider_exceptions/KeyError'] = Math.max(1, Math.floor(s.errors / 2))
    if (s.items > 20 && random() < 0.3) {
      const dropped = Math.floor(s.items * 0.02) + 1
      stats.item_dropped_count = dropped
      stats['item_dropped_reasons_count/DropItem'] = dropped
    }
  }
  if (s.finishTime !== undefined) {
    stats.finish_time = s.finishTime
    stats.finish_reason = s.finishReason ?? 'finished'
    stats.elapsed_time_seconds = Math.round((s.finishTime - s.startTime) * 1000) / 1_000_000
  }
  return stats
}
