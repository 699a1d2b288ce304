/**
 * The category tree (category / source / channel) of the generated archive, modelled on
 * the real RSSHub-to-Hexo repository, with the HTML habits and image hosts of each source.
 */
import type { Rng } from './prng'
import type { Script } from './vocab'

/** How a source's body HTML looks (see html.ts). */
export type BodyStyle = 'guancha' | 'ithome' | 'indent' | 'inline' | 'flash'

export interface Source {
  category: string
  name: string
  channels: readonly string[]
  /** Relative share of articles; the real archive is dominated by a few news sites. */
  weight: number
  style: BodyStyle
  script: Script
  imageHost: string
}

function s(
  category: string,
  name: string,
  channels: string[],
  weight: number,
  style: BodyStyle,
  imageHost: string,
  script: Script = 'hans',
): Source {
  return { category, name, channels, weight, style, script, imageHost }
}

export const SOURCES: readonly Source[] = [
  s('新媒体', '观察者网', ['头条', '国际', '财经'], 60, 'guancha', 'i.guancha.cn/news'),
  s('新媒体', 'IT 之家', ['分类资讯', '最新'], 70, 'ithome', 'img.ithome.com/newsuploadfiles'),
  s('新媒体', 'cnBeta', ['最新'], 60, 'inline', 'static.cnbetacdn.com/article'),
  s('新媒体', '36kr', ['快讯', '资讯'], 50, 'flash', 'img.36krcdn.com'),
  s('新媒体', '金色财经', ['快讯', '分类'], 45, 'flash', 'img.jinse.cn/v2'),
  s('新媒体', '快科技（原驱动之家）', ['最新新闻'], 35, 'indent', 'img1.mydrivers.com/img'),
  s('新媒体', 'PMCAFF', ['今日推荐 / 精选'], 6, 'inline', 'img.pmcaff.com'),
  s('新媒体', 'ZAKER', ['channel'], 20, 'inline', 'zkres2.myzaker.com'),
  s(
    '新媒体',
    '澎湃新闻',
    ['首页头条', '时事'],
    30,
    'indent',
    'imagecloud.thepaper.cn/thepaper/image',
  ),
  s('新媒体', '界面新闻', ['快讯'], 20, 'flash', 'img.jiemian.com/101/original'),
  s('新媒体', '虎嗅', ['资讯'], 15, 'inline', 'img.huxiucdn.com/article/content'),
  s('新媒体', '少数派', ['最新'], 12, 'inline', 'cdn.sspai.com/article'),
  s('新媒体', '爱范儿', ['早报', '资讯'], 12, 'inline', 's3.ifanr.com/wp-content/uploads'),
  s('新媒体', '品玩', ['快讯'], 10, 'inline', 'cdn.pingwest.com/portal'),
  s('新媒体', '199IT', ['首页更新'], 8, 'inline', 'www.199it.com/wp-content/uploads'),
  s('新媒体', '钛媒体', ['快讯', '最新'], 14, 'flash', 'images.tmtpost.com/uploads/images'),
  s('新媒体', '雷锋网', ['业界'], 8, 'inline', 'static.leiphone.com/uploads/new/images'),
  s('新媒体', '极客公园', ['资讯'], 8, 'inline', 'imgslim.geekpark.net/uploads/image/file'),
  s('新媒体', '新浪科技', ['滚动'], 18, 'indent', 'n.sinaimg.cn/tech/transform'),
  s('新媒体', '网易新闻', ['科技', '财经'], 16, 'indent', 'nimg.ws.126.net/news'),
  s('新媒体', '第一财经', ['新闻'], 10, 'indent', 'img.yicai.com/news'),
  s('新媒体', '端传媒', ['最新'], 4, 'inline', 'd32kak7w9u5ewj.cloudfront.net/media/image', 'hant'),
  s('社交媒体', '简书', ['首页', '热门'], 14, 'inline', 'upload-images.jianshu.io/upload_images'),
  s('社交媒体', '知乎', ['日报', '热榜'], 18, 'inline', 'pic1.zhimg.com/v2'),
  s('社交媒体', '微博', ['热搜榜'], 10, 'inline', 'wx1.sinaimg.cn/large'),
  s('社交媒体', '豆瓣', ['同城', '书评'], 6, 'inline', 'img9.doubanio.com/view/status/l/public'),
  s('社交媒体', 'V2EX', ['最热', '技术'], 6, 'inline', 'i.v2ex.co'),
  s('游戏', '3DMGame', ['新闻中心'], 25, 'indent', 'img.3dmgame.com/uploads/images/news'),
  s('游戏', '巴哈姆特', ['GNN 新聞'], 10, 'indent', 'p2.bahamut.com.tw/B/2KU', 'hant'),
  s('游戏', '机核', ['资讯'], 8, 'inline', 'image.gcores.com'),
  s('游戏', '游民星空', ['新闻'], 15, 'indent', 'img1.gamersky.com/image2022'),
  s('游戏', '触乐', ['文章'], 4, 'inline', 'img.chuapp.com/wp-content/Picture'),
  s('游戏', '游研社', ['文章'], 5, 'inline', 'www.yystv.cn/static/images'),
  s('二次元', 'AcFun', ['番剧'], 6, 'inline', 'imgs.aixifan.com/content'),
  s('二次元', 'Bangumi', ['放送列表'], 5, 'inline', 'lain.bgm.tv/pic/cover/l'),
  s(
    '二次元',
    'Animen 动漫平台',
    ['news'],
    6,
    'indent',
    'animen.com.tw/FilesUpload/NewsImages',
    'hant',
  ),
  s('二次元', '哔哩哔哩', ['番剧更新', '专栏'], 12, 'inline', 'i0.hdslb.com/bfs/article'),
  s('二次元', '萌娘百科', ['新闻'], 3, 'inline', 'img.moegirl.org.cn/common'),
  s('博客', 'Google Sites', ['文章更新'], 3, 'inline', 'lh3.googleusercontent.com', 'hant'),
  s('博客', '阮一峰的网络日志', ['每周分享'], 4, 'inline', 'cdn.beekka.com/blogimg/asset'),
  s('博客', '酷壳', ['文章'], 2, 'inline', 'coolshell.cn/wp-content/uploads'),
  s('博客', '美团技术团队', ['文章'], 3, 'indent', 'p0.meituan.net/travelcube'),
  s('博客', '掘金', ['前端', '后端'], 8, 'inline', 'p3-juejin.byteimg.com/tos-cn-i-k3u1fbpfcp'),
  s('编程', 'ACM', ['图灵奖获得者'], 1, 'inline', 'awards.acm.org/binaries/content/gallery'),
  s('编程', 'GitHub', ['Trending'], 5, 'inline', 'opengraph.githubassets.com/1'),
  s('编程', '开源中国', ['资讯'], 10, 'inline', 'oscimg.oschina.net/oscnet'),
  s('编程', 'InfoQ', ['推荐'], 6, 'inline', 'static001.infoq.cn/resource/image'),
  s('编程', 'AI 研习社', ['首页'], 3, 'inline', 'static.leiphone.com/uploads/new/sns/article'),
  s('编程', 'CSDN', ['资讯'], 6, 'inline', 'img-blog.csdnimg.cn/img_convert'),
  s('金融', 'DT 财经', ['数据侠专栏'], 3, 'inline', 'dtcj.com/uploads'),
  s('金融', '华尔街见闻', ['最新'], 18, 'flash', 'wpimg.wallstcn.com'),
  s('金融', '雪球', ['热帖'], 8, 'inline', 'xqimg.imedao.com'),
  s('金融', '东方财富', ['要闻'], 10, 'indent', 'np-newspic.dfcfw.com/download'),
  s('金融', '格隆汇', ['快讯'], 8, 'flash', 'img3.gelonghui.com'),
  s('金融', '财联社', ['电报'], 14, 'flash', 'img.cls.cn/images'),
  s('设计', 'Axis Studios', ['Work'], 1, 'inline', 'axisstudiosgroup.com/media'),
  s('设计', '优设网', ['文章'], 4, 'inline', 'image.uisdc.com/wp-content/uploads'),
  s('设计', '站酷', ['推荐'], 4, 'inline', 'img.zcool.cn/community'),
  s('图片', '1X', ['Photos'], 2, 'inline', '1x.com/images/user'),
  s('图片', '国家地理', ['每日一图'], 2, 'inline', 'i.natgeofe.com/n'),
  s('科学', '果壳', ['科学人'], 6, 'inline', '1-im.guokr.com'),
  s('科学', '环球科学', ['最新'], 4, 'indent', 'img.huanqiukexue.com/uploads'),
  s('科学', '科学网', ['新闻'], 5, 'indent', 'news.sciencenet.cn/upload/news/images'),
]

