// The renderer itself is isomorphic (app/utils/markdown.ts, shared with the markdown fields' preview); loaders
// keep importing it from here.
export { markdownExcerpt, renderInlineMarkdown, renderMarkdown } from './markdown'
