/**
 * Markdown bodies → HTML. markdown-it with the two CJK plugins: without them
 * `这是**加粗：**文字` keeps its asterisks and joined Chinese lines get a stray
 * space (tech notes, section 7). Raw HTML stays (html:true) and is sanitized
 * by the front ends, like every body. One instance: building it costs more than
 * rendering a typical article.
 */
// The plugin has no types of its own; this reference keeps the declaration with its only user, in every tsconfig.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./markdownItCjkBreaks.d.ts" />
import MarkdownIt, { type MarkdownIt as MarkdownRenderer } from 'markdown-it'
import markdownItCjkBreaks from 'markdown-it-cjk-breaks'
import markdownItCjkFriendly from 'markdown-it-cjk-friendly'

let instance: MarkdownRenderer | null = null

function markdownIt(): MarkdownRenderer {
  if (!instance) {
    instance = new MarkdownIt({ html: true, linkify: false })
      .use(markdownItCjkFriendly)
      .use(markdownItCjkBreaks)
  }
  return instance
}

export function renderMarkdown(source: string): string {
  return markdownIt().render(source)
}

/**
 * RSS-to-Hexo generators write HTML bodies into `.md` files. A body whose first
 * non-blank character opens an HTML tag (or comment/doctype) is taken as HTML;
 * rendering it as Markdown would turn its indented lines into code blocks.
 */
export function bodyLooksLikeHtml(body: string): boolean {
  return /^\s*<(?:[a-z][a-z\d-]*(?:[\s/>]|$)|!--|!doctype)/i.test(body)
}
