import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from '@remix-run/react'
import { useRef } from 'react'
import type { z } from 'zod'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { CheckboxField, ErrorList, InputField, SelectField, TextareaField } from '~/components/forms'
import { MarkdownField } from '~/components/markdown-field'
import {
  EVENT_STATUS_LABELS,
  EVENT_STATUSES,
  EventFieldsSchema,
  EventInputSchema,
  LOCATION_KIND_LABELS,
  LOCATION_KINDS,
} from '~/models/events/schema'
import { slugify } from '~/utils/slug'

type EventFormHook = ReturnType<typeof useForm<z.input<typeof EventInputSchema>, z.output<typeof EventInputSchema>>>
type EventFormMeta = EventFormHook[0]
type EventFields = EventFormHook[1]

export type EventFormDefaults = Partial<Record<keyof z.input<typeof EventInputSchema>, string>>

export function EventForm({
  defaultValue,
  lastResult,
  timeZones,
  submitLabel,
}: {
  defaultValue: EventFormDefaults
  lastResult?: SubmissionResult<string[]> | null
  timeZones: string[]
  submitLabel: string
}) {
  const navigation = useNavigation()
  const [form, fields] = useForm<z.input<typeof EventInputSchema>, z.output<typeof EventInputSchema>>({
    id: 'event-form',
    defaultValue,
    lastResult,
    constraint: getZodConstraint(EventFieldsSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EventInputSchema }),
  })
  const zoneOptions = timeZones.map((z) => ({ value: z, label: z.replaceAll('_', ' ') }))
  const busy = navigation.state === 'submitting'
  return (
    <Form method="post" {...getFormProps(form)} className="event-form">
      <AuthenticityTokenInput />
      <div id={form.errorId} aria-live="polite">
        <ErrorList errors={form.errors} />
      </div>
      <AboutFields form={form} fields={fields} autoSlug={!defaultValue.slug} />
      <WhenFields fields={fields} zoneOptions={zoneOptions} />
      <WhereFields fields={fields} />
      <RegistrationFields fields={fields} />
      <RecordingsFields fields={fields} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </Form>
  )
}

/** The longest web address the schema takes. */
const SLUG_MAX = 80

/**
 * A new event's web address follows its title as the organizer types it, until they edit the address by hand
 * (emptying it hands it back to the title). An existing event keeps its address: links to it are out there.
 */
function AboutFields({ form, fields, autoSlug }: { form: EventFormMeta; fields: EventFields; autoSlug: boolean }) {
  const slugEdited = useRef(false)
  return (
    <fieldset className="card stack">
      <legend>About</legend>
      <InputField
        meta={fields.title}
        label="Title"
        onInput={(event) => {
          if (!autoSlug || slugEdited.current) return
          const slug = slugify(event.currentTarget.value).slice(0, SLUG_MAX).replace(/-+$/, '')
          form.update({ name: fields.slug.name, value: slug })
        }}
      />
      <InputField
        meta={fields.slug}
        label="Web address"
        hint="Lowercase letters, digits and hyphens; the page will be /events/<address>."
        autoCapitalize="none"
        spellCheck={false}
        onInput={(event) => {
          slugEdited.current = event.currentTarget.value !== ''
        }}
      />
      <MarkdownField>
        <TextareaField
          meta={fields.summary}
          label="Summary"
          hint="Markdown: **bold**, [links](https://…), lists. Shown on the event page."
          rows={8}
        />
      </MarkdownField>
      <SelectField
        meta={fields.status}
        label="Status"
        options={EVENT_STATUSES.map((s) => ({ value: s, label: EVENT_STATUS_LABELS[s] }))}
      />
    </fieldset>
  )
}

function WhenFields({ fields, zoneOptions }: { fields: EventFields; zoneOptions: { value: string; label: string }[] }) {
  return (
    <fieldset className="card stack">
      <legend>When</legend>
      <SelectField
        meta={fields.timeZone}
        label="Time zone"
        hint="Times below are wall-clock times in this zone."
        options={zoneOptions}
        placeholder="Choose a time zone"
      />
      <div className="field-row">
        <InputField meta={fields.startsAt} label="Starts" type="datetime-local" />
        <InputField meta={fields.endsAt} label="Ends" type="datetime-local" />
      </div>
      <div className="field-row">
        <InputField
          meta={fields.registrationOpensAt}
          label="Registration opens"
          type="datetime-local"
          hint="Empty: open now."
        />
        <InputField
          meta={fields.registrationClosesAt}
          label="Registration closes"
          type="datetime-local"
          hint="Empty: until the event starts."
        />
      </div>
    </fieldset>
  )
}

function WhereFields({ fields }: { fields: EventFields }) {
  return (
    <fieldset className="card stack">
      <legend>Where</legend>
      <SelectField
        meta={fields.locationKind}
        label="Format"
        options={LOCATION_KINDS.map((k) => ({ value: k, label: LOCATION_KIND_LABELS[k] }))}
      />
      <InputField meta={fields.venueName} label="Venue" hint="Required for in-person and hybrid events." />
      <TextareaField meta={fields.venueAddress} label="Street address" rows={2} />
      <InputField
        meta={fields.onlineUrl}
        label="Online meeting link"
        type="url"
        hint="Private: only confirmed attendees see it."
      />
      <InputField
        meta={fields.capacity}
        label="Capacity"
        type="number"
        min={1}
        inputMode="numeric"
        hint="Seats available; empty for no limit."
      />
      <InputField
        meta={fields.inPersonCapacity}
        label="In-person seats"
        type="number"
        min={1}
        inputMode="numeric"
        hint="Hybrid events only: seats in the room, within the capacity. Empty: no separate limit."
      />
    </fieldset>
  )
}

function RegistrationFields({ fields }: { fields: EventFields }) {
  return (
    <fieldset className="card stack">
      <legend>Registration</legend>
      <CheckboxField
        meta={fields.requiresApproval}
        label="Organizers approve each registration"
        hint="Registrations wait as pending until you approve or decline them; approval still respects capacity."
      />
    </fieldset>
  )
}

function RecordingsFields({ fields }: { fields: EventFields }) {
  return (
    <fieldset className="card stack">
      <legend>Recordings</legend>
      <InputField
        meta={fields.youtubePlaylistId}
        label="YouTube playlist"
        hint="Playlist id or link; Convene links its videos to sessions after the event."
      />
      <InputField meta={fields.youtubeChannelId} label="YouTube channel id" hint="Optional, starts with UC." />
    </fieldset>
  )
}
