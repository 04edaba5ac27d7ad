import { KFP_PIPELINE_SPEC, KFP_PLACEHOLDERS, STEP_IMAGE } from '../src/catalog/kfp';
import {
  constant,
  JsonObject,
  PipelineSpecBuilder,
  resourcesJson,
  sortKeys,
} from '../constructs/training/pipeline-spec/builder';
import {
  imagePinProblem,
  parameterValuesProblems,
  pipelineSpecProblems,
  terraformTemplateProblems,
} from '../constructs/training/pipeline-spec/check';
import {
  COMMON_IMPORT_LINE,
  embeddedProgram,
  LAUNCHER_PARAMETERS_TODAY,
  trainingPipelineSpec,
} from '../constructs/training/pipeline-spec/training-pipeline';

// Stand-in programs: the real ones (src/jobs/steps/*.py) are written in parallel.
const PROGRAMS = { preprocess: 'print(1)', train: 'print(2)', publish: 'print(3)' };

type Any = any;

/** The training spec, optionally changed (on a deep copy). */
function spec(change?: (s: Any) => void): Any {
  const s = structuredClone(trainingPipelineSpec({ programs: PROGRAMS })) as Any;
  change?.(s);
  return s;
}
const tasks = (s: Any) => s.root.dag.tasks;
const container = (s: Any, label: string) => s.deploymentSpec.executors[label].container;

/** Values a launcher passes: every required input, as JSON values of their types. */
const VALUES = {
  project: 'p',
  location: 'europe-west4',
  zone: 'europe-west4-a',
  dataproc_batch_request: '{}',
  tpu_request_template: '{}',
  results_uri: 'gs://b/runs',
  models_uri: 'gs://b/models',
  checkpoints_uri: 'gs://b/checkpoints',
};

