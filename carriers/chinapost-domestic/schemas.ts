// Re-export of the China Post platform's zod schemas and account config (carriers/ems/schemas.ts).
export * from '../ems/schemas.ts';
