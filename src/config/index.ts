export { loadConfig, parseConfig, ConfigError, formatPath } from './load.js'
export * from './schema.js'
export { resolveConfigPath, SHIPPED_CONFIG_DIR } from './paths.js'
