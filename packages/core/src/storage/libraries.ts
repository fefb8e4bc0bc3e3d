import type * as ElectroDB from "electrodb";
import type * as DocumentSdk from "@aws-sdk/lib-dynamodb";
import type * as DynamoSdk from "@aws-sdk/client-dynamodb";
import type * as Phones from "libphonenumber-js/min";
/** The table's entities (storage/entities.ts; typed by storage/index.ts, which builds the Service from them). */
let entities: object | undefined;

/**
 * The table's libraries — ElectroDB, the DynamoDB client and its document layer (about 400 KB
 * of the API bundle, half its cold load) — and the phone parser with its country metadata
 * (libphonenumber-js, 120 KB: every contact write, search and call needs it), loaded by dynamic
 * import, once, by `storageReady()` (storage/ready.ts, through core/lazy's one split point). A
 * cold start that answers a preflight, a 401 or the OpenAPI document never loads them (issue
 * 17); the first request that may touch the table loads them all at once.
 *
 * Core's code stays synchronous: it imports the classes from here, as live ES bindings that
 * `storageReady()` fills in. So every entry awaits it before core touches the table: the API
 * app's pipeline before each request's middleware and handlers (api/app.ts), the jobs and
 * call-list Lambdas and the local host at start, the tests' setup file. Touching the table
 * before that fails loudly (`assertStorageLoaded`), never half-way.
 */
export let Entity: typeof ElectroDB.Entity;
export let Service: typeof ElectroDB.Service;
export let createGetTransaction: typeof ElectroDB.createGetTransaction;
export let createWriteTransaction: typeof ElectroDB.createWriteTransaction;
export let DynamoDBClient: typeof DynamoSdk.DynamoDBClient;
export let DynamoDBDocumentClient: typeof DocumentSdk.DynamoDBDocumentClient;
export let GetCommand: typeof DocumentSdk.GetCommand;
export let QueryCommand: typeof DocumentSdk.QueryCommand;
// scan-allowed: only the data migrations scan (migrations 4 and 7: trash-keys.ts, legacy-notes.ts); no request path uses it.
export let ScanCommand: typeof DocumentSdk.ScanCommand;
export let PutCommand: typeof DocumentSdk.PutCommand;
export let UpdateCommand: typeof DocumentSdk.UpdateCommand;
export let BatchGetCommand: typeof DocumentSdk.BatchGetCommand;
export let BatchWriteCommand: typeof DocumentSdk.BatchWriteCommand;
export let TransactWriteCommand: typeof DocumentSdk.TransactWriteCommand;
/** "min" metadata still validates against each country's number patterns and lengths (contacts/phone.ts). */
export let parsePhoneNumberFromString: typeof Phones.parsePhoneNumberFromString;

let loaded = false;

/** What storage/library-exports.ts holds: the libraries above and the table's entities. */
export interface LoadedLibraries {
  Entity: typeof ElectroDB.Entity;
  Service: typeof ElectroDB.Service;
  createGetTransaction: typeof ElectroDB.createGetTransaction;
  createWriteTransaction: typeof ElectroDB.createWriteTransaction;
  DynamoDBClient: typeof DynamoSdk.DynamoDBClient;
  DynamoDBDocumentClient: typeof DocumentSdk.DynamoDBDocumentClient;
  GetCommand: typeof DocumentSdk.GetCommand;
  QueryCommand: typeof DocumentSdk.QueryCommand;
  ScanCommand: typeof DocumentSdk.ScanCommand;
  PutCommand: typeof DocumentSdk.PutCommand;
  UpdateCommand: typeof DocumentSdk.UpdateCommand;
  BatchGetCommand: typeof DocumentSdk.BatchGetCommand;
  BatchWriteCommand: typeof DocumentSdk.BatchWriteCommand;
  TransactWriteCommand: typeof DocumentSdk.TransactWriteCommand;
  parsePhoneNumberFromString: typeof Phones.parsePhoneNumberFromString;
  entities: object;
}

/**
 * Hands over what `storageReady()` (storage/ready.ts) loaded. Ready.ts does the dynamic import:
 * library-exports.ts reaches the entities, whose definitions import this module.
 */
export function provideLibraries(libraries: LoadedLibraries): void {
  entities = libraries.entities;
  ({ Entity, Service, createGetTransaction, createWriteTransaction, DynamoDBClient, DynamoDBDocumentClient, parsePhoneNumberFromString } = libraries);
  ({ GetCommand, QueryCommand, ScanCommand, PutCommand, UpdateCommand, BatchGetCommand, BatchWriteCommand, TransactWriteCommand } = libraries);
  loaded = true;
}

/** The table's entities (storage/entities.ts), once `storageReady()` has loaded them. */
export function tableEntities(): object {
  assertStorageLoaded();
  return entities!;
}

/** Whether `storageReady()` has finished (a request that needs no table may skip it). */
export const storageLoaded = () => loaded;

/** Throws unless `storageReady()` has finished: the table was touched before its entry awaited it. */
export function assertStorageLoaded(): void {
  if (!loaded) throw new Error("The table's libraries are not loaded: await storageReady() (storage/ready.ts) before using storage.");
}
