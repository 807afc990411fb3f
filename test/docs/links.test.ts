import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The README and docs/*.md point only at what a clone has: every relative link (and its #anchor)
 * resolves, every repository path quoted in code exists, every `npm run x` is a script.
 */
const docs = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
]
const read = (file: string) => readFileSync(file, 'utf8')

/** Fenced code blocks out, so `#` comments in shell are not headings and examples are not links. */
const withoutFences = (md: string) => md.replace(/^\s*```[^\n]*\n[\s\S]*?^\s*```[^\n]*$/gm, '')

/** GitHub's anchors: text lower-cased, punctuation dropped, spaces as -, repeats numbered -1, -2 … */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>()
  const out = new Set<string>()
  for (const [, id = ''] of md.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(id)
  for (const [, heading = ''] of withoutFences(md).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '')
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-')
    const n = seen.get(slug) ?? 0
    seen.set(slug, n + 1)
    out.add(n ? `${slug}-${n}` : slug)
  }
  return out
}

/** Relative link targets: markdown links and images, and HTML src/href, outside code. */
function links(md: string): string[] {
  const prose = withoutFences(md).replace(/`[^`\n]*`/g, '')
  const targets = [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)|\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? m[2] ?? '')
  return targets.filter((t) => !/^[a-z][a-z+.-]*:/i.test(t))
}

/** What a link or a quoted path names that a clone of this repository lacks; empty when all is there. */
function brokenLinks(file: string, md = read(file)): string[] {
  const broken: string[] = []
  for (const target of links(md)) {
    const [path, anchor] = target.split('#', 2)
    const abs = path ? resolve(dirname(file), decodeURI(path)) : resolve(file)
    const inRepo = !relative(process.cwd(), abs).startsWith('..')
    if (!inRepo) broken.push(`${target} (outside the repository)`)
    else if (!existsSync(abs)) broken.push(`${target} (no such file)`)
    else if (anchor && abs.endsWith('.md') && !anchors(read(abs)).has(decodeURIComponent(anchor))) broken.push(`${target} (no such heading)`)
  }
  // Paths in code spans that name a file of the repository (placeholders with <>, *, … or CJK are examples).
  for (const [, code = ''] of md.matchAll(/`([^`\n]+)`/g)) {
    // The README is read at the root of the clone: `../` from there is outside it.
    if (file === 'README.md' && code.startsWith('../')) broken.push(`${code} (outside the repository)`)
    const path = /^(?:src|config|docs|test|bench|deploy|scripts|prompts|\.ci)\/[\w./-]*$/.exec(code)?.[0]
    if (path && !existsSync(path)) broken.push(`${code} (no such file)`)
  }
  return broken
}

describe('the README and docs', () => {
  it.each(docs)('%s: every relative link, anchor and quoted path exists in the clone', (file) => {
    expect(brokenLinks(file)).toEqual([])
  })

  it('anchors are made as GitHub makes them, Chinese kept and punctuation dropped', () => {
    const md = '# 聊天平台 Chat platforms\n## 身份：联系人 ID，而不是昵称 Identity\n## HTTPS\n## HTTPS\n```\n# not a heading\n```\n'
    expect([...anchors(md)]).toEqual(['聊天平台-chat-platforms', '身份联系人-id而不是昵称-identity', 'https', 'https-1'])
  })

  it('a link to a missing file, a missing heading or outside the clone is reported', () => {
    const md = [
      '[a](README.md#no-such-heading) [b](missing.md) [c](../shared/regulations/x.txt)',
      '`../shared/regulations/` `src/no-such.ts` `config/roster/本单位.yaml`',
      '[ok](README.md#参考-reference) [ok](docs/presets.md#writing-the-roster) <img src="docs/screenshots/dashboard.png">',
      '```bash\n[not](a-link.md)\n```',
    ].join('\n')
    expect(brokenLinks('README.md', md)).toEqual([
      'README.md#no-such-heading (no such heading)',
      'missing.md (no such file)',
      '../shared/regulations/x.txt (outside the repository)',
      '../shared/regulations/ (outside the repository)',
      'src/no-such.ts (no such file)',
    ])
  })

  it('every npm command they show is a script in package.json', () => {
    const scripts = Object.keys(JSON.parse(read('package.json')).scripts as Record<string, string>)
    for (const file of docs) {
      const named = [...read(file).matchAll(/\bnpm (?:run ([\w:-]+)|(start|test)\b)/g)].map((m) => m[1] ?? m[2] ?? '')
      const unknown = named.filter((n) => !scripts.includes(n))
      expect(unknown, file).toEqual([])
    }
  })

  it('the README opens with the install-and-run and install-and-test commands', () => {
    const first = /```bash\n([\s\S]*?)```/.exec(read('README.md'))?.[1]?.split('\n') ?? []
    expect(first[0]).toMatch(/^npm ci && npm start\s+#/)
    expect(first[1]).toMatch(/^npm ci && npm test\s+#/)
  })
})
