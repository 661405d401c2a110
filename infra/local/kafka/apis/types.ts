import type { GroupCoordinator } from '../group/index.js';
import type { LogManager } from '../log/index.js';
import type { Message } from '../protocol/codec.js';
import type { MessageSpec } from '../protocol/schema.js';

/** What every API handler may use: the broker's identity, its logs and its group coordinator. */
export interface BrokerContext {
  /** This node's id; also the controller id (single node). */
  nodeId: number;
  /** Advertised host (127.0.0.1 unless configured otherwise). */
  host: string;
  /** Port the broker listens on. */
  port: number;
  /** Stable cluster id reported by Metadata. */
  clusterId: string;
  logs: LogManager;
  groups: GroupCoordinator;
  /** Largest Fetch wait honoured, so a shutdown is never held up for long. */
  maxFetchWaitMs: number;
  /** Every API the broker answers, for ApiVersions. */
  apis: readonly ApiHandler[];
  /** Aborted when the broker starts closing; long polls return early. */
  shutdown: AbortSignal;
}

/** The parsed request header and where the request came from. */
export interface RequestInfo {
  version: number;
  correlationId: number;
  clientId: string | null;
  clientHost: string;
}

/**
 * One Kafka API: its schema tables, the version range advertised by
 * ApiVersions, and the function that answers it. `handle` returns `null`
 * when the protocol says no response is sent (Produce with acks=0).
 */
export interface ApiHandler {
  apiKey: number;
  name: string;
  request: MessageSpec;
  response: MessageSpec;
  minVersion: number;
  maxVersion: number;
  handle(ctx: BrokerContext, request: Message, info: RequestInfo): Promise<Message | null> | Message | null;
}
