/**
 * The library: top bar (search, sort, actions), sidebar filters, the article list and the reader.
 * Owns the view state (filter, sort, query, cursor, open article, selection) and the shortcuts.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
} from 'react'
import type {
  ArticleFilter,
  FacetCount,
  Facets,
  ListSort,
  SearchSort,
} from '../../../../shared/contract/api'
import { useApi } from '../../api/ApiContext'
import { useSettings } from '../../app/SettingsProvider'
import type { ArchiveState } from '../../app/useArchive'
import { useShortcuts } from '../../app/useShortcuts'
import { ShortcutsDialog } from '../../app/ShortcutsDialog'
import { useI18n } from '../../i18n/i18n'
import { ExportDialog } from '../export/ExportDialog'
import { ExportStatus } from '../export/ExportStatus'
import { useExportJob } from '../export/useExportJob'
import { HealthPanel } from '../health/HealthPanel'
import { Reader } from '../reader/Reader'
import { useArticle } from '../reader/useArticle'
import { SearchBox } from '../search/SearchBox'
import { useSettledQuery, type QueryInput } from '../search/useSettledQuery'
import { SettingsDialog } from '../settings/SettingsDialog'
import { ArticleList } from './ArticleList'
import { ListStatus } from './ListStatus'
import { ProgressBar } from './ProgressBar'
import type { RowQuery } from './rows'
import { Sidebar } from './Sidebar'
import { useAfterPaint } from './useAfterPaint'
import { useMarks } from './useMarks'
import { useOpenState } from './useOpenState'
import { useRows } from './useRows'

type DialogName = 'settings' | 'shortcuts' | 'health' | 'export' | null

/** The longest a typed key waits while the previous query is still being answered. */
const SEARCH_DEBOUNCE_MS = 80
/** The User Timing mark left each time the typed query settles (read by `npm run bench -- ui`). */
const SEARCH_SETTLED_MARK = 'search:settled'

