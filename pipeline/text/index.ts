/**
 * A work's text as data: the one Markdown parse, the markup rules (no HTML, JSX or script links),
 * nesting limits measured before parsing, links judged after WHATWG URL parsing, and the plain
 * text a dataset takes. Pure.
 */
export { MAX_BLOCK_DEPTH, MAX_BRACKET_DEPTH, MAX_EMPHASIS_DEPTH, MAX_YAML_DEPTH, markdownTooDeep, yamlTooDeep, type MarkdownNesting, type TooDeep } from './nesting.ts';
export { countWords, isMarkdownInert, markdownToText, needsParsing, NORMALIZER, normalizeWork, textStats, tidy, WORD } from './normalize.ts';
export { isSafeAbsoluteLink, isSafeLink, LINK_PROTOCOLS } from './safe-links.ts';
export { findUnsafeMarkup, parseWorkBody, type MarkupSource } from './work-body.ts';
export { bloomFalsePositiveRate, bloomHas, bloomPositions, chanceInWords, hash32, PASSAGE_NGRAM, passageWords, wordNgrams } from './passage-hash.ts';
export { creditSpans, windowHashes, type CreditSpan, type WindowIndex } from './window-hash.ts';
