#!/usr/bin/env node
// Compiles schema/dashboard.schema.json into validation code (ajv standalone) at
// lib/model/schema-validators.cjs, so that a build does not spend a third of a second compiling
// the schema on every run. The module records the schema's sha256; polydash compiles the schema
// at run time instead whenever the two differ (an edited schema, a stale lib/).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const text = readFileSync(path.join(repo, 'schema', 'dashboard.schema.json'), 'utf8');
const schema = JSON.parse(text);
// The same options as src/model/schema.ts, plus code generation.
const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, strictRequired: false, verbose: true, allowUnionTypes: true, code: { source: true } });
ajv.addKeyword({ keyword: 'expected', schemaType: 'string' });
ajv.addSchema(schema);
const code = standalone.default(ajv, { dashboard: schema.$id, source: `${schema.$id}#/definitions/source` });
const sha = createHash('sha256').update(text).digest('hex');
const out = path.join(repo, 'lib', 'model', 'schema-validators.cjs');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(`${out}.tmp`, `${code}\nexports.schemaSha256 = ${JSON.stringify(sha)};\n`);
renameSync(`${out}.tmp`, out);
