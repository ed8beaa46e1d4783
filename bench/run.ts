/**
 * `npm run bench`: how much synthesizing batch jobs costs with cdk8s-batch, against raw cdk8s
 * (`k8s.KubeJob`) and cdk8s-plus-28's `Job`, and how long the whole example synth takes as a process
 * against the stock cdk8s path. Prints a table and writes `bench/results.json`.
 *
 *   npm run bench                       # everything (a few minutes on 2 cores)
 *   npm run bench -- --quick            # fewer rounds, no npm test: a smoke run
 *   npm run bench -- --only=fleet       # or: process, test
 *   npm run bench:process               # = --only=process: whole processes (fleet and example synth)
 *   npm run bench -- --profile=batchJob:10000   # one build + synth, e.g. under node --cpu-prof
 *
 * One process, one run: every variant is measured in the same process, round-robin (so drift on
 * the machine hits all of them alike), after a warm-up; the median of the rounds is reported. Each
 * round builds a fresh app, then synthesizes it to one YAML string (`app.synthYaml()`).
 *
 * Each measurement starts from a clean heap: a full GC (`--expose-gc`), then the variant is made hot
 * again by building and synthesizing 4 x 1,000 of its jobs untimed, then construct, synth and YAML
 * are timed back to back (their garbage is collected when V8 decides, as in a real synth).
 *
 * Why the re-warming: the variants share code (cdk8s, and BatchJob/GpuJob/CronBatch share ours)
 * with different object shapes, so running one variant invalidates code V8 optimized for another
 * (`--trace-deopt-verbose`: "marking dependent code ... reason: code dependencies"), and a forced
 * full GC costs optimized code too. Measured here: right after a GC, the next 1,000 BatchJobs build
 * about 3x slower and some 30 of our functions are re-optimized inside the timed step (raw KubeJob
 * slows 2x); after 2 x 1,000 re-warm jobs 5-25 still were; after 4 x 1,000 the times match a
 * steady-state profile. The old method (a full GC right before each timed step, no re-warming)
 * measured that JIT recovery rather than synthesis; `--gc-each-step` restores it for comparison.
 * Peak RSS is measured per variant in a child process that builds and synthesizes 10,000 jobs, so
 * variants do not share a heap.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { codeVersion, machine } from './environment';
import { buildFleet, CHARTS, synthFleet, toYaml, Variant, VARIANT_LABELS, VARIANTS } from './fleet';
import {
  FleetProcessResults,
  median as medianOf,
  ProcessVariantName,
  processSection,
  SynthProcessFigures,
  withProcessSection,
} from './process-report';
import { BenchResults, RunRecord, withBenchSection, withBenchSummary } from './report';

/** The repository: the nearest folder with a package.json (this file also runs compiled, from build/). */
const ROOT = (function findRoot(dir: string): string {
  return fs.existsSync(path.join(dir, 'package.json')) ? dir : findRoot(path.dirname(dir));
})(path.resolve(__dirname, '..'));
const DEFAULT_RESULTS = path.resolve(ROOT, 'bench/results.json');
const RESULTS = path.resolve(
  ROOT,
  process.argv.find((a) => a.startsWith('--out='))?.slice(6) ?? DEFAULT_RESULTS
);
/**
 * Their generated parts (bench/README.md's sections, the README's performance summary) are regenerated
 * from bench/results.json (not from an `--out` file).
 */
const README = path.join(ROOT, 'README.md');
const BENCH_README = path.join(ROOT, 'bench', 'README.md');
const SIZES = [1000, 10000] as const;
const OURS: Variant[] = ['batchJob', 'gpuJob', 'cronBatch'];

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const flagValue = (name: string) => flag(name)?.split('=')[1];
const quick = flag('quick') !== undefined;
const only = flagValue('only');
const ROUNDS: Record<number, number> = quick ? { 1000: 3, 10000: 1 } : { 1000: 15, 10000: 5 };
/** The old method: a full GC before every timed step (see the header). */
const GC_EACH_STEP = flag('gc-each-step') !== undefined;
/** Untimed builds + synths of 1,000 jobs after the clean-heap GC of each measurement. */
const REWARM_ROUNDS = 4;
const PROCESS_RUNS = quick ? 2 : 5;
/** Full fleet runs listed in bench/results.json (`runs`) and bench/README.md. */
const RUNS_KEPT = 6;

