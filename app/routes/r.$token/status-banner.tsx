const BANNERS: Record<
  string,
  (position: number | null, welcome: boolean) => { title: string; body: string; tone: string }
> = {
  confirmed: (_position, welcome) => ({
    title: welcome ? 'You are registered: your place is confirmed.' : 'Your place is confirmed.',
    body: 'We have sent a confirmation to your email.',
    tone: 'success',
  }),
  waitlisted: (position) => ({
    title: `You are on the waiting list, at position ${position ?? '?'}.`,
    body: 'The event is full. When a place opens you move up automatically and we email you at once.',
    tone: 'warning',
  }),
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
}: {
  status: string
  position: number | null
  welcome: boolean
}) {
  const t = (BANNERS[status] ?? BANNERS.pending!)(position, welcome)
  return (
    <div className={`status-banner status-banner--${t.tone}`} role="status">
      <p className="status-banner__title">{t.title}</p>
      <p>{t.body}</p>
    </div>
  )
}
