// Re-export of the China Post platform's SM4 envelope (carriers/ems/sign.ts), shared by every product of the platform.
export * from '../ems/sign.ts';
