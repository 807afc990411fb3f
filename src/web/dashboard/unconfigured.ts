import { unnamed } from '../../bot/onboarding/heard.js'
import { groupSnippet, personSnippet } from '../../bot/onboarding/snippet.js'
import type { Config } from '../../config/schema.js'
import type { Store } from '../../store/store.js'
import { type Html, html } from '../html.js'
import { formatTime } from './format.js'

/**
 * Groups and people the bot has heard but the configuration does not name, each with the YAML to
 * paste (the same as #我是谁 gives): shown only while there are some.
 */
export async function unconfiguredSection(config: Config, store: Store): Promise<Html> {
  const heard = await unnamed(store)
  if (!heard.length) return html``
  const rows = heard.map((h) => {
    const yaml = h.kind === 'group' ? groupSnippet({ id: h.platformId, topic: h.name }) : personSnippet(config, { id: h.platformId, name: h.name })
    return html`<tr><td>${h.kind === 'group' ? '群' : '人'}</td><td>${h.platformId}</td><td>${h.name}</td><td>${h.room ?? ''}</td>
      <td>${formatTime(h.firstAt)}</td><td><pre class="yaml">${yaml}</pre></td></tr>`
  })
  return html`<section><h2>未写入配置的群和人 Heard but not configured (${heard.length})</h2>
    <p>把对应几行合并进配置文件里同名的段落并保存，机器人自动重新读取（也可发 SIGHUP），无需重启。</p><table id="unconfigured">
    <thead><tr><th>类别</th><th>平台 ID</th><th>名称</th><th>所在群</th><th>首次出现</th><th>配置片段</th></tr></thead><tbody>${rows}</tbody></table></section>`
}
