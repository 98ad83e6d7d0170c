type Banner = { title: string; body: string; tone: string }

/** What waiting means: on a hybrid event the room can be full while online places are free. */
export type WaitingFor = {
  /** The way of attending the person waits for, named only on hybrid events. */
  mode: 'in_person' | 'remote' | null
  /** An online place is free now: the person can switch and be confirmed at once. */
  onlineFree: boolean
}

function waitlisted(position: number | null, waitingFor: WaitingFor): Banner {
  const at = `at position ${position ?? '?'}`
  if (waitingFor.mode === 'in_person') {
    return {
      title: `You are on the waiting list for an in-person seat, ${at}.`,
      body: waitingFor.onlineFree
        ? 'The in-person seats are full, but online places are free: choose Remote below and save to join online now. Otherwise you move up automatically when a seat opens and we email you at once.'
        : 'The event is full, in person and online. When an in-person seat opens you move up automatically and we email you at once.',
      tone: 'warning',
    }
  }
  return {
    title: `You are on the waiting list, ${at}${waitingFor.mode === 'remote' ? ', to join online' : ''}.`,
    body: 'The event is full. When a place opens you move up automatically and we email you at once.',
    tone: 'warning',
  }
}

const BANNERS: Record<string, (position: number | null, welcome: boolean, waitingFor: WaitingFor) => Banner> = {
  confirmed: (_position, welcome) => ({
    title: welcome ? 'You are registered: your place is confirmed.' : 'Your place is confirmed.',
    body: 'We have sent a confirmation to your email.',
    tone: 'success',
  }),
  waitlisted: (position, _welcome, waitingFor) => waitlisted(position, waitingFor),
  pending: () => ({
    title: 'Your registration waits for the organizers’ approval.',
    body: 'We will email you as soon as they decide.',
    tone: 'info',
  }),
  cancelled: () => ({
    title: 'This registration is cancelled.',
    body: 'You can register again from the event page while registration is open.',
    tone: 'warning',
  }),
  declined: () => ({
    title: 'The organizers could not offer you a place.',
    body: 'Contact them if you think this is a mistake.',
    tone: 'warning',
  }),
}

/** Where the registration stands, in one sentence and what it means. */
export function StatusBanner({
  status,
  position,
  welcome,
  waitingFor,
}: {
  status: string
  position: number | null
  welcome: boolean
  waitingFor: WaitingFor
}) {
  const t = (BANNERS[status] ?? BANNERS.pending!)(position, welcome, waitingFor)
  return (
    <div className={`status-banner status-banner--${t.tone}`} role="status">
      <p className="status-banner__title">{t.title}</p>
      <p>{t.body}</p>
    </div>
  )
}
