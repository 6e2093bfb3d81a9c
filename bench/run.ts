// npm run bench: compile, edit-loop and publish benchmarks against baselines measured in the
// same run; writes bench/RESULTS.md. Not part of npm test.
//   --sizes 1,100,1000   dashboards per compile project
//   --runs 5             rounds per compile and edit-loop figure (at least 5 for RESULTS.md)
//   --publish 500        dashboards to publish (0 skips the section)
//   --out <file>         where to write the results (default bench/RESULTS.md)

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compileBench, type CompileResult } from './lib/compile-bench.js';
import { editBench } from './lib/edit-bench.js';
import { CLI, REPO, WORK } from './lib/paths.js';
import { publishBench } from './lib/publish-bench.js';
import { renderResults } from './lib/report.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1,100,1000' },
    runs: { type: 'string', default: '5' },
    publish: { type: 'string', default: '500' },
    out: { type: 'string', default: path.join(REPO, 'bench', 'RESULTS.md') },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const publishCount = Number(values.publish);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1 || !Number.isInteger(publishCount) || publishCount < 0) {
  process.stderr.write('bench: --sizes takes positive whole numbers, --runs a positive whole number, --publish a whole number\n');
  process.exit(1);
}
if (!existsSync(CLI)) {
  process.stderr.write('bench: lib/ is missing; run npm run compile first (npm run bench does)\n');
  process.exit(1);
}

const progress = (line: string): void => void process.stderr.write(`${line}\n`);
mkdirSync(WORK, { recursive: true });

const compile: CompileResult[] = [];
for (const n of sizes) compile.push(await compileBench(WORK, n, runs, progress));
const largest = [...sizes].sort((a, b) => b - a)[0]!;
const smallest = [...sizes].sort((a, b) => a - b)[0]!;
const edit = editBench({ dir: path.join(WORK, `compile-${largest}`, 'project'), dashboards: largest }, path.join(WORK, `compile-${smallest}`, 'project'), runs, progress);
const publish = publishCount > 0 ? await publishBench(WORK, publishCount, progress) : undefined;

const notes = runs < 5 ? [`Only ${runs} rounds per figure: too few for RESULTS.md (the issue asks for at least 5).`] : [];
const text = renderResults({ date: new Date().toISOString(), runs, compile, edit, ...(publish ? { publish } : {}) }, notes);
writeFileSync(values.out, text);
process.stdout.write(text);
