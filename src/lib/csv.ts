/**
 * RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; lines end in
 * CRLF or LF; a leading byte-order mark is ignored. Each record remembers the line it starts
 * on, so a rejected row can be reported by its line in the file.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/** Linear in the input: fields are sliced out of the text, never built up a character at a time. */
export function parseCsv(input: string): CsvRecord[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const length = text.length;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let recordQuoted = false;
  let at = 0;

  while (at < length) {
    let field: string;
    if (text.charCodeAt(at) === QUOTE) {
      recordQuoted = true;
      const openedOn = line;
      field = '';
      let from = at + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) throw new CsvError('a quoted field is never closed', openedOn);
        const part = text.slice(from, quote);
        // Searched within the part only: searching the text would run on to the next line break.
        for (let lf = part.indexOf('\n'); lf !== -1; lf = part.indexOf('\n', lf + 1)) line++;
        field += part;
        if (text.charCodeAt(quote + 1) !== QUOTE) {
          at = quote + 1;
          break;
        }
        field += '"';
        from = quote + 2;
      }
      const next = text.charCodeAt(at);
      if (at < length && next !== COMMA && next !== CR && next !== LF) throw new CsvError('text after a closing quote', line);
    } else {
      const start = at;
      let c = text.charCodeAt(at);
      while (at < length && c !== COMMA && c !== CR && c !== LF) {
        if (c === QUOTE) throw new CsvError('a quote inside an unquoted field', line);
        c = text.charCodeAt(++at);
      }
      field = text.slice(start, at);
    }
    fields.push(field);

    // `at` is now on the separator after the field, or at the end of the text.
    const separator = text.charCodeAt(at);
    if (separator === COMMA) {
      at++;
      // A comma that ends the text still opens one last, empty field.
      if (at === length) fields.push('');
      else continue;
    } else if (separator === CR || separator === LF) {
      at += separator === CR && text.charCodeAt(at + 1) === LF ? 2 : 1;
    }
    // A blank line is no record; a line holding only "" is one empty field.
    if (recordQuoted || !(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    recordQuoted = false;
    line++;
    recordLine = line;
  }
  return records;
}
