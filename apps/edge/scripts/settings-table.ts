// Prints the README's settings table from the settings schema (src/settings.ts); src/readme.test.ts
// fails when the README's table differs. Run: pnpm --filter @jobmeta/edge settings-table
import { settingDocs } from '../src/settings.ts'

const cell = (s: string) => s.replaceAll('|', '\\|')
console.log('| setting | default | range | meaning |')
console.log('| --- | --- | --- | --- |')
for (const s of settingDocs()) {
  const dflt = s.default.startsWith('(') ? s.default : `\`${s.default}\``
  console.log(`| \`${s.name}\` | ${cell(dflt)} | ${s.range} | ${cell(s.description)} |`)
}
console.log(
  '| `RATE_LIMITER` (binding) | (none) | | Workers rate-limit binding; used instead of the in-memory window. |',
)
