/**
 * Where the site sends a reader who wants to act: the repository, its issue forms and the
 * board's contact, from `governance/coop.yaml`. Only http(s) and mailto links are made: a
 * `uri` in a record can be any scheme (`javascript:` too), and the site never links one.
 */
import type { CoopInfo } from '../schemas/index.ts';

export interface ActionLinks {
  repository?: string;
  /** The issue forms, for writers without git. */
  forms?: { donate: string; withdraw: string; propose: string };
  contact?: { href?: string; text: string };
}

/** The URL when it is http(s), else undefined; without a trailing slash. */
export function webUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' || u.protocol === 'http:' ? raw.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

export function actionLinks(info: Pick<CoopInfo, 'repository' | 'contact'>): ActionLinks {
  const repository = webUrl(info.repository);
  const contact = info.contact?.trim();
  const contactUrl = webUrl(contact);
  const form = (template: string) => `${repository}/issues/new?template=${template}`;
  return {
    ...(repository ? { repository } : {}),
    ...(repository && /^https:\/\/github\.com\//.test(repository)
      ? { forms: { donate: form('donate-a-work.yml'), withdraw: form('withdraw-my-writing.yml'), propose: form('propose-a-use-case.yml') } }
      : {}),
    ...(contact ? { contact: EMAIL.test(contact) ? { href: `mailto:${contact}`, text: contact } : contactUrl ? { href: contactUrl, text: contact } : { text: contact } } : {}),
  };
}
