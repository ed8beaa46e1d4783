import { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { Cpu, Secret } from 'cdk8s-plus-33';
import { BatchJob, EnvValue } from 'cdk8s-batch';

export class MigrationChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    const db = Secret.fromSecretName(this, 'db', 'db-credentials');
    new BatchJob(this, 'migrate', {
      name: 'migrate',
      containers: [
        {
          image: 'registry.example.com/shop/migrate:1.4.2',
          env: { DB_PASSWORD: EnvValue.fromSecretKey(db, 'password') },
          resources: { cpu: { request: Cpu.millis(250) }, memory: { limit: '512Mi' } },
        },
      ],
    });
  }
}
