import { collections } from '../collections.js'
import { botText } from '../texts.js'
import type { ParsedCommand } from '../../commands/parse.js'
import { parseSubmission } from '../../commands/submission.js'
import type { Attachment, CheckResult } from '../../checklist/types.js'
import { blockDraft, createDraft, isOwnerOrSupervisor, revise } from '../../workflow/engine.js'
import { versionHash } from '../../workflow/hash.js'
import { supervisorsOf } from '../../config/people.js'
import { chainFor, raisedCategory } from '../../workflow/route.js'
import { currentVersion, type Draft } from '../../workflow/types.js'
import { afterChange, followUpsOf, planAfterChange } from './announce.js'
import { consequencesOf } from '../follow-ups.js'
import { toGroup } from '../notify.js'
import type { BotDeps, Turn } from '../deps.js'
import { engineContext } from '../engine-context.js'
import { auditOf, updateDraft } from './draft-store.js'
import { msg } from './texts.js'
import { blockingCount, checkVersion, findingsOf } from './check-version.js'
import { parseUntil } from '../../commands/until.js'
import { lateDraftWarning } from './late-draft.js'
import { offerResend, RESEND_MINUTES } from '../resend.js'

function usage(deps: BotDeps, served: string[]): string {
  const accounts = served.map((a) => deps.config.accounts[a]?.aliases[0] ?? a)
  const categories = Object.values(deps.config.categories).map((c) => c.name)
  return msg.submitUsage(accounts, categories)
}

export async function submit(turn: Turn, cmd: ParsedCommand): Promise<void> {
  const { deps, actor } = turn
  const { group } = turn
  if (!group) return // the route is declared `where: 'group'`: the router has refused it elsewhere
  const parsed = parseSubmission(deps.config, cmd.args, cmd.body, turn.accounts)
  if (!parsed.ok && parsed.problem === 'unknown-category') {
    await offerResend(turn, parsed.asTitle)
    return turn.reply(msg.unknownCategory(deps.config, parsed.hint, RESEND_MINUTES), [actor.contactId])
  }
  if (!parsed.ok) {
    return turn.reply(`${msg.submitProblem(parsed.problem, parsed.hint)}\n${usage(deps, turn.accounts)}`)
  }
  const { account, title, body } = parsed.submission
  if (!account || !turn.accounts.includes(account)) return turn.reply(msg.notServed(usage(deps, turn.accounts)))
  if (body.length > deps.config.policy.maxBodyChars) return turn.reply(botText.tooLong(body.length, deps.config.policy.maxBodyChars))
  const check = await checkVersion(deps, account, { title, body })
  const chosen = parsed.submission.category ?? deps.config.defaultCategory
  const route = chainFor(deps.config, account, raisedCategory(deps.config, chosen, check.raiseCategory))
  if (!route) return turn.reply(msg.noChain(account))
  const id = `D${await deps.store.nextSeq('D')}`
  const ctx = await engineContext(deps)
  const created = createDraft(
    {
      id,
      group,
      account,
      category: route.category,
      chain: route.chain,
      submitter: { contactId: actor.contactId, ...(actor.person ? { person: actor.person } : {}), name: actor.name },
      version: { title, body, hash: versionHash(title, body), ...findingsOf(check) },
    },
    ctx,
  )
  const blocked = check.verdict === 'block'
  const plannedPublishAt = parsed.submission.planned ? parseUntil(parsed.submission.planned, ctx.now) : undefined
  const planned = plannedPublishAt !== undefined ? { draft: { ...created.draft, plannedPublishAt }, events: created.events } : created
  const { draft, events } = blocked ? mergeBlocked(planned.draft, planned.events, check) : planned
  // the answer to the submitter, the request to the first reviewers and the stage time-out are committed with the draft
  const answer = blocked
    ? [msg.blocked(deps.config, draft, check)]
    : [msg.submitted(deps.config, draft, check, route.category !== chosen ? chosen : undefined), lateDraftWarning(deps.config, draft)]
  const plan = blocked ? undefined : planAfterChange(deps.config, draft, events, ctx)
  const follow = plan ? followUpsOf(deps, draft, plan) : {}
  const implied = await consequencesOf(deps, {
    jobs: follow.jobs ?? [],
    say: [...answer.flatMap((text) => (text ? [toGroup(deps, group, text, [], [actor.contactId])] : [])), ...(follow.say ?? [])],
  })
  const rev = await collections.drafts.commit(deps.store, draft, 0, auditOf(draft, actor.person ?? actor.contactId, events, ctx.now), implied)
  if (rev === false) throw new Error(`draft id ${id} already exists: is another bot instance using a different store?`)
  await afterChange(deps, { ...(plan ? { plan } : {}), implied, draft, ctx })
}

