// A strict little XML reader for tests: elements, attributes, text, the five named entities,
// numeric references, CDATA and comments. It throws on anything malformed, so a test that
// reads generated XML back proves it is well-formed and that values round-trip.

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (m, ref: string | undefined) => {
    if (ref === undefined) throw new SyntaxError('bare & in XML');
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const v = NAMED[ref];
    if (v === undefined) throw new SyntaxError(`unknown entity ${m}`);
    return v;
  });
}

export function parseXml(source: string): XmlElement {
  let i = 0;
  const fail = (msg: string): never => {
    throw new SyntaxError(`${msg} at ${i}: ${JSON.stringify(source.slice(i, i + 40))}`);
  };
  const skipMisc = (): void => {
    for (;;) {
      const ws = /^\s*/.exec(source.slice(i))![0];
      i += ws.length;
      if (source.startsWith('<?', i)) i = source.indexOf('?>', i) + 2;
      else if (source.startsWith('<!--', i)) i = source.indexOf('-->', i) + 3;
      else return;
    }
  };
  const element = (): XmlElement => {
    const open = /^<([A-Za-z_][\w.:-]*)/.exec(source.slice(i));
    if (!open) fail('expected an element');
    const name = open![1]!;
    i += open![0].length;
    const attrs: Record<string, string> = {};
    for (;;) {
      const a = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(source.slice(i));
      if (!a) break;
      if (a[1]! in attrs) fail(`duplicate attribute ${a[1]}`);
      attrs[a[1]!] = decode(a[3] ?? a[4]!);
      i += a[0].length;
    }
    const end = /^\s*(\/?)>/.exec(source.slice(i));
    if (!end) fail(`malformed start tag <${name}`);
    i += end![0].length;
    if (end![1] === '/') return { name, attrs, children: [] };
    const children: (XmlElement | string)[] = [];
    for (;;) {
      if (source.startsWith(`</${name}`, i)) {
        const close = new RegExp(`^</${name}\\s*>`).exec(source.slice(i));
        if (!close) fail(`malformed end tag </${name}`);
        i += close![0].length;
        return { name, attrs, children };
      }
      if (source.startsWith('<![CDATA[', i)) {
        const stop = source.indexOf(']]>', i);
        if (stop < 0) fail('unterminated CDATA');
        children.push(source.slice(i + 9, stop));
        i = stop + 3;
      } else if (source.startsWith('<!--', i)) {
        i = source.indexOf('-->', i) + 3;
      } else if (source[i] === '<') {
        children.push(element());
      } else {
        const stop = source.indexOf('<', i);
        if (stop < 0) fail(`unterminated <${name}>`);
        const raw = source.slice(i, stop);
        if (raw.includes(']]>')) fail(']]> in text');
        children.push(decode(raw));
        i = stop;
      }
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i !== source.length) fail('content after the root element');
  return root;
}

/** The concatenated text of an element. */
export function textOf(e: XmlElement): string {
  return e.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** Child elements named `name`. */
export function childrenNamed(e: XmlElement, name: string): XmlElement[] {
  return e.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

/** All descendants named `name`, in document order. */
export function findAll(e: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (x: XmlElement): void => {
    for (const c of x.children) {
      if (typeof c === 'string') continue;
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(e);
  return out;
}
