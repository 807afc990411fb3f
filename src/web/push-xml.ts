import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { z } from 'zod'

/**
 * The XML of a WeChat push, read defensively. WeChat sends one flat `<xml>` element whose
 * children are text (some in CDATA); anything else — a DOCTYPE (internal or external entities),
 * a repeated element, an element nested in `<Content>`, deep nesting — is not WeChat and is
 * refused before the parser can expand, recurse or hand us an array where a string belongs.
 */
/** xml > PublishEventInfo > article_detail > item > idx: the deepest push WeChat sends (PUBLISHJOBFINISH) */
const MAX_DEPTH = 5
const parser = new XMLParser({ parseTagValue: false, processEntities: true, trimValues: false })
const flat = z.record(z.string(), z.string())

export class PushXmlError extends Error {}

/** The deepest element nesting, counted over tags outside CDATA sections and comments. */
function depthOf(text: string): number {
  const bare = text.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').replace(/<!--[\s\S]*?-->/g, '')
  let depth = 0
  let max = 0
  for (const m of bare.matchAll(/<(\/?)[A-Za-z_][^>]*?(\/?)>/g)) {
    if (m[1]) depth--
    else if (!m[2]) max = Math.max(max, ++depth)
  }
  return max
}

/** The `<xml>` element's children as strings; throws PushXmlError with a reason otherwise. */
export function parsePushXml(text: unknown): Record<string, string> {
  if (typeof text !== 'string' || text.trim() === '') throw new PushXmlError('empty body')
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new PushXmlError('a DOCTYPE or entity declaration')
  if (depthOf(text) > MAX_DEPTH) throw new PushXmlError('nested too deep')
  if (XMLValidator.validate(text) !== true) throw new PushXmlError('not well-formed XML')
  const doc = parser.parse(text) as Record<string, unknown>
  const keys = Object.keys(doc).filter((k) => k !== '?xml')
  if (keys.length !== 1 || keys[0] !== 'xml') throw new PushXmlError('not an <xml> document')
  const root = doc.xml
  if (root === '') return {}
  if (!root || typeof root !== 'object') throw new PushXmlError('not an <xml> document')
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(root)) {
    if (Array.isArray(v)) throw new PushXmlError(`<${k}> repeated`)
    if (k === 'PublishEventInfo' && v && typeof v === 'object') {
      // The one event with structure: its text children become "PublishEventInfo.<name>"; article_detail (URLs) is not needed.
      for (const [name, value] of Object.entries(v)) if (typeof value === 'string') out[`${k}.${name}`] = value
      continue
    }
    if (typeof v !== 'string') throw new PushXmlError(`<${k}> holds elements`)
    out[k] = v
  }
  return flat.parse(out)
}
