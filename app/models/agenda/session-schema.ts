import { z } from 'zod'
import { noNul, text } from '~/utils/text'
import { parseApiTime } from '~/utils/time'

// Shared by the organizer's session form and the sessions API.

export const SESSION_KINDS = [
  'talk',
  'discussion',
  'working_session',
  'breakout',
  'tutorial',
  'break',
  'social',
] as const
export const SESSION_KIND_LABELS: Record<(typeof SESSION_KINDS)[number], string> = {
  talk: 'Talk',
  discussion: 'Discussion',
  working_session: 'Working session',
  breakout: 'Breakout',
  tutorial: 'Tutorial',
  break: 'Break',
  social: 'Social',
}
export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const

const SpeakerSchema = z.object({
  name: text({ error: 'Each speaker needs a name' }).trim().min(1, 'Each speaker needs a name').max(200),
  affiliation: text()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => v || null),
  url: noNul(z.url({ protocol: /^https?$/, error: 'A speaker link must be an http(s) URL' }).max(2000))
    .nullish()
    .transform((v) => v || null),
})
export type SpeakerInput = z.output<typeof SpeakerSchema>

/** "Name, Affiliation, https://link" per line, as typed in the form. */
export function parseSpeakerLines(text: string): unknown[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const parts = line.split(',').map((p) => p.trim())
      const url = parts.length > 1 && /^https?:\/\//.test(parts.at(-1) ?? '') ? parts.pop() : undefined
      const [name, ...rest] = parts
      return { name, affiliation: rest.join(', ') || undefined, url }
    })
}

export function speakerLines(speakers: { name: string; affiliation?: string | null; url?: string | null }[]): string {
  return speakers.map((s) => [s.name, s.affiliation, s.url].filter(Boolean).join(', ')).join('\n')
}

const optionalText = (max: number) =>
  text()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .nullish()
    .transform((v) => v || null)

/** The session's fields as the form and the API send them; times still as text. */
function sessionFields() {
  return z.object({
    title: text({ error: 'Enter a title' }).trim().min(2, 'Enter a title').max(300, 'Use at most 300 characters'),
    abstract: text()
      .max(20_000, 'Keep the abstract under 20,000 characters')
      .nullish()
      .transform((v) => v ?? ''),
    kind: z.enum(SESSION_KINDS, { error: 'Choose a kind of session' }),
    startsAt: text({ error: 'Enter the start' }).trim().min(1, 'Enter the start'),
    endsAt: text({ error: 'Enter the end' }).trim().min(1, 'Enter the end'),
    room: optionalText(100),
    track: optionalText(100),
    capacity: z
      .number({ error: 'Enter a whole number' })
      .int('Enter a whole number')
      .min(1)
      .max(100_000)
      .nullish()
      .transform((v) => v ?? null),
    tags: z
      .union([z.array(text().trim().min(1).max(50)), text().max(500)])
      .optional()
      .transform((v) =>
        typeof v === 'string'
          ? v
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean)
          : v ?? [],
      ),
    // The API's array or the form's lines. The lines are split after the union, not inside it: a refusal of the
    // text itself (a NUL) then keeps its message by the field instead of becoming the union's "Invalid input".
    speakers: z
      .union([z.array(SpeakerSchema), text().max(5000)])
      .optional()
      .transform((v) => (typeof v === 'string' ? parseSpeakerLines(v) : v ?? []))
      .pipe(z.array(SpeakerSchema)),
    status: z.enum(SESSION_STATUSES, { error: 'Status is scheduled or cancelled' }).default('scheduled'),
  })
}

/**
 * The start and end read in the event's zone (wall time) unless they carry an offset, and checked to be in order:
 * the last step of every session schema.
 */
function readTimes(timeZone: string) {
  return <T extends { startsAt: string; endsAt: string }>(
    input: T,
    ctx: z.RefinementCtx<T>,
  ): Omit<T, 'startsAt' | 'endsAt'> & { startsAt: Date; endsAt: Date } => {
    const start = parseApiTime(input.startsAt, timeZone)
    const end = parseApiTime(input.endsAt, timeZone)
    if (!start.ok) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: start.reason })
    if (!end.ok) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: end.reason })
    if (!start.ok || !end.ok) return z.NEVER
    if (end.instant <= start.instant) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The end must be after the start' })
      return z.NEVER
    }
    return { ...input, startsAt: start.instant, endsAt: end.instant }
  }
}

/** The session fields; times are read in the event's zone (wall time) unless they carry an offset. */
export function sessionInputSchema(timeZone: string) {
  return sessionFields().transform(readTimes(timeZone))
}

/** What the organizer's page of one session posts: the session form (intent "save"), or its delete button. */
export function sessionEditSchema(timeZone: string) {
  return z.discriminatedUnion('intent', [
    sessionFields().extend({ intent: z.literal('save') }).transform(readTimes(timeZone)),
    z.object({ intent: z.literal('delete') }),
  ])
}

export type SessionInput = z.output<ReturnType<typeof sessionInputSchema>>
