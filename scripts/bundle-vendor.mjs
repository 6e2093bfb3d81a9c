#!/usr/bin/env node
// Bundles each lib/**/*.vendor.js in place with its dependencies, into one ES module: packages
// published as many small CommonJS files (the Grafana foundation SDK, yargs) load several times
// faster from one file. Only third-party code goes in; imports of polydash's own modules stay
// imports. Licence comments are kept.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const lib = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'lib');
const vendors = readdirSync(lib, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.vendor.js'))
  .map((e) => path.join(e.parentPath, e.name));
for (const file of vendors) {
  await build({
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    legalComments: 'eof',
    sourcemap: false,
    logLevel: 'error',
    // CommonJS inside an ES module still calls require() for Node's own modules.
    banner: { js: "import { createRequire as __polydashRequire } from 'node:module'; const require = __polydashRequire(import.meta.url);" },
    plugins: [{ name: 'own-code-external', setup: (b) => b.onResolve({ filter: /^\.{1,2}\// }, (a) => (a.importer === file ? undefined : a.importer.includes(`${path.sep}node_modules${path.sep}`) ? undefined : { external: true })) }],
  });
}
