/** Shared matchers for ValidationError messages (`  - field: rule (got value)` lines). */
import { ValidationError } from '../../lib';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches exactly one problem line `  - <line>` of a ValidationError message. */
export function problemLine(line: string): RegExp {
  return new RegExp(`^  - ${escape(line)}$`, 'm');
}

/** Matches a problem line by its `field: rule` part, whatever value it reports. */
export function problemRule(fieldAndRule: string): RegExp {
  return new RegExp(`^  - ${escape(fieldAndRule)}( \\(got .*\\))?$`, 'm');
}

/** `create` throws a ValidationError with this problem line. */
export function expectProblem(create: () => unknown, line: string | RegExp): void {
  expect(create).toThrow(ValidationError);
  expect(create).toThrow(typeof line === 'string' ? problemLine(line) : line);
}

/** `create` does not throw. */
export function expectValid(create: () => unknown): void {
  expect(create).not.toThrow();
}

/** The problem lines (`field: rule (got value)`) of the ValidationError that `create` throws. */
export function problemsOf(create: () => unknown): string[] {
  try {
    create();
  } catch (error) {
    if (error instanceof ValidationError)
      return error.message
        .split('\n')
        .filter((l) => l.startsWith('  - '))
        .map((l) => l.slice(4));
    throw error;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}
