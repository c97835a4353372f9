#!/usr/bin/env node
// Checks the layering of src/: which folder may import which, no import cycles, a pure runtime
// (no node:* modules, clocks or randomness) and no bare `throw new Error` anywhere in src/.
// Exits non-zero with one line per violation. Run by `npm test` (through `npm run check`).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const src = join(root, 'src')

/** Which top-level folders of src/ each folder may import from (itself is always allowed). */
const allowed = {
  primitives: [],
  runtime: ['primitives'],
  rpc: ['primitives', 'runtime:type'],
  node: ['primitives', 'runtime', 'rpc'],
  client: ['primitives', 'rpc', 'runtime'],
  sync: ['primitives', 'rpc', 'client', 'runtime'],
  cli: ['primitives', 'runtime', 'rpc', 'node', 'client', 'sync'],
}
/** Node built-ins a layer may not touch: the runtime must stay deterministic, primitives pure. */
const bannedBuiltins = {
  primitives: /^node:(fs|net|http|https|child_process|worker_threads|os|dgram|cluster)/,
  runtime: /^node:/,
}
const impure =
  /\b(Date\.now|new Date\(|Math\.random|performance\.now|crypto\.getRandomValues|setTimeout|setInterval|process\.)/

const files = []
const walk = dir => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path)
    else if (path.endsWith('.ts')) files.push(path)
  }
}
walk(src)

const problems = []
const graph = new Map()
const importRe =
  /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm
const layerOf = file => relative(src, file).split('/')[0]

for (const file of files) {
  const text = readFileSync(file, 'utf8')
  const layer = layerOf(file)
  const isTest = file.endsWith('.test.ts')
  const edges = []
  for (const m of text.matchAll(importRe)) {
    const typeOnly = Boolean(m[2])
    const spec = m[3] ?? m[4]
    const where = `${relative(root, file)}: imports '${spec}'`
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec)
      if (!target.startsWith(src)) continue
      const to = layerOf(target)
      if (!typeOnly) edges.push(target)
      if (to === layer || isTest) continue
      const rules = allowed[layer] ?? []
      const ok = rules.includes(to) || (typeOnly && rules.includes(`${to}:type`))
      if (!ok)
        problems.push(`${where}: ${layer} may not import ${to}${typeOnly ? '' : ' (value import)'}`)
    } else if (!isTest && bannedBuiltins[layer]?.test(spec)) {
      problems.push(`${where}: ${layer} may not use this built-in`)
    }
  }
  graph.set(file, edges)
  if (layer === 'runtime' && !isTest) {
    text.split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '')
      if (impure.test(code))
        problems.push(`${relative(root, file)}:${i + 1}: runtime must be pure: ${line.trim()}`)
    })
  }
  if (!isTest) {
    text.split('\n').forEach((line, i) => {
      if (/throw new Error\(/.test(line)) {
        problems.push(
          `${relative(root, file)}:${i + 1}: throw a coded error class, not a bare Error`,
        )
      }
    })
  }
}

// Cycles among value imports (type-only imports vanish at runtime and are allowed to loop).
const state = new Map()
const stack = []
const visit = file => {
  state.set(file, 'open')
  stack.push(file)
  for (const next of graph.get(file) ?? []) {
    if (!graph.has(next)) continue
    if (state.get(next) === 'open') {
      const cycle = stack.slice(stack.indexOf(next)).concat(next)
      problems.push(`import cycle: ${cycle.map(f => relative(root, f)).join(' -> ')}`)
    } else if (!state.has(next)) visit(next)
  }
  stack.pop()
  state.set(file, 'done')
}
for (const file of graph.keys()) if (!state.has(file)) visit(file)

if (problems.length > 0) {
  for (const p of problems) console.error(p)
  console.error(`check-imports: ${problems.length} problem(s) in ${files.length} files`)
  process.exit(1)
}
console.log(`check-imports: ${files.length} files, layering clean, no cycles`)
