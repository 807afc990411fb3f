/** The part of `ws` (installed with the platform SDKs, no @types/ws) the fake servers use. */
declare module 'ws' {
  import type { EventEmitter } from 'node:events'
  import type { IncomingMessage, Server } from 'node:http'
  export class WebSocket extends EventEmitter {
    static readonly OPEN: number
    readonly readyState: number
    send(data: string): void
    close(code?: number, reason?: string): void
    terminate(): void
  }
  export class WebSocketServer extends EventEmitter {
    constructor(options: { server?: Server; port?: number; host?: string; path?: string })
    readonly clients: Set<WebSocket>
    close(cb?: (err?: Error) => void): void
    on(event: 'connection', cb: (socket: WebSocket, req: IncomingMessage) => void): this
    on(event: string, cb: (...args: unknown[]) => void): this
  }
}
