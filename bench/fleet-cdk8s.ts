/**
 * The benchmark fleet's raw cdk8s and cdk8s-plus-28 jobs (see `fleet.ts`), in a module of their own
 * that does not load cdk8s-batch: a whole-process run of those variants (`process-fleet.ts`) loads
 * only what such an app would.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { BUCKET, CHARTS, NAMESPACE, UPLOADER_IMAGE, WORKER_IMAGE } from './fleet-spec';

/** The Job spec `BatchJob` renders for job `i`, written by hand. */
function rawJobSpec(i: number): k8s.JobSpec {
  const probe = { initialDelaySeconds: 0, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 };
  const securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
  const q = k8s.Quantity.fromString;
  return {
    completions: 4,
    parallelism: 2,
    completionMode: 'NonIndexed',
    backoffLimit: 3,
    activeDeadlineSeconds: 3600,
    ttlSecondsAfterFinished: 86400,
    suspend: false,
    template: {
      spec: {
        restartPolicy: 'Never',
        automountServiceAccountToken: false,
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 65534,
          runAsGroup: 65534,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        containers: [
          {
            name: 'worker',
            image: WORKER_IMAGE(i),
            imagePullPolicy: 'IfNotPresent',
            command: ['worker', '--shard', String(i)],
            env: [
              { name: 'LOG_LEVEL', value: 'info' },
              { name: 'SHARD', value: String(i) },
              { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
            ],
            resources: {
              requests: { cpu: q('500m'), memory: q('512Mi') },
              limits: { cpu: q('1'), memory: q('1Gi') },
            },
            volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            livenessProbe: {
              httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(8080), scheme: 'HTTP' },
              periodSeconds: 20,
              ...probe,
            },
            securityContext,
          },
          {
            name: 'uploader',
            image: UPLOADER_IMAGE,
            imagePullPolicy: 'IfNotPresent',
            args: ['--dir', '/scratch', '--bucket', BUCKET(i)],
            env: [{ name: 'BUCKET', value: BUCKET(i) }],
            resources: {
              requests: { cpu: q('100m'), memory: q('64Mi') },
              limits: { cpu: q('200m'), memory: q('128Mi') },
            },
            volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
            livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 10, ...probe },
            securityContext,
          },
        ],
        volumes: [{ name: 'scratch', emptyDir: { sizeLimit: q('1Gi') } }],
      },
    },
  };
}

function addRaw(chart: Chart, i: number): void {
  new k8s.KubeJob(chart, `job-${i}`, {
    metadata: { name: `job-${i}`, namespace: NAMESPACE, labels: { team: `team-${i % CHARTS}` } },
    spec: rawJobSpec(i),
  });
}

/** cdk8s-plus-28 `Job`: the same pod, except completions and parallelism, which it cannot set. */
function addPlus(chart: Chart, i: number, apiSecret: plus.ISecret): void {
  const job = new plus.Job(chart, `job-${i}`, {
    metadata: { name: `job-${i}`, namespace: NAMESPACE, labels: { team: `team-${i % CHARTS}` } },
    backoffLimit: 3,
    activeDeadline: Duration.hours(1),
    ttlAfterFinished: Duration.days(1),
    restartPolicy: plus.RestartPolicy.NEVER,
    automountServiceAccountToken: false,
    securityContext: { user: 65534, group: 65534, ensureNonRoot: true },
  });
  const scratch = plus.Volume.fromEmptyDir(job, 'scratch', 'scratch', { sizeLimit: Size.gibibytes(1) });
  const securityContext = { user: 65534, group: 65534, ensureNonRoot: true, readOnlyRootFilesystem: false };
  job.addContainer({
    name: 'worker',
    image: WORKER_IMAGE(i),
    imagePullPolicy: plus.ImagePullPolicy.IF_NOT_PRESENT,
    command: ['worker', '--shard', String(i)],
    envVariables: {
      LOG_LEVEL: plus.EnvValue.fromValue('info'),
      SHARD: plus.EnvValue.fromValue(String(i)),
      API_TOKEN: plus.EnvValue.fromSecretValue({ secret: apiSecret, key: 'token' }),
    },
    resources: {
      cpu: { request: Cpu.millis(500), limit: Cpu.units(1) },
      memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) },
    },
    ports: [{ name: 'http', number: 8080 }],
    volumeMounts: [{ volume: scratch, path: '/scratch' }],
    liveness: plus.Probe.fromHttpGet('/healthz', { port: 8080, periodSeconds: Duration.seconds(20) }),
    securityContext,
  });
  job.addContainer({
    name: 'uploader',
    image: UPLOADER_IMAGE,
    imagePullPolicy: plus.ImagePullPolicy.IF_NOT_PRESENT,
    args: ['--dir', '/scratch', '--bucket', BUCKET(i)],
    envVariables: { BUCKET: plus.EnvValue.fromValue(BUCKET(i)) },
    resources: {
      cpu: { request: Cpu.millis(100), limit: Cpu.millis(200) },
      memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
    },
    volumeMounts: [{ volume: scratch, path: '/scratch' }],
    liveness: plus.Probe.fromCommand(['cat', '/tmp/healthy']),
    securityContext,
  });
}

/** Adds the fleet's `CHARTS` charts holding `n` jobs of the raw or cdk8s-plus variant to `app`. */
export function addCdk8sFleet(app: App, variant: 'raw' | 'plus', n: number): void {
  const charts = Array.from({ length: CHARTS }, (_, c) => new Chart(app, `team-${c}`));
  const secrets = variant === 'plus' ? charts.map((c) => plus.Secret.fromSecretName(c, 'api', 'api')) : [];
  for (let i = 0; i < n; i++) {
    const c = i % CHARTS;
    if (variant === 'raw') addRaw(charts[c], i);
    else addPlus(charts[c], i, secrets[c]);
  }
}
