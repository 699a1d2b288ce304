/**
 * Copies the images an export shows into its temp folder (images/<key>.<ext>), once per key,
 * so the print document loads nothing outside its own folder. Only files the engine serves as
 * images (Core.imageFile: the download cache or the archive's own images) are copied; a key
 * without a file is "missing" and the composer prints a placeholder.
 */
import { copyFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { IMAGE_TYPE_BY_EXTENSION, SERVABLE_IMAGE_TYPES } from '../../../shared/imageMedia'
import type { ArticleImage } from '../../../shared/contract/api'
import type { ImageFile } from '../coreTypes'

const EXTENSION_BY_TYPE = new Map(
  Object.entries(IMAGE_TYPE_BY_EXTENSION).map(([extension, type]) => [type, extension]),
)

export class PrintImages {
  private readonly staged = new Map<string, string | null>()
  private made = false
  /** Images copied so far (distinct keys). */
  copied = 0

  constructor(
    private readonly folder: string,
    private readonly imageFile: (key: string) => Promise<ImageFile | null>,
  ) {}

  /** Stages every image of one article; returns engine URL → document-relative src. */
  async stage(images: readonly ArticleImage[]): Promise<Map<string, string>> {
    const byUrl = new Map<string, string>()
    for (const image of images) {
      const src = await this.stageKey(image.key)
      if (src !== null) byUrl.set(image.url, src)
    }
    return byUrl
  }

  private async stageKey(key: string): Promise<string | null> {
    const known = this.staged.get(key)
    if (known !== undefined) return known
    let src: string | null = null
    const file = await this.imageFile(key).catch(() => null)
    const extension = file ? EXTENSION_BY_TYPE.get(file.contentType) : undefined
    if (file && extension && SERVABLE_IMAGE_TYPES.has(file.contentType)) {
      if (!this.made) {
        await mkdir(path.join(this.folder, 'images'), { recursive: true })
        this.made = true
      }
      const name = `${key}${extension}`
      try {
        await copyFile(file.path, path.join(this.folder, 'images', name))
        src = `images/${name}`
        this.copied++
      } catch {
        src = null // vanished between the lookup and the copy: a placeholder, like any missing image
      }
    }
    this.staged.set(key, src)
    return src
  }
}
