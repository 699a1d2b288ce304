/**
 * A background download starts only when the user's requests leave the answering thread free;
 * the image the user is looking at (HIGH) starts at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HIGH, LOW } from '../../../src/main/core/images/downloadQueue'
import { foreground } from '../../../src/main/core/foreground'
import type { FetchImageOptions, FetchOutcome } from '../../../src/main/core/images/fetchImage'
import { ImageDownloader } from '../../../src/main/core/images/imageDownloader'
import { DEFAULT_SETTINGS } from '../../../src/shared/types/settings'
import { makeTempDir, removeDir } from '../../support/tempDir'
import { waitFor } from '../../support/waitFor'

describe('ImageDownloader and the foreground', () => {
  let dir: string
  let downloader: ImageDownloader | null = null
  const started: string[] = []
  beforeEach(async () => {
    dir = await makeTempDir()
    started.length = 0
  })
  afterEach(async () => {
    await downloader?.close()
    downloader = null
    await removeDir(dir)
  })

  async function open(): Promise<ImageDownloader> {
    const fetch = (options: FetchImageOptions): Promise<FetchOutcome> => {
      started.push(options.url)
      return Promise.resolve({ ok: false, status: 'http-404', detail: '404', retryable: false })
    }
    downloader = await ImageDownloader.open(
      dir,
      () => DEFAULT_SETTINGS,
      { fetch },
      () => {},
    )
    return downloader
  }

  it('holds background downloads while a request runs, and starts the one being read', async () => {
    const images = await open()
    let answer = (): void => {}
    const request = foreground.run(() => new Promise<void>((resolve) => (answer = resolve)))
    const background = images.download('k1', 'http://a.test/1.jpg', 'a.test', LOW)
    const reading = images.download('k2', 'http://b.test/2.jpg', 'b.test', HIGH)
    expect((await reading)?.status).toBe('http-404')
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(started).toEqual(['http://b.test/2.jpg'])
    answer()
    await request
    await waitFor(() => started.length === 2, 'the background download after the request')
    expect((await background)?.status).toBe('http-404')
  })
})
