import { DateTime } from 'luxon'
import type { Event } from '#db/schema'
import { listRegistrations } from '~/models/registration/registrations.server'
import { decideTopic } from '~/models/topics/decisions.server'
import { ensureParticipant, setStarScheduled } from '~/models/topics/participants.server'
import { TopicProposalSchema } from '~/models/topics/topic-schema'
import { addTopicComment, proposeTopic, saveTopicSettings, voteForTopic } from '~/models/topics/topics.server'
import { wall } from './agenda'

type DemoTopic = {
  proposer: string
  title: string
  description: string
  kind: 'discussion' | 'working_session' | 'breakout' | 'talk'
  minutes: number
  projects: string[]
  leadProject: string
  moderates?: boolean
  otherLeads?: string
  /** How many of the attendees vote for it, in registration order from an offset. */
  votes: number
  /** Put on the agenda: the day of the summit (0-based), the start, the room. */
  scheduled?: { day: number; start: string; room: string }
  declined?: string
  /** The discussion: who says what, in order. */
  comments?: [string, string][]
}

// The nearest upcoming summit collected topics from its registrants before the agenda's revision: eight
// proposals, three of them accepted and placed in free slots of the agenda, one declined as covered elsewhere.
const TOPICS: DemoTopic[] = [
  {
    proposer: 'Mei Tanaka',
    title: 'Shared test data for stacks: pooch and data registries',
    description: `Every project in a stack downloads its own sample data, with its own cache and its own mirrors.
Can we agree on one registry format (pooch's?) and one cache location, so CI of a whole stack downloads each file once?

- what scikit-image, SciPy and MNE-Python do today
- a shared registry format and where it lives
- mirrors, checksums and offline CI`,
    kind: 'working_session',
    minutes: 60,
    projects: ['scikit-image', 'SciPy', 'MNE-Python'],
    leadProject: 'scikit-image',
    moderates: true,
    otherLeads: 'Samuel Adeyemi, MNE-Python',
    votes: 17,
    scheduled: { day: 0, start: '12:00', room: 'Lovelace room' },
    comments: [
      ['Lukas Brandt', 'SciPy would switch `scipy.datasets` to a shared registry if the cache location is configurable.'],
      ['Mei Tanaka', 'It is: `POOCH_CACHE` or a per-project env var. I will bring a draft registry file.'],
    ],
  },
  {
    proposer: 'Priya Raman',
    title: 'Deprecation policies across a stack',
    description: `NumPy, pandas and scikit-learn deprecate on different clocks. Users of a stack see warnings from
three libraries at once, each with its own wording and timeline. Let's compare policies against SPEC 0 and draft a
shared "how to deprecate" guide.`,
    kind: 'discussion',
    minutes: 60,
    projects: ['NumPy', 'pandas', 'scikit-learn'],
    leadProject: 'scikit-learn',
    votes: 14,
    scheduled: { day: 1, start: '11:30', room: 'Lovelace room' },
  },
  {
    proposer: 'Ren Zhou',
    title: 'GPU CI for domain stacks',
    description: `Testing CuPy-backed code paths needs GPUs that most projects do not have in CI. We have credits on
two providers: this working session sets up a shared GPU runner and a matrix that domain projects can reuse.`,
    kind: 'working_session',
    minutes: 90,
    projects: ['NumPy', 'scikit-image', 'CuPy'],
    leadProject: 'CuPy',
    moderates: true,
    votes: 11,
    scheduled: { day: 2, start: '13:00', room: 'Noether room' },
  },
  {
    proposer: 'Hannah Schulz',
    title: 'Type hints across the stack',
    description: `NumPy ships \`numpy.typing\`, pandas has \`pandas-stubs\`, SciPy is adding annotations. What do
downstream libraries need from us so that a typed domain stack type-checks end to end?`,
    kind: 'discussion',
    minutes: 45,
    projects: ['NumPy', 'pandas', 'SciPy'],
    leadProject: 'NumPy',
    votes: 9,
  },
  {
    proposer: 'Jonas Lindqvist',
    title: 'Plotting in a stack: Matplotlib backends in Jupyter and napari',
    description: `Interactive figures behave differently in JupyterLab, VS Code and napari. A breakout to list what
breaks and who fixes it.`,
    kind: 'breakout',
    minutes: 60,
    projects: ['Matplotlib', 'IPython', 'napari'],
    leadProject: 'Matplotlib',
    otherLeads: 'Elif Kaya, napari',
    votes: 7,
  },
  {
    proposer: 'Mateo Álvarez',
    title: 'NetworkX backends for graph-heavy domain stacks',
    description: `Neuroscience and geosciences stacks build large graphs. With NetworkX's backend dispatching
(nx-cugraph, graphblas-algorithms), which algorithms do they need accelerated first?`,
    kind: 'breakout',
    minutes: 60,
    projects: ['NetworkX', 'python-graphblas'],
    leadProject: 'NetworkX',
    votes: 5,
  },
  {
    proposer: 'Oliver Grant',
    title: 'Wheels for every platform',
    description: 'Building and uploading wheels for every platform our users run, including musllinux and Pyodide.',
    kind: 'talk',
    minutes: 30,
    projects: ['NumPy', 'SciPy'],
    leadProject: 'IPython',
    votes: 3,
    declined: 'Thank you! This is covered by “Metapackages, lock files and conda-forge” on the first day; please bring your Pyodide questions there.',
  },
  {
    proposer: 'Isabel Duarte',
    title: 'Onboarding new maintainers in domain projects',
    description: `How do domain projects find and keep new maintainers? Mentoring, triage rotations and what the
core projects learned from their own contributor programmes.`,
    kind: 'discussion',
    minutes: 45,
    projects: ['pandas', 'Astropy'],
    leadProject: 'pandas',
    votes: 1,
  },
]

