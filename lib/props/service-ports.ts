/**
 * The API server's rules for a Service's ports, shared by the Job constructs' `service`/`distributed` props
 * (lib/props/job-service.ts) and `cdk8s-batch validate` (cli/check/rules/service.ts).
 *
 * Source: `ValidateService` and `validateServicePort` in
 * https://github.com/kubernetes/kubernetes/blob/release-1.28/pkg/apis/core/validation/validation.go
 * (the same through release-1.35), after `SetDefaults_Service`
 * (https://github.com/kubernetes/kubernetes/blob/release-1.28/pkg/apis/core/v1/defaults.go): an empty
 * protocol is TCP, a `targetPort` of 0 or "" is the port itself, and a `nodePort` of 0 is allocated.
 * The node port range (30000–32767 by default) is the cluster's `--service-node-port-range`, checked when
 * the port is allocated: not here.
 */
import { dnsLabelProblem, isPortNumber, PORT_NUMBER_RULE } from '../rules/names';
import { portNameProblem } from './probe';

/** One problem of a Service's ports: its path below `ports` and the message. */
export interface ServicePortProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** What the port rules need to know about the Service. */
export interface ServicePortContext {
  /** The Service is headless (`clusterIP: None`) or an ExternalName: it may have no ports. */
  readonly portsOptional: boolean;
  /** What the Service is, for the message when it has no port (e.g. `a ClusterIP Service`). */
  readonly what: string;
  /** The message for a `nodePort` on a Service whose type has none, or undefined when the type has them. */
  readonly nodePortForbidden?: string;
  /** The protocols allowed. */
  readonly protocols: readonly string[];
}

/** What a port may hold (read defensively: manifests and hostile props alike). */
interface PortLike {
  readonly port?: unknown;
  readonly name?: unknown;
  readonly protocol?: unknown;
  readonly targetPort?: unknown;
  readonly nodePort?: unknown;
}

/** A set value: `SetDefaults_Service` treats a zero or empty `targetPort`, and a zero `nodePort`, as unset. */
const given = (v: unknown) => v !== undefined && v !== null && v !== 0 && v !== '';

/**
 * The problems of a Service's ports: at least one (unless headless), each 1–65535, named (a DNS label) when
 * there are several, names unique, port/protocol pairs unique, `targetPort` a port number or an IANA port
 * name, `nodePort` only on types that have node ports, 1–65535 and unique per protocol.
 */
export function servicePortProblems(
  ports: readonly unknown[],
  context: ServicePortContext
): ServicePortProblem[] {
  const problems: ServicePortProblem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });
  if (ports.length === 0 && !context.portsOptional) {
    add([], `must list at least one port (${context.what} needs one)`);
  }
  const names = new Set<string>();
  const numbers = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const port: PortLike = p !== null && typeof p === 'object' ? (p as PortLike) : {};
    if (!isPortNumber(port.port)) add([i, 'port'], PORT_NUMBER_RULE);
    if (port.name === undefined || port.name === '') {
      if (ports.length > 1) add([i, 'name'], 'is required when the Service has more than one port');
    } else if (typeof port.name === 'string') {
      const problem = dnsLabelProblem(port.name);
      if (problem) add([i, 'name'], problem);
      else if (names.has(port.name)) add([i, 'name'], `port name "${port.name}" is used twice`);
      names.add(port.name);
    }
    const protocol = given(port.protocol) ? port.protocol : 'TCP';
    if (typeof protocol !== 'string' || !context.protocols.includes(protocol)) {
      add([i, 'protocol'], `must be one of ${context.protocols.join(', ')}`);
    }
    const key = `${String(port.port)}/${String(protocol)}`;
    if (isPortNumber(port.port) && numbers.has(key)) add([i, 'port'], `${key} is used twice`);
    numbers.add(key);
    const target = port.targetPort;
    if (typeof target === 'string' && target !== '') {
      const problem = portNameProblem(target);
      if (problem) add([i, 'targetPort'], problem);
    } else if (given(target) && !isPortNumber(target)) {
      add([i, 'targetPort'], `${PORT_NUMBER_RULE}, or a container port name`);
    }
    if (given(port.nodePort)) {
      if (context.nodePortForbidden !== undefined) add([i, 'nodePort'], context.nodePortForbidden);
      else if (!isPortNumber(port.nodePort)) add([i, 'nodePort'], PORT_NUMBER_RULE);
      else {
        const nodeKey = `${port.nodePort}/${String(protocol)}`;
        if (nodePorts.has(nodeKey)) add([i, 'nodePort'], `node port ${nodeKey} is used twice`);
        nodePorts.add(nodeKey);
      }
    }
  });
  return problems;
}
