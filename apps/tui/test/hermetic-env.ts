// Runs in each test worker before any test file is imported: colour and terminal settings the
// caller's shell exports (FORCE_COLOR, NO_COLOR, TERM, CI...) would change how Ink and chalk draw,
// and an API key or HOME would change which configuration the in-process tests read.
for (const name of [
  'FORCE_COLOR',
  'NO_COLOR',
  'CI',
  'TERM',
  'COLORTERM',
  'SH_APIKEY',
  'SHUB_APIKEY',
  'SHUB_JOBAUTH',
]) {
  delete process.env[name]
}
