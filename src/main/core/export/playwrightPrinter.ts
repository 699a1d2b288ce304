/**
 * The PdfPrinter of serve mode and the CLI: Playwright driving a Chromium installed on the
 * system (playwright-core downloads nothing). One browser per export, one context per print
 * job with JavaScript off, and every request refused except the print document's own folder
 * and data: URLs.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { ApiError } from '../../../shared/errors'
import { createLogger } from '../log'
import { PRINT_DEFAULTS, isAllowedPrintUrl, type PdfPrinter, type PrintJob } from './printer'

const log = createLogger('export')

const COMMON_PATHS: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/usr/bin/microsoft-edge',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  ],
  win32: [
    `${process.env.PROGRAMFILES ?? 'C:\\Program Files'}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)'}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)'}\\Microsoft\\Edge\\Application\\msedge.exe`,
  ],
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** CHROMIUM_PATH, then the usual install places; null when none exists. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  exists: (file: string) => boolean = existsSync,
  platform: string = process.platform,
): string | null {
  const fromEnv = env.CHROMIUM_PATH?.trim()
  if (fromEnv) return exists(fromEnv) ? fromEnv : null
  return (COMMON_PATHS[platform] ?? []).find((file) => exists(file)) ?? null
}

export function chromiumMissingError(env: NodeJS.ProcessEnv = process.env): ApiError {
  const configured = env.CHROMIUM_PATH?.trim()
  return new ApiError(
    'DEPENDENCY_MISSING',
    (configured
      ? `export: CHROMIUM_PATH is "${configured}", which does not exist. `
      : 'export: PDF export needs Chromium or Google Chrome, and none was found. ') +
      'Install Chromium (Debian/Ubuntu: `sudo apt install chromium`; macOS: `brew install --cask chromium`; ' +
      'Windows: install Google Chrome), or set CHROMIUM_PATH to its executable.',
  )
}

export function createPlaywrightPrinter(executablePath?: string): PdfPrinter {
  let browser: Promise<Browser> | null = null

  const launch = async (): Promise<Browser> => {
    const executable = executablePath ?? findChromium()
    if (!executable) throw chromiumMissingError()
    const { chromium } = await import('playwright-core')
    log.info(`printing with ${executable}`)
    return chromium.launch({ executablePath: executable, args: CHROMIUM_ARGS })
  }

  return {
    async print(job: PrintJob, signal?: AbortSignal) {
      browser ??= launch()
      let current: Browser
      try {
        current = await browser
      } catch (error) {
        browser = null
        throw error
      }
      const context = await current.newContext({
        javaScriptEnabled: false,
        serviceWorkers: 'block',
        acceptDownloads: false,
      })
      const onAbort = () => void context.close().catch(() => undefined)
      signal?.addEventListener('abort', onAbort, { once: true })
      try {
        const folder = path.dirname(job.htmlFile)
        await context.route('**/*', (route) =>
          isAllowedPrintUrl(route.request().url(), folder)
            ? route.continue()
            : route.abort('blockedbyclient'),
        )
        const page = await context.newPage()
        await page.goto(pathToFileURL(job.htmlFile).href, { waitUntil: 'load', timeout: 0 })
        const margin = (mm: number) => `${mm}mm`
        await page.pdf({
          path: job.pdfFile,
          format: job.paper,
          margin: {
            top: margin(job.marginsMm.top),
            right: margin(job.marginsMm.right),
            bottom: margin(job.marginsMm.bottom),
            left: margin(job.marginsMm.left),
          },
          printBackground: PRINT_DEFAULTS.printBackground,
          displayHeaderFooter: PRINT_DEFAULTS.displayHeaderFooter,
          headerTemplate: job.headerTemplate,
          footerTemplate: job.footerTemplate,
          outline: PRINT_DEFAULTS.outline,
          tagged: PRINT_DEFAULTS.tagged,
        })
      } finally {
        signal?.removeEventListener('abort', onAbort)
        await context.close().catch(() => undefined)
      }
    },
    async close() {
      const launched = browser
      browser = null
      if (launched) await (await launched.catch(() => null))?.close()
    },
  }
}
