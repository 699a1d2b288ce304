import type { CliCommand } from './types'
import { openArchiveRoot } from '../../core/archive/scan'
import { readArticle } from '../../core/archive/readArticle'
import { resolveReadOptions } from '../../core/archive/options'
import { resolveArticleId } from '../../core/archive/articleId'
import { writeJson, writeOut } from '../output'
import { timeZone } from '../optionValues'

export const showCommand: CliCommand = {
  name: 'show',
  args: '<folder> <id>',
  summary:
    'Everything parsed for one article (id = path relative to the folder, as `list` prints it).',
  flags: {
    json: { type: 'boolean', description: 'Print one JSON document.' },
    'time-zone': {
      type: 'string',
      description: 'IANA zone for dates written without one (default: this machine).',
    },
  },
  async run([folder, id], flags) {
    const tz = timeZone(flags['time-zone'])
    const root = await openArchiveRoot(folder as string)
    const articleId = await resolveArticleId(root, id as string)
    const article = await readArticle(
      root,
      articleId,
      resolveReadOptions(tz ? { timeZone: tz } : {}),
    )
    if (flags.json) {
      writeJson({ ...article, bodyHtmlIsUnsanitized: true })
      return 0
    }
    const { bodyHtml, text, images, frontMatter, issues, ...meta } = article
    const lines: string[] = []
    for (const [key, value] of Object.entries(meta)) lines.push(`${key}: ${JSON.stringify(value)}`)
    lines.push(
      '',
      'issues:',
      ...(issues.length
        ? issues.map((i) => `  ${i.code}${i.line ? ` (line ${i.line})` : ''}: ${i.message}`)
        : ['  none']),
    )
    lines.push('', 'front matter:', JSON.stringify(frontMatter, null, 2))
    lines.push(
      '',
      `images (${images.length}):`,
      ...images.map((img) => `  [${img.source}] ${img.url}`),
    )
    lines.push('', `text (${text.length} characters):`, text)
    lines.push(
      '',
      '--- body HTML, RAW AND UNSANITIZED: do not open it in a browser as is ---',
      bodyHtml,
      '--- end of raw body HTML ---',
    )
    writeOut(lines.join('\n'))
    return 0
  },
}
