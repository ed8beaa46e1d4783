import { App, Chart, Duration } from 'cdk8s';
import { ArgoCdApplication, ArgoCdHook, BatchJob, EnvValue, ReapplyPolicy } from '../lib';

/**
 * The Argo CD Application that syncs this repository's `dist/`. It is written to `dist/argocd/`,
 * outside the synced manifests: apply it once with `kubectl apply -f dist/argocd/`.
 */
export function argoCdApplicationChart(app: App): Chart {
  const chart = new Chart(app, 'application');
  new ArgoCdApplication(chart, 'app', {
    name: 'batch-jobs',
    repoUrl: 'https://git.example.com/platform/batch-jobs.git',
    targetRevision: 'main',
    path: 'dist',
    destination: { namespace: 'default' },
    syncOptions: ['CreateNamespace=true', 'ApplyOutOfSyncOnly=true'],
  });
  return chart;
}

/**
 * A database migration that runs as an Argo CD PreSync hook before every sync (the seeds' one-off
 * example), re-created each time (BeforeHookCreation), in sync wave -1.
 */
export function preSyncMigrationChart(app: App): Chart {
  const chart = new Chart(app, 'presync-migration');
  new BatchJob(chart, 'migrate', {
    name: 'db-migrate-presync',
    namespace: 'default',
    description: 'Runs the schema migration before every Argo CD sync',
    reapply: ReapplyPolicy.argoCdHook(ArgoCdHook.PRE_SYNC),
    argoCd: { syncWave: -1 },
    backoffLimit: 2,
    activeDeadline: Duration.minutes(10),
    containers: [
      {
        name: 'migrate',
        image: 'registry.example.com/app/migrations:3.2.0',
        args: ['migrate', 'up'],
        env: { DATABASE_URL: EnvValue.fromSecretKey('app-database', 'url') },
      },
    ],
  });
  return chart;
}
