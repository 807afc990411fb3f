/** What the chat says about learned false alarms. */
export const falseAlarmText = {
  learned(text: string, times: number): string {
    return `「${text}」已被标为误报 ${times} 次，今后不再提示；主管可在看板「误报学习」页撤销。`
  },
}
