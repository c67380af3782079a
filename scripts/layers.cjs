// The layers of the code base, lowest first: read by .dependency-cruiser.cjs (the rules) and scripts/architecture-diagram.js (the picture).
/**
 * Each entry is one layer; its folders may import any lower layer, never a higher one nor a sibling
 * of their own layer. docs/architecture.md says what each folder holds.
 */
module.exports = [
  ['src/runtime', 'src/clock'],
  ['src/carrier'],
  ['carriers', 'mocks'],
  ['src/cases'],
  ['src/store', 'src/console'],
  ['src/merchants'],
  ['src/coordinator'],
  ['src/platform'],
  ['src/sandbox'],
  ['src/api'],
  ['src/server'],
  ['src/cli'],
];
