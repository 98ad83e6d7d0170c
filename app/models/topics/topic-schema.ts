import { z } from 'zod'
import { noNul, text } from '~/utils/text'

// The topics' forms and the topics API share these schemas: a proposal, the organizers' settings and decisions,
// a comment, a guest's name. One schema per thing, so the page and the API refuse the same input the same way.

export const TOPIC_KINDS = ['discussion', 'working_session', 'breakout', 'talk'] as const
export const TOPIC_KIND_LABELS: Record<(typeof TOPIC_KINDS)[number], string> = {
  discussion: 'Discussion',
  working_session: 'Working session',
  breakout: 'Breakout',
  talk: 'Talk',
}

/** The projects the Scientific Python summits gather; proposals may name others as free text. */
export const CORE_PROJECTS = [
  'NumPy',
  'SciPy',
  'Matplotlib',
  'pandas',
  'scikit-learn',
  'NetworkX',
  'scikit-image',
  'IPython',
] as const

export const TOPIC_SORTS = ['votes', 'newest', 'fewest'] as const
export type TopicSort = (typeof TOPIC_SORTS)[number]
export const TOPIC_SORT_LABELS: Record<TopicSort, string> = {
  votes: 'Most votes',
  newest: 'Newest',
  fewest: 'Fewest votes',
}

/** The lengths a proposal may ask for, in minutes. */
export const TOPIC_LENGTHS = [30, 45, 60, 90, 120, 180, 240] as const

const LeadSchema = z.object({
  name: text({ error: 'Each lead needs a name' })
    .trim()
    .min(1, 'Each lead needs a name')
    .max(200, 'Use at most 200 characters'),
  project: text()
    .trim()
    .max(100, 'Use at most 100 characters')
    .nullish()
    .transform((v) => v || null),
  moderates: z.boolean().default(false),
})
export type LeadInput = z.output<typeof LeadSchema>

/** "Name, Project" per line, as the form's "other leads" box takes them. */
export function parseLeadLines(value: string): unknown[] {
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, ...rest] = line.split(',').map((p) => p.trim())
      return { name, project: rest.join(', ') || null, moderates: false }
    })
}

export function leadLines(leads: { name: string; project: string | null }[]): string {
  return leads.map((l) => [l.name, l.project].filter(Boolean).join(', ')).join('\n')
}

const projectName = text().trim().min(1).max(60, 'A project name has at most 60 characters')

/** A list the form sends as repeated fields or one comma-separated box, and the API as an array. */
const listOf = <T extends z.ZodType>(item: T) =>
  z
    .union([z.array(z.unknown()), text().max(2000)])
    .optional()
    .transform((v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean)
        : v ?? [],
    )
    .pipe(z.array(item))

/**
 * A proposal as the form and the API send it. The form has the proposer's own lead fields ("I will lead", their
 * project, "I will moderate") and a box of other leads; the API sends `leads` as an array. Both end as `leads`.
 */
export const TopicProposalSchema = z
  .object({
    title: text({ error: 'Enter a title' })
      .trim()
      .min(3, 'Enter a title of at least 3 characters')
      .max(200, 'Use at most 200 characters'),
    description: text()
      .max(10_000, 'Keep the description under 10,000 characters')
      .nullish()
      .transform((v) => v?.trim() ?? ''),
    kind: z.enum(TOPIC_KINDS, { error: 'Choose what kind of session this is' }),
    wantedMinutes: z
      .number({ error: 'Choose a length' })
      .int('Choose a length')
      .min(10, 'Ask for at least 10 minutes')
      .max(480, 'Ask for at most 8 hours'),
    projects: listOf(projectName).pipe(z.array(projectName).max(12, 'Name at most 12 projects')),
    /** The form: the proposer leads it themselves. */
    iLead: z.boolean().optional(),
    leadProject: text().trim().max(100, 'Use at most 100 characters').optional(),
    iModerate: z.boolean().optional(),
    /** The form's "other leads", one per line; the API's full list. */
    // The union only tells the API's array from the form's lines; the leads are checked after it (by the pipe),
    // so a bad lead keeps its own message at its own path instead of the union's "Invalid input".
    leads: z
      .union([z.array(z.unknown()), text().max(5000)])
      .optional()
      .transform((v) => (typeof v === 'string' ? parseLeadLines(v) : v ?? []))
      .pipe(z.array(LeadSchema).max(10, 'Name at most 10 leads')),
  })
  .transform(({ iLead, leadProject, iModerate, ...rest }) => ({
    ...rest,
    /** The proposer leads it (their name comes from who they are, not from the form). */
    proposerLeads: iLead ? { project: leadProject || null, moderates: Boolean(iModerate) } : null,
  }))
