/** `npm run docs`: regenerates the README's generated tables (GPU mode × stack, prop × platform). */
import * as fs from 'fs';
import * as path from 'path';
import { withGpuTable, withTable } from '../lib/gpu/table';
import { PLATFORM_TABLE_BEGIN, PLATFORM_TABLE_END, platformTable } from '../lib/platforms/table';

const readmePath = path.join(__dirname, '..', 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const withPlatforms = withTable(readme, PLATFORM_TABLE_BEGIN, PLATFORM_TABLE_END, platformTable());
fs.writeFileSync(readmePath, withGpuTable(withPlatforms));
console.log('README.md: generated tables regenerated');
