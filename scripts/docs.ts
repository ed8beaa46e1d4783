/**
 * `npm run docs`: regenerates the README's generated parts (GPU mode × stack, prop × platform, and
 * the benchmark section from bench/results.json).
 */
import * as fs from 'fs';
import * as path from 'path';
import { BenchResults, withBenchSection } from '../bench/report';
import { withGpuTable } from './tables/gpu';
import { withPlatformTable } from './tables/platforms';

const readmePath = path.join(__dirname, '..', 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const withPlatforms = withPlatformTable(readme);
const bench = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'bench', 'results.json'), 'utf8')
) as BenchResults;
fs.writeFileSync(readmePath, withBenchSection(withGpuTable(withPlatforms), bench));
console.log('README.md: generated tables and the benchmark section regenerated');
