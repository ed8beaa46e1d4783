import { App, Chart } from 'cdk8s';
import { BatchJob } from '../lib';

/** The blog's minimal Job: busybox prints one line and exits; restartPolicy Never. */
export function echoChart(app: App): Chart {
  const chart = new Chart(app, 'echo');
  new BatchJob(chart, 'echo', {
    name: 'echo',
    containers: [{ name: 'echo', image: 'busybox:1.36', command: ['sh', '-c', 'echo this a job'] }],
  });
  return chart;
}
