import { Testing } from 'cdk8s';
import { jobSnapshotSerializer, renderedObjects } from 'cdk8s-batch/testing';
import { MigrationChart } from './plus';

expect.addSnapshotSerializer(jobSnapshotSerializer);

test('the migration chart takes cdk8s-plus-33 values and renders as reviewed', () => {
  const objects = renderedObjects(new MigrationChart(Testing.app(), 'migration'));
  expect(objects).toMatchSnapshot();
});
