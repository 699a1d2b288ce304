/**
 * The feed source of an article, derived from its categories. In the RSSHub-to-Hexo
 * layout the category path is category › source › channel (新媒体 › 观察者网 › 头条);
 * the old layout has two levels, the second being "<source> - <channel>"
 * (新媒体 › 199IT - 首页更新). Shared so that lists, facets and search agree.
 */
export function sourceOfCategories(categories: readonly (readonly string[])[]): string | null {
  const first = categories[0]
  if (!first || first.length < 2) return null
  const second = first[1] as string
  if (first.length === 2) {
    const dash = second.indexOf(' - ')
    if (dash > 0) return second.slice(0, dash).trim()
  }
  return second
}
