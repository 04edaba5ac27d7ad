import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { EnvironmentConfig } from '../src/config';
import { Naming } from '../src/core/naming';
import { StackInputs } from './inputs';

/**
 * What the composition of an environment's workloads needs from its stack (stacks/workloads.ts):
 * the validated configuration, the stack's inputs as Terraform variables, naming, the beta provider and
 * a way to emit outputs. EnvironmentStack is one; the type keeps the composition from importing the
 * stack class (no import cycle).
 */
export type StackContext = Construct & {
  readonly env: EnvironmentConfig;
  readonly inputs: StackInputs;
  readonly naming: Naming;
  readonly googleBeta: GoogleBetaProvider;
  output(name: string, value: string, description: string, sensitive?: boolean): TerraformOutput;
};
