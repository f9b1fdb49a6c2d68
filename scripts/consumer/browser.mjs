// Entry for Chromium (bundled by esbuild): writes the smoke results, or the error, into the page.
import { smoke } from './smoke-lib.mjs'

const q = new URLSearchParams(location.search)
const out = document.getElementById('result')
smoke({ base: q.get('base'), apikey: q.get('apikey'), project: Number(q.get('project')) }).then(
  (r) => {
    out.textContent = JSON.stringify(r)
    out.dataset.done = 'ok'
  },
  (e) => {
    out.textContent = String(e?.stack ?? e)
    out.dataset.done = 'error'
  },
)
