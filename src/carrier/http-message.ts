// The shape of one carrier HTTP exchange as a plugin sees it, shared by the in-thread client and the HTTP thread.

/** A request as a plugin builds it. */
export interface CarrierHttpRequest {
  method: 'GET' | 'POST';
  /** Path relative to the base URL (or an absolute URL). */
  url: string;
  headers?: Record<string, string>;
  /** The exact body text to send (plugins sign these bytes). */
  body?: string;
  params?: Record<string, string>;
}

/** A response as the plugin sees it: status, lower-case headers and the body as text. */
export interface CarrierHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}
