import { stat } from 'node:fs/promises'
import type { CliCommand } from './types'
import { createCore } from '../../core/createCore'
import { defaultDataDir } from '../../core/state/paths'
import { createServeServer, ServeListenError, type ListenFailure } from '../../serve'
import { serveExportPlaces } from '../../serve/exportPlaces'
import { demoArchiveDir, rendererDir } from '../../appPaths'
import { writeErr, writeOut } from '../output'
import { UsageError, wholeNumber } from '../optionValues'

/** What to change when the server cannot listen, after its own message. */
const LISTEN_HINTS: Record<ListenFailure, string> = {
  'port-in-use': '; choose another with --port',
  'unknown-host': '; give an address or name of this machine with --host',
  'not-local': '; give an address of this machine with --host',
  'port-denied': '; choose a port above 1023 with --port',
  other: '',
}

export const serveCommand: CliCommand = {
  name: 'serve',
  args: '[folder]',
  summary:
    'The app in a browser: serves the UI and the engine over HTTP (default 127.0.0.1). Without a folder, opens the last archive, else the demo.',
  flags: {
    port: { type: 'string', description: 'Port to listen on (default: a free one).' },
    host: {
      type: 'string',
      description: 'Address to bind (default 127.0.0.1). Any other address requires a token.',
    },
    token: {
      type: 'string',
      description: 'Access token (generated and printed when binding off loopback).',
    },
    'export-dir': {
      type: 'string',
      description:
        'The only folder PDF exports may be written to. Without it, exports are off when binding off loopback.',
    },
    'data-dir': {
      type: 'string',
      description: "The app's data folder (default: the platform's config folder).",
    },
  },
  async run([folder], flags) {
    const port = wholeNumber(flags.port, 'port', { min: 0, max: 65535 }) ?? 0
    const exportDir = flags['export-dir'] as string | undefined
    if (exportDir !== undefined && !(await stat(exportDir).catch(() => null))?.isDirectory())
      throw new UsageError(`--export-dir must be an existing folder, not "${exportDir}".`)
    const host = flags.host ? (flags.host as string) : '127.0.0.1'
    const exportPlaces = serveExportPlaces(host, exportDir)
    const ui = rendererDir()
    if (!ui) writeErr('warning: the UI is not built (run `npm run build`); only the API is served.')
    const core = await createCore({
      dataDir: (flags['data-dir'] as string | undefined) ?? defaultDataDir(),
      exportPlaces,
    })
    // Whatever stops serve (Ctrl+C, an archive or a port it cannot use) stops the engine too:
    // its watcher and workers would otherwise keep the process alive after the error.
    try {
      const target = folder ?? (await core.getRecentArchives())[0]?.path ?? demoArchiveDir()
      if (target) {
        const info = await core.openArchive({ path: target }).catch(async (error: unknown) => {
          // A recent archive that is gone must not stop the app: fall back to the demo.
          if (folder) throw error
          writeErr(
            `warning: cannot open ${target} (${(error as Error).message}); opening the demo archive.`,
          )
          const demo = demoArchiveDir()
          return demo ? core.openArchive({ path: demo }) : null
        })
        if (info) writeOut(`Archive: ${info.path}`)
      }
      const server = await createServeServer({
        api: core,
        events: core.subscribe,
        imageFile: (key) => core.imageFile(key),
        ...(ui ? { rendererDir: ui } : {}),
        host,
        ...(flags.token ? { token: flags.token as string } : {}),
        port,
      }).catch((error: unknown) => {
        if (!(error instanceof ServeListenError)) throw error
        writeErr(`${error.message}${LISTEN_HINTS[error.reason]}`)
        return null
      })
      if (!server) return 1
      writeOut(`Archive Browser is serving at ${server.pageUrl}`)
      if (server.token)
        writeOut(`Access token: ${server.token} (the address above carries it; keep it private)`)
      if (typeof exportPlaces === 'object')
        writeOut(
          'folder' in exportPlaces
            ? `PDF exports go into ${exportPlaces.folder} only.`
            : `Note: ${exportPlaces.refused}`,
        )
      writeOut('Press Ctrl+C to stop.')
      await new Promise<void>((resolve) => {
        const stop = () => resolve()
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      await server.close()
    } finally {
      await core.dispose()
    }
    return 0
  },
}
