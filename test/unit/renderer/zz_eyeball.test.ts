// @vitest-environment jsdom
import { it } from 'vitest'
import DOMPurify from 'dompurify'
import { sanitizeArticleHtml } from '/work/main/src/renderer/src/features/reader/sanitize'
it('eyeball', () => {
  const ctx = { articleId: 'a/b.md', images: [], imageSrc: (k: string) => k, labels: { externalVideo: (h: string) => 'EV ' + h, imageMissing: (s: string) => 'IM ' + s } }
  for (const h of ['<p>before</p><iframe src="https://www.youtube.com/embed/xyz"></iframe><p>after</p>', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'])
    process.stdout.write(sanitizeArticleHtml(DOMPurify, h, ctx as never).html + '\n')
})
