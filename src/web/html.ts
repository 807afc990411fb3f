/**
 * Server-rendered HTML for the dashboard: one escaping function and one page frame. Every value
 * from the store (draft text, public messages) passes through `esc`, so a draft cannot inject markup.
 */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** A tagged template that escapes every interpolation except nested `Html` (already safe). */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? ''
  values.forEach((v, i) => {
    const part = Array.isArray(v) ? v.map((x) => (x instanceof Html ? x.text : esc(x))).join('') : v instanceof Html ? v.text : esc(v)
    out += part + (strings[i + 1] ?? '')
  })
  return new Html(out)
}

export function page(title: string, body: Html, o: { nav?: boolean; script?: string } = {}): string {
  const nav = o.nav
    ? html`<nav><a href="/dashboard">总览 Overview</a><a href="/dashboard/history">稿件历史 History</a><a href="/dashboard/messages">留言与舆情 Messages</a><a href="/dashboard/report">每周总结 Weekly report</a><a href="/dashboard/verify">核验审签单 Verify</a><a href="/dashboard/false-alarms">误报学习 False alarms</a><form method="post" action="/dashboard/logout"><button>退出 Log out</button></form></nav>`
    : html``
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · 三审</title><link rel="stylesheet" href="/assets/app.css"><link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"></head>
<body class="dashboard"><header><h1>三审 · ${esc(title)}</h1>${nav.text}</header><main>${body.text}</main>
${o.script ? `<script src="/assets/${esc(o.script)}" defer></script>` : ''}</body></html>`
}
