import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { z } from 'zod'
import { ErrorList, InputField } from '~/components/forms'
import { verifyLogin } from '~/models/users/user.server'
import { getOptionalUser, startUserSession } from '~/access/user.server'
import { safeRedirectTarget } from '~/utils/redirect'
import { logger } from '~/utils/logger.server'
import { clientAddress, holdLoginAttempt, loginThrottle } from '~/utils/rate-limit.server'
import { parseAction } from '~/utils/action.server'

const LoginSchema = z.object({
  email: z.email({ error: 'Enter the email address of your organizer account' }).max(320),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(1000),
  redirectTo: z.string().optional(),
})

function waitText(seconds: number): string {
  const [n, unit] = seconds > 90 * 60 ? [Math.ceil(seconds / 3600), 'hour'] : [Math.ceil(seconds / 60), 'minute']
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}

export const meta: MetaFunction = () => [{ title: 'Organizer login — Convene' }]

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) {
    throw redirect(safeRedirectTarget(new URL(request.url).searchParams.get('redirectTo')))
  }
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = await parseAction(request, LoginSchema, { hideFields: ['password'] })
  if (parsed.failure) return parsed.failure
  const { submission } = parsed
  const { email, password, redirectTo } = parsed.value
  // Refused per address (on one account, and over all accounts); an account itself is only slowed down, so that
  // guesses from elsewhere never lock its owner out (see app/utils/rate-limit.server.ts).
  const attempt = await loginThrottle.begin(clientAddress(request), email)
  if (!attempt.allowed) {
    logger.warn({ retryAfter: attempt.retryAfter }, 'login rate limited')
    return data(
      {
        result: submission.reply({
          formErrors: [`Too many login attempts. Try again in ${waitText(attempt.retryAfter)}.`],
          hideFields: ['password'],
        }),
      },
      { status: 429, headers: { 'retry-after': String(attempt.retryAfter) } },
    )
  }
  if (attempt.delayMs > 0) {
    logger.warn({ delayMs: attempt.delayMs }, 'login slowed: many failures on this account')
    await holdLoginAttempt(attempt.delayMs)
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
  await attempt.succeeded()
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
