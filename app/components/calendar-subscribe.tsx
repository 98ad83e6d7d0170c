/** The `webcal://` form of an http(s) feed URL, which calendar apps open as a subscription. */
export function webcalUrl(feedUrl: string): string {
  return feedUrl.replace(/^https?:\/\//i, 'webcal://')
}

/** Google Calendar's "add by URL" link for a feed. */
export function googleCalendarSubscribeUrl(feedUrl: string): string {
  return `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcalUrl(feedUrl))}`
}

/**
 * Ways to follow an iCalendar feed: subscribe in a desktop or phone calendar (webcal://), add it to Google
 * Calendar, or download the file once. `feedUrl` is the absolute http(s) URL of the feed; `label` names the feed
 * for screen readers ("the Domain Stacks Summit agenda"), since the three link texts are the same on every feed.
 */
export function CalendarSubscribe({
  feedUrl,
  label,
  className,
}: {
  feedUrl: string
  label: string
  className?: string
}) {
  const suffix = <span className="visually-hidden"> — {label}</span>
  return (
    <ul className={className ? `calendar-subscribe ${className}` : 'calendar-subscribe'}>
      <li>
        <a href={webcalUrl(feedUrl)}>Subscribe (Apple, Outlook, Thunderbird){suffix}</a>
      </li>
      <li>
        <a href={googleCalendarSubscribeUrl(feedUrl)} rel="noopener noreferrer">
          Add to Google Calendar{suffix}
        </a>
      </li>
      <li>
        <a href={feedUrl} download>
          Download .ics{suffix}
        </a>
      </li>
    </ul>
  )
}

/**
 * One-off "add this session or event" links: calendar web apps (from calendarLinks in ~/utils/calendar-links), and
 * the .ics file itself for Apple Calendar and other desktop apps when `icsUrl` is given. `label` names what is
 * added for screen readers when a page has several of these lists.
 */
export function AddToCalendarLinks({
  links,
  icsUrl,
  label,
}: {
  links: { google: string; outlook: string }
  icsUrl?: string
  label?: string
}) {
  const suffix = label ? <span className="visually-hidden"> — {label}</span> : null
  return (
    <ul className="inline-list add-to-calendar">
      <li>
        <a href={links.google} rel="noopener noreferrer">
          Google Calendar{suffix}
        </a>
      </li>
      <li>
        <a href={links.outlook} rel="noopener noreferrer">
          Outlook{suffix}
        </a>
      </li>
      {icsUrl ? (
        <li>
          <a href={icsUrl} download>
            Apple / .ics{suffix}
          </a>
        </li>
      ) : null}
    </ul>
  )
}
