/**
 * An Aho–Corasick automaton over a dense alphabet (class ids 1..alphabetSize), stored as a
 * double array: a state is a cell, its child by class c is cell base[s] + c when check of that
 * cell is s. A step is then two loads and one comparison, with no branch on how many children a
 * state has (a sorted-edge scan mispredicts on random Chinese text and ran at half the speed).
 * The root's children sit at cells 1..alphabetSize (root base 0), one for every class, so the root row is direct.
 * Each state lists every term that ends there, nested ones included (中国人民 and 国人).
 */
export interface Automaton {
  /**
   * four Int32 a cell, kept together so one cache line serves a step:
   * [base, check (parent cell, -1 when free), fail cell, offset of the cell's outputs (0: none)]
   */
  cells: Int32Array
  /**
   * Every term ending at a cell, nested ones included, as a flat list per cell of (term index,
   * term length) pairs closed by -1, so reporting a hit is a walk over consecutive slots rather
   * than a chase along fail links. The length is negated for terms marked `checked` at build time.
   * Slot 0 holds the -1 that cells without outputs point to.
   */
  outputs: Int32Array
  maxDepth: number
}

export const BASE = 0
export const CHECK = 1
export const FAIL = 2
export const OUT = 3

const SEARCH_WINDOW = 4096

/**
 * patterns[i] is term i as class ids; an empty pattern never matches. checked[i] non-zero marks a
 * term whose hits the caller checks further, so a scan can tell it apart without a look-up.
 */
export function buildAutomaton(patterns: Uint16Array[], alphabetSize: number, checked: Uint8Array): Automaton {
  const trie = buildTrie(patterns, alphabetSize)
  const { firstChild, nextSibling, label } = trie
  let capacity = Math.max(1024, trie.states * 2 + alphabetSize + 2)
  let cells = new Int32Array(capacity * 4)
  let used = new Uint8Array(capacity)
  // skip[i] leads to the first free cell at or after i (union-find with path halving)
  let skip = new Int32Array(capacity + 1)
  for (let i = 0; i <= capacity; i++) skip[i] = i
  const freeFrom = (i: number): number => {
    if (i >= capacity) return i
    while (skip[i] !== i) {
      skip[i] = skip[skip[i]!]!
      i = skip[i]!
    }
    return i
  }
  let highWater = 0
  const occupy = (i: number) => {
    if (i >= highWater) highWater = i + 1
    used[i] = 1
    skip[i] = i + 1
  }
  const grow = (need: number) => {
    if (need < capacity) return
    const next = Math.max(need + 1, capacity * 2)
    const c = new Int32Array(next * 4)
    c.set(cells)
    for (let i = capacity; i < next; i++) c[i * 4 + CHECK] = -1
    const u = new Uint8Array(next)
    u.set(used)
    const k = new Int32Array(next + 1)
    k.set(skip)
    for (let i = capacity + 1; i <= next; i++) k[i] = i
    cells = c
    used = u
    skip = k
    capacity = next
  }
  for (let i = 0; i < capacity; i++) cells[i * 4 + CHECK] = -1
  occupy(0)
  const cellOf = new Int32Array(trie.states)
  const queue = new Int32Array(trie.states) // trie nodes, breadth first
  let tail = 0
  // Every class has a root child, a childless one without outputs when no term starts with it, so
  // a scan falling back to the root steps to cell c with no check (see Scanner.collect).
  for (let c = 1; c <= alphabetSize; c++) {
    occupy(c)
    cells[c * 4 + CHECK] = 0
    const node = trie.rootChild[c]!
    if (node === 0) continue
    cellOf[node] = c
    queue[tail++] = node
  }
  const labels: number[] = []
  for (let head = 0; head < tail; head++) {
    const node = queue[head]!
    const cell = cellOf[node]!
    labels.length = 0
    for (let e = firstChild[node]!; e !== 0; e = nextSibling[e]!) labels.push(label[e]!)
    if (labels.length === 0) continue
    labels.sort((a, b) => a - b)
    // The first base at which every child's cell is free, trying only free cells for the first
    // child and only near the frontier: holes further back are left to single-child states,
    // which is what keeps the build linear (the packed region rarely fits a state with many children).
    const first = labels[0]!
    let base = 0
    for (let p = freeFrom(Math.max(first, highWater - SEARCH_WINDOW)); ; p = freeFrom(p + 1)) {
      base = p - first
      grow(base + labels[labels.length - 1]!)
      let fits = true
      for (const l of labels)
        if (used[base + l]) {
          fits = false
          break
        }
      if (fits) break
    }
    cells[cell * 4 + BASE] = base
    for (let e = firstChild[node]!; e !== 0; e = nextSibling[e]!) {
      const child = base + label[e]!
      occupy(child)
      cells[child * 4 + CHECK] = cell
      cellOf[e] = child
      queue[tail++] = e
    }
  }
  // Any base + class probed during a scan must stay inside the array.
  let maxBase = 0
  let maxCell = 0
  for (let i = 0; i < capacity; i++) {
    if (used[i]) maxCell = i
    if (cells[i * 4 + BASE]! > maxBase) maxBase = cells[i * 4 + BASE]!
  }
  const size = Math.max(maxCell, maxBase + alphabetSize) + 1
  grow(size)
  cells = cells.slice(0, size * 4)

  const termAt = new Int32Array(size).fill(-1)
  const depth = new Int32Array(size)
  for (let node = 1; node < trie.states; node++) {
    termAt[cellOf[node]!] = trie.termAt[node]!
    depth[cellOf[node]!] = trie.depth[node]!
  }
  const step = (s: number, c: number): number => {
    for (;;) {
      if (s === 0) return trie.rootChild[c] !== 0 ? c : 0
      const t = cells[s * 4 + BASE]! + c
      if (cells[t * 4 + CHECK] === s) return t
      s = cells[s * 4 + FAIL]!
    }
  }
  const { sameTermNext } = trie
  let outputs = new Int32Array(1024)
  outputs[0] = -1
  let filled = 1
  const put = (v: number) => {
    if (filled === outputs.length) {
      const o = new Int32Array(outputs.length * 2)
      o.set(outputs)
      outputs = o
    }
    outputs[filled++] = v
  }
  for (let i = 0; i < tail; i++) {
    // breadth first: a cell's fail target is shallower, so its outputs are already listed
    const node = queue[i]!
    const s = cellOf[node]!
    const f = cells[s * 4 + FAIL]!
    const inherited = cells[f * 4 + OUT]!
    if (termAt[s]! >= 0) {
      cells[s * 4 + OUT] = filled
      for (let ti = termAt[s]!; ti >= 0; ti = sameTermNext[ti]!) {
        put(ti)
        put(checked[ti] ? -depth[s]! : depth[s]!)
      }
      for (let o = inherited; outputs[o]! >= 0; o += 2) {
        put(outputs[o]!)
        put(outputs[o + 1]!)
      }
      put(-1)
    } else cells[s * 4 + OUT] = inherited
    for (let e = firstChild[node]!; e !== 0; e = nextSibling[e]!) cells[cellOf[e]! * 4 + FAIL] = step(f, label[e]!)
  }
  return { cells, outputs: outputs.slice(0, filled), maxDepth: trie.maxDepth }
}

