import { readFileSync } from 'fs';
import * as path from 'path';
import { BenchResults, benchSection, probeSection, ScalingProbe, withBenchSection } from '../bench/report';

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

describe("the README's benchmark section", () => {
  test('is the one generated from bench/results.json (run `npm run docs` after `npm run bench`)', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
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

describe('the scaling probe in the benchmark section', () => {
  const times = (t1k: number, t10k: number) => ({ t1k, t10k, scaling: Number((t10k / t1k).toFixed(2)) });
  const probe = (byVariant: ScalingProbe['byVariant']): ScalingProbe => ({
    date: '2026-11-22T10:00:00.000Z',
    deadWeightObjects: 40,
    method: 'the method',
    byVariant,
  });
  const reading = 'Dead weight slowed every variant more at 1,000 jobs than at 10,000';

  test('shows each variant plain and with dead weight, with the changes', () => {
    const section = probeSection(
      probe({ batchJob: { plain: times(100, 1500), deadWeight: times(171, 1485) } })
    );
    expect(section).toContain('run 2026-11-22): the method.');
    expect(section).toContain('| BatchJob | 100 | 1500 | 15 | 171 (+71 %) | 1485 (−1 %) | 8.68 |');
    expect(section).toContain(reading);
  });

  test('states the reading only when every variant shows it', () => {
    const lowered = { plain: times(100, 1500), deadWeight: times(170, 1500) };
    // Slower at both sizes alike: the ratio does not drop.
    expect(
      probeSection(
        probe({ raw: lowered, cronBatch: { plain: times(100, 1500), deadWeight: times(120, 1800) } })
      )
    ).not.toContain(reading);
    // Faster with dead weight (noise): nothing to read.
    expect(
      probeSection(
        probe({ raw: lowered, batchJob: { plain: times(100, 1500), deadWeight: times(90, 1200) } })
      )
    ).not.toContain(reading);
    expect(probeSection(probe({ raw: lowered, batchJob: lowered }))).toContain(reading);
  });

  test('is part of the section only when the results have a probe', () => {
    const without: BenchResults = { ...committed, scalingProbe: undefined };
    expect(benchSection(without)).not.toContain('Scaling probe');
    const withProbe = {
      ...committed,
      scalingProbe: probe({ raw: { plain: times(1, 10), deadWeight: times(2, 11) } }),
    };
    expect(benchSection(withProbe)).toContain('Scaling probe');
  });
});
