import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '~/utils/markdown.server'
import { renderNotesMarkdown } from '~/models/notes/markdown'

// Known XSS vectors, as attendees could type them into shared notes. Whatever the markdown, the HTML must hold no
// script, no event handler, no style, no embedding or form element, and no URL with a scheme other than
// http(s) or mailto — however the scheme is spelled or encoded.
const VECTORS: [string, string][] = [
  ['script tag', '<script>alert(1)</script>'],
  ['script tag inside a paragraph', 'Hello <script src="https://evil.example/x.js"></script> world'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['img onerror without quotes or spaces', '<img/src=x/onerror=alert(1)>'],
  ['event handler on a link', '<a href="https://ok.example" onclick="alert(1)">x</a>'],
  ['javascript: link', '[click](javascript:alert(1))'],
  ['javascript: link in mixed case', '[click](JaVaScRiPt:alert(1))'],
  ['javascript: link with leading spaces', '[click](<  javascript:alert(1)>)'],
  ['javascript: link with a tab inside', '[click](java\tscript:alert(1))'],
  ['javascript: image', '![alt](javascript:alert(1))'],
  ['javascript: reference definition', '[click][evil]\n\n[evil]: javascript:alert(1)'],
  ['javascript: autolink', '<javascript:alert(1)>'],
  ['vbscript: link', '[click](vbscript:msgbox(1))'],
  ['data: link', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['data: image', '![alt](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
  ['data: link with entities', '[click](&#100;ata:text/html,<script>alert(1)</script>)'],
  [
    'entity-encoded javascript: (decimal)',
    '[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))',
  ],
  ['entity-encoded javascript: (hex)', '[click](&#x6A;&#x61;vascript&#x3A;alert(1))'],
  ['entity-encoded javascript: (named colon)', '[click](javascript&colon;alert(1))'],
  ['entity-encoded javascript: in raw HTML', '<a href="&#106;avascript:alert(1)">x</a>'],
  ['tab entity inside javascript:', '[click](java&#x09;script:alert(1))'],
  ['style attribute', '<p style="background:url(javascript:alert(1))">styled</p>'],
  ['style element', '<style>body{background:url(javascript:alert(1))}</style>'],
  ['svg onload', '<svg onload=alert(1)>'],
  ['svg with script', '<svg><script>alert(1)</script></svg>'],
  ['svg use with a javascript: href', '<svg><use xlink:href="javascript:alert(1)"/></svg>'],
  ['iframe', '<iframe src="javascript:alert(1)"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['form with action', '<form action="javascript:alert(1)"><button>Go</button></form>'],
  ['button formaction', '<button formaction="javascript:alert(1)">Go</button>'],
  ['input autofocus onfocus', '<input autofocus onfocus=alert(1)>'],
  ['details ontoggle', '<details open ontoggle=alert(1)>x</details>'],
  ['object', '<object data="javascript:alert(1)"></object>'],
  ['embed', '<embed src="javascript:alert(1)">'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['base href', '<base href="javascript:/">'],
  ['link stylesheet', '<link rel="stylesheet" href="https://evil.example/x.css">'],
  ['math mXSS', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
  ['noscript mXSS', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ['quote breaking out of an autolink', '<https://ok.example/" onmouseover="alert(1)>'],
  ['quote breaking out of a link title', '[x](https://ok.example "t\\" onmouseover=\\"alert(1)")'],
  ['html comment trick', '<!--><script>alert(1)</script>-->'],
  ['table cell with a handler', '| a |\n| --- |\n| <td onmouseover=alert(1)>x</td> |'],
]

const FORBIDDEN_TAGS = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'form',
  'button',
  'textarea',
  'select',
  'svg',
  'math',
  'meta',
  'base',
  'link',
  'noscript',
  'template',
])
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'cite',
  'poster',
  'background',
])
const FORBIDDEN_ATTRIBUTES = /^(on.*|style|srcdoc|formaction|action|xlink:href)$/i

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&colon;/gi, ':')
    .replace(/&quot;/gi, '"')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&amp;/gi, '&')
}

