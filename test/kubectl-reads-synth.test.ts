/**
 * kubectl itself reads what we write as we meant it: every file of dist/, and fleets of BatchJobs whose string
 * fields (names, labels, annotations, env values, command, args, work items) come from fast-check, full-unicode
 * strings and strings go-yaml v2 resolves to numbers, booleans or null. Each batch is read by one kubectl
 * process (`kubectl annotate --local -f <folder> x=y -o json`: kubectl's own YAML reader, no cluster), and
 * each object it prints is compared with the object's JSON from the app.
 *
 * Without kubectl on the PATH the tests are skipped, and their names say so; `.ci/run` installs kubectl.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Chart } from 'cdk8s';
import fc from 'fast-check';
import { buildExamples, SEPARATE_APPS } from '../apps';
import { BatchJob, JobPattern, synthToDirectory, ValidationError } from '../lib';
import {
  describeWithKubectl,
  KUBECTL,
  KUBECTL_SKIPPED,
  kubectlReads,
  meant,
  sorted,
} from './support/kubectl';

const ROOT = path.resolve(__dirname, '..');

describeWithKubectl(
  KUBECTL ? 'kubectl reads what we write' : `kubectl reads what we write (${KUBECTL_SKIPPED})`,
  () => {
    test('every file of dist/ reads as the app meant it', () => {
      // GIVEN the committed dist/ and its subfolders, and the apps that wrote them
      const examples = meant(buildExamples(new App()));
      const separate = Object.entries(SEPARATE_APPS).map(([folder, build]) => {
        const app = new App();
        build(app);
        return [folder, meant(app)] as const;
      });
      // THEN
      expect(sorted(kubectlReads(path.join(ROOT, 'dist')))).toEqual(sorted(examples));
      for (const [folder, objects] of separate) {
        expect(sorted(kubectlReads(path.join(ROOT, 'dist', folder)))).toEqual(sorted(objects));
      }
    });

    test('fleets with arbitrary strings in every string field read as the app meant them', () => {
      // Strings go-yaml v2 would read as something else, valid as DNS labels or label values where needed.
      const dnsTricky = [
        '0o17',
        '0x1f',
        '0b1',
        '1e3',
        '1-20',
        'y',
        'n',
        'yes',
        'no',
        'on',
        'off',
        'null',
        'true',
      ];
      const labelTricky = [
        ...dnsTricky,
        '0X1F',
        '0O17',
        '0B1',
        'Yes',
        'NULL',
        'OFF',
        '1_000',
        '1.',
        '1e3',
        '1.5',
      ];
      const anyTricky = [...labelTricky, '+_1', '-0o17', '<<', '.inf', '~', '', ' x', '1:20', '2024-01-01'];
      const lineBreaks = ['\u0085', '\u2028', '\u2029', 'a\u2028b', 'x\u0085', 'a\nb', 'a\n', ' \n a'];
      const text = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 16 }),
        fc.constantFrom(...anyTricky, ...lineBreaks),
        fc.string({
          unit: fc.constantFrom('0', '1', 'o', 'x', 'X', '_', '+', '-', '.', 'e', ':', ' ', '\u2028'),
          maxLength: 6,
        })
      );
      const props = fc.record({
        name: fc.constantFrom(...dnsTricky),
        label: fc.constantFrom(...labelTricky),
        annotation: text,
        env: text,
        command: fc.array(text, { minLength: 1, maxLength: 3 }),
        args: fc.array(text, { maxLength: 3 }),
        workItems: fc.array(text, { minLength: 1, maxLength: 3 }),
      });
      const samples = fc.sample(props, { numRuns: Number(process.env.FUZZ_RUNS ?? 60), seed: 17 });

      /** One chart per sample, in one app; a sample the constructs refuse is left out. */
      const addSamples = (app: App): number => {
        let built = 0;
        samples.forEach((p, i) => {
          const chart = new Chart(app, `s${i}`, { namespace: `ns${i}` });
          try {
            new BatchJob(chart, 'job', {
              name: p.name,
              labels: { 'example.com/v': p.label },
              annotations: { 'example.com/a': p.annotation },
              containers: [{ image: 'busybox:1.36', command: p.command, args: p.args, env: { V: p.env } }],
              pattern: JobPattern.indexed({ completions: p.workItems.length, workItems: p.workItems }),
            });
            built++;
          } catch (error) {
            if (!(error instanceof ValidationError)) throw error;
            app.node.tryRemoveChild(chart.node.id);
          }
        });
        return built;
      };

      // GIVEN the fleet written to a folder
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-kubectl-'));
      let built = 0;
      const result = synthToDirectory((app) => (built = addSamples(app)), {
        outdir: path.join(outdir, 'dist'),
        throwOnError: true,
        printWarnings: false,
      });
      expect(built).toBeGreaterThan(samples.length / 2);
      expect(result.files.length).toBeGreaterThan(built);

      // THEN kubectl reads back every object as the app meant it
      const app = new App();
      addSamples(app);
      expect(sorted(kubectlReads(path.join(outdir, 'dist')))).toEqual(sorted(meant(app)));
      fs.rmSync(outdir, { recursive: true, force: true });
    });
  }
);
