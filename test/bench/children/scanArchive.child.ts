/**
 * Runs the real scanner over an archive and counts what it yields. The module is loaded
 * by path so the bench can also run against a stand-in (`--scan-module`).
 */
import { pathToFileURL } from 'node:url'
import { exitOnError, runBenchChild } from '../lib/child'

export interface ScanArgs {
  root: string
  concurrency: number
  /** Absolute path of a module exporting scanArchive(root, options). */
  module: string
}

export interface ScanResult {
  articles: number
  withIssues: number
  textChars: number
}

interface ScanModule {
  scanArchive: (
    root: string,
    options?: { concurrency?: number },
  ) => AsyncIterable<{ issues?: readonly unknown[]; text?: string }>
}

async function scan({ root, concurrency, module }: ScanArgs): Promise<ScanResult> {
  const { scanArchive } = (await import(pathToFileURL(module).href)) as ScanModule
  const result: ScanResult = { articles: 0, withIssues: 0, textChars: 0 }
  for await (const article of scanArchive(root, { concurrency })) {
    result.articles++
    if ((article.issues?.length ?? 0) > 0) result.withIssues++
    result.textChars += article.text?.length ?? 0
  }
  return result
}

runBenchChild(scan).catch(exitOnError)
