import { DateTime } from 'luxon'
import { EventInputSchema } from '~/models/events/schema'
import { createEvent, getEventBySlug } from '~/models/events/event.server'
import { seedDemoAgenda } from './agenda'
import { seedDemoNotes } from './notes'
import { seedDemoRecordings } from './recordings'
import { seedDemoTopics } from './topics'
import { createQuestion } from '~/models/registration/questions.server'
import { questionKey, registrationSchema } from '~/models/registration/schema'
import { cancelRegistration, registerForEvent } from '~/models/registration/seats.server'
import { listPublishedSessions } from '~/models/agenda/schedule.server'
import { starSession } from '~/models/agenda/stars.server'
import { createUser, getUserByEmail } from '~/models/users/user.server'

export const DEMO_ORGANIZER = {
  email: 'organizer@example.org',
  name: 'Demo Organizer',
  password: 'convene-demo',
}

/** A wall time `days` from today in `zone`, as a datetime-local string. */
function day(days: number, time: string, zone: string): string {
  const [hour, minute] = time.split(':').map(Number)
  return DateTime.now().setZone(zone).startOf('day').plus({ days }).set({ hour, minute }).toFormat("yyyy-MM-dd'T'HH:mm")
}

/**
 * The number of days from today to the first Tuesday `days` or more from now: summits run midweek, never over
 * a weekend, wherever the demo is seeded.
 */
function tuesdayFrom(days: number, zone: string): number {
  const weekday = DateTime.now().setZone(zone).startOf('day').plus({ days }).weekday
  return days + ((2 - weekday + 7) % 7)
}

function demoEvents() {
  const berkeley = 'America/Los_Angeles'
  const online = 'America/New_York'
  const amsterdam = 'Europe/Amsterdam'
  const seattle = 'America/Los_Angeles'
  const dispatching = tuesdayFrom(-130, berkeley)
  const altText = tuesdayFrom(-45, online)
  const stacks = tuesdayFrom(24, amsterdam)
  const sparse = tuesdayFrom(75, seattle)
  return [
    {
      slug: 'api-dispatching-summit',
      title: 'API Dispatching Developer Summit',
      summary: `Maintainers of NumPy, SciPy, scikit-image, scikit-learn and NetworkX met for three days to agree on how
libraries hand work to alternative backends (CuPy, Dask, JAX, python-graphblas) without every project inventing
its own mechanism.

**Topics**

- Dispatching backends: uarray, entry points and the lessons of NEP 47
- The Array API standard as the contract between array libraries and their users
- Backend selection for graph algorithms in NetworkX
- A shared SPEC for dispatching, drafted during the summit

Sessions were recorded; notes and recordings are linked from the agenda.`,
      timeZone: berkeley,
      startsAt: day(dispatching, '09:00', berkeley),
      endsAt: day(dispatching + 2, '17:00', berkeley),
      locationKind: 'hybrid',
      venueName: 'Berkeley Institute for Data Science',
      venueAddress: '190 Doe Library, University of California, Berkeley, CA 94720, USA',
      onlineUrl: 'https://meet.example.org/api-dispatching',
      capacity: 40,
      status: 'published',
      youtubePlaylistId: 'PLdemoApiDispatchingSummit',
    },
    {
      slug: 'alt-text-accessibility',
      title: 'Alt-Text for Accessibility Sprint',
      summary: `Two online days to write good alternative text for the figures in our documentation galleries, with
accessibility experts and maintainers of Matplotlib, NumPy, pandas and scikit-image.

We started with a workshop on what makes a useful description of a plot, then split into project groups and
opened pull requests for hundreds of gallery figures. Bring a project you care about; no accessibility experience
is needed.`,
      timeZone: online,
      startsAt: day(altText, '10:00', online),
      endsAt: day(altText + 1, '15:00', online),
      locationKind: 'online',
      onlineUrl: 'https://meet.example.org/alt-text',
      capacity: 60,
      status: 'published',
      youtubePlaylistId: 'PLdemoAltTextAccessibility',
    },
    {
      slug: 'domain-stacks-summit',
      title: 'Domain Stacks Summit',
      summary: `What does a curated, tested stack of scientific Python packages for one field look like, and who keeps it
working? Maintainers of core libraries and of domain projects (astronomy, neuroscience, geosciences, bioimaging)
meet to compare how they assemble, test and document their stacks.

Expect working sessions rather than talks: metapackages and lock files, cross-project CI, documentation that spans
several libraries, and the SPECs that make stacks easier to build. Remote participation is welcome for the
plenary sessions.`,
      timeZone: amsterdam,
      startsAt: day(stacks, '09:30', amsterdam),
      endsAt: day(stacks + 2, '16:30', amsterdam),
      locationKind: 'hybrid',
      venueName: 'Centrum Wiskunde & Informatica',
      venueAddress: 'Science Park 123, 1098 XG Amsterdam, Netherlands',
      onlineUrl: 'https://meet.example.org/domain-stacks',
      capacity: 30,
      inPersonCapacity: 20,
      registrationOpensAt: day(-14, '09:00', amsterdam),
      registrationClosesAt: day(stacks - 4, '23:59', amsterdam),
      status: 'published',
    },
    {
      slug: 'sparse-array-summit',
      title: 'Sparse Array Summit',
      summary: `SciPy is moving from \`spmatrix\` to the array-based \`sparray\` interface, PyData/Sparse and CuPy follow their
own paths, and scikit-learn and NetworkX depend on all of them. This summit brings these maintainers together to
agree on a shared sparse array protocol and a migration plan users can follow.

- State of sparse arrays in SciPy (sparray vs spmatrix)
- Array API standard adoption: status and blockers for sparse
- Breakout: a shared sparse array protocol`,
      timeZone: seattle,
      startsAt: day(sparse, '09:00', seattle),
      endsAt: day(sparse + 2, '17:00', seattle),
      locationKind: 'in_person',
      venueName: 'eScience Institute, University of Washington',
      venueAddress: 'WRF Data Science Studio, 3910 15th Ave NE, Seattle, WA 98195, USA',
      capacity: 25,
      registrationOpensAt: day(14, '09:00', seattle),
      registrationClosesAt: day(sparse - 10, '23:59', seattle),
      status: 'published',
    },
  ]
}

