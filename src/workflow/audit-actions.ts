/** What each audit action is called, in the chat's #记录 and on the dashboard's audit trail alike. */
const AUDIT_ACTIONS: Record<string, string> = {
  submitted: '投稿',
  revised: '修改',
  amended: '补充附件',
  approved: '通过',
  'stage-started': '进入审核级',
  'stage-complete': '本级完成',
  'stage-timed-out': '本级超时，请候补审核',
  final: '全部通过，可发布',
  rejected: '驳回',
  withdrawn: '撤回',
  transferred: '转交',
  designated: '主管指定审核人',
  remarked: '意见',
  'false-alarm': '标记误报',
  'false-alarm-learned': '误报已学会：不再提示',
  'false-alarm-restored': '误报撤销：恢复提示',
  blocked: '检查拦截',
  'identity-bound': '绑定身份',
  leave: '请假',
  back: '销假',
  // public messages
  'message-received': '收到留言',
  'marked-sensitive': '标为敏感',
  'marked-ordinary': '标为一般',
  promised: '承诺答复时限',
  'handed-over': '转交经办',
  acknowledged: '已受理',
  'reply-submitted': '提交答复待审',
  'reply-approved': '答复审核通过',
  'reply-rejected': '答复被退回',
  replied: '已答复',
  // alerts
  'alert-opened': '上报舆情',
  'plan-started': '启动预案',
  'reported-upward': '向上级报告',
  // the publish guard and the WeChat draft box
  'published-match': '发布核对：与审定稿一致',
  'published-changed': '发布核对：与审定稿不一致',
  'published-unapproved': '发布核对：未经审核',
  'draft-box-added': '放入公众号草稿箱',
  'draft-box-changed': '草稿箱内被改动',
  'default-cover-uploaded': '上传草稿默认封面',
  // the bot and the dashboard
  'schedule-ran': '发送定时报告',
  'follow-ups-repaired': '自动补上缺失的提醒',
  'dashboard-logout': '退出看板',
}

export function auditActionName(action: string): string {
  return AUDIT_ACTIONS[action] ?? '其他操作'
}

/** Whether an action has a name people read (a test holds every action the code writes to this). */
export function hasAuditActionName(action: string): boolean {
  return action in AUDIT_ACTIONS
}
