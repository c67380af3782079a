// Re-export of the shared China Post platform client (carriers/ems/client.ts); this product passes its own id as the product flag.
export * from '../ems/client.ts';
