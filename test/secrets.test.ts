import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { BatchJob, ContainerProps, EnvValue, ValidationError } from '../lib';
import { looksLikeCredentialName } from '../lib/rules/credentials';
import { CONSTRUCT_KINDS, validScenario } from './support/arbitraries';
import { build, Manifest, podTemplatesOf, readYaml } from './support/build';
import { fuzzParameters } from './support/fuzz';

/*
 * Secrets hygiene: a credential never lands in a manifest (and so in Git) as a literal.
 * - Env variables whose names look like credentials (*PASSWORD*, *TOKEN*, *SECRET*, *_KEY, any case)
 *   take a reference (EnvValue.fromSecretKey), unless the value is declared not secret with
 *   EnvValue.fromValue(value, { notSecret: true }). A plain string is always a literal.
 * - No construct renders a Secret object: Secrets are only referenced.
 */

const IMAGE = 'busybox:1.36';
// The old, narrower rule as an independent oracle, together with the library's list.
const CREDENTIAL = (name: string) =>
  /PASSWORD|TOKEN|SECRET|_KEY$/i.test(name) || looksLikeCredentialName(name);
const RULE =
  "looks like a credential (by its name, or a URL with a password), so it must not be a literal in the manifest: reference a Secret with EnvValue.fromSecretKey('<secret name>', '<key>'), or write EnvValue.fromValue(value, { notSecret: true }) if the value is not secret (got a literal value, not shown)";

function jobWithEnv(env: ContainerProps['env']): BatchJob {
  return new BatchJob(Testing.chart(), 'job', { containers: [{ image: IMAGE, env }] });
}

function envOf(job: BatchJob): Manifest[] {
  const manifest = Testing.synth(job.node.scope as never).find((o: Manifest) => o.kind === 'Job');
  return manifest.spec.template.spec.containers[0].env;
}

