// Re-export of the China Post platform's code tables (carriers/ems/mapping.ts): one opCode table for every product.
export * from '../ems/mapping.ts';
