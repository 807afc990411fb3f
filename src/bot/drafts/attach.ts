import { collections } from '../collections.js'
import type { Attachment } from '../../checklist/types.js'
import { attach, blockDraft } from '../../workflow/engine.js'
import { versionHash } from '../../workflow/hash.js'
import { currentVersion } from '../../workflow/types.js'
import { afterChange } from './announce.js'
import { blockingCount, checkVersion, findingsOf } from './check-version.js'
import type { Turn } from '../deps.js'
import { updateDraft } from './draft-store.js'
import { msg } from './texts.js'
import { term } from '../index-terms.js'

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
  if (outcome && !outcome.ok) return turn.reply(msg.attachRaced(open.id, attachment.name))
  if (!outcome) return
  const d = outcome.draft
  const problems = check.hits.filter((h) => h.category === 'attachment')
  const lines = msg.attached(d, attachment, problems)
  if (d.status === 'blocked') return turn.reply([...lines, msg.blocked(deps.config, d, check)].join('\n'), [actor.contactId])
  await turn.reply(lines.join('\n'))
  await afterChange(deps, outcome)
}
