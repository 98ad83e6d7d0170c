import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { createApiToken } from '~/models/users/api-token.server'
import { createUser, getUserByEmail, setUserPassword } from '~/models/users/user.server'
import { openDatabase } from '../prepare'

const USAGE = `Usage:
  npm run admin -- create-user --email EMAIL --name NAME [--admin]
      Creates an organizer account (or sets the password of an existing one).
      The password comes from CONVENE_PASSWORD, or is asked for.
  npm run admin -- create-token --email EMAIL [--label LABEL]
      Prints a new REST API token for that account, once. Only its hash is stored.`

const PasswordSchema = z.string().min(10, 'The password needs at least 10 characters').max(1000)

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

async function askHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) fail('Set CONVENE_PASSWORD, or run this in a terminal to be asked for the password.')
  let muted = false
  const output = new Writable({
    write(chunk, _encoding, callback) {
      if (!muted) process.stdout.write(chunk)
      callback()
    },
  })
  const rl = createInterface({ input: process.stdin, output, terminal: true })
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close()
      process.stdout.write('\n')
      resolve(answer)
    })
    muted = true
  })
}

const [command, ...rest] = process.argv.slice(2)
if (!command || command === 'help' || command === '--help') {
  console.log(USAGE)
  process.exit(command ? 0 : 2)
}

let args: { email?: string; name?: string; admin?: boolean; label?: string }
try {
  args = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'boolean', default: false },
      label: { type: 'string' },
    },
  }).values
} catch (error) {
  fail(`${(error as Error).message}\n\n${USAGE}`)
}

const email = z.email().safeParse(args.email)
if (!email.success) fail(`Give a valid --email.\n\n${USAGE}`)

if (command === 'create-user') {
  if (!args.name?.trim()) fail(`Give a --name.\n\n${USAGE}`)
  const password = PasswordSchema.safeParse(process.env.CONVENE_PASSWORD ?? (await askHidden('Password: ')))
  if (!password.success) fail(password.error.issues[0]?.message ?? 'Invalid password')
  const database = await openDatabase('npm run admin')
  try {
    const existing = await getUserByEmail(email.data)
    if (existing) {
      await setUserPassword(existing.id, password.data)
      console.log(`${email.data} already had an account; its password is now the one given.`)
    } else {
      const user = await createUser({
        email: email.data,
        name: args.name,
        password: password.data,
        isAdmin: args.admin,
      })
      console.log(`Created ${user.is_admin ? 'administrator' : 'organizer'} ${user.name} <${user.email}>.`)
    }
  } finally {
    await database.close()
  }
} else if (command === 'create-token') {
  const database = await openDatabase('npm run admin')
  try {
    const user = await getUserByEmail(email.data)
    if (!user) fail(`No account has the email ${email.data}. Create it first with create-user.`)
    const token = await createApiToken(user.id, args.label ?? `created ${new Date().toISOString().slice(0, 10)}`)
    console.log(`API token for ${user.email} (shown once, keep it secret):\n${token}`)
  } finally {
    await database.close()
  }
} else {
  fail(`Unknown command ${command}.\n\n${USAGE}`)
}
