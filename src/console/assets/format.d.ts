// Types of format.js (the console's pure display helpers), for the tests that import it.
/** The time zone every instant is shown in: Asia/Shanghai. */
export declare const DISPLAY_TIME_ZONE: string;
/** The label shown beside displayed times. */
export declare const TIME_ZONE_LABEL: string;
/** A UTC ISO instant as `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai; '—' when absent. */
export declare function shanghaiTime(iso: string | undefined | null): string;
/** Free text with every UTC ISO instant in it rewritten as Asia/Shanghai wall time. */
export declare function localizeInstants(text: string): string;
/** Integer fen as yuan, exactly: 12900 → '¥129.00'; '—' when not a safe integer. */
export declare function yuan(fen: unknown): string;
/** A typed yuan amount as integer fen; null when invalid. */
export declare function fenFromYuanInput(text: string): number | null;
/** A duration in ms, whole seconds, in Chinese and English. */
export declare function duration(ms: number): { zh: string; en: string };
/** The URL when it is http(s), else null. */
export declare function safeHttpUrl(value: unknown): string | null;
