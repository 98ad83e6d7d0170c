import { useEffect, useState } from 'react'

type Poll = { revision: number; updatedAt: string | null; author: string | null }

/** The latest revision as the server knows it, asked every 10 seconds while the editor is open. */
function useLatestRevision(url: string): Poll | null {
  const [latest, setLatest] = useState<Poll | null>(null)
  useEffect(() => {
    let controller: AbortController | null = null
    const timer = window.setInterval(() => {
      controller?.abort()
      controller = new AbortController()
      fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } })
        .then((response) => (response.ok ? (response.json() as Promise<Poll>) : null))
        .then((poll) => {
          if (poll) setLatest(poll)
        })
        .catch(() => {
          // Offline or navigating away: the next tick tries again.
        })
    }, 10_000)
    return () => {
      window.clearInterval(timer)
      controller?.abort()
    }
  }, [url])
  return latest
}

/** Tells the author, as it happens, that someone saved a revision newer than the one they are editing. */
export function NewerRevisionNotice({
  url,
  baseRevision,
  historyUrl,
}: {
  url: string
  baseRevision: number
  historyUrl: string
}) {
  const latest = useLatestRevision(url)
  const newer = latest && latest.revision > baseRevision ? latest : null
  return (
    <div role="status" aria-live="polite" className="notes-live">
      {newer ? (
        <p className="notice notice--warning">
          A newer version was saved by {newer.author ?? 'someone'} (revision {newer.revision}). When you save, your
          changes are merged with it; if you both changed the same lines, you will be shown both versions.{' '}
          <a href={`${historyUrl}?from=${baseRevision}&to=${newer.revision}`} target="_blank" rel="noopener noreferrer">
            See what changed (opens in a new tab)
          </a>
        </p>
      ) : null}
    </div>
  )
}
