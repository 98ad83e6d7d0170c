import type { LoaderFunctionArgs } from '@remix-run/node'
import { Outlet } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { requireUser } from '~/access/user.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  return null
}

export default function AdminLayout() {
  return (
    <div className="admin">
      <Outlet />
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
