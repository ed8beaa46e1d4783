import * as z from 'zod';
import { kueueNameLabelProblem } from '../rules/names';
import { checkedString } from '../validation/schemas';

/** Kueue label keys (kubernetes-sigs/kueue `site/content/en/docs/tasks/run/jobs.md`). */
export const QUEUE_NAME_LABEL = 'kueue.x-k8s.io/queue-name';
export const QUEUE_PRIORITY_CLASS_LABEL = 'kueue.x-k8s.io/priority-class';

/** Kueue integration props, on `BatchJob` and `GpuJob` alike. */
export interface QueueProps {
  /**
   * The Kueue `LocalQueue` that admits the Job: rendered as the `kueue.x-k8s.io/queue-name` label,
   * and the Job is created suspended (Kueue resumes it on admission).
   * @default - not queued by Kueue
   */
  readonly queue?: string;
  /**
   * The Kueue `WorkloadPriorityClass` (queueing and preemption order only), as the
   * `kueue.x-k8s.io/priority-class` label. The pods' `priorityClassName` is a separate prop.
   * @default - none
   */
  readonly queuePriorityClass?: string;
}

const kueueNameLabel = checkedString(kueueNameLabelProblem);

export const queueShape = {
  queue: kueueNameLabel.optional(),
  queuePriorityClass: kueueNameLabel.optional(),
};

/** Cross-field rules of the queue props. */
export function refineQueue(props: QueueProps & { suspend?: boolean }, ctx: z.RefinementCtx): void {
  if (props?.queuePriorityClass !== undefined && props.queue === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['queuePriorityClass'],
      message: 'needs queue (a Kueue LocalQueue)',
    });
  }
  if (props?.queue !== undefined && props.suspend === false) {
    ctx.addIssue({
      code: 'custom',
      path: ['suspend'],
      message: 'must not be false with a queue: Kueue admits the Job by resuming it; leave suspend out',
    });
  }
}

/** The Kueue labels of a Job. */
export function queueLabels(props: QueueProps): Record<string, string> {
  const labels: Record<string, string> = {};
  if (props.queue !== undefined) labels[QUEUE_NAME_LABEL] = props.queue;
  if (props.queuePriorityClass !== undefined) labels[QUEUE_PRIORITY_CLASS_LABEL] = props.queuePriorityClass;
  return labels;
}
