import { describe, expect, it } from 'vitest';
import { countWords, isMarkdownInert, markdownToText, normalizeWork, textStats, tidy, WORD } from './index.ts';

describe('the normalizer', () => {
  it('turns Markdown into plain text and keeps every line and stanza break', () => {
    const body = '\n# Low Water\n\nThe *river* keeps\nwhat we \\*drop\\*  \n   into it.\n\n\n\nSecond **stanza**,\nline two\n';
    expect(normalizeWork(body, 'md')).toBe('Low Water\n\nThe river keeps\nwhat we *drop*\ninto it.\n\nSecond stanza,\nline two\n');
  });

  it('gives composed and decomposed Unicode the same text', () => {
    expect(normalizeWork('Cafe\u0301 noir\n', 'md')).toBe(normalizeWork('Caf\u00e9 noir\n', 'md'));
    expect(normalizeWork('Cafe\u0301\n', 'txt')).toBe('Caf\u00e9\n');
  });

  it('unifies newlines and trims trailing spaces in plain-text works, leaving Markdown signs alone', () => {
    expect(normalizeWork('  first *line*  \r\nsecond\r\n\r\n\r\n\r\nthird', 'txt')).toBe('  first *line*\nsecond\n\nthird\n');
  });

  it('reads list items as consecutive lines and keeps a scene break', () => {
    expect(normalizeWork('- bread\n- salt\n\n---\n\nafter\n', 'md')).toBe('bread\nsalt\n\n* * *\n\nafter\n');
  });

  it('makes an empty body empty', () => {
    expect(tidy('\n\n  \n')).toBe('');
  });

  it('counts code points, words and non-empty lines', () => {
    expect(textStats('Ça va, isn’t it?\n\nyes 2 times\n')).toEqual({ characters: 30, words: 7, lines: 2 });
    // Scripts written without spaces count a character a word; a poem line is not one word.
    expect(textStats('床前明月光，疑是地上霜。').words).toBe(10);
    expect(textStats('ひらがな and 漢字').words).toBe(7);
  });

  it('counts words a character at a time exactly as the word pattern does, and code points as the string iterator does', () => {
    const alphabet = ['a', 'Z', '9', ' ', '\n', "'", '’', '-', '—', ',', '床', 'ひ', 'ก', 'é', '\u0301', 'ß', '😀', '\ud800', 'я', '٣', '.'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 3000; n++) {
      let t = '';
      for (let i = next() % 40; i > 0; i--) t += alphabet[next() % alphabet.length];
      expect(countWords(t), JSON.stringify(t)).toBe(t.match(WORD)?.length ?? 0);
      expect(textStats(t).characters, JSON.stringify(t)).toBe(Array.from(t).length);
    }
  });
});

describe('the plain-text fast path', () => {
  it('gives exactly what the Markdown parser gives, for every inert text', async () => {
    const { rng } = await import('../../bench/synthetic-coop.ts');
    const random = rng(7);
    const alphabet = ['a', 'b', ' ', ' ', '\n', '\n\n', '\t', '1', '.', ')', '-', '+', '=', '#', '>', '~', ':', '!', '(', '"', 'é', 'e\u0301', '  \n', ',', '?', "'", '’', '—', '\u00a0'];
    let inert = 0;
    for (let i = 0; i < 3000; i++) {
      const body = Array.from({ length: 1 + Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      if (!isMarkdownInert(body)) continue;
      inert++;
      expect(tidy(body), JSON.stringify(body)).toBe(markdownToText(body));
    }
    expect(inert).toBeGreaterThan(300);
  });

  it('is not taken for text with Markdown syntax', () => {
    for (const body of ['a *b*', 'x\n# h', '    code', '1. item', 'a\n---', 'a &amp; b', 'a\\\nb', '> quote', '[a]: b']) {
      expect(isMarkdownInert(body), body).toBe(false);
    }
  });
});
