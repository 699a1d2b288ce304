/**
 * Plain-text prose: sentences, paragraphs and titles in news style, with Chinese
 * punctuation and the ASCII/mixed terms real tech and finance news is full of.
 * Everything here is plain text (the reader's view); html.ts escapes and marks it up.
 */
import type { Rng } from './prng'
import { drawWord, type Script, type Vocabulary } from './vocab'

export const NBSP = '\u00a0'

const BRANDS = [
  'Apple',
  'iPhone',
  'iPad',
  'MacBook Air',
  'MacBook Pro',
  'Intel',
  'AMD',
  'NVIDIA',
  'Qualcomm',
  'ARM',
  'Microsoft',
  'Windows',
  'Linux',
  'Android',
  'iOS',
  'Google',
  'Chrome',
  'Tesla',
  'Model Y',
  'Model 3',
  'SpaceX',
  'NASA',
  'Twitter',
  'Facebook',
  'Meta',
  'YouTube',
  'TikTok',
  'GitHub',
  'Steam',
  'Epic',
  'PlayStation',
  'PS5',
  'Xbox Series X',
  'Switch',
  'Nintendo',
  'Sony',
  'Samsung',
  'LG',
  'Huawei',
  'Xiaomi',
  'OPPO',
  'vivo',
  'OnePlus',
  'Realme',
  'TP-Link',
  'Wi-Fi 6',
  'Wi-Fi 6E',
  '5G',
  'USB-C',
  'Thunderbolt 4',
  'OLED',
  'Mini LED',
  'LCD',
  'HDR',
  'DLSS',
  'FSR',
  'CUDA',
  'PCIe 5.0',
  'DDR5',
  'SSD',
  'CPU',
  'GPU',
  'AI',
  'App',
  'IPO',
  'CEO',
  'CFO',
  'GDP',
  'CPI',
  'PMI',
  'ETF',
  'BTC',
  'ETH',
  'USDT',
  'NFT',
  'DeFi',
  'Web3',
  'DAO',
  'OpenSea',
  'Binance',
  'Coinbase',
  'Uniswap',
  'Solana',
  'Polygon',
  'Layer 2',
  'Python',
  'Rust',
  'JavaScript',
  'TypeScript',
  'Kubernetes',
  'Docker',
  'MySQL',
  'Redis',
  'HTTPS',
  'API',
  'SDK',
  'Beta',
  'Pro',
  'Max',
  'Ultra',
  'Lite',
  'Plus',
  'Unreal Engine 5',
  'Unity',
  'DirectX 12',
  'Vulkan',
  'Zen 4',
  'Alder Lake',
  'Raptor Lake',
  'Ryzen',
  'Radeon',
  'GeForce',
  'Snapdragon',
  'Exynos',
  'Kirin',
  'HarmonyOS',
  'MIUI',
  'ColorOS',
  'EUV',
  'TSMC',
  'ASML',
  'Foxconn',
  'AT&T',
  'R&D',
  'Q&A',
  'H&M',
  'P&G',
  'S&P 500',
]
const CHINESE_BRANDED = [
  'AMD霄龙',
  'AMD锐龙',
  '英特尔酷睿',
  '骁龙8 Gen 1',
  '天玑9000',
  '麒麟9000',
  'M2芯片',
  'A16仿生',
]
const ENGLISH_WORDS = [
  'update',
  'release',
  'open source',
  'machine learning',
  'cloud',
  'server',
  'benchmark',
  'performance',
  'design',
  'feature',
  'security',
  'privacy',
  'developer',
  'preview',
  'stable',
  'roadmap',
  'launch',
  'deep learning',
  'metaverse',
  'startup',
  'bull market',
  'supply chain',
  'remote work',
  'streaming',
]
const MODEL_PREFIXES = [
  'RTX',
  'GTX',
  'RX',
  'iPhone',
  'Galaxy S',
  'Mate',
  'P',
  'Redmi K',
  'Xiaomi',
  'Core i',
  'A',
  'M',
  'Z',
]

/** A Latin-script or numeric term, as it would appear inside Chinese prose. */
export function latinTerm(rng: Rng): string {
  const r = rng.next()
  if (r < 0.34) return rng.pick(BRANDS)
  if (r < 0.42) return rng.pick(CHINESE_BRANDED)
  if (r < 0.52) {
    const prefix = rng.pick(MODEL_PREFIXES)
    const number =
      prefix.length <= 2
        ? rng.int(1, 99)
        : rng.pick([13, 14, 22, 30, 40, 50, 60, 3060, 3080, 4090, 6800, 12900, 7950])
    const suffix = rng.chance(0.3)
      ? rng.pick([' Pro', ' Ti', ' Ultra', 'K', ' Max', ' XT', ' Plus'])
      : ''
    return `${prefix}${prefix.endsWith(' ') || prefix.length > 2 ? ' ' : ''}${number}${suffix}`.replace(
      '  ',
      ' ',
    )
  }
  if (r < 0.6) return `${rng.int(1, 99)}${rng.chance(0.5) ? `.${rng.int(0, 9)}` : ''}%`
  if (r < 0.68) return `${rng.int(2008, 2023)}年`
  if (r < 0.74) return `${rng.int(1, 12)}月${rng.int(1, 28)}日`
  if (r < 0.82)
    return `${rng.int(1, 9999)}${rng.pick(['亿元', '万元', '美元', '万', '亿', '元', '人', '台', '辆'])}`
  if (r < 0.88)
    return `${rng.int(1, 512)}${rng.pick(['GB', 'TB', 'mAh', 'W', 'Hz', 'nm', 'MB/s', 'km', 'mm'])}`
  if (r < 0.94) return rng.pick(ENGLISH_WORDS)
  // A brand and model separated by a non-breaking space, which the body writes as &nbsp;.
  return `${rng.pick(BRANDS)}${NBSP}${rng.int(2, 15)}`
}

