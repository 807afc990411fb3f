// Folder-level cycles: madge keeps file cycles out, this keeps two folders from importing each other
// (directly or round a loop) at any depth of src/. Exit 1 with the file imports that close each loop.
import madge from 'madge'

const graph = (await madge('src', { fileExtensions: ['ts'], tsConfig: 'tsconfig.json' })).obj()

/** a → b between sibling folders: the first folders where the two paths part (none if one is a file there) */
function folderEdge(a, b) {
  const pa = a.split('/')
  const pb = b.split('/')
  let i = 0
  while (i < pa.length - 1 && i < pb.length - 1 && pa[i] === pb[i]) i++
  if (i >= pa.length - 1 || i >= pb.length - 1) return undefined
  return [pa.slice(0, i + 1).join('/'), pb.slice(0, i + 1).join('/')]
}

const edges = new Map() // folder → Map(folder → example import)
for (const [from, deps] of Object.entries(graph)) {
  for (const to of deps) {
    const e = folderEdge(from, to)
    if (!e) continue
    if (!edges.has(e[0])) edges.set(e[0], new Map())
    if (!edges.get(e[0]).has(e[1])) edges.get(e[0]).set(e[1], `${from} → ${to}`)
  }
}

// Tarjan's strongly connected components over the folder graph
let index = 0
const stack = []
const meta = new Map()
const loops = []
function visit(v) {
  meta.set(v, { index, low: index, on: true })
  index++
  stack.push(v)
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!meta.has(w)) {
      visit(w)
      meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low)
    } else if (meta.get(w).on) meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index)
  }
  if (meta.get(v).low === meta.get(v).index) {
    const scc = []
    let w
    do {
      w = stack.pop()
      meta.get(w).on = false
      scc.push(w)
    } while (w !== v)
    if (scc.length > 1) loops.push(scc)
  }
}
for (const v of edges.keys()) if (!meta.has(v)) visit(v)

if (loops.length === 0) {
  console.log(`No folder cycles (${edges.size} folders with imports out)`)
} else {
  for (const scc of loops) {
    console.error(`Folder cycle: ${scc.join(' ⇄ ')}`)
    for (const a of scc)
      for (const [b, example] of edges.get(a) ?? []) if (scc.includes(b)) console.error(`  ${a} → ${b}: ${example}`)
  }
  process.exit(1)
}
