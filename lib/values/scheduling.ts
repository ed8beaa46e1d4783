import { aBoolean, aNumber, argumentsCheck, aString, options, strings } from '../validation/arguments';
import { freezeValueObject } from '../validation/plain-data';

/** Operators of a node requirement. */
export enum NodeOperator {
  IN = 'In',
  NOT_IN = 'NotIn',
  EXISTS = 'Exists',
  DOES_NOT_EXIST = 'DoesNotExist',
  /** The label value, an integer, is greater than the one given. */
  GT = 'Gt',
  /** The label value, an integer, is less than the one given. */
  LT = 'Lt',
}

/** One requirement on a node label. Build it with `NodeRequirement`'s helpers or as a literal. */
export interface NodeRequirement {
  /** The node label key, e.g. `topology.kubernetes.io/zone`. */
  readonly key: string;
  /** How the label is matched. */
  readonly operator: NodeOperator;
  /**
   * Values: one or more for In/NotIn, none for Exists/DoesNotExist, exactly one integer for Gt/Lt.
   * @default - none
   */
  readonly values?: string[];
}

// The run-time checks of the factories' arguments (see validation/arguments.ts).
const nodeLabelCheck = (call: string, withValues: 'values' | 'value' | 'none') =>
  argumentsCheck({
    type: 'NodeLabel',
    call: `NodeLabel.${call}`,
    shape: () => ({
      key: aString,
      ...(withValues === 'values' ? { values: strings } : withValues === 'value' ? { value: aNumber } : {}),
    }),
  });
const NODE_LABEL_CHECKS = {
  in: nodeLabelCheck('in(key, ...values)', 'values'),
  notIn: nodeLabelCheck('notIn(key, ...values)', 'values'),
  exists: nodeLabelCheck('exists(key)', 'none'),
  doesNotExist: nodeLabelCheck('doesNotExist(key)', 'none'),
  greaterThan: nodeLabelCheck('greaterThan(key, value)', 'value'),
  lessThan: nodeLabelCheck('lessThan(key, value)', 'value'),
};

/** Shorthands for node requirements. */
export class NodeLabel {
  /** The label has one of the values. */
  public static in(key: string, ...values: string[]): NodeRequirement {
    ({ values } = NODE_LABEL_CHECKS.in({ key, values }));
    return { key, operator: NodeOperator.IN, values };
  }
  /** The label has none of the values (or is missing). */
  public static notIn(key: string, ...values: string[]): NodeRequirement {
    ({ values } = NODE_LABEL_CHECKS.notIn({ key, values }));
    return { key, operator: NodeOperator.NOT_IN, values };
  }
  /** The label exists. */
  public static exists(key: string): NodeRequirement {
    NODE_LABEL_CHECKS.exists({ key });
    return { key, operator: NodeOperator.EXISTS };
  }
  /** The label does not exist. */
  public static doesNotExist(key: string): NodeRequirement {
    NODE_LABEL_CHECKS.doesNotExist({ key });
    return { key, operator: NodeOperator.DOES_NOT_EXIST };
  }
  /** The label's integer value is greater than `value`. */
  public static greaterThan(key: string, value: number): NodeRequirement {
    NODE_LABEL_CHECKS.greaterThan({ key, value });
    return { key, operator: NodeOperator.GT, values: [String(value)] };
  }
  /** The label's integer value is less than `value`. */
  public static lessThan(key: string, value: number): NodeRequirement {
    NODE_LABEL_CHECKS.lessThan({ key, value });
    return { key, operator: NodeOperator.LT, values: [String(value)] };
  }
  private constructor() {}
}

/** A preferred ("try") node affinity term. */
export interface PreferredNodeTerm {
  /** Weight, 1–100: nodes matching heavier terms score higher. */
  readonly weight: number;
  /** Requirements that must all hold for the term to match. */
  readonly requirements: NodeRequirement[];
}

