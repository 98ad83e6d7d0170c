import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { requireAttachmentEditor } from '~/access/attachments.server'
import {
  LinkForm,
  ManagedAttachments,
  UploadForm,
  type AttachmentReply,
} from '~/components/attachments/attachment-manager'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { listSessionAttachments } from '~/models/attachments/attachments.server'
import { attachmentItem } from '~/models/attachments/view'
import { sessionPath } from '~/utils/paths'
import { attachmentAction } from './actions.server'

// A session's slides, files and links, for the people who may edit its notes: organizers, and confirmed
// attendees who opened their personal link here. Everyone else sees them on the session page.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, session, author } = await requireAttachmentEditor(request, params)
  const attachments = await listSessionAttachments(session.session_id)
  return {
    event: { slug: event.slug, title: event.title },
    session: { id: session.session_id, title: session.title },
    attachments: attachments.map((a) => attachmentItem(event.slug, a)),
    author: author.name,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Attachments: ${data.session.title} — Convene` : 'Attachments — Convene' },
  { name: 'robots', content: 'noindex' },
]

export async function action({ request, params }: ActionFunctionArgs) {
  // Who may, before a byte of a possibly large body is read.
  const editor = await requireAttachmentEditor(request, params)
  return attachmentAction(request, editor)
}

export default function AttachmentsPage() {
  const { event, session, attachments, author } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>() as AttachmentReply | undefined
  const sessionUrl = sessionPath(event.slug, session.id)
  return (
    <article className="narrow-wide stack">
      <p className="breadcrumb">
        <Link to={sessionUrl}>{session.title}</Link>
      </p>
      <h1>Slides and attachments</h1>
      <p className="lead">
        Files and links for “{session.title}” at {event.title}, listed on the session’s page, in the report, the
        schedule exports and the calendar feeds. Everyone who can see the agenda can open them. You add them as {author}
        .
      </p>
      {reply?.message ? (
        <p
          className={`notice ${reply.ok ? 'notice--success' : 'notice--warning'}`}
          role={reply.ok ? 'status' : 'alert'}
        >
          {reply.message}
        </p>
      ) : null}
      <section aria-labelledby="attached-heading" className="stack">
        <h2 id="attached-heading">Attached</h2>
        <ManagedAttachments items={attachments} reply={reply} />
      </section>
      <UploadForm reply={reply} />
      <LinkForm reply={reply} />
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
