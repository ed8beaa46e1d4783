/**
 * Adding a GPU stack is one definition and one registry line (docs/architecture.md, "Where a change goes").
 * This test is the proof: it defines a stack here, registers it, and the constructs render with it, `import`
 * and `summary` recognize it and the docs table shows its column, with no other file changed.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { Size, Testing } from 'cdk8s';
import { Gpu, GpuJob, GpuStackKind, ValidationError } from '../lib';
import { gpuStacks, registerGpuStack } from '../lib/gpu/registry';
import { gpuStackDefinition, gpuStackOf } from '../lib/gpu/stack';
import { GpuStackDefinition } from '../lib/gpu/stacks/definition';
import {
  clean,
  has,
  memoryMib,
  noMig,
  oneSharedCard,
  wholeCards,
  wholeGuess,
} from '../lib/gpu/stacks/shared';
import { isGpuResource, recognizeGpu, RecognizedGpu } from '../cli/gpu-resources';
import { gpuSupportTable } from '../scripts/tables/gpu';

const root = path.join(__dirname, '..');

/** A made-up sharing stack: whole cards, or one card with compute in percent and memory in 512 MiB units. */
const EXAMPLE: GpuStackDefinition = {
  id: 'example-share' as GpuStackKind,
  factory: 'exampleShare',
  displayName: 'Example Share',
  resourceNames: {
    gpu: 'gpu.example.org/card',
    cores: 'gpu.example.org/cores',
    memory: 'gpu.example.org/mem',
  },
  map: {
    wholeCard: wholeCards,
    virtual: (r, out) => {
      oneSharedCard(r, out);
      out.limits[out.names.cores!] = r.coresPercent ?? 100;
      const mib = memoryMib(r);
      if (mib !== undefined) {
        if (mib % 512 !== 0) out.rule('memory', 'must be a multiple of 512 MiB');
        out.limits[out.names.memory!] = Math.ceil(mib / 512);
      }
    },
    mig: noMig,
  },
  resourcePatterns: [/^gpu\.example\.org\/(card|cores|mem)$/],
  recognize: (found) => {
    if (!has(found, 'gpu.example.org/')) return undefined;
    const v = found.values;
    const cards = v['gpu.example.org/card'];
    if (cards !== undefined) return wholeGuess(cards, found);
    const mem = v['gpu.example.org/mem'];
    return {
      mode: 'virtual',
      options: clean({
        cards: 1,
        coresPercent: v['gpu.example.org/cores'],
        memoryMib: mem === undefined ? undefined : mem * 512,
      }),
    };
  },
  table: { label: '`exampleShare()`', column: 100 },
};

let unregister: () => void;
beforeAll(() => {
  unregister = registerGpuStack(EXAMPLE);
});
afterAll(() => unregister());

function limitsOf(gpu: Gpu): Record<string, unknown> {
  const chart = Testing.chart();
  new GpuJob(chart, 'job', { containers: [{ image: 'busybox' }], gpu, gpuStack: gpuStackOf(EXAMPLE) });
  const job = Testing.synth(chart).find((o) => o.kind === 'Job');
  return job.spec.template.spec.containers[0].resources.limits;
}

