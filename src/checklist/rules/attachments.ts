import type { Attachment, Hit, Severity } from '../types.js'

export interface AttachmentRules {
  severity: Severity
  imageFormats: string[]
  imageMinBytes: number
  imageMaxBytes: number
  videoFormats: string[]
  videoMaxBytes: number
}

const IMAGE_EXT = new Set(['jpg', 'jpeg', 'png', 'gif', 'bmp', 'webp', 'heic', 'tif', 'tiff'])
const VIDEO_EXT = new Set(['avi', 'wma', 'mov', 'rm', 'rmvb', '3gp', 'mp4', 'mkv', 'flv', 'webm', 'wmv', 'm4v'])
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

/** Media limits of the company rules 第十条: images JPEG 1–5 MB, video ≤ 500 MB in the listed formats. */
export function checkAttachments(attachments: readonly Attachment[] | undefined, rules: AttachmentRules): Hit[] {
  const hits: Hit[] = []
  for (const a of attachments ?? []) {
    const ext = /\.([^.]+)$/.exec(a.name)?.[1]?.toLowerCase() ?? ''
    const kind = a.kind ?? (IMAGE_EXT.has(ext) ? 'image' : VIDEO_EXT.has(ext) ? 'video' : 'other')
    const problems: string[] = []
    if (kind === 'image') {
      if (!rules.imageFormats.includes(ext)) problems.push(`图片须为 ${rules.imageFormats.join('/')} 格式`)
      if (a.bytes < rules.imageMinBytes || a.bytes > rules.imageMaxBytes) {
        problems.push(`图片大小 ${mb(a.bytes)}，须在 ${mb(rules.imageMinBytes)}–${mb(rules.imageMaxBytes)} 之间`)
      }
    } else if (kind === 'video') {
      if (!rules.videoFormats.includes(ext)) problems.push(`视频格式须为 ${rules.videoFormats.join('/')}`)
      if (a.bytes > rules.videoMaxBytes) problems.push(`视频大小 ${mb(a.bytes)}，超过 ${mb(rules.videoMaxBytes)}`)
    } else {
      problems.push('无法识别的附件类型，请确认能否发布')
    }
    if (problems.length === 0) continue
    hits.push({
      term: a.name,
      category: 'attachment',
      list: 'attachment',
      severity: rules.severity,
      start: -1,
      end: -1,
      text: '',
      reason: `附件“${a.name}”：${problems.join('；')}`,
      source: 'rules',
    })
  }
  return hits
}
