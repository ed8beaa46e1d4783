import type { Duration } from 'cdk8s';
import { isPlainMap } from '../rules/plain-values';
import * as z from 'zod';
import { aDuration, aNumber, argumentsCheck, aString, options, strings } from '../validation/arguments';
import { freezeValueObject } from '../validation/plain-data';

/** HTTP scheme of an HTTP probe or hook. */
export enum HttpScheme {
  HTTP = 'HTTP',
  HTTPS = 'HTTPS',
}

/** One HTTP request header of a probe or hook. */
export interface HttpHeader {
  /** The header name: letters, digits and `-`. */
  readonly name: string;
  /** The header value. */
  readonly value: string;
}

/** Where an HTTP probe or hook sends its GET request. */
export interface HttpGetOptions {
  /**
   * Request path.
   * @default '/'
   */
  readonly path?: string;
  /** Container port: a number (1–65535) or the name of one of the container's ports. */
  readonly port: number | string;
  /**
   * HTTP or HTTPS (certificates are not verified).
   * @default HttpScheme.HTTP
   */
  readonly scheme?: HttpScheme;
  /**
   * Request headers: a map (`{ 'X-Probe': '1' }`), or a list of `{ name, value }` that keeps its order and
   * may repeat a name (as the ACK console allows). Rendered as `httpHeaders`, in the order given.
   * @default - none
   */
  readonly headers?: Record<string, string> | HttpHeader[];
}

/** Timing of a probe. */
export interface ProbeTiming {
  /**
   * Wait after the container starts before the first probe (a startup probe suits slow starts).
   * @default Duration.seconds(0) (Kubernetes' default); under `Platform.ack()` the console's per type:
   *   HTTP 3 s, TCP 15 s, command 5 s
   */
  readonly initialDelay?: Duration;
  /**
   * Time between probes (≥ 1 s).
   * @default Duration.seconds(10)
   */
  readonly period?: Duration;
  /**
   * Time after which a probe counts as failed (≥ 1 s).
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;
  /**
   * Consecutive successes to count as healthy after a failure (must be 1 for liveness and startup).
   * @default 1
   */
  readonly successThreshold?: number;
  /**
   * Consecutive failures to count as unhealthy (≥ 1).
   * @default 3
   */
  readonly failureThreshold?: number;
}

/** The action of a probe or lifecycle hook. @internal */
export type HandlerAction =
  | { readonly kind: 'exec'; readonly command: readonly string[] }
  | { readonly kind: 'httpGet'; readonly http: HttpGetOptions }
  | { readonly kind: 'tcpSocket'; readonly port: number | string };

// The run-time checks of the factories' arguments (see validation/arguments.ts).
const port = z.union([aNumber, aString], { error: 'must be a port number or a port name' });
/** A map of header values, or a list of `{ name, value }` (checked by hand: zod's own messages would leak). */
const headers = () =>
  z
    .custom((v) => v !== undefined)
    .superRefine((v, ctx) => {
      const add = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
      if (!Array.isArray(v)) {
        if (!isPlainMap(v)) add([], 'must be a map of strings or a list of { name, value }');
        else for (const key of Object.keys(v)) if (typeof v[key] !== 'string') add([key], 'must be a string');
        return;
      }
      v.forEach((header: unknown, i) => {
        if (!isPlainMap(header)) return add([i], 'must be { name, value }');
        for (const key of Object.keys(header)) {
          if (key !== 'name' && key !== 'value')
            add([i], `unknown prop '${key}' (a header is { name, value })`);
        }
        for (const key of ['name', 'value'])
          if (typeof header[key] !== 'string') add([i, key], 'must be a string');
      });
    });
