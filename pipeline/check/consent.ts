/**
 * Rules that tie each work to its writer's signed agreement, and to where the
 * co-op keeps it: in a public repository git itself publishes every file.
 * Pure: reads a loaded co-op, returns problems.
 */
import { SCOPE_WORDS } from '../consent/index.ts';
import { error, type Problem } from '../problems.ts';
import type { Coop, Loaded, WorkRecord } from '../records/types.ts';
import type { Agreement } from '../schemas/index.ts';

/** Why a public co-op needs display-full, in the words the report and the docs use. */
export const PUBLIC_REPOSITORY_REASON = "this co-op's repository is public (governance/coop.yaml: visibility: public), so git publishes every donated file in full, whatever its display scopes say";

export function checkConsent(coop: Coop): Problem[] {
  const isPublic = coop.info?.value.visibility === 'public';
  return [...[...coop.agreements.values()].flatMap((a) => agreementRules(coop, a)), ...coop.works.flatMap((w) => workConsent(coop, w, isPublic))];
}

/** An agreement names a text that exists, a name the site can show as chosen, and dates in order. */
function agreementRules(coop: Coop, agreement: Loaded<Agreement>): Problem[] {
  const problems: Problem[] = [];
  const a = agreement.value;
  const at = (pointer: string) => ({ pointer, line: agreement.lineOf(pointer) });
  if (!coop.agreementTexts.has(a.agreementVersion)) {
    const known = [...coop.agreementTexts.keys()].sort().join(', ') || 'none';
    problems.push(
      error('agreement/unknown-text', agreement.file, `agreementVersion "${a.agreementVersion}" has no text in governance/agreement-texts/`, {
        ...at('/agreementVersion'),
        hint: `use a version that exists (${known}), or add governance/agreement-texts/${a.agreementVersion}.md`,
      }),
    );
  }
  if (a.publicName.display !== 'anonymous' && !a.publicName.name) {
    problems.push(
      error('agreement/missing-name', agreement.file, `publicName.display is "${a.publicName.display}" but publicName.name is missing`, {
        ...at('/publicName'),
        hint: 'add publicName.name, or set publicName.display: anonymous',
      }),
    );
  }
  if (a.publicName.display === 'anonymous' && a.publicName.name) {
    problems.push(
      error('agreement/anonymous-with-name', agreement.file, 'publicName.display is "anonymous" but a publicName.name is given, which the site would never show', {
        ...at('/publicName/name'),
        hint: 'remove publicName.name, or choose display: name or pen-name',
      }),
    );
  }
  if (a.withdrawn && a.withdrawn < a.signed) {
    problems.push(
      error('agreement/withdrawn-before-signed', agreement.file, `withdrawn (${a.withdrawn}) is before signed (${a.signed})`, { ...at('/withdrawn'), hint: 'correct one of the two dates' }),
    );
  }
  return problems;
}

/** A work sits in its writer's folder, under a signed agreement that grants every scope it names. */
function workConsent(coop: Coop, work: WorkRecord, isPublic: boolean): Problem[] {
  const problems: Problem[] = [];
  const w = work.value;
  const at = (pointer: string) => ({ pointer, line: work.lineOf(pointer) });
  if (w.contributor !== work.handle) {
    problems.push(
      error('work/contributor-mismatch', work.file, `contributor "${w.contributor}" does not match the folder "corpus/${work.handle}/"`, {
        ...at('/contributor'),
        hint: `set contributor: ${work.handle}, or move the file to corpus/${w.contributor}/`,
      }),
    );
    return problems;
  }
  const agreement = coop.agreements.get(work.handle);
  if (!agreement) {
    problems.push(
      error('consent/no-agreement', work.file, `there is no signed agreement for "${work.handle}"`, {
        line: 1,
        hint: `add governance/agreements/${work.handle}.yaml in the same pull request (see docs/contributing.md#agreement)`,
      }),
    );
    return problems;
  }
  const granted = new Set(agreement.value.scopes);
  w.scopes.forEach((scope, i) => {
    if (!granted.has(scope)) {
      problems.push(
        error('consent/scope-not-granted', work.file, `scope "${scope}" (${SCOPE_WORDS[scope].allows}) is not granted in ${agreement.file}`, {
          ...at(`/scopes/${i}`),
          hint: `remove "${scope}" from this work, or update the agreement to grant it (granted: ${[...granted].join(', ') || 'none'})`,
        }),
      );
    }
  });
  if (isPublic && !w.scopes.includes('display-full')) {
    problems.push(
      error('consent/public-needs-display-full', work.file, `does not grant display-full, but ${PUBLIC_REPOSITORY_REASON}`, {
        ...at('/scopes'),
        hint: 'add display-full to the work and to the agreement if the writer accepts that anyone can read it; otherwise do not donate it here (a private co-op can keep it unpublished; see docs/contributing.md#consent)',
      }),
    );
  }
  return problems;
}
