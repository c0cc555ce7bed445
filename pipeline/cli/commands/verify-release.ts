import { stat } from 'node:fs/promises';
import path from 'node:path';
import { readReleaseFolder, releaseReport, verifyRelease as checkRelease } from '../../publish/index.ts';
import { EXIT, problemLines, UsageError } from '../io.ts';
import type { Command } from './types.ts';

export const verifyRelease: Command = {
  name: 'verify-release',
  summary: 'Offline: check a downloaded model release folder against its statement (provenance.intoto.json): weights, card, dataset manifest, approvals.',
  usage: 'DIR',
  help: [
    'DIR holds the files of one model release (gh release download model-<version> --dir DIR). Checks, without a network:',
    "every file's sha256 against the statement and the card, the card's and the dataset manifest's sha256 against the",
    "statement, the card's dataset against the manifest, the manifest's id and content address recomputed from its works,",
    "and the approvals the statement names against the manifest's provenance. Says each check passed or failed; exit 1 on",
    "any failure, naming the file. Then prints the `gh attestation verify` commands that check, online, that the co-op's",
    'workflow made the files.',
  ].join('\n'),
  async run({ positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('verify-release takes one folder: where the release was downloaded');
    const dir = path.resolve(positionals[0]!);
    const isDir = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) throw new UsageError(`${positionals[0]} is not a folder: pass where the release's files were downloaded`);
    const verdict = checkRelease(await readReleaseFolder(dir));
    io.stdout.write(releaseReport(verdict, positionals[0]!.replace(/\/+$/, '')));
    io.stderr.write(problemLines(verdict.problems.map((p) => ({ ...p, file: path.join(positionals[0]!, p.file) }))));
    return verdict.ok ? EXIT.ok : EXIT.problems;
  },
};
