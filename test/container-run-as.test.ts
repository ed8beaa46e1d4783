/** Per-container `runAs` (DCE's per-container security settings): rendering, pod security level, rules, import. */
import { Testing } from 'cdk8s';
import { BatchJob, BatchJobProps, ContainerProps, PodSecurityLevel, RunAs } from '../lib';
import { POD_SECURITY_ANNOTATION } from '../lib/render/job-template';
import { importObject } from '../cli/import/importer';
import { printExpr } from '../cli/import/expr';
import { manifestProblems } from './support/build';
import { expectProblem, problemsOf } from './support/problems';

const IMAGE = 'registry.example.com/etl:1.0';

function jobOf(props: Partial<BatchJobProps>) {
  const chart = Testing.chart();
  new BatchJob(chart, 'job', { containers: [{ image: IMAGE }], ...props });
  const job = Testing.synth(chart).find((o) => o.kind === 'Job')!;
  return job;
}

const contextOf = (job: ReturnType<typeof jobOf>, i = 0) =>
  job.spec.template.spec.containers[i].securityContext;

describe('a container runAs', () => {
  test('renders runAsUser, runAsGroup and runAsNonRoot in the container securityContext', () => {
    // GIVEN a pod with the default user and a container with its own
    const job = jobOf({
      containers: [{ image: IMAGE, runAs: RunAs.nonRootUser(1000, 2000) }, { image: IMAGE }],
    });
    // THEN the container says its user, the other inherits the pod's
    expect(contextOf(job, 0)).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsGroup: 2000,
      runAsNonRoot: true,
      runAsUser: 1000,
    });
    expect(contextOf(job, 1)).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(job.spec.template.spec.securityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 65534 });
    expect(job.metadata.annotations[POD_SECURITY_ANNOTATION]).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('without a GID keeps the pod group (no runAsGroup)', () => {
    const job = jobOf({ containers: [{ image: IMAGE, runAs: RunAs.nonRootUser(1000) }] });
    expect(contextOf(job)).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(contextOf(job).runAsGroup).toBeUndefined();
  });

  test('RunAs.root() on one container is visible in it and takes the pod out of restricted', () => {
    const job = jobOf({ containers: [{ image: IMAGE }, { image: IMAGE, runAs: RunAs.root() }] });
    expect(contextOf(job, 1)).toMatchObject({ runAsGroup: 0, runAsNonRoot: false, runAsUser: 0 });
    expect(job.metadata.annotations[POD_SECURITY_ANNOTATION]).toBe(PodSecurityLevel.BASELINE);
  });

  test('an init container can run as root while the work containers stay non-root', () => {
    const chart = Testing.chart();
    const job = new BatchJob(chart, 'job', {
      initContainers: [{ image: IMAGE, command: ['chown', '-R', '1000', '/data'], runAs: RunAs.root() }],
      containers: [{ image: IMAGE, runAs: RunAs.nonRootUser(1000) }],
    });
    const spec = Testing.synth(chart)[0].spec.template.spec;
    expect(spec.initContainers[0].securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
    expect(job.podSecurityLevel).toBe(PodSecurityLevel.BASELINE);
  });

  test('non-root containers under a root pod: the pod-level runAsNonRoot false still rules out restricted', () => {
    // Pod Security Standards: a pod-level runAsNonRoot: false fails "Running as Non-root" whatever the containers say.
    const job = jobOf({
      runAs: RunAs.root(),
      containers: [{ image: IMAGE, runAs: RunAs.nonRootUser(1000) }],
    });
    expect(job.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0 });
    expect(job.metadata.annotations[POD_SECURITY_ANNOTATION]).toBe(PodSecurityLevel.BASELINE);
  });

  test('RunAs.imageUser() on a container under a pod imageUser renders runAsNonRoot only', () => {
    const job = jobOf({ runAs: RunAs.imageUser(), containers: [{ image: IMAGE, runAs: RunAs.imageUser() }] });
    expect(contextOf(job)).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
    });
    expect(job.metadata.annotations[POD_SECURITY_ANNOTATION]).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('fails when RunAs.imageUser() is under a pod UID, which a container cannot unset', () => {
    expectProblem(
      () => jobOf({ containers: [{ image: IMAGE }, { image: IMAGE, runAs: RunAs.imageUser() }] }),
      "containers[1].runAs: RunAs.imageUser() cannot take effect: the pod's runAs (RunAs.nonRootUser(65534, 65534)) " +
        "sets runAsUser 65534, which a container's securityContext can replace but not unset; give this container " +
        "RunAs.nonRootUser(<uid>), or make the pod's runAs RunAs.imageUser() and give the other containers their UIDs (got a RunAs)"
    );
  });

  test('fails with the UID rule at the container path', () => {
    const bad = { ...RunAs.nonRootUser(1), uid: 0 } as unknown as RunAs;
    Object.setPrototypeOf(bad, RunAs.prototype);
    expect(problemsOf(() => jobOf({ containers: [{ image: IMAGE, runAs: bad }] }))).toEqual([
      'containers[0].runAs.uid: must be a non-root UID from 1 to 2147483647; RunAs.root() is the opt-in for root (got 0)',
    ]);
  });

  test('fails when runAs is not a RunAs', () => {
    expect(
      problemsOf(() => jobOf({ containers: [{ image: IMAGE, runAs: 1000 as unknown as RunAs }] }))
    ).toEqual(['containers[0].runAs: must be a RunAs (e.g. RunAs.nonRootUser(1000)) (got 1000)']);
  });

  test('a runAsUser key on a container says to use runAs', () => {
    const c = { image: IMAGE, runAsUser: 1000 } as unknown as ContainerProps;
    expect(problemsOf(() => jobOf({ containers: [c] }))).toEqual([
      "containers[0]: unknown prop 'runAsUser' (use runAs: RunAs.nonRootUser(uid, gid) (or RunAs.root()))",
    ]);
  });
});

