import { execFile } from 'node:child_process';
import { access, copyFile, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCoop } from '../check/index.ts';
import { runDatasetStage } from '../dataset/index.ts';
import { readModelRegistry } from '../registry/index.ts';
import { ModelCard, validateRecord } from '../schemas/index.ts';
import { coop } from '../testing/coop-builder.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { runStages, TINY } from '../testing/run-stages.ts';
import { withdrawFor } from '../testing/withdraw.ts';
import { useBackend } from './backend.ts';
import { REGISTRAR, registerModel } from './register.ts';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../checkpoints/fixtures/llama-tiny/', import.meta.url));
const run = promisify(execFile);
const DECLARED = 'tiny llama, 3 epochs at 1e-4 with transformers 4.46 on 1 A100 at "Example Compute" <b>';

/** A co-op whose datasets are registered, nothing trained yet. */
async function registeredDatasets() {
  const root = await coop()
    .withPolicy({ training: { profile: 'cpu', profiles: { cpu: TINY } }, dataset: { minValidationWorks: 1 } })
    .member('ana')
    .work('ana', 'river', { body: 'the river ran over the weir, the river ran on, and the water was low in august.\n' })
    .work('ana', 'bread', { body: 'four in the morning, flour to the elbow, the ovens ticking as they heat.\n' })
    .member('bo', { scopes: ['train-shared', 'display-excerpts'] })
    .work('bo', 'tide', { body: 'the tide came in over the causeway and we stayed on the island one more night.\n' })
    .work('bo', 'salt', { body: 'salt on the window, salt in the bread, salt in everything she said.\n' })
    .write();
  const git = await GitFixture.init(root);
  await git.commitAll('Found the co-op');
  const check = await checkCoop(root);
  if (!check.ok) throw new Error('check failed');
  const datasets = await runDatasetStage(root, { check });
  if (!datasets.ok) throw new Error('dataset stage failed');
  await git.commitAll('Datasets');
  return { root, git, shared: datasets.datasets.find((d) => d.kind === 'shared')! };
}

beforeAll(async () => {
  await useBackend('wasm');
});

describe('register-model: a model trained elsewhere', () => {
  it('is evaluated, audited and gated here, stands for its dataset, and is retired when writing in it is withdrawn', async () => {
    const { root, git, shared } = await registeredDatasets();
    const args = ['register-model', '--root', root, '--dataset', shared.id, '--dir', FIXTURE, '--trainer', DECLARED, '--backend', 'wasm'];
    const { stdout } = await run(process.execPath, [BIN, ...args]);
    const version = /^(m-[0-9a-f]{12}): registered/m.exec(stdout)?.[1];
    expect(version).toBeDefined();

    const models = await readModelRegistry(root);
    if (!models.ok) throw new Error('registry unreadable');
    const card = models.value.cards.find((c) => c.version === version)!;
    expect(validateRecord(ModelCard, card, { file: 'card' }).ok).toBe(true);
    expect(card).toMatchObject({ kind: 'shared', dataset: shared.id, trainer: REGISTRAR, steps: 0, architecture: { type: 'llama' }, trainedElsewhere: { declared: DECLARED } });
    expect(card).not.toHaveProperty('config');
    expect(card.memorisation.worksAudited).toBeGreaterThan(0);
    expect(card.metrics.validation.characters).toBeGreaterThan(0);
    expect(card.status).toBe(card.memorisation.gate.passed ? 'current' : 'held-back');
    // Its files are the checkpoint's, byte for byte.
    const copied = card.weights.files.find((f) => f.path.endsWith('model.safetensors'))!;
    expect(await readFile(path.join(root, copied.path))).toEqual(await readFile(path.join(FIXTURE, 'model.safetensors')));

    // Registering the same model again changes nothing.
    expect((await run(process.execPath, [BIN, ...args])).stdout).toContain(`${version}: already registered`);

    // The pipeline does not train its own model on that dataset while the registered one stands.
    const check = await checkCoop(root);
    if (!check.ok) throw new Error('check failed');
    const datasets = await runDatasetStage(root, { check });
    if (!datasets.ok) throw new Error('dataset stage failed');
    const { runTrainStage } = await import('./stage.ts');
    const stage = await runTrainStage(root, { check, datasets: datasets.datasets, backend: 'wasm' });
    expect(stage.ok).toBe(true);
    expect(stage.trained.filter((v) => stage.cards.find((c) => c.version === v)?.kind === 'shared')).toEqual([]);
    expect(stage.problems.some((p) => p.message.includes('was trained elsewhere'))).toBe(true);

    // Bo withdraws a work that was in its dataset: the registered model is retired and its files removed.
    await git.commitAll('Register');
    await withdrawFor(root, 'bo', { work: 'tide' });
    await git.commitAll('Withdraw');
    const after = await runStages(root);
    expect(after.train.cards.find((c) => c.version === version)).toMatchObject({ status: 'retired', samples: [] });
    await expect(access(path.join(root, 'artifacts/models', version!))).rejects.toThrow();
  }, 300_000);

  it('refuses a dataset that is not registered, a bad id, an empty declaration and a folder that is not a checkpoint, saying which', async () => {
    const { root, shared } = await registeredDatasets();
    const check = await checkCoop(root);
    if (!check.ok) throw new Error('check failed');
    const base = { check, dir: FIXTURE, trainer: DECLARED, backend: 'wasm' as const };
    const missing = await registerModel({ ...base, dataset: 'f'.repeat(16) });
    expect(missing.ok ? undefined : missing.problems[0]).toMatchObject({ code: 'register/dataset', file: `registry/datasets/${'f'.repeat(16)}.json` });
    const traversal = await registerModel({ ...base, dataset: '../../etc/passwd' });
    expect(traversal.ok ? undefined : traversal.problems[0]?.code).toBe('register/dataset');
    const silent = await registerModel({ ...base, dataset: shared.id, trainer: '   ' });
    expect(silent.ok ? undefined : silent.problems[0]?.code).toBe('register/trainer');
    const empty = await mkdtemp(path.join(tmpdir(), 'not-a-checkpoint-'));
    const notCheckpoint = await registerModel({ ...base, dataset: shared.id, dir: empty });
    expect(notCheckpoint.ok ? undefined : notCheckpoint.problems[0]).toMatchObject({ code: 'register/checkpoint' });
    expect(notCheckpoint.ok ? '' : notCheckpoint.problems[0]!.message).toContain('config.json');
    // A symlink in the checkpoint folder would copy whatever it points at into artifacts/ and the Release.
    const linked = await mkdtemp(path.join(tmpdir(), 'linked-checkpoint-'));
    for (const name of await readdir(FIXTURE)) await copyFile(path.join(FIXTURE, name), path.join(linked, name));
    await rm(path.join(linked, 'tokenizer.json'));
    await symlink(path.join(FIXTURE, 'tokenizer.json'), path.join(linked, 'tokenizer.json'));
    await rm(path.join(linked, 'config.json'));
    await run('mkfifo', [path.join(linked, 'config.json')]);
    const symlinked = await registerModel({ ...base, dataset: shared.id, dir: linked });
    expect(symlinked.ok ? [] : symlinked.problems.map((p) => [p.code, path.basename(p.file), p.message.slice(0, 40)])).toEqual([
      ['register/not-regular', 'config.json', 'is not a regular file (a pipe, socket or'],
      ['register/not-regular', 'tokenizer.json', 'is a symlink; register-model copies only'],
    ]);
    await expect(access(path.join(root, 'registry/models/index.json'))).rejects.toThrow();
    await expect(access(path.join(root, 'artifacts/models'))).rejects.toThrow();
  }, 120_000);
});
