/**
 * The import rules of the pipeline, checked by `npm run lint:deps` (part of `npm test`).
 *
 * LAYERS is the layer order docs/architecture.md shows (a test keeps the two equal): a module may
 * import its own folder and folders of lower layers only, never a folder beside it in its layer or
 * above it. Besides: no import circles, and from outside a folder that has an index.ts, import
 * that index (or, for pipeline/site/, the pages' entry pages.ts), not a file behind it; site/ (but
 * its browser scripts) imports the pipeline through pages.ts alone. Tests and `pipeline/testing/` may import anything.
 */

/** Bottom first. Each entry: the layer's name and its rooms (folders or files under pipeline/, or `site/`). */
const LAYERS = [
  ['ground', ['problems.ts', 'project.ts', 'progress.ts', 'threads', 'hash', 'fs']],
  ['schemas', ['schemas']],
  ['rules', ['consent', 'git', 'text', 'board']],
  ['caches', ['cache']],
  ['records', ['records', 'registry']],
  ['quorum', ['quorum']],
  ['check', ['check']],
  ['services', ['dataset', 'github', 'doctor', 'checkpoints']],
  ['training', ['train']],
  ['studies', ['study']],
  ['setup', ['init']],
  ['actions', ['adopt', 'upgrade', 'purge', 'withdraw', 'verify']],
  ['gate', ['gate']],
  ['flows', ['forms', 'publish', 'site']],
  ['cli', ['cli']],
  ['pages', ['../site']],
];

const fs = require('node:fs');
const path = require('node:path');

/** Folders of pipeline/ that have an index.ts: from outside, they are imported through it. */
const INDEXED = fs
  .readdirSync(path.join(__dirname, '..', 'pipeline'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(__dirname, '..', 'pipeline', d.name, 'index.ts')))
  .map((d) => d.name);

const escapeRegex = (s) => s.replace(/[.$]/g, (c) => `\\${c}`);
/** The path pattern of one room, relative to the project root. */
const roomPath = (room) => (room.startsWith('../') ? `^${escapeRegex(room.slice(3))}/` : room.endsWith('.ts') ? `^pipeline/${escapeRegex(room)}$` : `^pipeline/${escapeRegex(room)}/`);
const NOT_TESTS = ['\\.test\\.ts$', '^pipeline/testing/', '^pipeline/checkpoints/fixtures/'];

const layerRules = LAYERS.flatMap(([name, rooms], i) => {
  const higher = LAYERS.slice(i + 1).flatMap(([, r]) => r);
  return rooms.map((room) => {
    const beside = rooms.filter((r) => r !== room);
    const forbidden = [...beside, ...higher].map(roomPath);
    return {
      name: `layer-${name}:${room}`,
      comment: `${room} is in the ${name} layer: it imports only its own folder and lower layers (docs/architecture.md, "Layers")`,
      severity: 'error',
      from: { path: roomPath(room), pathNot: NOT_TESTS },
      to: { path: forbidden.length ? `(${forbidden.join('|')})` : '^$' },
    };
  });
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      comment: 'an import circle: the modules cannot be understood, tested or moved apart',
      severity: 'error',
      from: { path: '^(pipeline|site)/', pathNot: NOT_TESTS },
      to: { circular: true },
    },
    {
      name: 'no-deep-import',
      comment: "import a folder's index.ts from outside it, not a file behind it",
      severity: 'error',
      from: { path: '^(pipeline/[^/]+|site)/', pathNot: NOT_TESTS },
      to: {
        // pipeline/site/ has a second entry, pages.ts, for the Astro pages (index.ts is the `site` command's);
        // pipeline/doctor/ has software-adapter.ts, pure, for the browser (its index.ts reaches for Node);
        // pipeline/text/ has passage-hash.ts and window-hash.ts, dependency-free, for the browser (its index.ts bundles the Markdown parser).
        path: `^pipeline/(${INDEXED.join('|')})/(?!index\\.ts$)(?!pages\\.ts$)(?!software-adapter\\.ts$)(?!passage-hash\\.ts$)(?!window-hash\\.ts$)`,
        pathNot: '^$1/',
      },
    },
    {
      name: 'pages-through-pages-entry',
      comment:
        'site/ imports the pipeline through pipeline/site/pages.ts only; its browser scripts (site/scripts/) import what the browser runs, which pages.ts (node-only loaders) cannot be bundled with. The .astro files, which this checker does not parse, are checked by pipeline/layers.test.ts',
      severity: 'error',
      from: { path: '^site/', pathNot: ['^site/scripts/', ...NOT_TESTS] },
      to: { path: '^pipeline/', pathNot: '^pipeline/site/pages\\.ts$' },
    },
    {
      name: 'no-testing-in-production',
      comment: 'pipeline/testing/ is for tests only',
      severity: 'error',
      from: { path: '^(pipeline|site)/', pathNot: NOT_TESTS },
      to: { path: '^pipeline/testing/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^node_modules|^artifacts|^dist|\\.astro/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};
// The layer table, for the test that keeps docs/architecture.md equal to it (not a dependency-cruiser option).
Object.defineProperty(module.exports, 'LAYERS', { value: LAYERS, enumerable: false });
