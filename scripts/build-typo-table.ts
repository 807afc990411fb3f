/**
 * Builds config/proofread/typos-idioms.txt: for the most frequent idioms of THUOCL
 * (github.com/thunlp/THUOCL, data/THUOCL_chengyu.txt, MIT), every variant with one character
 * swapped for a GB2312 level-1 character of the same syllable and tone (readings from pinyin-pro,
 * MIT, in the idiom's context: 长 in 警钟长鸣 is cháng) — the way an input method turns 再接再厉 into
 * 再接再励. Variants that are themselves idioms are dropped.
 *
 *     npx tsx scripts/build-typo-table.ts THUOCL_chengyu.txt > config/proofread/typos-idioms.txt
 */
import { readFileSync } from 'node:fs'
import { pinyin } from 'pinyin-pro'

const TOP = 600
const idiomFile = process.argv[2]
if (!idiomFile) throw new Error('usage: build-typo-table.ts THUOCL_chengyu.txt')

const bySyllable = new Map<string, string[]>()
const gb = new TextDecoder('gb18030')
for (let hi = 0xb0; hi <= 0xd7; hi++) {
  for (let lo = 0xa1; lo <= 0xfe; lo++) {
    const c = gb.decode(Uint8Array.from([hi, lo]))
    if (!/^\p{Script=Han}$/u.test(c)) continue
    for (const s of pinyin(c, { multiple: true, type: 'array' })) bySyllable.set(s, [...(bySyllable.get(s) ?? []), c])
  }
}
const idioms = readFileSync(idiomFile, 'utf8').split('\n').map((l) => l.split(/\s+/)[0] ?? '').filter((w) => /^\p{Script=Han}{4}$/u.test(w))
const known = new Set(idioms)
const seen = new Set<string>()
const out: string[] = []
for (const idiom of idioms.slice(0, TOP)) {
  const chars = [...idiom]
  const readings = pinyin(idiom, { type: 'array' })
  chars.forEach((c, i) => {
    for (const alt of bySyllable.get(readings[i]!) ?? []) {
      if (alt === c) continue
      const wrong = [...chars.slice(0, i), alt, ...chars.slice(i + 1)].join('')
      if (known.has(wrong) || seen.has(wrong)) continue
      seen.add(wrong)
      out.push(`${wrong} -> ${idiom}`)
    }
  })
}
process.stdout.write(`${out.join('\n')}\n`)
