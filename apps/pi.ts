import { App, Chart } from 'cdk8s';
import { BatchJob, JobPattern } from '../lib';

/**
 * The `pi` Job of the TKEStack and KubeSphere manuals: perl computes 2000 digits of pi,
 * two pods in parallel, 4 retries, failed pods replaced (restartPolicy Never).
 */
export function piChart(app: App): Chart {
  const chart = new Chart(app, 'pi');
  new BatchJob(chart, 'pi', {
    name: 'pi',
    description: 'Computes 2000 digits of pi, twice in parallel (the TKEStack/KubeSphere example)',
    pattern: JobPattern.fixedCompletions({ completions: 2, parallelism: 2 }),
    backoffLimit: 4,
    containers: [
      {
        name: 'pi',
        image: 'perl:5.34.0',
        command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'],
      },
    ],
  });
  return chart;
}
