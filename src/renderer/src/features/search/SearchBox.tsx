/**
 * The search box (searches as you type) with the syntax help popover. Tells the owner how each
 * change arrived (querySettler.ts: a key waits only while a search is in flight, a whole word
 * is searched at once) and holds back input-method composition until the commit. ArrowDown and
 * Enter take the keyboard on to the results; j and k stay letters here.
 */
import { useId, useState, type RefObject } from 'react'
import { MAX_QUERY_LENGTH } from '../../../../shared/contract/api'
import { useI18n } from '../../i18n/i18n'
import { SYNTAX_EXAMPLES } from './syntax'
import { inputKind, type QueryInput } from './useSettledQuery'

interface Props {
  value: string
  /** `how` is null while an input method composes: show the text, do not search it yet. */
  onChange: (value: string, how: QueryInput | null) => void
  inputRef: RefObject<HTMLInputElement | null>
  /** ArrowDown (`open` false) or Enter (`open` true): on to the result list's first row. */
  onGoToResults: (open: boolean) => void
}

export function SearchBox({ value, onChange, inputRef, onGoToResults }: Props) {
  const { t } = useI18n()
  const [helpOpen, setHelpOpen] = useState(false)
  const helpId = useId()
  return (
    <div className="search" role="search">
      <label className="visually-hidden" htmlFor="search-input">
        {t('search.label')}
      </label>
      <input
        id="search-input"
        ref={inputRef}
        type="search"
        value={value}
        placeholder={t('search.placeholder')}
        // The contract's limit: a longer paste is cut here instead of refused by the engine.
        maxLength={MAX_QUERY_LENGTH}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          const native = event.nativeEvent as InputEvent
          const how = native.isComposing
            ? null
            : inputKind(value, event.target.value, native.inputType)
          onChange(event.target.value, how)
        }}
        onCompositionEnd={(event) => onChange(event.currentTarget.value, 'commit')}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            if (helpOpen) setHelpOpen(false)
            else if (value) onChange('', 'commit')
            else event.currentTarget.blur()
            return
          }
          const bare = !(event.ctrlKey || event.metaKey || event.altKey || event.shiftKey)
          // The Enter that commits an input method's text is the method's, not ours. Safari sends
          // it after compositionend, no longer composing but with keyCode 229.
          const composing = event.nativeEvent.isComposing || event.keyCode === 229
          if (bare && !composing && (event.key === 'ArrowDown' || event.key === 'Enter')) {
            event.preventDefault()
            onGoToResults(event.key === 'Enter')
          }
        }}
      />
      <button
        type="button"
        className="icon-button"
        aria-expanded={helpOpen}
        aria-controls={helpId}
        aria-label={t('search.help')}
        title={t('search.help')}
        onClick={() => setHelpOpen(!helpOpen)}
      >
        ?
      </button>
      {helpOpen ? (
        <div
          id={helpId}
          className="popover search-help"
          role="dialog"
          aria-label={t('search.help')}
        >
          <p>{t('syntax.intro')}</p>
          <table>
            <tbody>
              {SYNTAX_EXAMPLES.map((example) => (
                <tr key={example.query}>
                  <td>
                    <button
                      type="button"
                      className="link-button code"
                      onClick={() => {
                        onChange(example.query, 'commit')
                        setHelpOpen(false)
                        inputRef.current?.focus()
                      }}
                    >
                      {example.query}
                    </button>
                  </td>
                  <td>{t(example.explain)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => setHelpOpen(false)}>
            {t('common.close')}
          </button>
        </div>
      ) : null}
    </div>
  )
}
