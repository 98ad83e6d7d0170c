import { Link } from '@remix-run/react'
import type { AttachmentItem } from '~/models/attachments/view'

/** One attachment: its title linking to the file or the address, what it is, and an image as itself. */
export function AttachmentEntry({ item }: { item: AttachmentItem }) {
  return (
    <>
      <p>
        {item.kind === 'file' ? (
          <a href={item.href} download={item.fileName ?? true}>
            {item.title}
          </a>
        ) : (
          // Addresses people typed: search engines are told not to count them as ours.
          <a href={item.href} rel="ugc nofollow">
            {item.title}
          </a>
        )}{' '}
        <span className="muted small">
          ({item.description}
          {item.kind === 'file' ? ', download' : ''})
        </span>
      </p>
      {item.image ? (
        <img
          src={item.href}
          alt={item.image.altText}
          loading="lazy"
          // No stylesheet rule of its own: an image never runs wider than the column.
          style={{ display: 'block', maxWidth: '100%', height: 'auto', maxHeight: '24rem' }}
        />
      ) : null}
    </>
  )
}

/**
 * The session page's list of slides, files and links; with a link to the attachments page for those who may change
 * them. Nothing at all when there is nothing to list and nothing to do.
 */
export function AttachmentsSection({
  attachments,
  manageHref,
}: {
  attachments: AttachmentItem[]
  manageHref: string | null
}) {
  if (!attachments.length && !manageHref) return null
  return (
    <section aria-labelledby="attachments-heading" className="session-attachments">
      <div className="row-between">
        <h2 id="attachments-heading">Slides and attachments</h2>
        {manageHref ? (
          <Link to={manageHref} className="button button--secondary button--small">
            Manage attachments
          </Link>
        ) : null}
      </div>
      {attachments.length ? (
        <ul className="plain-list">
          {attachments.map((item) => (
            <li key={item.id}>
              <AttachmentEntry item={item} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">Nothing attached yet.</p>
      )}
    </section>
  )
}
