import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { CommentIntentSchema } from '~/models/topics/page-forms'
import { ErrorList, TextareaField } from '../forms'
import { MarkdownField } from '../markdown-field'

export type TopicCommentData = {
  id: number
  authorName: string
  /** Sanitized HTML of the comment's markdown. */
  html: string
  hidden: boolean
  /** When, in the event's time zone. */
  postedAt: string
  postedIso: string
  mine: boolean
}

/**
 * A topic's short discussion: its comments oldest first, the form for whoever may take part, and for organizers
 * every hidden comment, marked, with the buttons that hide and show them.
 */
export function TopicDiscussion({
  comments,
  mayComment,
  whyNot,
  moderate,
  lastResult,
}: {
  comments: TopicCommentData[]
  mayComment: boolean
  /** Why there is no form, when there is none. */
  whyNot: string | null
  moderate: boolean
  lastResult?: SubmissionResult<string[]> | null
}) {
  return (
    <section className="topic-discussion" id="discussion" aria-labelledby="discussion-heading">
      <h2 id="discussion-heading">Discussion</h2>
      {comments.length ? (
        <ol className="topic-comments">
          {comments.map((c) => (
            <li
              key={c.id}
              id={`comment-${c.id}`}
              className={`topic-comment ${c.hidden ? 'topic-comment--hidden' : ''}`}
            >
              <p className="topic-comment__by small">
                <strong>{c.authorName}</strong>
                {c.mine ? <span className="muted"> (you)</span> : null}
                <span className="muted">
                  {' · '}
                  <time dateTime={c.postedIso}>{c.postedAt}</time>
                </span>
                {c.hidden ? <span className="tag tag--warning">Hidden: only organizers see it</span> : null}
              </p>
              <div className="prose topic-comment__body" dangerouslySetInnerHTML={{ __html: c.html }} />
              {moderate ? <ModerateButton comment={c} /> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty">No comments yet.{mayComment ? ' Ask a question or offer to help.' : ''}</p>
      )}
      {mayComment ? (
        // A new key after each comment empties the form for the next.
        <CommentForm key={comments.length} lastResult={lastResult} />
      ) : whyNot ? (
        <p className="muted">{whyNot}</p>
      ) : null}
    </section>
  )
}

function ModerateButton({ comment }: { comment: TopicCommentData }) {
  return (
    <Form method="post" className="inline-form" preventScrollReset>
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value={comment.hidden ? 'show-comment' : 'hide-comment'} />
      <input type="hidden" name="commentId" value={comment.id} />
      <button type="submit" className="button button--secondary button--small">
        {comment.hidden ? 'Show comment' : 'Hide comment'}
        <span className="visually-hidden">
          {' '}
          by {comment.authorName}, {comment.postedAt}
        </span>
      </button>
    </Form>
  )
}

function CommentForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'topic-comment',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CommentIntentSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack topic-comment-form" preventScrollReset>
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="comment" />
      <ErrorList errors={form.errors} />
      <MarkdownField>
        <TextareaField meta={fields.body} label="Your comment" hint="Markdown. Be kind and brief." rows={4} />
      </MarkdownField>
      <div>
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          Post comment
        </button>
      </div>
    </Form>
  )
}
