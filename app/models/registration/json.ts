import type { Registration } from '#db/schema'

/** A registration as the organizer API shows it. */
export function registrationToJson(r: Registration & { position?: number | null }) {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    status: r.status,
    position: r.position ?? null,
    attendanceMode: r.attendance_mode,
    affiliations: r.affiliations,
    role: r.role,
    accessibilityNeeds: r.accessibility_needs,
    dietaryNeeds: r.dietary_needs,
    publicListing: r.public_listing,
    answers: r.answers,
    checkedInAt: r.checked_in_at?.toISOString() ?? null,
    registeredAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }
}
