import { ArgoCdHook, ArgoCdHookDeletePolicy } from './argo-cd';
import { argumentsCheck, aString } from '../validation/arguments';
import { freezeValueObject } from '../validation/plain-data';

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
 * | `generateName()` | none: `generateName: <name>-`, the API server (or Argo CD, for a hook) picks it | every create is a new Job | `kubectl create` (not apply), Argo CD hooks (`argoCd.hooks`) |
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

  /**
   * No name: `metadata.generateName: <name>-`, and the API server appends 5 random characters, so every
   * create makes a new Job (what DCE's YAML example and Argo CD hooks do). `kubectl apply` refuses an
   * object without a name ("cannot use generate name with apply"): create it with `kubectl create -f`.
   * Argo CD takes it only as a hook (`argoCd.hooks`), and names it `<name>-<revision>-<phase>-<time>`.
   * Nothing can refer to the Job by name (no work items ConfigMap, no `objectName`).
   */
  public static generateName(): ReapplyPolicy {
    return new ReapplyPolicy('generateName');
  }

  /** Fixed name and nothing else: re-applying a changed Job fails until it is deleted. */
  public static fixedName(): ReapplyPolicy {
    return new ReapplyPolicy('fixedName');
  }

  private constructor(
    /** Which policy. */
    public readonly kind:
      'renameOnChange' | 'argoCdReplace' | 'argoCdForceReplace' | 'argoCdHook' | 'fixedName' | 'generateName',
    /** The hook, for `argoCdHook`. */
    public readonly hook?: ArgoCdHook,
    /** Argo CD sync options the policy adds. */
    public readonly syncOptions: readonly string[] = []
  ) {
    freezeValueObject(this);
  }

  /** The Argo CD hook annotations of `argoCdHook`. @internal */
  public get _hookDeletePolicy(): ArgoCdHookDeletePolicy | undefined {
    return this.kind === 'argoCdHook' ? ArgoCdHookDeletePolicy.BEFORE_HOOK_CREATION : undefined;
  }
}
