import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CDKTF_PASSED_FLAGS, CdktfCommand } from '../src/toolchain';
import { STACK_INPUTS } from '../src/config';
import { allowedFlags, cdktfFlagsFor } from '../src/tools/delivery/stack-args';
import { cdktfInvocation, commandLine } from '../src/tools/delivery/stack-commands';
import { runBundleInProcess } from './cli-in-process';
import { Finished, spawnAsync } from './spawn-async';
import { bundleCli, ROOT, runBundle } from './delivery-helpers';

const DEPLOY_ALLOWED =
  '--dry-run, --auto-approve, --var=<name>=<value>, --var-file=<file>, --refresh-only, --parallelism=<n>, --terraform-parallelism=<n>, --ignore-missing-stack-dependencies, --outputs-file=<file>, --outputs-file-include-sensitive-outputs, --migrate-state, --no-color';

describe('cdktfInvocation', () => {
  it.each([
    [['deploy', 'dev'], 'CHECKPOINT_DISABLE=1 ENVIRONMENT=dev cdktf deploy dev'],
    [['diff', 'staging'], 'CHECKPOINT_DISABLE=1 ENVIRONMENT=staging cdktf diff staging'],
    [['deploy', 'prod', '--auto-approve'], 'CHECKPOINT_DISABLE=1 ENVIRONMENT=prod cdktf deploy prod --auto-approve'],
    [['destroy', 'dev'], 'CHECKPOINT_DISABLE=1 ENVIRONMENT=dev cdktf destroy dev'],
    [['destroy', 'prod', '--allow-prod'], 'CHECKPOINT_DISABLE=1 ENVIRONMENT=prod cdktf destroy prod'],
    [
      ['bootstrap', 'dev'],
      "CHECKPOINT_DISABLE=1 ENVIRONMENT=dev cdktf deploy --app 'node .build/bootstrap.js' --output cdktf.out/bootstrap bootstrap-dev",
    ],
  ])('%j runs: %s', (argv, line) => {
    expect(commandLine(cdktfInvocation(argv, {}))).toBe(line);
  });

  it('destroy refuses prod unless asked explicitly', () => {
    expect(() => cdktfInvocation(['destroy', 'prod'], {})).toThrow(
      'destroy prod: refused, prod is protected (deletionProtection); allowed: npm run destroy -- prod --allow-prod, or CONFIRM_DESTROY=prod npm run destroy -- prod',
    );
    expect(() => cdktfInvocation(['destroy', 'prod'], { CONFIRM_DESTROY: 'dev' })).toThrow('destroy prod: refused');
    expect(cdktfInvocation(['destroy', 'prod'], { CONFIRM_DESTROY: 'prod' }).args).toEqual(['destroy', 'prod']);
    expect(cdktfInvocation(['destroy', 'staging'], {}).args).toEqual(['destroy', 'staging']);
  });

  it.each([
    [['apply', 'dev'], 'action="apply": unknown; allowed: deploy, diff, destroy, bootstrap'],
    [['deploy'], '<env>: missing; allowed: dev, staging, prod'],
    [['deploy', 'qa'], '<env>="qa": unknown environment; allowed: dev, staging, prod'],
    [
      ['deploy', 'prod', '--allow-prod'],
      '--allow-prod: only for destroy; allowed: npm run destroy -- prod --allow-prod',
    ],
  ])('refuses %j', (argv, message) => {
    expect(() => cdktfInvocation(argv, {})).toThrow(message);
  });

  it("passes on the catalog's cdktf flags, with values in either form, as given", () => {
    const argv = [
      'deploy',
      'dev',
      '--auto-approve',
      '--var=enable_vertex_ai=false',
      '--var',
      'zone=us-central1-b',
      '--parallelism',
      '2',
      '--terraform-parallelism=-1',
      '--no-color',
    ];
    expect(cdktfInvocation(argv, {}).args).toEqual(['deploy', ...argv.slice(1)]);
    const varFile = join(mkdtempSync(join(tmpdir(), 'var-file-')), 'dev.tfvars');
    writeFileSync(varFile, 'enable_vertex_ai = false\n');
    expect(cdktfInvocation(['diff', 'dev', '--refresh-only', `--var-file=${varFile}`], {}).args).toEqual([
      'diff',
      'dev',
      '--refresh-only',
      `--var-file=${varFile}`,
    ]);
    expect(cdktfInvocation(['destroy', 'dev', '--auto-approve', '--dry-run'], {})).toEqual({
      args: ['destroy', 'dev', '--auto-approve'],
      env: { CHECKPOINT_DISABLE: '1', ENVIRONMENT: 'dev' },
      dryRun: true,
    });
  });

  it.each([
    [
      ['deploy', 'dev', '--auto-approve', '--dryrun'],
      [`flag="--dryrun": unknown flag for deploy; allowed: ${DEPLOY_ALLOWED}`],
    ],
    [['deploy', 'dev', '-y'], [`flag="-y": unknown flag for deploy; allowed: ${DEPLOY_ALLOWED}`]],
    [
      ['diff', 'dev', '--auto-approve'],
      [
        'flag="--auto-approve": not accepted by cdktf diff; allowed: --dry-run, --var=<name>=<value>, --var-file=<file>, --refresh-only, --terraform-parallelism=<n>, --migrate-state, --no-color',
      ],
    ],
    [
      ['deploy', 'dev', '--skip-synth'],
      [
        `flag="--skip-synth": not passed on to cdktf: it would run cdktf.out as last synthesized, not the configuration just validated; allowed: ${DEPLOY_ALLOWED}`,
      ],
    ],
    [
      ['deploy', 'dev', '--app=node x.js'],
      [
        `flag="--app=node x.js": not passed on to cdktf: the wrapper chooses the app (main.ts, or bootstrap.ts for bootstrap); allowed: ${DEPLOY_ALLOWED}`,
      ],
    ],
    [
      ['bootstrap', 'dev', '--var=zone=us-central1-b'],
      [`flag="--var=zone=us-central1-b": not accepted by bootstrap; allowed: ${allowedFlags('bootstrap')}`],
    ],
    [['deploy', 'dev', '--auto-approve=yes'], ['flag="--auto-approve=yes": takes no value; allowed: --auto-approve']],
    [['deploy', 'dev', '--dry-run=1'], ['flag="--dry-run=1": takes no value; allowed: --dry-run']],
    [['deploy', 'dev', '--var-file'], ['flag="--var-file": needs a value; allowed: --var-file=<file>']],
    [
      ['deploy', 'dev', '--parallelism=0'],
      ['--parallelism="0": not a whole number >= 1, nor -1; allowed: e.g. --parallelism=4 (-1: no limit)'],
    ],
    [
      ['deploy', 'dev', '--var', 'zone'],
      ['--var="zone": not <name>=<value>; allowed: e.g. --var=enable_vertex_ai=false'],
    ],
    [
      ['deploy', 'dev', '--var=zoen=x'],
      [
        `--var="zoen=x": "zoen" is not a variable of the stack; allowed: ${STACK_INPUTS.map((i) => i.variable).join(', ')}`,
      ],
    ],
    [
      ['destroy', 'dev', 'prod', '--dry-run'],
      [
        '<env>="prod": a second environment (after "dev"); allowed: one environment per command, e.g. npm run destroy -- dev',
      ],
    ],
    [['deploy', 'dev', 'now'], ['argument="now": unexpected; allowed: one <env> (dev, staging, prod) and flags']],
    [
      ['destroy', 'prod', '--dryrun'],
      [
        `flag="--dryrun": unknown flag for destroy; allowed: ${allowedFlags('destroy')}`,
        'destroy prod: refused, prod is protected (deletionProtection); allowed: npm run destroy -- prod --allow-prod, or CONFIRM_DESTROY=prod npm run destroy -- prod',
      ],
    ],
  ])('refuses %j, one line per problem', (argv, problems) => {
    expect(() => cdktfInvocation(argv, {})).toThrow(expect.objectContaining({ problems }));
  });

  it("validates the environment's configuration first, with the shell's inputs and --var values", () => {
    const zone = /^ZONE="us-central2-b": not a zone that offers TPU v6e; allowed: us-central1-b, /;
    for (const action of ['deploy', 'diff', 'destroy', 'bootstrap']) {
      expect(() => cdktfInvocation([action, 'dev', '--dry-run'], { ZONE: 'us-central2-b' })).toThrow(
        expect.objectContaining({ problems: [expect.stringMatching(zone)] }),
      );
    }
    expect(() =>
      cdktfInvocation(['deploy', 'dev', '--var', 'zone=us-central2-b', '--var=enable_vertex_ai=ja'], {}),
    ).toThrow(
      expect.objectContaining({
        problems: [
          '--var enable_vertex_ai="ja": not a boolean as Terraform reads one; allowed: true, false',
          expect.stringMatching(/^--var zone="us-central2-b": not a zone that offers TPU v6e; allowed: /),
        ],
      }),
    );
    // The app still reads the shell's ZONE when --var sets the variable: both must be good.
    expect(() => cdktfInvocation(['deploy', 'dev', '--var=zone=us-central1-b'], { ZONE: 'us-central2-b' })).toThrow(
      expect.objectContaining({ problems: [expect.stringMatching(zone)] }),
    );
  });

  it('refuses an ENVIRONMENT that contradicts the argument', () => {
    expect(() => cdktfInvocation(['deploy', 'dev'], { ENVIRONMENT: 'prod' })).toThrow(
      'ENVIRONMENT="prod": differs from <env>="dev"; allowed: unset, or the same environment',
    );
  });
});

