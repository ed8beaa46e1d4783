import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { BatchJob, ReapplyPolicy, synthToDirectory, toYaml, ValidationError } from '../lib';
import { duplicateIdentities, objectIdentity } from '../lib/render/unique-objects';

/** Two charts, each with a fixed-name Job `pi`, in the namespaces given. */
function twoJobs(app: App, namespaces = ['batch', 'batch']): void {
  namespaces.forEach((namespace, i) => {
    new BatchJob(new Chart(app, `chart${i}`, { namespace }), 'pi', {
      name: 'pi',
      reapply: ReapplyPolicy.fixedName(),
      containers: [{ image: 'perl:5.34.0' }],
    });
  });
}

const MESSAGE =
  "invalid app at 'chart0/pi' (1 problem):\n" +
  "  - metadata.name: Job batch/pi is also written by 'chart1/pi': one would replace the other on apply; " +
  'give one of them another name or namespace';

describe('two objects with the same kind, namespace and name', () => {
  test('fails synthToDirectory with a ValidationError naming both constructs, writing nothing', () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-dup-')), 'dist');
    expect(() => synthToDirectory((app) => twoJobs(app), { outdir, throwOnError: true })).toThrow(MESSAGE);
    expect(fs.existsSync(outdir)).toBe(false);
    expect(() => synthToDirectory((app) => twoJobs(app), { outdir, throwOnError: true })).toThrow(
      ValidationError
    );
  });

  test('fails toYaml', () => {
    const app = new App();
    twoJobs(app);
    expect(() => toYaml(app)).toThrow(MESSAGE);
  });

  test('is fine in different namespaces', () => {
    const app = new App();
    twoJobs(app, ['a', 'b']);
    expect(toYaml(app).match(/^kind: Job$/gm)).toHaveLength(2);
  });
});

describe('object identity', () => {
  test.each([
    [{ kind: 'Job', metadata: { name: 'pi', namespace: 'ns' } }, 'Job ns/pi'],
    [{ kind: 'Namespace', metadata: { name: 'ns' } }, 'Namespace ns'],
    [{ kind: 'Job', metadata: { name: 'pi', namespace: '' } }, 'Job pi'],
    [{ kind: 'Job', metadata: {} }, undefined],
    [{ metadata: { name: 'pi' } }, undefined],
    [null, undefined],
    ['text', undefined],
  ])('%j is %s', (doc, id) => expect(objectIdentity(doc)).toBe(id));

  test('duplicates are listed once each', () => {
    const job = { kind: 'Job', metadata: { name: 'pi', namespace: 'ns' } };
    expect(duplicateIdentities([job, job, job, { ...job, kind: 'ConfigMap' }, undefined])).toEqual([
      'Job ns/pi',
    ]);
  });
});
