/**
 * Why the server could not listen, as a reason a front end can act on: the CLI turns it into
 * one line naming the option to change, instead of a stack trace. The message says it without
 * naming any option, for callers that have none.
 */
export type ListenFailure = 'port-in-use' | 'unknown-host' | 'not-local' | 'port-denied' | 'other'

export class ServeListenError extends Error {
  override readonly name = 'ServeListenError'
  constructor(
    readonly reason: ListenFailure,
    readonly host: string,
    readonly port: number,
    message: string,
  ) {
    super(message)
  }
}

const REASONS = new Map<string | undefined, ListenFailure>([
  ['EADDRINUSE', 'port-in-use'],
  // getaddrinfo's codes: no such name, or no answer from the resolver.
  ['ENOTFOUND', 'unknown-host'],
  ['EAI_AGAIN', 'unknown-host'],
  ['EAI_NONAME', 'unknown-host'],
  ['EADDRNOTAVAIL', 'not-local'],
  ['EACCES', 'port-denied'],
])

/** `error` from server.listen(port, host), described. */
export function listenError(
  error: NodeJS.ErrnoException,
  host: string,
  port: number,
): ServeListenError {
  const reason = REASONS.get(error.code) ?? 'other'
  const messages: Record<ListenFailure, string> = {
    'port-in-use': `port ${port} on ${host} is in use`,
    'unknown-host': `cannot resolve host "${host}"`,
    'not-local': `${host} is not an address of this machine`,
    'port-denied': `port ${port} on ${host} needs privileges this process does not have`,
    other: `cannot listen on ${host} port ${port}: ${error.message}`,
  }
  return new ServeListenError(reason, host, port, `serve: ${messages[reason]}`)
}
