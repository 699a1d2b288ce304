/**
 * Assembles the printed chunks into the final PDF with pdf-lib: pages copied in order, one
 * bookmark per article (found through each chunk's own Chromium outline, whose top level is the
 * articles' h1), contents links pointed at the articles' first pages, "n / m" page numbers drawn
 * on every page but the cover (Chromium numbers pages per print job, so it cannot), and the
 * chunks' structure trees joined so the result stays a tagged PDF.
 *
 * qpdf was the other candidate: it is not on users' machines, and `qpdf --empty --pages` keeps
 * neither outlines nor structure trees; pdf-lib copies pages with one object copier per chunk,
 * which lets the structure tree's page references land on the same copied pages.
 */
import { readFile } from 'node:fs/promises'
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFObjectCopier,
  PDFPage,
  PDFPageLeaf,
  PDFRef,
  PDFString,
  StandardFonts,
  beginMarkedContent,
  endMarkedContent,
  rgb,
  type PDFObject,
} from 'pdf-lib'
import { PdfFileWriter } from './pdfWrite'
import { ARTICLE_LINK_PREFIX } from './printDocument'

export interface PrintedChunk {
  pdfFile: string
  /** The articles of this chunk, in print order: export index and title. */
  articles: { index: number; title: string }[]
  /** Its pages get no page number (the cover). */
  unnumbered?: boolean
  /**
   * Placed before every chunk added without it (after the earlier `front` ones): the cover and
   * contents are printed last, once it is known which articles were printed, and go first.
   */
  front?: boolean
}

export interface AssembleOptions {
  title: string
  /** Bottom margin in mm: page numbers are centred in it. */
  bottomMarginMm: number
}

export interface AssembleResult {
  pages: number
  bytes: number
  /** Bookmarks written (one per article whose first page was found). */
  bookmarks: number
}

const N = (name: string): PDFName => PDFName.of(name)
const MM_TO_PT = 72 / 25.4

function numberOf(value: PDFObject | undefined): number | null {
  return value instanceof PDFNumber ? value.asNumber() : null
}

/** The [key, value] pairs of a number tree (ParentTree), leaves in order. */
function numberTreeEntries(doc: PDFDocument, node: PDFDict | undefined): [number, PDFObject][] {
  if (!node) return []
  const entries: [number, PDFObject][] = []
  const nums = node.lookupMaybe(N('Nums'), PDFArray)
  if (nums) {
    for (let i = 0; i + 1 < nums.size(); i += 2) {
      const key = numberOf(nums.lookup(i))
      if (key !== null) entries.push([key, nums.get(i + 1)])
    }
  }
  const kids = node.lookupMaybe(N('Kids'), PDFArray)
  for (let i = 0; kids && i < kids.size(); i++) {
    entries.push(...numberTreeEntries(doc, kids.lookupMaybe(i, PDFDict)))
  }
  return entries
}

/** Page refs of a chunk's top-level outline entries, in order. */
function outlinePageRefs(doc: PDFDocument): PDFRef[] {
  const refs: PDFRef[] = []
  const outlines = doc.catalog.lookupMaybe(N('Outlines'), PDFDict)
  let item = outlines?.lookupMaybe(N('First'), PDFDict)
  const seen = new Set<PDFDict>()
  while (item && !seen.has(item)) {
    seen.add(item)
    const dest =
      item.lookupMaybe(N('Dest'), PDFArray) ??
      item.lookupMaybe(N('A'), PDFDict)?.lookupMaybe(N('D'), PDFArray)
    const page = dest?.get(0)
    if (page instanceof PDFRef) refs.push(page)
    item = item.lookupMaybe(N('Next'), PDFDict)
  }
  return refs
}

/** The struct elements directly under the chunk's Document element (their /P is dropped). */
function detachedStructKids(doc: PDFDocument): PDFObject[] {
  const root = doc.catalog.lookupMaybe(N('StructTreeRoot'), PDFDict)
  if (!root) return []
  const asList = (value: PDFObject | undefined): PDFObject[] => {
    const resolved = value instanceof PDFRef ? doc.context.lookup(value) : value
    if (resolved instanceof PDFArray) return resolved.asArray()
    return value === undefined ? [] : [value]
  }
  let kids = asList(root.get(N('K')))
  const only = kids.length === 1 ? doc.context.lookup(kids[0]) : undefined
  if (only instanceof PDFDict && only.get(N('S')) === N('Document')) kids = asList(only.get(N('K')))
  for (const kid of kids) {
    const dict = doc.context.lookup(kid)
    if (dict instanceof PDFDict) dict.delete(N('P'))
  }
  return kids
}

/**
 * Merges chunks as they are printed (so each chunk's PDF can be deleted at once, and pages are
 * counted for progress) into `outFile`: what a chunk will not need again is written at once
 * (pdfWrite.ts); page dictionaries and annotations stay in memory until `finish`, which adds
 * links, bookmarks, tags, page numbers and metadata.
 */
