import * as crypto from 'crypto';
import { isCanonicalJson } from './manifest-json';

/*
 * The content hash of a rendered Job: what `ReapplyPolicy.renameOnChange()` (the default) puts in the name,
 * so that a changed Job is a new object (a Job's pod template is immutable).
 */

/** Length of the content hash in a renamed Job's name. */
export const NAME_HASH_LENGTH = 8;

/**
 * JSON with object keys sorted, so equal content always hashes the same.
 * @internal
 */
export function canonicalJson(value: unknown): string {
  // A converted manifest document (the rendered spec) already has sorted keys: JSON.stringify
  // prints it canonically, many times faster than the walk below.
  if (isCanonicalJson(value)) return JSON.stringify(value);
  // Built by concatenation (hashing 10,000 Jobs is a hot path); the same text as
  // `[${items.map(canonicalJson).join(',')}]` and `{${sortedDefinedEntries.join(',')}}`.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (canonicalJson(value[i]) ?? '');
    return `${out}]`;
  }
  if (value && typeof value === 'object') {
    let out = '{';
    for (const k of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${canonicalJson(v)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
}

/** `crypto.hash` (node 20.12 and later): a digest in one call, without a `Hash` stream per Job. */
const hashOnce = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** The first 8 hex digits of the SHA-256 of the canonical JSON of `spec`. */
export function contentHash(spec: unknown): string {
  const json = canonicalJson(spec);
  const hex = hashOnce
    ? hashOnce('sha256', json, 'hex')
    : crypto.createHash('sha256').update(json).digest('hex');
  return hex.slice(0, NAME_HASH_LENGTH);
}

/**
 * `<base>-<hash>`, at most `max` characters: a long base is cut (and a trailing `-` dropped)
 * deterministically instead of failing.
 */
export function hashedName(base: string, hash: string, max: number): string {
  const room = max - hash.length - 1;
  const cut = base.length <= room ? base : base.slice(0, room).replace(/-+$/, '');
  return `${cut}-${hash}`;
}
