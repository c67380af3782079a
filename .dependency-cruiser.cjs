// dependency-cruiser rules: the layers of docs/architecture.md, checked by `npm run deps` in CI.

const LAYERS = require('./scripts/layers.cjs');
const folderPattern = (folders) => `^(${folders.join('|')})/`;

/** One rule per layer: nothing in it imports a layer above it, nor a sibling folder of its own layer. */
const layerRules = LAYERS.flatMap((layer, i) => {
  const above = LAYERS.slice(i + 1).flat();
  return layer.map((folder) => ({
    name: `layer-${folder.replace('/', '-')}`,
    severity: 'error',
    comment: `${folder} sits in layer ${i}: it may import lower layers only (see docs/architecture.md).`,
    from: { path: `^${folder}/` },
    to: { path: folderPattern([...above, ...layer.filter((f) => f !== folder)]) },
  }));
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module cycle means two files cannot be understood (or tested) apart: split out what both need.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'carriers-use-the-contract-only',
      severity: 'error',
      comment: 'A carrier plugin sees the carrier contract (src/carrier) and the clock helpers, never the gateway internals.',
      from: { path: '^carriers/' },
      to: { path: '^src/', pathNot: '^src/(carrier|clock)/' },
    },
    {
      name: 'database-drivers-only-in-store',
      severity: 'error',
      comment: 'SQL lives in src/store: nothing else imports kysely, pg or better-sqlite3.',
      from: { pathNot: '^src/store/' },
      to: { path: 'node_modules/(kysely|pg|better-sqlite3)/' },
    },
    {
      name: 'rules-are-pure',
      severity: 'error',
      comment: 'src/cases holds the pure rules: no store, no HTTP, no coordinator, no platform.',
      from: { path: '^src/cases/' },
      to: { path: '^(src/(?!cases/|carrier/|clock/|runtime/)|carriers/|mocks/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // kysely and others publish only an `exports` map: resolve through it, as Node does.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    exclude: { path: '^(dist|test)/' },
    reporterOptions: {
      dot: { collapsePattern: '^(src/[^/]+|carriers/[^/]+|mocks/[^/]+)' },
    },
  },
};
