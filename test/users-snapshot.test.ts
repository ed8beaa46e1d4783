// A complete users' snapshot test, shown verbatim in docs/delivery.md ("Snapshot tests for your charts").
import { Chart, Testing } from 'cdk8s';
import { BatchJob, JobPattern } from '../lib';
import { jobSnapshotSerializer, renderedObjects, renamedJobs } from '../lib/testing';

expect.addSnapshotSerializer(jobSnapshotSerializer);

function reportsChart(parallelism: number): Chart {
  const chart = Testing.chart();
  new BatchJob(chart, 'pi', {
    name: 'pi',
    pattern: JobPattern.fixedCompletions({ completions: 4, parallelism }),
    containers: [{ image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }],
  });
  return chart;
}

test('the pi Job renders as reviewed', () => {
  const objects = renderedObjects(reportsChart(2));
  expect(Object.keys(objects)).toEqual(['Job/pi']);
  expect(objects['Job/pi']).toMatchSnapshot(); // metadata.name shows as pi-<hash>
});

test('changing parallelism renames the Job (a new object on re-apply)', () => {
  expect(renamedJobs(reportsChart(2), reportsChart(3))).toEqual(['pi']);
  expect(renamedJobs(reportsChart(2), reportsChart(2))).toEqual([]);
});
