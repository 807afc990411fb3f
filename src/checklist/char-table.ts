import * as OpenCC from 'opencc-js/t2cn'

/**
 * The normalisation of one UTF-16 code unit, as lookup tables built once per process.
 *
 * Every transformation is 1:1 on code units (or drops the unit as noise), so a position in the
 * normalised stream always maps back to exactly one position in the original text. That is what
 * lets the matcher report spans in the original without keeping a second copy of the text.
 */

export interface NormaliseOptions {
  /** full-width forms → ASCII (ＡＢＣ１２３ → abc123) */
  width?: boolean
  /** A → a, Ⓐ/ⓐ/⒜ → a, Cyrillic look-alikes (а, о, е …) → Latin */
  case?: boolean
  /** traditional → simplified, character by character (opencc-js, Taiwan standard → mainland) */
  traditional?: boolean
  /** ①⑴⒈❶➀㈠, 壹贰叁, 一二三, 〇零 and full-width digits → 0–9 */
  numbers?: boolean
  /** punctuation, symbols, ￥, emoji, zero-width characters and single line breaks are skipped between term characters (two line breaks end a paragraph, see matcher.ts) */
  noise?: boolean
  /** 法法轮轮功 → 法轮功 (terms collapse the same way) */
  collapseRepeats?: boolean
}

export const ALL_NORMALISATIONS: Required<NormaliseOptions> = {
  width: true,
  case: true,
  traditional: true,
  numbers: true,
  noise: true,
  collapseRepeats: true,
}

/** Marks a code unit that is skipped (noise) in a fold table. */
export const NOISE = 0

let t2s: Uint16Array | undefined

/** Traditional → simplified for every BMP ideograph, from one opencc call (≈30 ms, once per process). */
function traditionalTable(): Uint16Array {
  if (t2s) return t2s
  const table = new Uint16Array(65536)
  const ranges: Array<[number, number]> = [
    [0x3400, 0x4dbf],
    [0x4e00, 0x9fff],
    [0xf900, 0xfaff],
  ]
  const chars: string[] = []
  for (const [lo, hi] of ranges) for (let c = lo; c <= hi; c++) chars.push(String.fromCharCode(c))
  // One character a line, so opencc's phrase dictionary never joins two of them into a phrase.
  const converted = OpenCC.Converter({ from: 't', to: 'cn' })(chars.join('\n')).split('\n')
  if (converted.length === chars.length) {
    chars.forEach((c, i) => {
      const s = converted[i]!
      if (s.length === 1 && s !== c) table[c.charCodeAt(0)] = s.charCodeAt(0)
    })
  }
  t2s = table
  return t2s
}

const DIGIT_RUNS: Array<[number, number]> = [
  [0x2460, 9],
  [0x2474, 9],
  [0x2488, 9],
  [0x24f5, 9],
  [0x2776, 9],
  [0x2780, 9],
  [0x278a, 9],
  [0x3220, 9],
  [0x3280, 9],
]
const CHINESE_DIGITS = ['〇零', '一壹', '二贰弍', '三叁', '四肆', '五伍', '六陆', '七柒', '八捌', '九玖']
const LETTER_RUNS = [0x249c, 0x24b6, 0x24d0] // ⒜…⒵, Ⓐ…Ⓩ, ⓐ…ⓩ
const CYRILLIC_LOOKALIKES = 'аaеeоoрpсcхxуyіiАaВbЕeКkМmНhОoРpСcТtХx'

const NOISE_RANGES: Array<[number, number]> = [
  [0x00, 0x2f],
  [0x3a, 0x40],
  [0x5b, 0x60],
  [0x7b, 0xbf],
  [0x0300, 0x036f],
  [0x2000, 0x206f],
  [0x20d0, 0x20ff],
  [0x2100, 0x214f],
  [0x2190, 0x23ff],
  [0x2500, 0x27bf],
  [0x2e00, 0x2e7f],
  [0x3000, 0x303f],
  [0x30fb, 0x30fb],
  [0xd800, 0xdfff],
  [0xfe00, 0xfe6f],
  [0xfeff, 0xfeff],
  [0xff5f, 0xff65],
  [0xffe0, 0xffef],
  [0xfff0, 0xffff],
]

const cache = new Map<string, Uint16Array>()

/**
 * fold[u] is the normalised code unit for u, or NOISE when u is skipped. Cached per option set;
 * the first call pays for the traditional table.
 */
export function foldTable(options: NormaliseOptions = ALL_NORMALISATIONS): Uint16Array {
  const o = { ...ALL_NORMALISATIONS, ...options }
  const key = JSON.stringify(o)
  const hit = cache.get(key)
  if (hit) return hit
  const fold = new Uint16Array(65536)
  for (let u = 0; u < 65536; u++) fold[u] = u
  if (o.traditional) {
    const t = traditionalTable()
    for (let u = 0; u < 65536; u++) if (t[u]) fold[u] = t[u]!
  }
  if (o.width) {
    for (let u = 0xff01; u <= 0xff5e; u++) fold[u] = u - 0xfee0
    fold[0x3000] = 0x20
  }
  if (o.case) {
    for (let u = 0; u < 65536; u++) {
      const f = fold[u]!
      if (f >= 0x41 && f <= 0x5a) fold[u] = f + 0x20
    }
    for (const start of LETTER_RUNS) for (let i = 0; i < 26; i++) fold[start + i] = 0x61 + i
    for (let i = 0; i < CYRILLIC_LOOKALIKES.length; i += 2) {
      fold[CYRILLIC_LOOKALIKES.charCodeAt(i)] = CYRILLIC_LOOKALIKES.charCodeAt(i + 1)
    }
  }
  if (o.numbers) {
    for (const [start, n] of DIGIT_RUNS) for (let i = 0; i < n; i++) fold[start + i] = 0x31 + i
    fold[0x24ea] = 0x30 // ⓪
    fold[0x24ff] = 0x30 // ⓿
    // after the t2s step, so traditional numerals (貳, 陸 …) are caught through their simplified form
    const digitOf = new Map<number, number>()
    CHINESE_DIGITS.forEach((chars, d) => {
      for (const c of chars) digitOf.set(c.charCodeAt(0), 0x30 + d)
    })
    for (let u = 0; u < 65536; u++) {
      const d = digitOf.get(fold[u]!)
      if (d !== undefined) fold[u] = d
    }
  }
  if (o.noise) {
    for (let u = 0; u < 65536; u++) {
      if (isNoise(fold[u]!)) fold[u] = NOISE
    }
  }
  cache.set(key, fold)
  return fold
}

function isNoise(u: number): boolean {
  for (const [lo, hi] of NOISE_RANGES) if (u >= lo && u <= hi) return true
  return false
}

/** A term or a text run through the fold table: noise dropped, repeats collapsed. */
export function normalise(text: string, fold: Uint16Array, collapseRepeats = true): string {
  let out = ''
  let prev = -1
  for (let i = 0; i < text.length; i++) {
    const f = fold[text.charCodeAt(i)]!
    if (f === NOISE || (collapseRepeats && f === prev)) continue
    prev = f
    out += String.fromCharCode(f)
  }
  return out
}
