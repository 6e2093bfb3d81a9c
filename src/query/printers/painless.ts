// Painless scripts for data-view runtime fields: how a Lens (KQL) panel parses text at
// query time. Three layers nest: the grok pattern, inside a Painless string literal,
// inside JSON (written later by the Kibana target). Each layer has one encoder here.

import { createHash } from 'node:crypto';
import { UnsupportedConstruct } from '../fidelity.js';
import type { RegexNode } from '../regex/ast.js';
import { GROK_REGEX } from '../regex/grok.js';
import { printRegex } from '../regex/print.js';
import type { RuntimeField } from '../outputs.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CAPTURE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

// ---- layer 2: Painless string literal --------------------------------------------------

/**
 * A single-quoted Painless string. Its lexer knows two escapes only, `\\` and `\'`; every
 * other character, line breaks included, stands for itself.
 */
export function painlessString(value: string, what: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new UnsupportedConstruct('painless.invalid-unicode', `${what} contains a lone surrogate, which is not valid Unicode text`);
  }
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** The string literals of a script, decoded (the inverse of painlessString, for checks). */
export function painlessStringLiterals(script: string): { readonly text: string; readonly value: string }[] {
  const out: { text: string; value: string }[] = [];
  for (let i = 0; i < script.length; i++) {
    const quote = script[i];
    if (quote !== "'" && quote !== '"') continue;
    let value = '';
    let j = i + 1;
    for (; j < script.length && script[j] !== quote; j++) {
      if (script[j] === '\\') {
        const next = script[j + 1];
        if (next !== '\\' && next !== quote) throw new SyntaxError(`invalid escape at ${j}`);
        j++;
      }
      value += script[j];
    }
    if (j >= script.length) throw new SyntaxError(`unterminated string at ${i}`);
    out.push({ text: script.slice(i, j + 1), value });
    i = j;
  }
  return out;
}

// ---- layer 1: grok patterns --------------------------------------------------

export function checkCaptureName(name: string): void {
  if (!CAPTURE_NAME.test(name)) {
    throw new UnsupportedConstruct('lens.capture-name', `capture ${JSON.stringify(name)} is not a plain name (letters, digits, underscores), so it cannot name a grok capture`);
  }
}

/** A grok pattern: the regex in Oniguruma syntax (see regex/grok.ts). */
export function grokPattern(regex: RegexNode): string {
  return printRegex(regex, GROK_REGEX);
}

// ---- scripts -------------------------------------------------------------------------

export interface Extractor {
  readonly kind: 'grok';
  readonly pattern: string;
}

export type RuntimeType = 'keyword' | 'double';

/**
 * Reads a field from `_source`: text fields (like `message`) have no doc values, so `doc[...]`
 * cannot read them. A dotted name is tried as one key, then as a path of nested objects.
 */
function readSource(field: string): string {
  const key = painlessString(field, `field name ${JSON.stringify(field)}`);
  if (!field.includes('.')) return `def m = params._source[${key}];`;
  const path = field.split('.').map((k) => painlessString(k, `field name ${JSON.stringify(field)}`));
  return `def m = params._source[${key}]; if (m == null) { def o = params._source; for (def k : [${path.join(', ')}]) { o = o instanceof Map ? o[k] : null; } m = o; }`;
}

function extractCall(x: Extractor): string {
  return `${x.kind}(${painlessString(x.pattern, `${x.kind} pattern`)}).extract(m)`;
}

/** Emits one capture when the line matches; numbers are parsed and non-numbers skipped. */
export function captureScript(input: string, x: Extractor, capture: string, type: RuntimeType): string {
  checkCaptureName(capture);
  const emit = type === 'keyword' ? 'emit(v);' : 'try { emit(Double.parseDouble(v)); } catch (NumberFormatException e) {}';
  return `${readSource(input)} if (m instanceof String) { def v = ${extractCall(x)}?.get(${painlessString(capture, 'capture name')}); if (v != null) { ${emit} } }`;
}

/** Emits a marker when the line matches at all (for regexes whose captures are all optional). */
export function matchScript(input: string, x: Extractor): string {
  return `${readSource(input)} if (m instanceof String && ${extractCall(x)} != null) { emit('matched'); }`;
}

/**
 * The runtime fields one query needs. A name is `pd_<hash>_<label>`, the hash taken over the
 * type and script: panels that parse the same way share a field, panels that parse
 * differently never collide, and the label keeps the capture readable.
 */
export class RuntimeFields {
  private readonly byName = new Map<string, RuntimeField>();

  add(label: string, type: RuntimeType, script: string): string {
    const hash = createHash('sha256').update(`${type}\n${script}`).digest('hex').slice(0, 8);
    const name = `pd_${hash}_${label}`;
    if (!this.byName.has(name)) this.byName.set(name, { name, type, script });
    return name;
  }

  list(): readonly RuntimeField[] {
    return [...this.byName.values()];
  }
}
