/** `npm run docs:gpu`: regenerates the README's GPU mode × stack table from the mapping code. */
import * as fs from 'fs';
import * as path from 'path';
import { withGpuTable } from '../lib/gpu/table';

const readmePath = path.join(__dirname, '..', 'README.md');
fs.writeFileSync(readmePath, withGpuTable(fs.readFileSync(readmePath, 'utf8')));
console.log('README.md: GPU table regenerated');