function mergeBlocked(draft: Draft, events: ReturnType<typeof createDraft>['events'], check: CheckResult) {
  const b = blockDraft(draft, blockingCount(check))
  // A blocked draft never reaches a reviewer: keep only the submission and the block.
  return { draft: b.draft, events: [...events.filter((e) => e.type === 'submitted'), ...b.events] }
}

/**
 * `#修改 D12 新标题` + the new body below, or `#修改 D12` + the new body alone (the title stays;
 * a first line "标题：…" changes it too). A body of several paragraphs never loses one to the title.
 */
export async function reviseDraft(turn: Turn, cmd: ParsedCommand, id: string): Promise<void> {
  const { deps, actor } = turn
  const labelled = /^(?:标题|title)\s*[:：]\s*(.+)(?:\r?\n|$)/i.exec(cmd.body)
  const title = cmd.args || (labelled ? labelled[1]!.trim() : '')
  const body = (labelled && !cmd.args ? cmd.body.slice(labelled[0].length) : cmd.body).trim()
  if (!body) return turn.reply(msg.reviseNeedsBody(id))
  if (body.length > deps.config.policy.maxBodyChars) return turn.reply(botText.tooLong(body.length, deps.config.policy.maxBodyChars))
  const before = await collections.drafts.get(deps.store, id)
  if (!before) return turn.reply(msg.unknownDraft(id))
  const supervisors = supervisorsOf(deps.config)
  if (!isOwnerOrSupervisor(before, actor, supervisors)) return turn.reply(msg.refusal(deps.config, 'not-the-submitter', before))
  // The checker may ask an LLM: run it once, outside the compare-and-set loop.
  const check = await checkVersion(deps, before.account, { title: title || currentVersion(before).title, body, ...attachmentsOf(before) })
  const outcome = await updateDraft(deps, id, actor.person ?? actor.contactId, (draft, ctx) => {
    const newTitle = title || currentVersion(draft).title
    const route = chainFor(deps.config, draft.account, raisedCategory(deps.config, draft.category, check.raiseCategory)) ?? draft
    const rerouted = { ...draft, category: route.category, chain: route.chain }
    const kept = attachmentsOf(draft)
    const result = revise(
      rerouted,
      { title: newTitle, body, hash: versionHash(newTitle, body, kept.attachments), ...findingsOf(check), ...kept },
      ctx,
    )
    if (!result.ok || check.verdict !== 'block') return result
    const b = blockDraft(result.draft, blockingCount(check))
    return { ok: true, draft: b.draft, events: [result.events[0]!, ...b.events] }
  })
  if (!outcome) return turn.reply(msg.unknownDraft(id))
  if (!outcome.ok) return turn.reply(msg.refusal(deps.config, outcome.refusal.code, outcome.refusal.draft))
  if (outcome.draft.status === 'blocked') return turn.reply(msg.blocked(deps.config, outcome.draft, check), [actor.contactId])
  await turn.reply(msg.revisionReceived(deps.config, outcome.draft, actor.name, check), [actor.contactId])
  await afterChange(deps, outcome)
}

/** A revision keeps the pictures and videos already sent with the draft. */
function attachmentsOf(draft: Draft): { attachments?: Attachment[] } {
  const attachments = currentVersion(draft).attachments
  return attachments?.length ? { attachments } : {}
}
