import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  BatchJob,
  EmptyDirMedium,
  EnvFrom,
  EnvValue,
  HostPathType,
  HttpScheme,
  JobPattern,
  LifecycleHandler,
  NetworkMode,
  NodeLabel,
  PodFailureAction,
  PodFailureRule,
  Probe,
  Protocol,
  RunAs,
  TaintEffect,
  TolerationOperator,
  Volume,
} from '../lib';

/**
 * Every pod-template feature at once: probes, lifecycle hooks, ports, every volume type, node
 * affinity, tolerations, service account, security opt-ins, host network and log locations.
 * The opt-ins (hostPath, privileged, host network) make the pod "privileged"; the
 * `cdk8s-batch.io/pod-security` annotation says so in the manifest.
 */
export function kitchenSinkChart(app: App): Chart {
  const chart = new Chart(app, 'kitchen-sink');
  const scratch = Volume.emptyDir('scratch', {
    medium: EmptyDirMedium.MEMORY,
    sizeLimit: Size.mebibytes(256),
  });
  const config = Volume.fromConfigMap('config', 'app-config', {
    items: [{ key: 'app.yaml', path: 'app.yaml', mode: 0o444 }],
    defaultMode: 0o644,
  });
  const creds = Volume.fromSecret('creds', 'app-credentials', { defaultMode: 0o400 });
  const data = Volume.fromPersistentVolumeClaim('data', 'shared-data');
  const archive = Volume.fromNfs('archive', 'nfs.example.com:/exports/archive', { readOnly: true });
  // An inline CSI volume needs a driver with the Ephemeral mode; cloud disks come through a claim (data).
  const secretsStore = Volume.fromCsi('secrets-store', 'secrets-store.csi.k8s.io', {
    attributes: { secretProviderClass: 'app-secrets' },
    readOnly: true,
  });
  const hostLogs = Volume.fromHostPath('host-logs', '/var/log/batch', {
    type: HostPathType.DIRECTORY_OR_CREATE,
  });

  new BatchJob(chart, 'everything', {
    name: 'kitchen-sink',
    namespace: 'batch',
    displayName: '全功能示例',
    description: 'Every pod-template feature in one Job',
    labels: { team: 'platform' },
    podLabels: { app: 'kitchen-sink' },
    podAnnotations: { 'example.com/owner': 'platform' },
    pattern: JobPattern.indexed({ completions: 4, parallelism: 2 }),
    backoffLimit: 3,
    activeDeadline: Duration.hours(2),
    ttlAfterFinished: Duration.hours(12),
    terminationGracePeriod: Duration.seconds(45),
    podFailurePolicy: [
      PodFailureRule.ignoreDisruptions(),
      PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, { codes: [42], containerName: 'worker' }),
    ],
    serviceAccount: 'batch-runner',
    automountServiceAccountToken: true,
    priorityClassName: 'batch-high',
    runAs: RunAs.nonRootUser(1000, 3000),
    fsGroup: 2000,
    network: NetworkMode.host(),
    imagePullSecrets: ['registry-credentials'],
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    nodeAffinity: {
      required: [
        NodeLabel.in('node.kubernetes.io/instance-type', 'c6.large', 'c6.xlarge'),
        NodeLabel.exists('batch'),
      ],
      preferred: [
        { weight: 80, requirements: [NodeLabel.in('topology.kubernetes.io/zone', 'cn-shanghai-a')] },
        { weight: 20, requirements: [NodeLabel.greaterThan('example.com/cpu-generation', 5)] },
      ],
    },
    tolerations: [
      {
        key: 'dedicated',
        operator: TolerationOperator.EQUAL,
        value: 'batch',
        effect: TaintEffect.NO_SCHEDULE,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: TolerationOperator.EXISTS,
        effect: TaintEffect.NO_EXECUTE,
        tolerationSeconds: 60,
      },
    ],
    volumes: [data],
    initContainers: [
      {
        name: 'fetch',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'cp /config/app.yaml /scratch/'],
        volumeMounts: [
          { volume: config, mountPath: '/config', readOnly: true },
          { volume: scratch, mountPath: '/scratch' },
        ],
      },
    ],
    containers: [
      {
        name: 'worker',
        image: 'registry.example.com/team/worker:2.4.1',
        command: ['worker'],
        args: ['--shard', '$(JOB_COMPLETION_INDEX)'],
        workingDir: '/work',
        env: {
          LOG_LEVEL: 'info',
          DB_PASSWORD: EnvValue.fromSecretKey('app-credentials', 'db-password'),
          REGION: EnvValue.fromConfigMapKey('app-config', 'region', { optional: true }),
          POD_NAME: EnvValue.fromFieldPath('metadata.name'),
        },
        envFrom: [EnvFrom.configMap('app-env', { prefix: 'APP_' })],
        resources: {
          cpu: { request: Cpu.millis(500), limit: Cpu.units(2) },
          memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
          ephemeralStorage: { limit: Size.gibibytes(10) },
        },
        ports: [
          { name: 'metrics', number: 9090 },
          { name: 'gossip', number: 7946, protocol: Protocol.UDP },
        ],
        startupProbe: Probe.http({ path: '/healthz', port: 'metrics', failureThreshold: 30 }),
        livenessProbe: Probe.http({
          path: '/healthz',
          port: 9090,
          scheme: HttpScheme.HTTP,
          headers: { 'X-Probe': 'liveness' },
          period: Duration.seconds(20),
          timeout: Duration.seconds(2),
        }),
        readinessProbe: Probe.tcp({
          port: 'metrics',
          initialDelay: Duration.seconds(5),
          successThreshold: 2,
        }),
        lifecycle: {
          postStart: LifecycleHandler.command(['sh', '-c', 'echo started > /scratch/started']),
          preStop: LifecycleHandler.http({ path: '/drain', port: 9090 }),
        },
        stdin: true,
        tty: true,
        readOnlyRootFilesystem: true,
        capabilities: { add: ['NET_BIND_SERVICE'] },
        volumeMounts: [
          { volume: scratch, mountPath: '/scratch' },
          { volume: creds, mountPath: '/etc/creds', readOnly: true },
          { volume: 'data', mountPath: '/data', subPath: 'worker' },
          { volume: archive, mountPath: '/archive', readOnly: true },
          { volume: secretsStore, mountPath: '/mnt/secrets', readOnly: true },
        ],
        logs: { stdout: true, directory: '/scratch/logs', files: ['/scratch/logs/*.log'] },
      },
      {
        name: 'log-shipper',
        image: 'fluent/fluent-bit:3.1',
        privileged: true,
        volumeMounts: [
          { volume: hostLogs, mountPath: '/host-logs' },
          { volume: scratch, mountPath: '/scratch', readOnly: true },
        ],
        livenessProbe: Probe.command(['/fluent-bit/bin/fluent-bit', '--version']),
      },
    ],
  });
  return chart;
}
