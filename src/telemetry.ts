/**
 * What the bot reports about its own work, for the operators' metrics. The bot only emits; the
 * web server's Prometheus registry listens (src/web/metrics.ts). No listener costs nothing.
 */
export interface Telemetry {
  checkerCall(outcome: 'ok' | 'error'): void
  llmCall(outcome: 'ok' | 'error'): void
  /** a reminder, time-out or escalation went out; `kind` is the job kind */
  reminderSent(kind: string): void
  /** a review stage completed after waiting `seconds` */
  stageCompleted(stage: string, seconds: number): void
  storeError(): void
}

/** Fans each event out to the attached listeners; one failing listener never disturbs the bot. */
export class TelemetryHub implements Telemetry {
  private listeners: Telemetry[] = []

  attach(listener: Telemetry): () => void {
    this.listeners.push(listener)
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener)
    }
  }

  private emit(call: (t: Telemetry) => void): void {
    for (const l of this.listeners) {
      try {
        call(l)
      } catch {
        // metrics must never break the review workflow
      }
    }
  }

  checkerCall(outcome: 'ok' | 'error'): void {
    this.emit((t) => t.checkerCall(outcome))
  }
  llmCall(outcome: 'ok' | 'error'): void {
    this.emit((t) => t.llmCall(outcome))
  }
  reminderSent(kind: string): void {
    this.emit((t) => t.reminderSent(kind))
  }
  stageCompleted(stage: string, seconds: number): void {
    this.emit((t) => t.stageCompleted(stage, seconds))
  }
  storeError(): void {
    this.emit((t) => t.storeError())
  }
}
