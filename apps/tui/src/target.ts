/** Resolves what the viewer opens: a project list or one job, from the argument or the configured default. */
import { parseKey } from '@jobmeta/core'

/** What to show first. */
export type Target =
  | { kind: 'project'; project: number }
  | { kind: 'job'; project: number; key: string }

/** Parses the positional target (or the default project); undefined when there is neither. */
export function resolveTarget(
  arg: string | undefined,
  defaultProject: string | undefined,
): Target | undefined {
  const input = arg ?? defaultProject
  if (input === undefined) return undefined
  const k = parseKey(input)
  if (k.kind === 'job') return { kind: 'job', project: k.project, key: k.key }
  return { kind: 'project', project: k.project }
}
