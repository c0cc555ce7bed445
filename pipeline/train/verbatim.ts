/**
 * Longest verbatim runs: the longest piece of one text that appears, letter
 * for letter, anywhere in another. A suffix automaton of the reference text
 * answers this in time linear in both texts (Blumer et al. 1985).
 */
export class SuffixAutomaton {
  private readonly next: Array<Map<number, number>> = [new Map()];
  private readonly link: number[] = [-1];
  private readonly len: number[] = [0];
  private last = 0;

  constructor(text: string) {
    for (const ch of text) this.extend(ch.codePointAt(0)!);
  }

  private extend(c: number): void {
    const cur = this.len.length;
    this.len.push(this.len[this.last]! + 1);
    this.link.push(0);
    this.next.push(new Map());
    let p = this.last;
    while (p !== -1 && !this.next[p]!.has(c)) {
      this.next[p]!.set(c, cur);
      p = this.link[p]!;
    }
    if (p !== -1) {
      const q = this.next[p]!.get(c)!;
      if (this.len[p]! + 1 === this.len[q]) this.link[cur] = q;
      else {
        const clone = this.len.length;
        this.len.push(this.len[p]! + 1);
        this.link.push(this.link[q]!);
        this.next.push(new Map(this.next[q]!));
        while (p !== -1 && this.next[p]!.get(c) === q) {
          this.next[p]!.set(c, clone);
          p = this.link[p]!;
        }
        this.link[q] = clone;
        this.link[cur] = clone;
      }
    }
    this.last = cur;
  }

  /** Length (in code points) and text of the longest substring of `text` found in the automaton's text. */
  longestMatch(text: string): { length: number; match: string } {
    const chars = [...text];
    let state = 0;
    let length = 0;
    let best = 0;
    let bestEnd = 0;
    chars.forEach((ch, i) => {
      const c = ch.codePointAt(0)!;
      while (state !== 0 && !this.next[state]!.has(c)) {
        state = this.link[state]!;
        length = this.len[state]!;
      }
      if (this.next[state]!.has(c)) {
        state = this.next[state]!.get(c)!;
        length++;
      }
      if (length > best) {
        best = length;
        bestEnd = i + 1;
      }
    });
    return { length: best, match: chars.slice(bestEnd - best, bestEnd).join('') };
  }
}
