export * from './estimate';
export * from './markdown';
