import * as fs from 'fs';
import * as path from 'path';
import { declarationFileProblems, withoutUnusedImports } from '../scripts/declaration-files';

/*
 * The checks `npm run api` makes on the declaration files users get (build/types/*.d.ts), and the
 * entry points' run-time exports against the reviewed reports. The rest of the script runs
 * api-extractor and the compiler, in every `npm test`.
 */

const PEERS = ['cdk8s', 'constructs'];

describe('withoutUnusedImports', () => {
  test('drops the imports only trimmed declarations used, and keeps the used names of an import', () => {
    // GIVEN a rollup whose @internal members (and their zod and cdk8s-plus-28 types) were trimmed
    const rollup = [
      "import { ApiObject, App } from 'cdk8s';",
      "import type { Cron } from 'cdk8s';",
      "import { k8s } from 'cdk8s-plus-28';",
      "import { z } from 'zod';",
      '',
      '/** Uses k8s and z in a comment only: k8s.JobSpec, z.ZodType. */',
      'export declare class BatchJob {',
      '    readonly apiObject: ApiObject;',
      '    schedule(cron: Cron): void;',
      '}',
      '',
    ].join('\n');
    // WHEN unused imports are removed
    // THEN only what the declarations name stays
    expect(withoutUnusedImports(rollup)).toBe(
      [
        "import { ApiObject } from 'cdk8s';",
        "import type { Cron } from 'cdk8s';",
        '',
        '/** Uses k8s and z in a comment only: k8s.JobSpec, z.ZodType. */',
        'export declare class BatchJob {',
        '    readonly apiObject: ApiObject;',
        '    schedule(cron: Cron): void;',
        '}',
        '',
      ].join('\n')
    );
  });
});

describe('declarationFileProblems', () => {
  test('a file that imports peer dependencies only and exports every declaration has none', () => {
    const file = "import { Size } from 'cdk8s';\nexport declare const a: Size;\nexport { }\n";
    expect(declarationFileProblems(file, PEERS)).toEqual([]);
  });

  test('fails when the file imports a package that is not a peer dependency', () => {
    const file = "import { z } from 'zod';\nexport declare const schema: z.ZodType;\n";
    expect(declarationFileProblems(file, PEERS)).toEqual([
      "line 1: imports 'zod', which is not a peer dependency (cdk8s, constructs)",
    ]);
  });

  test('fails when a public declaration names something the entry point does not export', () => {
    // api-extractor writes a forgotten export as a declaration without `export`
    const file = 'declare interface JobNaming {\n}\nexport declare const kind: JobNaming;\n';
    expect(declarationFileProblems(file, PEERS)).toEqual([
      'line 1: declares JobNaming, which a public declaration names but the entry point does not export',
    ]);
  });
});

describe('the entry points', () => {
  /** The values (classes, functions, constants, enums) a reviewed report lists. */
  function reportedValues(report: string): string[] {
    const text = fs.readFileSync(path.join(__dirname, '..', 'etc', report), 'utf8');
    return [...text.matchAll(/^export (?:declare )?(?:abstract )?(?:class|function|const|enum) (\w+)/gm)]
      .map((m) => m[1])
      .sort();
  }

  test.each([
    ['../lib', 'cdk8s-batch.public.api.md'],
    ['../lib/testing', 'cdk8s-batch-testing.public.api.md'],
  ])(
    '%s exports at run time exactly the values of its public API report (nothing @internal)',
    (entry, report) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = Object.keys(require(entry)).sort();
      expect(exported).toEqual(reportedValues(report));
    }
  );
});
