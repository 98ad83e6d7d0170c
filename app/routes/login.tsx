import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { z } from 'zod'
import { ErrorList, InputField } from '~/components/forms'
import { verifyLogin } from '~/models/user.server'
import { getOptionalUser, safeRedirectTarget, startUserSession } from '~/utils/auth.server'
import { logger } from '~/utils/logger.server'
import { clientAddress, consumeRateLimit, loginLimiter, resetRateLimit } from '~/utils/rate-limit.server'
import { validateCsrf } from '~/utils/session.server'

const LoginSchema = z.object({
  email: z.email({ error: 'Enter the email address of your organizer account' }).max(320),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(1000),
  redirectTo: z.string().optional(),
})

export const meta: MetaFunction = () => [{ title: 'Organizer login — Convene' }]

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) {
    throw redirect(safeRedirectTarget(new URL(request.url).searchParams.get('redirectTo')))
  }
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const submission = parseWithZod(formData, { schema: LoginSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const { email, password, redirectTo } = submission.value
  // Counted per address and per account, so neither one client nor a spread-out attack can keep guessing.
  const keys = [`ip:${clientAddress(request)}`, `account:${email.trim().toLowerCase()}`]
  for (const key of keys) {
    const retryAfter = await consumeRateLimit(loginLimiter, key)
    if (retryAfter > 0) {
      logger.warn({ retryAfter }, 'login rate limited')
      const minutes = Math.ceil(retryAfter / 60)
      return data(
        {
          result: submission.reply({
            formErrors: [`Too many login attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`],
            hideFields: ['password'],
          }),
        },
        { status: 429, headers: { 'retry-after': String(retryAfter) } },
      )
    }
  }
  const user = await verifyLogin(email, password)
  if (!user) {
    return data(
      {
        result: submission.reply({
          formErrors: ['That email and password do not match an organizer account.'],
          hideFields: ['password'],
        }),
      },
      { status: 400 },
    )
  }
  await Promise.all(keys.map((key) => resetRateLimit(loginLimiter, key)))
  logger.info({ userId: user.id }, 'organizer logged in')
  return startUserSession(user.id, safeRedirectTarget(redirectTo))
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'login',
    lastResult: actionData?.result,
    constraint: getZodConstraint(LoginSchema),
    // Validating on blur would move the submit button while it is being clicked (errors appear or vanish above
    // it) and swallow the click; validate on submit, then as the person types.
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  })
  return (
    <div className="narrow">
      <h1>Organizer login</h1>
      <p className="lead">Attendees do not need an account: registration links work without one.</p>
      <Form method="post" {...getFormProps(form)} className="card stack">
        <AuthenticityTokenInput />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <div id={form.errorId} aria-live="polite">
          <ErrorList errors={form.errors} />
        </div>
        <InputField meta={fields.email} label="Email" type="email" autoComplete="username" />
        <InputField meta={fields.password} label="Password" type="password" autoComplete="current-password" />
        <div>
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            {navigation.state === 'submitting' ? 'Logging in…' : 'Log in'}
          </button>
        </div>
      </Form>
    </div>
  )
}
