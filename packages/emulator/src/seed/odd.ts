import type { JobSeed } from '../store.ts'

/**
 * The "odd" seed: jobs whose metadata is legal on Scrapy Cloud (the storage service keeps whatever
 * JSON a spider, a scheduler or a metadata POST sends) but unusual, and text written to hurt a
 * terminal. Clients must show every one of these jobs, name the odd fields, and never pass the
 * text to a terminal raw.
 */

/** The project of the odd seed. */
export const ODD_PROJECT = 424242

const ESC = '\x1b'
const BEL = '\x07'

/** The clipboard text the OSC 52 sequences below would set ("pwned by spider"). */
export const OSC52_PAYLOAD = 'pwned by spider'

/** An OSC 52 sequence that sets the clipboard: a terminal that receives it raw obeys it. */
export const OSC52_CLIPBOARD = `${ESC}]52;c;${btoa(OSC52_PAYLOAD)}${BEL}`

/**
 * Strings that break a terminal, a table or a page when written raw: escape sequences (clipboard,
 * clear screen, colours, title), C1 controls, DEL, bidi overrides, newlines, CJK and emoji widths,
 * a lone surrogate, markup.
 */
export const HOSTILE_TEXT: readonly string[] = [
  `copied ${OSC52_CLIPBOARD}`,
  `${ESC}]52;c;${btoa('st terminated')}${ESC}\\`,
  `${ESC}[2J${ESC}[Hscreen cleared`,
  `${ESC}[31mred${ESC}[0m`,
  `${ESC}]0;window title${BEL}`,
  `${ESC}]8;;https://evil.example/${ESC}\\link${ESC}]8;;${ESC}\\`,
  'csi\u009b31mc1',
  'osc\u009d52;c;cHduZWQ=\u009c',
  'del\x7fete',
  'nul\x00byte',
  'back\bspace\rreturn',
  'line one\nline two',
  'tab\there',
  '\u202Egnp.exe',
  'bidi \u2066isolate\u2069 \u200Fmark',
  '爬虫-新闻-中文名字',
  '🕷️ spider 👩‍💻',
  'lone \ud800 surrogate',
  '<script>alert("x")</script>&amp;',
]

const MINUTE = 60_000

/** The odd jobs, anchored to `now` (epoch ms) so that their times look recent. */
export function oddJobs(now: number = Date.now()): JobSeed[] {
  const t = (minutesAgo: number) => now - minutesAgo * MINUTE
  const p = ODD_PROJECT
  const finished = (minutesAgo: number, runMinutes: number) => ({
    state: 'finished',
    pending_time: t(minutesAgo + runMinutes + 1),
    running_time: t(minutesAgo + runMinutes),
    finished_time: t(minutesAgo),
  })
  const stats = (items: number) => ({
    item_scraped_count: items,
    'downloader/request_count': items + 3,
    'downloader/response_status_count/200': items + 2,
    'log_count/INFO': 12,
    'log_count/ERROR': 1,
  })
  return [
    {
      key: `${p}/1/1`,
      spider: 'clipboard-thief',
      ...finished(10, 5),
      close_reason: `finished ${OSC52_CLIPBOARD}`,
      tags: ['osc52'],
      scrapystats: stats(10),
    },
    {
      key: `${p}/1/2`,
      spider: `${ESC}[31mred-spider${ESC}[0m`,
      ...finished(20, 3),
      close_reason: `${ESC}[2J${ESC}[Hcleared`,
      version: 'v1\u009b2J',
      tags: ['\u202Egnp.exe', 'del\x7fete'],
      spider_args: { note: 'line one\nline two', title: `${ESC}]0;pwned${BEL}` },
      scrapystats: stats(3),
    },
    {
      key: `${p}/2/3`,
      spider: '爬虫-新闻-中文名字',
      ...finished(30, 4),
      close_reason: 'finished',
      tags: ['中文', '🕷️', '👩‍💻'],
      spider_args: { 分类: '新闻' },
      scrapystats: stats(1234),
    },
    {
      key: `${p}/2/4`,
      spider: '🕷️ spider 👩‍💻',
      ...finished(40, 2),
      close_reason: 'closespider_itemcount',
      scrapystats: stats(50),
    },
    {
      // spider_args values of every JSON type (the run API stores what it is given)
      key: `${p}/3/5`,
      spider: 'typed-args',
      ...finished(50, 6),
      close_reason: 'finished',
      spider_args: {
        count: 5,
        dry_run: true,
        urls: ['https://a.example/', 'https://b.example/'],
        options: { depth: 2, follow: false },
        none: null,
      },
      scrapystats: stats(5),
    },
    {
      // tags as one string, a null stat and stats of other types
      key: `${p}/3/6`,
      spider: 'odd-types',
      ...finished(60, 6),
      close_reason: 'memusage_exceeded',
      tags: 'nightly',
      environment: { RETRIES: 3, NAME: 'ok' },
      job_cmd: 'scrapy crawl odd-types',
      scrapystats: {
        ...stats(7),
        'log_count/ERROR': null,
        'custom/list': [1, 2, 3],
        'custom/flag': true,
        'custom/nested': { a: { b: 1 } },
      },
    },
    {
      // known fields of unexpected types and values out of range
      key: `${p}/4/7`,
      spider: 'wrong-types',
      state: 'exploded',
      pending_time: 'yesterday',
      running_time: t(70),
      finished_time: t(65),
      priority: 'high',
      units: 1.5,
      deploy_id: -1,
      stop_requested: 'yes',
      close_reason: 'closespider_errorcount',
      scrapystats: {
        item_scraped_count: 1e308,
        'downloader/request_count': -5,
        'memusage/max': 2 ** 60,
      },
    },
    {
      // hostile field and stat names, deep nesting, a long value
      key: `${p}/4/8`,
      spider: 'hostile-names',
      ...finished(80, 3),
      close_reason: 'cancelled (stalled)',
      [`${ESC}[2Jcustom`]: 'value',
      'bidi\u202Ename': `${ESC}[31mred${ESC}[0m`,
      deep: nest(200),
      long: 'x'.repeat(10_000),
      lone: 'lone \ud800 surrogate',
      scrapystats: {
        ...stats(8),
        [`${OSC52_CLIPBOARD}/count`]: 1,
        [`${ESC}[31mcolour/count`]: 2,
      },
    },
    {
      // still running, with a newline and a tab in its close-to-be fields
      key: `${p}/5/9`,
      spider: 'multi\nline',
      state: 'running',
      pending_time: t(6),
      running_time: t(5),
      tags: ['tab\there', 'nul\x00byte'],
      scrapystats: stats(2),
    },
  ]
}

function nest(depth: number): unknown {
  let v: unknown = 'bottom'
  for (let i = 0; i < depth; i++) v = { d: v }
  return v
}
