import { DateTime } from 'luxon'
import type { Event } from '#db/schema'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession, updateSession } from '~/models/agenda/session.server'

type DemoSession = {
  day: number
  start: string
  end: string
  title: string
  kind: string
  room?: string
  track?: string
  speakers?: string
  abstract?: string
  tags?: string
}

const AGENDAS: Record<string, DemoSession[]> = {
  'api-dispatching-summit': [
    {
      day: 0,
      start: '09:00',
      end: '09:30',
      title: 'Welcome and goals for the summit',
      kind: 'talk',
      room: 'Plenary',
      speakers: 'Jarrod Millman, Scientific Python',
      track: 'Plenary',
    },
    {
      day: 0,
      start: '09:30',
      end: '10:30',
      title: 'Dispatching backends: uarray, entry points and NEP 47 lessons',
      kind: 'discussion',
      room: 'Plenary',
      track: 'Dispatching',
      speakers: 'Ralf Gommers, SciPy\nStéfan van der Walt, scikit-image',
      abstract: 'Where each approach to dispatching succeeded and failed, and what a shared mechanism must get right.',
      tags: 'dispatching, nep47',
    },
    { day: 0, start: '10:30', end: '11:00', title: 'Coffee', kind: 'break', room: 'Foyer' },
    {
      day: 0,
      start: '11:00',
      end: '12:30',
      title: 'Array API standard adoption: status and blockers',
      kind: 'discussion',
      room: 'Plenary',
      track: 'Array API',
      speakers: 'Aaron Meurer, Array API standard',
      tags: 'array-api',
    },
    { day: 0, start: '12:30', end: '13:30', title: 'Lunch', kind: 'break', room: 'Foyer' },
    {
      day: 0,
      start: '13:30',
      end: '15:00',
      title: 'Breakout: backend selection in NetworkX',
      kind: 'breakout',
      room: 'Room 190',
      track: 'Dispatching',
      speakers: 'Mridul Seth, NetworkX',
    },
    {
      day: 0,
      start: '13:30',
      end: '15:00',
      title: 'Breakout: scikit-learn and array libraries',
      kind: 'breakout',
      room: 'Room 210',
      track: 'Array API',
      speakers: 'Olivier Grisel, scikit-learn',
    },
    {
      day: 0,
      start: '15:30',
      end: '17:00',
      title: 'Report-back from the breakouts',
      kind: 'discussion',
      room: 'Plenary',
      track: 'Plenary',
    },
    {
      day: 1,
      start: '09:00',
      end: '10:30',
      title: 'Drafting a SPEC for dispatching',
      kind: 'working_session',
      room: 'Plenary',
      track: 'Dispatching',
      speakers: 'Stéfan van der Walt, scikit-image',
    },
    { day: 1, start: '10:30', end: '11:00', title: 'Coffee', kind: 'break', room: 'Foyer' },
    {
      day: 1,
      start: '11:00',
      end: '12:30',
      title: 'Testing against many backends in CI',
      kind: 'working_session',
      room: 'Room 190',
      track: 'Array API',
    },
    {
      day: 1,
      start: '11:00',
      end: '12:30',
      title: 'Type annotations for array-consuming libraries',
      kind: 'discussion',
      room: 'Room 210',
      track: 'Array API',
    },
    {
      day: 1,
      start: '13:30',
      end: '15:00',
      title: 'Sparse arrays and dispatching',
      kind: 'discussion',
      room: 'Plenary',
      track: 'Dispatching',
      speakers: 'CJ Carey, SciPy',
    },
    { day: 1, start: '18:30', end: '21:00', title: 'Summit dinner', kind: 'social', room: 'Downtown Berkeley' },
    {
      day: 2,
      start: '09:00',
      end: '11:00',
      title: 'Hacking: prototype backends for scikit-image',
      kind: 'working_session',
      room: 'Room 190',
      track: 'Dispatching',
    },
    {
      day: 2,
      start: '09:00',
      end: '11:00',
      title: 'Hacking: array API support in SciPy special',
      kind: 'working_session',
      room: 'Room 210',
      track: 'Array API',
    },
    {
      day: 2,
      start: '11:30',
      end: '12:30',
      title: 'Wrap-up and next steps',
      kind: 'discussion',
      room: 'Plenary',
      track: 'Plenary',
      speakers: 'Jarrod Millman, Scientific Python',
    },
  ],
  'alt-text-accessibility': [
    {
      day: 0,
      start: '10:00',
      end: '10:30',
      title: 'Welcome: why alt-text matters for scientific docs',
      kind: 'talk',
      room: 'Main call',
      speakers: 'Isabela Presedo-Floyd, Jupyter',
    },
    {
      day: 0,
      start: '10:30',
      end: '12:00',
      title: 'Alt-text workshop: writing descriptions for Matplotlib gallery figures',
      kind: 'tutorial',
      room: 'Main call',
      speakers: 'Isabela Presedo-Floyd, Jupyter\nHannah Aizenman, Matplotlib',
      tags: 'matplotlib, accessibility',
    },
    { day: 0, start: '12:00', end: '12:30', title: 'Break', kind: 'break', room: 'Main call' },
    {
      day: 0,
      start: '12:30',
      end: '15:00',
      title: 'Sprint: NumPy and pandas documentation figures',
      kind: 'working_session',
      room: 'Breakout 1',
      track: 'Sprint',
    },
    {
      day: 0,
      start: '12:30',
      end: '15:00',
      title: 'Sprint: scikit-image gallery',
      kind: 'working_session',
      room: 'Breakout 2',
      track: 'Sprint',
    },
    {
      day: 1,
      start: '10:00',
      end: '11:00',
      title: 'Screen readers and rendered notebooks',
      kind: 'discussion',
      room: 'Main call',
      speakers: 'Tony Fast, Jupyter',
    },
    {
      day: 1,
      start: '11:00',
      end: '14:00',
      title: 'Sprint: review and merge',
      kind: 'working_session',
      room: 'Main call',
      track: 'Sprint',
    },
    {
      day: 1,
      start: '14:00',
      end: '15:00',
      title: 'What we learned and what comes next',
      kind: 'discussion',
      room: 'Main call',
    },
  ],
  'domain-stacks-summit': [
    { day: 0, start: '09:30', end: '10:00', title: 'Welcome', kind: 'talk', room: 'Turing room' },
    {
      day: 0,
      start: '10:00',
      end: '11:30',
      title: 'Domain stacks: what a curated stack for X looks like',
      kind: 'discussion',
      room: 'Turing room',
      track: 'Stacks',
    },
    { day: 0, start: '11:30', end: '12:00', title: 'Coffee', kind: 'break', room: 'Atrium' },
    {
      day: 0,
      start: '12:00',
      end: '13:00',
      title: 'Metapackages, lock files and conda-forge',
      kind: 'discussion',
      room: 'Turing room',
      track: 'Packaging',
    },
    {
      day: 1,
      start: '09:30',
      end: '11:00',
      title: 'Cross-project CI for stacks',
      kind: 'working_session',
      room: 'Lovelace room',
      track: 'Packaging',
    },
    {
      day: 1,
      start: '09:30',
      end: '11:00',
      title: 'Documentation that spans libraries',
      kind: 'working_session',
      room: 'Turing room',
      track: 'Stacks',
    },
  ],
  'sparse-array-summit': [
    {
      day: 0,
      start: '09:00',
      end: '10:30',
      title: 'State of sparse arrays in SciPy (sparray vs spmatrix)',
      kind: 'discussion',
      room: 'Studio',
      track: 'SciPy',
    },
    {
      day: 0,
      start: '11:00',
      end: '12:30',
      title: 'Array API standard adoption: status and blockers for sparse',
      kind: 'discussion',
      room: 'Studio',
      track: 'Array API',
    },
    {
      day: 1,
      start: '09:00',
      end: '12:00',
      title: 'Breakout: a shared sparse array protocol',
      kind: 'breakout',
      room: 'Studio',
      track: 'Array API',
    },
  ],
}