/** Node affinity: where the pods must ("required") or should ("preferred") run. */
export interface NodeAffinity {
  /**
   * Requirements that must all hold on the node (TKEStack's "must" rules).
   * @default - none
   */
  readonly required?: NodeRequirement[];
  /**
   * Terms the scheduler tries to satisfy (TKEStack's "try" rules).
   * @default - none
   */
  readonly preferred?: PreferredNodeTerm[];
}

/** Operators of a toleration. */
export enum TolerationOperator {
  /** The taint's value equals the toleration's. */
  EQUAL = 'Equal',
  /** Any value (a toleration without a key tolerates every taint). */
  EXISTS = 'Exists',
}

/** Effects of a taint. */
export enum TaintEffect {
  NO_SCHEDULE = 'NoSchedule',
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  NO_EXECUTE = 'NoExecute',
}

/** Lets the pods run on nodes with a matching taint. */
export interface Toleration {
  /**
   * The taint key.
   * @default - every key (needs operator Exists)
   */
  readonly key?: string;
  /**
   * How the value is matched.
   * @default TolerationOperator.EQUAL
   */
  readonly operator?: TolerationOperator;
  /**
   * The taint value (Equal only).
   * @default ''
   */
  readonly value?: string;
  /**
   * The taint effect.
   * @default - every effect
   */
  readonly effect?: TaintEffect;
  /**
   * How long the pod stays on a node after a NoExecute taint appears (NoExecute only).
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

const NETWORK_CHECKS = {
  nat: argumentsCheck({
    type: 'NetworkMode',
    call: 'NetworkMode.nat(options)',
    shape: () => ({ options: options({ randomPortMapping: aBoolean.optional() }) }),
  }),
  floatingIp: argumentsCheck({
    type: 'NetworkMode',
    call: 'NetworkMode.floatingIp(options)',
    shape: () => ({ options: options({ releasePolicy: aString.optional() }) }),
  }),
};

/** How the pods are networked. */
export class NetworkMode {
  /** The cluster's pod network (TKEStack's "Overlay"). */
  public static overlay(): NetworkMode {
    return new NetworkMode('overlay');
  }

  /**
   * The node's network namespace (`hostNetwork: true`, DNS policy ClusterFirstWithHostNet).
   * Explicit opt-in: the pod becomes "privileged" under the Pod Security Standards.
   */
  public static host(): NetworkMode {
    return new NetworkMode('host');
  }

  /**
   * TKEStack "NAT" (port mapping): the galaxy overlay network; with `randomPortMapping`, galaxy maps
   * random host ports to the container ports. Needs `Platform.tkestack()`.
   */
  public static nat(options: { readonly randomPortMapping?: boolean } = {}): NetworkMode {
    ({ options } = NETWORK_CHECKS.nat({ options }));
    return new NetworkMode('nat', undefined, options.randomPortMapping ?? false);
  }

  /**
   * TKEStack "FloatingIP": a VPC IP from galaxy's pool (`galaxy-k8s-vlan`), released per
   * `releasePolicy`. Needs `Platform.tkestack()`.
   */
  public static floatingIp(options: { readonly releasePolicy?: FloatingIpReleasePolicy } = {}): NetworkMode {
    ({ options } = NETWORK_CHECKS.floatingIp({ options }));
    return new NetworkMode('floatingIp', options.releasePolicy ?? FloatingIpReleasePolicy.IMMUTABLE);
  }

  private constructor(
    /** Which mode. */
    public readonly kind: 'overlay' | 'host' | 'nat' | 'floatingIp',
    /** The floating IP release policy. */
    public readonly releasePolicy?: FloatingIpReleasePolicy,
    /** NAT with random host ports. */
    public readonly randomPortMapping = false
  ) {
    freezeValueObject(this);
  }
}

/** When TKEStack releases a pod's floating IP. */
export enum FloatingIpReleasePolicy {
  /** Only when the workload is scaled down or deleted (TKEStack's console default). */
  IMMUTABLE = 'immutable',
  /** Never. */
  NEVER = 'never',
  /** As soon as the pod is deleted or moves. */
  ALWAYS = 'always',
}
