/**
 * The export job, kept by the library view rather than by the dialog: closing the dialog does
 * not stop an export (a long one is left to run while the user reads on, as a download is),
 * so its progress and outcome must outlive the dialog. Reopening the dialog shows them, and the
 * top bar shows them meanwhile (ExportStatus). One job at a time; a cancel is an outcome of its
 * own, not a failure.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ExportRequest, ExportResult } from '../../../../shared/contract/api'
import type { ExportProgressEvent } from '../../../../shared/contract/events'
import { ApiError } from '../../../../shared/errors'
import { useApi } from '../../api/ApiContext'

export interface ExportJob {
  id: string
  /** Articles asked for. */
  total: number
  progress: ExportProgressEvent | null
  result: ExportResult | null
  /** Why it failed (never CANCELLED: see `cancelled`). */
  error: ApiError | null
  cancelled: boolean
  /** Its outcome was shown in the dialog (until then the top bar shows it). */
  seen: boolean
}

export const isRunning = (job: ExportJob | null): boolean =>
  job !== null && !job.result && !job.error && !job.cancelled

/** Finished, and the dialog has not shown how since. */
export const isUnseen = (job: ExportJob | null): boolean =>
  job !== null && !isRunning(job) && !job.seen

function newJobId(): string {
  return `export-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}

export interface ExportJobControl {
  job: ExportJob | null
  start: (request: Omit<ExportRequest, 'jobId'>) => void
  cancel: () => void
  /** The dialog shows the job: its outcome is no longer news. */
  markSeen: () => void
}

export function useExportJob(): ExportJobControl {
  const { client } = useApi()
  const [job, setJob] = useState<ExportJob | null>(null)
  const current = useRef<string | null>(null)

  // One subscription for every job: a job's first events can arrive before a render would
  // have subscribed for its id.
  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.type !== 'export-progress' || event.jobId !== current.current) return
        setJob((known) =>
          known && known.id === event.jobId ? { ...known, progress: event } : known,
        )
      }),
    [client],
  )

  const finish = useCallback((id: string, patch: Partial<ExportJob>) => {
    setJob((known) => (known && known.id === id ? { ...known, ...patch } : known))
  }, [])

  const start = useCallback(
    (request: Omit<ExportRequest, 'jobId'>) => {
      const id = newJobId()
      current.current = id
      setJob({
        id,
        total: request.ids?.length ?? 0,
        progress: null,
        result: null,
        error: null,
        cancelled: false,
        seen: false,
      })
      client.exportPdf({ ...request, jobId: id }).then(
        (result) => finish(id, { result }),
        (failure: unknown) => {
          const error =
            failure instanceof ApiError ? failure : new ApiError('INTERNAL', String(failure))
          finish(id, error.code === 'CANCELLED' ? { cancelled: true } : { error })
        },
      )
    },
    [client, finish],
  )

  const cancel = useCallback(() => {
    const id = current.current
    if (id) void client.cancelExport({ jobId: id }).catch(() => undefined)
  }, [client])

  const markSeen = useCallback(() => {
    setJob((known) => (isUnseen(known) && known ? { ...known, seen: true } : known))
  }, [])

  return { job, start, cancel, markSeen }
}
