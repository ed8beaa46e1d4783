import type { Size } from 'cdk8s';

/*
 * The values that come from other libraries, typed by what this package reads of them. Any cdk8s-plus
 * version (cdk8s-plus-28 through the newest) fits, and so does any copy of cdk8s: values are checked
 * by shape at run time, never with `instanceof` our own copy.
 */

/**
 * A Kubernetes object referred to by its name: a cdk8s-plus resource of any version (`ISecret`,
 * `IConfigMap`, `IServiceAccount`, `IPersistentVolumeClaim`, e.g. `Secret.fromSecretName(...)`), or
 * any object with the name. Only `name` is read; a `kind`, when present, must be the kind expected,
 * so that a ConfigMap cannot stand in for a Secret.
 */
export interface ResourceRef {
  /** The object's name. */
  readonly name: string;
  /**
   * The object's kind (cdk8s-plus resources have one), e.g. `Secret`.
   * @default - not checked
   */
  readonly kind?: string;
}

/**
 * A cdk8s-plus `Cpu` of any version (`Cpu.millis(250)`, `Cpu.units(2)`): what this package reads of
 * it, its Kubernetes quantity.
 */
export interface CpuLike {
  /** The Kubernetes quantity, e.g. `250m`. */
  readonly amount: string;
}

/**
 * An amount of CPU: a Kubernetes quantity (`'250m'`, `'0.5'`, `'2'`) or a cdk8s-plus `Cpu` of any
 * version (`Cpu.millis(250)`).
 */
export type CpuAmount = string | CpuLike;

/**
 * An amount of memory or storage: a Kubernetes quantity of whole bytes (`'512Mi'`, `'1Gi'`, `'1G'`)
 * or a cdk8s `Size` (`Size.mebibytes(512)`).
 */
export type BytesAmount = string | Size;

/** A request and a limit of one resource; leave either out for "none". */
export interface RequestAndLimit<T> {
  /**
   * What the scheduler reserves for the container.
   * @default - none (the limit, when there is one, as Kubernetes defaults it)
   */
  readonly request?: T;
  /**
   * The most the container may use.
   * @default - no limit
   */
  readonly limit?: T;
}

/**
 * CPU, memory and ephemeral-storage requests and limits of a container: cdk8s-plus'
 * `ContainerResources` of any version fits, and so do Kubernetes quantity strings.
 */
export interface ContainerResources {
  /**
   * CPU.
   * @default - none
   */
  readonly cpu?: RequestAndLimit<CpuAmount>;
  /**
   * Memory.
   * @default - none
   */
  readonly memory?: RequestAndLimit<BytesAmount>;
  /**
   * Ephemeral (node-local) storage.
   * @default - none
   */
  readonly ephemeralStorage?: RequestAndLimit<BytesAmount>;
}
