import { z } from 'zod'
import {
  CORE_PROJECTS,
  leadLines,
  parseLeadLines,
  TOPIC_LENGTHS,
  TopicCommentSchema,
  TopicGuestSchema,
  TopicProposalSchema,
} from './topic-schema'

// The forms of the public topic pages, built on the shared schemas (which the API uses as they are).
//
// The proposal form's own fields are mapped onto TopicProposalSchema: ticked
// core projects and a comma-separated "other projects" box both end in the schema's `projects` list, the "other
// leads" box becomes its `leads` list, and "I will moderate" makes the proposer a lead, as a moderator is listed
// among the leads. The lists are split here, before conform's coercion: it wraps a lone text value in an array,
// which the schema's array branch would then take as one project named "Dask, xarray" or one lead that is text.

const splitNames = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value])
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]))
    .map((v) => (typeof v === 'string' ? v.trim() : v))
    .filter((v) => v !== '') as string[]

const isOn = (value: unknown) => value === true || value === 'on'

export const TopicProposalFormSchema = z.preprocess((value) => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value
  const { otherProjects, projects, ...rest } = value as Record<string, unknown>
  const seen = new Set<string>()
  const names = [...splitNames(projects), ...splitNames(otherProjects)].filter((name) => {
    const key = String(name).toLowerCase()
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  return {
    ...rest,
    projects: names,
    leads: typeof rest.leads === 'string' ? parseLeadLines(rest.leads) : rest.leads,
    iLead: !isOn(rest.iLead) && isOn(rest.iModerate) ? rest.iModerate : rest.iLead,
  }
}, TopicProposalSchema)

/** What the form's fields hold, as text (conform's default values). */
export type TopicProposalFormValues = {
  title: string
  description: string
  kind: string
  wantedMinutes: string
  projects: string[]
  otherProjects: string
  iLead: boolean
  leadProject: string
  iModerate: boolean
  leads: string
}

const CORE = new Set<string>(CORE_PROJECTS)

/**
 * The form filled with a topic as saved, for its edit page. The editor's own lead (by their name) becomes the
 * "I will lead" fields; everyone else goes to the "other leads" box.
 */
export function proposalFormValues(
  topic: {
    title: string
    descriptionMd: string
    kind: string
    wantedMinutes: number
    projects: string[]
    leads: { name: string; project: string | null; moderates: boolean }[]
  },
  editorName: string,
): TopicProposalFormValues {
  const own = topic.leads.find((l) => l.name === editorName)
  return {
    title: topic.title,
    description: topic.descriptionMd,
    kind: topic.kind,
    wantedMinutes: String(topic.wantedMinutes),
    projects: topic.projects.filter((p) => CORE.has(p)),
    otherProjects: topic.projects.filter((p) => !CORE.has(p)).join(', '),
    iLead: Boolean(own),
    leadProject: own?.project ?? '',
    iModerate: own?.moderates ?? false,
    leads: leadLines(topic.leads.filter((l) => l !== own)),
  }
}

/** The lengths the form offers: the usual ones, and a topic's own if the API gave it another. */
export function lengthChoices(current?: number): number[] {
  const lengths: number[] = [...TOPIC_LENGTHS]
  if (current !== undefined && !lengths.includes(current)) lengths.push(current)
  return lengths.sort((a, b) => a - b)
}

export function lengthLabel(minutes: number): string {
  if (minutes < 60) return `${minutes} minutes`
  const hours = minutes / 60
  if (Number.isInteger(hours)) return hours === 1 ? '1 hour' : `${hours} hours`
  return `${Math.floor(hours)} h ${minutes % 60} min`
}

const topicId = z.number({ error: 'Choose a topic.' }).int('Choose a topic.')
const commentId = z.number({ error: 'Choose a comment.' }).int('Choose a comment.')
/** Where a browser without JavaScript goes back to after the post (the page the button was on). */
const returnTo = z.string().max(2000).optional()

/** A vote button: one topic to vote for or take the vote back from. */
export const VoteIntentSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('vote'), topicId, returnTo }),
  z.object({ intent: z.literal('unvote'), topicId, returnTo }),
])

/** Someone without a registration says who they are (events open to anyone with the link). */
export const GuestJoinSchema = TopicGuestSchema.extend({ intent: z.literal('join'), returnTo })

/** A registrant's choice: topics they voted for become starred sessions when scheduled, or not. */
export const StarScheduledSchema = z.object({
  intent: z.literal('star-scheduled'),
  starScheduled: z.boolean().default(false),
  returnTo,
})

/** What the topics list posts. */
export const TopicListIntentSchema = z.discriminatedUnion('intent', [
  ...VoteIntentSchema.options,
  GuestJoinSchema,
  StarScheduledSchema,
])

export const CommentIntentSchema = TopicCommentSchema.extend({ intent: z.literal('comment') })

/** What a topic's page posts: votes, joining, the discussion, its moderation, and the proposer's withdrawal. */
export const TopicPageIntentSchema = z.discriminatedUnion('intent', [
  ...VoteIntentSchema.options,
  GuestJoinSchema,
  CommentIntentSchema,
  z.object({ intent: z.literal('hide-comment'), commentId }),
  z.object({ intent: z.literal('show-comment'), commentId }),
  z.object({ intent: z.literal('withdraw') }),
])
