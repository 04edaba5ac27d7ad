export * from './estimate';
export * from './markdown';
export * from './select';