describe('literal env values on credential-like names', () => {
  test.each([
    'DB_PASSWORD',
    'password',
    'GITHUB_TOKEN',
    'api_token_v2',
    'CLIENT_SECRET',
    'SecretName',
    'API_KEY',
    'aws_secret_access_key',
    'DB_PASSWD',
    'SMTP_PASS',
    'DB_PWD',
    'OPENAI_APIKEY',
    'AWS_ACCESS_KEY_ID',
    'S3_ACCESSKEY',
    'TLS_PRIVATE_KEY',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'BASIC_AUTH',
    'dbPassword',
  ])('fails for %s as a plain string, naming the variable and how to fix it', (name) => {
    expect(() => jobWithEnv({ [name]: 'hunter2' })).toThrow(
      `invalid BatchJob at 'test/job' (1 problem):\n  - containers[0].env.${name}: ${RULE}`
    );
  });

  test('fails for EnvValue.fromValue without the notSecret opt-out', () => {
    expect(() => jobWithEnv({ DB_PASSWORD: EnvValue.fromValue('hunter2') })).toThrow(ValidationError);
    expect(() => jobWithEnv({ DB_PASSWORD: EnvValue.fromValue('hunter2', { notSecret: false }) })).toThrow(
      RULE
    );
  });

  test('never prints the value in the error', () => {
    let message = '';
    try {
      jobWithEnv({ DB_PASSWORD: 'hunter2' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('DB_PASSWORD');
    expect(message).not.toContain('hunter2');
  });

  test('applies to init containers and to containers added later', () => {
    expect(
      () =>
        new BatchJob(Testing.chart(), 'job', {
          containers: [{ image: IMAGE }],
          initContainers: [{ image: IMAGE, env: { MIGRATION_TOKEN: 't' } }],
        })
    ).toThrow(`  - initContainers[0].env.MIGRATION_TOKEN: ${RULE}`);
    const job = new BatchJob(Testing.chart(), 'job', { containers: [{ image: IMAGE }] });
    expect(() => job.addContainer({ image: IMAGE, env: { SIDE_SECRET: 's' } })).toThrow(
      `  - containers[1].env.SIDE_SECRET: ${RULE}`
    );
  });

  test('accepts references, and literals declared not secret (rendered as plain values)', () => {
    const job = jobWithEnv({
      DB_PASSWORD: EnvValue.fromSecretKey('db-credentials', 'password'),
      API_TOKEN: EnvValue.fromConfigMapKey('public-tokens', 'api'),
      POD_SECRET_NAME: EnvValue.fromFieldPath('metadata.name'),
      TOKENIZER: EnvValue.fromValue('bert-base', { notSecret: true }),
    });
    expect(envOf(job)).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
      { name: 'API_TOKEN', valueFrom: { configMapKeyRef: { name: 'public-tokens', key: 'api' } } },
      { name: 'POD_SECRET_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'TOKENIZER', value: 'bert-base' },
    ]);
  });

  test('leaves names that only contain KEY elsewhere, or PASS without WORD, alone', () => {
    expect(() =>
      jobWithEnv({
        KEYBOARD: 'us',
        SSH_KEY_PATH: '/k',
        MONKEY: 'x',
        PASS_COUNT: '3',
        PWD: '/work',
        AUTHOR: 'me',
        TOKENIZER_PATH: '/m',
      })
    ).not.toThrow();
  });

  test('fails for a URL with a password whatever the variable is called, without printing it', () => {
    for (const url of ['postgres://app:hunter2@db:5432/app', 'redis://:hunter2@cache:6379/0']) {
      let message = '';
      try {
        jobWithEnv({ DATABASE_URL: EnvValue.fromValue(url) });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain(`  - containers[0].env.DATABASE_URL: ${RULE}`);
      expect(message).not.toContain('hunter2');
    }
    expect(() => jobWithEnv({ DATABASE_URL: 'postgres://db:5432/app' })).not.toThrow();
  });

  test.each([
    ['a number', 12345],
    ['an object', { nested: 'hunter2' }],
    ['a list', ['hunter2']],
    ['a boolean', true],
  ])('never prints a credential-looking variable of the wrong type (%s)', (_what, value) => {
    let message = '';
    try {
      jobWithEnv({ DB_PASSWORD: value as unknown as string });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(
      '  - containers[0].env.DB_PASSWORD: must be a string or an EnvValue (got a value that may be a credential, not shown)'
    );
    expect(message).not.toMatch(/hunter2|12345|true/);
  });

  test('hides credentials inside a wrongly shaped env printed as JSON', () => {
    let message = '';
    try {
      jobWithEnv([{ name: 'API_TOKEN', value: 'hunter2' }] as unknown as ContainerProps['env']);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('(got [{"name":"API_TOKEN","value":"<hidden: may be a credential>"}])');
    expect(message).not.toContain('hunter2');
  });

  test('fails when notSecret is not a boolean', () => {
    expect(() => EnvValue.fromValue('name', { notSecret: 'yes' as unknown as boolean })).toThrow(
      '  - options.notSecret: must be true or false (got "yes")'
    );
  });

  test('EnvValue.fromValue never prints the value of the wrong type it was given', () => {
    expect(() => EnvValue.fromValue(['hunter2'] as unknown as string)).toThrow(
      `invalid EnvValue at 'EnvValue.fromValue(value, options)' (1 problem):
  - value: must be a string (got a value that may be a credential, not shown)`
    );
  });
});

/** Every manifest file under dir, recursively. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? yamlFiles(full) : name.endsWith('.yaml') ? [full] : [];
    });
}

/** Env variables with credential-like names and a literal value, in the objects' pod templates. */
function literalCredentials(objects: Manifest[]): string[] {
  return objects.flatMap((obj) =>
    podTemplatesOf(obj).flatMap(({ template }) =>
      [...(template.spec?.containers ?? []), ...(template.spec?.initContainers ?? [])].flatMap(
        (c: Manifest) =>
          (c.env ?? [])
            .filter((e: Manifest) => CREDENTIAL(e.name) && e.value !== undefined)
            .map((e: Manifest) => `${obj.metadata.name}/${c.name}/${e.name}`)
      )
    )
  );
}

describe('no construct renders a Secret from TypeScript literals', () => {
  test('dist/ holds no Secret and no literal credential', () => {
    const objects = yamlFiles(path.join(__dirname, '..', 'dist')).flatMap((f) =>
      readYaml(readFileSync(f, 'utf8'))
    );
    expect(objects.length).toBeGreaterThan(10);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(literalCredentials(objects)).toEqual([]);
  });

  const fuzz = fuzzParameters();
  test.each(CONSTRUCT_KINDS)(
    '%s: generated prop sets render no Secret, and literal credentials only where declared not secret',
    (kind) => {
      fc.assert(
        fc.property(validScenario(kind), (s) => {
          const objects = build(s).chart.toJson();
          expect(objects.filter((o: Manifest) => o.kind === 'Secret')).toEqual([]);
          const declared = new Set(
            [
              ...(s.props.containers ?? []),
              ...(s.props.sidecars ?? []),
              ...(s.props.initContainers ?? []),
            ].flatMap((c) =>
              Object.entries(c.env ?? {})
                .filter(([, v]) => v instanceof EnvValue && v.source.notSecret === true)
                .map(([name]) => name)
            )
          );
          for (const found of literalCredentials(objects)) expect(declared).toContain(found.split('/')[2]);
        }),
        fuzz.parameters(fuzz.runs(40))
      );
    },
    fuzz.timeout
  );
});
