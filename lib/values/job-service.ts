import * as z from 'zod';
import { aBoolean, aNumber, aString, argumentsCheck, options } from '../validation/arguments';
import { Protocol } from './container';
import { freezeValueObject } from '../validation/plain-data';

/** How a Job's Service is reached: `spec.type`, or headless (`clusterIP: None`). */
export enum JobServiceType {
  /** A virtual IP inside the cluster (`type: ClusterIP`). */
  CLUSTER_IP = 'ClusterIP',
  /** The cluster IP, plus a port on every node (`type: NodePort`). */
  NODE_PORT = 'NodePort',
  /** No virtual IP (`clusterIP: None`): DNS answers with the pods' own addresses. */
  HEADLESS = 'Headless',
}

/** One port of a Job's Service. */
export interface ServicePort {
  /** The port the Service listens on, 1–65535. */
  readonly port: number;
  /**
   * The port's name (a DNS label, at most 63 characters); required when the Service has more than one port.
   * @default - none
   */
  readonly name?: string;
  /**
   * The pods' port: a number, or the name of a container port.
   * @default - the same number as `port`
   */
  readonly targetPort?: number | string;
  /**
   * Protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
  /**
   * The port on every node, for `JobService.nodePort` only; it must lie in the cluster's NodePort range
   * (30000–32767 unless the cluster changed it).
   * @default - allocated by Kubernetes
   */
  readonly nodePort?: number;
}

/** Options of `JobService.clusterIp` and `JobService.nodePort`. */
export interface JobServiceOptions {
  /** The ports (at least one). */
  readonly ports: ServicePort[];
  /**
   * The Service's name: a DNS-1035 label (lowercase letters, digits and '-', starting with a letter, at most
   * 63 characters).
   * @default - the job construct's name
   */
  readonly name?: string;
}

/** Options of `JobService.headless`. */
export interface HeadlessServiceOptions {
  /**
   * The ports; a headless Service needs none to give the pods DNS names.
   * @default - none
   */
  readonly ports?: ServicePort[];
  /**
   * The Service's name (a DNS-1035 label). For an indexed Job it is also the pods' `subdomain`, so that pod
   * `<job name>-<index>` is reachable as `<job name>-<index>.<service name>`.
   * @default - the job construct's name
   */
  readonly name?: string;
  /**
   * Publish the pods' addresses before they are ready (`publishNotReadyAddresses`): peers of a Job without
   * readiness probes find each other as soon as they have an IP.
   * @default true
   */
  readonly publishNotReadyAddresses?: boolean;
}

const HINTS = {
  type: 'set by the factory: JobService.clusterIp, JobService.nodePort or JobService.headless',
  selector: 'set by the job construct: the Job\u2019s pods (batch.kubernetes.io/job-name)',
};
const portShape = () =>
  options(
    {
      port: aNumber,
      name: aString.optional(),
      targetPort: z.union([aNumber, aString], { error: 'must be a port number or a port name' }).optional(),
      protocol: aString.optional(),
      nodePort: aNumber.optional(),
    },
    { containerPort: 'targetPort: the pods\u2019 port (number or name)' }
  );
const CHECKS = {
  withPorts: (call: string) =>
    argumentsCheck({
      type: 'JobService',
      call,
      shape: () => ({
        options: options({ ports: z.array(portShape()), name: aString.optional() }, HINTS),
      }),
    }),
  headless: argumentsCheck({
    type: 'JobService',
    call: 'JobService.headless(options)',
    shape: () => ({
      options: options(
        {
          ports: z.array(portShape()).optional(),
          name: aString.optional(),
          publishNotReadyAddresses: aBoolean.optional(),
        },
        HINTS
      ),
    }),
  }),
};
const CLUSTER_IP_CHECK = CHECKS.withPorts('JobService.clusterIp(options)');
const NODE_PORT_CHECK = CHECKS.withPorts('JobService.nodePort(options)');

/**
 * A `v1` Service in front of a Job's pods (the DCE console's "service" step), rendered next to the Job and
 * selecting its pods by the `batch.kubernetes.io/job-name` label, with the Job's final name (under
 * `ReapplyPolicy.renameOnChange()`, the hashed one).
 *
 * @example
 * JobService.nodePort({ ports: [{ name: 'tensorboard', port: 6006 }] })
 */
export class JobService {
  /** A Service with a cluster IP, reachable inside the cluster. */
  public static clusterIp(options: JobServiceOptions): JobService {
    ({ options } = CLUSTER_IP_CHECK({ options }));
    return new JobService(JobServiceType.CLUSTER_IP, copyPorts(options.ports), options.name);
  }

  /** A cluster IP Service that also listens on a port of every node. */
  public static nodePort(options: JobServiceOptions): JobService {
    ({ options } = NODE_PORT_CHECK({ options }));
    return new JobService(JobServiceType.NODE_PORT, copyPorts(options.ports), options.name);
  }

  /**
   * A headless Service (`clusterIP: None`): DNS names for the pods themselves. For an indexed Job the pods'
   * `subdomain` is set to it, which gives each pod the name `<job name>-<index>.<service name>`.
   */
  public static headless(options: HeadlessServiceOptions = {}): JobService {
    ({ options } = CHECKS.headless({ options }));
    return new JobService(
      JobServiceType.HEADLESS,
      copyPorts(options.ports ?? []),
      options.name,
      options.publishNotReadyAddresses ?? true
    );
  }

  private constructor(
    /** How the Service is reached. */
    public readonly type: JobServiceType,
    /** The ports. */
    public readonly ports: readonly ServicePort[],
    /** The name given; undefined for the job construct's name. */
    public readonly name?: string,
    /** Whether not-ready pods are published (headless only). */
    public readonly publishNotReadyAddresses?: boolean
  ) {
    freezeValueObject(this);
  }
}

function copyPorts(ports: readonly ServicePort[]): ServicePort[] {
  return ports.map((p) => ({ ...p }));
}
