import { CsvError, type CsvRecord } from '../../src/lib/csv.js';

/**
 * The oracle for parseCsv: the same RFC 4180 reading as a plain one-character-at-a-time state
 * machine, too slow for big uploads but simple enough to trust.
 */
export function referenceParseCsv(input: string): CsvRecord[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteOpenedOn = 0;
  let afterQuote = false;
  let recordQuoted = false;
  const endField = () => {
    fields.push(field);
    field = '';
    afterQuote = false;
  };
  const endRecord = () => {
    endField();
    if (recordQuoted || !(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    recordQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
        afterQuote = true;
      } else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"') {
      if (field !== '' || afterQuote) throw new CsvError('a quote inside an unquoted field', line);
      quoted = true;
      recordQuoted = true;
      quoteOpenedOn = line;
    } else if (char === ',') {
      endField();
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      if (afterQuote) throw new CsvError('text after a closing quote', line);
      field += char;
    }
  }
  if (quoted) throw new CsvError('a quoted field is never closed', quoteOpenedOn);
  if (field !== '' || fields.length > 0 || afterQuote) endRecord();
  return records;
}
