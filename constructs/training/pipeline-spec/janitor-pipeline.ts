import { KFP_PLACEHOLDERS, STEP_IMAGE } from '../../../src/catalog/kfp';
import { InputError } from '../../../src/core/errors';
import { constant, ContainerResources, PipelineSpec, PipelineSpecBuilder } from './builder';
import { pipelineSpecProblems } from './check';

export interface JanitorPipelineOptions {
  /** The embedded janitor step program (common.py + janitor_step.py). */
  readonly program: string;
  /** Default: the catalog's STEP_IMAGE. */
  readonly image?: string;
  readonly resources?: ContainerResources;
}

/**
 * The janitor's pipeline: one container task that deletes the environment's stranded TPU requests
 * (src/jobs/steps/janitor_step.py) and records them. Its inputs: project, zone, environment,
 * max_age_seconds (requests older than that are stranded: the run timeout plus an hour), records_uri.
 */
export function janitorPipelineSpec(options: JanitorPipelineOptions): PipelineSpec {
  if (!options.program.trim()) throw new InputError(['programs.janitor: empty; allowed: the embedded step program']);
  const b = new PipelineSpecBuilder({
    name: 'tpu-janitor',
    description:
      'Deletes stranded TPU queued resources of this environment (FAILED, SUSPENDED, or older than a run can live)',
  });
  const project = b.input('project', 'STRING', { description: 'Project id' });
  const zone = b.input('zone', 'STRING', { description: 'Zone of the queued resources' });
  const environment = b.input('environment', 'STRING', { description: 'The environment label runs carry' });
  const maxAge = b.input('max_age_seconds', 'NUMBER_INTEGER', { description: 'Requests older than this are stranded' });
  const records = b.input('records_uri', 'STRING', { description: 'gs://<bucket>/runs/janitor' });
  const janitor = b.component('janitor', {
    inputs: {
      project: { type: 'STRING' },
      zone: { type: 'STRING' },
      environment: { type: 'STRING' },
      max_age_seconds: { type: 'NUMBER_INTEGER' },
      records_uri: { type: 'STRING' },
      run_id: { type: 'STRING' },
    },
    outputs: { deleted: 'STRING' },
    container: (p) => ({
      image: options.image ?? STEP_IMAGE.image,
      command: [STEP_IMAGE.python, '-c', options.program],
      args: [
        `--project=${p.input('project')}`,
        `--zone=${p.input('zone')}`,
        `--environment=${p.input('environment')}`,
        `--max-age-seconds=${p.input('max_age_seconds')}`,
        `--records-uri=${p.input('records_uri')}`,
        `--run-id=${p.input('run_id')}`,
        `--output-deleted-file=${p.outputFile('deleted')}`,
      ],
      resources: options.resources ?? { cpuLimit: '1', memoryLimit: '2G' },
    }),
  });
  b.task('janitor', janitor, {
    inputs: {
      project,
      zone,
      environment,
      max_age_seconds: maxAge,
      records_uri: records,
      run_id: constant('STRING', KFP_PLACEHOLDERS.pipelineJobUuid),
    },
  });
  const spec = b.build();
  const problems = pipelineSpecProblems(spec);
  if (problems.length) throw new InputError(problems);
  return spec;
}
