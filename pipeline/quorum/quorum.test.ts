import { describe, expect, it } from 'vitest';
import type { Board, Policy } from '../schemas/index.ts';
import { classifyChange } from './classify.ts';
import { countQuorum, type Review } from './count.ts';
import { memberForTrailer, verdictsForMainLine } from './trailers.ts';

const board: Board = {
  schemaVersion: 1,
  members: [
    { handle: 'bea', name: 'Bea Steward', terms: [{ from: '2026-01-01', roles: ['chair'] }] },
    { handle: 'cai', name: 'Cai', github: 'cai-gh', terms: [{ from: '2026-01-01', roles: ['steward'] }] },
    { handle: 'dee', name: 'Dee', terms: [{ from: '2026-01-01', to: '2026-06-30', roles: ['steward'] }] },
    { handle: 'eli', name: 'Eli', terms: [{ from: '2026-01-01', roles: ['steward'] }] },
  ],
};
const review: Policy['review'] = { approvalsToMerge: 2, approvals: { withdrawal: 1, policy: 3, board: 3, 'agreement-text': 3, code: 3 } };
const HEAD = 'h'.repeat(40);
const r = (login: string | null, state: Review['state'], at: string, commitId: string | null = HEAD): Review => ({
  user: login ? { login } : null,
  state,
  commitId,
  submittedAt: `2026-05-0${at}T12:00:00Z`,
});
const judge = (reviews: Review[], over: Partial<Parameters<typeof countQuorum>[0]> = {}) =>
  countQuorum({ board, review, kinds: ['donation'], author: 'ana', headSha: HEAD, reviews, now: '2026-05-10T00:00:00Z', ...over });

describe('the board’s quorum', () => {
  it('passes with enough serving members approving the current head, by their GitHub logins', () => {
    const v = judge([r('bea', 'APPROVED', '1'), r('cai-gh', 'APPROVED', '2')]);
    expect(v).toMatchObject({ met: true, needed: 2, approvedBy: ['bea', 'cai'] });
  });

  it('fails while too few have approved, naming who still could', () => {
    const v = judge([r('bea', 'APPROVED', '1')]);
    expect(v).toMatchObject({ met: false, needed: 2, approvedBy: ['bea'], couldApprove: ['cai', 'dee', 'eli'] });
  });

  it('counts only approvals of the current head commit', () => {
    const v = judge([r('bea', 'APPROVED', '1'), r('eli', 'APPROVED', '2', 'o'.repeat(40))]);
    expect(v.met).toBe(false);
    expect(v.notCounted).toEqual([{ login: 'eli', why: expect.stringContaining('approved an earlier commit') }]);
  });

  it('never counts the author’s own approval', () => {
    const v = judge([r('bea', 'APPROVED', '1'), r('eli', 'APPROVED', '2')], { author: 'eli' });
    expect(v).toMatchObject({ met: false, approvedBy: ['bea'] });
    expect(v.notCounted[0]!.why).toContain('author');
    expect(v.couldApprove).not.toContain('eli');
  });

  it('does not count members outside their term, nor people off the board, nor deleted accounts', () => {
    const v = judge([r('dee', 'APPROVED', '1'), r('zed', 'APPROVED', '2'), r(null, 'APPROVED', '3'), r('bea', 'APPROVED', '4')], { now: '2026-07-01T00:00:00Z' });
    expect(v.approvedBy).toEqual(['bea']);
    expect(v.notCounted.map((n) => n.login).sort()).toEqual(['a deleted account', 'dee', 'zed']);
    expect(judge([r('dee', 'APPROVED', '1'), r('bea', 'APPROVED', '2')]).met).toBe(true);
  });

  it('takes each member’s latest review: a later “changes requested” or a dismissal removes an approval, a comment does not', () => {
    expect(judge([r('bea', 'APPROVED', '1'), r('cai-gh', 'APPROVED', '2'), r('bea', 'CHANGES_REQUESTED', '3')]).met).toBe(false);
    expect(judge([r('bea', 'APPROVED', '1'), r('cai-gh', 'APPROVED', '2'), r('cai-gh', 'DISMISSED', '3')]).met).toBe(false);
    expect(judge([r('bea', 'APPROVED', '1'), r('cai-gh', 'APPROVED', '2'), r('bea', 'COMMENTED', '3')]).met).toBe(true);
    expect(judge([r('bea', 'CHANGES_REQUESTED', '1'), r('bea', 'APPROVED', '2'), r('eli', 'APPROVED', '3')]).met).toBe(true);
  });

  it('needs the most any kind of the change needs: policy, board, agreement texts and code need the most', () => {
    expect(judge([r('bea', 'APPROVED', '1')], { kinds: ['withdrawal'] })).toMatchObject({ met: true, needed: 1 });
    expect(judge([r('bea', 'APPROVED', '1'), r('eli', 'APPROVED', '2')], { kinds: ['donation', 'policy'] })).toMatchObject({ met: false, needed: 3, strictest: 'policy' });
  });
});

