import { source } from '../catalog/source';

/**
 * The cdktf CLI's flags that `npm run deploy|diff|destroy|bootstrap` pass on, as data: which cdktf
 * command accepts each, and what value it takes. Anything else is refused before cdktf runs (a typo
 * such as `--dryrun` once started a real deploy). Read from `npx cdktf <command> --help` of
 * cdktf-cli 0.21.0; cdktf 0.21 has no `--target`.
 */

export type CdktfCommand = 'deploy' | 'diff' | 'destroy';

/** `switch`: bare flag; `count`: a whole number >= 1, or -1 (no limit); `variable`: `<name>=<value>`; `path`: a file. */
export type CdktfFlagValue = 'switch' | 'count' | 'variable' | 'path';

export interface CdktfFlag {
  readonly flag: string;
  readonly value: CdktfFlagValue;
  readonly commands: readonly CdktfCommand[];
  readonly description: string;
}

export const CDKTF_PASSED_FLAGS: readonly CdktfFlag[] = [
  { flag: '--auto-approve', value: 'switch', commands: ['deploy', 'destroy'], description: 'apply without asking' },
  {
    flag: '--var',
    value: 'variable',
    commands: ['deploy', 'diff', 'destroy'],
    description: 'set a stack variable (repeatable), e.g. --var=enable_vertex_ai=false',
  },
  {
    flag: '--var-file',
    value: 'path',
    commands: ['deploy', 'diff', 'destroy'],
    description: 'read variable values from a file (repeatable)',
  },
  {
    flag: '--refresh-only',
    value: 'switch',
    commands: ['deploy', 'diff'],
    description: 'only refresh state, propose no changes',
  },
  { flag: '--parallelism', value: 'count', commands: ['deploy', 'destroy'], description: 'stacks run at once' },
  {
    flag: '--terraform-parallelism',
    value: 'count',
    commands: ['deploy', 'diff', 'destroy'],
    description: "Terraform's -parallelism",
  },
  {
    flag: '--ignore-missing-stack-dependencies',
    value: 'switch',
    commands: ['deploy', 'destroy'],
    description: 'do not require dependency stacks in the same command',
  },
  {
    flag: '--outputs-file',
    value: 'path',
    commands: ['deploy'],
    description: 'write the stack outputs to this JSON file',
  },
  {
    flag: '--outputs-file-include-sensitive-outputs',
    value: 'switch',
    commands: ['deploy'],
    description: 'include sensitive outputs in --outputs-file',
  },
  {
    flag: '--migrate-state',
    value: 'switch',
    commands: ['deploy', 'diff', 'destroy'],
    description: 'approve a state migration after a backend change',
  },
  { flag: '--no-color', value: 'switch', commands: ['deploy', 'diff', 'destroy'], description: 'plain output' },
];

/** cdktf flags the wrapper does not pass on, and why (the error says so). */
export const CDKTF_WITHHELD_FLAGS: Readonly<Record<string, string>> = {
  '--app': 'the wrapper chooses the app (main.ts, or bootstrap.ts for bootstrap)',
  '-a': 'the wrapper chooses the app (main.ts, or bootstrap.ts for bootstrap)',
  '--output': 'the wrapper chooses the output folder',
  '-o': 'the wrapper chooses the output folder',
  '--skip-synth': 'it would run cdktf.out as last synthesized, not the configuration just validated',
};

export const CDKTF_CLI_SOURCE = source(
  'cdktf-cli 0.21.0: npx cdktf deploy --help, npx cdktf diff --help, npx cdktf destroy --help',
);