export interface ProseStyle {
  script: Script
  /** IT 之家 puts spaces between Han and Latin text; most sources do not. */
  spaceAroundLatin: boolean
  /** Share of sentences that mention a Latin/numeric term. */
  latinRate: number
}

function openQuote(script: Script): string {
  return script === 'hant' ? '「' : '“'
}
function closeQuote(script: Script): string {
  return script === 'hant' ? '」' : '”'
}

/** One sentence ending with Chinese punctuation. */
export function sentence(rng: Rng, vocab: Vocabulary, style: ProseStyle): string {
  const target = rng.int(10, 55)
  let out = ''
  let clause = 0
  let latinLeft = rng.chance(style.latinRate) ? (rng.chance(0.25) ? 2 : 1) : 0
  while (out.length < target) {
    const r = rng.next()
    if (latinLeft > 0 && r < 0.12) {
      const term = latinTerm(rng)
      out += style.spaceAroundLatin && out.length > 0 ? ` ${term} ` : term
      latinLeft--
    } else if (r >= 0.12 && r < 0.128 && clause >= 3) {
      out += openQuote(style.script)
      for (let i = rng.int(1, 3); i > 0; i--) out += drawWord(vocab, rng, style.script)
      out += closeQuote(style.script)
    } else if (r >= 0.128 && r < 0.131 && clause >= 3) {
      out += '《'
      for (let i = rng.int(1, 3); i > 0; i--) out += drawWord(vocab, rng, style.script)
      out += '》'
    } else {
      out += drawWord(vocab, rng, style.script)
    }
    clause++
    if (clause >= 3 && out.length < target - 4) {
      const p = rng.next()
      if (p < 0.16) {
        out += '，'
        clause = 0
      } else if (p < 0.2) {
        out += '、'
      } else if (p < 0.215) {
        out += rng.chance(0.5) ? '：' : '；'
        clause = 0
      }
    }
  }
  while (latinLeft-- > 0) out += latinTerm(rng)
  const end = rng.next()
  return out.trim() + (end < 0.9 ? '。' : end < 0.95 ? '！' : end < 0.985 ? '？' : '……')
}

/** A paragraph of sentences, roughly `target` characters long. */
export function paragraph(rng: Rng, vocab: Vocabulary, style: ProseStyle, target: number): string {
  let out = ''
  while (out.length < target) out += sentence(rng, vocab, style)
  return out
}

/** Joins parts of a headline; some (`:` `/` `|`) are ones the file-name cleaner must replace. */
const TITLE_SEPARATORS = ['：', '，', ' ', '！', '？', ' | ', ': ', '/', '？', '｜', '——']

/**
 * A headline: a few word groups joined by separators, sometimes with a Latin term,
 * quotes, brackets or characters that the file-name cleaner has to replace.
 */
export function title(rng: Rng, vocab: Vocabulary, style: ProseStyle): string {
  const groups = rng.int(1, 3)
  const parts: string[] = []
  for (let g = 0; g < groups; g++) {
    let part = ''
    const length = rng.int(4, 14)
    let latin = rng.chance(0.35)
    while (part.length < length) {
      if (latin && rng.chance(0.3)) {
        part += latinTerm(rng)
        latin = false
      } else part += drawWord(vocab, rng, style.script)
    }
    parts.push(part)
  }
  let text = parts[0] ?? ''
  for (let i = 1; i < parts.length; i++) text += rng.pick(TITLE_SEPARATORS) + (parts[i] ?? '')
  const r = rng.next()
  if (r < 0.06) text = `${openQuote(style.script)}${text}${closeQuote(style.script)}`
  else if (r < 0.08) text = `[${rng.pick(['视频', '图集', '更新', '独家'])}]${text}`
  else if (r < 0.09) text = `${text}#${rng.int(1, 99)}`
  else if (r < 0.1) text = `${text}'s ${rng.pick(ENGLISH_WORDS)}`
  else if (r < 0.11) text = `"${rng.pick(BRANDS)}"${text}`
  else if (r < 0.125) text = `${text}为${rng.int(10, 99)}.${rng.int(0, 9)}`
  else if (r < 0.14) text += rng.pick(['？', '！', '?'])
  return text.replace(/\s+/g, ' ').trim()
}

/** A 快讯-style headline: 【summary】 followed by the start of the story, often long. */
export function flashTitle(rng: Rng, vocab: Vocabulary, style: ProseStyle): string {
  return `【${title(rng, vocab, style)}】${sentence(rng, vocab, style)}${sentence(rng, vocab, style)}`
}
