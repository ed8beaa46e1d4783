import { dnsSubdomainProblem } from './names';

/** The longest `managedBy` the API server takes (`maxManagedByLength`). */
export const MANAGED_BY_MAX_LENGTH = 63;

/** The Job controller's own name: `managedBy` unset, or set to this, means Kubernetes syncs the Job. */
export const BUILT_IN_JOB_CONTROLLER = 'kubernetes.io/job-controller';

/** What MultiKueue writes into `managedBy` for a Job it dispatches to a worker cluster. */
export const MULTIKUEUE_CONTROLLER = 'kueue.x-k8s.io/multikueue';

/**
 * A Job's `spec.managedBy`, as the API server checks it (`validateJobSpec`: `IsDomainPrefixedPath`, at most
 * 63 characters). The constructs (`managedBy` prop) and `cdk8s-batch validate` share this rule. Sources:
 * https://github.com/kubernetes/kubernetes/blob/release-1.32/pkg/apis/batch/validation/validation.go and
 * `IsDomainPrefixedPath` in
 * https://github.com/kubernetes/kubernetes/blob/release-1.32/staging/src/k8s.io/apimachinery/pkg/api/validation/generic.go
 */
export function managedByProblems(value: string): string[] {
  const problems: string[] = [];
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1) {
    problems.push('must be a domain-prefixed path (such as "acme.io/foo")');
  } else {
    const domainProblem = dnsSubdomainProblem(value.slice(0, slash));
    if (domainProblem) problems.push(`domain ${domainProblem}`);
    if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(value.slice(slash + 1))) {
      problems.push("path must consist of letters, digits and /-._~%!$&'()*+,;=:");
    }
  }
  if (value.length > MANAGED_BY_MAX_LENGTH)
    problems.push(`must have at most ${MANAGED_BY_MAX_LENGTH} characters (is ${value.length})`);
  return problems;
}
