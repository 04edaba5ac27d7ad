import { dependable, IAspect, TerraformResource } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { REQUIRED_SERVICES, RequiredService, serviceForResourceType } from '../../src/catalog';
import { setComponent } from '../../src/core/labels';

export interface ProjectServicesProps {
  /** Project to enable the APIs in (literal or token). */
  readonly projectId: string;
  /**
   * APIs to enable.
   * @default every API in the catalog's REQUIRED_SERVICES
   */
  readonly services?: readonly RequiredService[];
}

/**
 * Enables the Google APIs the stack uses. APIs are never disabled on destroy (other workloads in
 * the project may need them), and `dependOnServices` makes every resource wait for its own API.
 */
export class ProjectServices extends Construct {
  private readonly byName = new Map<string, ProjectService>();

  constructor(scope: Construct, id: string, props: ProjectServicesProps) {
    super(scope, id);
    setComponent(this, 'platform');
    for (const service of props.services ?? REQUIRED_SERVICES) {
      const resource = new ProjectService(this, service.split('.')[0], {
        project: props.projectId,
        service,
        disableOnDestroy: false,
        disableDependentServices: false,
      });
      this.byName.set(service, resource);
    }
  }

  /** The `google_project_service` resource for an API, if this construct enables it. */
  service(name: RequiredService): ProjectService | undefined {
    return this.byName.get(name);
  }

  /** An aspect that adds `depends_on` from every resource to the API its type needs. */
  dependencyAspect(): IAspect {
    return {
      visit: (node: IConstruct) => {
        if (!TerraformResource.isTerraformResource(node) || node instanceof ProjectService) return;
        const api = serviceForResourceType(node.terraformResourceType);
        const service = api && this.byName.get(api);
        if (!service) return;
        const current = node.dependsOn ?? [];
        const ref = dependable(service);
        if (!current.includes(ref)) node.dependsOn = [...current, ref];
      },
    };
  }
}
