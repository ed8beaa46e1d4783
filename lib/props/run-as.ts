import * as z from 'zod';
import { reportingCheck } from '../validation/compiled';
import { RunAs } from '../values/run-as';
import { INT32_MAX } from '../rules/names';
import { asInt } from '../rules/utils';
import { instanceOf } from '../validation/schemas';

/** A `RunAs`, of the pod (`runAs`) or of one container (`containers[i].runAs`): non-root UIDs from 1, GIDs from 0. */
export const runAsSchema: z.ZodType<RunAs> = instanceOf(
  RunAs,
  'must be a RunAs (e.g. RunAs.nonRootUser(1000))'
).check(
  reportingCheck((runAs, ctx) => {
    if (runAs.kind !== 'nonRootUser') return;
    const uid = asInt(runAs.uid);
    if (uid === undefined || uid < 1 || uid > INT32_MAX) {
      ctx.addIssue({
        code: 'custom',
        path: ['uid'],
        message: `must be a non-root UID from 1 to ${INT32_MAX}; RunAs.root() is the opt-in for root`,
      });
    }
    const gid = asInt(runAs.gid);
    if (runAs.gid !== undefined && (gid === undefined || gid < 0 || gid > INT32_MAX)) {
      ctx.addIssue({ code: 'custom', path: ['gid'], message: `must be a GID from 0 to ${INT32_MAX}` });
    }
  })
);

/** How a `RunAs` is written in code, for messages: `RunAs.nonRootUser(1000, 1000)`. */
export function runAsText(runAs: RunAs): string {
  if (runAs.kind !== 'nonRootUser') return `RunAs.${runAs.kind}()`;
  return `RunAs.nonRootUser(${[runAs.uid, runAs.gid].filter((x) => x !== undefined).join(', ')})`;
}
