import { auditOutcome } from '../scripts/audit';

// The answers below have the shape `npm audit --json` prints (npm 7 and later, auditReportVersion 2).
const report = (vulnerabilities: Record<string, { severity: string }>) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: Object.fromEntries(
      Object.entries(vulnerabilities).map(([name, v]) => [name, { name, isDirect: false, via: [], ...v }])
    ),
    metadata: {
      vulnerabilities: {
        info: 0,
        low: Object.values(vulnerabilities).filter((v) => v.severity === 'low').length,
        moderate: Object.values(vulnerabilities).filter((v) => v.severity === 'moderate').length,
        high: Object.values(vulnerabilities).filter((v) => v.severity === 'high').length,
        critical: Object.values(vulnerabilities).filter((v) => v.severity === 'critical').length,
        total: Object.keys(vulnerabilities).length,
      },
    },
  });

describe('npm run audit', () => {
  test('a registry without the audit endpoint is "not run" (exit 2), not an advisory', () => {
    // What npm prints when the registry answers the bulk-advisory POST with 405.
    const answer = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk',
      method: 'POST',
      statusCode: 405,
      body: '',
      error: { summary: '', detail: '' },
    });
    const outcome = auditOutcome(answer);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.message).toMatch(/^audit not run: the registry's audit endpoint is unavailable \(405 /);
  });

  test('an answer that is not JSON is "not run" (exit 2)', () => {
    expect(auditOutcome('npm error network')).toEqual({
      exitCode: 2,
      message: 'audit not run: npm audit did not answer with JSON',
    });
  });

  test('a high or critical advisory fails (exit 1) and names the packages', () => {
    const outcome = auditOutcome(
      report({ minimist: { severity: 'critical' }, semver: { severity: 'high' } })
    );
    expect(outcome).toEqual({
      exitCode: 1,
      message: '2 package(s) with high or critical advisories: minimist (critical), semver (high)',
    });
  });

  test('only lower-severity advisories pass (exit 0) and are counted', () => {
    expect(auditOutcome(report({ debug: { severity: 'low' }, qs: { severity: 'moderate' } }))).toEqual({
      exitCode: 0,
      message: 'no high or critical advisories (2 lower-severity)',
    });
  });

  test('a clean report passes (exit 0)', () => {
    expect(auditOutcome(report({})).exitCode).toBe(0);
  });
});
