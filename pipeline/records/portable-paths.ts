/**
 * Paths that every writer can check out. A co-op is cloned on Linux, macOS and
 * Windows; git stores any byte string as a name, but Windows refuses device
 * names (`con.md`), some characters and a trailing dot or space, macOS and
 * Windows treat `Poem.md` and `poem.md` as one file, and macOS treats the
 * composed and decomposed spellings of `é` as one. Such a path breaks the
 * clone (or silently merges two files) on those machines, so `check` and the
 * gate refuse it, naming the path.
 *
 * Pure: it judges a list of paths (forward slashes, relative to the co-op root).
 */
import { error, type Problem } from '../problems.ts';

/** Windows device names: reserved with any extension (`nul.txt`), in any case. */
const DEVICE_NAMES = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
/** Characters Windows does not allow in a name (and control characters). */
const FORBIDDEN_CHARS = /[<>:"|?*\\\p{Cc}]/u;
/** Bytes a name may take on Linux and macOS file systems (Windows allows 255 UTF-16 units). */
export const MAX_NAME_BYTES = 255;
/**
 * Characters a path may take inside the co-op. Windows without long paths (git's default there)
 * stops at 260 for the whole path, and the folder a writer clones into takes some of that.
 */
export const MAX_PATH_LENGTH = 200;

/** Whether a name (before its first dot) is one Windows keeps for a device, like `con` or `lpt1`. */
export function isDeviceName(stem: string): boolean {
  return DEVICE_NAMES.test(stem);
}

/** The problems with `paths`: names some system cannot hold, and names that some system sees as one. */
export function portablePathProblems(paths: Iterable<string>): Problem[] {
  const all = withFolders(paths);
  const problems: Problem[] = [];
  for (const p of all) {
    const name = p.slice(p.lastIndexOf('/') + 1);
    const why = unportableName(name);
    if (why) problems.push(error('file/not-portable', p, why.message, { hint: why.hint }));
    else if (p.length > MAX_PATH_LENGTH)
      problems.push(
        error('file/not-portable', p, `is ${p.length} characters long, over the ${MAX_PATH_LENGTH} a path can take and still be checked out on Windows`, {
          hint: 'use a shorter file or folder name',
        }),
      );
  }
  problems.push(...collisions(all));
  return problems;
}

/** Why one name cannot be held on some system, in the writer's words, or undefined. */
function unportableName(name: string): { message: string; hint: string } | undefined {
  const stem = name.split('.')[0]!.replace(/ +$/, '');
  if (isDeviceName(stem)) {
    const ext = name.includes('.') ? name.slice(name.indexOf('.')) : '';
    return { message: `is named "${stem}", a name Windows keeps for a device, so it cannot be checked out on Windows`, hint: `rename it, for example to ${stem}-1${ext}` };
  }
  if (FORBIDDEN_CHARS.test(name))
    return { message: 'has a character in its name that Windows does not allow (< > : " | ? * \\ or a control character)', hint: 'rename it using letters, digits, hyphens and dots' };
  if (/[. ]$/.test(name)) return { message: 'ends in a dot or a space, which Windows drops, so it cannot be checked out there', hint: 'rename it so it ends in a letter or digit' };
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) return { message: `has a name over ${MAX_NAME_BYTES} bytes, longer than file systems allow`, hint: 'use a shorter name' };
  return undefined;
}

/**
 * Names in one folder that macOS or Windows would see as the same name. Compared per folder,
 * so two folders that collide are reported once, not once for every file inside them.
 */
function collisions(all: ReadonlySet<string>): Problem[] {
  const groups = new Map<string, string[]>();
  for (const p of all) {
    const cut = p.lastIndexOf('/');
    const key = `${p.slice(0, cut + 1)}\0${fold(p.slice(cut + 1))}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const problems: Problem[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.sort();
    for (const p of group) {
      const others = group.filter((o) => o !== p);
      const sameComposed = others.filter((o) => o.normalize('NFC') === p.normalize('NFC'));
      if (sameComposed.length > 0)
        problems.push(
          error(
            'file/unicode-collision',
            p,
            `is the same name as ${list(sameComposed)}, with an accented letter written another way (one character in one name, a letter and an accent mark in the other), and macOS keeps only one of them`,
            {
              hint: 'keep one of them, or rename one; in a name, type an accented letter as one character (Unicode NFC)',
            },
          ),
        );
      else
        problems.push(
          error('file/case-collision', p, `differs from ${list(others)} only in capital letters, and macOS and Windows keep only one of them`, {
            hint: 'keep one of them, or rename one so the names differ in more than case',
          }),
        );
    }
  }
  return problems;
}

/** The name as a case-insensitive, normalization-insensitive file system compares it. */
function fold(name: string): string {
  return name.normalize('NFC').toLowerCase().normalize('NFC');
}

/** The paths and every folder above them. */
function withFolders(paths: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('/'));
  }
  return out;
}

function list(paths: readonly string[]): string {
  return paths.map((p) => `"${p}"`).join(' and ');
}
