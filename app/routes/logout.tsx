import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { endUserSession } from '~/access/user.server'
import { validateCsrf } from '~/utils/session.server'

export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  await validateCsrf(await request.formData(), request.headers)
  return endUserSession(request)
}
