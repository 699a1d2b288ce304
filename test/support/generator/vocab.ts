/**
 * The vocabulary of generated articles: a few hundred real high-frequency words at the
 * top, then tens of thousands of made-up 1–4 character words built from the Han
 * inventory, all drawn with a Zipf-like law. Real text is lexically diverse (search
 * indexes grow with the number of distinct character pairs), so a small word list
 * would make every search benchmark look better than reality.
 */
import { Converter } from 'opencc-js'
import { COMMON_HAN, rareHan } from './hanzi'
import { AliasTable, Rng, zipfWeights } from './prng'

/** Real words, most frequent first. Single characters are the function words of news text. */
const REAL_WORDS = (
  '的 了 是 在 和 也 有 与 对 将 为 等 中 上 都 而 被 就 但 并 从 到 让 把 更 这 那 其 已 还 又 ' +
  '我们 他们 目前 表示 公司 市场 用户 产品 技术 服务 发展 数据 平台 企业 中国 美国 全球 国内 行业 ' +
  '今年 去年 近日 此前 此外 同时 其中 以及 可以 已经 没有 一个 进行 通过 相关 主要 成为 认为 记者 ' +
  '提供 推出 发布 宣布 显示 报道 消息 官方 系统 功能 版本 手机 芯片 游戏 玩家 视频 内容 问题 ' +
  '政府 部门 政策 经济 增长 下降 季度 收入 利润 投资 资金 价格 销量 汽车 能源 电池 网络 信息 安全 ' +
  '疫情 防控 医院 学生 学校 教育 研究 科学 项目 计划 合作 国际 地区 城市 社会 文化 历史 时间 ' +
  '方面 情况 工作 管理 需要 开始 继续 进一步 持续 不断 重要 关键 领域 方式 模式 能力 水平 标准 ' +
  '支持 实现 提升 推动 加强 影响 机构 人员 团队 负责人 工程师 创始人 首席执行官 董事长 分析师 ' +
  '亿元 万元 美元 百分点 同比 环比 预计 预期 超过 达到 约为 左右 以上 以下 之后 之前 期间 未来 ' +
  '显卡 处理器 屏幕 摄像头 续航 充电 快充 内存 存储 操作系统 应用 软件 硬件 设备 电脑 笔记本 平板 ' +
  '人工智能 云计算 大数据 区块链 元宇宙 新能源 自动驾驶 半导体 供应链 互联网 电商 直播 短视频 ' +
  '比特币 以太坊 交易所 加密货币 监管 合规 诉讼 法院 判决 调查 报告 数据显示 据悉 据了解 值得一提的是 ' +
  '不过 因此 所以 如果 虽然 但是 然而 并且 或者 而且 因为 只是 甚至 尤其 特别 非常 比较 十分 ' +
  '第一 第二 第三 一些 这些 那些 每个 所有 整个 部分 多个 几个 不少 大量 少数 多数 ' +
  '发现 研究人员 实验 论文 卫星 火箭 探测器 航天 宇航员 空间站 月球 火星 地球 太阳 宇宙 ' +
  '动画 漫画 番剧 声优 角色 剧情 第一季 制作组 官宣 预告 主视觉图 上映 票房 导演 演员 ' +
  '比赛 冠军 球队 球员 赛季 联赛 世界杯 奥运会 教练 转会 ' +
  '消费者 零售 门店 品牌 订单 物流 快递 外卖 餐饮 旅游 酒店 机票 铁路 高铁 航班 地铁 ' +
  '央行 利率 通胀 汇率 债券 股市 股价 指数 基金 银行 保险 证券 上市 融资 估值 营收 净利润 ' +
  '社区 居民 家庭 孩子 老人 年轻人 员工 工资 就业 招聘 裁员 房价 租金 住房 ' +
  '开发者 代码 开源 框架 接口 服务器 数据库 浏览器 漏洞 补丁 更新 测试版 正式版 用户体验'
).split(' ')

export type Script = 'hans' | 'hant'

export interface Vocabulary {
  /** Word strings by rank. */
  words: readonly string[]
  /** Same words in Traditional Chinese (Taiwan), converted once with OpenCC. */
  traditional: readonly string[]
  table: AliasTable
}

const GENERATED_WORDS = 45_000
const VOCAB_SEED = 0x5eed_cafe

let cached: Vocabulary | undefined

/**
 * Builds the vocabulary once per process. It does not depend on the archive seed, only
 * on fixed constants, so every archive shares one lexicon like real news does.
 */
export function vocabulary(): Vocabulary {
  if (cached) return cached
  const rng = new Rng(VOCAB_SEED)
  // Characters: the common inventory first, then rare ones; Zipf over the combined ranks
  // gives the common characters most of the mass and the rare ones a long tail.
  const chars = [...COMMON_HAN, ...rareHan(6000)]
  const charWeights = zipfWeights(chars.length, 1.0, 8)
  // Rare characters get about 2% of the mass, as beyond the ~2,500 common ones in news text.
  for (let i = COMMON_HAN.length; i < chars.length; i++)
    charWeights[i] = (charWeights[i] ?? 0) * 0.12
  const charTable = new AliasTable(charWeights)
  const seen = new Set<string>(REAL_WORDS)
  const words: string[] = [...new Set(REAL_WORDS)]
  let attempts = 0
  while (words.length < REAL_WORDS.length + GENERATED_WORDS && attempts++ < GENERATED_WORDS * 4) {
    const r = rng.next()
    const length = r < 0.12 ? 1 : r < 0.7 ? 2 : r < 0.88 ? 3 : 4
    let word = ''
    for (let i = 0; i < length; i++) word += chars[charTable.draw(rng)] ?? '的'
    if (seen.has(word)) continue
    seen.add(word)
    words.push(word)
  }
  const toTraditional = Converter({ from: 'cn', to: 'tw' })
  const traditional = toTraditional(words.join('\n')).split('\n')
  if (traditional.length !== words.length)
    throw new Error('generator: OpenCC changed the word count')
  // s slightly above 1 with an offset: the top words are frequent but not overwhelming.
  cached = { words, traditional, table: new AliasTable(zipfWeights(words.length, 1.02, 2.7)) }
  return cached
}

/** Converts a short phrase (titles, template text) to Traditional Chinese. */
let phraseConverter: ((text: string) => string) | undefined
export function toTraditional(text: string): string {
  phraseConverter ??= Converter({ from: 'cn', to: 'tw' })
  return phraseConverter(text)
}

export function drawWord(vocab: Vocabulary, rng: Rng, script: Script): string {
  const i = vocab.table.draw(rng)
  return (script === 'hant' ? vocab.traditional[i] : vocab.words[i]) ?? '的'
}
