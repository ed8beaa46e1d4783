import * as z from 'zod';
import { reportingCheck } from '../validation/compiled';
import { HttpScheme, LifecycleHandler, Probe } from '../values/probe';
import type { HandlerAction } from '../values/probe';
import { INT32_MAX } from '../rules/names';
import { isDuration } from '../rules/plain-values';
import { asArray, asInt } from '../rules/utils';

/** IANA service name (a named port): ≤ 15 of [-a-z0-9], a letter, no `--`, no leading/trailing `-`. */
export function portNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 15) return 'port name must be 1 to 15 characters';
  if (!/^[-a-z0-9]+$/.test(name)) return "port name must consist of lowercase letters, digits and '-'";
  if (!/[a-z]/.test(name)) return 'port name must contain at least one letter';
  if (name.includes('--')) return "port name must not contain '--'";
  if (name.startsWith('-') || name.endsWith('-')) return "port name must not start or end with '-'";
  return undefined;
}

/** HTTP header names (`IsHTTPHeaderName`). */
export const HEADER_NAME = /^[-A-Za-z0-9]+$/;

/**
 * Reports a problem with the offending value. A function of the context rather than a closure made per
 * check: these rules run for every probe of every job, nearly always without a problem.
 */
function issue(ctx: z.RefinementCtx, path: PropertyKey[], message: string, got: unknown) {
  ctx.addIssue({ code: 'custom', path, message, params: { got } });
}

/** A port given as a number (1–65535) or a name, at `port`. */
function checkPort(port: unknown, ctx: z.RefinementCtx) {
  if (typeof port === 'string') {
    const problem = portNameProblem(port);
    if (problem) issue(ctx, ['port'], problem, port);
  } else if (asInt(port) === undefined || (port as number) < 1 || (port as number) > 65535) {
    issue(ctx, ['port'], 'must be a port number from 1 to 65535 or a port name', port);
  }
}

/** The rules of a probe's or hook's action. */
function checkAction(action: HandlerAction, ctx: z.RefinementCtx) {
  switch (action.kind) {
    case 'exec':
      if (
        !Array.isArray(action.command) ||
        action.command.length === 0 ||
        action.command.some((c) => typeof c !== 'string')
      ) {
        issue(ctx, ['command'], 'must be a non-empty list of strings', action.command);
      }
      break;
    case 'tcpSocket':
      checkPort(action.port, ctx);
      break;
    case 'httpGet': {
      const http = action.http ?? {};
      checkPort(http.port, ctx);
      if (http.path !== undefined && (typeof http.path !== 'string' || !http.path.startsWith('/'))) {
        issue(ctx, ['path'], "must start with '/'", http.path);
      }
      if (http.scheme !== undefined && !Object.values(HttpScheme).includes(http.scheme)) {
        issue(ctx, ['scheme'], 'must be HTTP or HTTPS', http.scheme);
      }
      if (Array.isArray(http.headers)) {
        http.headers.forEach((header: unknown, i) => {
          const { name, value } = (header ?? {}) as { name?: unknown; value?: unknown };
          if (typeof name !== 'string' || !HEADER_NAME.test(name))
            issue(ctx, ['headers', i, 'name'], "header name must consist of letters, digits and '-'", name);
          if (typeof value !== 'string')
            issue(ctx, ['headers', i, 'value'], 'header value must be a string', value);
        });
      } else if (http.headers !== undefined && http.headers !== null) {
        for (const [name, value] of Object.entries(http.headers)) {
          if (!HEADER_NAME.test(name))
            issue(ctx, ['headers', name], "header name must consist of letters, digits and '-'", name);
          if (typeof value !== 'string')
            issue(ctx, ['headers', name], 'header value must be a string', value);
        }
      }
      break;
    }
  }
}

/** The ports a probe or hook refers to by name. @internal */
export function namedPortOf(action: HandlerAction | undefined): string | undefined {
  if (!action) return undefined;
  const port =
    action.kind === 'tcpSocket' ? action.port : action.kind === 'httpGet' ? action.http?.port : undefined;
  return typeof port === 'string' ? port : undefined;
}

/** `toSeconds` options, one object for every probe. */
const NOT_INTEGRAL = { integral: false } as const;
const THRESHOLDS = ['successThreshold', 'failureThreshold'] as const;

/** A probe timing of whole seconds in [min, INT32_MAX]s, when given. */
function checkSeconds(ctx: z.RefinementCtx, t: Record<string, unknown>, field: string, min: number) {
  const d = t[field];
  if (d === undefined) return;
  const s = isDuration(d) ? d.toSeconds(NOT_INTEGRAL) : undefined;
  if (s === undefined || !Number.isInteger(s) || s < min || s > INT32_MAX) {
    issue(ctx, [field], `must be a Duration of whole seconds from ${min}s to ${INT32_MAX}s`, d);
  }
}

/** The rules of one `Probe`: its action and timing. `successThreshold` = 1 is checked per probe kind. */
export const probeSchema = z
  .custom<Probe>((v) => v instanceof Probe, { message: 'must be a Probe (e.g. Probe.http({ port: 8080 }))' })
  .check(
    reportingCheck((probe, ctx) => {
      checkAction(probe.action, ctx);
      if (probe.timing === null || typeof probe.timing !== 'object') {
        issue(ctx, ['timing'], 'must be an object of probe timings', probe.timing);
        return;
      }
      const t = probe.timing as Record<string, unknown>;
      checkSeconds(ctx, t, 'initialDelay', 0);
      checkSeconds(ctx, t, 'period', 1);
      checkSeconds(ctx, t, 'timeout', 1);
      for (const field of THRESHOLDS) {
        const n = t[field];
        if (n !== undefined && (asInt(n) === undefined || (n as number) < 1 || (n as number) > INT32_MAX)) {
          issue(ctx, [field], 'must be a whole number, at least 1', n);
        }
      }
    })
  );

/** The rules of one lifecycle hook. */
export const lifecycleHandlerSchema = z
  .custom<LifecycleHandler>((v) => v instanceof LifecycleHandler, {
    message: 'must be a LifecycleHandler (e.g. LifecycleHandler.command([...]))',
  })
  .check(reportingCheck((handler, ctx) => checkAction(handler.action, ctx)));

/** Linux capabilities, without the `CAP_` prefix; `ALL` stands for every one. */
export const CAPABILITIES = new Set([
  'ALL',
  'AUDIT_CONTROL',
  'AUDIT_READ',
  'AUDIT_WRITE',
  'BLOCK_SUSPEND',
  'BPF',
  'CHECKPOINT_RESTORE',
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'IPC_LOCK',
  'IPC_OWNER',
  'KILL',
  'LEASE',
  'LINUX_IMMUTABLE',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'MKNOD',
  'NET_ADMIN',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_RAW',
  'PERFMON',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYSLOG',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_CHROOT',
  'SYS_MODULE',
  'SYS_NICE',
  'SYS_PACCT',
  'SYS_PTRACE',
  'SYS_RAWIO',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'WAKE_ALARM',
]);

export const capabilityList = z.array(z.string()).check(
  reportingCheck((caps, ctx) => {
    asArray<string>(caps).forEach((cap, i) => {
      if (!CAPABILITIES.has(cap)) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: "must be a Linux capability without the 'CAP_' prefix, e.g. NET_BIND_SERVICE",
        });
      }
    });
  })
);
