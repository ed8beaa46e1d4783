/**
 * `npm run bench:cli`: how the CLI's reading scales (issue 15). Generates files of 10,000 and 100,000 small Jobs
 * (about 6 and 60 MiB) in a temporary folder, times `node build/pkg/cli.js validate FILE` on each as whole
 * processes (alternating, after one untimed run each, median of the runs), takes the peak RSS of each run from
 * GNU `/usr/bin/time` when it is installed, and runs `summary` and `import` once on the 10,000-Job file. Writes
 * bench/cli-results.json and the section of bench/README.md between its markers.
 *
 *   npm run bench:cli                 # 3 runs each (about 3 minutes on 2 cores)
 *   npm run bench:cli -- --runs=5
 *   npm run bench:cli -- --quick      # 1,000 and 10,000 Jobs, one run: a smoke run, results not written
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { codeVersion, machine } from './environment';
import { CliBenchResults, ProcessRun, withCliBenchSection } from './cli-report';

const ROOT = (function findRoot(dir: string): string {
  return fs.existsSync(path.join(dir, 'package.json')) ? dir : findRoot(path.dirname(dir));
})(path.resolve(__dirname, '..'));
const MAIN = path.join(ROOT, 'build', 'pkg', 'cli.js'); // the bundle npx cdk8s-batch runs
const RESULTS = path.join(ROOT, 'bench', 'cli-results.json');
const README = path.join(ROOT, 'bench', 'README.md');
const TIME = '/usr/bin/time';

const args = process.argv.slice(2);
const known = (a: string) => a === '--quick' || /^--runs=\d+$/.test(a);
if (args.some((a) => !known(a))) {
  console.error(`bench:cli: unknown argument ${args.filter((a) => !known(a)).join(' ')} (--runs=N, --quick)`);
  process.exit(2);
}
const quick = args.includes('--quick');
const RUNS = quick ? 1 : Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const SIZES = quick ? [1000, 10000] : [10000, 100000];

/** Job `i`: about 630 bytes of YAML, the shape of a small hand-written Job. */
function job(i: number): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: job-${i}
  namespace: default
  labels:
    app: bench
    team: batch-platform
  annotations:
    cdk8s-batch.io/owner: "bench-${i}@example.com"
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      securityContext:
        runAsNonRoot: true
        runAsUser: 65534
      containers:
        - name: main
          image: busybox:1.36
          command: ["sh", "-c", "echo ${i}"]
          env:
            - name: JOB_INDEX
              value: "${i}"
          resources:
            limits:
              cpu: 100m
              memory: 64Mi
`;
}

function writeJobs(file: string, n: number): number {
  const fd = fs.openSync(file, 'w');
  for (let i = 0; i < n; i += 1000) {
    const chunk: string[] = [];
    for (let j = i; j < Math.min(n, i + 1000); j++) chunk.push(j === 0 ? job(j) : `---\n${job(j)}`);
    fs.writeSync(fd, chunk.join(''));
  }
  fs.closeSync(fd);
  return fs.statSync(file).size;
}

const hasTime = (() => {
  try {
    return spawnSync(TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
  } catch {
    return false;
  }
})();

/** Runs `node build/pkg/cli.js ...argv` once: wall time (ms) and peak RSS (MB, from /usr/bin/time). */
function run(
  argv: string[],
  expect: (stdout: string, stderr: string, code: number | null) => void
): ProcessRun {
  const command = hasTime ? TIME : process.execPath;
  const full = hasTime
    ? ['-f', 'cdk8s-batch-bench-rss %M', process.execPath, MAIN, ...argv]
    : [MAIN, ...argv];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, full, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rss = /cdk8s-batch-bench-rss (\d+)/.exec(r.stderr ?? '');
  const stderr = (r.stderr ?? '').replace(/cdk8s-batch-bench-rss \d+\n?/, '');
  expect(r.stdout ?? '', stderr, r.status);
  return { ms: Math.round(ms), maxRssMb: rss ? Math.round(Number(rss[1]) / 1024) : null };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function main(): void {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-bench-cli-'));
  try {
    const files = Object.fromEntries(
      SIZES.map((n) => {
        const file = path.join(tmp, `jobs-${n}.yaml`);
        return [n, { file, bytes: writeJobs(file, n) }];
      })
    );
    const validate = (n: number) =>
      run(['validate', files[n].file], (stdout, stderr, code) => {
        const want = `${n} objects in 1 file: no findings`;
        if (code !== 0 || !stdout.includes(want)) {
          throw new Error(`validate ${n}: exit ${code}, ${stdout.slice(-200)} ${stderr.slice(0, 500)}`);
        }
      });
    console.error(
      `files: ${SIZES.map((n) => `${n} Jobs ${(files[n].bytes / 2 ** 20).toFixed(1)} MiB`).join(', ')}`
    );
    for (const n of SIZES) validate(n); // untimed: disk cache, as a user's second run
    const loadAtStart = Number(os.loadavg()[0].toFixed(2));
    const runs: Record<number, ProcessRun[]> = Object.fromEntries(SIZES.map((n) => [n, []]));
    for (let i = 0; i < RUNS; i++) {
      // Alternating, the order rotated, so drift on the machine hits both sizes alike.
      for (const n of i % 2 === 0 ? SIZES : [...SIZES].reverse()) {
        runs[n].push(validate(n));
        console.error(`  validate ${n}: ${runs[n].at(-1)!.ms} ms, ${runs[n].at(-1)!.maxRssMb ?? '?'} MB`);
      }
    }
    const ok = (name: string) => (_: string, stderr: string, code: number | null) => {
      if (code !== 0) throw new Error(`${name}: exit ${code}: ${stderr.slice(0, 500)}`);
    };
    const tenK = files[10000].file;
    const others = {
      summary: run(['summary', tenK], ok('summary')),
      import: run(['import', tenK, '--out', path.join(tmp, 'imported.ts')], ok('import')),
    };
    console.error(`  summary 10000: ${others.summary.ms} ms; import 10000: ${others.import.ms} ms`);
    const medians = Object.fromEntries(SIZES.map((n) => [n, median(runs[n].map((r) => r.ms))]));
    const results: CliBenchResults = {
      date: new Date().toISOString(),
      machine: machine(),
      code: codeVersion(ROOT, ['bench/cli-results.json', 'bench/README.md']),
      method:
        `generated files of small Jobs (about 630 bytes each, one document each); each size timed as a whole ` +
        `process (\`node build/pkg/cli.js validate FILE\`, wall time from spawn to exit), ${RUNS} runs ` +
        `each, alternating, after one untimed run each; the median is reported; peak RSS is GNU time's ` +
        `maximum resident set size${hasTime ? '' : ' (not installed: not measured)'}. ` +
        '`summary` and `import --out` run once on the 10,000-Job file.',
      validate: Object.fromEntries(
        SIZES.map((n) => [n, { bytes: files[n].bytes, runs: runs[n], medianMs: medians[n] }])
      ),
      ratio: Number((medians[SIZES[1]] / medians[SIZES[0]]).toFixed(2)),
      others,
      loadAverage: [loadAtStart, Number(os.loadavg()[0].toFixed(2))],
    };
    console.log(JSON.stringify({ medians, ratio: results.ratio, others }, null, 2));
    if (quick) {
      console.log('--quick: results not written');
      return;
    }
    fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    const readme = fs.existsSync(README) ? fs.readFileSync(README, 'utf8') : '# Benchmarks\n';
    fs.writeFileSync(README, withCliBenchSection(readme, results));
    console.log(`wrote ${path.relative(ROOT, RESULTS)} and ${path.relative(ROOT, README)}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
