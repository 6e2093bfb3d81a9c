// yargs, re-exported from one module that `npm run compile` bundles into a single file
// (scripts/bundle-vendor.mjs), so that `polydash --help` does not wait for its many modules.

export { default as yargs } from 'yargs';
export { hideBin } from 'yargs/helpers';
