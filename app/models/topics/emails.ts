import type { RenderedEmail } from '../outbox/outbox.server'
import { escapeHtml } from '~/utils/format'
import { topicPath } from '~/utils/paths'
import { formatRange } from '~/utils/time'

export type TopicEmailKind = 'topic-accepted' | 'topic-declined' | 'topic-scheduled'

export type TopicEmailContext = {
  baseUrl: string
  event: { slug: string; title: string; time_zone: string }
  topic: { id: number; title: string }
  proposerName: string
  message?: string | null
  /** For 'topic-scheduled': where and when its session is. */
  session?: { startsAt: Date; endsAt: Date; room: string | null }
}

function headline(kind: TopicEmailKind, ctx: TopicEmailContext): { subject: string; lead: string } {
  const t = ctx.topic.title
  switch (kind) {
    case 'topic-accepted':
      return {
        subject: `Accepted: “${t}” at ${ctx.event.title}`,
        lead: `The organizers of ${ctx.event.title} accepted your topic “${t}”. They will email you again when it has a time and a room.`,
      }
    case 'topic-declined':
      return {
        subject: `Your topic “${t}” at ${ctx.event.title}`,
        lead: `The organizers of ${ctx.event.title} could not take your topic “${t}” this time.`,
      }
    case 'topic-scheduled':
      return {
        subject: `On the agenda: “${t}” at ${ctx.event.title}`,
        lead: `Your topic “${t}” is on the agenda of ${ctx.event.title}.`,
      }
  }
}

/** The email telling a proposer what the organizers decided on their topic; pure (decisions.server queues it). */
export function renderTopicEmail(kind: TopicEmailKind, ctx: TopicEmailContext): RenderedEmail {
  const { subject, lead } = headline(kind, ctx)
  const url = new URL(topicPath(ctx.event.slug, ctx.topic.id), ctx.baseUrl).toString()
  const when = ctx.session ? formatRange(ctx.session.startsAt, ctx.session.endsAt, ctx.event.time_zone) : null
  const text = [
    `Hello ${ctx.proposerName},`,
    '',
    lead,
    ctx.message ? `\nNote from the organizers: ${ctx.message}` : null,
    when ? `\nWhen: ${when}` : null,
    ctx.session?.room ? `Where: ${ctx.session.room}` : null,
    '',
    `The topic's page: ${url}`,
    '',
    `— Convene, for the organizers of ${ctx.event.title}`,
  ]
    .filter((line) => line !== null)
    .join('\n')
  const rows = [
    when ? ['When', escapeHtml(when)] : null,
    ctx.session?.room ? ['Where', escapeHtml(ctx.session.room)] : null,
  ].filter((r): r is string[] => r !== null)
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;color:#16202a;line-height:1.5;max-width:560px">
<p>Hello ${escapeHtml(ctx.proposerName)},</p>
<p>${escapeHtml(lead)}</p>
${ctx.message ? `<p><strong>Note from the organizers:</strong> ${escapeHtml(ctx.message)}</p>` : ''}
${
  rows.length
    ? `<table role="presentation">${rows
        .map(([k, v]) => `<tr><th align="left" style="padding-right:12px">${k}</th><td>${v}</td></tr>`)
        .join('')}</table>`
    : ''
}
<p><a href="${escapeHtml(url)}">The topic's page</a></p>
<p style="color:#4a5663;font-size:13px">Convene, for the organizers of ${escapeHtml(ctx.event.title)}</p>
</body></html>`
  return { subject, text, html }
}
