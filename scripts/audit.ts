/**
 * `npm run audit`: `npm audit` for the packages users install (`--omit=dev`), with an exit code that tells
 * the three outcomes apart. `npm audit` itself exits 1 both for an advisory and for a registry that has no
 * audit endpoint (some mirrors answer `405 Method Not Allowed`), so a CI step cannot tell "vulnerable" from
 * "not checked".
 *
 * Exit codes: 0 no advisory at or above `high`; 1 such advisories (listed); 2 the audit could not run (the
 * endpoint is unavailable or npm's answer is not an audit report): nothing was checked.
 */
import { spawnSync } from 'node:child_process';

/** The outcome of one audit, from `npm audit --json`'s standard output. */
export interface AuditOutcome {
  readonly exitCode: 0 | 1 | 2;
  readonly message: string;
}

const FAILING = ['high', 'critical'] as const;

/** Reads `npm audit --json` output (pure, for tests). */
export function auditOutcome(stdout: string): AuditOutcome {
  let report: {
    metadata?: { vulnerabilities?: Record<string, number> };
    vulnerabilities?: Record<string, { severity?: string; via?: unknown[] }>;
    message?: unknown;
    error?: { summary?: unknown; code?: unknown };
    statusCode?: unknown;
  };
  try {
    report = JSON.parse(stdout) as typeof report;
  } catch {
    return { exitCode: 2, message: 'audit not run: npm audit did not answer with JSON' };
  }
  const counts = report.metadata?.vulnerabilities;
  if (!counts) {
    const why =
      typeof report.message === 'string'
        ? report.message
        : typeof report.error?.summary === 'string' && report.error.summary !== ''
          ? report.error.summary
          : 'no audit report in the answer';
    return {
      exitCode: 2,
      message: `audit not run: the registry's audit endpoint is unavailable (${why}); no advisory was checked`,
    };
  }
  const failing = Object.entries(report.vulnerabilities ?? {})
    .filter(([, v]) => FAILING.includes(v.severity as (typeof FAILING)[number]))
    .map(([name, v]) => `${name} (${v.severity})`)
    .sort();
  const total = counts.total ?? 0;
  if (failing.length > 0) {
    return {
      exitCode: 1,
      message: `${failing.length} package(s) with high or critical advisories: ${failing.join(', ')}`,
    };
  }
  return { exitCode: 0, message: `no high or critical advisories (${total} lower-severity)` };
}

if (require.main === module) {
  const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
  const outcome = auditOutcome(result.stdout ?? '');
  (outcome.exitCode === 0 ? console.log : console.error)(`npm run audit: ${outcome.message}`);
  process.exitCode = outcome.exitCode;
}
