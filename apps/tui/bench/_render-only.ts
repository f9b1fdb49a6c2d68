process.env.NODE_ENV = 'production'
const { renderBench } = await import('./render.tsx')
const { baseline, results } = await renderBench()
for (const r of [baseline, ...results]) console.log(`  ${r.name.padEnd(46)} median ${r.median.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  ratio ${(r.median / baseline.median).toFixed(1)}x/${(r.p95 / baseline.p95).toFixed(1)}x (${r.presses})`)
process.exit(0)
