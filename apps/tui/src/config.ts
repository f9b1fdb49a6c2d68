/** Resolves the API key, URLs and default project from flags, environment and scrapinghub.yml. */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { CliOptions } from './args.ts'
import { parseYamlSubset, type ScrapinghubSettings, settingsFromYaml } from './scrapinghub-yml.ts'

/** Where the API key came from (shown in the status line, never the key itself). */
export type KeySource = '--apikey' | 'SH_APIKEY' | 'SHUB_APIKEY' | '~/.scrapinghub.yml'

/** Everything needed to open a session; `apikey` undefined means demo mode. */
export interface Config {
  apikey?: string
  keySource?: KeySource
  storageUrl?: string
  jobqUrl?: string
  /** Default project id as given (validated later by core's parseKey). */
  project?: string
  demo: boolean
  retries?: number
}

/** Inputs of resolveConfig, injectable for tests. */
export interface ConfigSources {
  env: Record<string, string | undefined>
  home?: string
  cwd?: string
  readFile?: (path: string) => string | undefined
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

function loadYaml(sources: ConfigSources, path: string): ScrapinghubSettings {
  const text = (sources.readFile ?? readIfExists)(path)
  return text === undefined ? {} : settingsFromYaml(parseYamlSubset(text))
}

/** Applies the precedence: flag, then SH_APIKEY, SHUB_APIKEY, then ~/.scrapinghub.yml (project: ./scrapinghub.yml too). */
export function resolveConfig(options: CliOptions, sources: ConfigSources): Config {
  const { env } = sources
  const home = sources.home ?? env.HOME ?? homedir()
  const global = loadYaml(sources, join(home, '.scrapinghub.yml'))
  const local = loadYaml(sources, join(sources.cwd ?? process.cwd(), 'scrapinghub.yml'))
  const config: Config = { demo: options.demo }
  if (options.retries !== undefined) config.retries = options.retries

  const candidates: [KeySource, string | undefined][] = [
    ['--apikey', options.apikey],
    ['SH_APIKEY', env.SH_APIKEY],
    ['SHUB_APIKEY', env.SHUB_APIKEY],
    ['~/.scrapinghub.yml', global.apikey],
  ]
  for (const [source, value] of candidates) {
    if (value?.trim()) {
      config.apikey = value.trim()
      config.keySource = source
      break
    }
  }
  const storageUrl = options.storageUrl ?? env.SHUB_STORAGE
  if (storageUrl) config.storageUrl = storageUrl
  const jobqUrl = options.jobqUrl ?? env.SHUB_JOBQ
  if (jobqUrl) config.jobqUrl = jobqUrl
  const project = options.project ?? local.project ?? global.project
  if (project !== undefined) config.project = project
  return config
}
