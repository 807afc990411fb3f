import type { Card } from '../../chat/cards.js'
import { accountName, personName } from '../../config/people.js'
import type { Config } from '../../config/schema.js'
import { formatShanghai } from '../../deadlines/shanghai-time.js'
import { isOpen, type PublicMessage } from '../../public-messages/types.js'
import { messageCardText } from './texts.js'

const EXCERPT = 120

/**
 * A public message's reminder card (C7): the message, its handler and deadline, and the buttons
 * 已答复 (the reply typed into the card) and 承诺时限 (a time such as 「明天17点」). A press runs
 * `#已回复 C7 …` / `#承诺 C7 …` through the same route as the typed command.
 */
export function messageCard(config: Config, m: PublicMessage): Card {
  const open = isOpen(m) && m.status !== 'in-review'
  const text = m.text.trim()
  return {
    subject: m.id,
    title: messageCardText.title(m, open),
    tone: open ? 'open' : 'done',
    fields: [
      { label: '账号', value: accountName(config, m.account) },
      { label: '留言人', value: m.author },
      { label: '经办', value: personName(config, m.handler) },
      { label: '时限', value: formatShanghai(m.deadline.dueAt) },
    ],
    lines: [text.length > EXCERPT ? `${text.slice(0, EXCERPT)}……` : text],
    ...(m.reply ? { status: messageCardText.replied(config, m.reply.by, m.reply.at) } : {}),
    buttons: open
      ? [
          { label: messageCardText.buttons.replied, action: { verb: 'replied', subject: m.id }, style: 'primary', needsReason: true },
          { label: messageCardText.buttons.promise, action: { verb: 'promise', subject: m.id }, needsReason: true },
        ]
      : [],
    input: messageCardText.input,
  }
}
