export * from './schema';
export * from './vertex-launcher';
export * from './errors';
export * from './stack-inputs';
export * from './load';
export { ENVIRONMENTS } from './environments';
