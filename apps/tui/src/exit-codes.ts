/**
 * Process exit codes of `jobmeta`: one table, read by the commands (`watch`'s code for an outcome),
 * by `--help` and by the README (a test checks that the README holds exactly this table).
 */
import {
  classifyCloseReason,
  type Outcome,
  outcomeOf,
  WELL_KNOWN_CLOSE_REASONS,
} from '@jobmeta/core'
import { markdownTable } from './markdown-table.ts'

/** One exit code: its number, what it means, and the job outcomes `watch` ends with it. */
export interface ExitCode {
  code: number
  meaning: string
  /** `watch` exits with this code when the job ends with one of these outcomes. */
  outcomes?: readonly Outcome[]
}

/** Every exit code, by name. */
export const EXIT_CODES = {
  ok: { code: 0, meaning: 'success; `watch`: the job finished normally', outcomes: ['ok'] },
  error: {
    code: 1,
    meaning:
      'error talking to the API: rejected key (401/403), job or spider not found, network down, timeout, server error; `get`: a field the job does not have (message and hint on stderr)',
  },
  usage: {
    code: 2,
    meaning:
      'bad arguments or configuration: an unknown option, an unparseable key or project, a URL without a scheme, an unreadable scrapinghub.yml, an unknown target, no default project (the reason and a hint on stderr)',
  },
  failed: { code: 3, meaning: '`watch`: the job failed', outcomes: ['failed'] },
  cancelled: { code: 4, meaning: '`watch`: the job was cancelled', outcomes: ['cancelled'] },
  limit: {
    code: 5,
    meaning: '`watch`: the job stopped on a configured limit',
    outcomes: ['limit'],
  },
  other: {
    code: 6,
    meaning: '`watch`: the job ended with an unrecognised close reason, or was deleted',
    outcomes: ['unknown', 'deleted'],
  },
  hangup: { code: 129, meaning: 'the terminal hung up (SIGHUP)' },
  interrupted: {
    code: 130,
    meaning:
      'interrupted by Ctrl-C (SIGINT); in the viewer Ctrl-C is a key that quits like `q` (exit 0)',
  },
  terminated: { code: 143, meaning: 'terminated (SIGTERM)' },
} as const satisfies Record<string, ExitCode>

/** The exit codes by name: `EXIT.failed` is 3. */
export const EXIT = Object.fromEntries(
  Object.entries(EXIT_CODES).map(([name, e]) => [name, e.code]),
) as { readonly [K in keyof typeof EXIT_CODES]: (typeof EXIT_CODES)[K]['code'] }

const BY_OUTCOME = new Map<Outcome, number>()
for (const e of Object.values(EXIT_CODES) as ExitCode[])
  for (const o of e.outcomes ?? []) BY_OUTCOME.set(o, e.code)

/** The `watch` exit code for the outcome a job ended with. */
export function exitCodeForOutcome(outcome: Outcome): number {
  return BY_OUTCOME.get(outcome) ?? EXIT.other
}

/**
 * The close reasons that end a finished job with exit code `code`, as core classifies them (core's
 * outcome rule decides; this only lists it): the well-known ones, and the name patterns core's
 * rule also sends there.
 */
export function closeReasonsFor(code: number): { known: string[]; patterns: string[] } {
  const codeOf = (reason: string) =>
    exitCodeForOutcome(outcomeOf({ state: 'finished', close_reason: reason }))
  const known = WELL_KNOWN_CLOSE_REASONS.filter((r) => codeOf(r) === code)
  const patterns = ['closespider_*', 'cancel*'].filter(
    (p) => exitCodeForOutcome(classifyCloseReason(p.replace('*', 'zz_unlisted'))) === code,
  )
  return { known, patterns }
}

/** What one exit code means, with the close reasons that lead to it; `q` quotes a name. */
function described(e: ExitCode, q: (s: string) => string): string {
  const { known, patterns } = closeReasonsFor(e.code)
  if (known.length === 0) return e.meaning
  const others = patterns.map((p) => `any other ${q(p)}`)
  return `${e.meaning} (close reason ${[...known.map(q), ...others].join(', ')})`
}

/** The exit codes as printed by `--help`. */
export function exitCodesHelp(): string {
  return (Object.values(EXIT_CODES) as ExitCode[])
    .map((e) => `  ${String(e.code).padEnd(4)}${described(e, (n) => n).replace(/`/g, '')}`)
    .join('\n')
}

/** The exit codes as the README's Markdown table (the README test compares it verbatim). */
export function exitCodesMarkdown(): string {
  const rows = (Object.values(EXIT_CODES) as ExitCode[]).map((e) => [
    String(e.code),
    described(e, (n) => `\`${n}\``),
  ])
  return markdownTable(['code', 'meaning'], rows)
}
