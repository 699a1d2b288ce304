import { describe, expect, it } from 'vitest'
import { warmUpQueries } from '../../../src/main/core/search/warmUp'

describe('warmUpQueries', () => {
  it('takes the commonest CJK pair, a 4-character run holding it, and the commonest Latin word', () => {
    const titles = [
      { title: '英特尔发布新芯片 Intel' },
      { title: '芯片短缺持续 chip Intel' },
      { title: '国产芯片突破 AMD' },
    ]
    const [pair, run, word] = warmUpQueries(titles)
    expect(pair).toBe('芯片')
    expect(run).toHaveLength(4)
    expect(run).toContain('芯片')
    expect(titles.some(({ title }) => title.includes(run as string))).toBe(true)
    expect(word).toBe('Intel')
  })

  it('leaves out what the titles do not have', () => {
    expect(warmUpQueries([{ title: 'only latin words here' }])).toEqual(['only'])
    expect(warmUpQueries([{ title: '中文' }])).toEqual(['中文'])
    expect(warmUpQueries([])).toEqual([])
  })

  it('reads only the first titles of a large archive', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ title: i < 500 ? '甲乙' : '丙丁丙丁' }))
    expect(warmUpQueries(many)).toEqual(['甲乙'])
  })
})
