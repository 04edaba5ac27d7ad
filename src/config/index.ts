export * from './schema';
export * from './training';
export * from './errors';
export * from './stack-inputs';
export * from './load';
export { ENVIRONMENTS } from './environments';
