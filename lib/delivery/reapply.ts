import * as crypto from 'crypto';
import { isCanonicalJson } from '../private/manifest-json';
import { ArgoCdHook, ArgoCdHookDeletePolicy } from './argo-cd';
import { argumentsCheck, aString } from '../validation/arguments';

// The run-time check of the factory's argument (see validation/arguments.ts).
const checkHook = argumentsCheck({
  type: 'ReapplyPolicy',
  call: 'ReapplyPolicy.argoCdHook(hook)',
  shape: () => ({ hook: aString }),
});

/**
 * What happens when a changed Job is applied again. A Job's pod template is immutable, so a plain
 * re-apply of a changed Job fails with "field is immutable".
 *
 * | policy | name | on change | use when |
 * | --- | --- | --- | --- |
 * | `renameOnChange()` (default) | `<name>-<hash of the spec>` | a new Job; the old one is cleaned up by `ttlAfterFinished` (or Argo CD prune) | `kubectl apply`, Argo CD, anything |
 * | `argoCdReplace()` | fixed | Argo CD replaces it (`Replace=true`) | Argo CD only; the name must stay fixed |
 * | `argoCdForceReplace()` | fixed | Argo CD deletes and re-creates it (`Force=true,Replace=true`) | Argo CD only; `Replace` alone is not enough for your Argo CD version |
 * | `argoCdHook(hook?)` | fixed | Argo CD re-runs it as a hook each sync (`BeforeHookCreation`) | one-offs that must run on every sync (migrations) |
 * | `fixedName()` | fixed | the re-apply fails; delete the Job first | you manage the Job's lifecycle yourself |
 */
export class ReapplyPolicy {
  /** The Job name carries a short hash of its rendered spec: a changed Job is a new object. */
  public static renameOnChange(): ReapplyPolicy {
    return new ReapplyPolicy('renameOnChange');
  }

  /** Fixed name, Argo CD sync option `Replace=true`. */
  public static argoCdReplace(): ReapplyPolicy {
    return new ReapplyPolicy('argoCdReplace', undefined, ['Replace=true']);
  }

  /** Fixed name, Argo CD sync options `Force=true,Replace=true` (delete and re-create; destructive). */
  public static argoCdForceReplace(): ReapplyPolicy {
    return new ReapplyPolicy('argoCdForceReplace', undefined, ['Force=true', 'Replace=true']);
  }

  /** Fixed name, an Argo CD hook re-created on every sync (`BeforeHookCreation`). */
  public static argoCdHook(hook: ArgoCdHook = ArgoCdHook.SYNC): ReapplyPolicy {
    checkHook({ hook });
    return new ReapplyPolicy('argoCdHook', hook);
  }

  /** Fixed name and nothing else: re-applying a changed Job fails until it is deleted. */
  public static fixedName(): ReapplyPolicy {
    return new ReapplyPolicy('fixedName');
  }

  private constructor(
    /** Which policy. */
    public readonly kind:
      'renameOnChange' | 'argoCdReplace' | 'argoCdForceReplace' | 'argoCdHook' | 'fixedName',
    /** The hook, for `argoCdHook`. */
    public readonly hook?: ArgoCdHook,
    /** Argo CD sync options the policy adds. */
    public readonly syncOptions: readonly string[] = []
  ) {}

  /** The Argo CD hook annotations of `argoCdHook`. @internal */
  public get _hookDeletePolicy(): ArgoCdHookDeletePolicy | undefined {
    return this.kind === 'argoCdHook' ? ArgoCdHookDeletePolicy.BEFORE_HOOK_CREATION : undefined;
  }
}

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
