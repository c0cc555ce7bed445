/**
 * Export a dataset for trainers outside the co-op: JSONL splits carrying only
 * the metadata consent allows, a datasheet (Gebru et al., "Datasheets for
 * Datasets") and a Hugging Face-style dataset card. Pure: records in, files out.
 */
import { stringify } from 'yaml';
import { namedAs, publicIdentity } from '../consent/index.ts';
import type { Agreement, CoopInfo, DatasetManifest, UseCase } from '../schemas/index.ts';

export interface ExportInputs {
  dataset: DatasetManifest;
  /** Normalized text by work path. */
  texts: ReadonlyMap<string, string>;
  agreements: ReadonlyMap<string, Agreement>;
  /** Licence per work path, where the work names one. */
  licences: ReadonlyMap<string, string>;
  info: CoopInfo;
  useCases: ReadonlyMap<string, UseCase>;
  policyDecision: string;
}

function sizeCategory(n: number): string {
  return n < 1000 ? 'n<1K' : n < 10_000 ? '1K<n<10K' : n < 100_000 ? '10K<n<100K' : '100K<n<1M';
}

/** One JSON object per line for a split, in the manifest's (hash) order. */
export function splitJsonl(inputs: ExportInputs, split: 'train' | 'validation'): string {
  return inputs.dataset.works
    .filter((w) => w.split === split)
    .map((w) => {
      const text = w.path === undefined ? undefined : inputs.texts.get(w.path);
      if (text === undefined || w.path === undefined) throw new Error(`export: no text for work ${w.hash}`);
      const licence = inputs.licences.get(w.path);
      return JSON.stringify({
        id: w.hash,
        text,
        contributor: namedAs(publicIdentity(w.contributor, inputs.agreements.get(w.contributor))),
        title: w.title ?? null,
        form: w.form,
        language: w.language,
        licence: licence ?? null,
      });
    })
    .map((line) => `${line}\n`)
    .join('');
}

