/**
 * Says when the page may be out of date because its event stream to the server is down (serve
 * mode: a server restart, a network drop, sleep). Catching up once it is back is the views' own
 * business (the 'restored' ConnectionEvent); this only tells the user why nothing moves meanwhile.
 * The Electron app's channel cannot drop, so there it never shows.
 */
import { useEffect, useState } from 'react'
import { useApi } from '../api/ApiContext'
import { useI18n } from '../i18n/i18n'

/**
 * How long the stream must stay down before the notice shows. The server asks the browser to
 * retry after 2 s (`retry:` in src/main/serve/eventStream.ts), so a blip that the first retry
 * mends (an idle proxy closing the stream, say) shows nothing.
 */
const SHOW_AFTER_MS = 3_000

export function ConnectionNotice() {
  const { t } = useI18n()
  const { client } = useApi()
  const [down, setDown] = useState(false)

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null
    const off = client.onEvent((event) => {
      if (event.type !== 'connection') return
      if (timer !== null) clearTimeout(timer)
      timer = null
      if (event.state === 'lost') timer = setTimeout(() => setDown(true), SHOW_AFTER_MS)
      else setDown(false)
    })
    return () => {
      off()
      if (timer !== null) clearTimeout(timer)
    }
  }, [client])

  // The live region is always there, so assistive technology announces the text when it comes.
  return (
    <div role="status" className="connection-status">
      {down ? <p className="connection-notice">{t('connection.lost')}</p> : null}
    </div>
  )
}
