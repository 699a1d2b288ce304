/**
 * Writes a pdf-lib document to its file while it is being assembled: objects a merged chunk
 * will not need again (content streams, images, fonts, structure elements) are written and
 * dropped from memory at once, so the engine holds one chunk plus the page dictionaries, not
 * the whole book. pdf-lib's own save() would build the entire file in one buffer on top of the
 * entire document. The bytes are the same shape: header, indirect objects, one xref, trailer.
 */
import { open, type FileHandle } from 'node:fs/promises'
import type { PDFRef } from 'pdf-lib'
import {
  PDFCrossRefSection,
  PDFHeader,
  PDFName,
  PDFTrailer,
  PDFTrailerDict,
  type PDFContext,
} from 'pdf-lib'

const FLUSH_AT = 4 * 1024 * 1024

interface Serializable {
  sizeInBytes(): number
  copyBytesInto(buffer: Uint8Array, offset: number): number
}

function bytesOf(value: Serializable): Uint8Array {
  const bytes = new Uint8Array(value.sizeInBytes())
  value.copyBytesInto(bytes, 0)
  return bytes
}

const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1')

/**
 * The file being written failed (a full disk, a folder that takes no files...), as opposed to
 * anything else the assembler does: the job words it for the destination (writeFailures.ts).
 */
export class PdfWriteError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause })
    this.name = 'PdfWriteError'
  }
}

const writing = async <T>(file: string, step: () => Promise<T>): Promise<T> => {
  try {
    return await step()
  } catch (error) {
    throw new PdfWriteError(file, error)
  }
}

export class PdfFileWriter {
  private offset = 0
  private pending: Uint8Array[] = []
  private pendingBytes = 0
  private readonly offsets = new Map<number, { ref: PDFRef; offset: number }>()

  private constructor(
    private readonly file: string,
    private readonly handle: FileHandle,
  ) {}

  /** Creates `file`, which must not exist: never writes through a file or link already there. */
  static async open(file: string): Promise<PdfFileWriter> {
    const writer = new PdfFileWriter(file, await writing(file, () => open(file, 'wx')))
    writer.push(bytesOf(PDFHeader.forVersion(1, 7)))
    writer.push(ascii('\n\n'))
    return writer
  }

  get bytesWritten(): number {
    return this.offset
  }

  /** Writes these objects and removes them from the context (their refs stay valid). */
  async writeAndDrop(context: PDFContext, refs: Iterable<PDFRef>): Promise<void> {
    for (const ref of refs) {
      const object = context.lookup(ref)
      if (object === undefined) continue
      this.offsets.set(ref.objectNumber, { ref, offset: this.offset })
      this.push(ascii(`${ref.objectNumber} ${ref.generationNumber} obj\n`))
      this.push(bytesOf(object))
      this.push(ascii('\nendobj\n\n'))
      context.delete(ref)
      if (this.pendingBytes >= FLUSH_AT) await this.flush()
    }
    await this.flush()
  }

  /** Writes every object still in the context, the xref and the trailer; closes the file. */
  async finish(context: PDFContext): Promise<number> {
    await this.writeAndDrop(
      context,
      context.enumerateIndirectObjects().map(([ref]) => ref),
    )
    const xref = PDFCrossRefSection.create()
    for (const [, entry] of [...this.offsets.entries()].sort((a, b) => a[0] - b[0]))
      xref.addEntry(entry.ref, entry.offset)
    const xrefOffset = this.offset
    this.push(bytesOf(xref))
    this.push(ascii('\n'))
    const trailer = context.obj({ Size: context.largestObjectNumber + 1 })
    const { Root, Info, ID } = context.trailerInfo
    if (Root) trailer.set(PDFName.of('Root'), Root)
    if (Info) trailer.set(PDFName.of('Info'), Info)
    if (ID) trailer.set(PDFName.of('ID'), ID)
    this.push(bytesOf(PDFTrailerDict.of(trailer)))
    this.push(ascii('\n\n'))
    this.push(bytesOf(PDFTrailer.forLastCrossRefSectionOffset(xrefOffset)))
    await this.flush()
    await writing(this.file, () => this.handle.close())
    return this.offset
  }

  /** Closes the file without finishing it (the caller removes it). */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined)
  }

  private push(bytes: Uint8Array): void {
    this.pending.push(bytes)
    this.pendingBytes += bytes.length
    this.offset += bytes.length
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return
    const data = Buffer.concat(this.pending, this.pendingBytes)
    this.pending = []
    this.pendingBytes = 0
    // A write can be short (a disk filling up): the rest is written, or the next try fails.
    await writing(this.file, async () => {
      for (let done = 0; done < data.length;) {
        const { bytesWritten } = await this.handle.write(data, done, data.length - done)
        if (bytesWritten <= 0)
          throw Object.assign(new Error('EIO: the file system took no bytes, write'), {
            code: 'EIO',
          })
        done += bytesWritten
      }
    })
  }
}
