export { loadConfig, parseConfig, configFileOf, ConfigError, formatPath } from './load.js'
export * from './schema.js'
export { resolveConfigPath, SHIPPED_CONFIG_DIR } from './paths.js'
export { CITE_TOPICS, citation, citationWithWords, citeAfter, type CiteTopic, type Regulation } from './regulation.js'
