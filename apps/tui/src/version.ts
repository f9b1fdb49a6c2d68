import pkg from '../package.json' with { type: 'json' }

/** The package version, read from package.json (esbuild inlines it into dist/). */
export const VERSION: string = pkg.version
