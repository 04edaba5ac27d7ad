import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cdktfInvocation, commandLine } from '../src/delivery/stack-commands';
import { bundleCli, ROOT, runBundle } from './delivery-helpers';

describe('cdktfInvocation', () => {
  it.each([
    [['deploy', 'dev'], 'CHECKPOINT_DISABLE=1 ENVIRONMENT=dev cdktf deploy dev'],
    [['diff', 'staging'], 'CHECKPOINT_DISABLE=1 ENVIRONMENT=staging cdktf diff staging'],
    [['deploy', 'prod', '--auto-approve'], 'CHECKPOINT_DISABLE=1 ENVIRONMENT=prod cdktf deploy prod --auto-approve'],
    [['destroy', 'dev'], 'CHECKPOINT_DISABLE=1 ENVIRONMENT=dev cdktf destroy dev'],
    [['destroy', 'prod', '--allow-prod'], 'CHECKPOINT_DISABLE=1 ENVIRONMENT=prod cdktf destroy prod'],
    [['bootstrap', 'dev'], "CHECKPOINT_DISABLE=1 ENVIRONMENT=dev cdktf deploy --app 'node .build/bootstrap.js' --output cdktf.out/bootstrap bootstrap-dev"],
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
    [['deploy', 'prod', '--allow-prod'], '--allow-prod: only for destroy; allowed: npm run destroy -- prod --allow-prod'],
  ])('refuses %j', (argv, message) => {
    expect(() => cdktfInvocation(argv, {})).toThrow(message);
  });

  it('refuses an ENVIRONMENT that contradicts the argument', () => {
    expect(() => cdktfInvocation(['deploy', 'dev'], { ENVIRONMENT: 'prod' })).toThrow('ENVIRONMENT="prod": differs from <env>="dev"; allowed: unset, or the same environment');
  });
});

describe('npm run deploy|diff|destroy|bootstrap', () => {
  const bundle = bundleCli('stack');

  it('are wired to the CLI in package.json', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const action of ['deploy', 'diff', 'destroy', 'bootstrap']) expect(scripts[action]).toBe(`npm run --silent build && node .build/src/cli/stack.js ${action}`);
  });

  it('destroy prod prints one line and exits 1 before running anything', () => {
    const r = runBundle(bundle, ['destroy', 'prod']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'error: destroy prod: refused, prod is protected (deletionProtection); allowed: npm run destroy -- prod --allow-prod, or CONFIRM_DESTROY=prod npm run destroy -- prod\n',
    );
    expect(r.stdout).toBe('');
  });

  it('--dry-run prints the cdktf command', () => {
    const r = runBundle(bundle, ['destroy', 'prod', '--dry-run'], { CONFIRM_DESTROY: 'prod' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('CHECKPOINT_DISABLE=1 ENVIRONMENT=prod cdktf destroy prod\n');
  });
});