function table(rows: Array<[string, string | number]>): string {
  return ['| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

/** A dataset card: YAML front matter a Hugging Face-style loader reads, then a short description. */
export function datasetCard(inputs: ExportInputs): string {
  const d = inputs.dataset;
  const languages = Object.keys(d.breakdown.language).map((l) => l.split('-')[0]!.toLowerCase());
  const front = {
    pretty_name: `${inputs.info.name} ${d.kind === 'shared' ? 'shared' : 'allotment'} dataset ${d.id}`,
    language: [...new Set(languages)],
    license: 'other',
    license_name: 'commonplace-contributor-agreement',
    license_link: 'datasheet.md',
    task_categories: ['text-generation'],
    size_categories: [sizeCategory(d.totals.all.works)],
    configs: [
      {
        config_name: 'default',
        data_files: [
          { split: 'train', path: 'data/train.jsonl' },
          { split: 'validation', path: 'data/validation.jsonl' },
        ],
      },
    ],
    dataset_info: {
      features: [
        { name: 'id', dtype: 'string' },
        { name: 'text', dtype: 'string' },
        { name: 'contributor', dtype: 'string' },
        { name: 'title', dtype: 'string' },
        { name: 'form', dtype: 'string' },
        { name: 'language', dtype: 'string' },
        { name: 'licence', dtype: 'string' },
      ],
      splits: [
        { name: 'train', num_examples: d.totals.train.works },
        { name: 'validation', num_examples: d.totals.validation.works },
      ],
    },
  };
  return (
    `---\n${stringify(front)}---\n\n# ${front.pretty_name}\n\nWriting donated to ${inputs.info.name} with explicit consent to train ${d.kind === 'shared' ? 'its shared model' : "one member's own model"} (scope \`${d.scope}\`). ` +
    'Read `datasheet.md` before use: the consent behind this data covers the uses listed there and nothing else.\n'
  );
}

/** The datasheet, answering the Datasheets for Datasets questions from the records. */
export function datasheet(inputs: ExportInputs): string {
  const d = inputs.dataset;
  const approved = [...inputs.useCases].filter(([, u]) => u.status === 'approved').sort(([a], [b]) => a.localeCompare(b));
  const refused = [...inputs.useCases].filter(([, u]) => u.status === 'rejected').sort(([a], [b]) => a.localeCompare(b));
  const merges = new Set(d.works.map((w) => w.provenance?.merge?.commit).filter(Boolean));
  const approvals = new Set(d.works.flatMap((w) => w.provenance?.merge?.approvedBy ?? []));
  const lines = [
    `# Datasheet: ${inputs.info.name}, ${d.kind === 'shared' ? 'shared' : 'allotment'} dataset \`${d.id}\` (version ${d.version})`,
    '',
    inputs.info.demo ? '> This is the bundled **demo** co-op: the writers and texts are fictional, written for the Commonplace project.\n' : '',
    '## Motivation',
    '',
    `- **Why was the dataset created?** To train the shared language model of ${inputs.info.name}, a writers' co-operative: ${inputs.info.description.trim()}`,
    `- **Who created it?** The co-op's members donated the works; the co-op's pipeline assembled this version automatically from the reviewed records in its git repository.`,
    '',
    '## Composition',
    '',
    table([
      ['works', d.totals.all.works],
      ['contributors', d.totals.contributors],
      ['characters (code points)', d.totals.all.characters],
      ['words', d.totals.all.words],
      ['non-empty lines', d.totals.all.lines],
      ['train / validation works', `${d.totals.train.works} / ${d.totals.validation.works}`],
    ]),
    '',
    `- **What do the instances represent?** Each instance is one complete work (poem, story, essay, letter…) by one member, as plain text with its line and stanza breaks.`,
    `- **Forms:** ${Object.entries(d.breakdown.form)
      .map(([k, v]) => `${k} (${v.works})`)
      .join(', ')}.`,
    `- **Languages:** ${Object.entries(d.breakdown.language)
      .map(([k, v]) => `${k} (${v.works})`)
      .join(', ')}.`,
    `- **Is it a sample?** No: it holds every work whose writer granted \`${d.scope}\` and has not withdrawn, at this version.`,
    '- **Labels or targets?** None; the text is the data. Metadata: contributor (as they asked to be named; null when anonymous), title (only when the writer allowed display), form, language, licence.',
    '- **Confidential or sensitive data?** Creative writing may describe real experiences. Writers chose what to donate; content notes are kept in the co-op records.',
    '',
    '## Collection and consent',
    '',
    '- **How was it collected?** Each work was submitted by its writer as a pull request, alongside a signed contributor agreement naming the scopes they grant, and reviewed by the board before merging.',
    `- **Consent:** every work here is within its writer's agreement (checked by machine on every run). The agreement lets the co-op train its own shared model; it is not an open licence.`,
    `- **Review trail:** the works arrived through ${merges.size} main-line commit(s)${approvals.size ? `, approved by ${[...approvals].sort().join(', ')}` : ''}. Each work's commits are listed in \`manifest.json\`.`,
    '- **Withdrawal:** writers may withdraw at any time; later versions leave their works out, and this version must then no longer be used.',
    '',
    '## Preprocessing',
    '',
    `- Normalizer \`${d.normalizer}\`: front matter removed, Markdown turned into plain text, Unicode NFC, LF newlines, trailing spaces trimmed, line and stanza breaks kept.`,
    `- Split rule \`${d.split.rule}\`: a work's split depends on the hash of its text; the shared dataset also holds out every work its writer's own dataset holds out.`,
    '- The raw files remain in the co-op repository; this export holds only normalized text.',
    '',
    '## Uses',
    '',
    ...(approved.length ? approved.map(([slug, u]) => `- **Approved:** ${u.title} (\`${slug}\`, decision ${u.decision}): ${u.users}.`) : ['- No use case is approved yet.']),
    ...refused.map(([slug, u]) => `- **Refused:** ${u.title} (\`${slug}\`, decision ${u.decision}).`),
    "- **Out of scope:** any use not approved by a board decision, including commercial licensing and training models for other parties without the writers' fresh consent.",
    '',
    '## Distribution',
    '',
    '- This export is for trainers working on behalf of the co-op. Do not redistribute it: the writers consented to the co-op training its model, not to publication of the dataset.',
    `- Licence: the contributor agreement; individual works may also carry their own licence (field \`licence\`). Policy adopted by decision ${inputs.policyDecision}.`,
    '',
    '## Maintenance',
    '',
    "- The co-op's board maintains the dataset; every version is recorded in its registry with what changed since the previous one.",
    `- Previous version: ${d.previous ?? 'none'}. When a writer withdraws, delete this export and use the newest version.`,
    '',
  ];
  return lines.filter((l, i) => !(l === '' && lines[i - 1] === '')).join('\n');
}

/** Every file of an export, relative to the output folder. */
export function exportFiles(inputs: ExportInputs): Map<string, string> {
  return new Map([
    ['data/train.jsonl', splitJsonl(inputs, 'train')],
    ['data/validation.jsonl', splitJsonl(inputs, 'validation')],
    ['README.md', datasetCard(inputs)],
    ['datasheet.md', datasheet(inputs)],
    ['manifest.json', `${JSON.stringify(inputs.dataset, null, 2)}\n`],
  ]);
}
