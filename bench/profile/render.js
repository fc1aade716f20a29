'use strict'
// Renders async-profiler's collapsed stacks ("frame;frame;frame count" per line) as an SVG flame graph with the
// npm package flamegraph, and prints where the samples went: each sample is given to the first named part that one
// of its frames matches, looking from the leaf (the running frame) towards the root, so the shares add up to 100 %
// ("other" for samples none matches).
//   node render.js <in.collapsed> <out.svg> <title> [label=regex ...]
const fs = require('fs')
const flamegraph = require('flamegraph')

const [input, output, title, ...patterns] = process.argv.slice(2)
if (!input || !output) {
  console.error('usage: node render.js <in.collapsed> <out.svg> <title> [label=regex ...]')
  process.exit(2)
}
const lines = fs.readFileSync(input, 'utf8').split('\n').filter(l => l.trim())
const head = { functionName: 'all', url: '', lineNumber: 0, hitCount: 0, children: [] }
let total = 0
let other = 0
function leafFirst (frames) {
  for (let i = frames.length - 1; i >= 0; i--) {
    const s = shares.find(p => p.regex.test(frames[i]))
    if (s) return s
  }
  return null
}
const shares = patterns.map(p => {
  const at = p.indexOf('=')
  return { label: p.slice(0, at), regex: new RegExp(p.slice(at + 1)), samples: 0 }
})
for (const line of lines) {
  const at = line.lastIndexOf(' ')
  const count = Number(line.slice(at + 1))
  const frames = line.slice(0, at).split(';')
  total += count
  const part = leafFirst(frames)
  if (part) part.samples += count
  else other += count
  let node = head
  for (const name of frames) {
    let child = node._index && node._index.get(name)
    if (!child) {
      child = { functionName: name, url: '', lineNumber: 0, hitCount: 0, children: [] }
      node._index = node._index || new Map()
      node._index.set(name, child)
      node.children.push(child)
    }
    node = child
  }
  node.hitCount += count
}
// Frames narrower than minwidth pixels are dropped, which keeps the SVG small.
const svg = flamegraph.fromCpuProfile({ head }, { titletext: title, countname: 'samples (1 ms CPU)',
  minwidth: 3, imagewidth: 1400 })
fs.writeFileSync(output, svg)
console.log(`${title}: ${total} samples`)
for (const s of [...shares, { label: 'other', samples: other }]) {
  console.log(`  ${s.label.padEnd(36)} ${(100 * s.samples / Math.max(1, total)).toFixed(1).padStart(5)} %`)
}
