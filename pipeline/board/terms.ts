import type { Board, BoardMember } from '../schemas/index.ts';

/** Whether a board member is serving on `date` (YYYY-MM-DD; terms include both ends). */
export function servingOn(member: BoardMember, date: string): boolean {
  return member.terms.some((t) => t.from <= date && (t.to === undefined || date <= t.to));
}

/** Handles of the board members serving on `date`. */
export function boardOn(board: Board, date: string): Set<string> {
  return new Set(board.members.filter((m) => servingOn(m, date)).map((m) => m.handle));
}
