/**
 * Page steps shared by the browser specs that run the real engine behind serve mode
 * (servedEngine.ts) and change files while the page is open.
 */
import { expect, type Locator, type Page } from '@playwright/test'
import type { ServedEngine } from './servedEngine'

/** The list's status line ("3 articles", "2 results"…). */
export const status = (page: Page, text: RegExp): Locator =>
  page.getByRole('status').filter({ hasText: text })

/** The list row whose title contains `title`. */
export function row(page: Page, title: string): Locator {
  return page.locator('.row', { has: page.locator('.row-title-text', { hasText: title }) })
}

/** Opens `archive` from the welcome page and waits for its `articles` rows to be listed. */
export async function openArchive(
  page: Page,
  engine: ServedEngine,
  archive: string,
  articles: number,
): Promise<void> {
  await page.goto(engine.server.pageUrl)
  await page.getByLabel('Folder path').fill(archive)
  await page.locator('.open-form button[type=submit]').click()
  await expect(status(page, new RegExp(`^${articles} articles$`))).toBeVisible()
}
