export { createServeServer, type ServeOptions, type ServeServer } from './createServeServer'
export type { ImageFileLookup } from './images'
export { ServeListenError, type ListenFailure } from './listenError'
export { CONTENT_SECURITY_POLICY } from './respond'
