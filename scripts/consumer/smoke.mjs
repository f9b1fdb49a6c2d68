// Entry for Node, Deno and Bun: prints the smoke results as one JSON line.
import config from './config.mjs'
import { smoke } from './smoke-lib.mjs'

console.log(JSON.stringify(await smoke(config)))
