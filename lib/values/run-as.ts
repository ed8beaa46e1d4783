import { aNumber, argumentsCheck } from '../validation/arguments';
import { freezeValueObject } from '../validation/plain-data';

// The run-time check of the factory's arguments (see validation/arguments.ts).
const checkNonRootUser = argumentsCheck({
  type: 'RunAs',
  call: 'RunAs.nonRootUser(uid, gid)',
  shape: () => ({ uid: aNumber, gid: aNumber.optional() }),
});

/**
 * The user a pod's containers run as.
 *
 * The default, `RunAs.nonRootUser(65534, 65534)` (`nobody`), passes the Pod Security Standards
 * "restricted" profile and still runs the many images that default to root (busybox, perl, python):
 * the kubelet starts them as UID 65534 instead of refusing them. Images built for a specific
 * non-root user keep it with `RunAs.imageUser()`. Images that truly need root use `RunAs.root()`,
 * an explicit opt-in that breaks "restricted".
 */
export class RunAs {
  /**
   * The default: UID and GID 65534 (`nobody`). Made directly, not by `nonRootUser`: its arguments are
   * constant and valid, and the factory would compile its argument check while the package loads.
   */
  public static readonly DEFAULT = new RunAs('nonRootUser', 65534, 65534);

  /**
   * A fixed non-root UID (≥ 1) and, optionally, GID.
   */
  public static nonRootUser(uid: number, gid?: number): RunAs {
    checkNonRootUser({ uid, gid });
    return new RunAs('nonRootUser', uid, gid);
  }

  /**
   * The image's own `USER`. The kubelet refuses to start the container when that user is root or
   * not numeric (`runAsNonRoot: true` without a UID).
   */
  public static imageUser(): RunAs {
    return new RunAs('imageUser');
  }

  /**
   * Root (UID 0). Explicit opt-in: the pod no longer meets the "restricted" Pod Security Standard
   * and is rejected by namespaces that enforce it. Capabilities are still dropped and privilege
   * escalation is still off.
   */
  public static root(): RunAs {
    return new RunAs('root', 0, 0);
  }

  private constructor(
    /** Which choice this is. */
    public readonly kind: 'nonRootUser' | 'imageUser' | 'root',
    /** The UID, when fixed. */
    public readonly uid?: number,
    /** The GID, when fixed. */
    public readonly gid?: number
  ) {
    freezeValueObject(this);
  }
}
