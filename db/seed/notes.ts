import { saveNotes } from '~/models/notes/edits.server'
import { eventWorklogId, getNotes, sessionNoteId } from '~/models/notes/notes.server'
import { listPublishedSessions } from '~/models/agenda/schedule.server'

/** Successive versions of a session's notes, as several people wrote them during and after the session. */
type DemoNotes = { author: string; minutesAfterStart: number; body: string }[]

const NOTES: Record<string, DemoNotes> = {
  'Welcome and goals for the summit': [
    {
      author: 'Amara Okafor',
      minutesAfterStart: 20,
      body: `## Goals

- Agree on one dispatching mechanism that NumPy, SciPy, scikit-image, scikit-learn and NetworkX can share
- Leave with a draft SPEC and owners for each piece
`,
    },
    {
      author: 'Lukas Brandt',
      minutesAfterStart: 35,
      body: `## Goals

- Agree on one dispatching mechanism that NumPy, SciPy, scikit-image, scikit-learn and NetworkX can share
- Leave with a draft SPEC and owners for each piece
- Write down what we will *not* solve this time (type annotations, GPU memory management)

## Action items

- [ ] @ralf: draft the SPEC
- [ ] @jarrod: share the summit notes on the discourse forum
- [x] @amara: set up the shared notes for every session
`,
    },
  ],
  'Dispatching backends: uarray, entry points and NEP 47 lessons': [
    {
      author: 'Mei Tanaka',
      minutesAfterStart: 25,
      body: `## What worked

- Entry points are easy to discover and need no import-time cost
- uarray's multimethods let SciPy's \`fft\` pick a backend at call time

## What did not

- NEP 47's separate namespace meant two code paths in every library
`,
    },
    {
      author: 'Priya Raman',
      minutesAfterStart: 50,
      body: `## What worked

- Entry points are easy to discover and need no import-time cost
- uarray's multimethods let SciPy's \`fft\` pick a backend at call time

## What did not

- NEP 47's separate namespace meant two code paths in every library
- Global backend switches surprise users inside libraries that call each other

## Decision

A backend is chosen per call from the types of the arguments; a context manager may override it.

## Action items

- [ ] @ralf: draft the SPEC for type-based dispatching
- [ ] @stefan: collect the scikit-image functions that need a backend first
`,
    },
    {
      author: 'Ralf Gommers',
      minutesAfterStart: 60 * 24,
      body: `## What worked

- Entry points are easy to discover and need no import-time cost
- uarray's multimethods let SciPy's \`fft\` pick a backend at call time

## What did not

- NEP 47's separate namespace meant two code paths in every library
- Global backend switches surprise users inside libraries that call each other

## Decision

A backend is chosen per call from the types of the arguments; a context manager may override it.

## Action items

- [x] @ralf: draft the SPEC for type-based dispatching (first draft linked from the SPEC repository)
- [ ] @stefan: collect the scikit-image functions that need a backend first
`,
    },
  ],
  'Array API standard adoption: status and blockers': [
    {
      author: 'Hannah Schulz',
      minutesAfterStart: 30,
      body: `| Library | Status |
| --- | --- |
| NumPy | \`numpy\` namespace is compliant since 2.0 |
| SciPy | \`scipy.special\` and \`scipy.fft\` in progress |
| scikit-learn | Selected estimators behind a config flag |
`,
    },
    {
      author: 'Arjun Mehta',
      minutesAfterStart: 80,
      body: `| Library | Status |
| --- | --- |
| NumPy | \`numpy\` namespace is compliant since 2.0 |
| SciPy | \`scipy.special\` and \`scipy.fft\` in progress |
| scikit-learn | Selected estimators behind a config flag |

## Blockers

- In-place updates on immutable arrays (JAX)
- No standard way to ask for a device

## Action items

- [ ] @aaron: open an issue on the standard about device selection
- [ ] @arjun: list the SciPy functions blocked by in-place updates
`,
    },
  ],
  'Testing against many backends in CI': [
    {
      author: 'Kwame Mensah',
      minutesAfterStart: 30,
      body: `## Today

- SciPy tests CuPy and PyTorch arrays nightly through \`SCIPY_ARRAY_API=1\`
- Dask runs its own suite against the NumPy main branch
`,
    },
    {
      author: 'Mateo Álvarez',
      minutesAfterStart: 85,
      body: `## Today

- SciPy tests CuPy and PyTorch arrays nightly through \`SCIPY_ARRAY_API=1\`
- Dask runs its own suite against the NumPy main branch

## Proposal

Every backend runs the library's own test suite, selected with one pytest option, on a shared GPU runner.

## Action items

- [ ] @kwame: write up the shared GPU runner budget
- [ ] @mateo: add a \`--backend\` option to the NetworkX test suite
`,
    },
  ],
  'Alt-text workshop: writing descriptions for Matplotlib gallery figures': [
    {
      author: 'Jonas Lindqvist',
      minutesAfterStart: 30,
      body: `## What makes a good description

- Say what kind of plot it is, then what it shows: axes, ranges, the trend
- Skip what the caption already says
`,
    },
    {
      author: 'Tomasz Nowak',
      minutesAfterStart: 75,
      body: `## What makes a good description

- Say what kind of plot it is, then what it shows: axes, ranges, the trend
- Skip what the caption already says
- Keep it under about 150 characters; put details in the surrounding text

## Example

> Line plot of a damped sine wave: amplitude falls from 1 to almost 0 between 0 and 5 seconds.

## Action items

- [ ] @jonas: add an \`alt\` option to the gallery's plot directive
- [ ] @yara: write the contributor guide section on alt text
`,
    },
  ],
  'Screen readers and rendered notebooks': [
    {
      author: 'Grace Liu',
      minutesAfterStart: 25,
      body: `## Findings

- Output cells have no headings, so screen reader users cannot jump between them
- Images in outputs lose their alt text when exported to HTML
`,
    },
    {
      author: 'Oliver Grant',
      minutesAfterStart: 55,
      body: `## Findings

- Output cells have no headings, so screen reader users cannot jump between them
- Images in outputs lose their alt text when exported to HTML

## Action items

- [ ] @grace: open an issue on nbconvert about keeping alt text
- [x] @oliver: test JupyterLab 4 with NVDA and VoiceOver
`,
    },
  ],
}

