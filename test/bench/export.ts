/**
 * Export bench: 50 and 500 generated articles exported to one PDF through the engine and the
 * Playwright printer (system Chromium). Images are the generator's, pointed at image files
 * inside the archive (served like cached images), 200 distinct ones. Prints seconds, pages, MB
 * and the peak memory of Node plus Chromium (PSS summed over the process tree, sampled every
 * 200 ms; RSS would count Chromium's shared pages once per process).
 * Also CPU seconds of Node plus Chromium: on a shared machine wall time says less.
 * Targets: 50 articles ≤ 20 s; 500 articles ≤ 180 s with peak memory ≤ 1.5 GB.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { createCore } from '../../src/main/core/createCore'
import { findChromium } from '../../src/main/core/export/playwrightPrinter'
import { DEFAULT_SEED, generateArticles } from '../support/generator'
import { solidPng } from '../support/pdfTools'
import { makeTempDir, removeDir } from '../support/tempDir'
import { numberOption, sizesOption, type BenchArgs } from './lib/args'
import { printTable } from './lib/table'

export const description = 'PDF export of 50 and 500 generated articles (Chromium via Playwright)'

const TARGETS: Record<number, { seconds: number; memoryMB: number }> = {
  50: { seconds: 20, memoryMB: 1536 },
  500: { seconds: 180, memoryMB: 1536 },
}
const DISTINCT_IMAGES = 200

/** Memory (PSS) of this process, and of it with all its descendants, in MB. */
function treeMemoryMB(root: number): { node: number; all: number } {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {
      // gone meanwhile
    }
  }
  let kb = 0
  let nodeKb = 0
  const stack = [root]
  while (stack.length > 0) {
    const pid = stack.pop() as number
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
      const pss = Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0)
      kb += pss
      if (pid === root) nodeKb = pss
    } catch {
      // gone meanwhile
    }
    stack.push(...(children.get(pid) ?? []))
  }
  return { node: nodeKb / 1024, all: kb / 1024 }
}

/**
 * CPU seconds of this process plus its reaped children: Chromium is closed at the end of each
 * export, so its time is in cutime/cstime by then. Wall time on a shared machine says less.
 */
function cpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // Fields 14-17 of stat (utime stime cutime cstime) are 11-14 after the command.
  const ticks = fields.slice(11, 15).reduce((sum, value) => sum + Number(value), 0)
  return ticks / 100
}

async function writeBenchArchive(root: string, count: number, seed: number): Promise<string[]> {
  const images = path.join(root, 'img')
  await mkdir(images, { recursive: true })
  for (let i = 0; i < DISTINCT_IMAGES; i++) {
    await writeFile(path.join(images, `${i}.png`), solidPng(480, 320, [i % 256, (i * 7) % 256, 90]))
  }
  const ids: string[] = []
  let n = 0
  for (const article of generateArticles(count, seed)) {
    // The generator's remote images become archive images ('/img/N.png' is relative to the root).
    const content = article.content.replace(
      /(src|data-original)="(https?:)?\/\/[^"]+"/g,
      (_m, attr: string) => `${attr}="/img/${n++ % DISTINCT_IMAGES}.png"`,
    )
    const file = path.join(root, article.id)
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, content)
    ids.push(article.id)
  }
  return ids
}

export async function run(args: BenchArgs): Promise<void> {
  const sizes = sizesOption(args, [50, 500])
  const seed = numberOption(args, 'seed', DEFAULT_SEED)
  const log = (line: string): void => void process.stdout.write(`${line}\n`)
  if (!findChromium()) {
    log('export bench: no Chromium found (set CHROMIUM_PATH); nothing measured.')
    return
  }
  const rows: (string | number)[][] = []
  for (const size of sizes) {
    const archive = await makeTempDir('archive-browser-bench-export-')
    const dataDir = await makeTempDir('archive-browser-bench-export-data-')
    const out = await makeTempDir('archive-browser-bench-export-out-')
    const core = await createCore({
      dataDir,
      watch: false,
      images: { offline: true, background: false },
    })
    try {
      const ids = await writeBenchArchive(archive, size, seed)
      let ready = false
      core.subscribe((e) => {
        if (e.type === 'archive-status' && e.status === 'ready') ready = true
      })
      await core.openArchive({ path: archive })
      while (!ready && (await core.getArchiveInfo())?.status !== 'ready')
        await new Promise((resolve) => setTimeout(resolve, 50))
      let peak = 0
      let peakNode = 0
      const sample = (): void => {
        const now = treeMemoryMB(process.pid)
        peak = Math.max(peak, now.all)
        peakNode = Math.max(peakNode, now.node)
      }
      sample()
      const sampler = setInterval(sample, 200)
      const started = performance.now()
      const cpuBefore = cpuSeconds()
      const result = await core.exportPdf({ ids, destination: path.join(out, 'bench.pdf') })
      const seconds = (performance.now() - started) / 1000
      // Chromium is closed when the export ends; give the kernel a moment to reap it.
      await new Promise((resolve) => setTimeout(resolve, 500))
      const cpu = cpuSeconds() - cpuBefore
      clearInterval(sampler)
      sample()
      const target = TARGETS[size]
      const pass = target ? seconds <= target.seconds && peak <= target.memoryMB : true
      rows.push([
        size,
        seconds,
        cpu,
        result.pages,
        result.bytes / 1048576,
        peak,
        peakNode,
        target ? `≤ ${target.seconds} s, ≤ ${target.memoryMB} MB` : '-',
        target ? (pass ? 'PASS' : 'MISS') : '-',
      ])
    } finally {
      await core.dispose()
      await Promise.all([removeDir(archive), removeDir(dataDir), removeDir(out)])
    }
  }
  printTable(
    [
      { header: 'articles', digits: 0 },
      { header: 'seconds', digits: 1 },
      { header: 'CPU s (Node+Chromium)', digits: 1 },
      { header: 'pages', digits: 0 },
      { header: 'MB', digits: 1 },
      { header: 'peak MB (Node+Chromium)', digits: 0 },
      { header: 'of it Node', digits: 0 },
      { header: 'target', align: 'left' },
      { header: 'result', align: 'left' },
    ],
    rows,
  )
}
