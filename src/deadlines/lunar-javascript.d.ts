/** The part of lunar-javascript (no bundled types) that the statutory calendar uses. */
declare module 'lunar-javascript' {
  interface Solar {
    toYmd(): string
    getLunar(): Lunar
  }
  interface Lunar {
    getSolar(): Solar
    getJieQiTable(): Record<string, Solar>
  }
  export const Solar: { fromYmd(year: number, month: number, day: number): Solar }
  export const Lunar: { fromYmd(year: number, month: number, day: number): Lunar }
}