export function LibraryView({ archive }: { archive: ArchiveState }) {
  const { t } = useI18n()
  const { client, onMenu } = useApi()
  const { settings, update, effectiveTheme } = useSettings()
  // Dates are shown in the zone the engine counts the open archive's days and months in (date:
  // filters, the timeline): the setting when it was opened, else the engine's machine's, which
  // in serve mode may not be the browser's. A new setting applies when the archive is reopened.
  const timeZone = archive.info?.timeZone ?? settings.timeZone ?? null
  const [filter, setFilter] = useState<ArticleFilter>({})
  const [sort, setSort] = useState<ListSort>('date')
  const [searchSort, setSearchSort] = useState<SearchSort>('relevance')
  const [typed, setTyped] = useState('')
  const {
    query,
    push: pushQuery,
    setBusy: setSearchBusy,
    flush: flushQuery,
  } = useSettledQuery(SEARCH_DEBOUNCE_MS, SEARCH_SETTLED_MARK)
  const onTyped = (value: string, how: QueryInput | null) => {
    setTyped(value)
    if (how !== null) pushQuery(value, how)
  }
  // The cursor belongs to one query: a new query starts at the top without an effect.
  const [cursorAt, setCursorAt] = useState<{ key: string; index: number }>({ key: '', index: 0 })
  // The open article and the selection follow the archive's changes (renames, deletions); a new
  // search (query or filters, not the sort: the same articles) drops the selection.
  const search = JSON.stringify([query, filter])
  const { reading, openId, selected, open, openAlone, setSelected, followRename, firstShowing } =
    useOpenState(search)
  // Reloaded when its file changes; `deleted` once its file is gone.
  const article = useArticle(reading, followRename)
  const openGone = article.deleted
  const [anchor, setAnchor] = useState<number | null>(null)
  const [dialog, setDialog] = useState<DialogName>(null)
  const [exportDestination, setExportDestination] = useState<string | undefined>()
  // Outlives the dialog: closing it leaves a running export running, shown in the top bar.
  const exportJob = useExportJob()
  const [listFacets, setListFacets] = useState<Facets | null>(null)
  const [monthFacets, setMonthFacets] = useState<FacetCount[]>([])
  const searchRef = useRef<HTMLInputElement>(null)
  const listRef = useRef<HTMLDivElement>(null)
  const marks = useMarks()

  const rowQuery: RowQuery = query
    ? { kind: 'search', query, sort: searchSort, filter }
    : { kind: 'list', sort, order: sort === 'date' ? 'desc' : 'asc', filter }
  const rows = useRows(rowQuery, archive.version)
  const total = rows.total ?? 0
  // A layout effect: a key held meanwhile settles before the held-up answer is even painted.
  const searchBusy = query !== '' && rows.total === null && rows.error === null
  useLayoutEffect(() => setSearchBusy(searchBusy), [searchBusy, setSearchBusy])
  const listKey = JSON.stringify(rowQuery)
  const cursor = cursorAt.key === listKey ? cursorAt.index : 0
  const setCursor = (index: number) => setCursorAt({ key: listKey, index })

  useEffect(() => {
    listRef.current?.scrollTo({ top: 0 })
  }, [listKey])

  // The timeline counts without its own month range, so a chosen range can still be widened.
  const hasMonths = filter.monthFrom !== undefined || filter.monthTo !== undefined
  useEffect(() => {
    let live = true
    const { monthFrom: _from, monthTo: _to, ...withoutMonths } = filter
    client.getFacets({ filter: withoutMonths }).then(
      (facets) => live && setMonthFacets(facets.months),
      () => live && setMonthFacets([]),
    )
    return () => {
      live = false
    }
  }, [client, filter, archive.version])

  useEffect(() => {
    let live = true
    client.getFacets({ filter }).then(
      (facets) => live && setListFacets(facets),
      () => live && setListFacets(null),
    )
    return () => {
      live = false
    }
  }, [client, filter, archive.version, marks.marksVersion])

  const openIndex = useCallback(
    (index: number) => {
      const row = rows.rowAt(index)
      if (row) open(row.id)
    },
    [rows, open],
  )

  // j/k and the list's keys: the cursor moves, and the open article with it (the selection too,
  // when it was just that article: see openArticle). A shift-click then extends from here.
  const moveTo = (index: number) => {
    if (total === 0) return
    const next = Math.min(total - 1, Math.max(0, index))
    setCursor(next)
    setAnchor(next)
    if (openId) openIndex(next)
  }
  const move = (delta: number) => moveTo(cursor + delta)

  // ArrowDown or Enter in the search box: on to the list, the cursor on its first row, whatever
  // is typed searched at once. ArrowDown only moves there, even with an article open (leaving
  // the box is not a step through the list, as j/k are). Enter also opens that row, as Enter on
  // the list opens its cursor: Enter opens wherever it is pressed. A query still on its way opens
  // its first row when it answers: this holds which query that was.
  const openOnAnswer = useRef<string | null>(null)
  const goToResults = (openFirst: boolean) => {
    const settled = flushQuery() ?? query
    setCursor(0)
    setAnchor(0)
    // In view even when the cursor was already there and the list was scrolled by hand.
    listRef.current?.scrollTo({ top: 0 })
    listRef.current?.focus()
    openOnAnswer.current = null
    if (!openFirst) return
    if (settled === query && rows.answeredKey !== null) openIndex(0)
    else openOnAnswer.current = settled
  }
  useEffect(() => {
    const awaited = openOnAnswer.current
    if (awaited === null) return
    // Another query settled meanwhile (typed, or the box emptied): that Enter is past.
    if (awaited !== query) openOnAnswer.current = null
    else if (rows.answeredKey !== null) {
      openOnAnswer.current = null
      openIndex(cursor)
    }
  }, [query, rows.answeredKey, cursor, openIndex])

  const currentId = (): string | null => openId ?? rows.rowAt(cursor)?.id ?? null
  const toggle = (kind: 'read' | 'favourite') => {
    const id = currentId()
    // A deleted article has no marks to change (its buttons are disabled too).
    if (!id || (id === openId && openGone)) return
    const row = rows.rowAt(cursor)
    const known = row && row.id === id ? marks.marksOf(row) : marks.marksOfId(id)
    void marks.setMark(id, { [kind]: !known[kind] }, known)
  }

  // The live selection (deleted ids leave it, renamed ones follow), not the one the dialog
  // opened with: an article deleted meanwhile made the whole export fail.
  const exportIds = useMemo(
    () => (selected.size > 0 ? [...selected] : openId && !openGone ? [openId] : []),
    [selected, openId, openGone],
  )
  const startExport = useCallback((destination?: string) => {
    setExportDestination(destination)
    setDialog('export')
  }, [])

  useEffect(
    () =>
      onMenu((command) => {
        if (command.type === 'find') searchRef.current?.focus()
        else if (command.type === 'toggle-dark-mode')
          void update({ theme: effectiveTheme === 'dark' ? 'light' : 'dark' })
        else if (command.type === 'export-pdf') startExport(command.destination)
      }),
    [onMenu, update, effectiveTheme, startExport],
  )

  useShortcuts(
    {
      next: () => move(1),
      previous: () => move(-1),
      focusSearch: () => searchRef.current?.focus(),
      open: () => openIndex(cursor),
      favourite: () => toggle('favourite'),
      read: () => toggle('read'),
      export: () => startExport(),
      shortcuts: () => setDialog('shortcuts'),
    },
    dialog === null,
  )

  const onRowClick = (index: number, event: MouseEvent) => {
    const row = rows.rowAt(index)
    if (!row) return
    setCursor(index)
    if (event.shiftKey && anchor !== null) {
      const next = new Set(event.ctrlKey || event.metaKey ? selected : [])
      for (let i = Math.min(anchor, index); i <= Math.max(anchor, index); i++) {
        const id = rows.rowAt(i)?.id
        if (id) next.add(id)
      }
      setSelected(next)
    } else if (event.ctrlKey || event.metaKey) {
      const next = new Set(selected)
      if (next.has(row.id)) next.delete(row.id)
      else next.add(row.id)
      setSelected(next)
      setAnchor(index)
    } else {
      openAlone(row.id)
      setAnchor(index)
    }
  }

  // Select all pages through every id of the search (seconds for a large one): ids that arrive
  // after a new search began are the old search's, and would bring its selection back.
  const latestSearch = useRef(search)
  useEffect(() => {
    latestSearch.current = search
  }, [search])
  const selectAll = () => {
    const madeIn = search
    void rows.allIds().then((ids) => {
      if (latestSearch.current === madeIn) setSelected(new Set(ids))
    })
  }

  // A failed search shows the list's facets.
  const facets = query ? (rows.searchFacets ?? listFacets) : listFacets
  const months = query && !hasMonths && rows.searchFacets ? rows.searchFacets.months : monthFacets
  // The result rows are what the user waits for; the facet tree, counts and timeline follow in
  // the next frame (an interruptible render after the rows' frame) instead of delaying it. While
  // a search is awaited the sidebar keeps what it shows: typing a word searches key by key, and
  // flipping to the list's facets and back for each key would only cost renders.
  const sidebar = useAfterPaint(
    useMemo(() => ({ facets, months }), [facets, months]),
    searchBusy,
  )
  // Stable callbacks: the sidebar and the reader are memoized, so a page of rows arriving (or a
  // scroll) does not re-render them.
  const onFilter = useCallback((patch: Partial<ArticleFilter>) => {
    setFilter((current) => {
      const next: ArticleFilter = { ...current, ...patch }
      for (const key of Object.keys(next) as (keyof ArticleFilter)[])
        if (next[key] === undefined) delete next[key]
      return next
    })
  }, [])
  const { setMark, marksOfId } = marks
  const onSetOpenMark = useCallback(
    (patch: { read?: boolean; favourite?: boolean }) => {
      // The reader shows the marks its article was loaded with (useMarks.remember).
      if (openId && !openGone) void setMark(openId, patch, marksOfId(openId))
    },
    [openId, openGone, setMark, marksOfId],
  )

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToList')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="archive-name" title={archive.info?.path}>
            {archive.info?.name}
          </span>
        </div>
        <SearchBox
          value={typed}
          onChange={onTyped}
          inputRef={searchRef}
          onGoToResults={goToResults}
        />
        <label className="sort">
          <span className="visually-hidden">{t('sort.label')}</span>
          {query ? (
            <select
              value={searchSort}
              onChange={(event) => setSearchSort(event.target.value as SearchSort)}
              aria-label={t('sort.label')}
            >
              <option value="relevance">{t('sort.relevance')}</option>
              <option value="date">{t('sort.date')}</option>
            </select>
          ) : (
            <select
              value={sort}
              onChange={(event) => setSort(event.target.value as ListSort)}
              aria-label={t('sort.label')}
            >
              <option value="date">{t('sort.date')}</option>
              <option value="title">{t('sort.title')}</option>
              <option value="source">{t('sort.source')}</option>
            </select>
          )}
        </label>
        <div className="toolbar" role="toolbar" aria-label={t('toolbar.label')}>
          <button type="button" onClick={() => setDialog('health')}>
            {t('toolbar.health')}
          </button>
          <ExportStatus job={exportJob.job} onOpen={() => setDialog('export')} />
          <button
            type="button"
            onClick={() => startExport()}
            disabled={selected.size === 0 && (!openId || openGone)}
          >
            {t('toolbar.export')}
          </button>
          <button type="button" onClick={() => setDialog('settings')}>
            {t('toolbar.settings')}
          </button>
          <button
            type="button"
            aria-label={t('keys.title')}
            title={t('keys.title')}
            onClick={() => setDialog('shortcuts')}
          >
            ?
          </button>
          <button type="button" onClick={() => void archive.close()}>
            {t('toolbar.close')}
          </button>
        </div>
      </header>
      <ProgressBar progress={archive.progress} status={archive.info?.status} />
      <div className="columns">
        <Sidebar
          facets={sidebar.facets}
          months={sidebar.months}
          filter={filter}
          onFilter={onFilter}
        />
        <main id="main" className="list-pane" aria-label={t('list.label')}>
          <ListStatus
            total={rows.total}
            query={query}
            error={rows.error}
            filter={filter}
            onFilter={onFilter}
            selectedCount={selected.size}
            onSelectAll={selectAll}
            onClearSelection={() => setSelected(new Set())}
          />
          <ArticleList
            source={rows}
            searching={query !== ''}
            cursor={cursor}
            openId={openId}
            selected={selected}
            marksOf={marks.marksOf}
            timeZone={timeZone}
            onRowClick={onRowClick}
            onOpenCursor={() => openIndex(cursor)}
            onMoveCursor={moveTo}
            onLeaveUp={() => searchRef.current?.focus()}
            listRef={listRef}
          />
        </main>
        <Reader
          article={article}
          marks={openId ? marks.marksOfId(openId) : { read: null, favourite: null }}
          onLoadedMark={marks.remember}
          onSetMark={onSetOpenMark}
          firstShowing={firstShowing}
          timeZone={timeZone}
        />
      </div>
      {dialog === 'settings' ? <SettingsDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'shortcuts' ? <ShortcutsDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'health' ? (
        <HealthPanel
          onClose={() => setDialog(null)}
          onOpenArticle={(id) => {
            open(id)
            setDialog(null)
          }}
        />
      ) : null}
      {dialog === 'export' ? (
        <ExportDialog
          ids={exportIds}
          destination={exportDestination}
          exportJob={exportJob}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </div>
  )
}
