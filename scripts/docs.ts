/**
 * `npm run docs`: regenerates the README's generated parts (GPU mode × stack, prop × platform, and
 * the benchmark section from bench/results.json).
 */
import * as fs from 'fs';
import * as path from 'path';
import { BenchResults, withBenchSection } from '../bench/report';
import { withGpuTable, withTable } from '../lib/gpu/table';
import { PLATFORM_TABLE_BEGIN, PLATFORM_TABLE_END, platformTable } from '../lib/platforms/table';

const readmePath = path.join(__dirname, '..', 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const withPlatforms = withTable(readme, PLATFORM_TABLE_BEGIN, PLATFORM_TABLE_END, platformTable());
const bench = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'bench', 'results.json'), 'utf8')
) as BenchResults;
fs.writeFileSync(readmePath, withBenchSection(withGpuTable(withPlatforms), bench));
console.log('README.md: generated tables and the benchmark section regenerated');
