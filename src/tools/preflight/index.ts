/**
 * `npm run preflight -- <env>`: a read-only look, with the caller's own credentials, at what would make
 * a deploy or a first training run fail (APIs, v6e quota or reservation, the accelerator type in the
 * zone, organization policies, the state bucket). See docs/delivery.md, "Preflight".
 */
export * from './report';
export * from './http';
export * from './token';
export * from './org-policy';
export * from './checks';
export * from './run';
export * from './args';
