/**
 * The emulator on a worker thread of its own, as Scrapy Cloud is a service of its own in
 * production: the proxies measured against it (edge, bare hop) run on another thread, so the
 * emulator's work is not done on theirs (on two cores, the threads still compete for CPU).
 */
import { parentPort } from 'node:worker_threads'
import { startEmulator } from '@jobmeta/emulator/node'

const emu = await startEmulator({ seed: 'demo' })
parentPort!.postMessage({ type: 'ready', url: emu.url })
parentPort!.on('message', async (m: string) => {
  if (m === 'stats') {
    const count = emu.emulator.stats.byRoute()['GET /jobs/:project/:spider/:job']?.count ?? 0
    parentPort!.postMessage({ type: 'stats', count })
  }
  if (m === 'close') {
    await emu.close()
    process.exit(0)
  }
})
