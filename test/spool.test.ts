import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { BatchJob, JobPattern, OutputLayout, synthToDirectory } from '../lib';
import { DOCUMENT_SEPARATOR, Spool, SpoolRange, writeDocuments } from '../lib/render/spool';
import { manifestsToYaml } from '../lib/render/yaml';
import { readAll } from './support/files';

/*
 * The manifests synthToDirectory writes ahead wait in a spool file until cdk8s saves their chart, which
 * is then copied from it (lib/render/spool.ts): the files must hold what cdk8s' Yaml.save would write.
 */

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-spool-'));

describe('writeDocuments', () => {
  // Texts, some multi-byte, some long enough to cross the spool's chunks and reads.
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('é\n', '漢字: 1\n', 'x'.repeat(70 * 1024), `${'é'.repeat(300 * 1024)}\n`)
  );
  // Each text spooled in one of two spools, or written as it is.
  const docs = fc.array(fc.tuple(text, fc.constantFrom('plain', 'a', 'b') as fc.Arbitrary<string>), {
    maxLength: 12,
  });

  test('writes the texts separated as cdk8s separates them, spooled or not', () => {
    const dir = tmp();
    fc.assert(
      fc.property(docs, (list) => {
        const spools = { a: new Spool(dir), b: new Spool(dir) };
        try {
          const texts: (string | SpoolRange)[] = list.map(([t, where]) =>
            where === 'plain' ? t : spools[where as 'a' | 'b'].append(t)
          );
          const file = path.join(dir, 'out.yaml');
          writeDocuments(file, texts);
          expect(fs.readFileSync(file, 'utf8')).toBe(list.map(([t]) => t).join(DOCUMENT_SEPARATOR));
        } finally {
          spools.a.close();
          spools.b.close();
        }
      }),
      { numRuns: 60 }
    );
    // The spools are gone.
    expect(fs.readdirSync(dir)).toEqual(['out.yaml']);
  });
});

describe('synthToDirectory through the spool', () => {
  /**
   * Charts of our Jobs, with other objects between them (work items' ConfigMaps): small ones, whose
   * text waits in memory, and one of about 1.6 MB, most of whose text waits in the spool.
   */
  function build(app: App): void {
    for (const [c, jobs, long] of [
      ['a', 3, ''],
      ['b', 3, ''],
      ['big', 40, 'é'.repeat(20_000)],
    ] as const) {
      const chart = new Chart(app, c);
      for (let i = 0; i < jobs; i++) {
        new BatchJob(chart, `job-${i}`, {
          containers: [{ image: 'busybox:1.36', args: ['0o755', `é-${i}`, long] }],
          ...(i % 3 === 1 ? { pattern: JobPattern.indexed({ completions: 2, workItems: ['x', 'y'] }) } : {}),
        });
      }
    }
  }

  test.each([OutputLayout.FILE_PER_CHART, OutputLayout.FILE_PER_RESOURCE])(
    '%s: the files hold the charts’ JSON written by our writer, and no spool is left',
    (layout) => {
      const outdir = path.join(tmp(), 'dist');
      synthToDirectory(build, { outdir, layout });
      const files = readAll(outdir);
      // The same manifests, written from their JSON outside synthesis.
      const app = Testing.app();
      build(app);
      const docs = app.charts.map((chart) => Testing.synth(chart));
      const expected =
        layout === OutputLayout.FILE_PER_CHART
          ? docs.map((d) => manifestsToYaml(d))
          : docs.flat().map((d) => manifestsToYaml([d]));
      const written = Object.keys(files)
        .filter((f) => f.endsWith('.k8s.yaml'))
        .map((f) => files[f]);
      expect(written.sort()).toEqual(expected.sort());
      expect(fs.readdirSync(outdir).filter((f) => f.startsWith('.'))).toEqual([]);
    }
  );
});
