import type { Service } from "electrodb";
import { Service as ElectroService, createGetTransaction, createWriteTransaction } from "./libraries";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { builtEntity, declaredModel } from "./entity";

type EntityMap = Record<string, object>;
type Configurable = { setClient(client: unknown): void; setTableName(table: string): void };

/** The client and table each built entity was last given (entities are shared by every table). */
const givenTo = new WeakMap<object, { client: unknown; table: string }>();

function configure(real: Configurable, client: unknown, table: string) {
  const given = givenTo.get(real);
  if (given && given.client === client && given.table === table) return;
  real.setClient(client);
  real.setTableName(table);
  givenTo.set(real, { client, table });
}

/**
 * The table's ElectroDB `Service`, built on first use piece by piece: an entity when a caller
 * reads `service.entities.<name>`, a collection (with only the entities that take part in it)
 * when a caller queries it, and a transaction over the entities its callback touched. A joined
 * `new Service({...all})` built all 45 entities as the first request came in although that
 * request needs a few (issue 17). `joinedService` builds the whole Service the ElectroDB way;
 * the storage tests check that every entity still joins it (the same collection checks).
 */
export function lazyService<E extends EntityMap>(entities: E, client: DynamoDBDocumentClient, table: string): Service<any> {
  /** The entities this Service handed out so far. */
  const configured = new Set<string>();
  /** The built entity, given this table and client. */
  const entity = (name: string) => {
    const stand = entities[name];
    if (!stand) return undefined;
    const real = builtEntity(stand) as unknown as Configurable;
    configure(real, client, table);
    configured.add(name);
    return real;
  };

  const entityView = new Proxy({} as Record<string, unknown>, {
    get: (_target, name) => (typeof name === "string" ? entity(name) : undefined),
    has: (_target, name) => typeof name === "string" && name in entities,
    ownKeys: () => Object.keys(entities),
    getOwnPropertyDescriptor: (_target, name) =>
      typeof name === "string" && name in entities ? { value: entity(name), enumerable: true, configurable: true, writable: false } : undefined,
  });

  const collectionServices = new Map<string, { service: Service<any>; members: string[] }>();
  const collectionService = (collection: string) => {
    let joined = collectionServices.get(collection);
    if (!joined) {
      const members = Object.keys(entities).filter((name) =>
        Object.values(declaredModel(entities[name]!).indexes ?? {}).some((index) => [index.collection ?? []].flat().includes(collection)),
      );
      const service = new ElectroService(Object.fromEntries(members.map((name) => [name, entity(name)])) as never, { client, table });
      joined = { service, members };
      collectionServices.set(collection, joined);
    }
    // Another table's Service may have given these entities its client since.
    for (const name of joined.members) entity(name);
    return joined.service;
  };
  const collections = new Proxy({} as Record<string, unknown>, {
    get: (_target, name) =>
      typeof name === "string"
        ? (...keys: unknown[]) => (collectionService(name).collections as Record<string, (...keys: unknown[]) => unknown>)[name]!(...keys)
        : undefined,
  });
  /**
   * A transaction's entities: those its callback reads, and the ones built before (ElectroDB
   * matches the items a transaction returns to an entity among these, and takes the first one
   * to send the request before it calls the callback).
   */
  const transactionView = () => {
    const touched = new Set<string>();
    const names = () => {
      for (const name of configured) touched.add(name);
      if (touched.size === 0) touched.add(Object.keys(entities)[0]!);
      return [...touched];
    };
    return new Proxy({} as Record<string, unknown>, {
      get: (_target, name) => {
        if (typeof name !== "string") return undefined;
        touched.add(name);
        return entity(name);
      },
      ownKeys: names,
      getOwnPropertyDescriptor: (_target, name) =>
        typeof name === "string" && names().includes(name) ? { value: entity(name), enumerable: true, configurable: true, writable: false } : undefined,
    });
  };

  return {
    entities: entityView,
    collections,
    transaction: {
      write: (callback: (entities: never) => never) => createWriteTransaction(transactionView() as never, callback),
      get: (callback: (entities: never) => never) => createGetTransaction(transactionView() as never, callback),
    },
  } as unknown as Service<any>;
}

/** Every entity joined in one ElectroDB Service, built now (ElectroDB's own join checks). */
export function joinedService<E extends EntityMap>(entities: E, client: DynamoDBDocumentClient, table: string) {
  const built = Object.fromEntries(Object.entries(entities).map(([name, stand]) => [name, builtEntity(stand)]));
  const service = new ElectroService(built as never, { client, table });
  for (const real of Object.values(built)) givenTo.set(real, { client, table });
  return service;
}