/** Every element and attribute of rehype-stringify's output (always double-quoted, `<` in text escaped). */
function elementsOf(html: string) {
  const elements: { tag: string; attributes: [string, string][] }[] = []
  for (const [, tag, rest] of html.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const attributes: [string, string][] = []
    for (const [, name, value] of (rest ?? '').matchAll(/([^\s"'=/>]+)(?:="([^"]*)")?/g)) {
      attributes.push([name!.toLowerCase(), decodeEntities(value ?? '')])
    }
    elements.push({ tag: tag!.toLowerCase(), attributes })
  }
  return elements
}

function problemsIn(html: string): string[] {
  const problems: string[] = []
  for (const { tag, attributes } of elementsOf(html)) {
    if (FORBIDDEN_TAGS.has(tag)) problems.push(`<${tag}>`)
    if (tag === 'input' && !attributes.some(([n, v]) => n === 'type' && v === 'checkbox')) problems.push('<input>')
    for (const [name, value] of attributes) {
      if (FORBIDDEN_ATTRIBUTES.test(name)) problems.push(`${tag}[${name}]`)
      if (URL_ATTRIBUTES.has(name)) {
        // Browsers drop control characters and spaces before the scheme.
        const url = [...value].filter((ch) => ch.charCodeAt(0) > 0x20 && ch.charCodeAt(0) !== 0x7f).join('')
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase()
        if (scheme && !['http', 'https', 'mailto'].includes(scheme)) problems.push(`${tag}[${name}=${value}]`)
      }
    }
  }
  if (/<\/?(script|iframe|svg|form)\b/i.test(html)) problems.push('raw dangerous tag')
  return problems
}

describe('markdown XSS vectors', () => {
  it.each(VECTORS)('%s is neutralized', (_name, markdown) => {
    for (const html of [renderMarkdown(markdown), renderNotesMarkdown(markdown)]) {
      expect(problemsIn(html), html).toEqual([])
    }
  })

  it('all vectors in one document are neutralized too', () => {
    const markdown = VECTORS.map(([, md]) => md).join('\n\n')
    for (const html of [renderMarkdown(markdown), renderNotesMarkdown(markdown)]) {
      expect(problemsIn(html), html).toEqual([])
    }
  })

  it('notes name their task-list checkboxes, and typed text cannot fake one', () => {
    const html = renderNotesMarkdown(
      '- [ ] open\n- [x] done\n\n`<input type="checkbox" disabled>` <input type="checkbox" disabled>',
    )
    expect(html).toContain('<input type="checkbox" disabled aria-label="To do"> open')
    expect(html).toContain('<input type="checkbox" checked disabled aria-label="Done"> done')
    expect(html.match(/<input/g)).toHaveLength(2)
  })

  it('keeps what notes need: links, images with alt text, task lists and tables', () => {
    const html = renderMarkdown(
      '[SPEC](https://scientific-python.org/specs/) ![Whiteboard](https://example.org/w.png) <mailto:a@example.org>\n\n- [ ] @ralf: draft the SPEC\n- [x] done\n\n| a | b |\n| - | - |\n| 1 | 2 |',
    )
    expect(html).toContain('<a href="https://scientific-python.org/specs/">SPEC</a>')
    expect(html).toContain('<img src="https://example.org/w.png" alt="Whiteboard">')
    expect(html).toContain('<input type="checkbox" disabled>')
    expect(html).toContain('<input type="checkbox" checked disabled>')
    expect(html).toContain('<table>')
    expect(problemsIn(html)).toEqual([])
  })

  it('the checker itself catches what it should', () => {
    expect(problemsIn('<a href="jav&#x09;ascript:alert(1)">x</a>')).toEqual(['a[href=jav\tascript:alert(1)]'])
    expect(problemsIn('<img src="x" onerror="alert(1)">')).toEqual(['img[onerror]'])
    expect(problemsIn('<p style="x">')).toEqual(['p[style]'])
    expect(problemsIn('<svg>')).toContain('<svg>')
  })
})