// ---------------------------------------------------------------------------------------------
// Small helpers

const gc = (): void => (global as { gc?: () => void }).gc?.();
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

const median = medianOf;

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

/** Node with the same loader (tsx) and flags as this process. */
function nodeArgs(script: string, ...rest: string[]): string[] {
  return [...process.execArgv, script, ...rest];
}

// ---------------------------------------------------------------------------------------------
// 1. In-process fleet benchmark

interface Sample {
  /** Building the app: the constructs' constructors. */
  construct: number;
  /** `chart.toJson()` of every chart: the Kubernetes JSON. */
  synth: number;
  /** Serializing that JSON to YAML (cdk8s' `Yaml.stringify`, as `app.synthYaml()`). */
  yaml: number;
  /** CPU time (user + system, all threads) of construct + synth: less sensitive to a busy machine. */
  cpu: number;
}

/** Builds, synthesizes and serializes `n` jobs of `variant` once; returns the times in ms. */
function measure(variant: Variant, n: number): Sample {
  // A clean heap, then the variant hot again (see the header); the old method: a GC before each step.
  gc();
  if (!GC_EACH_STEP) for (let i = 0; i < REWARM_ROUNDS; i++) synthFleet(buildFleet(variant, 1000));
  const stepGc = GC_EACH_STEP ? gc : () => undefined;
  const c0 = process.cpuUsage();
  const t0 = now();
  const app = buildFleet(variant, n);
  const t1 = now();
  const c1 = process.cpuUsage(c0);
  stepGc();
  const c2 = process.cpuUsage();
  const t2 = now();
  const docs = synthFleet(app);
  const t3 = now();
  const c3 = process.cpuUsage(c2);
  const cpu = (c1.user + c1.system + c3.user + c3.system) / 1000;
  stepGc();
  const t4 = now();
  const yaml = toYaml(docs);
  const t5 = now();
  if (yaml.length < n * 1000) throw new Error(`${variant}: suspiciously short output (${yaml.length} bytes)`);
  return { construct: t1 - t0, synth: t3 - t2, yaml: t5 - t4, cpu };
}

interface VariantResult {
  construct: number;
  synth: number;
  yaml: number;
  /** Median of construct + synth: what the library costs (the ratios). */
  total: number;
  /** Median of construct + synth + yaml. */
  withYaml: number;
}
type FleetResults = Record<number, Record<Variant, VariantResult>>;

function fleetBenchmark(): FleetResults {
  // Warm-up: every code path JIT-compiled before anything is timed.
  for (let i = 0; i < (quick ? 1 : 2); i++) for (const v of VARIANTS) measure(v, 1000);

  const results = {} as FleetResults;
  for (const n of SIZES) {
    const samples = Object.fromEntries(VARIANTS.map((v) => [v, [] as Sample[]])) as Record<Variant, Sample[]>;
    for (let r = 0; r < ROUNDS[n]; r++) {
      // Round-robin, rotating the start so no variant always runs first.
      for (let k = 0; k < VARIANTS.length; k++) {
        const v = VARIANTS[(k + r) % VARIANTS.length];
        samples[v].push(measure(v, n));
      }
      process.stderr.write(`  N=${n}: round ${r + 1}/${ROUNDS[n]} done\n`);
    }
    results[n] = Object.fromEntries(
      VARIANTS.map((v) => {
        const s = samples[v];
        return [
          v,
          {
            construct: median(s.map((x) => x.construct)),
            synth: median(s.map((x) => x.synth)),
            yaml: median(s.map((x) => x.yaml)),
            total: median(s.map((x) => x.construct + x.synth)),
            withYaml: median(s.map((x) => x.construct + x.synth + x.yaml)),
          },
        ];
      })
    ) as Record<Variant, VariantResult>;
  }
  return results;
}

