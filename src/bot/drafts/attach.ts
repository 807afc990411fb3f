import { collections } from '../collections.js'
import type { Attachment } from '../../checklist/types.js'
import { attach, blockDraft } from '../../workflow/engine.js'
import { shortHash, versionHash } from '../../workflow/hash.js'
import { currentVersion, } from '../../workflow/types.js'
import { afterChange } from './announce.js'
import { blockingCount, checkVersion, findingsOf } from './check-version.js'
import type { Turn } from '../deps.js'
import { engineContext, updateDraft } from './draft-store.js'
import { formatHits } from '../texts.js'
import { msg } from './texts.js'
import { term } from '../index-terms.js'

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

/**
 * An image or video from an editor joins their latest open draft in this group (the way editors
 * send a draft's pictures right after its text), and is checked against the media limits. Media
 * from anyone with no open draft is ordinary group chat and left alone.
 */
export async function attachToDraft(turn: Turn, attachment: Attachment): Promise<void> {
  const { deps, actor } = turn
  if (!turn.group) return
  const open = (await collections.drafts.findBy(deps.store, term.openBy(actor.contactId)))
    .filter((d) => d.group === turn.group && (d.status === 'pending' || d.status === 'blocked'))
    .sort((a, b) => b.updatedAt - a.updatedAt)[0]
  if (!open) return
  const v = currentVersion(open)
  const content = { title: v.title, body: v.body, attachments: [...(v.attachments ?? []), attachment] }
  const check = await checkVersion(deps, open.account, content)
  const version = { ...content, hash: versionHash(content.title, content.body, content.attachments), ...findingsOf(check) }
  const outcome = await updateDraft(deps, open.id, actor.person ?? actor.contactId, (d, ctx) => {
    // Checked against the text as it was; if a #修改 landed meanwhile, that text must not come back.
    if (currentVersion(d).hash !== v.hash) return { ok: false, refusal: { code: 'superseded', draft: d } }
    const result = attach(d, version, attachment.name, ctx)
    if (!result.ok || check.verdict !== 'block') return result
    const b = blockDraft(result.draft, blockingCount(check))
    return { ok: true, draft: b.draft, events: [...result.events.filter((e) => e.type !== 'stage-started'), ...b.events] }
  })
  if (outcome && !outcome.ok) return turn.reply(`${open.id} 刚刚被修改，${attachment.name} 没有附上，请重新发送。`)
  if (!outcome) return
  const d = outcome.draft
  const problems = check.hits.filter((h) => h.category === 'attachment')
  const head = `📎 已将 ${attachment.name}（${mb(attachment.bytes)}）附到 ${d.id} 第${currentVersion(d).version}版，哈希 ${shortHash(currentVersion(d).hash)}。`
  const lines = [head, ...(problems.length ? formatHits(problems) : ['附件检查：符合要求'])]
  if (d.status === 'blocked') return turn.reply([...lines, msg.blocked(deps.config, d, check)].join('\n'), [actor.contactId])
  await turn.reply(lines.join('\n'))
  await afterChange(deps, d, outcome.events, await engineContext(deps))
}
