import path from 'node:path'
import type { CliCommand } from './types'
import type { ExportRequest } from '../../../shared/contract/api'
import { createCore } from '../../core/createCore'
import { chromiumMissingError, findChromium } from '../../core/export/playwrightPrinter'
import { defaultDataDir } from '../../core/state/paths'
import { writeErr, writeJson, writeOut } from '../output'
import { oneOf, UsageError } from '../optionValues'

export const exportCommand: CliCommand = {
  name: 'export',
  args: '<folder>',
  summary:
    'Export articles to PDF (a book with cover, contents and bookmarks, or one PDF per article), printed by Chromium.',
  flags: {
    out: {
      type: 'string',
      description: 'The PDF to write (with --per-article: the folder to fill).',
    },
    ids: { type: 'string', description: 'Article ids (paths in the folder), comma-separated.' },
    query: { type: 'string', description: 'Export every match of this search instead.' },
    'per-article': { type: 'boolean', description: 'One PDF per article into the --out folder.' },
    paper: { type: 'string', description: 'A4 (default) or Letter.' },
    title: { type: 'string', description: "The book's title (default: the folder's name)." },
    'no-images': { type: 'boolean', description: 'Leave images out.' },
    'no-cover': { type: 'boolean', description: 'No cover page.' },
    'no-toc': { type: 'boolean', description: 'No table of contents.' },
    force: { type: 'boolean', description: 'Replace files that already exist.' },
    json: { type: 'boolean', description: 'Print the result as one JSON document.' },
    'data-dir': {
      type: 'string',
      description: "The app's data folder (default: the platform's config folder).",
    },
  },
  async run([folder], flags) {
    const out = flags.out as string | undefined
    const ids = flags.ids as string | undefined
    const query = flags.query as string | undefined
    if (!out) throw new UsageError('--out FILE.pdf is required.')
    if ((ids === undefined) === (query === undefined))
      throw new UsageError('give either --ids a,b,... or --query "Q".')
    const paper = oneOf(flags.paper, 'paper', ['A4', 'Letter'], 'A4')
    // Before the scan: saying "install Chromium" should not wait for 100k files to be read.
    if (!findChromium()) throw chromiumMissingError()

    const request: ExportRequest = {
      destination: path.resolve(out),
      perArticle: flags['per-article'] === true,
      paper,
      includeImages: flags['no-images'] !== true,
      includeCover: flags['no-cover'] !== true,
      includeToc: flags['no-toc'] !== true,
      overwrite: flags.force === true,
      jobId: `cli-${process.pid}`,
      ...(flags.title ? { title: flags.title as string } : {}),
      ...(ids !== undefined
        ? {
            ids: ids
              .split(',')
              .map((id) => id.trim())
              .filter(Boolean),
          }
        : { query: query }),
    }
    const core = await createCore({
      dataDir: (flags['data-dir'] as string | undefined) ?? defaultDataDir(),
      watch: false,
      images: { background: false },
    })
    const interrupt = () => {
      writeErr('\nexport: cancelling...')
      void core.cancelExport({ jobId: request.jobId as string })
    }
    process.once('SIGINT', interrupt)
    try {
      let scanned = () => {}
      const ready = new Promise<void>((resolve) => (scanned = resolve))
      const indexed = new Promise<void>((resolve) => {
        core.subscribe((event) => {
          if (event.type === 'index-progress' && event.done) resolve()
          if (event.type === 'archive-status' && event.status === 'ready') scanned()
          if (event.type === 'export-progress' && process.stderr.isTTY && !event.done)
            process.stderr.write(
              `\rcomposed ${event.composed}/${event.total}, printed ${event.printed}/${event.total} (${event.pages} pages)`,
            )
        })
      })
      const info = await core.openArchive({ path: folder as string })
      // A query needs the whole index; ids only need the catalog of the first scan.
      if (info.status !== 'ready' && (await core.getArchiveInfo())?.status !== 'ready') await ready
      if (query !== undefined) await indexed
      const result = await core.exportPdf(request)
      if (process.stderr.isTTY) process.stderr.write('\n')
      for (const gone of result.skipped)
        writeErr(`export: left out "${gone.id}" (${gone.title}): deleted or moved while exporting.`)
      if (flags.json) {
        writeJson(result)
        return 0
      }
      writeOut(
        [
          `${result.articles} article${result.articles === 1 ? '' : 's'}, ${result.pages} pages, ${(result.bytes / 1048576).toFixed(1)} MB:`,
          ...result.files.map((file) => `  ${file}`),
        ].join('\n'),
      )
      return 0
    } finally {
      process.off('SIGINT', interrupt)
      await core.dispose()
    }
  },
}
