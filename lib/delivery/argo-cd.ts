import * as z from 'zod';
import { asArray, asInt } from '../rules/utils';

/** Argo CD resource hooks (`argocd.argoproj.io/hook`). */
export enum ArgoCdHook {
  /** Before the application's manifests are applied (e.g. database migrations). */
  PRE_SYNC = 'PreSync',
  /** With the manifests, after PreSync hooks succeeded. */
  SYNC = 'Sync',
  /** After every manifest is applied and healthy (e.g. smoke tests, notifications). */
  POST_SYNC = 'PostSync',
  /** When the sync fails (clean-up, alerting). */
  SYNC_FAIL = 'SyncFail',
  /** After the Application is deleted (Argo CD 2.10+). */
  POST_DELETE = 'PostDelete',
  /** Never applied by Argo CD. */
  SKIP = 'Skip',
}

/** When Argo CD deletes a hook resource (`argocd.argoproj.io/hook-delete-policy`). */
export enum ArgoCdHookDeletePolicy {
  /** After the hook succeeded. */
  HOOK_SUCCEEDED = 'HookSucceeded',
  /** After the hook failed. */
  HOOK_FAILED = 'HookFailed',
  /** Before the next run creates it again (Argo CD's default); keeps the last run visible. */
  BEFORE_HOOK_CREATION = 'BeforeHookCreation',
}

/** Argo CD settings of one resource. */
export interface ArgoCdOptions {
  /**
   * Run the resource as a hook of these sync phases.
   * @default - not a hook: applied with the other manifests
   */
  readonly hooks?: ArgoCdHook[];
  /**
   * When Argo CD deletes the hook. Only with `hooks`.
   * @default - Argo CD's default, BeforeHookCreation
   */
  readonly hookDeletePolicies?: ArgoCdHookDeletePolicy[];
  /**
   * Sync wave: lower waves are applied (and healthy) first; negative allowed.
   * @default 0
   */
  readonly syncWave?: number;
  /**
   * Resource-level sync options, e.g. `Prune=false`, `Validate=false`, `ServerSideApply=true`
   * (`Replace`/`Force` come from the job's `reapply` policy).
   * @default - none
   */
  readonly syncOptions?: string[];
}

export const ARGOCD_HOOK = 'argocd.argoproj.io/hook';
export const ARGOCD_HOOK_DELETE_POLICY = 'argocd.argoproj.io/hook-delete-policy';
export const ARGOCD_SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
export const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

/** Resource-level sync options Argo CD knows (docs/user-guide/sync-options.md). */
const RESOURCE_SYNC_OPTIONS =
  /^(Prune=(false|confirm)|Delete=(false|confirm)|Validate=(true|false)|SkipDryRunOnMissingResource=true|PruneLast=true|ServerSideApply=(true|false)|RespectIgnoreDifferences=true)$/;

export const argoCdOptionsSchema = z
  .strictObject({
    hooks: z
      .array(z.enum(ArgoCdHook, { error: `must be one of ${Object.values(ArgoCdHook).join(', ')}` }))
      .min(1, 'must list at least one hook; leave it out for none')
      .optional(),
    hookDeletePolicies: z
      .array(
        z.enum(ArgoCdHookDeletePolicy, {
          error: `must be one of ${Object.values(ArgoCdHookDeletePolicy).join(', ')}`,
        })
      )
      .min(1, 'must list at least one policy; leave it out for the default')
      .optional(),
    syncWave: z.number({ error: 'must be a whole number' }).optional(),
    syncOptions: z.array(z.string()).optional(),
  })
  .superRefine(
    (o, ctx) => {
      if (!o || typeof o !== 'object') return;
      if (
        o.syncWave !== undefined &&
        (asInt(o.syncWave) === undefined || Math.abs(o.syncWave) > 2147483647)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['syncWave'],
          message: 'must be a whole number (negative allowed)',
        });
      }
      if (o.hookDeletePolicies !== undefined && o.hooks === undefined) {
        ctx.addIssue({ code: 'custom', path: ['hookDeletePolicies'], message: 'only applies with hooks' });
      }
      asArray<string>(o.syncOptions).forEach((opt, i) => {
        if (typeof opt !== 'string') return;
        if (/^(Replace|Force)=/.test(opt)) {
          ctx.addIssue({
            code: 'custom',
            path: ['syncOptions', i],
            message:
              'comes from the reapply policy: use ReapplyPolicy.argoCdReplace() or .argoCdForceReplace()',
          });
        } else if (!RESOURCE_SYNC_OPTIONS.test(opt)) {
          ctx.addIssue({
            code: 'custom',
            path: ['syncOptions', i],
            message:
              'must be a resource-level Argo CD sync option: Prune=false|confirm, Delete=false|confirm, Validate=false, SkipDryRunOnMissingResource=true, PruneLast=true, ServerSideApply=true|false, RespectIgnoreDifferences=true',
          });
        }
      });
    },
    { when: () => true }
  );

/** The Argo CD annotations of one resource. */
export function argoCdAnnotations(
  o: ArgoCdOptions | undefined,
  extraSyncOptions: string[] = []
): Record<string, string> {
  const out: Record<string, string> = {};
  if (o?.hooks) out[ARGOCD_HOOK] = [...new Set(o.hooks)].join(',');
  if (o?.hookDeletePolicies) out[ARGOCD_HOOK_DELETE_POLICY] = [...new Set(o.hookDeletePolicies)].join(',');
  if (o?.syncWave !== undefined) out[ARGOCD_SYNC_WAVE] = String(o.syncWave);
  const syncOptions = [...(o?.syncOptions ?? []), ...extraSyncOptions];
  if (syncOptions.length > 0) out[ARGOCD_SYNC_OPTIONS] = syncOptions.join(',');
  return out;
}
