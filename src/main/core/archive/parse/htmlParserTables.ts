/**
 * htmlparser2 12's tables (src/Parser.ts, src/Tokenizer.ts), as far as they decide an article's
 * text, for the quick text loop (quickHtmlText.ts), and what that loop leaves to the parser.
 * Copied rather than imported: htmlparser2 does not export them. A divergence after an
 * upgrade costs the quick loop's speed, never a wrong text (the index checks every text's
 * hash and reads with the parser when it differs), and the loop's tests compare it with
 * scanHtml on every case it follows.
 */

const formTags = new Set([
  'input',
  'option',
  'optgroup',
  'select',
  'button',
  'datalist',
  'textarea',
])
const pTag = new Set(['p'])
const headingTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p'])
/** The elements an open tag closes first, while one of them is the current element. */
export const OPEN_IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['a', new Set(['a'])],
  ['li', new Set(['li'])],
  ['p', pTag],
  ['h1', headingTags],
  ['h2', headingTags],
  ['h3', headingTags],
  ['h4', headingTags],
  ['h5', headingTags],
  ['h6', headingTags],
  ['select', formTags],
  ['input', formTags],
  ['output', formTags],
  ['button', formTags],
  ['datalist', formTags],
  ['textarea', formTags],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', new Set(['dd', 'dt'])],
  ['dt', new Set(['dd', 'dt'])],
  ...[
    'address',
    'article',
    'aside',
    'blockquote',
    'details',
    'div',
    'dl',
    'fieldset',
    'figcaption',
    'figure',
    'footer',
    'form',
    'header',
    'hr',
    'main',
    'nav',
    'ol',
    'pre',
    'section',
    'table',
    'ul',
  ].map((name): [string, Set<string>] => [name, pTag]),
  ['rt', new Set(['rt', 'rp'])],
  ['rp', new Set(['rt', 'rp'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
])
/** Elements without content: never on the stack, closed as soon as opened. */
export const VOID = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
])
/**
 * Elements whose content the tokenizer passes on as text up to their end tag, tags unread:
 * raw text, and `title` (RCDATA: its entities are decoded, but scanHtml skips its text).
 */
export const RAW_TEXT = new Set([
  'script',
  'style',
  'iframe',
  'noembed',
  'noframes',
  'xmp',
  'title',
])
/** Elements this loop does not follow: foreign content, textarea, plaintext, forms. */
export const REFUSED = new Set([
  'svg',
  'math',
  'mi',
  'mo',
  'mn',
  'ms',
  'mtext',
  'annotation-xml',
  'foreignobject',
  'desc',
  'textarea',
  'plaintext',
  'form',
])
