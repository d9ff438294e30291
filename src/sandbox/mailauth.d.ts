// mailauth's DKIM signer class, which its package ships without types (only dkimSign, the
// function around it, is declared). The sandbox subclasses it to oversign From. Imported with the
// file's full name: the package has no "exports" map, and the app's main bundle is an ES module.
declare module 'mailauth/lib/dkim/dkim-signer.js' {
  import type { Writable } from 'node:stream';
  import type { DKIMSignOptions } from 'mailauth';

  export interface ParsedHeaderLine {
    key: string | null;
    casedKey: string | undefined;
    line: Buffer;
  }

  export class DkimSigner extends Writable {
    /** headerList: field names separated by colons (an array is silently ignored). */
    constructor(options: { signatureData: DKIMSignOptions[]; headerList?: string });
    signatureHeaders: string[];
    errors: { err: Error; selector?: string; signingDomain?: string }[];
    messageHeaders(headers: { parsed: ParsedHeaderLine[]; original: Buffer }): Promise<void>;
  }
}

declare module 'mailauth/lib/tools.js' {
  export function writeToStream(
    stream: NodeJS.WritableStream,
    input: Buffer | string | NodeJS.ReadableStream,
  ): Promise<void>;
}
