import { Chart, Duration, Size, Testing } from 'cdk8s';
import { PersistentVolumeClaim, Secret, ServiceAccount } from 'cdk8s-plus-28';
import {
  BatchJob,
  BatchJobProps,
  collectWarnings,
  ContainerProps,
  EmptyDirMedium,
  HostPathType,
  HttpScheme,
  LifecycleHandler,
  NetworkMode,
  NodeLabel,
  NodeOperator,
  NodeRequirement,
  PersistentVolumeAccessMode,
  PodSecurityLevel,
  Probe,
  ProbeTiming,
  Protocol,
  RunAs,
  TaintEffect,
  TolerationOperator,
  ValidationError,
  Volume,
} from '../lib';
import { checkManifestSchema } from './support/schema-check';
import { manifestProblems } from './support/build';
import { problemLine, problemRule, expectProblem, expectValid } from './support/problems';

/*
 * Pod template completeness: probes, lifecycle hooks, stdin/tty, ports, init-container rules, volumes,
 * scheduling, security opt-ins, host network and log locations, rendered and validated through BatchJob.
 * Rules: ../shared/reference/job-api.md §3 and parameters.md sections C, E and F.
 * Where lib/ is wrong, the test is written for the correct behaviour and marked `test.failing`.
 */

const IMAGE = 'perl:5.34.0';
const DNS_SUBDOMAIN_RULE =
  "must be a DNS-1123 subdomain: lowercase letters, digits and '-', starting and ending with a letter or digit, dot-separated";
const NAME_PART_RULE =
  "name part must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit";
const LABEL_VALUE_RULE =
  "label value must be empty or consist of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
const NFS_RULE = "must be 'server:/absolute/path', e.g. 'nfs.example.com:/exports/data'";
const CAPABILITY_RULE = "must be a Linux capability without the 'CAP_' prefix, e.g. NET_BIND_SERVICE";
const PORT_RANGE_RULE = 'must be a port number from 1 to 65535';
const PROBE_PORT_RULE = 'must be a port number from 1 to 65535 or a port name';
const NO_SUCH_PORT = 'names no port of this container; add it to ports';
const NOT_ON_INIT = 'is not allowed on init containers, which run to completion';
const POD_SECURITY = 'cdk8s-batch.io/pod-security';
const LOGS = 'cdk8s-batch.io/logs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized manifests are plain JSON
type Manifest = any;

/** Casts JS-level input that TypeScript would refuse, as a plain-JavaScript caller could pass it. */
function invalid<T>(value: unknown): T {
  return value as T;
}

/** A BatchJob `job` in a fresh chart, with one work container unless `props` gives containers. */
function job(props: BatchJobProps): BatchJob {
  return new BatchJob(Testing.chart(), 'job', { containers: [{ image: IMAGE }], ...props });
}

/** A BatchJob with a single container built from `container`. */
function jobWithContainer(container: Partial<ContainerProps>, props: BatchJobProps = {}): BatchJob {
  return job({ ...props, containers: [{ image: IMAGE, ...container }] });
}

/** Synthesizes a BatchJob with `props` (one container unless given) in a fresh chart. */
function synth(props: BatchJobProps, chart: Chart = Testing.chart()) {
  const batchJob = new BatchJob(chart, 'job', { containers: [{ image: IMAGE }], ...props });
  const manifest: Manifest = Testing.synth(chart).find((o) => o.kind === 'Job');
  return { chart, batchJob, manifest, pod: manifest.spec.template.spec };
}

/** The rendered pod spec of a BatchJob with `props`. */
function podOf(props: BatchJobProps): Manifest {
  return synth(props).pod;
}

/** The rendered first container of a BatchJob with one container built from `container`. */
function containerOf(container: Partial<ContainerProps>, props: BatchJobProps = {}): Manifest {
  return podOf({ ...props, containers: [{ image: IMAGE, ...container }] }).containers[0];
}

/** The problems of a ValidationError thrown by `create`, as `field: rule (got value)` lines. */
function problemsOf(create: () => unknown): string[] {
  try {
    create();
  } catch (error) {
    if (error instanceof ValidationError) return error.message.split('\n').slice(1);
    throw error;
  }
  throw new Error('no ValidationError thrown');
}

// ---------------------------------------------------------------------------------------------

