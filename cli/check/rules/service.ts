/**
 * A Service's type, cluster IP and ports (`ValidateService`); the port rules are the constructs'
 * (lib/props/service-ports.ts). Source:
 * https://github.com/kubernetes/kubernetes/blob/release-1.28/pkg/apis/core/validation/validation.go
 */
import { servicePortProblems } from '../../../lib/props/service-ports';
import { asList, asObject, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath } from '../schema-check';
import { family, invalidChoice, str, subPath, unsupported } from './helpers';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** `spec.type`, `clusterIP: None` and `spec.ports` of a Service. */
export function serviceRules(service: Json): ManifestProblem[] {
  const { problems, add } = family('service');
  const spec = asObject(service.spec) ?? {};
  const type = str(spec.type) || 'ClusterIP';
  if (invalidChoice(type, TYPES)) {
    add('spec.type', unsupported(type, TYPES));
    return problems;
  }
  const headless = spec.clusterIP === 'None';
  if (headless && (type === 'NodePort' || type === 'LoadBalancer')) {
    add('spec.clusterIP', "may not be set to 'None' for LoadBalancer or NodePort services");
  }
  const ports = servicePortProblems(asList(spec.ports), {
    portsOptional: headless || type === 'ExternalName',
    what: `a ${type} Service`,
    nodePortForbidden: type === 'ClusterIP' ? "may not be used when `type` is 'ClusterIP'" : undefined,
    protocols: PROTOCOLS,
  });
  for (const p of ports) add(subPath(fieldPath('spec', 'ports'), p.path), p.message);
  return problems;
}
