import type { RosterPerson, TitleSpan } from './roster-file.js'

/** Title data and title arithmetic for the roster checks (src/checklist/proofread/roster.ts). */

/**
 * Titles recognised next to a name even when no roster person holds them, so that 王副主任 is
 * caught where the roster only knows 王主任. The roster's own titles are added to these.
 */
export const COMMON_TITLES = [
  '书记',
  '副书记',
  '党委书记',
  '党委副书记',
  '党组书记',
  '党组副书记',
  '党组成员',
  '党委委员',
  '纪委书记',
  '纪委副书记',
  '团委书记',
  '团委副书记',
  '主任',
  '副主任',
  '常务副主任',
  '局长',
  '副局长',
  '厅长',
  '副厅长',
  '处长',
  '副处长',
  '科长',
  '副科长',
  '部长',
  '副部长',
  '校长',
  '副校长',
  '院长',
  '副院长',
  '主席',
  '副主席',
  '常委',
  '秘书长',
  '副秘书长',
  '总经理',
  '副总经理',
  '董事长',
  '副董事长',
  '总会计师',
  '总工程师',
  '总经济师',
  '纪检组长',
  '组长',
  '副组长',
  '市长',
  '副市长',
  '县长',
  '副县长',
  '区长',
  '副区长',
  '省长',
  '副省长',
  '镇长',
  '副镇长',
  '乡长',
  '副乡长',
  '馆长',
  '副馆长',
  '社长',
  '副社长',
  '总编辑',
  '副总编辑',
  '主编',
  '副主编',
  '巡视员',
  '副巡视员',
  '一级巡视员',
  '二级巡视员',
  '调研员',
]
/** the common two-character surnames; any other name's surname is its first character */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '令狐',
  '夏侯',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '轩辕',
  '呼延',
  '澹台',
  '万俟',
  '申屠',
  '钟离',
])

export function surnameOf(name: string): string {
  return name.length >= 3 && COMPOUND_SURNAMES.has(name.slice(0, 2)) ? name.slice(0, 2) : name[0]!
}

/** 书记 names 党委书记, 主任 names 常务副主任's 副主任 only when both are deputies. */
export function sameTitle(held: string, written: string): boolean {
  if (held === written) return true
  const [long, short] = held.length >= written.length ? [held, written] : [written, held]
  return long.endsWith(short) && !long.slice(0, long.length - short.length).endsWith('副')
}

export function active(t: TitleSpan, day: string): boolean {
  return (!t.from || t.from <= day) && (!t.to || day <= t.to)
}

export function holds(p: RosterPerson, title: string, day: string): boolean {
  return p.titles.some((t) => sameTitle(t.title, title) && active(t, day))
}

export function currentTitles(p: RosterPerson, day: string): string[] {
  return p.titles.filter((t) => active(t, day)).map((t) => t.title)
}

export function endOf(p: RosterPerson, title: string): string {
  return p.titles.find((t) => sameTitle(t.title, title) && t.to)?.to ?? '?'
}

export function describeTitles(p: RosterPerson, day: string): string {
  const c = currentTitles(p, day)
  return c.length ? `，${c.join('、')}` : ''
}

/** Of the current titles, the one sharing most characters with what was written (副主任 → 主任). */
export function closest(current: string[], written: string): string {
  const score = (c: string) => [...c].filter((ch) => written.includes(ch)).length
  return current.reduce((a, b) => (score(b) > score(a) ? b : a))
}
