import { App, Chart, Size } from 'cdk8s';
import {
  BatchJob,
  BatchJobProps,
  JobDefaults,
  JobPattern,
  NetworkMode,
  Platform,
  Probe,
  Volume,
} from '../lib';

/**
 * One job definition, four consoles: the seeds' pi Job rendered once per platform profile, so the
 * diff between `dist/pi-<platform>.k8s.yaml` files shows what each console reads.
 */
function pi(platform: Platform): BatchJobProps {
  const logs = Volume.emptyDir('logs');
  const tke = platform.kind === 'tkestack';
  return {
    name: 'pi',
    displayName: '圆周率计算',
    description: 'Computes 2000 digits of pi, twice in parallel',
    pattern: JobPattern.fixedCompletions({ completions: 2, parallelism: 2 }),
    backoffLimit: 4,
    network: tke ? NetworkMode.floatingIp() : undefined,
    containers: [
      {
        name: 'pi',
        image: 'perl:5.34.0',
        command: ['sh', '-c', "perl -Mbignum=bpi -wle 'print bpi(2000)' | tee /var/log/pi/pi.log"],
        volumeMounts: [{ volume: logs, mountPath: '/var/log/pi' }],
        logs: {
          stdout: true,
          directory: '/var/log/pi',
          files: ['/var/log/pi/*.log'],
          ...(platform.kind === 'ack' ? { ack: { name: 'pi', logstore: 'batch_pi', ttlDays: 30 } } : {}),
        },
      },
    ],
  };
}

const PLATFORMS: ReadonlyArray<[string, Platform]> = [
  ['kubesphere', Platform.kubesphere()],
  ['dce', Platform.dce()],
  ['tkestack', Platform.tkestack()],
  ['ack', Platform.ack()],
];

/** Adds one chart per console, `pi-<platform>`, each with its platform set once for the chart. */
export function multiPlatformCharts(app: App): void {
  for (const [id, platform] of PLATFORMS) {
    const chart = new Chart(app, `pi-${id}`);
    JobDefaults.set(chart, { platform });
    new BatchJob(chart, 'pi', pi(platform));
    if (platform.kind === 'ack') new BatchJob(chart, 'train', ackTraining());
  }
}

/**
 * ACK only: a cloud disk per pod through a claim (the disk CSI driver cannot serve an inline volume), an HTTP
 * probe with a repeated header, and a Logtail config name of its own (`pi` above has `pi`; the default,
 * the container name, would be shared by every such Job in the cluster).
 */
function ackTraining(): BatchJobProps {
  const scratch = Volume.ephemeralClaim('scratch', {
    size: Size.gibibytes(40),
    storageClass: 'alicloud-disk-topology-alltype',
  });
  return {
    name: 'train',
    description: 'Trains on a 40 GiB cloud disk made for each pod',
    // A new disk's filesystem belongs to root: the group lets the non-root user (65534) write to it.
    fsGroup: 65534,
    containers: [
      {
        image: 'registry.cn-hangzhou.aliyuncs.com/example/train:1.4',
        ports: [{ number: 8080, name: 'http' }],
        volumeMounts: [{ volume: scratch, mountPath: '/scratch' }],
        livenessProbe: Probe.http({
          port: 'http',
          path: '/healthz',
          headers: [
            { name: 'Accept', value: 'text/plain' },
            { name: 'Accept', value: 'application/json' },
          ],
        }),
        logs: { stdout: true, ack: { name: 'train', logstore: 'batch_train' } },
      },
    ],
  };
}