describe('probes', () => {
  test('renders an HTTP probe with scheme, path, a numbered port and headers', () => {
    // WHEN
    const main = containerOf({
      livenessProbe: Probe.http({
        port: 8443,
        path: '/healthz',
        scheme: HttpScheme.HTTPS,
        headers: { 'X-Probe': 'kubelet', Accept: 'text/plain' },
      }),
    });
    // THEN
    expect(main.livenessProbe).toEqual({
      httpGet: {
        path: '/healthz',
        port: 8443,
        scheme: 'HTTPS',
        httpHeaders: [
          { name: 'X-Probe', value: 'kubelet' },
          { name: 'Accept', value: 'text/plain' },
        ],
      },
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  test('renders repeated headers given as a list in their order, for probes and hooks (the ACK console allows them)', () => {
    // GIVEN
    const headers = [
      { name: 'Accept', value: 'text/plain' },
      { name: 'X-Trace', value: 'a' },
      { name: 'Accept', value: 'application/json' },
    ];
    // WHEN
    const main = containerOf({
      livenessProbe: Probe.http({ port: 8080, headers }),
      lifecycle: { postStart: LifecycleHandler.http({ port: 8080, path: '/warm', headers }) },
    });
    headers.push({ name: 'X-Late', value: 'ignored' });
    // THEN
    const rendered = [
      { name: 'Accept', value: 'text/plain' },
      { name: 'X-Trace', value: 'a' },
      { name: 'Accept', value: 'application/json' },
    ];
    expect(main.livenessProbe.httpGet.httpHeaders).toEqual(rendered);
    expect(main.lifecycle.postStart.httpGet.httpHeaders).toEqual(rendered);
  });

  test('fails when a header of the list has a bad name or is not { name, value }', () => {
    expectProblem(
      () =>
        jobWithContainer({
          livenessProbe: Probe.http({
            port: 80,
            headers: [
              { name: 'Accept', value: 'a' },
              { name: 'X_Bad', value: 'v' },
            ],
          }),
        }),
      `containers[0].livenessProbe.headers[1].name: header name must consist of letters, digits and '-' (got "X_Bad")`
    );
    expectProblem(
      () => Probe.http({ port: 80, headers: invalid([{ name: 'A', val: 'x' }]) }),
      `options.headers[0]: unknown prop 'val' (a header is { name, value }) (got {"name":"A","val":"x"})`
    );
    expectProblem(
      () => Probe.http({ port: 80, headers: invalid('Accept: a') }),
      'options.headers: must be a map of strings or a list of { name, value } (got "Accept: a")'
    );
  });

  test('renders an HTTP probe on a named port of the container, with path / and scheme HTTP by default', () => {
    const main = containerOf({
      ports: [{ number: 8080, name: 'http' }],
      readinessProbe: Probe.http({ port: 'http' }),
    });
    expect(main.readinessProbe.httpGet).toEqual({ path: '/', port: 'http', scheme: 'HTTP' });
  });

  test('renders a TCP probe by number and by name, and a command probe', () => {
    const main = containerOf({
      ports: [{ number: 5432, name: 'postgres' }],
      livenessProbe: Probe.tcp({ port: 5432 }),
      readinessProbe: Probe.tcp({ port: 'postgres' }),
      startupProbe: Probe.command(['pg_isready', '-q']),
    });
    expect(main.livenessProbe.tcpSocket).toEqual({ port: 5432 });
    expect(main.readinessProbe.tcpSocket).toEqual({ port: 'postgres' });
    expect(main.startupProbe.exec).toEqual({ command: ['pg_isready', '-q'] });
    expect(main.startupProbe.httpGet).toBeUndefined();
  });

  test("renders Kubernetes' timing defaults explicitly for every probe type", () => {
    const main = containerOf({
      livenessProbe: Probe.http({ port: 80 }),
      readinessProbe: Probe.tcp({ port: 80 }),
      startupProbe: Probe.command(['true']),
    });
    const defaults = {
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    };
    expect(main.livenessProbe).toMatchObject(defaults);
    expect(main.readinessProbe).toMatchObject(defaults);
    expect(main.startupProbe).toMatchObject(defaults);
  });

  test('renders the timing given, in seconds', () => {
    const main = containerOf({
      readinessProbe: Probe.command(['true'], {
        initialDelay: Duration.seconds(5),
        period: Duration.minutes(1),
        timeout: Duration.seconds(3),
        successThreshold: 2,
        failureThreshold: 5,
      }),
    });
    expect(main.readinessProbe).toEqual({
      exec: { command: ['true'] },
      initialDelaySeconds: 5,
      periodSeconds: 60,
      timeoutSeconds: 3,
      successThreshold: 2,
      failureThreshold: 5,
    });
  });

  test('a readiness probe may need more than one success', () => {
    expectValid(() => jobWithContainer({ readinessProbe: Probe.tcp({ port: 80, successThreshold: 3 }) }));
  });

  test('fails when a liveness or startup probe has a successThreshold other than 1', () => {
    expectValid(() =>
      jobWithContainer({
        livenessProbe: Probe.tcp({ port: 80, successThreshold: 1 }),
        startupProbe: Probe.tcp({ port: 80, successThreshold: 1 }),
      })
    );
    const create = () =>
      jobWithContainer({
        livenessProbe: Probe.tcp({ port: 80, successThreshold: 2 }),
        startupProbe: Probe.command(['true'], { successThreshold: 2 }),
      });
    expectProblem(
      create,
      problemRule('containers[0].livenessProbe.successThreshold: must be 1 for a liveness probe')
    );
    expectProblem(
      create,
      problemRule('containers[0].startupProbe.successThreshold: must be 1 for a startup probe')
    );
  });

  // lib/props/container.ts refineProbes: the issue carries no `got`, and the value lives inside
  // the Probe, so the message says "(got nothing)" instead of the threshold.
  test('reports the successThreshold a liveness probe must not have', () => {
    expectProblem(
      () => jobWithContainer({ livenessProbe: Probe.tcp({ port: 80, successThreshold: 2 }) }),
      'containers[0].livenessProbe.successThreshold: must be 1 for a liveness probe (got 2)'
    );
  });

  test('fails when period is below 1 second or not whole seconds', () => {
    const probe = (period: Duration) =>
      jobWithContainer({ livenessProbe: Probe.command(['true'], { period }) });
    const field = 'containers[0].livenessProbe.period';
    expectValid(() => probe(Duration.seconds(1)));
    expectProblem(
      () => probe(Duration.seconds(0)),
      `${field}: must be a Duration of whole seconds from 1s to 2147483647s (got 0 seconds)`
    );
    expectProblem(
      () => probe(Duration.millis(1500)),
      `${field}: must be a Duration of whole seconds from 1s to 2147483647s (got 1 second 500 millis)`
    );
  });

  test('fails when timeout is below 1 second', () => {
    const probe = (timeout: Duration) =>
      jobWithContainer({ livenessProbe: Probe.command(['true'], { timeout }) });
    expectValid(() => probe(Duration.seconds(1)));
    expectProblem(
      () => probe(Duration.seconds(0)),
      'containers[0].livenessProbe.timeout: must be a Duration of whole seconds from 1s to 2147483647s (got 0 seconds)'
    );
  });

  test('fails when initialDelay is below 0 or not whole seconds', () => {
    const probe = (initialDelay: Duration) =>
      jobWithContainer({ readinessProbe: Probe.command(['true'], { initialDelay }) });
    const field = 'containers[0].readinessProbe.initialDelay';
    expectValid(() => probe(Duration.seconds(0)));
    expectProblem(
      () => probe(invalid(-1)),
      'timing.initialDelay: must be a cdk8s Duration (e.g. Duration.seconds(10)) (got -1)'
    );
    expectProblem(
      () => probe(Duration.millis(500)),
      `${field}: must be a Duration of whole seconds from 0s to 2147483647s (got 500 millis)`
    );
  });

  test('fails when a duration is above 2147483647 seconds (int32)', () => {
    const probe = (timing: ProbeTiming) =>
      jobWithContainer({ readinessProbe: Probe.command(['true'], timing) });
    expectValid(() => probe({ period: Duration.seconds(2147483647), timeout: Duration.seconds(2147483647) }));
    expectProblem(
      () => probe({ period: Duration.seconds(2147483648) }),
      problemRule(
        'containers[0].readinessProbe.period: must be a Duration of whole seconds from 1s to 2147483647s'
      )
    );
  });

  test('fails when successThreshold or failureThreshold is below 1', () => {
    const probe = (successThreshold: number, failureThreshold: number) =>
      jobWithContainer({ readinessProbe: Probe.tcp({ port: 80, successThreshold, failureThreshold }) });
    expectValid(() => probe(1, 1));
    const create = () => probe(0, 0);
    expectProblem(
      create,
      'containers[0].readinessProbe.successThreshold: must be a whole number, at least 1 (got 0)'
    );
    expectProblem(
      create,
      'containers[0].readinessProbe.failureThreshold: must be a whole number, at least 1 (got 0)'
    );
  });

  test('fails when a threshold is above 2147483647 or not a whole number', () => {
    const probe = (failureThreshold: number) =>
      jobWithContainer({ readinessProbe: Probe.tcp({ port: 80, failureThreshold }) });
    expectValid(() => probe(2147483647));
    const field = 'containers[0].readinessProbe.failureThreshold';
    expectProblem(() => probe(2147483648), `${field}: must be a whole number, at least 1 (got 2147483648)`);
    expectProblem(() => probe(1.5), `${field}: must be a whole number, at least 1 (got 1.5)`);
  });

  test('fails when a probe port number is outside 1 to 65535', () => {
    expectValid(() =>
      jobWithContainer({ livenessProbe: Probe.tcp({ port: 1 }), readinessProbe: Probe.http({ port: 65535 }) })
    );
    const create = () =>
      jobWithContainer({
        livenessProbe: Probe.tcp({ port: 0 }),
        readinessProbe: Probe.http({ port: 65536 }),
      });
    expectProblem(create, `containers[0].livenessProbe.port: ${PROBE_PORT_RULE} (got 0)`);
    expectProblem(create, `containers[0].readinessProbe.port: ${PROBE_PORT_RULE} (got 65536)`);
  });

  test('fails when a probe names a port the container does not have', () => {
    expectValid(() =>
      jobWithContainer({
        ports: [{ number: 9090, name: 'metrics' }],
        livenessProbe: Probe.tcp({ port: 'metrics' }),
      })
    );
    // WHEN the port belongs to another container: the kubelet resolves names per container
    const create = () =>
      job({
        containers: [
          { image: IMAGE, livenessProbe: Probe.tcp({ port: 'metrics' }) },
          { image: IMAGE, ports: [{ number: 9090, name: 'metrics' }] },
        ],
      });
    expect(problemsOf(create)).toHaveLength(1);
    expectProblem(create, problemRule(`containers[0].livenessProbe.port: ${NO_SUCH_PORT}`));
  });

  // Same cause as the successThreshold value above: the name the probe uses is not reported.
  test('reports the port name a probe uses but the container does not have', () => {
    expectProblem(
      () => jobWithContainer({ livenessProbe: Probe.tcp({ port: 'metrics' }) }),
      `containers[0].livenessProbe.port: ${NO_SUCH_PORT} (got "metrics")`
    );
  });

  test('fails when a probe port name breaks the IANA service-name rule', () => {
    const create = () => jobWithContainer({ livenessProbe: Probe.http({ port: 'Http' }) });
    expectProblem(
      create,
      `containers[0].livenessProbe.port: port name must consist of lowercase letters, digits and '-' (got "Http")`
    );
  });

  test("fails when an HTTP probe path does not start with '/'", () => {
    expectProblem(
      () => jobWithContainer({ livenessProbe: Probe.http({ port: 80, path: 'healthz' }) }),
      `containers[0].livenessProbe.path: must start with '/' (got "healthz")`
    );
  });

  test('fails when scheme is not HTTP or HTTPS', () => {
    expectProblem(
      () => jobWithContainer({ livenessProbe: Probe.http({ port: 80, scheme: invalid('FTP') }) }),
      'containers[0].livenessProbe.scheme: must be HTTP or HTTPS (got "FTP")'
    );
  });

  test("fails when a header name has characters other than letters, digits and '-', or a value is not a string", () => {
    expectValid(() =>
      jobWithContainer({ livenessProbe: Probe.http({ port: 80, headers: { 'X-Custom-1': 'v' } }) })
    );
    expectProblem(
      () => jobWithContainer({ livenessProbe: Probe.http({ port: 80, headers: { X_Bad: 'v' } }) }),
      `containers[0].livenessProbe.headers.X_Bad: header name must consist of letters, digits and '-' (got "X_Bad")`
    );
    // A value of the wrong type is refused by Probe.http itself.
    expectProblem(
      () => Probe.http({ port: 80, headers: { Good: invalid(5) } }),
      'options.headers.Good: must be a string (got 5)'
    );
  });

  test('fails when a command probe has an empty command', () => {
    expectProblem(
      () => jobWithContainer({ livenessProbe: Probe.command([]) }),
      'containers[0].livenessProbe.command: must be a non-empty list of strings (got [])'
    );
  });

  test('fails when a probe prop is not a Probe', () => {
    expectProblem(
      () => jobWithContainer({ livenessProbe: invalid({ httpGet: { port: 80 } }) }),
      'containers[0].livenessProbe: must be a Probe (e.g. Probe.http({ port: 8080 })) (got {"httpGet":{"port":80}})'
    );
  });

  // lib/props/probe.ts reads `probe.timing ?? {}`, so null timing passed validation, and
  // renderProbe (lib/render/job-template.ts) then read `null.initialDelay` at synth.
  test('fails at Probe.command with a ValidationError, not a TypeError at synth, when timing is null', () => {
    expectProblem(() => Probe.command(['true'], invalid(null)), 'timing: must be an object (got null)');
  });

  // lib/values/probe.ts: `Probe.command` and `LifecycleHandler.command` spread their argument, so a JavaScript
  // caller that forgot it got "command is not iterable" instead of a ValidationError naming the field.
  test('fails with a ValidationError, not a TypeError, when Probe.command gets no command', () => {
    expectProblem(() => Probe.command(invalid(undefined)), 'command: must be a list (got nothing)');
    expectProblem(
      () => LifecycleHandler.command(invalid(undefined)),
      'command: must be a list (got nothing)'
    );
  });
});

describe('lifecycle hooks', () => {
  test('renders postStart and preStop as a command or an HTTP GET', () => {
    const main = containerOf({
      ports: [{ number: 8080, name: 'admin' }],
      lifecycle: {
        postStart: LifecycleHandler.command(['sh', '-c', 'touch /tmp/started']),
        preStop: LifecycleHandler.http({ port: 'admin', path: '/drain', scheme: HttpScheme.HTTPS }),
      },
    });
    expect(main.lifecycle).toEqual({
      postStart: { exec: { command: ['sh', '-c', 'touch /tmp/started'] } },
      preStop: { httpGet: { path: '/drain', port: 'admin', scheme: 'HTTPS' } },
    });
  });

  test('renders an HTTP postStart by port number with the defaults, and no preStop', () => {
    const main = containerOf({ lifecycle: { postStart: LifecycleHandler.http({ port: 8080 }) } });
    expect(main.lifecycle).toEqual({ postStart: { httpGet: { path: '/', port: 8080, scheme: 'HTTP' } } });
  });

  test('a container without hooks renders no lifecycle', () => {
    expect(containerOf({}).lifecycle).toBeUndefined();
  });

  test('fails when an HTTP hook names a port the container does not have', () => {
    expectProblem(
      () => jobWithContainer({ lifecycle: { preStop: LifecycleHandler.http({ port: 'admin' }) } }),
      problemRule(`containers[0].lifecycle.preStop.port: ${NO_SUCH_PORT}`)
    );
  });

  test('fails when a hook port number is outside 1 to 65535', () => {
    expectValid(() => jobWithContainer({ lifecycle: { preStop: LifecycleHandler.http({ port: 65535 }) } }));
    expectProblem(
      () => jobWithContainer({ lifecycle: { preStop: LifecycleHandler.http({ port: 0 }) } }),
      `containers[0].lifecycle.preStop.port: ${PROBE_PORT_RULE} (got 0)`
    );
  });

  test('fails when a hook command is empty or a hook path is not absolute', () => {
    const create = () =>
      jobWithContainer({
        lifecycle: {
          postStart: LifecycleHandler.http({ port: 80, path: 'ready' }),
          preStop: LifecycleHandler.command([]),
        },
      });
    expectProblem(create, `containers[0].lifecycle.postStart.path: must start with '/' (got "ready")`);
    expectProblem(
      create,
      'containers[0].lifecycle.preStop.command: must be a non-empty list of strings (got [])'
    );
  });

  test('fails when a hook is not a LifecycleHandler', () => {
    expectProblem(
      () => jobWithContainer({ lifecycle: { postStart: invalid({ exec: ['true'] }) } }),
      'containers[0].lifecycle.postStart: must be a LifecycleHandler (e.g. LifecycleHandler.command([...])) (got {"exec":["true"]})'
    );
  });
});

describe('stdin and tty', () => {
  test('renders stdin and tty when set', () => {
    expect(containerOf({ stdin: true, tty: true })).toMatchObject({ stdin: true, tty: true });
  });

  test('leaves stdin and tty out by default and when false', () => {
    for (const main of [containerOf({}), containerOf({ stdin: false, tty: false })]) {
      expect(main.stdin).toBeUndefined();
      expect(main.tty).toBeUndefined();
    }
  });

  test('fails when stdin or tty is not a boolean', () => {
    const create = () => jobWithContainer({ stdin: invalid('yes'), tty: invalid(1) });
    expectProblem(create, 'containers[0].stdin: must be true or false (got "yes")');
    expectProblem(create, 'containers[0].tty: must be true or false (got 1)');
  });
});

describe('ports', () => {
  test('renders each port with its name and protocol, TCP by default', () => {
    const main = containerOf({
      ports: [
        { number: 8080, name: 'http' },
        { number: 53, name: 'dns', protocol: Protocol.UDP },
        { number: 9000 },
      ],
    });
    expect(main.ports).toEqual([
      { containerPort: 8080, name: 'http', protocol: 'TCP' },
      { containerPort: 53, name: 'dns', protocol: 'UDP' },
      { containerPort: 9000, protocol: 'TCP' },
    ]);
  });

  test('a container without ports renders none', () => {
    expect(containerOf({}).ports).toBeUndefined();
  });

  test('fails when a port number is outside 1 to 65535', () => {
    expectValid(() => jobWithContainer({ ports: [{ number: 1 }, { number: 65535 }] }));
    const create = () => jobWithContainer({ ports: [{ number: 0 }, { number: 65536 }] });
    expectProblem(create, `containers[0].ports[0].number: ${PORT_RANGE_RULE} (got 0)`);
    expectProblem(create, `containers[0].ports[1].number: ${PORT_RANGE_RULE} (got 65536)`);
  });

  test('fails when a port number is not a whole number', () => {
    expectProblem(
      () => jobWithContainer({ ports: [{ number: 80.5 }] }),
      'containers[0].ports[0].number: must be a whole number (got 80.5)'
    );
  });

  test('fails when a protocol is not TCP or UDP', () => {
    expectProblem(
      () => jobWithContainer({ ports: [{ number: 80, protocol: invalid('SCTP') }] }),
      'containers[0].ports[0].protocol: must be TCP or UDP (got "SCTP")'
    );
  });

  test('fails when a port name is empty or longer than 15 characters', () => {
    const named = (name: string) => jobWithContainer({ ports: [{ number: 80, name }] });
    expectValid(() => named('a'.repeat(15)));
    expectValid(() => named('a'));
    const field = 'containers[0].ports[0].name';
    expectProblem(
      () => named('a'.repeat(16)),
      `${field}: port name must be 1 to 15 characters (got "${'a'.repeat(16)}")`
    );
    expectProblem(() => named(''), `${field}: port name must be 1 to 15 characters (got "")`);
  });

  test("fails when a port name has characters other than lowercase letters, digits and '-'", () => {
    const named = (name: string) => jobWithContainer({ ports: [{ number: 80, name }] });
    expectValid(() => named('h2c-9'));
    const rule = "port name must consist of lowercase letters, digits and '-'";
    expectProblem(() => named('Http'), `containers[0].ports[0].name: ${rule} (got "Http")`);
    expectProblem(() => named('http_alt'), `containers[0].ports[0].name: ${rule} (got "http_alt")`);
    expectProblem(() => named('http.alt'), `containers[0].ports[0].name: ${rule} (got "http.alt")`);
  });

  test('fails when a port name has no letter', () => {
    const named = (name: string) => jobWithContainer({ ports: [{ number: 80, name }] });
    expectValid(() => named('8080-a'));
    expectProblem(
      () => named('8080'),
      'containers[0].ports[0].name: port name must contain at least one letter (got "8080")'
    );
    expectProblem(
      () => named('80-80'),
      'containers[0].ports[0].name: port name must contain at least one letter (got "80-80")'
    );
  });

  test("fails when a port name contains '--'", () => {
    const named = (name: string) => jobWithContainer({ ports: [{ number: 80, name }] });
    expectValid(() => named('http-alt'));
    expectProblem(
      () => named('http--alt'),
      `containers[0].ports[0].name: port name must not contain '--' (got "http--alt")`
    );
  });

  test("fails when a port name starts or ends with '-'", () => {
    const named = (name: string) => jobWithContainer({ ports: [{ number: 80, name }] });
    const rule = "port name must not start or end with '-'";
    expectProblem(() => named('-http'), `containers[0].ports[0].name: ${rule} (got "-http")`);
    expectProblem(() => named('http-'), `containers[0].ports[0].name: ${rule} (got "http-")`);
  });

  test('fails when two containers use the same port number and protocol (TCP when not given)', () => {
    const create = () =>
      job({
        containers: [
          { image: IMAGE, ports: [{ number: 8080 }] },
          { image: IMAGE, ports: [{ number: 8080, protocol: Protocol.TCP }] },
        ],
      });
    expect(problemsOf(create)).toEqual([
      '  - containers[1].ports[0].number: 8080/TCP is already used by containers[0] of the pod (got 8080)',
    ]);
    expectProblem(
      () =>
        job({
          containers: [
            { image: IMAGE, ports: [{ number: 53, protocol: Protocol.UDP }] },
            { image: IMAGE, ports: [{ number: 53, protocol: Protocol.UDP }] },
          ],
        }),
      'containers[1].ports[0].number: 53/UDP is already used by containers[0] of the pod (got 53)'
    );
  });

  test('accepts the same port number with different protocols, in one container or across containers', () => {
    expectValid(() =>
      job({
        containers: [
          { image: IMAGE, ports: [{ number: 53 }, { number: 53, protocol: Protocol.UDP }] },
          { image: IMAGE, ports: [{ number: 8080, protocol: Protocol.UDP }] },
          { image: IMAGE, ports: [{ number: 8080 }] },
        ],
      })
    );
  });

  test('an init container may use a work container’s port: they do not run at the same time', () => {
    expectValid(() =>
      job({
        initContainers: [{ image: IMAGE, ports: [{ number: 8080 }] }],
        containers: [{ image: IMAGE, ports: [{ number: 8080 }] }],
      })
    );
  });

  test('fails when two ports of the pod share a name', () => {
    const create = () =>
      job({
        containers: [
          {
            image: IMAGE,
            ports: [
              { number: 80, name: 'web' },
              { number: 81, name: 'web' },
            ],
          },
          { image: IMAGE, ports: [{ number: 82, name: 'web' }] },
        ],
        initContainers: [{ image: IMAGE, ports: [{ number: 83, name: 'web' }] }],
      });
    expect(problemsOf(create)).toEqual([
      '  - containers[0].ports[1].name: port name "web" is used twice in the pod (got "web")',
      '  - containers[1].ports[0].name: port name "web" is used twice in the pod (got "web")',
      '  - initContainers[0].ports[0].name: port name "web" is used twice in the pod (got "web")',
    ]);
  });
});

describe('init containers', () => {
  test('fails when an init container has probes or lifecycle hooks', () => {
    // GIVEN the same probes and hooks are fine on a work container
    const extras: Partial<ContainerProps> = {
      livenessProbe: Probe.tcp({ port: 80 }),
      readinessProbe: Probe.tcp({ port: 80 }),
      startupProbe: Probe.command(['true']),
      lifecycle: { preStop: LifecycleHandler.command(['sleep', '5']) },
    };
    expectValid(() => jobWithContainer(extras));
    // WHEN
    const create = () => job({ initContainers: [{ image: IMAGE, ...extras }] });
    // THEN
    expect(problemsOf(create)).toEqual([
      `  - initContainers[0].livenessProbe: ${NOT_ON_INIT} (got a Probe)`,
      `  - initContainers[0].readinessProbe: ${NOT_ON_INIT} (got a Probe)`,
      `  - initContainers[0].startupProbe: ${NOT_ON_INIT} (got a Probe)`,
      `  - initContainers[0].lifecycle: ${NOT_ON_INIT} (got {"preStop":{"action":{"kind":"exec","command":["sleep","5"]}}})`,
    ]);
  });

  test('addInitContainer applies the same rule', () => {
    const batchJob = job({});
    expect(() => batchJob.addInitContainer({ image: IMAGE, startupProbe: Probe.command(['true']) })).toThrow(
      problemLine(`initContainers[0].startupProbe: ${NOT_ON_INIT} (got a Probe)`)
    );
    expect(batchJob.containerNames).toEqual(['main']);
  });
});

describe('volumes', () => {
  test('renders an emptyDir in memory with a size limit', () => {
    const cache = Volume.emptyDir('cache', { medium: EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(256) });
    const pod = podOf({
      containers: [{ image: IMAGE, volumeMounts: [{ volume: cache, mountPath: '/cache' }] }],
    });
    expect(pod.volumes).toEqual([{ name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } }]);
  });

  test('renders an emptyDir on the default medium without a medium field', () => {
    const scratch = Volume.emptyDir('scratch', { medium: EmptyDirMedium.DEFAULT });
    const pod = podOf({
      containers: [{ image: IMAGE, volumeMounts: [{ volume: scratch, mountPath: '/s' }] }],
    });
    expect(pod.volumes).toEqual([{ name: 'scratch', emptyDir: {} }]);
  });

  test('fails when an emptyDir medium is not one of EmptyDirMedium', () => {
    expectProblem(
      () => job({ volumes: [Volume.emptyDir('cache', { medium: invalid('disk') })] }),
      'volumes[0].medium: must be EmptyDirMedium.DEFAULT or EmptyDirMedium.MEMORY (got "disk")'
    );
  });

  test('renders a hostPath with and without a type', () => {
    const pod = podOf({
      volumes: [
        Volume.fromHostPath('logs', '/var/log', { type: HostPathType.DIRECTORY }),
        Volume.fromHostPath('sock', '/run/containerd/containerd.sock'),
      ],
      containers: [
        {
          image: IMAGE,
          volumeMounts: [
            { volume: 'logs', mountPath: '/host/logs', readOnly: true },
            { volume: 'sock', mountPath: '/run/containerd.sock' },
          ],
        },
      ],
    });
    expect(pod.volumes).toEqual([
      { name: 'logs', hostPath: { path: '/var/log', type: 'Directory' } },
      { name: 'sock', hostPath: { path: '/run/containerd/containerd.sock' } },
    ]);
  });

  test("fails when a hostPath is not absolute, contains '..', or has an unknown type", () => {
    const create = () =>
      job({
        volumes: [
          Volume.fromHostPath('a', 'var/log'),
          Volume.fromHostPath('b', '/var/../etc'),
          Volume.fromHostPath('c', '/data', { type: invalid('Dir') }),
        ],
      });
    expect(problemsOf(create)).toEqual([
      `  - volumes[0].path: must be an absolute path (starting with '/') (got "var/log")`,
      `  - volumes[1].path: must not contain '..' (got "/var/../etc")`,
      '  - volumes[2].type: must be one of DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice, BlockDevice (got "Dir")',
    ]);
  });

  test.each([
    ['nfs.example.com:/exports/data', 'nfs.example.com', '/exports/data'],
    ['10.0.0.5:/', '10.0.0.5', '/'],
    ['[fd00::5]:/exports', '[fd00::5]', '/exports'],
    ['nas-1:/srv/share with space', 'nas-1', '/srv/share with space'],
  ])('accepts the NFS export %s as server %s and path %s', (nfsExport, server, path) => {
    const nfs = Volume.fromNfs('data', nfsExport, { readOnly: true });
    const pod = podOf({
      containers: [{ image: IMAGE, volumeMounts: [{ volume: nfs, mountPath: '/data' }] }],
    });
    expect(pod.volumes).toEqual([{ name: 'data', nfs: { server, path, readOnly: true } }]);
  });

  test.each([
    ['nfs.example.com'],
    ['nfs.example.com:exports/data'],
    [':/exports/data'],
    ['nfs.example.com:'],
    [''],
  ])('fails when the NFS export is %j', (nfsExport) => {
    expectProblem(
      () => job({ volumes: [Volume.fromNfs('data', nfsExport)] }),
      `volumes[0].export: ${NFS_RULE} (got ${JSON.stringify(nfsExport)})`
    );
  });

  // lib/props/volume.ts NFS_EXPORT: a URL-style export parses as server "nfs" and path
  // "//nfs.example.com/exports", so the mistake reaches the node and fails at mount time.
  test('fails when the NFS export is written as an nfs:// URL', () => {
    expectProblem(
      () => job({ volumes: [Volume.fromNfs('data', 'nfs://nfs.example.com/exports')] }),
      `volumes[0].export: ${NFS_RULE} (got "nfs://nfs.example.com/exports")`
    );
  });

  test('renders ConfigMap and Secret items, with modes given in octal', () => {
    const pod = podOf({
      volumes: [
        Volume.fromConfigMap('config', 'app-config', {
          items: [{ key: 'app.yaml', path: 'conf/app.yaml', mode: 0o644 }],
          defaultMode: 0o444,
        }),
        Volume.fromSecret('creds', 'db-creds', {
          items: [
            { key: 'password', path: 'password', mode: 0o400 },
            { key: 'user', path: 'user' },
          ],
          defaultMode: 0o440,
          optional: true,
        }),
      ],
      containers: [
        {
          image: IMAGE,
          volumeMounts: [
            { volume: 'config', mountPath: '/etc/app', readOnly: true },
            { volume: 'creds', mountPath: '/var/run/secrets/db', readOnly: true },
          ],
        },
      ],
    });
    expect(pod.volumes).toEqual([
      {
        name: 'config',
        configMap: {
          name: 'app-config',
          items: [{ key: 'app.yaml', path: 'conf/app.yaml', mode: 420 }],
          defaultMode: 292,
        },
      },
      {
        name: 'creds',
        secret: {
          secretName: 'db-creds',
          items: [
            { key: 'password', path: 'password', mode: 256 },
            { key: 'user', path: 'user' },
          ],
          defaultMode: 288,
          optional: true,
        },
      },
    ]);
  });

  test('renders a PersistentVolumeClaim by name and by cdk8s-plus PersistentVolumeClaim.fromClaimName', () => {
    const chart = Testing.chart();
    const claim = PersistentVolumeClaim.fromClaimName(chart, 'claim', 'shared-results');
    const { pod } = synth(
      {
        volumes: [
          Volume.fromPersistentVolumeClaim('data', 'training-data', { readOnly: true }),
          Volume.fromPersistentVolumeClaim('results', claim),
        ],
        containers: [
          {
            image: IMAGE,
            volumeMounts: [
              { volume: 'data', mountPath: '/data', readOnly: true },
              { volume: 'results', mountPath: '/results', subPath: 'run-1' },
            ],
          },
        ],
      },
      chart
    );
    expect(pod.volumes).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'training-data', readOnly: true } },
      { name: 'results', persistentVolumeClaim: { claimName: 'shared-results' } },
    ]);
  });

  test('renders a CSI volume with attributes, fsType, read-only and a node-publish secret by name or ISecret', () => {
    const chart = Testing.chart();
    const secret = Secret.fromSecretName(chart, 'oss-secret', 'oss-credentials');
    const { pod } = synth(
      {
        volumes: [
          Volume.fromCsi('oss', 'objects.csi.example.com', {
            attributes: { bucket: 'results', url: 'oss-cn-hangzhou.aliyuncs.com' },
            readOnly: true,
            nodePublishSecret: secret,
          }),
          Volume.fromCsi('disk', 'disk.csi.example.com', {
            fsType: 'ext4',
            nodePublishSecret: 'disk-credentials',
          }),
          Volume.fromCsi('nas', 'files.csi.example.com'),
        ],
        containers: [
          {
            image: IMAGE,
            volumeMounts: [
              { volume: 'oss', mountPath: '/oss' },
              { volume: 'disk', mountPath: '/disk' },
              { volume: 'nas', mountPath: '/nas' },
            ],
          },
        ],
      },
      chart
    );
    expect(pod.volumes).toEqual([
      {
        name: 'oss',
        csi: {
          driver: 'objects.csi.example.com',
          readOnly: true,
          volumeAttributes: { bucket: 'results', url: 'oss-cn-hangzhou.aliyuncs.com' },
          nodePublishSecretRef: { name: 'oss-credentials' },
        },
      },
      {
        name: 'disk',
        csi: {
          driver: 'disk.csi.example.com',
          fsType: 'ext4',
          nodePublishSecretRef: { name: 'disk-credentials' },
        },
      },
      { name: 'nas', csi: { driver: 'files.csi.example.com' } },
    ]);
  });

  test('fails when a CSI driver name is not a DNS-1123 subdomain of at most 63 characters', () => {
    const driver = `${'d'.repeat(55)}.csi.io`;
    expect(driver).toHaveLength(62);
    expectValid(() => job({ volumes: [Volume.fromCsi('v', `${driver}x`)] }));
    const long = `${driver}xy`;
    expectProblem(
      () => job({ volumes: [Volume.fromCsi('v', long)] }),
      `volumes[0].driver: CSI driver name must be at most 63 characters (got "${long}")`
    );
    expectProblem(
      () => job({ volumes: [Volume.fromCsi('v', 'disk_csi')] }),
      `volumes[0].driver: CSI driver name ${DNS_SUBDOMAIN_RULE} (got "disk_csi")`
    );
  });

  // The API server lower-cases the driver name before its DNS-1123 check (core validation
  // ValidateCSIDriverName: IsDNS1123Subdomain(strings.ToLower(driverName))); the CSI spec allows
  // [a-z0-9A-Z]. lib/props/volume.ts checks the name as given.
  test('accepts a CSI driver name with uppercase letters, as the API server does', () => {
    expectValid(() => job({ volumes: [Volume.fromCsi('v', 'Disk.CSI.example.com')] }));
  });

  test('fails when CSI attributes are not strings or the node-publish secret name is invalid', () => {
    expectProblem(
      () =>
        job({ volumes: [Volume.fromCsi('v', 'disk.csi.example.com', { nodePublishSecret: 'Bad_Secret' })] }),
      `volumes[0].nodePublishSecret: name ${DNS_SUBDOMAIN_RULE} (got "Bad_Secret")`
    );
    // An attribute of the wrong type is refused by Volume.fromCsi itself.
    expectProblem(
      () => Volume.fromCsi('v', 'disk.csi.example.com', { attributes: { size: invalid(20) } }),
      'options.attributes.size: must be a string (got 20)'
    );
  });

  test.each([
    ['diskplugin.csi.alibabacloud.com', 'Alibaba Cloud disk'],
    ['nasplugin.csi.alibabacloud.com', 'Alibaba Cloud NAS'],
    ['ossplugin.csi.alibabacloud.com', 'Alibaba Cloud OSS'],
  ])('fails when an inline CSI volume uses %s, whose CSIDriver has no Ephemeral mode', (driver, what) => {
    expectProblem(
      () => job({ volumes: [Volume.fromCsi('data', driver, { attributes: { volumeId: 'd-1' } })] }),
      `volumes[0].driver: ${driver} (${what}) does not support inline CSI volumes: its CSIDriver object ` +
        'declares only the Persistent lifecycle mode, so the kubelet refuses to mount the volume and the pod ' +
        'never starts; use a claim: Volume.fromPersistentVolumeClaim(name, claim) for an existing one, or ' +
        "Volume.ephemeralClaim(name, { size, storageClass }) for one per pod (e.g. storageClass 'alicloud-disk-topology-alltype') " +
        `(got "${driver}")`
    );
  });

  test('renders a per-pod claim as an ephemeral volume with a claim template', () => {
    // GIVEN
    const disk = Volume.ephemeralClaim('scratch', {
      size: Size.gibibytes(40),
      storageClass: 'alicloud-disk-topology-alltype',
    });
    const shared = Volume.ephemeralClaim('shared', {
      size: Size.mebibytes(1536),
      accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE_POD],
    });
    // WHEN
    const { pod } = synth({
      containers: [
        {
          image: IMAGE,
          volumeMounts: [
            { volume: disk, mountPath: '/scratch' },
            { volume: shared, mountPath: '/shared' },
          ],
        },
      ],
    });
    // THEN
    expect(pod.volumes).toEqual([
      {
        name: 'scratch',
        ephemeral: {
          volumeClaimTemplate: {
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: 'alicloud-disk-topology-alltype',
              resources: { requests: { storage: '40Gi' } },
            },
          },
        },
      },
      {
        name: 'shared',
        ephemeral: {
          volumeClaimTemplate: {
            spec: { accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '1536Mi' } } },
          },
        },
      },
    ]);
  });

  test('fails when a per-pod claim has no size, a bad StorageClass name or conflicting access modes', () => {
    const claim = (options: object) =>
      job({ volumes: [Volume.ephemeralClaim('scratch', options as { size: Size })] });
    expect(problemsOf(() => claim({ size: Size.kibibytes(0), storageClass: 'Fast_SSD' }))).toEqual([
      '  - volumes[0].size: must be greater than zero (got 0 kibibytes)',
      `  - volumes[0].storageClass: StorageClass name ${DNS_SUBDOMAIN_RULE} (got "Fast_SSD")`,
    ]);
    expectProblem(
      () =>
        claim({
          size: Size.gibibytes(1),
          accessModes: [
            PersistentVolumeAccessMode.READ_WRITE_ONCE_POD,
            PersistentVolumeAccessMode.READ_ONLY_MANY,
          ],
        }),
      'volumes[0].accessModes: may not use ReadWriteOncePod with other access modes (got ["ReadWriteOncePod","ReadOnlyMany"])'
    );
    expectProblem(
      () => claim({ size: Size.gibibytes(1), accessModes: [] }),
      'volumes[0].accessModes: must be a non-empty list of PersistentVolumeAccessMode (got [])'
    );
    expectProblem(
      () => Volume.ephemeralClaim('scratch', invalid({ storageClassName: 'fast' })),
      "options: unknown prop 'storageClassName' (use storageClass)"
    );
  });

  test('a per-pod claim with storageClass "" asks for no class, as the API server allows', () => {
    // GIVEN / WHEN
    const { manifest, pod } = synth({
      volumes: [Volume.ephemeralClaim('scratch', { size: Size.gibibytes(1), storageClass: '' })],
    });
    // THEN: rendered as written, and the checker agrees
    const spec = pod.volumes[0].ephemeral.volumeClaimTemplate.spec;
    expect(spec.storageClassName).toBe('');
    expect(manifestProblems(manifest)).toEqual([]);
  });

  // lib/props/volume.ts: `typeof null === 'object'`, so `Object.values(null)` threw.
  test('fails with a ValidationError, not a TypeError, when CSI attributes are null', () => {
    expectProblem(
      () => job({ volumes: [Volume.fromCsi('v', 'disk.csi.example.com', { attributes: invalid(null) })] }),
      'options.attributes: must be a map of strings (got null)'
    );
  });

  test('renders readOnly and subPath mounts, and leaves them out when not given', () => {
    const data = Volume.emptyDir('data');
    const main = containerOf({
      volumeMounts: [
        { volume: data, mountPath: '/in', readOnly: true, subPath: 'input' },
        { volume: data, mountPath: '/out', subPath: 'output/today' },
        { volume: data, mountPath: '/all' },
      ],
    });
    expect(main.volumeMounts).toEqual([
      { name: 'data', mountPath: '/in', readOnly: true, subPath: 'input' },
      { name: 'data', mountPath: '/out', subPath: 'output/today' },
      { name: 'data', mountPath: '/all' },
    ]);
  });

  test('a declared volume that no container mounts is a warning, not an error', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const { pod } = synth(
      {
        volumes: [Volume.emptyDir('used'), Volume.emptyDir('unused'), Volume.fromSecret('creds', 'db-creds')],
        containers: [{ image: IMAGE, volumeMounts: [{ volume: 'used', mountPath: '/used' }] }],
      },
      chart
    );
    // THEN it is rendered, and reported once per volume
    expect(pod.volumes.map((v: { name: string }) => v.name)).toEqual(['used', 'unused', 'creds']);
    expect(collectWarnings(chart)).toEqual([
      { path: 'test/job', message: 'volume "unused" is not mounted by any container' },
      { path: 'test/job', message: 'volume "creds" is not mounted by any container' },
    ]);
  });

  test('a volume mounted by an init container only, or the writable /tmp, gives no warning', () => {
    const chart = Testing.chart();
    synth(
      {
        volumes: [Volume.emptyDir('seed')],
        initContainers: [{ image: IMAGE, volumeMounts: [{ volume: 'seed', mountPath: '/seed' }] }],
        containers: [{ image: IMAGE, readOnlyRootFilesystem: true }],
      },
      chart
    );
    expect(collectWarnings(chart)).toEqual([]);
  });

  test('a volume added later and mounted by a container added later gives no warning', () => {
    const chart = Testing.chart();
    const batchJob = new BatchJob(chart, 'job', { volumes: [Volume.emptyDir('late')] });
    expect(collectWarnings(chart)).toEqual([
      { path: 'test/job', message: 'volume "late" is not mounted by any container' },
    ]);
    batchJob.addContainer({ image: IMAGE, volumeMounts: [{ volume: 'late', mountPath: '/late' }] });
    expect(collectWarnings(chart)).toEqual([]);
  });
});

