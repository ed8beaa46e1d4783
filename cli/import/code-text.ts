/**
 * How text reaches the TypeScript that `cdk8s-batch import` writes. The YAML is untrusted, so every piece of
 * it goes through {@link escapeText}, the one escaper: string literals ({@link stringLiteral}), object keys
 * ({@link propertyKey}) and comments ({@link commentLines}, {@link docComment}). Identifiers are never made
 * from input without {@link identifier}'s check, which allows only `[A-Za-z0-9_$]` and no reserved word.
 *
 * What {@link escapeText} escapes, so that no input can end a string or a comment, hide code from a reviewer
 * or fail to compile: backslashes; the quote of the literal; every line terminator (`\n`, `\r`, U+2028,
 * U+2029) and every control character (C0, DEL, C1 with U+0085); invisible and bidirectional formatting
 * characters (Unicode Cf, "Trojan Source"), separators and spaces other than U+0020, private-use and
 * unassigned code points, lone surrogates; and the `/` of `*` + `/` (a block comment's end).
 */

/** Characters written as an escape sequence (besides `\`, the quote and the `/` of a comment end). */
const ESCAPED = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}\p{Cs}\p{Co}\p{Cn}]/u;

const SHORT: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
};

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

/**
 * `text` with every character escaped that could end a string literal (delimited by `quote`) or a comment, or
 * hide something from a reader (see the module comment). The result holds no line terminator, no control or
 * formatting character and no `*` + `/`; as the body of a string literal, it evaluates to `text` exactly.
 */
export function escapeText(text: string, quote?: "'" | '"'): string {
  let out = '';
  // for...of walks code points; a lone surrogate comes as one unit.
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${ch}`;
    else if (ch === '/' && out.endsWith('*')) out += '\\/';
    else if (ch === ' ' || !ESCAPED.test(ch)) out += ch;
    else if (SHORT[ch]) out += SHORT[ch];
    else {
      const cp = ch.codePointAt(0)!;
      out += cp <= 0xff ? `\\x${hex(cp, 2)}` : cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\u{${hex(cp, 1)}}`;
    }
  }
  return out;
}

/** A string literal in single quotes, as Prettier writes it, through {@link escapeText}. */
export function stringLiteral(text: string): string {
  if (typeof text !== 'string') throw new TypeError(`not a string: ${typeof text}`);
  return `'${escapeText(text, "'")}'`;
}

/** Words no generated identifier may be: JavaScript's reserved words (strict mode) and `arguments`, `eval`. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    'await break case catch class const continue debugger default delete do else enum export extends false ' +
    'finally for function if implements import in instanceof interface let new null package private protected ' +
    'public return static super switch this throw true try typeof var void while with yield arguments eval ' +
    'undefined NaN Infinity'
  ).split(' ')
);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Whether `name` may be written as an identifier (and a bare object key): ASCII, not a reserved word. */
export function isIdentifier(name: string): boolean {
  return typeof name === 'string' && IDENTIFIER.test(name) && !RESERVED_WORDS.has(name);
}

/** `name`, checked to be an identifier of `[A-Za-z0-9_$]` and no reserved word; throws otherwise. */
export function identifier(name: string): string {
  if (!isIdentifier(name))
    throw new Error(`internal error: ${stringLiteral(String(name))} is not an identifier`);
  return name;
}

/**
 * An object key: bare when it is an identifier, else a string literal; `__proto__` as the computed key
 * `['__proto__']`, because `{ __proto__: v }` and `{ '__proto__': v }` set the prototype instead.
 */
export function propertyKey(key: string): string {
  if (key === '__proto__') return `[${stringLiteral(key)}]`;
  return IDENTIFIER.test(key) ? key : stringLiteral(key);
}

/** Comment text a tool would read as a directive: TypeScript's (`// @ts-ignore`), ESLint's, Prettier's. */
const DIRECTIVE = /^(\s*)(@|eslint-|prettier-ignore)/i;

/** `// ` + one line of comment text (already escaped): a leading directive-like word gets its first letter escaped. */
function commentLine(pad: string, text: string): string {
  const safe = text.replace(DIRECTIVE, (_m, space: string, word: string) => {
    const cp = word.codePointAt(0)!;
    return `${space}\\x${hex(cp, 2)}${word.slice(1)}`;
  });
  const line = `${pad}// ${safe}`.trimEnd();
  if (/[\n\r\u2028\u2029]/.test(line)) throw new Error('internal error: a line terminator in a comment');
  return line;
}

/**
 * A comment as `//` lines at `indent`, wrapped at `width`. The text goes through {@link escapeText}: input in it
 * cannot end the comment (a line terminator is written `\n`), and no line starts like a directive
 * (`// @ts-ignore`).
 */
export function commentLines(text: string, indent: number, width = 110): string[] {
  const pad = ' '.repeat(indent);
  const max = Math.max(40, width - indent - 3);
  const out: string[] = [];
  let line = '';
  for (const word of escapeText(text).split(' ')) {
    if (line !== '' && line.length + 1 + word.length > max) {
      out.push(commentLine(pad, line));
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  out.push(commentLine(pad, line));
  return out;
}

/** A one-line documentation comment (`/** ... *\/`) through {@link escapeText}. */
export function docComment(text: string, indent = 0): string {
  return `${' '.repeat(indent)}/** ${escapeText(text)} */`;
}
