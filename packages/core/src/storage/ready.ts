/**
 * Loads the table's libraries (ElectroDB, the DynamoDB clients, the phone parser's metadata) and
 * the table's entities, once; later calls share the first load. Every entry point awaits it
 * before touching the table (libraries.ts says why they are not imported statically).
 */
import { provideLibraries, storageLoaded } from "./libraries";
import { loadTableLibraries } from "../lazy/index";

export { storageLoaded };

let loading: Promise<void> | undefined;

export function storageReady(): Promise<void> {
  loading ??= loadTableLibraries().then(provideLibraries);
  return loading;
}
