export { loadConfig, parseConfig, ConfigError, formatPath } from './load.js'
export * from './schema.js'
