/**
 * How characters are counted for the length limits (Weibo 140, WeChat 680, title and punctuation
 * included — saws 四(二)): every Unicode code point a reader can see counts as one, whatever its
 * width — a Chinese character, a letter, a digit, a punctuation mark, a space, an emoji (one code
 * point, so 👍 is 1). Line breaks and invisible format characters (zero-width space/joiners,
 * word joiner, BOM, variation selectors) count zero: they take no room on the page. There is no
 * Weibo-style half count for ASCII, so the count never runs below what a strict reader counts.
 */
export function countChars(text: string): number {
  let n = 0
  for (const ch of text) if (!INVISIBLE.test(ch)) n++
  return n
}

const INVISIBLE = /^[\r\n\u200b-\u200f\u2060-\u2064\ufeff\ufe00-\ufe0f]$/