describe('validate and container users', () => {
  test('a synthesized container root passes; the same manifest edited to claim restricted is flagged', () => {
    const job = jobOf({ containers: [{ image: IMAGE, runAs: RunAs.root() }] });
    expect(manifestProblems(job)).toEqual([]);
    const edited = structuredClone(job);
    edited.metadata.annotations[POD_SECURITY_ANNOTATION] = 'restricted';
    expect(manifestProblems(edited)).toEqual([
      'pod-security (1.28) metadata.annotations[cdk8s-batch.io/pod-security]: says "restricted" but the pods meet ' +
        '"baseline" (Running as Non-root: spec.containers[0].securityContext.runAsNonRoot must be true (here or on the pod))',
    ]);
  });
});

describe('import of container users', () => {
  const jobYaml = (podSc: Record<string, unknown>, containerScs: Record<string, unknown>[]) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'etl' },
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          securityContext: podSc,
          containers: containerScs.map((sc, i) => ({ name: `c${i}`, image: IMAGE, securityContext: sc })),
        },
      },
    },
  });
  const code = (o: ReturnType<typeof importObject>) => printExpr(o.props).replace(/\s+/g, ' ');

  test('container runAsUser/runAsGroup become the container runAs; UID 0 becomes RunAs.root()', () => {
    const o = importObject(
      jobYaml({ runAsUser: 1000, runAsNonRoot: true }, [
        { runAsUser: 2000, runAsGroup: 3000 },
        { runAsUser: 0 },
        {},
      ]),
      new Set()
    );
    const text = code(o);
    expect(text).toContain(
      "name: 'c0', image: 'registry.example.com/etl:1.0', runAs: RunAs.nonRootUser(2000, 3000)"
    );
    expect(text).toContain("name: 'c1', image: 'registry.example.com/etl:1.0', runAs: RunAs.root()");
    expect(text).toContain('runAs: RunAs.nonRootUser(1000)');
    expect(o.notReproduced).toEqual([]);
  });

  test('runAsNonRoot alone becomes RunAs.imageUser() only under a pod without a UID', () => {
    const under = importObject(jobYaml({ runAsNonRoot: true }, [{ runAsNonRoot: true }]), new Set());
    expect(code(under)).toContain('runAs: RunAs.imageUser()');
    expect(code(under).match(/RunAs\.imageUser\(\)/g)).toHaveLength(2);
    expect(under.notReproduced).toEqual([]);
  });

  test('a group without a user is kept by a patch, with the reason', () => {
    const o = importObject(jobYaml({ runAsUser: 1000 }, [{ runAsGroup: 5 }]), new Set());
    expect(o.escapeHatches.map((h) => h.reason)).toContain(
      'a container user RunAs cannot express (a group or runAsNonRoot without a UID)'
    );
    expect(o.notReproduced).toEqual([]);
  });
});
