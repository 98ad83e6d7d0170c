import { z } from 'zod'

// The star buttons of the agenda pages (StarButton in app/components/agenda.tsx): one session to star or unstar.

const sessionId = z.number({ error: 'Choose a session.' }).int('Choose a session.')
/** Where a browser without JavaScript goes back to after the post (the page the button was on). */
const returnTo = z.string().max(2000).optional()

/** What the agenda's star buttons post. */
export const StarSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('star'), sessionId, returnTo }),
  z.object({ intent: z.literal('unstar'), sessionId, returnTo }),
])
export type StarInput = z.output<typeof StarSchema>

/** What My agenda posts: every session there is starred, so its buttons only unstar. */
export const UnstarSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('unstar'), sessionId, returnTo }),
])
