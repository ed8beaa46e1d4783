/**
 * Adding a console is one profile file and one registry line (lib/platforms/profiles/, registry.ts). This
 * test is that file: it defines a test-only profile here, registers it, and shows a BatchJob and a GpuJob
 * rendering with it, the docs table gaining its column, and that no other source file names it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Size, Testing } from 'cdk8s';
import {
  BatchJob,
  CronBatch,
  Gpu,
  GpuJob,
  NetworkMode,
  Platform,
  Schedule,
  ValidationError,
  Volume,
} from '../lib';
import { GpuStack } from '../lib/gpu/stack';
import { PlatformProfile, profileSpecificProblems } from '../lib/platforms/profile';
import { platformProfiles, registerPlatformProfile } from '../lib/platforms/registry';
import { platformOf } from '../lib/platforms/platform';
import { platformTable } from '../scripts/tables/platforms';

const ID = 'testconsole';

/** A console that reads `testconsole.example/title`, labels pods with `tc-app`, and takes shared GPUs by HAMi. */
const TEST_PROFILE: PlatformProfile<{ team?: string }> = {
  id: ID,
  displayName: 'Platform.testconsole()',
  identityKeys: () => ({
    displayName: 'testconsole.example/title',
    description: 'testconsole.example/about',
  }),
  identityAnnotations: (o): Record<string, string> => (o.team ? { 'testconsole.example/team': o.team } : {}),
  identityLabels: (name) => ({ 'tc-app': name }),
  displayNameMax: 20,
  descriptionMax: 100,
  defaultGpuStack: (request) => (request?.mode === 'virtual' ? GpuStack.hami() : GpuStack.nvidia()),
  problems: (props, displayName) => profileSpecificProblems(props, displayName, { ackLogs: true }),
  podOverlay: (network, containers, overlay) => {
    overlay.podAnnotations['testconsole.example/network'] = network.kind;
    for (const c of containers) if (c.logs?.directory) overlay.env[c.name] = { TC_LOG_DIR: c.logs.directory };
  },
};

let unregister: () => void;
beforeAll(() => {
  unregister = registerPlatformProfile(TEST_PROFILE);
});
afterAll(() => unregister());

const testconsole = (options: { team?: string } = {}) => Platform._of(ID, options);

describe('a test-only platform profile', () => {
  test('is registered after the built-in profiles', () => {
    expect(platformProfiles().map((p) => p.id)).toEqual([
      'kubernetes',
      'kubesphere',
      'dce',
      'tkestack',
      'ack',
      ID,
    ]);
    expect(testconsole().kind).toBe(ID);
    expect(testconsole().displayName).toBe('Platform.testconsole()');
  });

  test('a BatchJob renders its identity keys, labels and pod overlay', () => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', {
      name: 'pi',
      platform: testconsole({ team: 'math' }),
      displayName: 'Pi',
      description: 'digits of pi',
      containers: [
        {
          name: 'pi',
          image: 'perl:5.34.0',
          logs: { stdout: false, directory: '/var/log/pi' },
          volumeMounts: [{ volume: Volume.emptyDir('logs'), mountPath: '/var/log/pi' }],
        },
      ],
    });
    const job = Testing.synth(chart).find((o) => o.kind === 'Job');
    expect(job.metadata.annotations).toMatchObject({
      'testconsole.example/title': 'Pi',
      'testconsole.example/about': 'digits of pi',
      'testconsole.example/team': 'math',
    });
    expect(job.metadata.labels['tc-app']).toBe('pi');
    const pod = job.spec.template;
    expect(pod.metadata.labels['tc-app']).toBe('pi');
    expect(pod.metadata.annotations['testconsole.example/network']).toBe('overlay');
    expect(pod.spec.containers[0].env).toEqual([{ name: 'TC_LOG_DIR', value: '/var/log/pi' }]);
  });

  test("a CronBatch's Jobs carry its labels", () => {
    const chart = Testing.chart();
    new CronBatch(chart, 'cron', {
      name: 'nightly',
      platform: testconsole(),
      schedule: Schedule.daily(),
      containers: [{ image: 'perl:5.34.0' }],
    });
    const cron = Testing.synth(chart).find((o) => o.kind === 'CronJob');
    expect(cron.spec.jobTemplate.metadata.labels['tc-app']).toBe('nightly');
  });

  test('its limits and problems are checked', () => {
    const job = (props: object) => () =>
      new BatchJob(Testing.chart(), 'job', {
        name: 'pi',
        platform: testconsole(),
        containers: [{ image: 'perl:5.34.0' }],
        ...props,
      });
    expect(job({ displayName: 'x'.repeat(21) })).toThrow(ValidationError);
    expect(job({ description: 'x'.repeat(101) })).toThrow(ValidationError);
    expect(job({ network: NetworkMode.nat() })).toThrow(
      /needs platform Platform.tkestack\(\).*Platform.testconsole\(\)/
    );
    expect(job({ containers: [{ image: 'perl:5.34.0', logs: { ack: { name: 'pi' } } }] })).not.toThrow();
  });

  test('a GpuJob takes its default GPU stack', () => {
    const chart = Testing.chart();
    new GpuJob(chart, 'gpu', {
      name: 'train',
      platform: testconsole(),
      gpu: Gpu.virtual({ cards: 1, memory: Size.gibibytes(4) }),
      containers: [{ image: 'pytorch:2' }],
    });
    const job = Testing.synth(chart).find((o) => o.kind === 'Job');
    const other = Testing.chart();
    new GpuJob(other, 'x', {
      name: 'train',
      gpuStack: GpuStack.hami(),
      gpu: Gpu.virtual({ cards: 1, memory: Size.gibibytes(4) }),
      containers: [{ image: 'pytorch:2' }],
    });
    const hami = Testing.synth(other).find((o) => o.kind === 'Job');
    expect(job.spec.template.spec.containers[0].resources).toEqual(
      hami.spec.template.spec.containers[0].resources
    );
  });

  test('the docs table gains its column', () => {
    const [header, , ...rows] = platformTable().split('\n');
    expect(header).toMatch(/\| `ack\(\)` \| `testconsole\(\)` \|$/);
    const row = (label: string) => rows.find((r) => r.startsWith(`| ${label} |`))!.split(' | ');
    expect(row('`displayName`').at(-1)).toBe('`testconsole.example/title` |');
    expect(row('labels from the name').at(-1)).toMatch(/`tc-app: pi`/);
  });

  test('platformOf: the default profile when none is set', () => {
    expect(platformOf({}).kind).toBe('kubernetes');
    expect(platformOf(undefined).kind).toBe('kubernetes');
    expect(platformOf({ platform: testconsole() }).kind).toBe(ID);
  });

  test('no other source file needed a change: none names the test profile', () => {
    const root = path.join(__dirname, '..');
    const files = (dir: string): string[] =>
      fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) return files(rel);
        return /\.(ts|md)$/.test(e.name) ? [rel] : [];
      });
    const naming = ['lib', 'cli', 'scripts', 'docs']
      .flatMap(files)
      .filter((f) => fs.readFileSync(path.join(root, f), 'utf8').includes(ID));
    expect(naming).toEqual([]);
  });
});
