// Types of labels.js (the console's code → Chinese label tables), for the tests that import it.
/** Chinese labels per group of codes. */
export declare const LABELS: Record<string, Record<string, string>>;
/** The Chinese label of a code in a group, or the code itself. */
export declare function zhOf(group: string, code: unknown): string;
/** The one deadline badge of a case: overdue wins over at risk; null when neither. */
export declare function deadlineFlag(overdue: unknown, atRisk: unknown): { zh: string; en: string; kind: 'bad' | 'warn' } | null;