const httpGetShape = () => ({
  path: aString.optional(),
  port,
  scheme: aString.optional(),
  headers: headers().optional(),
});
const timingShape = () => ({
  initialDelay: aDuration.optional(),
  period: aDuration.optional(),
  timeout: aDuration.optional(),
  successThreshold: aNumber.optional(),
  failureThreshold: aNumber.optional(),
});
/** Where Kubernetes' probe fields are in `ProbeTiming` and `HttpGetOptions`. */
const PROBE_HINTS = {
  initialDelaySeconds: 'use initialDelay: Duration.seconds(n)',
  periodSeconds: 'use period: Duration.seconds(n)',
  timeoutSeconds: 'use timeout: Duration.seconds(n)',
  httpHeaders: 'use headers: { name: value } or [{ name, value }]',
};
const checkHttpProbe = argumentsCheck({
  type: 'Probe',
  call: 'Probe.http(options)',
  shape: () => ({ options: options({ ...httpGetShape(), ...timingShape() }, PROBE_HINTS) }),
});
const checkTcpProbe = argumentsCheck({
  type: 'Probe',
  call: 'Probe.tcp(options)',
  shape: () => ({ options: options({ port, ...timingShape() }, PROBE_HINTS) }),
});
const checkCommandProbe = argumentsCheck({
  type: 'Probe',
  call: 'Probe.command(command, timing)',
  shape: () => ({ command: strings, timing: options(timingShape(), PROBE_HINTS) }),
});
const checkCommandHook = argumentsCheck({
  type: 'LifecycleHandler',
  call: 'LifecycleHandler.command(command)',
  shape: () => ({ command: strings }),
});
const checkHttpHook = argumentsCheck({
  type: 'LifecycleHandler',
  call: 'LifecycleHandler.http(options)',
  shape: () => ({ options: options(httpGetShape(), PROBE_HINTS) }),
});

/** A list of headers is copied, so that a later change to the caller's list does not reach the probe. */
function copyHeaders(headers: HttpGetOptions['headers']): HttpGetOptions['headers'] {
  return Array.isArray(headers) ? headers.map((h) => ({ name: h.name, value: h.value })) : headers;
}

/**
 * A container probe: liveness (restart when failing), readiness (out of service when failing) or
 * startup (hold the other probes until it succeeds).
 */
export class Probe {
  /** Succeeds when a GET returns a status from 200 to 399. */
  public static http(options: HttpGetOptions & ProbeTiming): Probe {
    ({ options } = checkHttpProbe({ options }));
    const { path, port, scheme, headers, ...timing } = options;
    return new Probe(
      { kind: 'httpGet', http: { path, port, scheme, headers: copyHeaders(headers) } },
      timing
    );
  }

  /** Succeeds when a TCP connection to the port opens. */
  public static tcp(options: { readonly port: number | string } & ProbeTiming): Probe {
    ({ options } = checkTcpProbe({ options }));
    const { port, ...timing } = options;
    return new Probe({ kind: 'tcpSocket', port }, timing);
  }

  /** Succeeds when the command exits 0. */
  public static command(command: string[], timing: ProbeTiming = {}): Probe {
    ({ command, timing } = checkCommandProbe({ command, timing }));
    return new Probe({ kind: 'exec', command: [...command] }, timing);
  }

  private constructor(
    /** What the probe does. @internal */
    public readonly action: HandlerAction,
    /** When and how often. */
    public readonly timing: ProbeTiming
  ) {
    freezeValueObject(this);
  }
}

/** A lifecycle hook: runs right after a container starts, or before it is stopped. */
export class LifecycleHandler {
  /** Runs a command in the container. */
  public static command(command: string[]): LifecycleHandler {
    ({ command } = checkCommandHook({ command }));
    return new LifecycleHandler({ kind: 'exec', command: [...command] });
  }

  /** Sends a GET request to the container. */
  public static http(options: HttpGetOptions): LifecycleHandler {
    ({ options } = checkHttpHook({ options }));
    return new LifecycleHandler({
      kind: 'httpGet',
      http: { ...options, headers: copyHeaders(options.headers) },
    });
  }

  private constructor(
    /** What the hook does. @internal */
    public readonly action: HandlerAction
  ) {
    freezeValueObject(this);
  }
}
