/** The category tree (新媒体 › 观察者网 › 头条) with counts; choosing a node filters by its path. */
import { useState } from 'react'
import type { CategoryNode } from '../../../../shared/contract/api'
import { useI18n } from '../../i18n/i18n'

interface Props {
  nodes: CategoryNode[]
  active: string[] | undefined
  onChoose: (path: string[] | undefined) => void
}

function samePath(a: string[] | undefined, b: string[]): boolean {
  return !!a && a.length === b.length && a.every((part, i) => part === b[i])
}

function isPrefix(prefix: string[], of: string[] | undefined): boolean {
  return !!of && prefix.length <= of.length && prefix.every((part, i) => part === of[i])
}

export function CategoryTree({ nodes, active, onChoose }: Props) {
  const { t } = useI18n()
  if (nodes.length === 0) return <p className="muted">{t('sidebar.none')}</p>
  return (
    <ul className="tree" role="tree" aria-label={t('sidebar.categories')}>
      {nodes.map((node) => (
        <TreeNode key={node.name} node={node} level={1} active={active} onChoose={onChoose} />
      ))}
    </ul>
  )
}

function TreeNode({
  node,
  level,
  active,
  onChoose,
}: { node: CategoryNode; level: number } & Omit<Props, 'nodes'>) {
  const { t } = useI18n()
  const [expanded, setExpanded] = useState(level === 1 || isPrefix(node.path, active))
  const hasChildren = node.children.length > 0
  const selected = samePath(active, node.path)
  return (
    <li
      role="treeitem"
      aria-expanded={hasChildren ? expanded : undefined}
      aria-selected={selected}
      aria-level={level}
    >
      <div className="tree-row" style={{ paddingInlineStart: `${(level - 1) * 0.9}rem` }}>
        {hasChildren ? (
          <button
            type="button"
            className="tree-toggle"
            aria-label={t(expanded ? 'sidebar.collapse' : 'sidebar.expand', { name: node.name })}
            onClick={() => setExpanded(!expanded)}
          >
            {expanded ? '▾' : '▸'}
          </button>
        ) : (
          <span className="tree-toggle" aria-hidden="true" />
        )}
        <button
          type="button"
          className={selected ? 'facet-button facet-active' : 'facet-button'}
          aria-pressed={selected}
          onClick={() => onChoose(selected ? undefined : node.path)}
        >
          <span className="facet-name" title={node.name}>
            {node.name}
          </span>
          <span className="facet-count">{node.count}</span>
        </button>
      </div>
      {hasChildren && expanded ? (
        <ul role="group">
          {node.children.map((child) => (
            <TreeNode
              key={child.name}
              node={child}
              level={level + 1}
              active={active}
              onChoose={onChoose}
            />
          ))}
        </ul>
      ) : null}
    </li>
  )
}
