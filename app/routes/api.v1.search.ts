import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseSearchParams } from '~/models/search/query'
import { searchResultsToJson } from '~/models/search/results'
import { searchEverything } from '~/models/search/search.server'
import { apiError, zodIssues } from '~/utils/api.server'
import { publicBaseUrl } from '~/utils/url.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseSearchParams(new URL(request.url))
  if (!parsed.success) return apiError(400, 'The search is not valid.', zodIssues(parsed.error))
  const results = await searchEverything(parsed.data.q)
  return Response.json(searchResultsToJson(parsed.data.q, results, publicBaseUrl(request)))
}
