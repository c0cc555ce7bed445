/** Characters (Unicode code points) to ids and back. Saved beside the weights as tokenizer.json. */

/** Stands for any character the vocabulary lacks. */
export const UNKNOWN = '\uFFFD';
/** Marks the boundary between two works in the training stream. */
export const BOUNDARY = '\u0002';

export interface TokenizerJson {
  version: 1;
  unknown: string;
  boundary: string;
  /** Symbols by id: unknown first, boundary second, then the dataset's characters in code-point order. */
  symbols: string[];
}

export class Tokenizer {
  private readonly ids: Map<string, number>;
  constructor(readonly symbols: readonly string[]) {
    this.ids = new Map(symbols.map((s, i) => [s, i]));
  }

  /** A vocabulary from texts: every code point they use. */
  static fromTexts(texts: Iterable<string>): Tokenizer {
    const chars = new Set<string>();
    for (const t of texts) for (const c of t) chars.add(c);
    chars.delete(UNKNOWN);
    chars.delete(BOUNDARY);
    const sorted = [...chars].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    return new Tokenizer([UNKNOWN, BOUNDARY, ...sorted]);
  }

  static fromJson(json: TokenizerJson): Tokenizer {
    if (json.version !== 1 || json.symbols[0] !== UNKNOWN || json.symbols[1] !== BOUNDARY) throw new Error('tokenizer.json is not a Commonplace tokenizer (version 1)');
    return new Tokenizer(json.symbols);
  }

  get size(): number {
    return this.symbols.length;
  }

  encode(text: string): Int32Array {
    const out: number[] = [];
    for (const c of text) out.push(this.ids.get(c) ?? 0);
    return Int32Array.from(out);
  }

  decode(ids: Iterable<number>): string {
    let s = '';
    for (const i of ids) s += this.symbols[i] ?? UNKNOWN;
    return s;
  }

  toJson(): TokenizerJson {
    return { version: 1, unknown: UNKNOWN, boundary: BOUNDARY, symbols: [...this.symbols] };
  }
}
