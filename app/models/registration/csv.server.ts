import { stringify } from 'csv-stringify/sync'
import { listQuestions } from './questions.server'
import { questionKey, ROLE_LABELS } from './schema'
import { listRegistrations } from './registrations.server'

function answerText(value: unknown): string {
  if (Array.isArray(value)) return value.join('; ')
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  return value === undefined || value === null ? '' : String(value)
}

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return before one) as a formula, and
 * registrants type names, projects and answers. Per OWASP's CSV injection advice such a cell gets a leading `'`,
 * which spreadsheets show as text. Applied to every text cell, the header's question labels included: the cells
 * we generate never start with these characters, so only typed text is ever changed.
 */
function neutralizeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell
}

/** Every registration of the event as CSV (UTF-8 with BOM so spreadsheets read accents), one column per question. */
export async function registrationsCsv(eventId: number): Promise<string> {
  const [rows, questions] = await Promise.all([listRegistrations(eventId), listQuestions(eventId)])
  const header = [
    'Name',
    'Email',
    'Status',
    'Waiting list position',
    'Attendance',
    'Projects',
    'Role',
    'Accessibility needs',
    'Dietary needs',
    'Listed publicly',
    'Registered at (UTC)',
    'Checked in at (UTC)',
    ...questions.map((q) => q.label),
  ]
  const records = rows.map((r) => [
    r.name,
    r.email,
    r.status,
    r.position ?? '',
    r.attendance_mode === 'in_person' ? 'in person' : 'remote',
    r.affiliations.join('; '),
    r.role ? ROLE_LABELS[r.role as keyof typeof ROLE_LABELS] ?? r.role : '',
    r.accessibility_needs ?? '',
    r.dietary_needs ?? '',
    r.public_listing ? 'yes' : 'no',
    r.created_at.toISOString(),
    r.checked_in_at?.toISOString() ?? '',
    ...questions.map((q) => answerText(r.answers[questionKey(q.id)])),
  ])
  return '\uFEFF' + stringify([header, ...records], { cast: { string: neutralizeFormula } })
}
