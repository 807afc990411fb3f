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
  blocked: '检查拦截',
  'identity-bound': '绑定身份',
  leave: '请假',
  back: '销假',
}

export function auditActionName(action: string): string {
  return AUDIT_ACTIONS[action] ?? action
}
