/**
 * What a word is, in a module of its own with no dependencies, so browser scripts (the passage
 * lookup) split text into words exactly as the pipeline counts them, without bundling the
 * Markdown parser.
 */

/** Scripts written without spaces (Han, kana, Thai and the like), where each character is a word. */
export const SPACELESS = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}';

/**
 * A word: a run of letters and digits (with marks, inner apostrophes and hyphens), except in
 * scripts written without spaces, where each character counts as one word, as word counts for
 * Chinese and Japanese are usually given. `WORD` says it as a regular expression; `countWords`
 * (normalize.ts) counts the same a character at a time, about ten times faster on a large
 * archive (normalize.test.ts holds the two equal).
 */
export const WORD = new RegExp(`[${SPACELESS}]|(?:(?![${SPACELESS}])[\\p{L}\\p{N}])(?:(?![${SPACELESS}])[\\p{L}\\p{N}\\p{M}'’-])*`, 'gu');