describe('training pipeline spec', () => {
  it('holds to every structural rule', () => {
    expect(pipelineSpecProblems(spec())).toEqual([]);
  });

  it('is deterministic: the same bytes every build, keys sorted at every level', () => {
    const a = JSON.stringify(trainingPipelineSpec({ programs: PROGRAMS }));
    expect(JSON.stringify(trainingPipelineSpec({ programs: PROGRAMS }))).toBe(a);
    expect(JSON.stringify(sortKeys(JSON.parse(a)))).toBe(a);
    expect(a).not.toMatch(/20[0-9]{2}-[0-9]{2}-[0-9]{2}T/);
  });

  it('runs preprocess -> train -> publish, caching off, the run id from the job UUID', () => {
    const s = spec();
    expect(s.schemaVersion).toBe('2.1.0');
    expect(s.sdkVersion).toBe(KFP_PIPELINE_SPEC.sdkVersion);
    expect(Object.keys(tasks(s))).toEqual(['preprocess', 'publish', 'train']);
    expect(tasks(s).train.dependentTasks).toEqual(['preprocess']);
    expect(tasks(s).publish.dependentTasks).toEqual(['preprocess', 'train']);
    for (const t of Object.values(tasks(s)) as Any[]) {
      expect(t.cachingOptions).toEqual({});
      expect(t.retryPolicy).toBeUndefined();
      expect(t.inputs.parameters.run_id).toEqual({ runtimeValue: { constant: '{{$.pipeline_job_uuid}}' } });
    }
    expect(tasks(s).train.inputs.parameters.data_dir).toEqual({
      taskOutputParameter: { producerTask: 'preprocess', outputParameterKey: 'processed_uri' },
    });
    for (const key of ['result', 'request', 'wait_seconds', 'attempts']) {
      expect(tasks(s).publish.inputs.parameters[key]).toEqual({
        taskOutputParameter: { producerTask: 'train', outputParameterKey: key },
      });
    }
  });

  it('calls each step program as the contract says: python3 -c <program> --flag=value, outputs through output files', () => {
    const s = spec();
    const flags = (label: string) => (container(s, label).args as string[]).map((a) => a.replace(/=.*$/, ''));
    expect(container(s, 'exec-preprocess').command).toEqual(['python3', '-c', 'print(1)']);
    expect(container(s, 'exec-train').command).toEqual(['python3', '-c', 'print(2)']);
    expect(container(s, 'exec-publish').command).toEqual(['python3', '-c', 'print(3)']);
    expect(flags('exec-preprocess')).toEqual([
      '--project',
      '--region',
      '--batch-request',
      '--run-id',
      '--output-processed-uri-file',
    ]);
    expect(flags('exec-train')).toEqual([
      '--project',
      '--zone',
      '--request-template',
      '--run-id',
      '--data-dir',
      '--results-uri',
      '--max-restarts',
      '--run-timeout-seconds',
      '--output-result-file',
      '--output-request-file',
      '--output-wait-seconds-file',
      '--output-attempts-file',
    ]);
    expect(flags('exec-publish')).toEqual([
      '--run-id',
      '--models-uri',
      '--checkpoints-uri',
      '--result',
      '--request',
      '--wait-seconds',
      '--attempts',
      '--processed-uri',
      '--output-summary-file',
    ]);
    expect(container(s, 'exec-train').args).toContain(
      "--output-attempts-file={{$.outputs.parameters['attempts'].output_file}}",
    );
    expect(container(s, 'exec-preprocess').args).toContain("--region={{$.inputs.parameters['region']}}");
    expect(tasks(s).preprocess.inputs.parameters.region).toEqual({ componentInputParameter: 'location' });
    for (const label of ['exec-preprocess', 'exec-train', 'exec-publish']) {
      expect(container(s, label).image).toBe(STEP_IMAGE.image);
      expect(container(s, label).resources).toEqual({
        cpuLimit: 1,
        memoryLimit: 2,
        resourceCpuLimit: '1',
        resourceMemoryLimit: '2G',
      });
    }
  });

  it('declares the run inputs with their types, and the parameters the launcher sends today as optional strings', () => {
    const p = spec().root.inputDefinitions.parameters;
    for (const n of [
      'project',
      'location',
      'zone',
      'dataproc_batch_request',
      'tpu_request_template',
      'results_uri',
      'models_uri',
      'checkpoints_uri',
    ]) {
      expect(p[n]).toMatchObject({ parameterType: 'STRING' });
      expect(p[n].isOptional).toBeUndefined();
    }
    expect(p.max_restarts).toMatchObject({ parameterType: 'NUMBER_INTEGER', defaultValue: 3, isOptional: true });
    expect(p.run_timeout_seconds).toMatchObject({
      parameterType: 'NUMBER_INTEGER',
      defaultValue: 86400,
      isOptional: true,
    });
    for (const n of LAUNCHER_PARAMETERS_TODAY) expect(p[n].parameterType).toBe('STRING');
  });

  it('takes defaults, image, resources and retries as options; train gets no retry', () => {
    const s = trainingPipelineSpec({
      programs: PROGRAMS,
      name: 'other',
      image: 'gcr.io/x/y:1',
      resources: { cpuLimit: '500m', memoryLimit: '512M' },
      maxRestarts: 0,
      runTimeoutSeconds: 60,
      retry: {
        preprocess: { maxRetryCount: 2 },
        publish: { maxRetryCount: 1, backoffSeconds: 30, backoffMaxSeconds: 600 },
      },
    }) as Any;
    expect(s.pipelineInfo.name).toBe('other');
    expect(s.root.inputDefinitions.parameters.max_restarts.defaultValue).toBe(0);
    expect(container(s, 'exec-train').image).toBe('gcr.io/x/y:1');
    expect(container(s, 'exec-train').resources).toEqual({
      cpuLimit: 0.5,
      memoryLimit: 0.512,
      resourceCpuLimit: '500m',
      resourceMemoryLimit: '512M',
    });
    expect(tasks(s).preprocess.retryPolicy).toEqual({
      maxRetryCount: 2,
      backoffDuration: '0s',
      backoffFactor: 2,
      backoffMaxDuration: '3600s',
    });
    expect(tasks(s).publish.retryPolicy).toEqual({
      maxRetryCount: 1,
      backoffDuration: '30s',
      backoffFactor: 2,
      backoffMaxDuration: '600s',
    });
    expect(tasks(s).train.retryPolicy).toBeUndefined();
    expect(pipelineSpecProblems(s)).toEqual([]);
  });

  it('refuses an empty program and an unpinned image before anything is sent', () => {
    expect(() => trainingPipelineSpec({ programs: { ...PROGRAMS, train: ' ' } })).toThrow(/^programs\.train: empty/);
    expect(() => trainingPipelineSpec({ programs: PROGRAMS, image: 'gcr.io/x/y:latest' })).toThrow(/is tagged latest/);
  });

  it('stays small: about 8 KB besides the programs; with 10 KB programs per step about 39 KB, 52 KB in base64', () => {
    expect(JSON.stringify(spec()).length).toBeLessThan(9_000);
    const tenKb = (c: string) => c.repeat(10 * 1024);
    const s = trainingPipelineSpec({ programs: { preprocess: tenKb('p'), train: tenKb('t'), publish: tenKb('u') } });
    expect(JSON.stringify(s).length).toBeLessThan(40_000);
    // Python text grows in JSON by one backslash per quote, newline and backslash: count it in the budget.
    const quoted = '    x = "0123456789abcdef"\n'.repeat(370);
    const body = {
      pipelineSpec: trainingPipelineSpec({ programs: { preprocess: quoted, train: quoted, publish: quoted } }),
      runtimeConfig: { parameterValues: VALUES },
    };
    expect(Buffer.from(JSON.stringify(body)).toString('base64').length).toBeLessThan(100_000);
  });
});

