// A small XML well-formedness check for Splunk's eai:data: balanced tags, quoted attributes,
// known entities, one root. splunkd parses every view it stores and refuses XML it cannot
// parse; it does not validate the structure (that is the conformance checker's job).

export interface XmlSummary {
  readonly root: string;
  readonly rootAttributes: Readonly<Record<string, string>>;
  /** Text of the root's first <label>, entities decoded. */
  readonly label?: string;
}

export type XmlCheck = { readonly ok: true; readonly summary: XmlSummary } | { readonly ok: false; readonly line: number; readonly message: string };

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITY = /^&(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[a-z]+);/g, (m, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (ENTITIES[e] ?? m),
  );
}

export function checkXml(src: string): XmlCheck {
  let i = 0;
  const stack: string[] = [];
  let root: { name: string; attrs: Record<string, string> } | undefined;
  let rootClosed = false;
  let label: string | undefined;
  let labelStart = -1;
  const lineAt = (pos: number) => src.slice(0, pos).split('\n').length;
  const fail = (message: string, pos = i): XmlCheck => ({ ok: false, line: lineAt(pos), message });

  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) return fail('XML declaration not finished');
    i = end + 2;
  }
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const text = src.slice(i, lt < 0 ? src.length : lt);
    const amp = text.search(/&/);
    if (amp >= 0) {
      for (let k = text.indexOf('&'); k >= 0; k = text.indexOf('&', k + 1)) {
        if (!ENTITY.test(text.slice(k))) return fail("xmlParseEntityRef: no name (a bare '&' must be written &amp;)", i + k);
      }
    }
    if (text.trim() && (stack.length === 0)) return fail(rootClosed ? 'Extra content at the end of the document' : "Start tag expected, '<' not found", i);
    if (lt < 0) break;
    i = lt;
    if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i + 4);
      if (end < 0) return fail('Comment not terminated');
      i = end + 3;
      continue;
    }
    if (src.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) return fail('CDATA outside the root element');
      const end = src.indexOf(']]>', i + 9);
      if (end < 0) return fail('CData section not finished');
      i = end + 3;
      continue;
    }
    if (src.startsWith('<!DOCTYPE', i) || src.startsWith('<?', i)) {
      const end = src.indexOf('>', i);
      if (end < 0) return fail('Unterminated declaration');
      i = end + 1;
      continue;
    }
    if (src[i + 1] === '/') {
      const name = NAME.exec(src.slice(i + 2))?.[0];
      const end = src.indexOf('>', i);
      if (!name || end < 0 || src.slice(i + 2 + name.length, end).trim()) return fail('malformed end tag');
      const open = stack.pop();
      if (open !== name) return fail(`Opening and ending tag mismatch: ${open ?? '(none)'} and ${name}`);
      if (name === 'label' && stack.length === 1 && labelStart >= 0 && label === undefined) label = decodeEntities(src.slice(labelStart, i).replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1'));
      if (stack.length === 0) rootClosed = true;
      i = end + 1;
      continue;
    }
    const name = NAME.exec(src.slice(i + 1))?.[0];
    if (!name) return fail('StartTag: invalid element name');
    if (rootClosed || (stack.length === 0 && root)) return fail('Extra content at the end of the document');
    let j = i + 1 + name.length;
    const attrs: Record<string, string> = {};
    for (;;) {
      const ws = /^\s*/.exec(src.slice(j))![0].length;
      j += ws;
      if (src.startsWith('/>', j) || src[j] === '>') break;
      if (!ws) return fail('attributes construct error');
      const an = NAME.exec(src.slice(j))?.[0];
      if (!an) return fail('attributes construct error');
      j += an.length;
      const eq = /^\s*=\s*/.exec(src.slice(j))?.[0];
      if (!eq) return fail(`Specification mandates value for attribute ${an}`);
      j += eq.length;
      const q = src[j];
      if (q !== '"' && q !== "'") return fail('AttValue: " or \' expected');
      const close = src.indexOf(q, j + 1);
      if (close < 0) return fail('AttValue: unterminated');
      const value = src.slice(j + 1, close);
      if (value.includes('<')) return fail("Unescaped '<' not allowed in attributes values");
      for (let k = value.indexOf('&'); k >= 0; k = value.indexOf('&', k + 1)) {
        if (!ENTITY.test(value.slice(k))) return fail('xmlParseEntityRef: no name', j + k);
      }
      if (an in attrs) return fail(`Attribute ${an} redefined`);
      attrs[an] = decodeEntities(value);
      j = close + 1;
    }
    const selfClosing = src.startsWith('/>', j);
    if (!root) root = { name, attrs };
    if (name === 'label' && stack.length === 1 && !selfClosing) labelStart = j + 1;
    if (!selfClosing) stack.push(name);
    else if (stack.length === 0) rootClosed = true;
    i = j + (selfClosing ? 2 : 1);
  }
  if (!root) return fail("Start tag expected, '<' not found", 0);
  if (stack.length) return fail(`Premature end of data in tag ${stack[stack.length - 1]}`, src.length);
  return { ok: true, summary: { root: root.name, rootAttributes: root.attrs, ...(label !== undefined ? { label: label.trim() } : {}) } };
}
