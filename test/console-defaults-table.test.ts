/**
 * The console defaults and deliberate differences tables of docs/platforms.md (issue 19): generated from what the
 * constructs synthesize under each profile, so they cannot drift; generating fails on a drifted claim.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  CONSOLE_DEFAULTS_BEGIN,
  CONSOLE_DEFAULTS_END,
  consoleDefaultsTable,
  DIFFERENCES,
  DIFFERENCES_BEGIN,
  DIFFERENCES_END,
  differencesTable,
  DOCUMENTED,
  withConsoleDefaultsTables,
} from '../scripts/tables/console-defaults';
import { withTable } from '../scripts/tables/markers';

const page = fs.readFileSync(path.join(__dirname, '..', 'docs', 'platforms.md'), 'utf8');

test('docs/platforms.md holds the current console defaults and differences tables (run `npm run docs`)', () => {
  expect(withConsoleDefaultsTables(page)).toBe(page);
  // (each in its own section, after the prop × platform table)
  expect(page.indexOf(CONSOLE_DEFAULTS_BEGIN)).toBeGreaterThan(page.indexOf('<!-- platform-table:end -->'));
  expect(withTable(page, DIFFERENCES_BEGIN, DIFFERENCES_END, differencesTable())).toBe(page);
  expect(withTable(page, CONSOLE_DEFAULTS_BEGIN, CONSOLE_DEFAULTS_END, consoleDefaultsTable())).toBe(page);
});

test('a documented console default is marked on its console only, with the value the profile renders', () => {
  const rows = consoleDefaultsTable().split('\n');
  expect(rows[0]).toBe(
    '| setting | `kubernetes()` | `kubesphere()` | `dce()` | `tkestack()` | `ack()` | documented by |'
  );
  expect(rows.find((r) => r.startsWith('| probe `initialDelaySeconds`'))).toBe(
    "| probe `initialDelaySeconds`: HTTP / TCP / command | 0 s / 0 s / 0 s ✓ | 0 s / 0 s / 0 s | 0 s / 0 s / 0 s | 0 s / 0 s / 0 s | 3 s / 15 s / 5 s ✓ | `kubernetes()`: Kubernetes' API defaults; `ack()`: ACK Job manual (seed 003), 健康检查 |"
  );
  expect(rows.find((r) => r.startsWith('| `imagePullPolicy`'))).toContain(
    '| `Always` / `IfNotPresent` ✓ | `IfNotPresent` / `IfNotPresent` ✓ | `Always` / `IfNotPresent` | `Always` / `IfNotPresent` ✓ | `IfNotPresent` / `IfNotPresent` ✓ |'
  );
  expect(rows.find((r) => r.startsWith('| description annotation'))).toContain(
    '| `kubernetes.io/description` (≤ 512) | `kubesphere.io/description` (≤ 256) ✓ | `kpanda.io/describe` (≤ 512) ✓ | `description` (≤ 1000) ✓ | `kubernetes.io/description` (≤ 512) |'
  );
});

test('the deliberate differences are read from the synthesized Job, with their reasons', () => {
  const rows = differencesTable().split('\n');
  expect(rows.slice(2).map((r) => r.split(' | ')[0].slice(2))).toEqual(DIFFERENCES.map((d) => d.setting));
  expect(rows.find((r) => r.startsWith('| finished Jobs'))).toBe(
    '| finished Jobs | `ttlSecondsAfterFinished: 86400` | kept until deleted | finished Jobs and their pods pile up in the console lists and the cluster store; a day leaves time to read the logs | `ttlAfterFinished: null` (keep), or any `Duration` |'
  );
  expect(rows.find((r) => r.startsWith('| pod user'))).toContain(
    "| `runAsUser: 65534`, `runAsGroup: 65534`, `runAsNonRoot: true` | the image's user, often root |"
  );
});

describe('generating fails on a claim that no longer holds', () => {
  test('a console default the profile does not render', () => {
    const rows = DOCUMENTED.map((r) =>
      r.setting.startsWith('probe `initialDelaySeconds`')
        ? {
            ...r,
            documented: { ...r.documented, ack: { value: '3 s / 3 s / 3 s', source: 'a wrong manual' } },
          }
        : r
    );
    expect(() => consoleDefaultsTable(rows)).toThrow(
      '`ack()` renders 3 s / 15 s / 5 s for "probe `initialDelaySeconds`: HTTP / TCP / command", not the documented 3 s / 3 s / 3 s (a wrong manual): fix the profile or DOCUMENTED in scripts/tables/console-defaults.ts'
    );
  });

  test('a default of ours that no row explains', () => {
    const rows = DIFFERENCES.filter((d) => d.setting !== 'finished Jobs');
    expect(() => differencesTable(rows)).toThrow(
      "`kubernetes()`: spec.ttlSecondsAfterFinished differs from Kubernetes' default and no row of scripts/tables/console-defaults.ts explains it"
    );
  });

  test('a difference that is none', () => {
    const rows = [
      ...DIFFERENCES,
      {
        setting: 'backoff',
        read: () => '6',
        kubernetes: '6',
        reason: 'none',
        wayBack: 'none',
        explains: /^spec\.backoffLimit$/,
      },
    ];
    expect(() => differencesTable(rows)).toThrow(
      `"backoff" no longer differs from Kubernetes' default: remove its row`
    );
  });
});
