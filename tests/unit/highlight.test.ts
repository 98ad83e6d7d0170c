import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Highlighted } from '~/components/highlighted'
import { MATCH_START as S, MATCH_STOP as E, segmentsText, splitHighlights } from '~/utils/highlight'

describe('splitHighlights', () => {
  it('splits ts_headline output into text and matches', () => {
    expect(splitHighlights(`Sparse ${S}arrays${E} and ${S}dispatching${E}`)).toEqual([
      { text: 'Sparse ', match: false },
      { text: 'arrays', match: true },
      { text: ' and ', match: false },
      { text: 'dispatching', match: true },
    ])
  })

  it('handles text without matches, empty text and a match at either end', () => {
    expect(splitHighlights('plain words')).toEqual([{ text: 'plain words', match: false }])
    expect(splitHighlights('')).toEqual([])
    expect(splitHighlights(`${S}all${E}`)).toEqual([{ text: 'all', match: true }])
  })

  it('never lets a marker into the text, even unbalanced or repeated', () => {
    const segments = splitHighlights(`${E}a ${S}${S}b${E}${E} c ${S}d`)
    expect(segments).toEqual([
      { text: 'a ', match: false },
      { text: 'b', match: true },
      { text: ' c ', match: false },
      { text: 'd', match: true },
    ])
    expect(segmentsText(segments)).toBe('a b c d')
  })

  it('merges neighbouring segments of the same kind', () => {
    expect(splitHighlights(`${S}num${E}${S}py${E}`)).toEqual([{ text: 'numpy', match: true }])
  })

  it('renders matches as <mark> and markup in the text as text', () => {
    const segments = splitHighlights(`<script>alert(1)</script> ${S}<b>x</b>${E} &amp;`)
    expect(renderToStaticMarkup(createElement(Highlighted, { segments }))).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; <mark>&lt;b&gt;x&lt;/b&gt;</mark> &amp;amp;',
    )
  })
})
