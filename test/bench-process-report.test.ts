import { readFileSync } from 'fs';
import * as path from 'path';
import {
  FleetProcessResults,
  median,
  PROCESS_BEGIN,
  PROCESS_END,
  processRatios,
  processSection,
  processSummary,
  processTargets,
  ratio,
  withProcessSection,
} from '../bench/process-report';

const runs = (medianMs: number, maxRssMb: number | null = 100) => ({
  runsMs: [medianMs],
  medianMs,
  maxRssMb,
});

function results(
  a1: number,
  b1: number,
  c1: number,
  a10: number,
  b10: number,
  c10: number
): FleetProcessResults {
  return {
    date: '2026-12-07T04:00:00.000Z',
    code: 'abc1234',
    machine: '2 cores',
    method: 'm',
    loadAverage: [4, 5],
    times: {
      1000: { ours: runs(a1), raw: runs(b1), plus: runs(c1) },
      10000: { ours: runs(a10, 90), raw: runs(b10, 100), plus: runs(c10, 120) },
    },
  };
}

describe("bench/README.md's whole-process section", () => {
  test('is the one generated from bench/results.json (run `npm run bench:process`)', () => {
    const bench = path.join(__dirname, '..', 'bench');
    const committed = JSON.parse(readFileSync(path.join(bench, 'results.json'), 'utf8'));
    const readme = readFileSync(path.join(bench, 'README.md'), 'utf8');
    const section = processSection(committed.fleetProcess, committed.synthProcess);
    expect(withProcessSection(readme, section)).toBe(readme);
  });
});

describe('bench/process-report', () => {
  test('median of odd and even counts, unsorted input', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
    expect(ratio(1, 3)).toBe(0.33);
  });

  test('ratios: A over B and C at both N, scaling against raw', () => {
    const q = processRatios(results(600, 1000, 1500, 3000, 5000, 7500));
    expect(q).toEqual({
      oursVsRaw1k: 0.6,
      oursVsRaw10k: 0.6,
      oursVsPlus1k: 0.4,
      oursVsPlus10k: 0.4,
      scalingOurs: 5,
      scalingRaw: 5,
      scalingVsRaw: 1,
    });
  });

  test('targets judged at their bounds and just across them', () => {
    const at = processTargets(results(600, 1000, 1500, 3000, 5000, 7500), {
      oursMs: 2,
      stockMs: 10,
      ratio: 0.2,
    });
    expect(at.map((t) => t.met)).toEqual([true, true, true, true, true]);
    const across = processTargets(results(610, 1000, 1500, 3000, 5000, 7000));
    expect(across.map((t) => t.met)).toEqual([false, false, true, true, null]);
    const noRss = results(600, 1000, 1500, 3000, 5000, 7500);
    const r = {
      ...noRss,
      times: { ...noRss.times, 10000: { ...noRss.times[10000], ours: runs(3000, null) } },
    };
    expect(processTargets(r)[3]).toEqual(expect.objectContaining({ met: null, measured: 'not measured' }));
  });

  test('section, summary and markers', () => {
    const r = results(600, 1000, 1500, 3000, 5000, 7500);
    const section = processSection(r);
    expect(section).toContain('| 1,000 | (A) `BatchJob` + `synthToDirectory` | **600** | 0.60 | 0.40 |');
    expect(section).not.toContain('**not met**');
    expect(processSummary(r).split('\n')).toHaveLength(3);
    const text = withProcessSection('# Benchmarks\n', section);
    expect(text).toBe(`# Benchmarks\n\n${PROCESS_BEGIN}\n${section}\n${PROCESS_END}\n`);
    expect(withProcessSection(text, 'new')).toBe(`# Benchmarks\n\n${PROCESS_BEGIN}\nnew\n${PROCESS_END}\n`);
  });
});