/** Sources written in the old layout `post/新媒体/<source> - <channel>/`: the early news feeds. */
export const OLD_LAYOUT_SOURCES: readonly Source[] = SOURCES.filter(
  (x) => x.category === '新媒体' && x.script === 'hans',
)

/** Cumulative weights for weighted choice; built once. */
function cumulative(sources: readonly Source[]): Float64Array {
  const out = new Float64Array(sources.length)
  let total = 0
  sources.forEach((x, i) => {
    total += x.weight
    out[i] = total
  })
  return out
}
const CUMULATIVE = cumulative(SOURCES)
const OLD_CUMULATIVE = cumulative(OLD_LAYOUT_SOURCES)

function weighted(sources: readonly Source[], cum: Float64Array, rng: Rng): Source {
  const x = rng.next() * (cum[cum.length - 1] ?? 1)
  let lo = 0
  let hi = cum.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (x < (cum[mid] ?? 0)) hi = mid
    else lo = mid + 1
  }
  return sources[lo] ?? sources[0]!
}

export function pickSource(rng: Rng, oldLayout: boolean): Source {
  return oldLayout
    ? weighted(OLD_LAYOUT_SOURCES, OLD_CUMULATIVE, rng)
    : weighted(SOURCES, CUMULATIVE, rng)
}

