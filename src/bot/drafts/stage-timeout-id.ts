/**
 * A stage time-out's job id. It starts with the draft's id, the job's subject, so the Redis store
 * derives the subject from the id instead of storing it (src/store/redis-store.ts); ids before
 * began with the kind and are renamed at start (src/bot/index-terms.ts).
 */
export const stageTimeoutId = (draft: string, version: number, stage: number) => `${draft}:stage-timeout:v${version}:s${stage}`
