import type { EventProblem } from "../errors.js";

/** An event normalised to a CloudEvent (spec 1.0), ready to become a Kafka record. */
export interface IngestEvent {
  readonly specversion: "1.0";
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  readonly subject?: string;
  readonly dataschema?: string;
  readonly datacontenttype?: string;
  /** Extension attributes, already rendered as strings (Kafka headers carry strings). */
  readonly extensions: Readonly<Record<string, string>>;
  readonly data: Buffer | null;
  /** Kafka record key (`key` of a plain event, `partitionkey` extension of a CloudEvent). */
  readonly key: string | null;
}

/** One event of a request as received, and what became of it. */
export type ReceivedEvent =
  | { readonly index: number; readonly raw: RawPayload; readonly ok: true; readonly event: IngestEvent }
  | {
      readonly index: number;
      readonly raw: RawPayload;
      readonly ok: false;
      readonly problem: EventProblem;
      /** Attributes known despite the problem (for DLQ `ce_*` headers). */
      readonly partial?: Partial<Pick<IngestEvent, "id" | "type" | "source">>;
    };

/** The original text of an event, for the DLQ; bytes when it was not text. */
export type RawPayload = string | Buffer;

/** What the normaliser needs from the outside world (injected so tests control ids and clocks). */
export interface NormaliseContext {
  readonly receivedAt: string;
  readonly defaultSource: string;
  readonly newId: () => string;
}
