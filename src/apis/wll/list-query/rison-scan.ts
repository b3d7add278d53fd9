import { clip } from './errors.js';

/**
 * A linear, non-recursive check that a string is Rison which the `rison` package (0.1.1) decodes
 * faithfully. That parser recurses once per nesting level, throws a TypeError on a stray `*`, `@`,
 * `$` or a trailing `,`, prints every syntax error with console.log, reads `1-2` as NaN and `1.`
 * as 1, keeps only the last of two equal keys and lets a `__proto__` key replace the decoded
 * object's prototype. This scanner accepts a strict subset of what rison accepts and refuses the
 * rest with a position, so rison only ever sees input it parses correctly and silently.
 */

export interface RisonProblem {
  /** Index of the character at fault (the text's length: its end). */
  index: number;
  /** What is wrong there, for people: `expected "," or ")"`. */
  message: string;
}

type Frame = { kind: 'object'; names: Set<string> } | { kind: 'array' };

type Expecting = 'value' | 'name' | 'first-name-or-close' | 'first-value-or-close' | 'colon' | 'comma-or-close';

/** Characters rison never allows in a bare word (its `not_idchar`). */
const NOT_WORD = " '!:(),*@$";
/** Characters that start a number in rison, so never start a bare word (its `not_idstart`). */
const NUMBER_START = '-0123456789';
const NUMBER_CHARACTERS = '-0123456789.eE';
// Rison's own number grammar without the shapes its decoder misreads ("1-2", "1.", "1e").
const STRICT_NUMBER = /^-?\d+(?:\.\d+)?(?:[eE]-?\d+)?$/;

const isWordStart = (c: string): boolean => !NOT_WORD.includes(c) && !NUMBER_START.includes(c);

function found(text: string, index: number): string {
  const c = text[index];
  return c === undefined ? 'the end of the filter' : `"${clip(c)}"`;
}

/** Where a quoted string opened at `start` ends (just past its closing quote), and its text. */
function scanQuoted(text: string, start: number): { end: number; value: string } | RisonProblem {
  const pieces: string[] = [];
  let pieceStart = start + 1;
  for (let index = pieceStart; ; index += 1) {
    const c = text[index];
    if (c === undefined) return { index: start, message: "a quoted string is never closed (add the closing ')" };
    if (c === "'") {
      pieces.push(text.slice(pieceStart, index));
      return { end: index + 1, value: pieces.join('') };
    }
    if (c === '!') {
      const escaped = text[index + 1];
      if (escaped !== '!' && escaped !== "'") {
        return { index, message: `"!${clip(escaped ?? '')}" inside quotes: write !! for ! and !' for '` };
      }
      pieces.push(text.slice(pieceStart, index), escaped);
      index += 1;
      pieceStart = index + 1;
    }
  }
}

function wordEnd(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length && !NOT_WORD.includes(text[index]!)) index += 1;
  return index;
}

/**
 * Checks `text` as O-Rison (the members of one Rison object, without its parentheses) nested at
 * most `maxDepth` levels, the outer object being the first; undefined when rison will decode it.
 */
export function scanORison(text: string, maxDepth: number): RisonProblem | undefined {
  const stack: Frame[] = [{ kind: 'object', names: new Set() }];
  // Widened on purpose: `open` below also moves it, which control-flow narrowing cannot see.
  let expecting = 'first-name-or-close' as Expecting;
  let index = 0;
  const open = (frame: Frame, width: number): RisonProblem | undefined => {
    if (stack.length === maxDepth) return { index, message: `nested deeper than ${maxDepth} levels` };
    stack.push(frame);
    index += width;
    expecting = frame.kind === 'object' ? 'first-name-or-close' : 'first-value-or-close';
    return undefined;
  };

  for (;;) {
    const c = text[index];
    const outermost = stack.length === 1;
    if (outermost && (expecting === 'first-name-or-close' || expecting === 'comma-or-close')) {
      if (c === undefined) return undefined;
      if (c === ')') return { index, message: 'this ")" closes nothing' };
    }
    switch (expecting) {
      case 'colon':
        if (c !== ':') return { index, message: `expected ":" after a name, found ${found(text, index)}` };
        index += 1;
        expecting = 'value';
        break;

      case 'comma-or-close':
        if (c === ')') {
          stack.pop();
          index += 1;
        } else if (c === ',') {
          index += 1;
          expecting = stack.at(-1)!.kind === 'object' ? 'name' : 'value';
        } else {
          return { index, message: `expected "," or ")", found ${found(text, index)}` };
        }
        break;

      case 'first-value-or-close':
        if (c === ')') {
          stack.pop();
          index += 1;
          expecting = 'comma-or-close';
        } else {
          expecting = 'value';
        }
        break;

      case 'first-name-or-close':
      case 'name': {
        if (expecting === 'first-name-or-close' && c === ')') {
          stack.pop();
          index += 1;
          expecting = 'comma-or-close';
          break;
        }
        let name: string;
        const start = index;
        if (c === "'") {
          const quoted = scanQuoted(text, index);
          if ('message' in quoted) return quoted;
          name = quoted.value;
          index = quoted.end;
        } else if (c !== undefined && isWordStart(c)) {
          index = wordEnd(text, index);
          name = text.slice(start, index);
        } else {
          return { index, message: `expected a name, found ${found(text, index)}` };
        }
        const frame = stack.at(-1) as Extract<Frame, { kind: 'object' }>;
        if (name === '__proto__') return { index: start, message: '"__proto__" cannot be a name' };
        if (frame.names.has(name)) return { index: start, message: `"${clip(name)}" appears twice in the same group` };
        frame.names.add(name);
        expecting = 'colon';
        break;
      }

      case 'value': {
        if (c === undefined) return { index, message: 'expected a value, found the end of the filter' };
        if (c === '(') {
          const problem = open({ kind: 'object', names: new Set() }, 1);
          if (problem) return problem;
        } else if (c === '!') {
          const literal = text[index + 1];
          if (literal === '(') {
            const problem = open({ kind: 'array' }, 2);
            if (problem) return problem;
          } else if (literal === 't' || literal === 'f' || literal === 'n') {
            index += 2;
            expecting = 'comma-or-close';
          } else {
            return { index, message: `"!${clip(literal ?? '')}" is not Rison: use !t, !f, !n or !(…), or quote the text` };
          }
        } else if (c === "'") {
          const quoted = scanQuoted(text, index);
          if ('message' in quoted) return quoted;
          index = quoted.end;
          expecting = 'comma-or-close';
        } else if (NUMBER_START.includes(c)) {
          let end = index + 1;
          while (end < text.length && NUMBER_CHARACTERS.includes(text[end]!)) end += 1;
          const number = text.slice(index, end);
          if (!STRICT_NUMBER.test(number)) return { index, message: `"${clip(number)}" is not a number (quote it if it is text)` };
          if (!Number.isFinite(Number(number))) return { index, message: `${clip(number)} is too large a number` };
          index = end;
          expecting = 'comma-or-close';
        } else if (isWordStart(c)) {
          index = wordEnd(text, index);
          expecting = 'comma-or-close';
        } else {
          return { index, message: `expected a value, found ${found(text, index)}` };
        }
        break;
      }
    }
  }
}