describe('the cdktf flag catalog', () => {
  const COMMANDS: CdktfCommand[] = ['deploy', 'diff', 'destroy'];
  /** `cdktf <command> --help` of the installed cdktf-cli, for each command, started at once. */
  const helps = new Map<CdktfCommand, Promise<Finished>>();
  beforeAll(() => {
    for (const command of COMMANDS)
      helps.set(
        command,
        spawnAsync(join(ROOT, 'node_modules/.bin/cdktf'), [command, '--help'], {
          cwd: ROOT,
          env: { ...process.env, CHECKPOINT_DISABLE: '1' },
        }),
      );
  });

  it.each(COMMANDS)(
    'lists only flags that `cdktf %s --help` of the installed cdktf-cli shows',
    async (command) => {
      const r = await helps.get(command)!;
      expect(r.status).toBe(0);
      const listed = CDKTF_PASSED_FLAGS.filter((f) => f.commands.includes(command)).map((f) => f.flag);
      expect(listed.length).toBeGreaterThan(5);
      for (const flag of listed) expect(r.stdout).toMatch(new RegExp(`\\s${flag}\\s`));
      // Flags the catalog says this command lacks are absent from its help too.
      for (const f of CDKTF_PASSED_FLAGS.filter((x) => !x.commands.includes(command)))
        expect(r.stdout).not.toMatch(new RegExp(`\\s${f.flag}\\s`));
    },
    30_000,
  );

  it("gives bootstrap deploy's flags without the stack variables (its stack has none)", () => {
    expect(cdktfFlagsFor('bootstrap').map((f) => f.flag)).toEqual(
      cdktfFlagsFor('deploy')
        .map((f) => f.flag)
        .filter((f) => f !== '--var' && f !== '--var-file'),
    );
  });
});

