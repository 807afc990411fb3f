/** The checker port and its result, shaped like the cloud moderation APIs (verdict, labels, hits). */

export type Severity = 'block' | 'review' | 'suggest'
export type Verdict = 'pass' | 'review' | 'block'

/** The 三校 proofreading categories (names and titles, formulations, typos): many small findings, shown apart from the rest. */
export const PROOFREADING: ReadonlySet<string> = new Set(['roster', 'formulation', 'typo'])

export interface Hit {
  /** the lexicon term (or rule name) that matched */
  term: string
  category: string
  /** which list or rule produced it: a lexicon file name, "length", "contact", "llm" … */
  list: string
  severity: Severity
  /** span in the ORIGINAL text, [start, end) in UTF-16 code units; -1 when the hit is about the whole text */
  start: number
  end: number
  /** the original text of the span */
  text: string
  suggestion?: string
  /** a short Chinese explanation for reviewers */
  reason?: string
  source: 'rules' | 'llm'
  /** where the rule comes from: the roster file, the table and its style guide (新华社禁用词…) */
  ruleSource?: string
  /** how sure the rule is, 0–1: 1 for a listed rule, the detector's score for a guessed misspelling */
  confidence?: number
  /** where the span lies: the body (default) or context.title */
  field?: 'text' | 'title'
}

export interface Label {
  category: string
  severity: Severity
  count: number
}

export interface CheckResult {
  verdict: Verdict
  labels: Label[]
  hits: Hit[]
  /** items no machine can judge, shown to reviewers as a manual checklist */
  manual: string[]
  /** a content category the draft should be raised to (e.g. "major"), if any */
  raiseCategory?: string
  /** notes for people (e.g. "LLM second opinion unavailable: rules only") */
  notes: string[]
}

export interface Attachment {
  name: string
  bytes: number
  kind?: 'image' | 'video' | 'other'
}

export interface CheckContext {
  kind: 'draft' | 'reply' | 'comment'
  platform?: 'wechat' | 'weibo'
  account?: string
  /** the account's text limit, counted over title + body */
  textLimit?: number
  title?: string
  attachments?: Attachment[]
  /** the draft's date (ms), against which titles and removals in the roster are read; default: the checker's clock */
  date?: number
}

export interface Checker {
  check(text: string, context: CheckContext): Promise<CheckResult>
  /** re-reads the lexicons without a restart, where the checker has any */
  reload?(): Promise<void>
}
