import { Names } from 'cdk8s';
import type { IConstruct } from 'constructs';

/**
 * The object name derived from a construct's path when none is given: cdk8s' `Names.toDnsLabel`
 * (path components, then a hash of the path), made a DNS-1123 label. cdk8s keeps `_` and `.` from
 * construct ids (`new BatchJob(chart, 'nightly_report')` → `chart-nightly_report-<hash>`), which
 * Kubernetes rejects in Job names and pod hostnames; they become `-`.
 */
export function derivedName(scope: IConstruct, maxLen: number): string {
  return Names.toDnsLabel(scope, { maxLen })
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '');
}
