import type { Hit } from '../types.js'

const REPOST = /转载|转自|转发自/
const NAMED_SOURCE = /(?:来源|出处|原标题|作者|来自|source|author)\s*[:：]\s*\S|据[^，。\n]{1,16}(?:报道|消息|通报|发布)/i
const VAGUE_SOURCE = /(?:来源|图片来源|图源|source)\s*[:：]?\s*(?:于)?\s*(?:网络|网上|互联网|不详|未知|internet|unknown)(?![a-z])|来源于网络/gi
const ANY_SOURCE =
  /来源|source\s*[:：]|author\s*[:：]|转载|转自|出处|原创|供稿|作者|记者|通讯员|编辑|撰稿|[文图]\s*[/／|]|据[^，。\n]{1,16}(?:报道|消息|通报|发布)/i

/** Source attribution (soe-new-media 第十二条; gd-polytechnic-normal 第二十一条). */
export function checkSource(text: string, title: string | undefined, requireSource: boolean, isDraft: boolean): Hit[] {
  const whole = `${title ?? ''}\n${text}`
  const hits: Hit[] = []
  const hit = (term: string, severity: Hit['severity'], reason: string, start = -1, end = -1): Hit => ({
    term,
    category: 'source',
    list: 'source',
    severity,
    start,
    end,
    text: start >= 0 ? text.slice(start, end) : '',
    reason,
    source: 'rules',
  })
  for (const m of text.matchAll(VAGUE_SOURCE)) {
    hits.push(hit('来源不明', 'review', '来源标注为“网络”等不明来源：来源不明的信息不予发布', m.index, m.index + m[0].length))
  }
  if (REPOST.test(whole) && !NAMED_SOURCE.test(whole)) {
    hits.push(hit('转载未注明出处', 'review', '转载他人内容须注明出处（如“来源：××”）'))
  } else if (isDraft && requireSource && !ANY_SOURCE.test(whole)) {
    hits.push(hit('未注明来源', 'suggest', '稿件未注明信息来源或作者，建议注明（如“来源：××”“文/××”）'))
  }
  return hits
}
