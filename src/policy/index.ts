/**
 * The policy pack: rules over Terraform JSON (any synthesized stack, not only ours), run at synth
 * (stacks/environment-stack.ts calls checkStackPolicy from toTerraform) and by `npm run policy`.
 */
export * from './types';
export { TerraformDocument, UNKNOWN } from './terraform';
export { evaluate, SUPPRESSIONS_KEY } from './engine';
export { TERRAFORM_JSON_KEYS, terraformJsonProblems } from './shape';
export { RULES, RULE_IDS } from './rules';
export { findingLine, reportLines, summary } from './format';
export { suppress, suppressionsFor } from './suppress';
export { checkStackPolicy, collectPolicy, PolicyError, policyLines } from './stack';
export type { StackReport } from './stack';
