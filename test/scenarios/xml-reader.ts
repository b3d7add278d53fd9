/**
 * A strict reader of the XML subset JUnit files use (declaration, elements, attributes, text,
 * the five predefined entities and numeric references): enough to prove a file is well formed
 * and to read it back. It throws on anything a conforming XML parser would reject in that subset.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`raw < in ${where}`);
  return raw.replace(/&([^;]*);|&/g, (whole, entity: string | undefined) => {
    if (entity === undefined) throw new Error(`bare & in ${where}`);
    if (entity in ENTITIES) return ENTITIES[entity]!;
    const numeric = /^#(?:x([0-9A-Fa-f]+)|(\d+))$/.exec(entity);
    if (!numeric) throw new Error(`unknown entity &${entity}; in ${where}`);
    return String.fromCodePoint(parseInt(numeric[1] ?? numeric[2]!, numeric[1] ? 16 : 10));
  });
}

export function readXml(text: string): XmlElement {
  if (!XML_CHAR.test(text)) throw new Error('a character XML 1.0 does not allow');
  let at = 0;
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(text);
  if (declaration) at = declaration[0].length;
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at]!)) at++;
  };
  const element = (): XmlElement => {
    if (text[at] !== '<') throw new Error(`expected < at ${at}`);
    at++;
    const name = NAME.exec(text.slice(at))?.[0];
    if (!name) throw new Error(`bad element name at ${at}`);
    at += name.length;
    const node: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (;;) {
      skipSpace();
      if (text.startsWith('/>', at)) {
        at += 2;
        return node;
      }
      if (text[at] === '>') {
        at++;
        break;
      }
      const attribute = /^([A-Za-z_:][A-Za-z0-9_:.-]*)="([^"]*)"/.exec(text.slice(at));
      if (!attribute) throw new Error(`bad attribute in <${name}> at ${at}`);
      if (attribute[1]! in node.attributes) throw new Error(`duplicate attribute ${attribute[1]}`);
      node.attributes[attribute[1]!] = decode(attribute[2]!, `attribute ${attribute[1]}`);
      at += attribute[0].length;
    }
    for (;;) {
      const next = text.indexOf('<', at);
      if (next === -1) throw new Error(`<${name}> is not closed`);
      node.text += decode(text.slice(at, next), `<${name}>`);
      at = next;
      if (text.startsWith('</', at)) {
        const close = `</${name}>`;
        if (!text.startsWith(close, at)) throw new Error(`expected ${close} at ${at}`);
        at += close.length;
        return node;
      }
      node.children.push(element());
    }
  };
  const root = element();
  skipSpace();
  if (at !== text.length) throw new Error('content after the root element');
  return root;
}

export function findAll(node: XmlElement, name: string): XmlElement[] {
  return [...(node.name === name ? [node] : []), ...node.children.flatMap((child) => findAll(child, name))];
}