export class PdfAssembler {
  private readonly out: PDFDocument
  private readonly articleStarts = new Map<number, { ref: PDFRef; title: string }>()
  private readonly contentsLinks: { annot: PDFDict; index: number }[] = []
  private readonly documentElementRef: PDFRef
  private readonly documentKids: PDFObject[] = []
  private readonly parentTreeNums: PDFObject[] = []
  /** The pages that get no number (by object number: front chunks shift indexes). */
  private readonly unnumbered = new Set<number>()
  /** Pages and structure elements of the `front` chunks so far: where the next one goes. */
  private frontPages = 0
  private frontKids = 0
  private structOffset = 0
  private lang: PDFObject | undefined

  private constructor(
    out: PDFDocument,
    private readonly writer: PdfFileWriter,
  ) {
    this.out = out
    this.documentElementRef = out.context.nextRef()
  }

  static async create(outFile: string): Promise<PdfAssembler> {
    const out = await PDFDocument.create({ updateMetadata: false })
    return new PdfAssembler(out, await PdfFileWriter.open(outFile))
  }

  /** Closes the unfinished file (the caller deletes it). */
  async abandon(): Promise<void> {
    await this.writer.abandon()
  }

  get pageCount(): number {
    return this.out.getPageCount()
  }

  /** Appends one printed chunk; returns the pages it added. */
  async add(chunk: PrintedChunk): Promise<number> {
    const { out } = this
    const context = out.context
    const before = out.getPageCount()
    let at = chunk.front ? this.frontPages : before
    const watermark = context.largestObjectNumber
    const kept = new Set<number>()
    const src = await PDFDocument.load(await readFile(chunk.pdfFile), { updateMetadata: false })
    this.lang ??= src.catalog.get(N('Lang'))
    const copier = PDFObjectCopier.for(src.context, context)
    const structKids = detachedStructKids(src)
    const newRefBySrc = new Map<string, PDFRef>()
    let maxKey = -1
    const offset = this.structOffset

    for (const srcPage of src.getPages()) {
      const newRef = copier.copy(srcPage.ref)
      newRefBySrc.set(srcPage.ref.toString(), newRef)
      const leaf = context.lookup(newRef)
      if (!(leaf instanceof PDFPageLeaf))
        throw new Error('export: a printed page could not be copied')
      // Contents, Resources and its Font/XObject dictionaries become direct objects of the page,
      // so drawing page numbers at the end never needs an object already written out.
      leaf.normalize()
      kept.add(newRef.objectNumber)
      const annotsRef = leaf.get(N('Annots'))
      if (annotsRef instanceof PDFRef) leaf.set(N('Annots'), context.lookup(annotsRef, PDFArray))
      const structParents = numberOf(leaf.get(N('StructParents')))
      if (structParents !== null) {
        leaf.set(N('StructParents'), PDFNumber.of(structParents + offset))
        maxKey = Math.max(maxKey, structParents)
      }
      const annots = leaf.Annots()
      for (let i = 0; annots && i < annots.size(); i++) {
        const annot = annots.lookupMaybe(i, PDFDict)
        if (!annot) continue
        const annotRef = annots.get(i)
        if (annotRef instanceof PDFRef) kept.add(annotRef.objectNumber)
        const structParent = numberOf(annot.get(N('StructParent')))
        if (structParent !== null) {
          annot.set(N('StructParent'), PDFNumber.of(structParent + offset))
          maxKey = Math.max(maxKey, structParent)
        }
        const uri = annot.lookupMaybe(N('A'), PDFDict)?.lookup(N('URI'))
        const text = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : ''
        if (text.startsWith(ARTICLE_LINK_PREFIX)) {
          this.contentsLinks.push({ annot, index: Number(text.slice(ARTICLE_LINK_PREFIX.length)) })
        }
      }
      out.insertPage(at++, PDFPage.of(leaf, newRef, out))
      if (chunk.unnumbered) this.unnumbered.add(newRef.objectNumber)
    }
    if (chunk.front) this.frontPages = at

    const starts = outlinePageRefs(src)
    chunk.articles.forEach((article, i) => {
      const srcRef = starts[i]
      const ref = srcRef ? newRefBySrc.get(srcRef.toString()) : undefined
      if (ref) this.articleStarts.set(article.index, { ref, title: article.title })
    })

    const copiedKids = structKids.map((kid) => {
      const copied = copier.copy(kid)
      const dict = copied instanceof PDFRef ? context.lookup(copied) : copied
      if (dict instanceof PDFDict) dict.set(N('P'), this.documentElementRef)
      return copied
    })
    if (chunk.front) {
      this.documentKids.splice(this.frontKids, 0, ...copiedKids)
      this.frontKids += copiedKids.length
    } else this.documentKids.push(...copiedKids)
    const srcRoot = src.catalog.lookupMaybe(N('StructTreeRoot'), PDFDict)
    const parentTree = srcRoot?.lookupMaybe(N('ParentTree'), PDFDict)
    for (const [key, value] of numberTreeEntries(src, parentTree)) {
      this.parentTreeNums.push(PDFNumber.of(key + offset), copier.copy(value))
      maxKey = Math.max(maxKey, key)
    }
    const nextKey = numberOf(srcRoot?.get(N('ParentTreeNextKey'))) ?? 0
    this.structOffset += Math.max(maxKey + 1, nextKey)
    await this.writer.writeAndDrop(
      context,
      context
        .enumerateIndirectObjects()
        .map(([ref]) => ref)
        .filter((ref) => ref.objectNumber > watermark && !kept.has(ref.objectNumber)),
    )
    return out.getPageCount() - before
  }

