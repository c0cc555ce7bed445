import { describe, expect, it } from 'vitest';
import { actionLinks, webUrl } from './links.ts';

describe('action links', () => {
  it('link the issue forms and the contact of a co-op on GitHub', () => {
    const links = actionLinks({ repository: 'https://github.com/tide-writers/coop/', contact: 'stewards@tide.example' });
    expect(links.repository).toBe('https://github.com/tide-writers/coop');
    expect(links.forms?.donate).toBe('https://github.com/tide-writers/coop/issues/new?template=donate-a-work.yml');
    expect(links.contact).toEqual({ href: 'mailto:stewards@tide.example', text: 'stewards@tide.example' });
  });

  it('never make a link of a scheme that runs code, and keep a contact that is neither address nor URL as text', () => {
    expect(webUrl('javascript:alert(1)')).toBeUndefined();
    expect(actionLinks({ repository: 'javascript:alert(1)', contact: 'javascript:alert(1)' })).toEqual({ contact: { text: 'javascript:alert(1)' } });
    expect(actionLinks({ contact: 'ask at the Thursday meeting' }).contact).toEqual({ text: 'ask at the Thursday meeting' });
  });

  it('offer no forms where the repository is not on GitHub', () => {
    expect(actionLinks({ repository: 'https://git.example.org/coop' }).forms).toBeUndefined();
  });
});
