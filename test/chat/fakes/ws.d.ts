/** The few parts of `ws` (installed with the platform SDKs, without its types) the fake servers use. */
declare module 'ws' {
  import type { EventEmitter } from 'node:events'
  import type { IncomingMessage, Server } from 'node:http'
  export class WebSocket extends EventEmitter {
    static readonly OPEN: number
    readonly readyState: number
    send(data: Uint8Array | string): void
    close(code?: number, reason?: string): void
    terminate(): void
  }
  export class WebSocketServer extends EventEmitter {
    constructor(options: { server?: Server; path?: string; port?: number; host?: string })
    readonly clients: Set<WebSocket>
    on(event: 'connection', listener: (ws: WebSocket, req: IncomingMessage) => void): this
    on(event: string, listener: (...args: unknown[]) => void): this
    close(cb?: (err?: Error) => void): void
  }
  export default WebSocket
}