describe('scheduling', () => {
  test('renders a nodeSelector', () => {
    const pod = podOf({ nodeSelector: { 'kubernetes.io/os': 'linux', disktype: 'ssd' } });
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', disktype: 'ssd' });
  });

  test('renders required and preferred node affinity with every operator', () => {
    // WHEN
    const pod = podOf({
      nodeAffinity: {
        required: [
          NodeLabel.in('topology.kubernetes.io/zone', 'cn-hangzhou-h', 'cn-hangzhou-i'),
          NodeLabel.notIn('node.example.com/pool', 'spot'),
          NodeLabel.exists('nvidia.com/gpu.product'),
          NodeLabel.doesNotExist('node.example.com/draining'),
        ],
        preferred: [
          { weight: 100, requirements: [NodeLabel.greaterThan('node.example.com/cores', 16)] },
          {
            weight: 1,
            requirements: [
              NodeLabel.lessThan('node.example.com/load', 5),
              { key: 'disktype', operator: NodeOperator.IN, values: ['ssd'] },
            ],
          },
        ],
      },
    });
    // THEN
    expect(pod.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                {
                  key: 'topology.kubernetes.io/zone',
                  operator: 'In',
                  values: ['cn-hangzhou-h', 'cn-hangzhou-i'],
                },
                { key: 'node.example.com/pool', operator: 'NotIn', values: ['spot'] },
                { key: 'nvidia.com/gpu.product', operator: 'Exists' },
                { key: 'node.example.com/draining', operator: 'DoesNotExist' },
              ],
            },
          ],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            preference: {
              matchExpressions: [{ key: 'node.example.com/cores', operator: 'Gt', values: ['16'] }],
            },
          },
          {
            weight: 1,
            preference: {
              matchExpressions: [
                { key: 'node.example.com/load', operator: 'Lt', values: ['5'] },
                { key: 'disktype', operator: 'In', values: ['ssd'] },
              ],
            },
          },
        ],
      },
    });
  });

  test('renders only the affinity kind given', () => {
    expect(podOf({ nodeAffinity: { required: [NodeLabel.exists('gpu')] } }).affinity.nodeAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }],
      },
    });
    expect(podOf({}).affinity).toBeUndefined();
  });

  // Style guide: "Empty collections stay out of the YAML". lib/render/job-template.ts
  // renderAffinity renders `affinity: { nodeAffinity: {} }` and an empty preferred list.
  test('an empty nodeAffinity or an empty preferred list leaves affinity out of the YAML', () => {
    expect(podOf({ nodeAffinity: {} }).affinity).toBeUndefined();
    expect(podOf({ nodeAffinity: { preferred: [] } }).affinity).toBeUndefined();
  });

  const required = (r: NodeRequirement) => job({ nodeAffinity: { required: [r] } });

  test('fails when In or NotIn has no value', () => {
    expectValid(() => required(NodeLabel.in('zone', 'a')));
    expectValid(() => required(NodeLabel.notIn('zone', 'a')));
    expectProblem(
      () => required(NodeLabel.in('zone')),
      'nodeAffinity.required[0].values: In needs at least one value (got [])'
    );
    expectProblem(
      () => required({ key: 'zone', operator: NodeOperator.NOT_IN }),
      'nodeAffinity.required[0].values: NotIn needs at least one value (got nothing)'
    );
  });

  test('fails when an In value is not a label value', () => {
    expectProblem(
      () => required(NodeLabel.in('zone', '-a')),
      `nodeAffinity.required[0].values[0]: ${LABEL_VALUE_RULE} (got "-a")`
    );
  });

  test('fails when Exists or DoesNotExist has values', () => {
    expectValid(() => required({ key: 'gpu', operator: NodeOperator.EXISTS, values: [] }));
    expectProblem(
      () => required({ key: 'gpu', operator: NodeOperator.EXISTS, values: ['true'] }),
      'nodeAffinity.required[0].values: Exists takes no values (got ["true"])'
    );
    expectProblem(
      () => required({ key: 'gpu', operator: NodeOperator.DOES_NOT_EXIST, values: ['true'] }),
      'nodeAffinity.required[0].values: DoesNotExist takes no values (got ["true"])'
    );
  });

  test('fails when Gt or Lt does not have exactly one integer value', () => {
    expectValid(() => required(NodeLabel.greaterThan('cores', -1)));
    expectValid(() => required(NodeLabel.lessThan('cores', 64)));
    const field = 'nodeAffinity.required[0].values';
    expectProblem(
      () => required(NodeLabel.greaterThan('cores', 1.5)),
      `${field}: Gt needs exactly one integer value (got ["1.5"])`
    );
    expectProblem(
      () => required({ key: 'cores', operator: NodeOperator.LT, values: ['1', '2'] }),
      `${field}: Lt needs exactly one integer value (got ["1","2"])`
    );
    expectProblem(
      () => required({ key: 'cores', operator: NodeOperator.GT }),
      `${field}: Gt needs exactly one integer value (got nothing)`
    );
    expectProblem(
      () => required({ key: 'cores', operator: NodeOperator.LT, values: ['many'] }),
      `${field}: Lt needs exactly one integer value (got ["many"])`
    );
  });

  test('fails when a requirement key is not a qualified name', () => {
    expectValid(() => required(NodeLabel.exists('node.example.com/pool')));
    expectProblem(
      () => required(NodeLabel.exists('disk type')),
      `nodeAffinity.required[0].key: label key ${NAME_PART_RULE} (got "disk type")`
    );
  });

  test('fails when an operator is unknown', () => {
    expectProblem(
      () => required({ key: 'zone', operator: invalid('Has') }),
      'nodeAffinity.required[0].operator: must be In, NotIn, Exists, DoesNotExist, Gt or Lt (got "Has")'
    );
  });

  test('fails when required lists no requirement, or a preferred term lists none', () => {
    expectProblem(
      () => job({ nodeAffinity: { required: [] } }),
      'nodeAffinity.required: must list at least one requirement; leave it out for none (got [])'
    );
    expectProblem(
      () => job({ nodeAffinity: { preferred: [{ weight: 1, requirements: [] }] } }),
      'nodeAffinity.preferred[0].requirements: must list at least one requirement (got [])'
    );
  });

  test('fails when a preferred weight is outside 1 to 100 or not whole', () => {
    const weighted = (weight: number) =>
      job({ nodeAffinity: { preferred: [{ weight, requirements: [NodeLabel.exists('gpu')] }] } });
    expectValid(() => weighted(1));
    expectValid(() => weighted(100));
    const field = 'nodeAffinity.preferred[0].weight';
    expectProblem(() => weighted(0), `${field}: must be from 1 to 100 (got 0)`);
    expectProblem(() => weighted(101), `${field}: must be from 1 to 100 (got 101)`);
    expectProblem(() => weighted(1.5), `${field}: must be a whole number (got 1.5)`);
  });

  test('renders tolerations as given', () => {
    const pod = podOf({
      tolerations: [
        { key: 'dedicated', value: 'batch', effect: TaintEffect.NO_SCHEDULE },
        {
          key: 'nvidia.com/gpu',
          operator: TolerationOperator.EXISTS,
          effect: TaintEffect.PREFER_NO_SCHEDULE,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: TolerationOperator.EXISTS,
          effect: TaintEffect.NO_EXECUTE,
          tolerationSeconds: 300,
        },
        { operator: TolerationOperator.EXISTS },
      ],
    });
    expect(pod.tolerations).toEqual([
      { key: 'dedicated', value: 'batch', effect: 'NoSchedule' },
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'PreferNoSchedule' },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      { operator: 'Exists' },
    ]);
    expect(podOf({}).tolerations).toBeUndefined();
  });

  test('fails when a toleration without a key does not use Exists', () => {
    expectValid(() =>
      job({ tolerations: [{ operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE }] })
    );
    const rule = 'must be Exists when no key is given (a toleration of every taint)';
    expectProblem(
      () => job({ tolerations: [{ value: 'batch' }] }),
      `tolerations[0].operator: ${rule} (got nothing)`
    );
    expectProblem(
      () => job({ tolerations: [{ key: '', operator: TolerationOperator.EQUAL }] }),
      `tolerations[0].operator: ${rule} (got "Equal")`
    );
  });

  test('fails when an Exists toleration has a value', () => {
    expectValid(() => job({ tolerations: [{ key: 'k', operator: TolerationOperator.EXISTS, value: '' }] }));
    expectProblem(
      () => job({ tolerations: [{ key: 'k', operator: TolerationOperator.EXISTS, value: 'v' }] }),
      'tolerations[0].value: must be empty with operator Exists (got "v")'
    );
  });

  test('fails when tolerationSeconds is given without effect NoExecute', () => {
    expectProblem(
      () => job({ tolerations: [{ key: 'k', effect: TaintEffect.NO_SCHEDULE, tolerationSeconds: 60 }] }),
      'tolerations[0].tolerationSeconds: only applies with effect NoExecute (got 60)'
    );
    expectProblem(
      () => job({ tolerations: [{ key: 'k', tolerationSeconds: 60 }] }),
      'tolerations[0].tolerationSeconds: only applies with effect NoExecute (got 60)'
    );
  });

  test('fails when tolerationSeconds is below 0 or not whole', () => {
    const toleration = (tolerationSeconds: number) =>
      job({ tolerations: [{ key: 'k', effect: TaintEffect.NO_EXECUTE, tolerationSeconds }] });
    expectValid(() => toleration(0));
    expectValid(() => toleration(2147483647));
    const field = 'tolerations[0].tolerationSeconds';
    expectProblem(() => toleration(-1), `${field}: must be a whole number of seconds ≥ 0 (got -1)`);
    expectProblem(() => toleration(1.5), `${field}: must be a whole number of seconds ≥ 0 (got 1.5)`);
    expectProblem(
      () => toleration(2147483648),
      `${field}: must be a whole number of seconds ≥ 0 (got 2147483648)`
    );
  });

  test('fails when a taint key is not a qualified name or a value is not a label value', () => {
    const create = () => job({ tolerations: [{ key: 'bad key', value: '-batch' }] });
    expectProblem(create, `tolerations[0].key: taint key ${NAME_PART_RULE} (got "bad key")`);
    expectProblem(
      create,
      `tolerations[0].value: ${LABEL_VALUE_RULE.replace('label value', 'taint value')} (got "-batch")`
    );
  });

  test('fails when a toleration operator or effect is unknown', () => {
    const create = () =>
      job({ tolerations: [{ key: 'k', operator: invalid('Is'), effect: invalid('NoRun') }] });
    expectProblem(create, 'tolerations[0].operator: must be Equal or Exists (got "Is")');
    expectProblem(
      create,
      'tolerations[0].effect: must be NoSchedule, PreferNoSchedule or NoExecute (got "NoRun")'
    );
  });

  test('renders priorityClassName', () => {
    expect(podOf({ priorityClassName: 'batch-low' }).priorityClassName).toBe('batch-low');
    expect(podOf({}).priorityClassName).toBeUndefined();
  });

  test('fails when priorityClassName is not a DNS-1123 subdomain', () => {
    expectValid(() => job({ priorityClassName: 'system.batch-high' }));
    expectProblem(
      () => job({ priorityClassName: 'High_Priority' }),
      `priorityClassName: ${DNS_SUBDOMAIN_RULE} (got "High_Priority")`
    );
  });

  test('renders a service account by name, without mounting its token', () => {
    const pod = podOf({ serviceAccount: 'reporter' });
    expect(pod.serviceAccountName).toBe('reporter');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('renders a cdk8s-plus ServiceAccount.fromServiceAccountName, without mounting its token', () => {
    const chart = Testing.chart();
    const account = ServiceAccount.fromServiceAccountName(chart, 'sa', 'job-runner');
    const { pod } = synth({ serviceAccount: account }, chart);
    expect(pod.serviceAccountName).toBe('job-runner');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('mounts the service-account token only with automountServiceAccountToken: true', () => {
    const pod = podOf({ serviceAccount: 'kube-client', automountServiceAccountToken: true });
    expect(pod).toMatchObject({ serviceAccountName: 'kube-client', automountServiceAccountToken: true });
    expect(podOf({}).serviceAccountName).toBeUndefined();
  });

  test('fails when a service account name is not a DNS-1123 subdomain', () => {
    expectProblem(
      () => job({ serviceAccount: 'Job_Runner' }),
      `serviceAccount: name ${DNS_SUBDOMAIN_RULE} (got "Job_Runner")`
    );
    expectProblem(
      () => job({ serviceAccount: invalid(5) }),
      'serviceAccount: must be a name or a cdk8s-plus ServiceAccount (got 5)'
    );
  });
});

describe('security', () => {
  test('the default pod is restricted, in the annotation and in podSecurityLevel', () => {
    const { batchJob, manifest } = synth({});
    expect(manifest.metadata.annotations[POD_SECURITY]).toBe('restricted');
    expect(batchJob.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('renders runAs UID and GID, and fsGroup', () => {
    const pod = podOf({ runAs: RunAs.nonRootUser(1000, 3000), fsGroup: 2000 });
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 3000,
      fsGroup: 2000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('fails when fsGroup is below 0, above 2147483647 or not whole', () => {
    expectValid(() => job({ fsGroup: 0 }));
    expectValid(() => job({ fsGroup: 2147483647 }));
    expectProblem(() => job({ fsGroup: -1 }), 'fsGroup: must be at least 0 (got -1)');
    expectProblem(() => job({ fsGroup: 2147483648 }), 'fsGroup: must be at most 2147483647 (got 2147483648)');
    expectProblem(() => job({ fsGroup: 1.5 }), 'fsGroup: must be a whole number (got 1.5)');
  });

  test('RunAs.root is an explicit opt-in rendered as UID 0', () => {
    const pod = podOf({ runAs: RunAs.root() });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0, runAsGroup: 0 });
  });

  test('privileged is an explicit opt-in that renders allowPrivilegeEscalation true', () => {
    expect(containerOf({ privileged: true }).securityContext).toEqual({
      privileged: true,
      allowPrivilegeEscalation: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(containerOf({}).securityContext.privileged).toBeUndefined();
  });

  test('fails when a privileged container sets allowPrivilegeEscalation false', () => {
    expectValid(() => jobWithContainer({ privileged: true, allowPrivilegeEscalation: true }));
    expectProblem(
      () => jobWithContainer({ privileged: true, allowPrivilegeEscalation: false }),
      'containers[0].allowPrivilegeEscalation: cannot be false for a privileged container (got false)'
    );
  });

  test('renders capabilities added and dropped', () => {
    expect(containerOf({ capabilities: { add: ['NET_BIND_SERVICE'] } }).securityContext.capabilities).toEqual(
      {
        add: ['NET_BIND_SERVICE'],
        drop: ['ALL'],
      }
    );
    expect(
      containerOf({ capabilities: { add: ['NET_RAW'], drop: ['MKNOD', 'SETUID'] } }).securityContext
        .capabilities
    ).toEqual({
      add: ['NET_RAW'],
      drop: ['MKNOD', 'SETUID'],
    });
    expect(containerOf({ capabilities: { drop: [] } }).securityContext).toEqual({
      allowPrivilegeEscalation: false,
    });
  });

  test("fails when a capability is unknown or has the 'CAP_' prefix", () => {
    const create = () => jobWithContainer({ capabilities: { add: ['CAP_NET_ADMIN'], drop: ['all'] } });
    expectProblem(create, `containers[0].capabilities.add[0]: ${CAPABILITY_RULE} (got "CAP_NET_ADMIN")`);
    expectProblem(create, `containers[0].capabilities.drop[0]: ${CAPABILITY_RULE} (got "all")`);
  });

  test('fails when SYS_ADMIN is added without allowPrivilegeEscalation or privileged', () => {
    expectValid(() =>
      jobWithContainer({ allowPrivilegeEscalation: true, capabilities: { add: ['SYS_ADMIN'] } })
    );
    expectValid(() => jobWithContainer({ privileged: true, capabilities: { add: ['SYS_ADMIN'] } }));
    const rule =
      'containers[0].capabilities.add: adding SYS_ADMIN needs allowPrivilegeEscalation: true (Kubernetes rule)';
    expectProblem(
      () => jobWithContainer({ capabilities: { add: ['SYS_ADMIN'] } }),
      `${rule} (got ["SYS_ADMIN"])`
    );
    expectProblem(
      () =>
        jobWithContainer({ allowPrivilegeEscalation: false, capabilities: { add: ['CHOWN', 'SYS_ADMIN'] } }),
      `${rule} (got ["CHOWN","SYS_ADMIN"])`
    );
  });

  test('readOnlyRootFilesystem mounts a writable emptyDir at /tmp', () => {
    const pod = podOf({ containers: [{ image: IMAGE, readOnlyRootFilesystem: true }] });
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'writable-tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'writable-tmp', emptyDir: {} }]);
  });

  test('the writable /tmp volume is rendered once for several read-only containers, init containers included', () => {
    const pod = podOf({
      initContainers: [{ image: IMAGE, readOnlyRootFilesystem: true }],
      containers: [
        { image: IMAGE, readOnlyRootFilesystem: true },
        { image: IMAGE, readOnlyRootFilesystem: true },
        { image: IMAGE },
      ],
    });
    expect(pod.volumes).toEqual([{ name: 'writable-tmp', emptyDir: {} }]);
    expect(pod.initContainers[0].volumeMounts).toEqual([{ name: 'writable-tmp', mountPath: '/tmp' }]);
    expect(pod.containers.map((c: Manifest) => c.volumeMounts)).toEqual([
      [{ name: 'writable-tmp', mountPath: '/tmp' }],
      [{ name: 'writable-tmp', mountPath: '/tmp' }],
      undefined,
    ]);
  });

  test('no writable /tmp with writableTmp: false', () => {
    const pod = podOf({ containers: [{ image: IMAGE, readOnlyRootFilesystem: true, writableTmp: false }] });
    expect(pod.containers[0].volumeMounts).toBeUndefined();
    expect(pod.volumes).toBeUndefined();
  });

  test('no writable /tmp when the container already mounts a volume at /tmp', () => {
    const scratch = Volume.emptyDir('scratch', { medium: EmptyDirMedium.MEMORY });
    const pod = podOf({
      containers: [
        {
          image: IMAGE,
          readOnlyRootFilesystem: true,
          volumeMounts: [{ volume: scratch, mountPath: '/tmp' }],
        },
      ],
    });
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'scratch', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'scratch', emptyDir: { medium: 'Memory' } }]);
  });

  // lib/render/job-template.ts needsWritableTmp compares `mountPath === '/tmp'`: a mount at
  // '/tmp/' gets a second mount at '/tmp' on top, which hides the user's volume.
  test('no writable /tmp when the container mounts a volume at /tmp/ (trailing slash)', () => {
    const pod = podOf({
      containers: [
        {
          image: IMAGE,
          readOnlyRootFilesystem: true,
          volumeMounts: [{ volume: Volume.emptyDir('scratch'), mountPath: '/tmp/' }],
        },
      ],
    });
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'scratch', mountPath: '/tmp/' }]);
  });

  test('fails when writableTmp is given without readOnlyRootFilesystem', () => {
    expectValid(() => jobWithContainer({ readOnlyRootFilesystem: true, writableTmp: true }));
    expectProblem(
      () => jobWithContainer({ writableTmp: true }),
      'containers[0].writableTmp: only applies with readOnlyRootFilesystem: true (got true)'
    );
    expectProblem(
      () => jobWithContainer({ readOnlyRootFilesystem: false, writableTmp: false }),
      'containers[0].writableTmp: only applies with readOnlyRootFilesystem: true (got false)'
    );
  });

  test('fails when a volume takes the name of the writable /tmp volume', () => {
    expectProblem(
      () => job({ volumes: [Volume.emptyDir('writable-tmp')] }),
      'volumes[0].name: "writable-tmp" is the volume cdk8s-batch mounts at /tmp for read-only root filesystems (got "writable-tmp")'
    );
  });

  test.each<[string, BatchJobProps, PodSecurityLevel]>([
    ['RunAs.root()', { runAs: RunAs.root() }, PodSecurityLevel.BASELINE],
    [
      'an NFS volume',
      {
        containers: [
          {
            image: IMAGE,
            volumeMounts: [{ volume: Volume.fromNfs('nfs', 'nfs.example.com:/data'), mountPath: '/data' }],
          },
        ],
      },
      PodSecurityLevel.BASELINE,
    ],
    [
      'a capability outside the baseline set (NET_ADMIN)',
      { containers: [{ image: IMAGE, capabilities: { add: ['NET_ADMIN'] } }] },
      PodSecurityLevel.PRIVILEGED,
    ],
    [
      'a baseline capability (CHOWN)',
      { containers: [{ image: IMAGE, capabilities: { add: ['CHOWN'] } }] },
      PodSecurityLevel.BASELINE,
    ],
    [
      'NET_BIND_SERVICE',
      { containers: [{ image: IMAGE, capabilities: { add: ['NET_BIND_SERVICE'] } }] },
      PodSecurityLevel.RESTRICTED,
    ],
    ['privileged', { containers: [{ image: IMAGE, privileged: true }] }, PodSecurityLevel.PRIVILEGED],
    [
      'a hostPath volume',
      {
        containers: [
          {
            image: IMAGE,
            volumeMounts: [{ volume: Volume.fromHostPath('logs', '/var/log'), mountPath: '/logs' }],
          },
        ],
      },
      PodSecurityLevel.PRIVILEGED,
    ],
    ['host network', { network: NetworkMode.host() }, PodSecurityLevel.PRIVILEGED],
    [
      'allowPrivilegeEscalation: true',
      { containers: [{ image: IMAGE, allowPrivilegeEscalation: true }] },
      PodSecurityLevel.BASELINE,
    ],
    [
      'capabilities drop []',
      { containers: [{ image: IMAGE, capabilities: { drop: [] } }] },
      PodSecurityLevel.BASELINE,
    ],
    [
      'a CSI volume',
      {
        containers: [
          {
            image: IMAGE,
            volumeMounts: [{ volume: Volume.fromCsi('oss', 'objects.csi.example.com'), mountPath: '/oss' }],
          },
        ],
      },
      PodSecurityLevel.RESTRICTED,
    ],
    [
      'readOnlyRootFilesystem',
      { containers: [{ image: IMAGE, readOnlyRootFilesystem: true }] },
      PodSecurityLevel.RESTRICTED,
    ],
    ['RunAs.imageUser()', { runAs: RunAs.imageUser() }, PodSecurityLevel.RESTRICTED],
    [
      'an init container with allowPrivilegeEscalation',
      { initContainers: [{ image: IMAGE, allowPrivilegeEscalation: true }] },
      PodSecurityLevel.BASELINE,
    ],
  ])('%s makes the pod %s', (_what, props, level) => {
    // WHEN
    const { batchJob, manifest } = synth(props);
    // THEN the annotation and the getter agree
    expect(manifest.metadata.annotations[POD_SECURITY]).toBe(level);
    expect(batchJob.podSecurityLevel).toBe(level);
  });

  test('the pod-security annotation follows containers added after construction', () => {
    // GIVEN
    const chart = Testing.chart();
    const batchJob = new BatchJob(chart, 'job', { containers: [{ image: IMAGE }] });
    expect(batchJob.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    // WHEN
    batchJob.addContainer({ image: IMAGE, privileged: true });
    // THEN
    expect(batchJob.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
    const manifest: Manifest = Testing.synth(chart).find((o) => o.kind === 'Job');
    expect(manifest.metadata.annotations[POD_SECURITY]).toBe('privileged');
  });
});

describe('network', () => {
  test('NetworkMode.host renders hostNetwork and the ClusterFirstWithHostNet DNS policy', () => {
    const pod = podOf({ network: NetworkMode.host() });
    expect(pod).toMatchObject({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' });
  });

  test('the overlay network (the default) renders neither', () => {
    for (const pod of [podOf({}), podOf({ network: NetworkMode.overlay() })]) {
      expect(pod.hostNetwork).toBeUndefined();
      expect(pod.dnsPolicy).toBeUndefined();
    }
  });

  test('fails when network is not a NetworkMode', () => {
    expectProblem(
      () => job({ network: invalid('host') }),
      'network: must be a NetworkMode (e.g. NetworkMode.host()) (got "host")'
    );
  });
});

describe('logs', () => {
  test('records stdout, the log directory and log files as one pod annotation, init containers first', () => {
    // GIVEN
    const logs = Volume.emptyDir('logs');
    // WHEN
    const { manifest } = synth({
      initContainers: [{ image: IMAGE, logs: { stdout: false, files: ['/tmp/init.log'] } }],
      containers: [
        {
          image: IMAGE,
          volumeMounts: [{ volume: logs, mountPath: '/var/log/app' }],
          logs: { directory: '/var/log/app', files: ['/var/log/app/*.log', '/var/log/app/audit/*.json'] },
        },
        { image: IMAGE, logs: {} },
        { image: IMAGE },
      ],
    });
    // THEN
    const annotation = manifest.spec.template.metadata.annotations[LOGS];
    expect(annotation).toBe(
      JSON.stringify({
        'init-0': { stdout: false, files: ['/tmp/init.log'] },
        main: {
          stdout: true,
          directory: '/var/log/app',
          files: ['/var/log/app/*.log', '/var/log/app/audit/*.json'],
        },
        'container-1': { stdout: true },
      })
    );
  });

  test('no logs prop, no annotation', () => {
    expect(synth({}).manifest.spec.template.metadata).toBeUndefined();
  });

  test('the logs annotation sits beside the pod annotations given', () => {
    const { manifest } = synth({
      podAnnotations: { team: 'data' },
      containers: [{ image: IMAGE, logs: { stdout: true } }],
    });
    expect(manifest.spec.template.metadata.annotations).toEqual({
      team: 'data',
      [LOGS]: '{"main":{"stdout":true}}',
    });
  });

  test('accepts a log directory at or below a volume mount of the container', () => {
    const mounted = (directory: string) =>
      jobWithContainer({
        volumeMounts: [{ volume: Volume.emptyDir('logs'), mountPath: '/var/log/app' }],
        logs: { directory },
      });
    expectValid(() => mounted('/var/log/app'));
    expectValid(() => mounted('/var/log/app/today'));
  });

  test('fails when the log directory does not lie on a volume mount of the container', () => {
    expectProblem(
      () => jobWithContainer({ logs: { directory: '/var/log/app' } }),
      'containers[0].logs.directory: must lie on a volume mount of the container (none yet) (got "/var/log/app")'
    );
    // A sibling path that only shares a prefix is not on the mount.
    expectProblem(
      () =>
        jobWithContainer({
          volumeMounts: [
            { volume: Volume.emptyDir('logs'), mountPath: '/var/log' },
            { volume: Volume.emptyDir('data'), mountPath: '/data' },
          ],
          logs: { directory: '/var/logs' },
        }),
      'containers[0].logs.directory: must lie on a volume mount of the container (/var/log, /data) (got "/var/logs")'
    );
    // Another container's mount does not count.
    expectProblem(
      () =>
        job({
          containers: [
            { image: IMAGE, logs: { directory: '/logs' } },
            { image: IMAGE, volumeMounts: [{ volume: Volume.emptyDir('logs'), mountPath: '/logs' }] },
          ],
        }),
      'containers[0].logs.directory: must lie on a volume mount of the container (none yet) (got "/logs")'
    );
  });

  test('fails when the log directory or a log file is not an absolute path', () => {
    const create = () => jobWithContainer({ logs: { directory: 'logs', files: ['/ok.log', 'app.log'] } });
    expect(problemsOf(create)).toEqual([
      `  - containers[0].logs.directory: must be an absolute path (starting with '/') (got "logs")`,
      `  - containers[0].logs.files[1]: must be an absolute path (starting with '/') (got "app.log")`,
    ]);
  });

  test('fails when stdout is not a boolean or logs has an unknown field', () => {
    expectProblem(
      () => jobWithContainer({ logs: { stdout: invalid('yes') } }),
      'containers[0].logs.stdout: must be true or false (got "yes")'
    );
    expectProblem(
      () => jobWithContainer({ logs: invalid({ logstore: 'x' }) }),
      "containers[0].logs: unknown prop 'logstore'"
    );
  });

  // The displayName/description props report a clash with their annotation; the logs prop silently
  // overwrites a `cdk8s-batch.io/logs` pod annotation (lib/render/job-template.ts renderPodTemplate).
  test('fails when podAnnotations sets cdk8s-batch.io/logs next to a container logs prop', () => {
    expectProblem(
      () => jobWithContainer({ logs: { stdout: true } }, { podAnnotations: { [LOGS]: '{}' } }),
      /^ {2}- podAnnotations\.cdk8s-batch\.io\/logs: .*$/m
    );
  });
});

describe('the rendered pod template', () => {
  /** A Job that uses every pod-template feature at once. */
  function everything(): BatchJobProps {
    return {
      serviceAccount: 'reporter',
      priorityClassName: 'batch-low',
      fsGroup: 2000,
      runAs: RunAs.nonRootUser(1000, 1000),
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      nodeAffinity: {
        required: [NodeLabel.in('topology.kubernetes.io/zone', 'a', 'b')],
        preferred: [{ weight: 50, requirements: [NodeLabel.greaterThan('cores', 8)] }],
      },
      tolerations: [{ key: 'dedicated', value: 'batch', effect: TaintEffect.NO_SCHEDULE }],
      volumes: [
        Volume.emptyDir('cache', { medium: EmptyDirMedium.MEMORY, sizeLimit: Size.gibibytes(1) }),
        Volume.fromConfigMap('config', 'app-config', { items: [{ key: 'a', path: 'a.yaml', mode: 0o444 }] }),
        Volume.fromSecret('creds', 'db-creds', { defaultMode: 0o400 }),
        Volume.fromPersistentVolumeClaim('data', 'training-data', { readOnly: true }),
        Volume.fromCsi('oss', 'objects.csi.example.com', {
          attributes: { bucket: 'b' },
          nodePublishSecret: 'oss',
        }),
        Volume.fromNfs('nfs', 'nfs.example.com:/exports'),
      ],
      initContainers: [
        { image: IMAGE, command: ['true'], volumeMounts: [{ volume: 'config', mountPath: '/config' }] },
      ],
      containers: [
        {
          image: IMAGE,
          ports: [
            { number: 8080, name: 'http' },
            { number: 8125, protocol: Protocol.UDP },
          ],
          livenessProbe: Probe.http({ port: 'http', path: '/healthz', headers: { 'X-Probe': '1' } }),
          readinessProbe: Probe.tcp({ port: 8080, successThreshold: 2 }),
          startupProbe: Probe.command(['cat', '/tmp/ready'], { failureThreshold: 30 }),
          lifecycle: {
            postStart: LifecycleHandler.command(['true']),
            preStop: LifecycleHandler.http({ port: 'http', path: '/stop' }),
          },
          stdin: true,
          tty: true,
          capabilities: { add: ['NET_BIND_SERVICE'] },
          readOnlyRootFilesystem: true,
          volumeMounts: [
            { volume: 'cache', mountPath: '/cache' },
            { volume: 'creds', mountPath: '/creds', readOnly: true },
            { volume: 'data', mountPath: '/data', readOnly: true, subPath: 'v1' },
            { volume: 'oss', mountPath: '/oss' },
            { volume: 'nfs', mountPath: '/var/log/app' },
          ],
          logs: { directory: '/var/log/app', files: ['/var/log/app/*.log'] },
        },
      ],
    };
  }

  test('matches the Kubernetes 1.28 schema, unknown fields included', () => {
    const { manifest } = synth(everything());
    expect(checkManifestSchema(manifest)).toEqual([]);
  });

  test('with host network and opt-ins, still matches the 1.28 schema', () => {
    const { manifest } = synth({
      ...everything(),
      network: NetworkMode.host(),
      runAs: RunAs.root(),
      volumes: [
        ...everything().volumes!,
        Volume.fromHostPath('host-logs', '/var/log', { type: HostPathType.DIRECTORY_OR_CREATE }),
      ],
      initContainers: [
        { image: IMAGE, privileged: true, volumeMounts: [{ volume: 'host-logs', mountPath: '/host' }] },
      ],
    });
    expect(checkManifestSchema(manifest)).toEqual([]);
    expect(manifest.metadata.annotations[POD_SECURITY]).toBe('privileged');
  });

  test('is idempotent: synthesizing twice gives the same output', () => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', everything());
    const first = JSON.stringify(Testing.synth(chart));
    expect(JSON.stringify(Testing.synth(chart))).toBe(first);
  });

  test('the pod of every feature at once is baseline (NFS) and warns about nothing', () => {
    const { chart, batchJob } = synth(everything());
    expect(batchJob.podSecurityLevel).toBe(PodSecurityLevel.BASELINE);
    expect(collectWarnings(chart)).toEqual([]);
  });
});
