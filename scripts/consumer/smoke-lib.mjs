// What a consumer of the published @jobmeta/core does, in web-standard JavaScript only: the same
// module runs under Node, Deno, Bun and (bundled by esbuild) in Chromium.
import {
  createClient,
  DEFAULT_USER_AGENT,
  JobNotFoundError,
  parseJobKey,
  summarize,
} from '@jobmeta/core'

/** Lists, reads and misses jobs on the emulator at `base`; resolves to a plain record of results. */
export async function smoke({ base, apikey, project }) {
  const client = createClient({ apikey, storageUrl: base, retry: false, timeoutMs: 10_000 })
  const keys = []
  for await (const row of client.jobs(project).list({ count: 3 })) keys.push(row.key)
  const key = parseJobKey(` https://app.zyte.com/p/${keys[0]} `).key
  const meta = await client.job(key).get()
  const state = await client.job(key).field('state')
  let missing = 'no error'
  try {
    await client.job(`${project}/999/999`).get()
  } catch (e) {
    missing = e instanceof JobNotFoundError ? 'JobNotFoundError' : String(e)
  }
  return {
    userAgent: DEFAULT_USER_AGENT,
    keys,
    key,
    state: meta.state,
    field: state,
    outcome: summarize(meta).outcome,
    count: await client.jobs(project).count(),
    missing,
  }
}
