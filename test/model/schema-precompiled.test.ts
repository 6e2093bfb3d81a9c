// The validators npm run compile writes as code must judge exactly as the schema compiled at
// run time does, and be ignored once the schema changes.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { dashboard, from, singleValue, table } from '../../src/index.js';
import { app } from '../helpers/sources.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const generated = path.join(repo, 'lib', 'model', 'schema-validators.cjs');
const schemaText = readFileSync(path.join(repo, 'schema', 'dashboard.schema.json'), 'utf8');

describe('precompiled schema validators', { skip: !existsSync(generated) && 'lib/ is not compiled (npm run compile)' }, () => {
  const pre = createRequire(import.meta.url)(generated) as { dashboard: ValidateFunction; source: ValidateFunction; schemaSha256: string };
  const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, strictRequired: false, verbose: true, allowUnionTypes: true });
  ajv.addKeyword({ keyword: 'expected', schemaType: 'string' });
  const schema = JSON.parse(schemaText) as { $id: string };
  ajv.addSchema(schema);
  const runtime = ajv.getSchema(schema.$id)!;

  it('record the sha256 of the schema they were made from', () => {
    assert.equal(pre.schemaSha256, createHash('sha256').update(schemaText).digest('hex'));
  });

  it('report the same errors as the schema compiled at run time', () => {
    const good = dashboard({ uid: 'ok', title: 'OK', time: { last: '24h' }, panels: [table({ title: 't', query: from(app).count().by('host') })] });
    const bad = [
      good,
      { ...good, uid: 'has space', time: { last: '1 day' } },
      { ...good, panels: [{ ...good.panels[0], pagesize: 5 }] },
      dashboard({ uid: 'c', title: 'C', time: { last: '24h' }, panels: [singleValue({ title: 'n', query: from(app).count(), ranges: [{ from: 1, color: 'teal' as 'red' }] })] }),
      { ...good, panels: [{ ...good.panels[0], type: 'sparkline' }] },
      { kind: 'dashboard' },
      42,
    ];
    for (const value of bad) {
      assert.equal(pre.dashboard(value), runtime(value));
      assert.deepEqual(pre.dashboard.errors ?? null, runtime.errors ?? null);
    }
  });
});
