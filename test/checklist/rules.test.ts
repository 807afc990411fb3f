import { describe, expect, it } from 'vitest'
import { countChars } from '../../src/checklist/index.js'
import { checkAttachments } from '../../src/checklist/rules/attachments.js'
import { findContacts } from '../../src/checklist/rules/contact.js'
import { checkLength } from '../../src/checklist/rules/length.js'
import { checkSource } from '../../src/checklist/rules/source.js'
import { checklistConfigSchema } from '../../src/config/checklist-schema.js'

const MiB = 1024 * 1024
const rules = checklistConfigSchema.parse({}).attachments

describe('countChars', () => {
  it('counts every visible code point as one, line breaks and invisible characters as zero', () => {
    expect(countChars('中文，abc 1！')).toBe(9)
    expect(countChars('👍😀')).toBe(2)
    expect(countChars('一\n二\r\n三')).toBe(3)
    expect(countChars('a\u200bb\ufeffc\ufe0f')).toBe(3)
    expect(countChars('')).toBe(0)
  })
})

describe('length limits (title + text)', () => {
  const text = (n: number) => '字'.repeat(n)
  it('Weibo 140: 140 passes, 141 does not', () => {
    expect(checkLength(text(136), '标题四字', 140, 'block')).toEqual([])
    const [hit] = checkLength(text(137), '标题四字', 140, 'block')
    expect(hit).toMatchObject({ category: 'length', severity: 'block' })
    expect(hit!.reason).toContain('141')
  })
  it('WeChat 680 counts punctuation', () => {
    expect(checkLength(`${text(679)}。`, undefined, 680, 'block')).toEqual([])
    expect(checkLength(`${text(680)}。`, undefined, 680, 'block')).toHaveLength(1)
  })
  it('no limit, no finding', () => expect(checkLength(text(10_000), undefined, undefined, 'block')).toEqual([]))
})

describe('attachments', () => {
  it('accepts JPEG from 1 to 5 MB inclusive and refuses outside', () => {
    expect(
      checkAttachments(
        [
          { name: 'a.jpg', bytes: MiB },
          { name: 'b.JPEG', bytes: 5 * MiB },
        ],
        rules,
      ),
    ).toEqual([])
    expect(checkAttachments([{ name: 'a.jpg', bytes: MiB - 1 }], rules)[0]!.reason).toContain('1.0 MB')
    expect(checkAttachments([{ name: 'a.jpg', bytes: 5 * MiB + 1 }], rules)).toHaveLength(1)
    expect(checkAttachments([{ name: 'a.png', bytes: 2 * MiB }], rules)[0]!.reason).toContain('jpg/jpeg')
  })
  it('accepts video up to 500 MB in the listed formats', () => {
    for (const ext of ['avi', 'wma', 'mov', 'rm', 'rmvb', '3gp', 'mp4'])
      expect(checkAttachments([{ name: `v.${ext}`, bytes: 500 * MiB }], rules)).toEqual([])
    expect(checkAttachments([{ name: 'v.mp4', bytes: 500 * MiB + 1 }], rules)).toHaveLength(1)
    expect(checkAttachments([{ name: 'v.mkv', bytes: MiB }], rules)).toHaveLength(1)
  })
  it('flags an unknown kind of file', () => expect(checkAttachments([{ name: 'x.exe', bytes: 10 }], rules)[0]!.reason).toContain('无法识别'))
})

describe('contact details', () => {
  it('finds phone, QQ, WeChat, e-mail and URL with original spans', () => {
    const text = '电话１３８ ００１３ ８０００，座机020-12345678，QQ：12345678，微信号：abc_12345，邮箱a.b@x.com.cn，见https://ex.cn/p?q=1'
    const hits = findContacts(text)
    expect(hits.map((h) => h.term).sort()).toEqual(['QQ号', '固定电话', '微信号', '手机号码', '电子邮箱', '网址'].sort())
    for (const h of hits) expect(text.slice(h.start, h.end)).toBe(h.text)
    expect(hits.find((h) => h.term === '手机号码')!.text).toBe('１３８ ００１３ ８０００')
  })
  it('leaves short service numbers and dates alone', () => {
    expect(findContacts('请拨打12345或110，2024年10月1日')).toEqual([])
  })
})

describe('source attribution', () => {
  it('a repost without a named source needs review; with one it passes', () => {
    expect(checkSource('本文转载自网络文章。', undefined, true, true).map((h) => h.term)).toContain('转载未注明出处')
    expect(checkSource('本文转载。来源：人民日报', undefined, true, true)).toEqual([])
  })
  it('"Source:" counts like "来源：", in either case and with either colon', () => {
    for (const text of ['本文转载。Source: Xinhua', '本文转载。source：新华社', '本文转载。来源：新华社']) {
      expect(checkSource(text, undefined, true, true)).toEqual([])
    }
    expect(checkSource('今天天气很好。Source: Xinhua', undefined, true, true)).toEqual([])
    expect(checkSource('Photo source: internet', undefined, true, true)[0]).toMatchObject({ term: '来源不明', text: 'source: internet' })
  })

  it('a vague source ("来源：网络") needs review, with its span', () => {
    const [hit] = checkSource('图片来源：网络', undefined, true, true)
    expect(hit).toMatchObject({ term: '来源不明', severity: 'review', text: '图片来源：网络' })
  })
  it('a draft naming no source gets a suggestion; a reply does not', () => {
    expect(checkSource('今天天气很好。', undefined, true, true)[0]).toMatchObject({ severity: 'suggest' })
    expect(checkSource('今天天气很好。', undefined, true, false)).toEqual([])
    expect(checkSource('今天天气很好。', undefined, false, true)).toEqual([])
  })
})
