import { DateTime } from 'luxon'
import type { Event, Session } from '#db/schema'
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
  /** Added to the working agenda after the last publication: the organizer still has to publish it. */
  draft?: true
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
  // The nearest upcoming summit: published a week ago, revised since, so the agenda, stars and the changes page
  // can be tried before the event.
  'domain-stacks-summit': [
    {
      day: 0,
      start: '09:30',
      end: '10:00',
      title: 'Welcome',
      kind: 'talk',
      room: 'Turing room',
      track: 'Plenary',
      speakers: 'Hannah Schulz, NumPy\nPieter de Vries, xarray',
      abstract: 'Goals for the three days, how the working sessions run, and where the shared notes live.',
    },
    {
      day: 0,
      start: '10:00',
      end: '11:30',
      title: 'Domain stacks: what a curated stack for X looks like',
      kind: 'discussion',
      room: 'Turing room',
      track: 'Stacks',
      speakers: 'Ingrid Halvorsen, Astropy\nSamuel Adeyemi, MNE-Python\nElif Kaya, napari',
      abstract: `Astronomy, neuroscience and bioimaging each assemble NumPy, SciPy, Matplotlib and scikit-image with their
own libraries. Three maintainers show how their stack is chosen, pinned and tested, and where it breaks when a
core library releases.`,
      tags: 'stacks, metapackages',
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
      speakers: 'Zoe Clarke, Dask\nRafael Costa, pandas',
      tags: 'packaging, conda-forge',
    },
    { day: 0, start: '13:00', end: '14:00', title: 'Lunch', kind: 'break', room: 'Atrium' },
    {
      day: 0,
      start: '14:00',
      end: '15:30',
      title: 'Dispatching backends across a stack: uarray, entry points and NEP 47 lessons',
      kind: 'working_session',
      room: 'Lovelace room',
      track: 'Arrays',
      speakers: 'Lukas Brandt, SciPy\nMateo Álvarez, NetworkX',
      abstract: `SciPy, scikit-image and NetworkX each select backends (CuPy, Dask, python-graphblas) differently. We map
which mechanism each domain library relies on and what a stack has to pin to keep dispatching working.`,
      tags: 'dispatching, array-api',
    },
    {
      day: 0,
      start: '14:00',
      end: '15:30',
      title: 'Alt-text for domain galleries',
      kind: 'working_session',
      room: 'Noether room',
      track: 'Documentation',
      speakers: 'Jonas Lindqvist, Matplotlib\nAisha Yusuf, scikit-image',
      abstract: `Bring the gallery of your domain library: we write alternative text for its figures together, using the
guidelines from the Alt-Text sprint.`,
      tags: 'accessibility, alt-text, documentation',
    },
    { day: 0, start: '15:30', end: '16:00', title: 'Tea', kind: 'break', room: 'Atrium' },
    {
      day: 0,
      start: '16:00',
      end: '16:30',
      title: 'Lightning reports from the breakouts',
      kind: 'talk',
      room: 'Turing room',
      track: 'Plenary',
    },
    { day: 0, start: '18:30', end: '21:00', title: 'Summit dinner', kind: 'social', room: 'Café de Jaren' },
    {
      day: 1,
      start: '09:30',
      end: '11:00',
      title: 'Cross-project CI for stacks',
      kind: 'working_session',
      room: 'Lovelace room',
      track: 'Packaging',
      speakers: 'Oliver Grant, IPython\nMei Tanaka, scikit-image',
      abstract: 'Nightly wheels, downstream test jobs and who gets paged when a release breaks a domain library.',
      tags: 'ci, nightly-wheels',
    },
    {
      day: 1,
      start: '09:30',
      end: '11:00',
      title: 'Documentation that spans libraries',
      kind: 'working_session',
      room: 'Turing room',
      track: 'Documentation',
      speakers: 'Isabel Duarte, pandas\nTomasz Nowak, Matplotlib',
      tags: 'documentation, intersphinx',
    },
    { day: 1, start: '11:00', end: '11:30', title: 'Coffee', kind: 'break', room: 'Atrium' },
    {
      day: 1,
      start: '11:30',
      end: '12:30',
      title: 'Sparse arrays in domain stacks: sparray vs spmatrix',
      kind: 'discussion',
      room: 'Turing room',
      track: 'Arrays',
      speakers: 'Arjun Mehta, SciPy\nNadia Haddad, SciPy',
      abstract: `SciPy's move from \`spmatrix\` to \`sparray\` touches scikit-learn, NetworkX and every domain library
built on them. What migrating looks like for a stack, and what the Sparse Array Summit should settle.`,
      tags: 'sparse, scipy',
    },
    { day: 1, start: '12:30', end: '13:30', title: 'Lunch', kind: 'break', room: 'Atrium' },
    {
      day: 1,
      start: '13:30',
      end: '14:00',
      title: 'Array API standard adoption: status and blockers',
      kind: 'talk',
      room: 'Turing room',
      track: 'Arrays',
      speakers: 'Hannah Schulz, Array API standard',
      tags: 'array-api',
    },
    {
      day: 1,
      start: '14:00',
      end: '15:30',
      title: 'Breakout: array API support in scikit-learn and scikit-image',
      kind: 'breakout',
      room: 'Lovelace room',
      track: 'Arrays',
      speakers: 'Priya Raman, scikit-learn\nRen Zhou, CuPy',
      tags: 'array-api, gpu',
    },
    {
      day: 1,
      start: '14:00',
      end: '15:30',
      title: 'Breakout: SPECs for stacks (SPEC 0 and minimum versions)',
      kind: 'breakout',
      room: 'Noether room',
      track: 'Stacks',
      speakers: 'Lena Vogel, NumPy',
      tags: 'specs, spec-0',
    },
    {
      day: 2,
      start: '09:30',
      end: '10:00',
      title: 'Interactive computing in stacks: IPython and Jupyter kernels',
      kind: 'talk',
      room: 'Turing room',
      track: 'Stacks',
      speakers: 'Grace Liu, IPython',
    },
    {
      day: 2,
      start: '10:00',
      end: '12:00',
      title: 'Writing the Domain Stacks SPEC draft',
      kind: 'working_session',
      room: 'Turing room',
      track: 'Stacks',
      speakers: 'Pieter de Vries, Pangeo\nIngrid Halvorsen, Astropy',
      tags: 'specs',
    },
    { day: 2, start: '12:00', end: '13:00', title: 'Lunch', kind: 'break', room: 'Atrium' },
    {
      day: 2,
      start: '13:00',
      end: '15:00',
      title: 'Sprint: stack-wide test matrices',
      kind: 'working_session',
      room: 'Lovelace room',
      track: 'Packaging',
      draft: true,
    },
    {
      day: 2,
      start: '15:30',
      end: '16:30',
      title: 'Wrap-up: decisions and owners',
      kind: 'discussion',
      room: 'Turing room',
      track: 'Plenary',
      speakers: 'Hannah Schulz, NumPy',
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

export function wall(event: Pick<Event, 'starts_at' | 'time_zone'>, day: number, time: string): string {
  const [hour, minute] = time.split(':').map(Number)
  return DateTime.fromJSDate(event.starts_at, { zone: event.time_zone })
    .startOf('day')
    .plus({ days: day })
    .set({ hour, minute })
    .toFormat("yyyy-MM-dd'T'HH:mm")
}

const DAY_MS = 24 * 3600 * 1000

/**
 * The demo agendas: past summits fully published in two versions (one session moved, one cancelled between
 * them); the nearest upcoming summit published a week ago and revised since, with one session added to the
 * working agenda and not yet published; the later one an unpublished draft.
 */
export async function seedDemoAgenda(
  event: Pick<Event, 'id' | 'slug' | 'starts_at' | 'ends_at' | 'time_zone'>,
  now = new Date(),
  /** Runs on an upcoming summit between its announcement and its revision (the topics voted on meanwhile). */
  beforeRevision: () => Promise<void> = async () => {},
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
  const created: { demo: DemoSession; session: Session }[] = []
  for (const s of agenda.filter((s) => !s.draft)) {
    created.push({ demo: s, session: await createSession(event.id, parse(s)) })
  }
  const byTitle = (title: string) => created.find((c) => c.demo.title === title)!

  if (event.ends_at <= now) {
    await publishSchedule(event.id, 'Demo Organizer', new Date(event.starts_at.getTime() - 7 * DAY_MS))
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
    return
  }
  if (!agenda.some((s) => s.draft)) return

  await publishSchedule(event.id, 'Demo Organizer', new Date(now.getTime() - 7 * DAY_MS))
  // Since the announcement: a talk moved to the end of the second day, and a breakout cancelled because its lead
  // cannot travel (she cancelled her registration too).
  const moved = byTitle('Interactive computing in stacks: IPython and Jupyter kernels')
  await updateSession(event.id, moved.session.id, parse(moved.demo, { day: 1, start: '16:00', end: '16:30' }))
  const cancelled = byTitle('Breakout: SPECs for stacks (SPEC 0 and minimum versions)')
  await updateSession(event.id, cancelled.session.id, { ...parse(cancelled.demo), status: 'cancelled' })
  await beforeRevision()
  await publishSchedule(event.id, 'Demo Organizer', new Date(now.getTime() - 2 * DAY_MS))
  for (const s of agenda.filter((s) => s.draft)) await createSession(event.id, parse(s))
}
