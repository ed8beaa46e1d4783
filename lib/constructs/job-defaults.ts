import { IConstruct } from 'constructs';
import * as z from 'zod';
import type { JobTemplateProps } from '../props/job-template-props';
import { jobTemplateShape } from '../props/job-template';
import { argumentsCheck, options } from '../validation/arguments';

/** The props whose defaults can be set once for a whole chart (or any scope). */
export type JobDefaultsProps = Pick<
  JobTemplateProps,
  | 'backoffLimit'
  | 'activeDeadline'
  | 'ttlAfterFinished'
  | 'restartPolicy'
  | 'terminationGracePeriod'
  | 'podLabels'
  | 'podAnnotations'
  | 'imagePullSecrets'
  | 'nodeSelector'
  | 'runAs'
  | 'automountServiceAccountToken'
  | 'platform'
  | 'kubernetesVersion'
>;

const DEFAULTS = new WeakMap<IConstruct, JobDefaultsProps>();

const DEFAULTABLE = [
  'backoffLimit',
  'activeDeadline',
  'ttlAfterFinished',
  'restartPolicy',
  'terminationGracePeriod',
  'podLabels',
  'podAnnotations',
  'imagePullSecrets',
  'nodeSelector',
  'runAs',
  'automountServiceAccountToken',
  'platform',
  'kubernetesVersion',
] as const satisfies readonly (keyof JobDefaultsProps)[];

/** The run-time check of `set`: the props' own rules, on the props a default can be given for. */
const checkSet = argumentsCheck({
  type: 'JobDefaults',
  call: 'JobDefaults.set(scope, defaults)',
  shape: () => {
    const perConstruct = Object.keys(jobTemplateShape).filter(
      (k) => !(DEFAULTABLE as readonly string[]).includes(k)
    );
    return {
      scope: z.custom((v) => typeof (v as IConstruct | null)?.node === 'object', {
        message: 'must be a construct, e.g. a Chart',
      }),
      defaults: options(
        Object.fromEntries(DEFAULTABLE.map((key) => [key, jobTemplateShape[key]])),
        Object.fromEntries(
          perConstruct.map((key) => [key, 'has no chart-wide default; give it to each construct'])
        )
      ),
    };
  },
});

/**
 * Defaults for every job construct below a scope, usually a chart, so opinionated defaults
 * (ttl, security, retries) are set once instead of on every construct. Props given to a
 * construct win over these; defaults of a nearer scope win over those of a farther one.
 * Set them before adding the constructs.
 *
 * @example
 * JobDefaults.set(chart, { ttlAfterFinished: Duration.hours(6), runAs: RunAs.imageUser() });
 * JobDefaults.set(app, { kubernetesVersion: KubernetesVersion.V1_31 }); // for every chart of the app
 */
export class JobDefaults {
  /** Sets (merges) the defaults of `scope`. */
  public static set(scope: IConstruct, defaults: JobDefaultsProps): void {
    ({ defaults } = checkSet({ scope, defaults }));
    DEFAULTS.set(scope, { ...DEFAULTS.get(scope), ...defaults });
  }

  /** The defaults that apply to a construct created in `scope`: its own and its ancestors', merged. */
  public static of(scope: IConstruct): JobDefaultsProps {
    const merged: Record<string, unknown> = {};
    // node.scopes runs from the root to `scope`: nearer scopes are applied last and win.
    for (const s of scope.node.scopes) Object.assign(merged, DEFAULTS.get(s));
    return merged as JobDefaultsProps;
  }

  private constructor() {}
}
