import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireReadableNotes } from '~/access/notes.server'

/** The latest revision of a session's notes, for scripts and monitors (the live editor needs no polling). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const { notes } = await requireReadableNotes(request, params)
    return Response.json(
      { revision: notes.revision, updatedAt: notes.updatedAt?.toISOString() ?? null, author: notes.author },
      { headers: { 'cache-control': 'private, no-store' } },
    )
  } catch (thrown) {
    if (thrown instanceof Response) {
      return Response.json({ error: await thrown.text() }, { status: thrown.status })
    }
    throw thrown
  }
}
