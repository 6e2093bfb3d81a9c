// The shipped JSON schema (schema/dashboard.schema.json), compiled once with ajv, and its
// errors turned into "path: expected ..." messages. `npm run compile` also writes the compiled
// validators as code (scripts/compile-schema.mjs); they are used when they match the schema.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';

export interface Issue {
  /** Where in the definition, e.g. `panels[4].query.aggregate.by[0]`. */
  readonly path: string;
  readonly message: string;
}

const SCHEMA_URL = new URL('../../schema/dashboard.schema.json', import.meta.url);

let compiled: { dashboard: ValidateFunction; source: ValidateFunction } | undefined;

function newAjv(): Ajv {
  // Loaded only when a schema has to be compiled: the dashboard schema usually comes
  // precompiled, and ajv takes a tenth of a second to load.
  const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  const ajv = new AjvClass({ allErrors: true, discriminator: true, strict: true, strictRequired: false, verbose: true, allowUnionTypes: true });
  // `expected` carries the human wording of a constraint; it validates nothing.
  ajv.addKeyword({ keyword: 'expected', schemaType: 'string' });
  return ajv;
}

/** Compiles another schema with the same conventions; returns a function listing its issues. */
export function issueValidator(schema: object): (value: unknown) => Issue[] {
  const validate = newAjv().compile(schema);
  return (value) => (validate(value) ? [] : toIssues(validate.errors, ''));
}

/** The validators compiled ahead of time, when present and made from this very schema. */
function precompiled(text: string): { dashboard: ValidateFunction; source: ValidateFunction } | undefined {
  let mod: { dashboard: ValidateFunction; source: ValidateFunction; schemaSha256: string };
  try {
    mod = createRequire(import.meta.url)('./schema-validators.cjs') as typeof mod;
  } catch {
    return undefined; // running from src/ (tests), or lib/ without the generated file
  }
  return mod.schemaSha256 === createHash('sha256').update(text).digest('hex') ? { dashboard: mod.dashboard, source: mod.source } : undefined;
}

function validators(): { dashboard: ValidateFunction; source: ValidateFunction } {
  if (compiled) return compiled;
  const text = readFileSync(SCHEMA_URL, 'utf8');
  compiled = precompiled(text);
  if (compiled) return compiled;
  const schema = JSON.parse(text) as { $id: string };
  const ajv = newAjv();
  ajv.addSchema(schema);
  compiled = {
    dashboard: ajv.getSchema(schema.$id)!,
    source: ajv.getSchema(`${schema.$id}#/definitions/source`)!,
  };
  return compiled;
}

/** `/panels/4/query/by/0` -> `panels[4].query.by[0]` */
export function pointerToPath(pointer: string, prefix = ''): string {
  let out = prefix;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function describeError(e: ErrorObject): string {
  const expected = (e.parentSchema as { expected?: string } | undefined)?.expected;
  switch (e.keyword) {
    case 'required':
      return `missing required property "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'additionalProperties':
      return `unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case 'type':
      return `expected ${(e.params as { type: string }).type}, got ${kindOf(e.data)}`;
    case 'const':
      return `expected ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, got ${JSON.stringify(e.data)}`;
    case 'enum':
      return `expected one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(e.data)}`;
    case 'discriminator': {
      const p = e.params as { tag: string; tagValue: unknown };
      return `unknown ${p.tag} ${JSON.stringify(p.tagValue)}`;
    }
    case 'propertyNames':
      return `invalid property name ${JSON.stringify((e.params as { propertyName: string }).propertyName)}${expected ? `: expected ${expected}` : ''}`;
    default:
      return expected ? `expected ${expected}, got ${JSON.stringify(e.data)}` : `${e.message ?? 'is invalid'}`;
  }
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

/** Ajv reports every failing branch of an anyOf/oneOf; keep the alternative's own wording instead. */
function collapse(errors: readonly ErrorObject[]): ErrorObject[] {
  const summarised = errors.filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && (e.parentSchema as { expected?: string })?.expected);
  const kept = errors.filter(
    (e) =>
      !summarised.some((s) => s !== e && e.schemaPath.startsWith(s.schemaPath.replace(/\/(anyOf|oneOf)$/, '/')) && e.instancePath.startsWith(s.instancePath)),
  );
  // propertyNames reports the offending name twice (the name check and the wrapper), and an
  // if/then/else adds a summary of the branch that already reported its own errors.
  return kept.filter((e) => !(e.keyword === 'pattern' && e.propertyName !== undefined) && e.keyword !== 'if');
}

function toIssues(errors: readonly ErrorObject[] | null | undefined, prefix: string): Issue[] {
  const seen = new Set<string>();
  const out: Issue[] = [];
  for (const e of collapse(errors ?? [])) {
    const issue = { path: pointerToPath(e.instancePath, prefix), message: describeError(e) };
    const key = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(issue);
    }
  }
  return out;
}

export function schemaIssues(def: unknown): Issue[] {
  const v = validators().dashboard;
  return v(def) ? [] : toIssues(v.errors, '');
}

export function sourceSchemaIssues(source: unknown, prefix: string): Issue[] {
  const v = validators().source;
  return v(source) ? [] : toIssues(v.errors, prefix);
}
