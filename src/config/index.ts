export * from './schema';
export * from './pipeline';
export * from './errors';
export * from './overrides';
export * from './load';
export { ENVIRONMENTS } from './environments';
