import type { BotDeps } from '../deps.js'
import { IntakeError, type Intake, type PublicMessageInput } from '../../public-messages/intake.js'
import { commentTargetOf } from '../../platforms/wechat-oa/client.js'
import type { LinkedAccount } from './links.js'
import { advanceSinceId, fetchAllSince } from './weibo-paging.js'
import { platformMsg } from './texts.js'

/**
 * Comments that arrive by themselves: each becomes a public message through the intake, with the
 * comment's own created time as the start of its deadline and the platform's id as its external
 * id, so a restart or a second instance never takes one twice. Cursors advance only past what was
 * taken in, so a failure or a rate limit half-way loses nothing.
 */

const PAGE = 50

/** Takes one comment in; one the intake can never take (an empty text: a picture or a sticker) is logged and passed. */
async function take(deps: BotDeps, intake: Intake, input: PublicMessageInput): Promise<boolean> {
  try {
    return !(await intake(input)).duplicate
  } catch (err) {
    if (!(err instanceof IntakeError)) throw err
    deps.log.info({ externalId: input.externalId, reason: err.message }, 'polled comment not taken in')
    return false
  }
}

/**
 * Comments on the account's recent published articles (comment/list, paged with begin/count),
 * found by the msg_data_id and index in each article's URL. The external id keeps the article_id,
 * so a comment taken in before stays taken.
 */
export async function pollWechatComments(deps: BotDeps, link: LinkedAccount, intake: Intake): Promise<number> {
  const recent = await link.wechat!.publishedList(0, link.account.sync.recentArticles)
  let taken = 0
  for (const article of recent.items) {
    for (const [index, item] of article.items.entries()) {
      if (item.is_deleted) continue
      const target = commentTargetOf(item.url)
      if (!target) {
        deps.log.warn(
          { account: link.key, articleId: article.articleId, url: item.url },
          'published article without mid= in its URL; its comments cannot be listed',
        )
        continue
      }
      for (let begin = 0; ; begin += PAGE) {
        const page = await link.wechat!.commentList(target.msgDataId, target.index, begin, PAGE)
        for (const c of page.comments) {
          const fresh = await take(deps, intake, {
            account: link.key,
            author: c.openid || platformMsg.anonymousAuthor('wechat'),
            text: c.content,
            ...(item.url ? { link: item.url } : {}),
            externalId: `${link.key}:${article.articleId}:${index}:${c.user_comment_id}`,
            receivedAt: c.create_time * 1000,
            source: 'wechat-comment',
          })
          if (fresh) taken++
        }
        if (page.comments.length < PAGE || begin + PAGE >= page.total) break
      }
    }
  }
  return taken
}

/** Weibo comments to the account (comments/to_me) or mentions of it (statuses/mentions), since the cursor `sinceId`. */
export async function pollWeiboStream(
  deps: BotDeps,
  link: LinkedAccount,
  stream: 'comments' | 'mentions',
  intake: Intake,
  sinceId: string | undefined,
): Promise<number> {
  const items = await fetchAllSince(link, stream, sinceId)
  let taken = 0
  for (const i of items) {
    const fresh = await take(deps, intake, {
      account: link.key,
      author: i.author || platformMsg.anonymousAuthor('weibo'),
      text: i.text,
      externalId: `${link.key}:${stream === 'comments' ? 'c' : 'm'}:${i.id}`,
      receivedAt: i.createdAt,
      source: 'weibo',
    })
    if (fresh) taken++
    await advanceSinceId(deps, link.key, stream, i.id)
  }
  return taken
}
