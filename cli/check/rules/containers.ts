/** Containers (`validateContainers`, `validateInitContainers`). */
import { KubeVersion, minorOf } from '../../../lib/rules/kube-versions';
import { dnsLabelProblem } from '../../../lib/rules/names';
import { asList, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath } from '../schema-check';
import { containersOf, family, invalidChoice, isSet, quote, str, unsupported } from './helpers';

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
/**
 * InPlacePodVerticalScaling is on by default from 1.33 (beta; alpha, off, from 1.27): from then on
 * `validateInitContainers` rejects a `resizePolicy` on an init container that is not a sidecar
 * (https://github.com/kubernetes/kubernetes/blob/release-1.33/pkg/apis/core/validation/validation.go;
 * https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/).
 */
const IN_PLACE_RESIZE_FROM = 33;
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];

/** Containers (`validateContainers`, `validateInitContainers`): names, images, policies, init-container rules. */
export function containerRules(
  spec: Json,
  path: string,
  inTemplate: boolean,
  version: KubeVersion
): ManifestProblem[] {
  const { problems, add } = family('containers');
  if (asList(spec.containers).length === 0)
    add(fieldPath(path, 'containers'), 'is required: a pod needs at least one container');
  const seen = new Set<string>();
  for (const { c, path: at, init } of containersOf(spec, path)) {
    const name = str(c.name);
    if (!name) add(fieldPath(at, 'name'), 'is required');
    else {
      const problem = dnsLabelProblem(name);
      if (problem) add(fieldPath(at, 'name'), problem);
      if (seen.has(name))
        add(
          fieldPath(at, 'name'),
          `duplicate value ${quote(name)}: container names must be unique across containers and initContainers`
        );
      seen.add(name);
    }
    if (!str(c.image)) add(fieldPath(at, 'image'), 'is required');
    if (invalidChoice(c.imagePullPolicy, PULL_POLICIES)) {
      add(fieldPath(at, 'imagePullPolicy'), unsupported(c.imagePullPolicy, PULL_POLICIES));
    }
    if (invalidChoice(c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES)) {
      add(
        fieldPath(at, 'terminationMessagePolicy'),
        unsupported(c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES)
      );
    }
    if (!init) {
      if (isSet(c.restartPolicy))
        add(fieldPath(at, 'restartPolicy'), 'may not be set for non-init containers');
      continue;
    }
    if (invalidChoice(c.restartPolicy, ['Always'])) {
      add(fieldPath(at, 'restartPolicy'), unsupported(c.restartPolicy, ['Always']));
    }
    if (c.restartPolicy !== 'Always') {
      for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (isSet(c[field]))
          add(fieldPath(at, field), 'may not be set for init containers without restartPolicy=Always');
      }
      // Before the gate is on, the API server drops resizePolicy from every container (`dropDisabledFields`).
      if (minorOf(version) >= IN_PLACE_RESIZE_FROM && asList(c.resizePolicy).length > 0) {
        add(fieldPath(at, 'resizePolicy'), 'must not be set for init containers');
      }
    }
  }
  if (inTemplate && asList(spec.ephemeralContainers).length > 0) {
    add(fieldPath(path, 'ephemeralContainers'), 'ephemeral containers not allowed in pod template');
  }
  return problems;
}
