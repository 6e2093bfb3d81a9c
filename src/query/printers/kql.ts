// KQL filters (Kibana Query Language). KQL only filters: Lens does the rest (lens.ts).
// Keyword search becomes a quoted value on the message field, fields are compared with `:`
// and range operators, and every value goes through one encoder in kql-escape.ts.

import type { FieldRef, GlobPart, Operand, Pred } from '../nodes.js';
import { Printer } from './printer.js';
import { kqlField, kqlGlob, kqlNumber, kqlQuoted, kqlScalar } from './kql-escape.js';

const TOKENS = { and: ' and ', or: ' or ', not: (s: string) => `not ${s}` };

/** How a field is named in KQL: extracted fields become runtime fields of a given type. */
export type KqlFieldResolver = (field: FieldRef, type: 'keyword' | 'double') => string;

export class KqlPrinter extends Printer {
  constructor(
    private readonly messageField: string,
    private readonly resolveField: KqlFieldResolver,
  ) {
    super();
  }

  /** The filter text; an empty string matches everything. */
  print(pred: Pred | undefined): string {
    return pred ? this.printBoolean(notEqualAsNot(pred), TOKENS, (p) => this.leaf(p)) : '';
  }

  private field(f: FieldRef, type: 'keyword' | 'double'): string {
    return kqlField(f.extracted ? this.resolveField(f, type) : f.name);
  }

  private leaf(p: Pred): string {
    switch (p.kind) {
      case 'term':
      case 'phrase': {
        if (typeof p.value === 'object') {
          return this.unsupported('kql.variable-term', `variable ${p.value.name} is used as a search term: KQL has no variables, and a Kibana control filters a field, not the message text`);
        }
        this.note('kql.analysed-text', `keyword search runs as a phrase query on ${this.messageField}: case and word boundaries follow that field's analyser (the standard analyser ignores case and splits at Unicode word boundaries and punctuation), which can differ from Sumo Logic's and Splunk's term rules`);
        return `${kqlField(this.messageField)}:${kqlQuoted(p.value, `search text ${JSON.stringify(p.value)}`)}`;
      }
      case 'compare':
        return this.compare(p.field, p.op, p.value);
      case 'in': {
        const numeric = p.values.every((v) => typeof v === 'number');
        const f = this.field(p.field, numeric ? 'double' : 'keyword');
        const values = p.values.map((v) => kqlScalar(v, `value of ${p.field.logical ?? p.field.name}`));
        return values.length === 1 ? `${f}:${values[0]}` : `${f}:(${values.join(' or ')})`;
      }
      case 'wildcard':
        return this.wildcard(p.field, p.pattern);
      case 'exists':
        return `${this.field(p.field, 'keyword')}:*`;
      default:
        return this.unsupported('kql.internal', `unexpected ${p.kind}`);
    }
  }

  private compare(field: FieldRef, op: string, value: Operand): string {
    const what = `value of ${field.logical ?? field.name}`;
    if (typeof value === 'object') {
      return this.unsupported('kql.variable-nested', `variable ${value.name} is compared inside or/not: Kibana applies variables as dashboard controls, which can only AND a filter onto the whole panel`);
    }
    if (op === '=') return `${this.field(field, typeof value === 'number' ? 'double' : 'keyword')}:${kqlScalar(value, what)}`;
    if (typeof value !== 'number') return this.unsupported('kql.string-order', `${field.logical ?? field.name} ${op} needs a number`);
    return `${this.field(field, 'double')} ${op} ${kqlNumber(value)}`;
  }

  private wildcard(field: FieldRef, pattern: readonly GlobPart[]): string {
    const f = this.field(field, 'keyword');
    const what = `pattern for ${field.logical ?? field.name}`;
    if (pattern.every((p) => typeof p === 'string')) return `${f}:${kqlQuoted(pattern.join(''), what)}`;
    if (pattern.every((p) => typeof p !== 'string')) return `${f}:*`;
    if (typeof pattern[0] !== 'string') {
      this.note('kql.leading-wildcard', `${what} starts with a wildcard, which Kibana refuses when the advanced setting query:allowLeadingWildcards is off (it is on by default)`);
    }
    if (!field.extracted) {
      this.note('kql.wildcard-field-type', `${what}: on a keyword field the pattern matches the whole value; on a text field it would match single analysed words`);
    }
    return `${f}:${kqlGlob(pattern, what)}`;
  }
}

/**
 * `f != v` is `not f:v`; as a `not` node the boolean printer parenthesises it where KQL needs
 * it (`not` takes a parenthesised query or a single field test, never another `not`).
 */
function notEqualAsNot(p: Pred): Pred {
  switch (p.kind) {
    case 'and':
    case 'or':
      return { kind: p.kind, args: p.args.map(notEqualAsNot) };
    case 'not':
      return { kind: 'not', arg: notEqualAsNot(p.arg) };
    case 'compare':
      return p.op === '!=' && typeof p.value !== 'object' ? { kind: 'not', arg: { ...p, op: '=' } } : p;
    default:
      return p;
  }
}