/** The summit's worklog, as its organizers kept it over the three days. */
const WORKLOG = `## Day 1

- Kick-off: goals agreed (see "Welcome and goals for the summit")
- Backends session: entry points win over uarray for discovery; NEP 47 lessons written up

## Day 2

- Array API session: \`__array_namespace__\` is the contract; SciPy and scikit-image to test against it
- NetworkX backend selection: keep \`backend=\` keyword, add config for defaults

## Day 3

- SPEC draft reviewed; owners for each section
- [x] @amara: publish this worklog with the report
- [ ] @ralf: open the SPEC pull request
`

/**
 * Notes for the published sessions of a past demo summit: two or three revisions each, with action items.
 * Sessions that already have notes are left as they are, so running it again adds nothing.
 */
export async function seedDemoNotes(eventId: number): Promise<number> {
  let seeded = 0
  for (const session of await listPublishedSessions(eventId)) {
    const versions = NOTES[session.title]
    if (!versions || session.status !== 'scheduled') continue
    const noteId = await sessionNoteId(eventId, session.session_id)
    if ((await getNotes(noteId)).revision > 0) continue
    let revision = 0
    for (const version of versions) {
      const at = new Date(session.starts_at.getTime() + version.minutesAfterStart * 60_000)
      const outcome = await saveNotes(
        noteId,
        { body: version.body, baseRevision: revision },
        { name: version.author },
        { at },
      )
      if (outcome.status === 'saved') revision = outcome.revision
    }
    seeded++
  }
  const worklog = await eventWorklogId(eventId)
  if ((await getNotes(worklog)).revision === 0) {
    await saveNotes(worklog, { body: WORKLOG, baseRevision: 0 }, { name: 'Amara Okafor' })
  }
  return seeded
}