/** The trie as first-child / next-sibling lists; the root's children are direct-indexed. */
function buildTrie(patterns: Uint16Array[], alphabetSize: number) {
  let capacity = 1
  for (const p of patterns) capacity += p.length
  const rootChild = new Int32Array(alphabetSize + 1)
  const firstChild = new Int32Array(capacity)
  const nextSibling = new Int32Array(capacity)
  const label = new Uint16Array(capacity)
  const depth = new Int32Array(capacity)
  const termAt = new Int32Array(capacity).fill(-1)
  const sameTermNext = new Int32Array(patterns.length).fill(-1)
  let states = 1
  let maxDepth = 0
  patterns.forEach((p, termIndex) => {
    if (p.length === 0) return
    let s = 0
    for (let i = 0; i < p.length; i++) {
      const c = p[i]!
      let t = 0
      if (s === 0) t = rootChild[c]!
      else
        for (let e = firstChild[s]!; e !== 0; e = nextSibling[e]!)
          if (label[e] === c) {
            t = e
            break
          }
      if (t === 0) {
        t = states++
        label[t] = c
        depth[t] = i + 1
        if (s === 0) rootChild[c] = t
        else {
          nextSibling[t] = firstChild[s]!
          firstChild[s] = t
        }
      }
      s = t
    }
    if (termAt[s]! >= 0) sameTermNext[termIndex] = termAt[s]!
    termAt[s] = termIndex
    if (p.length > maxDepth) maxDepth = p.length
  })
  return { rootChild, firstChild, nextSibling, label, depth, termAt, sameTermNext, states, maxDepth }
}
