// mailauth's parsers the message check uses, which its package ships without types: Received
// fields, and tag lists (DKIM-Signature, Authentication-Results).
declare module 'mailauth/lib/parse-received.js' {
  export interface ReceivedPart {
    value: string;
    comment?: string;
  }
  export function parseReceived(header: Buffer | string): {
    from?: ReceivedPart;
    by?: ReceivedPart;
    with?: ReceivedPart;
    id?: ReceivedPart;
    for?: ReceivedPart;
    'envelope-from'?: ReceivedPart;
    timestamp?: string;
    full?: string;
  };
}

declare module 'mailauth/lib/parse-dkim-headers.js' {
  /** A tag-list or Authentication-Results field: `parsed` holds its tags, by name. */
  function parseDkimHeaders(line: Buffer | string): {
    original?: string;
    parsed?: Record<string, unknown>;
  };
  export = parseDkimHeaders;
}
