/** The spec of a `v1` Service in front of a Job's pods. Pure. */
import { JOB_NAME_POD_LABEL, ServiceSpec } from '../props/job-service';
import { JobServiceType } from '../values/job-service';
import { Protocol } from '../values/container';

/**
 * Renders a Service spec that selects the pods of the Job named `jobName` by the label Kubernetes puts on
 * them (`batch.kubernetes.io/job-name`, 1.27+). Keys sorted, as cdk8s writes them.
 */
export function renderServiceSpec(spec: ServiceSpec, jobName: string): Record<string, unknown> {
  const headless = spec.type === JobServiceType.HEADLESS;
  return {
    clusterIP: headless ? 'None' : undefined,
    ports:
      spec.ports.length === 0
        ? undefined
        : spec.ports.map((p) => ({
            name: p.name,
            nodePort: p.nodePort || undefined,
            port: p.port,
            protocol: p.protocol ?? Protocol.TCP,
            // A targetPort of 0 or "" is the port itself (SetDefaults_Service), as is none.
            targetPort: p.targetPort || p.port,
          })),
    publishNotReadyAddresses: spec.publishNotReadyAddresses || undefined,
    selector: { [JOB_NAME_POD_LABEL]: jobName },
    type: headless ? JobServiceType.CLUSTER_IP : spec.type,
  };
}
