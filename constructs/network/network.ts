import { Construct } from 'constructs';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { DataGoogleComputeNetwork } from '@cdktf/provider-google/lib/data-google-compute-network';
import { DataGoogleComputeSubnetwork } from '@cdktf/provider-google/lib/data-google-compute-subnetwork';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import { ITerraformDependable } from 'cdktf';
import { DATAPROC_SERVERLESS_NETWORK, FLOW_LOGS, IAP_TCP_FORWARDING } from '../../src/catalog';
import { setComponent } from '../../src/core/labels';
import { Naming } from '../../src/core/naming';
import { ITrainingNetwork, TrainingNetworkTags } from '../contracts';
import { DEFAULT_FLOW_LOG_SAMPLING, networkTagsFor, TrainingNetworkProps } from './props';
import { validateNetworkProps } from './validate';

/**
 * The VPC and subnet workloads attach to. By default a custom-mode VPC (no auto subnets, default
 * internet route kept for NAT) with one regional subnet that has Private Google Access and flow
 * logs; or an existing network and subnet looked up by name, which must have Private Google Access
 * (checked at plan time). Either way every firewall rule targets a network tag (`tags`), so no
 * rule covers every VM of the VPC: Dataproc batches reach each other on all ports (Dataproc
 * Serverless requires it), TPU workers reach each other on all ports (multi-host slices), SSH reaches
 * the TPU workers only, from Google's IAP range; nothing from 0.0.0.0/0, and a batch's executors
 * cannot reach a TPU worker. Cloud NAT so the TPU, which has no external IP, can fetch packages.
 */
export class TrainingNetwork extends Construct implements ITrainingNetwork {
  readonly networkId: string;
  readonly networkName: string;
  readonly subnetworkId: string;
  readonly subnetName: string;
  readonly subnetCidr: string;
  /** The subnet's self link (URL form, for APIs that want it). */
  readonly subnetworkSelfLink: string;
  readonly firewallRules: ComputeFirewall[];
  readonly tags: TrainingNetworkTags;
  /** `allow-internal`: Dataproc batch to Dataproc batch, all ports. */
  readonly dataprocIngress: ComputeFirewall;
  readonly router?: ComputeRouter;
  readonly nat?: ComputeRouterNat;
  /**
   * What a workload without an external IP waits for before it boots: the NAT (its way to package
   * repositories) when this network has one, else the subnet.
   */
  readonly ready: ITerraformDependable;

  constructor(scope: Construct, id: string, props: TrainingNetworkProps) {
    super(scope, id);
    setComponent(this, 'network');
    validateNetworkProps(this.node.path, props);
    const mode = props.mode ?? 'create';
    const sampling = props.flowLogSampling ?? DEFAULT_FLOW_LOG_SAMPLING;
    const naming = new Naming(props.namePrefix);

    let subnetResource: ITerraformDependable;
    if (mode === 'create') {
      const network = new ComputeNetwork(this, 'vpc', {
        project: props.projectId,
        name: props.networkName,
        autoCreateSubnetworks: false,
        routingMode: 'REGIONAL',
        description: 'TPU training network (custom mode)',
      });
      const subnet = new ComputeSubnetwork(this, 'subnet', {
        project: props.projectId,
        name: props.subnetName,
        region: props.region,
        network: network.id,
        ipCidrRange: props.subnetCidr as string,
        privateIpGoogleAccess: true,
        logConfig: {
          aggregationInterval: FLOW_LOGS.aggregationInterval,
          flowSampling: sampling,
          metadata: FLOW_LOGS.metadata,
        },
      });
      this.networkId = network.id;
      this.networkName = network.name;
      this.subnetworkId = subnet.id;
      this.subnetName = subnet.name;
      this.subnetCidr = props.subnetCidr as string;
      this.subnetworkSelfLink = subnet.selfLink;
      subnetResource = subnet;
    } else {
      const network = new DataGoogleComputeNetwork(this, 'existing-vpc', {
        project: props.projectId,
        name: props.networkName,
      });
      const subnet = new DataGoogleComputeSubnetwork(this, 'existing-subnet', {
        project: props.projectId,
        name: props.subnetName,
        region: props.region,
        lifecycle: {
          postcondition: [
            {
              condition: '${self.private_ip_google_access}',
              errorMessage:
                'The existing subnet has Private Google Access off; the TPU and Dataproc workers have internal IPs only and need it (gcloud compute networks subnets update SUBNET --region REGION --enable-private-ip-google-access).',
            },
          ],
        },
      });
      this.networkId = network.id;
      this.networkName = network.name;
      this.subnetworkId = subnet.id;
      this.subnetName = subnet.name;
      this.subnetCidr = subnet.ipCidrRange;
      this.subnetworkSelfLink = subnet.selfLink;
      subnetResource = subnet;
    }

    this.tags = { ...networkTagsFor(props.namePrefix), ...props.tags };
    const { tpu, dataproc } = this.tags;
    // `allow-internal` keeps its construct id (and name), now Dataproc to Dataproc only.
    this.dataprocIngress = new ComputeFirewall(this, 'allow-internal', {
      project: props.projectId,
      name: naming.name('allow-internal'),
      network: this.networkId,
      description: `Dataproc Serverless batches (tag ${dataproc}) to each other on all ports: their executors talk to each other`,
      direction: 'INGRESS',
      sourceTags: [dataproc],
      targetTags: [dataproc],
      allow: [{ protocol: DATAPROC_SERVERLESS_NETWORK.internalIngressProtocol }],
    });
    this.firewallRules = [
      this.dataprocIngress,
      new ComputeFirewall(this, 'allow-iap-ssh', {
        project: props.projectId,
        name: naming.name('allow-iap-ssh'),
        network: this.networkId,
        description: `SSH to the TPU workers (tag ${tpu}) only through Identity-Aware Proxy TCP forwarding (Google's IAP range)`,
        direction: 'INGRESS',
        sourceRanges: [IAP_TCP_FORWARDING.sourceRange],
        targetTags: [tpu],
        allow: [{ protocol: 'tcp', ports: [IAP_TCP_FORWARDING.sshPort] }],
        logConfig: { metadata: 'INCLUDE_ALL_METADATA' },
      }),
      new ComputeFirewall(this, 'allow-tpu-internal', {
        project: props.projectId,
        name: naming.name('allow-tpu-internal'),
        network: this.networkId,
        description: `TPU workers (tag ${tpu}) to each other on all ports: the hosts of a multi-host slice coordinate over the VPC`,
        direction: 'INGRESS',
        sourceTags: [tpu],
        targetTags: [tpu],
        allow: [{ protocol: 'all' }],
      }),
    ];

    if (props.cloudNat ?? mode === 'create') {
      this.router = new ComputeRouter(this, 'router', {
        project: props.projectId,
        name: naming.name('router'),
        region: props.region,
        network: this.networkId,
      });
      this.nat = new ComputeRouterNat(this, 'nat', {
        project: props.projectId,
        name: naming.name('nat'),
        router: this.router.name,
        region: props.region,
        natIpAllocateOption: 'AUTO_ONLY',
        sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
        subnetwork: [{ name: this.subnetworkSelfLink, sourceIpRangesToNat: ['ALL_IP_RANGES'] }],
        logConfig: { enable: true, filter: 'ERRORS_ONLY' },
      });
    }
    this.ready = this.nat ?? subnetResource;
  }
}
