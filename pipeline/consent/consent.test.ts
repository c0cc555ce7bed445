import { describe, expect, it } from 'vitest';
import * as browser from '../../site/scripts/fingerprint.ts';
import type { Agreement } from '../schemas/index.ts';
import { displayOf, namedAs, normalizeTitle, publicIdentity, titleFingerprint, WITHDRAWN_WRITER } from './index.ts';

const agreement = (over: Partial<Agreement> = {}): Agreement => ({
  handle: 'ana',
  publicName: { display: 'name', name: 'Ana Okafor' },
  agreementVersion: '1.0',
  signed: '2026-01-01',
  signature: 'Ana Okafor',
  scopes: ['train-shared'],
  ...over,
});

describe('consent, decided in one place', () => {
  it('fingerprints a title in the browser exactly as the pipeline does', async () => {
    for (const title of ['Night Ferry', '  night\tFERRY  ', 'Ça va, Éloïse?', '静夜思', 'Cafe\u0301 au lait', 'Jam <i>& "Marmalade"</i>']) {
      expect(browser.normalizeTitle(title)).toBe(normalizeTitle(title));
      expect(await browser.titleFingerprint(title)).toBe(titleFingerprint(title));
    }
    expect(titleFingerprint('  night   FERRY ')).toBe(titleFingerprint('Night Ferry'));
  });

  it('names a writer who withdrew as a writer who has since withdrawn, unless they asked to stay named', () => {
    const gone = publicIdentity('ana', agreement({ withdrawn: '2026-06-01' }));
    expect(gone).toMatchObject({ name: WITHDRAWN_WRITER, display: 'withdrawn', withdrawn: '2026-06-01' });
    expect(gone.slug).not.toContain('ana');
    expect(namedAs(gone)).toBeNull();
    const kept = publicIdentity('ana', agreement({ withdrawn: '2026-06-01', publicName: { display: 'name', name: 'Ana Okafor', keepAfterWithdrawal: true } }));
    expect(kept).toMatchObject({ name: 'Ana Okafor', slug: 'ana', withdrawn: '2026-06-01' });
  });

  it('never shows an anonymous writer’s handle or name', () => {
    const anon = publicIdentity('ana-okafor', agreement({ publicName: { display: 'anonymous' } }));
    expect(JSON.stringify(anon)).not.toContain('ana');
    expect(namedAs(anon)).toBeNull();
  });

  it('tells anonymous writers apart by a stable label that does not reveal who they are', () => {
    const one = publicIdentity('ana-okafor', agreement({ publicName: { display: 'anonymous' } }));
    const two = publicIdentity('bo-lind', agreement({ publicName: { display: 'anonymous' } }));
    expect(one.name).toMatch(/^An anonymous writer \([0-9a-f]{4}\)$/);
    expect(one.name).not.toBe(two.name);
    expect(publicIdentity('ana-okafor', agreement({ publicName: { display: 'anonymous' } })).name).toBe(one.name);
  });

  it('shows a work in full, as an excerpt or not at all, and nothing once withdrawn', () => {
    expect(displayOf(['display-full', 'display-excerpts'], false)).toBe('full');
    expect(displayOf(['display-excerpts'], false)).toBe('excerpt');
    expect(displayOf(['train-shared'], false)).toBe('none');
    expect(displayOf(['display-full'], true)).toBe('none');
  });
});
