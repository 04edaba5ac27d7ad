import { evaluate, failures, findingLine, reportLines, summary, TerraformDocument, UNKNOWN } from '../src/policy';
import { bucket, tf } from './fixtures/policy-cases';

describe('TerraformDocument.resolve', () => {
  const doc = new TerraformDocument({
    variable: { region: { type: 'string', default: 'us-central1' }, open: { default: null }, flag: { default: true } },
  });

  it('resolves ${var.x} to its default, alone or inside a string', () => {
    expect(doc.resolve('${var.region}')).toBe('us-central1');
    expect(doc.resolve('${ var.region }-b')).toBe('us-central1-b');
    expect(doc.resolve('${var.flag}')).toBe(true);
    expect(doc.resolve('plain')).toBe('plain');
  });

  it('does not guess: other expressions, null defaults and undeclared variables are UNKNOWN', () => {
    expect(doc.resolve('${var.open}')).toBe(UNKNOWN);
    expect(doc.resolve('${var.missing}')).toBe(UNKNOWN);
    expect(doc.resolve('${local.region}')).toBe(UNKNOWN);
    expect(doc.resolve('${var.region}-${count.index}')).toBe(UNKNOWN);
    expect(doc.resolve('${one(google_x.y[*].email)}')).toBe(UNKNOWN);
  });

  it('reads maps and lists given as a variable whose default holds them', () => {
    const d = new TerraformDocument({
      variable: { labels: { default: { environment: 'prod' } }, ranges: { default: ['0.0.0.0/0'] } },
    });
    expect(d.map({ labels: '${var.labels}' }, 'labels')).toEqual({ environment: 'prod' });
    expect(d.strings({ source_ranges: '${var.ranges}' }, 'source_ranges')).toEqual(['0.0.0.0/0']);
    expect(d.map({ labels: '${merge(var.labels, {})}' }, 'labels')).toBe(UNKNOWN);
  });

  it('reads Terraform JSON with resource and block lists as well as objects', () => {
    const listed = new TerraformDocument({ resource: [{ google_storage_bucket: [{ a: [{ name: 'a' }] }] }] });
    expect(listed.resources.map((r) => r.address)).toEqual(['google_storage_bucket.a']);
    expect(listed.block({ lifecycle: [{ prevent_destroy: true }] }, 'lifecycle')).toEqual({ prevent_destroy: true });
    expect(listed.blocks({ dynamic: { allow: { for_each: 'x' } } }, 'allow')).toBe(UNKNOWN);
  });
});

describe('suppressions in Terraform JSON ("//": { "suppressions": [...] })', () => {
  const open = (comment?: unknown, fileComment?: unknown) =>
    evaluate({
      ...(fileComment ? { '//': fileComment } : {}),
      ...tf({
        google_storage_bucket: {
          lake: bucket({ public_access_prevention: 'inherited', ...(comment ? { '//': comment } : {}) }),
        },
      }),
    });

  it('suppress a finding on that resource, keeping the reason', () => {
    const report = open({
      metadata: { path: 'dev/lake' },
      suppressions: [{ rule: 'TPU-GCS-003', reason: 'org policy enforces it' }],
    });
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'TPU-GCS-003',
        constructPath: 'dev/lake',
        suppressedBecause: 'org policy enforces it',
      }),
    ]);
    expect(failures(report)).toBe(0);
  });

  it('may cover the whole file', () => {
    const report = open(undefined, { suppressions: [{ rule: 'TPU-GCS-003', reason: 'org policy enforces it' }] });
    expect(report.findings[0].suppressedBecause).toBe('org policy enforces it');
  });

  it('are refused without a reason: the finding stays and the refusal is an error', () => {
    const report = open({ suppressions: [{ rule: 'TPU-GCS-003', reason: '  ' }] });
    expect(report.findings[0].suppressedBecause).toBeUndefined();
    expect(report.problems).toEqual([
      'suppression of TPU-GCS-003 on google_storage_bucket.lake has reason="": refused; allowed: a sentence saying why the finding is acceptable',
    ]);
    expect(failures(report)).toBe(2);
  });

  it('are refused for a rule the pack does not have', () => {
    const report = open({ suppressions: [{ rule: 'TPU-GCS-999', reason: 'typo' }] });
    expect(report.problems[0]).toMatch(
      /^suppression on google_storage_bucket.lake names rule="TPU-GCS-999": not a rule of the pack; allowed: TPU-GCS-001, /,
    );
  });

  it('of another rule do not cover the finding', () => {
    const report = open({ suppressions: [{ rule: 'TPU-GCS-002', reason: 'not this one' }] });
    expect(report.findings[0].suppressedBecause).toBeUndefined();
  });
});

describe('output', () => {
  const report = evaluate({
    ...tf({
      google_storage_bucket: {
        lake: bucket({
          location: 'US',
          public_access_prevention: 'inherited',
          '//': { metadata: { path: 'prod/lake/bucket' } },
        }),
        logs: bucket({
          name: 'logs',
          location: 'US-CENTRAL1',
          uniform_bucket_level_access: false,
          '//': { suppressions: [{ rule: 'TPU-GCS-002', reason: 'legacy ACL readers until 2027-01' }] },
        }),
      },
      google_tpu_v2_vm: {
        t: {
          name: 't',
          zone: 'us-central1-b',
          network_config: { enable_external_ips: false },
          service_account: { email: 'a@p.iam.gserviceaccount.com' },
          labels: { environment: 'dev', component: 'training', 'managed-by': 'x' },
        },
      },
    }),
  });

  it('is one line per finding: level, rule, address, construct path, reason, fix and checkov id', () => {
    const line = findingLine(report.findings.find((f) => f.rule === 'TPU-GCS-003')!);
    expect(line).toBe(
      'error: TPU-GCS-003 google_storage_bucket.lake (prod/lake/bucket): public_access_prevention is "inherited", so a grant to allUsers would make the data public; fix: set public_access_prevention = "enforced" [CKV_GCP_114]',
    );
  });

  it('lists errors, then warnings, then suppressed findings with their reasons', () => {
    const lines = reportLines(report, '[prod] ');
    expect(lines.map((l) => l.split(':')[0])).toEqual(['error', 'warning', 'suppressed']);
    expect(lines[1]).toMatch(/^warning: \[prod\] TPU-GCS-005 google_storage_bucket.lake /);
    expect(lines[2]).toMatch(
      /^suppressed: \[prod\] TPU-GCS-002 google_storage_bucket.logs: .*; suppressed because: legacy ACL readers until 2027-01$/,
    );
    for (const l of lines) expect(l).not.toContain('\n');
    expect(summary(report)).toBe('1 error, 1 warning, 1 suppressed');
  });

  it('rejects what is not a Terraform JSON object', () => {
    expect(evaluate([1, 2]).problems).toEqual(['not a Terraform JSON document (expected an object at the top level)']);
  });
});
