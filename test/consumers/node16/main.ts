import { Construct } from 'constructs';
import { App, Chart, ChartProps, Duration } from 'cdk8s';
import { BatchJob, JobPattern, synthToDirectory } from 'cdk8s-batch';

export class ReportsChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    new BatchJob(this, 'pi', {
      name: 'pi',
      pattern: JobPattern.fixedCompletions({ completions: 2, parallelism: 2 }),
      activeDeadline: Duration.minutes(30),
      containers: [
        {
          image: 'perl:5.34.0',
          command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'],
          resources: { cpu: { request: '250m' }, memory: { limit: '256Mi' } },
        },
      ],
    });
  }
}

// `cdk8s synth` runs this file; tests import ReportsChart without writing manifests.
if (require.main === module) {
  synthToDirectory((app: App) => {
    new ReportsChart(app, 'reports');
  });
}