// The first refusal spawns the bundle; the other cases run it in this process (test/cli-in-process.ts).
describe('npm run deploy|diff|destroy|bootstrap', () => {
  const bundle = bundleCli('stack');

  it('are wired to the CLI in package.json', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    for (const action of ['deploy', 'diff', 'destroy', 'bootstrap'])
      expect(scripts[action]).toBe(`node src/tools/build.mjs && node .build/src/tools/cli/stack.js ${action}`);
  });

  it('destroy prod prints one line and exits 1 before running anything', () => {
    const r = runBundle(bundle, ['destroy', 'prod']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'error: destroy prod: refused, prod is protected (deletionProtection); allowed: npm run destroy -- prod --allow-prod, or CONFIRM_DESTROY=prod npm run destroy -- prod\n',
    );
    expect(r.stdout).toBe('');
  });

  it.each([
    [
      ['deploy', 'dev', '--auto-approve', '--dryrun'],
      {},
      `error: flag="--dryrun": unknown flag for deploy; allowed: ${DEPLOY_ALLOWED}\n`,
    ],
    [
      ['deploy', 'dev', '--dry-run'],
      { ZONE: 'us-central2-b' },
      expect.stringMatching(/^error: ZONE="us-central2-b": not a zone that offers TPU v6e; allowed: [^\n]+\n$/),
    ],
    [
      ['destroy', 'dev', 'prod', '--dry-run'],
      {},
      'error: <env>="prod": a second environment (after "dev"); allowed: one environment per command, e.g. npm run destroy -- dev\n',
    ],
  ])('%j (%j) prints one line, exits 1 and runs nothing, dry run or not', async (argv, env, stderr) => {
    const r = await runBundleInProcess(bundle, argv, env);
    expect(r.status).toBe(1);
    expect(r.stderr).toEqual(stderr);
    expect(r.stdout).toBe('');
  });

  it("--help prints the action's usage, every flag it passes on, and runs nothing", async () => {
    const r = await runBundleInProcess(bundle, ['deploy', 'dev', '--help']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('usage: npm run deploy -- <env> [flags]');
    for (const f of DEPLOY_ALLOWED.split(', '))
      expect(r.stdout).toMatch(new RegExp(`\\n {2}${f.replace(/[<>=]/g, '.')} `));
    expect(r.stdout).toContain('  ZONE ');
  });

  it('--dry-run prints the cdktf command', async () => {
    const r = await runBundleInProcess(bundle, ['destroy', 'prod', '--dry-run'], { CONFIRM_DESTROY: 'prod' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('CHECKPOINT_DISABLE=1 ENVIRONMENT=prod cdktf destroy prod\n');
  });
});
