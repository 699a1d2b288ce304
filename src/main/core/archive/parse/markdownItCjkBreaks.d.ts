// markdown-it-cjk-breaks 2.0.0 ships no type declarations. It exports one markdown-it plugin
// (typed loosely here so this ambient file needs no import; any plugin accepts a markdown-it instance).
declare module 'markdown-it-cjk-breaks' {
  const markdownItCjkBreaks: (md: unknown) => void
  export default markdownItCjkBreaks
}
