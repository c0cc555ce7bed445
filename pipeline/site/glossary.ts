/**
 * The site's words for the things a reader meets on its pages, each in a sentence or two: the one
 * place they are defined, shown whole on /glossary/ and inline (as a link with the short
 * explanation) where a page uses the term. Plain data.
 */
export interface GlossaryTerm {
  /** Anchor on the glossary page. */
  id: string;
  term: string;
  /** One line, for inline use. */
  short: string;
  /** The fuller explanation on the glossary page. */
  long: string;
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  {
    id: 'language-model',
    term: 'language model',
    short: 'a program that has learnt, from examples, which letters or words tend to follow which',
    long: 'A program that has learnt, from the writing it was trained on, which letters or words tend to follow which, so it can continue a text. It holds numbers (its weights), not copies of the texts; the memorisation audit checks that it does not repeat them.',
  },
  {
    id: 'dataset',
    term: 'dataset',
    short: 'the exact set of donated works one model is trained on, fixed and numbered',
    long: 'The exact set of donated works a model is trained on, with the consent each writer gave. Each version has an id made from its contents, so the same id always means the same works; a withdrawal makes a new version without the withdrawn writing.',
  },
  {
    id: 'held-out',
    term: 'held out',
    short: 'kept back from training, to measure the model on writing it has not seen',
    long: 'Some works of each dataset are kept back from training and used only to measure the model, so its score says how well it writes new text, not how well it remembers. Pages that count a dataset say how many of its works are held out.',
  },
  {
    id: 'split-rule',
    term: 'split rule',
    short: 'how a dataset chooses its held-out works: by each work’s fingerprint, not by hand',
    long: 'How a dataset chooses which works to hold out. hash-threshold@2 takes the works whose fingerprint falls under a threshold (the share the policy sets), so the choice is fixed by the texts themselves and no one picks which works are easy to score.',
  },
  {
    id: 'fingerprint',
    term: 'fingerprint',
    short: 'the sha256 of a work’s text: the same text always gives it, and it reveals nothing of the text',
    long: 'A work’s fingerprint is the sha256 hash of its text as the model was trained on it (64 letters and digits; pages often show the first 12). The same text always gives the same fingerprint, and the fingerprint cannot be turned back into the text, so records can name a withdrawn work without keeping it.',
  },
  {
    id: 'consent-scopes',
    term: 'consent scopes',
    short: 'what a writer allows: training the shared model, their own model, excerpts or the full text on this site',
    long: 'What a writer allows the co-op to do with their writing, each given separately in their signed agreement and for each work: train the shared model, train their own model, show excerpts on this site, show the full text. A work may give fewer than the agreement, never more.',
  },
  {
    id: 'allotment',
    term: 'own model (allotment)',
    short: 'a member’s own model: the shared model fine-tuned on that member’s writing alone',
    long: 'A member who allows it gets a model of their own: the shared model, trained a little further on their writing alone. The co-op compares it with the shared model on writing neither trained on, and says when it does not do better.',
  },
  {
    id: 'bits-per-character',
    term: 'bits per character',
    short: 'how surprised the model is by each character of unseen writing: lower is better',
    long: 'The score of a model on held-out writing: how many yes-or-no questions, on average, it would need to guess each next character. Lower is better. Each model page shows it beside a unigram model, which knows only how often each character appears, so the gap says what the model learnt.',
  },
  {
    id: 'unigram',
    term: 'unigram model',
    short: 'a baseline that knows only how often each character appears',
    long: 'The simplest baseline: a model that knows only how often each character appears and nothing about order. A trained model that does not beat it has learnt nothing useful.',
  },
  {
    id: 'memorisation-audit',
    term: 'memorisation audit',
    short: 'a test that the model does not repeat donated texts word for word',
    long: 'Every training work is given to the model as a prompt, and what it writes next is compared with the work. A model that repeats more of any work than the policy allows is held back and never published.',
  },
  {
    id: 'held-back',
    term: 'held back',
    short: 'a model that failed the release gate: kept on record, never published',
    long: 'A model that failed the release gate (for instance the memorisation audit): its card stays on record so the failure is public, but its weights are never published or used.',
  },
  {
    id: 'retired',
    term: 'retired',
    short: 'a model trained on writing since withdrawn: its weights deleted, its record kept',
    long: 'A model trained on writing that has since been withdrawn. Its weights and everything it wrote are deleted and no longer published; its card stays on record, saying why.',
  },
  {
    id: 'weights',
    term: 'weights',
    short: 'the numbers a model learnt; the files that are the model',
    long: 'The numbers a model learnt in training: the files that are the model. Their sha256 is on the model card, so anyone can check that a copy is the one the co-op trained.',
  },
  {
    id: 'model-card',
    term: 'model card',
    short: 'the record of one model: what it was trained on, how, how it scored, and its status',
    long: 'The record of one model version: its dataset, recipe, hardware, scores, audit, status and the sha256 of its weights. Every model page is its card in words; the card itself is published beside it as JSON.',
  },
  {
    id: 'adamw',
    term: 'AdamW',
    short: 'the usual method for adjusting a model’s numbers during training',
    long: 'The method that adjusts the model’s numbers a little after each batch of text, the usual one for models of this kind. Its learning rate says how big each adjustment is.',
  },
  {
    id: 'lora',
    term: 'LoRA adapter',
    short: 'a small set of extra numbers trained on top of a model that stays unchanged',
    long: 'Instead of changing every number of a large model, a LoRA adapter trains a small set of extra ones that sit on top of it. The model underneath stays as it was; the adapter is what is new.',
  },
  {
    id: 'backend',
    term: 'backend (wasm, webgpu)',
    short: 'the kind of processor that ran the training: wasm is an ordinary CPU, webgpu a graphics card',
    long: 'What did the arithmetic of training. wasm is WebAssembly on an ordinary processor (CPU), one core per worker; webgpu is a graphics card (GPU) through WebGPU; tensorflow is native TensorFlow. The card names the one used and the machine it ran on.',
  },
  {
    id: 'normalizer',
    term: 'normalizer',
    short: 'how a donated file becomes the plain text the model trains on',
    long: 'How a donated file is turned into the plain text the model trains on: Markdown formatting removed, Unicode put in one standard form (NFC), line and stanza breaks kept. Its name and version are on every dataset, so the same file always gives the same text.',
  },
  {
    id: 'quorum',
    term: 'quorum',
    short: 'how many board members must approve before a change counts',
    long: 'How many serving board members must approve a change (a donation, a decision) before it counts. The pipeline counts the approvals from the record, not from trust, and says when a merge had none.',
  },
];

export const glossaryTerm = (id: string): GlossaryTerm => {
  const t = GLOSSARY.find((g) => g.id === id);
  if (!t) throw new Error(`no glossary term "${id}" (pipeline/site/glossary.ts)`);
  return t;
};