  /** Links, bookmarks, tags, page numbers, metadata; writes `outFile`. */
  async finish(options: AssembleOptions): Promise<AssembleResult> {
    const { out } = this
    const context = out.context
    for (const { annot, index } of this.contentsLinks) {
      annot.delete(N('A'))
      const target = this.articleStarts.get(index)
      if (target)
        annot.set(N('Dest'), context.obj([target.ref, N('XYZ'), PDFNull, PDFNull, PDFNull]))
    }
    const starts = [...this.articleStarts.entries()].sort((a, b) => a[0] - b[0])
    writeOutline(
      out,
      starts.map(([, start]) => start),
    )
    if (this.documentKids.length > 0) this.writeStructTree()
    if (this.lang) out.catalog.set(N('Lang'), this.lang)
    out.catalog.set(N('PageMode'), N('UseOutlines'))
    await numberPages(out, options.bottomMarginMm, this.unnumbered)
    out.setTitle(options.title, { showInWindowTitleBar: true })
    out.setCreator('Archive Browser')
    out.setProducer('Archive Browser (Chromium, pdf-lib)')
    await out.flush()
    const bytes = await this.writer.finish(context)
    return { pages: out.getPageCount(), bytes, bookmarks: starts.length }
  }

  private writeStructTree(): void {
    const { context, catalog } = this.out
    const structRootRef = context.nextRef()
    const documentElement = context.obj({
      Type: 'StructElem',
      S: 'Document',
      P: structRootRef,
      K: this.documentKids,
    })
    if (this.lang) documentElement.set(N('Lang'), this.lang)
    context.assign(this.documentElementRef, documentElement)
    context.assign(
      structRootRef,
      context.obj({
        Type: 'StructTreeRoot',
        K: this.documentElementRef,
        ParentTree: context.obj({ Nums: this.parentTreeNums }),
        ParentTreeNextKey: this.structOffset,
      }),
    )
    catalog.set(N('StructTreeRoot'), structRootRef)
    catalog.set(N('MarkInfo'), context.obj({ Marked: true }))
  }
}

function writeOutline(out: PDFDocument, entries: { ref: PDFRef; title: string }[]): void {
  if (entries.length === 0) return
  const context = out.context
  const outlinesRef = context.nextRef()
  const refs = entries.map(() => context.nextRef())
  entries.forEach((entry, i) => {
    const item = context.obj({
      Title: PDFHexString.fromText(entry.title),
      Parent: outlinesRef,
      Dest: [entry.ref, N('XYZ'), PDFNull, PDFNull, PDFNull],
    })
    if (i > 0) item.set(N('Prev'), refs[i - 1] as PDFRef)
    if (i + 1 < refs.length) item.set(N('Next'), refs[i + 1] as PDFRef)
    context.assign(refs[i] as PDFRef, item)
  })
  context.assign(
    outlinesRef,
    context.obj({
      Type: 'Outlines',
      First: refs[0],
      Last: refs[refs.length - 1],
      Count: refs.length,
    }),
  )
  out.catalog.set(N('Outlines'), outlinesRef)
}

/**
 * "n / m" centred in the bottom margin, marked as an artifact (not content) for the tags; n is
 * the page's place in the file (what a viewer shows), also on the pages that skip it (`skipped`:
 * their object numbers).
 */
async function numberPages(
  out: PDFDocument,
  bottomMarginMm: number,
  skipped: ReadonlySet<number>,
): Promise<void> {
  const font = await out.embedFont(StandardFonts.Helvetica)
  const size = 7.5
  const pages = out.getPages()
  pages.forEach((page, i) => {
    if (skipped.has(page.ref.objectNumber)) return
    const text = `${i + 1} / ${pages.length}`
    const width = font.widthOfTextAtSize(text, size)
    page.pushOperators(beginMarkedContent('Artifact'))
    page.drawText(text, {
      x: (page.getWidth() - width) / 2,
      y: Math.max(8, (bottomMarginMm * MM_TO_PT) / 2 - size / 2),
      size,
      font,
      color: rgb(0.4, 0.4, 0.4),
    })
    page.pushOperators(endMarkedContent())
  })
}
