import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFilesAtomically } from './atomic-write.ts';

const dir = () => mkdtemp(path.join(tmpdir(), 'atomic-'));

describe('writing files all or nothing', () => {
  it('writes text and bytes, and on a failure puts back the bytes that were there, leaving no temporary file', async () => {
    const d = await dir();
    const bin = path.join(d, 'weights.bin');
    const json = path.join(d, 'model.json');
    const before = Uint8Array.from([0, 255, 128, 10, 13, 0xc3]); // not valid UTF-8: a text round trip would change it
    await writeFilesAtomically(
      new Map<string, string | Uint8Array>([
        [bin, before],
        [json, '{"v":1}'],
      ]),
    );
    expect(new Uint8Array(await readFile(bin))).toEqual(before);

    const after = new Map<string, string | Uint8Array>([
      [bin, Uint8Array.from([1, 2, 3])],
      [json, '{"v":2}'],
    ]);
    await expect(
      writeFilesAtomically(after, {
        beforeRename: (_file, i) => {
          if (i === 1) throw new Error('crash between the renames');
        },
      }),
    ).rejects.toThrow('crash between the renames');
    expect(new Uint8Array(await readFile(bin))).toEqual(before);
    expect(await readFile(json, 'utf8')).toBe('{"v":1}');
    expect((await readdir(d)).sort()).toEqual(['model.json', 'weights.bin']);
  });
});
