import { ApiObject, Lazy } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { JobBase, JobDeliveryProps, JobKind } from './job-base';
import type { JobTemplateProps } from '../props/job-template-props';
import { jobPropsSchema } from '../props/job';
import { lazily } from '../validation/compiled';
import { JobObject } from '../render/manifest-json';
import type { ResourceMetadataProps } from '../props/metadata';
import { QueueProps, queueShape, refineQueue } from '../props/kueue';
import type { JobServiceProps } from '../props/job-service';

/** Props of `BatchJob`: identity plus everything about the Job and its pods. */
export interface BatchJobProps
  extends ResourceMetadataProps, JobTemplateProps, QueueProps, JobDeliveryProps, JobServiceProps {}

const NAMING = { maxNameLength: 63, generatedSuffix: 0 };
// Made on first use, as every job kind's schema: an app pays at load only for the kinds it uses.
const schema = lazily(() => jobPropsSchema<BatchJobProps>(NAMING, queueShape, refineQueue));
const BATCH_JOB: JobKind = {
  typeName: 'BatchJob',
  ...NAMING,
  get schema() {
    return schema();
  },
};

/**
 * A Kubernetes `batch/v1` Job, validated before it is written.
 *
 * Every Job setting and pattern is a typed prop; bad props throw one `ValidationError` listing every
 * problem. The default pod passes the Pod Security Standards "restricted" profile.
 *
 * @example
 * new BatchJob(chart, 'pi', {
 *   pattern: JobPattern.fixedCompletions({ completions: 2, parallelism: 2 }),
 *   containers: [{ image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }],
 * });
 */
export class BatchJob extends JobBase {
  /** The generated `batch/v1` Job (also `ApiObject.of(this)`). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: BatchJobProps = {}) {
    super(scope, id, props, BATCH_JOB);
    this.apiObject = new JobObject(this, 'Resource', {
      metadata: this.renderMetadata(),
      spec: Lazy.any({ produce: () => this.specForSynth(() => this._toKube()) }),
    });
  }

  /**
   * Renders the Job spec. Pure: the same state always gives the same spec.
   * @internal
   */
  public _toKube(): k8s.JobSpec {
    return this.renderJobSpec();
  }
}
