/**
 * Characters that show nothing: zero-width spaces and joiners, bidi controls, variation
 * selectors, fillers, tags. A draft can hide instructions in them (the LLM prompt strips them), a
 * comment author made only of them is no name, and a model quoting a draft drops them.
 */
export const INVISIBLE =
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]|\udb40[\udc00-\udfff]/g

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '')
}

/** Nothing a reader would see: empty, whitespace, or invisible characters only. */
export function isBlank(text: string | undefined): boolean {
  return !text || stripInvisible(text).trim() === ''
}

/**
 * Where `quote` stands in `text`, as [start, end) of `text`, read as the reader sees them (a
 * zero-width character inside the text does not hide a quote of its visible words); undefined
 * when it is not there or shows nothing.
 */
export function locateQuote(text: string, quote: string): { start: number; end: number } | undefined {
  const wanted = stripInvisible(quote)
  if (!wanted.trim()) return undefined
  const direct = text.indexOf(quote)
  if (direct >= 0) return { start: direct, end: direct + quote.length }
  // the visible text with, for each of its code units, where it came from in `text`
  const from: number[] = []
  let visible = ''
  for (let i = 0; i < text.length; ) {
    const pair = text.codePointAt(i)! > 0xffff
    const unit = pair ? text.slice(i, i + 2) : text[i]!
    if (!stripInvisible(unit)) {
      i += unit.length
      continue
    }
    for (let k = 0; k < unit.length; k++) from.push(i + k)
    visible += unit
    i += unit.length
  }
  const at = visible.indexOf(wanted)
  if (at < 0) return undefined
  return { start: from[at]!, end: from[at + wanted.length - 1]! + 1 }
}
