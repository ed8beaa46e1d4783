import { readFileSync } from 'fs';
import * as path from 'path';
import {
  BenchResults,
  benchSection,
  benchSummary,
  RunRecord,
  runsSection,
  withBenchSection,
  withBenchSummary,
} from '../bench/report';

const root = path.join(__dirname, '..');
const committed = JSON.parse(readFileSync(path.join(root, 'bench', 'results.json'), 'utf8')) as BenchResults;

/** The committed results with some figures replaced. */
function results(
  over: Omit<Partial<BenchResults>, 'ratios'> & { ratios?: Partial<BenchResults['ratios']> }
): BenchResults {
  return { ...committed, ...over, ratios: { ...committed.ratios, ...over.ratios } };
}

/** The verdict column of one target row. */
function verdict(section: string, target: string): string {
  const row = section.split('\n').find((l) => l.startsWith(`| ${target}`));
  if (!row) throw new Error(`no row for ${target}`);
  return row.split('|').at(-2)!.trim();
}

describe("bench/README.md's benchmark section", () => {
  test('is the one generated from bench/results.json (run `npm run docs` after `npm run bench`)', () => {
    const readme = readFileSync(path.join(root, 'bench', 'README.md'), 'utf8');
    expect(withBenchSection(readme, committed)).toBe(readme);
  });

  test('judges each target from the figures, at and across its limit', () => {
    const ratio = '`BatchJob` ÷ raw `KubeJob`';
    const plus = '`BatchJob` ÷ cdk8s-plus `Job`';
    const at = benchSection(
      results({
        ratios: {
          batchJobVsRaw1k: 1.2,
          batchJobVsRaw10k: 1.2,
          batchJobVsPlus1k: 0.7,
          batchJobVsPlus10k: 0.7,
        },
      })
    );
    expect(verdict(at, ratio)).toBe('met');
    expect(verdict(at, plus)).toBe('met');
    const over = benchSection(results({ ratios: { batchJobVsRaw10k: 1.21, batchJobVsPlus1k: 0.71 } }));
    expect(verdict(over, ratio)).toBe('**not met**');
    expect(verdict(over, plus)).toBe('**not met**');
    expect(verdict(benchSection(results({ ratios: { scaling: 11.01 } })), 't(10,000)')).toBe('**not met**');
    expect(verdict(benchSection(results({ rssMb10k: 601 })), 'peak RSS')).toBe('**not met**');
    expect(verdict(benchSection(results({ testSeconds: 60 })), '`npm test`')).toBe('**not met**');
    const slow = { ...committed.synthProcess, oursMs: 1500, ratio: 0.2 };
    expect(verdict(benchSection(results({ synthProcess: slow })), 'whole synth')).toBe('**not met**');
  });
});

describe("the README's performance summary", () => {
  test('is the one generated from bench/results.json (run `npm run docs` after `npm run bench`)', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(withBenchSummary(readme, committed)).toBe(readme);
  });

  test('is short: the headline ratios, the targets met and a link to bench/README.md', () => {
    const summary = benchSummary(committed);
    expect(summary.split('\n').length).toBeLessThanOrEqual(6);
    const q = committed.ratios;
    expect(summary).toContain(`**${q.batchJobVsRaw1k} / ${q.batchJobVsRaw10k} ×** raw`);
    expect(summary).toContain(`**${q.batchJobVsPlus1k} / ${q.batchJobVsPlus10k} ×** cdk8s-plus`);
    expect(summary).toContain('[bench/README.md](bench/README.md)');
    expect(benchSummary({ ...committed, fleetProcess: undefined })).toContain(
      '[bench/README.md](bench/README.md)'
    );
  });

  test('counts the targets met from the figures', () => {
    const all = results({ ratios: { scaling: 11 } });
    expect(benchSummary(all)).toContain('Targets of issue 7 met: 6 of 6.');
    expect(benchSummary(results({ ratios: { scaling: 11.01 }, rssMb10k: 601 }))).toContain(
      'Targets of issue 7 met: 4 of 6.'
    );
  });
});

describe('the list of runs in the benchmark section', () => {
  const run = (code: string, over: Partial<BenchResults['ratios']>, raw = 11.2): RunRecord => ({
    date: '2026-11-22T09:24:31.711Z',
    code,
    ratios: {
      batchJobVsRaw1k: 1,
      batchJobVsRaw10k: 1,
      batchJobVsPlus1k: 0.6,
      batchJobVsPlus10k: 0.6,
      scaling: 10,
      ...over,
    },
    scalingByVariant: { raw },
  });
  const differs = 'The verdict differs between these runs for';

  test('lists each run with its ratios', () => {
    const section = runsSection({
      ...committed,
      runs: [
        run('7151cca', { batchJobVsRaw1k: 0.83, batchJobVsRaw10k: 1.03, scaling: 14.24 }, 11.29),
        run('ff7ba9e', {
          batchJobVsRaw1k: 1.05,
          batchJobVsPlus1k: 0.5,
          batchJobVsPlus10k: 0.58,
          scaling: 10.92,
        }),
      ],
    });
    expect(section).toContain('| 2026-11-22 09:24 | 7151cca | 0.83 / 1.03 |');
    expect(section).toContain('| ff7ba9e | 1.05 / 1.00 | 0.50 / 0.58 | 10.92 | 11.20 |');
    expect(section).toMatch(/\| 14\.24 \| 11\.29 \|$/m);
  });

  test('names the targets whose verdict differs between the runs, and only those', () => {
    const section = runsSection({
      ...committed,
      runs: [run('a', { scaling: 14.24 }), run('b', { scaling: 10.92 })],
    });
    expect(section).toContain(`${differ('t(10,000) ÷ t(1,000) ≤ 11, each of ours')}`);
    expect(section).not.toContain('`BatchJob` ÷ raw `KubeJob` ≤ 1.2 (N');
    const same = runsSection({
      ...committed,
      runs: [run('a', { scaling: 9 }), run('b', { scaling: 10.92 })],
    });
    expect(same).not.toContain(differs);
    const ratioDiffers = runsSection({
      ...committed,
      runs: [run('a', { batchJobVsPlus10k: 0.71 }), run('b', {})],
    });
    expect(ratioDiffers).toContain(differ('`BatchJob` ÷ cdk8s-plus `Job` ≤ 0.7 (N = 1,000 and 10,000)'));
    expect(ratioDiffers).toContain('enough to judge this target.');
    const both = runsSection({
      ...committed,
      runs: [run('a', { batchJobVsPlus10k: 0.71, scaling: 12 }), run('b', {})],
    });
    expect(both).toContain('≤ 0.7 (N = 1,000 and 10,000); t(10,000) ÷ t(1,000) ≤ 11, each of ours.');
    expect(both).toContain('enough to judge these targets.');
  });

  test('says whether the run above is the last one listed', () => {
    const listed = { ...committed, runs: [run('a', {}), { ...run('b', {}), date: committed.date }] };
    expect(runsSection(listed)).toContain('the last is the run above');
    expect(runsSection({ ...committed, runs: [run('a', {}), run('b', {})] })).toContain(
      'the run above is not among them'
    );
  });

  test('is part of the section from two runs on', () => {
    expect(benchSection({ ...committed, runs: [run('a', {})] })).not.toContain('The latest full runs');
    expect(benchSection({ ...committed, runs: [run('a', {}), run('b', {})] })).toContain(
      'The latest full runs'
    );
  });

  function differ(target: string): string {
    return `${differs}: ${target}.`;
  }
});
