import { TerraformStack } from 'cdktf';
import { IConstruct, IValidation } from 'constructs';
import { ValidateBinaryVersion } from 'cdktf/lib/validations/validate-binary-version';

/**
 * cdktf's stack validations, without its binary-version checks. cdktf gives every `terraform_data`
 * resource (and every import and moved block) a ValidateTerraformVersion that runs `terraform version`
 * at synth, so synth needed a Terraform on PATH and, without one or with one older than 1.4, crashed
 * with a stack trace. The version is a fact about where Terraform runs, not about the JSON: the stack
 * declares it (`terraform.required_version`, TOOLCHAIN.minimumTerraformVersion), Terraform enforces it
 * at plan, and `npm run deploy|diff|destroy|bootstrap` check it before they start cdktf. Every other
 * validation (providers present, and any a construct adds) still runs.
 */
export function stackValidationErrors(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .flatMap((c) => validationsOf(c).flatMap((v) => v.validate().map((message) => `[${c.node.path}] ${message}`)));
}

/** What TerraformStack.runAllValidations does, with stackValidationErrors. */
export function runStackValidations(stack: TerraformStack): void {
  const errors = stackValidationErrors(stack);
  if (errors.length) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * A construct's validations other than binary-version checks. constructs keeps them in the private
 * `_validations` (10.x). Should that change, the tests say so: without the property no validation
 * runs, and test/bad-input-synth.spec.ts (a resource without its provider is refused) fails; if it
 * is no longer an array, every validation runs as before (node.validate()), Terraform's version
 * check too, and test/cli.spec.ts (a synth with only node on PATH) fails.
 */
function validationsOf(c: IConstruct): IValidation[] {
  const list = (c.node as unknown as { _validations?: unknown })._validations;
  if (list === undefined) return [];
  if (!Array.isArray(list)) return [{ validate: () => c.node.validate() }];
  return (list as IValidation[]).filter((v) => !(v instanceof ValidateBinaryVersion));
}
