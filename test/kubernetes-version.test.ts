/**
 * What the target Kubernetes version enables (issue 19): native sidecars (1.29), managedBy (1.32) and the
 * relaxed env-name rule (1.32), each an error below its version, and the rules the constructs share with
 * `cdk8s-batch validate`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import {
  BatchJob,
  BatchJobProps,
  ContainerProps,
  CronBatch,
  EnvFrom,
  JobDefaults,
  JobPattern,
  KubernetesVersion,
  LifecycleHandler,
  Platform,
  PodFailureAction,
  PodFailureRule,
  PodReplacementPolicy,
  PodSecurityLevel,
  Probe,
  Schedule,
  Volume,
} from '../lib';
import { k8s } from 'cdk8s-plus-28';
import { envVarNameProblemAt } from '../lib/rules/names';
import { jobSpecJson } from '../lib/render/job-template';
import { tryManifestJson } from '../lib/render/manifest-json';
import { managedByProblems } from '../lib/rules/managed-by';
import { VERSIONED_FIELDS } from '../lib/props/versioned-fields';
import { gatedJobSpecFields } from '../lib/rules/kube-versions';
import { versionTable, withVersionTable } from '../scripts/tables/versions';
import { manifestProblems, Manifest } from './support/build';
import { checkManifestSchema } from './support/schema-check';
import { expectProblem, expectValid, problemsOf } from './support/problems';

const IMAGE = 'busybox:1.36';
const V1_28 = KubernetesVersion.V1_28;
const V1_29 = KubernetesVersion.V1_29;
const V1_31 = KubernetesVersion.V1_31;
const V1_32 = KubernetesVersion.V1_32;
const V1_33 = KubernetesVersion.V1_33;

const job = (props: BatchJobProps) =>
  new BatchJob(Testing.chart(), 'job', { containers: [{ image: IMAGE }], ...props });
const jobJson = (j: BatchJob) => ApiObject.of(j).toJson() as Manifest;
const podSpecOf = (j: BatchJob) => jobJson(j).spec.template.spec;

const SHIPPER = {
  name: 'shipper',
  image: 'fluent/fluent-bit:3.0',
  volumeMounts: [{ volume: 'logs', mountPath: '/logs', readOnly: true }],
};
const LOGS = Volume.emptyDir('logs');

describe('sidecars', () => {
  test('render as init containers with restartPolicy Always, before the ordinary init containers', () => {
    // GIVEN a Job with a sidecar and an init container
    const j = job({
      kubernetesVersion: V1_29,
      volumes: [LOGS],
      initContainers: [{ image: IMAGE, command: ['true'] }],
      sidecars: [SHIPPER, { image: 'envoyproxy/envoy:v1.30.0' }],
    });
    // THEN the sidecars come first, with restartPolicy Always; the init container has none
    const init = podSpecOf(j).initContainers;
    expect(init.map((c: Manifest) => [c.name, c.restartPolicy])).toEqual([
      ['shipper', 'Always'],
      ['sidecar-1', 'Always'],
      ['init-0', undefined],
    ]);
    // AND they get the restricted security context of every container
    expect(init[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(j.containerNames).toEqual(['main', 'shipper', 'sidecar-1', 'init-0']);
    expect(j.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('may have probes and lifecycle hooks, which init containers may not', () => {
    const sidecar = {
      ...SHIPPER,
      ports: [{ number: 2020, name: 'http' }],
      startupProbe: Probe.http({ port: 'http', path: '/api/v1/health' }),
      readinessProbe: Probe.tcp({ port: 2020 }),
      livenessProbe: Probe.command(['true']),
      lifecycle: { preStop: LifecycleHandler.command(['sleep', '5']) },
    };
    const j = job({ kubernetesVersion: V1_29, volumes: [LOGS], sidecars: [sidecar] });
    const rendered = podSpecOf(j).initContainers[0];
    expect(Object.keys(rendered)).toEqual(
      expect.arrayContaining(['startupProbe', 'readinessProbe', 'livenessProbe', 'lifecycle'])
    );
    expect(manifestProblems(jobJson(j), '1.29')).toEqual([]);
    expectProblem(
      () =>
        job({
          kubernetesVersion: V1_29,
          initContainers: [{ image: IMAGE, livenessProbe: Probe.command(['true']) }],
        }),
      'initContainers[0].livenessProbe: is not allowed on init containers, which run to completion (got a Probe)'
    );
  });

  test('fails when the target is older than 1.29, naming 1.29', () => {
    for (const given of [{}, { kubernetesVersion: V1_28 }]) {
      expect(problemsOf(() => job({ ...given, sidecars: [{ image: IMAGE }] }))).toEqual([
        'sidecars: a native sidecar (an init container with restartPolicy Always) needs Kubernetes 1.29+ ' +
          '(feature gate SidecarContainers), but kubernetesVersion is 1.28, whose API server drops it; ' +
          'set kubernetesVersion: KubernetesVersion.V1_29 or later (e.g. JobDefaults.set(app, { kubernetesVersion })) ' +
          '(got [{"image":"busybox:1.36"}])',
      ]);
    }
    expectValid(() => job({ sidecars: [], kubernetesVersion: V1_28 }));
  });

  test('the target can come from JobDefaults on the app', () => {
    const app = Testing.app();
    JobDefaults.set(app, { kubernetesVersion: V1_33 });
    const chart = new Chart(app, 'chart');
    const j = new BatchJob(chart, 'job', { containers: [{ image: IMAGE }], sidecars: [{ image: IMAGE }] });
    expect(podSpecOf(j).initContainers[0].restartPolicy).toBe('Always');
    // (a chart of another app keeps 1.28)
    expect(() => job({ sidecars: [{ image: IMAGE }] })).toThrow(/needs Kubernetes 1\.29\+/);
  });

  test('fails when a sidecar name is used by another container of the pod', () => {
    expect(
      problemsOf(() => job({ kubernetesVersion: V1_29, sidecars: [{ name: 'main', image: IMAGE }] }))
    ).toEqual(['sidecars[0].name: container name "main" is used twice in the pod (got "main")']);
  });

  test('fails when a sidecar port is used by a work container (they share the pod network)', () => {
    expect(
      problemsOf(() =>
        job({
          kubernetesVersion: V1_29,
          containers: [{ image: IMAGE, ports: [{ number: 8080 }] }],
          sidecars: [{ image: IMAGE, ports: [{ number: 8080 }] }],
        })
      )
    ).toEqual([
      'sidecars[0].ports[0].number: 8080/TCP is already used by containers[0] of the pod (got 8080)',
    ]);
  });

  test('fails when a sidecar mounts a volume the pod does not have', () => {
    expect(problemsOf(() => job({ kubernetesVersion: V1_29, sidecars: [SHIPPER] }))).toEqual([
      'sidecars[0].volumeMounts[0].volume: no volume named "logs" in the pod; add it to volumes (got "logs")',
    ]);
  });

  test('a sidecar container is checked like any container (the same schema)', () => {
    expect(
      problemsOf(() => job({ kubernetesVersion: V1_29, sidecars: [{ image: 'Not An Image' }] }))
    ).toEqual([
      'sidecars[0].image: must be an image reference such as perl:5.34.0, registry.example.com/team/app:1.2, or app@sha256:<digest> (got "Not An Image")',
    ]);
  });

  test('addSidecar goes through the same validation and renders the sidecar (lazy)', () => {
    const j = job({ kubernetesVersion: V1_29, volumes: [LOGS] });
    const before = j.objectName;
    j.addSidecar(SHIPPER);
    expect(podSpecOf(j).initContainers.map((c: Manifest) => c.name)).toEqual(['shipper']);
    // The content hash (the Job's name) covers the sidecar.
    expect(j.objectName).not.toBe(before);
    expect(() => j.addSidecar({ name: 'shipper', image: IMAGE })).toThrow(
      /sidecars\[1\]\.name: container name "shipper" is used twice in the pod/
    );
    expect(() => job({}).addSidecar({ image: IMAGE })).toThrow(
      /sidecars: a native sidecar .* needs Kubernetes 1\.29\+/
    );
  });

  test('a privileged sidecar lowers the pods’ security level', () => {
    const j = job({ kubernetesVersion: V1_29, sidecars: [{ image: IMAGE, privileged: true }] });
    expect(j.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
  });

  test('platform overlays and the logs annotation treat sidecars like work containers', () => {
    const j = job({
      kubernetesVersion: V1_29,
      platform: Platform.ack(),
      volumes: [LOGS],
      sidecars: [{ ...SHIPPER, logs: { stdout: true } }],
    });
    const pod = jobJson(j).spec.template;
    expect(pod.spec.initContainers[0].env).toEqual([{ name: 'aliyun_logs_shipper', value: 'stdout' }]);
    expect(JSON.parse(pod.metadata.annotations['cdk8s-batch.io/logs'])).toEqual({
      shipper: { stdout: true },
    });
    // A console rule applies to sidecars too (TKEStack's POSIX env names).
    expect(
      problemsOf(() =>
        job({
          kubernetesVersion: V1_29,
          platform: Platform.tkestack(),
          sidecars: [{ image: IMAGE, env: { 'A-B': 'x' } }],
        })
      )
    ).toEqual([
      "sidecars[0].env.A-B: variable name must be letters, digits and '_', not starting with a digit " +
        '(the TKEStack console\'s rule, platform Platform.tkestack()) (got "A-B")',
    ]);
  });

  test('validate reports a sidecar below 1.29 and accepts it from 1.29', () => {
    const manifest = jobJson(job({ kubernetesVersion: V1_29, sidecars: [{ image: IMAGE }] }));
    expect(manifestProblems(manifest, '1.29')).toEqual([]);
    expect(manifestProblems(manifest, '1.28')).toEqual([
      expect.stringMatching(
        /^feature-gates \(1\.28\) spec\.template\.spec\.initContainers\[0\]\.restartPolicy: sidecar containers: a Kubernetes 1\.28 API server drops it/
      ),
    ]);
  });
});

describe('managedBy', () => {
  test('renders spec.managedBy from 1.32, on a Job and on a CronJob’s Jobs', () => {
    const j = job({ kubernetesVersion: V1_32, managedBy: 'kueue.x-k8s.io/multikueue' });
    expect(jobJson(j).spec.managedBy).toBe('kueue.x-k8s.io/multikueue');
    expect(manifestProblems(jobJson(j), '1.32')).toEqual([]);
    const cron = new CronBatch(Testing.chart(), 'cron', {
      schedule: Schedule.hourly(),
      containers: [{ image: IMAGE }],
      kubernetesVersion: V1_32,
      managedBy: 'example.com/my-controller',
    });
    expect((ApiObject.of(cron).toJson() as Manifest).spec.jobTemplate.spec.managedBy).toBe(
      'example.com/my-controller'
    );
  });

  test('survives a JSON patch (cdk8s-plus-28’s own serializer does not know the field)', () => {
    const j = job({ kubernetesVersion: V1_32, managedBy: 'kueue.x-k8s.io/multikueue' });
    ApiObject.of(j).addJsonPatch(JsonPatch.add('/spec/template/spec/hostIPC', true));
    const spec = jobJson(j).spec;
    expect(spec.managedBy).toBe('kueue.x-k8s.io/multikueue');
    expect(Object.keys(spec)).toEqual([...Object.keys(spec)].sort());
  });

  test('is in the content hash’s JSON also when the spec takes cdk8s-plus-28’s conversion', () => {
    // A value only the generated conversion reads (a cdk8s-plus-28 Quantity) makes jobSpecJson fall back to it.
    const spec = {
      managedBy: 'kueue.x-k8s.io/multikueue',
      parallelism: 1,
      template: {
        spec: {
          containers: [
            { name: 'a', image: IMAGE, resources: { limits: { cpu: k8s.Quantity.fromString('1') } } },
          ],
        },
      },
    } as unknown as k8s.JobSpec;
    expect(tryManifestJson(spec)).toBeUndefined();
    const json = jobSpecJson(spec);
    expect(json.managedBy).toBe('kueue.x-k8s.io/multikueue');
    expect(Object.keys(json)).toEqual(['managedBy', 'parallelism', 'template']);
  });

  test('fails when the target is older than 1.32, naming 1.32', () => {
    expect(
      problemsOf(() => job({ kubernetesVersion: V1_31, managedBy: 'kueue.x-k8s.io/multikueue' }))
    ).toEqual([
      'managedBy: managedBy needs Kubernetes 1.32+ (feature gate JobManagedBy), but kubernetesVersion is 1.31, ' +
        'whose API server drops it; set kubernetesVersion: KubernetesVersion.V1_32 or later ' +
        '(e.g. JobDefaults.set(app, { kubernetesVersion })) (got "kueue.x-k8s.io/multikueue")',
    ]);
  });

  test.each([
    ['multikueue', 'must be a domain-prefixed path (such as "acme.io/foo")'],
    ['kueue.x-k8s.io/', 'must be a domain-prefixed path (such as "acme.io/foo")'],
    [
      'Kueue_IO/x',
      "domain must be a DNS-1123 subdomain: lowercase letters, digits and '-', starting and ending with a letter or digit, dot-separated",
    ],
    ['kueue.x-k8s.io/a b', "path must consist of letters, digits and /-._~%!$&'()*+,;=:"],
    [`example.com/${'x'.repeat(60)}`, 'must have at most 63 characters (is 72)'],
  ])('fails when managedBy is %p, as the API server does', (value, message) => {
    expect(managedByProblems(value)).toEqual([message]);
    expect(problemsOf(() => job({ kubernetesVersion: V1_32, managedBy: value }))).toEqual([
      `managedBy: ${message} (got ${JSON.stringify(value)})`,
    ]);
  });

  test('validate uses the same rule', () => {
    const manifest = jobJson(job({ kubernetesVersion: V1_32, managedBy: 'kueue.x-k8s.io/multikueue' }));
    manifest.spec.managedBy = 'multikueue';
    expect(manifestProblems(manifest, '1.32')).toEqual([
      'job-spec (1.32) spec.managedBy: must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
  });
});

describe('env names by target version', () => {
  const RULE =
    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";

  test('Kubernetes’ IsEnvVarName before 1.32, naming 1.32 for a name the relaxed rule takes', () => {
    expect(
      problemsOf(() => job({ kubernetesVersion: V1_31, containers: [{ image: IMAGE, env: { '1 X': 'v' } }] }))
    ).toEqual([
      `containers[0].env.1 X: variable name: ${RULE} (Kubernetes 1.31; relaxed names need 1.32+) (got "1 X")`,
    ]);
  });

  test('any printable ASCII but = from 1.32, in containers, sidecars, init containers and envFrom prefixes', () => {
    expectValid(() =>
      job({
        kubernetesVersion: V1_32,
        containers: [
          {
            image: IMAGE,
            env: { '1 X': 'v', 'a:b': 'v' },
            envFrom: [EnvFrom.configMap('cfg', { prefix: '1_' })],
          },
        ],
        sidecars: [{ image: IMAGE, env: { '2 Y': 'v' } }],
        initContainers: [{ image: IMAGE, env: { '3 Z': 'v' } }],
      })
    );
    expect(
      problemsOf(() =>
        job({ kubernetesVersion: V1_32, initContainers: [{ image: IMAGE, env: { 'A=B': 'v', é: 'v' } }] })
      )
    ).toEqual([
      `initContainers[0].env.A=B: variable name: a valid environment variable name must consist only of printable ASCII characters other than '=' (got "A=B")`,
      `initContainers[0].env.é: variable name: a valid environment variable name must consist only of printable ASCII characters other than '=' (got "é")`,
    ]);
  });

  test('the POSIX rule stays a TKEStack rule, whatever the version', () => {
    expect(
      problemsOf(() =>
        job({
          kubernetesVersion: KubernetesVersion.V1_35,
          platform: Platform.tkestack(),
          containers: [{ image: IMAGE, env: { '1 X': 'v' } }],
        })
      )
    ).toEqual([
      "containers[0].env.1 X: variable name must be letters, digits and '_', not starting with a digit " +
        '(the TKEStack console\'s rule, platform Platform.tkestack()) (got "1 X")',
    ]);
  });

  test('the constructs and validate read one function', () => {
    expect(envVarNameProblemAt('1X', '1.31')).toBe(`${RULE} (Kubernetes 1.31; relaxed names need 1.32+)`);
    expect(envVarNameProblemAt('É', '1.31')).toBe(RULE);
    expect(envVarNameProblemAt('1X', '1.32')).toBeUndefined();
    const manifest = jobJson(
      job({ kubernetesVersion: V1_32, containers: [{ image: IMAGE, env: { '1X': 'v' } }] })
    );
    expect(manifestProblems(manifest, '1.32')).toEqual([]);
    expect(manifestProblems(manifest, '1.31')).toEqual([
      `env (1.31) spec.template.spec.containers[0].env[0].name: ${envVarNameProblemAt('1X', '1.31')}`,
    ]);
  });
});

describe('the test schema check (client-node, 1.28) at the target version', () => {
  test('a 1.32 field is unknown at 1.28 and known from 1.32', () => {
    const manifest = jobJson(job({ kubernetesVersion: V1_32, managedBy: 'kueue.x-k8s.io/multikueue' }));
    expect(checkManifestSchema(manifest, '1.28')).toEqual([
      {
        path: 'spec.managedBy',
        message: 'unknown field "managedBy" (not in the Kubernetes 1.28 schema of V1JobSpec)',
      },
    ]);
    expect(checkManifestSchema(manifest, '1.32')).toEqual([]);
  });
});

describe('docs/batch-job.md: the target version table', () => {
  test('is generated from the gates and up to date (npm run docs)', () => {
    const page = readFileSync(path.join(__dirname, '..', 'docs', 'batch-job.md'), 'utf8');
    expect(withVersionTable(page)).toBe(page);
  });

  test('has a row for the gate of every versioned prop', () => {
    const table = versionTable();
    for (const row of VERSIONED_FIELDS) expect(table).toContain(`\`${row.gate.name}\``);
    expect(table).toContain('| 1.29 | `sidecars`, `addSidecar()`');
    expect(table).toContain('| 1.32 | `managedBy`');
  });
});

describe('restartPolicy on a container', () => {
  test('fails with a hint to sidecars', () => {
    expect(
      problemsOf(() =>
        job({ initContainers: [{ image: IMAGE, restartPolicy: 'Always' } as unknown as ContainerProps] })
      )
    ).toEqual([
      "initContainers[0]: unknown prop 'restartPolicy' (a prop of the job construct, not of a container; " +
        'a container that keeps running beside the work containers goes in sidecars)',
    ]);
  });
});

// The props' table (VERSIONED_FIELDS: which props need which gate) and the manifest's
// (gatedJobSpecFields: which rendered fields a gate guards, read by validate and import) are two views
// of one set of gates: each row's prop must render a field the manifest reading finds, under the same gate.
describe('the versioned props and the gated manifest fields agree', () => {
  const USES: Record<string, BatchJobProps> = {
    backoffLimitPerIndex: { pattern: JobPattern.indexed({ completions: 2, backoffLimitPerIndex: 1 }) },
    maxFailedIndexes: {
      pattern: JobPattern.indexed({ completions: 2, backoffLimitPerIndex: 1, maxFailedIndexes: 1 }),
    },
    'the FailIndex action': {
      pattern: JobPattern.indexed({ completions: 2, backoffLimitPerIndex: 1 }),
      podFailurePolicy: [PodFailureRule.onExitCodes(PodFailureAction.FAIL_INDEX, { codes: [3] })],
    },
    podReplacementPolicy: { podReplacementPolicy: PodReplacementPolicy.FAILED },
    successPolicy: {
      pattern: JobPattern.indexed({ completions: 2, successPolicy: [{ succeededIndexes: '0' }] }),
    },
    'a native sidecar (an init container with restartPolicy Always)': { sidecars: [{ image: IMAGE }] },
    managedBy: { managedBy: 'kueue.x-k8s.io/multikueue' },
  };

  test.each(VERSIONED_FIELDS.map((row) => [row.field, row] as const))('%s', (field, row) => {
    const props = USES[field];
    expect(props).toBeDefined(); // a new row needs a use here
    const rendered = jobJson(job({ ...props, kubernetesVersion: KubernetesVersion.V1_35 })).spec;
    const gates = gatedJobSpecFields(rendered).map((f) => f.gate.name);
    expect(gates).toContain(row.gate.name);
    // Below the gate's version the construct refuses it, naming the prop.
    const before = `1.${row.gate.beta - 1}` as KubernetesVersion;
    expect(problemsOf(() => job({ ...props, kubernetesVersion: before })).join('\n')).toContain(
      `needs Kubernetes 1.${row.gate.beta}+ (feature gate ${row.gate.name})`
    );
  });
});
