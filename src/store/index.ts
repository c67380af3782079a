// Public face of the store.
export * from './connect.ts';
export * from './schema.ts';
export * from './transaction.ts';
export * from './claim.ts';
