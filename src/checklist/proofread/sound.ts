import { pinyin } from 'pinyin-pro'

/** Toneless readings of one character, every reading of a polyphone (长 → chang, zhang); memoised. */
const memo = new Map<string, string[]>()
export function readings(ch: string): string[] {
  let r = memo.get(ch)
  if (!r) {
    r = /^\p{Script=Han}$/u.test(ch) ? pinyin(ch, { multiple: true, type: 'array', toneType: 'none' }) : []
    memo.set(ch, r)
  }
  return r
}

/** The confusions of southern speakers and of pinyin input: zh/z, ch/c, sh/s, n/l, -ng/-n. */
function fuzzy(s: string): string {
  return s
    .replace(/^([zcs])h/, '$1')
    .replace(/^n/, 'l')
    .replace(/ng$/, 'n')
}

/** 'same': a shared reading (健/建); 'similar': alike under the fuzzy rules (张/章 no, 成/陈 yes). */
export function soundsAlike(a: string, b: string): 'same' | 'similar' | undefined {
  const ra = readings(a)
  const rb = readings(b)
  if (ra.some((x) => rb.includes(x))) return 'same'
  const fb = rb.map(fuzzy)
  return ra.some((x) => fb.includes(fuzzy(x))) ? 'similar' : undefined
}

/** pinyin-pro loads its dictionary on the first call (≈0.3 s): pay that when the checker is built. */
export function warmUp(): void {
  readings('张')
}
