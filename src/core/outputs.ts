import { TerraformOutput, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

export interface OutputOptions {
  /** The construct id. Default: `output-<name>`. Part of the stack's metadata: keep it once deployed. */
  readonly id?: string;
  /** Written as given; left out of the JSON when undefined. */
  readonly sensitive?: boolean;
}

/**
 * The one way this project emits a Terraform output: `name` is the output's exact name (outputs and
 * variables may share names), under `scope`.
 */
export function emitOutput(
  scope: IConstruct,
  name: string,
  value: string,
  description: string,
  options: OutputOptions = {},
): TerraformOutput {
  const out = new TerraformOutput(scope as never, options.id ?? `output-${name}`, {
    value,
    description,
    sensitive: options.sensitive,
  });
  out.overrideLogicalId(name);
  return out;
}

/** A stack-level output (in the stack's own scope, `sensitive` written out). */
export function stackOutput(
  scope: IConstruct,
  name: string,
  value: string,
  description: string,
  sensitive = false,
): TerraformOutput {
  return emitOutput(TerraformStack.of(scope), name, value, description, { sensitive });
}
