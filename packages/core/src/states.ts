/** The four job states, in lifecycle order. */
export const JOB_STATES = ['pending', 'running', 'finished', 'deleted'] as const
/** A job state. */
export type JobState = (typeof JOB_STATES)[number]

/**
 * The states a job list shows unless asked for others, and the ones JobQ summarises: every state
 * but deleted (JobQ's own default for a listing is finished only).
 */
export const LISTED_STATES = [
  'pending',
  'running',
  'finished',
] as const satisfies readonly JobState[]

/** The states of a job whose metadata still changes: queued or running. */
export const ACTIVE_STATES = ['pending', 'running'] as const satisfies readonly JobState[]

/** Whether a job in this state is still active (pending or running): its metadata may change. */
export function isActiveState(state: unknown): state is (typeof ACTIVE_STATES)[number] {
  return state === 'pending' || state === 'running'
}