/** Share of articles from Traditional-Chinese sources (for the tests' expected range). */
export function traditionalShare(): number {
  const total = SOURCES.reduce((sum, x) => sum + x.weight, 0)
  return SOURCES.filter((x) => x.script === 'hant').reduce((sum, x) => sum + x.weight, 0) / total
}

/** An image URL in the source's usual shape, including the real suffix quirks. */
export function imageUrl(rng: Rng, source: Source, date: Date): string {
  const y = date.getUTCFullYear()
  const m = String(date.getUTCMonth() + 1).padStart(2, '0')
  const d = String(date.getUTCDate()).padStart(2, '0')
  const hex = rng.hex(rng.chance(0.5) ? 32 : 15)
  switch (source.style) {
    case 'guancha':
      return `https://${source.imageHost}/${y}/${m}/${d}/${y}${m}${d}${rng.int(100000000, 999999999)}.jpg${rng.chance(0.5) ? '!cmspl' : ''}`
    case 'ithome':
      return `https://${source.imageHost}/${y}/${m}/${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 15)}${rng.hex(1)}-${rng.hex(4)}-${rng.hex(12)}.${rng.chance(0.7) ? 'jpg' : 'png'}${rng.chance(0.3) ? '@s_2,w_820,h_952' : ''}`
    default: {
      const ext = rng.pick(['jpg', 'jpg', 'jpeg', 'png', 'webp', 'gif'])
      const query = rng.chance(0.08)
        ? `?x-oss-process=image/resize,w_${rng.int(4, 12)}00`
        : rng.chance(0.05)
          ? `?v=${rng.int(1, 9)}`
          : ''
      const url = `https://${source.imageHost}/${y}${m}${d}/${hex}.${ext}${query}`
      // A CORS proxy in front of http-only hosts, as the real generator did for a few feeds.
      return rng.chance(0.03)
        ? `https://cors.zfour.workers.dev/?${url.replace('https://', 'http://')}`
        : url
    }
  }
}
