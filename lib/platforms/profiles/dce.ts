import type { DceOptions } from '../platform';
import { GpuStack } from '../../gpu/stack';
import { qualifiedNameProblem } from '../../rules/names';
import { argumentsCheck, options } from '../../validation/arguments';
import { checkedString } from '../../validation/schemas';
import { PlatformProfile } from '../profile';

const check = argumentsCheck({
  type: 'Platform',
  call: 'Platform.dce(options)',
  shape: () => {
    // Rendered as annotation keys, which no construct checks again.
    const key = checkedString((k) => {
      const problem = qualifiedNameProblem(k.toLowerCase());
      return problem && `annotation key ${problem}`;
    });
    return { options: options({ aliasKey: key.optional(), descriptionKey: key.optional() }) };
  },
});

/** DaoCloud DCE 5.0 (kpanda): alias and description annotations (keys configurable), the DCE GPU stack. */
export const DCE_PROFILE: PlatformProfile<DceOptions> = {
  id: 'dce',
  displayName: 'Platform.dce()',
  checkOptions: (o) => check({ options: o }).options,
  identityKeys: (o) => ({
    displayName: o.aliasKey ?? 'kpanda.io/alias-name',
    description: o.descriptionKey ?? 'kpanda.io/describe',
  }),
  defaultGpuStack: () => GpuStack.dce(),
};
