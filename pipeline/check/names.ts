/**
 * Names and titles that cannot deceive a reader. Pure: reads a loaded co-op, returns problems.
 *
 * - No field that names someone or something (every `title`, `name`, `signature`, `handle`
 *   and `github` of every record) may hold a bidi control (which reorders what is shown:
 *   U+202A–202E, U+2066–2069, U+200E/F, U+061C) or an invisible character (zero-width
 *   U+200B–200D, U+2060, U+FEFF, the soft hyphen and every other Unicode
 *   Default_Ignorable_Code_Point), nor a control character or line separator.
 * - A writer's public name may not look like another writer's: names are compared by their
 *   Unicode UTS #39 skeleton (NFD, default-ignorables removed, each character mapped to its
 *   prototype with the `unhomoglyph` package's copy of confusables.txt, NFD again), so a
 *   Cyrillic "А" in place of a Latin "A" is caught. The later signer's agreement is flagged,
 *   unless an accepted decision lists that writer in `allowsLookAlikeNames`.
 */
import unhomoglyph from 'unhomoglyph';
import { error, type Problem } from '../problems.ts';
import type { Coop, Loaded } from '../records/types.ts';

/** The fields that name a person or a thing, wherever they are in a record. */
const NAMING_FIELDS = new Set(['title', 'name', 'signature', 'handle', 'github']);

const DECEPTIVE = /[\p{Bidi_Control}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Zl}\p{Zp}]/u;

const CHARACTER_NAMES: Readonly<Record<number, string>> = {
  173: 'soft hyphen',
  1564: 'Arabic letter mark',
  8203: 'zero width space',
  8204: 'zero width non-joiner',
  8205: 'zero width joiner',
  8206: 'left-to-right mark',
  8207: 'right-to-left mark',
  8234: 'left-to-right embedding',
  8235: 'right-to-left embedding',
  8236: 'pop directional formatting',
  8237: 'left-to-right override',
  8238: 'right-to-left override',
  8288: 'word joiner',
  8294: 'left-to-right isolate',
  8295: 'right-to-left isolate',
  8296: 'first strong isolate',
  8297: 'pop directional isolate',
  65279: 'zero width no-break space (byte order mark)',
};

/** The first character of `text` that could hide or reorder what a reader sees, with its position (1-based, in characters). */
export function deceptiveCharacter(text: string): { codePoint: number; position: number; description: string } | undefined {
  let position = 0;
  for (const ch of text) {
    position++;
    if (!DECEPTIVE.test(ch)) continue;
    const codePoint = ch.codePointAt(0)!;
    const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
    const kind = /\p{Bidi_Control}/u.test(ch) ? 'a bidi control' : /[\p{Cc}\p{Zl}\p{Zp}]/u.test(ch) ? 'a control character' : 'an invisible character';
    return { codePoint, position, description: `${kind} (${hex}${CHARACTER_NAMES[codePoint] ? ` ${CHARACTER_NAMES[codePoint]}` : ''})` };
  }
  return undefined;
}

/** The UTS #39 skeleton of `text`: two strings that look alike have the same skeleton. */
export function skeleton(text: string): string {
  const stripped = text.normalize('NFD').replace(/\p{Default_Ignorable_Code_Point}/gu, '');
  return unhomoglyph(stripped).normalize('NFD');
}

/** Every naming field in `value`, with its JSON pointer. */
function namingFields(value: unknown, pointer = ''): Array<{ pointer: string; text: string }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => namingFields(v, `${pointer}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (typeof v === 'string' && NAMING_FIELDS.has(key) ? [{ pointer: `${pointer}/${key}`, text: v }] : namingFields(v, `${pointer}/${key}`)));
}

function fieldOf(pointer: string): string {
  return pointer.slice(1).replaceAll('/', '.');
}

/** Records whose naming fields are checked. */
function records(coop: Coop): Array<Loaded<unknown>> {
  return [
    ...[coop.info, coop.board, coop.policy, coop.charter].filter((r): r is NonNullable<typeof r> => r !== undefined),
    ...coop.agreements.values(),
    ...coop.works,
    ...coop.decisions.values(),
    ...coop.useCases.values(),
    ...coop.baseModels.values(),
    ...coop.pages.values(),
  ];
}

/** Problems for bidi controls and invisible characters in names and titles, and for look-alike public names. */
export function checkNames(coop: Coop): Problem[] {
  const problems: Problem[] = [];
  for (const record of records(coop)) {
    for (const { pointer, text } of namingFields(record.value)) {
      const found = deceptiveCharacter(text);
      if (!found) continue;
      problems.push(
        error('name/deceptive-character', record.file, `"${fieldOf(pointer)}" holds ${found.description} at character ${found.position}`, {
          pointer,
          line: record.lineOf(pointer),
          hint: 'remove it (retype the field if you cannot see it): names and titles may not hold characters that are invisible or change the order in which text is shown',
        }),
      );
    }
  }
  return [...problems, ...lookAlikeNames(coop)];
}

/** Writers an accepted decision allows to keep a name that looks like another writer's. */
function allowedLookAlikes(coop: Coop): Set<string> {
  return new Set([...coop.decisions.values()].filter((d) => d.value.status === 'accepted').flatMap((d) => d.value.allowsLookAlikeNames ?? []));
}

function lookAlikeNames(coop: Coop): Problem[] {
  const named = [...coop.agreements.values()]
    .filter((a) => a.value.publicName.display !== 'anonymous' && a.value.publicName.name !== undefined)
    .sort((a, b) => a.value.signed.localeCompare(b.value.signed) || a.value.handle.localeCompare(b.value.handle));
  const allowed = allowedLookAlikes(coop);
  const first = new Map<string, (typeof named)[number]>();
  const problems: Problem[] = [];
  for (const a of named) {
    const key = skeleton(a.value.publicName.name!);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, a);
      continue;
    }
    if (allowed.has(a.value.handle)) continue;
    // The names are not quoted: the report names the writers by handle, and the fields by line.
    problems.push(
      error('name/look-alike', a.file, `public name looks the same as ${earlier.value.handle}'s (${earlier.file}), letter for letter or with look-alike letters from another script`, {
        pointer: '/publicName/name',
        line: a.lineOf('/publicName/name'),
        hint: `choose a name no reader could take for ${earlier.value.handle}'s; if the board has made sure both writers are who they say, an accepted decision can allow it with allowsLookAlikeNames: [${a.value.handle}] (see docs/governance.md#look-alike-names)`,
      }),
    );
  }
  return problems;
}
