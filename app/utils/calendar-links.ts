/** "Add to calendar" links for calendar web apps that take an event in the URL. */
export function calendarLinks(event: {
  title: string
  startsAt: Date
  endsAt: Date
  details: string
  location: string
}) {
  const utc = (d: Date) =>
    d
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '')
  const google = new URL('https://calendar.google.com/calendar/render')
  google.search = new URLSearchParams({
    action: 'TEMPLATE',
    text: event.title,
    dates: `${utc(event.startsAt)}/${utc(event.endsAt)}`,
    details: event.details,
    location: event.location,
  }).toString()
  const outlook = new URL('https://outlook.office.com/calendar/0/deeplink/compose')
  outlook.search = new URLSearchParams({
    path: '/calendar/action/compose',
    rru: 'addevent',
    subject: event.title,
    startdt: event.startsAt.toISOString(),
    enddt: event.endsAt.toISOString(),
    body: event.details,
    location: event.location,
  }).toString()
  return { google: google.toString(), outlook: outlook.toString() }
}
