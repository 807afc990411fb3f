// The part of better-sqlite3's API the SQLite store uses (the package ships no types and
// @types/better-sqlite3 is not installed).
declare module 'better-sqlite3' {
  namespace Database {
    interface RunResult {
      changes: number
      lastInsertRowid: number | bigint
    }
    interface Statement<Row = unknown> {
      run(...params: unknown[]): RunResult
      get(...params: unknown[]): Row | undefined
      all(...params: unknown[]): Row[]
      iterate(...params: unknown[]): IterableIterator<Row>
    }
    interface Transaction<F extends (...args: never[]) => unknown> {
      (...args: Parameters<F>): ReturnType<F>
      immediate(...args: Parameters<F>): ReturnType<F>
    }
    interface Options {
      readonly?: boolean
      fileMustExist?: boolean
      timeout?: number
    }
    interface Database {
      prepare<Row = unknown>(sql: string): Statement<Row>
      exec(sql: string): Database
      pragma(sql: string, options?: { simple?: boolean }): unknown
      transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F>
      close(): Database
      /** SQLite's online backup API: a consistent copy while others keep writing (src/ops/backup.ts) */
      backup(destination: string): Promise<{ totalPages: number; remainingPages: number }>
      readonly open: boolean
      readonly inTransaction: boolean
    }
  }
  interface DatabaseConstructor {
    new (filename: string, options?: Database.Options): Database.Database
  }
  const Database: DatabaseConstructor
  export = Database
}
