import type { entities } from "./entities";
import { tableEntities as loadedEntities } from "./libraries";

/** The entities storageReady() loaded, with their types. */
const tableEntities = () => loadedEntities() as typeof entities;
import { createDynamoClients, type DynamoClients, type RequestCounter } from "./client";
import { joinedService, lazyService } from "./service";

/** The table's entities by the names the domain uses (`service.entities.<name>`). */

/** The type of the table's Service: every entity joined (built only by `joinAllEntities`). */
function joinAllEntities(clients: DynamoClients, table: string) {
  return joinedService(tableEntities(), clients.doc, table) as unknown as import("electrodb").Service<typeof entities>;
}

/**
 * Each entity, collection and transaction is built when a request first uses it
 * (storage/service.ts): a cold start builds none of them.
 */
function buildService(clients: DynamoClients, table: string): ReturnType<typeof joinAllEntities> {
  return lazyService(tableEntities(), clients.doc, table) as never;
}

/** Builds the whole Service now, with ElectroDB's join checks (for tests). */
export function checkServiceJoins(table: string) {
  return joinAllEntities(createDynamoClients({ endpoint: "http://localhost:1" }), table);
}

export interface Storage {
  table: string;
  clients: DynamoClients;
  service: ReturnType<typeof buildService>;
}

let current: Storage | undefined;

/** Points the domain at one table. Lambda configures itself from the environment on first use. */
export function configureStorage(options: { tableName: string; endpoint?: string; counter?: RequestCounter }): Storage {
  const clients = createDynamoClients({ endpoint: options.endpoint, counter: options.counter });
  current = { table: options.tableName, clients, service: buildService(clients, options.tableName) };
  return current;
}

export function useStorage(): Storage {
  if (current) return current;
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error("TABLE_NAME is not set and configureStorage() was not called.");
  return configureStorage({ tableName, endpoint: process.env.DYNAMODB_ENDPOINT || undefined });
}

export { TableSchema } from "./table-schema";