/**
 * Topics for an upcoming summit: proposals opened two weeks ago and stay open until a week before the summit,
 * voting until five days before; attendees voted, and the organizers accepted, scheduled and declined some.
 */
export async function seedDemoTopics(event: Pick<Event, 'id' | 'slug' | 'title' | 'starts_at' | 'time_zone'>) {
  const zone = event.time_zone
  const start = DateTime.fromJSDate(event.starts_at, { zone })
  const settings = await saveTopicSettings(event, {
    enabled: true,
    proposalsOpenAt: DateTime.now().setZone(zone).minus({ days: 14 }).startOf('hour').toISO(),
    proposalsCloseAt: start.minus({ days: 7 }).set({ hour: 23, minute: 59 }).toISO(),
    votingCloseAt: start.minus({ days: 5 }).set({ hour: 23, minute: 59 }).toISO(),
    participation: 'registrants',
    moderation: 'post',
    countsVisible: true,
  })
  const confirmed = (await listRegistrations(event.id)).filter((r) => r.status === 'confirmed')
  const participants = await Promise.all(
    confirmed.map((r) =>
      ensureParticipant({
        kind: 'registrant',
        eventId: event.id,
        registration: { id: r.id, name: r.name, email: r.email },
      }),
    ),
  )
  const byName = new Map(participants.map((p) => [p.name, p]))
  // One attendee keeps their agenda to what they starred themselves.
  await setStarScheduled(participants[2]!.id, false)
  for (const [index, demo] of TOPICS.entries()) {
    const proposer = byName.get(demo.proposer)
    if (!proposer) throw new Error(`The demo topic's proposer ${demo.proposer} is not a confirmed registrant.`)
    const input = TopicProposalSchema.parse({
      title: demo.title,
      description: demo.description,
      kind: demo.kind,
      wantedMinutes: demo.minutes,
      projects: demo.projects,
      iLead: true,
      leadProject: demo.leadProject,
      iModerate: demo.moderates ?? false,
      leads: demo.otherLeads ?? '',
    })
    const topic = await proposeTopic(event, settings, proposer, input, { organizer: false })
    for (let n = 0; n < demo.votes; n++) {
      await voteForTopic(event.id, settings, topic.id, participants[(index * 3 + n) % participants.length]!.id)
    }
    for (const [author, body] of demo.comments ?? []) {
      await addTopicComment(event.id, topic.id, byName.get(author)!.id, body)
    }
    if (demo.scheduled) {
      const { day, start: time, room } = demo.scheduled
      await decideTopic(event, topic.id, { action: 'accept', message: null }, 'Demo Organizer')
      await decideTopic(
        event,
        topic.id,
        { action: 'schedule', startsAt: wall(event, day, time), minutes: null, room, publish: false },
        'Demo Organizer',
      )
    }
    if (demo.declined) {
      await decideTopic(event, topic.id, { action: 'decline', message: demo.declined }, 'Demo Organizer')
    }
  }
}
