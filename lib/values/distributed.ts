import { aNumber, aString, argumentsCheck, options } from '../validation/arguments';
import { freezeValueObject } from '../validation/plain-data';

/** The frameworks `Distributed` writes the rendezvous environment for. */
export enum DistributedFramework {
  /** PyTorch: `torchrun`'s `PET_*` variables, and `MASTER_ADDR`/`MASTER_PORT`/`WORLD_SIZE`/`RANK`. */
  PYTORCH = 'pytorch',
  /** JAX: `JAX_COORDINATOR_ADDRESS` (read by `jax.distributed.initialize()`), `JAX_NUM_PROCESSES`, `JAX_PROCESS_ID`. */
  JAX = 'jax',
  /** TensorFlow: `TF_CONFIG` (every worker's address and this pod's index), read by `MultiWorkerMirroredStrategy`. */
  TENSORFLOW = 'tensorflow',
  /** Any other program: `COORDINATOR_ADDRESS`, `COORDINATOR_PORT`, `NUM_NODES`, `NODE_RANK`. */
  GENERIC = 'generic',
}

/** Options every framework of `Distributed` takes. */
export interface DistributedOptions {
  /** How many pods (nodes) cooperate, each with a rank from 0 to nodes - 1; at least 1. */
  readonly nodes: number;
  /**
   * The port the coordinator (the pod of rank 0) listens on, 1–65535.
   * @default - 29500 for PyTorch (torchrun's default), 2222 for TensorFlow, 1234 for JAX and the generic variables
   */
  readonly port?: number;
  /**
   * The name of the headless Service that gives the pods their DNS names (a DNS-1035 label, at most 63
   * characters); also the pods' `subdomain`.
   * @default - the job construct's name
   */
  readonly serviceName?: string;
}

/** Options of `Distributed.pytorch`. */
export interface PyTorchOptions extends DistributedOptions {
  /**
   * Processes `torchrun` starts in each pod (`PET_NPROC_PER_NODE`), usually one per GPU.
   * @default - a GpuJob's whole cards per pod; otherwise unset (torchrun's default, 1)
   */
  readonly procsPerNode?: number;
}

/** The default coordinator port of each framework. */
export const DEFAULT_PORTS: Readonly<Record<DistributedFramework, number>> = {
  [DistributedFramework.PYTORCH]: 29500,
  [DistributedFramework.JAX]: 1234,
  [DistributedFramework.TENSORFLOW]: 2222,
  [DistributedFramework.GENERIC]: 1234,
};

const HINTS = {
  completions: 'set by Distributed: completions = parallelism = nodes',
  parallelism: 'set by Distributed: completions = parallelism = nodes',
  replicas: 'use nodes: how many pods cooperate',
  masterPort: 'use port: the coordinator port',
  nprocPerNode: 'use procsPerNode',
};
const common = { nodes: aNumber, port: aNumber.optional(), serviceName: aString.optional() };
const check = (call: string, extra = {}) =>
  argumentsCheck({
    type: 'Distributed',
    call,
    shape: () => ({ options: options({ ...common, ...extra }, HINTS) }),
  });
const CHECKS = {
  pytorch: check('Distributed.pytorch(options)', { procsPerNode: aNumber.optional() }),
  jax: check('Distributed.jax(options)'),
  tensorflow: check('Distributed.tensorflow(options)'),
  generic: check('Distributed.generic(options)'),
};

/**
 * N cooperating pods without an operator (what JobSet or the Kubeflow training operator do with custom
 * resources, done with plain `batch/v1`). Set as the `distributed` prop of `BatchJob` or `GpuJob`, it renders
 * an Indexed Job with `completions = parallelism = nodes`, a headless Service whose name is the pods'
 * `subdomain` (so pod `i` is `<job name>-<i>.<service>`), the framework's rendezvous variables with the
 * coordinator at `<job name>-0.<service>`, and the failure handling a group of ranks needs. See
 * docs/multi-node.md.
 *
 * @example
 * Distributed.pytorch({ nodes: 4, procsPerNode: 8 })
 */
export class Distributed {
  /** PyTorch (`torchrun`, or `torch.distributed` with one process a pod). */
  public static pytorch(options: PyTorchOptions): Distributed {
    ({ options } = CHECKS.pytorch({ options }));
    return new Distributed(DistributedFramework.PYTORCH, options);
  }

  /** JAX (`jax.distributed.initialize()`), one process a pod. */
  public static jax(options: DistributedOptions): Distributed {
    ({ options } = CHECKS.jax({ options }));
    return new Distributed(DistributedFramework.JAX, options);
  }

  /**
   * TensorFlow (`tf.distribute.MultiWorkerMirroredStrategy`): `TF_CONFIG` lists every worker
   * (`<job name>-<i>.<service>:<port>`) and this pod's index. The list grows with `nodes`: one environment
   * string may hold at most 128 KiB (Linux), which allows several hundred workers.
   */
  public static tensorflow(options: DistributedOptions): Distributed {
    ({ options } = CHECKS.tensorflow({ options }));
    return new Distributed(DistributedFramework.TENSORFLOW, options);
  }

  /** Any other program: generic coordinator variables (MPI-style launchers, custom rendezvous). */
  public static generic(options: DistributedOptions): Distributed {
    ({ options } = CHECKS.generic({ options }));
    return new Distributed(DistributedFramework.GENERIC, options);
  }

  /** How many pods cooperate. */
  public readonly nodes: number;
  /** The coordinator port. */
  public readonly port: number;
  /** The headless Service name given; undefined for the job construct's name. */
  public readonly serviceName?: string;
  /** Processes per pod (PyTorch), when given. */
  public readonly procsPerNode?: number;

  private constructor(
    /** The framework whose variables are rendered. */
    public readonly framework: DistributedFramework,
    options: PyTorchOptions
  ) {
    this.nodes = options.nodes;
    this.port = options.port ?? DEFAULT_PORTS[framework];
    this.serviceName = options.serviceName;
    this.procsPerNode = options.procsPerNode;
    freezeValueObject(this);
  }
}