describe('classifying a change', () => {
  it('tells donations, withdrawals, records and code apart, and keeps a withdrawal’s agreement date part of it', () => {
    expect(
      classifyChange([
        { path: 'corpus/ana/river.md', status: 'added' },
        { path: 'governance/agreements/ana.yaml', status: 'added' },
      ]),
    ).toEqual(['donation', 'agreement']);
    expect(
      classifyChange([
        { path: 'corpus/ana/river.md', status: 'removed' },
        { path: 'governance/withdrawals/ana.yaml', status: 'added' },
        { path: 'governance/agreements/ana.yaml', status: 'modified' },
      ]),
    ).toEqual(['withdrawal']);
    expect(
      classifyChange([
        { path: '.github/workflows/gate.yml', status: 'modified' },
        { path: 'governance/policy.yaml', status: 'modified' },
      ]),
    ).toEqual(['policy', 'code']);
  });
});

describe('the quorum from git trailers', () => {
  it('finds board members by noreply address, e-mail name, handle, login or name', () => {
    expect(memberForTrailer(board, { name: 'Someone', email: '77+cai-gh@users.noreply.github.com' })?.handle).toBe('cai');
    expect(memberForTrailer(board, { name: 'Bea Steward', email: 'b@example.invalid' })?.handle).toBe('bea');
    expect(memberForTrailer(board, { name: 'X', email: 'eli@example.invalid' })?.handle).toBe('eli');
    expect(memberForTrailer(board, { name: 'Nobody' })).toBeUndefined();
  });

  it('judges each merge that changed the records, and a direct commit as having no pull request', () => {
    const merge = {
      commit: 'm'.repeat(40),
      parents: ['p'.repeat(40), HEAD],
      author: 'GitHub',
      date: '2026-05-10T00:00:00Z',
      committed: '2026-05-10T00:00:00Z',
      changes: new Map([['corpus/ana/river.md', 'A']]),
      message: 'Merge pull request #12 from ana/donate\n\nReviewed-by: Bea Steward <bea@example.invalid>\nApproved-by: Eli <eli@example.invalid>',
    };
    const direct = {
      commit: 'd'.repeat(40),
      parents: ['m'.repeat(40)],
      author: 'Bea Steward',
      date: '2026-05-11T00:00:00Z',
      committed: '2026-05-11T00:00:00Z',
      changes: new Map([['governance/policy.yaml', 'M']]),
      message: 'Tweak the policy',
    };
    const registryOnly = { ...direct, commit: 'r'.repeat(40), changes: new Map([['registry/models/index.json', 'M']]), message: 'Pipeline' };
    const v = verdictsForMainLine([registryOnly, direct, merge], board, review);
    expect(v.map((x) => [x.commit[0], x.verdict.met, x.pullRequest ?? null])).toEqual([
      ['d', false, null],
      ['m', true, 12],
    ]);
    expect(v[0]!.reason).toContain('without a pull request');
  });
});
