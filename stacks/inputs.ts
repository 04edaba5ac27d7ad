import { DataResource, IResolvable, TerraformStack, TerraformVariable, TerraformVariableValidationConfig } from 'cdktf';
import {
  findTpuZone,
  NAMING_RULES,
  NamingRule,
  V6E_ACCELERATOR_TYPES,
  V6E_ZONES,
  ZONE_SUFFIX_PATTERN,
  zonesServing,
} from '../src/catalog';
import { EnvironmentConfig, STACK_INPUTS } from '../src/config';

/**
 * The ten stack inputs as Terraform variables of a stack (`project_id`, `region`, ...),
 * defaulted from the validated configuration. Resources read these, so `cdktf deploy` uses the
 * defaults and Infrastructure Manager can set other values with `--input-values`. Every rule the
 * TypeScript configuration checks on a single value is also a Terraform validation, and the rules
 * across two (zone in region; zone serves the configured TPU capacity) are preconditions of
 * `terraform_data.input_checks`.
 */
export class StackInputs {
  readonly variables: Readonly<Record<string, TerraformVariable>>;
  readonly projectId: string;
  readonly region: string;
  readonly zone: string;
  readonly tpuAcceleratorType: string;
  readonly bucketName: string;
  readonly tpuName: string;
  readonly networkName: string;
  readonly subnetName: string;
  /** Boolean tokens: use in Terraform expressions (e.g. `count`). */
  readonly enableMonitoring: boolean | IResolvable;
  readonly enableVertexAi: boolean | IResolvable;
  readonly enableTpuVm: boolean | IResolvable;
  /** `terraform_data.input_checks`: preconditions that involve more than one value (zone in region; zone serves the capacity). */
  readonly checks: DataResource;

  constructor(stack: TerraformStack, env: EnvironmentConfig) {
    const defaults: Record<string, string | boolean> = {
      project_id: env.projectId,
      region: env.region,
      zone: env.zone,
      tpu_accelerator_type: env.tpu.acceleratorType,
      bucket_name: env.bucket.name,
      tpu_name: env.tpu.name,
      enable_monitoring: env.enableMonitoring,
      enable_vertex_ai: env.enableVertexAi,
      enable_tpu_vm: env.tpu.devVm,
      network_name: env.network.name,
      subnet_name: env.network.subnetName,
    };
    const variables: Record<string, TerraformVariable> = {};
    for (const input of STACK_INPUTS) {
      const variable = new TerraformVariable(stack, input.variable, {
        type: input.type === 'boolean' ? 'bool' : 'string',
        default: defaults[input.variable],
        description: input.description,
        nullable: false,
        validation: validationsFor(input.variable),
      });
      variable.overrideLogicalId(input.variable);
      variables[input.variable] = variable;
    }
    this.variables = variables;
    this.projectId = variables.project_id.stringValue;
    this.region = variables.region.stringValue;
    this.zone = variables.zone.stringValue;
    this.tpuAcceleratorType = variables.tpu_accelerator_type.stringValue;
    this.bucketName = variables.bucket_name.stringValue;
    this.tpuName = variables.tpu_name.stringValue;
    this.networkName = variables.network_name.stringValue;
    this.subnetName = variables.subnet_name.stringValue;
    this.enableMonitoring = variables.enable_monitoring.booleanValue;
    this.enableVertexAi = variables.enable_vertex_ai.booleanValue;
    this.enableTpuVm = variables.enable_tpu_vm.booleanValue;
    this.checks = crossInputChecks(stack, env);
  }
}

/**
 * Rules that involve two variables cannot be variable validations in Terraform 1.5 (those may refer
 * only to their own variable until 1.9), so they are preconditions of a `terraform_data` resource
 * (Terraform 1.4+, no provider): a bad `--input-values` still fails at plan, with this message.
 */
function crossInputChecks(stack: TerraformStack, env: EnvironmentConfig): DataResource {
  const zones = V6E_ZONES.map((z) => `${z} (${findTpuZone(z)?.region})`).join(', ');
  // The capacity is configuration, not a variable: the zone is checked against its literal value.
  const capacity = env.tpu.capacity;
  const serving = zonesServing(capacity);
  const checks = new DataResource(stack, 'input_checks', {
    lifecycle: {
      precondition: [
        {
          condition: `\${replace(var.zone, "/${ZONE_SUFFIX_PATTERN}/", "") == var.region}`,
          errorMessage: `zone must lie in region (a zone's region is its name without the last part); zones that offer TPU v6e: ${zones}.`,
        },
        {
          condition: `\${contains(${JSON.stringify(serving)}, var.zone)}`,
          errorMessage: `zone must serve the TPU's capacity "${capacity}" (tpu.capacity in the configuration): single-tenant zones serve reserved capacity only (us-west1-c also spot), AI zones pre-reserved capacity only; zones that serve ${capacity}: ${serving.join(', ')}.`,
        },
      ],
    },
  });
  checks.overrideLogicalId('input_checks');
  return checks;
}

function ruleValidation(variable: string, rule: NamingRule): TerraformVariableValidationConfig[] {
  const ref = `var.${variable}`;
  return [
    {
      condition: `\${can(regex("${rule.pattern}", ${ref}))}`,
      errorMessage: `${variable} must be a valid ${rule.what}: ${rule.allowed}.`,
    },
  ];
}

function oneOfValidation(
  variable: string,
  values: readonly string[],
  what: string,
): TerraformVariableValidationConfig[] {
  return [
    {
      condition: `\${contains(${JSON.stringify(values)}, var.${variable})}`,
      errorMessage: `${variable} must be ${what}: one of ${values.join(', ')}.`,
    },
  ];
}

function validationsFor(variable: string): TerraformVariableValidationConfig[] | undefined {
  switch (variable) {
    case 'project_id':
      return ruleValidation(variable, NAMING_RULES.projectId);
    case 'region':
      return [
        {
          condition: '${can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))}',
          errorMessage: 'region must be a region name such as us-central1.',
        },
      ];
    case 'zone':
      return oneOfValidation(variable, V6E_ZONES, 'a zone that offers TPU v6e');
    case 'tpu_accelerator_type':
      return oneOfValidation(variable, V6E_ACCELERATOR_TYPES, 'a TPU v6e accelerator type');
    case 'bucket_name':
      return [
        ...ruleValidation(variable, NAMING_RULES.bucketName),
        {
          condition: '${!startswith(var.bucket_name, "goog") && length(regexall("google", var.bucket_name)) == 0}',
          errorMessage: 'bucket_name must not start with "goog" or contain "google".',
        },
      ];
    case 'tpu_name':
      return ruleValidation(variable, NAMING_RULES.tpuNodeName);
    case 'network_name':
      return ruleValidation(variable, NAMING_RULES.networkName);
    case 'subnet_name':
      return ruleValidation(variable, NAMING_RULES.subnetName);
    default:
      return undefined;
  }
}
