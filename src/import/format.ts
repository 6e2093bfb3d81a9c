// Prints the generated file's syntax tree as TypeScript in the repository's style: two-space
// indent, single quotes, trailing commas, one call per line when a chain does not fit.

import type { Entry, Expr, Statement } from './code.js';

const WIDTH = 110;
const INDENT = '  ';

/** A string literal; multi-line text becomes a template literal so that it stays readable. */
export function quote(s: string): string {
  if (s.includes('\n') && s.length > 40) {
    return `\`${s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${').replace(/[\u0000-\u0009\u000b-\u001f\u007f\u2028\u2029]/g, escapeChar)}\``;
  }
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/[\\\u0000-\u001f\u007f\u2028\u2029]/g, (c) => (c === '\\' ? '\\\\' : escapeChar(c))).replace(new RegExp(q, 'g'), `\\${q}`);
  return `${q}${body}${q}`;
}

function escapeChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\t') return '\\t';
  if (c === '\r') return '\\r';
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function key(k: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : quote(k);
}

function flat(e: Expr): string | undefined {
  switch (e.k) {
    case 'lit':
      return typeof e.v === 'string' ? (e.v.includes('\n') ? undefined : quote(e.v)) : String(e.v);
    case 'ref':
      return e.name;
    case 'param':
      return 'w';
    case 'arr': {
      const items = e.items.map(flat);
      return items.some((x) => x === undefined) ? undefined : `[${items.join(', ')}]`;
    }
    case 'obj': {
      if (e.entries.length === 0) return '{}';
      if (e.entries.some((x) => x.comment?.length)) return undefined;
      const parts = e.entries.map((x) => {
        const v = flat(x.value);
        return v === undefined ? undefined : `${key(x.key)}: ${v}`;
      });
      return parts.some((x) => x === undefined) ? undefined : `{ ${parts.join(', ')} }`;
    }
    case 'call': {
      const args = e.args.map(flat);
      return args.some((x) => x === undefined) ? undefined : `${e.fn}(${args.join(', ')})`;
    }
    case 'method': {
      const target = flat(e.target);
      const args = e.args.map(flat);
      return target === undefined || args.some((x) => x === undefined) ? undefined : `${target}.${e.name}(${args.join(', ')})`;
    }
    case 'lambda': {
      const body = flat(e.body);
      return body === undefined ? undefined : `w => ${body}`;
    }
  }
}

/** The expression at an indent, flat when it fits in the remaining width. */
export function printExpr(e: Expr, indent: string, used = 0): string {
  const f = flat(e);
  if (f !== undefined && indent.length + used + f.length <= WIDTH) return f;
  const inner = indent + INDENT;
  switch (e.k) {
    case 'lit':
      return typeof e.v === 'string' ? quote(e.v) : String(e.v);
    case 'ref':
    case 'param':
      return f!;
    case 'arr':
      return `[\n${e.items.map((x) => `${inner}${printExpr(x, inner)},`).join('\n')}\n${indent}]`;
    case 'obj':
      return `{\n${e.entries.map((x) => printEntry(x, inner)).join('\n')}\n${indent}}`;
    case 'call': {
      if (e.args.length === 1 && (e.args[0]!.k === 'obj' || e.args[0]!.k === 'arr')) return `${e.fn}(${printExpr(e.args[0]!, indent)})`;
      return `${e.fn}(\n${e.args.map((x) => `${inner}${printExpr(x, inner)},`).join('\n')}\n${indent})`;
    }
    case 'method':
      return printChain(e, indent);
    case 'lambda':
      return `w => ${printExpr(e.body, indent, used + 5)}`;
  }
}

function printEntry(x: Entry, indent: string): string {
  const comment = (x.comment ?? []).map((c) => `${indent}// ${c}\n`).join('');
  const k = `${key(x.key)}: `;
  return `${comment}${indent}${k}${printExpr(x.value, indent, k.length)},`;
}

/** `from(a).b(...).c(...)` with one call per line. */
function printChain(e: Expr, indent: string): string {
  const links: { name: string; args: readonly Expr[] }[] = [];
  let base: Expr = e;
  while (base.k === 'method') {
    links.unshift({ name: base.name, args: base.args });
    base = base.target;
  }
  const inner = indent + INDENT;
  const head = printExpr(base, indent);
  const body = links.map((l) => {
    const args = l.args.map(flat);
    const line = `.${l.name}(${args.join(', ')})`;
    if (args.every((a) => a !== undefined) && inner.length + line.length <= WIDTH) return `${inner}${line}`;
    if (l.args.length === 1) return `${inner}.${l.name}(${printExpr(l.args[0]!, inner, l.name.length + 2)})`;
    return `${inner}.${l.name}(\n${l.args.map((a) => `${inner + INDENT}${printExpr(a, inner + INDENT)},`).join('\n')}\n${inner})`;
  });
  return `${head}\n${body.join('\n')}`;
}

export function printStatement(s: Statement): string {
  const comment = (s.comment ?? []).map((c) => `// ${c}\n`).join('');
  if (s.isDefault) return `${comment}export default ${printExpr(s.expr, '', 15)};\n`;
  const head = `${s.exported ? 'export ' : ''}const ${s.name} = `;
  return `${comment}${head}${printExpr(s.expr, '', head.length)};\n`;
}

export function printProgram(header: readonly string[], imports: readonly string[], statements: readonly Statement[]): string {
  const names = [...new Set(imports)].sort((a, b) => a.localeCompare(b));
  const flatImport = `import { ${names.join(', ')} } from 'polydash';`;
  const importLine = flatImport.length <= WIDTH ? flatImport : `import {\n${names.map((n) => `${INDENT}${n},`).join('\n')}\n} from 'polydash';`;
  const head = header.map((h) => `// ${h}`).join('\n');
  return `${head}\n\n${importLine}\n\n${statements.map(printStatement).join('\n')}`;
}