describe('embeddedProgram', () => {
  const step = `${COMMON_IMPORT_LINE}\n\ndef main():\n    pass\n`;

  it('prepends common.py and removes exactly the import line', () => {
    expect(embeddedProgram('import json\n', step)).toBe('import json\n\ndef main():\n    pass\n');
    expect(embeddedProgram('import json', step)).toBe('import json\n\ndef main():\n    pass\n');
    expect(embeddedProgram('A = 1\n', `${COMMON_IMPORT_LINE}\r\nprint(A)\r\n`)).toBe('A = 1\nprint(A)\r\n');
  });

  it('refuses a step without the line, or with it twice', () => {
    expect(() => embeddedProgram('', 'print(1)\n')).toThrow(/0 times; allowed: exactly once/);
    expect(() => embeddedProgram('', 'from common import *\nprint(1)\n')).toThrow(/0 times/);
    expect(() => embeddedProgram('', `${step}${COMMON_IMPORT_LINE}\n`)).toThrow(/2 times/);
  });
});

/** Each mutation makes exactly the named check fire. */
describe('pipelineSpecProblems: one mutation per rule', () => {
  it.each<[string, (s: Any) => void, RegExp]>([
    [
      'a task naming a missing component',
      (s) => (tasks(s).train.componentRef.name = 'comp-trainer'),
      /^root\.dag\.tasks\.train\.componentRef\.name="comp-trainer": no such component; allowed: one of comp-preprocess, comp-publish, comp-train$/,
    ],
    [
      'a deleted component',
      (s) => delete s.components['comp-publish'],
      /^root\.dag\.tasks\.publish\.componentRef\.name="comp-publish": no such component/,
    ],
    [
      'an input the component does not declare',
      (s) => (tasks(s).train.inputs.parameters.epochs = { runtimeValue: { constant: 1 } }),
      /^root\.dag\.tasks\.train\.inputs\.parameters\.epochs: not an input of comp-train; allowed: one of data_dir, /,
    ],
    [
      'a pipeline input of another type',
      (s) => (tasks(s).train.inputs.parameters.max_restarts = { componentInputParameter: 'project' }),
      /^root\.dag\.tasks\.train\.inputs\.parameters\.max_restarts: takes "project" of type STRING into an input of type NUMBER_INTEGER; allowed: the same type$/,
    ],
    [
      'a task output of another type',
      (s) => (tasks(s).publish.inputs.parameters.attempts.taskOutputParameter.outputParameterKey = 'result'),
      /^root\.dag\.tasks\.publish\.inputs\.parameters\.attempts: takes train\.result of type STRING into an input of type NUMBER_INTEGER/,
    ],
    [
      'a constant of another type',
      (s) => (tasks(s).train.inputs.parameters.max_restarts = { runtimeValue: { constant: '3' } }),
      /^root\.dag\.tasks\.train\.inputs\.parameters\.max_restarts\.runtimeValue\.constant="3": does not match the input's type NUMBER_INTEGER/,
    ],
    [
      'a fractional constant for an integer',
      (s) => (tasks(s).train.inputs.parameters.max_restarts = { runtimeValue: { constant: 3.5 } }),
      /constant=3\.5: does not match the input's type NUMBER_INTEGER/,
    ],
    [
      'a required input left out',
      (s) => delete tasks(s).train.inputs.parameters.zone,
      /^root\.dag\.tasks\.train\.inputs\.parameters\.zone: missing; allowed: a value for every input of comp-train that is not optional and has no default$/,
    ],
    [
      'an input given two ways',
      (s) => (tasks(s).train.inputs.parameters.zone.runtimeValue = { constant: 'z' }),
      /^root\.dag\.tasks\.train\.inputs\.parameters\.zone: given 2 ways \(runtimeValue, componentInputParameter\)/,
    ],
    [
      'an undeclared pipeline input',
      (s) => (tasks(s).train.inputs.parameters.zone = { componentInputParameter: 'tpu_zone' }),
      /^root\.dag\.tasks\.train\.inputs\.parameters\.zone\.componentInputParameter="tpu_zone": not an input of the enclosing DAG; allowed: one of checkpoints_uri, /,
    ],
    [
      'a producer that is not a task',
      (s) => (tasks(s).train.inputs.parameters.data_dir.taskOutputParameter.producerTask = 'prepare'),
      /^root\.dag\.tasks\.train\.inputs\.parameters\.data_dir\.taskOutputParameter\.producerTask="prepare": not another task of this DAG; allowed: one of preprocess, publish$/,
    ],
    [
      'an output the producer does not declare',
      (s) => (tasks(s).train.inputs.parameters.data_dir.taskOutputParameter.outputParameterKey = 'processed'),
      /^root\.dag\.tasks\.train\.inputs\.parameters\.data_dir\.taskOutputParameter\.outputParameterKey="processed": not an output of preprocess \(comp-preprocess\); allowed: one of processed_uri$/,
    ],
    [
      'train not depending on preprocess',
      (s) => delete tasks(s).train.dependentTasks,
      /^root\.dag\.tasks\.train\.inputs\.parameters\.data_dir: consumes an output of preprocess, which is not upstream of train; allowed: preprocess in dependentTasks of train/,
    ],
    [
      'a dependent task that does not exist',
      (s) => tasks(s).publish.dependentTasks.push('evaluate'),
      /^root\.dag\.tasks\.publish\.dependentTasks: "evaluate" is not a task of this DAG/,
    ],
    [
      'a cycle',
      (s) => tasks(s).train.dependentTasks.push('publish'),
      /^root\.dag: the tasks form a cycle publish -> train -> publish; allowed: a DAG/,
    ],
    [
      'a task depending on itself',
      (s) => tasks(s).train.dependentTasks.push('train'),
      /^root\.dag: the tasks form a cycle train -> train;/,
    ],
    [
      'an executorLabel with no executor',
      (s) => (s.components['comp-train'].executorLabel = 'exec-trainer'),
      /^components\.comp-train\.executorLabel="exec-trainer": no such executor in deploymentSpec\.executors; allowed: one of exec-preprocess, exec-publish, exec-train$/,
    ],
    [
      'a component with both a dag and an executor',
      (s) => (s.components['comp-train'].dag = { tasks: {} }),
      /^components\.comp-train: has both dag and executorLabel; allowed: exactly one/,
    ],
    [
      'a placeholder naming an unknown input',
      (s) => container(s, 'exec-train').args.push("--epochs={{$.inputs.parameters['epochs']}}"),
      /^deploymentSpec\.executors\.exec-train\.container\.args\[12\]: placeholder \{\{\$\.inputs\.parameters\['epochs'\]\}\} names "epochs", not an input parameter of comp-train; allowed: .*\{\{\$\.inputs\.parameters\['zone'\]\}\}/,
    ],
    [
      "a placeholder naming another component's output",
      (s) => container(s, 'exec-preprocess').args.push("--x={{$.outputs.parameters['summary'].output_file}}"),
      /^deploymentSpec\.executors\.exec-preprocess\.container\.args\[5\]: placeholder .* names "summary", not an output parameter of comp-preprocess/,
    ],
    [
      'a placeholder in the program text',
      (s) => (container(s, 'exec-publish').command[2] = 'print(\'{{$.inputs.parameters["x"]}}\')'),
      /^deploymentSpec\.executors\.exec-publish\.container\.command\[2\]: placeholder .* is not a placeholder KFP knows/,
    ],
    [
      'an unpinned image',
      (s) => (container(s, 'exec-train').image = 'gcr.io/google.com/cloudsdktool/google-cloud-cli:latest'),
      /^deploymentSpec\.executors\.exec-train\.container\.image="gcr\.io\/google\.com\/cloudsdktool\/google-cloud-cli:latest": is tagged latest, which moves; allowed: an image pinned by digest/,
    ],
    [
      'an untagged image',
      (s) => (container(s, 'exec-train').image = 'gcr.io/google.com/cloudsdktool/google-cloud-cli'),
      /image=.*: has no tag/,
    ],
    [
      'a wrong schemaVersion',
      (s) => (s.schemaVersion = '2.0.0'),
      /^schemaVersion="2\.0\.0": not the schema version KFP 2 writes; allowed: "2\.1\.0"$/,
    ],
    ['no pipeline name', (s) => delete s.pipelineInfo.name, /^pipelineInfo\.name: missing/],
    [
      'a parameter type outside the enum',
      (s) => (s.components['comp-train'].outputDefinitions.parameters.attempts.parameterType = 'INT'),
      /^components\.comp-train\.outputDefinitions\.parameters\.attempts\.parameterType="INT": not a parameter type of the proto; allowed: NUMBER_DOUBLE, NUMBER_INTEGER, STRING, BOOLEAN, LIST, STRUCT, TASK_FINAL_STATUS$/,
    ],
    [
      'the unspecified parameter type',
      (s) => (s.root.inputDefinitions.parameters.tensorboard.parameterType = 'PARAMETER_TYPE_ENUM_UNSPECIFIED'),
      /^root\.inputDefinitions\.parameters\.tensorboard\.parameterType="PARAMETER_TYPE_ENUM_UNSPECIFIED": not a parameter type/,
    ],
    [
      'a default of another type',
      (s) => (s.root.inputDefinitions.parameters.max_restarts.defaultValue = '3'),
      /^root\.inputDefinitions\.parameters\.max_restarts\.defaultValue="3": does not match its type NUMBER_INTEGER/,
    ],
    [
      'a malformed retry duration',
      (s) => (tasks(s).publish.retryPolicy = { maxRetryCount: 1, backoffDuration: '30' }),
      /^root\.dag\.tasks\.publish\.retryPolicy\.backoffDuration="30": not a proto3 JSON Duration/,
    ],
  ])('%s', (_, change, message) => {
    const found = pipelineSpecProblems(spec(change));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it('accepts the edges on the passing side', () => {
    // Upstream through another task is upstream: publish -> train -> preprocess.
    expect(pipelineSpecProblems(spec((s) => (tasks(s).publish.dependentTasks = ['train'])))).toEqual([]);
    // Placeholders of the component's own outputs, pipeline-level placeholders, the executor input.
    expect(
      pipelineSpecProblems(
        spec((s) =>
          container(s, 'exec-train').args.push(
            "{{$.outputs.parameters['result'].output_file}}",
            KFP_PLACEHOLDERS.pipelineJobUuid,
            '{{$.pipeline_task_name}}',
            '{{$}}',
            "{{$.inputs.parameters['zone'].json_escape[0]}}",
          ),
        ),
      ),
    ).toEqual([]);
    // Integer constants at the safe-integer limit; doubles take integers too.
    expect(
      pipelineSpecProblems(
        spec((s) => (tasks(s).train.inputs.parameters.max_restarts = { runtimeValue: { constant: 2 ** 53 - 1 } })),
      ),
    ).toEqual([]);
    expect(
      pipelineSpecProblems(
        spec((s) => (tasks(s).train.inputs.parameters.max_restarts = { runtimeValue: { constant: 2 ** 53 } })),
      ),
    ).toHaveLength(1);
    // Pinned images: a version tag, a digest, a registry with a port.
    for (const image of [
      'gcr.io/a/b:588.0.0-slim',
      `gcr.io/a/b@sha256:${'a'.repeat(64)}`,
      `gcr.io/a/b:1@sha256:${'0'.repeat(64)}`,
      'localhost:5000/b:v1',
    ]) {
      expect(pipelineSpecProblems(spec((s) => (container(s, 'exec-train').image = image)))).toEqual([]);
    }
  });

  it('reports a malformed document instead of throwing', () => {
    expect(pipelineSpecProblems(null)).toEqual(['pipelineSpec: not a JSON object; allowed: a PipelineSpec']);
    expect(pipelineSpecProblems({ schemaVersion: '2.1.0', pipelineInfo: { name: 'x' } })).toEqual([
      'deploymentSpec.executors: missing; allowed: a map of executor label to ExecutorSpec',
      "root.dag: missing; allowed: the pipeline's DAG (root is a DAG component)",
    ]);
    expect(() => pipelineSpecProblems(spec((s) => (tasks(s).train = 'x')))).not.toThrow();
    // Names of Object.prototype are not tasks.
    expect(pipelineSpecProblems(spec((s) => tasks(s).train.dependentTasks.push('constructor')))).toEqual([
      'root.dag.tasks.train.dependentTasks: "constructor" is not a task of this DAG; allowed: one of preprocess, publish',
    ]);
  });
});

describe('imagePinProblem', () => {
  it.each<[string, string | undefined]>([
    ['gcr.io/google.com/cloudsdktool/google-cloud-cli:588.0.0-slim', undefined],
    [`gcr.io/distroless/python3-debian12@sha256:${'f'.repeat(64)}`, undefined],
    ['python:3.11', undefined],
    ['python', 'has no tag, so it runs whatever latest is'],
    ['localhost:5000/python', 'has no tag, so it runs whatever latest is'],
    ['python:latest', 'is tagged latest, which moves'],
    [`python@sha256:${'f'.repeat(63)}`, 'has a malformed digest'],
    ["{{$.inputs.parameters['image']}}", 'decided at run time, so it cannot be held to a pin'],
    ['', 'no image'],
  ])('%s', (image, why) => expect(imagePinProblem(image)).toBe(why));
});

describe('parameterValuesProblems', () => {
  const s = spec();

  it('accepts every required input, with or without the optional ones', () => {
    expect(parameterValuesProblems(s, VALUES)).toEqual([]);
    expect(parameterValuesProblems(s, { ...VALUES, max_restarts: 0, run_timeout_seconds: 2 ** 53 - 1 })).toEqual([]);
  });

  it('keeps accepting what the launcher sends today (all strings), once the new inputs are given', () => {
    const today = Object.fromEntries(
      LAUNCHER_PARAMETERS_TODAY.map((n) => [
        n,
        n === 'dataproc_batch_request' ? '{"pysparkBatch":{}}' : `value-of-${n}`,
      ]),
    );
    expect(
      parameterValuesProblems(s, { ...today, zone: 'z', tpu_request_template: '{}', results_uri: 'gs://b/runs' }),
    ).toEqual([]);
    expect(parameterValuesProblems(s, today)).toEqual([
      'runtimeConfig.parameterValues.results_uri: missing; allowed: a value for every pipeline input that is not optional and has no default',
      'runtimeConfig.parameterValues.tpu_request_template: missing; allowed: a value for every pipeline input that is not optional and has no default',
      'runtimeConfig.parameterValues.zone: missing; allowed: a value for every pipeline input that is not optional and has no default',
    ]);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'a string for an integer',
      { ...VALUES, max_restarts: '3' },
      /^runtimeConfig\.parameterValues\.max_restarts="3": does not match the input's type NUMBER_INTEGER; allowed: an integer/,
    ],
    [
      'a fraction for an integer',
      { ...VALUES, run_timeout_seconds: 1.5 },
      /^runtimeConfig\.parameterValues\.run_timeout_seconds=1\.5: does not match the input's type NUMBER_INTEGER/,
    ],
    [
      'an integer past the safe range',
      { ...VALUES, run_timeout_seconds: 2 ** 53 },
      /run_timeout_seconds=9007199254740992: does not match/,
    ],
    [
      'a number for a string',
      { ...VALUES, zone: 4 },
      /^runtimeConfig\.parameterValues\.zone=4: does not match the input's type STRING; allowed: a string$/,
    ],
    [
      'an object for a JSON string input',
      { ...VALUES, tpu_request_template: { a: 1 } },
      /^runtimeConfig\.parameterValues\.tpu_request_template=\{"a":1\}: does not match the input's type STRING/,
    ],
    [
      'an undeclared parameter',
      { ...VALUES, epochs: '3' },
      /^runtimeConfig\.parameterValues\.epochs="3": not an input of the pipeline; allowed: one of checkpoints_uri, /,
    ],
    [
      'a required input left out',
      (({ zone: _, ...rest }) => rest)(VALUES),
      /^runtimeConfig\.parameterValues\.zone: missing/,
    ],
  ])('reports %s, and only that', (_, values, message) => {
    const found = parameterValuesProblems(s, values);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });
});

describe('PipelineSpecBuilder', () => {
  it('types task inputs by the component, and the checker backs the types at run time', () => {
    const b = new PipelineSpecBuilder({ name: 'typed' });
    const n = b.input('n', 'NUMBER_INTEGER', { default: 1 });
    const word = b.input('word', 'STRING');
    const c = b.component('echo', {
      inputs: { n: { type: 'NUMBER_INTEGER' }, tag: { type: 'STRING', optional: true } },
      outputs: { out: 'STRING' },
      container: (p) => ({
        image: 'python:3.11',
        command: ['python3', '-c', 'print(1)'],
        args: [p.input('n'), p.input('tag'), p.outputFile('out')],
      }),
    });
    const first = b.task('first', c, { inputs: { n } });
    // Optional inputs may be left out; a downstream task may name an upstream one without data.
    b.task('second', c, { inputs: { n: constant('NUMBER_INTEGER', 2), tag: first.output('out') } });
    b.task('third', c, { inputs: { n }, after: [first], cache: true });
    const good = b.build() as Any;
    expect(pipelineSpecProblems(good)).toEqual([]);
    expect(good.root.dag.tasks.second.dependentTasks).toEqual(['first']);
    expect(good.root.dag.tasks.third).toMatchObject({
      dependentTasks: ['first'],
      cachingOptions: { enableCache: true },
    });
    expect(good.components['comp-echo'].inputDefinitions.parameters.tag).toEqual({
      parameterType: 'STRING',
      isOptional: true,
    });
    expect(good.root.inputDefinitions.parameters.n).toEqual({
      parameterType: 'NUMBER_INTEGER',
      defaultValue: 1,
      isOptional: true,
    });
    expect(parameterValuesProblems(good, {})).toEqual([
      'runtimeConfig.parameterValues.word: missing; allowed: a value for every pipeline input that is not optional and has no default',
    ]);

    const bad = new PipelineSpecBuilder({ name: 'untyped' });
    const w = bad.input('word', 'STRING');
    const e = bad.component('echo', {
      inputs: { n: { type: 'NUMBER_INTEGER' } },
      outputs: {},
      container: () => ({ image: 'python:3.11', command: ['true'] }),
    });
    // @ts-expect-error a STRING pipeline input for a NUMBER_INTEGER component input
    bad.task('t', e, { inputs: { n: w } });
    // @ts-expect-error a required input left out
    bad.task('u', e, { inputs: {} });
    expect(pipelineSpecProblems(bad.build())).toEqual([
      'root.dag.tasks.t.inputs.parameters.n: takes "word" of type STRING into an input of type NUMBER_INTEGER; allowed: the same type',
      'root.dag.tasks.u.inputs.parameters.n: missing; allowed: a value for every input of comp-echo that is not optional and has no default',
    ]);
    expect(word.kind).toBe('pipelineInput');
  });

  it('refuses names KFP does not take, twice-declared names and retries past the cap', () => {
    expect(() => new PipelineSpecBuilder({ name: 'Training' })).toThrow(/not a valid pipeline name/);
    const b = new PipelineSpecBuilder({ name: 'x' });
    b.input('a', 'STRING');
    expect(() => b.input('a', 'STRING')).toThrow(/declared twice/);
    expect(() => b.input('2a', 'STRING')).toThrow(/not a valid parameter name/);
    const c = b.component('c', {
      inputs: {},
      outputs: {},
      container: () => ({ image: 'python:3.11', command: ['true'] }),
    });
    expect(() =>
      b.component('c', { inputs: {}, outputs: {}, container: () => ({ image: 'python:3.11', command: ['true'] }) }),
    ).toThrow(/declared twice/);
    expect(() => b.task('t', c, { inputs: {}, retry: { maxRetryCount: 1, backoffMaxSeconds: 3601 } })).toThrow(
      /at most 3600/,
    );
    expect(() => b.task('t', c, { inputs: {}, retry: { maxRetryCount: -1 } })).toThrow(/maxRetryCount=-1/);
    expect(() => b.task('T', c, { inputs: {} })).toThrow(/not a valid name/);
  });

  it('writes resource limits in both forms Vertex AI reads, within its limits', () => {
    expect(resourcesJson({ cpuLimit: '2', memoryLimit: '8G' })).toEqual({
      cpuLimit: 2,
      resourceCpuLimit: '2',
      memoryLimit: 8,
      resourceMemoryLimit: '8G',
    });
    expect(resourcesJson({ cpuLimit: '96', memoryLimit: '624G' })).toMatchObject({ cpuLimit: 96, memoryLimit: 624 });
    expect(() => resourcesJson({ cpuLimit: '97' })).toThrow(/at most 96/);
    expect(() => resourcesJson({ memoryLimit: '625G' })).toThrow(/at most 624G/);
    expect(() => resourcesJson({ memoryLimit: '2Gi' })).toThrow(/K, M or G/);
    expect(() => resourcesJson({ cpuLimit: '0.5' })).toThrow(/millicores/);
  });
});

describe('terraformTemplateProblems', () => {
  it('finds program text Terraform would read as a template', () => {
    expect(terraformTemplateProblems(spec())).toEqual([]);
    const s = trainingPipelineSpec({ programs: { ...PROGRAMS, train: 'print("${HOME}")' } }) as JsonObject;
    expect(terraformTemplateProblems(s)).toEqual([
      'pipelineSpec.deploymentSpec.executors.exec-train.container.command[2]: holds "${" or "%{", which Terraform reads as a template; allowed: text without them (or escape the whole spec when writing it into Terraform)',
    ]);
  });
});
