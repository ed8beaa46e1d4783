import type { KubeSphereOptions } from '../platform';
import { argumentsCheck, aString, options } from '../../validation/arguments';
import { ImagePullPolicy } from '../../values/container';
import { PlatformProfile } from '../profile';

const check = argumentsCheck({
  type: 'Platform',
  call: 'Platform.kubesphere(options)',
  shape: () => ({ options: options({ creator: aString.optional() }) }),
});

/**
 * KubeSphere: the console's workload form writes the alias (≤ 63 characters) and description (≤ 256)
 * annotations and the `app` label for Jobs and CronJobs
 * (https://github.com/kubesphere/console/blob/master/src/components/Forms/Workload/BaseInfo/index.jsx).
 * The form's pull policy defaults to `IfNotPresent` (the KubeSphere Job manual, "镜像拉取策略").
 */
export const KUBESPHERE_PROFILE: PlatformProfile<KubeSphereOptions> = {
  id: 'kubesphere',
  displayName: 'Platform.kubesphere()',
  checkOptions: (o) => check({ options: o }).options,
  identityKeys: () => ({ displayName: 'kubesphere.io/alias-name', description: 'kubesphere.io/description' }),
  identityAnnotations: (o): Record<string, string> =>
    o.creator !== undefined ? { 'kubesphere.io/creator': o.creator } : {},
  identityLabels: (name) => ({ app: name.slice(0, 63).replace(/-+$/, '') }),
  displayNameMax: 63,
  descriptionMax: 256,
  defaultPullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
};
