// A small, lenient XML reader for Splunk views: elements, attributes, text, CDATA, comments
// and entities. Lenient because real dashboards carry HTML inside <html> panels (named entities
// such as &nbsp;, unclosed <br>): what it cannot read there is kept as text, never guessed.

export interface XmlNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly (XmlNode | string)[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (m, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? m;
  });
}

const VOID = new Set(['br', 'hr', 'img', 'meta', 'link', 'wbr']);

export function parseXml(source: string): XmlNode {
  let i = 0;
  const root: { name: string; attrs: Record<string, string>; children: (XmlNode | string)[] } = { name: '#document', attrs: {}, children: [] };
  const stack = [root];
  const top = (): (typeof stack)[number] => stack[stack.length - 1]!;
  while (i < source.length) {
    if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i + 4);
      i = end < 0 ? source.length : end + 3;
    } else if (source.startsWith('<![CDATA[', i)) {
      const end = source.indexOf(']]>', i + 9);
      top().children.push(source.slice(i + 9, end < 0 ? source.length : end));
      i = end < 0 ? source.length : end + 3;
    } else if (source.startsWith('<?', i) || source.startsWith('<!', i)) {
      const end = source.indexOf('>', i);
      i = end < 0 ? source.length : end + 1;
    } else if (source.startsWith('</', i)) {
      const end = source.indexOf('>', i);
      const name = source.slice(i + 2, end).trim();
      const at = stack.map((s) => s.name).lastIndexOf(name);
      if (at > 0) stack.length = at;
      i = end < 0 ? source.length : end + 1;
    } else if (source[i] === '<' && /[A-Za-z_]/.test(source[i + 1] ?? '')) {
      const m = /^<([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>/.exec(source.slice(i));
      if (!m) {
        top().children.push('<');
        i++;
        continue;
      }
      const attrs: Record<string, string> = {};
      for (const a of m[2]!.matchAll(/([\w:.-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) attrs[a[1]!] = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '');
      const node = { name: m[1]!, attrs, children: [] as (XmlNode | string)[] };
      top().children.push(node);
      if (!m[3] && !VOID.has(m[1]!.toLowerCase())) stack.push(node);
      i += m[0].length;
    } else {
      const end = source.indexOf('<', i + 1);
      const text = source.slice(i, end < 0 ? source.length : end);
      top().children.push(decodeEntities(text));
      i += text.length;
    }
  }
  const first = root.children.find((c): c is XmlNode => typeof c !== 'string');
  if (!first) throw new SyntaxError('no XML element');
  return first;
}

export function elements(n: XmlNode, name?: string): XmlNode[] {
  return n.children.filter((c): c is XmlNode => typeof c !== 'string' && (name === undefined || c.name === name));
}

export function child(n: XmlNode, name: string): XmlNode | undefined {
  return elements(n, name)[0];
}

/** The text inside an element (CDATA included), trimmed. */
export function textOf(n: XmlNode | undefined): string {
  if (!n) return '';
  return n.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('').trim();
}

/** The markup inside an element, as written (for <html> panels). */
export function innerXml(n: XmlNode): string {
  return n.children
    .map((c) => {
      if (typeof c === 'string') return c;
      const attrs = Object.entries(c.attrs).map(([k, v]) => ` ${k}="${v.replace(/"/g, '&quot;')}"`).join('');
      return c.children.length ? `<${c.name}${attrs}>${innerXml(c)}</${c.name}>` : `<${c.name}${attrs}/>`;
    })
    .join('');
}