/** Peak RSS (MB) of a child process that builds and synthesizes `n` jobs of `variant`. */
function peakRss(variant: Variant, n: number): number {
  const out = execFileSync(process.execPath, nodeArgs(__filename, `--rss=${variant}:${n}`), {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!).rssMb;
}

// ---------------------------------------------------------------------------------------------
// 2. Whole-synth process benchmark

interface ProcessResult {
  oursMs: number;
  stockMs: number;
  ratio: number;
  oursRunsMs: number[];
  stockRunsMs: number[];
  oursCommand: string;
  stockCommand: string;
}

function timeProcess(command: string, argv: string[], env: NodeJS.ProcessEnv): number {
  const t0 = now();
  const r = spawnSync(command, argv, { cwd: ROOT, env, encoding: 'utf8' });
  const ms = now() - t0;
  if (r.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return ms;
}

function sameFiles(a: string, b: string): boolean {
  const list = (dir: string) =>
    (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .sort();
  const files = list(a);
  if (files.join() !== list(b).join()) return false;
  return files.every((f) => fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))));
}

/**
 * `npm run synth` (tsx, no type-check) against the stock cdk8s path: the cdk8s CLI's `synth` running
 * the same `apps/main.ts` with `npx ts-node` (type-checking, the cdk8s TypeScript template's `app`),
 * alternating, into temporary folders. Both must write the same files.
 */
