/** Limits of the API server's Job and CronJob validation (batch `validation.go`). */
export const JOB_LIMITS = {
  /** `maxParallelismForIndexedJob`, `maxFailedIndexesForIndexedJob`, `completionsSoftLimit`. */
  indexed: 100000,
  /** Parallelism and maxFailedIndexes when completions > 100000 with backoffLimitPerIndex. */
  indexedLarge: 10000,
  podFailurePolicyRules: 20,
  onExitCodesValues: 255,
  onPodConditions: 20,
  successPolicyRules: 20,
  /** 63 − 11: the CronJob controller appends `-<minutes since epoch>` to name each Job. */
  cronJobName: 52,
  /** The Job name becomes a label value on the pods (job-name), so it is at most 63 characters. */
  jobName: 63,
} as const;

/** Labels the Job controller puts on pod templates (with the Job's name and UID). */
export const JOB_CONTROLLER_LABELS = {
  jobName: ['job-name', 'batch.kubernetes.io/job-name'],
  controllerUid: ['controller-uid', 'batch.kubernetes.io/controller-uid'],
} as const;
