import type { Config } from '../config/schema.js'

/** The chain that reviews `account` content of `category`, falling back to lower-ranked categories. */
export function chainFor(config: Config, account: string, category: string): { chain: string; category: string } | undefined {
  const ranked = Object.entries(config.categories)
    .filter(([, c]) => c.rank <= (config.categories[category]?.rank ?? 0))
    .sort((a, b) => b[1].rank - a[1].rank)
  const order = [category, ...ranked.map(([k]) => k).filter((k) => k !== category), config.defaultCategory]
  for (const cat of order) {
    const hit = Object.entries(config.chains).find(([, ch]) => ch.account === account && ch.categories.includes(cat))
    if (hit) return { chain: hit[0], category: cat }
  }
  return undefined
}

/** The checker may only raise a category, never lower what the editor chose. */
export function raisedCategory(config: Config, chosen: string, suggested: string | undefined): string {
  if (!suggested || !(suggested in config.categories)) return chosen
  return (config.categories[suggested]?.rank ?? 0) > (config.categories[chosen]?.rank ?? 0) ? suggested : chosen
}