export type TopicProposalInput = z.output<typeof TopicProposalSchema>

const optionalInstant = text()
  .trim()
  .max(40)
  .nullish()
  .transform((v) => v || null)

/** The organizers' topic settings; times still as text in the event's zone (read by the model). */
export const TopicSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  proposalsOpenAt: optionalInstant,
  proposalsCloseAt: optionalInstant,
  votingCloseAt: optionalInstant,
  participation: z.enum(['registrants', 'anyone'], { error: 'Choose who may take part' }),
  moderation: z.enum(['pre', 'post'], { error: 'Choose when proposals are reviewed' }),
  countsVisible: z.boolean().default(false),
})
export type TopicSettingsInput = z.output<typeof TopicSettingsSchema>

const message = text()
  .trim()
  .max(5000, 'Keep the message under 5,000 characters')
  .nullish()
  .transform((v) => v || null)

/** An organizer's decision on one topic, from the review page or the API (`action`). */
export const TopicDecisionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve') }),
  z.object({ action: z.literal('accept'), message }),
  z.object({ action: z.literal('decline'), message }),
  z.object({ action: z.literal('reopen') }),
  z.object({
    action: z.literal('merge'),
    intoTopicId: z.number({ error: 'Choose the topic to merge into' }).int('Choose the topic to merge into'),
  }),
  z.object({
    action: z.literal('schedule'),
    startsAt: text({ error: 'Enter the day and time' }).trim().min(1, 'Enter the day and time'),
    minutes: z
      .number({ error: 'Enter a length in minutes' })
      .int('Enter a whole number of minutes')
      .min(5, 'A session lasts at least 5 minutes')
      .max(720, 'A session lasts at most 12 hours')
      .nullish()
      .transform((v) => v ?? null),
    room: text()
      .trim()
      .max(100, 'Use at most 100 characters')
      .nullish()
      .transform((v) => v || null),
    publish: z.boolean().default(false),
  }),
])
export type TopicDecision = z.output<typeof TopicDecisionSchema>

export const TopicCommentSchema = z.object({
  body: text({ error: 'Write a comment' })
    .trim()
    .min(1, 'Write a comment')
    .max(5000, 'Keep a comment under 5,000 characters'),
})

/** Someone without a registration joining an event open to anyone with its link. */
export const TopicGuestSchema = z.object({
  name: text({ error: 'Enter your name' }).trim().min(1, 'Enter your name').max(200, 'Use at most 200 characters'),
  email: noNul(z.email({ error: 'Enter a valid email address, or leave it empty' }).max(320))
    .nullish()
    .or(z.literal('').transform(() => null))
    .transform((v) => v || null),
})

/** The list page's query: sort, filters and search, each optional. */
export const TopicListQuerySchema = z.object({
  sort: z.enum(TOPIC_SORTS).catch('votes'),
  kind: z.enum(TOPIC_KINDS).optional().catch(undefined),
  project: z.string().max(60).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  status: z.enum(['active', 'accepted', 'declined', 'all']).catch('active'),
})
export type TopicListQuery = z.output<typeof TopicListQuerySchema>