const DEMO_PEOPLE: [string, string[], 'in_person' | 'remote'][] = [
  ['Amara Okafor', ['NumPy'], 'in_person'],
  ['Lukas Brandt', ['SciPy'], 'in_person'],
  ['Mei Tanaka', ['scikit-image'], 'in_person'],
  ['Diego Fernández', ['pandas'], 'remote'],
  ['Priya Raman', ['scikit-learn'], 'in_person'],
  ['Jonas Lindqvist', ['Matplotlib'], 'in_person'],
  ['Fatima Zahra Benali', ['NetworkX'], 'remote'],
  ['Oliver Grant', ['IPython', 'Jupyter'], 'in_person'],
  ['Sofia Rossi', ['xarray'], 'in_person'],
  ['Kwame Mensah', ['Dask'], 'remote'],
  ['Hannah Schulz', ['NumPy', 'Array API standard'], 'in_person'],
  ['Arjun Mehta', ['SciPy', 'PyData/Sparse'], 'in_person'],
  ['Chloé Martin', ['scikit-learn'], 'remote'],
  ['Tomasz Nowak', ['Matplotlib'], 'in_person'],
  ['Isabel Duarte', ['pandas'], 'in_person'],
  ['Ren Zhou', ['CuPy'], 'remote'],
  ['Aisha Yusuf', ['scikit-image'], 'in_person'],
  ['Mateo Álvarez', ['NetworkX', 'python-graphblas'], 'in_person'],
  ['Ingrid Halvorsen', ['Astropy'], 'in_person'],
  ['Samuel Adeyemi', ['MNE-Python'], 'remote'],
  ['Lena Vogel', ['NumPy'], 'in_person'],
  ['Kenji Watanabe', ['JAX'], 'remote'],
  ['Nadia Haddad', ['SciPy'], 'in_person'],
  ['Pieter de Vries', ['xarray', 'Pangeo'], 'in_person'],
  ['Grace Liu', ['IPython'], 'remote'],
  ['Rafael Costa', ['pandas'], 'in_person'],
  ['Elif Kaya', ['napari'], 'in_person'],
  ['Marcus Webb', ['scikit-learn'], 'remote'],
  ['Yara Haddad', ['Matplotlib'], 'in_person'],
  ['Anton Petrov', ['NumPy'], 'in_person'],
  ['Zoe Clarke', ['Dask'], 'in_person'],
  ['Bilal Qureshi', ['NetworkX'], 'in_person'],
]

