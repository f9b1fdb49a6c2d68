// Starts an emulator in its own process (so its memory and timers do not mix with the client's)
// and prints its URL as one JSON line. Usage: tsx bench/serve.ts <jobs> [latencyMs]
import { DEMO_PROJECT, generateJobs } from '@jobmeta/emulator'
import { startEmulator } from '@jobmeta/emulator/node'

const count = Number(process.argv[2] ?? 1000)
const latencyMs = Number(process.argv[3] ?? 0)
const seed = generateJobs(count, {
  project: DEMO_PROJECT,
  now: Date.now(),
  lean: true,
  deletedShare: 0,
})
const server = await startEmulator({ port: 0, seed })
if (latencyMs > 0) server.emulator.faults.set({ latencyMs, match: '/jobs/' })
process.stdout.write(`${JSON.stringify({ url: server.url, keys: seed.map((s) => s.key) })}\n`)
process.stdin.resume()
process.stdin.on('end', () => void server.close().then(() => process.exit(0)))
