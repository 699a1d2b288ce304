/** The contract in one import: `import { createClient, type ArchiveApi } from '../shared/contract'`. */
export * from './api'
export * from './events'
export * from './methods'
export * from './result'
export * from './client'
export * from './dispatch'
export * from './httpTransport'
export type { Check } from './validate'