function wall(event: Pick<Event, 'starts_at' | 'time_zone'>, day: number, time: string): string {
  const [hour, minute] = time.split(':').map(Number)
  return DateTime.fromJSDate(event.starts_at, { zone: event.time_zone })
    .startOf('day')
    .plus({ days: day })
    .set({ hour, minute })
    .toFormat("yyyy-MM-dd'T'HH:mm")
}

/**
 * The demo agendas: past summits fully published in two versions (one session moved, one cancelled between
 * them), upcoming ones as unpublished drafts.
 */
export async function seedDemoAgenda(
  event: Pick<Event, 'id' | 'slug' | 'starts_at' | 'ends_at' | 'time_zone'>,
): Promise<void> {
  const agenda = AGENDAS[event.slug]
  if (!agenda) return
  const schema = sessionInputSchema(event.time_zone)
  const parse = (s: DemoSession, overrides: Partial<DemoSession> = {}) => {
    const merged = { ...s, ...overrides }
    return schema.parse({
      title: merged.title,
      kind: merged.kind,
      abstract: merged.abstract,
      startsAt: wall(event, merged.day, merged.start),
      endsAt: wall(event, merged.day, merged.end),
      room: merged.room,
      track: merged.track,
      speakers: merged.speakers ?? '',
      tags: merged.tags ?? '',
    })
  }
  const created = []
  for (const s of agenda) created.push({ demo: s, session: await createSession(event.id, parse(s)) })
  if (event.ends_at > new Date()) return

  await publishSchedule(event.id, 'Demo Organizer', new Date(event.starts_at.getTime() - 7 * 24 * 3600 * 1000))
  // During the event: one session moves to another slot and room, one is cancelled.
  const toMove = created.find((c) => c.demo.kind === 'discussion' && c.demo.day === 1) ?? created[1]!
  await updateSession(
    event.id,
    toMove.session.id,
    parse(toMove.demo, { start: '15:30', end: '17:00', room: 'Room 190' }),
  )
  const toCancel = created.find((c) => c.demo.kind === 'working_session') ?? created.at(-1)!
  await updateSession(event.id, toCancel.session.id, { ...parse(toCancel.demo), status: 'cancelled' })
  await publishSchedule(event.id, 'Demo Organizer', new Date(event.starts_at.getTime() + 20 * 3600 * 1000))
}
