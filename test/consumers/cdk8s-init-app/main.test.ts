import { Testing } from 'cdk8s';
import { jobSnapshotSerializer, renderedObjects } from 'cdk8s-batch/testing';
import { ReportsChart } from './main';

expect.addSnapshotSerializer(jobSnapshotSerializer);

test('the reports chart renders as reviewed', () => {
  const objects = renderedObjects(new ReportsChart(Testing.app(), 'reports'));
  expect(Object.keys(objects)).toEqual(['Job/pi']);
  expect(objects).toMatchSnapshot(); // the Job's name shows as pi-<hash>
});
