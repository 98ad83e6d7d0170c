import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'

/** The error view for nested routes: keeps the site header and explains 403/404 in words. */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  let title = 'Something went wrong'
  let message = 'Convene could not show this page. Try again in a moment.'
  if (isRouteErrorResponse(error)) {
    const text = typeof error.data === 'string' && error.data ? error.data : undefined
    if (error.status === 404) {
      title = 'Not found'
      message = text ?? 'There is nothing at this address.'
    } else if (error.status === 403) {
      title = 'Not allowed'
      message = text ?? 'You may not see this page.'
    } else {
      title = `${error.status} ${error.statusText}`
      message = text ?? message
    }
  }
  return (
    <div className="error-page" role="alert">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">Back to all events</Link>
      </p>
    </div>
  )
}
