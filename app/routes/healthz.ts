import { checkDatabase } from '~/models/operations/health.server'

export async function loader() {
  const started = performance.now()
  try {
    await checkDatabase()
    return Response.json(
      { status: 'ok', database: 'ok', ms: Math.round(performance.now() - started) },
      { headers: { 'cache-control': 'no-store' } },
    )
  } catch {
    return Response.json(
      { status: 'error', database: 'unreachable' },
      { status: 503, headers: { 'cache-control': 'no-store' } },
    )
  }
}