function processBenchmark(): ProcessResult {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-bench-'));
  const oursOut = path.join(tmp, 'ours');
  const stockOut = path.join(tmp, 'stock');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const cdk8s = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
  const stockApp = 'npx ts-node apps/main.ts';
  const env = { ...process.env, CDK8S_OUTDIR: oursOut };
  const ours: number[] = [];
  const stock: number[] = [];
  try {
    // One untimed run each (disk caches, ts-node/tsx caches as a developer's machine has them).
    timeProcess(npm, ['run', '--silent', 'synth'], env);
    timeProcess(cdk8s, ['synth', '--app', stockApp, '--output', stockOut], process.env);
    if (!sameFiles(oursOut, stockOut)) throw new Error('npm run synth and cdk8s synth wrote different files');
    for (let i = 0; i < PROCESS_RUNS; i++) {
      ours.push(timeProcess(npm, ['run', '--silent', 'synth'], env));
      stock.push(timeProcess(cdk8s, ['synth', '--app', stockApp, '--output', stockOut], process.env));
      process.stderr.write(`  process run ${i + 1}/${PROCESS_RUNS} done\n`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const oursMs = median(ours);
  const stockMs = median(stock);
  return {
    oursMs: Math.round(oursMs),
    stockMs: Math.round(stockMs),
    ratio: round(oursMs / stockMs),
    oursRunsMs: ours.map(Math.round),
    stockRunsMs: stock.map(Math.round),
    oursCommand: 'npm run synth  (tsx apps/main.ts)',
    stockCommand: `cdk8s synth --app "${stockApp}"  (cdk8s-cli, type-checking ts-node)`,
  };
}

// ---------------------------------------------------------------------------------------------
// 3. Whole-process fleet benchmark (issue 17)

const FLEET_SCRIPT = path.join(__dirname, 'process-fleet.js');
const PROCESS_ORDER: ProcessVariantName[] = ['ours', 'raw', 'plus'];
const TIME = '/usr/bin/time';
const hasGnuTime = (): boolean => {
  try {
    return spawnSync(TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
  } catch {
    return false;
  }
};

/**
 * `node build/bench/bench/process-fleet.js VARIANT N OUTDIR` once, under GNU time when installed:
 * wall time from spawn to exit (ms) and peak RSS (MB; GNU time's %M, else the child's maxRSS).
 */
function runFleetProcess(v: ProcessVariantName, n: number, outdir: string, gnuTime: boolean) {
  fs.rmSync(outdir, { recursive: true, force: true });
  const argv = [FLEET_SCRIPT, v, String(n), outdir];
  const t0 = now();
  const r = gnuTime
    ? spawnSync(TIME, ['-f', 'cdk8s-batch-bench-rss %M', process.execPath, ...argv], { encoding: 'utf8' })
    : spawnSync(process.execPath, argv, { encoding: 'utf8' });
  const ms = now() - t0;
  if (r.status !== 0) throw new Error(`process-fleet ${v} ${n} failed:\n${r.stdout}\n${r.stderr}`);
  const files = fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml'));
  const bytes = files.reduce((sum, f) => sum + fs.statSync(path.join(outdir, f)).size, 0);
  if (files.length < CHARTS || bytes < n * 1000) {
    throw new Error(`process-fleet ${v} ${n}: ${files.length} files, ${bytes} bytes: too little output`);
  }
  const gnu = /cdk8s-batch-bench-rss (\d+)/.exec(r.stderr);
  const own = JSON.parse(r.stdout.trim().split('\n').pop()!) as { maxRssKb: number };
  return { ms, rssMb: Math.round((gnu ? Number(gnu[1]) : own.maxRssKb) / 1024) };
}

function fleetProcessBenchmark(): FleetProcessResults {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-bench-process-'));
  const gnuTime = hasGnuTime();
  const loadStart = round(os.loadavg()[0]);
  const times: Record<
    string,
    Record<ProcessVariantName, { runsMs: number[]; medianMs: number; maxRssMb: number | null }>
  > = {};
  try {
    for (const n of SIZES) {
      const runs = Object.fromEntries(PROCESS_ORDER.map((v) => [v, [] as { ms: number; rssMb: number }[]]));
      // Untimed warm-up: disk caches, as a developer's second run.
      for (const v of PROCESS_ORDER) runFleetProcess(v, n, path.join(tmp, v), gnuTime);
      for (let i = 0; i < PROCESS_RUNS; i++) {
        // Alternating A/B/C, the start rotated each round.
        for (let k = 0; k < PROCESS_ORDER.length; k++) {
          const v = PROCESS_ORDER[(k + i) % PROCESS_ORDER.length];
          runs[v].push(runFleetProcess(v, n, path.join(tmp, v), gnuTime));
        }
        process.stderr.write(
          `  N=${n}: round ${i + 1}/${PROCESS_RUNS}: ` +
            PROCESS_ORDER.map((v) => `${v} ${Math.round(runs[v].at(-1)!.ms)} ms`).join(', ') +
            '\n'
        );
      }
      times[n] = Object.fromEntries(
        PROCESS_ORDER.map((v) => [
          v,
          {
            runsMs: runs[v].map((x) => Math.round(x.ms)),
            medianMs: Math.round(median(runs[v].map((x) => x.ms))),
            maxRssMb: Math.max(...runs[v].map((x) => x.rssMb)),
          },
        ])
      ) as Record<ProcessVariantName, { runsMs: number[]; medianMs: number; maxRssMb: number | null }>;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return {
    date: new Date().toISOString(),
    code: codeVersion(ROOT, ['bench/results.json', 'README.md', 'bench/README.md']),
    machine: machine(),
    method:
      `each variant is a whole process, \`node build/bench/bench/process-fleet.js <ours|raw|plus> N OUTDIR\` ` +
      `(compiled by \`tsc -p bench/tsconfig.json\`), that builds the fleet of \`bench/fleet.ts\` (N Jobs in ` +
      `${CHARTS} charts; A from \`bench/fleet-ours.ts\`, which writes CPU amounts as quantity strings and ` +
      'loads no cdk8s-plus, B and C from `bench/fleet-cdk8s.ts`, which loads no cdk8s-batch) and writes it ' +
      'to files: (A) `BatchJob` through `synthToDirectory` (our YAML ' +
      'writer, one file per chart plus the Kustomization), (B) the same Jobs as raw `k8s.KubeJob` through ' +
      "cdk8s `app.synth()`, (C) cdk8s-plus-28's `Job` through `app.synth()`. Wall time from spawn to exit; " +
      `per N one untimed run of each, then ${PROCESS_RUNS} rounds alternating A/B/C (start rotated); ` +
      'the median is reported; peak RSS is the highest of the timed runs, ' +
      (gnuTime ? "GNU time's maximum resident set size." : "the child's `process.resourceUsage().maxRSS`."),
    loadAverage: [loadStart, round(os.loadavg()[0])],
    times,
  };
}

/** Seconds of one `npm test` (type-check, lint, jest). */
function testSeconds(): number {
  return round(
    timeProcess(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['test'], process.env) / 1000,
    1
  );
}

// ---------------------------------------------------------------------------------------------
// Report

/**
 * The checked-out commit, with `-dirty` when files other than the benchmark's own output
 * (bench/results.json, README.md, bench/README.md) have uncommitted changes.
 */

function table(fleet: FleetResults, rss: Record<string, number>): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const ms = (x: number) => `${Math.round(x)}`;
  const out: string[] = [];
  for (const n of SIZES) {
    const head = [
      `N = ${n.toLocaleString('en-US')}`,
      'construct ms',
      'synth ms',
      'total ms',
      '÷ raw',
      '÷ plus',
      'YAML ms',
      'total + YAML ms',
      '÷ raw incl. YAML',
    ];
    out.push(line(head), line(head.map(() => '---')));
    const raw = fleet[n].raw;
    const plusJob = fleet[n].plus;
    for (const v of VARIANTS) {
      const r = fleet[n][v];
      out.push(
        line([
          VARIANT_LABELS[v],
          ms(r.construct),
          ms(r.synth),
          ms(r.total),
          (r.total / raw.total).toFixed(2),
          (r.total / plusJob.total).toFixed(2),
          ms(r.yaml),
          ms(r.withYaml),
          (r.withYaml / raw.withYaml).toFixed(2),
        ])
      );
    }
    out.push('');
  }
  const head = ['variant', 't(10,000) ÷ t(1,000)', 'incl. YAML', 'peak RSS, 10,000 jobs (MB)'];
  out.push(line(head), line(head.map(() => '---')));
  for (const v of VARIANTS) {
    out.push(
      line([
        VARIANT_LABELS[v],
        (fleet[10000][v].total / fleet[1000][v].total).toFixed(1),
        (fleet[10000][v].withYaml / fleet[1000][v].withYaml).toFixed(1),
        rss[v] ?? '-',
      ])
    );
  }
  return out.join('\n');
}

function main(): void {
  const previous = fs.existsSync(RESULTS) ? JSON.parse(fs.readFileSync(RESULTS, 'utf8')) : {};
  const results: Record<string, unknown> = { ...previous };
  // The run's date and machine are the fleet benchmark's (the ratios), not those of a later --only phase.
  if (!only || only === 'fleet' || !results.date) {
    results.date = new Date().toISOString();
    results.machine = machine();
  }
  results.method = {
    fleet:
      `N jobs in ${CHARTS} charts: construct (the constructors), synth (chart.toJson() of every chart, ` +
      'as Testing.synth and app.synthYaml() do), yaml (cdk8s Yaml.stringify of that JSON); median of ' +
      `${ROUNDS[1000]} rounds (N=1,000) and ${ROUNDS[10000]} rounds (N=10,000), round-robin in one process ` +
      (GC_EACH_STEP
        ? 'after a warm-up, full GC before each timed step; '
        : 'after a warm-up; each measurement: full GC, 4 x 1,000 jobs of the variant untimed (re-warm), then ' +
          'construct, synth and yaml timed back to back; ') +
      'ratios use total = construct + synth ' +
      '(ratiosWithYaml: construct + synth + yaml)',
    rss: 'peak RSS (maxRSS) of a child process that builds, synthesizes and serializes 10,000 jobs of one variant',
    synthProcess: `median of ${PROCESS_RUNS} alternating runs after one untimed run each`,
  };

  // Saved after each phase, with the generated parts regenerated, so a later phase that fails loses
  // nothing and `npm test` (the last phase) checks documentation that matches the results.
  const save = (): void => {
    fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    if (RESULTS === DEFAULT_RESULTS) {
      let benchReadme = withBenchSection(
        fs.readFileSync(BENCH_README, 'utf8'),
        results as unknown as BenchResults
      );
      if (results.fleetProcess) {
        const section = processSection(
          results.fleetProcess as FleetProcessResults,
          results.synthProcess as SynthProcessFigures | undefined
        );
        benchReadme = withProcessSection(benchReadme, section);
      }
      fs.writeFileSync(BENCH_README, benchReadme);
      const readme = fs.readFileSync(README, 'utf8');
      fs.writeFileSync(README, withBenchSummary(readme, results as unknown as BenchResults));
    }
  };

  if (!only || only === 'fleet') {
    console.error('fleet benchmark (in process)...');
    const fleet = fleetBenchmark();
    console.error('peak RSS (child processes)...');
    const rss = Object.fromEntries(VARIANTS.map((v) => [v, peakRss(v, 10000)]));
    const b = (n: number) => fleet[n].batchJob.total;
    results.ratios = {
      batchJobVsRaw1k: round(b(1000) / fleet[1000].raw.total),
      batchJobVsRaw10k: round(b(10000) / fleet[10000].raw.total),
      batchJobVsPlus1k: round(b(1000) / fleet[1000].plus.total),
      batchJobVsPlus10k: round(b(10000) / fleet[10000].plus.total),
      scaling: round(Math.max(...OURS.map((v) => fleet[10000][v].total / fleet[1000][v].total))),
    };
    const y = (n: number, v: Variant) => fleet[n][v].withYaml;
    results.ratiosWithYaml = {
      batchJobVsRaw1k: round(y(1000, 'batchJob') / y(1000, 'raw')),
      batchJobVsRaw10k: round(y(10000, 'batchJob') / y(10000, 'raw')),
      batchJobVsPlus1k: round(y(1000, 'batchJob') / y(1000, 'plus')),
      batchJobVsPlus10k: round(y(10000, 'batchJob') / y(10000, 'plus')),
      scaling: round(Math.max(...OURS.map((v) => y(10000, v) / y(1000, v)))),
    };
    results.rssMb10k = rss.batchJob;
    results.rssMb10kByVariant = rss;
    results.fleetMs = Object.fromEntries(
      SIZES.map((n) => [
        n,
        Object.fromEntries(
          VARIANTS.map((v) => {
            const r = fleet[n][v];
            return [
              v,
              {
                construct: Math.round(r.construct),
                synth: Math.round(r.synth),
                total: Math.round(r.total),
                yaml: Math.round(r.yaml),
                totalWithYaml: Math.round(r.withYaml),
                vsRawWithYaml: round(r.withYaml / fleet[n].raw.withYaml),
                vsRaw: round(r.total / fleet[n].raw.total),
                vsPlus: round(r.total / fleet[n].plus.total),
              },
            ];
          })
        ),
      ])
    );
    results.scalingByVariant = Object.fromEntries(
      VARIANTS.map((v) => [v, round(fleet[10000][v].total / fleet[1000][v].total)])
    );
    results.table = table(fleet, rss);
    // Full runs only (a --quick or old-method run is not comparable): single runs move on this machine.
    if (!quick && !GC_EACH_STEP) {
      const run: RunRecord = {
        date: results.date as string,
        code: codeVersion(ROOT, ['bench/results.json', 'README.md', 'bench/README.md']),
        ratios: results.ratios as RunRecord['ratios'],
        scalingByVariant: results.scalingByVariant as RunRecord['scalingByVariant'],
      };
      results.runs = [...((previous.runs as RunRecord[] | undefined) ?? []), run].slice(-RUNS_KEPT);
    }
    save();
  }
  if (!only || only === 'process') {
    console.error('whole-process fleet benchmark...');
    results.fleetProcess = fleetProcessBenchmark();
    save();
    console.error('whole-synth process benchmark...');
    results.synthProcess = processBenchmark();
    save();
  }
  if ((!only && !quick) || only === 'test') {
    console.error('npm test...');
    results.testSeconds = testSeconds();
    save();
  }

  console.log(`\n${results.date} · ${results.machine}\n`);
  if (results.table) console.log(`${results.table}\n`);
  if (results.ratios) {
    console.log(JSON.stringify({ ratios: results.ratios, rssMb10k: results.rssMb10k }, null, 2));
  }
  const p = results.synthProcess as ProcessResult | undefined;
  if (p) console.log(`whole synth: ours ${p.oursMs} ms, stock ${p.stockMs} ms, ratio ${p.ratio}`);
  if (results.testSeconds !== undefined) console.log(`npm test: ${results.testSeconds} s`);
  console.log(`\nwrote ${path.relative(ROOT, RESULTS)}`);
}

// ---------------------------------------------------------------------------------------------
// Entry: the main run, a peak-RSS child, or one build + synth to profile.

/** Exits with the usage when an argument is not one of the flags above (a typo ran the whole bench). */
function checkArgs(): void {
  const known = ['quick', 'only', 'out', 'gc-each-step', 'profile', 'rounds', 'rss'];
  const unknown = args.filter((a) => !known.some((k) => a === `--${k}` || a.startsWith(`--${k}=`)));
  const badOnly = only !== undefined && !['fleet', 'process', 'test'].includes(only);
  if (unknown.length > 0 || badOnly) {
    const usage = fs
      .readFileSync(__filename, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith(' *   npm run bench'))
      .map((l) => l.slice(3))
      .join('\n');
    console.error(`bench: unknown argument ${badOnly ? `--only=${only}` : unknown.join(' ')}\n${usage}`);
    process.exit(2);
  }
}

checkArgs();
const rssArg = flagValue('rss');
const profileArg = flagValue('profile');
if (rssArg) {
  const [variant, n] = rssArg.split(':');
  const yaml = toYaml(synthFleet(buildFleet(variant as Variant, Number(n))));
  console.log(
    JSON.stringify({ rssMb: Math.round(process.resourceUsage().maxRSS / 1024), bytes: yaml.length })
  );
} else if (profileArg) {
  const [variant, n] = profileArg.split(':');
  // `--profile=batchJob,raw:2000 --rounds=5`: round-robin, then the medians.
  const variants = variant.split(',') as Variant[];
  const rounds = Number(flagValue('rounds') ?? 1);
  const samples = new Map<Variant, Sample[]>(variants.map((v) => [v, []]));
  for (let r = 0; r < rounds; r++) for (const v of variants) samples.get(v)!.push(measure(v, Number(n)));
  for (const v of variants) {
    const s = samples.get(v)!;
    const m = (f: (x: Sample) => number) => Math.round(median(s.map(f)));
    console.log(
      `${v.padEnd(10)} construct ${m((x) => x.construct)} ms, synth ${m((x) => x.synth)} ms, ` +
        `total ${m((x) => x.construct + x.synth)} ms, cpu ${m((x) => x.cpu)} ms, yaml ${m((x) => x.yaml)} ms`
    );
  }
} else if (!(global as { gc?: unknown }).gc) {
  // Without it every measurement skips its clean-heap GC: another method, not to be recorded.
  console.error('bench: run with node --expose-gc (as `npm run bench` does)');
  process.exit(2);
} else {
  main();
}
