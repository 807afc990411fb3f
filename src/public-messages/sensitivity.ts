import type { CheckResult, Hit } from '../checklist/types.js'

/**
 * Checklist categories that say nothing about whether a public message is sensitive: they judge
 * what an official account publishes, not what a citizen writes to it. A citizen may leave a phone
 * number (contact), quote a notice (source), write "我觉得" (personal-voice) or a dated usage
 * (usage); the length and attachment rules do not apply to a message at all.
 */
const NOT_ABOUT_SENSITIVITY = new Set(['contact', 'source', 'length', 'attachment', 'usage', 'personal-voice'])

/**
 * The findings that make a public message sensitive (gd-youth-league 第十四条: one hour, reported
 * at once): a content category (rumour, insult, state security …) at review or block, from the
 * lexicons or the LLM second opinion. Empty when the message is ordinary.
 */
export function sensitiveFindings(check: CheckResult): Hit[] {
  return check.hits.filter((h) => h.severity !== 'suggest' && !NOT_ABOUT_SENSITIVITY.has(h.category))
}
