import { z } from 'zod'
import { noNul, text } from '~/utils/text'
import { isValidTimeZone, parseApiTime } from '~/utils/time'

// Shared by the organizer form (through conform) and the REST API, so both accept and refuse the same things.

export const LOCATION_KINDS = ['in_person', 'online', 'hybrid'] as const
export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const

export const LOCATION_KIND_LABELS: Record<(typeof LOCATION_KINDS)[number], string> = {
  in_person: 'In person',
  online: 'Online',
  hybrid: 'Hybrid (in person and online)',
}
export const EVENT_STATUS_LABELS: Record<(typeof EVENT_STATUSES)[number], string> = {
  draft: 'Draft (only organizers see it)',
  published: 'Published',
  cancelled: 'Cancelled',
}

const optionalText = (max: number) =>
  text()
    .trim()
    .max(max, `Keep it under ${max} characters`)
    .nullish()
    .transform((v) => v || null)

/** An optional text that must match `pattern` when given; `normalize` may first pull the id out of a URL. */
const optionalId = (pattern: RegExp, message: string, normalize: (value: string) => string = (v) => v) =>
  text()
    .trim()
    .nullish()
    .transform((value, ctx) => {
      if (!value) return null
      const id = normalize(value)
      if (!pattern.test(id)) {
        ctx.addIssue({ code: 'custom', message })
        return z.NEVER
      }
      return id
    })

/** Accepts a playlist id or any YouTube URL with `list=`. */
const playlistId = optionalId(/^[A-Za-z0-9_-]{12,64}$/, 'Paste a YouTube playlist id (PL…) or its URL', (value) => {
  try {
    return new URL(value).searchParams.get('list') ?? value
  } catch {
    return value
  }
})

const timeText = text({ error: 'Enter a date and time' }).trim().min(1, 'Enter a date and time')

/** The fields as typed, before times are read in the event's zone (conform derives HTML constraints from it). */
export const EventFieldsSchema = z.object({
  slug: text({ error: 'Enter a short name for the URL' })
    .trim()
    .toLowerCase()
    .min(3, 'Use at least 3 characters')
    .max(80, 'Use at most 80 characters')
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens, like sparse-2027'),
  title: text({ error: 'Enter a title' })
    .trim()
    .min(3, 'Use at least 3 characters')
    .max(200, 'Use at most 200 characters'),
  summary: text()
    .max(20_000, 'Keep the summary under 20,000 characters')
    .nullish()
    .transform((v) => v ?? ''),
  timeZone: text({ error: 'Choose a time zone' }).refine(isValidTimeZone, 'Choose a time zone from the list'),
  startsAt: timeText,
  endsAt: timeText,
  locationKind: z.enum(LOCATION_KINDS, {
    error: 'Choose in person, online or hybrid',
  }),
  venueName: optionalText(200),
  venueAddress: optionalText(500),
  onlineUrl: noNul(z.url({ protocol: /^https?$/, error: 'Enter a full https:// link' }).max(2000))
    .nullish()
    .transform((v) => v ?? null),
  capacity: z
    .number({ error: 'Enter a whole number' })
    .int('Enter a whole number')
    .min(1, 'Capacity must be at least 1; leave it empty for no limit')
    .max(100_000, 'Capacity is at most 100,000')
    .nullish()
    .transform((v) => v ?? null),
  inPersonCapacity: z
    .number({ error: 'Enter a whole number' })
    .int('Enter a whole number')
    .min(1, 'In-person seats must be at least 1; leave it empty for no separate limit')
    .max(100_000, 'In-person seats are at most 100,000')
    .nullish()
    .transform((v) => v ?? null),
  requiresApproval: z.boolean({ error: 'Answer yes or no' }).default(false),
  registrationOpensAt: text().trim().nullish(),
  registrationClosesAt: text().trim().nullish(),
  status: z.enum(EVENT_STATUSES, { error: 'Choose draft, published or cancelled' }).default('draft'),
  youtubePlaylistId: playlistId,
  youtubeChannelId: optionalId(/^UC[A-Za-z0-9_-]{22}$/, 'A channel id starts with UC and has 24 characters'),
})

export const EventInputSchema = EventFieldsSchema.transform((input, ctx) => {
  const zone = input.timeZone
  const instant = (field: 'startsAt' | 'endsAt' | 'registrationOpensAt' | 'registrationClosesAt') => {
    const value = input[field]
    if (!value) return null
    const result = parseApiTime(value, zone)
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', path: [field], message: result.reason })
      return null
    }
    return result.instant
  }
  const startsAt = instant('startsAt')
  const endsAt = instant('endsAt')
  const registrationOpensAt = instant('registrationOpensAt')
  const registrationClosesAt = instant('registrationClosesAt')
  if (startsAt && endsAt && endsAt <= startsAt) {
    ctx.addIssue({
      code: 'custom',
      path: ['endsAt'],
      message: 'The end must be after the start',
    })
  }
  if (registrationOpensAt && registrationClosesAt && registrationClosesAt <= registrationOpensAt) {
    ctx.addIssue({
      code: 'custom',
      path: ['registrationClosesAt'],
      message: 'Registration must close after it opens',
    })
  }
  if (input.locationKind !== 'online' && !input.venueName) {
    ctx.addIssue({
      code: 'custom',
      path: ['venueName'],
      message: 'Name the venue of an in-person or hybrid event',
    })
  }
  if (input.inPersonCapacity !== null && input.locationKind !== 'hybrid') {
    ctx.addIssue({
      code: 'custom',
      path: ['inPersonCapacity'],
      message: 'Separate in-person seats only apply to hybrid events; use Capacity',
    })
  }
  if (input.inPersonCapacity !== null && input.capacity !== null && input.inPersonCapacity > input.capacity) {
    ctx.addIssue({ code: 'custom', path: ['inPersonCapacity'], message: 'In-person seats cannot exceed the capacity' })
  }
  if (!startsAt || !endsAt) return z.NEVER
  return {
    ...input,
    startsAt,
    endsAt,
    registrationOpensAt,
    registrationClosesAt,
  }
})

export type EventInput = z.output<typeof EventInputSchema>
