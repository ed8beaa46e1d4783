import { readFileSync } from 'fs';
import * as path from 'path';
import {
  CLI_BENCH_BEGIN,
  CLI_BENCH_END,
  CliBenchResults,
  cliBenchSection,
  withCliBenchSection,
} from '../bench/cli-report';

const bench = path.join(__dirname, '..', 'bench');
const committed = JSON.parse(readFileSync(path.join(bench, 'cli-results.json'), 'utf8')) as CliBenchResults;

describe("bench/README.md's CLI section", () => {
  test('is the one generated from bench/cli-results.json (run `npm run bench:cli`)', () => {
    const readme = readFileSync(path.join(bench, 'README.md'), 'utf8');
    expect(withCliBenchSection(readme, committed)).toBe(readme);
  });

  test('judges the scaling target at and across 12', () => {
    expect(cliBenchSection({ ...committed, ratio: 12 })).toContain('(target ≤ 12: met)');
    expect(cliBenchSection({ ...committed, ratio: 12.01 })).toContain('(target ≤ 12: **not met**)');
  });

  test('adds the markers to a README without them', () => {
    const text = withCliBenchSection('# Benchmarks\n', committed);
    expect(text.startsWith(`# Benchmarks\n\n${CLI_BENCH_BEGIN}\n`)).toBe(true);
    expect(text.endsWith(`${CLI_BENCH_END}\n`)).toBe(true);
  });
});
