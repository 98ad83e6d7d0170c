import type { Browser, Page } from 'playwright-core'
import { logInAsDemoOrganizer, openPage } from './browser'

/** An event as an organizer types it into the new-event form (times as the form's `datetime-local` values). */
export type EventThroughTheForm = {
  title: string
  slug: string
  timeZone: string
  starts: string
  ends: string
  format: 'online' | 'hybrid' | 'in_person'
  summary?: string
  /** More fields by their label, e.g. `{ Venue: 'Zaal 1', Capacity: '20' }`. */
  fields?: Record<string, string>
}

export type SessionThroughTheForm = { title: string; starts: string; ends: string; abstract?: string; room?: string }

/**
 * Logs the demo organizer in, in a page of its own, and creates a published event through the forms a person
 * uses; with sessions, adds them and publishes version 1 of the agenda. Tests that need an event nothing else
 * touches (no seat limit shared with other files, a known agenda) make one this way. Returns the organizer's
 * page, on the event's sessions page when sessions were added, else on the event's page.
 */
export async function createPublishedEvent(
  browser: Browser,
  event: EventThroughTheForm,
  sessions: SessionThroughTheForm[] = [],
): Promise<Page> {
  const organizer = await openPage(browser)
  await logInAsDemoOrganizer(organizer, '/admin/events/new')
  await organizer.getByLabel('Title').fill(event.title)
  await organizer.getByLabel('Web address').fill(event.slug)
  if (event.summary) await organizer.getByRole('textbox', { name: 'Summary' }).fill(event.summary)
  await organizer.getByLabel('Status').selectOption('published')
  await organizer.getByLabel('Time zone').selectOption(event.timeZone)
  await organizer.getByLabel('Starts').fill(event.starts)
  await organizer.getByLabel('Ends').fill(event.ends)
  await organizer.getByLabel('Format').selectOption(event.format)
  for (const [label, value] of Object.entries(event.fields ?? {})) {
    await organizer.getByLabel(label, { exact: true }).fill(value)
  }
  await organizer.getByRole('button', { name: 'Create event' }).click()
  await organizer.waitForURL(/\/admin\/events\/\d+\?saved=created$/)
  if (sessions.length === 0) return organizer

  await organizer.getByRole('link', { name: 'Agenda' }).click()
  await organizer.waitForURL(/\/sessions$/)
  for (const session of sessions) {
    await organizer.getByRole('link', { name: 'Add session' }).click()
    await organizer.getByLabel('Title').fill(session.title)
    if (session.abstract) await organizer.getByRole('textbox', { name: 'Abstract' }).fill(session.abstract)
    await organizer.getByLabel('Starts').fill(session.starts)
    await organizer.getByLabel('Ends').fill(session.ends)
    if (session.room) await organizer.getByLabel('Room').fill(session.room)
    await organizer.getByRole('button', { name: 'Add session' }).click()
    await organizer.waitForURL(/\/sessions$/)
  }
  await organizer.getByRole('button', { name: 'Publish changes' }).click()
  await organizer.getByText(/Version 1 published/).waitFor()
  return organizer
}
