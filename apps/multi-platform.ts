import { App, Chart } from 'cdk8s';
import { BatchJob, BatchJobProps, JobDefaults, JobPattern, NetworkMode, Platform, Volume } from '../lib';

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
  }
}