describe('a GPU stack registered from a test', () => {
  test('is in the registry, after the package stacks', () => {
    expect(gpuStacks().at(-1)).toBe(EXAMPLE);
    expect(() => registerGpuStack(EXAMPLE)).toThrow(/registered already/);
  });

  test('GpuStack reads its definition', () => {
    const stack = gpuStackOf(EXAMPLE);
    expect(stack.kind).toBe('example-share');
    expect(stack.displayName).toBe('Example Share');
    expect(stack.factoryName).toBe('GpuStack.exampleShare()');
    expect(stack.resourceNames).toEqual(EXAMPLE.resourceNames);
    expect(gpuStackDefinition(stack)).toBe(EXAMPLE);
    expect(gpuStackOf(EXAMPLE, { resourceNames: { cores: 'x.example.org/c' } }).resourceNames.cores).toBe(
      'x.example.org/c'
    );
  });

  test('GpuJob renders with it', () => {
    expect(limitsOf(Gpu.wholeCard({ count: 2 }))).toMatchObject({ 'gpu.example.org/card': 2 });
    expect(limitsOf(Gpu.virtual({ cards: 1, coresPercent: 30, memory: Size.gibibytes(4) }))).toMatchObject({
      'gpu.example.org/cores': 30,
      'gpu.example.org/mem': 8,
    });
  });

  test("GpuJob reports what it cannot express, in the stack's words", () => {
    expect(() => limitsOf(Gpu.mig({ profile: '1g.10gb', count: 1 }))).toThrow(ValidationError);
    expect(() => limitsOf(Gpu.mig({ profile: '1g.10gb', count: 1 }))).toThrow(
      /Example Share \(GpuStack\.exampleShare\(\)\) cannot express MIG devices/
    );
    expect(() => limitsOf(Gpu.virtual({ cards: 1, memory: Size.mebibytes(700) }))).toThrow(
      /must be a multiple of 512 MiB on Example Share \(GpuStack\.exampleShare\(\)\)/
    );
  });

  test('import and summary recognize its resources', () => {
    expect(isGpuResource('gpu.example.org/cores')).toBe(true);
    const found = recognizeGpu({
      limits: { 'gpu.example.org/cores': '30', 'gpu.example.org/mem': 8 },
    }) as RecognizedGpu;
    expect(found).toMatchObject({
      mode: 'virtual',
      options: { cards: 1, coresPercent: 30, memoryMib: 4096 },
      stackFactory: 'exampleShare',
      resourceNames: ['gpu.example.org/cores', 'gpu.example.org/mem'],
    });
    expect(found.stack.kind).toBe('example-share');
    expect(recognizeGpu({ limits: { 'gpu.example.org/card': 3 } })).toMatchObject({
      mode: 'wholeCard',
      options: { count: 3 },
    });
    // Rendered back and compared, as for the package's stacks.
    expect(recognizeGpu({ limits: { 'gpu.example.org/card': 1, 'gpu.example.org/cores': 5 } })).toMatchObject(
      { unrecognized: expect.stringMatching(/is not what GpuStack\.exampleShare\(\) renders/) }
    );
  });

  test('the docs table has its column', () => {
    const [header, , ...rows] = gpuSupportTable().split('\n');
    expect(header.endsWith('| `volcano()` | `exampleShare()` |')).toBe(true);
    const whole = rows.find((r) => r.startsWith('| `Gpu.wholeCard'))!;
    expect(whole.endsWith('| `gpu.example.org/card: 2` |')).toBe(true);
    const mig = rows.find((r) => r.startsWith('| `Gpu.mig'))!;
    expect(mig).toMatch(/\| ✗ no MIG devices [^|]*\|$/);
  });

  test('the package stacks are recognized as before', () => {
    expect(recognizeGpu({ limits: { 'nvidia.com/gpu': 1 } })).toMatchObject({ stackFactory: 'nvidia' });
    expect(recognizeGpu({ limits: { 'tencent.com/vcuda-core': 50 } })).toMatchObject({
      stackFactory: 'tkestackGpuManager',
    });
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(root, rel)).isDirectory()) return sourceFiles(rel);
    return name.endsWith('.ts') ? [rel] : [];
  });
}

describe('one place for each piece of GPU stack knowledge', () => {
  const files = [...sourceFiles('lib'), ...sourceFiles('cli'), ...sourceFiles('scripts')];

  test('the test stack needed no other file', () => {
    const mentions = files.filter((f) =>
      /example\.org|exampleShare/.test(readFileSync(path.join(root, f), 'utf8'))
    );
    expect(mentions).toEqual([]);
  });

  test('recognition and the docs table name no stack (the registry lists them)', () => {
    const names =
      /nvidia|hami|dce|aliyun|tencent|qgpu|tkestack|volcano|vcuda|gpu-manager|GpuStack\.[a-z]+\(|GpuStackKind\./i;
    for (const file of ['cli/gpu-resources.ts', 'scripts/tables/gpu.ts']) {
      const code = readFileSync(path.join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect([file, code.match(names)?.[0]]).toEqual([file, undefined]);
    }
  });

  test('each package stack is one file in lib/gpu/stacks/ with its line in the registry', () => {
    const registry = readFileSync(path.join(root, 'lib/gpu/registry.ts'), 'utf8');
    const stackFiles = readdirSync(path.join(root, 'lib/gpu/stacks')).filter(
      (f) => !['definition.ts', 'shared.ts'].includes(f)
    );
    expect(stackFiles).toHaveLength(gpuStacks().length - 1); // less the test's stack
    for (const f of stackFiles) expect(registry).toContain(`from './stacks/${f.replace(/\.ts$/, '')}'`);
    expect(new Set(gpuStacks().map((d) => d.id)).size).toBe(gpuStacks().length);
    expect(Object.values(GpuStackKind).sort()).toEqual(
      gpuStacks()
        .map((d) => d.id as string)
        .filter((id) => id !== EXAMPLE.id)
        .sort()
    );
  });
});
