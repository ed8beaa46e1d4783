import { checkSchema } from '../cli/check/schema-check';
import {
  hasUrlPassword,
  HIDDEN_MARK,
  hideCredentials,
  isCredentialAt,
  looksLikeCredentialName,
} from '../lib/rules/credentials';

describe('the credential list (lib/rules/credentials.ts)', () => {
  test.each([
    'DB_PASSWORD',
    'dbPassword',
    'MYSQL_ROOT_PASSWORD',
    'DBPASSWORD',
    'DB_PASSWD',
    'CLIENT_SECRET',
    'SecretName',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'GITHUB_TOKEN',
    'HFTOKEN',
    'GPG_PASSPHRASE',
    'OPENAI_APIKEY',
    'S3_ACCESSKEY',
    'SMTP_PASS',
    'DB_PWD',
    'BASIC_AUTH',
    'SESSION_COOKIE',
    'SSH_KEY',
    'API_KEY',
    'API_KEY_FILE',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'TLS_PRIVATE_KEY',
    'ENCRYPTION_KEY_V2',
    'api-key',
    'api.key',
  ])('%s looks like a credential', (name) => {
    expect(looksLikeCredentialName(name)).toBe(true);
  });

  test.each([
    'PWD',
    'OLDPWD',
    'PASS_COUNT',
    'PASSENGER',
    'AUTHOR',
    'AUTH_URL',
    'TOKENIZER_PATH',
    'KEYBOARD',
    'MONKEY',
    'KEY_ID',
    'SSH_KEY_PATH',
    'LOG_LEVEL',
    'aliyun_logs_main',
    '',
  ])('%s does not', (name) => {
    expect(looksLikeCredentialName(name)).toBe(false);
  });

  test.each([
    ['postgres://app:hunter2@db:5432/app', true],
    ['redis://:hunter2@cache:6379/0', true],
    [' mysql://u:p@h ', true],
    ['https://user@example.com/x', false],
    ['https://example.com/a:b@c', false],
    ['host:port@x', false],
    [42, false],
  ])('a URL with a password: %j → %s', (value, expected) => {
    expect(hasUrlPassword(value)).toBe(expected);
  });

  test('a props path holds a credential only under env.<credential name>, or as a URL with a password', () => {
    expect(isCredentialAt(['containers', 0, 'env', 'DB_PASSWORD'], 1)).toBe(true);
    expect(isCredentialAt(['containers', 0, 'env', 'DB_PASSWORD', 'source', 'value'], 'x')).toBe(true);
    expect(isCredentialAt(['imagePullSecrets', 0], 'Registry_Creds')).toBe(false);
    expect(isCredentialAt(['containers', 0, 'env', 'A', 'source', 'secretKeyRef', 'key'], '')).toBe(false);
    expect(isCredentialAt(['containers', 0, 'args', 1], 'amqp://u:p@mq')).toBe(true);
  });

  test('hideCredentials hides values under credential keys, env items and URLs with passwords', () => {
    const input = {
      env: [
        { name: 'API_TOKEN', value: 'hunter2' },
        { name: 'LOG_LEVEL', value: 'debug' },
      ],
      DB_PASSWORD: { nested: 'hunter2' },
      url: 'postgres://u:hunter2@db/app',
      big: BigInt(7),
    };
    expect(JSON.parse(JSON.stringify(input, hideCredentials))).toEqual({
      env: [
        { name: 'API_TOKEN', value: HIDDEN_MARK },
        { name: 'LOG_LEVEL', value: 'debug' },
      ],
      DB_PASSWORD: HIDDEN_MARK,
      url: HIDDEN_MARK,
      big: '7',
    });
  });
});

describe('validate never prints a credential found in a manifest', () => {
  const messages = (obj: unknown) => checkSchema(obj).map((p) => `${p.path}: ${p.message}`);
  const job = (env: unknown[]) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j' },
    spec: {
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'busybox', env }] } },
    },
  });

  test('the value of a credential-looking env variable, whatever its type', () => {
    const found = messages(job([{ name: 'DB_PASSWORD', value: 12345 }]));
    expect(found).toEqual([
      'spec.template.spec.containers[0].env[0].value: must be a string, got number (a value that may be a credential, not shown)',
    ]);
  });

  test('a URL with a password anywhere', () => {
    const found = messages(job([{ name: 'X', value: 'postgres://u:hunter2@db/app', valueFrom: 'x' }]));
    expect(found.join('\n')).not.toContain('hunter2');
    const quantity = messages({
      ...job([]),
      spec: {
        template: {
          spec: {
            containers: [{ name: 'm', image: 'b', resources: { limits: { cpu: 'redis://:hunter2@h' } } }],
          },
        },
      },
    });
    expect(quantity).toEqual([
      'spec.template.spec.containers[0].resources.limits[cpu]: is not a valid quantity: (a value that may be a credential, not shown)',
    ]);
  });

  test('Secret data and stringData, and ConfigMap keys that look like credentials', () => {
    const secret = messages({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      stringData: { a: 424242 },
    });
    expect(secret).toEqual([
      'stringData[a]: must be a string, got number (a value that may be a credential, not shown)',
    ]);
    const configMap = messages({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { DB_PASSWORD: 424242, LEVEL: 3 },
    });
    expect(configMap).toEqual([
      'data[DB_PASSWORD]: must be a string, got number (a value that may be a credential, not shown)',
      'data[LEVEL]: must be a string, got number 3',
    ]);
  });
});
