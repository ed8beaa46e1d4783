/** Probes and lifecycle hooks (`validateProbe`, `validateLifecycle`). */
import { HEADER_NAME, portNameProblem } from '../../../lib/props/probe';
import { asList, asObject, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath, keyPath } from '../schema-check';
import { isPortNumber, PORT_NUMBER_RULE } from '../../../lib/rules/names';
import { containersOf, family, int, invalidChoice, isSet, NONNEGATIVE, str, unsupported } from './helpers';

/** A probe's or hook's port: 1–65535 or a port name (`IsValidPortNum`, `IsValidPortName`). */
function portProblem(port: unknown): string | undefined {
  if (typeof port === 'string') return portNameProblem(port);
  return isPortNumber(port) ? undefined : PORT_NUMBER_RULE;
}

/** The handler of a probe or lifecycle hook: exactly one of `kinds`, each valid. */
function handlerProblems(
  handler: Json,
  at: string,
  kinds: readonly string[],
  add: (path: string, message: string) => void
) {
  const present = kinds.filter((k) => isSet(handler[k]));
  if (present.length === 0) add(at, `must specify a handler type (one of ${kinds.join(', ')})`);
  else if (present.length > 1)
    add(at, `may not specify more than 1 handler type (has ${present.join(', ')})`);
  const exec = asObject(handler.exec);
  if (exec && asList(exec.command).length === 0) add(fieldPath(at, 'exec.command'), 'is required');
  const http = asObject(handler.httpGet);
  if (http) {
    const problem = portProblem(http.port);
    if (problem) add(fieldPath(at, 'httpGet.port'), problem);
    if (invalidChoice(http.scheme, ['HTTP', 'HTTPS'])) {
      add(fieldPath(at, 'httpGet.scheme'), unsupported(http.scheme, ['HTTP', 'HTTPS']));
    }
    asList(http.httpHeaders).forEach((h, i) => {
      const name = str(asObject(h)?.name);
      if (name !== undefined && !HEADER_NAME.test(name)) {
        add(
          keyPath(fieldPath(at, 'httpGet.httpHeaders'), i),
          "header name must consist of letters, digits and '-'"
        );
      }
    });
  }
  const tcp = asObject(handler.tcpSocket);
  if (tcp) {
    const problem = portProblem(tcp.port);
    if (problem) add(fieldPath(at, 'tcpSocket.port'), problem);
  }
  const grpc = asObject(handler.grpc);
  if (grpc) {
    if (!isPortNumber(grpc.port)) add(fieldPath(at, 'grpc.port'), PORT_NUMBER_RULE);
  }
}

/** Probes and lifecycle hooks (`validateProbe`, `validateLifecycle`), after the probe defaults. */
export function probeRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('probes');
  for (const { c, path: at } of containersOf(spec, path)) {
    for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const probe = asObject(c[kind]);
      if (!probe) continue;
      const probePath = fieldPath(at, kind);
      handlerProblems(probe, probePath, ['exec', 'httpGet', 'tcpSocket', 'grpc'], add);
      for (const field of [
        'initialDelaySeconds',
        'timeoutSeconds',
        'periodSeconds',
        'successThreshold',
        'failureThreshold',
      ]) {
        const v = int(probe[field]);
        if (v !== undefined && v < 0) add(fieldPath(probePath, field), NONNEGATIVE);
      }
      if (kind !== 'readinessProbe' && isSet(probe.successThreshold) && probe.successThreshold !== 1) {
        add(fieldPath(probePath, 'successThreshold'), `must be 1 for a ${kind.replace('Probe', '')} probe`);
      }
      const grace = probe.terminationGracePeriodSeconds;
      if (isSet(grace)) {
        if (kind === 'readinessProbe')
          add(fieldPath(probePath, 'terminationGracePeriodSeconds'), 'must not be set for readinessProbes');
        else if ((int(grace) ?? 1) <= 0)
          add(fieldPath(probePath, 'terminationGracePeriodSeconds'), 'must be greater than 0');
      }
    }
    const lifecycle = asObject(c.lifecycle);
    for (const hook of ['postStart', 'preStop']) {
      const handler = asObject(lifecycle?.[hook]);
      if (handler)
        handlerProblems(handler, fieldPath(at, `lifecycle.${hook}`), ['exec', 'httpGet', 'tcpSocket'], add);
    }
  }
  return problems;
}
