/** Container ports (`validateContainerPorts`). */
import { portNameProblem } from '../../../lib/props/probe';
import { isPortNumber, PORT_NUMBER_RULE } from '../../../lib/rules/names';
import { asList, asObject, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath, keyPath } from '../schema-check';
import { containersOf, family, int, invalidChoice, isSet, quote, str, unsupported } from './helpers';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** Container ports (`validateContainerPorts`, host port conflicts). */
export function portRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('ports');
  const hostPorts = new Set<string>();
  for (const { c, path: at, init } of containersOf(spec, path)) {
    const names = new Set<string>();
    asList(c.ports).forEach((p, i) => {
      const port = asObject(p) ?? {};
      const portPath = keyPath(fieldPath(at, 'ports'), i);
      const number = int(port.containerPort);
      if (!isSet(port.containerPort)) add(fieldPath(portPath, 'containerPort'), 'is required');
      else if (number !== undefined && !isPortNumber(number)) {
        add(fieldPath(portPath, 'containerPort'), PORT_NUMBER_RULE);
      }
      const hostPort = int(port.hostPort);
      if (hostPort !== undefined && hostPort !== 0 && !isPortNumber(hostPort)) {
        add(fieldPath(portPath, 'hostPort'), PORT_NUMBER_RULE);
      }
      if (invalidChoice(port.protocol, PROTOCOLS))
        add(fieldPath(portPath, 'protocol'), unsupported(port.protocol, PROTOCOLS));
      const name = str(port.name);
      if (name !== undefined && name !== '') {
        const problem = portNameProblem(name);
        if (problem) add(fieldPath(portPath, 'name'), problem);
        if (names.has(name)) add(fieldPath(portPath, 'name'), `duplicate value ${quote(name)}`);
        names.add(name);
      }
      if (!init && hostPort) {
        const key = `${hostPort}/${port.protocol}${port.hostIP ? ` on ${port.hostIP}` : ''}`;
        if (hostPorts.has(key))
          add(fieldPath(portPath, 'hostPort'), `duplicate host port ${quote(key)} in the pod`);
        hostPorts.add(key);
      }
    });
  }
  return problems;
}
