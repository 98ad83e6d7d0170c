import { beforeAll, describe, expect, it } from 'vitest'
import * as outbox from '~/routes/admin.outbox._index'
import * as outboxEmail from '~/routes/admin.outbox.$id'
import { queueEmail } from '~/models/outbox/outbox.server'
import type { PublicUser } from '~/models/users/user.server'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, getRequest, sessionCookieFor } from '../support/routes'

type OutboxData = {
  sendingOn: boolean
  emails: { id: number; subject: string; eventTitle: string | null; statusLabel: string }[]
}
type EmailData = { email: { subject: string; to: string; statusLabel: string; text: string; html: string } }

let owner: PublicUser
let admin: PublicUser
let ownerCookie: string
let otherCookie: string
let adminCookie: string
const ids: Record<'own' | 'others' | 'none', number> = { own: 0, others: 0, none: 0 }

async function queue(eventId: number | null, subject: string): Promise<number> {
  await queueEmail(db, {
    event_id: eventId,
    registration_id: null,
    kind: 'registration_received',
    to_address: 'ada@example.org',
    subject,
    text: `Text of ${subject}`,
    html: `<p>HTML of ${subject}</p>`,
  })
  const row = await db.selectFrom('email_outbox').select('id').where('subject', '=', subject).executeTakeFirstOrThrow()
  return row.id
}

beforeAll(async () => {
  owner = await makeUser()
  const other = await makeUser()
  admin = await makeUser({ isAdmin: true })
  ownerCookie = await sessionCookieFor(owner.id)
  otherCookie = await sessionCookieFor(other.id)
  adminCookie = await sessionCookieFor(admin.id)
  const ownEvent = await makeEvent(owner.id, { title: 'Owner Summit' })
  const othersEvent = await makeEvent(other.id, { title: 'Other Summit' })
  ids.own = await queue(ownEvent.id, 'About the Owner Summit')
  ids.others = await queue(othersEvent.id, 'About the Other Summit')
  ids.none = await queue(null, 'About no event')
  await db
    .updateTable('email_outbox')
    .set({ attempts: 2, last_error: '451 Mailbox busy' })
    .where('id', '=', ids.others)
    .execute()
  await db
    .updateTable('email_outbox')
    .set({ status: 'sent', sent_at: new Date(), attempts: 1 })
    .where('id', '=', ids.none)
    .execute()
})

describe('outbox list', () => {
  it('sends anonymous visitors to login', async () => {
    const result = await callRoute(outbox.loader, getRequest('/admin/outbox'))
    expect(result.status).toBe(302)
    expect(result.location).toBe('/login?redirectTo=%2Fadmin%2Foutbox')
  })

  it("shows an organizer only their events' emails, and says sending is off without SMTP_URL", async () => {
    const result = await callRoute(outbox.loader, getRequest('/admin/outbox', ownerCookie))
    expect(result.status).toBe(200)
    const data = result.data as OutboxData
    expect(data.emails.map((e) => e.subject)).toEqual(['About the Owner Summit'])
    expect(data.emails[0]).toMatchObject({ eventTitle: 'Owner Summit', statusLabel: 'Waiting for delivery' })
    expect(data.sendingOn).toBe(false)
  })

  it('shows an organizer of no event nothing', async () => {
    const nobody = await sessionCookieFor((await makeUser()).id)
    const result = await callRoute(outbox.loader, getRequest('/admin/outbox', nobody))
    expect((result.data as OutboxData).emails).toEqual([])
  })

  it('shows an admin every email, newest first, with its status', async () => {
    const result = await callRoute(outbox.loader, getRequest('/admin/outbox', adminCookie))
    const data = result.data as OutboxData
    expect(data.emails.map((e) => [e.subject, e.statusLabel])).toEqual([
      ['About no event', 'Sent'],
      ['About the Other Summit', 'Retrying: 451 Mailbox busy'],
      ['About the Owner Summit', 'Waiting for delivery'],
    ])
  })
})

describe('one outbox email', () => {
  const params = (key: keyof typeof ids) => ({ id: String(ids[key]) })

  it('sends anonymous visitors to login', async () => {
    const result = await callRoute(outboxEmail.loader, getRequest(`/admin/outbox/${ids.own}`), params('own'))
    expect(result.status).toBe(302)
    expect(result.location).toMatch(/^\/login\?redirectTo=/)
  })

  it('shows an organizer an email of their event with both bodies', async () => {
    const result = await callRoute(
      outboxEmail.loader,
      getRequest(`/admin/outbox/${ids.own}`, ownerCookie),
      params('own'),
    )
    expect(result.status).toBe(200)
    expect((result.data as EmailData).email).toMatchObject({
      subject: 'About the Owner Summit',
      to: 'ada@example.org',
      statusLabel: 'Waiting for delivery',
      text: 'Text of About the Owner Summit',
      html: '<p>HTML of About the Owner Summit</p>',
    })
  })

  it("refuses an organizer another event's email and an email of no event", async () => {
    for (const key of ['others', 'none'] as const) {
      const result = await callRoute(
        outboxEmail.loader,
        getRequest(`/admin/outbox/${ids[key]}`, ownerCookie),
        params(key),
      )
      expect(result.status).toBe(403)
    }
    const result = await callRoute(
      outboxEmail.loader,
      getRequest(`/admin/outbox/${ids.own}`, otherCookie),
      params('own'),
    )
    expect(result.status).toBe(403)
  })

  it('shows an admin any email, and 404 for an unknown one', async () => {
    for (const key of ['own', 'others', 'none'] as const) {
      const result = await callRoute(
        outboxEmail.loader,
        getRequest(`/admin/outbox/${ids[key]}`, adminCookie),
        params(key),
      )
      expect(result.status).toBe(200)
    }
    for (const id of ['999999', 'abc']) {
      const result = await callRoute(outboxEmail.loader, getRequest(`/admin/outbox/${id}`, adminCookie), { id })
      expect(result.status).toBe(404)
    }
  })
})