/**
 * Registrations for the open summit: its in-person seats fill up, so the last ones wait; one person cancelled,
 * which gave their seat to the first in the queue. Returns the registrations by name.
 */
async function seedRegistrations(eventId: number): Promise<Map<string, number>> {
  const stack = await createQuestion(eventId, {
    label: 'Which domain stack do you maintain or use most?',
    kind: 'single_choice',
    options: ['Astronomy', 'Neuroscience', 'Geosciences', 'Bioimaging', 'Other'],
    required: true,
  })
  const dinner = await createQuestion(eventId, {
    label: 'I will join the summit dinner on the first evening',
    kind: 'checkbox',
    options: [],
    required: false,
  })
  const schema = registrationSchema({ locationKind: 'hybrid' }, [
    { id: stack.id, label: stack.label, kind: stack.kind, options: stack.options, required: stack.required },
    { id: dinner.id, label: dinner.label, kind: dinner.kind, options: dinner.options, required: dinner.required },
  ])
  const stacks = ['Astronomy', 'Neuroscience', 'Geosciences', 'Bioimaging', 'Other']
  const registered = new Map<string, number>()
  for (const [index, [name, affiliations, mode]] of DEMO_PEOPLE.entries()) {
    const email = `${name
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z ]/g, '')
      .replace(/ +/g, '.')}@example.org`
    const { registration } = await registerForEvent(
      eventId,
      schema.parse({
        name,
        email,
        affiliations,
        attendanceMode: mode,
        role: index % 3 === 0 ? 'maintainer' : 'contributor',
        publicListing: index % 4 !== 3,
        dietaryNeeds: index % 5 === 0 ? 'Vegetarian' : undefined,
        answers: { [questionKey(stack.id)]: stacks[index % stacks.length], [questionKey(dinner.id)]: index % 2 === 0 },
      }),
    )
    registered.set(name, registration.id)
  }
  await cancelRegistration(registered.get('Lena Vogel')!, {
    actor: 'attendee',
    reason: 'My visa will not arrive in time; I will follow the plenary sessions online.',
  })
  registered.delete('Lena Vogel')
  return registered
}

/**
 * Stars on the published agenda: every attendee picks a few sessions, so the personal agendas, the calendar
 * feeds and the changes emails of the demo have something in them.
 */
async function seedStars(eventId: number, registrations: Map<string, number>) {
  const sessions = (await listPublishedSessions(eventId)).filter(
    (s) => s.status === 'scheduled' && !['break', 'social'].includes(s.kind),
  )
  if (!sessions.length) return
  for (const [index, registrationId] of [...registrations.values()].entries()) {
    for (const step of [0, 3, 7]) {
      await starSession(registrationId, eventId, sessions[(index + step) % sessions.length]!.session_id)
    }
  }
}

/**
 * Fills the database with the demo organizer and the four summits. Safe to run again: what exists (by email,
 * by slug) is left as it is.
 */
export async function seedDemoData(): Promise<{ createdUser: boolean; createdEvents: string[] }> {
  let organizer = await getUserByEmail(DEMO_ORGANIZER.email)
  const createdUser = !organizer
  organizer ??= await createUser({ ...DEMO_ORGANIZER, isAdmin: true })
  const createdEvents: string[] = []
  for (const raw of demoEvents()) {
    if (await getEventBySlug(raw.slug)) continue
    const event = await createEvent(EventInputSchema.parse(raw), organizer.id)
    const registrations = raw.slug === 'domain-stacks-summit' ? await seedRegistrations(event.id) : new Map()
    // The nearest upcoming summit collected topics from its registrants; three joined its agenda's revision.
    await seedDemoAgenda(event, new Date(), raw.slug === 'domain-stacks-summit' ? () => seedDemoTopics(event) : undefined)
    await seedStars(event.id, registrations)
    if (event.ends_at < new Date()) {
      await seedDemoNotes(event.id)
      await seedDemoRecordings(event)
    }
    createdEvents.push(raw.slug)
  }
  return { createdUser, createdEvents }
}
