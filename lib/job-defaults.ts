import { IConstruct } from 'constructs';
import type { JobTemplateProps } from './job-template';

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
>;

const DEFAULTS = new WeakMap<IConstruct, JobDefaultsProps>();

/**
 * Defaults for every job construct below a scope, usually a chart, so opinionated defaults
 * (ttl, security, retries) are set once instead of on every construct. Props given to a
 * construct win over these; defaults of a nearer scope win over those of a farther one.
 * Set them before adding the constructs.
 *
 * @example
 * JobDefaults.set(chart, { ttlAfterFinished: Duration.hours(6), runAs: RunAs.imageUser() });
 */
export class JobDefaults {
  /** Sets (merges) the defaults of `scope`. */
  public static set(scope: IConstruct, defaults: JobDefaultsProps): void {
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
