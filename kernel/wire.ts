import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/** The header of a Jupyter message (protocol 5.x). */
export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A Jupyter message as the handler sees it, without the wire framing. */
export interface Message<C = Record<string, unknown>> {
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
  /** ZMQ routing identities of a ROUTER socket, echoed back on replies. */
  identities: Buffer[];
}

export const PROTOCOL_VERSION = "5.3";
const DELIMITER = "<IDS|MSG>";

/** Signs and checks message frames with the connection file's key (HMAC-SHA256); an empty key disables signing. */
export class Signer {
  readonly #key: string;
  readonly #scheme: string;
  constructor(key: string, scheme = "hmac-sha256") {
    if (key !== "" && scheme !== "hmac-sha256") {
      throw new Error(`signature_scheme must be hmac-sha256, got "${scheme}"`);
    }
    this.#key = key;
    this.#scheme = scheme;
  }
  sign(frames: readonly Buffer[]): string {
    if (this.#key === "") return "";
    const hmac = createHmac(this.#scheme.replace("hmac-", ""), this.#key);
    for (const f of frames) hmac.update(f);
    return hmac.digest("hex");
  }
  verify(signature: string, frames: readonly Buffer[]): boolean {
    if (this.#key === "") return true;
    const expected = Buffer.from(this.sign(frames), "utf8");
    const got = Buffer.from(signature, "utf8");
    return got.length === expected.length && timingSafeEqual(got, expected);
  }
}

/** Why a multipart message could not be accepted. */
export type ParseFailure = { ok: false; reason: string };

/**
 * Splits ZMQ frames into a message, checking the signature first. Never throws: a malformed or
 * badly signed message comes back as `{ ok: false, reason }` for the transport to log and drop.
 */
export function parseFrames(frames: readonly Buffer[], signer: Signer): { ok: true; message: Message } | ParseFailure {
  const at = frames.findIndex((f) => f.toString("utf8") === DELIMITER);
  if (at < 0) return { ok: false, reason: "no <IDS|MSG> delimiter" };
  if (frames.length < at + 6) return { ok: false, reason: "fewer than 5 frames after the delimiter" };
  const signature = frames[at + 1]!.toString("utf8");
  const parts = frames.slice(at + 2, at + 6);
  if (!signer.verify(signature, parts)) {
    return { ok: false, reason: signature === "" ? "missing HMAC signature" : "wrong HMAC signature" };
  }
  try {
    const [header, parent, metadata, content] = parts.map((p) => JSON.parse(p.toString("utf8")) as unknown);
    if (typeof header !== "object" || header === null || typeof (header as Header).msg_type !== "string") {
      return { ok: false, reason: "header has no msg_type" };
    }
    return {
      ok: true,
      message: {
        header: header as Header,
        parent_header: (parent ?? {}) as Header,
        metadata: (metadata ?? {}) as Record<string, unknown>,
        content: (content ?? {}) as Record<string, unknown>,
        buffers: frames.slice(at + 6).map((b) => Buffer.from(b)),
        identities: frames.slice(0, at).map((b) => Buffer.from(b)),
      },
    };
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${(error as Error).message}` };
  }
}

/** Frames a message for the wire, signed. */
export function toFrames(message: Message<unknown>, signer: Signer): Buffer[] {
  const parts = [message.header, message.parent_header, message.metadata, message.content].map((p) =>
    Buffer.from(JSON.stringify(p), "utf8"),
  );
  return [...message.identities, Buffer.from(DELIMITER), Buffer.from(signer.sign(parts)), ...parts, ...message.buffers];
}

/** A new message replying to (or caused by) `parent`. */
export function makeMessage<C>(
  msgType: string,
  content: C,
  parent: Message<unknown> | null,
  session: string,
  identities: Buffer[] = [],
): Message<C> {
  return {
    header: {
      msg_id: randomUUID(),
      session,
      username: "depthlab",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: parent ? parent.header : {},
    metadata: {},
    content,
    buffers: [],
    identities,
  };
}
